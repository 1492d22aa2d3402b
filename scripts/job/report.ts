// The job's report: the JSON printed with --json, and the human summary printed without it.

import { BANDS, type Band } from '../../force-app/main/default/lwc/healthModel/healthModel.ts';
import type { ReportDriver } from './drivers.ts';
import type { ReadMode } from './read.ts';
import type { RowError } from './write.ts';

export interface AccountReport {
  id: string;
  name: string;
  score: number | null;
  band: Band | null;
  productSignalScore: number | null;
  dealContextScore: number | null;
  flags: string[];
  riskCount: number;
  reviewDueOn: string | null;
  drivers: ReportDriver[];
}

/** An input value the model treats as missing (flag INVALID_INPUT); the run still succeeds. */
export interface DataWarning {
  code: 'INVALID_INPUT';
  accountId: string;
  accountName: string;
  object: string;
  recordId: string | null;
  field: string;
  value: unknown;
  expected: string;
  message: string;
}

export type ReportStatus = 'Succeeded' | 'Partially Succeeded' | 'Failed';

export interface WriteCounts {
  accounts: number;
  snapshots: number;
  tasks: number;
}

export interface JobReport {
  asOf: string;
  /** The model version in use; null when the run failed before it read the model. */
  modelVersion: string | null;
  /**
   * Source of the weights: the org's custom metadata, or the engine's defaults; null when the run
   * failed before it read the model.
   */
  modelSource: 'custom metadata' | 'defaults' | null;
  runId: string | null;
  status: ReportStatus;
  dryRun: boolean;
  /** The as-of date of a finished run later than this one; a backdated run writes snapshots only. */
  laterRunAsOf: string | null;
  readMode: ReadMode;
  accounts: AccountReport[];
  warnings: DataWarning[];
  /** Changes found: what was written, or with --dry-run what would have been. */
  pending: WriteCounts;
  written: WriteCounts & { errors: RowError[] };
  /** Messages about the run that are neither data warnings nor write errors. */
  notes: string[];
  apiCalls: number;
  /** The org's API request usage from the last Sforce-Limit-Info header. */
  apiUsage: { used: number; limit: number } | null;
  durationMs: number;
  bands: Record<Band | 'unscored', number>;
  /** Cause of the failure, when status is Failed. */
  error?: { errorCode: string; message: string };
}

/** Counts accounts per band, and the accounts without a score. */
export function countBands(accounts: AccountReport[]): JobReport['bands'] {
  const bands = { Green: 0, Yellow: 0, Red: 0, Critical: 0, unscored: 0 };
  for (const account of accounts) {
    bands[account.band ?? 'unscored'] += 1;
  }
  return bands;
}

/** Entries the human summary shows per list; the JSON report lists all of them. */
const MASKED_SHOWN = 10;
const WARNINGS_SHOWN = 5;
const ERRORS_SHOWN = 10;

/**
 * Formats a record that was not written as one line. RowError.id is the account's Id (for a
 * snapshot or a Task, the account it belongs to), so `accountNames` (Id to Name) lets the line
 * name the account: `Account Blue Harbor Logistics (001...): UNABLE_TO_LOCK_ROW: ...`.
 */
export function describeRowError(
  error: RowError,
  accountNames: ReadonlyMap<string, string> = new Map(),
): string {
  const fields = error.fields.length > 0 ? ` on ${error.fields.join(', ')}` : '';
  const name = error.id === null ? undefined : accountNames.get(error.id);
  let subject: string;
  if (error.id === null) {
    subject = `${error.sobject} (no Id)`;
  } else if (name === undefined) {
    subject = `${error.sobject} ${error.id}`;
  } else if (error.sobject === 'Account') {
    subject = `Account ${name} (${error.id})`;
  } else {
    subject = `${error.sobject} of account ${name} (${error.id})`;
  }
  return `${subject}: ${error.errorCode}${fields}: ${error.message}`;
}

