// The data folder lock: one process at a time opens a local org data folder. Tests start orgs in
// this process and in child processes (the standalone CLI, the scoring job's CLI, a short script),
// all on temporary folders.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Connection } from 'jsforce';
import {
  LOCK_FILE_NAME,
  LocalOrgInUseError,
  PROJECT_ROOT,
  startLocalOrg,
  type LocalOrgServer,
  type LockHolder,
} from './index.ts';
import { rejection } from './test-support.ts';

const CLI = join(PROJECT_ROOT, 'scripts', 'local-org', 'cli.ts');
const SCORE_CLI = join(PROJECT_ROOT, 'scripts', 'job', 'score.ts');
const INDEX_URL = pathToFileURL(join(PROJECT_ROOT, 'scripts', 'local-org', 'index.ts')).href;
/** Maximum wait for a child process to print a line or exit, in milliseconds. */
const CHILD_TIMEOUT_MS = 60_000;

type Row = Record<string, unknown>;

const cleanups = new WeakMap<TestContext, (() => unknown)[]>();

/**
 * Runs `cleanup` when the test ends, in reverse order of registration, so that an org closes
 * (and writes its data) before its folder is deleted.
 */
function defer(t: TestContext, cleanup: () => unknown): void {
  let list = cleanups.get(t);
  if (list === undefined) {
    const registered: (() => unknown)[] = [];
    cleanups.set(t, registered);
    t.after(async () => {
      for (const step of registered.reverse()) await step();
    });
    list = registered;
  }
  list.push(cleanup);
}

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'local-org-lock-'));
  defer(t, () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function connect(url: string, accessToken: string): Connection {
  return new Connection({ instanceUrl: url, accessToken, version: '68.0' });
}

function adminOf(server: LocalOrgServer): Connection {
  return new Connection({
    instanceUrl: server.url,
    accessToken: server.users.admin.accessToken,
    version: server.apiVersion,
  });
}

function readLock(dataDir: string): LockHolder {
  return JSON.parse(readFileSync(join(dataDir, LOCK_FILE_NAME), 'utf8')) as LockHolder;
}

/** Access tokens by user key, from users.json in the data folder. */
function tokensOf(dataDir: string): Record<string, string> {
  const file = JSON.parse(readFileSync(join(dataDir, 'users.json'), 'utf8')) as {
    users: { key: string; accessToken: string | null }[];
  };
  const tokens: Record<string, string> = {};
  for (const user of file.users) {
    if (user.accessToken !== null) tokens[user.key] = user.accessToken;
  }
  return tokens;
}

async function accountNames(conn: Connection): Promise<string[]> {
  const result = await conn.query('SELECT Name FROM Account ORDER BY Name');
  return result.records.map((row) => (row as Row).Name as string);
}

interface RunningChild {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code, or the signal name when a signal ended the process. */
  exited: Promise<number | string>;
}

/** Spawns a program from the project root, and kills it at the end of the test if it runs. */
function spawnProgram(
  t: TestContext,
  program: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): RunningChild {
  const child = spawn(program, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | string>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  defer(t, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Spawns `node ARGS` with this test's Node.js. */
function spawnNode(t: TestContext, args: string[], env: NodeJS.ProcessEnv = {}): RunningChild {
  return spawnProgram(t, process.execPath, args, env);
}

/** Waits until the child's stdout matches `pattern`, and returns the match. */
async function waitForOutput(running: RunningChild, pattern: RegExp): Promise<RegExpMatchArray> {
  const deadline = Date.now() + CHILD_TIMEOUT_MS;
  let ended = false;
  void running.exited.then(() => (ended = true));
  for (;;) {
    const match = running.stdout().match(pattern);
    if (match !== null) return match;
    if (ended || Date.now() > deadline) {
      throw new Error(
        `The child process did not print ${String(pattern)}.\n` +
          `stdout: ${running.stdout()}\nstderr: ${running.stderr()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts the standalone CLI on the folder and returns it once it listens, with its URL. */
async function startCli(t: TestContext, dataDir: string) {
  const running = spawnNode(t, [CLI, '--data-dir', dataDir]);
  const [, url] = await waitForOutput(running, /^Local org listening on (\S+) /m);
  await waitForOutput(running, /--instance-url \S+\n/);
  return { ...running, url: url as string };
}

/** Stops a CLI with SIGTERM and returns its exit code. */
async function stopCli(running: RunningChild): Promise<number | string> {
  running.child.kill('SIGTERM');
  return running.exited;
}

/** Starts an org that must fail because the folder is locked, and returns the error. */
async function startInUse(dataDir: string): Promise<LocalOrgInUseError> {
  let server: LocalOrgServer;
  try {
    server = await startLocalOrg({ dataDir });
  } catch (error) {
    assert.ok(error instanceof LocalOrgInUseError, String(error));
    return error;
  }
  await server.close();
  throw new Error(`The local org started on ${dataDir}, which another org has locked`);
}

/** Returns the PID of a process that has exited. */
async function deadPid(t: TestContext): Promise<number> {
  const running = spawnNode(t, ['-e', '']);
  const pid = running.child.pid as number;
  assert.equal(await running.exited, 0);
  return pid;
}

test('second org in one process fails', async (t) => {
  const dataDir = tempDir(t);
  const first = await startLocalOrg({ dataDir });
  defer(t, () => first.close());

  const error = await startInUse(dataDir);
  assert.equal(error.errorCode, 'LOCAL_ORG_IN_USE');
  assert.equal(error.holder.pid, process.pid);
  assert.equal(error.holder.url, first.url);
  assert.ok(
    error.message.startsWith(`The local org in ${dataDir} is in use by process ${process.pid} (`),
    error.message,
  );
  assert.match(error.message, /\(started \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, serving /);
  assert.ok(error.message.includes(`serving ${first.url})`), error.message);
  assert.ok(error.message.includes(`--instance-url ${first.url} `), error.message);
  assert.ok(
    error.message.includes(`SF_ACCESS_TOKEN from ${first.usersFile} (the job user's token)`),
    error.message,
  );
  for (const user of Object.values(first.users)) {
    assert.ok(!error.message.includes(user.accessToken), `the message has ${user.key}'s token`);
  }

  // The failed start leaves the first org's lock and data alone.
  assert.equal(readLock(dataDir).pid, process.pid);
  assert.equal(readLock(dataDir).url, first.url);
  const admin = adminOf(first);
  await admin.sobject('Account').create({ Name: 'Still served' });
  assert.deepEqual(await accountNames(admin), ['Still served']);
});

test('close releases the folder', async (t) => {
  const dataDir = tempDir(t);
  const first = await startLocalOrg({ dataDir });
  assert.equal(first.lockFile, join(dataDir, LOCK_FILE_NAME));
  assert.ok(existsSync(first.lockFile), 'the lock file exists while the org runs');
  await adminOf(first).sobject('Account').create({ Name: 'Written before close' });
  await first.close();
  assert.ok(!existsSync(first.lockFile), 'close deletes the lock file');

  const second = await startLocalOrg({ dataDir });
  defer(t, () => second.close());
  assert.deepEqual(await accountNames(adminOf(second)), ['Written before close']);
  assert.equal(readLock(dataDir).url, second.url);
});

test('child process holding the folder', async (t) => {
  const dataDir = tempDir(t);
  const cli = await startCli(t, dataDir);
  const childPid = cli.child.pid as number;

  const error = await startInUse(dataDir);
  assert.equal(error.holder.pid, childPid);
  assert.ok(error.message.includes(`is in use by process ${childPid} (`), error.message);
  assert.ok(error.message.includes(`serving ${cli.url})`), error.message);

  // The child kept serving: the failed start neither locked nor changed anything.
  const admin = connect(cli.url, tokensOf(dataDir).admin);
  await admin.sobject('Account').create({ Name: 'Served by the child' });
  assert.equal(await stopCli(cli), 0, cli.stderr());
  assert.ok(!existsSync(join(dataDir, LOCK_FILE_NAME)), 'the CLI deletes its lock on SIGTERM');

  const reopened = await startLocalOrg({ dataDir });
  defer(t, () => reopened.close());
  assert.deepEqual(await accountNames(adminOf(reopened)), ['Served by the child']);
});

test('stale lock is taken over', async (t) => {
  const dataDir = tempDir(t);
  const first = await startLocalOrg({ dataDir });
  await adminOf(first).sobject('Account').create({ Name: 'Before the crash' });
  await first.close();

  const pid = await deadPid(t);
  const stale: LockHolder = {
    pid,
    hostname: hostname(),
    startedAt: '2026-12-04T15:00:00Z',
    url: 'http://127.0.0.1:9',
    nonce: 'stale',
  };
  writeFileSync(join(dataDir, LOCK_FILE_NAME), JSON.stringify(stale));

  const stderr = t.mock.method(process.stderr, 'write');
  const second = await startLocalOrg({ dataDir });
  defer(t, () => second.close());
  const lines = stderr.mock.calls.map((call) => String(call.arguments[0]));
  stderr.mock.restore();
  assert.ok(
    lines.some((line) =>
      line.includes(
        `taking over the stale lock ${join(dataDir, LOCK_FILE_NAME)} of process ${pid}`,
      ),
    ),
    `stderr: ${lines.join('')}`,
  );
  const lock = readLock(dataDir);
  assert.equal(lock.pid, process.pid);
  assert.equal(lock.url, second.url);
  assert.deepEqual(await accountNames(adminOf(second)), ['Before the crash']);
});

test('invalid lock file is reported', async (t) => {
  const dataDir = tempDir(t);
  const lockFile = join(dataDir, LOCK_FILE_NAME);
  writeFileSync(lockFile, 'not json');
  const error = await rejection(startLocalOrg({ dataDir }));
  assert.ok(!(error instanceof LocalOrgInUseError), String(error));
  assert.ok(error.message.includes(`The lock file ${lockFile} of the local org is invalid`));
  assert.ok(error.message.includes('delete the file and start again'), error.message);
  assert.equal(readFileSync(lockFile, 'utf8'), 'not json', 'the file is left as it was');
});

test('exit without close flushes and unlocks', async (t) => {
  const dataDir = tempDir(t);
  // The script saves a record and exits at once, before the debounced write and without close.
  const script = `
    const { startLocalOrg } = await import(${JSON.stringify(INDEX_URL)});
    const server = await startLocalOrg({ dataDir: ${JSON.stringify(dataDir)} });
    const [result] = server.org.create('Account', [{ Name: 'Saved just before exit' }], {
      user: server.users.admin,
      allOrNone: true,
    });
    if (!result.success) throw new Error(JSON.stringify(result.errors));
    void server.org.flush();
    process.exit(0);
  `;
  const running = spawnNode(t, ['--input-type=module', '-e', script]);
  assert.equal(await running.exited, 0, running.stderr());
  assert.ok(!existsSync(join(dataDir, LOCK_FILE_NAME)), 'the exit hook deletes the lock');

  const reopened = await startLocalOrg({ dataDir });
  defer(t, () => reopened.close());
  assert.deepEqual(await accountNames(adminOf(reopened)), ['Saved just before exit']);
});

test('job on a folder the CLI serves', async (t) => {
  const dataDir = tempDir(t);
  const cli = await startCli(t, dataDir);
  const childPid = cli.child.pid as number;
  const tokens = tokensOf(dataDir);
  for (const [key, token] of Object.entries(tokens)) {
    assert.ok(!cli.stdout().includes(token), `the CLI printed ${key}'s token`);
  }
  assert.match(
    cli.stdout(),
    /The scoring job runs as the job user \(key "job" in the users file\)/,
  );

  const admin = connect(cli.url, tokens.admin);
  await admin.sobject('Account').create({ Name: 'Created before the job' });

  // The job with --local on the same folder fails before it reads or writes anything.
  const local = spawnNode(t, [SCORE_CLI, '--local', '--as-of', '2025-06-30'], {
    LOCAL_ORG_DIR: dataDir,
  });
  assert.equal(await local.exited, 1, local.stderr());
  assert.ok(
    local.stderr().includes(`is in use by process ${childPid} (`),
    `job stderr: ${local.stderr()}`,
  );
  assert.ok(local.stderr().includes(`--instance-url ${cli.url} `), local.stderr());
  assert.doesNotMatch(local.stderr(), /^\s+at /m, 'the job prints no stack trace');
  assert.equal(local.stdout(), '');

  await admin.sobject('Account').create({ Name: 'Created after the job' });

  // The command that the CLI prints runs the job against the server, with node in place of npm run.
  const [, command] = await waitForOutput(cli, /^ {2}(SF_ACCESS_TOKEN=.*)$/m);
  assert.ok(command.endsWith(` npm run score -- --instance-url ${cli.url}`), command);
  const viaServer = spawnProgram(t, 'bash', [
    '-c',
    command.replace(' npm run score -- ', ` ${JSON.stringify(process.execPath)} ${SCORE_CLI} `) +
      ' --as-of 2025-06-30 --json',
  ]);
  assert.equal(await viaServer.exited, 0, viaServer.stderr());
  const report = JSON.parse(viaServer.stdout()) as { status: string; runId: string };
  assert.equal(report.status, 'Succeeded');

  assert.equal(await stopCli(cli), 0, cli.stderr());
  const reopened = await startLocalOrg({ dataDir });
  defer(t, () => reopened.close());
  const conn = adminOf(reopened);
  assert.deepEqual(await accountNames(conn), ['Created after the job', 'Created before the job']);
  const runs = await conn.query('SELECT Id, Status__c FROM Health_Score_Run__c');
  assert.equal(runs.totalSize, 1, 'the run record of the job outlives the server');
  assert.equal((runs.records[0] as Row).Id, report.runId);
});
