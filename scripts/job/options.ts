// Command-line options of the scoring job, parsed with node:util parseArgs.

import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_BULK_THRESHOLD } from './run.ts';

export const HELP = `Usage: npm run score -- [options]

Scores every account of an org with the hybrid health model and writes the results onto the
accounts, a snapshot for each changed score, a Health_Score_Run__c record and follow-up Tasks.

Org (give at most one; with none, the job uses the local org and says so on stderr):
  --local                The embedded local org, with its data in LOCAL_ORG_DIR or
                         <project>/.local-org. The job runs as the local org's job user and
                         seeds data as its admin user.
  --target-org ALIAS     A real org authorized with \`sf org login\`, by alias or username.
  --instance-url URL     A real org by its instance URL, with the access token read from the
                         environment variable SF_ACCESS_TOKEN (for cron and CI schedulers).

Data (before scoring):
  --data PLAN.json       Insert the records of an sObject tree plan, as
                         \`sf data import tree --plan\` does. A rejected record stops the run
                         before scoring (exit 1).
  --reset                Delete every record of the local org first (local org only).
  --demo                 Insert the demo data when the org has no accounts.

Scoring:
  --as-of YYYY-MM-DD     Date to score as of (default: today in UTC).
  --dry-run              Score and report, write nothing to the org. Seeding still happens.
  --bulk-threshold N     Above N accounts, read through Bulk API 2.0, and write through it when
                         more than N records change (default ${DEFAULT_BULK_THRESHOLD}).

Output:
  --json                 Print the report as JSON on stdout; logs go to stderr.
  --verbose              Print debug lines on stderr.
  --help                 Print this help.

Exit codes: 0 done (data warnings such as INVALID_INPUT included), 1 failed, 2 invalid usage,
3 done with some records not written.
`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type Target =
  | { kind: 'local'; explicit: boolean }
  | { kind: 'target-org'; alias: string }
  | { kind: 'instance-url'; url: string; accessToken: string };

export interface CliOptions {
  help: boolean;
  target: Target;
  data: string | null;
  reset: boolean;
  demo: boolean;
  asOf: string;
  dryRun: boolean;
  bulkThreshold: number;
  json: boolean;
  verbose: boolean;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Checks that `value` is a real calendar date in YYYY-MM-DD form (2025-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (match === null) {
    return false;
  }
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

function parseInstanceUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `Invalid --instance-url ${JSON.stringify(value)}: expected a URL such as https://example.my.salesforce.com.`,
    );
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new UsageError(
      `Invalid --instance-url ${JSON.stringify(value)}: use https (plain http only for 127.0.0.1 or localhost).`,
    );
  }
  return url.origin;
}

/** Parses the command line; throws UsageError naming the option and the value at fault. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv, today: string): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        local: { type: 'boolean' },
        'target-org': { type: 'string' },
        'instance-url': { type: 'string' },
        data: { type: 'string' },
        reset: { type: 'boolean' },
        demo: { type: 'boolean' },
        'as-of': { type: 'string' },
        'dry-run': { type: 'boolean' },
        'bulk-threshold': { type: 'string' },
        json: { type: 'boolean' },
        verbose: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const values = parsed.values;
  const options: CliOptions = {
    help: values.help === true,
    target: { kind: 'local', explicit: values.local === true },
    data: values.data ?? null,
    reset: values.reset === true,
    demo: values.demo === true,
    asOf: values['as-of'] ?? today,
    dryRun: values['dry-run'] === true,
    bulkThreshold: DEFAULT_BULK_THRESHOLD,
    json: values.json === true,
    verbose: values.verbose === true,
  };
  if (options.help) {
    return options;
  }

  const chosen = ['local', 'target-org', 'instance-url'].filter(
    (name) => values[name as 'local'] !== undefined,
  );
  if (chosen.length > 1) {
    throw new UsageError(`--${chosen.join(' and --')} cannot be combined: pick one org.`);
  }
  const alias = values['target-org'];
  if (alias !== undefined) {
    if (alias.trim() === '') {
      throw new UsageError('--target-org needs an alias or username.');
    }
    options.target = { kind: 'target-org', alias };
  }
  const instanceUrl = values['instance-url'];
  if (instanceUrl !== undefined) {
    const accessToken = env.SF_ACCESS_TOKEN;
    if (accessToken === undefined || accessToken.trim() === '') {
      throw new UsageError(
        '--instance-url needs the access token in the environment variable SF_ACCESS_TOKEN (never on the command line).',
      );
    }
    options.target = {
      kind: 'instance-url',
      url: parseInstanceUrl(instanceUrl),
      accessToken: accessToken.trim(),
    };
  }

  if (options.reset && options.target.kind !== 'local') {
    throw new UsageError(
      '--reset works with the local org only: it would delete every record of a real org.',
    );
  }
  if (!isCalendarDate(options.asOf)) {
    throw new UsageError(
      `Invalid --as-of ${JSON.stringify(options.asOf)}: expected a real date in YYYY-MM-DD form, such as ${today}.`,
    );
  }
  const threshold = values['bulk-threshold'];
  if (threshold !== undefined) {
    if (!/^\d+$/.test(threshold)) {
      throw new UsageError(
        `Invalid --bulk-threshold ${JSON.stringify(threshold)}: expected a whole number of accounts, 0 or more.`,
      );
    }
    options.bulkThreshold = Number(threshold);
  }
  if (options.data !== null && !existsSync(options.data)) {
    throw new UsageError(`--data ${options.data}: file not found.`);
  }
  return options;
}
