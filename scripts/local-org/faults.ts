// Test switches of the local org: added latency, injected failures, Bulk jobs that stay
// InProgress, row-level save failures and the daily API request limit.
import { setTimeout as sleep } from 'node:timers/promises';
import type { SaveError, SObjectRecord } from './org.ts';

export type InjectedStatus = 401 | 429 | 500 | 503;

export interface FailNextSetting {
  status: InjectedStatus;
  /** Number of API requests, from the next one on, that get the injected response. */
  count: number;
  errorCode?: string;
  message?: string;
}

export interface RowFailureRule {
  /** API name of the object, compared case-insensitively. */
  sobject: string;
  /** 15- or 18-character record Ids. A rule without Ids and names matches every row. */
  recordIds?: string[];
  names?: string[];
  statusCode: string;
  message: string;
  fields?: string[];
}

export interface FaultSettings {
  /** Milliseconds added to every API response. */
  latencyMs: number;
  /** Failure injected on the next N API requests, or null. */
  failNext: FailNextSetting | null;
  /** Number of status polls for which each Bulk job reports InProgress before it completes. */
  bulkPollsInProgress: number;
  /** Writes matching one of these rules fail per row with the rule's error. */
  rowFailures: RowFailureRule[];
  /** API requests allowed per day. Past it every API request fails with REQUEST_LIMIT_EXCEEDED. */
  dailyApiLimit: number;
  /** Records per Bulk API 2.0 query result page when the request gives no maxRecords. */
  bulkQueryPageSize: number;
}

export interface InjectedResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Default daily allocation of REST and SOAP API requests of an org before per-licence additions. */
export const DEFAULT_DAILY_API_LIMIT = 100_000;

// NOTE: a real org sizes result pages by bytes and does not document a record count, so this
// default page size is an estimate. Tests that need several pages lower it or pass maxRecords.
export const DEFAULT_BULK_QUERY_PAGE_SIZE = 50_000;

export function defaultFaultSettings(): FaultSettings {
  return {
    latencyMs: 0,
    failNext: null,
    bulkPollsInProgress: 0,
    rowFailures: [],
    dailyApiLimit: DEFAULT_DAILY_API_LIMIT,
    bulkQueryPageSize: DEFAULT_BULK_QUERY_PAGE_SIZE,
  };
}

const MAX_INJECTED_REQUESTS = 100;

const JSON_HEADERS = { 'Content-Type': 'application/json;charset=UTF-8' };

