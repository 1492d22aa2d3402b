// The job run in-process against a local org of its own: hand-scored results, change detection,
// snapshots, Tasks, row failures, retries, Bulk API paths and the request count.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  DEFAULT_MODEL,
  modelVersionLabel,
} from '../../force-app/main/default/lwc/healthModel/healthModel.ts';
import { Connection } from 'jsforce';
import { sendRequest } from './api.ts';
import { PROJECT_DIR } from './connection.ts';
import { createMemoryLogger } from './log.ts';
import { formatSummary } from './report.ts';
import { exitCodeFor, runJob } from './run.ts';
import {
  HAND_AS_OF,
  HAND_SCORED,
  query,
  removeDir,
  runQuietly,
  seedHandScored,
  startTestOrg,
  type TestOrg,
} from './testing.ts';

async function withOrg(seed: boolean, body: (org: TestOrg) => Promise<void>): Promise<void> {
  const org = await startTestOrg();
  try {
    if (seed) {
      await seedHandScored(org);
    }
    await body(org);
  } finally {
    await org.close();
    removeDir(org.dir);
  }
}

async function accountId(org: TestOrg, name: string): Promise<string> {
  const rows = await query(org.admin, `SELECT Id FROM Account WHERE Name = '${name}'`);
  assert.equal(rows.length, 1, `account ${name}`);
  return String(rows[0].Id);
}

async function updateAccount(
  org: TestOrg,
  id: string,
  fields: Record<string, unknown>,
): Promise<void> {
  await sendRequest(org.admin, {
    method: 'PATCH',
    url: `/sobjects/Account/${id}`,
    body: JSON.stringify(fields),
    headers: { 'Content-Type': 'application/json' },
  });
}

