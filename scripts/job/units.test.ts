// Unit tests of the job's pure parts: rounding and change detection, flags, the stored drivers
// JSON, Bulk API error parsing, option parsing and alert planning.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_MODEL,
  scoreAccount,
  type ScoreResult,
} from '../../force-app/main/default/lwc/healthModel/healthModel.ts';
import { ApiError } from './api.ts';
import { parseBulkError, parseCsvValue } from './bulk.ts';
import {
  accountOutputs,
  changedOutputFields,
  decideSnapshot,
  flagsValue,
  roundToScale,
  snapshotKey,
  snapshotValues,
  to18,
} from './compare.ts';
import { driversJson, driverText, topDrivers } from './drivers.ts';
import { connectionError, type ConnectTarget } from './connection.ts';
import { DRIVERS_MAX_LENGTH } from './fields.ts';
import { createLogger, createMemoryLogger } from './log.ts';
import { modelFromRecords } from './model.ts';
import { formatUsageError, isCalendarDate, parseCli, USAGE_HINT, UsageError } from './options.ts';
import { truncateText } from './run-record.ts';
import { planAlertTasks, type AlertAccount } from './tasks.ts';

const AS_OF = '2025-06-30';

function scoreMaskedRisk(): ScoreResult {
  return scoreAccount({
    account: {
      Id: '001000000000001AAA',
      Customer_Segment__c: 'Mid-Market',
      Champion_Status__c: 'Unchanged',
      Champion_Reviewed_On__c: '2025-06-15',
      Active_User_Ratio__c: 80,
      Seats_Purchased__c: 50,
      Seats_Active__c: 50,
      Support_Tickets_90d__c: 0,
      NPS__c: 60,
      Billing_Status__c: 'Current',
      Login_Days_30d__c: 22,
    },
    opportunity: {
      Id: '006000000000001AAA',
      CloseDate: '2024-11-15',
      Discount_Depth__c: 35,
      ICP_Fit_Rating__c: 2,
      Competitive_Displacement__c: false,
    },
    useCases: [
      {
        Id: 'a01000000000001AAA',
        Name: 'Reporting',
        Status__c: 'Active',
        Reviewed_On__c: '2025-02-01',
      },
      {
        Id: 'a01000000000002AAA',
        Name: 'Planning',
        Status__c: 'Active',
        Reviewed_On__c: '2025-02-01',
      },
    ],
    promises: [],
    asOf: AS_OF,
  });
}

test('roundToScale rounds half away from zero', () => {
  assert.equal(roundToScale(74.5, 0), 75);
  assert.equal(roundToScale(74.4999999999, 0), 75);
  assert.equal(roundToScale(74.49, 0), 74);
  assert.equal(roundToScale(1.005, 2), 1.01);
  assert.equal(roundToScale(68.254, 2), 68.25);
  assert.equal(roundToScale(-2.5, 0), -3);
  assert.equal(roundToScale(0, 2), 0);
});

test('to18 adds the case-safety suffix', () => {
  assert.equal(to18('001000000000001'), '001000000000001AAA');
  assert.equal(to18('001A00000000001'), '001A00000000001IAA');
  assert.equal(to18('001000000000001AAA'), '001000000000001AAA');
});

test('flagsValue orders flags canonically', () => {
  assert.equal(
    flagsValue(['LOW_ICP_FIT', 'MASKED_RISK', 'DISCOUNT_SIGNIFICANT']),
    'MASKED_RISK;DISCOUNT_SIGNIFICANT;LOW_ICP_FIT',
  );
  assert.equal(flagsValue([]), null);
});

test('changedOutputFields ignores decimals beyond scale', () => {
  const result = scoreMaskedRisk();
  const outputs = accountOutputs(result, '006000000000001AAA', '{}');
  const stored = {
    ...outputs,
    Product_Signal_Score__c: 97.0000001,
    Deal_Context_Score__c: 68.2500004,
    Health_Flags__c: 'LOW_ICP_FIT;MASKED_RISK;DISCOUNT_SIGNIFICANT',
    Deal_Context_Opportunity__c: '006000000000001',
  };
  assert.deepEqual(changedOutputFields(stored, outputs), []);
});

