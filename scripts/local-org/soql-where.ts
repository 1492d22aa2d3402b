// WHERE clauses: the parser's flat chain of conditions (with parenthesis counts) is rebuilt into an
// expression tree, type-checked against the fields, and compiled into a predicate.

import type {
  Condition,
  Query,
  ValueCondition,
  ValueQueryCondition,
  WhereClause,
} from '@jetstreamapp/soql-parser-js';
import { toId18 } from './ids.ts';
import type { SObjectRecord } from './schema.ts';
import type { FieldDef, ObjectDef } from './schema-types.ts';
import {
  SoqlError,
  errorAt,
  readPath,
  resolvePath,
  unsupported,
  type FieldPath,
  type QuerySource,
} from './soql-common.ts';
import { dateLiteralRange } from './soql-dates.ts';
import { parseDateTimeValue, parseDateValue } from './values.ts';

export type Predicate = (record: SObjectRecord) => boolean;

type Expression =
  | { kind: 'and' | 'or'; items: Expression[] }
  | { kind: 'not'; item: Expression }
  | { kind: 'condition'; condition: Condition | ValueQueryCondition };

type Token = '(' | ')' | 'AND' | 'OR' | 'NOT' | { condition: Condition | ValueQueryCondition };

function tokenize(clause: WhereClause | undefined, tokens: Token[]): void {
  if (clause === undefined) return;
  const left = clause.left as (Condition & { openParen?: number; closeParen?: number }) | null;
  const operator = (clause as { operator?: string }).operator;
  const right = (clause as { right?: WhereClause }).right;
  const isCondition = left !== null && ('field' in left || 'fn' in left);
  if (operator === 'NOT' && !isCondition) {
    for (let i = 0; i < (left?.openParen ?? 0); i++) tokens.push('(');
    tokens.push('NOT');
    tokenize(right, tokens);
    return;
  }
  if (left === null) return;
  for (let i = 0; i < (left.openParen ?? 0); i++) tokens.push('(');
  tokens.push({ condition: left });
  for (let i = 0; i < (left.closeParen ?? 0); i++) tokens.push(')');
  if (operator === 'AND' || operator === 'OR') {
    tokens.push(operator);
    tokenize(right, tokens);
  }
}

/** Parses the token list with NOT binding tighter than AND, and AND tighter than OR. */
function buildExpression(tokens: Token[]): Expression {
  let position = 0;
  const parseOr = (): Expression => {
    const items = [parseAnd()];
    while (tokens[position] === 'OR') {
      position++;
      items.push(parseAnd());
    }
    return items.length === 1 ? items[0] : { kind: 'or', items };
  };
  const parseAnd = (): Expression => {
    const items = [parseUnary()];
    while (tokens[position] === 'AND') {
      position++;
      items.push(parseUnary());
    }
    return items.length === 1 ? items[0] : { kind: 'and', items };
  };
  const parseUnary = (): Expression => {
    const token = tokens[position++];
    if (token === 'NOT') return { kind: 'not', item: parseUnary() };
    if (token === '(') {
      const inner = parseOr();
      if (tokens[position] === ')') position++;
      return inner;
    }
    if (token !== undefined && typeof token === 'object') {
      return { kind: 'condition', condition: token.condition };
    }
    throw new SoqlError('MALFORMED_QUERY', 'unexpected token in WHERE clause');
  };
  return parseOr();
}

export interface CompiledWhere {
  predicate: Predicate;
  /** Ids or parent Ids that every matching record must have, to avoid a full scan. */
  candidates: Candidates | null;
}

export type Candidates =
  { kind: 'ids'; ids: Set<string> } | { kind: 'children'; field: FieldDef; parentIds: Set<string> };

/** Runs a semi-join subquery and returns the values of its single selected field. */
export type SemiJoinRunner = (query: Query) => Set<string>;

interface CompileContext {
  source: QuerySource;
  soql: string;
  object: ObjectDef;
  alias?: string;
  runSemiJoin: SemiJoinRunner;
}

