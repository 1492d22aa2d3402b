// REST API resources under /services/data/vNN.N/, with the paths, query strings, status codes
// and response bodies that jsforce 3 uses and that a real org returns.

import { handleBulkRequest } from './bulk.ts';
import { describeGlobal, describeObject, describeObjectSummary } from './describe.ts';
import type { Faults } from './faults.ts';
import { isWellFormedId, toId18 } from './ids.ts';
import type { LocalOrg, ObjectDef, SaveResult, SObjectRecord } from './org.ts';
import { QueryCursors, batchSizeFrom } from './query-cursors.ts';
import { SoqlError } from './soql.ts';
import type { OrgUser } from './users.ts';
import { SaveErrorException, convertJsonValue, jsonParserErrorMessage } from './values.ts';

/** Records per sObject Collections or sObject Tree request. */
export const MAX_COLLECTION_RECORDS = 200;
/** Ids per sObject Collections retrieve request with POST. */
const MAX_RETRIEVE_IDS = 2000;

export interface ApiRequest {
  method: string;
  /** Path after `/services/data/vNN.N`, such as `/sobjects/Account`. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  user: OrgUser;
  /** `http://127.0.0.1:PORT`. */
  baseUrl: string;
  /** Version named in the request path, such as `68.0`. */
  apiVersion: string;
}

