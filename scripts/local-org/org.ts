// LocalOrg: the in-process API of the local org, used by the HTTP routes and the Bulk API module.
// It keeps records in memory (tables.ts), persists them to the data folder (data-file.ts), and
// saves records as a real org does: the same checks, error codes and messages, derived fields,
// cascade deletes, and allOrNone rollback.

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DATA_FORMAT_VERSION, DataFile, type OrgData } from './data-file.ts';
import { applyDerivedFields, rollUpValue, type DerivationContext } from './derived-fields.ts';
import type { Faults } from './faults.ts';
import { isWellFormedId, makeId, toId18 } from './ids.ts';
import { loadSchema, type Schema, type SObjectRecord } from './schema.ts';
import type { ChildRelationship, FieldDef, ObjectDef } from './schema-types.ts';
import { recordAttributes, runSoql, type QueryResult, type QuerySource } from './soql.ts';
import { checkReferences, checkUnique, resolveParentByExternalId } from './record-checks.ts';
import { RecordTables } from './tables.ts';
import type { OrgUser } from './users.ts';
import { WriteBatch } from './write-batch.ts';
import {
  SaveErrorException,
  checkValue,
  coerceCsvValue,
  convertJsonValue,
  formatDateTime,
  saveError,
  wrongTypeError,
  type SaveError,
} from './values.ts';

export type { SaveError } from './values.ts';
export type { SObjectRecord } from './schema.ts';
export type { ChildRelationship, FieldDef, ObjectDef } from './schema-types.ts';

export interface SaveResult {
  id: string | null;
  success: boolean;
  created?: boolean;
  errors: SaveError[];
}

export interface WriteOptions {
  user: OrgUser;
  allOrNone: boolean;
}

/** Values passed to a before-save validator. `oldRecord` is null on insert. */
export interface SaveContext {
  org: LocalOrg;
  object: ObjectDef;
  operation: 'insert' | 'update';
  oldRecord: SObjectRecord | null;
  newRecord: SObjectRecord;
  user: OrgUser;
}

/**
 * A check run on every insert and update after the platform's own checks, as validation rules
 * are. It returns the errors to report (FIELD_CUSTOM_VALIDATION_EXCEPTION for a rule), or none.
 */
export type BeforeSaveValidator = (context: SaveContext) => SaveError[] | null | undefined | void;

/** Values passed to a before-delete validator. */
export interface DeleteContext {
  org: LocalOrg;
  object: ObjectDef;
  record: SObjectRecord;
  /** Every record the delete removes, by Id: the record and those its delete cascades to. */
  deleted: ReadonlyMap<string, { object: ObjectDef; record: SObjectRecord }>;
  user: OrgUser;
}

/**
 * A check run on every delete before anything is removed, such as the validation rules of a
 * parent whose roll-up summary the delete recalculates. It returns the errors to report, or none.
 */
export type BeforeDeleteValidator = (
  context: DeleteContext,
) => SaveError[] | null | undefined | void;

export interface LocalOrgOpenOptions {
  /** Folder that contains sfdx-project.json and force-app. */
  projectDir: string;
  /** Folder of the data file; null keeps the data in memory only. */
  dataDir: string | null;
  /** API version used in record URLs, such as `68.0`. */
  apiVersion: string;
  /** Milliseconds since the epoch; defaults to Date.now. */
  clock?: () => number;
}

export const ROLLED_BACK_MESSAGE =
  'Record rolled back because not all records were valid and the request was using AllOrNone header';

interface PreparedRecord {
  record: SObjectRecord;
}

interface TreeNode {
  object: ObjectDef;
  input: SObjectRecord;
  parentField?: string;
  parentId?: string;
}

/** Result of the composite/tree resource. */
export interface TreeResult {
  hasErrors: boolean;
  results: { referenceId: string; id?: string; errors?: SaveError[] }[];
}

export class LocalOrg implements QuerySource {
  readonly schema: Schema;
  readonly apiVersion: string;
  readonly orgId: string;
  /** Checks run before every insert and update, in order (validation rules go here). */
  readonly beforeSave: BeforeSaveValidator[] = [];
  /** Checks run before every delete, in order. */
  readonly beforeDelete: BeforeDeleteValidator[] = [];
  /** Test switches; rowFailure is consulted for every row written. */
  faults: Faults | null = null;
  private readonly clock: () => number;
  private readonly tables: RecordTables;
  private readonly dataFile: DataFile | null;
  private readonly keyPrefixes: Record<string, string>;
  private nextId: number;
  private autoNumbers: Record<string, number>;
  /** Records of objects no longer in the schema, kept so that the data file does not lose them. */
  private orphanRecords: Record<string, SObjectRecord[]> = {};

