// Bulk API 2.0 query and ingest, driven directly rather than through jsforce's bulk2 module:
// jsforce 3.10's bulk2.query pipes every result page into one CSV parser, so a multi-page result
// yields header rows as records. Here each page is fetched with `locator`/`maxRecords` and parsed
// on its own.

import type { Connection } from 'jsforce';
import { parse } from 'csv-parse/sync';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ApiError,
  describeApiError,
  sendRequest,
  toApiError,
  withRetry,
  type RetryPolicy,
} from './api.ts';
import type { FieldSpec } from './fields.ts';
import type { Logger } from './log.ts';

export interface BulkOptions {
  log: Logger;
  retry?: RetryPolicy;
  /** Records per result page (`maxRecords`); the org picks when undefined. */
  pageSize?: number;
  /** First status poll interval; later polls back off up to `maxPollIntervalMs`. */
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
  /** Gives up on a job still running after this long. */
  pollTimeoutMs?: number;
}

interface JobInfo {
  id: string;
  state: string;
  errorMessage?: string;
  numberRecordsProcessed?: number;
  numberRecordsFailed?: number;
}

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=UTF-8' };
const DEFAULT_POLL_INTERVAL_MS = 100;
const DEFAULT_MAX_POLL_INTERVAL_MS = 5000;
const DEFAULT_POLL_TIMEOUT_MS = 30 * 60 * 1000;

async function pollJob(
  conn: Connection,
  kind: 'query' | 'ingest',
  jobId: string,
  options: BulkOptions,
): Promise<JobInfo> {
  const started = Date.now();
  const timeout = options.pollTimeoutMs ?? DEFAULT_POLL_TIMEOUT_MS;
  let interval = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const maxInterval = options.maxPollIntervalMs ?? DEFAULT_MAX_POLL_INTERVAL_MS;
  for (;;) {
    // GET: jsforce retries 429 and 5xx itself.
    const { body: info } = await sendRequest<JobInfo>(conn, {
      method: 'GET',
      url: `/jobs/${kind}/${jobId}`,
    });
    if (info.state === 'JobComplete') {
      return info;
    }
    if (info.state === 'Failed' || info.state === 'Aborted') {
      throw new ApiError(
        `Bulk ${kind} job ${jobId} ended ${info.state}: ${info.errorMessage ?? 'no message'}`,
        { errorCode: `BULK_JOB_${info.state.toUpperCase()}` },
      );
    }
    if (Date.now() - started > timeout) {
      throw new ApiError(
        `Bulk ${kind} job ${jobId} is still ${info.state} after ${timeout} ms; check it in Setup > Bulk Data Load Jobs`,
        { errorCode: 'BULK_JOB_TIMEOUT' },
      );
    }
    await sleep(interval);
    interval = Math.min(maxInterval, interval * 2);
  }
}

/** Converts one CSV cell to the field's type; an empty cell is null. */
export function parseCsvValue(value: string | undefined, type: FieldSpec['type']): unknown {
  if (value === undefined || value === '') {
    return null;
  }
  switch (type) {
    case 'number': {
      const number = Number(value);
      return Number.isFinite(number) ? number : value;
    }
    case 'boolean':
      return value.toLowerCase() === 'true';
    default:
      return value;
  }
}

/**
 * Runs a Bulk API 2.0 query and returns its rows typed by `fields`. Bulk queries take no child
 * subqueries and no parent relationships here: read related records with their own queries.
 */
