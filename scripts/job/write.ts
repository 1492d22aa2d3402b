// Writes through sObject Collections (200 records per request, allOrNone false) or, for many
// rows, Bulk API 2.0 ingest. jsforce does not retry POST or PATCH, so updates by Id and upserts
// by external Id are retried here; both are safe to repeat. A row that fails is returned with
// the fields and the error Salesforce named, and the other rows go on.

import type { Connection } from 'jsforce';
import { describeApiError, sendRequest, toApiError, withRetry, type RetryPolicy } from './api.ts';
import { bulkIngest, type BulkOptions } from './bulk.ts';
import type { Logger } from './log.ts';

/** sObject Collections take at most 200 records per request. */
export const COLLECTION_SIZE = 200;

/**
 * Collection requests in flight at once. Parallel requests shorten a large run; four stays well
 * inside the org's limit of concurrent long-running requests.
 */
export const WRITE_CONCURRENCY = 4;

export interface RowError {
  /** The record's Id, or for a new record the Id of the account it belongs to. */
  id: string | null;
  sobject: string;
  fields: string[];
  errorCode: string;
  message: string;
}

export interface WriteOutcome {
  /** Indexes into the records given, of the rows that were saved. */
  saved: number[];
  /** Ids returned for the saved rows, by index. */
  ids: Map<number, string>;
  /** Failed rows by index. */
  failed: Map<number, RowError>;
  /** Requests that failed as a whole (after retries); their rows are in `failed` too. */
  failedRequests: number;
}