  private constructor(
    options: LocalOrgOpenOptions,
    data: OrgData | null,
    dataFile: DataFile | null,
  ) {
    this.apiVersion = options.apiVersion;
    this.clock = options.clock ?? Date.now;
    this.dataFile = dataFile;
    this.keyPrefixes = { ...(data?.keyPrefixes ?? {}) };
    this.schema = loadSchema({ projectDir: options.projectDir, keyPrefixes: this.keyPrefixes });
    this.orgId = data?.orgId ?? makeId('00D', randomBytes(4).readUInt32BE(0));
    this.nextId = data?.nextId ?? 1;
    this.autoNumbers = { ...(data?.autoNumbers ?? {}) };
    this.tables = new RecordTables(this.schema);
    if (data !== null) this.loadRecords(data);
  }

  /** Opens the org: reads the schema from force-app and the records from the data folder. */
  static open(options: LocalOrgOpenOptions): LocalOrg {
    // The data file reads the org's data when it writes, so it refers to the org created below.
    const opened: { org?: LocalOrg } = {};
    const dataFile =
      options.dataDir === null
        ? null
        : new DataFile(join(options.dataDir, 'org-data.json'), () =>
            (opened.org as LocalOrg).snapshot(),
          );
    const data = dataFile?.load() ?? null;
    const org = new LocalOrg(options, data, dataFile);
    opened.org = org;
    if (data === null) dataFile?.markChanged();
    return org;
  }

  private loadRecords(data: OrgData): void {
    for (const [name, records] of Object.entries(data.records)) {
      const object = this.schema.getObject(name);
      if (object === undefined) {
        this.orphanRecords[name] = records;
        continue;
      }
      for (const record of records) this.tables.insert(object, record);
    }
    for (const records of Object.values(data.recycleBin ?? {})) {
      for (const record of records) this.tables.recycleBin.set(record.Id as string, record);
    }
  }

  private snapshot(): OrgData {
    const records: Record<string, SObjectRecord[]> = { ...this.orphanRecords };
    for (const object of this.schema.objects.values()) {
      if (object.customMetadata) continue;
      const table = this.tables.table(object);
      if (table.size > 0) records[object.name] = [...table.values()];
    }
    const recycleBin: Record<string, SObjectRecord[]> = {};
    for (const [id, record] of this.tables.recycleBin) {
      const object = this.schema.objectForKeyPrefix(id.slice(0, 3));
      const name = object?.name ?? 'Unknown';
      (recycleBin[name] ??= []).push(record);
    }
    return {
      formatVersion: DATA_FORMAT_VERSION,
      orgId: this.orgId,
      keyPrefixes: this.keyPrefixes,
      nextId: this.nextId,
      autoNumbers: this.autoNumbers,
      records,
      recycleBin,
    };
  }

  /** Path of the data file, or null for an org kept in memory. */
  get dataPath(): string | null {
    return this.dataFile?.path ?? null;
  }

  now(): number {
    return this.clock();
  }

  getObject(name: string): ObjectDef | undefined {
    return this.schema.getObject(name);
  }

  newId(object: ObjectDef): string {
    const id = makeId(object.keyPrefix, this.nextId);
    this.nextId += 1;
    return id;
  }

  // QuerySource

  *allRecords(object: ObjectDef, includeDeleted: boolean): Iterable<SObjectRecord> {
    if (object.customMetadata) {
      yield* this.schema.customMetadataRecords.get(object.name) ?? [];
      return;
    }
    yield* this.tables.table(object).values();
    if (includeDeleted) {
      for (const [id, record] of this.tables.recycleBin) {
        if (id.startsWith(object.keyPrefix)) yield record;
      }
    }
  }

  getById(id: string): { object: ObjectDef; record: SObjectRecord } | undefined {
    return this.tables.get(id);
  }

