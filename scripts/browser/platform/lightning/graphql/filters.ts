// Translation of UI API GraphQL arguments to SOQL: `where` filters (field comparisons, in and
// nin, and/or/not, parent fields by relationship name) and `orderBy` clauses.

import { objectInfo, type DescribeField, type ObjectInfo } from '../../lds/describe.ts';
import { soqlString } from '../../lds/rest.ts';
import type { FieldNode } from './parser.ts';

/** A query that the local adapter does not support, reported as a GraphQL error at `field`. */
export class QueryError extends Error {
  readonly field: FieldNode | null;
  readonly path: (string | number)[];

  constructor(message: string, field: FieldNode | null, path: (string | number)[]) {
    super(message);
    this.field = field;
    this.path = path;
  }
}

const COMPARISONS: Record<string, string> = {
  eq: '=',
  ne: '!=',
  lt: '<',
  gt: '>',
  lte: '<=',
  gte: '>=',
  like: 'LIKE',
};

/** Formats a filter value as a SOQL literal for `field`. */
function literal(field: DescribeField, raw: unknown, path: (string | number)[]): string {
  if (raw === null) return 'null';
  const value =
    raw !== null && typeof raw === 'object' && 'value' in (raw as object)
      ? (raw as { value: unknown }).value
      : raw;
  if (raw !== null && typeof raw === 'object' && 'literal' in (raw as object)) {
    const name = String((raw as { literal: unknown }).literal);
    if (!/^[A-Z_]+(:\d+)?$/.test(name))
      throw new QueryError(`Invalid date literal ${name}.`, null, path);
    return name;
  }
  switch (field.type) {
    case 'boolean':
      return value === true ? 'TRUE' : 'FALSE';
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new QueryError(
          `${field.name} takes a number, not ${JSON.stringify(value)}.`,
          null,
          path,
        );
      }
      return String(value);
    case 'date':
    case 'datetime':
      if (
        typeof value !== 'string' ||
        !/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/.test(value)
      ) {
        throw new QueryError(
          `${field.name} takes an ISO 8601 date, not ${JSON.stringify(value)}.`,
          null,
          path,
        );
      }
      return value;
    default:
      return soqlString(String(value));
  }
}

export async function conditionOf(
  info: ObjectInfo,
  filter: unknown,
  prefix: string,
  path: (string | number)[],
): Promise<string> {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
    throw new QueryError('A where filter must be an object.', null, path);
  }
  const parts: string[] = [];
  for (const [key, value] of Object.entries(filter as Record<string, unknown>)) {
    if (key === 'and' || key === 'or') {
      const list = Array.isArray(value) ? value : [value];
      const inner = await Promise.all(list.map((item) => conditionOf(info, item, prefix, path)));
      parts.push(`(${inner.join(key === 'and' ? ' AND ' : ' OR ')})`);
      continue;
    }
    if (key === 'not') {
      parts.push(`(NOT ${await conditionOf(info, value, prefix, path)})`);
      continue;
    }
    const field = info.field(key);
    if (field !== undefined) {
      const column = prefix === '' ? field.name : `${prefix}.${field.name}`;
      for (const [operator, operand] of Object.entries(value as Record<string, unknown>)) {
        if (operator === 'in' || operator === 'nin') {
          const list = (Array.isArray(operand) ? operand : [operand]).map((item) =>
            literal(field, item, path),
          );
          parts.push(`${column} ${operator === 'in' ? 'IN' : 'NOT IN'} (${list.join(', ')})`);
        } else if (COMPARISONS[operator] !== undefined) {
          parts.push(`${column} ${COMPARISONS[operator]} ${literal(field, operand, path)}`);
        } else {
          throw new QueryError(
            `Unknown filter operator "${operator}" on ${field.name}.`,
            null,
            path,
          );
        }
      }
      continue;
    }
    const lookup = info.lookup(key);
    if (lookup !== undefined && lookup.referenceTo.length > 0) {
      const parentInfo = await objectInfo(lookup.referenceTo[0]);
      const parentPrefix =
        prefix === ''
          ? (lookup.relationshipName as string)
          : `${prefix}.${lookup.relationshipName}`;
      parts.push(await conditionOf(parentInfo, value, parentPrefix, path));
      continue;
    }
    throw new QueryError(
      `Cannot filter on "${key}": ${info.describe.name} has no such field.`,
      null,
      path,
    );
  }
  return parts.length === 0 ? '' : parts.join(' AND ');
}

export async function orderOf(
  info: ObjectInfo,
  orderBy: unknown,
  prefix: string,
  path: (string | number)[],
): Promise<string[]> {
  if (orderBy === null || typeof orderBy !== 'object') {
    throw new QueryError('orderBy must be an object such as { Name: { order: ASC } }.', null, path);
  }
  const clauses: string[] = [];
  for (const [key, value] of Object.entries(orderBy as Record<string, unknown>)) {
    const field = info.field(key);
    if (field !== undefined) {
      const { order, nulls } = (value ?? {}) as { order?: string; nulls?: string };
      const direction = order === 'DESC' ? 'DESC' : 'ASC';
      const column = prefix === '' ? field.name : `${prefix}.${field.name}`;
      clauses.push(
        `${column} ${direction}${nulls === 'FIRST' || nulls === 'LAST' ? ` NULLS ${nulls}` : ''}`,
      );
      continue;
    }
    const lookup = info.lookup(key);
    if (lookup !== undefined && lookup.referenceTo.length > 0) {
      const parentInfo = await objectInfo(lookup.referenceTo[0]);
      const parentPrefix =
        prefix === ''
          ? (lookup.relationshipName as string)
          : `${prefix}.${lookup.relationshipName}`;
      clauses.push(...(await orderOf(parentInfo, value, parentPrefix, path)));
      continue;
    }
    throw new QueryError(
      `Cannot order by "${key}": ${info.describe.name} has no such field.`,
      null,
      path,
    );
  }
  return clauses;
}