test('changedOutputFields names each changed field', () => {
  const result = scoreMaskedRisk();
  const outputs = accountOutputs(result, null, '{}');
  const stored = {
    ...outputs,
    Health_Score__c: 80,
    Health_Flags__c: 'MASKED_RISK',
    Health_Drivers__c: null,
  };
  assert.deepEqual(changedOutputFields(stored, outputs).sort(), [
    'Health_Drivers__c',
    'Health_Flags__c',
    'Health_Score__c',
  ]);
});

test('accountOutputs rounds layer scores to 2 places', () => {
  const outputs = accountOutputs(
    { ...scoreMaskedRisk(), productSignalScore: 80.123456, dealContextScore: 74.41176 },
    null,
    '{}',
  );
  assert.equal(outputs.Product_Signal_Score__c, 80.12);
  assert.equal(outputs.Deal_Context_Score__c, 74.41);
  assert.equal(outputs.Health_Score__c, 74);
  assert.equal(outputs.Health_Risk_Count__c, 2);
  assert.equal(outputs.Health_Flags__c, 'MASKED_RISK;DISCOUNT_SIGNIFICANT;LOW_ICP_FIT');
});

test('decideSnapshot covers first, changed, unchanged and unscored', () => {
  const values = snapshotValues(accountOutputs(scoreMaskedRisk(), null, '{}'));
  const latest = {
    Id: 'a00',
    Account__c: '001',
    Scored_On__c: '2025-06-01',
    Snapshot_Key__c: null,
    ...values,
    Flags__c: 'LOW_ICP_FIT;DISCOUNT_SIGNIFICANT;MASKED_RISK',
  };
  assert.equal(decideSnapshot(values, undefined), 'first');
  assert.equal(decideSnapshot(values, latest), 'unchanged');
  assert.equal(decideSnapshot(values, { ...latest, Product_Signal_Score__c: 96.99 }), 'changed');
  assert.equal(decideSnapshot({ ...values, Score__c: null }, undefined), 'unscored');
});

test('snapshotKey uses the 18-character Id', () => {
  assert.equal(snapshotKey('001000000000001', AS_OF), '001000000000001AAA:2025-06-30');
});

test('driverText states the points lost', () => {
  const result = scoreMaskedRisk();
  const discount = result.drivers.find((driver) => driver.signal === 'discount');
  assert.ok(discount);
  assert.equal(driverText(discount), 'Discount 35% below list is significant: -6 points');
  const top = topDrivers(result);
  assert.equal(top.length, 3);
  assert.equal(top[0].reason, 'MASKED_RISK_CAP');
  assert.equal(top[0].pointsLost, 10.06);
});

test('driversJson leaves out days since close', () => {
  const result = scoreMaskedRisk();
  const { json, trimmed } = driversJson(result);
  assert.equal(trimmed, false);
  assert.ok(!json.includes('daysSinceClose'));
  const parsed = JSON.parse(json);
  assert.equal(parsed.signals.length, 12);
  assert.equal(parsed.modelVersion, result.modelVersion);
});

test('driversJson trims oversized JSON', () => {
  const result = scoreMaskedRisk();
  const long = 'x'.repeat(5000);
  const bloated: ScoreResult = {
    ...result,
    signals: result.signals.map((signal) => ({ ...signal, values: { note: long } })),
    drivers: result.drivers.map((driver) => ({ ...driver, values: { note: long } })),
  };
  const { json, trimmed } = driversJson(bloated);
  assert.equal(trimmed, true);
  assert.ok(json.length <= DRIVERS_MAX_LENGTH);
  assert.equal(JSON.parse(json).trimmed, true);
});

test('parseBulkError reads code, message and fields', () => {
  assert.deepEqual(parseBulkError('STRING_TOO_LONG:Name: data value too large:Name --'), {
    errorCode: 'STRING_TOO_LONG',
    message: 'Name: data value too large',
    fields: ['Name'],
  });
  assert.deepEqual(parseBulkError('UNABLE_TO_LOCK_ROW:unable to obtain exclusive access:--'), {
    errorCode: 'UNABLE_TO_LOCK_ROW',
    message: 'unable to obtain exclusive access',
    fields: [],
  });
  assert.deepEqual(parseBulkError('INVALID_FIELD:bad:A__c,B__c --').fields, ['A__c', 'B__c']);
});