  getRecordOf(object: ObjectDef, id: string, includeDeleted: boolean): SObjectRecord | undefined {
    if (object.customMetadata) {
      return this.schema.customMetadataRecords.get(object.name)?.find((record) => record.Id === id);
    }
    const live = this.tables.table(object).get(id);
    if (live !== undefined || !includeDeleted) return live;
    return id.startsWith(object.keyPrefix) ? this.tables.recycleBin.get(id) : undefined;
  }

  childRecords(child: ObjectDef, field: FieldDef, parentId: string): SObjectRecord[] {
    const ids = this.tables.childIds(child, field, parentId);
    if (ids === undefined) return [];
    const table = this.tables.table(child);
    const records: SObjectRecord[] = [];
    for (const id of ids) {
      const record = table.get(id);
      if (record !== undefined) records.push(record);
    }
    return records.sort((a, b) => ((a.Id as string) < (b.Id as string) ? -1 : 1));
  }

  valueOf(object: ObjectDef, record: SObjectRecord, field: FieldDef): unknown {
    if (field.summary !== undefined) {
      return rollUpValue(this.schema, this.tables, field, record.Id as string);
    }
    // NOTE: formula fields are not evaluated; they read as null.
    const value = record[field.name];
    return value === undefined ? null : value;
  }

  // Queries

  /** Runs a query and returns every row, shaped as REST returns them. */
  query(soql: string, opts: { user: OrgUser }): SObjectRecord[] {
    return this.runQuery(soql, { user: opts.user, includeDeleted: false }).records;
  }

  /** Runs a query; COUNT() queries return their count as totalSize with no records. */
  runQuery(soql: string, opts: { user: OrgUser; includeDeleted: boolean }): QueryResult {
    return runSoql(this, soql, { includeDeleted: opts.includeDeleted });
  }

  /** Returns a record shaped as REST returns it, with all fields or the named ones. */
  shapeRecord(object: ObjectDef, record: SObjectRecord, fieldNames?: string[]): SObjectRecord {
    const shaped: SObjectRecord = { attributes: recordAttributes(this, object, record.Id) };
    const fields =
      fieldNames === undefined
        ? object.fields
        : fieldNames.map((name) => {
            const field = object.fieldsByLowerName.get(name.trim().toLowerCase());
            if (field === undefined) {
              throw new SaveErrorException(
                saveError(
                  'INVALID_FIELD',
                  `No such column '${name.trim()}' on sobject of type ${object.name}`,
                ),
              );
            }
            return field;
          });
    for (const field of fields) shaped[field.name] = this.valueOf(object, record, field);
    return shaped;
  }

  // Writes

  private requireObject(type: string): ObjectDef {
    const object = this.schema.getObject(type);
    if (object === undefined) {
      throw new SaveErrorException(
        saveError('INVALID_TYPE', `sObject type '${type}' is not supported.`),
      );
    }
    return object;
  }

  create(type: string, records: SObjectRecord[], opts: WriteOptions): SaveResult[] {
    const object = this.requireObject(type);
    return this.createRows(
      records.map((input) => ({ object, input })),
      opts,
    );
  }

  /**
   * Creates records whose type each one names in `attributes.type`, as sObject Collections does,
   * in one call: with allOrNone, a failure of any row undoes every row.
   */
  createMixed(records: SObjectRecord[], opts: WriteOptions): SaveResult[] {
    return this.createRows(
      records.map((input) => ({ object: this.objectOfRow(input, null), input })),
      opts,
    );
  }

  update(type: string, records: SObjectRecord[], opts: WriteOptions): SaveResult[] {
    const object = this.requireObject(type);
    return this.updateRows(
      records.map((input) => ({ object, input })),
      opts,
    );
  }

  /** Updates records whose type comes from `attributes.type`, else from their Id's key prefix. */
  updateMixed(records: SObjectRecord[], opts: WriteOptions): SaveResult[] {
    return this.updateRows(
      records.map((input) => {
        const id = valueCaseInsensitive(input, 'Id');
        const prefix = typeof id === 'string' ? id.slice(0, 3) : '';
        return {
          object: this.objectOfRow(input, this.schema.objectForKeyPrefix(prefix) ?? null),
          input,
        };
      }),
      opts,
    );
  }

  /** The object a collection row names, or the error a real org returns for the row. */
  private objectOfRow(input: SObjectRecord, fallback: ObjectDef | null): ObjectDef | SaveError {
    const attributes = input.attributes as { type?: unknown } | undefined;
    const type = attributes?.type;
    if (typeof type !== 'string' || type === '') {
      return fallback ?? saveError('INVALID_TYPE', 'Must send a concrete entity type.');
    }
    return (
      this.schema.getObject(type) ??
      saveError('INVALID_TYPE', `sObject type '${type}' is not supported.`)
    );
  }

