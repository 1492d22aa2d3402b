// Records in the shape that Lightning Data Service returns (the UI API's Record representation):
// `{ apiName, id, fields: { Name: { value, displayValue } }, childRelationships, recordTypeId... }`,
// read with SOQL through the REST API. A field path such as `Account.Owner.Name` becomes a
// spanning field whose value is the parent record in the same shape.

import {
  MASTER_RECORD_TYPE_ID,
  objectInfo,
  type DescribeField,
  type ObjectInfo,
} from './describe.ts';
import { platformConfig, queryAll, soqlString, type RestRecord } from './rest.ts';

export interface FieldId {
  objectApiName: string;
  fieldApiName: string;
}

export interface FieldValueRepresentation {
  value: unknown;
  displayValue: string | null;
}

export interface RecordRepresentation {
  apiName: string;
  id: string;
  childRelationships: Record<string, unknown>;
  eTag: string;
  fields: Record<string, FieldValueRepresentation>;
  lastModifiedById: string | null;
  lastModifiedDate: string | null;
  recordTypeId: string;
  recordTypeInfo: null;
  systemModstamp: string | null;
  weakEtag: number;
}

/** A field that the caller asked for and that the object does not have. */
export class InvalidFieldError extends Error {
  readonly objectApiName: string;
  readonly fieldPath: string;

  constructor(objectApiName: string, fieldPath: string, reason: string) {
    super(`${objectApiName}.${fieldPath}: ${reason}`);
    this.name = 'InvalidFieldError';
    this.objectApiName = objectApiName;
    this.fieldPath = fieldPath;
  }
}

/**
 * Returns the field paths of `fields` relative to `objectApiName`: a FieldId or a string
 * `Object.Field.Path`. A field of another object is an InvalidFieldError.
 */
export function relativePaths(
  objectApiName: string,
  fields: readonly (FieldId | string)[],
): string[] {
  return fields.map((field) => {
    const qualified =
      typeof field === 'string' ? field : `${field.objectApiName}.${field.fieldApiName}`;
    const dot = qualified.indexOf('.');
    const object = dot < 0 ? '' : qualified.slice(0, dot);
    if (object.toLowerCase() !== objectApiName.toLowerCase()) {
      throw new InvalidFieldError(
        objectApiName,
        qualified,
        `the field belongs to ${object || 'no object'}, not to ${objectApiName}`,
      );
    }
    return qualified.slice(dot + 1);
  });
}

/** A field path checked against the describes: the fields it crosses, the last one a data field. */
interface ResolvedPath {
  path: string;
  /** Lookups crossed before the field, in order. */
  lookups: DescribeField[];
  field: DescribeField;
}

async function resolvePath(info: ObjectInfo, path: string): Promise<ResolvedPath> {
  const segments = path.split('.');
  const lookups: DescribeField[] = [];
  let current = info;
  for (let index = 0; index < segments.length - 1; index++) {
    const lookup = current.lookup(segments[index]);
    if (lookup === undefined || lookup.referenceTo.length === 0) {
      throw new InvalidFieldError(
        info.describe.name,
        path,
        `${current.describe.name} has no relationship ${segments[index]}`,
      );
    }
    lookups.push(lookup);
    current = await objectInfo(lookup.referenceTo[0]);
  }
  const field = current.field(segments[segments.length - 1]);
  if (field === undefined) {
    throw new InvalidFieldError(
      info.describe.name,
      path,
      `${current.describe.name} has no field ${segments[segments.length - 1]}`,
    );
  }
  return { path, lookups, field };
}

/**
 * Checks the requested fields: a missing required field throws, a missing optional field is
 * left out, as Lightning Data Service does.
 */
export async function resolvePaths(
  info: ObjectInfo,
  required: string[],
  optional: string[],
): Promise<ResolvedPath[]> {
  const resolved: ResolvedPath[] = [];
  for (const path of required) resolved.push(await resolvePath(info, path));
  for (const path of optional) {
    try {
      resolved.push(await resolvePath(info, path));
    } catch (error) {
      if (!(error instanceof InvalidFieldError)) throw error;
    }
  }
  return resolved;
}

/** Builds the SELECT list for the paths: each field, plus the Id of every parent crossed. */
export function selectList(info: ObjectInfo, paths: ResolvedPath[]): string[] {
  const select = new Set<string>(['Id']);
  for (const name of ['LastModifiedDate', 'LastModifiedById', 'SystemModstamp']) {
    if (info.field(name) !== undefined) select.add(name);
  }
  for (const { lookups, field } of paths) {
    const prefix = lookups.map((lookup) => lookup.relationshipName).join('.');
    for (let depth = 1; depth <= lookups.length; depth++) {
      select.add(
        `${lookups
          .slice(0, depth)
          .map((lookup) => lookup.relationshipName)
          .join('.')}.Id`,
      );
    }
    select.add(prefix === '' ? field.name : `${prefix}.${field.name}`);
  }
  return [...select];
}

/** Converts a REST value to the UI API's: date-times in UTC with a `Z`, as the UI API writes them. */
export function uiValue(field: DescribeField, raw: unknown): unknown {
  if (raw === undefined || raw === null) return null;
  if (field.type === 'datetime' && typeof raw === 'string') {
    const time = Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    return Number.isFinite(time) ? new Date(time).toISOString() : raw;
  }
  return raw;
}

function picklistLabel(field: DescribeField, value: string): string {
  return field.picklistValues.find((entry) => entry.value === value)?.label ?? value;
}

/**
 * Returns the display value that the UI API gives a field in the user's locale (en-US here) and
 * time zone: labels for picklists, formatted dates and currency. Text, numbers, checkboxes and
 * Ids have none.
 */
