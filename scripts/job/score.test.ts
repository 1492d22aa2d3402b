// The scoring job's command line, run as a child process (`node scripts/job/score.ts ...`) with
// LOCAL_ORG_DIR set to a temporary folder of its own.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import {
  HAND_AS_OF,
  HAND_PLAN,
  HAND_SCORED,
  removeDir,
  runCli,
  seedHandScored,
  startTestOrg,
} from './testing.ts';

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'health-cli-'));
}

const HAND_ARGS = ['--local', '--reset', '--data', HAND_PLAN, '--as-of', HAND_AS_OF];

test('CLI scores the hand-scored plan', async () => {
  const dir = tempDir();
  try {
    const first = await runCli([...HAND_ARGS, '--json'], dir);
    assert.equal(first.code, 0, first.stderr);
    const report = JSON.parse(first.stdout);
    assert.equal(report.status, 'Succeeded');
    assert.equal(report.asOf, HAND_AS_OF);
    assert.match(report.runId, /^[a-zA-Z0-9]{18}$/);
    for (const expected of HAND_SCORED) {
      const account = report.accounts.find(
        (entry: { name: string }) => entry.name === expected.name,
      );
      assert.ok(account, expected.name);
      assert.equal(account.score, expected.score, `${expected.name} score`);
      assert.equal(account.band, expected.band, `${expected.name} band`);
      assert.deepEqual(account.flags, expected.flags, `${expected.name} flags`);
    }
    assert.deepEqual(
      {
        accounts: report.written.accounts,
        snapshots: report.written.snapshots,
        tasks: report.written.tasks,
      },
      { accounts: 8, snapshots: 7, tasks: 3 },
    );
    assert.equal(report.warnings.length, 2);
    assert.ok(
      report.warnings.every((warning: { code: string }) => warning.code === 'INVALID_INPUT'),
    );
    assert.equal(report.seed[0].created, 37);

    // The same inputs again, without reseeding: nothing to write, one more run record.
    const second = await runCli(['--local', '--as-of', HAND_AS_OF, '--json'], dir);
    assert.equal(second.code, 0, second.stderr);
    const again = JSON.parse(second.stdout);
    assert.deepEqual(
      {
        accounts: again.written.accounts,
        snapshots: again.written.snapshots,
        tasks: again.written.tasks,
      },
      { accounts: 0, snapshots: 0, tasks: 0 },
    );
    assert.notEqual(again.runId, report.runId);
  } finally {
    removeDir(dir);
  }
});