describe('hand-scored plan', () => {
  let org: TestOrg;
  before(async () => {
    org = await startTestOrg();
    await seedHandScored(org);
  });
  after(async () => {
    await org.close();
    removeDir(org.dir);
  });

  test('first run matches the hand computation', async () => {
    const { report } = await runQuietly(org);
    assert.equal(report.status, 'Succeeded');
    assert.equal(exitCodeFor(report), 0);
    assert.equal(report.accounts.length, HAND_SCORED.length);
    for (const expected of HAND_SCORED) {
      const account = report.accounts.find((entry) => entry.name === expected.name);
      assert.ok(account, `${expected.name} is in the report`);
      assert.equal(account.score, expected.score, `${expected.name} score`);
      assert.equal(account.band, expected.band, `${expected.name} band`);
      assert.deepEqual(account.flags, expected.flags, `${expected.name} flags`);
      assert.equal(account.riskCount, expected.riskCount, `${expected.name} risk count`);
      assert.equal(account.reviewDueOn, expected.reviewDueOn, `${expected.name} review due`);
      assert.equal(account.productSignalScore, expected.productSignalScore, `${expected.name} P`);
      assert.equal(account.dealContextScore, expected.dealContextScore, `${expected.name} D`);
    }
    assert.deepEqual(report.bands, { Green: 3, Yellow: 2, Red: 1, Critical: 1, unscored: 1 });
    assert.deepEqual(
      {
        accounts: report.written.accounts,
        snapshots: report.written.snapshots,
        tasks: report.written.tasks,
      },
      { accounts: 8, snapshots: 7, tasks: 3 },
    );
    assert.deepEqual(report.written.errors, []);

    const contoso = report.accounts.find((entry) => entry.name === 'Contoso Pharmaceuticals');
    assert.deepEqual(
      contoso?.drivers.map((driver) => driver.text),
      [
        'Masked risk: strong product signals over a risky deal cap the score at 74: -10 points',
        'ICP fit rating 2 of 5 is low: -8 points',
        'Discount 35% below list is significant: -6 points',
      ],
    );
  });

  test('outputs are stored on the accounts', async () => {
    const rows = await query(
      org.admin,
      'SELECT Name, Health_Score__c, Health_Band__c, Health_Flags__c, Health_Risk_Count__c, Product_Signal_Score__c, Deal_Context_Score__c, Health_Review_Due_On__c, Health_Model_Version__c, Health_Drivers__c, Deal_Context_Opportunity__c FROM Account',
    );
    for (const expected of HAND_SCORED) {
      const row = rows.find((entry) => entry.Name === expected.name);
      assert.ok(row, expected.name);
      assert.equal(row.Health_Score__c, expected.score, `${expected.name} Health_Score__c`);
      assert.equal(row.Health_Band__c, expected.band, `${expected.name} Health_Band__c`);
      assert.equal(
        row.Health_Flags__c,
        expected.flags.length > 0 ? expected.flags.join(';') : null,
      );
      assert.equal(row.Health_Risk_Count__c, expected.riskCount);
      assert.equal(row.Product_Signal_Score__c, expected.productSignalScore);
      assert.equal(row.Deal_Context_Score__c, expected.dealContextScore);
      assert.equal(row.Health_Review_Due_On__c, expected.reviewDueOn);
      assert.match(String(row.Health_Model_Version__c), /^1:[0-9a-f]{8}$/);
      const drivers = JSON.parse(String(row.Health_Drivers__c));
      assert.equal(drivers.signals.length, 12);
    }
    const woodgrove = rows.find((entry) => entry.Name === 'Woodgrove Legacy Import');
    assert.match(String(woodgrove?.Deal_Context_Opportunity__c), /^006[A-Za-z0-9]{15}$/);
    const adatum = rows.find((entry) => entry.Name === 'Adatum Retail');
    assert.equal(adatum?.Deal_Context_Opportunity__c, null);
  });

  test('snapshots, tasks and the run record', async () => {
    const snapshots = await query(
      org.admin,
      'SELECT Account__c, Scored_On__c, Score__c, Band__c, Flags__c, Snapshot_Key__c FROM Health_Snapshot__c',
    );
    assert.equal(snapshots.length, 7);
    for (const snapshot of snapshots) {
      assert.equal(snapshot.Scored_On__c, HAND_AS_OF);
      assert.equal(snapshot.Snapshot_Key__c, `${String(snapshot.Account__c)}:${HAND_AS_OF}`);
      assert.equal(String(snapshot.Account__c).length, 18);
    }
    const tasks = await query(
      org.admin,
      'SELECT Subject, Health_Alert_Key__c, ActivityDate, WhatId FROM Task ORDER BY Health_Alert_Key__c',
    );
    const kinds = tasks
      .map((task) => String(task.Health_Alert_Key__c).split(':').slice(1).join(':'))
      .sort();
    assert.deepEqual(kinds, ['CRITICAL:AE:2025-06-30', 'RED:2025-06-30', 'REVIEW:2025-05-30']);
    const red = tasks.find((task) => String(task.Health_Alert_Key__c).includes(':RED:'));
    assert.equal(red?.ActivityDate, '2025-07-07');
    assert.equal(red?.WhatId, await accountId(org, 'Adatum Retail'));

    const runs = await query(
      org.admin,
      'SELECT Status__c, As_Of__c, Accounts_Scored__c, Accounts_Written__c, Snapshots_Written__c, Errors__c, Api_Calls__c, Model_Version__c, Model_Json__c, Started_At__c, Finished_At__c FROM Health_Score_Run__c',
    );
    assert.equal(runs.length, 1);
    const run = runs[0];
    assert.equal(run.Status__c, 'Succeeded');
    assert.equal(run.As_Of__c, HAND_AS_OF);
    assert.equal(run.Accounts_Scored__c, 7);
    assert.equal(run.Accounts_Written__c, 8);
    assert.equal(run.Snapshots_Written__c, 7);
    assert.equal(run.Errors__c, 0);
    assert.ok(Number(run.Api_Calls__c) > 0);
    assert.ok(run.Finished_At__c !== null);
    assert.equal(JSON.parse(String(run.Model_Json__c)).segments.SMB.product, 65);
  });

  test('second identical run writes nothing', async () => {
    const { report } = await runQuietly(org);
    assert.equal(report.status, 'Succeeded');
    assert.deepEqual(report.pending, { accounts: 0, snapshots: 0, tasks: 0 });
    assert.equal(report.written.accounts, 0);
    assert.equal(report.written.snapshots, 0);
    assert.equal(report.written.tasks, 0);
    const runs = await query(
      org.admin,
      'SELECT Id, Accounts_Written__c, Snapshots_Written__c, Status__c FROM Health_Score_Run__c',
    );
    assert.equal(runs.length, 2);
    const second = runs.find((run) => run.Id === report.runId);
    assert.equal(second?.Accounts_Written__c, 0);
    assert.equal(second?.Snapshots_Written__c, 0);
    assert.equal(second?.Status__c, 'Succeeded');
    const tasks = await query(org.admin, 'SELECT Id FROM Task');
    assert.equal(tasks.length, 3);
  });

  test('changed input writes one account and one snapshot', async () => {
    const northwind = await accountId(org, 'Northwind Traders');
    await updateAccount(org, northwind, { NPS__c: 0 });
    const { report } = await runQuietly(org, { asOf: '2025-07-01' });
    assert.equal(report.status, 'Succeeded');
    assert.equal(report.written.accounts, 1);
    assert.equal(report.written.snapshots, 1);
    assert.equal(report.written.tasks, 0);
    // NPS 0 scores 50: P = 91, raw = 95.5, rounded half up.
    assert.equal(report.accounts.find((entry) => entry.id === northwind)?.score, 96);
    const snapshots = await query(
      org.admin,
      `SELECT Scored_On__c, Score__c FROM Health_Snapshot__c WHERE Account__c = '${northwind}' ORDER BY Scored_On__c`,
    );
    assert.deepEqual(
      snapshots.map((row) => [row.Scored_On__c, row.Score__c]),
      [
        ['2025-06-30', 97],
        ['2025-07-01', 96],
      ],
    );
  });

  test('second change on a day updates its snapshot', async () => {
    const northwind = await accountId(org, 'Northwind Traders');
    await updateAccount(org, northwind, { NPS__c: -100 });
    const { report } = await runQuietly(org, { asOf: '2025-07-01' });
    assert.equal(report.written.accounts, 1);
    assert.equal(report.written.snapshots, 1);
    // NPS -100 scores 0: P = 83.5, raw = 91.75.
    const snapshots = await query(
      org.admin,
      `SELECT Scored_On__c, Score__c FROM Health_Snapshot__c WHERE Account__c = '${northwind}' ORDER BY Scored_On__c`,
    );
    assert.deepEqual(
      snapshots.map((row) => [row.Scored_On__c, row.Score__c]),
      [
        ['2025-06-30', 97],
        ['2025-07-01', 92],
      ],
    );
  });

  test('backdated dry run says it writes nothing', async () => {
    const { report, log } = await runQuietly(org, { asOf: '2025-06-20', dryRun: true });
    assert.equal(report.laterRunAsOf, '2025-07-01');
    assert.deepEqual(
      [report.written.accounts, report.written.snapshots, report.written.tasks],
      [0, 0, 0],
    );
    assert.ok(
      log.lines.includes(
        'warning: A run as of 2025-07-01 exists, later than 2025-06-20: a backdated run would ' +
          'write snapshots for 2025-06-20 only and leave account fields and tasks as they are; ' +
          'this dry run writes nothing.',
      ),
      log.lines.join('\n'),
    );
    assert.ok(!log.lines.some((line) => line.includes('this backdated run writes')));
  });

  test('backdated run leaves later snapshots alone', async () => {
    const northwind = await accountId(org, 'Northwind Traders');
    const before = await query(
      org.admin,
      'SELECT Id, Snapshot_Key__c, Score__c, LastModifiedDate FROM Health_Snapshot__c WHERE Scored_On__c > 2025-06-20 ORDER BY Id',
    );
    const account = await query(
      org.admin,
      `SELECT Health_Score__c, LastModifiedDate FROM Account WHERE Id = '${northwind}'`,
    );
    const { report } = await runQuietly(org, { asOf: '2025-06-20' });
    assert.equal(report.status, 'Succeeded');
    assert.equal(report.laterRunAsOf, '2025-07-01');
    assert.equal(report.written.accounts, 0);
    assert.equal(report.written.tasks, 0);
    // No snapshot on or before 2025-06-20 yet: every scored account gets its first one.
    assert.equal(report.written.snapshots, 7);
    const afterRows = await query(
      org.admin,
      'SELECT Id, Snapshot_Key__c, Score__c, LastModifiedDate FROM Health_Snapshot__c WHERE Scored_On__c > 2025-06-20 ORDER BY Id',
    );
    assert.deepEqual(afterRows, before);
    const accountAfter = await query(
      org.admin,
      `SELECT Health_Score__c, LastModifiedDate FROM Account WHERE Id = '${northwind}'`,
    );
    assert.deepEqual(accountAfter, account);
    const early = await query(
      org.admin,
      `SELECT Snapshot_Key__c FROM Health_Snapshot__c WHERE Scored_On__c = 2025-06-20 AND Account__c = '${northwind}'`,
    );
    assert.deepEqual(
      early.map((row) => row.Snapshot_Key__c),
      [`${northwind}:2025-06-20`],
    );
  });
});

