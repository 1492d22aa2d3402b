// Runs UI API GraphQL queries against the local org by translating each
// `uiapi { query { Object(where, orderBy, first, after) { edges { node { ... } } } } }` into SOQL.
// Nodes select `Id`, fields as `Field { value displayValue }` and parent records by relationship
// name. Child connections inside a node, aggregate queries and mutations are not supported.

import { objectInfo, type DescribeField, type ObjectInfo } from '../../lds/describe.ts';
import { displayValueOf, uiValue } from '../../lds/records.ts';
import { RestError, queryAll, queryCount, type RestRecord } from '../../lds/rest.ts';
import { QueryError, conditionOf, orderOf } from './filters.ts';
import { valueOf, type DocumentNode, type FieldNode } from './parser.ts';

export interface GraphQLError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

export interface ExecutionResult {
  data?: Record<string, unknown>;
  errors?: GraphQLError[];
  /** API names of the objects the query read, to refetch when one of their records changes. */
  objects: string[];
}

/** Records per connection when `first` is absent, and the most one connection returns (UI API). */
const DEFAULT_FIRST = 10;
const MAX_FIRST = 2000;

/** The selection of a node: scalar fields (with their subfields) and parent records. */
interface NodePlan {
  info: ObjectInfo;
  /** SOQL path of this node, '' for the queried object. */
  prefix: string;
  scalars: {
    key: string;
    field: DescribeField;
    subfields: FieldNode[];
    typename?: boolean;
    id?: boolean;
  }[];
  parents: { key: string; lookup: DescribeField; plan: NodePlan }[];
}

async function planNode(
  info: ObjectInfo,
  selections: FieldNode[],
  prefix: string,
  path: (string | number)[],
): Promise<NodePlan> {
  const plan: NodePlan = { info, prefix, scalars: [], parents: [] };
  for (const selection of selections) {
    const fieldPath = [...path, selection.responseKey];
    if (selection.name === '__typename') {
      plan.scalars.push({
        key: selection.responseKey,
        field: info.field('Id') as DescribeField,
        subfields: [],
        typename: true,
      });
      continue;
    }
    if (selection.name === 'Id') {
      plan.scalars.push({
        key: selection.responseKey,
        field: info.field('Id') as DescribeField,
        subfields: [],
        id: true,
      });
      continue;
    }
    const field = info.field(selection.name);
    if (field !== undefined && field.name === selection.name) {
      if (selection.selections.length === 0) {
        throw new QueryError(
          `Field "${selection.name}" of ${info.describe.name} must select value or displayValue.`,
          selection,
          fieldPath,
        );
      }
      for (const subfield of selection.selections) {
        if (!['value', 'displayValue', 'label', '__typename'].includes(subfield.name)) {
          throw new QueryError(
            `Cannot query field "${subfield.name}" on type "${field.type}Value".`,
            subfield,
            [...fieldPath, subfield.responseKey],
          );
        }
      }
      plan.scalars.push({ key: selection.responseKey, field, subfields: selection.selections });
      continue;
    }
    const lookup = info.lookup(selection.name);
    if (lookup !== undefined && lookup.referenceTo.length > 0) {
      const parentInfo = await objectInfo(lookup.referenceTo[0]);
      const parentPrefix =
        prefix === ''
          ? (lookup.relationshipName as string)
          : `${prefix}.${lookup.relationshipName}`;
      plan.parents.push({
        key: selection.responseKey,
        lookup,
        plan: await planNode(parentInfo, selection.selections, parentPrefix, fieldPath),
      });
      continue;
    }
    if (info.childRelationship(selection.name) !== undefined) {
      throw new QueryError(
        `Child relationship "${selection.name}" in a node is not supported by the local GraphQL adapter.`,
        selection,
        fieldPath,
      );
    }
    throw new QueryError(
      `Cannot query field "${selection.name}" on type "${info.describe.name}".`,
      selection,
      fieldPath,
    );
  }
  return plan;
}

function selectOf(plan: NodePlan, select: Set<string>): void {
  const qualify = (name: string) => (plan.prefix === '' ? name : `${plan.prefix}.${name}`);
  select.add(qualify('Id'));
  for (const scalar of plan.scalars) select.add(qualify(scalar.field.name));
  for (const parent of plan.parents) selectOf(parent.plan, select);
}