test('parseCsvValue types CSV cells', () => {
  assert.equal(parseCsvValue('', 'number'), null);
  assert.equal(parseCsvValue('12.5', 'number'), 12.5);
  assert.equal(parseCsvValue('true', 'boolean'), true);
  assert.equal(parseCsvValue('2025-06-30', 'date'), '2025-06-30');
});

test('isCalendarDate rejects impossible dates', () => {
  assert.equal(isCalendarDate('2025-06-30'), true);
  assert.equal(isCalendarDate('2024-02-29'), true);
  assert.equal(isCalendarDate('2025-02-29'), false);
  assert.equal(isCalendarDate('2025-13-01'), false);
  assert.equal(isCalendarDate('2025-6-30'), false);
});

test('parseCli reads every option', () => {
  const options = parseCli(
    [
      '--local',
      '--reset',
      '--data',
      'package.json',
      '--demo',
      '--as-of',
      '2025-06-30',
      '--dry-run',
      '--json',
      '--verbose',
      '--bulk-threshold',
      '10',
    ],
    {},
    '2026-01-01',
  );
  assert.deepEqual(options.target, { kind: 'local', explicit: true });
  assert.equal(options.data, 'package.json');
  assert.equal(options.reset, true);
  assert.equal(options.demo, true);
  assert.equal(options.asOf, '2025-06-30');
  assert.equal(options.dryRun, true);
  assert.equal(options.json, true);
  assert.equal(options.verbose, true);
  assert.equal(options.bulkThreshold, 10);
});

test('parseCli defaults to the local org today', () => {
  const options = parseCli([], {}, '2026-01-01');
  assert.deepEqual(options.target, { kind: 'local', explicit: false });
  assert.equal(options.asOf, '2026-01-01');
});

test('parseCli reads the token from the environment', () => {
  const options = parseCli(
    ['--instance-url', 'https://example.my.salesforce.com/'],
    { SF_ACCESS_TOKEN: '00Dxx!token' },
    '2026-01-01',
  );
  assert.deepEqual(options.target, {
    kind: 'instance-url',
    url: 'https://example.my.salesforce.com',
    accessToken: '00Dxx!token',
  });
});

test('parseCli rejects invalid usage', () => {
  const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
    [['--as-of', '2025-02-30'], {}, /Invalid --as-of "2025-02-30"/],
    [['--as-of', 'yesterday'], {}, /Invalid --as-of "yesterday"/],
    [['--target-org', 'prod', '--reset'], {}, /--reset works with the local org only/],
    [['--local', '--target-org', 'prod'], {}, /cannot be combined/],
    [['--instance-url', 'https://example.my.salesforce.com'], {}, /SF_ACCESS_TOKEN/],
    [['--instance-url', 'http://example.com'], { SF_ACCESS_TOKEN: 'token-123456' }, /use https/],
    [['--bulk-threshold', 'many'], {}, /Invalid --bulk-threshold "many"/],
    [['--data', 'no-such-plan.json'], {}, /no-such-plan.json: file not found/],
    [['--colour'], {}, /Unknown option '--colour'/],
    [['extra'], {}, /positional/],
  ];
  for (const [argv, env, message] of cases) {
    assert.throws(
      () => parseCli(argv, env, '2026-01-01'),
      (error: unknown) => {
        assert.ok(error instanceof UsageError, `${argv.join(' ')}: ${String(error)}`);
        assert.match(error.message, message);
        return true;
      },
    );
  }
});

