// Connections to the org the job scores: the embedded local org, a real org through the user's
// sf CLI auth, or a real org by instance URL and an access token from the environment.

import { Connection } from 'jsforce';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocalOrgServer } from '../local-org/index.ts';
import { apiCallCounter, sendRequest, toApiError } from './api.ts';
import type { Logger } from './log.ts';

export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type TargetKind = 'local' | 'target-org' | 'instance-url';

export interface OrgConnections {
  kind: TargetKind;
  /** Description of the org for messages: a URL or an alias, never a token. */
  label: string;
  /** The job's connection: the local org's job user, or the named org's user. */
  conn: Connection;
  /** The connection that seeds data: the local org's admin user, else the same as `conn`. */
  seedConn: Connection;
  /** The embedded server, for the local org. */
  local: LocalOrgServer | null;
  close(): Promise<void>;
}

/** Returns sourceApiVersion from sfdx-project.json, the API version the project is built for. */
export function projectApiVersion(): string {
  const file = path.join(PROJECT_DIR, 'sfdx-project.json');
  const project = JSON.parse(readFileSync(file, 'utf8')) as { sourceApiVersion?: unknown };
  if (typeof project.sourceApiVersion !== 'string') {
    throw new Error(`${file} has no sourceApiVersion: set it, for example "68.0".`);
  }
  return project.sourceApiVersion;
}

/** Returns a jsforce connection to a started local org as one of its users. */
export function localOrgConnection(server: LocalOrgServer, user: 'job' | 'admin'): Connection {
  const conn = new Connection({
    instanceUrl: server.url,
    accessToken: server.users[user].accessToken,
    version: server.apiVersion,
  });
  apiCallCounter(conn);
  return conn;
}

/** Starts the embedded local org with data in `dataDir` (default LOCAL_ORG_DIR or .local-org). */
export async function openLocalOrg(
  dataDir: string | undefined,
  log: Logger,
): Promise<OrgConnections> {
  // Imported here so that runs against a real org do not load the local org's modules.
  const { startLocalOrg } = await import('../local-org/index.ts');
  const resolvedDir = dataDir ?? process.env.LOCAL_ORG_DIR ?? path.join(PROJECT_DIR, '.local-org');
  const server = await startLocalOrg({ dataDir: resolvedDir, projectDir: PROJECT_DIR });
  for (const user of Object.values(server.users)) {
    log.addSecret(user.accessToken);
  }
  log.debug(`Local org started at ${server.url}, data in ${resolvedDir}`);
  return {
    kind: 'local',
    label: `the local org (${resolvedDir})`,
    conn: localOrgConnection(server, 'job'),
    seedConn: localOrgConnection(server, 'admin'),
    local: server,
    close: () => server.close(),
  };
}

/** The org the job connects to, for messages that name the next step. */
export type ConnectTarget =
  | { kind: 'target-org'; alias: string; instanceUrl?: string }
  | { kind: 'instance-url'; url: string };

/** A connection that could not be opened; the message names the cause and the next step. */
export class ConnectionError extends Error {
  readonly errorCode: string;
  constructor(message: string, errorCode: string) {
    super(message);
    this.name = 'ConnectionError';
    this.errorCode = errorCode;
  }
}

/** Node's TLS codes for a certificate that it did not accept. */
const CERTIFICATE_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/** Returns the first `code` (and its message) in an error's cause chain, where fetch puts the system error. */
function causeOf(error: unknown): { code: string | null; message: string } {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      return { code, message: (current as Error).message ?? message };
    }
    if (current instanceof Error) message = current.message;
    current = (current as { cause?: unknown }).cause;
  }
  return { code: null, message };
}

function targetUrl(target: ConnectTarget): string {
  if (target.kind === 'instance-url') return target.url;
  return target.instanceUrl === undefined
    ? target.alias
    : `${target.alias} (${target.instanceUrl})`;
}

function portOf(target: ConnectTarget): string | null {
  const url = target.kind === 'instance-url' ? target.url : target.instanceUrl;
  try {
    return url === undefined ? null : new URL(url).port || null;
  } catch {
    return null;
  }
}

function reachabilityHint(target: ConnectTarget): string {
  return target.kind === 'instance-url'
    ? 'Check --instance-url and that the org is reachable.'
    : `Check that the org is reachable; sf org display --target-org ${target.alias} shows its URL.`;
}

function sessionRejected(target: ConnectTarget, detail: string): ConnectionError {
  if (target.kind === 'instance-url') {
    return new ConnectionError(
      `The org at ${target.url} rejected the access token in SF_ACCESS_TOKEN (${detail}). ` +
        'Set SF_ACCESS_TOKEN to a current access token of that org, such as the one that ' +
        'sf org display --target-org ALIAS shows.',
      'INVALID_SESSION_ID',
    );
  }
  return new ConnectionError(
    `The org ${targetUrl(target)} rejected the session of its sf CLI login (${detail}). ` +
      `Log in again with sf org login web --alias ${target.alias}.`,
    'INVALID_SESSION_ID',
  );
}