// Bodies a real org (or the Salesforce edge in front of it) sends for each injected status.
// NOTE: the 429 body is an assumption: the REST API guide documents no body for 429.
const INJECTED_ERRORS: Record<InjectedStatus, { errorCode: string; message: string }> = {
  401: { errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' },
  429: {
    errorCode: 'REQUEST_LIMIT_EXCEEDED',
    message: 'Too many requests. Retry the request after the Retry-After interval.',
  },
  500: {
    errorCode: 'UNKNOWN_EXCEPTION',
    message:
      'An unexpected error occurred. Please include this ErrorId if you contact support: 1016613948-55440 (-1207354015)',
  },
  503: {
    errorCode: 'SERVER_UNAVAILABLE',
    message: 'Server unavailable. Retry the request after a pause.',
  },
};

export class Faults {
  settings: FaultSettings = defaultFaultSettings();
  /** API requests counted today (UTC) and the daily limit, as Sforce-Limit-Info reports them. */
  apiUsage: { used: number; max: number } = { used: 0, max: DEFAULT_DAILY_API_LIMIT };
  /** The latest requests that got an injected failure, oldest first, at most 100. */
  injectedRequests: { method: string; path: string; status: number }[] = [];
  // NOTE: a real org counts requests over a rolling 24-hour window. This counter restarts at
  // 00:00 UTC, which is enough for tests and runs that stay within one day.
  private usageDay = utcDay(new Date());

  constructor(settings?: Partial<FaultSettings>) {
    if (settings) this.configure(settings);
  }

  /** Merges the given settings into the current ones. */
  configure(settings: Partial<FaultSettings>): void {
    validateSettings(settings);
    const next: FaultSettings = { ...this.settings, ...settings };
    if (settings.failNext !== undefined) {
      // A copy, because intercept counts failNext.count down.
      const failNext = settings.failNext;
      next.failNext = failNext && failNext.count > 0 ? { ...failNext } : null;
    }
    next.rowFailures = next.rowFailures.map((rule) => ({ ...rule }));
    this.settings = next;
    this.apiUsage.max = next.dailyApiLimit;
  }

  /** Restores the default settings and sets the API usage of the day to zero. */
  reset(): void {
    this.settings = defaultFaultSettings();
    this.apiUsage = { used: 0, max: this.settings.dailyApiLimit };
    this.injectedRequests = [];
    this.usageDay = utcDay(new Date());
  }

  /**
   * Counts one API request, waits the added latency and returns the response to send in place
   * of the real one: REQUEST_LIMIT_EXCEEDED past the daily limit, or the injected failure.
   * Returns null when the request should be served normally. Every request counts, injected
   * failures included, except a request rejected for the daily limit.
   */
  async intercept(method: string, path: string): Promise<InjectedResponse | null> {
    this.rollUsageDay(new Date());
    if (this.settings.latencyMs > 0) await sleep(this.settings.latencyMs);

    if (this.apiUsage.used >= this.apiUsage.max) {
      return {
        status: 403,
        body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
        headers: { ...JSON_HEADERS },
      };
    }
    this.apiUsage.used += 1;

    const failNext = this.settings.failNext;
    if (!failNext) return null;
    failNext.count -= 1;
    if (failNext.count <= 0) this.settings.failNext = null;
    this.injectedRequests.push({ method, path, status: failNext.status });
    if (this.injectedRequests.length > MAX_INJECTED_REQUESTS) this.injectedRequests.shift();
    const defaults = INJECTED_ERRORS[failNext.status];
    const headers: Record<string, string> = { ...JSON_HEADERS };
    if (failNext.status === 429 || failNext.status === 503) headers['Retry-After'] = '1';
    return {
      status: failNext.status,
      body: [
        {
          message: failNext.message ?? defaults.message,
          errorCode: failNext.errorCode ?? defaults.errorCode,
        },
      ],
      headers,
    };
  }

  /** Value of the Sforce-Limit-Info header, for example `api-usage=25/100000`. */
  limitInfoHeader(): string {
    this.rollUsageDay(new Date());
    return `api-usage=${this.apiUsage.used}/${this.apiUsage.max}`;
  }

  /**
   * Returns the error of the first row-failure rule that matches the record: same object and
   * the record's Id or Name listed, or any record of the object when the rule lists neither.
   */
  rowFailure(sobject: string, record: SObjectRecord): SaveError | null {
    for (const rule of this.settings.rowFailures) {
      if (rule.sobject.toLowerCase() !== sobject.toLowerCase()) continue;
      if (!ruleMatchesRecord(rule, record)) continue;
      return {
        statusCode: rule.statusCode,
        message: rule.message,
        fields: [...(rule.fields ?? [])],
      };
    }
    return null;
  }

  private rollUsageDay(now: Date): void {
    const day = utcDay(now);
    if (day === this.usageDay) return;
    this.usageDay = day;
    this.apiUsage.used = 0;
  }
}

function ruleMatchesRecord(rule: RowFailureRule, record: SObjectRecord): boolean {
  const ids = rule.recordIds ?? [];
  const names = rule.names ?? [];
  if (ids.length === 0 && names.length === 0) return true;
  const id = fieldValue(record, 'Id');
  if (typeof id === 'string' && id !== '') {
    // A 15-character Id is the case-sensitive prefix of its 18-character form.
    const id15 = id.slice(0, 15);
    if (ids.some((candidate) => candidate.slice(0, 15) === id15)) return true;
  }
  const name = fieldValue(record, 'Name');
  return typeof name === 'string' && names.includes(name);
}

function fieldValue(record: SObjectRecord, field: string): unknown {
  if (field in record) return record[field];
  const key = Object.keys(record).find((k) => k.toLowerCase() === field.toLowerCase());
  return key === undefined ? undefined : record[key];
}

function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function validateSettings(settings: Partial<FaultSettings>): void {
  const nonNegative = ['latencyMs', 'bulkPollsInProgress', 'dailyApiLimit'] as const;
  for (const key of nonNegative) {
    const value = settings[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      throw new TypeError(`Invalid fault setting ${key}: ${String(value)}. Use an integer >= 0.`);
    }
  }
  const pageSize = settings.bulkQueryPageSize;
  if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1)) {
    throw new TypeError(
      `Invalid fault setting bulkQueryPageSize: ${String(pageSize)}. Use an integer >= 1.`,
    );
  }
  const failNext = settings.failNext;
  if (failNext) {
    if (!(failNext.status in INJECTED_ERRORS)) {
      throw new TypeError(
        `Invalid fault setting failNext.status: ${String(failNext.status)}. Use 401, 429, 500 or 503.`,
      );
    }
    if (!Number.isInteger(failNext.count) || failNext.count < 0) {
      throw new TypeError(
        `Invalid fault setting failNext.count: ${String(failNext.count)}. Use an integer >= 0.`,
      );
    }
  }
  if (settings.rowFailures !== undefined && !Array.isArray(settings.rowFailures)) {
    throw new TypeError('Invalid fault setting rowFailures: expected an array of rules.');
  }
  for (const rule of settings.rowFailures ?? []) {
    if (!rule.sobject || !rule.statusCode || !rule.message) {
      throw new TypeError(
        `Invalid row failure rule ${JSON.stringify(rule)}: sobject, statusCode and message are required.`,
      );
    }
  }
}