  private createRows(
    rows: { object: ObjectDef | SaveError; input: SObjectRecord }[],
    opts: WriteOptions,
  ) {
    const batch = new WriteBatch(this.tables);
    const results = rows.map(({ object, input }): SaveResult => {
      if ('statusCode' in object) return { id: null, success: false, errors: [object] };
      const prepared = this.prepare(object, input, null, opts.user);
      if ('errors' in prepared) return { id: null, success: false, errors: prepared.errors };
      batch.insert(object, prepared.record);
      return { id: prepared.record.Id as string, success: true, errors: [] };
    });
    return this.finish(batch, results, opts.allOrNone);
  }

  private updateRows(
    rows: { object: ObjectDef | SaveError; input: SObjectRecord }[],
    opts: WriteOptions,
  ) {
    const batch = new WriteBatch(this.tables);
    const results = rows.map(({ object, input }): SaveResult => {
      if ('statusCode' in object) return { id: null, success: false, errors: [object] };
      const target = this.findUpdateTarget(object, input);
      if ('statusCode' in target) return { id: null, success: false, errors: [target] };
      // Read the target again: an earlier row of this call may have changed it.
      const current = this.tables.table(object).get(target.id) ?? target.record;
      const prepared = this.prepare(object, input, current, opts.user);
      if ('errors' in prepared) return { id: target.id, success: false, errors: prepared.errors };
      batch.replace(object, current, prepared.record);
      return { id: target.id, success: true, errors: [] };
    });
    return this.finish(batch, results, opts.allOrNone);
  }

  /**
   * Creates sObject trees (the composite/tree resource): root records of `type` with nested
   * child records under their child relationship names, all or nothing. Records are created level
   * by level. On failure the result lists only the first record that failed.
   */
  saveTree(type: string, records: SObjectRecord[], user: OrgUser): TreeResult {
    const root = this.requireObject(type);
    const batch = new WriteBatch(this.tables);
    const created: { referenceId: string; id: string }[] = [];
    let level: TreeNode[] = records.map((input) => ({ object: root, input }));
    const failWith = (referenceId: string, errors: SaveError[]): TreeResult => {
      batch.rollback();
      return { hasErrors: true, results: [{ referenceId, errors }] };
    };
    while (level.length > 0) {
      const next: TreeNode[] = [];
      for (const node of level) {
        const attributes = (node.input.attributes ?? {}) as { type?: string; referenceId?: string };
        const referenceId = attributes.referenceId ?? '';
        if (
          attributes.type !== undefined &&
          attributes.type.toLowerCase() !== node.object.name.toLowerCase()
        ) {
          return failWith(referenceId, [
            saveError(
              'INVALID_TYPE',
              `The record type ${attributes.type} does not match ${node.object.name}`,
            ),
          ]);
        }
        const body: SObjectRecord = {};
        const childGroups: { relationship: ChildRelationship; records: SObjectRecord[] }[] = [];
        for (const [key, value] of Object.entries(node.input)) {
          const relationship = node.object.childRelationshipsByLowerName.get(key.toLowerCase());
          const nested = value as { records?: unknown } | null;
          if (relationship !== undefined && nested !== null && Array.isArray(nested?.records)) {
            childGroups.push({ relationship, records: nested.records as SObjectRecord[] });
          } else {
            body[key] = value;
          }
        }
        if (node.parentField !== undefined) body[node.parentField] = node.parentId;
        const prepared = this.prepare(node.object, body, null, user);
        if ('errors' in prepared) return failWith(referenceId, prepared.errors);
        batch.insert(node.object, prepared.record);
        const id = prepared.record.Id as string;
        created.push({ referenceId, id });
        for (const group of childGroups) {
          const child = this.requireObject(group.relationship.childSObject);
          for (const input of group.records) {
            next.push({
              object: child,
              input,
              parentField: group.relationship.field,
              parentId: id,
            });
          }
        }
      }
      level = next;
    }
    if (batch.changed) this.dataFile?.markChanged();
    return { hasErrors: false, results: created };
  }