test('dry run writes nothing', async () => {
  await withOrg(true, async (org) => {
    const { report } = await runQuietly(org, { dryRun: true });
    assert.equal(report.dryRun, true);
    assert.equal(report.runId, null);
    assert.deepEqual(report.pending, { accounts: 8, snapshots: 7, tasks: 3 });
    assert.deepEqual(
      {
        accounts: report.written.accounts,
        snapshots: report.written.snapshots,
        tasks: report.written.tasks,
      },
      { accounts: 0, snapshots: 0, tasks: 0 },
    );
    assert.equal((await query(org.admin, 'SELECT Id FROM Health_Snapshot__c')).length, 0);
    assert.equal((await query(org.admin, 'SELECT Id FROM Health_Score_Run__c')).length, 0);
    assert.equal((await query(org.admin, 'SELECT Id FROM Task')).length, 0);
    assert.equal(
      (await query(org.admin, 'SELECT Id FROM Account WHERE Health_Model_Version__c != null'))
        .length,
      0,
    );
  });
});

test('invalid inputs are data warnings', async () => {
  await withOrg(true, async (org) => {
    const { report } = await runQuietly(org, { dryRun: true });
    assert.equal(exitCodeFor(report), 0);
    const woodgrove = await accountId(org, 'Woodgrove Legacy Import');
    const warnings = report.warnings.filter((warning) => warning.accountId === woodgrove);
    assert.deepEqual(
      warnings.map((warning) => [
        warning.code,
        warning.object,
        warning.field,
        warning.value,
        warning.expected,
      ]),
      [
        ['INVALID_INPUT', 'Opportunity', 'Discount_Depth__c', 140, 'a number from 0 to 100'],
        ['INVALID_INPUT', 'Opportunity', 'ICP_Fit_Rating__c', 7, 'a whole number from 1 to 5'],
      ],
    );
    assert.match(String(warnings[0].recordId), /^006/);
    assert.match(warnings[0].message, /Woodgrove Legacy Import/);
    assert.equal(report.warnings.length, 2);
  });
});

