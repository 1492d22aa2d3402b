// SOQL through @jetstreamapp/soql-parser-js: field lists, parent relationship paths, one level of
// child subqueries, WHERE (see soql-where.ts), ORDER BY, LIMIT, OFFSET, COUNT() and COUNT(field).
// Rows come back shaped as the REST API returns them.

import { parseQuery } from '@jetstreamapp/soql-parser-js';
import type {
  FieldType as ParsedField,
  OrderByClause,
  Query,
  Subquery,
} from '@jetstreamapp/soql-parser-js';
import type { SObjectRecord } from './schema.ts';
import type { ChildRelationship, FieldDef, ObjectDef } from './schema-types.ts';
import {
  SoqlError,
  errorAt,
  readPath,
  resolvePath,
  unsupported,
  type FieldPath,
  type QuerySource,
} from './soql-common.ts';
import { compileWhere, type Candidates, type Predicate } from './soql-where.ts';

export { SoqlError, type QuerySource } from './soql-common.ts';

export interface QueryResult {
  totalSize: number;
  records: SObjectRecord[];
}

export interface QueryOptions {
  /** queryAll: include deleted records (IsDeleted = true). */
  includeDeleted: boolean;
}

/** Largest OFFSET a real org accepts. */
const MAX_OFFSET = 2000;

type SelectItem =
  | { kind: 'field'; path: FieldPath }
  | { kind: 'child'; relationship: ChildRelationship; query: CompiledQuery };

interface OrderItem {
  path: FieldPath;
  descending: boolean;
  nullsLast: boolean;
}

interface CompiledQuery {
  object: ObjectDef;
  items: SelectItem[];
  predicate: Predicate;
  candidates: Candidates | null;
  orderBy: OrderItem[];
  limit?: number;
  offset?: number;
  /** COUNT() query: only the number of rows is returned. */
  countOnly: boolean;
  /** COUNT(field) query: one AggregateResult row. */
  aggregate?: { path: FieldPath | null; alias: string };
}

/** Parses and runs a query; throws SoqlError with a real org's errorCode on a bad query. */
export function runSoql(source: QuerySource, soql: string, options: QueryOptions): QueryResult {
  const query = parse(soql);
  const object = resolveObject(source, soql, query.sObject ?? '');
  const compiled = compileQuery(source, soql, query, object, options);
  return execute(source, compiled, options);
}

function parse(soql: string): Query {
  try {
    return parseQuery(soql) as Query;
  } catch (error) {
    const message = (error as Error).message;
    const found = /but found --> '(.*?)' <--/s.exec(message)?.[1] ?? '';
    const token = found === '' ? '<EOF>' : found;
    throw new SoqlError('MALFORMED_QUERY', errorAt(soql, found, `unexpected token: ${token}`));
  }
}

function resolveObject(source: QuerySource, soql: string, name: string): ObjectDef {
  const object = source.schema.getObject(name);
  if (object === undefined || !object.queryable) {
    throw new SoqlError(
      'INVALID_TYPE',
      errorAt(
        soql,
        name,
        `sObject type '${name}' is not supported. If you are attempting to use a custom object, ` +
          "be sure to append the '__c' after the entity name. Please reference your WSDL or the " +
          'describe call for the appropriate names.',
      ),
    );
  }
  return object;
}

function rejectUnsupportedClauses(soql: string, query: Query | Subquery): void {
  if (query.groupBy !== undefined) throw unsupported(soql, 'GROUP', 'GROUP BY');
  if (query.having !== undefined) throw unsupported(soql, 'HAVING', 'HAVING');
  if (query.withDataCategory !== undefined) throw unsupported(soql, 'WITH', 'WITH DATA CATEGORY');
  if (query.usingScope !== undefined) throw unsupported(soql, 'USING', 'USING SCOPE');
}