test('modelFromRecords maps layers and weights', () => {
  const { candidate, problems } = modelFromRecords({
    segments: [
      {
        DeveloperName: 'SMB',
        Segment__c: 'SMB',
        Product_Weight__c: 65,
        Deal_Context_Weight__c: 35,
      },
    ],
    bands: [
      {
        DeveloperName: 'Green',
        Band__c: 'Green',
        Minimum_Score__c: 75,
        Default_Action__c: 'Keep going.',
      },
    ],
    signals: [
      { DeveloperName: 'Usage', Signal__c: 'usage', Layer__c: 'Product', Weight__c: 25 },
      { DeveloperName: 'Icp', Signal__c: 'icp', Layer__c: 'Deal Context', Weight__c: 25 },
      { DeveloperName: 'Bad', Signal__c: 'nps', Layer__c: 'Survey', Weight__c: 15 },
    ],
  });
  const model = candidate as {
    segments: Record<string, unknown>;
    signals: Record<string, unknown>;
  };
  assert.deepEqual(model.segments.SMB, { product: 65, dealContext: 35 });
  assert.deepEqual(model.signals.icp, { layer: 'dealContext', weight: 25 });
  assert.equal(problems.length, 1);
  assert.match(problems[0], /Layer__c "Survey"/);
});

test('truncateText keeps the field length', () => {
  const text = 'e'.repeat(500);
  const cut = truncateText(text, 100);
  assert.equal(cut.length, 100);
  assert.match(cut, /more characters not shown$/);
  assert.equal(truncateText('short', 100), 'short');
});

function alertAccount(overrides: Partial<AlertAccount>): AlertAccount {
  return {
    accountId: '001000000000001AAA',
    accountName: 'Acme',
    accountOwnerId: '005000000000001AAA',
    csmId: '005000000000002AAA',
    aeId: '005000000000003AAA',
    previousBand: 'Yellow',
    band: 'Yellow',
    score: 60,
    reviewDueOn: null,
    drivers: [],
    ...overrides,
  };
}

test('planAlertTasks follows band changes', () => {
  const red = planAlertTasks([alertAccount({ band: 'Red', score: 40 })], AS_OF, DEFAULT_MODEL);
  assert.equal(red.length, 1);
  assert.equal(red[0].key, '001000000000001AAA:RED:2025-06-30');
  assert.equal(red[0].ownerId, '005000000000003AAA');
  assert.equal(red[0].activityDate, '2025-07-07');

  const stillRed = planAlertTasks(
    [alertAccount({ previousBand: 'Critical', band: 'Red' })],
    AS_OF,
    DEFAULT_MODEL,
  );
  assert.equal(stillRed.length, 0);

  const critical = planAlertTasks(
    [alertAccount({ band: 'Critical', score: 10 })],
    AS_OF,
    DEFAULT_MODEL,
  );
  assert.deepEqual(
    critical.map((task) => [task.kind, task.ownerId]),
    [
      ['CRITICAL_AE', '005000000000003AAA'],
      ['CRITICAL_CSM', '005000000000002AAA'],
    ],
  );
  assert.match(critical[0].subject, /^Joint account plan required/);

  const review = planAlertTasks(
    [alertAccount({ reviewDueOn: '2025-06-30' })],
    AS_OF,
    DEFAULT_MODEL,
  );
  assert.equal(review.length, 1);
  assert.equal(review[0].key, '001000000000001AAA:REVIEW:2025-06-30');
  assert.equal(review[0].ownerId, '005000000000002AAA');

  const notYet = planAlertTasks(
    [alertAccount({ reviewDueOn: '2025-07-01' })],
    AS_OF,
    DEFAULT_MODEL,
  );
  assert.equal(notYet.length, 0);

  const noAe = planAlertTasks(
    [alertAccount({ band: 'Red', aeId: null, csmId: null })],
    AS_OF,
    DEFAULT_MODEL,
  );
  assert.equal(noAe[0].ownerId, '005000000000001AAA');
});

test('memory logger masks secrets', () => {
  const log = createMemoryLogger(true);
  log.addSecret('super-secret-token');
  log.info('token is super-secret-token');
  log.debug('debug line');
  assert.deepEqual(log.lines, ['token is [redacted]', 'debug: debug line']);
});

test('progress shows on a terminal only', () => {
  const written: string[] = [];
  const terminal = createLogger({
    sink: { isTTY: true, write: (text: string) => written.push(text) },
  });
  terminal.progress('Writing accounts', 200, 1000);
  terminal.info('done');
  assert.deepEqual(written, ['\r\x1b[KWriting accounts 200/1000', '\r\x1b[K', 'done\n']);

  const piped: string[] = [];
  const pipe = createLogger({ sink: { write: (text: string) => piped.push(text) } });
  pipe.progress('Writing accounts', 200, 1000);
  assert.deepEqual(piped, []);
});