test('row failure is reported, others written', async () => {
  await withOrg(true, async (org) => {
    const contoso = await accountId(org, 'Contoso Pharmaceuticals');
    org.server.faults.configure({
      rowFailures: [
        {
          sobject: 'Account',
          recordIds: [contoso],
          statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
          message: 'Health fields can be changed by the scoring job only',
          fields: ['Health_Score__c'],
        },
      ],
    });
    const { report } = await runQuietly(org);
    assert.equal(report.status, 'Partially Succeeded');
    assert.equal(exitCodeFor(report), 3);
    assert.deepEqual(report.written.errors, [
      {
        id: contoso,
        sobject: 'Account',
        fields: ['Health_Score__c'],
        errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        message: 'Health fields can be changed by the scoring job only',
      },
    ]);
    assert.equal(report.written.accounts, 7);
    // The failed account gets no snapshot in this run.
    assert.equal(report.written.snapshots, 6);
    const snapshots = await query(
      org.admin,
      `SELECT Id FROM Health_Snapshot__c WHERE Account__c = '${contoso}'`,
    );
    assert.equal(snapshots.length, 0);
    const runs = await query(
      org.admin,
      'SELECT Status__c, Errors__c, Error_Summary__c FROM Health_Score_Run__c',
    );
    assert.equal(runs[0].Status__c, 'Partially Succeeded');
    assert.equal(runs[0].Errors__c, 1);
    assert.match(
      String(runs[0].Error_Summary__c),
      new RegExp(`Account ${contoso}: FIELD_CUSTOM_VALIDATION_EXCEPTION on Health_Score__c`),
    );

    org.server.faults.reset();
    const { report: next } = await runQuietly(org);
    assert.equal(next.status, 'Succeeded');
    assert.equal(next.written.accounts, 1);
    assert.equal(next.written.snapshots, 1);
  });
});

