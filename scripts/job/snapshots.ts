// Writes Health_Snapshot__c records by upsert on Snapshot_Key__c. A snapshot of the as-of date
// that exists already is updated without its master-detail Account__c. The field is not
// reparentable, so an org rejects it in an update (INVALID_FIELD_FOR_INSERT_UPDATE).

import type { SnapshotValues } from './compare.ts';
import { snapshotKey, to18 } from './compare.ts';
import { compareText } from './read.ts';
import { writeRecords, type RowError, type WriteContext } from './write.ts';

export interface SnapshotWrite {
  accountId: string;
  values: SnapshotValues;
  modelVersion: string | null;
  /** Whether the account already has a snapshot for the as-of date. */
  exists: boolean;
}

export interface SnapshotOutcome {
  written: number;
  errors: RowError[];
  failedRequests: number;
}

/** Upserts one snapshot per account for `asOf`, sorted by account so parents lock in order. */
export async function writeSnapshots(
  ctx: WriteContext,
  snapshots: SnapshotWrite[],
  asOf: string,
): Promise<SnapshotOutcome> {
  const outcome: SnapshotOutcome = { written: 0, errors: [], failedRequests: 0 };
  const sorted = [...snapshots].sort((a, b) => compareText(a.accountId, b.accountId));
  const groups = [
    sorted.filter((snapshot) => !snapshot.exists),
    sorted.filter((snapshot) => snapshot.exists),
  ];
  for (const group of groups) {
    if (group.length === 0) {
      continue;
    }
    const records = group.map((snapshot) => {
      const record: Record<string, unknown> = {
        Snapshot_Key__c: snapshotKey(snapshot.accountId, asOf),
        Scored_On__c: asOf,
        ...snapshot.values,
        Model_Version__c: snapshot.modelVersion,
      };
      if (!snapshot.exists) {
        record.Account__c = to18(snapshot.accountId);
      }
      return record;
    });
    const result = await writeRecords(ctx, {
      sobject: 'Health_Snapshot__c',
      operation: 'upsert',
      externalIdField: 'Snapshot_Key__c',
      records,
      idOf: (_record, index) => group[index].accountId,
      retryNetworkErrors: true,
      columns: Object.keys(records[0]),
      keyField: 'Snapshot_Key__c',
    });
    outcome.written += result.saved.length;
    outcome.failedRequests += result.failedRequests;
    outcome.errors.push(...result.failed.values());
  }
  return outcome;
}
