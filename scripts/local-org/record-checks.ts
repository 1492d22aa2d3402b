// Checks of a record about to be saved that read other records: parents named by external Id,
// references to missing, deleted or wrong-type records and inactive owners, and unique values.

import type { Schema, SObjectRecord } from './schema.ts';
import type { FieldDef, ObjectDef } from './schema-types.ts';
import type { RecordTables } from './tables.ts';
import { saveError, type SaveError } from './values.ts';

/** Resolves `"Account": {"Ext_Id__c": "A-1"}` (a parent named by its external Id). */
export function resolveParentByExternalId(
  schema: Schema,
  tables: RecordTables,
  object: ObjectDef,
  relationshipName: string,
  value: SObjectRecord,
): { field: FieldDef; id: string } | SaveError {
  const field = object.parentRelationships.get(relationshipName);
  const parent =
    field?.referenceTo?.length === 1 ? schema.getObject(field.referenceTo[0]) : undefined;
  const entries = Object.entries(value).filter(([key]) => key !== 'attributes');
  if (field === undefined || parent === undefined || entries.length !== 1) {
    return saveError(
      'INVALID_FIELD',
      `No such column '${relationshipName}' on sobject of type ${object.name}`,
    );
  }
  const [keyName, keyValue] = entries[0];
  const keyField = parent.fieldsByLowerName.get(keyName.toLowerCase());
  if (keyField === undefined || !keyField.externalId) {
    return saveError('INVALID_FIELD', `${keyName} is not an external ID field of ${parent.name}`, [
      field.name,
    ]);
  }
  const ids = [...(tables.idsWithValue(parent, keyField, keyValue) ?? [])];
  if (ids.length !== 1) {
    const problem = ids.length === 0 ? 'not found' : 'matches more than one record';
    return saveError(
      'INVALID_FIELD',
      `Foreign key external ID: ${String(keyValue)} ${problem} for field ${keyField.name} in entity ${parent.name}`,
      [field.name],
    );
  }
  return { field, id: ids[0] };
}

export function checkReferences(
  schema: Schema,
  tables: RecordTables,
  object: ObjectDef,
  record: SObjectRecord,
  explicit: Set<string>,
): SaveError | null {
  for (const name of explicit) {
    const field = object.fieldsByLowerName.get(name.toLowerCase()) as FieldDef;
    const id = record[field.name];
    if (field.type !== 'reference' || typeof id !== 'string') continue;
    const targetObject = schema.objectForKeyPrefix(id.slice(0, 3));
    if (targetObject === undefined || !(field.referenceTo ?? []).includes(targetObject.name)) {
      return saveError(
        'FIELD_INTEGRITY_EXCEPTION',
        `${field.label}: id value of incorrect type: ${id}`,
        [field.name],
      );
    }
    const target = tables.table(targetObject).get(id);
    if (target === undefined) {
      return tables.recycleBin.has(id)
        ? saveError('ENTITY_IS_DELETED', 'entity is deleted', [field.name])
        : saveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [field.name]);
    }
    if (field.name === 'OwnerId' && targetObject.name === 'User' && target.IsActive !== true) {
      return saveError(
        'INACTIVE_OWNER_OR_USER',
        `operation performed with inactive user [${id}] as owner of ${object.label.toLowerCase()}`,
        [],
      );
    }
  }
  return null;
}

export function checkUnique(
  tables: RecordTables,
  object: ObjectDef,
  record: SObjectRecord,
): SaveError | null {
  for (const field of object.fields) {
    const value = record[field.name];
    if (!field.unique || value === null || value === undefined) continue;
    for (const id of tables.idsWithValue(object, field, value) ?? []) {
      if (id !== record.Id) {
        return saveError(
          'DUPLICATE_VALUE',
          `duplicate value found: ${field.name} duplicates value on record with id: ${id}`,
          [],
        );
      }
    }
  }
  return null;
}
