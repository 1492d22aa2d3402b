// Shared parts of the SOQL engine: errors in Salesforce's shape, the data source the engine reads,
// and resolution of field paths such as `Account.Owner.Name`.

import type { Schema, SObjectRecord } from './schema.ts';
import type { FieldDef, ObjectDef } from './schema-types.ts';
import type { StoredRecord } from './tables.ts';

/** A query error with the errorCode a real org returns (MALFORMED_QUERY, INVALID_FIELD...). */
export class SoqlError extends Error {
  readonly errorCode: string;
  constructor(errorCode: string, message: string) {
    super(message);
    this.errorCode = errorCode;
  }
}

/** Records and values the engine reads. */
export interface QuerySource {
  schema: Schema;
  apiVersion: string;
  now(): number;
  /** Every record of an object in creation order; deleted ones too when `includeDeleted`. */
  allRecords(object: ObjectDef, includeDeleted: boolean): Iterable<SObjectRecord>;
  /** The live record with this 18-character Id. */
  getById(id: string): StoredRecord | undefined;
  /** The record with this Id, live or (when `includeDeleted`) deleted, if it is of `object`. */
  getRecordOf(object: ObjectDef, id: string, includeDeleted: boolean): SObjectRecord | undefined;
  /** Live records of `child` whose `field` points at `parentId`, in creation order. */
  childRecords(child: ObjectDef, field: FieldDef, parentId: string): SObjectRecord[];
  /** Value of a field as the API returns it (roll-up summaries computed). */
  valueOf(object: ObjectDef, record: SObjectRecord, field: FieldDef): unknown;
}

/**
 * Builds a real org's error text: the query, a caret under the offending token, its position, and
 * the reason. The token is found by a case-insensitive search; the position is 1:1 when absent.
 */
export function errorAt(soql: string, token: string, reason: string): string {
  let offset = -1;
  if (token !== '') {
    const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const match = new RegExp(`(^|[^A-Za-z0-9_.])(${escaped})(?![A-Za-z0-9_])`, 'i').exec(soql);
    if (match) offset = match.index + match[1].length;
  }
  if (offset < 0) offset = token === '' ? soql.length : 0;
  const before = soql.slice(0, offset);
  const row = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = soql.indexOf('\n', offset);
  const line = soql.slice(lineStart, lineEnd < 0 ? soql.length : lineEnd);
  const column = offset - lineStart + 1;
  return `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${reason}`;
}

export function noSuchColumn(soql: string, name: string, object: ObjectDef): SoqlError {
  return new SoqlError(
    'INVALID_FIELD',
    errorAt(
      soql,
      name,
      `No such column '${name}' on entity '${object.name}'. If you are attempting to use a custom ` +
        "field, be sure to append the '__c' after the custom field name. Please reference your " +
        'WSDL or the describe call for the appropriate names.',
    ),
  );
}

export function unknownRelationship(soql: string, name: string, path: string): SoqlError {
  return new SoqlError(
    'INVALID_FIELD',
    errorAt(
      soql,
      path,
      `Didn't understand relationship '${name}' in field path. If you are attempting to use a ` +
        "custom relationship, be sure to append the '__r' after the custom relationship name. " +
        'Please reference your WSDL or the describe call for the appropriate names.',
    ),
  );
}

export function unsupported(soql: string, token: string, feature: string): SoqlError {
  return new SoqlError(
    'MALFORMED_QUERY',
    errorAt(
      soql,
      token,
      `${feature} is not supported by the local org, a test double of Salesforce`,
    ),
  );
}

/** A resolved field path: the relationship fields followed, then the final field. */
export interface FieldPath {
  /** Text of the path as written, for messages. */
  text: string;
  relationships: FieldDef[];
  /** Relationship names (lower case) as written, followed at run time. */
  steps: string[];
  /** Final field on the last object reached (the first matching target for polymorphic paths). */
  field: FieldDef;
  /** The path ends in `Type` after a polymorphic relationship (What.Type): the object's name. */
  isTypeOfPolymorphic: boolean;
  /** Lower-case final field name, resolved per record for polymorphic paths. */
  finalName: string;
}

const TYPE_FIELD: FieldDef = {
  name: 'Type',
  label: 'Type',
  type: 'string',
  length: 255,
  nillable: false,
  createable: false,
  updateable: false,
  custom: false,
};

/**
 * Resolves `Account.Owner.Name` (dotted text, an optional query alias first) from `object`.
 * Throws the INVALID_FIELD errors a real org returns for unknown names.
 */
export function resolvePath(
  schema: Schema,
  soql: string,
  object: ObjectDef,
  dotted: string,
  alias?: string,
): FieldPath {
  let parts = dotted.split('.');
  if (alias !== undefined && parts.length > 1 && parts[0].toLowerCase() === alias.toLowerCase()) {
    parts = parts.slice(1);
  }
  const relationships: FieldDef[] = [];
  let current: ObjectDef[] = [object];
  let polymorphic = false;
  for (const part of parts.slice(0, -1)) {
    const lower = part.toLowerCase();
    const field = current.map((o) => o.parentRelationships.get(lower)).find((f) => f !== undefined);
    if (field === undefined) throw unknownRelationship(soql, part, dotted);
    relationships.push(field);
    polymorphic = (field.referenceTo?.length ?? 0) > 1;
    current = (field.referenceTo ?? [])
      .map((name) => schema.getObject(name))
      .filter((o): o is ObjectDef => o !== undefined);
    if (current.length === 0) throw unknownRelationship(soql, part, dotted);
  }
  const finalName = parts[parts.length - 1];
  const lower = finalName.toLowerCase();
  if (polymorphic && lower === 'type') {
    return {
      text: dotted,
      relationships,
      steps: parts.slice(0, -1).map((p) => p.toLowerCase()),
      field: TYPE_FIELD,
      isTypeOfPolymorphic: true,
      finalName: lower,
    };
  }
  const field = current.map((o) => o.fieldsByLowerName.get(lower)).find((f) => f !== undefined);
  if (field === undefined)
    throw noSuchColumn(soql, relationships.length ? dotted : finalName, current[0]);
  return {
    text: dotted,
    relationships,
    steps: parts.slice(0, -1).map((p) => p.toLowerCase()),
    field,
    isTypeOfPolymorphic: false,
    finalName: lower,
  };
}

/** Reads the value at the end of a path, following parent records through the source. */
export function readPath(
  source: QuerySource,
  object: ObjectDef,
  record: SObjectRecord,
  path: FieldPath,
): unknown {
  let currentObject = object;
  let currentRecord = record;
  for (const step of path.steps) {
    const field = currentObject.parentRelationships.get(step);
    if (field === undefined) return null;
    const id = currentRecord[field.name];
    if (typeof id !== 'string') return null;
    const parent = source.getById(id);
    if (parent === undefined) return null;
    currentObject = parent.object;
    currentRecord = parent.record;
  }
  if (path.isTypeOfPolymorphic) return currentObject.name;
  if (path.steps.length === 0) return source.valueOf(currentObject, currentRecord, path.field);
  const field = currentObject.fieldsByLowerName.get(path.finalName);
  return field === undefined ? null : source.valueOf(currentObject, currentRecord, field);
}