test('503 on a collection write is retried', async () => {
  await withOrg(true, async (org) => {
    // Inject the 503 on the first collection write, which is the first PATCH of the run.
    const transport = (
      org.job as unknown as {
        _transport: {
          httpRequest: (request: { method: string; url: string }, options?: unknown) => unknown;
        };
      }
    )._transport;
    const original = transport.httpRequest.bind(transport);
    let injected = false;
    transport.httpRequest = (request, options) => {
      if (!injected && request.method === 'PATCH' && request.url.includes('/composite/sobjects')) {
        injected = true;
        org.server.faults.configure({ failNext: { status: 503, count: 1 } });
      }
      return original(request, options);
    };
    const before = org.server.requestCount;
    const { report, log } = await runQuietly(org);
    assert.equal(injected, true);
    assert.equal(report.status, 'Succeeded');
    assert.equal(report.written.accounts, 8);
    assert.ok(
      log.lines.some((line) =>
        /Writing 8 Account records failed \(HTTP 503 .*retry 1 of 3/.test(line),
      ),
      log.lines.join('\n'),
    );
    assert.equal(report.apiCalls, org.server.requestCount - before);
  });
});

test('apiCalls equals the request count', async () => {
  await withOrg(true, async (org) => {
    const before = org.server.requestCount;
    const { report } = await runQuietly(org);
    assert.equal(report.apiCalls, org.server.requestCount - before);
    assert.equal(report.apiUsage?.used, org.server.faults.apiUsage.used);
    const runs = await query(org.admin, 'SELECT Api_Calls__c FROM Health_Score_Run__c');
    assert.equal(runs[0].Api_Calls__c, report.apiCalls);
  });
});

test('apiCalls counts jsforce retries', async () => {
  await withOrg(true, async (org) => {
    // The first request of a run is a GET, which jsforce retries itself after a 503.
    org.server.faults.configure({ failNext: { status: 503, count: 1 } });
    const before = org.server.requestCount;
    const { report } = await runQuietly(org, { dryRun: true });
    assert.equal(report.status, 'Succeeded');
    assert.equal(report.apiCalls, org.server.requestCount - before);
  });
});

test('daily API limit fails the run', async () => {
  await withOrg(true, async (org) => {
    const used = org.server.faults.apiUsage.used;
    org.server.faults.configure({ dailyApiLimit: used + 6 });
    const { report, log } = await runQuietly(org);
    assert.equal(report.status, 'Failed');
    assert.equal(exitCodeFor(report), 1);
    assert.equal(report.error?.errorCode, 'REQUEST_LIMIT_EXCEEDED');
    assert.ok(
      log.lines.some((line) => line.includes('API requests of the last 24 hours')),
      log.lines.join('\n'),
    );
  });
});

test('tasks are created once', async () => {
  await withOrg(true, async (org) => {
    const tailspin = await accountId(org, 'Tailspin Toys');
    const litware = await accountId(org, 'Litware Logistics');
    const csm = org.server.users.csm.Id;
    const inactive = await query(org.admin, 'SELECT Id FROM User WHERE IsActive = false');
    assert.ok(inactive.length > 0, 'the local org has an inactive user');
    await updateAccount(org, tailspin, { Customer_Success_Manager__c: csm });
    await updateAccount(org, litware, { Customer_Success_Manager__c: inactive[0].Id });

    const first = await runQuietly(org);
    assert.equal(first.report.written.tasks, 4);
    const tasks = await query(
      org.admin,
      'SELECT OwnerId, WhatId, Health_Alert_Key__c, Subject, Description FROM Task',
    );
    const critical = tasks.filter((task) => task.WhatId === tailspin);
    assert.deepEqual(critical.map((task) => String(task.Health_Alert_Key__c)).sort(), [
      `${tailspin}:CRITICAL:AE:2025-06-30`,
      `${tailspin}:CRITICAL:CSM:2025-06-30`,
    ]);
    assert.equal(
      critical.find((task) => String(task.Health_Alert_Key__c).includes(':CSM:'))?.OwnerId,
      csm,
    );
    assert.ok(
      critical.every((task) => String(task.Subject).startsWith('Joint account plan required')),
    );
    const review = tasks.find((task) => task.WhatId === litware);
    const litwareOwner = await query(
      org.admin,
      `SELECT OwnerId FROM Account WHERE Id = '${litware}'`,
    );
    // The CSM is inactive, so the review Task goes to the account owner.
    assert.equal(review?.OwnerId, litwareOwner[0].OwnerId);
    assert.match(String(review?.Description), /was due on 2025-05-30/);

    const second = await runQuietly(org);
    assert.equal(second.report.written.tasks, 0);
    const third = await runQuietly(org, { asOf: '2025-07-02' });
    assert.equal(third.report.written.tasks, 0);
    assert.equal((await query(org.admin, 'SELECT Id FROM Task')).length, 4);
  });
});

test('Bulk API path gives the same results', async () => {
  await withOrg(true, async (org) => {
    const before = org.server.requestCount;
    const { report } = await runQuietly(org, {
      bulkThreshold: 0,
      bulkPageSize: 3,
      bulkPollIntervalMs: 5,
    });
    assert.equal(report.readMode, 'bulk');
    assert.equal(report.status, 'Succeeded', JSON.stringify(report.error));
    assert.equal(report.apiCalls, org.server.requestCount - before);
    for (const expected of HAND_SCORED) {
      const account = report.accounts.find((entry) => entry.name === expected.name);
      assert.equal(account?.score, expected.score, `${expected.name} score`);
      assert.deepEqual(account?.flags, expected.flags, `${expected.name} flags`);
    }
    assert.equal(report.written.accounts, 8);
    assert.equal(report.written.snapshots, 7);
    const stored = await query(
      org.admin,
      'SELECT Name, Health_Score__c, Health_Flags__c FROM Account',
    );
    for (const expected of HAND_SCORED) {
      const row = stored.find((entry) => entry.Name === expected.name);
      assert.equal(row?.Health_Score__c, expected.score, `${expected.name} stored score`);
    }
    const { report: second } = await runQuietly(org, {
      bulkThreshold: 0,
      bulkPageSize: 3,
      bulkPollIntervalMs: 5,
    });
    assert.equal(second.written.accounts, 0);
    assert.equal(second.written.snapshots, 0);

    // A change on the same day updates that day's snapshot through a Bulk API upsert.
    const northwind = await accountId(org, 'Northwind Traders');
    await updateAccount(org, northwind, { NPS__c: 0 });
    const { report: third } = await runQuietly(org, {
      bulkThreshold: 0,
      bulkPageSize: 3,
      bulkPollIntervalMs: 5,
    });
    assert.equal(third.status, 'Succeeded', JSON.stringify(third.written.errors));
    assert.equal(third.written.accounts, 1);
    assert.equal(third.written.snapshots, 1);
    const snapshots = await query(
      org.admin,
      `SELECT Scored_On__c, Score__c FROM Health_Snapshot__c WHERE Account__c = '${northwind}'`,
    );
    assert.deepEqual(
      snapshots.map((row) => [row.Scored_On__c, row.Score__c]),
      [[HAND_AS_OF, 96]],
    );
  });
});

test('Bulk row failure names the account', async () => {
  await withOrg(true, async (org) => {
    const contoso = await accountId(org, 'Contoso Pharmaceuticals');
    org.server.faults.configure({
      rowFailures: [
        {
          sobject: 'Account',
          recordIds: [contoso],
          statusCode: 'UNABLE_TO_LOCK_ROW',
          message: 'unable to obtain exclusive access to this record',
          fields: [],
        },
      ],
    });
    const { report } = await runQuietly(org, { bulkThreshold: 0, bulkPollIntervalMs: 5 });
    assert.equal(exitCodeFor(report), 3);
    assert.equal(report.written.errors.length, 1);
    assert.equal(report.written.errors[0].id, contoso);
    assert.equal(report.written.errors[0].errorCode, 'UNABLE_TO_LOCK_ROW');
    assert.equal(report.written.accounts, 7);
    assert.equal(report.written.snapshots, 6);
    assert.ok(
      formatSummary(report).includes(
        `  Account Contoso Pharmaceuticals (${contoso}): UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record\n`,
      ),
      formatSummary(report),
    );
  });
});

/**
 * Starts a local org from a copy of the project whose custom metadata record `file` has `from`
 * replaced by `to`, seeded with the hand-scored plan.
 */
async function withEditedMetadata(
  file: string,
  from: string,
  to: string,
  body: (org: TestOrg) => Promise<void>,
): Promise<void> {
  const projectDir = mkdtempSync(path.join(tmpdir(), 'health-project-'));
  try {
    cpSync(path.join(PROJECT_DIR, 'sfdx-project.json'), path.join(projectDir, 'sfdx-project.json'));
    cpSync(path.join(PROJECT_DIR, 'force-app'), path.join(projectDir, 'force-app'), {
      recursive: true,
    });
    const record = path.join(projectDir, 'force-app', 'main', 'default', 'customMetadata', file);
    const text = readFileSync(record, 'utf8');
    assert.ok(text.includes(from), `${file} contains ${from}`);
    writeFileSync(record, text.replace(from, to));
    const org = await startTestOrg(undefined, projectDir);
    try {
      await seedHandScored(org);
      await body(org);
    } finally {
      await org.close();
      removeDir(org.dir);
    }
  } finally {
    removeDir(projectDir);
  }
}

test('model comes from custom metadata', async () => {
  await withOrg(false, async (org) => {
    const { report } = await runQuietly(org, { dryRun: true });
    assert.equal(report.modelSource, 'custom metadata');
    // The shipped records equal the engine's defaults.
    assert.equal(report.modelVersion, modelVersionLabel(DEFAULT_MODEL));
  });
});

test('tuned weights change the model version', async () => {
  const from = '<value xsi:type="xsd:double">65.0</value>';
  await withEditedMetadata(
    'Health_Segment_Weight.SMB.md-meta.xml',
    from,
    '<value xsi:type="xsd:double">35.0</value>',
    async (org) => {
      const { report } = await runQuietly(org, { dryRun: true });
      assert.equal(report.modelSource, 'custom metadata');
      assert.notEqual(report.modelVersion, modelVersionLabel(DEFAULT_MODEL));
      // Fabrikam (SMB) at 35/35: raw = (80.5 + 74.4118) / 2 = 77.46.
      assert.equal(
        report.accounts.find((account) => account.name === 'Fabrikam Residences')?.score,
        77,
      );
    },
  );
});

test('invalid custom metadata falls back to defaults', async () => {
  const from = '<value xsi:type="xsd:double">75.0</value>';
  await withEditedMetadata(
    'Health_Band.Green.md-meta.xml',
    from,
    '<value xsi:type="xsd:double">10.0</value>',
    async (org) => {
      const { report, log } = await runQuietly(org, { dryRun: true });
      assert.equal(report.modelSource, 'defaults');
      assert.equal(report.modelVersion, modelVersionLabel(DEFAULT_MODEL));
      assert.ok(
        log.lines.some((line) => line.startsWith("warning: Using the engine's default model")),
        log.lines.join('\n'),
      );
      assert.equal(report.notes.length, 1);
      assert.equal(
        report.accounts.find((account) => account.name === 'Northwind Traders')?.band,
        'Green',
      );
    },
  );
});

test('failed read marks the run Failed', async () => {
  await withOrg(true, async (org) => {
    const transport = (
      org.job as unknown as {
        _transport: {
          httpRequest: (request: { method: string; url: string }, options?: unknown) => unknown;
        };
      }
    )._transport;
    const original = transport.httpRequest.bind(transport);
    let injected = false;
    transport.httpRequest = (request, options) => {
      if (
        !injected &&
        request.method === 'GET' &&
        decodeURIComponent(request.url).includes('FROM Opportunity')
      ) {
        injected = true;
        org.server.faults.configure({ failNext: { status: 401, count: 1 } });
      }
      return original(request, options);
    };
    const { report } = await runQuietly(org);
    assert.equal(injected, true);
    assert.equal(report.status, 'Failed');
    assert.equal(exitCodeFor(report), 1);
    assert.equal(report.error?.errorCode, 'INVALID_SESSION_ID');
    const runs = await query(
      org.admin,
      'SELECT Status__c, Errors__c, Error_Summary__c FROM Health_Score_Run__c',
    );
    assert.equal(runs[0].Status__c, 'Failed');
    assert.match(String(runs[0].Error_Summary__c), /INVALID_SESSION_ID/);
  });
});

test('run failed before the model names no model', async () => {
  await withOrg(false, async (org) => {
    const conn = new Connection({
      instanceUrl: org.server.url,
      accessToken: 'not-a-token-of-this-org',
      version: org.server.apiVersion,
    });
    const report = await runJob(conn, { asOf: HAND_AS_OF, log: createMemoryLogger() });
    assert.equal(report.status, 'Failed');
    assert.equal(report.error?.errorCode, 'INVALID_SESSION_ID');
    assert.equal(report.modelSource, null);
    assert.equal(report.modelVersion, null);
    const [firstLine] = formatSummary(report).split('\n');
    assert.equal(firstLine, `Health scores as of ${HAND_AS_OF} (model not read)`);
  });
});