/** Scores an account whose healthy signals score below 100, with counts of 1 where a noun has one. */
function scoreBelowHundred(): ScoreResult {
  return scoreAccount({
    account: {
      Id: '001000000000002AAA',
      Customer_Segment__c: 'Mid-Market',
      Champion_Status__c: 'Unchanged',
      Champion_Reviewed_On__c: '2025-06-15',
      Active_User_Ratio__c: 60,
      Seats_Purchased__c: 10,
      Seats_Active__c: 10,
      Support_Tickets_90d__c: 1,
      NPS__c: 40,
      Billing_Status__c: 'Current',
      Login_Days_30d__c: 19,
    },
    opportunity: {
      Id: '006000000000002AAA',
      // 400 days before AS_OF: a displacement whose score is recovering.
      CloseDate: '2024-05-26',
      Discount_Depth__c: 5,
      ICP_Fit_Rating__c: 4,
      Competitive_Displacement__c: true,
    },
    useCases: [
      { Id: 'a01000000000011AAA', Name: 'SSO', Status__c: 'Active', Reviewed_On__c: '2025-02-01' },
      { Id: 'a01000000000012AAA', Name: 'API', Status__c: 'Active', Reviewed_On__c: '2025-02-01' },
      {
        Id: 'a01000000000013AAA',
        Name: 'Reports',
        Status__c: 'Not Active',
        Reviewed_On__c: '2025-02-01',
      },
    ],
    promises: [{ Id: 'a02000000000011AAA', Status__c: 'Open', Due_On__c: '2025-12-31' }],
    asOf: AS_OF,
  });
}

test('driverText states value and score of healthy signals', () => {
  const result = scoreBelowHundred();
  const text = (signal: string): string => {
    const driver = result.drivers.find((candidate) => candidate.signal === signal);
    assert.ok(driver, signal);
    return driverText(driver);
  };
  assert.match(
    text('support'),
    /^1 support ticket in 90 days, 1 per 10 seats \(score 80 of 100\): /,
  );
  assert.match(text('nps'), /^NPS 40 \(score 70 of 100\): /);
  assert.match(text('icp'), /^ICP fit rating 4 of 5 \(score 75 of 100\): /);
  assert.match(text('promises'), /^1 deal promise is open \(score 75 of 100\): /);
  assert.match(text('useCases'), /^2 of 3 reviewed use cases are live \(score 67 of 100\): /);
  assert.match(
    text('displacement'),
    /^The deal displaced a vendor 400 days ago \(score 52 of 100\): /,
  );
  assert.equal(text('logins'), 'Logins on only 19 days of the last 30: less than 1 point lost');
  for (const driver of result.drivers.filter((candidate) => candidate.pointsLost > 0)) {
    const line = driverText(driver);
    assert.doesNotMatch(line, /positive|healthy|\bhigh\b|fading/, line);
    assert.doesNotMatch(line, /\b1 points\b|-0 points|\b1 [a-z ]*tickets\b/, line);
  }
});

test('driverText rounds points the same way everywhere', () => {
  const result = scoreBelowHundred();
  for (const driver of result.drivers.filter((candidate) => candidate.pointsLost >= 0.005)) {
    const line = driverText(driver);
    const points = Math.round(driver.pointsLost + 1e-9);
    const expected =
      driver.pointsLost < 0.5
        ? ': less than 1 point lost'
        : `: -${points} ${points === 1 ? 'point' : 'points'}`;
    assert.ok(line.endsWith(expected), `${line} for ${driver.pointsLost}`);
  }
  // The report's JSON carries the same text as the summary prints.
  for (const driver of topDrivers(result)) {
    const source = result.drivers.find((candidate) => candidate.signal === driver.signal);
    assert.ok(source);
    assert.equal(driver.text, driverText(source));
  }
});