  upsert(
    type: string,
    externalIdField: string,
    records: SObjectRecord[],
    opts: WriteOptions,
  ): SaveResult[] {
    const object = this.requireObject(type);
    const keyField = object.fieldsByLowerName.get(externalIdField.toLowerCase());
    if (keyField === undefined || (keyField.type !== 'id' && !keyField.externalId)) {
      throw new SaveErrorException(
        saveError(
          'NOT_FOUND',
          `Provided external ID field does not exist or is not accessible: ${externalIdField}`,
        ),
      );
    }
    const keys = records.map((input) => this.upsertKey(keyField, input));
    const counts = new Map<string, number>();
    for (const key of keys) {
      if (typeof key === 'string') counts.set(key, (counts.get(key) ?? 0) + 1);
    }

    const batch = new WriteBatch(this.tables);
    const results = records.map((input, index) => {
      const key = keys[index];
      const duplicated = typeof key === 'string' && (counts.get(key) ?? 0) > 1;
      return this.upsertRow(object, keyField, input, key, duplicated, batch, opts.user);
    });
    return this.finish(batch, results, opts.allOrNone);
  }

  /** Inserts or updates one upsert row, depending on how many records its key matches. */
  private upsertRow(
    object: ObjectDef,
    keyField: FieldDef,
    input: SObjectRecord,
    key: string | null | SaveError,
    duplicated: boolean,
    batch: WriteBatch,
    user: OrgUser,
  ): SaveResult {
    const failed = (error: SaveError): SaveResult => ({
      id: null,
      success: false,
      errors: [error],
    });
    if (typeof key === 'object' && key !== null) return failed(key);
    if (duplicated) {
      const shown = String(valueCaseInsensitive(input, keyField.name) ?? key);
      return failed(
        saveError('DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${shown}`, [
          keyField.name,
        ]),
      );
    }

    const matches = key === null ? [] : this.findByKey(object, keyField, key);
    if (matches.length > 1) {
      return failed(
        saveError(
          'DUPLICATE_EXTERNAL_ID',
          `${keyField.label}: more than one record found for external id field: [${matches.join(', ')}]`,
          [keyField.name],
        ),
      );
    }

    const body = withoutKey(input, keyField.type === 'id' ? 'id' : null);
    if (matches.length === 1) {
      const existing = this.tables.table(object).get(matches[0]) as SObjectRecord;
      const prepared = this.prepare(object, body, existing, user);
      if ('errors' in prepared) {
        return { id: matches[0], success: false, created: false, errors: prepared.errors };
      }
      batch.replace(object, existing, prepared.record);
      return { id: matches[0], success: true, created: false, errors: [] };
    }

