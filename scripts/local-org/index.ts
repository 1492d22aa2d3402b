// Entry point of the local org, a test double of the Salesforce REST API and Bulk API 2.0 served
// over real HTTP on 127.0.0.1, so that jsforce talks to it exactly as to a real org.

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flushOpenFilesSync } from './data-file.ts';
import { Faults } from './faults.ts';
import { DataDirLock } from './lock.ts';
import { LocalOrg } from './org.ts';
import { startServer } from './server.ts';
import { loadUsers, type InactiveUser, type OrgUser, type UserKey } from './users.ts';
import { installValidationRules } from './validation-rules.ts';

export type { InactiveUser, OrgUser, UserKey } from './users.ts';
export { LocalOrg } from './org.ts';
export { Faults } from './faults.ts';
export { ValidationRuleError, type ValidationRules } from './validation-rules.ts';
export { LOCK_FILE_NAME, LocalOrgInUseError, type LockHolder } from './lock.ts';

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
  /** The data folder's lock file, which this process holds until `close`. */
  lockFile: string;
  /** Stops listening, flushes the data to the data folder and releases its lock. */
  close(): Promise<void>;
}

/** Locks of the orgs that this process has started and not closed. */
const heldLocks = new Set<DataDirLock>();
let exitHookInstalled = false;

/**
 * Releases the held locks when the process exits without closing its orgs, after a last flush of
 * their data. A process killed by a signal it does not handle, or by SIGKILL, leaves its lock
 * behind, and the next start takes it over as stale.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    flushOpenFilesSync();
    for (const lock of heldLocks) lock.release();
  });
}

/** Reads sourceApiVersion from sfdx-project.json; 68.0 when the file does not name one. */
export function readApiVersion(projectDir: string): string {
  const path = join(projectDir, 'sfdx-project.json');
  if (!existsSync(path)) return '68.0';
  const project = JSON.parse(readFileSync(path, 'utf8')) as { sourceApiVersion?: string };
  return project.sourceApiVersion ?? '68.0';
}

/**
 * Starts the local org on 127.0.0.1 with its data in the data folder. The folder is locked for
 * this process until `close`: a second start on it, in this process or another, throws
 * LocalOrgInUseError while the first one runs.
 */
export async function startLocalOrg(options: LocalOrgOptions = {}): Promise<LocalOrgServer> {
  const projectDir = options.projectDir ?? PROJECT_ROOT;
  const dataDir = resolve(
    options.dataDir ?? process.env.LOCAL_ORG_DIR ?? join(projectDir, '.local-org'),
  );
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const apiVersion = readApiVersion(projectDir);

  // The lock comes before the data is read, because a process that reads the data while another
  // process has it in memory would later write back an old copy.
  const lock = await DataDirLock.acquire(dataDir);
  heldLocks.add(lock);
  installExitHook();
  let org: LocalOrg | null = null;
  try {
    org = LocalOrg.open({ projectDir, dataDir, apiVersion });
    const started = await startOpenedOrg(org, { dataDir, projectDir, apiVersion, lock, options });
    try {
      lock.setUrl(started.url);
    } catch (error) {
      await started.close();
      throw error;
    }
    return started;
  } catch (error) {
    try {
      await org?.close();
    } finally {
      heldLocks.delete(lock);
      lock.release();
    }
    throw error;
  }
}

interface StartContext {
  dataDir: string;
  projectDir: string;
  apiVersion: string;
  lock: DataDirLock;
  options: LocalOrgOptions;
}

/** Installs the validation rules and the users in an opened org, and serves it over HTTP. */
async function startOpenedOrg(org: LocalOrg, context: StartContext): Promise<LocalOrgServer> {
  const { dataDir, projectDir, apiVersion, lock, options } = context;
  installValidationRules(org, projectDir);
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
    lockFile: lock.path,
    close: async () => {
      if (closed) return;
      closed = true;
      await server.close();
      await org.close();
      // Released after the final flush, so that the next process reads the latest data. When the
      // flush fails, the lock stays until the exit hook has flushed again.
      heldLocks.delete(lock);
      lock.release();
    },
  };
}