test('parseCli reports option misuse plainly', () => {
  const cases: [string[], NodeJS.ProcessEnv, string][] = [
    [
      ['--instance-url', 'https://example.my.salesforce.com', '--reset'],
      {},
      '--reset works with the local org only: with --instance-url it would delete every record of a real org.',
    ],
    [
      ['--bulk-threshold', '-3'],
      {},
      'Invalid --bulk-threshold -3: use a whole number of 0 or more.',
    ],
    [['--bulk-threshold=-3'], {}, 'Invalid --bulk-threshold -3: use a whole number of 0 or more.'],
    [
      ['--bulk-threshold', '2.5'],
      {},
      'Invalid --bulk-threshold 2.5: use a whole number of 0 or more.',
    ],
    [['--data'], {}, '--data needs a value, such as --data data/hand-scored/plan.json.'],
    [
      ['--as-of', '-1'],
      {},
      '--as-of needs a value, but -1 looks like an option; to pass a value that starts with a dash, write --as-of=-1.',
    ],
    [['--dry-run=yes'], {}, '--dry-run takes no value.'],
  ];
  for (const [argv, env, message] of cases) {
    assert.throws(
      () => parseCli(argv, env, '2026-01-01'),
      (error: unknown) => {
        assert.ok(error instanceof UsageError, `${argv.join(' ')}: ${String(error)}`);
        assert.equal(error.message, message);
        return true;
      },
    );
  }
});

test('formatUsageError ends with the hint', () => {
  const hint = ` ${USAGE_HINT}\n`;
  assert.equal(
    formatUsageError(new UsageError("Unknown option '--colour'")),
    `error: Unknown option '--colour'.${hint}`,
  );
  assert.equal(formatUsageError(new UsageError('Done.')), `error: Done.${hint}`);
  assert.ok(USAGE_HINT.endsWith('.'));
});

test('connectionError names the cause and the next step', () => {
  const fetchFailed = (code: string, message: string): Error =>
    Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error(message), { code }),
    });
  const url = { kind: 'instance-url', url: 'https://acme.my.salesforce.com' } as const;
  const alias = {
    kind: 'target-org',
    alias: 'acme',
    instanceUrl: 'https://acme.my.salesforce.com',
  } as const;
  const cases: [unknown, ConnectTarget, string, string][] = [
    [
      fetchFailed('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:443'),
      url,
      'ECONNREFUSED',
      'Could not connect to https://acme.my.salesforce.com: connection refused (ECONNREFUSED). Check --instance-url and that the org is reachable.',
    ],
    [
      fetchFailed('ENOTFOUND', 'getaddrinfo ENOTFOUND acme.my.salesforce.com'),
      url,
      'ENOTFOUND',
      'Could not connect to https://acme.my.salesforce.com: host name not found (ENOTFOUND). Check --instance-url and that the org is reachable.',
    ],
    [
      fetchFailed('ETIMEDOUT', 'connect ETIMEDOUT'),
      alias,
      'ETIMEDOUT',
      'Could not connect to acme (https://acme.my.salesforce.com): the connection timed out (ETIMEDOUT). Check that the org is reachable; sf org display --target-org acme shows its URL.',
    ],
    [
      fetchFailed('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
      url,
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      "Could not connect to https://acme.my.salesforce.com: the server's TLS certificate was not accepted (DEPTH_ZERO_SELF_SIGNED_CERT). Check that the URL is the org's own, such as https://MyDomain.my.salesforce.com; behind a proxy that re-signs TLS traffic, set NODE_EXTRA_CA_CERTS to the file of its CA certificate.",
    ],
    [
      Object.assign(new Error('No authorization information found for nosuchalias.'), {
        name: 'NamedOrgNotFoundError',
      }),
      { kind: 'target-org', alias: 'nosuchalias' },
      'NO_SF_LOGIN',
      'No sf CLI login found for nosuchalias. Log in with sf org login web --alias nosuchalias, or list your logins with sf org list.',
    ],
    [
      new ApiError('Session expired or invalid', { status: 401, errorCode: 'INVALID_SESSION_ID' }),
      alias,
      'INVALID_SESSION_ID',
      'The org acme (https://acme.my.salesforce.com) rejected the session of its sf CLI login (INVALID_SESSION_ID: Session expired or invalid). Log in again with sf org login web --alias acme.',
    ],
  ];
  for (const [error, target, errorCode, message] of cases) {
    const mapped = connectionError(error, target);
    assert.equal(mapped.errorCode, errorCode);
    assert.equal(mapped.message, message);
  }
});