export async function bulkQuery(
  conn: Connection,
  soql: string,
  fields: FieldSpec[],
  options: BulkOptions,
): Promise<Record<string, unknown>[]> {
  const { log } = options;
  // Creating a query job twice only costs a second job, so a retried POST is safe.
  const { body: job } = await withRetry(
    'Creating a Bulk API query job',
    () =>
      sendRequest<JobInfo>(conn, {
        method: 'POST',
        url: '/jobs/query',
        body: JSON.stringify({ operation: 'query', query: soql, lineEnding: 'LF' }),
        headers: JSON_HEADERS,
      }),
    { log, policy: options.retry },
  );
  log.debug(`Bulk query job ${job.id}: ${soql}`);
  await pollJob(conn, 'query', job.id, options);

  const records: Record<string, unknown>[] = [];
  let locator: string | null = null;
  let pages = 0;
  do {
    const params = new URLSearchParams();
    if (locator !== null) {
      params.set('locator', locator);
    }
    if (options.pageSize !== undefined) {
      params.set('maxRecords', String(options.pageSize));
    }
    const query = params.size > 0 ? `?${params.toString()}` : '';
    const page: { headers: Record<string, string>; body: string } = await sendRequest<string>(
      conn,
      {
        method: 'GET',
        url: `/jobs/query/${job.id}/results${query}`,
        headers: { Accept: 'text/csv' },
      },
      { responseType: 'text/plain' },
    );
    pages += 1;
    const rows = parse(page.body, { columns: true, skip_empty_lines: true }) as Record<
      string,
      string
    >[];
    for (const row of rows) {
      const record: Record<string, unknown> = {};
      for (const field of fields) {
        record[field.name] = parseCsvValue(row[field.name], field.type);
      }
      records.push(record);
    }
    const next = page.headers['sforce-locator'];
    // The org sends the string 'null' on the last page.
    locator = next === undefined || next === '' || next === 'null' ? null : next;
  } while (locator !== null);
  log.debug(`Bulk query job ${job.id}: ${records.length} records in ${pages} pages`);
  return records;
}

/** A row that a Bulk API 2.0 ingest job did not write. */
export interface IngestFailure {
  /** The row as sent, by column. */
  row: Record<string, string>;
  errorCode: string;
  message: string;
  fields: string[];
}

/**
 * Parses sf__Error of a failed Bulk API 2.0 row. Salesforce writes `CODE:message:fields`, for
 * example `REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --`.
 */
export function parseBulkError(text: string): {
  errorCode: string;
  message: string;
  fields: string[];
} {
  const first = text.indexOf(':');
  if (first < 0) {
    return { errorCode: text || 'UNKNOWN_ERROR', message: text, fields: [] };
  }
  const errorCode = text.slice(0, first);
  let rest = text.slice(first + 1);
  let fields: string[] = [];
  const last = rest.lastIndexOf(':');
  if (last >= 0) {
    const tail = rest
      .slice(last + 1)
      .replace(/--\s*$/, '')
      .trim();
    if (tail === '' || /^[A-Za-z0-9_]+(\s*,\s*[A-Za-z0-9_]+)*$/.test(tail)) {
      fields = tail === '' ? [] : tail.split(',').map((field) => field.trim());
      rest = rest.slice(0, last);
    }
  }
  return { errorCode, message: rest.trim(), fields };
}

