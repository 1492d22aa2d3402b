// In-memory record tables with the indexes that keep writes and queries fast at tens of thousands
// of records: Id lookup, children by parent Id for every reference field, and values of unique
// and external Id fields.

import type { Schema, SObjectRecord } from './schema.ts';
import type { FieldDef, ObjectDef } from './schema-types.ts';

export interface StoredRecord {
  object: ObjectDef;
  record: SObjectRecord;
}

function indexKey(object: ObjectDef, field: FieldDef): string {
  return `${object.name}.${field.name}`;
}

/** Normalizes a unique value the way the org compares it (case-insensitive unless marked). */
export function uniqueValueKey(field: FieldDef, value: unknown): string {
  const text = String(value);
  return field.caseSensitive ? text : text.toLowerCase();
}

export class RecordTables {
  private readonly schema: Schema;
  /** Records by object name, then Id; each map keeps insertion order, which is Id order. */
  private readonly tables = new Map<string, Map<string, SObjectRecord>>();
  /** `Child.Field` -> parent Id -> child Ids. */
  private readonly children = new Map<string, Map<string, Set<string>>>();
  /** `Object.Field` -> normalized value -> Ids, for unique and external Id fields. */
  private readonly uniques = new Map<string, Map<string, Set<string>>>();
  /** Deleted records by Id, with IsDeleted true, for queryAll and ENTITY_IS_DELETED. */
  readonly recycleBin = new Map<string, SObjectRecord>();

  constructor(schema: Schema) {
    this.schema = schema;
  }

  table(object: ObjectDef): Map<string, SObjectRecord> {
    let table = this.tables.get(object.name);
    if (table === undefined) {
      table = new Map();
      this.tables.set(object.name, table);
    }
    return table;
  }

  /** Returns the live record with this 18-character Id, and its object. */
  get(id: string): StoredRecord | undefined {
    const object = this.schema.objectForKeyPrefix(id.slice(0, 3));
    if (object === undefined) return undefined;
    const record = this.tables.get(object.name)?.get(id);
    return record === undefined ? undefined : { object, record };
  }

  count(object: ObjectDef): number {
    return this.tables.get(object.name)?.size ?? 0;
  }

  insert(object: ObjectDef, record: SObjectRecord): void {
    this.table(object).set(record.Id as string, record);
    this.index(object, record);
  }

  /** Replaces a record by a new version with the same Id. */
  replace(object: ObjectDef, oldRecord: SObjectRecord, newRecord: SObjectRecord): void {
    this.unindex(object, oldRecord);
    this.table(object).set(newRecord.Id as string, newRecord);
    this.index(object, newRecord);
  }

  remove(object: ObjectDef, record: SObjectRecord): void {
    this.unindex(object, record);
    this.tables.get(object.name)?.delete(record.Id as string);
  }

  /** Ids of the records of `child` whose `field` points at `parentId`. */
  childIds(child: ObjectDef, field: FieldDef, parentId: string): Set<string> | undefined {
    return this.children.get(indexKey(child, field))?.get(parentId);
  }

  /** Ids of the records of `object` whose unique or external Id `field` equals `value`. */
  idsWithValue(object: ObjectDef, field: FieldDef, value: unknown): Set<string> | undefined {
    return this.uniques.get(indexKey(object, field))?.get(uniqueValueKey(field, value));
  }

  clear(): void {
    this.tables.clear();
    this.children.clear();
    this.uniques.clear();
    this.recycleBin.clear();
  }

  private index(object: ObjectDef, record: SObjectRecord): void {
    const id = record.Id as string;
    for (const field of object.fields) {
      const value = record[field.name];
      if (value === null || value === undefined) continue;
      if (field.type === 'reference') {
        addToIndex(this.children, indexKey(object, field), value as string, id);
      } else if (field.unique || field.externalId) {
        addToIndex(this.uniques, indexKey(object, field), uniqueValueKey(field, value), id);
      }
    }
  }

  private unindex(object: ObjectDef, record: SObjectRecord): void {
    const id = record.Id as string;
    for (const field of object.fields) {
      const value = record[field.name];
      if (value === null || value === undefined) continue;
      if (field.type === 'reference') {
        removeFromIndex(this.children, indexKey(object, field), value as string, id);
      } else if (field.unique || field.externalId) {
        removeFromIndex(this.uniques, indexKey(object, field), uniqueValueKey(field, value), id);
      }
    }
  }
}

function addToIndex(
  indexes: Map<string, Map<string, Set<string>>>,
  key: string,
  value: string,
  id: string,
): void {
  let index = indexes.get(key);
  if (index === undefined) {
    index = new Map();
    indexes.set(key, index);
  }
  let ids = index.get(value);
  if (ids === undefined) {
    ids = new Set();
    index.set(value, ids);
  }
  ids.add(id);
}

function removeFromIndex(
  indexes: Map<string, Map<string, Set<string>>>,
  key: string,
  value: string,
  id: string,
): void {
  const index = indexes.get(key);
  const ids = index?.get(value);
  if (ids === undefined) return;
  ids.delete(id);
  if (ids.size === 0) index?.delete(value);
}
