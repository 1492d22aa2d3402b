// The scheduled scoring job's command line: `npm run score -- [options]`, `--help` for the list.

import { describeApiError, toApiError } from './api.ts';
import { openInstanceUrl, openLocalOrg, openTargetOrg, type OrgConnections } from './connection.ts';
import { createLogger, type Logger } from './log.ts';
import { HELP, parseCli, todayUtc, UsageError, type CliOptions } from './options.ts';
import { formatSummary } from './report.ts';
import { exitCodeFor, runJob } from './run.ts';
import {
  describeSeedError,
  resetLocalOrg,
  seedDemoIfEmpty,
  seedFromPlan,
  type SeedResult,
} from './seed.ts';

async function openOrg(options: CliOptions, log: Logger): Promise<OrgConnections> {
  const target = options.target;
  switch (target.kind) {
    case 'target-org':
      return openTargetOrg(target.alias, log);
    case 'instance-url':
      return openInstanceUrl(target.url, target.accessToken, log);
    case 'local': {
      const org = await openLocalOrg(undefined, log);
      if (!target.explicit) {
        log.info(`No --target-org or --instance-url given: using ${org.label}`);
      }
      return org;
    }
  }
}

function printSeedFailure(seed: SeedResult, options: CliOptions, log: Logger): void {
  log.error(`Seeding from ${seed.plan} failed: the org rejected ${seed.errors.length} records`);
  for (const error of seed.errors) {
    log.error(`  ${describeSeedError(error)}`);
  }
  if (options.json) {
    const report = {
      status: 'Failed',
      error: { errorCode: 'SEED_FAILED', message: 'The org rejected records of the seed data' },
      seed,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  }
}

async function seed(
  org: OrgConnections,
  options: CliOptions,
  log: Logger,
): Promise<SeedResult[] | null> {
  const results: SeedResult[] = [];
  if (options.reset) {
    await resetLocalOrg(org.seedConn, log);
  }
  if (options.data !== null) {
    results.push(await seedFromPlan(org.seedConn, options.data, log));
  }
  if (options.demo) {
    const demo = await seedDemoIfEmpty(org.seedConn, options.asOf, log);
    if (demo !== null) {
      results.push(demo);
    }
  }
  const failed = results.find((result) => result.errors.length > 0);
  if (failed !== undefined) {
    printSeedFailure(failed, options, log);
    return null;
  }
  return results;
}

async function main(argv: string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCli(argv, process.env, todayUtc());
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\nRun with --help to see the options.\n`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(HELP);
    return 0;
  }

  const log = createLogger({ verbose: options.verbose });
  log.addSecret(process.env.SF_ACCESS_TOKEN);
  let org: OrgConnections;
  try {
    org = await openOrg(options, log);
  } catch (error) {
    log.error(`Connecting to the org failed: ${describeApiError(toApiError(error))}`);
    return 1;
  }

  try {
    const seeded = await seed(org, options, log);
    if (seeded === null) {
      return 1;
    }
    const report = await runJob(org.conn, {
      asOf: options.asOf,
      dryRun: options.dryRun,
      bulkThreshold: options.bulkThreshold,
      log,
    });
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ ...report, seed: seeded }, null, 2)}\n`);
    } else {
      process.stdout.write(formatSummary(report));
    }
    return exitCodeFor(report);
  } catch (error) {
    log.error(`The run failed: ${describeApiError(toApiError(error))}`);
    return 1;
  } finally {
    await org.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
