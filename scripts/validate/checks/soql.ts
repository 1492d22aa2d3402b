// SOQL of the scoring job: every object, field, relationship and child relationship it names
// exists in force-app or the standard catalogue, and each WHERE condition compares a field with
// a value of its type. Queries are parsed with @jetstreamapp/soql-parser-js.
import {
  parseQuery,
  type Condition,
  type FieldType as SoqlField,
  type Query,
  type QueryBase,
  type WhereClause,
} from '@jetstreamapp/soql-parser-js';
import { PLACEHOLDER_PREFIX, type JobQuery } from '../job-queries.ts';
import { getObject, key, resolvePath, type FieldInfo, type Schema } from '../schema.ts';
import type { Problem } from './problem.ts';

const NUMERIC = new Set(['Number', 'Currency', 'Percent', 'Summary']);
const DATES = new Set(['Date', 'DateTime']);
const TEXT_LIKE = new Set([
  'Id',
  'Text',
  'TextArea',
  'LongTextArea',
  'Html',
  'EncryptedText',
  'Email',
  'Phone',
  'Url',
  'Picklist',
  'MultiselectPicklist',
  'Lookup',
  'MasterDetail',
  'Hierarchy',
  'ExternalLookup',
  'AutoNumber',
]);
/** Field types that SOQL cannot filter on. */
const UNFILTERABLE = new Set(['LongTextArea', 'Html', 'EncryptedText', 'Address', 'Location']);

function isPlaceholder(value: string): boolean {
  return value.replace(/^'|'$/g, '').startsWith(PLACEHOLDER_PREFIX);
}

/** Returns why a literal of `literalType` does not suit `field`, or undefined. */
export function literalMismatch(
  field: FieldInfo,
  operator: string,
  literalType: string,
  value: string,
): string | undefined {
  if (literalType === 'NULL' || literalType === 'APEX_BIND_VARIABLE' || literalType === 'SUBQUERY')
    return undefined;
  if (isPlaceholder(value)) return undefined;
  const type = field.type;
  if ((operator === 'INCLUDES' || operator === 'EXCLUDES') && type !== 'MultiselectPicklist') {
    return `${operator} works on multi-select picklists only, and ${field.name} is ${type}`;
  }
  if (operator === 'LIKE' && !TEXT_LIKE.has(type)) {
    return `LIKE works on text fields, and ${field.name} is ${type}`;
  }
  switch (literalType) {
    case 'BOOLEAN':
      return type === 'Checkbox'
        ? undefined
        : `${field.name} is ${type}, not Checkbox, but is compared with ${value}`;
    case 'INTEGER':
    case 'DECIMAL':
    case 'INTEGER_WITH_CURRENCY_PREFIX':
    case 'DECIMAL_WITH_CURRENCY_PREFIX':
      return NUMERIC.has(type)
        ? undefined
        : `${field.name} is ${type}, but is compared with the number ${value}`;
    case 'DATE':
    case 'DATETIME':
    case 'DATE_LITERAL':
    case 'DATE_N_LITERAL':
      return DATES.has(type)
        ? undefined
        : `${field.name} is ${type}, but is compared with the date ${value}`;
    case 'STRING':
      return TEXT_LIKE.has(type)
        ? undefined
        : `${field.name} is ${type}, but is compared with the string ${value}`;
    default:
      return undefined;
  }
}

class QueryChecker {
  readonly messages: string[] = [];
  private readonly schema: Schema;

  constructor(schema: Schema) {
    this.schema = schema;
  }

  field(object: string, path: string, where: string): FieldInfo | undefined {
    const result = resolvePath(this.schema, object, path);
    if (result.error !== undefined) {
      this.messages.push(`${where} ${path}: ${result.error}`);
      return undefined;
    }
    return result.field;
  }

  query(query: QueryBase, object: string): void {
    for (const field of query.fields ?? []) this.selectField(field, object);
    this.where(query.where, object);
    const orderBy =
      query.orderBy === undefined
        ? []
        : Array.isArray(query.orderBy)
          ? query.orderBy
          : [query.orderBy];
    for (const clause of orderBy)
      if ('field' in clause && clause.field) this.field(object, clause.field, 'ORDER BY');
    const groupBy =
      query.groupBy === undefined
        ? []
        : Array.isArray(query.groupBy)
          ? query.groupBy
          : [query.groupBy];
    for (const clause of groupBy)
      if ('field' in clause && clause.field) this.field(object, clause.field, 'GROUP BY');
  }