export interface WriteContext {
  conn: Connection;
  log: Logger;
  retry?: RetryPolicy;
  bulk: BulkOptions;
  /** Above this many rows, writes go through Bulk API 2.0. */
  bulkThreshold: number;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

interface CollectionResult {
  id?: string | null;
  success: boolean;
  created?: boolean;
  errors?: { statusCode?: string; message?: string; fields?: string[] }[];
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

/** Runs `tasks` with at most `limit` of them at a time, in order of start. */
async function runLimited(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const task = tasks[next];
      next += 1;
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

export interface CollectionWrite {
  sobject: string;
  operation: 'update' | 'upsert' | 'create';
  /** For upserts. */
  externalIdField?: string;
  records: Record<string, unknown>[];
  /** The Id a row error names for the record at an index. */
  idOf: (record: Record<string, unknown>, index: number) => string | null;
  /** Whether a request that lost its connection may be sent again (false for creates). */
  retryNetworkErrors: boolean;
}

/** Writes records with sObject Collections, WRITE_CONCURRENCY requests at a time. */
export async function writeCollections(
  ctx: WriteContext,
  write: CollectionWrite,
): Promise<WriteOutcome> {
  const outcome: WriteOutcome = { saved: [], ids: new Map(), failed: new Map(), failedRequests: 0 };
  const indexed = write.records.map((record, index) => ({ record, index }));
  const chunks = chunk(indexed, COLLECTION_SIZE);
  const method = write.operation === 'create' ? 'POST' : 'PATCH';
  const url =
    write.operation === 'upsert'
      ? `/composite/sobjects/${write.sobject}/${write.externalIdField}`
      : '/composite/sobjects';
  let done = 0;

  const tasks = chunks.map((rows) => async () => {
    const body = JSON.stringify({
      allOrNone: false,
      records: rows.map(({ record }) => ({ attributes: { type: write.sobject }, ...record })),
    });
    try {
      const { body: results } = await withRetry(
        `Writing ${rows.length} ${write.sobject} records`,
        () =>
          sendRequest<CollectionResult[]>(ctx.conn, {
            method,
            url,
            body,
            headers: { 'Content-Type': 'application/json; charset=UTF-8' },
          }),
        { log: ctx.log, policy: ctx.retry, networkErrors: write.retryNetworkErrors },
      );
      rows.forEach(({ record, index }, position) => {
        const result = results[position];
        if (result?.success === true) {
          outcome.saved.push(index);
          if (typeof result.id === 'string') {
            outcome.ids.set(index, result.id);
          }
          return;
        }
        const error = result?.errors?.[0];
        outcome.failed.set(index, {
          id: write.idOf(record, index),
          sobject: write.sobject,
          fields: error?.fields ?? [],
          errorCode: error?.statusCode ?? 'UNKNOWN_ERROR',
          message: error?.message ?? 'The org returned no result for this record',
        });
      });
    } catch (thrown) {
      const error = toApiError(thrown);
      outcome.failedRequests += 1;
      ctx.log.error(
        `Writing ${rows.length} ${write.sobject} records failed: ${describeApiError(error)}`,
      );
      for (const { record, index } of rows) {
        outcome.failed.set(index, {
          id: write.idOf(record, index),
          sobject: write.sobject,
          fields: error.fields,
          errorCode: error.errorCode,
          message: error.message,
        });
      }
    }
    done += rows.length;
    ctx.onProgress?.(done, write.records.length);
  });
  await runLimited(tasks, ctx.concurrency ?? WRITE_CONCURRENCY);
  outcome.saved.sort((a, b) => a - b);
  return outcome;
}

/**
 * Writes records through Bulk API 2.0 ingest jobs. `columns` are the CSV columns; a record must
 * carry every one (null clears the field). Failed rows are matched to the records by `keyField`.
 */
export async function writeBulk(
  ctx: WriteContext,
  write: CollectionWrite & { columns: string[]; keyField: string },
): Promise<WriteOutcome> {
  const outcome: WriteOutcome = { saved: [], ids: new Map(), failed: new Map(), failedRequests: 0 };
  const byKey = new Map<string, number>();
  write.records.forEach((record, index) => byKey.set(String(record[write.keyField]), index));
  try {
    const { failures, failedJobs } = await bulkIngest(
      ctx.conn,
      {
        sobject: write.sobject,
        operation: write.operation === 'create' ? 'insert' : write.operation,
        externalIdFieldName: write.externalIdField,
        columns: write.columns,
        records: write.records,
      },
      ctx.bulk,
    );
    outcome.failedRequests += failedJobs;
    for (const failure of failures) {
      const index = byKey.get(failure.row[write.keyField] ?? '');
      if (index === undefined) {
        ctx.log.warn(
          `A failed Bulk API row matches no record sent (${write.keyField} ${failure.row[write.keyField]}): ${failure.errorCode}`,
        );
        continue;
      }
      outcome.failed.set(index, {
        id: write.idOf(write.records[index], index),
        sobject: write.sobject,
        fields: failure.fields,
        errorCode: failure.errorCode,
        message: failure.message,
      });
    }
    write.records.forEach((_record, index) => {
      if (!outcome.failed.has(index)) {
        outcome.saved.push(index);
      }
    });
  } catch (thrown) {
    const error = toApiError(thrown);
    outcome.failedRequests += 1;
    ctx.log.error(`Bulk ${write.operation} of ${write.sobject} failed: ${describeApiError(error)}`);
    write.records.forEach((record, index) => {
      outcome.failed.set(index, {
        id: write.idOf(record, index),
        sobject: write.sobject,
        fields: error.fields,
        errorCode: error.errorCode,
        message: error.message,
      });
    });
  }
  outcome.saved.sort((a, b) => a - b);
  ctx.onProgress?.(write.records.length, write.records.length);
  return outcome;
}

/** Writes by Bulk API 2.0 above the context's threshold, else by sObject Collections. */
export async function writeRecords(
  ctx: WriteContext,
  write: CollectionWrite & { columns: string[]; keyField: string },
): Promise<WriteOutcome> {
  if (write.records.length > ctx.bulkThreshold && write.operation !== 'create') {
    ctx.log.debug(`Writing ${write.records.length} ${write.sobject} records by Bulk API 2.0`);
    return writeBulk(ctx, write);
  }
  return writeCollections(ctx, write);
}
