// Exclusive lock on a local org data folder. Each process keeps the org's records in memory and
// writes them back, so two processes on one folder would silently overwrite each other's changes.
// The lock is a file in the folder, created with the `wx` flag (O_CREAT | O_EXCL), that contains
// the holder's PID, host, start time and URL. A lock whose process no longer runs is stale and is
// taken over.

import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const LOCK_FILE_NAME = 'local-org.lock';

/** Contents of the lock file. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** ISO 8601 time in UTC, to the second. */
  startedAt: string;
  /** Instance URL of the holder's server, or null until it listens. */
  url: string | null;
  /** Random value that distinguishes this holder's lock from a later one of the same PID. */
  nonce: string;
}

/** Raised when another process, or another org in this process, has locked the data folder. */
export class LocalOrgInUseError extends Error {
  readonly errorCode = 'LOCAL_ORG_IN_USE';
  readonly dataDir: string;
  readonly lockFile: string;
  readonly holder: LockHolder;

  constructor(dataDir: string, lockFile: string, holder: LockHolder) {
    super(inUseMessage(dataDir, lockFile, holder));
    this.name = 'LocalOrgInUseError';
    this.dataDir = dataDir;
    this.lockFile = lockFile;
    this.holder = holder;
  }
}

function inUseMessage(dataDir: string, lockFile: string, holder: LockHolder): string {
  // users.ts keeps the users and their access tokens in users.json in the data folder.
  const usersFile = join(dataDir, 'users.json');
  const otherHost = holder.hostname === hostname() ? '' : ` on host ${holder.hostname}`;
  const serving = holder.url === null ? 'not serving yet' : `serving ${holder.url}`;
  const instanceUrl =
    holder.url === null
      ? `--instance-url and the URL that it writes to ${lockFile} once it serves,`
      : `--instance-url ${holder.url}`;
  return (
    `The local org in ${dataDir} is in use by process ${holder.pid}${otherHost} ` +
    `(started ${holder.startedAt}, ${serving}). Stop that process, or point the job at it with ` +
    `${instanceUrl} and SF_ACCESS_TOKEN from ${usersFile} (the job user's token). ` +
    `If process ${holder.pid} is not a local org, delete ${lockFile}.`
  );
}

/** Time to wait for a lock file that exists but is not written yet, in milliseconds. */
const UNREADABLE_WAIT_MS = 500;
const UNREADABLE_POLL_MS = 50;
/** Attempts to create the lock file when stale locks keep being replaced under us. */
const MAX_ATTEMPTS = 5;

export interface AcquireOptions {
  /** Receives the line reporting a stale lock taken over; default writes it to stderr. */
  warn?: (line: string) => void;
}

/** An exclusive lock on one data folder, held by this process until `release`. */
export class DataDirLock {
  readonly dataDir: string;
  readonly path: string;
  private holder: LockHolder;
  private released = false;

  private constructor(dataDir: string, path: string, holder: LockHolder) {
    this.dataDir = dataDir;
    this.path = path;
    this.holder = holder;
  }

