/**
 * Demo data for the local org: a few hundred accounts with contacts, won and open opportunities,
 * committed use cases and deal promises, as an sObject tree plan in the format that
 * `sf data export tree --plan` writes and `sf data import tree --plan` reads.
 *
 * Every date is relative to the as-of date, so the accounts keep their health flags whatever day
 * the data is generated for, and one seed and as-of date always give byte-identical files.
 *
 *   npm run demo:generate -- [--as-of YYYY-MM-DD] [--seed N] [--accounts N] [--out DIR]
 */
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  AccountBuilder,
  createCompany,
  type AccountDraft,
  type FieldValue,
  type OpportunityDraft,
} from './accountBuilder.ts';
import { ARCHETYPES, allocateArchetypes, type ArchetypeName } from './archetypes.ts';
import { createRandom } from './random.ts';

export interface DemoOptions {
  /** Date the data is generated relative to, `YYYY-MM-DD`. */
  asOf: string;
  /** Seed of the random generator, a whole number from 0 to 4294967295; 42 by default. */
  seed?: number;
  /** Number of accounts, 1 to MAX_ACCOUNTS; 300 by default. */
  accounts?: number;
}

/** One step of an sObject tree plan, as `sf data export tree --plan` writes it. */
export interface PlanEntry {
  sobject: string;
  saveRefs: boolean;
  resolveRefs: boolean;
  files: string[];
}

export interface TreeRecord {
  attributes: { type: string; referenceId: string };
  [field: string]: FieldValue | { type: string; referenceId: string };
}

export interface DemoPlan {
  plan: PlanEntry[];
  /** Contents of each file that the plan names, by file name. */
  files: Record<string, { records: TreeRecord[] }>;
}

export const DEFAULT_SEED = 42;
export const DEFAULT_ACCOUNTS = 300;
/** Upper bound of `accounts`: 10,000 accounts make about 47 MB of files, so 50,000 about 235 MB. */
export const MAX_ACCOUNTS = 50_000;
export const MAX_SEED = 0xffffffff;
export const DEFAULT_OUT_DIR = path.join('data', 'demo');

/** Objects in insert order: every reference points to an object earlier in this list. */
const OBJECT_ORDER = [
  'Account',
  'Contact',
  'Opportunity',
  'Committed_Use_Case__c',
  'Deal_Promise__c',
] as const;
type DemoObject = (typeof OBJECT_ORDER)[number];