export function compileWhere(
  clause: WhereClause | undefined,
  context: CompileContext,
): CompiledWhere {
  if (clause === undefined) return { predicate: () => true, candidates: null };
  const tokens: Token[] = [];
  tokenize(clause, tokens);
  const expression = buildExpression(tokens);
  const compiled = compileExpression(expression, context);
  return { predicate: compiled.predicate, candidates: compiled.candidates };
}

function compileExpression(expression: Expression, context: CompileContext): CompiledWhere {
  switch (expression.kind) {
    case 'and': {
      const parts = expression.items.map((item) => compileExpression(item, context));
      const predicates = parts.map((part) => part.predicate);
      return {
        predicate: (record) => predicates.every((predicate) => predicate(record)),
        candidates: parts.find((part) => part.candidates !== null)?.candidates ?? null,
      };
    }
    case 'or': {
      const predicates = expression.items.map((item) => compileExpression(item, context).predicate);
      return {
        predicate: (record) => predicates.some((predicate) => predicate(record)),
        candidates: null,
      };
    }
    case 'not': {
      const inner = compileExpression(expression.item, context).predicate;
      return { predicate: (record) => !inner(record), candidates: null };
    }
    case 'condition':
      return compileCondition(expression.condition, context);
  }
}

const TEXT_TYPES = new Set([
  'string',
  'textarea',
  'picklist',
  'multipicklist',
  'combobox',
  'email',
  'phone',
  'url',
  'autonumber',
]);
const NUMBER_TYPES = new Set(['double', 'currency', 'percent', 'int']);

function filterTypeName(field: FieldDef): string {
  if (field.type === 'int') return 'integer';
  if (NUMBER_TYPES.has(field.type)) return 'double';
  if (field.type === 'datetime') return 'dateTime';
  if (field.type === 'boolean' || field.type === 'date') return field.type;
  return 'string';
}

/** A literal converted for comparison with a field: a value, or a day range for date literals. */
type Literal = { value: unknown } | { range: { start: string; end: string } };

function unquote(text: string): string {
  const inner = text.slice(1, -1);
  return inner.replace(/\\(.)/g, (_match, char: string) => {
    switch (char) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      // LIKE keeps \% and \_ escaped so that they match literally.
      case '%':
      case '_':
        return `\\${char}`;
      default:
        return char;
    }
  });
}

function convertLiteral(
  context: CompileContext,
  path: FieldPath,
  literalType: string,
  raw: string,
  dateLiteralVariable: number | undefined,
): Literal {
  const field = path.field;
  const wrongType = (quoted: boolean): SoqlError =>
    new SoqlError(
      'INVALID_QUERY_FILTER_OPERATOR',
      errorAt(
        context.soql,
        path.text,
        `value of filter criterion for field '${path.text}' must be of type ` +
          `${filterTypeName(field)} and ${quoted ? 'should not' : 'should'} be enclosed in quotes`,
      ),
    );
  switch (literalType) {
    case 'NULL':
      return { value: null };
    case 'STRING': {
      const text = unquote(raw);
      if (field.type === 'id' || field.type === 'reference') {
        if (text === '') return { value: null };
        const id = toId18(text);
        if (id === null) {
          throw new SoqlError(
            'INVALID_QUERY_FILTER_OPERATOR',
            errorAt(context.soql, raw, `invalid ID field: ${text}`),
          );
        }
        return { value: id };
      }
      if (!TEXT_TYPES.has(field.type) && field.type !== 'time') throw wrongType(true);
      return { value: text };
    }
    case 'INTEGER':
    case 'DECIMAL':
      if (!NUMBER_TYPES.has(field.type)) throw wrongType(false);
      return { value: Number(raw) };
    case 'BOOLEAN':
      if (field.type !== 'boolean') throw wrongType(false);
      return { value: raw.toUpperCase() === 'TRUE' };
    case 'DATE': {
      if (field.type !== 'date') throw wrongType(false);
      return { value: parseDateValue(raw) };
    }
    case 'DATETIME': {
      if (field.type !== 'datetime') throw wrongType(false);
      return { value: parseDateTimeValue(raw) };
    }
    case 'DATE_LITERAL':
    case 'DATE_N_LITERAL': {
      if (field.type !== 'date' && field.type !== 'datetime') throw wrongType(false);
      const name = raw.split(':')[0];
      const range = dateLiteralRange(name, dateLiteralVariable, context.source.now());
      if (range === undefined) throw unsupported(context.soql, raw, `The date literal ${raw}`);
      if (field.type === 'datetime') {
        return {
          range: {
            start: `${range.start}T00:00:00.000+0000`,
            end: `${range.end}T00:00:00.000+0000`,
          },
        };
      }
      return { range };
    }
    default:
      throw unsupported(context.soql, raw, `A ${literalType.toLowerCase()} value`);
  }
}