/** Writes `null` as `#N/A`, which Bulk API 2.0 reads as "clear the field". */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) {
    return '#N/A';
  }
  const text = typeof value === 'string' ? value : String(value);
  return /[",\r\n]/.test(text) || text.trim() !== text ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Bulk API 2.0 takes at most 150 MB per upload after base64 encoding, about 100 MB of CSV; a
 * larger write is split into several jobs.
 */
export const MAX_UPLOAD_BYTES = 100_000_000;

export interface CsvUpload {
  csv: string;
  records: Record<string, unknown>[];
}

/** Splits rows into CSV uploads of at most `maxBytes` bytes, each with the header line. */
export function csvUploads(
  columns: string[],
  records: Record<string, unknown>[],
  maxBytes = MAX_UPLOAD_BYTES,
): CsvUpload[] {
  const header = `${columns.map(csvCell).join(',')}\n`;
  const uploads: CsvUpload[] = [];
  let lines: string[] = [];
  let batch: Record<string, unknown>[] = [];
  let size = Buffer.byteLength(header);
  for (const record of records) {
    const line = `${columns.map((column) => csvCell(record[column])).join(',')}\n`;
    const lineSize = Buffer.byteLength(line);
    if (lines.length > 0 && size + lineSize > maxBytes) {
      uploads.push({ csv: header + lines.join(''), records: batch });
      lines = [];
      batch = [];
      size = Buffer.byteLength(header);
    }
    lines.push(line);
    batch.push(record);
    size += lineSize;
  }
  if (lines.length > 0) {
    uploads.push({ csv: header + lines.join(''), records: batch });
  }
  return uploads;
}

export interface IngestRequest {
  sobject: string;
  operation: 'update' | 'upsert' | 'insert';
  externalIdFieldName?: string;
  columns: string[];
  records: Record<string, unknown>[];
}

export interface IngestOutcome {
  failures: IngestFailure[];
  /** Uploads whose job failed as a whole; their rows are in `failures` with the job's error. */
  failedJobs: number;
}

/**
 * Writes records through Bulk API 2.0 ingest jobs, one per upload of at most MAX_UPLOAD_BYTES,
 * and returns the rows that were not written. Bulk API processes batches in parallel, so
 * children of a master-detail should come sorted by parent to lock fewer parents at once.
 */
export async function bulkIngest(
  conn: Connection,
  request: IngestRequest,
  options: BulkOptions,
): Promise<IngestOutcome> {
  const outcome: IngestOutcome = { failures: [], failedJobs: 0 };
  for (const upload of csvUploads(request.columns, request.records)) {
    try {
      outcome.failures.push(...(await ingestUpload(conn, request, upload.csv, options)));
    } catch (thrown) {
      const error = toApiError(thrown);
      outcome.failedJobs += 1;
      options.log.error(
        `Bulk ${request.operation} of ${upload.records.length} ${request.sobject} rows failed: ${describeApiError(error)}`,
      );
      for (const record of upload.records) {
        const row = Object.fromEntries(
          request.columns.map((column) => [column, String(record[column] ?? '')]),
        );
        outcome.failures.push({
          row,
          errorCode: error.errorCode,
          message: error.message,
          fields: error.fields,
        });
      }
    }
  }
  return outcome;
}

async function ingestUpload(
  conn: Connection,
  request: IngestRequest,
  csv: string,
  options: BulkOptions,
): Promise<IngestFailure[]> {
  const { log } = options;
  const { body: job } = await withRetry(
    `Creating a Bulk API ${request.operation} job on ${request.sobject}`,
    () =>
      sendRequest<JobInfo>(conn, {
        method: 'POST',
        url: '/jobs/ingest',
        body: JSON.stringify({
          object: request.sobject,
          operation: request.operation,
          externalIdFieldName: request.externalIdFieldName,
          contentType: 'CSV',
          lineEnding: 'LF',
        }),
        headers: JSON_HEADERS,
      }),
    // A create that got no response may have made a job; retry only when the org refused it.
    { log, policy: options.retry, networkErrors: false },
  );
  log.debug(
    `Bulk ${request.operation} job ${job.id} on ${request.sobject}: ${csv.length} characters of CSV`,
  );
  // PUT: jsforce retries it itself.
  await sendRequest(conn, {
    method: 'PUT',
    url: `/jobs/ingest/${job.id}/batches`,
    body: csv,
    headers: { 'Content-Type': 'text/csv' },
  });
  await withRetry(
    `Closing Bulk API job ${job.id}`,
    () =>
      sendRequest(conn, {
        method: 'PATCH',
        url: `/jobs/ingest/${job.id}`,
        body: JSON.stringify({ state: 'UploadComplete' }),
        headers: JSON_HEADERS,
      }),
    { log, policy: options.retry },
  );
  const info = await pollJob(conn, 'ingest', job.id, options);
  log.debug(
    `Bulk job ${job.id}: ${info.numberRecordsProcessed ?? '?'} rows processed, ${info.numberRecordsFailed ?? '?'} failed`,
  );

  // Only the failed and unprocessed rows are fetched: the successful results repeat every row
  // that was sent, and a row in neither list was written.
  const fetchResults = async (kind: string): Promise<Record<string, string>[]> => {
    const { body } = await sendRequest<string>(
      conn,
      { method: 'GET', url: `/jobs/ingest/${job.id}/${kind}`, headers: { Accept: 'text/csv' } },
      { responseType: 'text/plain' },
    );
    return parse(body, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  };
  const failures: IngestFailure[] = [];
  for (const row of await fetchResults('failedResults')) {
    failures.push({ row, ...parseBulkError(row.sf__Error ?? '') });
  }
  for (const row of await fetchResults('unprocessedrecords')) {
    failures.push({
      row,
      errorCode: 'UNPROCESSED',
      message: 'The Bulk API job ended before it processed this row',
      fields: [],
    });
  }
  return failures;
}