/** Maps the Ids of the report's accounts to their names, for describeRowError. */
export function accountNamesOf(accounts: AccountReport[]): Map<string, string> {
  return new Map(accounts.map((account) => [account.id, account.name]));
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Formats the report for a person reading a terminal. */
export function formatSummary(report: JobReport): string {
  const lines: string[] = [];
  const run = report.runId !== null ? `, run ${report.runId}` : '';
  const model =
    report.modelSource === null
      ? 'model not read'
      : `model ${report.modelVersion} from ${report.modelSource}`;
  lines.push(`Health scores as of ${report.asOf} (${model}${run})`);
  if (report.status === 'Failed') {
    lines.push(
      `Status: Failed: ${report.error?.errorCode ?? ''} ${report.error?.message ?? ''}`.trim(),
    );
  } else {
    lines.push(`Status: ${report.status}${report.dryRun ? ' (dry run: nothing written)' : ''}`);
  }

  const scored = report.accounts.length - report.bands.unscored;
  lines.push('');
  lines.push(
    `Accounts: ${report.accounts.length} (${scored} scored, ${report.bands.unscored} without a score)`,
  );
  lines.push(`  ${BANDS.map((band) => `${band} ${report.bands[band]}`).join(', ')}`);

  const masked = report.accounts.filter((account) => account.flags.includes('MASKED_RISK'));
  if (masked.length > 0) {
    lines.push('');
    lines.push(`Masked risk (${masked.length}): strong product signals over a risky deal`);
    for (const account of masked.slice(0, MASKED_SHOWN)) {
      const band = account.band ?? 'no band';
      const risks = plural(account.riskCount, 'risk signal');
      lines.push(
        `  ${account.name} (${account.id}): score ${account.score ?? 'none'}, ${band}, ${risks}`,
      );
      for (const driver of account.drivers) {
        lines.push(`    - ${driver.text}`);
      }
    }
    if (masked.length > MASKED_SHOWN) {
      lines.push(`  ... and ${masked.length - MASKED_SHOWN} more (see --json)`);
    }
  }

  if (report.warnings.length > 0) {
    lines.push('');
    lines.push(
      `Data warnings (${report.warnings.length}): values outside their valid range, scored as missing`,
    );
    for (const warning of report.warnings.slice(0, WARNINGS_SHOWN)) {
      lines.push(`  ${warning.message}`);
    }
    if (report.warnings.length > WARNINGS_SHOWN) {
      lines.push(`  ... and ${report.warnings.length - WARNINGS_SHOWN} more (see --json)`);
    }
  }

  lines.push('');
  const counts = (c: WriteCounts) =>
    `${plural(c.accounts, 'account')}, ${plural(c.snapshots, 'snapshot')}, ${plural(c.tasks, 'task')}`;
  if (report.dryRun) {
    lines.push(`Would write: ${counts(report.pending)}`);
  } else {
    lines.push(`Written: ${counts(report.written)}`);
  }
  if (report.laterRunAsOf !== null) {
    lines.push(
      `  Backdated run (a run as of ${report.laterRunAsOf} exists): account fields and tasks left as they are`,
    );
  }
  const errors = report.written.errors;
  if (errors.length > 0) {
    const names = accountNamesOf(report.accounts);
    lines.push(`Not written (${errors.length}):`);
    for (const error of errors.slice(0, ERRORS_SHOWN)) {
      lines.push(`  ${describeRowError(error, names)}`);
    }
    if (errors.length > ERRORS_SHOWN) {
      lines.push(`  ... and ${errors.length - ERRORS_SHOWN} more (see --json)`);
    }
  }
  for (const note of report.notes) {
    lines.push(`Note: ${note}`);
  }
  const usage =
    report.apiUsage !== null ? ` (org usage ${report.apiUsage.used}/${report.apiUsage.limit})` : '';
  lines.push(`API calls: ${report.apiCalls}${usage}, ${(report.durationMs / 1000).toFixed(1)} s`);
  return `${lines.join('\n')}\n`;
}
