/// <reference lib="dom" />
// The REST API client of the local platform modules. The page is served from the same origin as
// a proxy to the local org, so requests go to /services/data/vNN.N/... with the signed-in user's
// access token, as the bearer token that the local org reads to pick the calling user.

/** Attributes of an Opportunity stage value, as the UI API returns them on StageName. */
export interface StageAttributes {
  closed: boolean;
  won: boolean;
  defaultProbability: number | null;
  forecastCategoryName: string | null;
}

/** Settings that the page sets in globalThis.localPlatform before the bundle loads. */
export interface PlatformConfig {
  /** API version of the REST paths, such as 68.0. */
  apiVersion: string;
  /**
   * Origin of the REST API, such as http://127.0.0.1:8080. Pages leave it out and call their own
   * origin, which proxies /services/ to the local org; Node tests of these modules set it.
   */
  instanceUrl?: string;
  accessToken: string;
  user: { id: string; name: string; username: string; timeZone: string };
  /**
   * Attributes of each Opportunity stage, by stage value. A real org returns them from the
   * OpportunityStage object, which the local org's REST API does not serve.
   */
  opportunityStages: Record<string, StageAttributes>;
}

/** One error of a REST response: `[{ message, errorCode, fields }]`. */
export interface RestErrorItem {
  message: string;
  errorCode: string;
  fields?: string[];
}

/** A REST call that failed: the HTTP status and the errors of the response body. */
export class RestError extends Error {
  readonly status: number;
  readonly statusText: string;
  readonly errors: RestErrorItem[];

  constructor(status: number, statusText: string, errors: RestErrorItem[]) {
    super(errors.map((error) => `${error.errorCode}: ${error.message}`).join('; '));
    this.name = 'RestError';
    this.status = status;
    this.statusText = statusText;
    this.errors = errors;
  }
}

export type RestRecord = Record<string, unknown> & { attributes?: { type: string; url: string } };

interface QueryPage {
  totalSize: number;
  done: boolean;
  records: RestRecord[];
  nextRecordsUrl?: string;
}

export function platformConfig(): PlatformConfig {
  const config = (globalThis as { localPlatform?: PlatformConfig }).localPlatform;
  if (config === undefined) {
    throw new Error(
      'globalThis.localPlatform is not set: load the page from the preview server, which sets ' +
        'the API version, the user and the access token before the bundle runs.',
    );
  }
  return config;
}

function apiUrl(path: string): string {
  const config = platformConfig();
  const absolute = path.startsWith('/services/')
    ? path
    : `/services/data/v${config.apiVersion}${path}`;
  return `${config.instanceUrl ?? ''}${absolute}`;
}

function errorItemsOf(body: unknown, status: number, statusText: string): RestErrorItem[] {
  if (Array.isArray(body)) {
    return body.map((item) => ({
      message: String((item as RestErrorItem).message ?? ''),
      errorCode: String((item as RestErrorItem).errorCode ?? 'UNKNOWN_EXCEPTION'),
      fields: Array.isArray((item as RestErrorItem).fields) ? (item as RestErrorItem).fields : [],
    }));
  }
  return [{ message: `HTTP ${status} ${statusText}`, errorCode: 'UNKNOWN_EXCEPTION', fields: [] }];
}

/**
 * Sends one REST request and returns the parsed JSON body, or undefined for 204. Throws a
 * RestError with the response's errors when the status is not 2xx.
 */
export async function restRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
  const config = platformConfig();
  const headers: Record<string, string> = {
    Authorization: `Bearer ${config.accessToken}`,
    Accept: 'application/json',
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(apiUrl(path), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new RestError(0, 'Network Error', [
      {
        message: `${method} ${path} failed: ${(error as Error).message}`,
        errorCode: 'NETWORK_ERROR',
      },
    ]);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    throw new RestError(
      response.status,
      response.statusText,
      errorItemsOf(parsed, response.status, response.statusText),
    );
  }
  return parsed as T;
}

/** Runs a SOQL query and returns every row, following nextRecordsUrl. */
export async function queryAll(soql: string): Promise<RestRecord[]> {
  let page = await restRequest<QueryPage>('GET', `/query?q=${encodeURIComponent(soql)}`);
  const records = [...page.records];
  while (!page.done && page.nextRecordsUrl !== undefined) {
    page = await restRequest<QueryPage>('GET', page.nextRecordsUrl);
    records.push(...page.records);
  }
  return records;
}

/** Runs a `SELECT COUNT() ...` query and returns the count. */
export async function queryCount(soql: string): Promise<number> {
  const page = await restRequest<QueryPage>('GET', `/query?q=${encodeURIComponent(soql)}`);
  return page.totalSize;
}

/** Quotes a string for SOQL, escaping backslashes and quotes. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
