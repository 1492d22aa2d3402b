// Follow-up Tasks. An account that falls into Red gets a Task for the AE, due in 7 days. One that
// falls into Critical gets "Joint account plan required" for the AE and for the CSM. Once
// Health_Review_Due_On__c is reached, the CSM gets a review Task. Each Task carries
// Health_Alert_Key__c, and the job creates none whose key an open Task already has. A Task whose
// owner is inactive goes to the account owner.

import type {
  Band,
  HealthModel,
} from '../../force-app/main/default/lwc/healthModel/healthModel.ts';
import { addDays } from '../../force-app/main/default/lwc/healthModel/healthModel.ts';
import { to18 } from './compare.ts';
import type { ReportDriver } from './drivers.ts';
import { ALERT_KEY_MAX_LENGTH, type FieldSpec } from './fields.ts';
import { IDS_PER_QUERY, queryRecords, queryRest, soqlString, type ReadContext } from './read.ts';
import { writeCollections, type RowError, type WriteContext } from './write.ts';

const TASK_KEY_FIELDS: FieldSpec[] = [
  { name: 'Id', type: 'id' },
  { name: 'Health_Alert_Key__c', type: 'string' },
];

/** Days an AE has for a Red or Critical account. */
export const ALERT_DUE_DAYS = 7;

export type AlertKind = 'RED' | 'CRITICAL_AE' | 'CRITICAL_CSM' | 'REVIEW';

export interface AlertAccount {
  accountId: string;
  accountName: string;
  accountOwnerId: string;
  /** Customer_Success_Manager__c. */
  csmId: string | null;
  /** Owner of the deal-context opportunity. */
  aeId: string | null;
  previousBand: string | null;
  band: Band | null;
  score: number | null;
  reviewDueOn: string | null;
  drivers: ReportDriver[];
}

export interface PlannedTask {
  kind: AlertKind;
  key: string;
  accountId: string;
  ownerId: string;
  /** The account owner, who takes the Task when `ownerId` is inactive. */
  accountOwnerId: string;
  subject: string;
  description: string;
  activityDate: string;
  priority: 'High' | 'Normal';
}

function bandAction(model: HealthModel, band: Band): string {
  return model.bands.find((entry) => entry.band === band)?.action ?? '';
}

function describe(account: AlertAccount, asOf: string, action: string): string {
  const lines = [
    `Health score ${account.score ?? 'none'} (${account.band ?? 'no band'}) as of ${asOf}.`,
  ];
  if (account.drivers.length > 0) {
    lines.push('Top drivers:', ...account.drivers.map((driver) => `- ${driver.text}`));
  }
  if (action !== '') {
    lines.push(`Recommended action: ${action}`);
  }
  return lines.join('\n');
}

/** Plans the Tasks that the band change and review date of each account call for. */
export function planAlertTasks(
  accounts: AlertAccount[],
  asOf: string,
  model: HealthModel,
): PlannedTask[] {
  const planned: PlannedTask[] = [];
  for (const account of accounts) {
    const id = to18(account.accountId);
    const ae = account.aeId ?? account.accountOwnerId;
    const csm = account.csmId ?? account.accountOwnerId;
    const base = { accountId: id, accountOwnerId: account.accountOwnerId };
    const wasRedOrWorse = account.previousBand === 'Red' || account.previousBand === 'Critical';
    if (account.band === 'Red' && !wasRedOrWorse) {
      planned.push({
        ...base,
        kind: 'RED',
        key: `${id}:RED:${asOf}`,
        ownerId: ae,
        subject: `Health is Red: ${account.accountName}`,
        description: describe(account, asOf, bandAction(model, 'Red')),
        activityDate: addDays(asOf, ALERT_DUE_DAYS),
        priority: 'High',
      });
    }
    if (account.band === 'Critical' && account.previousBand !== 'Critical') {
      const description = describe(account, asOf, bandAction(model, 'Critical'));
      const task = {
        ...base,
        subject: `Joint account plan required: ${account.accountName}`,
        description,
        activityDate: addDays(asOf, ALERT_DUE_DAYS),
        priority: 'High' as const,
      };
      planned.push({ ...task, kind: 'CRITICAL_AE', key: `${id}:CRITICAL:AE:${asOf}`, ownerId: ae });
      planned.push({
        ...task,
        kind: 'CRITICAL_CSM',
        key: `${id}:CRITICAL:CSM:${asOf}`,
        ownerId: csm,
      });
    }
    if (account.reviewDueOn !== null && account.reviewDueOn <= asOf) {
      planned.push({
        ...base,
        kind: 'REVIEW',
        key: `${id}:REVIEW:${account.reviewDueOn}`,
        ownerId: csm,
        subject: `Health review due: ${account.accountName}`,
        description: [
          `The CSM review of this account was due on ${account.reviewDueOn}.`,
          'Review the champion status and the committed use cases, and record the review dates.',
          describe(account, asOf, ''),
        ].join('\n'),
        activityDate: account.reviewDueOn,
        priority: 'Normal',
      });
    }
  }
  for (const task of planned) {
    if (task.key.length > ALERT_KEY_MAX_LENGTH) {
      throw new RangeError(
        `Alert key ${task.key} is longer than ${ALERT_KEY_MAX_LENGTH} characters.`,
      );
    }
  }
  return planned;
}

