// Preview of the Lightning Web Components with the local org's data. It builds the browser bundle
// and starts the local org in this process (data in LOCAL_ORG_DIR or .local-org). It adds the demo
// data when the org has no accounts and scores the accounts once when none is scored. Then it
// serves a page per record on 127.0.0.1 until Ctrl+C.
//
//   npm run preview -- [--port N] [--no-build] [--data-dir DIR]

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalOrg, type LocalOrgServer } from '../local-org/index.ts';
import { localOrgConnection } from '../job/connection.ts';
import { createLogger, type Logger } from '../job/log.ts';
import { todayUtc } from '../job/options.ts';
import { formatSummary } from '../job/report.ts';
import { runJob } from '../job/run.ts';
import { describeSeedFailure, seedDemoIfEmpty, seedFailed } from '../job/seed.ts';
import { DEFAULT_OUT_DIR, PROJECT_DIR, buildBrowserBundle } from './build.ts';
import { startPreviewServer } from './server.ts';

/** Port the preview listens on when --port is not given. */
export const DEFAULT_PORT = 4173;

const HELP = `Usage: npm run preview -- [options]

Serves the Lightning Web Components on 127.0.0.1 with the local org's data: the list of
accounts at /, an Account page (health card and CSM review) at /account/<Id> and an
Opportunity page (AE deal-context capture) at /opportunity/<Id>.

Options:
  --port N          port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free port)
  --data-dir DIR    the local org's data folder (default LOCAL_ORG_DIR, else .local-org)
  --no-build        serve the existing build in out/browser instead of building first
  -h, --help        show this help
`;

/** Adds the demo data to an org without accounts and scores the accounts if none is scored. */
export async function prepareDemoData(
  localOrg: LocalOrgServer,
  asOf: string,
  log: Logger,
): Promise<void> {
  const seeded = await seedDemoIfEmpty(localOrgConnection(localOrg, 'admin'), asOf, log);
  if (seeded !== null && seedFailed(seeded)) {
    for (const line of describeSeedFailure(seeded, { reset: false, canReset: true })) {
      log.error(`  ${line}`);
    }
    throw new Error('Seeding the demo data failed (see the lines above).');
  }
  const scored = localOrg.org.runQuery(
    'SELECT COUNT() FROM Account WHERE Health_Model_Version__c != null',
    {
      user: localOrg.users.admin,
      includeDeleted: false,
    },
  );
  if (scored.totalSize > 0) return;
  log.info(`No account is scored yet: running the scoring job as of ${asOf}`);
  const report = await runJob(localOrgConnection(localOrg, 'job'), { asOf, log });
  process.stderr.write(formatSummary(report));
  if (report.status === 'Failed') {
    throw new Error(`The scoring job failed: ${report.error?.message ?? 'see the report above'}`);
  }
}

async function main(argv: string[]): Promise<number> {
  let values: { port?: string; 'data-dir'?: string; 'no-build'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'no-build': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(
      `error: ${(error as Error).message}\nRun with --help to see the options.\n`,
    );
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(
      `error: invalid --port ${values.port}: expected a whole number from 0 to 65535.\n`,
    );
    return 2;
  }
  const log = createLogger();
  const bundleDir = DEFAULT_OUT_DIR;
  if (!values['no-build'] || !existsSync(join(bundleDir, 'assets', 'main.js'))) {
    const build = await buildBrowserBundle({ outDir: bundleDir, log: (line) => log.info(line) });
    log.info(`Browser build done in ${(build.totalMs / 1000).toFixed(1)} s`);
  }

  const dataDir = resolve(
    values['data-dir'] ?? process.env.LOCAL_ORG_DIR ?? join(PROJECT_DIR, '.local-org'),
  );
  const localOrg = await startLocalOrg({ dataDir, projectDir: PROJECT_DIR });
  log.info(`Local org started at ${localOrg.url}, data in ${dataDir}`);
  let server;
  try {
    await prepareDemoData(localOrg, todayUtc(), log);
    server = await startPreviewServer({ localOrg, bundleDir, port });
  } catch (error) {
    await localOrg.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      log.error(`Port ${port} is in use: pass --port with a free port, or --port 0 to pick one.`);
      return 1;
    }
    log.error((error as Error).message);
    return 1;
  }
  process.stdout.write(`Preview running at ${server.url}/ (Ctrl+C to stop)\n`);

  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  log.info('Stopping the preview and flushing the local org to its data folder');
  await server.close();
  await localOrg.close();
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