/** Checks the options and fills in the defaults; throws a RangeError naming the bad option. */
export function resolveOptions(options: DemoOptions): Required<DemoOptions> {
  const { asOf } = options;
  const seed = options.seed ?? DEFAULT_SEED;
  const accounts = options.accounts ?? DEFAULT_ACCOUNTS;
  if (typeof asOf !== 'string' || !isCalendarDate(asOf)) {
    throw new RangeError(
      `Invalid asOf ${JSON.stringify(asOf)}: expected a calendar date as YYYY-MM-DD, e.g. 2026-12-04.`,
    );
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new RangeError(`Invalid seed ${seed}: expected a whole number from 0 to ${MAX_SEED}.`);
  }
  if (!Number.isInteger(accounts) || accounts < 1 || accounts > MAX_ACCOUNTS) {
    throw new RangeError(
      `Invalid accounts ${accounts}: expected a whole number from 1 to ${MAX_ACCOUNTS}.`,
    );
  }
  return { asOf, seed, accounts };
}

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) {
    return false;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

interface BuiltAccount {
  archetype: ArchetypeName;
  draft: AccountDraft;
}

/**
 * Builds the accounts: the archetype counts from `allocateArchetypes`, in an order shuffled by
 * the seed. The random stream depends on the seed and the account count only, so another as-of
 * date gives the same companies with every date shifted.
 */
function buildAccounts(options: Required<DemoOptions>): BuiltAccount[] {
  const random = createRandom(options.seed);
  const counts = allocateArchetypes(options.accounts);
  const slots: number[] = [];
  counts.forEach((count, index) => {
    for (let n = 0; n < count; n++) {
      slots.push(index);
    }
  });
  const ordinals = ARCHETYPES.map(() => 0);
  const usedNames = new Set<string>();
  return random.shuffle(slots).map((archetypeIndex) => {
    const archetype = ARCHETYPES[archetypeIndex];
    const company = createCompany(random, usedNames);
    const builder = new AccountBuilder(random, options.asOf, company, ordinals[archetypeIndex]++);
    archetype.build(builder);
    // Pipeline beside the health story: open renewals and expansions, and some lost upsells.
    const isCustomer = builder.opportunities.some((o) => o.stage === 'Closed Won');
    if (isCustomer && random.chance(0.3)) {
      builder.addOpenOpportunity();
    }
    if (isCustomer && random.chance(0.08)) {
      builder.addClosedLost();
    }
    return { archetype: archetype.name, draft: builder.finish() };
  });
}

/** Generates the demo data as an sObject tree plan and its files, in memory. */
export function generateDemoPlan(options: DemoOptions): DemoPlan {
  return toTree(buildAccounts(resolveOptions(options)).map((account) => account.draft));
}

/** Returns the archetype of each generated account, by its Account reference id. */
export function describeDemoAccounts(
  options: DemoOptions,
): { referenceId: string; archetype: ArchetypeName }[] {
  return buildAccounts(resolveOptions(options)).map((account, index) => ({
    referenceId: `AccountRef${index + 1}`,
    archetype: account.archetype,
  }));
}

/** File name of a plan, as `sf data export tree --plan` names it: its objects, then 'plan.json'. */
export function planFileName(plan: readonly PlanEntry[]): string {
  return [...plan.map((entry) => entry.sobject), 'plan.json'].join('-');
}

/** Serializes a plan or data file as `sf data export tree` does: 4-space JSON, no final newline. */
export function serializeTreeFile(value: unknown): string {
  return JSON.stringify(value, null, 4);
}

/** Generates the demo data and writes the plan and its files into `dir`; returns the plan path. */
export function writeDemoPlan(dir: string, options: DemoOptions): string {
  return writePlanFiles(dir, generateDemoPlan(options));
}

/** Writes a plan and its files into `dir`, creating it; returns the plan path. */
export function writePlanFiles(dir: string, { plan, files }: DemoPlan): string {
  mkdirSync(dir, { recursive: true });
  for (const [fileName, contents] of Object.entries(files)) {
    writeFileSync(path.join(dir, fileName), serializeTreeFile(contents));
  }
  const planPath = path.join(dir, planFileName(plan));
  writeFileSync(planPath, serializeTreeFile(plan));
  return planPath;
}

function toTree(accounts: AccountDraft[]): DemoPlan {
  const records: Record<DemoObject, TreeRecord[]> = {
    Account: [],
    Contact: [],
    Opportunity: [],
    Committed_Use_Case__c: [],
    Deal_Promise__c: [],
  };
  function add(type: DemoObject, fields: Record<string, FieldValue | null>): string {
    const referenceId = `${type}Ref${records[type].length + 1}`;
    const record: TreeRecord = { attributes: { type, referenceId } };
    for (const [field, value] of Object.entries(fields)) {
      if (value !== null) {
        record[field] = value;
      }
    }
    records[type].push(record);
    return `@${referenceId}`;
  }

  for (const account of accounts) {
    const accountRef = add('Account', account.fields);
    const contactRefs = account.contacts.map((contact) =>
      add('Contact', {
        AccountId: accountRef,
        FirstName: contact.firstName,
        LastName: contact.lastName,
        Title: contact.title,
        Email: contact.email,
        Phone: contact.phone,
      }),
    );
    for (const opportunity of account.opportunities) {
      const opportunityRef = add(
        'Opportunity',
        opportunityFields(account, opportunity, accountRef, contactRefs),
      );
      for (const useCase of opportunity.useCases) {
        add('Committed_Use_Case__c', { Opportunity__c: opportunityRef, ...useCase });
      }
      for (const promise of opportunity.promises) {
        add('Deal_Promise__c', { Opportunity__c: opportunityRef, ...promise });
      }
    }
  }

  const allRecords = OBJECT_ORDER.flatMap((type) => records[type]);
  const plan: PlanEntry[] = [];
  const files: DemoPlan['files'] = {};
  for (const type of OBJECT_ORDER) {
    // Like `sf data export tree`, an object without records gets no file and no plan entry.
    if (records[type].length === 0) {
      continue;
    }
    const fileName = `${type}.json`;
    files[fileName] = { records: records[type] };
    plan.push({
      sobject: type,
      saveRefs: isReferenced(records[type], allRecords),
      resolveRefs: records[type].some(hasReference),
      files: [fileName],
    });
  }
  return { plan, files };
}

function opportunityFields(
  account: AccountDraft,
  opportunity: OpportunityDraft,
  accountRef: string,
  contactRefs: string[],
): Record<string, FieldValue | null> {
  const deal = opportunity.deal;
  return {
    AccountId: accountRef,
    Name: `${account.fields.Name} - ${opportunity.label}`,
    Type: opportunity.type,
    StageName: opportunity.stage,
    CloseDate: opportunity.closeDate,
    Amount: opportunity.amount,
    Discount_Depth__c: deal?.discount ?? null,
    ICP_Fit_Rating__c: deal?.icp ?? null,
    Champion__c: deal ? contactRefs[deal.championContact] : null,
    Champion_Title_At_Close__c: deal?.championTitle ?? null,
    Champion_Seniority__c: deal?.championSeniority ?? null,
    // A checkbox is never blank, so an export always carries it.
    Competitive_Displacement__c: deal?.displacement ?? false,
    Displaced_Vendor__c: deal?.displacedVendor ?? null,
  };
}

/** True when a record of any type refers to one of `records` (the plan's saveRefs). */
function isReferenced(records: TreeRecord[], allRecords: TreeRecord[]): boolean {
  const refs = new Set(records.map((record) => `@${record.attributes.referenceId}`));
  return allRecords.some((record) =>
    Object.values(record).some((value) => typeof value === 'string' && refs.has(value)),
  );
}

function hasReference(record: TreeRecord): boolean {
  return Object.values(record).some(
    (value) => typeof value === 'string' && /^@.*Ref\d+$/.test(value),
  );
}

// ---------------------------------------------------------------------------------------------
// Command line

const USAGE = `Usage: npm run demo:generate -- [--as-of YYYY-MM-DD] [--seed N] [--accounts N] [--out DIR]

Writes demo data as an sObject tree plan, in the format of \`sf data export tree --plan\`:
one file per object, and a plan file to seed an org with \`sf data import tree --plan\` or the
local org. All dates are relative to the as-of date, and the same seed and date give the same files.

Options:
  --as-of YYYY-MM-DD  date the data is generated for (default: today, UTC)
  --seed N            seed of the random generator, 0 to ${MAX_SEED} (default: ${DEFAULT_SEED})
  --accounts N        number of accounts, 1 to ${MAX_ACCOUNTS} (default: ${DEFAULT_ACCOUNTS})
  --out DIR           folder to write the files to, created if missing (default: ${DEFAULT_OUT_DIR})
  -h, --help          print this help and exit
`;

class UsageError extends Error {}

function parseWholeNumber(option: string, text: string, max: number, min: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(
      `Invalid ${option} '${text}': expected a whole number from ${min} to ${max}.`,
    );
  }
  return value;
}