  /**
   * Takes the lock on `dataDir` (an absolute path to an existing folder). Throws
   * LocalOrgInUseError while a running process has locked it, and takes over a stale lock.
   */
  static async acquire(dataDir: string, options: AcquireOptions = {}): Promise<DataDirLock> {
    const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
    const path = join(dataDir, LOCK_FILE_NAME);
    const holder: LockHolder = {
      pid: process.pid,
      hostname: hostname(),
      startedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      url: null,
      nonce: randomBytes(8).toString('hex'),
    };
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (tryCreate(path, holder)) return new DataDirLock(dataDir, path, holder);
      const current = await readHolder(path);
      if (current === 'missing') continue;
      if (isAlive(current)) throw new LocalOrgInUseError(dataDir, path, current);
      if (takeOverStale(path, current)) {
        warn(
          `local-org: taking over the stale lock ${path} of process ${current.pid} ` +
            `(started ${current.startedAt}), which no longer runs`,
        );
      }
    }
    throw new Error(
      `Could not lock the local org in ${dataDir}: ${path} changed ${MAX_ATTEMPTS} times while ` +
        'this process tried to create it, because other processes are opening and closing the ' +
        'folder. Start the org again.',
    );
  }

  /** Records the server's URL in the lock file, for the message that other processes show. */
  setUrl(url: string): void {
    if (this.released) return;
    this.holder = { ...this.holder, url };
    // Rename over the lock file, so that a reader never sees it half written.
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, serialize(this.holder), { mode: 0o600 });
    renameSync(temporary, this.path);
  }

  /** Deletes the lock file, unless it is no longer this holder's. Safe to call twice. */
  release(): void {
    if (this.released) return;
    this.released = true;
    let current: LockHolder | null;
    try {
      current = parseHolder(readFileSync(this.path, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if (current?.nonce !== this.holder.nonce) return;
    try {
      unlinkSync(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

function serialize(holder: LockHolder): string {
  return `${JSON.stringify(holder, null, 2)}\n`;
}

/** Creates the lock file; false when it exists already. */
function tryCreate(path: string, holder: LockHolder): boolean {
  try {
    writeFileSync(path, serialize(holder), { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function parseHolder(text: string): LockHolder | null {
  let value: Partial<LockHolder>;
  try {
    value = JSON.parse(text) as Partial<LockHolder>;
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  // A PID of 0 or below would signal a process group in isAlive, so it makes the file invalid.
  if (!Number.isInteger(value.pid) || (value.pid as number) <= 0) return null;
  return {
    pid: value.pid as number,
    hostname: typeof value.hostname === 'string' ? value.hostname : hostname(),
    startedAt: typeof value.startedAt === 'string' ? value.startedAt : 'at an unknown time',
    url: typeof value.url === 'string' ? value.url : null,
    nonce: typeof value.nonce === 'string' ? value.nonce : '',
  };
}

/**
 * Reads the lock file. A file that is not valid yet gets UNREADABLE_WAIT_MS to be written,
 * because its creator writes the contents just after it creates the file.
 */
async function readHolder(path: string): Promise<LockHolder | 'missing'> {
  const deadline = Date.now() + UNREADABLE_WAIT_MS;
  for (;;) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
      throw error;
    }
    const holder = parseHolder(text);
    if (holder !== null) return holder;
    if (Date.now() >= deadline) {
      throw new Error(
        `The lock file ${path} of the local org is invalid: expected JSON with a positive pid, ` +
          `found ${JSON.stringify(text.slice(0, 80))}. If no local org runs on this folder, ` +
          'delete the file and start again.',
      );
    }
    await sleep(UNREADABLE_POLL_MS);
  }
}

/**
 * Checks whether the holder's process runs. A lock from another host cannot be checked, so it
 * counts as held.
 */
function isAlive(holder: LockHolder): boolean {
  if (holder.hostname !== hostname()) return true;
  try {
    // Signal 0 checks that the process exists without sending anything.
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes a stale lock file, and returns false when it was gone already. The file is first renamed
 * to a name of this process's own, so that when two processes take over the same stale lock,
 * neither deletes the fresh lock of the other. A moved file that is not the stale one is put back.
 */
function takeOverStale(path: string, stale: LockHolder): boolean {
  const moved = `${path}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, moved);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const movedHolder = parseHolder(readFileSync(moved, 'utf8'));
  const isStaleOne =
    movedHolder !== null && movedHolder.pid === stale.pid && movedHolder.nonce === stale.nonce;
  if (!isStaleOne) {
    // Another process took the lock over first: give its lock file back unless a third one
    // created a new lock meanwhile.
    // NOTE: in that three-way race, the process whose file was moved keeps running without a
    // lock file. The race needs three processes that start within microseconds of each other on
    // a folder whose previous holder crashed.
    try {
      writeFileSync(path, readFileSync(moved), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  unlinkSync(moved);
  return isStaleOne;
}
