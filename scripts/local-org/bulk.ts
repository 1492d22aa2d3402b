// Bulk API 2.0 of the local org: query jobs and ingest jobs under /services/data/vNN.N/jobs/,
// with the job states, result paging and per-row results of the Bulk API 2.0 Developer Guide.
//
// Jobs live in memory, one store per LocalOrg, and are lost when the server stops (a real org
// keeps them for 7 days). Work happens synchronously: a query runs when its job is created and an
// ingest job is processed when it is closed, so the records are in the org before the job reports
// JobComplete. Faults.settings.bulkPollsInProgress makes the status polls report InProgress first.
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import {
  CsvFormatError,
  formatPlainRows,
  formatQuotedRows,
  formatResultHeader,
  hasLineEndingMismatch,
  isColumnDelimiter,
  isLineEnding,
  parseCsv,
  type CsvDialect,
} from './csv.ts';
import type { Faults } from './faults.ts';
import { makeId, toId18 } from './ids.ts';
import type { LocalOrg, SObjectRecord, SaveError, SaveResult } from './org.ts';
import type { FieldDef, ObjectDef } from './schema-types.ts';
import type { OrgUser } from './users.ts';

export interface BulkContext {
  org: LocalOrg;
  user: OrgUser;
  faults: Faults;
  method: string;
  /** Request path after `/services/data/vNN.N`, starting with `/jobs/`. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  baseUrl: string;
  apiVersion: string;
}

export interface BulkResponse {
  status: number;
  body: string | Buffer | object;
  headers?: Record<string, string>;
}

/** Limit of one job data upload: 150 MB once Salesforce has base64-encoded it. */
export const MAX_UPLOAD_BASE64_BYTES = 150 * 1024 * 1024;
/** Bulk API 2.0 rejects a field value longer than this many characters. */
export const MAX_FIELD_CHARACTERS = 32_000;
/** Records per LocalOrg write call, the size of an sObject Collections request. */
const WRITE_CHUNK_SIZE = 200;
/** Values per `IN (...)` list when external Ids of parent records are looked up. */
const LOOKUP_CHUNK_SIZE = 200;

type JobState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
type QueryOperation = 'query' | 'queryAll';
type IngestOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'hardDelete';

const QUERY_OPERATIONS: readonly string[] = ['query', 'queryAll'];
const INGEST_OPERATIONS: readonly string[] = ['insert', 'update', 'upsert', 'delete', 'hardDelete'];

interface JobBase {
  id: string;
  object: string;
  createdById: string;
  createdDate: string;
  systemModstamp: string;
  /** The job's own state. Status polls may still report InProgress, see pollsInProgress. */
  state: JobState;
  /** Status polls left that report InProgress before the state shows. */
  pollsInProgress: number;
  statusPolls: number;
  dialect: CsvDialect;
  apiVersion: string;
  totalProcessingTime: number;
  errorMessage?: string;
}

interface QueryJob extends JobBase {
  kind: 'query';
  operation: QueryOperation;
  query: string;
  columns: string[];
  /** Result cells, formatted as CSV text. */
  rows: string[][];
}

interface IngestJob extends JobBase {
  kind: 'ingest';
  operation: IngestOperation;
  externalIdFieldName?: string;
  data: string | null;
  /** Columns of the uploaded CSV, as sent. */
  header: string[];
  successful: string[][];
  failed: string[][];
  unprocessed: string[][];
  numberRecordsProcessed: number;
  numberRecordsFailed: number;
}

type BulkJob = QueryJob | IngestJob;

/** Error sent back in Salesforce's error body `[{ errorCode, message }]`. */
class BulkApiError extends Error {
  status: number;
  errorCode: string;