function compileQuery(
  source: QuerySource,
  soql: string,
  query: Query | Subquery,
  object: ObjectDef,
  options: QueryOptions,
  isSubquery = false,
): CompiledQuery {
  rejectUnsupportedClauses(soql, query);
  const alias = query.sObjectAlias;
  const items: SelectItem[] = [];
  const seen = new Set<string>();
  let countOnly = false;
  let aggregate: CompiledQuery['aggregate'];

  for (const [index, parsed] of (query.fields ?? []).entries()) {
    switch (parsed.type) {
      case 'Field':
      case 'FieldRelationship': {
        const dotted =
          parsed.type === 'Field'
            ? parsed.field
            : [...parsed.relationships, parsed.field].join('.');
        const path = resolvePath(source.schema, soql, object, dotted, alias);
        const key = [...path.steps, path.finalName].join('.');
        if (seen.has(key)) {
          throw new SoqlError(
            'MALFORMED_QUERY',
            errorAt(soql, dotted, `duplicate field selected: ${dotted}`),
          );
        }
        seen.add(key);
        items.push({ kind: 'field', path });
        break;
      }
      case 'FieldSubquery': {
        if (isSubquery) throw unsupported(soql, 'SELECT', 'A subquery inside a subquery');
        items.push(compileChildQuery(source, soql, parsed.subquery, object, options));
        break;
      }
      case 'FieldFunctionExpression': {
        if (parsed.functionName.toUpperCase() !== 'COUNT') {
          throw unsupported(soql, parsed.functionName, `The function ${parsed.functionName}()`);
        }
        const parameter = parsed.parameters[0];
        if (parameter === undefined) {
          countOnly = true;
        } else {
          const path = resolvePath(source.schema, soql, object, String(parameter), alias);
          aggregate = { path, alias: parsed.alias ?? `expr${index}` };
        }
        break;
      }
      default:
        throw unsupported(soql, 'SELECT', `A ${(parsed as ParsedField).type} select item`);
    }
  }
  if ((countOnly || aggregate) && items.length > 0) {
    const first = items[0];
    const name =
      first.kind === 'field' ? first.path.text : (first.relationship.relationshipName ?? '');
    throw new SoqlError(
      'MALFORMED_QUERY',
      errorAt(soql, name, `Field must be grouped or aggregated: ${name}`),
    );
  }

  const where = compileWhere(query.where, {
    source,
    soql,
    object,
    alias,
    runSemiJoin: (inner) => runSemiJoin(source, soql, inner, options),
  });
  const orderBy = compileOrderBy(source, soql, object, query.orderBy, alias);
  if (query.offset !== undefined && query.offset > MAX_OFFSET) {
    throw new SoqlError(
      'NUMBER_OUTSIDE_VALID_RANGE',
      `Maximum SOQL offset allowed is ${MAX_OFFSET}`,
    );
  }
  return {
    object,
    items,
    predicate: where.predicate,
    candidates: where.candidates,
    orderBy,
    limit: query.limit,
    offset: query.offset,
    countOnly,
    aggregate,
  };
}

function compileChildQuery(
  source: QuerySource,
  soql: string,
  subquery: Subquery,
  parent: ObjectDef,
  options: QueryOptions,
): SelectItem {
  const relationship = parent.childRelationshipsByLowerName.get(
    subquery.relationshipName.toLowerCase(),
  );
  const child =
    relationship === undefined ? undefined : source.schema.getObject(relationship.childSObject);
  if (relationship === undefined || child === undefined) {
    throw new SoqlError(
      'INVALID_TYPE',
      errorAt(
        soql,
        subquery.relationshipName,
        `Didn't understand relationship '${subquery.relationshipName}' in FROM part of query call. ` +
          "If you are attempting to use a custom relationship, be sure to append the '__r' after " +
          'the custom relationship name. Please reference your WSDL or the describe call for the ' +
          'appropriate names.',
      ),
    );
  }
  const query = compileQuery(source, soql, subquery, child, options, true);
  return { kind: 'child', relationship, query };
}

