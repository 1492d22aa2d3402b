// Reads an sObject tree plan and the data files it names, the format `sf data export tree --plan`
// writes. A file that is missing, a folder, broken JSON or a plan entry without its keys raises a
// TreePlanError whose message names the file, the position or the entry, and the fix.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export interface PlanEntry {
  sobject: string;
  saveRefs?: boolean;
  resolveRefs?: boolean;
  files: string[];
}

export type TreeRecord = Record<string, unknown> & {
  attributes?: { type?: string; referenceId?: string };
};

export interface TreeFile {
  /** The file name as the plan gives it, relative to the plan's folder. */
  name: string;
  /** The absolute path. */
  path: string;
  records: TreeRecord[];
}

export interface LoadedPlanEntry extends PlanEntry {
  /** Position of the entry in the plan, from 1. */
  number: number;
  treeFiles: TreeFile[];
}

export interface LoadedPlan {
  /** The absolute path of the plan file. */
  path: string;
  entries: LoadedPlanEntry[];
}

/** A plan or data file that cannot be read as a tree plan; the message names the fix. */
export class TreePlanError extends Error {
  readonly file: string;
  constructor(message: string, file: string) {
    super(message);
    this.name = 'TreePlanError';
    this.file = file;
  }
}

const PLAN_SHAPE = 'a JSON array of { "sobject": "Account", "files": ["Accounts.json"] } entries';

/** Plan files in `dir`, by the names `sf data export tree --plan` gives them. */
function planFilesIn(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => /plan\.json$/i.test(name))
      .sort();
  } catch {
    return [];
  }
}

type PathKind = 'file' | 'folder' | 'missing' | { unreadable: string };

function pathKind(path: string): PathKind {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'file';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    return { unreadable: code ?? (error as Error).message };
  }
}

/** Describes why `path` cannot be read as a plan file, or returns null when it can be. */
export function planPathProblem(path: string): string | null {
  const kind = pathKind(path);
  if (kind === 'file') return null;
  if (kind === 'missing') {
    return `${path}: file not found. Check the path; a tree plan is ${PLAN_SHAPE}.`;
  }
  if (kind !== 'folder') return `${path} cannot be read (${kind.unreadable}).`;
  const plans = planFilesIn(path);
  const hint =
    plans.length > 0
      ? `pass one of the plan files in it: ${plans.map((name) => join(path, name)).join(', ')}`
      : 'pass the plan file (the JSON file that lists the data files), not its folder';
  return `${path} is a folder; ${hint}.`;
}

/** Returns the offset of the first character that breaks JSON syntax, or -1 when none does. */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new RangeError(String(i));
  };
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const readString = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const readValue = (): void => {
    skipSpace();
    const char = text[i];
    if (char === '{' || char === '[') {
      const close = char === '{' ? '}' : ']';
      i++;
      skipSpace();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (char === '{') {
          skipSpace();
          if (text[i] !== '"') fail();
          readString();
          skipSpace();
          if (text[i] !== ':') fail();
          i++;
        }
        readValue();
        skipSpace();
        if (text[i] === close) {
          i++;
          return;
        }
        if (text[i] !== ',') fail();
        i++;
      }
    }
    if (char === '"') return readString();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    number.lastIndex = i;
    if (!number.test(text)) fail();
    i = number.lastIndex;
  };
  try {
    readValue();
    skipSpace();
    if (i < text.length) fail();
    return -1;
  } catch (error) {
    if (error instanceof RangeError) return Number(error.message);
    throw error;
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/**
 * Returns the reason of a JSON.parse error without V8's position. V8 names no position for some errors
 * (an unknown literal such as `tru`) and copies the text instead, so those get the scanner's.
 */
function parseReason(message: string, text: string, offset: number): string {
  if (/ in JSON at position \d+/.test(message)) {
    return message.replace(/ in JSON at position \d+.*$/s, '');
  }
  if (offset < 0 || offset >= text.length) {
    return 'the text ends before the JSON does';
  }
  return `Unexpected character ${JSON.stringify(text[offset])}`;
}

function readJson(path: string, fileKind: string, fix: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new TreePlanError(`The ${fileKind} ${path} does not exist.`, path);
    if (code === 'EISDIR') {
      throw new TreePlanError(`The ${fileKind} ${path} is a folder; name a JSON file.`, path);
    }
    throw new TreePlanError(`The ${fileKind} ${path} cannot be read (${code ?? 'error'}).`, path);
  }
  // Editors on Windows may save UTF-8 with a byte order mark, which JSON.parse rejects.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const offset = jsonErrorOffset(text);
    const where = lineAndColumn(text, offset < 0 ? text.length : offset);
    const reason = parseReason((error as Error).message, text, offset);
    throw new TreePlanError(
      `The ${fileKind} ${path} is not valid JSON: ${reason} at ${where}. ${fix}`,
      path,
    );
  }
}

