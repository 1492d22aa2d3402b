// One run of the scoring job against a connected org: read the model and the data, score every
// account, write what changed (accounts, snapshots, Tasks) and record the run.

import type { Connection } from 'jsforce';
import {
  modelVersionLabel,
  scoreAccount,
  type AccountInput,
  type HealthModel,
  type OpportunityInput,
  type PromiseInput,
  type ScoreResult,
  type UseCaseInput,
} from '../../force-app/main/default/lwc/healthModel/healthModel.ts';
import { apiCallCounter, describeApiError, toApiError, type RetryPolicy } from './api.ts';
import type { BulkOptions } from './bulk.ts';
import {
  accountOutputs,
  changedOutputFields,
  decideSnapshot,
  snapshotValues,
  type AccountOutputs,
  type SnapshotDecision,
} from './compare.ts';
import { driversJson, topDrivers } from './drivers.ts';
import { ACCOUNT_OUTPUT_FIELDS } from './fields.ts';
import { createLogger, type Logger } from './log.ts';
import { readModel } from './model.ts';
import {
  countRecords,
  readOrgData,
  type AccountRow,
  type OrgData,
  type ReadContext,
} from './read.ts';
import {
  countBands,
  describeRowError,
  type AccountReport,
  type DataWarning,
  type JobReport,
} from './report.ts';
import { finishRun, insertRun, laterRunAsOf, type RunContext } from './run-record.ts';
import { writeSnapshots } from './snapshots.ts';
import { createAlertTasks, planAlertTasks, type AlertAccount } from './tasks.ts';
import { writeRecords, type RowError, type WriteContext } from './write.ts';

/** Above this many accounts the job reads and writes through Bulk API 2.0. */
export const DEFAULT_BULK_THRESHOLD = 2000;

export interface JobOptions {
  /** The date to score as of, YYYY-MM-DD. */
  asOf: string;
  /** Score and report, write nothing. */
  dryRun?: boolean;
  bulkThreshold?: number;
  /** Records per Bulk API 2.0 query result page; the org picks when undefined. */
  bulkPageSize?: number;
  bulkPollIntervalMs?: number;
  retry?: RetryPolicy;
  writeConcurrency?: number;
  log?: Logger;
}

interface ScoredAccount {
  row: AccountRow;
  result: ScoreResult;
  dealOpportunityId: string | null;
  aeId: string | null;
  outputs: AccountOutputs;
  changedFields: string[];
  snapshot: SnapshotDecision;
  /** Scored_On__c of the latest snapshot on or before the as-of date. */
  latestSnapshotOn: string | null;
}

function accountInput(row: AccountRow): AccountInput {
  return row as AccountInput;
}

function scoreAll(
  data: OrgData,
  asOf: string,
  model: HealthModel,
  log: Logger,
): { scored: ScoredAccount[]; trimmed: string[] } {
  const scored: ScoredAccount[] = [];
  const trimmed: string[] = [];
  const total = data.accounts.length;
  data.accounts.forEach((row, index) => {
    const opportunity = data.dealOpportunities.get(row.Id) ?? null;
    const result = scoreAccount(
      {
        account: accountInput(row),
        opportunity: opportunity as OpportunityInput | null,
        useCases: (opportunity
          ? (data.useCasesByOpportunity.get(opportunity.Id) ?? [])
          : []) as UseCaseInput[],
        promises: (opportunity
          ? (data.promisesByOpportunity.get(opportunity.Id) ?? [])
          : []) as PromiseInput[],
        asOf,
      },
      model,
    );
    const drivers = driversJson(result);
    if (drivers.trimmed) {
      trimmed.push(row.Id);
    }
    const outputs = accountOutputs(result, opportunity?.Id ?? null, drivers.json);
    const latest = data.latestSnapshots.get(row.Id);
    scored.push({
      row,
      result,
      dealOpportunityId: opportunity?.Id ?? null,
      aeId: opportunity?.OwnerId ?? null,
      outputs,
      changedFields: changedOutputFields(row, outputs),
      snapshot: decideSnapshot(snapshotValues(outputs), latest),
      latestSnapshotOn: latest?.Scored_On__c ?? null,
    });
    if (index % 500 === 0) {
      log.progress('Scoring accounts', index, total);
    }
  });
  log.progress('Scoring accounts', total, total);
  return { scored, trimmed };
}

