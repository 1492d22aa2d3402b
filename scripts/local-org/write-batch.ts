// The changes of one write call, kept so that they can be undone when allOrNone fails.

import type { SObjectRecord } from './schema.ts';
import type { ObjectDef } from './schema-types.ts';
import type { RecordTables } from './tables.ts';

/** Records the changes of one write call so they can be undone when allOrNone fails. */
export class WriteBatch {
  private readonly undo: (() => void)[] = [];
  private readonly tables: RecordTables;
  changed = false;

  constructor(tables: RecordTables) {
    this.tables = tables;
  }

  insert(object: ObjectDef, record: SObjectRecord): void {
    this.tables.insert(object, record);
    this.undo.push(() => this.tables.remove(object, record));
    this.changed = true;
  }

  replace(object: ObjectDef, oldRecord: SObjectRecord, newRecord: SObjectRecord): void {
    this.tables.replace(object, oldRecord, newRecord);
    this.undo.push(() => this.tables.replace(object, newRecord, oldRecord));
    this.changed = true;
  }

  remove(object: ObjectDef, record: SObjectRecord, deletedAt: string, userId: string): void {
    this.tables.remove(object, record);
    const id = record.Id as string;
    this.tables.recycleBin.set(id, {
      ...record,
      IsDeleted: true,
      LastModifiedDate: deletedAt,
      LastModifiedById: userId,
      SystemModstamp: deletedAt,
    });
    this.undo.push(() => {
      this.tables.recycleBin.delete(id);
      this.tables.insert(object, record);
    });
    this.changed = true;
  }

  rollback(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) this.undo[i]();
    this.undo.length = 0;
    this.changed = false;
  }
}
