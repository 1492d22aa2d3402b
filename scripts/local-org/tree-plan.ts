// Imports an sObject tree plan, the format `sf data export tree --plan` writes and
// `sf data import tree --plan` reads: a JSON array of { sobject, saveRefs, resolveRefs, files },
// each file holding { records: [...] } with `attributes.referenceId` and `@Reference` values.
// Records go to the sObject Tree resource (composite/tree) in requests of up to 200 records.

import type { Connection } from 'jsforce';
import {
  loadTreePlan,
  type LoadedPlan,
  type LoadedPlanEntry,
  type TreeFile,
  type TreeRecord,
} from './tree-plan-files.ts';

export {
  loadTreePlan,
  planPathProblem,
  TreePlanError,
  type LoadedPlan,
  type LoadedPlanEntry,
  type PlanEntry,
  type TreeFile,
  type TreeRecord,
} from './tree-plan-files.ts';

/** Records per sObject Tree request, nested children included. */
export const TREE_REQUEST_LIMIT = 200;

/** A record of the plan and where it is: the data file, its position there, its parent. */
export interface RecordRef {
  sobject: string;
  referenceId: string;
  /** The data file as the plan names it. */
  file: string;
  /** Position of the record (or of its top-level parent) in the file's records, from 1. */
  record: number;
  /** For a nested child: the relationship and position under its parent, such as `Contacts record 2`. */
  child: string | null;
}

export interface CreatedRecord {
  sobject: string;
  referenceId: string;
  id: string;
}

export interface ImportError extends RecordRef {
  statusCode: string;
  message: string;
  fields: string[];
}

/** A request the org failed as a whole, without naming a record (a body it could not parse). */
export interface FailedRequest {
  sobject: string;
  file: string;
  /** False when no response came: the records may or may not be in the org. */
  responded: boolean;
  statusCode: string;
  message: string;
  records: RecordRef[];
}

export interface ImportResult {
  created: CreatedRecord[];
  /** Records the org rejected, and records not sent because a reference names no created record. */
  errors: ImportError[];
  /** Records of a rejected request that the org rolled back because another of its records failed. */
  rolledBack: RecordRef[];
  failedRequests: FailedRequest[];
  /** Records not sent because the import stopped at a failure (`stopOnError`). */
  notSent: RecordRef[];
}

export interface ImportOptions {
  /** Called after each request with the records handled so far and the plan's total. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Stop at the first request that fails, as `sf data import tree` does, and report the rest as
   * not sent. By default later requests still run.
   */
  stopOnError?: boolean;
}

interface TreeResponse {
  hasErrors: boolean;
  results: {
    referenceId: string;
    id?: string;
    errors?: { statusCode: string; message: string; fields?: string[] }[];
  }[];
}

function nestedGroups(record: TreeRecord): [string, TreeRecord[]][] {
  const groups: [string, TreeRecord[]][] = [];
  for (const [key, value] of Object.entries(record)) {
    if (key === 'attributes' || value === null || typeof value !== 'object') continue;
    const nested = (value as { records?: unknown }).records;
    if (Array.isArray(nested)) groups.push([key, nested as TreeRecord[]]);
  }
  return groups;
}

/** Number of records in a tree, the record itself and its nested children. */
function treeSize(record: TreeRecord): number {
  let size = 1;
  for (const [, group] of nestedGroups(record)) {
    for (const child of group) size += treeSize(child);
  }
  return size;
}

function referenceIdOf(record: TreeRecord): string {
  return record.attributes?.referenceId ?? '';
}

/** A top-level record of a data file with its position there, from 1. */
interface NumberedRecord {
  record: TreeRecord;
  number: number;
}

/** Lists a record and its nested children, each with its object and place in the file. */
function treeRefs(
  { record, number }: NumberedRecord,
  file: TreeFile,
  sobject: string,
  child: string | null = null,
  refs: RecordRef[] = [],
): RecordRef[] {
  refs.push({
    sobject: record.attributes?.type ?? sobject,
    referenceId: referenceIdOf(record),
    file: file.name,
    record: number,
    child,
  });
  for (const [relationship, group] of nestedGroups(record)) {
    group.forEach((nested, index) => {
      const place = `${child === null ? '' : `${child}, `}${relationship} record ${index + 1}`;
      treeRefs({ record: nested, number }, file, sobject, place, refs);
    });
  }
  return refs;
}