function round2(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}

function accountReport(account: ScoredAccount): AccountReport {
  const { result, row } = account;
  return {
    id: row.Id,
    name: row.Name,
    score: result.score,
    band: result.band,
    productSignalScore: round2(result.productSignalScore),
    dealContextScore: round2(result.dealContextScore),
    flags: [...result.flags],
    riskCount: result.riskCount,
    reviewDueOn: result.reviewDueOn,
    drivers: topDrivers(result),
  };
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function dataWarnings(scored: ScoredAccount[]): DataWarning[] {
  return scored.flatMap(({ row, result }) =>
    result.invalidInputs.map((invalid) => ({
      code: 'INVALID_INPUT' as const,
      accountId: row.Id,
      accountName: row.Name,
      object: invalid.object,
      recordId: invalid.recordId,
      field: invalid.field,
      value: invalid.value,
      expected: invalid.expected,
      message:
        `INVALID_INPUT: account ${row.Name} (${row.Id}): ${invalid.object}` +
        `${invalid.recordId !== null ? ` ${invalid.recordId}` : ''} ${invalid.field} is ` +
        `${formatValue(invalid.value)}, expected ${invalid.expected}; scored as missing`,
    })),
  );
}

/** Returns an empty report. `model` is null until the run has read the model. */
function emptyReport(
  options: JobOptions,
  model: { model: HealthModel; source: 'custom metadata' | 'defaults' } | null,
): JobReport {
  return {
    asOf: options.asOf,
    modelVersion: model === null ? null : modelVersionLabel(model.model),
    modelSource: model === null ? null : model.source,
    runId: null,
    status: 'Succeeded',
    dryRun: options.dryRun === true,
    laterRunAsOf: null,
    readMode: 'rest',
    accounts: [],
    warnings: [],
    pending: { accounts: 0, snapshots: 0, tasks: 0 },
    written: { accounts: 0, snapshots: 0, tasks: 0, errors: [] },
    notes: [],
    apiCalls: 0,
    apiUsage: null,
    durationMs: 0,
    bands: { Green: 0, Yellow: 0, Red: 0, Critical: 0, unscored: 0 },
  };
}

interface WritePhase {
  report: JobReport;
  failedRequests: number;
}

async function writeChanges(
  scored: ScoredAccount[],
  options: JobOptions,
  model: HealthModel,
  read: ReadContext,
  write: WriteContext,
  phase: WritePhase,
): Promise<void> {
  const { report } = phase;
  const { log } = read;
  const asOf = options.asOf;
  const dryRun = options.dryRun === true;
  const backdated = report.laterRunAsOf !== null;
  const errors: RowError[] = report.written.errors;

  // Accounts first: an account whose row fails gets no snapshot and no Task in this run, so the
  // next run finds the same change again.
  const accountChanges = backdated
    ? []
    : scored.filter((account) => account.changedFields.length > 0);
  report.pending.accounts = accountChanges.length;
  const failedAccounts = new Set<string>();
  if (!dryRun && accountChanges.length > 0) {
    log.debug(`Writing ${accountChanges.length} changed accounts`);
    const outcome = await writeRecords(
      { ...write, onProgress: (done, total) => log.progress('Writing accounts', done, total) },
      {
        sobject: 'Account',
        operation: 'update',
        records: accountChanges.map((account) => ({ Id: account.row.Id, ...account.outputs })),
        idOf: (record) => String(record.Id),
        retryNetworkErrors: true,
        columns: ['Id', ...ACCOUNT_OUTPUT_FIELDS.map((field) => field.name)],
        keyField: 'Id',
      },
    );
    report.written.accounts = outcome.saved.length;
    phase.failedRequests += outcome.failedRequests;
    for (const [index, error] of outcome.failed) {
      failedAccounts.add(accountChanges[index].row.Id);
      errors.push(error);
    }
  }

  const snapshotChanges = scored
    .filter((account) => account.snapshot === 'first' || account.snapshot === 'changed')
    .filter((account) => !failedAccounts.has(account.row.Id));
  report.pending.snapshots = snapshotChanges.length;
  if (!dryRun && snapshotChanges.length > 0) {
    log.debug(`Writing ${snapshotChanges.length} snapshots for ${asOf}`);
    const outcome = await writeSnapshots(
      { ...write, onProgress: (done, total) => log.progress('Writing snapshots', done, total) },
      snapshotChanges.map((account) => ({
        accountId: account.row.Id,
        values: snapshotValues(account.outputs),
        modelVersion: account.outputs.Health_Model_Version__c,
        exists: account.latestSnapshotOn === asOf,
      })),
      asOf,
    );
    report.written.snapshots = outcome.written;
    phase.failedRequests += outcome.failedRequests;
    errors.push(...outcome.errors);
  }

  if (backdated) {
    return;
  }
  const alertAccounts: AlertAccount[] = scored
    .filter((account) => !failedAccounts.has(account.row.Id))
    .map((account) => ({
      accountId: account.row.Id,
      accountName: account.row.Name,
      accountOwnerId: account.row.OwnerId,
      csmId: (account.row.Customer_Success_Manager__c as string | null) ?? null,
      aeId: account.aeId,
      previousBand: (account.row.Health_Band__c as string | null) ?? null,
      band: account.result.band,
      score: account.result.score,
      reviewDueOn: account.result.reviewDueOn,
      drivers: topDrivers(account.result),
    }));
  const planned = planAlertTasks(alertAccounts, asOf, model);
  const tasks = await createAlertTasks(read, write, planned, { dryRun });
  report.pending.tasks = tasks.pending.length;
  report.written.tasks = tasks.created;
  phase.failedRequests += tasks.failedRequests;
  errors.push(...tasks.errors);
  if (tasks.alreadyOpen > 0) {
    log.debug(`${tasks.alreadyOpen} follow-up Tasks are already open; none created for them`);
  }
}

/** Share of the org's daily API requests above which the job warns before it goes on. */
const API_USAGE_WARNING = 0.9;

function warnOnApiUsage(conn: Connection, log: Logger): void {
  const usage = conn.limitInfo?.apiUsage;
  if (usage === undefined || usage.limit <= 0 || usage.used / usage.limit < API_USAGE_WARNING) {
    return;
  }
  log.warn(
    `The org has used ${usage.used} of its ${usage.limit} API requests of the last 24 hours; ` +
      'past the limit every request fails with REQUEST_LIMIT_EXCEEDED.',
  );
}

/**
 * Runs the job once and returns its report. A failure of the run itself (a read that fails, the
 * run record that cannot be inserted) is returned as status Failed, not thrown.
 */
export async function runJob(conn: Connection, options: JobOptions): Promise<JobReport> {
  const log = options.log ?? createLogger();
  const started = Date.now();
  const counter = apiCallCounter(conn);
  const startCount = counter.count;
  const dryRun = options.dryRun === true;
  const bulkThreshold = options.bulkThreshold ?? DEFAULT_BULK_THRESHOLD;
  const bulk: BulkOptions = {
    log,
    retry: options.retry,
    pageSize: options.bulkPageSize,
    pollIntervalMs: options.bulkPollIntervalMs,
  };
  const runContext: RunContext = { conn, log, retry: options.retry };

  let report = emptyReport(options, null);
  const phase: WritePhase = { report, failedRequests: 0 };
  let runId: string | null = null;
  try {
    const modelSource = await readModel(conn, log);
    if (modelSource.source === 'defaults') {
      log.warn(`Using the engine's default model: ${modelSource.problems.join(' ')}`);
    }
    const model = modelSource.model;
    report = emptyReport(options, modelSource);
    phase.report = report;
    if (modelSource.source === 'defaults') {
      report.notes.push(`Default model used: ${modelSource.problems.join(' ')}`);
    }

    if (!dryRun) {
      runId = await insertRun(runContext, {
        asOf: options.asOf,
        startedAt: new Date(started),
        model,
        modelVersion: modelVersionLabel(model),
      });
      report.runId = runId;
      log.debug(`Run record ${runId} inserted`);
    }

    const accountCount = await countRecords(conn, 'Account');
    warnOnApiUsage(conn, log);
    report.readMode = accountCount > bulkThreshold ? 'bulk' : 'rest';
    log.debug(
      `${accountCount} accounts: reading by ${report.readMode === 'bulk' ? 'Bulk API 2.0' : 'REST'}`,
    );
    const read: ReadContext = { conn, log, mode: report.readMode, bulk, retry: options.retry };
    const write: WriteContext = {
      conn,
      log,
      retry: options.retry,
      bulk,
      bulkThreshold,
      concurrency: options.writeConcurrency,
    };

    report.laterRunAsOf = await laterRunAsOf(runContext, options.asOf);
    if (report.laterRunAsOf !== null) {
      const later = `A run as of ${report.laterRunAsOf} exists, later than ${options.asOf}`;
      log.warn(
        dryRun
          ? `${later}: a backdated run would write snapshots for ${options.asOf} only and leave ` +
              'account fields and tasks as they are; this dry run writes nothing.'
          : `${later}: this backdated run writes snapshots for ${options.asOf} only, and leaves ` +
              'account fields and tasks as they are.',
      );
    }

    const data = await readOrgData(read, options.asOf);
    const { scored, trimmed } = scoreAll(data, options.asOf, model, log);
    report.accounts = scored.map(accountReport);
    report.bands = countBands(report.accounts);
    report.warnings = dataWarnings(scored);
    if (trimmed.length > 0) {
      report.notes.push(
        `Health_Drivers__c was trimmed to stay under 30,000 characters for ${trimmed.length} accounts: ${trimmed.slice(0, 5).join(', ')}`,
      );
    }

    await writeChanges(scored, options, model, read, write, phase);

    const errors = report.written.errors;
    report.status =
      errors.length > 0 || phase.failedRequests > 0 ? 'Partially Succeeded' : 'Succeeded';
    if (runId !== null) {
      await finishRun(runContext, runId, {
        status: report.status,
        finishedAt: new Date(),
        accountsScored: report.accounts.length - report.bands.unscored,
        accountsWritten: report.written.accounts,
        snapshotsWritten: report.written.snapshots,
        errors: errors.length,
        errorSummary: errors.map((error) => describeRowError(error)).join('\n'),
        // The update that carries the count is one more request.
        apiCalls: counter.count - startCount + 1,
      });
    }
  } catch (thrown) {
    const error = toApiError(thrown);
    report.status = 'Failed';
    report.error = { errorCode: error.errorCode, message: error.message };
    log.error(`The scoring run failed: ${describeApiError(error)}`);
    if (runId !== null) {
      try {
        await finishRun(runContext, runId, {
          status: 'Failed',
          finishedAt: new Date(),
          accountsScored: report.accounts.length - report.bands.unscored,
          accountsWritten: report.written.accounts,
          snapshotsWritten: report.written.snapshots,
          errors: report.written.errors.length + 1,
          errorSummary: [
            describeApiError(error),
            ...report.written.errors.map((rowError) => describeRowError(rowError)),
          ].join('\n'),
          apiCalls: counter.count - startCount + 1,
        });
      } catch (finishError) {
        log.error(
          `Recording the failure on run ${runId} failed: ${describeApiError(toApiError(finishError))}`,
        );
      }
    }
  }
  const usage = conn.limitInfo?.apiUsage;
  report.apiUsage = usage ? { used: usage.used, limit: usage.limit } : null;
  report.apiCalls = counter.count - startCount;
  report.durationMs = Date.now() - started;
  return report;
}

/** Exit code of a run: 0 done, 1 failed, 3 done with some records not written. */
export function exitCodeFor(report: JobReport): 0 | 1 | 3 {
  if (report.status === 'Failed') {
    return 1;
  }
  return report.status === 'Partially Succeeded' ? 3 : 0;
}