    if (keyField.type === 'id' && key !== null) {
      return failed(
        saveError(
          'NOT_FOUND',
          `Provided external ID field does not exist or is not accessible: ${key}`,
        ),
      );
    }
    const prepared = this.prepare(object, body, null, user);
    if ('errors' in prepared) {
      return { id: null, success: false, created: false, errors: prepared.errors };
    }
    batch.insert(object, prepared.record);
    return { id: prepared.record.Id as string, success: true, created: true, errors: [] };
  }

  /** Returns the normalized key of an upsert row, null for an insert by Id, or the row's error. */
  private upsertKey(keyField: FieldDef, input: SObjectRecord): string | null | SaveError {
    const raw = valueCaseInsensitive(input, keyField.name);
    if (keyField.type === 'id') {
      if (raw === undefined || raw === null || raw === '') return null;
      const id = typeof raw === 'string' && isWellFormedId(raw) ? toId18(raw) : null;
      return (
        id ??
        saveError('MALFORMED_ID', `Record ID: id value of incorrect type: ${String(raw)}`, ['Id'])
      );
    }
    if (raw === undefined || raw === null || raw === '') {
      return saveError('MISSING_ARGUMENT', `${keyField.name} not specified`, [keyField.name]);
    }
    const converted = convertJsonValue(keyField, raw);
    if ('expected' in converted) return wrongTypeError(keyField, raw);
    return keyField.caseSensitive ? String(converted.value) : String(converted.value).toLowerCase();
  }

  private findByKey(object: ObjectDef, keyField: FieldDef, key: string): string[] {
    if (keyField.type === 'id') {
      return this.tables.table(object).has(key) ? [key] : [];
    }
    return [...(this.tables.idsWithValue(object, keyField, key) ?? [])];
  }

  private findUpdateTarget(
    object: ObjectDef,
    input: SObjectRecord,
  ): { id: string; record: SObjectRecord } | SaveError {
    const raw = valueCaseInsensitive(input, 'Id');
    if (raw === undefined || raw === null || raw === '') {
      return saveError('MISSING_ARGUMENT', 'Id not specified in an update call', []);
    }
    const id = typeof raw === 'string' && isWellFormedId(raw) ? toId18(raw) : null;
    if (id === null || !id.startsWith(object.keyPrefix)) {
      return saveError(
        'MALFORMED_ID',
        `${object.label} ID: id value of incorrect type: ${String(raw)}`,
        ['Id'],
      );
    }
    const record = this.tables.table(object).get(id);
    if (record !== undefined) return { id, record };
    if (this.tables.recycleBin.has(id))
      return saveError('ENTITY_IS_DELETED', 'entity is deleted', []);
    return saveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
  }

  /** Applies the batch, or rolls it back when allOrNone is set and a row failed. */
  private finish(batch: WriteBatch, results: SaveResult[], allOrNone: boolean): SaveResult[] {
    if (allOrNone && results.some((result) => !result.success)) {
      batch.rollback();
      return results.map((result) =>
        result.success
          ? {
              id: null,
              success: false,
              ...(result.created === undefined ? {} : { created: result.created }),
              errors: [saveError('ALL_OR_NONE_OPERATION_ROLLED_BACK', ROLLED_BACK_MESSAGE)],
            }
          : { ...result, id: null },
      );
    }
    if (batch.changed) this.dataFile?.markChanged();
    return results;
  }

  /**
   * Builds the record to save from the caller's values and, on update, the stored record. Then
   * checks it in a real org's order: field names, writability, types, lengths, ranges,
   * picklists, references, required fields and uniqueness. The before-save validators and the
   * injected row failures come last.
   */
  private prepare(
    object: ObjectDef,
    input: SObjectRecord,
    oldRecord: SObjectRecord | null,
    user: OrgUser,
  ): PreparedRecord | { errors: SaveError[] } {
    const inserting = oldRecord === null;
    const fail = (error: SaveError) => ({ errors: [error] });
    if (object.customMetadata || (inserting ? !object.createable : !object.updateable)) {
      return fail(
        saveError(
          'INVALID_TYPE_FOR_OPERATION',
          `entity type cannot be ${inserting ? 'inserted' : 'updated'}: ${object.name}`,
        ),
      );
    }

    const record: SObjectRecord = inserting ? {} : { ...oldRecord };
    const explicit = new Set<string>();
    const notWritable: string[] = [];
    for (const [key, value] of Object.entries(input)) {
      const lower = key.toLowerCase();
      if (lower === 'attributes') continue;
      if (lower === 'id') {
        if (inserting && value !== undefined && value !== null) {
          return fail(
            saveError('INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', [
              'Id',
            ]),
          );
        }
        continue;
      }
      if (value === undefined) continue;
      let field = object.fieldsByLowerName.get(lower);
      let fieldValue = value;
      if (field === undefined && value !== null && typeof value === 'object') {
        const resolved = resolveParentByExternalId(
          this.schema,
          this.tables,
          object,
          lower,
          value as SObjectRecord,
        );
        if ('statusCode' in resolved) return fail(resolved);
        field = resolved.field;
        fieldValue = resolved.id;
      }
      if (field === undefined) {
        return fail(
          saveError('INVALID_FIELD', `No such column '${key}' on sobject of type ${object.name}`),
        );
      }
      if (inserting ? !field.createable : !field.updateable) {
        notWritable.push(field.name);
        continue;
      }
      const converted = convertJsonValue(field, fieldValue);
      if ('expected' in converted) return fail(wrongTypeError(field, fieldValue));
      const checked = checkValue(field, converted.value);
      if ('statusCode' in checked) return fail(checked);
      // A checkbox cannot be null: the API stores false.
      record[field.name] =
        field.type === 'boolean' && checked.value === null ? false : checked.value;
      explicit.add(field.name);
    }
    if (notWritable.length > 0) {
      return fail(
        saveError(
          'INVALID_FIELD_FOR_INSERT_UPDATE',
          `Unable to create/update fields: ${notWritable.join(', ')}. Please check the security ` +
            'settings of this field and verify that it is read/write for your profile or permission set.',
          notWritable,
        ),
      );
    }

    if (inserting) {
      record.Id = this.newId(object);
      for (const field of object.fields) {
        if (record[field.name] === undefined && field.defaultValue !== undefined) {
          record[field.name] = field.defaultValue;
        }
      }
      if (object.fieldsByLowerName.has('ownerid') && record.OwnerId == null)
        record.OwnerId = user.Id;
    }

    const referenceError = checkReferences(this.schema, this.tables, object, record, explicit);
    if (referenceError !== null) return fail(referenceError);

    const missing = object.fields
      .filter(
        (field) =>
          field.required && (record[field.name] === null || record[field.name] === undefined),
      )
      .map((field) => field.name);
    if (missing.length > 0) {
      return fail(
        saveError(
          'REQUIRED_FIELD_MISSING',
          `Required fields are missing: [${missing.join(', ')}]`,
          missing,
        ),
      );
    }

    for (const field of object.fields) {
      if (record[field.name] === undefined) record[field.name] = null;
    }
    applyDerivedFields(this.derivationContext(user), object, record, oldRecord, explicit);

    const duplicate = checkUnique(this.tables, object, record);
    if (duplicate !== null) return fail(duplicate);

    const context: SaveContext = {
      org: this,
      object,
      operation: inserting ? 'insert' : 'update',
      oldRecord,
      newRecord: record,
      user,
    };
    for (const validator of this.beforeSave) {
      const errors = validator(context);
      if (errors && errors.length > 0) return { errors };
    }
    const injected = this.faults?.rowFailure(object.name, record) ?? null;
    if (injected !== null) return fail(injected);
    return { record };
  }

  private derivationContext(user: OrgUser): DerivationContext {
    return {
      schema: this.schema,
      tables: this.tables,
      userId: user.Id,
      now: this.clock(),
      nextAutoNumber: (object, field) => {
        const key = `${object.name}.${field.name}`;
        const number = this.autoNumbers[key] ?? field.autoNumber?.startingNumber ?? 1;
        this.autoNumbers[key] = number + 1;
        return number;
      },
    };
  }

  delete(ids: string[], opts: WriteOptions): SaveResult[] {
    const batch = new WriteBatch(this.tables);
    const deletedAt = formatDateTime(this.clock());
    const results = ids.map((raw): SaveResult => {
      const id = typeof raw === 'string' && isWellFormedId(raw) ? toId18(raw) : null;
      if (id === null) {
        return {
          id: null,
          success: false,
          errors: [saveError('MALFORMED_ID', `malformed id ${String(raw)}`)],
        };
      }
      const stored = this.tables.get(id);
      if (stored === undefined) {
        const error = this.tables.recycleBin.has(id)
          ? saveError('ENTITY_IS_DELETED', 'entity is deleted')
          : saveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
        return { id, success: false, errors: [error] };
      }
      if (!stored.object.deletable || stored.object.customMetadata) {
        const error = saveError(
          'INVALID_TYPE_FOR_OPERATION',
          `entity type cannot be deleted: ${stored.object.name}`,
        );
        return { id, success: false, errors: [error] };
      }
      const errors = this.deleteWithChildren(
        stored.object,
        stored.record,
        batch,
        deletedAt,
        opts.user,
      );
      if (errors !== null) return { id, success: false, errors };
      return { id, success: true, errors: [] };
    });
    return this.finish(batch, results, opts.allOrNone);
  }

  /**
   * Deletes a record and the records that cascade from it, as a real org does: the details of a
   * master, the contacts and opportunities of an account, and activities. Lookups that point at
   * any deleted record are cleared, and the delete fails while a restricting lookup points at one.
   */
  private deleteWithChildren(
    object: ObjectDef,
    record: SObjectRecord,
    batch: WriteBatch,
    deletedAt: string,
    user: OrgUser,
  ): SaveError[] | null {
    const doomed = new Map<string, { object: ObjectDef; record: SObjectRecord }>();
    const collect = (current: ObjectDef, currentRecord: SObjectRecord): void => {
      doomed.set(currentRecord.Id as string, { object: current, record: currentRecord });
      for (const relationship of current.childRelationships) {
        if (!relationship.cascadeDelete) continue;
        const child = this.schema.getObject(relationship.childSObject) as ObjectDef;
        const field = child.fieldsByLowerName.get(relationship.field.toLowerCase()) as FieldDef;
        for (const childRecord of this.childRecords(child, field, currentRecord.Id as string)) {
          if (!doomed.has(childRecord.Id as string)) collect(child, childRecord);
        }
      }
    };
    collect(object, record);

    const clearLookups: { object: ObjectDef; field: FieldDef; record: SObjectRecord }[] = [];
    for (const [id, entry] of doomed) {
      for (const other of this.schema.objects.values()) {
        for (const field of other.fields) {
          if (field.type !== 'reference' || field.cascadeDelete || field.derived) continue;
          if (!(field.referenceTo ?? []).includes(entry.object.name)) continue;
          for (const childRecord of this.childRecords(other, field, id)) {
            if (doomed.has(childRecord.Id as string)) continue;
            if (field.restrictedDelete) {
              return [
                saveError(
                  'DELETE_FAILED',
                  `Your attempt to delete ${String(entry.record.Name ?? id)} could not be completed ` +
                    `because it is associated with the following ${other.labelPlural.toLowerCase()}: ` +
                    `${String(childRecord.Name ?? childRecord.Id)}`,
                ),
              ];
            }
            clearLookups.push({ object: other, field, record: childRecord });
          }
        }
      }
    }
    for (const validator of this.beforeDelete) {
      const errors = validator({ org: this, object, record, deleted: doomed, user });
      if (errors && errors.length > 0) return errors;
    }
    for (const { object: other, field, record: childRecord } of clearLookups) {
      const current = this.tables.table(other).get(childRecord.Id as string) ?? childRecord;
      batch.replace(other, current, { ...current, [field.name]: null });
    }
    for (const entry of [...doomed.values()].reverse()) {
      batch.remove(entry.object, entry.record, deletedAt, user.Id);
    }
    return null;
  }

  /** Converts a CSV cell of a Bulk API ingest job; see coerceCsvValue for empty and `#N/A`. */
  coerce(type: string, field: string, raw: string): unknown {
    const object = this.requireObject(type);
    const fieldDef = object.fieldsByLowerName.get(field.toLowerCase());
    if (fieldDef === undefined) {
      throw new SaveErrorException(
        saveError('INVALID_FIELD', `No such column '${field}' on sobject of type ${object.name}`),
      );
    }
    return coerceCsvValue(fieldDef, raw);
  }

  /**
   * Stores records the org creates itself (its users) when they are missing, bypassing the save
   * checks. Records already stored are kept as they are, with any changes made through the API.
   */
  putSystemRecords(type: string, records: SObjectRecord[]): void {
    const object = this.requireObject(type);
    const timestamp = formatDateTime(this.clock());
    for (const input of records) {
      if (this.tables.table(object).has(input.Id as string)) continue;
      const record: SObjectRecord = {};
      for (const field of object.fields) record[field.name] = null;
      Object.assign(record, {
        IsDeleted: false,
        CreatedDate: timestamp,
        LastModifiedDate: timestamp,
        SystemModstamp: timestamp,
        CreatedById: input.Id,
        LastModifiedById: input.Id,
        ...input,
      });
      this.tables.insert(object, record);
      this.dataFile?.markChanged();
    }
  }

  /** Deletes every record except users, and empties the recycle bin. */
  reset(): void {
    const userObject = this.requireObject('User');
    const users = [...this.tables.table(userObject).values()];
    this.tables.clear();
    for (const user of users) this.tables.insert(userObject, user);
    this.orphanRecords = {};
    this.autoNumbers = {};
    this.dataFile?.markChanged();
  }

  /** Writes pending changes to the data folder now. */
  flush(): Promise<void> {
    return this.dataFile?.flush() ?? Promise.resolve();
  }

  /** Writes pending changes and releases the data file. */
  close(): Promise<void> {
    return this.dataFile?.close() ?? Promise.resolve();
  }
}

function valueCaseInsensitive(input: SObjectRecord, name: string): unknown {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(input)) {
    if (key.toLowerCase() === lower) return value;
  }
  return undefined;
}

function withoutKey(input: SObjectRecord, lowerKey: string | null): SObjectRecord {
  if (lowerKey === null) return input;
  const copy: SObjectRecord = {};
  for (const [key, value] of Object.entries(input)) {
    if (key.toLowerCase() !== lowerKey) copy[key] = value;
  }
  return copy;
}