/** Formats where a record is, for messages: `Account AcmeRef (Accounts.json, record 3)`. */
export function describeRecordRef(ref: RecordRef): string {
  const referenceId = ref.referenceId === '' ? '(no referenceId)' : ref.referenceId;
  const child = ref.child === null ? '' : `, ${ref.child}`;
  return `${ref.sobject} ${referenceId} (${ref.file}, record ${ref.record}${child})`;
}

/**
 * Replaces `@Reference` values with the Ids saved under those references, in the record and its
 * nested children. Returns the first reference that has no saved Id, or null.
 */
function resolveReferences(record: TreeRecord, saved: Map<string, string>): string | null {
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'string' && value.startsWith('@')) {
      const id = saved.get(value.slice(1));
      if (id === undefined) return value;
      record[key] = id;
    }
  }
  for (const [, group] of nestedGroups(record)) {
    for (const child of group) {
      const missing = resolveReferences(child, saved);
      if (missing !== null) return missing;
    }
  }
  return null;
}

/** Reads the tree response of a rejected request from jsforce's error, which carries the body. */
function treeResponseOf(error: unknown): TreeResponse | null {
  const candidates = [
    (error as { data?: { message?: unknown } }).data?.message,
    (error as Error).message,
  ];
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    try {
      const parsed = JSON.parse(candidate) as TreeResponse;
      if (parsed !== null && typeof parsed === 'object' && Array.isArray(parsed.results))
        return parsed;
    } catch {
      // Not a tree response: the caller reports the error as it is.
    }
  }
  return null;
}