  constructor(status: number, errorCode: string, message: string) {
    super(message);
    this.name = 'BulkApiError';
    this.status = status;
    this.errorCode = errorCode;
  }
}

// NOTE: Salesforce documents the error codes of Bulk API 2.0 but not most messages. These come
// from real orgs: `Aggregate Relationships not supported in Bulk V2 Query with CSV content
// type`, `InvalidBatch : Field name not found : X`, `ClientInputError : LineEnding is invalid on
// user data...`, `Found multiple contents for job...` and sf__Error with one field. The other
// codes and messages (job state errors, unsupported SOQL clauses, the 150 MB and
// 32,000-character limits, several fields in sf__Error) follow the documented names but may differ.
function notFound(): BulkApiError {
  return new BulkApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
}

function invalidJob(message: string): BulkApiError {
  return new BulkApiError(400, 'INVALIDJOB', message);
}

function invalidJobState(message: string): BulkApiError {
  return new BulkApiError(400, 'INVALIDJOBSTATE', message);
}

// ---------------------------------------------------------------------------------------------
// Job store

interface JobStore {
  jobs: Map<string, BulkJob>;
  nextCounter: number;
}

const stores = new WeakMap<object, JobStore>();

function storeOf(org: LocalOrg): JobStore {
  let store = stores.get(org);
  if (!store) {
    // A random start keeps job Ids of one server run apart from those of an earlier run.
    store = { jobs: new Map(), nextCounter: Math.floor(Math.random() * 62 ** 6) };
    stores.set(org, store);
  }
  return store;
}

function newJobId(store: JobStore): string {
  store.nextCounter += 1;
  return makeId('750', store.nextCounter);
}

/** Removes every Bulk job of the org, as a reset of the local org does. */
export function clearBulkJobs(org: LocalOrg): void {
  stores.delete(org);
}

function findJob(ctx: BulkContext, kind: BulkJob['kind'], rawId: string): BulkJob {
  const id = toId18(rawId) ?? rawId;
  const job = storeOf(ctx.org).jobs.get(id);
  if (!job || job.kind !== kind) throw notFound();
  return job;
}

function salesforceTimestamp(date = new Date()): string {
  return date.toISOString().replace('Z', '+0000');
}

function touch(job: JobBase): void {
  job.systemModstamp = salesforceTimestamp();
}

// ---------------------------------------------------------------------------------------------
// Routing

/** Serves one request under `/services/data/vNN.N/jobs/`. */
export async function handleBulkRequest(ctx: BulkContext): Promise<BulkResponse> {
  try {
    return await routeRequest(ctx);
  } catch (error) {
    const apiError = error instanceof BulkApiError ? error : toBulkApiError(error);
    if (!apiError) throw error;
    return jsonResponse(apiError.status, [
      { errorCode: apiError.errorCode, message: apiError.message },
    ]);
  }
}

function jobsPathSegments(path: string): string[] {
  const withoutQuery = path.split('?')[0];
  const relative = withoutQuery.replace(/^\/services\/data\/v\d+\.\d+/, '');
  const segments = relative.split('/').filter((segment) => segment !== '');
  if (segments[0] !== 'jobs') throw notFound();
  return segments.slice(1);
}

function allowMethods(ctx: BulkContext, allowed: string[]): void {
  if (allowed.includes(ctx.method.toUpperCase())) return;
  throw new BulkApiError(
    405,
    'METHOD_NOT_ALLOWED',
    `HTTP Method '${ctx.method.toUpperCase()}' not allowed. Allowed are ${allowed.join(',')}`,
  );
}

async function routeRequest(ctx: BulkContext): Promise<BulkResponse> {
  const [kind, id, resource, ...rest] = jobsPathSegments(ctx.path);
  if (rest.length > 0 || (kind !== 'query' && kind !== 'ingest')) throw notFound();
  const method = ctx.method.toUpperCase();

  if (id === undefined) {
    allowMethods(ctx, ['GET', 'POST']);
    if (method === 'GET') return listJobs(ctx, kind);
    return kind === 'query' ? createQueryJob(ctx) : createIngestJob(ctx);
  }

  if (resource === undefined) {
    allowMethods(ctx, ['GET', 'PATCH', 'DELETE']);
    const job = findJob(ctx, kind, id);
    if (method === 'GET') return jsonResponse(200, pollJobInfo(job));
    if (method === 'PATCH') return patchJob(ctx, job);
    return deleteJob(ctx, job);
  }

  if (kind === 'query') {
    if (resource !== 'results') throw notFound();
    allowMethods(ctx, ['GET']);
    return queryResults(ctx, findJob(ctx, 'query', id) as QueryJob);
  }

  const ingestResource = resource.toLowerCase();
  if (ingestResource === 'batches') {
    allowMethods(ctx, ['PUT']);
    return uploadJobData(ctx, findJob(ctx, 'ingest', id) as IngestJob);
  }
  if (
    ingestResource === 'successfulresults' ||
    ingestResource === 'failedresults' ||
    ingestResource === 'unprocessedrecords'
  ) {
    allowMethods(ctx, ['GET']);
    return ingestResults(findJob(ctx, 'ingest', id) as IngestJob, ingestResource);
  }
  throw notFound();
}

function jsonResponse(status: number, body: object): BulkResponse {
  return { status, body, headers: { 'Content-Type': 'application/json;charset=UTF-8' } };
}

function csvResponse(body: string, headers: Record<string, string> = {}): BulkResponse {
  return { status: 200, body, headers: { 'Content-Type': 'text/csv', ...headers } };
}

function readJsonBody(ctx: BulkContext): Record<string, unknown> {
  const text = ctx.body.toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new BulkApiError(
      400,
      'JSON_PARSER_ERROR',
      `The request body is not valid JSON: ${detail}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BulkApiError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/**
 * Maps an error thrown by LocalOrg (a REST error `{ errorCode, message, status? }` or a
 * SaveError `{ statusCode, message }`) to the error this API returns, or null for anything else.
 */
function toBulkApiError(error: unknown): BulkApiError | null {
  if (typeof error !== 'object' || error === null) return null;
  const candidate = error as Record<string, unknown>;
  if (typeof candidate.message !== 'string') return null;
  const httpStatus = [candidate.status, candidate.httpStatus, candidate.statusCode].find(
    (value): value is number => typeof value === 'number',
  );
  if (typeof candidate.errorCode === 'string') {
    return new BulkApiError(httpStatus ?? 400, candidate.errorCode, candidate.message);
  }
  if (typeof candidate.statusCode === 'string') {
    return new BulkApiError(400, candidate.statusCode, candidate.message);
  }
  return null;
}

function saveErrorOf(error: unknown): SaveError | null {
  if (typeof error !== 'object' || error === null) return null;
  const candidate = error as Record<string, unknown>;
  if (typeof candidate.message !== 'string') return null;
  const statusCode = [candidate.statusCode, candidate.errorCode].find(
    (value): value is string => typeof value === 'string',
  );
  if (!statusCode) return null;
  const fields = Array.isArray(candidate.fields) ? candidate.fields.map(String) : [];
  return { statusCode, message: candidate.message, fields };
}

// ---------------------------------------------------------------------------------------------
// Job info, state and the requests shared by both kinds

function isFinalState(state: JobState): boolean {
  return state === 'JobComplete' || state === 'Failed' || state === 'Aborted';
}

/** State a status poll would report now. Reading it does not count as a poll. */
function visibleState(job: BulkJob): JobState {
  return job.pollsInProgress > 0 ? 'InProgress' : job.state;
}

function pollJobInfo(job: BulkJob): object {
  job.statusPolls += 1;
  const state = visibleState(job);
  if (job.pollsInProgress > 0) job.pollsInProgress -= 1;
  return jobInfo(job, state);
}

function jobInfo(job: BulkJob, state: JobState = visibleState(job)): object {
  const finished = isFinalState(state);
  const common = {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: job.createdById,
    createdDate: job.createdDate,
    systemModstamp: job.systemModstamp,
    state,
  };
  const format = {
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: Number(job.apiVersion),
  };
  const dialect = {
    lineEnding: job.dialect.lineEnding,
    columnDelimiter: job.dialect.columnDelimiter,
  };
  const error = state === 'Failed' && job.errorMessage ? { errorMessage: job.errorMessage } : {};

  if (job.kind === 'query') {
    return {
      ...common,
      ...format,
      jobType: 'V2Query',
      ...dialect,
      numberRecordsProcessed: state === 'JobComplete' ? job.rows.length : 0,
      retries: 0,
      totalProcessingTime: finished ? job.totalProcessingTime : 0,
      isPkChunkingSupported: true,
      ...error,
    };
  }
  return {
    ...common,
    ...(job.externalIdFieldName ? { externalIdFieldName: job.externalIdFieldName } : {}),
    ...format,
    ...(state === 'Open'
      ? { contentUrl: `services/data/v${job.apiVersion}/jobs/ingest/${job.id}/batches` }
      : {}),
    jobType: 'V2Ingest',
    ...dialect,
    numberRecordsProcessed: finished ? job.numberRecordsProcessed : 0,
    numberRecordsFailed: finished ? job.numberRecordsFailed : 0,
    retries: 0,
    totalProcessingTime: finished ? job.totalProcessingTime : 0,
    apiActiveProcessingTime: finished ? job.totalProcessingTime : 0,
    apexProcessingTime: 0,
    ...error,
  };
}

function listJobs(ctx: BulkContext, kind: BulkJob['kind']): BulkResponse {
  const records = [...storeOf(ctx.org).jobs.values()]
    .filter((job) => job.kind === kind)
    .map((job) => jobInfo(job));
  return jsonResponse(200, { done: true, records, nextRecordsUrl: null });
}

function patchJob(ctx: BulkContext, job: BulkJob): BulkResponse {
  const body = readJsonBody(ctx);
  const requested = body.state;
  if (requested === 'Aborted') return abortJob(job);
  if (requested === 'UploadComplete' && job.kind === 'ingest') return closeIngestJob(ctx, job);
  throw invalidJobState(
    `Invalid state for job ${job.id}: ${JSON.stringify(requested)}. Set state to ` +
      (job.kind === 'ingest' ? `'UploadComplete' or 'Aborted'.` : `'Aborted'.`),
  );
}

function abortJob(job: BulkJob): BulkResponse {
  const state = visibleState(job);
  if (isFinalState(state)) {
    throw invalidJobState(`Job ${job.id} is already ${state} and cannot be aborted.`);
  }
  if (job.kind === 'ingest' && job.state === 'Open') {
    const uploaded = parseUploadedData(job);
    job.header = uploaded.header;
    job.unprocessed = uploaded.rows;
  }
  job.state = 'Aborted';
  job.pollsInProgress = 0;
  touch(job);
  return jsonResponse(200, jobInfo(job));
}

function deleteJob(ctx: BulkContext, job: BulkJob): BulkResponse {
  const state = job.statusPolls > 0 ? visibleState(job) : job.state;
  if (state === 'Open' || state === 'InProgress') {
    throw invalidJobState(`Job ${job.id} is ${state}. Close or abort it before you delete it.`);
  }
  storeOf(ctx.org).jobs.delete(job.id);
  return { status: 204, body: '' };
}

function requireDialect(body: Record<string, unknown>): CsvDialect {
  const columnDelimiter = body.columnDelimiter ?? 'COMMA';
  const lineEnding = body.lineEnding ?? 'LF';
  const contentType = body.contentType ?? 'CSV';
  if (contentType !== 'CSV') {
    throw invalidJob(`Invalid contentType: ${JSON.stringify(contentType)}. Use CSV.`);
  }
  if (!isColumnDelimiter(columnDelimiter)) {
    throw invalidJob(
      `Invalid columnDelimiter: ${JSON.stringify(columnDelimiter)}. ` +
        'Use BACKQUOTE, CARET, COMMA, PIPE, SEMICOLON or TAB.',
    );
  }
  if (!isLineEnding(lineEnding)) {
    throw invalidJob(`Invalid lineEnding: ${JSON.stringify(lineEnding)}. Use LF or CRLF.`);
  }
  return { columnDelimiter, lineEnding };
}

function newJobBase(ctx: BulkContext, store: JobStore, object: string, dialect: CsvDialect) {
  const now = salesforceTimestamp();
  return {
    id: newJobId(store),
    object,
    createdById: ctx.user.Id,
    createdDate: now,
    systemModstamp: now,
    pollsInProgress: 0,
    statusPolls: 0,
    dialect,
    apiVersion: ctx.apiVersion,
    totalProcessingTime: 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Query jobs

interface QueryColumn {
  header: string;
  /** Field path from the queried record, such as ['Account', 'Name']. */
  path: string[];
}

interface QueryPlan {
  object: string;
  columns: QueryColumn[];
}

function createQueryJob(ctx: BulkContext): BulkResponse {
  const body = readJsonBody(ctx);
  const operation = body.operation;
  if (typeof operation !== 'string' || !QUERY_OPERATIONS.includes(operation)) {
    throw invalidJob(`Invalid operation: ${JSON.stringify(operation)}. Use query or queryAll.`);
  }
  const soql = body.query;
  if (typeof soql !== 'string' || soql.trim() === '') {
    throw invalidJob('The query is missing. Set query to a SOQL statement.');
  }
  const dialect = requireDialect(body);

  const started = performance.now();
  const plan = planQuery(ctx, soql);
  const includeDeleted = operation === 'queryAll';
  const records = ctx.org.runQuery(soql, { user: ctx.user, includeDeleted }).records;
  const rows = records.map((record) =>
    plan.columns.map((column) => formatCell(valueAtPath(record, column.path))),
  );

  const store = storeOf(ctx.org);
  const job: QueryJob = {
    ...newJobBase(ctx, store, plan.object, dialect),
    kind: 'query',
    operation: operation as QueryOperation,
    query: soql,
    state: 'JobComplete',
    columns: plan.columns.map((column) => column.header),
    rows,
  };
  job.totalProcessingTime = Math.round(performance.now() - started);
  job.pollsInProgress = ctx.faults.settings.bulkPollsInProgress;
  store.jobs.set(job.id, job);
  return jsonResponse(200, jobInfo(job, 'UploadComplete'));
}

/** Reads the result columns of a SOQL statement and rejects what Bulk API 2.0 rejects. */
function planQuery(ctx: BulkContext, soql: string): QueryPlan {
  let parsed: ReturnType<typeof parseQuery>;
  try {
    parsed = parseQuery(soql);
  } catch {
    // LocalOrg reports a malformed query with the error a real org gives.
    ctx.org.query(soql, { user: ctx.user });
    throw new BulkApiError(400, 'MALFORMED_QUERY', `The query cannot be parsed: ${soql}`);
  }
  const unsupported = (clause: string) =>
    new BulkApiError(400, 'API_ERROR', `${clause} is not supported in Bulk V2 Query: ${soql}`);
  if (parsed.groupBy) throw unsupported('GROUP BY');
  if (parsed.having) throw unsupported('HAVING');
  if (parsed.offset !== undefined) throw unsupported('OFFSET');

  const alias = parsed.sObjectAlias?.toLowerCase();
  const columns: QueryColumn[] = [];
  for (const field of parsed.fields ?? []) {
    if (field.type === 'FieldSubquery') {
      throw new BulkApiError(
        400,
        'API_ERROR',
        'Aggregate Relationships not supported in Bulk V2 Query with CSV content type',
      );
    }
    if (field.type === 'FieldTypeof') throw unsupported('TYPEOF');
    if (field.type === 'FieldFunctionExpression') {
      if (field.isAggregateFn) throw unsupported(`Aggregate function ${field.functionName}()`);
      const parameter = field.parameters?.[0];
      if (typeof parameter !== 'string') throw unsupported(`Function ${field.functionName}()`);
      columns.push({ header: field.alias ?? parameter, path: parameter.split('.') });
      continue;
    }
    if (field.type === 'Field') {
      columns.push({ header: field.field, path: [field.field] });
      continue;
    }
    if (field.type === 'FieldRelationship') {
      let path = [...field.relationships, field.field];
      if (alias && path.length > 1 && path[0].toLowerCase() === alias) path = path.slice(1);
      columns.push({ header: path.join('.'), path });
      continue;
    }
    throw unsupported(`Field ${JSON.stringify(field)}`);
  }
  if (!parsed.sObject) throw new BulkApiError(400, 'MALFORMED_QUERY', `No FROM object in: ${soql}`);
  const object = ctx.org.getObject(parsed.sObject)?.name ?? parsed.sObject;
  return { object, columns };
}

function valueAtPath(record: SObjectRecord, path: string[]): unknown {
  let current: unknown = record;
  for (const name of path) {
    if (typeof current !== 'object' || current === null) return null;
    current = propertyCaseInsensitive(current as Record<string, unknown>, name);
  }
  return current;
}

function propertyCaseInsensitive(object: Record<string, unknown>, name: string): unknown {
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? null : object[key];
}

const REST_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+0000$/;

/**
 * Formats a REST value as a Bulk API 2.0 CSV cell: empty for null, `true`/`false`, dates as
 * `YYYY-MM-DD` and date-times in UTC with a `Z` (REST writes `+0000`).
 */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    return REST_DATETIME.test(value) ? value.replace(/\+0000$/, 'Z') : value;
  }
  return JSON.stringify(value);
}

function encodeLocator(offset: number): string {
  return Buffer.from(String(offset), 'utf8').toString('base64');
}

function decodeLocator(locator: string, rowCount: number): number {
  const decoded = Buffer.from(locator, 'base64').toString('utf8');
  const offset = /^\d+$/.test(decoded) ? Number(decoded) : NaN;
  if (!Number.isInteger(offset) || offset <= 0 || offset >= rowCount) {
    throw new BulkApiError(
      400,
      'INVALID_QUERY_LOCATOR',
      `Invalid locator: ${locator}. Use the Sforce-Locator value of the previous results page.`,
    );
  }
  return offset;
}

function queryResults(ctx: BulkContext, job: QueryJob): BulkResponse {
  const state = visibleState(job);
  if (state !== 'JobComplete') {
    throw invalidJobState(
      `Query job ${job.id} is ${state}. Poll it until it is JobComplete, then read the results.`,
    );
  }
  const maxRecordsParam = ctx.query.get('maxRecords');
  let pageSize = ctx.faults.settings.bulkQueryPageSize;
  if (maxRecordsParam !== null) {
    pageSize = Number(maxRecordsParam);
    if (!/^\d+$/.test(maxRecordsParam) || pageSize < 1) {
      throw new BulkApiError(
        400,
        'INVALIDREQUEST',
        `Invalid maxRecords: ${maxRecordsParam}. Use a whole number greater than 0.`,
      );
    }
  }
  const locator = ctx.query.get('locator');
  const offset = locator === null || locator === '' ? 0 : decodeLocator(locator, job.rows.length);
  const page = job.rows.slice(offset, offset + pageSize);
  const nextOffset = offset + page.length;
  const nextLocator = nextOffset < job.rows.length ? encodeLocator(nextOffset) : 'null';
  return csvResponse(formatQuotedRows([job.columns, ...page], job.dialect), {
    'Sforce-Locator': nextLocator,
    'Sforce-NumberOfRecords': String(page.length),
  });
}

// ---------------------------------------------------------------------------------------------
// Ingest jobs: creation, upload, closing and results

function createIngestJob(ctx: BulkContext): BulkResponse {
  const body = readJsonBody(ctx);
  const operation = body.operation;
  if (typeof operation !== 'string' || !INGEST_OPERATIONS.includes(operation)) {
    throw invalidJob(
      `Invalid operation: ${JSON.stringify(operation)}. ` +
        'Use insert, update, upsert, delete or hardDelete.',
    );
  }
  const objectName = body.object;
  if (typeof objectName !== 'string' || objectName === '') {
    throw invalidJob('The object is missing. Set object to the API name of an sObject.');
  }
  const object = ctx.org.getObject(objectName);
  if (!object) {
    throw new BulkApiError(
      400,
      'INVALIDENTITY',
      `sObject type '${objectName}' is not supported. Check the object's API name.`,
    );
  }
  const dialect = requireDialect(body);
  let externalIdFieldName: string | undefined;
  if (operation === 'upsert') {
    externalIdFieldName = requireExternalIdField(object, body.externalIdFieldName);
  }

