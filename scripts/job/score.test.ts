// The scoring job's command line, run as a child process (`node scripts/job/score.ts ...`) with
// LOCAL_ORG_DIR set to a temporary folder of its own.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
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

/** Writes each file of `files` as JSON into `dir`, and the plan as plan.json; returns its path. */
function writePlan(dir: string, files: Record<string, unknown>, plan: unknown): string {
  for (const [file, content] of Object.entries(files)) {
    writeFileSync(path.join(dir, file), JSON.stringify(content));
  }
  const planPath = path.join(dir, 'plan.json');
  writeFileSync(planPath, JSON.stringify(plan));
  return planPath;
}

function accountRecords(prefix: string, count: number, extra: Record<string, unknown> = {}) {
  return {
    records: Array.from({ length: count }, (_, index) => ({
      attributes: { type: 'Account', referenceId: `${prefix}${index + 1}` },
      Name: `${prefix} account ${index + 1}`,
      ...(index === 1 ? extra : {}),
    })),
  };
}

async function accountNames(dir: string): Promise<string[]> {
  const result = await runCli(['--local', '--as-of', HAND_AS_OF, '--dry-run', '--json'], dir);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout)
    .accounts.map((account: { name: string }) => account.name)
    .sort();
}

test('CLI refuses a plan the org would reject', async () => {
  const dir = tempDir();
  const planDir = tempDir();
  try {
    // Existing data, which the refused --reset below must keep.
    const keptPlan = writePlan(planDir, { 'Kept.json': accountRecords('Kept', 1) }, [
      { sobject: 'Account', saveRefs: true, resolveRefs: false, files: ['Kept.json'] },
    ]);
    assert.equal((await runCli(['--local', '--data', keptPlan, '--dry-run'], dir)).code, 0);

    const plan = writePlan(
      planDir,
      {
        'Accounts.json': {
          records: [
            {
              attributes: { type: 'Account', referenceId: 'BadRef' },
              Name: 'Bad Segment',
              Customer_Segment__c: 'Huge',
            },
            { attributes: { type: 'Account', referenceId: 'LongRef' }, Name: 'N'.repeat(300) },
            { attributes: { type: 'Account', referenceId: 'GoodRef' }, Name: 'Good', NPS__c: 40 },
          ],
        },
        'Opportunities.json': {
          records: ['2025-06-30', '2025-07-31', '2025-13-45'].map((closeDate, index) => ({
            attributes: {
              type: 'Opportunity',
              referenceId: index === 2 ? 'OppRef' : `Opp${index}`,
            },
            Name: `Deal ${index + 1}`,
            AccountId: '@GoodRef',
            StageName: 'Prospecting',
            CloseDate: closeDate,
          })),
        },
      },
      [
        { sobject: 'Account', saveRefs: true, resolveRefs: false, files: ['Accounts.json'] },
        {
          sobject: 'Opportunity',
          saveRefs: true,
          resolveRefs: true,
          files: ['Opportunities.json'],
        },
      ],
    );

    const result = await runCli(
      ['--local', '--reset', '--data', plan, '--as-of', HAND_AS_OF, '--json'],
      dir,
    );
    assert.equal(result.code, 1, result.stderr);
    const lines = result.stderr.split('\n');
    const expected = [
      "error:   Account BadRef (Accounts.json, record 1): Customer_Segment__c 'Huge' is not a value of the restricted picklist; use one of SMB, Mid-Market, Enterprise.",
      "error:   Account LongRef (Accounts.json, record 2): Name is 300 characters long, more than the field's maximum of 255; shorten it.",
      "error:   Opportunity OppRef (Opportunities.json, record 3): CloseDate '2025-13-45' is not a valid date; use YYYY-MM-DD.",
      'error: Seeding refused: 3 problems in 3 records of ' +
        `${plan}; nothing was inserted and the org was not reset. Fix the files and run again.`,
    ];
    for (const line of expected) {
      assert.ok(lines.includes(line), `missing line ${line}\n${result.stderr}`);
    }
    assert.doesNotMatch(result.stderr, /Local org reset/);
    const output = JSON.parse(result.stdout);
    assert.equal(output.status, 'Failed');
    assert.equal(output.error.errorCode, 'SEED_REFUSED');
    assert.equal(output.seed.refused, true);
    assert.deepEqual(
      output.seed.errors.map((error: { referenceId: string; errorCode: string }) => [
        error.referenceId,
        error.errorCode,
      ]),
      [
        ['BadRef', 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'],
        ['LongRef', 'STRING_TOO_LONG'],
        ['OppRef', 'INVALID_TYPE_ON_FIELD_IN_RECORD'],
      ],
    );
    // Nothing inserted, nothing deleted: the org contains what it contained before.
    assert.deepEqual(await accountNames(dir), ['Kept account 1']);
  } finally {
    removeDir(dir);
    removeDir(planDir);
  }
});

test('CLI names records the org rolled back', async () => {
  const dir = tempDir();
  const planDir = tempDir();
  try {
    // A well-formed owner Id of no user passes the checks; only the org can reject it.
    const noSuchUser = { OwnerId: '005000000000999AAA' };
    const plan = writePlan(
      planDir,
      {
        'First.json': accountRecords('First', 2),
        'Second.json': accountRecords('Second', 3, noSuchUser),
        'Third.json': accountRecords('Third', 1),
      },
      [
        {
          sobject: 'Account',
          saveRefs: true,
          resolveRefs: false,
          files: ['First.json', 'Second.json', 'Third.json'],
        },
      ],
    );
    const result = await runCli(['--local', '--data', plan, '--as-of', HAND_AS_OF], dir);
    assert.equal(result.code, 1, result.stderr);
    const lines = result.stderr.split('\n');
    const rolledBack = (ref: string, record: number) =>
      `error:   Account ${ref} (Second.json, record ${record}): not inserted: the org rolls back the whole request of up to 200 records`;
    for (const line of [
      'error:   Account Second2 (Second.json, record 2): INVALID_CROSS_REFERENCE_KEY on OwnerId: invalid cross reference id',
      rolledBack('Second1', 1),
      rolledBack('Second3', 3),
      'error: Seeding stopped: the org rejected 1 record; 2 records of the same request were rolled back; ' +
        '1 later record was not sent; 2 records inserted earlier are in the org (delete them or use --reset before running again).',
    ]) {
      assert.ok(lines.includes(line), `missing line ${line}\n${result.stderr}`);
    }
    assert.doesNotMatch(result.stderr, /1 records/);
    assert.equal(result.stdout, '');
    assert.deepEqual(await accountNames(dir), ['First account 1', 'First account 2']);
  } finally {
    removeDir(dir);
    removeDir(planDir);
  }
});

test('CLI plan file problems', async () => {
  const dir = tempDir();
  const planDir = tempDir();
  try {
    mkdirSync(path.join(planDir, 'export'));
    writeFileSync(path.join(planDir, 'export', 'Account-plan.json'), '[]');
    writeFileSync(path.join(planDir, 'broken.json'), '[{ "sobject": "Account", }]');
    writeFileSync(
      path.join(planDir, 'missing-file.json'),
      JSON.stringify([{ sobject: 'Account', files: ['Acounts.json'] }]),
    );
    writeFileSync(path.join(planDir, 'no-sobject.json'), JSON.stringify([{ files: ['A.json'] }]));
    const cases: [string, number, RegExp][] = [
      [
        'nothing-here.json',
        2,
        /^error: --data \S+nothing-here\.json: file not found\. Check the path;/,
      ],
      [
        'export',
        2,
        /^error: --data \S+export is a folder; pass one of the plan files in it: \S+Account-plan\.json\./,
      ],
      [
        'broken.json',
        1,
        /^error: The plan file \S+broken\.json is not valid JSON: Expected double-quoted property name at line 1, column 26\./,
      ],
      [
        'missing-file.json',
        1,
        /^error: The plan file \S+missing-file\.json, entry 1 \(Account\), names Acounts\.json, but \S+ does not exist: data file names are relative to the plan's folder/,
      ],
      [
        'no-sobject.json',
        1,
        /^error: The plan file \S+no-sobject\.json, entry 1, has no sobject name: add "sobject"/,
      ],
    ];
    for (const [file, code, message] of cases) {
      const result = await runCli(['--local', '--data', path.join(planDir, file)], dir);
      assert.equal(result.code, code, `${file}: ${result.stderr}`);
      assert.match(result.stderr, message, file);
      assert.doesNotMatch(result.stderr, /ENOENT|\n\s+at /, `${file}: no raw error or stack trace`);
    }
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
      [
        ['--instance-url', 'https://example.my.salesforce.com', '--reset'],
        /^error: --reset works with the local org only: with --instance-url/,
      ],
      [
        ['--bulk-threshold', '-3'],
        /^error: Invalid --bulk-threshold -3: use a whole number of 0 or more\. Run/,
      ],
      [['--data', dir], /--data \S+ is a folder; pass the plan file/],
      [['extra'], /Unexpected argument 'extra'/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, dir, { SF_ACCESS_TOKEN: '' });
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      // One line, ending with the same hint sentence.
      assert.match(
        result.stderr,
        /^error: [^\n]+[.] Run npm run score -- --help to see the options\.\n$/,
      );
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
    assert.equal(report.seed[0].plan, null);
    assert.match(
      first.stderr,
      new RegExp(
        `^Seeded the demo data: ${report.seed[0].created} records \\(seed 42, 300 accounts, as of ${HAND_AS_OF}\\)$`,
        'm',
      ),
    );
    // The plan was written to a temporary folder, deleted after seeding: no path is shown.
    assert.doesNotMatch(first.stderr, /health-demo-|plan\.json/);
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
    assert.equal(
      result.stderr,
      'error: No sf CLI login found for no-such-org. Log in with sf org login web --alias ' +
        'no-such-org, or list your logins with sf org list.\n',
    );
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
    const output = JSON.parse(result.stdout);
    assert.equal(output.error.errorCode, 'INVALID_SESSION_ID');
    assert.equal(
      result.stderr,
      `error: The org at ${org.server.url} rejected the access token in SF_ACCESS_TOKEN ` +
        `(INVALID_SESSION_ID: ${output.error.message.match(/INVALID_SESSION_ID: (.*)\)\./)[1]}). ` +
        'Set SF_ACCESS_TOKEN to a current access token of that org, such as the one that ' +
        'sf org display --target-org ALIAS shows.\n',
    );
    assert.equal(output.modelSource, undefined, 'no model was read');
    assert.ok(!result.stderr.includes(token), 'stderr has no token');
  } finally {
    await org.close();
    removeDir(org.dir);
  }
});

/** Returns a port on 127.0.0.1 that nothing listens on: one the system gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('CLI explains a refused connection', async () => {
  const dir = tempDir();
  try {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const started = Date.now();
    const result = await runCli(['--instance-url', url, '--as-of', HAND_AS_OF], dir, {
      SF_ACCESS_TOKEN: 'token-for-a-closed-port',
    });
    assert.equal(result.code, 1, result.stderr);
    assert.equal(
      result.stderr,
      `error: Could not connect to ${url}: connection refused (ECONNREFUSED). Check --instance-url and that the org is reachable.\n`,
    );
    assert.equal(result.stdout, '', 'no report claims a model or a run');
    // One retry, not jsforce's five with backoff (about 15 s).
    assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);

    const json = await runCli(['--instance-url', url, '--json'], dir, {
      SF_ACCESS_TOKEN: 'token-for-a-closed-port',
    });
    assert.equal(json.code, 1);
    const output = JSON.parse(json.stdout);
    assert.deepEqual(Object.keys(output).sort(), ['error', 'status']);
    assert.equal(output.error.errorCode, 'ECONNREFUSED');
  } finally {
    removeDir(dir);
  }
});
