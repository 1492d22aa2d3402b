// The scheduled scoring job's command line: `npm run score -- [options]`, `--help` for the list.

import { TreePlanError } from '../local-org/tree-plan.ts';
import { describeApiError, toApiError } from './api.ts';
import {
  connectionError,
  openInstanceUrl,
  openLocalOrg,
  openTargetOrg,
  type ConnectTarget,
  type OrgConnections,
} from './connection.ts';
import { createLogger, type Logger } from './log.ts';
import {
  formatUsageError,
  HELP,
  parseCli,
  todayUtc,
  UsageError,
  type CliOptions,
} from './options.ts';
import { formatSummary } from './report.ts';
import { exitCodeFor, runJob } from './run.ts';
import {
  checkSeedPlan,
  describeSeedFailure,
  resetLocalOrg,
  seedCheckedPlan,
  seedDemoIfEmpty,
  seedFailed,
  type CheckedPlan,
  type SeedResult,
} from './seed.ts';

function connectTarget(options: CliOptions): ConnectTarget | null {
  const target = options.target;
  switch (target.kind) {
    case 'target-org':
      return { kind: 'target-org', alias: target.alias };
    case 'instance-url':
      return { kind: 'instance-url', url: target.url };
    case 'local':
      return null;
  }
}

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

/** Prints a failure before scoring: on stderr, and with --json as the report on stdout. */
function printFailure(
  options: CliOptions,
  log: Logger,
  error: { errorCode: string; message: string },
  extra: Record<string, unknown> = {},
): void {
  log.error(error.message);
  if (options.json) {
    const report = { status: 'Failed', error, ...extra };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  }
}

function printSeedFailure(seed: SeedResult, options: CliOptions, org: OrgConnections, log: Logger) {
  const lines = describeSeedFailure(seed, { reset: options.reset, canReset: org.kind === 'local' });
  const summary = lines[lines.length - 1];
  for (const line of lines.slice(0, -1)) {
    log.error(`  ${line}`);
  }
  printFailure(
    options,
    log,
    { errorCode: seed.refused ? 'SEED_REFUSED' : 'SEED_FAILED', message: summary },
    { seed },
  );
}

/**
 * Seeds what the options ask for. A plan is read and checked before --reset empties the org, so
 * a plan that cannot be loaded leaves the org as it was. Returns null after printing a failure.
 */
async function seed(
  org: OrgConnections,
  options: CliOptions,
  log: Logger,
): Promise<SeedResult[] | null> {
  let checked: CheckedPlan | null = null;
  if (options.data !== null) {
    checked = await checkSeedPlan(org.seedConn, options.data);
    if (checked.problems.length > 0) {
      printSeedFailure(await seedCheckedPlan(org.seedConn, checked, log), options, org, log);
      return null;
    }
  }
  if (options.reset) {
    await resetLocalOrg(org.seedConn, log);
  }
  const results: SeedResult[] = [];
  if (checked !== null) {
    const result = await seedCheckedPlan(org.seedConn, checked, log);
    if (seedFailed(result)) {
      printSeedFailure(result, options, org, log);
      return null;
    }
    log.info(
      `Seeded ${result.created} record${result.created === 1 ? '' : 's'} from ${result.label}`,
    );
    results.push(result);
  }
  if (options.demo) {
    const demo = await seedDemoIfEmpty(org.seedConn, options.asOf, log);
    if (demo !== null && seedFailed(demo)) {
      printSeedFailure(demo, options, org, log);
      return null;
    }
    if (demo !== null) {
      results.push(demo);
    }
  }
  return results;
}

async function main(argv: string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCli(argv, process.env, todayUtc());
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(formatUsageError(error));
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
    const target = connectTarget(options);
    const failure =
      target === null
        ? {
            errorCode: toApiError(error).errorCode,
            message: `Starting the local org failed: ${(error as Error).message}`,
          }
        : connectionError(error, target);
    printFailure(options, log, { errorCode: failure.errorCode, message: failure.message });
    return 1;
  }

  try {
    let seeded: SeedResult[] | null;
    try {
      seeded = await seed(org, options, log);
    } catch (error) {
      const message =
        error instanceof TreePlanError
          ? error.message
          : `Seeding failed: ${describeApiError(toApiError(error))}`;
      const errorCode =
        error instanceof TreePlanError ? 'INVALID_PLAN' : toApiError(error).errorCode;
      printFailure(options, log, { errorCode, message });
      return 1;
    }
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