function shapeNode(plan: NodePlan, row: RestRecord | null): Record<string, unknown> | null {
  if (row === null || row === undefined) return null;
  const node: Record<string, unknown> = {};
  for (const scalar of plan.scalars) {
    if (scalar.typename) {
      node[scalar.key] = plan.info.describe.name;
      continue;
    }
    if (scalar.id) {
      node[scalar.key] = row.Id;
      continue;
    }
    const value = uiValue(scalar.field, row[scalar.field.name]);
    const shaped: Record<string, unknown> = {};
    for (const subfield of scalar.subfields) {
      if (subfield.name === 'value') shaped[subfield.responseKey] = value;
      else if (subfield.name === 'displayValue')
        shaped[subfield.responseKey] = displayValueOf(scalar.field, value);
      else if (subfield.name === 'label') shaped[subfield.responseKey] = scalar.field.label;
      else shaped[subfield.responseKey] = `${scalar.field.type}Value`;
    }
    node[scalar.key] = shaped;
  }
  for (const parent of plan.parents) {
    node[parent.key] = shapeNode(
      parent.plan,
      row[parent.lookup.relationshipName as string] as RestRecord | null,
    );
  }
  return node;
}

function cursorOf(offset: number): string {
  return btoa(`v1:${offset}`);
}

function offsetOfCursor(cursor: unknown, path: (string | number)[]): number {
  const match = typeof cursor === 'string' ? /^v1:(\d+)$/.exec(atob(cursor)) : null;
  if (match === null)
    throw new QueryError(
      `Invalid cursor ${JSON.stringify(cursor)}: pass an endCursor returned earlier.`,
      null,
      path,
    );
  return Number(match[1]);
}

async function runConnection(
  field: FieldNode,
  variables: Record<string, unknown>,
  path: (string | number)[],
  objects: Set<string>,
): Promise<unknown> {
  const info = await objectInfo(field.name).catch((error: unknown) => {
    if (error instanceof RestError && error.status === 404) {
      throw new QueryError(
        `Cannot query field "${field.name}" on type "RecordQuery".`,
        field,
        path,
      );
    }
    throw error;
  });
  objects.add(info.describe.name);
  const args: Record<string, unknown> = {};
  for (const [name, node] of Object.entries(field.arguments)) args[name] = valueOf(node, variables);
  for (const name of Object.keys(args)) {
    if (!['where', 'orderBy', 'first', 'after', 'scope'].includes(name)) {
      throw new QueryError(`Unknown argument "${name}" on field "${field.name}".`, field, path);
    }
  }
  const first =
    args.first === undefined || args.first === null ? DEFAULT_FIRST : Number(args.first);
  if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST) {
    throw new QueryError(`first must be a whole number from 1 to ${MAX_FIRST}.`, field, path);
  }
  const offset =
    args.after === undefined || args.after === null ? 0 : offsetOfCursor(args.after, path);
  const where =
    args.where === undefined || args.where === null
      ? ''
      : await conditionOf(info, args.where, '', path);
  const order =
    args.orderBy === undefined || args.orderBy === null
      ? []
      : await orderOf(info, args.orderBy, '', path);

  let nodePlan: NodePlan | null = null;
  const select = new Set<string>(['Id']);
  for (const selection of field.selections) {
    if (selection.name === 'edges') {
      const node = selection.selections.find((item) => item.name === 'node');
      if (node !== undefined) {
        nodePlan = await planNode(info, node.selections, '', [
          ...path,
          selection.responseKey,
          'node',
        ]);
        selectOf(nodePlan, select);
      }
    }
  }
  const whereClause = where === '' ? '' : ` WHERE ${where}`;
  const orderClause = ` ORDER BY ${[...order, 'Id'].join(', ')}`;
  const rows = await queryAll(
    `SELECT ${[...select].join(', ')} FROM ${info.describe.name}${whereClause}${orderClause} LIMIT ${first}${offset > 0 ? ` OFFSET ${offset}` : ''}`,
  );
  const needsTotal = field.selections.some(
    (item) => item.name === 'totalCount' || item.name === 'pageInfo',
  );
  const total = needsTotal
    ? await queryCount(`SELECT COUNT() FROM ${info.describe.name}${whereClause}`)
    : rows.length;

  const result: Record<string, unknown> = {};
  for (const selection of field.selections) {
    switch (selection.name) {
      case 'edges':
        result[selection.responseKey] = rows.map((row, index) => {
          const edge: Record<string, unknown> = {};
          for (const part of selection.selections) {
            if (part.name === 'node') edge[part.responseKey] = shapeNode(nodePlan as NodePlan, row);
            else if (part.name === 'cursor') edge[part.responseKey] = cursorOf(offset + index + 1);
            else
              throw new QueryError(`Cannot query field "${part.name}" on an edge.`, part, [
                ...path,
                selection.responseKey,
              ]);
          }
          return edge;
        });
        break;
      case 'totalCount':
        result[selection.responseKey] = total;
        break;
      case 'pageInfo': {
        const info: Record<string, unknown> = {};
        for (const part of selection.selections) {
          if (part.name === 'hasNextPage') info[part.responseKey] = offset + rows.length < total;
          else if (part.name === 'hasPreviousPage') info[part.responseKey] = offset > 0;
          else if (part.name === 'startCursor')
            info[part.responseKey] = rows.length > 0 ? cursorOf(offset + 1) : null;
          else if (part.name === 'endCursor')
            info[part.responseKey] = rows.length > 0 ? cursorOf(offset + rows.length) : null;
          else
            throw new QueryError(`Cannot query field "${part.name}" on type "PageInfo".`, part, [
              ...path,
              selection.responseKey,
            ]);
        }
        result[selection.responseKey] = info;
        break;
      }
      case '__typename':
        result[selection.responseKey] = `${info.describe.name}Connection`;
        break;
      default:
        throw new QueryError(
          `Cannot query field "${selection.name}" on type "${info.describe.name}Connection".`,
          selection,
          path,
        );
    }
  }
  return result;
}

