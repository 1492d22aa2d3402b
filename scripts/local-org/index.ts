// Entry point of the local org, a test double of the Salesforce REST API and Bulk API 2.0 served
// over real HTTP on 127.0.0.1, so that jsforce talks to it exactly as to a real org.

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Faults } from './faults.ts';
import { LocalOrg } from './org.ts';
import { startServer } from './server.ts';
import { loadUsers, type InactiveUser, type OrgUser, type UserKey } from './users.ts';
import { installValidationRules } from './validation-rules.ts';

export type { InactiveUser, OrgUser, UserKey } from './users.ts';
export { LocalOrg } from './org.ts';
export { Faults } from './faults.ts';
export { ValidationRuleError, type ValidationRules } from './validation-rules.ts';

/** Root of this repository: the folder with sfdx-project.json. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface LocalOrgOptions {
  /** Data folder; default process.env.LOCAL_ORG_DIR, else <project root>/.local-org. */
  dataDir?: string;
  /** Port on 127.0.0.1; default 0, a free port. */
  port?: number;
  /** Folder with sfdx-project.json and force-app; default the repository root. */
  projectDir?: string;
}

export interface LocalOrgServer {
  /** `http://127.0.0.1:PORT`, the instance URL for jsforce. */
  url: string;
  /** API version served, from sfdx-project.json's sourceApiVersion, such as `68.0`. */
  apiVersion: string;
  org: LocalOrg;
  /** The users that can sign in; `Authorization: Bearer <accessToken>` picks the caller. */
  users: Record<UserKey, OrgUser>;
  /** An inactive user (no token), for tests of records owned by users who left. */
  inactiveUser: InactiveUser;
  /** Test switches: latency, injected failures, row failures, the daily API limit. */
  faults: Faults;
  /** API requests served since start. */
  readonly requestCount: number;
  dataDir: string;
  /** users.json in the data folder, which contains the access tokens (file mode 0600). */
  usersFile: string;
  /** Flushes the data to the data folder and stops listening. */
  close(): Promise<void>;
}

/** Reads sourceApiVersion from sfdx-project.json; 68.0 when the file does not name one. */
export function readApiVersion(projectDir: string): string {
  const path = join(projectDir, 'sfdx-project.json');
  if (!existsSync(path)) return '68.0';
  const project = JSON.parse(readFileSync(path, 'utf8')) as { sourceApiVersion?: string };
  return project.sourceApiVersion ?? '68.0';
}

export async function startLocalOrg(options: LocalOrgOptions = {}): Promise<LocalOrgServer> {
  const projectDir = options.projectDir ?? PROJECT_ROOT;
  const dataDir = resolve(
    options.dataDir ?? process.env.LOCAL_ORG_DIR ?? join(projectDir, '.local-org'),
  );
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const apiVersion = readApiVersion(projectDir);

  const org = LocalOrg.open({ projectDir, dataDir, apiVersion });
  try {
    installValidationRules(org, projectDir);
  } catch (error) {
    await org.close();
    throw error;
  }
  const userObject = org.getObject('User');
  if (userObject === undefined) throw new Error('The local org schema has no User object');
  const userSet = loadUsers(dataDir, projectDir, () => org.newId(userObject));
  org.putSystemRecords('User', userSet.records);

  const faults = new Faults();
  org.faults = faults;
  const usersByToken = new Map<string, OrgUser>();
  for (const user of Object.values(userSet.users)) usersByToken.set(user.accessToken, user);

  const server = await startServer({
    org,
    faults,
    usersByToken,
    apiVersion,
    port: options.port ?? 0,
  });
  let closed = false;
  return {
    url: server.url,
    apiVersion,
    org,
    users: userSet.users,
    inactiveUser: userSet.inactiveUser,
    faults,
    get requestCount() {
      return server.requestCount;
    },
    dataDir,
    usersFile: userSet.path,
    close: async () => {
      if (closed) return;
      closed = true;
      await server.close();
      await org.close();
    },
  };
}