export interface ApiResponse {
  status: number;
  /** JSON-encoded unless a string or Buffer; absent for 204. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext {
  org: LocalOrg;
  faults: Faults;
  cursors: QueryCursors;
}

/** Builds an error response in the REST shape `[{ message, errorCode, fields? }]`. */
export function errorResponse(
  status: number,
  errorCode: string,
  message: string,
  fields?: string[],
): ApiResponse {
  const error: Record<string, unknown> = { message, errorCode };
  if (fields !== undefined) error.fields = fields;
  return { status, body: [error] };
}

export const NOT_FOUND_MESSAGE = 'The requested resource does not exist';

function notFound(): ApiResponse {
  return errorResponse(404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
}

function methodNotAllowed(method: string, allowed: string[]): ApiResponse {
  return errorResponse(
    405,
    'METHOD_NOT_ALLOWED',
    `HTTP Method '${method}' not allowed. Allowed are ${allowed.join(',')}`,
  );
}

class RequestError extends Error {
  readonly response: ApiResponse;
  constructor(response: ApiResponse) {
    super('request error');
    this.response = response;
  }
}

/** Parses the JSON body; a body that is not JSON is a 400 JSON_PARSER_ERROR, as in a real org. */
function jsonBody(request: ApiRequest): unknown {
  const text = request.body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RequestError(
      errorResponse(
        400,
        'JSON_PARSER_ERROR',
        `The request body is not valid JSON: ${(error as Error).message}`,
      ),
    );
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Throws the 400 JSON_PARSER_ERROR a real org returns when a known field's JSON value cannot be
 * deserialized into the field's type (text in a number or date field, for example). The whole
 * request fails, before any record is saved.
 */
function checkJsonTypes(
  org: LocalOrg,
  rows: { object: ObjectDef | undefined; record: SObjectRecord }[],
  rawBody: string,
): void {
  for (const { object, record } of rows) {
    if (object === undefined) continue;
    for (const [key, value] of Object.entries(record)) {
      const field = object.fieldsByLowerName.get(key.toLowerCase());
      if (field === undefined) {
        const relationship = object.childRelationshipsByLowerName.get(key.toLowerCase());
        const nested = (value as { records?: unknown } | null)?.records;
        if (relationship !== undefined && Array.isArray(nested)) {
          const child = org.getObject(relationship.childSObject);
          checkJsonTypes(
            org,
            (nested as SObjectRecord[]).map((childRecord) => ({
              object: child,
              record: childRecord,
            })),
            rawBody,
          );
        }
        continue;
      }
      const converted = convertJsonValue(field, value);
      if (!('expected' in converted)) continue;
      // The position points after the field name's first occurrence in the body.
      const keyAt = rawBody.indexOf(`"${key}"`);
      const position = lineAndColumn(rawBody, keyAt < 0 ? 0 : keyAt + key.length + 3);
      throw new RequestError(
        errorResponse(
          400,
          'JSON_PARSER_ERROR',
          jsonParserErrorMessage(converted, position.line, position.column),
        ),
      );
    }
  }
}

/** Maps errors raised by LocalOrg and the SOQL engine to REST error responses. */
function fromThrown(error: unknown): ApiResponse {
  if (error instanceof RequestError) return error.response;
  if (error instanceof SoqlError) return errorResponse(400, error.errorCode, error.message);
  if (error instanceof SaveErrorException) {
    const status = error.statusCode === 'NOT_FOUND' ? 404 : 400;
    return errorResponse(status, error.statusCode, error.message, error.fields);
  }
  throw error;
}

/** Returns a collection result as REST writes it, without the `id` key when there is no Id. */
function collectionResult(result: SaveResult): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (result.id !== null) body.id = result.id;
  body.success = result.success;
  body.errors = result.errors;
  if (result.created !== undefined) body.created = result.created;
  return body;
}

function singleError(result: SaveResult): ApiResponse {
  const status = result.errors[0]?.statusCode === 'NOT_FOUND' ? 404 : 400;
  return {
    status,
    body: result.errors.map((error) => ({
      message: error.message,
      errorCode: error.statusCode,
      fields: error.fields,
    })),
  };
}

function requireObject(context: RouteContext, name: string): ObjectDef {
  const object = context.org.getObject(name);
  if (object === undefined) throw new RequestError(notFound());
  return object;
}

function recordsOf(body: unknown): { allOrNone: boolean; records: SObjectRecord[] } {
  const value = body as { allOrNone?: unknown; records?: unknown } | null;
  if (value === null || typeof value !== 'object' || !Array.isArray(value.records)) {
    throw new RequestError(
      errorResponse(
        400,
        'JSON_PARSER_ERROR',
        'The request body must be an object with a records array',
      ),
    );
  }
  return { allOrNone: value.allOrNone === true, records: value.records as SObjectRecord[] };
}

function checkCollectionSize(count: number): void {
  if (count > MAX_COLLECTION_RECORDS) {
    throw new RequestError(
      errorResponse(
        400,
        'EXCEEDED_ID_LIMIT',
        `record limit reached. cannot submit more than ${MAX_COLLECTION_RECORDS} records into this call`,
      ),
    );
  }
}

/** Routes one API request. */
export async function handleApiRequest(
  context: RouteContext,
  request: ApiRequest,
): Promise<ApiResponse> {
  try {
    return await route(context, request);
  } catch (error) {
    return fromThrown(error);
  }
}

async function route(context: RouteContext, request: ApiRequest): Promise<ApiResponse> {
  const segments = request.path
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeURIComponent);
  const [resource, ...rest] = segments;
  const { method } = request;

  switch (resource) {
    case undefined:
      return method === 'GET'
        ? { status: 200, body: resources(context, request) }
        : methodNotAllowed(method, ['GET', 'HEAD']);
    case 'query':
    case 'queryAll':
      if (method !== 'GET') return methodNotAllowed(method, ['GET', 'HEAD']);
      return query(context, request, resource, rest[0]);
    case 'sobjects':
      return sobjects(context, request, rest);
    case 'composite':
      if (rest[0] === 'sobjects') return collections(context, request, rest.slice(1));
      if (rest[0] === 'tree' && rest.length === 2) {
        return method === 'POST'
          ? tree(context, request, rest[1])
          : methodNotAllowed(method, ['POST']);
      }
      return notFound();
    case 'limits':
      return method === 'GET'
        ? { status: 200, body: limits(context) }
        : methodNotAllowed(method, ['GET', 'HEAD']);
    case 'jobs':
      return handleBulkRequest({
        org: context.org,
        user: request.user,
        faults: context.faults,
        method,
        path: request.path,
        query: request.query,
        headers: request.headers,
        body: request.body,
        baseUrl: request.baseUrl,
        apiVersion: request.apiVersion,
      });
    default:
      return notFound();
  }
}

/** Lists the resources of one API version. jsforce reads the `identity` URL from it. */
function resources(context: RouteContext, request: ApiRequest): Record<string, string> {
  const base = `/services/data/v${request.apiVersion}`;
  const names = ['sobjects', 'query', 'queryAll', 'limits', 'composite', 'jobs'];
  const result: Record<string, string> = {};
  for (const name of names) result[name] = `${base}/${name}`;
  result.identity = `${request.baseUrl}/id/${context.org.orgId}/${request.user.Id}`;
  return result;
}

function query(
  context: RouteContext,
  request: ApiRequest,
  resource: 'query' | 'queryAll',
  locator: string | undefined,
): ApiResponse {
  const base = `/services/data/v${request.apiVersion}/${resource}`;
  if (locator !== undefined) {
    const page = context.cursors.nextPage(locator, base);
    if (page === null) return errorResponse(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    return { status: 200, body: page };
  }
  const soql = request.query.get('q');
  if (soql === null || soql.trim() === '') {
    return errorResponse(400, 'MALFORMED_QUERY', 'A query string has to be specified');
  }
  const result = context.org.runQuery(soql, {
    user: request.user,
    includeDeleted: resource === 'queryAll',
  });
  const batchSize = batchSizeFrom(request.headers['sforce-query-options']);
  return {
    status: 200,
    body: context.cursors.firstPage(result.records, result.totalSize, batchSize, base),
  };
}

function sobjects(context: RouteContext, request: ApiRequest, path: string[]): ApiResponse {
  const { org } = context;
  const { method } = request;
  if (path.length === 0) {
    return method === 'GET'
      ? { status: 200, body: describeGlobal(org.apiVersion, org.schema) }
      : methodNotAllowed(method, ['GET', 'HEAD']);
  }
  const object = requireObject(context, path[0]);
  if (path.length === 1) {
    if (method === 'GET') {
      return {
        status: 200,
        body: { objectDescribe: describeObjectSummary(org.apiVersion, object), recentItems: [] },
      };
    }
    if (method !== 'POST') return methodNotAllowed(method, ['GET', 'HEAD', 'POST']);
    const record = jsonBody(request) as SObjectRecord;
    checkJsonTypes(org, [{ object, record }], request.body.toString('utf8'));
    const [result] = org.create(object.name, [record], { user: request.user, allOrNone: true });
    if (!result.success) return singleError(result);
    return {
      status: 201,
      body: { id: result.id, success: true, errors: [] },
      headers: {
        Location: `/services/data/v${request.apiVersion}/sobjects/${object.name}/${result.id}`,
      },
    };
  }
  if (path.length === 2 && path[1] === 'describe') {
    return method === 'GET'
      ? { status: 200, body: describeObject(org.apiVersion, object) }
      : methodNotAllowed(method, ['GET', 'HEAD']);
  }
  if (path.length === 2) return recordById(context, request, object, path[1]);
  if (path.length === 3) return recordByExternalId(context, request, object, path[1], path[2]);
  return notFound();
}

/** GET, PATCH and DELETE of `sobjects/{type}/{id}`. */
function recordById(
  context: RouteContext,
  request: ApiRequest,
  object: ObjectDef,
  rawId: string,
): ApiResponse {
  const { org } = context;
  const id = isWellFormedId(rawId) ? toId18(rawId) : null;
  const stored = id === null ? undefined : org.getRecordOf(object, id, false);
  if (stored === undefined) {
    const deleted = id !== null && org.getRecordOf(object, id, true) !== undefined;
    return deleted ? errorResponse(404, 'ENTITY_IS_DELETED', 'entity is deleted', []) : notFound();
  }
  const options = { user: request.user, allOrNone: true };
  switch (request.method) {
    case 'GET': {
      const fields = request.query.get('fields');
      return {
        status: 200,
        body: org.shapeRecord(object, stored, fields === null ? undefined : fields.split(',')),
      };
    }
    case 'PATCH': {
      const record = jsonBody(request) as SObjectRecord;
      checkJsonTypes(org, [{ object, record }], request.body.toString('utf8'));
      const [result] = org.update(object.name, [{ ...record, Id: id }], options);
      return result.success ? { status: 204 } : singleError(result);
    }
    case 'DELETE': {
      const [result] = org.delete([id as string], options);
      return result.success ? { status: 204 } : singleError(result);
    }
    default:
      return methodNotAllowed(request.method, ['GET', 'HEAD', 'PATCH', 'DELETE']);
  }
}

/** GET and PATCH (upsert) of `sobjects/{type}/{externalIdField}/{value}`. */
function recordByExternalId(
  context: RouteContext,
  request: ApiRequest,
  object: ObjectDef,
  fieldName: string,
  value: string,
): ApiResponse {
  const { org } = context;
  const field = object.fieldsByLowerName.get(fieldName.toLowerCase());
  if (field === undefined || (field.type !== 'id' && !field.externalId)) {
    return errorResponse(
      404,
      'NOT_FOUND',
      `Provided external ID field does not exist or is not accessible: ${fieldName}`,
    );
  }
  if (request.method === 'GET') {
    const escaped = value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
    const rows = org.runQuery(`SELECT Id FROM ${object.name} WHERE ${field.name} = '${escaped}'`, {
      user: request.user,
      includeDeleted: false,
    }).records;
    if (rows.length === 0) return notFound();
    if (rows.length > 1) {
      return {
        status: 300,
        body: rows.map(
          (row) =>
            `/services/data/v${request.apiVersion}/sobjects/${object.name}/${String(row.Id)}`,
        ),
      };
    }
    const stored = org.getRecordOf(object, rows[0].Id as string, false) as SObjectRecord;
    return { status: 200, body: org.shapeRecord(object, stored) };
  }
  if (request.method !== 'PATCH') return methodNotAllowed(request.method, ['GET', 'HEAD', 'PATCH']);
  const record = jsonBody(request) as SObjectRecord;
  checkJsonTypes(org, [{ object, record }], request.body.toString('utf8'));
  const body: SObjectRecord = {};
  for (const [key, fieldValue] of Object.entries(record)) {
    if (key.toLowerCase() !== field.name.toLowerCase()) body[key] = fieldValue;
  }
  body[field.name] = value;
  const [result] = org.upsert(object.name, field.name, [body], {
    user: request.user,
    allOrNone: true,
  });
  if (!result.success) {
    const multiple =
      result.errors[0]?.statusCode === 'DUPLICATE_EXTERNAL_ID' &&
      /more than one/.test(result.errors[0].message);
    if (multiple) {
      const ids = /\[(.*)\]/.exec(result.errors[0].message)?.[1].split(', ') ?? [];
      return {
        status: 300,
        body: ids.map(
          (id) => `/services/data/v${request.apiVersion}/sobjects/${object.name}/${id}`,
        ),
      };
    }
    return singleError(result);
  }
  return {
    status: result.created ? 201 : 200,
    body: { id: result.id, success: true, errors: [], created: result.created === true },
  };
}

/** sObject Collections: `composite/sobjects` and `composite/sobjects/{type}[/{externalIdField}]`. */
function collections(context: RouteContext, request: ApiRequest, path: string[]): ApiResponse {
  const { org } = context;
  const { method } = request;
  const options = (allOrNone: boolean) => ({ user: request.user, allOrNone });
  const rawBody = request.body.toString('utf8');

  if (path.length === 0) {
    if (method === 'DELETE') {
      const ids = (request.query.get('ids') ?? '').split(',').filter((id) => id !== '');
      checkCollectionSize(ids.length);
      const allOrNone = request.query.get('allOrNone') === 'true';
      return { status: 200, body: org.delete(ids, options(allOrNone)).map(collectionResult) };
    }
    if (method !== 'POST' && method !== 'PATCH')
      return methodNotAllowed(method, ['POST', 'PATCH', 'DELETE']);
    const { allOrNone, records } = recordsOf(jsonBody(request));
    checkCollectionSize(records.length);
    const typed = records.map((record) => {
      const type = (record.attributes as { type?: string } | undefined)?.type;
      const prefix = String(record.id ?? record.Id ?? '').slice(0, 3);
      const object =
        type === undefined ? org.schema.objectForKeyPrefix(prefix) : org.getObject(type);
      return { object, record };
    });
    checkJsonTypes(org, typed, rawBody);
    const results =
      method === 'POST'
        ? org.createMixed(records, options(allOrNone))
        : org.updateMixed(records, options(allOrNone));
    return { status: 200, body: results.map(collectionResult) };
  }

  const object = requireObject(context, path[0]);
  if (path.length === 1) {
    if (method === 'GET' || method === 'POST') return retrieveMany(context, request, object);
    return methodNotAllowed(method, ['GET', 'POST']);
  }
  if (path.length === 2) {
    if (method !== 'PATCH') return methodNotAllowed(method, ['PATCH']);
    const { allOrNone, records } = recordsOf(jsonBody(request));
    checkCollectionSize(records.length);
    checkJsonTypes(
      org,
      records.map((record) => ({ object, record })),
      rawBody,
    );
    const results = org.upsert(object.name, path[1], records, options(allOrNone));
    return { status: 200, body: results.map(collectionResult) };
  }
  return notFound();
}

/** sObject Collections retrieve: `GET ?ids=&fields=` or `POST {ids, fields}`. */
function retrieveMany(context: RouteContext, request: ApiRequest, object: ObjectDef): ApiResponse {
  const { org } = context;
  let ids: string[];
  let fields: string[];
  if (request.method === 'GET') {
    ids = (request.query.get('ids') ?? '').split(',').filter((id) => id !== '');
    fields = (request.query.get('fields') ?? '').split(',').filter((field) => field !== '');
  } else {
    const body = jsonBody(request) as { ids?: unknown; fields?: unknown };
    ids = Array.isArray(body.ids) ? body.ids.map(String) : [];
    fields = Array.isArray(body.fields) ? body.fields.map(String) : [];
  }
  if (ids.length === 0 || fields.length === 0) {
    return errorResponse(400, 'MISSING_ARGUMENT', 'Both ids and fields must be specified');
  }
  if (ids.length > MAX_RETRIEVE_IDS) {
    return errorResponse(
      400,
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${MAX_RETRIEVE_IDS} records into this call`,
    );
  }
  const records = ids.map((raw) => {
    const id = isWellFormedId(raw) ? toId18(raw) : null;
    const stored = id === null ? undefined : org.getRecordOf(object, id, false);
    return stored === undefined ? null : org.shapeRecord(object, stored, fields);
  });
  return { status: 200, body: records };
}

function countTreeRecords(records: SObjectRecord[]): number {
  let count = 0;
  for (const record of records) {
    count += 1;
    for (const value of Object.values(record)) {
      const nested = (value as { records?: unknown } | null)?.records;
      if (value !== null && typeof value === 'object' && Array.isArray(nested)) {
        count += countTreeRecords(nested as SObjectRecord[]);
      }
    }
  }
  return count;
}

/** sObject Tree: `POST composite/tree/{type}`, all or nothing, 201 on success and 400 on failure. */
function tree(context: RouteContext, request: ApiRequest, type: string): ApiResponse {
  const { org } = context;
  const object = requireObject(context, type);
  const { records } = recordsOf(jsonBody(request));
  // NOTE: the REST API guide states the limit of 200 records per tree request but not its error,
  // so this error code is assumed to be the one sObject Collections returns.
  checkCollectionSize(countTreeRecords(records));
  checkJsonTypes(
    org,
    records.map((record) => ({ object, record })),
    request.body.toString('utf8'),
  );
  const result = org.saveTree(object.name, records, request.user);
  return { status: result.hasErrors ? 400 : 201, body: result };
}

function limits(context: RouteContext): Record<string, { Max: number; Remaining: number }> {
  const usage = context.faults.apiUsage;
  const limit = (max: number, remaining = max) => ({ Max: max, Remaining: remaining });
  return {
    DailyApiRequests: limit(usage.max, Math.max(0, usage.max - usage.used)),
    DailyAsyncApexExecutions: limit(250000),
    DailyBulkApiBatches: limit(15000),
    DailyBulkV2QueryFileStorageMB: limit(976562),
    DailyBulkV2QueryJobs: limit(10000),
    DataStorageMB: limit(1024),
    FileStorageMB: limit(2048),
    SingleEmail: limit(5000),
  };
}
