// Query result paging for the REST query resource: the full result is kept behind a query
// locator, and `nextRecordsUrl` (`/services/data/vNN.N/query/01g...-2000`) names the locator and
// the offset of the next page.

import { makeId } from './ids.ts';
import type { SObjectRecord } from './schema.ts';

/** Page size of REST query results when the request sets none. */
export const DEFAULT_BATCH_SIZE = 2000;
/** Smallest and largest batch sizes a real org honours from `Sforce-Query-Options`. */
export const MIN_BATCH_SIZE = 200;
export const MAX_BATCH_SIZE = 2000;
/** A real org drops a locator after 15 minutes without use. */
const CURSOR_IDLE_MS = 15 * 60 * 1000;
/** Open locators kept at once; the least recently used one is dropped past this. */
const MAX_CURSORS = 200;

interface Cursor {
  records: SObjectRecord[];
  totalSize: number;
  batchSize: number;
  lastUsed: number;
}

export interface QueryPage {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: SObjectRecord[];
}

/** Reads `batchSize=N` from a Sforce-Query-Options header, clamped to the range a real org uses. */
export function batchSizeFrom(header: string | string[] | undefined): number {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const match = /batchSize\s*=\s*(\d+)/i.exec(text);
  if (match === null) return DEFAULT_BATCH_SIZE;
  return Math.min(MAX_BATCH_SIZE, Math.max(MIN_BATCH_SIZE, Number(match[1])));
}

export class QueryCursors {
  private readonly cursors = new Map<string, Cursor>();
  private counter = 1;

  /** Returns the first page of a result and keeps the rest behind a locator. */
  firstPage(
    records: SObjectRecord[],
    totalSize: number,
    batchSize: number,
    resource: string,
  ): QueryPage {
    if (records.length <= batchSize) return { totalSize, done: true, records };
    const locator = makeId('01g', this.counter++);
    this.cursors.set(locator, { records, totalSize, batchSize, lastUsed: Date.now() });
    this.evict();
    return this.page(locator, 0, resource) as QueryPage;
  }

  /** Returns the page at `locator-offset`, or null for an unknown or expired locator. */
  nextPage(locatorWithOffset: string, resource: string): QueryPage | null {
    const match = /^([A-Za-z0-9]{15,18})-(\d+)$/.exec(locatorWithOffset);
    if (match === null) return null;
    return this.page(match[1], Number(match[2]), resource);
  }

  clear(): void {
    this.cursors.clear();
  }

  private page(locator: string, offset: number, resource: string): QueryPage | null {
    const cursor = this.cursors.get(locator);
    if (cursor === undefined || Date.now() - cursor.lastUsed > CURSOR_IDLE_MS) {
      this.cursors.delete(locator);
      return null;
    }
    if (offset > cursor.records.length) return null;
    cursor.lastUsed = Date.now();
    const end = offset + cursor.batchSize;
    const records = cursor.records.slice(offset, end);
    // The locator stays valid after the last page, so that a retried request gets the same page.
    if (end >= cursor.records.length) return { totalSize: cursor.totalSize, done: true, records };
    // Refresh the position in the map so that eviction drops the least recently used locator.
    this.cursors.delete(locator);
    this.cursors.set(locator, cursor);
    return {
      totalSize: cursor.totalSize,
      done: false,
      nextRecordsUrl: `${resource}/${locator}-${end}`,
      records,
    };
  }

  private evict(): void {
    while (this.cursors.size > MAX_CURSORS) {
      const oldest = this.cursors.keys().next().value as string;
      this.cursors.delete(oldest);
    }
  }
}