/** Splits records into requests of at most TREE_REQUEST_LIMIT records, children included. */
function chunkRecords(records: NumberedRecord[]): NumberedRecord[][] {
  const chunks: NumberedRecord[][] = [];
  let current: NumberedRecord[] = [];
  let size = 0;
  for (const item of records) {
    const recordSize = treeSize(item.record);
    if (current.length > 0 && size + recordSize > TREE_REQUEST_LIMIT) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += recordSize;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

interface ImportState {
  conn: Connection;
  options: ImportOptions;
  result: ImportResult;
  /** Ids of created records by reference, for entries with saveRefs. */
  saved: Map<string, string>;
  done: number;
  total: number;
}

/** Returns the system error code (ECONNRESET...) of a request that got no response, or null. */
function networkCodeOf(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** Sends one sObject Tree request; returns false when the org did not insert all of it. */
async function sendChunk(
  state: ImportState,
  entry: LoadedPlanEntry,
  file: TreeFile,
  chunk: NumberedRecord[],
): Promise<boolean> {
  const { conn, result } = state;
  const refs = chunk.flatMap((item) => treeRefs(item, file, entry.sobject));
  state.done += refs.length;
  const url = `/services/data/v${conn.version}/composite/tree/${entry.sobject}`;
  let response: TreeResponse;
  try {
    response = await conn.request<TreeResponse>({
      method: 'POST',
      url,
      body: JSON.stringify({ records: chunk.map((item) => item.record) }),
      headers: { 'content-type': 'application/json' },
    });
  } catch (error) {
    const rejected = treeResponseOf(error);
    if (rejected === null) {
      // jsforce sets errorCode on errors of a response; a failed fetch has none.
      const { errorCode, message } = error as { errorCode?: string; message: string };
      const networkCode = errorCode === undefined ? networkCodeOf(error) : null;
      result.failedRequests.push({
        sobject: entry.sobject,
        file: file.name,
        responded: errorCode !== undefined,
        statusCode: errorCode ?? networkCode ?? 'UNKNOWN_EXCEPTION',
        message,
        records: refs,
      });
      return false;
    }
    response = rejected;
  }

  const byReference = new Map(refs.map((ref) => [ref.referenceId, ref]));
  const rejectedRefs = new Set<string>();
  for (const item of response.results) {
    const ref = byReference.get(item.referenceId) ?? {
      sobject: entry.sobject,
      referenceId: item.referenceId,
      file: file.name,
      record: 0,
      child: null,
    };
    if (item.errors !== undefined && item.errors.length > 0) {
      rejectedRefs.add(item.referenceId);
      for (const error of item.errors) {
        result.errors.push({
          ...ref,
          statusCode: error.statusCode,
          message: error.message,
          fields: error.fields ?? [],
        });
      }
    } else if (item.id !== undefined && !response.hasErrors) {
      result.created.push({ sobject: ref.sobject, referenceId: item.referenceId, id: item.id });
      if (entry.saveRefs) state.saved.set(item.referenceId, item.id);
    }
  }
  if (!response.hasErrors) {
    return true;
  }
  // The request is all or nothing: every record the org did not name was rolled back with it.
  result.rolledBack.push(...refs.filter((ref) => !rejectedRefs.has(ref.referenceId)));
  return false;
}

/**
 * Imports the records of one data file. `ok` is false when a record was not inserted, and
 * `unsent` lists the records that stopOnError left unsent.
 */
async function importFile(
  state: ImportState,
  entry: LoadedPlanEntry,
  file: TreeFile,
): Promise<{ ok: boolean; unsent: NumberedRecord[] }> {
  const { result, options } = state;
  const numbered = file.records.map((record, index) => ({ record, number: index + 1 }));
  const sendable: NumberedRecord[] = [];
  let ok = true;
  for (const item of numbered) {
    const missing = entry.resolveRefs ? resolveReferences(item.record, state.saved) : null;
    if (missing === null) {
      sendable.push(item);
      continue;
    }
    const [ref, ...children] = treeRefs(item, file, entry.sobject);
    result.errors.push({
      ...ref,
      statusCode: 'UNRESOLVED_REFERENCE',
      message: `The reference ${missing} names no record created earlier in the plan: check the order of the plan's entries and the errors above`,
      fields: [],
    });
    result.notSent.push(...children);
    state.done += children.length + 1;
    ok = false;
  }
  if (!ok && options.stopOnError) {
    return { ok, unsent: sendable };
  }
  const chunks = chunkRecords(sendable);
  for (const [index, chunk] of chunks.entries()) {
    const sent = await sendChunk(state, entry, file, chunk);
    options.onProgress?.(state.done, state.total);
    ok &&= sent;
    if (!sent && options.stopOnError) {
      return { ok, unsent: chunks.slice(index + 1).flat() };
    }
  }
  return { ok, unsent: [] };
}

/**
 * Imports a tree plan through `conn`. Each request is all or nothing, so a rejected record also
 * keeps the other records of its request out; those are listed as rolled back. Later requests
 * still run unless `stopOnError` is set. Records whose `@Reference` names a record that was not
 * created are reported and not sent. Throws a TreePlanError for a plan or data file that cannot
 * be read.
 */
export async function importTreePlan(
  conn: Connection,
  plan: string | LoadedPlan,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const loaded = typeof plan === 'string' ? loadTreePlan(plan) : plan;
  const files = loaded.entries.flatMap((entry) => entry.treeFiles.map((file) => ({ entry, file })));
  const total = files.reduce(
    (sum, { file }) => sum + file.records.reduce((count, record) => count + treeSize(record), 0),
    0,
  );
  const state: ImportState = {
    conn,
    options,
    result: { created: [], errors: [], rolledBack: [], failedRequests: [], notSent: [] },
    saved: new Map(),
    done: 0,
    total,
  };

  for (const [index, { entry, file }] of files.entries()) {
    const { ok, unsent } = await importFile(state, entry, file);
    if (ok || !options.stopOnError) continue;
    const later = files
      .slice(index + 1)
      .flatMap(({ entry: laterEntry, file: laterFile }) =>
        laterFile.records.flatMap((record, recordIndex) =>
          treeRefs({ record, number: recordIndex + 1 }, laterFile, laterEntry.sobject),
        ),
      );
    state.result.notSent.push(
      ...unsent.flatMap((item) => treeRefs(item, file, entry.sobject)),
      ...later,
    );
    break;
  }
  return state.result;
}