  private selectField(field: SoqlField, object: string): void {
    switch (field.type) {
      case 'Field':
        this.field(object, field.field, 'SELECT');
        break;
      case 'FieldRelationship':
        this.field(object, [...field.relationships, field.field].join('.'), 'SELECT');
        break;
      case 'FieldFunctionExpression':
        for (const parameter of field.parameters) {
          if (typeof parameter === 'string' && /^[A-Za-z][\w.]*$/.test(parameter))
            this.field(object, parameter, `${field.functionName}()`);
        }
        break;
      case 'FieldSubquery': {
        const parent = getObject(this.schema, object);
        const relationship = parent?.childRelationships.get(key(field.subquery.relationshipName));
        if (!relationship) {
          this.messages.push(
            `subquery FROM ${field.subquery.relationshipName}: ${object} has no child relationship of that name (a custom one is the <relationshipName> of the child's lookup plus __r)`,
          );
          return;
        }
        this.query(field.subquery, relationship.childObject);
        break;
      }
      default:
        break;
    }
  }

  where(clause: WhereClause | undefined, object: string): void {
    if (!clause) return;
    if (clause.left) this.condition(clause.left as Condition, object);
    if ('right' in clause && clause.right) this.where(clause.right, object);
  }

  private condition(condition: Condition & { valueQuery?: Query }, object: string): void {
    if (!('field' in condition) || typeof condition.field !== 'string') return;
    const field = this.field(object, condition.field, 'WHERE');
    if (condition.valueQuery?.sObject) {
      this.subquery(condition.valueQuery);
    }
    if (!field) return;
    if (UNFILTERABLE.has(field.type)) {
      this.messages.push(
        `WHERE ${condition.field}: ${field.type} fields cannot be filtered in SOQL`,
      );
      return;
    }
    const literalTypes = Array.isArray(condition.literalType)
      ? condition.literalType
      : [condition.literalType];
    const values = Array.isArray(condition.value) ? condition.value : [condition.value];
    values.forEach((value, index) => {
      const literalType = literalTypes[index] ?? literalTypes[0];
      if (!literalType || value === undefined) return;
      const mismatch = literalMismatch(field, condition.operator, literalType, String(value));
      if (mismatch)
        this.messages.push(`WHERE ${condition.field} ${condition.operator} ${value}: ${mismatch}`);
    });
  }

  subquery(query: Query): void {
    const object = query.sObject ?? '';
    if (!getObject(this.schema, object)) {
      this.messages.push(
        `FROM ${object}: the object is neither in force-app nor a known standard object`,
      );
      return;
    }
    this.query(query, object);
  }
}

function parse(soql: string): { query?: Query; error?: string } {
  try {
    return { query: parseQuery(soql, { allowApexBindVariables: true }) as Query };
  } catch (error) {
    return { error: (error instanceof Error ? error.message : String(error)).split('\n')[0] };
  }
}

function checkSoql(query: JobQuery, schema: Schema): string[] {
  const soql = query.soql ?? '';
  const parsed = parse(soql);
  if (!parsed.query) return [`SOQL does not parse (${parsed.error}): ${soql}`];
  const object = parsed.query.sObject ?? '';
  if (isPlaceholder(object)) return [];
  const checker = new QueryChecker(schema);
  checker.subquery(parsed.query);
  return checker.messages.map((message) => `${message}, in: ${soql}`);
}

function checkFieldListQuery(query: JobQuery, schema: Schema): string[] {
  const object = query.object ?? '';
  if (!getObject(schema, object)) {
    // A string argument before a field list is not always an object name; only custom names are
    // certain to be one.
    return /__(c|mdt)$/.test(object)
      ? [`${object} is not defined in force-app, but the job queries it with ${query.fieldList}`]
      : [];
  }
  const checker = new QueryChecker(schema);
  for (const field of query.fields ?? [])
    checker.field(object, field, `SELECT (${query.fieldList})`);
  for (const field of query.fieldArguments ?? []) checker.field(object, field, 'field argument');
  for (const condition of query.conditions ?? []) {
    const parsed = parse(`SELECT Id FROM ${object} WHERE ${condition}`);
    if (!parsed.query) {
      checker.messages.push(`WHERE ${condition}: does not parse (${parsed.error})`);
      continue;
    }
    checker.where(parsed.query.where, object);
  }
  return checker.messages.map((message) => `query on ${object}: ${message}`);
}

export function checkJobQueries(queries: JobQuery[], schema: Schema): Problem[] {
  const problems: Problem[] = [];
  for (const query of queries) {
    const messages =
      query.soql !== undefined ? checkSoql(query, schema) : checkFieldListQuery(query, schema);
    for (const message of messages) {
      problems.push({
        file: query.file,
        message: `line ${query.line}: ${message}. Fix the query or the metadata.`,
      });
    }
  }
  return problems;
}