export function displayValueOf(field: DescribeField, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const timeZone = platformConfig().user.timeZone;
  switch (field.type) {
    case 'picklist':
      return picklistLabel(field, String(value));
    case 'multipicklist':
      return String(value)
        .split(';')
        .map((item) => picklistLabel(field, item))
        .join(';');
    case 'date': {
      const [year, month, day] = String(value).split('-').map(Number);
      return `${month}/${day}/${year}`;
    }
    case 'datetime':
      return new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
      }).format(new Date(String(value)));
    case 'currency':
      return new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency: 'USD',
        minimumFractionDigits: field.scale,
        maximumFractionDigits: field.scale,
      }).format(Number(value));
    default:
      return null;
  }
}

async function shapeNode(
  info: ObjectInfo,
  row: RestRecord,
  paths: { segments: string[]; field: DescribeField; lookups: DescribeField[] }[],
): Promise<RecordRepresentation> {
  const fields: Record<string, FieldValueRepresentation> = {};
  const nested = new Map<string, { lookup: DescribeField; paths: typeof paths }>();
  for (const path of paths) {
    if (path.segments.length === 1) {
      const value = uiValue(path.field, row[path.field.name]);
      fields[path.field.name] = { value, displayValue: displayValueOf(path.field, value) };
      continue;
    }
    const lookup = path.lookups[0];
    const name = lookup.relationshipName as string;
    const group = nested.get(name) ?? { lookup, paths: [] };
    group.paths.push({
      segments: path.segments.slice(1),
      field: path.field,
      lookups: path.lookups.slice(1),
    });
    nested.set(name, group);
  }
  for (const [name, group] of nested) {
    const parentRow = row[name] as RestRecord | null | undefined;
    if (parentRow === null || parentRow === undefined) {
      fields[name] = { value: null, displayValue: null };
      continue;
    }
    const parentInfo = await objectInfo(group.lookup.referenceTo[0]);
    const parent = await shapeNode(parentInfo, parentRow, group.paths);
    const nameField = parentInfo.nameField;
    const displayValue =
      nameField !== undefined && typeof parentRow[nameField.name] === 'string'
        ? (parentRow[nameField.name] as string)
        : null;
    fields[name] = { value: parent, displayValue };
  }
  const lastModifiedDate =
    typeof row.LastModifiedDate === 'string'
      ? (uiValue({ type: 'datetime' } as DescribeField, row.LastModifiedDate) as string)
      : null;
  return {
    apiName: info.describe.name,
    id: String(row.Id),
    childRelationships: {},
    eTag: `${String(row.Id)}:${lastModifiedDate ?? ''}`,
    fields,
    lastModifiedById: typeof row.LastModifiedById === 'string' ? row.LastModifiedById : null,
    lastModifiedDate,
    recordTypeId:
      typeof row.RecordTypeId === 'string'
        ? row.RecordTypeId
        : info.defaultRecordTypeId || MASTER_RECORD_TYPE_ID,
    recordTypeInfo: null,
    systemModstamp:
      typeof row.SystemModstamp === 'string'
        ? (uiValue({ type: 'datetime' } as DescribeField, row.SystemModstamp) as string)
        : null,
    weakEtag: lastModifiedDate === null ? 0 : Date.parse(lastModifiedDate),
  };
}

/** Shapes a SOQL row (selected with selectList) as a Record representation with `paths`. */
export function shapeRecord(
  info: ObjectInfo,
  row: RestRecord,
  paths: ResolvedPath[],
): Promise<RecordRepresentation> {
  return shapeNode(
    info,
    row,
    paths.map((path) => ({
      segments: path.path.split('.'),
      field: path.field,
      lookups: path.lookups,
    })),
  );
}

export interface RecordQuery {
  info: ObjectInfo;
  paths: ResolvedPath[];
  /** SOQL condition, without WHERE. */
  where: string;
  orderBy?: string;
  limit?: number;
  offset?: number;
}

/** Reads records with SOQL and shapes each as a Record representation. */
export async function readRecords(query: RecordQuery): Promise<RecordRepresentation[]> {
  let soql = `SELECT ${selectList(query.info, query.paths).join(', ')} FROM ${query.info.describe.name} WHERE ${query.where}`;
  if (query.orderBy !== undefined) soql += ` ORDER BY ${query.orderBy}`;
  if (query.limit !== undefined) soql += ` LIMIT ${query.limit}`;
  if (query.offset !== undefined && query.offset > 0) soql += ` OFFSET ${query.offset}`;
  const rows = await queryAll(soql);
  return Promise.all(rows.map((row) => shapeRecord(query.info, row, query.paths)));
}

/** Reads one record by Id, or returns null when no record has it. */
export async function readRecord(
  info: ObjectInfo,
  recordId: string,
  paths: ResolvedPath[],
): Promise<RecordRepresentation | null> {
  const [record] = await readRecords({ info, paths, where: `Id = ${soqlString(recordId)}` });
  return record ?? null;
}

/** Walks a field path through a Record representation; undefined when a step is missing. */
export function fieldValueAt(
  record: RecordRepresentation | null | undefined,
  path: string,
): FieldValueRepresentation | undefined {
  let current: RecordRepresentation | null | undefined = record;
  const segments = path.split('.');
  for (let index = 0; index < segments.length; index++) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    const field: FieldValueRepresentation | undefined = current.fields?.[segments[index]];
    if (field === undefined) return undefined;
    if (index === segments.length - 1) return field;
    current = field.value as RecordRepresentation | null;
  }
  return undefined;
}

/** Freezes a value and everything it contains: Lightning Data Service hands out read-only data. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value as Record<string, unknown>)) deepFreeze(item);
  }
  return value;
}
