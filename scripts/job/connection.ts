// Connections to the org the job scores: the embedded local org, a real org through the user's
// sf CLI auth, or a real org by instance URL and an access token from the environment.

import { Connection } from 'jsforce';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocalOrgServer } from '../local-org/index.ts';
import { apiCallCounter } from './api.ts';
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

/** Connects to an org that the user authorized with `sf org login`, by alias or username. */
export async function openTargetOrg(aliasOrUsername: string, log: Logger): Promise<OrgConnections> {
  // Imported here so that local runs do not load @salesforce/core and its configuration.
  const { Org } = await import('@salesforce/core');
  const org = await Org.create({ aliasOrUsername });
  // @salesforce/core's connection comes from @jsforce/jsforce-node, which has jsforce's API.
  const conn = org.getConnection() as unknown as Connection;
  log.addSecret(conn.accessToken ?? undefined);
  apiCallCounter(conn);
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
export function openInstanceUrl(
  instanceUrl: string,
  accessToken: string,
  log: Logger,
): OrgConnections {
  log.addSecret(accessToken);
  const conn = new Connection({ instanceUrl, accessToken, version: projectApiVersion() });
  apiCallCounter(conn);
  return {
    kind: 'instance-url',
    label: instanceUrl,
    conn,
    seedConn: conn,
    local: null,
    close: async () => {},
  };
}