/**
 * Reads the keys of the open Tasks the job created. One query for all of them costs requests in
 * proportion to the open alerts; Id lists of the planned keys would cost one request per 100.
 */
async function openTaskKeys(ctx: ReadContext): Promise<Set<string>> {
  const rows = await queryRecords(
    ctx,
    'Task',
    TASK_KEY_FIELDS,
    'IsClosed = false AND Health_Alert_Key__c != null',
  );
  return new Set(rows.map((row) => String(row.Health_Alert_Key__c)));
}

async function activeUsers(ctx: ReadContext, ids: string[]): Promise<Set<string>> {
  const active = new Set<string>();
  for (let start = 0; start < ids.length; start += IDS_PER_QUERY) {
    const list = ids
      .slice(start, start + IDS_PER_QUERY)
      .map(soqlString)
      .join(', ');
    const rows = await queryRest(
      ctx.conn,
      `SELECT Id, IsActive FROM User WHERE Id IN (${list})`,
      ctx.log,
    );
    for (const row of rows) {
      if (row.IsActive === true) {
        active.add(to18(String(row.Id)));
      }
    }
  }
  return active;
}

export interface TaskOutcome {
  /** Tasks that the accounts call for and no open Task covers yet. */
  pending: PlannedTask[];
  created: number;
  errors: RowError[];
  /** Tasks not created because an open Task already had the key. */
  alreadyOpen: number;
  /** Requests that failed as a whole. */
  failedRequests: number;
}

/**
 * Leaves out the Tasks whose key an open Task has, moves Tasks of inactive owners to the
 * account owner, and, unless `dryRun`, creates the rest.
 */
export async function createAlertTasks(
  read: ReadContext,
  write: WriteContext,
  planned: PlannedTask[],
  options: { dryRun: boolean },
): Promise<TaskOutcome> {
  const outcome: TaskOutcome = {
    pending: [],
    created: 0,
    errors: [],
    alreadyOpen: 0,
    failedRequests: 0,
  };
  if (planned.length === 0) {
    return outcome;
  }
  const open = await openTaskKeys(read);
  const owners = [
    ...new Set(planned.flatMap((task) => [task.ownerId, task.accountOwnerId]).map(to18)),
  ];
  const active = await activeUsers(read, owners);

  const seen = new Set<string>();
  for (const task of planned) {
    if (open.has(task.key)) {
      outcome.alreadyOpen += 1;
      continue;
    }
    const ownerId = active.has(to18(task.ownerId)) ? task.ownerId : task.accountOwnerId;
    if (ownerId !== task.ownerId) {
      read.log.debug(
        `Task ${task.key}: owner ${task.ownerId} is inactive, assigned to the account owner ${ownerId}`,
      );
    }
    // The AE and the CSM of a Critical account can be one person, who needs one Task.
    const alert =
      task.kind === 'CRITICAL_AE' || task.kind === 'CRITICAL_CSM' ? 'CRITICAL' : task.kind;
    const sameAlert = `${task.accountId}:${alert}:${to18(ownerId)}`;
    if (seen.has(sameAlert)) {
      continue;
    }
    seen.add(sameAlert);
    outcome.pending.push({ ...task, ownerId });
  }
  if (options.dryRun || outcome.pending.length === 0) {
    return outcome;
  }

  const records = outcome.pending.map((task) => ({
    Subject: task.subject,
    Description: task.description,
    ActivityDate: task.activityDate,
    OwnerId: task.ownerId,
    WhatId: task.accountId,
    Priority: task.priority,
    Status: 'Not Started',
    Health_Alert_Key__c: task.key,
  }));
  // A create is not safe to repeat after a lost response, so only rejected requests are
  // retried. A Task that was created anyway is found by its key on the next run.
  const result = await writeCollections(write, {
    sobject: 'Task',
    operation: 'create',
    records,
    idOf: (_record, index) => outcome.pending[index].accountId,
    retryNetworkErrors: false,
  });
  outcome.created = result.saved.length;
  outcome.errors = [...result.failed.values()];
  outcome.failedRequests = result.failedRequests;
  return outcome;
}
