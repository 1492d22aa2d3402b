// Benchmark report, not a test: engine throughput on one core, and the scoring job's wall time,
// API calls and peak memory for a large demo org on the local org. Figures vary with the machine.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import jsforce from 'jsforce';
import {
  scoreAccount,
  selectDealContextOpportunity,
  type ScoreInput,
} from '../../force-app/main/default/lwc/healthModel/healthModel.ts';
import { generateDemoPlan, writeDemoPlan, type TreeRecord } from '../demo/generate.ts';
import { startLocalOrg } from '../local-org/index.ts';
import { importTreePlan } from '../local-org/tree-plan.ts';

const projectDir = fileURLToPath(new URL('../..', import.meta.url));
const HELP = `Usage: npm run bench -- [--accounts N] [--as-of YYYY-MM-DD] [--engine-seconds S] [--json]

Prints engine throughput (accounts scored per second on one core) and, for N demo accounts
(default 10000) on a fresh local org, the scoring job's wall time, API calls and peak memory,
for a first run that writes every account, a second run on the same data that writes none, and
a third such run through the REST API instead of Bulk API 2.0.`;

interface JobFigures {
  label: string;
  wallSeconds: number;
  apiCalls: number;
  accountsWritten: number;
  snapshotsWritten: number;
  peakRssMb: number;
}

/** Builds engine inputs from a demo plan, joining children to parents by reference Id. */
function engineInputs(
  records: Record<string, { records: TreeRecord[] }>,
  asOf: string,
): ScoreInput[] {
  // Demo plan files are keyed by file name, one file per object (Account.json, ...).
  const list = (type: string) => records[`${type}.json`]?.records ?? [];
  const ref = (record: TreeRecord) => record.attributes.referenceId;
  const byParent = (type: string, field: string) => {
    const map = new Map<string, TreeRecord[]>();
    for (const record of list(type)) {
      const parent = String(record[field]).slice(1);
      map.set(parent, [...(map.get(parent) ?? []), record]);
    }
    return map;
  };
  const opportunities = byParent('Opportunity', 'AccountId');
  const useCases = byParent('Committed_Use_Case__c', 'Opportunity__c');
  const promises = byParent('Deal_Promise__c', 'Opportunity__c');
  return list('Account').map((account) => {
    const candidates = (opportunities.get(ref(account)) ?? []).map((opportunity) => ({
      ...opportunity,
      Id: ref(opportunity),
      IsWon: opportunity.StageName === 'Closed Won',
      ICP_Fit_Rating__c: (opportunity.ICP_Fit_Rating__c as number | undefined) ?? null,
      CloseDate: String(opportunity.CloseDate),
    }));
    const chosen = selectDealContextOpportunity(candidates, asOf);
    return {
      account: { ...account, Id: ref(account) },
      opportunity: chosen,
      useCases: chosen ? (useCases.get(chosen.Id) ?? []) : [],
      promises: chosen ? (promises.get(chosen.Id) ?? []) : [],
      asOf,
    } as ScoreInput;
  });
}

/** Scores the inputs in rounds of at least `seconds` and returns the median accounts per second. */
function measureEngine(inputs: ScoreInput[], seconds: number): number {
  const rates: number[] = [];
  for (let round = 0; round < 5; round++) {
    let scored = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0;
    while (elapsed < seconds) {
      for (const input of inputs) scoreAccount(input);
      scored += inputs.length;
      elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    }
    rates.push(scored / elapsed);
  }
  rates.sort((a, b) => a - b);
  return rates[2];
}

/** Runs the job CLI as a child process against the org and returns its figures. */
async function runJobProcess(
  label: string,
  url: string,
  token: string,
  asOf: string,
  workDir: string,
  extraArgs: string[] = [],
): Promise<JobFigures> {
  const rssFile = join(workDir, `rss-${label.replace(/\W+/g, '-')}`);
  const args = [
    join(projectDir, 'scripts/bench/child.ts'),
    '--instance-url',
    url,
    '--as-of',
    asOf,
    '--json',
    ...extraArgs,
  ];
  const env = { ...process.env, SF_ACCESS_TOKEN: token, BENCH_RSS_FILE: rssFile };
  const start = process.hrtime.bigint();
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`The job exited with code ${code} during "${label}".`));
    });
  });
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const report = JSON.parse(stdout);
  const peakRssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  return {
    label,
    wallSeconds,
    apiCalls: report.apiCalls,
    accountsWritten: report.written.accounts,
    snapshotsWritten: report.written.snapshots,
    peakRssMb,
  };
}

