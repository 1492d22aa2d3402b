// HTTP requests to the org through jsforce. This module counts the requests on the connection's
// transport, sends requests that return the status and headers with the body, and retries with
// backoff the requests that jsforce does not retry itself (POST and PATCH).

import type { Connection } from 'jsforce';
import { HttpApi } from 'jsforce/lib/http-api.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from './log.ts';

/** Number of HTTP requests sent to the org, retries included. */
export interface ApiCallCounter {
  count: number;
}

interface CountedTransport {
  httpRequest(request: unknown, options?: unknown): { stream(): NodeJS.EventEmitter };
}

const counters = new WeakMap<object, ApiCallCounter>();

/**
 * Returns the request counter of a connection, installing it on first use. The counter wraps the
 * transport's httpRequest, which every jsforce API (REST, Bulk, SOAP) goes through, and adds one
 * per retry that jsforce makes by itself on GET, PUT and DELETE.
 */
export function apiCallCounter(conn: Connection): ApiCallCounter {
  const transport = (conn as unknown as { _transport: CountedTransport })._transport;
  const existing = counters.get(transport);
  if (existing !== undefined) {
    return existing;
  }
  const counter: ApiCallCounter = { count: 0 };
  const original = transport.httpRequest.bind(transport);
  transport.httpRequest = (request, options) => {
    counter.count += 1;
    const pending = original(request, options);
    // NOTE: jsforce 3.10 emits 'retry' on the request stream for each of its own retries. Its
    // source marks the event as test-only, so a later version may stop counting those.
    pending.stream().on('retry', () => {
      counter.count += 1;
    });
    return pending;
  };
  counters.set(transport, counter);
  return counter;
}

/** A failed request or a failed record, in Salesforce's terms. */
export class ApiError extends Error {
  readonly status: number | null;
  readonly errorCode: string;
  readonly fields: string[];
  /** Node's system error code (ECONNRESET...) for a request that got no response. */
  readonly networkCode: string | null;

  constructor(
    message: string,
    options: {
      status?: number | null;
      errorCode: string;
      fields?: string[];
      networkCode?: string | null;
      /** The error jsforce or fetch threw, whose cause chain names the system error. */
      cause?: unknown;
    },
  ) {
    super(message, { cause: options.cause });
    this.name = 'ApiError';
    this.status = options.status ?? null;
    this.errorCode = options.errorCode;
    this.fields = options.fields ?? [];
    this.networkCode = options.networkCode ?? null;
  }
}

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Absolute, or relative to `/services/data/vNN.N` when it starts with one slash. */
  url: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface ApiResponse<T> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

const NETWORK_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'UND_ERR_SOCKET',
]);

function networkCodeOf(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) {
      return code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** Converts whatever jsforce threw into an ApiError with the HTTP status, when there was one. */
export function toApiError(error: unknown, status: number | null = null): ApiError {
  if (error instanceof ApiError) {
    return error;
  }
  const networkCode = networkCodeOf(error);
  let message = error instanceof Error ? error.message : String(error);
  // Node's fetch reports every network failure as "fetch failed", with the reason in its cause.
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (message === 'fetch failed' && cause instanceof Error) {
    message = `fetch failed: ${cause.message}`;
  }
  const errorCode =
    (error as { errorCode?: unknown } | null)?.errorCode ??
    (error as { name?: unknown } | null)?.name ??
    'UNKNOWN_ERROR';
  const data = (error as { data?: { fields?: unknown } } | null)?.data;
  const fields = Array.isArray(data?.fields) ? data.fields.map(String) : [];
  return new ApiError(message, {
    status,
    errorCode: networkCode ?? String(errorCode),
    fields,
    networkCode,
    cause: error,
  });
}

/**
 * Sends one request with the connection's session and returns the status, the headers and the
 * body: parsed JSON for JSON responses, text otherwise. Throws an ApiError for an HTTP error.
 * `options.retry.maxRetries` replaces jsforce's own retry count for GET, PUT and DELETE (5).
 */
export async function sendRequest<T = unknown>(
  conn: Connection,
  request: ApiRequest,
  options: { responseType?: string; retry?: { maxRetries: number } } = {},
): Promise<ApiResponse<T>> {
  const url = (conn as unknown as { _normalizeUrl(url: string): string })._normalizeUrl(
    request.url,
  );
  const api = new HttpApi(conn, options);
  let status: number | null = null;
  let headers: Record<string, string> = {};
  api.on('response', (response: { statusCode: number; headers: Record<string, string> }) => {
    status = response.statusCode;
    headers = response.headers ?? {};
    recordLimitInfo(conn, headers);
  });
  try {
    // jsforce writes content-length into the headers object it gets, so each request gets a copy.
    const requestHeaders = { ...request.headers };
    const body = (await api.request<T>({ ...request, url, headers: requestHeaders })) as T;
    return { status: status ?? 0, headers, body };
  } catch (error) {
    throw toApiError(error, status);
  }
}

/** Keeps `conn.limitInfo` current, as jsforce's own `conn.request` does. */
function recordLimitInfo(conn: Connection, headers: Record<string, string>): void {
  const match = /api-usage=(\d+)\/(\d+)/.exec(headers['sforce-limit-info'] ?? '');
  if (match !== null) {
    conn.limitInfo = {
      apiUsage: { used: Number(match[1]), limit: Number(match[2]) },
    };
  }
}

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  attempts: number;
  /** Delay before the first retry; each later retry doubles it, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 8000,
};

/** 429 is the API's rate limit and 502-504 are Salesforce's edge or instance being unavailable. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

export function isRetryable(error: ApiError, options: { networkErrors: boolean }): boolean {
  if (error.status !== null) {
    return RETRYABLE_STATUSES.has(error.status);
  }
  return options.networkErrors && error.networkCode !== null;
}

/**
 * Runs `operation`, retrying on 429, 502-504 and (when `networkErrors`) on a connection lost
 * before a response. Use it only for requests that are safe to repeat. Updates by Id and upserts
 * by an external Id are. A create is safe to repeat only after the org rejected it with a
 * status, so creates pass `networkErrors: false`.
 */
export async function withRetry<T>(
  description: string,
  operation: () => Promise<T>,
  options: { log: Logger; policy?: RetryPolicy; networkErrors?: boolean },
): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const networkErrors = options.networkErrors ?? true;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (thrown) {
      const error = toApiError(thrown);
      if (attempt >= policy.attempts || !isRetryable(error, { networkErrors })) {
        throw error;
      }
      const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      options.log.warn(
        `${description} failed (${describeApiError(error)}); retry ${attempt} of ${policy.attempts - 1} in ${delay} ms`,
      );
      await sleep(delay);
    }
  }
}

export function describeApiError(error: ApiError): string {
  const status = error.status !== null ? `HTTP ${error.status} ` : '';
  return `${status}${error.errorCode}: ${error.message}`;
}