function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof QueryError) {
    return {
      message: error.message,
      locations:
        error.field === null ? undefined : [{ line: error.field.line, column: error.field.column }],
      path: error.path,
    };
  }
  if (error instanceof RestError) {
    return {
      message: error.errors.map((item) => item.message).join(' '),
      extensions: { errorCode: error.errors[0]?.errorCode },
    };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

/** Runs a parsed query with its variables and returns `{ data }` or `{ errors }`. */
export async function executeQuery(
  document: DocumentNode,
  variables: Record<string, unknown> = {},
  operationName?: string,
): Promise<ExecutionResult> {
  const objects = new Set<string>();
  try {
    const operation =
      operationName === undefined
        ? document.operations.length === 1
          ? document.operations[0]
          : undefined
        : document.operations.find((item) => item.name === operationName);
    if (operation === undefined) {
      throw new QueryError(
        operationName === undefined
          ? 'The document has several operations: pass operationName.'
          : `No operation named "${operationName}".`,
        null,
        [],
      );
    }
    const values: Record<string, unknown> = {};
    for (const variable of operation.variables) {
      values[variable.name] =
        variables[variable.name] ??
        (variable.defaultValue === null ? undefined : valueOf(variable.defaultValue, {}));
    }
    const data: Record<string, unknown> = {};
    for (const root of operation.selections) {
      if (root.name !== 'uiapi') {
        throw new QueryError(`Cannot query field "${root.name}" on type "Query".`, root, [
          root.responseKey,
        ]);
      }
      const uiapi: Record<string, unknown> = {};
      for (const section of root.selections) {
        if (section.name !== 'query') {
          throw new QueryError(
            `"uiapi.${section.name}" is not supported by the local GraphQL adapter.`,
            section,
            [root.responseKey, section.responseKey],
          );
        }
        const query: Record<string, unknown> = {};
        for (const connection of section.selections) {
          const path = [root.responseKey, section.responseKey, connection.responseKey];
          query[connection.responseKey] = await runConnection(connection, values, path, objects);
        }
        uiapi[section.responseKey] = query;
      }
      data[root.responseKey] = uiapi;
    }
    return { data, objects: [...objects] };
  } catch (error) {
    return { errors: [toGraphQLError(error)], objects: [...objects] };
  }
}
