// Persistence of the local org's records as one JSON file. Writes are debounced, and each write
// goes to a temporary file that is then renamed over the old one, so a crash never leaves half a
// file. Open files are flushed when the process exits.

import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SObjectRecord } from './schema.ts';

export const DATA_FORMAT_VERSION = 1;

export interface OrgData {
  formatVersion: number;
  orgId: string;
  /** Key prefixes given to custom objects, so that Ids stay valid when objects are added. */
  keyPrefixes: Record<string, string>;
  /** Counter of the next record Id. */
  nextId: number;
  /** Next auto number by `Object.Field`. */
  autoNumbers: Record<string, number>;
  /** Records by object name. */
  records: Record<string, SObjectRecord[]>;
  /** Deleted records by object name. */
  recycleBin: Record<string, SObjectRecord[]>;
}

/** Idle time after the last change before the file is written, in milliseconds. */
const DEBOUNCE_MS = 200;
/** Maximum delay of a write while changes keep coming, in milliseconds. */
const MAX_DELAY_MS = 2000;

const openFiles = new Set<DataFile>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', flushOpenFilesSync);
}

/**
 * Writes the pending changes of every open data file synchronously. The process exit hook calls
 * it, and so may any exit hook that must run after the data is on disk.
 */
export function flushOpenFilesSync(): void {
  for (const file of openFiles) file.flushSync();
}

export class DataFile {
  readonly path: string;
  private readonly snapshot: () => OrgData;
  private timer: NodeJS.Timeout | null = null;
  private firstChangeAt = 0;
  private dirty = false;
  /**
   * Numbers of the last asynchronous write started and of the last one on disk, so that
   * flushSync detects a write that may not finish before the process exits.
   */
  private writesStarted = 0;
  private writesDone = 0;
  private writing: Promise<void> = Promise.resolve();

  /** `snapshot` returns the data to write; it is called when a write starts. */
  constructor(path: string, snapshot: () => OrgData) {
    this.path = path;
    this.snapshot = snapshot;
    openFiles.add(this);
    installExitHook();
  }

  /** Reads the file, or returns null when there is none yet. Throws on a file it cannot read. */
  load(): OrgData | null {
    if (!existsSync(this.path)) return null;
    let data: OrgData;
    try {
      data = JSON.parse(readFileSync(this.path, 'utf8')) as OrgData;
    } catch (error) {
      throw new Error(
        `Cannot read the local org's data file ${this.path}: ${(error as Error).message}. ` +
          'Move it away to start with an empty org.',
      );
    }
    if (data.formatVersion !== DATA_FORMAT_VERSION) {
      throw new Error(
        `${this.path} has format version ${String(data.formatVersion)}, expected ` +
          `${DATA_FORMAT_VERSION}. Move it away to start with an empty org.`,
      );
    }
    return data;
  }

  /** Marks the data as changed; it is written after a short pause. */
  markChanged(): void {
    const now = Date.now();
    if (!this.dirty) this.firstChangeAt = now;
    this.dirty = true;
    if (this.timer !== null) clearTimeout(this.timer);
    const delay = Math.max(0, Math.min(DEBOUNCE_MS, this.firstChangeAt + MAX_DELAY_MS - now));
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delay);
    this.timer.unref();
  }

  /** Writes pending changes now. */
  flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.dirty) return this.writing;
    this.dirty = false;
    const text = JSON.stringify(this.snapshot());
    this.writesStarted += 1;
    const number = this.writesStarted;
    // A failed write was reported to its caller, so it does not stop the writes after it.
    const previous = this.writing.catch(() => undefined);
    this.writing = previous.then(async () => {
      mkdirSync(dirname(this.path), { recursive: true });
      const temporary = `${this.path}.${process.pid}.tmp`;
      await writeFile(temporary, text, { mode: 0o600 });
      await rename(temporary, this.path);
      this.writesDone = Math.max(this.writesDone, number);
    });
    return this.writing;
  }

  /**
   * Writes pending changes synchronously (for process exit). It also writes when an asynchronous
   * write is still under way, because the process may exit before that write's rename.
   */
  flushSync(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.dirty && this.writesDone === this.writesStarted) return;
    this.dirty = false;
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.sync.tmp`;
    writeFileSync(temporary, JSON.stringify(this.snapshot()), { mode: 0o600 });
    renameSync(temporary, this.path);
    this.writesDone = this.writesStarted;
  }

  /** Flushes and stops watching for process exit. */
  async close(): Promise<void> {
    await this.flush();
    openFiles.delete(this);
  }
}
