// Seeding before a run: empty the local org (--reset), insert an sObject tree plan as
// `sf data import tree --plan` does (--data), and insert the demo data into an org without
// accounts (--demo). A plan is checked against the org's describe first, and refused whole when a
// record would be rejected. The import then stops at the first request that the org rejects.

import type { Connection } from 'jsforce';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  describeRecordRef,
  importTreePlan,
  loadTreePlan,
  TREE_REQUEST_LIMIT,
  type LoadedPlan,
  type RecordRef,
} from '../local-org/tree-plan.ts';
import { sendRequest } from './api.ts';
import type { Logger } from './log.ts';
import { countRecords } from './read.ts';
import { checkTreePlan, type PlanProblem } from './seed-check.ts';

export interface SeedError {
  sobject: string;
  /** The record's referenceId, or '' for a problem of a whole plan entry. */
  referenceId: string;
  /** The data file as the plan names it, or the plan file for a problem of a whole entry. */
  file: string;
  /** Position of the record (or its top-level parent) in the file, from 1; null for an entry. */
  record: number | null;
  /** For a nested child, the relationship and its position, such as `Contacts record 2`. */
  child: string | null;
  errorCode: string;
  message: string;
  fields: string[];
  /** `check`: found against the org's describe before sending; `org`: returned by the org. */
  source: 'check' | 'org';
}

/** A request the org failed as a whole, with the records it carried. */
export interface SeedRequestError {
  sobject: string;
  file: string;
  errorCode: string;
  message: string;
  /** False when no response came: the records may or may not be in the org. */
  responded: boolean;
  records: RecordRef[];
}

export interface SeedResult {
  /** The plan file, or null for the demo data. */
  plan: string | null;
  /** Name of the seeded data for messages: the plan file, or the demo data with its options. */
  label: string;
  /** Records inserted and kept. */
  created: number;
  /** True when the plan was refused before sending, because the checks found problems. */
  refused: boolean;
  errors: SeedError[];
  /** Records of a rejected request that the org rolled back with it. */
  rolledBack: RecordRef[];
  failedRequests: SeedRequestError[];
  /** Records not sent because seeding stopped at a failure. */
  notSent: number;
  demo?: { seed: number; accounts: number; asOf: string };
}

/** A loaded plan and the problems the checks found in it. */
export interface CheckedPlan {
  plan: LoadedPlan;
  problems: PlanProblem[];
}

/** Empties the local org through its test endpoint, as its admin user. */
export async function resetLocalOrg(adminConn: Connection, log: Logger): Promise<void> {
  // jsforce leaves a POST without a body open, so an empty body is sent.
  await sendRequest(adminConn, {
    method: 'POST',
    url: `${adminConn.instanceUrl}/__local/reset`,
    body: '',
  });
  log.info('Local org reset: every record deleted');
}

/**
 * Reads a plan and its data files and checks every record against the org's describe. Throws a
 * TreePlanError for a file that cannot be read as a plan.
 */
export async function checkSeedPlan(conn: Connection, planPath: string): Promise<CheckedPlan> {
  const plan = loadTreePlan(planPath);
  return { plan, problems: await checkTreePlan(conn, plan) };
}

function problemError(problem: PlanProblem, planFile: string): SeedError {
  const subject = problem.field === null ? '' : `${problem.field} `;
  return {
    sobject: problem.ref?.sobject ?? problem.sobject,
    referenceId: problem.ref?.referenceId ?? '',
    file: problem.ref?.file ?? planFile,
    record: problem.ref?.record ?? null,
    child: problem.ref?.child ?? null,
    errorCode: problem.errorCode,
    message: `${subject}${problem.problem}; ${problem.fix}.`,
    fields:
      problem.field === null || problem.field.startsWith('attributes.') ? [] : [problem.field],
    source: 'check',
  };
}

function emptyResult(plan: string | null, label: string): SeedResult {
  return {
    plan,
    label,
    created: 0,
    refused: false,
    errors: [],
    rolledBack: [],
    failedRequests: [],
    notSent: 0,
  };
}

