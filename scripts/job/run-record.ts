// Health_Score_Run__c: one record per run, inserted as Running when the run starts and updated
// with the counts and the status when it ends. The health card reads it as the freshness clock.

import type { Connection } from 'jsforce';
import type { HealthModel } from '../../force-app/main/default/lwc/healthModel/healthModel.ts';
import { sendRequest, withRetry, type RetryPolicy } from './api.ts';
import { ERROR_SUMMARY_MAX_LENGTH } from './fields.ts';
import type { Logger } from './log.ts';
import { queryRest, soqlDate } from './read.ts';

export type RunStatus = 'Running' | 'Succeeded' | 'Partially Succeeded' | 'Failed';

export interface RunContext {
  conn: Connection;
  log: Logger;
  retry?: RetryPolicy;
}

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=UTF-8' };

/** Inserts the run record and returns its Id. */
export async function insertRun(
  ctx: RunContext,
  run: { asOf: string; startedAt: Date; model: HealthModel; modelVersion: string },
): Promise<string> {
  const body = JSON.stringify({
    Status__c: 'Running',
    Started_At__c: run.startedAt.toISOString(),
    As_Of__c: run.asOf,
    Model_Version__c: run.modelVersion,
    Model_Json__c: JSON.stringify(run.model),
  });
  // A create is retried only when the org refused it, so a lost response makes no second record.
  const { body: result } = await withRetry(
    'Inserting the Health_Score_Run__c record',
    () =>
      sendRequest<{ id: string }>(ctx.conn, {
        method: 'POST',
        url: '/sobjects/Health_Score_Run__c',
        body,
        headers: JSON_HEADERS,
      }),
    { log: ctx.log, policy: ctx.retry, networkErrors: false },
  );
  return result.id;
}

export interface RunTotals {
  status: Exclude<RunStatus, 'Running'>;
  finishedAt: Date;
  accountsScored: number;
  accountsWritten: number;
  snapshotsWritten: number;
  errors: number;
  errorSummary: string;
  apiCalls: number;
}

/** Cuts text to `max` characters, ending with a line that gives the number of characters cut. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }
  const note = (cut: number) => `\n... ${cut} more characters not shown`;
  const keep = max - note(text.length).length;
  return text.slice(0, keep) + note(text.length - keep);
}

/** Updates the run record with its final counts and status. */
export async function finishRun(ctx: RunContext, runId: string, totals: RunTotals): Promise<void> {
  const body = JSON.stringify({
    Status__c: totals.status,
    Finished_At__c: totals.finishedAt.toISOString(),
    Accounts_Scored__c: totals.accountsScored,
    Accounts_Written__c: totals.accountsWritten,
    Snapshots_Written__c: totals.snapshotsWritten,
    Errors__c: totals.errors,
    Error_Summary__c:
      totals.errorSummary === ''
        ? null
        : truncateText(totals.errorSummary, ERROR_SUMMARY_MAX_LENGTH),
    Api_Calls__c: totals.apiCalls,
  });
  await withRetry(
    `Updating Health_Score_Run__c ${runId}`,
    () =>
      sendRequest(ctx.conn, {
        method: 'PATCH',
        url: `/sobjects/Health_Score_Run__c/${runId}`,
        body,
        headers: JSON_HEADERS,
      }),
    { log: ctx.log, policy: ctx.retry },
  );
}

/**
 * Returns the latest as-of date of a finished run that is later than `asOf`, or null. A run for
 * an earlier date than one already made is a backdated run.
 */
export async function laterRunAsOf(ctx: RunContext, asOf: string): Promise<string | null> {
  const rows = await queryRest(
    ctx.conn,
    `SELECT Id, As_Of__c FROM Health_Score_Run__c WHERE Status__c IN ('Succeeded', 'Partially Succeeded') AND As_Of__c > ${soqlDate(asOf)} ORDER BY As_Of__c DESC LIMIT 1`,
    ctx.log,
  );
  const latest = rows[0]?.As_Of__c;
  return typeof latest === 'string' ? latest : null;
}