  const store = storeOf(ctx.org);
  const job: IngestJob = {
    ...newJobBase(ctx, store, object.name, dialect),
    kind: 'ingest',
    operation: operation as IngestOperation,
    externalIdFieldName,
    state: 'Open',
    data: null,
    header: [],
    successful: [],
    failed: [],
    unprocessed: [],
    numberRecordsProcessed: 0,
    numberRecordsFailed: 0,
  };
  store.jobs.set(job.id, job);
  return jsonResponse(200, jobInfo(job));
}

function requireExternalIdField(object: ObjectDef, requested: unknown): string {
  if (typeof requested !== 'string' || requested === '') {
    throw invalidJob(
      `The externalIdFieldName is missing. An upsert job on ${object.name} needs an External ID ` +
        'field or Id.',
    );
  }
  const field = fieldOf(object, requested);
  if (!field || (field.name !== 'Id' && !field.externalId)) {
    throw invalidJob(
      `InvalidJob : Field name provided, ${requested} does not match an External ID, ` +
        `Salesforce Id, or indexed field for ${object.name}`,
    );
  }
  return field.name;
}

function fieldOf(object: ObjectDef, name: string): FieldDef | undefined {
  const lower = name.toLowerCase();
  return (
    object.fieldsByLowerName?.get(lower) ??
    object.fields.find((f) => f.name.toLowerCase() === lower)
  );
}