/** Comparable key of a value: lower-case text for text fields, the value itself otherwise. */
function comparable(field: FieldDef, value: unknown): unknown {
  if (typeof value === 'string' && TEXT_TYPES.has(field.type)) return value.toLowerCase();
  return value;
}

function multiSelectSet(value: unknown): Set<string> {
  if (typeof value !== 'string') return new Set();
  return new Set(
    value
      .split(';')
      .map((part) => part.trim().toLowerCase())
      .filter((part) => part),
  );
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((item) => b.has(item));
}

function likePattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\' && i + 1 < pattern.length) {
      source += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (char === '%') {
      source += '[\\s\\S]*';
    } else if (char === '_') {
      source += '[\\s\\S]';
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 'i');
}

function compileCondition(
  condition: Condition | ValueQueryCondition,
  context: CompileContext,
): CompiledWhere {
  if ('fn' in condition) throw unsupported(context.soql, 'WHERE', 'A function in WHERE');
  if (!('field' in condition))
    throw new SoqlError('MALFORMED_QUERY', 'unexpected token in WHERE clause');
  const { source, object } = context;
  const path = resolvePath(source.schema, context.soql, object, condition.field, context.alias);
  const field = path.field;
  const read = (record: SObjectRecord): unknown => readPath(source, object, record, path);
  const operator = condition.operator;
  const isDirectIdField =
    path.steps.length === 0 && (field.type === 'id' || field.type === 'reference');

  if ('valueQuery' in condition) {
    if (operator !== 'IN' && operator !== 'NOT IN') {
      throw new SoqlError(
        'MALFORMED_QUERY',
        errorAt(context.soql, condition.field, 'unexpected token: SELECT'),
      );
    }
    const values = context.runSemiJoin(condition.valueQuery);
    const negate = operator === 'NOT IN';
    return {
      predicate: (record) => {
        const value = read(record);
        const found = typeof value === 'string' && values.has(value);
        return negate ? !found : found;
      },
      candidates: !negate && isDirectIdField ? idCandidates(field, values) : null,
    };
  }

  const valueCondition = condition as ValueCondition & { dateLiteralVariable?: number | number[] };
  const rawValues = Array.isArray(valueCondition.value)
    ? valueCondition.value
    : [valueCondition.value];
  const literalTypes = Array.isArray(valueCondition.literalType)
    ? valueCondition.literalType
    : rawValues.map(() => valueCondition.literalType as string);
  const variables = Array.isArray(valueCondition.dateLiteralVariable)
    ? valueCondition.dateLiteralVariable
    : rawValues.map(() => valueCondition.dateLiteralVariable as number | undefined);
  const literals = rawValues.map((raw, i) =>
    convertLiteral(context, path, String(literalTypes[i] ?? 'STRING'), raw, variables[i]),
  );

  switch (operator) {
    case '=':
    case '!=': {
      const equals = equalityTest(field, literals[0]);
      const negate = operator === '!=';
      const literal = literals[0];
      const candidates =
        !negate && isDirectIdField && 'value' in literal && typeof literal.value === 'string'
          ? idCandidates(field, new Set([literal.value]))
          : null;
      return {
        predicate: (record) => (negate ? !equals(read(record)) : equals(read(record))),
        candidates,
      };
    }
    case 'IN':
    case 'NOT IN': {
      const negate = operator === 'NOT IN';
      const plain = literals.every((literal) => 'value' in literal);
      let test: (value: unknown) => boolean;
      if (plain && field.type !== 'multipicklist') {
        const keys = new Set(
          literals.map((literal) => comparable(field, (literal as { value: unknown }).value)),
        );
        test = (value) =>
          value !== null && value !== undefined && keys.has(comparable(field, value));
      } else {
        const tests = literals.map((literal) => equalityTest(field, literal));
        test = (value) => tests.some((each) => each(value));
      }
      const ids = literals
        .map((literal) => ('value' in literal ? literal.value : null))
        .filter((value): value is string => typeof value === 'string');
      return {
        predicate: (record) => (negate ? !test(read(record)) : test(read(record))),
        candidates: !negate && isDirectIdField ? idCandidates(field, new Set(ids)) : null,
      };
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
      return { predicate: orderingTest(field, operator, literals[0], read), candidates: null };
    case 'LIKE': {
      if (!TEXT_TYPES.has(field.type) && field.type !== 'id' && field.type !== 'reference') {
        throw new SoqlError(
          'INVALID_QUERY_FILTER_OPERATOR',
          errorAt(
            context.soql,
            path.text,
            `invalid operator on ${filterTypeName(field)} field: LIKE`,
          ),
        );
      }
      const pattern = likePattern(String((literals[0] as { value: unknown }).value ?? ''));
      return {
        predicate: (record) => {
          const value = read(record);
          return typeof value === 'string' && pattern.test(value);
        },
        candidates: null,
      };
    }
    case 'INCLUDES':
    case 'EXCLUDES': {
      if (field.type !== 'multipicklist') {
        throw new SoqlError(
          'INVALID_QUERY_FILTER_OPERATOR',
          errorAt(
            context.soql,
            path.text,
            `${operator} can only be used with multi-select picklist fields`,
          ),
        );
      }
      const groups = literals.map((literal) =>
        multiSelectSet((literal as { value: unknown }).value),
      );
      const includes = (value: unknown): boolean => {
        const selected = multiSelectSet(value);
        return groups.some((group) => [...group].every((item) => selected.has(item)));
      };
      const negate = operator === 'EXCLUDES';
      return {
        predicate: (record) => (negate ? !includes(read(record)) : includes(read(record))),
        candidates: null,
      };
    }
    default:
      throw unsupported(context.soql, String(operator), `The operator ${String(operator)}`);
  }
}

function idCandidates(field: FieldDef, values: Set<string>): Candidates {
  if (field.type === 'id') return { kind: 'ids', ids: values };
  return { kind: 'children', field, parentIds: values };
}

function equalityTest(field: FieldDef, literal: Literal): (value: unknown) => boolean {
  if ('range' in literal) {
    const { start, end } = literal.range;
    return (value) => typeof value === 'string' && value >= start && value < end;
  }
  const expected = literal.value;
  if (expected === null || expected === undefined)
    return (value) => value === null || value === undefined;
  if (field.type === 'multipicklist') {
    const expectedSet = multiSelectSet(expected);
    return (value) => sameSet(multiSelectSet(value), expectedSet);
  }
  const key = comparable(field, expected);
  return (value) => value !== null && value !== undefined && comparable(field, value) === key;
}

function orderingTest(
  field: FieldDef,
  operator: '<' | '<=' | '>' | '>=',
  literal: Literal,
  read: (record: SObjectRecord) => unknown,
): Predicate {
  if ('range' in literal) {
    const { start, end } = literal.range;
    return (record) => {
      const value = read(record);
      if (typeof value !== 'string') return false;
      switch (operator) {
        case '<':
          return value < start;
        case '<=':
          return value < end;
        case '>':
          return value >= end;
        case '>=':
          return value >= start;
      }
    };
  }
  const bound = comparable(field, literal.value);
  if (bound === null || bound === undefined) return () => false;
  return (record) => {
    const raw = read(record);
    if (raw === null || raw === undefined) return false;
    const value = comparable(field, raw) as number | string;
    switch (operator) {
      case '<':
        return value < (bound as number | string);
      case '<=':
        return value <= (bound as number | string);
      case '>':
        return value > (bound as number | string);
      case '>=':
        return value >= (bound as number | string);
    }
  };
}
