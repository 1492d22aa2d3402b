// Local implementation of `lightning/uiRecordApi`: the getRecord wire adapter and the record
// functions, reading and writing through the local org's REST API and returning what Lightning
// Data Service returns. Every save notifies the connected wires that the record changed.

import { objectApiNameOfId, objectInfo, type ObjectInfo } from '../../lds/describe.ts';
import { invalidInput, toSaveError } from '../../lds/errors.ts';
import {
  fieldValueAt,
  readRecord,
  relativePaths,
  resolvePaths,
  type FieldId,
  type RecordRepresentation,
} from '../../lds/records.ts';
import { restRequest } from '../../lds/rest.ts';
import {
  LdsWireAdapter,
  hasValues,
  publishRecordChange,
  type RecordChange,
} from '../../lds/wire.ts';

export type { FieldId, RecordRepresentation } from '../../lds/records.ts';

export interface GetRecordConfig {
  recordId?: string;
  fields?: (FieldId | string)[] | FieldId | string;
  optionalFields?: (FieldId | string)[] | FieldId | string;
}

export interface RecordInput {
  apiName?: string;
  fields: Record<string, unknown>;
}

function listOf<T>(value: T[] | T | undefined): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function objectOf(field: FieldId | string): string {
  return typeof field === 'string' ? field.split('.')[0] : field.objectApiName;
}

async function fetchRecord(config: GetRecordConfig): Promise<RecordRepresentation> {
  const recordId = config.recordId as string;
  const fields = listOf(config.fields);
  const optionalFields = listOf(config.optionalFields);
  if (fields.length === 0 && optionalFields.length === 0) {
    throw invalidInput('getRecord needs fields or optionalFields: name the fields to read.');
  }
  // The fields name the object; an Id whose key prefix belongs to another object is not found.
  const objectApiName = objectOf(fields[0] ?? optionalFields[0]);
  const info = await objectInfo(objectApiName);
  const paths = await resolvePaths(
    info,
    relativePaths(info.describe.name, fields),
    relativePaths(info.describe.name, optionalFields),
  );
  const record = await readRecord(info, recordId, paths);
  if (record === null) {
    throw {
      ok: false,
      status: 404,
      statusText: 'Not Found',
      headers: {},
      body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
    };
  }
  return record;
}

/** Wire adapter: `@wire(getRecord, { recordId, fields, optionalFields })`. */
export class getRecord extends LdsWireAdapter<GetRecordConfig, RecordRepresentation> {
  protected isReady(config: GetRecordConfig): boolean {
    return hasValues(config, ['recordId']);
  }

  protected fetch(config: GetRecordConfig): Promise<RecordRepresentation> {
    return fetchRecord(config);
  }

  protected isAffectedBy(config: GetRecordConfig, change: RecordChange): boolean {
    return change.ids.includes(config.recordId as string);
  }
}

function pathOf(field: FieldId | string): string {
  if (typeof field !== 'string') return field.fieldApiName;
  const dot = field.indexOf('.');
  return dot < 0 ? field : field.slice(dot + 1);
}

/** Returns a field's value from a record; undefined when the record lacks the field. */
export function getFieldValue(
  record: RecordRepresentation | undefined | null,
  field: FieldId | string,
): unknown {
  return fieldValueAt(record, pathOf(field))?.value;
}

/**
 * Returns a field's display value (picklist label, formatted date or currency, a parent's name);
 * null when the field has none, undefined when the record lacks the field.
 */
export function getFieldDisplayValue(
  record: RecordRepresentation | undefined | null,
  field: FieldId | string,
): string | null | undefined {
  return fieldValueAt(record, pathOf(field))?.displayValue;
}

/** Reads back a saved record with the fields that were written, plus its name field. */
async function readSaved(
  info: ObjectInfo,
  id: string,
  fieldNames: string[],
): Promise<RecordRepresentation> {
  const names = new Set(fieldNames.filter((name) => info.field(name) !== undefined));
  if (info.nameField !== undefined) names.add(info.nameField.name);
  const paths = await resolvePaths(info, [...names], []);
  const record = await readRecord(info, id, paths);
  if (record === null) throw invalidInput(`The record ${id} was saved but cannot be read back.`);
  return record;
}

function writableFields(fields: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (name.toLowerCase() !== 'id') body[name] = value === undefined ? null : value;
  }
  return body;
}

/** Creates a record: `createRecord({ apiName, fields })`, resolving to the saved record. */
export async function createRecord(recordInput: RecordInput): Promise<RecordRepresentation> {
  const apiName = recordInput?.apiName;
  if (typeof apiName !== 'string' || apiName === '') {
    throw invalidInput('createRecord needs recordInput.apiName, the object to create.');
  }
  let info: ObjectInfo | null = null;
  let id: string;
  try {
    info = await objectInfo(apiName);
    const result = await restRequest<{ id: string }>(
      'POST',
      `/sobjects/${info.describe.name}`,
      writableFields(recordInput.fields ?? {}),
    );
    id = result.id;
  } catch (error) {
    throw toSaveError(error, info, 'create');
  }
  publishRecordChange({ ids: [id], apiNames: [info.describe.name] });
  return readSaved(info, id, Object.keys(recordInput.fields ?? {}));
}

/** Updates a record: `updateRecord({ fields: { Id, ... } })`, resolving to the saved record. */
export async function updateRecord(recordInput: RecordInput): Promise<RecordRepresentation> {
  const fields = recordInput?.fields ?? {};
  const idKey = Object.keys(fields).find((name) => name.toLowerCase() === 'id');
  const id = idKey === undefined ? undefined : fields[idKey];
  if (typeof id !== 'string' || id === '') {
    throw invalidInput('updateRecord needs recordInput.fields.Id, the Id of the record to update.');
  }
  let info: ObjectInfo | null = null;
  try {
    info = await objectInfo(recordInput.apiName ?? (await objectApiNameOfId(id)));
    await restRequest('PATCH', `/sobjects/${info.describe.name}/${id}`, writableFields(fields));
  } catch (error) {
    throw toSaveError(error, info, 'update');
  }
  publishRecordChange({ ids: [id], apiNames: [info.describe.name] });
  return readSaved(info, id, Object.keys(fields));
}

/** Deletes a record by Id. */
export async function deleteRecord(recordId: string): Promise<void> {
  let info: ObjectInfo | null = null;
  try {
    info = await objectInfo(await objectApiNameOfId(recordId));
    await restRequest('DELETE', `/sobjects/${info.describe.name}/${recordId}`);
  } catch (error) {
    throw toSaveError(error, info, 'delete');
  }
  publishRecordChange({ ids: [recordId], apiNames: [info.describe.name] });
}

/** Tells the wires that show these records to fetch them again. */
export async function notifyRecordUpdateAvailable(items: { recordId: string }[]): Promise<void> {
  const ids = items.map((item) => item.recordId);
  const apiNames = await Promise.all(ids.map((id) => objectApiNameOfId(id).catch(() => '')));
  publishRecordChange({ ids, apiNames: apiNames.filter((name) => name !== '') });
}