/**
 * Inserts a checked plan. A plan with problems is refused, and nothing is sent. Otherwise the
 * import stops at the first request that the org rejects, and the result names what was kept.
 */
export async function seedCheckedPlan(
  conn: Connection,
  checked: CheckedPlan,
  log: Logger,
  label = checked.plan.path,
): Promise<SeedResult> {
  const planPath = checked.plan.path;
  const result = emptyResult(planPath, label);
  if (checked.problems.length > 0) {
    result.refused = true;
    result.errors = checked.problems.map((problem) =>
      problemError(problem, path.basename(planPath)),
    );
    return result;
  }
  const imported = await importTreePlan(conn, checked.plan, {
    stopOnError: true,
    onProgress: (done: number, total: number) => log.progress('Seeding', done, total),
  });
  result.created = imported.created.length;
  result.errors = imported.errors.map((error) => ({
    sobject: error.sobject,
    referenceId: error.referenceId,
    file: error.file,
    record: error.record,
    child: error.child,
    errorCode: error.statusCode,
    message: error.message,
    fields: error.fields,
    source: 'org',
  }));
  result.rolledBack = imported.rolledBack;
  result.failedRequests = imported.failedRequests.map((request) => ({
    sobject: request.sobject,
    file: request.file,
    errorCode: request.statusCode,
    message: request.message,
    responded: request.responded,
    records: request.records,
  }));
  result.notSent = imported.notSent.length;
  return result;
}

/** Returns whether seeding left out records of the plan. */
export function seedFailed(result: SeedResult): boolean {
  return (
    result.refused ||
    result.errors.length > 0 ||
    result.failedRequests.length > 0 ||
    result.rolledBack.length > 0
  );
}

/** Checks and inserts the records of a tree plan; see seedCheckedPlan. */
export async function seedFromPlan(
  conn: Connection,
  planPath: string,
  log: Logger,
): Promise<SeedResult> {
  const result = await seedCheckedPlan(conn, await checkSeedPlan(conn, planPath), log);
  if (!seedFailed(result)) {
    log.info(`Seeded ${plural(result.created, 'record')} from ${result.label}`);
  }
  return result;
}