function uploadJobData(ctx: BulkContext, job: IngestJob): BulkResponse {
  if (job.state !== 'Open') {
    throw invalidJobState(
      `Job ${job.id} is ${visibleState(job)}. Upload data only to a job in the Open state.`,
    );
  }
  if (job.data !== null) {
    throw new BulkApiError(
      400,
      'BULK_API_ERROR',
      `Found multiple contents for job: ${job.id}, please 'Close' / 'Abort' / 'Delete' the ` +
        `current Job then create a new Job and make sure you only do 'PUT' once on a given Job.`,
    );
  }
  const base64Bytes = Math.ceil(ctx.body.length / 3) * 4;
  if (base64Bytes > MAX_UPLOAD_BASE64_BYTES) {
    throw new BulkApiError(
      413,
      'EXCEEDED_MAX_SIZE_REQUEST',
      `Job data of ${ctx.body.length} bytes exceeds 150 MB once base64-encoded. ` +
        'Split the data into jobs of at most 100 MB of CSV each.',
    );
  }
  job.data = ctx.body.toString('utf8');
  touch(job);
  return { status: 201, body: '' };
}

function closeIngestJob(ctx: BulkContext, job: IngestJob): BulkResponse {
  if (job.state !== 'Open') {
    throw invalidJobState(`Job ${job.id} is ${visibleState(job)}. Only an Open job can be closed.`);
  }
  const started = performance.now();
  processIngestJob(ctx, job);
  job.totalProcessingTime = Math.round(performance.now() - started);
  job.pollsInProgress = ctx.faults.settings.bulkPollsInProgress;
  touch(job);
  return jsonResponse(200, jobInfo(job, 'UploadComplete'));
}