test('CLI prints a human summary', async () => {
  const dir = tempDir();
  try {
    const result = await runCli(HAND_ARGS, dir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Health scores as of 2025-06-30 \(model 1:[0-9a-f]{8} from /);
    assert.match(result.stdout, /Green 3, Yellow 2, Red 1, Critical 1/);
    assert.match(result.stdout, /Masked risk \(1\)/);
    assert.match(result.stdout, /Contoso Pharmaceuticals .*score 74, Yellow, 2 risk signals/);
    assert.match(result.stdout, /- Discount 35% below list is significant: -6 points/);
    assert.match(result.stdout, /Data warnings \(2\)/);
    assert.match(result.stdout, /Discount_Depth__c is 140, expected a number from 0 to 100/);
    assert.match(result.stdout, /Written: 8 accounts, 7 snapshots, 3 tasks/);
    assert.match(result.stdout, /API calls: \d+/);
  } finally {
    removeDir(dir);
  }
});

test('CLI rejects seed data a real org rejects', async () => {
  const dir = tempDir();
  const planDir = tempDir();
  try {
    // Each file goes in its own sObject Tree request, and a request is all or nothing, so the
    // rejected records are in files of their own.
    const files: Record<string, Record<string, unknown>> = {
      'Good.json': {
        attributes: { type: 'Account', referenceId: 'GoodRef' },
        Name: 'Good Account',
        Customer_Segment__c: 'SMB',
      },
      'BadSegment.json': {
        attributes: { type: 'Account', referenceId: 'BadSegmentRef' },
        Name: 'Bad Segment',
        Customer_Segment__c: 'Startup',
      },
      'LongName.json': {
        attributes: { type: 'Account', referenceId: 'LongNameRef' },
        Name: 'N'.repeat(300),
      },
    };
    for (const [file, record] of Object.entries(files)) {
      writeFileSync(path.join(planDir, file), JSON.stringify({ records: [record] }));
    }
    const plan = path.join(planDir, 'plan.json');
    writeFileSync(
      plan,
      JSON.stringify([
        { sobject: 'Account', saveRefs: true, resolveRefs: false, files: Object.keys(files) },
      ]),
    );

    const result = await runCli(
      ['--local', '--reset', '--data', plan, '--as-of', HAND_AS_OF, '--json'],
      dir,
    );
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stderr,
      /Account BadSegmentRef: INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST on Customer_Segment__c/,
    );
    assert.match(result.stderr, /Account LongNameRef: STRING_TOO_LONG on Name/);
    const output = JSON.parse(result.stdout);
    assert.equal(output.status, 'Failed');
    assert.deepEqual(
      output.seed.errors
        .map((error: { referenceId: string; errorCode: string }) => [
          error.referenceId,
          error.errorCode,
        ])
        .sort(),
      [
        ['BadSegmentRef', 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'],
        ['LongNameRef', 'STRING_TOO_LONG'],
      ],
    );
    // Scoring never started: no run record. The accepted record stays.
    const after = await runCli(['--local', '--as-of', HAND_AS_OF, '--dry-run', '--json'], dir);
    assert.equal(after.code, 0, after.stderr);
    const names = JSON.parse(after.stdout).accounts.map(
      (account: { name: string }) => account.name,
    );
    assert.deepEqual(names, ['Good Account']);
  } finally {
    removeDir(dir);
    removeDir(planDir);
  }
});

test('CLI dry run writes nothing', async () => {
  const dir = tempDir();
  try {
    const dry = await runCli([...HAND_ARGS, '--dry-run', '--json'], dir);
    assert.equal(dry.code, 0, dry.stderr);
    const report = JSON.parse(dry.stdout);
    assert.equal(report.dryRun, true);
    assert.equal(report.runId, null);
    assert.deepEqual(report.pending, { accounts: 8, snapshots: 7, tasks: 3 });
    assert.equal(report.written.accounts, 0);
    // A second dry run finds the same changes: the first wrote nothing.
    const again = JSON.parse(
      (await runCli(['--local', '--as-of', HAND_AS_OF, '--dry-run', '--json'], dir)).stdout,
    );
    assert.deepEqual(again.pending, { accounts: 8, snapshots: 7, tasks: 3 });
  } finally {
    removeDir(dir);
  }
});

test('CLI usage errors exit 2', async () => {
  const dir = tempDir();
  try {
    const cases: [string[], RegExp][] = [
      [['--as-of', '2025-02-30'], /Invalid --as-of "2025-02-30"/],
      [['--as-of', '30/06/2025'], /Invalid --as-of "30\/06\/2025"/],
      [['--target-org', 'prod', '--reset'], /--reset works with the local org only/],
      [['--local', '--instance-url', 'https://example.my.salesforce.com'], /cannot be combined/],
      [['--instance-url', 'https://example.my.salesforce.com'], /SF_ACCESS_TOKEN/],
      [['--frobnicate'], /Unknown option '--frobnicate'/],
      [['--data', path.join(dir, 'missing.json')], /missing.json: file not found/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, dir, { SF_ACCESS_TOKEN: '' });
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
    }
  } finally {
    removeDir(dir);
  }
});

test('CLI help lists every option', async () => {
  const dir = tempDir();
  try {
    const result = await runCli(['--help'], dir);
    assert.equal(result.code, 0);
    for (const option of [
      '--local',
      '--target-org',
      '--instance-url',
      '--data',
      '--reset',
      '--demo',
      '--as-of',
      '--dry-run',
      '--json',
      '--verbose',
      '--bulk-threshold',
      'SF_ACCESS_TOKEN',
      'Exit codes',
    ]) {
      assert.ok(result.stdout.includes(option), option);
    }
  } finally {
    removeDir(dir);
  }
});

test('CLI without an org uses the local org', async () => {
  const dir = tempDir();
  try {
    const result = await runCli(['--as-of', HAND_AS_OF, '--dry-run', '--json'], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /No --target-org or --instance-url given: using the local org/);
    assert.equal(JSON.parse(result.stdout).accounts.length, 0);
  } finally {
    removeDir(dir);
  }
});

test('CLI seeds the demo data once', async () => {
  const dir = tempDir();
  try {
    const first = await runCli(['--local', '--demo', '--as-of', HAND_AS_OF, '--json'], dir);
    assert.equal(first.code, 0, first.stderr);
    const report = JSON.parse(first.stdout);
    assert.ok(report.accounts.length > 0);
    assert.equal(report.seed.length, 1);
    const second = await runCli(['--local', '--demo', '--as-of', HAND_AS_OF, '--json'], dir);
    assert.equal(second.code, 0, second.stderr);
    const again = JSON.parse(second.stdout);
    assert.equal(again.accounts.length, report.accounts.length);
    assert.equal(again.seed.length, 0);
    assert.equal(again.written.accounts, 0);
  } finally {
    removeDir(dir);
  }
});

test('CLI by instance URL never logs the token', async () => {
  const org = await startTestOrg();
  try {
    await seedHandScored(org);
    const token = org.server.users.job.accessToken;
    const result = await runCli(
      ['--instance-url', org.server.url, '--as-of', HAND_AS_OF, '--verbose', '--json'],
      org.dir,
      { SF_ACCESS_TOKEN: token },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).written.accounts, 8);
    assert.ok(result.stderr.includes('debug: '), 'verbose prints debug lines');
    assert.ok(!result.stderr.includes(token), 'stderr has no token');
    assert.ok(!result.stdout.includes(token), 'stdout has no token');
  } finally {
    await org.close();
    removeDir(org.dir);
  }
});

test('CLI reports an unknown target org', async () => {
  const dir = tempDir();
  try {
    // A throwaway HOME keeps @salesforce/core away from the user's own sf state.
    const env = {
      HOME: dir,
      SF_DISABLE_TELEMETRY: 'true',
      SF_AUTOUPDATE_DISABLE: 'true',
      SF_SKIP_NEW_VERSION_CHECK: 'true',
    };
    const result = await runCli(['--target-org', 'no-such-org', '--dry-run'], dir, env);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /Connecting to the org failed: .*no-such-org/);
    assert.equal(result.stdout, '');
  } finally {
    removeDir(dir);
  }
});

test('CLI fails on a rejected token', async () => {
  const org = await startTestOrg();
  try {
    const token = 'not-a-valid-token-for-this-org';
    const result = await runCli(
      ['--instance-url', org.server.url, '--as-of', HAND_AS_OF, '--json'],
      org.dir,
      { SF_ACCESS_TOKEN: token },
    );
    assert.equal(result.code, 1, result.stderr);
    assert.equal(JSON.parse(result.stdout).error.errorCode, 'INVALID_SESSION_ID');
    assert.ok(!result.stderr.includes(token), 'stderr has no token');
  } finally {
    await org.close();
    removeDir(org.dir);
  }
});