/** Runs the command line; returns the exit code (0 done, 1 failed, 2 invalid usage). */
export function runCli(argv: string[], today: string): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        'as-of': { type: 'string' },
        seed: { type: 'string' },
        accounts: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nRun with --help for usage.\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  let options: Required<DemoOptions>;
  try {
    const asOf = parsed['as-of'] ?? today;
    if (!isCalendarDate(asOf)) {
      throw new UsageError(
        `Invalid --as-of '${asOf}': expected a calendar date as YYYY-MM-DD, e.g. 2026-12-04.`,
      );
    }
    options = {
      asOf,
      seed:
        parsed.seed === undefined
          ? DEFAULT_SEED
          : parseWholeNumber('--seed', parsed.seed, MAX_SEED, 0),
      accounts:
        parsed.accounts === undefined
          ? DEFAULT_ACCOUNTS
          : parseWholeNumber('--accounts', parsed.accounts, MAX_ACCOUNTS, 1),
    };
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\nRun with --help for usage.\n`);
      return 2;
    }
    throw error;
  }

  const dir = parsed.out ?? DEFAULT_OUT_DIR;
  if (dir === '') {
    process.stderr.write(`Invalid --out '': expected a folder path.\nRun with --help for usage.\n`);
    return 2;
  }
  const demoPlan = generateDemoPlan(options);
  let planPath: string;
  try {
    planPath = writePlanFiles(dir, demoPlan);
  } catch (error) {
    process.stderr.write(`Failed to write the demo plan to ${dir}: ${(error as Error).message}\n`);
    return 1;
  }
  const counts = demoPlan.plan
    .map((entry) => `${demoPlan.files[entry.files[0]].records.length} ${entry.sobject}`)
    .join(', ');
  process.stdout.write(
    `Wrote demo data as of ${options.asOf} (seed ${options.seed}): ${counts}.\nPlan: ${planPath}\n`,
  );
  return 0;
}

function isMainModule(): boolean {
  const script = process.argv[1];
  if (!script) {
    return false;
  }
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isMainModule()) {
  // The as-of date defaults to the current UTC day; the generator itself never reads the clock.
  process.exitCode = runCli(process.argv.slice(2), new Date().toISOString().slice(0, 10));
}