function readPlanEntries(planPath: string): PlanEntry[] {
  const plan = readJson(planPath, 'plan file', `Fix the JSON; a tree plan is ${PLAN_SHAPE}.`);
  if (!Array.isArray(plan)) {
    const isDataFile =
      plan !== null && typeof plan === 'object' && Array.isArray((plan as TreeFile).records);
    const problem = isDataFile
      ? 'is a data file (it has a records array), not a plan: pass the plan that names it, or write one'
      : 'is not a tree plan: the JSON is not an array';
    throw new TreePlanError(
      `The plan file ${planPath} ${problem}. A tree plan is ${PLAN_SHAPE}.`,
      planPath,
    );
  }
  plan.forEach((entry: unknown, index) => {
    const value = (entry ?? {}) as Partial<PlanEntry>;
    const where = `The plan file ${planPath}, entry ${index + 1}`;
    if (typeof value.sobject !== 'string' || value.sobject.trim() === '') {
      throw new TreePlanError(
        `${where}, has no sobject name: add "sobject" with the object's API name, such as "sobject": "Account".`,
        planPath,
      );
    }
    const files = value.files as unknown;
    if (
      !Array.isArray(files) ||
      files.some((file) => typeof file !== 'string' || file.trim() === '')
    ) {
      throw new TreePlanError(
        `${where} (${value.sobject}), has no files list: add "files" with the data file names, such as "files": ["${value.sobject}s.json"].`,
        planPath,
      );
    }
  });
  return plan as PlanEntry[];
}

function readTreeFile(planPath: string, entry: PlanEntry, number: number, name: string): TreeFile {
  const path = resolve(dirname(planPath), name);
  const kind = pathKind(path);
  if (kind === 'missing' || kind === 'folder') {
    throw new TreePlanError(
      `The plan file ${planPath}, entry ${number} (${entry.sobject}), names ${name}, but ${path} ` +
        `${kind === 'missing' ? 'does not exist' : 'is a folder'}: data file names are relative to ` +
        `the plan's folder (${dirname(planPath)}). Fix the name in the plan or move the file there.`,
      planPath,
    );
  }
  const content = readJson(
    path,
    'data file',
    'Fix the JSON; a data file is { "records": [...] }, as sf data export tree writes it.',
  ) as { records?: unknown } | null;
  const records = content?.records;
  if (content === null || typeof content !== 'object' || !Array.isArray(records)) {
    throw new TreePlanError(
      `The data file ${path} (${basename(path)} in entry ${number} of the plan) has no records array: ` +
        'a data file is { "records": [ { "attributes": { "type": ..., "referenceId": ... }, ... } ] }.',
      path,
    );
  }
  const notObject = records.findIndex(
    (record: unknown) => record === null || typeof record !== 'object' || Array.isArray(record),
  );
  if (notObject >= 0) {
    throw new TreePlanError(
      `The data file ${path}, record ${notObject + 1}, is not a JSON object: each record is an object of field values.`,
      path,
    );
  }
  return { name, path, records: records as TreeRecord[] };
}

/** Reads a plan and every data file it names; throws a TreePlanError naming the file and fix. */
export function loadTreePlan(planPath: string): LoadedPlan {
  const path = resolve(planPath);
  const problem = planPathProblem(path);
  if (problem !== null) {
    throw new TreePlanError(problem, path);
  }
  const entries = readPlanEntries(path).map((entry, index) => ({
    ...entry,
    number: index + 1,
    treeFiles: entry.files.map((name) => readTreeFile(path, entry, index + 1, name)),
  }));
  return { path, entries };
}