/** Inserts the demo data for `asOf` when the org has no accounts; returns null when it has some. */
export async function seedDemoIfEmpty(
  conn: Connection,
  asOf: string,
  log: Logger,
): Promise<SeedResult | null> {
  const accounts = await countRecords(conn, 'Account');
  if (accounts > 0) {
    log.debug(`The org has ${accounts} accounts: demo data not added`);
    return null;
  }
  const { resolveOptions, writeDemoPlan } = await import('../demo/generate.ts');
  const demo = resolveOptions({ asOf });
  const label = `the demo data (seed ${demo.seed}, ${demo.accounts} accounts, as of ${demo.asOf})`;
  // The plan is written to a temporary folder that is deleted below, so messages name the demo
  // data by its options, not by the plan's path.
  const dir = mkdtempSync(path.join(tmpdir(), 'health-demo-'));
  try {
    const planPath = writeDemoPlan(dir, demo);
    log.info(`The org has no accounts: adding the demo data for ${demo.asOf}`);
    const checked = await checkSeedPlan(conn, planPath);
    const result = { ...(await seedCheckedPlan(conn, checked, log, label)), plan: null, demo };
    if (!seedFailed(result)) {
      log.info(
        `Seeded the demo data: ${plural(result.created, 'record')} (seed ${demo.seed}, ${demo.accounts} accounts, as of ${demo.asOf})`,
      );
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function describeSeedPlace(error: SeedError): string {
  if (error.record === null) {
    return `${error.sobject} (${error.file})`;
  }
  return describeRecordRef({
    sobject: error.sobject,
    referenceId: error.referenceId,
    file: error.file,
    record: error.record,
    child: error.child,
  });
}

/**
 * Formats a rejected record as one line: the object, the reference, the file and position, then
 * the problem and its fix (from the checks) or the org's error code, fields and message.
 */
export function describeSeedError(error: SeedError): string {
  if (error.source === 'check') {
    return `${describeSeedPlace(error)}: ${error.message}`;
  }
  const fields = error.fields.length > 0 ? ` on ${error.fields.join(', ')}` : '';
  return `${describeSeedPlace(error)}: ${error.errorCode}${fields}: ${error.message}`;
}

/** Lines of a failure list shown before "... and N more". */
const LINES_SHOWN = 50;

function capped(lines: string[]): string[] {
  if (lines.length <= LINES_SHOWN) return lines;
  return [
    ...lines.slice(0, LINES_SHOWN),
    `... and ${lines.length - LINES_SHOWN} more (see --json)`,
  ];
}

function distinctRecords(errors: SeedError[]): number {
  return new Set(errors.map((error) => `${error.file}\u0000${error.record}\u0000${error.child}`))
    .size;
}

function refusedSummary(result: SeedResult, options: { reset: boolean }): string {
  const records = distinctRecords(result.errors.filter((error) => error.record !== null));
  const entries = result.errors.filter((error) => error.record === null).length;
  const where = [
    records > 0 ? plural(records, 'record') : null,
    entries > 0 ? `${entries} plan ${entries === 1 ? 'entry' : 'entries'}` : null,
  ]
    .filter((part) => part !== null)
    .join(' and ');
  const untouched = options.reset
    ? 'nothing was inserted and the org was not reset'
    : 'nothing was inserted';
  return (
    `Seeding refused: ${plural(result.errors.length, 'problem')} in ${where} of ${result.label}; ` +
    `${untouched}. Fix the files and run again.`
  );
}

function stoppedSummary(result: SeedResult, options: { canReset: boolean }): string {
  const parts: string[] = [];
  const rejected = distinctRecords(result.errors);
  if (rejected > 0) {
    parts.push(`the org rejected ${plural(rejected, 'record')}`);
  }
  for (const request of result.failedRequests) {
    const records = plural(request.records.length, 'record');
    parts.push(
      request.responded
        ? `a request of ${records} failed as a whole (${request.errorCode}) and none of them was inserted`
        : `a request of ${records} got no response (${request.errorCode}): check the org for them before running again`,
    );
  }
  if (result.rolledBack.length > 0) {
    const verb = result.rolledBack.length === 1 ? 'was' : 'were';
    parts.push(
      `${plural(result.rolledBack.length, 'record')} of the same request ${verb} rolled back`,
    );
  }
  if (result.notSent > 0) {
    parts.push(
      `${plural(result.notSent, 'later record')} ${result.notSent === 1 ? 'was' : 'were'} not sent`,
    );
  }
  if (result.created > 0) {
    const verb = result.created === 1 ? 'is' : 'are';
    const cleanUp = options.canReset ? 'delete them or use --reset' : 'delete them';
    parts.push(
      `${plural(result.created, 'record')} inserted earlier ${verb} in the org (${cleanUp} before running again)`,
    );
  } else {
    parts.push('no record was inserted, so the plan can run again once it is fixed');
  }
  return `Seeding stopped: ${parts.join('; ')}.`;
}

/**
 * Formats a failed seed for the terminal: one line per problem, rejected record, failed request
 * and rolled-back record (up to LINES_SHOWN each), then a summary of what the org kept.
 * `reset`: --reset was requested; `canReset`: the org is the local org, which --reset empties.
 */
export function describeSeedFailure(
  result: SeedResult,
  options: { reset: boolean; canReset: boolean },
): string[] {
  const lines = capped(result.errors.map(describeSeedError));
  if (result.refused) {
    return [...lines, refusedSummary(result, options)];
  }
  for (const request of result.failedRequests) {
    lines.push(
      `${request.sobject} request from ${request.file} failed: ${request.errorCode}: ${request.message}`,
      ...capped(
        request.records.map(
          (ref) => `  ${describeRecordRef(ref)}: not inserted: the request failed as a whole`,
        ),
      ),
    );
  }
  lines.push(
    ...capped(
      result.rolledBack.map(
        (ref) =>
          `${describeRecordRef(ref)}: not inserted: the org rolls back the whole request of up to ${TREE_REQUEST_LIMIT} records`,
      ),
    ),
  );
  return [...lines, stoppedSummary(result, options)];
}
