// Imports an sObject tree plan, the format `sf data export tree --plan` writes and
// `sf data import tree --plan` reads: a JSON array of { sobject, saveRefs, resolveRefs, files },
// each file holding { records: [...] } with `attributes.referenceId` and `@Reference` values.
// Records go to the sObject Tree resource (composite/tree) in requests of up to 200 records.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Connection } from 'jsforce';

/** Records per sObject Tree request, nested children included. */
export const TREE_REQUEST_LIMIT = 200;

export interface PlanEntry {
  sobject: string;
  saveRefs?: boolean;
  resolveRefs?: boolean;
  files: string[];
}

export interface CreatedRecord {
  sobject: string;
  referenceId: string;
  id: string;
}

export interface ImportError {
  sobject: string;
  referenceId: string;
  statusCode: string;
  message: string;
  fields: string[];
}

export interface ImportResult {
  created: CreatedRecord[];
  errors: ImportError[];
}

export interface ImportOptions {
  /** Called after each request with the records handled so far and the plan's total. */
  onProgress?: (done: number, total: number) => void;
}

type TreeRecord = Record<string, unknown> & {
  attributes?: { type?: string; referenceId?: string };
};

interface TreeResponse {
  hasErrors: boolean;
  results: {
    referenceId: string;
    id?: string;
    errors?: { statusCode: string; message: string; fields?: string[] }[];
  }[];
}

function nestedGroups(record: TreeRecord): TreeRecord[][] {
  const groups: TreeRecord[][] = [];
  for (const [key, value] of Object.entries(record)) {
    if (key === 'attributes' || value === null || typeof value !== 'object') continue;
    const nested = (value as { records?: unknown }).records;
    if (Array.isArray(nested)) groups.push(nested as TreeRecord[]);
  }
  return groups;
}

/** Number of records in a tree, the record itself and its nested children. */
function treeSize(record: TreeRecord): number {
  let size = 1;
  for (const group of nestedGroups(record)) {
    for (const child of group) size += treeSize(child);
  }
  return size;
}

function referenceIdOf(record: TreeRecord): string {
  return record.attributes?.referenceId ?? '';
}

/** Maps the reference Ids of records and their nested children to their object names. */
function typesByReference(
  records: TreeRecord[],
  fallback: string,
  types = new Map<string, string>(),
) {
  for (const record of records) {
    types.set(referenceIdOf(record), record.attributes?.type ?? fallback);
    for (const group of nestedGroups(record)) typesByReference(group, fallback, types);
  }
  return types;
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
  for (const group of nestedGroups(record)) {
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

function readPlan(planPath: string): PlanEntry[] {
  const plan = JSON.parse(readFileSync(planPath, 'utf8')) as unknown;
  if (!Array.isArray(plan)) {
    throw new Error(`${planPath}: a tree plan must be a JSON array of { sobject, files } entries`);
  }
  for (const [index, entry] of plan.entries()) {
    const value = entry as Partial<PlanEntry>;
    if (typeof value.sobject !== 'string' || !Array.isArray(value.files)) {
      throw new Error(`${planPath}: entry ${index} needs a sobject name and a files array`);
    }
  }
  return plan as PlanEntry[];
}

function readTreeFile(path: string): TreeRecord[] {
  const content = JSON.parse(readFileSync(path, 'utf8')) as { records?: unknown };
  if (!Array.isArray(content.records)) {
    throw new Error(`${path}: an sObject tree file must be an object with a records array`);
  }
  return content.records as TreeRecord[];
}

/** Splits records into requests of at most TREE_REQUEST_LIMIT records, children included. */
function chunkRecords(records: TreeRecord[]): TreeRecord[][] {
  const chunks: TreeRecord[][] = [];
  let current: TreeRecord[] = [];
  let size = 0;
  for (const record of records) {
    const recordSize = treeSize(record);
    if (current.length > 0 && size + recordSize > TREE_REQUEST_LIMIT) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(record);
    size += recordSize;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Imports a tree plan through `conn`. Each request is all or nothing, so a rejected record also
 * keeps the other records of its request out; later requests still run. Records whose
 * `@Reference` names a record that was not created are reported and not sent.
 */
export async function importTreePlan(
  conn: Connection,
  planPath: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const plan = readPlan(planPath);
  const baseDir = dirname(resolve(planPath));
  const files = plan.flatMap((entry) =>
    entry.files.map((file) => ({ entry, records: readTreeFile(resolve(baseDir, file)) })),
  );
  const total = files.reduce(
    (sum, file) => sum + file.records.reduce((count, record) => count + treeSize(record), 0),
    0,
  );
  const saved = new Map<string, string>();
  const result: ImportResult = { created: [], errors: [] };
  let done = 0;

  for (const { entry, records } of files) {
    const sendable: TreeRecord[] = [];
    for (const record of records) {
      const missing = entry.resolveRefs ? resolveReferences(record, saved) : null;
      if (missing === null) {
        sendable.push(record);
        continue;
      }
      result.errors.push({
        sobject: entry.sobject,
        referenceId: referenceIdOf(record),
        statusCode: 'UNRESOLVED_REFERENCE',
        message: `The reference ${missing} names no record created earlier in the plan: check the order of the plan's entries and the errors above`,
        fields: [],
      });
      done += treeSize(record);
    }

    for (const chunk of chunkRecords(sendable)) {
      const url = `/services/data/v${conn.version}/composite/tree/${entry.sobject}`;
      let response: TreeResponse;
      try {
        response = await conn.request<TreeResponse>({
          method: 'POST',
          url,
          body: JSON.stringify({ records: chunk }),
          headers: { 'content-type': 'application/json' },
        });
      } catch (error) {
        const rejected = treeResponseOf(error);
        if (rejected === null) {
          const { errorCode, message } = error as { errorCode?: string; message: string };
          for (const record of chunk) {
            result.errors.push({
              sobject: entry.sobject,
              referenceId: referenceIdOf(record),
              statusCode: errorCode ?? 'UNKNOWN_EXCEPTION',
              message,
              fields: [],
            });
          }
          done += chunk.reduce((count, record) => count + treeSize(record), 0);
          options.onProgress?.(done, total);
          continue;
        }
        response = rejected;
      }
      const types = typesByReference(chunk, entry.sobject);
      for (const item of response.results) {
        const sobject = types.get(item.referenceId) ?? entry.sobject;
        if (item.errors !== undefined && item.errors.length > 0) {
          for (const error of item.errors) {
            result.errors.push({
              sobject,
              referenceId: item.referenceId,
              statusCode: error.statusCode,
              message: error.message,
              fields: error.fields ?? [],
            });
          }
        } else if (item.id !== undefined && !response.hasErrors) {
          result.created.push({ sobject, referenceId: item.referenceId, id: item.id });
          if (entry.saveRefs) saved.set(item.referenceId, item.id);
        }
      }
      done += chunk.reduce((count, record) => count + treeSize(record), 0);
      options.onProgress?.(done, total);
    }
  }
  return result;
}