/** Maps a failure to connect to a message with the cause and the next step. */
export function connectionError(error: unknown, target: ConnectTarget): ConnectionError {
  if (error instanceof ConnectionError) return error;

  const name = (error as { name?: unknown } | null)?.name;
  if (target.kind === 'target-org' && name === 'NamedOrgNotFoundError') {
    return new ConnectionError(
      `No sf CLI login found for ${target.alias}. Log in with sf org login web --alias ` +
        `${target.alias}, or list your logins with sf org list.`,
      'NO_SF_LOGIN',
    );
  }

  const apiError = toApiError(error);
  if (apiError.status === 401 || apiError.errorCode === 'INVALID_SESSION_ID') {
    return sessionRejected(target, `${apiError.errorCode}: ${apiError.message}`);
  }

  if (apiError.status !== null) {
    return new ConnectionError(
      `Could not connect to ${targetUrl(target)}: the REST API returned HTTP ` +
        `${apiError.status} ${apiError.errorCode}: ${apiError.message}. Check that the URL is ` +
        "the org's own, such as https://MyDomain.my.salesforce.com, without a path.",
      apiError.errorCode,
    );
  }
  return noResponseError(error, target, apiError.errorCode);
}

/** Maps a request that got no response, or an sf CLI login that could not be used. */
function noResponseError(
  error: unknown,
  target: ConnectTarget,
  errorCode: string,
): ConnectionError {
  const where = `Could not connect to ${targetUrl(target)}`;
  const cause = causeOf(error);
  if (cause.code !== null && CERTIFICATE_CODES.has(cause.code)) {
    return new ConnectionError(
      `${where}: the server's TLS certificate was not accepted (${cause.code}). Check that the ` +
        "URL is the org's own, such as https://MyDomain.my.salesforce.com; behind a proxy that " +
        're-signs TLS traffic, set NODE_EXTRA_CA_CERTS to the file of its CA certificate.',
      cause.code,
    );
  }
  if (cause.code !== null && NETWORK_REASONS[cause.code] !== undefined) {
    return new ConnectionError(
      `${where}: ${NETWORK_REASONS[cause.code]} (${cause.code}). ${reachabilityHint(target)}`,
      cause.code,
    );
  }
  if (/bad port/i.test(cause.message)) {
    // Node's fetch refuses the ports that the Fetch standard reserves for other protocols.
    const port = portOf(target);
    return new ConnectionError(
      `${where}: Node's fetch does not connect to ${port === null ? 'this port' : `port ${port}`}, ` +
        `which the Fetch standard reserves for other protocols. ${reachabilityHint(target)}`,
      'BAD_PORT',
    );
  }
  if (target.kind === 'target-org' && target.instanceUrl === undefined) {
    return new ConnectionError(
      `Could not use the sf CLI login ${target.alias}: ${cause.message}. Log in again with ` +
        `sf org login web --alias ${target.alias}.`,
      errorCode,
    );
  }

  const code = cause.code ?? errorCode;
  return new ConnectionError(
    `${where}: ${cause.message} (${code}). ${reachabilityHint(target)}`,
    code,
  );
}

/**
 * Sends one authenticated request (the REST API's list of resources), so that a wrong URL, a
 * network failure or a rejected session shows before any seeding or scoring. jsforce retries a
 * failed GET five times with backoff (about 15 s); this check retries once.
 */
export async function verifyConnection(conn: Connection, target: ConnectTarget): Promise<void> {
  try {
    await sendRequest(
      conn,
      { method: 'GET', url: `/services/data/v${conn.version}/` },
      { retry: { maxRetries: 1 } },
    );
  } catch (error) {
    throw connectionError(error, target);
  }
}

/** Connects to an org that the user authorized with `sf org login`, by alias or username. */
export async function openTargetOrg(aliasOrUsername: string, log: Logger): Promise<OrgConnections> {
  // Imported here so that local runs do not load @salesforce/core and its configuration.
  const { Org } = await import('@salesforce/core');
  let conn: Connection;
  try {
    const org = await Org.create({ aliasOrUsername });
    // @salesforce/core's connection comes from @jsforce/jsforce-node, which has jsforce's API.
    conn = org.getConnection() as unknown as Connection;
  } catch (error) {
    throw connectionError(error, { kind: 'target-org', alias: aliasOrUsername });
  }
  log.addSecret(conn.accessToken ?? undefined);
  apiCallCounter(conn);
  await verifyConnection(conn, {
    kind: 'target-org',
    alias: aliasOrUsername,
    instanceUrl: conn.instanceUrl,
  });
  log.debug(`Connected to ${aliasOrUsername} at ${conn.instanceUrl}, API ${conn.version}`);
  return {
    kind: 'target-org',
    label: `${aliasOrUsername} (${conn.instanceUrl})`,
    conn,
    seedConn: conn,
    local: null,
    close: async () => {},
  };
}

/** Connects by instance URL with an access token that the caller read from the environment. */
export async function openInstanceUrl(
  instanceUrl: string,
  accessToken: string,
  log: Logger,
): Promise<OrgConnections> {
  log.addSecret(accessToken);
  const conn = new Connection({ instanceUrl, accessToken, version: projectApiVersion() });
  apiCallCounter(conn);
  await verifyConnection(conn, { kind: 'instance-url', url: instanceUrl });
  log.debug(`Connected to ${instanceUrl}, API ${conn.version}`);
  return {
    kind: 'instance-url',
    label: instanceUrl,
    conn,
    seedConn: conn,
    local: null,
    close: async () => {},
  };
}