function ingestResults(job: IngestJob, resource: string): BulkResponse {
  const state = visibleState(job);
  if (!isFinalState(state)) {
    throw invalidJobState(
      `Job ${job.id} is ${state}. Poll it until it is JobComplete, Failed or Aborted, ` +
        'then read its results.',
    );
  }
  if (resource === 'successfulresults') {
    const header = formatResultHeader(['sf__Id', 'sf__Created'], job.header, job.dialect);
    return csvResponse(header + formatQuotedRows(job.successful, job.dialect));
  }
  if (resource === 'failedresults') {
    const header = formatResultHeader(['sf__Id', 'sf__Error'], job.header, job.dialect);
    return csvResponse(header + formatQuotedRows(job.failed, job.dialect));
  }
  if (job.header.length === 0) return csvResponse('');
  return csvResponse(formatPlainRows([job.header, ...job.unprocessed], job.dialect));
}

/** Header and rows of the uploaded data, both empty when there is none or it is not CSV. */
function parseUploadedData(job: IngestJob): { header: string[]; rows: string[][] } {
  if (job.data === null) return { header: [], rows: [] };
  try {
    const rows = parseCsv(job.data, job.dialect);
    return { header: rows[0] ?? [], rows: rows.slice(1) };
  } catch (error) {
    if (error instanceof CsvFormatError) return { header: [], rows: [] };
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Ingest jobs: processing

type IngestColumn =
  | { kind: 'id'; header: string }
  | { kind: 'field'; header: string; field: FieldDef }
  | { kind: 'parent'; header: string; field: FieldDef; parentObject: string; parentField: string };

interface PreparedRow {
  cells: string[];
  record: SObjectRecord;
  /** Id sent in the row, for update, delete and the Id form of upsert. */
  recordId: string;
  error: SaveError | null;
  /** Values of parent external Id columns still to resolve, by column index. */
  parentKeys: Map<number, string>;
}

function failJob(job: IngestJob, message: string, unprocessed: string[][]): void {
  job.state = 'Failed';
  job.errorMessage = message;
  job.unprocessed = unprocessed;
}

function processIngestJob(ctx: BulkContext, job: IngestJob): void {
  if (job.data === null || job.data.trim() === '') {
    failJob(job, 'ClientInputError : No data was uploaded to the job before it was closed', []);
    return;
  }
  if (hasLineEndingMismatch(job.data, job.dialect.lineEnding)) {
    failJob(
      job,
      'ClientInputError : LineEnding is invalid on user data. ' +
        `Current LineEnding setting is ${job.dialect.lineEnding}`,
      [],
    );
    return;
  }
  let rows: string[][];
  try {
    rows = parseCsv(job.data, job.dialect);
  } catch (error) {
    if (!(error instanceof CsvFormatError)) throw error;
    failJob(job, `ClientInputError : The job data is not valid CSV: ${error.message}`, []);
    return;
  }
  job.header = rows[0] ?? [];
  const dataRows = rows.slice(1);

  const object = ctx.org.getObject(job.object);
  if (!object) {
    failJob(job, `InvalidJob : sObject type '${job.object}' is not supported.`, dataRows);
    return;
  }
  const columns = mapColumns(object, job.header);
  if (typeof columns === 'string') {
    failJob(job, columns, dataRows);
    return;
  }

  const prepared = dataRows.map((cells) => prepareRow(ctx, job, object, columns, cells));
  resolveParentKeys(ctx, columns, prepared);
  writeRows(ctx, job, prepared);
  job.numberRecordsProcessed = prepared.length;
  job.numberRecordsFailed = job.failed.length;
  job.state = 'JobComplete';
}

/** Maps each CSV column to a field, or returns the job error for the first unknown column. */
function mapColumns(object: ObjectDef, header: string[]): IngestColumn[] | string {
  const columns: IngestColumn[] = [];
  const seen = new Set<string>();
  for (const raw of header) {
    const name = raw.trim();
    const lower = name.toLowerCase();
    if (seen.has(lower)) return `InvalidBatch : Duplicate field name: ${name}`;
    seen.add(lower);
    if (lower === 'id') {
      columns.push({ kind: 'id', header: raw });
      continue;
    }
    if (name.includes('.')) {
      const parent = parentColumn(object, raw, name);
      if (!parent) return `InvalidBatch : Field name not found : ${name}`;
      columns.push(parent);
      continue;
    }
    const field = fieldOf(object, name);
    if (!field) return `InvalidBatch : Field name not found : ${name}`;
    columns.push({ kind: 'field', header: raw, field });
  }
  return columns;
}

/** Reads a column such as `Account__r.Snapshot_Key__c`: a parent named by its external Id. */
function parentColumn(object: ObjectDef, raw: string, name: string): IngestColumn | null {
  const [relationshipName, parentField, ...rest] = name.split('.');
  if (rest.length > 0 || !relationshipName || !parentField) return null;
  const lower = relationshipName.toLowerCase();
  const field =
    object.parentRelationships?.get(lower) ??
    object.fields.find((candidate) => candidate.relationshipName?.toLowerCase() === lower);
  const parentObject = field?.referenceTo?.[0];
  if (!field || !parentObject) return null;
  return { kind: 'parent', header: raw, field, parentObject, parentField };
}

function rowError(statusCode: string, message: string, fields: string[] = []): SaveError {
  return { statusCode, message, fields };
}

/**
 * Converts the cells of one CSV row into a record. An empty cell leaves the field out, so an
 * update keeps its value, and `#N/A` sets the field to null.
 */
function prepareRow(
  ctx: BulkContext,
  job: IngestJob,
  object: ObjectDef,
  columns: IngestColumn[],
  cells: string[],
): PreparedRow {
  const row: PreparedRow = { cells, record: {}, recordId: '', error: null, parentKeys: new Map() };
  for (let index = 0; index < columns.length && !row.error; index++) {
    const column = columns[index];
    const raw = cells[index] ?? '';
    if (raw.length > MAX_FIELD_CHARACTERS) {
      const name = column.kind === 'id' ? 'Id' : column.field.name;
      row.error = rowError(
        'STRING_TOO_LONG',
        `${name}: data value too large: ${raw.length} characters ` +
          `(max length=${MAX_FIELD_CHARACTERS} per field in Bulk API 2.0)`,
        [name],
      );
      break;
    }
    if (column.kind === 'id') {
      row.recordId = raw.trim();
      continue;
    }
    if (raw === '') continue;
    if (column.kind === 'parent') {
      if (raw === '#N/A') row.record[column.field.name] = null;
      else row.parentKeys.set(index, raw);
      continue;
    }
    if (raw === '#N/A') {
      row.record[column.field.name] = null;
      continue;
    }
    try {
      row.record[column.field.name] = ctx.org.coerce(object.name, column.field.name, raw);
    } catch (error) {
      const saveError = saveErrorOf(error);
      if (!saveError) throw error;
      row.error = saveError;
    }
  }
  if (!row.error) row.error = checkRowKeys(job, row);
  return row;
}

function checkRowKeys(job: IngestJob, row: PreparedRow): SaveError | null {
  switch (job.operation) {
    case 'insert':
      return row.recordId === ''
        ? null
        : rowError('INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', [
            'Id',
          ]);
    case 'update':
      return row.recordId === ''
        ? rowError('MISSING_ARGUMENT', 'Id not specified in an update call')
        : null;
    case 'delete':
    case 'hardDelete':
      return row.recordId === ''
        ? rowError('MISSING_ARGUMENT', 'Id not specified in a delete call')
        : null;
    case 'upsert': {
      const externalId = job.externalIdFieldName ?? 'Id';
      if (externalId === 'Id') return null;
      const value = row.record[externalId];
      return value === undefined || value === null || value === ''
        ? rowError('MISSING_ARGUMENT', `${externalId} not specified`, [externalId])
        : null;
    }
  }
}

/** Looks up the Ids of parents named by external Id and fails rows whose parent is missing. */
function resolveParentKeys(ctx: BulkContext, columns: IngestColumn[], rows: PreparedRow[]): void {
  columns.forEach((column, index) => {
    if (column.kind !== 'parent') return;
    const keysToResolve = new Set<string>();
    for (const row of rows) {
      const key = row.parentKeys.get(index);
      if (!row.error && key !== undefined) keysToResolve.add(key);
    }
    if (keysToResolve.size === 0) return;
    const idsByKey = lookUpParentIds(ctx, column.parentObject, column.parentField, [
      ...keysToResolve,
    ]);
    for (const row of rows) {
      const key = row.parentKeys.get(index);
      if (row.error || key === undefined) continue;
      const id = idsByKey.get(key) ?? idsByKey.get(key.toLowerCase());
      if (id) {
        row.record[column.field.name] = id;
      } else {
        row.error = rowError(
          'INVALID_FIELD',
          `Foreign key external ID: ${key} not found for field ${column.parentField} ` +
            `in entity ${column.parentObject}`,
        );
      }
    }
  });
}

function lookUpParentIds(
  ctx: BulkContext,
  parentObject: string,
  parentField: string,
  keys: string[],
): Map<string, string> {
  const idsByKey = new Map<string, string>();
  for (let start = 0; start < keys.length; start += LOOKUP_CHUNK_SIZE) {
    const chunk = keys.slice(start, start + LOOKUP_CHUNK_SIZE);
    const list = chunk.map((key) => `'${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
    const soql = `SELECT Id, ${parentField} FROM ${parentObject} WHERE ${parentField} IN (${list.join(', ')})`;
    for (const record of ctx.org.query(soql, { user: ctx.user })) {
      const key = valueAtPath(record, [parentField]);
      const id = valueAtPath(record, ['Id']);
      if (typeof id !== 'string' || key === null || key === undefined) continue;
      idsByKey.set(String(key), id);
      if (!idsByKey.has(String(key).toLowerCase())) idsByKey.set(String(key).toLowerCase(), id);
    }
  }
  return idsByKey;
}

/** Formats an error as Bulk API 2.0 writes sf__Error: `CODE:message:Field1,Field2 --`. */
export function formatBulkError(error: SaveError): string {
  const fields = error.fields.length > 0 ? `${error.fields.join(',')} ` : '';
  return `${error.statusCode}:${error.message}:${fields}--`;
}

function recordFailure(job: IngestJob, row: PreparedRow, error: SaveError, id: string): void {
  job.failed.push([id, formatBulkError(error), ...row.cells]);
}

function writeRows(ctx: BulkContext, job: IngestJob, rows: PreparedRow[]): void {
  const pending: PreparedRow[] = [];
  const flush = () => {
    if (pending.length > 0) writeChunk(ctx, job, pending.splice(0));
  };
  for (const row of rows) {
    if (row.error) {
      // Output order follows the input; a real org does not promise any order.
      flush();
      recordFailure(job, row, row.error, row.recordId);
      continue;
    }
    pending.push(row);
    if (pending.length === WRITE_CHUNK_SIZE) flush();
  }
  flush();
}

function writeChunk(ctx: BulkContext, job: IngestJob, rows: PreparedRow[]): void {
  const options = { user: ctx.user, allOrNone: false };
  const type = job.object;
  let results: SaveResult[];
  try {
    results = callOrgWrite(ctx, job, rows, options);
  } catch (error) {
    const saveError = saveErrorOf(error);
    if (!saveError) throw error;
    for (const row of rows) recordFailure(job, row, saveError, row.recordId);
    return;
  }
  rows.forEach((row, index) => {
    const result = results[index];
    if (!result) {
      const error = rowError(
        'UNKNOWN_EXCEPTION',
        `LocalOrg returned no result for this ${type} row`,
      );
      recordFailure(job, row, error, row.recordId);
      return;
    }
    const id = result.id ?? row.recordId;
    if (result.success) {
      const created = result.created ?? job.operation === 'insert';
      job.successful.push([id, created ? 'true' : 'false', ...row.cells]);
      return;
    }
    const error =
      result.errors[0] ?? rowError('UNKNOWN_EXCEPTION', 'The save failed without an error');
    recordFailure(job, row, error, id);
  });
}

function callOrgWrite(
  ctx: BulkContext,
  job: IngestJob,
  rows: PreparedRow[],
  options: { user: OrgUser; allOrNone: boolean },
): SaveResult[] {
  const type = job.object;
  const withId = (row: PreparedRow) => ({ ...row.record, Id: row.recordId });
  switch (job.operation) {
    case 'insert':
      return ctx.org.create(
        type,
        rows.map((row) => row.record),
        options,
      );
    case 'update':
      return ctx.org.update(type, rows.map(withId), options);
    case 'delete':
    case 'hardDelete':
      // NOTE: hardDelete deletes as delete does, so its rows stay visible to queryAll.
      return ctx.org.delete(
        rows.map((row) => row.recordId),
        options,
      );
    case 'upsert': {
      // On Id, a row without an Id inserts a new record, as LocalOrg.upsert does.
      const externalId = job.externalIdFieldName ?? 'Id';
      const records = rows.map((row) => (row.recordId === '' ? row.record : withId(row)));
      return ctx.org.upsert(type, externalId, records, options);
    }
  }
}
