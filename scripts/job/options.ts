// Command-line options of the scoring job, parsed with node:util parseArgs.

import { parseArgs } from 'node:util';
import { planPathProblem } from '../local-org/tree-plan-files.ts';
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
                         \`sf data import tree --plan\` does. The records are checked against
                         the org's describe first, and a plan with a problem is refused whole;
                         a record the org rejects stops seeding and the run (exit 1).
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

Exit codes: 0 done (data warnings such as INVALID_INPUT included); 1 failed: the org could not
be reached or logged in to, the seed data was refused or rejected, or the run failed; 2 invalid
usage; 3 done with some records not written.
`;

/** The sentence that ends every usage error. */
export const USAGE_HINT = 'Run npm run score -- --help to see the options.';

/** Formats a usage error for stderr: the message as a sentence, then USAGE_HINT. */
export function formatUsageError(error: UsageError): string {
  const message = error.message.trim();
  const sentence = /[.!?]$/.test(message) ? message : `${message}.`;
  return `error: ${sentence} ${USAGE_HINT}\n`;
}

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

const OPTIONS = {
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
} as const;

/** Example values of the options that take one, for "needs a value" messages. */
const VALUE_EXAMPLES: Record<string, string> = {
  'target-org': '--target-org my-org',
  'instance-url': '--instance-url https://MyDomain.my.salesforce.com',
  data: '--data data/hand-scored/plan.json',
  'as-of': '--as-of 2025-06-30',
  'bulk-threshold': '--bulk-threshold 2000',
};

function invalidBulkThreshold(value: string): UsageError {
  // A number is shown as typed and text in quotes, as --as-of shows its value.
  const valueText = /^-?\d+(\.\d+)?$/.test(value) ? value : JSON.stringify(value);
  return new UsageError(`Invalid --bulk-threshold ${valueText}: use a whole number of 0 or more.`);
}

/**
 * Rewrites parseArgs' errors as this command's usage errors. A value that starts with a dash
 * (`--bulk-threshold -3`) is "ambiguous" to parseArgs, which does not name the value.
 */
function parseError(error: Error & { code?: string }, argv: string[]): UsageError {
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  const option = /^--?([\w-]+)/.exec(quoted)?.[1] ?? quoted;
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`Unknown option '${quoted}'.`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(
        `Unexpected argument '${quoted}': this command takes no positional arguments, and ` +
          'every value follows its option, such as --data plan.json.',
      );
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      if (/does not take an argument/.test(error.message)) {
        return new UsageError(`--${option} takes no value.`);
      }
      const next = argv[argv.indexOf(`--${option}`) + 1];
      if (/ambiguous/.test(error.message) && next !== undefined) {
        if (option === 'bulk-threshold') return invalidBulkThreshold(next);
        return new UsageError(
          `--${option} needs a value, but ${next} looks like an option; to pass a value that ` +
            `starts with a dash, write --${option}=${next}.`,
        );
      }
      return new UsageError(
        `--${option} needs a value, such as ${VALUE_EXAMPLES[option] ?? `--${option} VALUE`}.`,
      );
    }
    default:
      return new UsageError(error.message);
  }
}

/** Parses the command line; throws UsageError naming the option and the value at fault. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv, today: string): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, strict: true, allowPositionals: false, options: OPTIONS });
  } catch (error) {
    throw parseError(error as Error & { code?: string }, argv);
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
  // Checked before the org options' own values, so that this misuse shows first.
  if (options.reset && (chosen[0] === 'target-org' || chosen[0] === 'instance-url')) {
    throw new UsageError(
      `--reset works with the local org only: with --${chosen[0]} it would delete every record of a real org.`,
    );
  }
  const alias = values['target-org'];
  if (alias !== undefined) {
    if (alias.trim() === '') {
      throw new UsageError('--target-org needs an alias or username, such as --target-org my-org.');
    }
    options.target = { kind: 'target-org', alias };
  }
  const instanceUrl = values['instance-url'];
  if (instanceUrl !== undefined) {
    const url = parseInstanceUrl(instanceUrl);
    const accessToken = env.SF_ACCESS_TOKEN;
    if (accessToken === undefined || accessToken.trim() === '') {
      throw new UsageError(
        '--instance-url needs the access token in the environment variable SF_ACCESS_TOKEN (never on the command line).',
      );
    }
    options.target = { kind: 'instance-url', url, accessToken: accessToken.trim() };
  }

  if (!isCalendarDate(options.asOf)) {
    throw new UsageError(
      `Invalid --as-of ${JSON.stringify(options.asOf)}: expected a real date in YYYY-MM-DD form, such as ${today}.`,
    );
  }
  const threshold = values['bulk-threshold'];
  if (threshold !== undefined) {
    if (!/^\d+$/.test(threshold.trim())) {
      throw invalidBulkThreshold(threshold);
    }
    options.bulkThreshold = Number(threshold);
  }
  if (options.data !== null) {
    const problem = planPathProblem(options.data);
    if (problem !== null) {
      throw new UsageError(`--data ${problem}`);
    }
  }
  return options;
}