function compileOrderBy(
  source: QuerySource,
  soql: string,
  object: ObjectDef,
  orderBy: OrderByClause | OrderByClause[] | undefined,
  alias: string | undefined,
): OrderItem[] {
  if (orderBy === undefined) return [];
  const clauses = Array.isArray(orderBy) ? orderBy : [orderBy];
  return clauses.map((clause) => {
    if (!('field' in clause)) throw unsupported(soql, 'ORDER', 'A function in ORDER BY');
    const path = resolvePath(source.schema, soql, object, clause.field, alias);
    const descending = clause.order === 'DESC';
    // Salesforce puts nulls first in ascending order and last in descending order by default.
    const nullsLast = clause.nulls === undefined ? descending : clause.nulls === 'LAST';
    return { path, descending, nullsLast };
  });
}

/** Runs `Id IN (SELECT AccountId FROM Opportunity ...)` and returns the selected values. */
function runSemiJoin(
  source: QuerySource,
  soql: string,
  query: Query,
  options: QueryOptions,
): Set<string> {
  const object = resolveObject(source, soql, query.sObject ?? '');
  const compiled = compileQuery(source, soql, query, object, options, true);
  const first = compiled.items[0];
  if (compiled.items.length !== 1 || first.kind !== 'field') {
    throw new SoqlError(
      'MALFORMED_QUERY',
      errorAt(
        soql,
        'SELECT',
        'The inner select field must select exactly one Id or reference field',
      ),
    );
  }
  const values = new Set<string>();
  for (const record of selectRows(source, compiled, options)) {
    const value = readPath(source, object, record, first.path);
    if (typeof value === 'string') values.add(value);
  }
  return values;
}

function compareOrdered(a: number | string, b: number | string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/** Orders text case-insensitively (case breaks ties), booleans false first, numbers ascending. */
function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') {
    const order = compareOrdered(a.toLowerCase(), b.toLowerCase());
    return order !== 0 ? order : compareOrdered(a, b);
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return compareOrdered(a as number, b as number);
}

/** Records of the query's object that match its WHERE clause, ordered, offset and limited. */
function selectRows(
  source: QuerySource,
  query: CompiledQuery,
  options: QueryOptions,
): SObjectRecord[] {
  const rows = candidateRecords(source, query, options).filter(query.predicate);
  return orderAndLimit(source, query, rows);
}

function orderAndLimit(
  source: QuerySource,
  query: CompiledQuery,
  rows: SObjectRecord[],
): SObjectRecord[] {
  let result = rows;
  if (query.orderBy.length > 0) {
    const keyed = result.map((record) => ({
      record,
      keys: query.orderBy.map((item) => readPath(source, query.object, record, item.path)),
    }));
    keyed.sort((a, b) => {
      for (const [i, item] of query.orderBy.entries()) {
        const left = a.keys[i];
        const right = b.keys[i];
        const leftNull = left === null || left === undefined;
        const rightNull = right === null || right === undefined;
        if (leftNull || rightNull) {
          if (leftNull && rightNull) continue;
          return leftNull === item.nullsLast ? 1 : -1;
        }
        const order = compareValues(left, right);
        if (order !== 0) return item.descending ? -order : order;
      }
      return 0;
    });
    result = keyed.map((entry) => entry.record);
  }
  const offset = query.offset ?? 0;
  if (offset > 0 || query.limit !== undefined) {
    result = result.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
  }
  return result;
}

/** Records worth testing: those an Id or parent Id condition allows, else all of them. */
function candidateRecords(
  source: QuerySource,
  query: CompiledQuery,
  options: QueryOptions,
): SObjectRecord[] {
  const { candidates, object } = query;
  if (candidates === null) return [...source.allRecords(object, options.includeDeleted)];
  const records: SObjectRecord[] = [];
  if (candidates.kind === 'ids') {
    for (const id of [...candidates.ids].sort()) {
      const record = source.getRecordOf(object, id, options.includeDeleted);
      if (record !== undefined) records.push(record);
    }
    return records;
  }
  if (options.includeDeleted) return [...source.allRecords(object, true)];
  const seen = new Set<string>();
  for (const parentId of candidates.parentIds) {
    for (const record of source.childRecords(object, candidates.field, parentId)) {
      if (!seen.has(record.Id as string)) {
        seen.add(record.Id as string);
        records.push(record);
      }
    }
  }
  return records.sort((a, b) => ((a.Id as string) < (b.Id as string) ? -1 : 1));
}