class UsageError extends Error {}

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      accounts: { type: 'string', default: '10000' },
      'as-of': { type: 'string', default: new Date().toISOString().slice(0, 10) },
      'engine-seconds': { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const accounts = Number(values.accounts);
  const engineSeconds = Number(values['engine-seconds']);
  if (!Number.isInteger(accounts) || accounts < 1)
    throw new UsageError(
      `Invalid --accounts ${values.accounts}: give a whole number of 1 or more.`,
    );
  if (!(engineSeconds > 0))
    throw new UsageError(
      `Invalid --engine-seconds ${values['engine-seconds']}: give a number above 0.`,
    );
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values['as-of']))
    throw new UsageError(`Invalid --as-of ${values['as-of']}: give a date as YYYY-MM-DD.`);
  return { accounts, asOf: values['as-of'], engineSeconds, json: values.json };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(`${line}\n`);

  log(`bench: generating ${options.accounts} demo accounts as of ${options.asOf}`);
  const plan = generateDemoPlan({ asOf: options.asOf, accounts: options.accounts });
  const inputs = engineInputs(plan.files, options.asOf);
  log(
    `bench: scoring ${inputs.length} accounts in memory for ${options.engineSeconds} s x 5 rounds`,
  );
  const accountsPerSecond = measureEngine(inputs, options.engineSeconds);

  const workDir = mkdtempSync(join(tmpdir(), 'hs-bench-'));
  const server = await startLocalOrg({ dataDir: join(workDir, 'org') });
  try {
    const planPath = writeDemoPlan(join(workDir, 'plan'), {
      asOf: options.asOf,
      accounts: options.accounts,
    });
    const admin = new jsforce.Connection({
      instanceUrl: server.url,
      accessToken: server.users.admin.accessToken,
      version: server.apiVersion,
    });
    log(`bench: seeding the local org from ${planPath}`);
    const seedStart = process.hrtime.bigint();
    const seeded = await importTreePlan(admin, planPath);
    const seedSeconds = Number(process.hrtime.bigint() - seedStart) / 1e9;
    if (seeded.errors.length > 0 || seeded.failedRequests.length > 0) {
      const first = seeded.errors[0] ?? seeded.failedRequests[0];
      throw new Error(`Seeding the benchmark data failed: ${JSON.stringify(first)}`);
    }

    const token = server.users.job.accessToken;
    log('bench: first job run (writes every account)');
    const first = await runJobProcess('first run', server.url, token, options.asOf, workDir);
    log('bench: second job run on the same data (writes nothing)');
    const second = await runJobProcess('unchanged rerun', server.url, token, options.asOf, workDir);
    log('bench: third job run on the same data through the REST API instead of Bulk API 2.0');
    const third = await runJobProcess('rerun over REST', server.url, token, options.asOf, workDir, [
      '--bulk-threshold',
      String(Number.MAX_SAFE_INTEGER),
    ]);

    const result = {
      machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
      engine: { accounts: inputs.length, accountsPerSecond: Math.round(accountsPerSecond) },
      seed: { records: seeded.created.length, seconds: Number(seedSeconds.toFixed(2)) },
      job: [first, second, third].map((figures) => ({
        ...figures,
        wallSeconds: Number(figures.wallSeconds.toFixed(2)),
        peakRssMb: Math.round(figures.peakRssMb),
      })),
    };
    if (options.json) {
      console.log(JSON.stringify(result, null, 2));
      return;
    }
    console.log(
      `Engine: ${result.engine.accountsPerSecond.toLocaleString('en-US')} accounts scored per second on one core (median of 5 rounds over ${inputs.length} demo accounts)`,
    );
    console.log(
      `Seeding: ${result.seed.records} records through composite tree in ${result.seed.seconds} s`,
    );
    console.log(`Job on the local org, ${options.accounts} accounts:`);
    console.log(
      '  run               wall s   API calls   accounts written   snapshots written   peak RSS MB',
    );
    for (const row of result.job) {
      console.log(
        `  ${row.label.padEnd(16)}  ${String(row.wallSeconds).padStart(6)}   ${String(row.apiCalls).padStart(9)}   ${String(row.accountsWritten).padStart(16)}   ${String(row.snapshotsWritten).padStart(17)}   ${String(row.peakRssMb).padStart(11)}`,
      );
    }
  } finally {
    await server.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(`bench: ${error.message}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
