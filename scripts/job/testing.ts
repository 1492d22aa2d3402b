// Helpers for the job's tests: a local org of their own in a temporary folder, seeding, running
// the CLI as a child process, and the hand-scored expectations.

import type { Connection } from 'jsforce';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LocalOrgServer } from '../local-org/index.ts';
import type { RetryPolicy } from './api.ts';
import { localOrgConnection, PROJECT_DIR } from './connection.ts';
import { createMemoryLogger } from './log.ts';
import { queryRest, type SObjectRow } from './read.ts';
import { runJob, type JobOptions } from './run.ts';
import { seedFromPlan } from './seed.ts';

export const HAND_PLAN = path.join(PROJECT_DIR, 'data', 'hand-scored', 'plan.json');
export const HAND_AS_OF = '2025-06-30';
export const SCORE_CLI = path.join(PROJECT_DIR, 'scripts', 'job', 'score.ts');

/** Retries without the production delays, so fault tests stay fast. */
export const FAST_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 };

export interface TestOrg {
  server: LocalOrgServer;
  dir: string;
  admin: Connection;
  job: Connection;
  close(): Promise<void>;
}

/** Starts a local org on a free port with its data in a new temporary folder. */
export async function startTestOrg(
  dir = mkdtempSync(path.join(tmpdir(), 'health-job-')),
  projectDir = PROJECT_DIR,
): Promise<TestOrg> {
  const { startLocalOrg } = await import('../local-org/index.ts');
  const server = await startLocalOrg({ dataDir: dir, port: 0, projectDir });
  return {
    server,
    dir,
    admin: localOrgConnection(server, 'admin'),
    job: localOrgConnection(server, 'job'),
    close: async () => {
      await server.close();
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function seedHandScored(org: TestOrg): Promise<void> {
  const result = await seedFromPlan(org.admin, HAND_PLAN, createMemoryLogger());
  if (result.errors.length > 0) {
    throw new Error(`Seeding the hand-scored plan failed: ${JSON.stringify(result.errors)}`);
  }
}

/** Runs the job in-process as the job user, with fast retries and a memory logger. */
export async function runQuietly(
  org: TestOrg,
  options: Partial<JobOptions> & { asOf?: string } = {},
) {
  const log = createMemoryLogger(true);
  const report = await runJob(org.job, { asOf: HAND_AS_OF, retry: FAST_RETRY, log, ...options });
  return { report, log };
}

export async function query(conn: Connection, soql: string): Promise<SObjectRow[]> {
  return queryRest(conn, soql, createMemoryLogger());
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node scripts/job/score.ts ARGS` with LOCAL_ORG_DIR set to `dataDir`. */
export function runCli(
  args: string[],
  dataDir: string,
  env: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCORE_CLI, ...args], {
      cwd: PROJECT_DIR,
      env: { ...process.env, LOCAL_ORG_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface HandScored {
  name: string;
  score: number | null;
  band: string | null;
  flags: string[];
  riskCount: number;
  reviewDueOn: string | null;
  productSignalScore: number | null;
  dealContextScore: number | null;
}

/** The scores of data/hand-scored as of 2025-06-30, computed by hand in its README. */
export const HAND_SCORED: HandScored[] = [
  {
    name: 'Northwind Traders',
    score: 97,
    band: 'Green',
    flags: [],
    riskCount: 0,
    reviewDueOn: '2025-08-30',
    productSignalScore: 94,
    dealContextScore: 100,
  },
  {
    name: 'Contoso Pharmaceuticals',
    score: 74,
    band: 'Yellow',
    flags: ['MASKED_RISK', 'DISCOUNT_SIGNIFICANT', 'LOW_ICP_FIT'],
    riskCount: 2,
    reviewDueOn: '2025-07-15',
    productSignalScore: 97,
    dealContextScore: 68.25,
  },
  {
    name: 'Fabrikam Residences',
    score: 78,
    band: 'Green',
    flags: ['CLOSE_MONITORING', 'DISCOUNT_SIGNIFICANT'],
    riskCount: 1,
    reviewDueOn: '2025-07-30',
    productSignalScore: 80.5,
    dealContextScore: 74.41,
  },
  {
    name: 'Litware Logistics',
    score: 56,
    band: 'Yellow',
    flags: ['REVIEW_OVERDUE', 'DISPLACEMENT_WINDOW', 'CHAMPION_CHANGED', 'PROMISE_OVERDUE'],
    riskCount: 3,
    reviewDueOn: '2025-05-30',
    productSignalScore: 55.5,
    dealContextScore: 56,
  },
  {
    name: 'Adatum Retail',
    score: 33,
    band: 'Red',
    flags: ['DEAL_CONTEXT_MISSING'],
    riskCount: 0,
    reviewDueOn: null,
    productSignalScore: 32.75,
    dealContextScore: null,
  },
  {
    name: 'Woodgrove Legacy Import',
    score: 90,
    band: 'Green',
    flags: ['DEAL_CONTEXT_MISSING', 'INVALID_INPUT'],
    riskCount: 0,
    reviewDueOn: null,
    productSignalScore: 90.25,
    dealContextScore: null,
  },
  {
    name: 'Proseware Prospect',
    score: null,
    band: null,
    flags: ['NO_DATA', 'SEGMENT_MISSING'],
    riskCount: 0,
    reviewDueOn: null,
    productSignalScore: null,
    dealContextScore: null,
  },
  {
    name: 'Tailspin Toys',
    score: 16,
    band: 'Critical',
    flags: [
      'DISCOUNT_SIGNIFICANT',
      'LOW_ICP_FIT',
      'CHAMPION_CHANGED',
      'USE_CASE_GAP',
      'PROMISE_OVERDUE',
    ],
    riskCount: 5,
    reviewDueOn: '2025-07-20',
    productSignalScore: 10.43,
    dealContextScore: 26.25,
  },
];