function execute(source: QuerySource, query: CompiledQuery, options: QueryOptions): QueryResult {
  const rows = selectRows(source, query, options);
  if (query.countOnly) return { totalSize: rows.length, records: [] };
  if (query.aggregate !== undefined) {
    const path = query.aggregate.path;
    const count =
      path === null
        ? rows.length
        : rows.filter((record) => {
            const value = readPath(source, query.object, record, path);
            return value !== null && value !== undefined;
          }).length;
    return {
      totalSize: 1,
      records: [{ attributes: { type: 'AggregateResult' }, [query.aggregate.alias]: count }],
    };
  }
  return {
    totalSize: rows.length,
    records: rows.map((record) => shapeRow(source, query, query.object, record)),
  };
}

export function recordAttributes(
  source: { apiVersion: string },
  object: ObjectDef,
  id: unknown,
): { type: string; url: string } {
  return {
    type: object.name,
    url: `/services/data/v${source.apiVersion}/sobjects/${object.name}/${String(id)}`,
  };
}

/** Shapes a row as REST does: attributes, fields, nested parent objects and child results. */
function shapeRow(
  source: QuerySource,
  query: CompiledQuery,
  object: ObjectDef,
  record: SObjectRecord,
): SObjectRecord {
  const row: SObjectRecord = { attributes: recordAttributes(source, object, record.Id) };
  for (const item of query.items) {
    if (item.kind === 'field') {
      placePathValue(source, row, object, record, item.path, 0);
      continue;
    }
    const { relationship, query: childQuery } = item;
    const fieldDef = childQuery.object.fieldsByLowerName.get(
      relationship.field.toLowerCase(),
    ) as FieldDef;
    const children = source
      .childRecords(childQuery.object, fieldDef, record.Id as string)
      .filter(childQuery.predicate);
    const selected = orderAndLimit(source, childQuery, children);
    // A child relationship with no matching records is null in REST results.
    row[relationship.relationshipName as string] =
      selected.length === 0
        ? null
        : {
            totalSize: selected.length,
            done: true,
            records: selected.map((child) =>
              shapeRow(source, childQuery, childQuery.object, child),
            ),
          };
  }
  return row;
}

/** Writes the value at `path` into `row`, creating the nested parent objects on the way. */
function placePathValue(
  source: QuerySource,
  row: SObjectRecord,
  object: ObjectDef,
  record: SObjectRecord,
  path: FieldPath,
  depth: number,
): void {
  if (depth === path.steps.length) {
    if (path.isTypeOfPolymorphic) {
      row.Type = object.name;
      return;
    }
    const field = depth === 0 ? path.field : object.fieldsByLowerName.get(path.finalName);
    if (field === undefined) return;
    row[field.name] = source.valueOf(object, record, field);
    return;
  }
  const relationshipField = object.parentRelationships.get(path.steps[depth]);
  if (relationshipField === undefined) return;
  const name = relationshipField.relationshipName as string;
  const id = record[relationshipField.name];
  const parent = typeof id === 'string' ? source.getById(id) : undefined;
  if (parent === undefined) {
    if (!(name in row)) row[name] = null;
    return;
  }
  let nested = row[name] as SObjectRecord | null | undefined;
  if (nested === undefined || nested === null) {
    nested = { attributes: recordAttributes(source, parent.object, parent.record.Id) };
    row[name] = nested;
  }
  placePathValue(source, nested, parent.object, parent.record, path, depth + 1);
}
