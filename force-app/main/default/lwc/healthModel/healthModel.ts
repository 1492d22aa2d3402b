/**
 * Hybrid customer health score, model version 1.
 *
 * Scores an account from two layers: product signals synced onto the Account, and the deal
 * context that the AE recorded on the won Opportunity (with its committed use cases and deal
 * promises). Each signal scores 0 to 100, each layer is the weighted mean of its present signals,
 * and the segment's weights combine the layers into one score from 0 to 100.
 *
 * The module is pure: no I/O, no clock. The as-of date is an argument, and all dates are
 * `YYYY-MM-DD` calendar dates whose differences are counted in whole UTC days. It has no runtime
 * imports, because the same file is an LWC service module (compiled by tsc) and is imported by
 * Node tooling through type stripping.
 */

export const MODEL_VERSION = 1;

export type Segment = 'SMB' | 'Mid-Market' | 'Enterprise';
export type Band = 'Green' | 'Yellow' | 'Red' | 'Critical';
export type ProductSignalName = 'usage' | 'seats' | 'support' | 'nps' | 'billing' | 'logins';
export type DealContextSignalName =
  'discount' | 'icp' | 'champion' | 'displacement' | 'useCases' | 'promises';
export type SignalName = ProductSignalName | DealContextSignalName;
export type Layer = 'product' | 'dealContext';
export type FlagCode =
  | 'MASKED_RISK'
  | 'REVIEW_OVERDUE'
  | 'CLOSE_MONITORING'
  | 'DISPLACEMENT_WINDOW'
  | 'DEAL_CONTEXT_MISSING'
  | 'PRODUCT_SIGNALS_MISSING'
  | 'NO_DATA'
  | 'INVALID_INPUT'
  | 'SEGMENT_MISSING'
  | 'DISCOUNT_SIGNIFICANT'
  | 'LOW_ICP_FIT'
  | 'CHAMPION_CHANGED'
  | 'USE_CASE_GAP'
  | 'PROMISE_OVERDUE';

/** Flag codes in canonical order, which `ScoreResult.flags` always follows. */
export const FLAG_CODES: readonly FlagCode[] = [
  'MASKED_RISK',
  'REVIEW_OVERDUE',
  'CLOSE_MONITORING',
  'DISPLACEMENT_WINDOW',
  'DEAL_CONTEXT_MISSING',
  'PRODUCT_SIGNALS_MISSING',
  'NO_DATA',
  'INVALID_INPUT',
  'SEGMENT_MISSING',
  'DISCOUNT_SIGNIFICANT',
  'LOW_ICP_FIT',
  'CHAMPION_CHANGED',
  'USE_CASE_GAP',
  'PROMISE_OVERDUE',
];

export const BANDS: readonly Band[] = ['Green', 'Yellow', 'Red', 'Critical'];
export const SEGMENTS: readonly Segment[] = ['SMB', 'Mid-Market', 'Enterprise'];

/** Signal names in result order: the product layer first, then the deal-context layer. */
export const SIGNAL_NAMES: readonly SignalName[] = [
  'usage',
  'seats',
  'support',
  'nps',
  'billing',
  'logins',
  'discount',
  'icp',
  'champion',
  'displacement',
  'useCases',
  'promises',
];

/** Layer of each signal. Model version 1 fixes it, so custom metadata cannot move a signal. */
const SIGNAL_LAYERS: Record<SignalName, Layer> = {
  usage: 'product',
  seats: 'product',
  support: 'product',
  nps: 'product',
  billing: 'product',
  logins: 'product',
  discount: 'dealContext',
  icp: 'dealContext',
  champion: 'dealContext',
  displacement: 'dealContext',
  useCases: 'dealContext',
  promises: 'dealContext',
};

export interface HealthModel {
  version: number;
  segments: Record<Segment, { product: number; dealContext: number }>;
  /** Band thresholds on the score, with the default CSM action shown for each band. */
  bands: { band: Band; minScore: number; action: string }[];
  /** Layer and weight of each signal. A weight is relative to the other signals of its layer. */
  signals: Record<SignalName, { layer: Layer; weight: number }>;
}

export const DEFAULT_MODEL: HealthModel = {
  version: MODEL_VERSION,
  segments: {
    SMB: { product: 65, dealContext: 35 },
    'Mid-Market': { product: 55, dealContext: 45 },
    Enterprise: { product: 50, dealContext: 50 },
  },
  bands: [
    {
      band: 'Green',
      minScore: 75,
      action: 'Keep the regular review cadence and look for expansion.',
    },
    {
      band: 'Yellow',
      minScore: 50,
      action: 'Review the account this month and work on its top drivers.',
    },
    {
      band: 'Red',
      minScore: 25,
      action: 'Contact the customer within 7 days and agree a recovery plan with the AE.',
    },
    {
      band: 'Critical',
      minScore: 0,
      action: 'Build a joint account plan with the AE now.',
    },
  ],
  signals: {
    usage: { layer: 'product', weight: 25 },
    seats: { layer: 'product', weight: 20 },
    support: { layer: 'product', weight: 15 },
    nps: { layer: 'product', weight: 15 },
    billing: { layer: 'product', weight: 15 },
    logins: { layer: 'product', weight: 10 },
    discount: { layer: 'dealContext', weight: 20 },
    icp: { layer: 'dealContext', weight: 25 },
    champion: { layer: 'dealContext', weight: 20 },
    displacement: { layer: 'dealContext', weight: 10 },
    useCases: { layer: 'dealContext', weight: 15 },
    promises: { layer: 'dealContext', weight: 10 },
  },
};

// Inputs use Salesforce API names, as records arrive from the REST API: null for blank, numbers
// as numbers, dates as 'YYYY-MM-DD'.
export interface AccountInput {
  Id?: string;
  Customer_Segment__c?: string | null;
  Champion_Status__c?: string | null;
  Champion_Reviewed_On__c?: string | null;
  Active_User_Ratio__c?: number | null;
  Seats_Purchased__c?: number | null;
  Seats_Active__c?: number | null;
  Support_Tickets_90d__c?: number | null;
  NPS__c?: number | null;
  Billing_Status__c?: string | null;
  Login_Days_30d__c?: number | null;
}

export interface OpportunityInput {
  Id?: string;
  CloseDate: string;
  Discount_Depth__c?: number | null;
  ICP_Fit_Rating__c?: number | null;
  Competitive_Displacement__c?: boolean | null;
}

export interface UseCaseInput {
  Id?: string;
  Name?: string;
  Status__c?: string | null;
  Reviewed_On__c?: string | null;
}

export interface PromiseInput {
  Id?: string;
  Type__c?: string | null;
  Status__c?: string | null;
  Due_On__c?: string | null;
}

export interface ScoreInput {
  account: AccountInput;
  /** The deal-context opportunity, chosen with `selectDealContextOpportunity`, or null. */
  opportunity: OpportunityInput | null;
  /** The opportunity's Committed_Use_Case__c records. */
  useCases: UseCaseInput[];
  /** The opportunity's Deal_Promise__c records. */
  promises: PromiseInput[];
  asOf: string;
}

export type RecordObject = 'Account' | 'Opportunity' | 'Committed_Use_Case__c' | 'Deal_Promise__c';

/** An input value outside its valid range or list, which the score treats as missing. */
export interface InvalidInput {
  object: RecordObject;
  recordId: string | null;
  field: string;
  value: unknown;
  /** The valid values, for example "a number from 0 to 100". */
  expected: string;
}

export type SignalValues = Record<string, number | string | boolean | null>;

export interface SignalResult {
  signal: SignalName;
  layer: Layer;
  weight: number;
  /** Unrounded 0-100 score, or null when the signal is missing. */
  score: number | null;
  /** Contribution to `raw`, 0 when missing. */
  points: number;
  /** Points lost against a score of 100, 0 when missing. */
  pointsLost: number;
  /** Reason code from the table above `scoreUsage`. */
  reason: string;
  /** Inputs behind the score, for example `{ discount: 35 }`. */
  values: SignalValues;
}

export interface Driver {
  signal: SignalName | 'maskedRiskCap';
  layer: Layer | null;
  points: number;
  pointsLost: number;
  reason: string;
  values: SignalValues;
}

export interface ScoreResult {
  /** `modelVersionLabel(model)`. */
  modelVersion: string;
  score: number | null;
  band: Band | null;
  /** Unrounded hybrid score before the masked-risk cap. */
  raw: number | null;
  productSignalScore: number | null;
  dealContextScore: number | null;
  /** All 12 signals, in `SIGNAL_NAMES` order. */
  signals: SignalResult[];
  /** Present signals and the masked-risk cap, by points lost (descending), then signal order. */
  drivers: Driver[];
  flags: FlagCode[];
  riskCount: number;
  reviewDueOn: string | null;
  invalidInputs: InvalidInput[];
}

// ---------------------------------------------------------------------------------------------
// Calendar dates. A day number counts whole days since 1970-01-01 (UTC).

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_EXPECTED = 'a date in YYYY-MM-DD format';

function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Parses a `YYYY-MM-DD` date to its day number, or returns null when it is not a real date. */
function parseDay(value: unknown): number | null {
  if (typeof value !== 'string') {
    return null;
  }
  const match = DATE_PATTERN.exec(value);
  if (match === null) {
    return null;
  }
  const day = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
  // Date.UTC rolls 2025-02-30 over into March, so only a date that formats back to itself is real.
  return formatDay(day) === value ? day : null;
}

function requireDay(value: unknown, name: string): number {
  const day = parseDay(value);
  if (day === null) {
    throw new RangeError(
      `Invalid ${name} ${JSON.stringify(value)}: expected ${DATE_EXPECTED}, such as 2025-01-31.`,
    );
  }
  return day;
}

/** Adds a whole number of days (negative to subtract) to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) {
    throw new RangeError(`Invalid days ${days}: expected a whole number.`);
  }
  return formatDay(requireDay(date, 'date') + days);
}

/** Returns the calendar days from `from` to `to`, negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return requireDay(to, 'to') - requireDay(from, 'from');
}

// ---------------------------------------------------------------------------------------------
// Input validation. A blank value and a value outside its range or list are both missing, and
// the second is also recorded as an InvalidInput.

/** A field read from an input record: `value` is null when the field is blank or invalid. */
interface FieldRead<T> {
  value: T | null;
  invalid: boolean;
  raw: unknown;
}

interface RecordSource {
  object: RecordObject;
  recordId: string | null;
  record: Record<string, unknown>;
  invalidInputs: InvalidInput[];
}

interface NumberRule {
  min: number;
  max: number;
  integer: boolean;
  expected: string;
}

const PERCENT: NumberRule = {
  min: 0,
  max: 100,
  integer: false,
  expected: 'a number from 0 to 100',
};
const COUNT: NumberRule = {
  min: 0,
  max: Infinity,
  integer: true,
  expected: 'a whole number, 0 or more',
};
const NPS: NumberRule = {
  min: -100,
  max: 100,
  integer: false,
  expected: 'a number from -100 to 100',
};
const LOGIN_DAYS: NumberRule = {
  min: 0,
  max: 30,
  integer: true,
  expected: 'a whole number from 0 to 30',
};
const ICP_RATING: NumberRule = {
  min: 1,
  max: 5,
  integer: true,
  expected: 'a whole number from 1 to 5',
};

const CHAMPION_STATUSES = ['Unchanged', 'Title Changed', 'Left Company'] as const;
type ChampionStatus = (typeof CHAMPION_STATUSES)[number];
const BILLING_STATUSES = [
  'Current',
  'Overdue 1-30',
  'Overdue 31-60',
  'Overdue 61+',
  'Collections',
] as const;
type BillingStatus = (typeof BILLING_STATUSES)[number];
const USE_CASE_STATUSES = ['Committed', 'Active', 'Not Active'] as const;
type UseCaseStatus = (typeof USE_CASE_STATUSES)[number];
const PROMISE_STATUSES = ['Open', 'Resolved', 'Withdrawn'] as const;
type PromiseStatus = (typeof PROMISE_STATUSES)[number];

function sourceOf(
  object: RecordObject,
  record: object,
  invalidInputs: InvalidInput[],
): RecordSource {
  const fields = record as Record<string, unknown>;
  const recordId = typeof fields.Id === 'string' ? fields.Id : null;
  return { object, recordId, record: fields, invalidInputs };
}

function rejectField<T>(source: RecordSource, field: string, expected: string): FieldRead<T> {
  const raw = source.record[field];
  source.invalidInputs.push({
    object: source.object,
    recordId: source.recordId,
    field,
    value: raw,
    expected,
  });
  return { value: null, invalid: true, raw };
}

function isBlank(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

function readNumber(source: RecordSource, field: string, rule: NumberRule): FieldRead<number> {
  const raw = source.record[field];
  if (isBlank(raw)) {
    return { value: null, invalid: false, raw: null };
  }
  const valid =
    typeof raw === 'number' &&
    Number.isFinite(raw) &&
    raw >= rule.min &&
    raw <= rule.max &&
    (!rule.integer || Number.isInteger(raw));
  return valid ? { value: raw, invalid: false, raw } : rejectField(source, field, rule.expected);
}

function readPicklist<T extends string>(
  source: RecordSource,
  field: string,
  values: readonly T[],
): FieldRead<T> {
  const raw = source.record[field];
  if (isBlank(raw)) {
    return { value: null, invalid: false, raw: null };
  }
  const valid = typeof raw === 'string' && (values as readonly string[]).includes(raw);
  return valid
    ? { value: raw as T, invalid: false, raw }
    : rejectField(source, field, `one of: ${values.join(', ')}`);
}

/** Reads a date field as a day number. */
function readDate(source: RecordSource, field: string): FieldRead<number> {
  const raw = source.record[field];
  if (isBlank(raw)) {
    return { value: null, invalid: false, raw: null };
  }
  const day = parseDay(raw);
  return day !== null
    ? { value: day, invalid: false, raw }
    : rejectField(source, field, DATE_EXPECTED);
}

/** Reads a checkbox. A blank checkbox is unchecked, because a Salesforce checkbox has no blank. */
function readCheckbox(source: RecordSource, field: string): FieldRead<boolean> {
  const raw = source.record[field];
  if (isBlank(raw)) {
    return { value: false, invalid: false, raw: false };
  }
  return typeof raw === 'boolean'
    ? { value: raw, invalid: false, raw }
    : rejectField(source, field, 'true or false');
}

/** Converts an input value for `SignalResult.values`, which must survive JSON. */
function shown(read: FieldRead<unknown>): number | string | boolean | null {
  const raw = read.raw;
  if (isBlank(raw) || typeof raw === 'string' || typeof raw === 'boolean') {
    return raw ?? null;
  }
  if (typeof raw === 'number' && Number.isFinite(raw)) {
    return raw;
  }
  return String(raw);
}

interface AccountFacts {
  segment: FieldRead<Segment>;
  championStatus: FieldRead<ChampionStatus>;
  championReviewedOn: FieldRead<number>;
  activeUserRatio: FieldRead<number>;
  seatsPurchased: FieldRead<number>;
  seatsActive: FieldRead<number>;
  tickets: FieldRead<number>;
  nps: FieldRead<number>;
  billingStatus: FieldRead<BillingStatus>;
  loginDays: FieldRead<number>;
}

interface UseCaseFacts {
  status: FieldRead<UseCaseStatus>;
  reviewedOn: FieldRead<number>;
}

interface PromiseFacts {
  status: FieldRead<PromiseStatus>;
  dueOn: FieldRead<number>;
}

interface DealFacts {
  asOfDay: number;
  closeDay: number;
  /** Days from the close date to the as-of date. */
  t: number;
  discount: FieldRead<number>;
  icp: FieldRead<number>;
  displacement: FieldRead<boolean>;
  useCases: UseCaseFacts[];
  promises: PromiseFacts[];
}

function readAccount(account: AccountInput, invalidInputs: InvalidInput[]): AccountFacts {
  const source = sourceOf('Account', account, invalidInputs);
  return {
    segment: readPicklist(source, 'Customer_Segment__c', SEGMENTS),
    championStatus: readPicklist(source, 'Champion_Status__c', CHAMPION_STATUSES),
    championReviewedOn: readDate(source, 'Champion_Reviewed_On__c'),
    activeUserRatio: readNumber(source, 'Active_User_Ratio__c', PERCENT),
    seatsPurchased: readNumber(source, 'Seats_Purchased__c', COUNT),
    seatsActive: readNumber(source, 'Seats_Active__c', COUNT),
    tickets: readNumber(source, 'Support_Tickets_90d__c', COUNT),
    nps: readNumber(source, 'NPS__c', NPS),
    billingStatus: readPicklist(source, 'Billing_Status__c', BILLING_STATUSES),
    loginDays: readNumber(source, 'Login_Days_30d__c', LOGIN_DAYS),
  };
}

function readUseCase(useCase: UseCaseInput, invalidInputs: InvalidInput[]): UseCaseFacts {
  const source = sourceOf('Committed_Use_Case__c', useCase, invalidInputs);
  return {
    status: readPicklist(source, 'Status__c', USE_CASE_STATUSES),
    reviewedOn: readDate(source, 'Reviewed_On__c'),
  };
}

function readPromise(promise: PromiseInput, invalidInputs: InvalidInput[]): PromiseFacts {
  const source = sourceOf('Deal_Promise__c', promise, invalidInputs);
  return {
    status: readPicklist(source, 'Status__c', PROMISE_STATUSES),
    dueOn: readDate(source, 'Due_On__c'),
  };
}

/**
 * Reads the deal-context opportunity and its children, or returns null without one. An
 * opportunity whose CloseDate is not a valid date cannot be placed in time, so it counts as absent.
 */
function readDeal(
  input: ScoreInput,
  asOfDay: number,
  invalidInputs: InvalidInput[],
): DealFacts | null {
  if (input.opportunity === null || input.opportunity === undefined) {
    return null;
  }
  const source = sourceOf('Opportunity', input.opportunity, invalidInputs);
  const closeDate = readDate(source, 'CloseDate');
  if (closeDate.value === null) {
    if (!closeDate.invalid) {
      rejectField(source, 'CloseDate', DATE_EXPECTED);
    }
    return null;
  }
  return {
    asOfDay,
    closeDay: closeDate.value,
    // Selection keeps CloseDate on or before the as-of date, so a later one counts as day 0.
    t: Math.max(0, asOfDay - closeDate.value),
    discount: readNumber(source, 'Discount_Depth__c', PERCENT),
    icp: readNumber(source, 'ICP_Fit_Rating__c', ICP_RATING),
    displacement: readCheckbox(source, 'Competitive_Displacement__c'),
    useCases: (input.useCases ?? []).map((useCase) => readUseCase(useCase, invalidInputs)),
    promises: (input.promises ?? []).map((promise) => readPromise(promise, invalidInputs)),
  };
}

// ---------------------------------------------------------------------------------------------
// Signals. Each scorer returns a 0-100 score (null when missing), a reason code and its inputs.
//
// Reason codes, one per outcome:
// | signal       | reason                    | outcome                                            |
// | ------------ | ------------------------- | -------------------------------------------------- |
// | usage        | USAGE_HEALTHY             | active user ratio 50 or more: 100                  |
// |              | USAGE_LOW                 | ratio below 50: 100 * ratio / 50                   |
// | seats        | SEATS_HEALTHY             | utilization 0.9 or more: 100                       |
// |              | SEATS_LOW                 | utilization above 0.2 and below 0.9                |
// |              | SEATS_UNUSED              | utilization 0.2 or less: 0                         |
// |              | SEATS_NONE_PURCHASED      | Seats_Purchased__c is 0: missing                   |
// | support      | SUPPORT_NO_TICKETS        | no tickets in 90 days: 100                         |
// |              | SUPPORT_TICKETS           | under 5 tickets per 10 seats: between 0 and 100    |
// |              | SUPPORT_TICKETS_HIGH      | 5 or more tickets per 10 seats: 0                  |
// | nps          | NPS_POSITIVE              | NPS above 0                                        |
// |              | NPS_NEUTRAL               | NPS 0: 50                                          |
// |              | NPS_NEGATIVE              | NPS below 0                                        |
// | billing      | BILLING_CURRENT           | Current: 100                                       |
// |              | BILLING_OVERDUE           | Overdue 1-30: 60, 31-60: 30, 61+: 0                |
// |              | BILLING_COLLECTIONS       | Collections: 0                                     |
// | logins       | LOGINS_HEALTHY            | 20 or more login days in 30: 100                   |
// |              | LOGINS_LOW                | under 20 login days: 100 * days / 20               |
// | discount     | DISCOUNT_STANDARD         | 10% or less: 100                                   |
// |              | DISCOUNT_MODERATE         | above 10% up to 25%: 70                            |
// |              | DISCOUNT_SIGNIFICANT      | above 25%: 35                                      |
// | icp          | ICP_FIT_HIGH              | rating 4 or 5: 75 or 100                           |
// |              | ICP_FIT_MEDIUM            | rating 3: 50                                       |
// |              | ICP_FIT_LOW               | rating 1 or 2: 0 or 25                             |
// | champion     | CHAMPION_UNCHANGED        | Unchanged: 100                                     |
// |              | CHAMPION_STATUS_BLANK     | blank, presumed in place: 100                      |
// |              | CHAMPION_TITLE_CHANGED    | Title Changed: 60                                  |
// |              | CHAMPION_LEFT_COMPANY     | Left Company: 10                                   |
// | displacement | DISPLACEMENT_NONE         | not a displacement: 100                            |
// |              | DISPLACEMENT_WINDOW       | displacement, t < 365: 40                          |
// |              | DISPLACEMENT_RECOVERING   | displacement, 365 <= t < 547: 40 to 100            |
// |              | DISPLACEMENT_SETTLED      | displacement, t >= 547: 100                        |
// | useCases     | USE_CASES_ACTIVE          | every reviewed use case Active: 100                |
// |              | USE_CASES_PARTIAL         | share active 50% or more, below 100%               |
// |              | USE_CASES_GAP             | share active below 50%                             |
// |              | USE_CASES_NOT_REVIEWED    | use cases, none Active or Not Active yet: missing  |
// |              | USE_CASES_NONE            | no use case with a valid status: missing           |
// | promises     | PROMISES_NONE_OPEN        | no open promise: 100                               |
// |              | PROMISES_OPEN             | open promises, none overdue                        |
// |              | PROMISES_OVERDUE          | an open promise past its Due_On__c                 |
// | any          | <PREFIX>_MISSING          | an input is blank: missing                         |
// |              | <PREFIX>_INVALID          | an input is invalid: missing                       |
// |              | PRODUCT_SIGNALS_MISSING   | layer missing: present signals weigh 0 in total    |
// |              | DEAL_CONTEXT_MISSING      | no deal-context layer (or it weighs 0): missing    |
// | (driver)     | MASKED_RISK_CAP           | masked-risk cap: (Green minimum - 1) - raw points  |
// The <PREFIX> is USAGE, SEATS, SUPPORT, NPS, BILLING, LOGINS, DISCOUNT, ICP, CHAMPION or
// DISPLACEMENT. Champion and displacement have no _MISSING code, because a blank is a value there.

/** Every reason code that `SignalResult.reason` and `Driver.reason` can take. */
export const REASON_CODES: readonly string[] = [
  'USAGE_HEALTHY',
  'USAGE_LOW',
  'USAGE_MISSING',
  'USAGE_INVALID',
  'SEATS_HEALTHY',
  'SEATS_LOW',
  'SEATS_UNUSED',
  'SEATS_NONE_PURCHASED',
  'SEATS_MISSING',
  'SEATS_INVALID',
  'SUPPORT_NO_TICKETS',
  'SUPPORT_TICKETS',
  'SUPPORT_TICKETS_HIGH',
  'SUPPORT_MISSING',
  'SUPPORT_INVALID',
  'NPS_POSITIVE',
  'NPS_NEUTRAL',
  'NPS_NEGATIVE',
  'NPS_MISSING',
  'NPS_INVALID',
  'BILLING_CURRENT',
  'BILLING_OVERDUE',
  'BILLING_COLLECTIONS',
  'BILLING_MISSING',
  'BILLING_INVALID',
  'LOGINS_HEALTHY',
  'LOGINS_LOW',
  'LOGINS_MISSING',
  'LOGINS_INVALID',
  'DISCOUNT_STANDARD',
  'DISCOUNT_MODERATE',
  'DISCOUNT_SIGNIFICANT',
  'DISCOUNT_MISSING',
  'DISCOUNT_INVALID',
  'ICP_FIT_HIGH',
  'ICP_FIT_MEDIUM',
  'ICP_FIT_LOW',
  'ICP_MISSING',
  'ICP_INVALID',
  'CHAMPION_UNCHANGED',
  'CHAMPION_STATUS_BLANK',
  'CHAMPION_TITLE_CHANGED',
  'CHAMPION_LEFT_COMPANY',
  'CHAMPION_INVALID',
  'DISPLACEMENT_NONE',
  'DISPLACEMENT_WINDOW',
  'DISPLACEMENT_RECOVERING',
  'DISPLACEMENT_SETTLED',
  'DISPLACEMENT_INVALID',
  'USE_CASES_ACTIVE',
  'USE_CASES_PARTIAL',
  'USE_CASES_GAP',
  'USE_CASES_NOT_REVIEWED',
  'USE_CASES_NONE',
  'PROMISES_NONE_OPEN',
  'PROMISES_OPEN',
  'PROMISES_OVERDUE',
  'PRODUCT_SIGNALS_MISSING',
  'DEAL_CONTEXT_MISSING',
  'MASKED_RISK_CAP',
];

interface Outcome {
  score: number | null;
  reason: string;
  values: SignalValues;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Returns the outcome of a missing signal: `_INVALID` when any input was invalid. */
function missingOutcome(
  prefix: string,
  reads: FieldRead<unknown>[],
  values: SignalValues,
): Outcome {
  const invalid = reads.some((read) => read.invalid);
  return { score: null, reason: `${prefix}_${invalid ? 'INVALID' : 'MISSING'}`, values };
}

function scoreUsage(account: AccountFacts): Outcome {
  const ratio = account.activeUserRatio;
  const values = { activeUserRatio: shown(ratio) };
  if (ratio.value === null) {
    return missingOutcome('USAGE', [ratio], values);
  }
  const score = 100 * Math.min(1, ratio.value / 50);
  return { score, reason: ratio.value >= 50 ? 'USAGE_HEALTHY' : 'USAGE_LOW', values };
}

function scoreSeats(account: AccountFacts): Outcome {
  const { seatsActive, seatsPurchased } = account;
  const values: SignalValues = {
    seatsActive: shown(seatsActive),
    seatsPurchased: shown(seatsPurchased),
    utilization: null,
  };
  if (seatsActive.value === null || seatsPurchased.value === null) {
    return missingOutcome('SEATS', [seatsActive, seatsPurchased], values);
  }
  if (seatsPurchased.value === 0) {
    return { score: null, reason: 'SEATS_NONE_PURCHASED', values };
  }
  const utilization = seatsActive.value / seatsPurchased.value;
  values.utilization = utilization;
  const score = 100 * clamp((utilization - 0.2) / 0.7, 0, 1);
  let reason = 'SEATS_LOW';
  if (utilization >= 0.9) {
    reason = 'SEATS_HEALTHY';
  } else if (utilization <= 0.2) {
    reason = 'SEATS_UNUSED';
  }
  return { score, reason, values };
}

/** Returns the seat count that support tickets are compared with: 10 when no count is above 0. */
function supportSeatBase(account: AccountFacts): number {
  const counts = [account.seatsActive.value, account.seatsPurchased.value];
  return counts.find((count): count is number => count !== null && count > 0) ?? 10;
}

function scoreSupport(account: AccountFacts): Outcome {
  const tickets = account.tickets;
  const seatBase = supportSeatBase(account);
  const values: SignalValues = { tickets: shown(tickets), seatBase, ticketsPer10Seats: null };
  if (tickets.value === null) {
    return missingOutcome('SUPPORT', [tickets], values);
  }
  const ticketsPer10Seats = (tickets.value * 10) / seatBase;
  values.ticketsPer10Seats = ticketsPer10Seats;
  const score = 100 * clamp(1 - ticketsPer10Seats / 5, 0, 1);
  let reason = 'SUPPORT_TICKETS';
  if (tickets.value === 0) {
    reason = 'SUPPORT_NO_TICKETS';
  } else if (ticketsPer10Seats >= 5) {
    reason = 'SUPPORT_TICKETS_HIGH';
  }
  return { score, reason, values };
}

function scoreNps(account: AccountFacts): Outcome {
  const nps = account.nps;
  const values = { nps: shown(nps) };
  if (nps.value === null) {
    return missingOutcome('NPS', [nps], values);
  }
  let reason = 'NPS_NEUTRAL';
  if (nps.value > 0) {
    reason = 'NPS_POSITIVE';
  } else if (nps.value < 0) {
    reason = 'NPS_NEGATIVE';
  }
  return { score: (nps.value + 100) / 2, reason, values };
}

const BILLING_SCORES: Record<BillingStatus, { score: number; reason: string }> = {
  Current: { score: 100, reason: 'BILLING_CURRENT' },
  'Overdue 1-30': { score: 60, reason: 'BILLING_OVERDUE' },
  'Overdue 31-60': { score: 30, reason: 'BILLING_OVERDUE' },
  'Overdue 61+': { score: 0, reason: 'BILLING_OVERDUE' },
  Collections: { score: 0, reason: 'BILLING_COLLECTIONS' },
};

function scoreBilling(account: AccountFacts): Outcome {
  const status = account.billingStatus;
  const values = { billingStatus: shown(status) };
  if (status.value === null) {
    return missingOutcome('BILLING', [status], values);
  }
  return { ...BILLING_SCORES[status.value], values };
}

function scoreLogins(account: AccountFacts): Outcome {
  const days = account.loginDays;
  const values = { loginDays: shown(days) };
  if (days.value === null) {
    return missingOutcome('LOGINS', [days], values);
  }
  const score = 100 * Math.min(1, days.value / 20);
  return { score, reason: days.value >= 20 ? 'LOGINS_HEALTHY' : 'LOGINS_LOW', values };
}

function scoreDiscount(deal: DealFacts): Outcome {
  const discount = deal.discount;
  const values = { discount: shown(discount) };
  if (discount.value === null) {
    return missingOutcome('DISCOUNT', [discount], values);
  }
  if (discount.value <= 10) {
    return { score: 100, reason: 'DISCOUNT_STANDARD', values };
  }
  if (discount.value <= 25) {
    return { score: 70, reason: 'DISCOUNT_MODERATE', values };
  }
  return { score: 35, reason: 'DISCOUNT_SIGNIFICANT', values };
}

function scoreIcp(deal: DealFacts): Outcome {
  const rating = deal.icp;
  const values = { icpFitRating: shown(rating) };
  if (rating.value === null) {
    return missingOutcome('ICP', [rating], values);
  }
  let reason = 'ICP_FIT_MEDIUM';
  if (rating.value >= 4) {
    reason = 'ICP_FIT_HIGH';
  } else if (rating.value <= 2) {
    reason = 'ICP_FIT_LOW';
  }
  return { score: (rating.value - 1) * 25, reason, values };
}

const CHAMPION_SCORES: Record<ChampionStatus, { score: number; reason: string }> = {
  Unchanged: { score: 100, reason: 'CHAMPION_UNCHANGED' },
  'Title Changed': { score: 60, reason: 'CHAMPION_TITLE_CHANGED' },
  'Left Company': { score: 10, reason: 'CHAMPION_LEFT_COMPANY' },
};

function scoreChampion(account: AccountFacts): Outcome {
  const status = account.championStatus;
  const values = { championStatus: shown(status) };
  if (status.invalid) {
    return { score: null, reason: 'CHAMPION_INVALID', values };
  }
  if (status.value === null) {
    // The champion at close is presumed in place until a CSM records otherwise.
    return { score: 100, reason: 'CHAMPION_STATUS_BLANK', values };
  }
  return { ...CHAMPION_SCORES[status.value], values };
}

function scoreDisplacement(deal: DealFacts): Outcome {
  const displacement = deal.displacement;
  const t = deal.t;
  const values = { displacement: shown(displacement), daysSinceClose: t };
  if (displacement.invalid) {
    return { score: null, reason: 'DISPLACEMENT_INVALID', values };
  }
  if (displacement.value !== true) {
    return { score: 100, reason: 'DISPLACEMENT_NONE', values };
  }
  // The first 12 months after displacing an incumbent score 40. The score then rises linearly to
  // 100 over the next 182 days.
  if (t < 365) {
    return { score: 40, reason: 'DISPLACEMENT_WINDOW', values };
  }
  if (t < 547) {
    return { score: 40 + (60 * (t - 365)) / 182, reason: 'DISPLACEMENT_RECOVERING', values };
  }
  return { score: 100, reason: 'DISPLACEMENT_SETTLED', values };
}

function countStatuses<T extends string>(items: { status: FieldRead<T> }[], status: T): number {
  return items.filter((item) => item.status.value === status).length;
}

function scoreUseCases(deal: DealFacts): Outcome {
  const active = countStatuses(deal.useCases, 'Active');
  const notActive = countStatuses(deal.useCases, 'Not Active');
  const committed = countStatuses(deal.useCases, 'Committed');
  const values = { active, notActive, committed };
  if (active + notActive === 0) {
    const reason = committed > 0 ? 'USE_CASES_NOT_REVIEWED' : 'USE_CASES_NONE';
    return { score: null, reason, values };
  }
  const score = (100 * active) / (active + notActive);
  let reason = 'USE_CASES_PARTIAL';
  if (score === 100) {
    reason = 'USE_CASES_ACTIVE';
  } else if (score < 50) {
    reason = 'USE_CASES_GAP';
  }
  return { score, reason, values };
}

function isOverdue(promise: PromiseFacts, asOfDay: number): boolean {
  return promise.dueOn.value !== null && promise.dueOn.value < asOfDay;
}

function scorePromises(deal: DealFacts): Outcome {
  const open = deal.promises.filter((promise) => promise.status.value === 'Open');
  const openOverdue = open.filter((promise) => isOverdue(promise, deal.asOfDay)).length;
  const openNotOverdue = open.length - openOverdue;
  const values = { openNotOverdue, openOverdue };
  const score = Math.max(0, 100 - 25 * openNotOverdue - 40 * openOverdue);
  let reason = 'PROMISES_NONE_OPEN';
  if (openOverdue > 0) {
    reason = 'PROMISES_OVERDUE';
  } else if (openNotOverdue > 0) {
    reason = 'PROMISES_OPEN';
  }
  return { score, reason, values };
}

/** Scores all 12 signals. Without a deal, every deal-context signal is missing. */
function scoreSignals(account: AccountFacts, deal: DealFacts | null): Record<SignalName, Outcome> {
  const product = {
    usage: scoreUsage(account),
    seats: scoreSeats(account),
    support: scoreSupport(account),
    nps: scoreNps(account),
    billing: scoreBilling(account),
    logins: scoreLogins(account),
  };
  if (deal === null) {
    const absent = (): Outcome => ({ score: null, reason: 'DEAL_CONTEXT_MISSING', values: {} });
    return {
      ...product,
      discount: absent(),
      icp: absent(),
      champion: absent(),
      displacement: absent(),
      useCases: absent(),
      promises: absent(),
    };
  }
  return {
    ...product,
    discount: scoreDiscount(deal),
    icp: scoreIcp(deal),
    champion: scoreChampion(account),
    displacement: scoreDisplacement(deal),
    useCases: scoreUseCases(deal),
    promises: scorePromises(deal),
  };
}

// ---------------------------------------------------------------------------------------------
// Layers and the hybrid score.

const LAYER_MISSING_REASONS: Record<Layer, string> = {
  product: 'PRODUCT_SIGNALS_MISSING',
  dealContext: 'DEAL_CONTEXT_MISSING',
};

interface LayerTotal {
  /** Weighted mean of the present signals, or null when the layer is missing. */
  score: number | null;
  /** Sum of the weights of the present signals. */
  presentWeight: number;
}

function signalsOf(layer: Layer): SignalName[] {
  return SIGNAL_NAMES.filter((signal) => SIGNAL_LAYERS[signal] === layer);
}

/**
 * Computes a layer's score. A layer whose present signals weigh 0 in total, or that `exists`
 * rules out, is missing, and its signals are marked missing in `outcomes`.
 */
function totalLayer(
  layer: Layer,
  outcomes: Record<SignalName, Outcome>,
  model: HealthModel,
  exists: boolean,
): LayerTotal {
  const present = signalsOf(layer).filter((signal) => outcomes[signal].score !== null);
  const presentWeight = present.reduce((sum, signal) => sum + model.signals[signal].weight, 0);
  if (!exists || presentWeight === 0) {
    for (const signal of present) {
      outcomes[signal] = { ...outcomes[signal], score: null, reason: LAYER_MISSING_REASONS[layer] };
    }
    return { score: null, presentWeight: 0 };
  }
  const weighted = present.reduce(
    (sum, signal) => sum + model.signals[signal].weight * (outcomes[signal].score ?? 0),
    0,
  );
  return { score: weighted / presentWeight, presentWeight };
}

interface Hybrid {
  raw: number | null;
  /** Share of `raw` that each layer carries: its segment weight, or 1 when it is alone. */
  shares: Record<Layer, number>;
}

function combineLayers(
  product: number | null,
  dealContext: number | null,
  weights: { product: number; dealContext: number },
): Hybrid {
  if (product !== null && dealContext !== null) {
    const total = weights.product + weights.dealContext;
    const shares = { product: weights.product / total, dealContext: weights.dealContext / total };
    return { raw: shares.product * product + shares.dealContext * dealContext, shares };
  }
  if (product !== null) {
    return { raw: product, shares: { product: 1, dealContext: 0 } };
  }
  if (dealContext !== null) {
    return { raw: dealContext, shares: { product: 0, dealContext: 1 } };
  }
  return { raw: null, shares: { product: 0, dealContext: 0 } };
}

/**
 * Rounds half up. The 1e-9 rounds up a float such as 74.4999999999, which is 74.5 with float error.
 */
function roundScore(raw: number): number {
  return Math.floor(raw + 0.5 + 1e-9);
}

function sortedBands(model: HealthModel): HealthModel['bands'] {
  return [...model.bands].sort((a, b) => b.minScore - a.minScore);
}

function bandOf(score: number, model: HealthModel): Band {
  const bands = sortedBands(model);
  const match = bands.find((band) => score >= band.minScore);
  return (match ?? bands[bands.length - 1]).band;
}

/**
 * Returns the Green band's minimum score (75 in the default model). Masked risk compares the
 * product layer with it and caps the score one below it, so a capped account is never Green.
 */
function greenMinimum(model: HealthModel): number {
  return model.bands.find((band) => band.band === 'Green')?.minScore ?? 75;
}

function signalResults(
  outcomes: Record<SignalName, Outcome>,
  model: HealthModel,
  totals: Record<Layer, LayerTotal>,
  shares: Record<Layer, number>,
): SignalResult[] {
  return SIGNAL_NAMES.map((signal) => {
    const layer = SIGNAL_LAYERS[signal];
    const weight = model.signals[signal].weight;
    const { score, reason, values } = outcomes[signal];
    const factor = score === null ? 0 : (shares[layer] * weight) / totals[layer].presentWeight;
    return {
      signal,
      layer,
      weight,
      score,
      points: score === null ? 0 : factor * score,
      pointsLost: score === null ? 0 : factor * (100 - score),
      reason,
      values,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Risk signals, masked risk and cadence.

type RiskFlag = Extract<
  FlagCode,
  | 'DISCOUNT_SIGNIFICANT'
  | 'LOW_ICP_FIT'
  | 'CHAMPION_CHANGED'
  | 'DISPLACEMENT_WINDOW'
  | 'USE_CASE_GAP'
  | 'PROMISE_OVERDUE'
>;

const RISK_FLAGS: readonly RiskFlag[] = [
  'DISCOUNT_SIGNIFICANT',
  'LOW_ICP_FIT',
  'CHAMPION_CHANGED',
  'DISPLACEMENT_WINDOW',
  'USE_CASE_GAP',
  'PROMISE_OVERDUE',
];

/** Returns the deal-context risk flags. A signal whose input is missing or invalid raises none. */
function riskFlags(
  account: AccountFacts,
  deal: DealFacts,
  outcomes: Record<SignalName, Outcome>,
): RiskFlag[] {
  const discount = deal.discount.value;
  const rating = deal.icp.value;
  const champion = account.championStatus.value;
  const useCases = outcomes.useCases.score;
  const raised: Record<RiskFlag, boolean> = {
    DISCOUNT_SIGNIFICANT: discount !== null && discount > 25,
    LOW_ICP_FIT: rating !== null && rating <= 2,
    CHAMPION_CHANGED: champion === 'Title Changed' || champion === 'Left Company',
    DISPLACEMENT_WINDOW: deal.displacement.value === true && deal.t < 365,
    USE_CASE_GAP: useCases !== null && useCases < 50,
    PROMISE_OVERDUE: deal.promises.some(
      (promise) => promise.status.value === 'Open' && isOverdue(promise, deal.asOfDay),
    ),
  };
  return RISK_FLAGS.filter((flag) => raised[flag]);
}

/** Returns the latest CSM review: the latest of the champion review and the use case reviews. */
function latestReview(account: AccountFacts, deal: DealFacts): number | null {
  const days = [account.championReviewedOn.value, ...deal.useCases.map((u) => u.reviewedOn.value)];
  const known = days.filter((day): day is number => day !== null);
  return known.length > 0 ? Math.max(...known) : null;
}

function hasCommittedUseCase(deal: DealFacts): boolean {
  return deal.useCases.some((useCase) => useCase.status.value === 'Committed');
}

/**
 * Returns whether a CSM review is overdue: the champion review once t >= 90, a use case still
 * Committed once t >= 120, and a monthly review while the band is below Green.
 */
function isReviewOverdue(account: AccountFacts, deal: DealFacts, band: Band | null): boolean {
  const reviewed = account.championReviewedOn.value;
  const championOverdue = deal.t >= 90 && (reviewed === null || deal.asOfDay - reviewed > 90);
  const useCasesOverdue = deal.t >= 120 && hasCommittedUseCase(deal);
  const latest = latestReview(account, deal);
  const monthlyOverdue =
    band !== null && band !== 'Green' && (latest === null || deal.asOfDay - latest > 30);
  return championOverdue || useCasesOverdue || monthlyOverdue;
}

/** Returns the day the next CSM review is due under the rules of `isReviewOverdue`. */
function reviewDueDay(account: AccountFacts, deal: DealFacts, band: Band | null): number {
  const reviewed = account.championReviewedOn.value;
  const due = [
    reviewed === null ? deal.closeDay + 90 : Math.max(deal.closeDay + 90, reviewed + 90),
  ];
  if (hasCommittedUseCase(deal)) {
    due.push(deal.closeDay + 120);
  }
  if (band !== null && band !== 'Green') {
    const latest = latestReview(account, deal);
    due.push(latest === null ? deal.closeDay : latest + 30);
  }
  return Math.min(...due);
}

// NOTE: reviews and promise due dates are taken as recorded, so scoring an earlier as-of date
// (a backtest) also counts reviews made after that date.
function cadenceFlags(account: AccountFacts, deal: DealFacts, band: Band | null): FlagCode[] {
  const flags: FlagCode[] = [];
  const discount = deal.discount.value;
  if (discount !== null && discount > 25 && deal.t < 90) {
    flags.push('CLOSE_MONITORING');
  }
  if (isReviewOverdue(account, deal, band)) {
    flags.push('REVIEW_OVERDUE');
  }
  return flags;
}

// ---------------------------------------------------------------------------------------------
// Drivers.

const DRIVER_ORDER: readonly Driver['signal'][] = [...SIGNAL_NAMES, 'maskedRiskCap'];

/** Sorts by points lost (descending), then signal order. Points lost within 1e-9 count as equal. */
function compareDrivers(a: Driver, b: Driver): number {
  if (Math.abs(a.pointsLost - b.pointsLost) > 1e-9) {
    return b.pointsLost - a.pointsLost;
  }
  return DRIVER_ORDER.indexOf(a.signal) - DRIVER_ORDER.indexOf(b.signal);
}

function buildDrivers(signals: SignalResult[], cap: Driver | null): Driver[] {
  const drivers: Driver[] = signals
    .filter((signal) => signal.score !== null)
    .map(({ signal, layer, points, pointsLost, reason, values }) => ({
      signal,
      layer,
      points,
      pointsLost,
      reason,
      values,
    }));
  if (cap !== null) {
    drivers.push(cap);
  }
  return drivers.sort(compareDrivers);
}

function maskedRiskCapDriver(raw: number, cappedScore: number, productScore: number): Driver {
  return {
    signal: 'maskedRiskCap',
    layer: null,
    points: cappedScore - raw,
    pointsLost: raw - cappedScore,
    reason: 'MASKED_RISK_CAP',
    values: { raw, cappedScore, productSignalScore: productScore },
  };
}

interface FinalScore {
  score: number | null;
  band: Band | null;
  masked: boolean;
  /** The masked-risk cap driver, when the cap lowered the score. */
  cap: Driver | null;
}

/**
 * Rounds `raw` to the score and applies masked risk: a product layer at the Green minimum or more
 * with 2 or more risks is masked, and a masked score at the Green minimum or more is capped one
 * below it.
 */
function finalScore(
  raw: number | null,
  productScore: number | null,
  riskCount: number,
  model: HealthModel,
): FinalScore {
  if (raw === null) {
    return { score: null, band: null, masked: false, cap: null };
  }
  const green = greenMinimum(model);
  const masked = productScore !== null && productScore >= green && riskCount >= 2;
  let score = roundScore(raw);
  let cap: Driver | null = null;
  if (masked && score >= green) {
    score = green - 1;
    cap = maskedRiskCapDriver(raw, score, productScore);
  }
  return { score, band: bandOf(score, model), masked, cap };
}

// ---------------------------------------------------------------------------------------------
// Scoring.

/**
 * Scores one account as of `input.asOf` with `model`, which must have passed `validateModel`.
 * Throws a RangeError when `asOf` is not a `YYYY-MM-DD` date. An invalid field value does not
 * throw: it is listed in `invalidInputs` and raises `INVALID_INPUT`.
 */
export function scoreAccount(input: ScoreInput, model: HealthModel = DEFAULT_MODEL): ScoreResult {
  const asOfDay = requireDay(input.asOf, 'asOf');
  const invalidInputs: InvalidInput[] = [];
  const account = readAccount(input.account ?? {}, invalidInputs);
  const deal = readDeal(input, asOfDay, invalidInputs);
  const outcomes = scoreSignals(account, deal);
  const dealContextExists =
    deal !== null && (deal.discount.value !== null || deal.icp.value !== null);
  const totals: Record<Layer, LayerTotal> = {
    product: totalLayer('product', outcomes, model, true),
    dealContext: totalLayer('dealContext', outcomes, model, dealContextExists),
  };
  const segment = account.segment.value ?? 'SMB';
  const hybrid = combineLayers(
    totals.product.score,
    totals.dealContext.score,
    model.segments[segment],
  );
  const signals = signalResults(outcomes, model, totals, hybrid.shares);

  const dealWithLayer = totals.dealContext.score !== null ? deal : null;
  const risks = dealWithLayer !== null ? riskFlags(account, dealWithLayer, outcomes) : [];
  const final = finalScore(hybrid.raw, totals.product.score, risks.length, model);
  const flags = new Set<FlagCode>(risks);
  if (final.masked) {
    flags.add('MASKED_RISK');
  }

  let reviewDueOn: string | null = null;
  if (dealWithLayer !== null) {
    cadenceFlags(account, dealWithLayer, final.band).forEach((flag) => flags.add(flag));
    reviewDueOn = formatDay(reviewDueDay(account, dealWithLayer, final.band));
  }
  layerFlags(totals).forEach((flag) => flags.add(flag));
  if (invalidInputs.length > 0) {
    flags.add('INVALID_INPUT');
  }
  if (account.segment.value === null) {
    flags.add('SEGMENT_MISSING');
  }

  return {
    modelVersion: cachedVersionLabel(model),
    score: final.score,
    band: final.band,
    raw: hybrid.raw,
    productSignalScore: totals.product.score,
    dealContextScore: totals.dealContext.score,
    signals,
    drivers: buildDrivers(signals, final.cap),
    flags: FLAG_CODES.filter((flag) => flags.has(flag)),
    riskCount: risks.length,
    reviewDueOn,
    invalidInputs,
  };
}

function layerFlags(totals: Record<Layer, LayerTotal>): FlagCode[] {
  const product = totals.product.score !== null;
  const dealContext = totals.dealContext.score !== null;
  if (product && !dealContext) {
    return ['DEAL_CONTEXT_MISSING'];
  }
  if (!product && dealContext) {
    return ['PRODUCT_SIGNALS_MISSING'];
  }
  return product ? [] : ['NO_DATA'];
}

// ---------------------------------------------------------------------------------------------
// Deal-context opportunity.

function compareOptionalTimes(a: string | undefined, b: string | undefined): number {
  const timeA = a === undefined ? NaN : Date.parse(a);
  const timeB = b === undefined ? NaN : Date.parse(b);
  if (Number.isNaN(timeA) || Number.isNaN(timeB)) {
    // A known creation time beats an unknown one.
    return Number(!Number.isNaN(timeA)) - Number(!Number.isNaN(timeB));
  }
  return timeA - timeB;
}

/**
 * Selects the deal-context opportunity as of `asOf`: the won opportunity with a non-null
 * ICP_Fit_Rating__c and the latest CloseDate on or before `asOf`. Ties go to the later
 * CreatedDate, then the higher Id. An ICP rating that is not null but invalid still selects it.
 */
export function selectDealContextOpportunity<
  T extends {
    Id: string;
    IsWon: boolean;
    ICP_Fit_Rating__c: number | null;
    CloseDate: string;
    CreatedDate?: string;
  },
>(opportunities: T[], asOf: string): T | null {
  const asOfDay = requireDay(asOf, 'asOf');
  let best: T | null = null;
  let bestCloseDay = -Infinity;
  for (const opportunity of opportunities) {
    const closeDay = parseDay(opportunity.CloseDate);
    if (
      opportunity.IsWon !== true ||
      isBlank(opportunity.ICP_Fit_Rating__c) ||
      closeDay === null ||
      closeDay > asOfDay
    ) {
      continue;
    }
    if (best === null || isLaterDeal(closeDay, opportunity, bestCloseDay, best)) {
      best = opportunity;
      bestCloseDay = closeDay;
    }
  }
  return best;
}

function isLaterDeal<T extends { Id: string; CreatedDate?: string }>(
  closeDay: number,
  candidate: T,
  bestCloseDay: number,
  best: T,
): boolean {
  if (closeDay !== bestCloseDay) {
    return closeDay > bestCloseDay;
  }
  const created = compareOptionalTimes(candidate.CreatedDate, best.CreatedDate);
  return created !== 0 ? created > 0 : candidate.Id > best.Id;
}

// ---------------------------------------------------------------------------------------------
// Model label and validation.

/** Hashes text with 32-bit FNV-1a over its UTF-8 bytes, as 8 lowercase hex digits. */
function fnv1a32(text: string): string {
  // encodeURIComponent turns each non-ASCII character into %XX escapes of its UTF-8 bytes. It
  // replaces TextEncoder, which the jsdom test environment lacks.
  const utf8 = /^[\x00-\x7f]*$/.test(text) ? text : unescapeUtf8(encodeURIComponent(text));
  let hash = 0x811c9dc5;
  for (let i = 0; i < utf8.length; i++) {
    hash ^= utf8.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** Turns each %XX escape into the character with code XX, one character per UTF-8 byte. */
function unescapeUtf8(escaped: string): string {
  return escaped.replace(/%([0-9A-F]{2})/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

/**
 * Returns the model's version label, `<version>:<8 hex digits>`, for example "1:3f9a2c1e". The
 * digits are the FNV-1a hash of the segment weights, band minimums (not their action text) and
 * signal weights, so a change of weights in custom metadata changes the label.
 */
export function modelVersionLabel(model: HealthModel): string {
  return `${model.version}:${fnv1a32(canonicalModelJson(model))}`;
}

// Hashing the model took about as long as scoring an account, and a run scores every account
// with one model object, so the label is cached per object. A caller that edits a model after
// scoring with it must score with a copy.
const versionLabels = new WeakMap<HealthModel, string>();

function cachedVersionLabel(model: HealthModel): string {
  let label = versionLabels.get(model);
  if (label === undefined) {
    label = modelVersionLabel(model);
    versionLabels.set(model, label);
  }
  return label;
}

const SORTED_SEGMENTS = [...SEGMENTS].sort();
const SORTED_SIGNAL_NAMES = [...SIGNAL_NAMES].sort();

/**
 * Serializes the weights and band minimums to JSON with every object's keys in sorted order, so
 * equal models give equal text. JSON.stringify keeps insertion order, so each object is built
 * with its keys already sorted.
 */
function canonicalModelJson(model: HealthModel): string {
  const bands = BANDS.map((name) => {
    const band = model.bands.find((item) => item.band === name);
    return { band: name, minScore: band?.minScore ?? null };
  });
  const segments: Record<string, unknown> = {};
  for (const segment of SORTED_SEGMENTS) {
    const weights = model.segments[segment];
    segments[segment] = { dealContext: weights?.dealContext, product: weights?.product };
  }
  const signals: Record<string, unknown> = {};
  for (const signal of SORTED_SIGNAL_NAMES) {
    const entry = model.signals[signal];
    signals[signal] = { layer: entry?.layer, weight: entry?.weight };
  }
  return JSON.stringify({ bands, segments, signals });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isWeight(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function rejectUnknownKeys(
  record: Record<string, unknown>,
  known: readonly string[],
  kind: string,
  errors: string[],
): void {
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) {
      errors.push(`Unknown ${kind} ${JSON.stringify(key)}: expected one of ${known.join(', ')}.`);
    }
  }
}

function validateSegments(value: unknown, errors: string[]): HealthModel['segments'] | null {
  if (!isRecord(value)) {
    errors.push('Segments are missing: add a Health_Segment_Weight__mdt record per segment.');
    return null;
  }
  rejectUnknownKeys(value, SEGMENTS, 'segment', errors);
  const segments: Partial<HealthModel['segments']> = {};
  for (const segment of SEGMENTS) {
    const weights = value[segment];
    if (!isRecord(weights)) {
      errors.push(`Segment ${segment} is missing: add its Health_Segment_Weight__mdt record.`);
      continue;
    }
    const { product, dealContext } = weights;
    if (!isWeight(product) || !isWeight(dealContext)) {
      errors.push(
        `Segment ${segment} has weights ${String(product)}/${String(dealContext)}: ` +
          'set the product and deal-context weights to finite numbers of 0 or more.',
      );
      continue;
    }
    if (product === 0 && dealContext === 0) {
      errors.push(`Segment ${segment} has both layer weights 0: give one layer a weight above 0.`);
      continue;
    }
    segments[segment] = { product, dealContext };
  }
  return segments as HealthModel['segments'];
}

function validateBandEntry(entry: unknown, errors: string[]): HealthModel['bands'][number] | null {
  if (!isRecord(entry) || !(BANDS as readonly unknown[]).includes(entry.band)) {
    const name = isRecord(entry) ? JSON.stringify(entry.band) : JSON.stringify(entry);
    errors.push(`Unknown band ${name}: expected one of ${BANDS.join(', ')}.`);
    return null;
  }
  const band = entry.band as Band;
  const { minScore, action } = entry;
  if (
    typeof minScore !== 'number' ||
    !Number.isInteger(minScore) ||
    minScore < 0 ||
    minScore > 100
  ) {
    errors.push(
      `Band ${band} has minimum score ${String(minScore)}: set a whole number from 0 to 100.`,
    );
    return null;
  }
  if (typeof action !== 'string') {
    errors.push(`Band ${band} has no action text: set its default CSM action.`);
    return null;
  }
  return { band, minScore, action };
}

function validateBands(value: unknown, errors: string[]): HealthModel['bands'] | null {
  if (!Array.isArray(value)) {
    errors.push('Bands are missing: add a Health_Band__mdt record per band.');
    return null;
  }
  const entries = value.map((entry) => validateBandEntry(entry, errors));
  const bands: HealthModel['bands'] = [];
  for (const name of BANDS) {
    const matches = entries.filter((entry) => entry !== null && entry.band === name);
    if (matches.length !== 1) {
      errors.push(`Band ${name} appears ${matches.length} times: define it exactly once.`);
    } else if (matches[0] !== null) {
      bands.push(matches[0]);
    }
  }
  if (bands.length !== BANDS.length) {
    return null;
  }
  for (let i = 1; i < bands.length; i++) {
    if (bands[i].minScore >= bands[i - 1].minScore) {
      errors.push(
        `Band ${bands[i].band} minimum ${bands[i].minScore} is not below ` +
          `${bands[i - 1].band} minimum ${bands[i - 1].minScore}: minimums must fall from ` +
          'Green to Critical.',
      );
    }
  }
  if (bands[bands.length - 1].minScore !== 0) {
    errors.push(`Band Critical minimum is ${bands[bands.length - 1].minScore}: set it to 0.`);
  }
  return bands;
}

function validateSignals(value: unknown, errors: string[]): HealthModel['signals'] | null {
  if (!isRecord(value)) {
    errors.push('Signals are missing: add a Health_Signal__mdt record per signal.');
    return null;
  }
  rejectUnknownKeys(value, SIGNAL_NAMES, 'signal', errors);
  const signals: Partial<HealthModel['signals']> = {};
  for (const signal of SIGNAL_NAMES) {
    const entry = value[signal];
    const layer = SIGNAL_LAYERS[signal];
    if (!isRecord(entry)) {
      errors.push(`Signal ${signal} is missing: add its Health_Signal__mdt record.`);
    } else if (entry.layer !== layer) {
      errors.push(
        `Signal ${signal} has layer ${JSON.stringify(entry.layer)}: set it to ${layer}, ` +
          `its layer in model version ${MODEL_VERSION}.`,
      );
    } else if (!isWeight(entry.weight)) {
      errors.push(
        `Signal ${signal} has weight ${String(entry.weight)}: set a finite number of 0 or more.`,
      );
    } else {
      signals[signal] = { layer, weight: entry.weight };
    }
  }
  for (const layer of ['product', 'dealContext'] as const) {
    const names = signalsOf(layer);
    if (names.every((signal) => signals[signal]?.weight === 0)) {
      errors.push(`Every ${layer} signal has weight 0: give one of them a weight above 0.`);
    }
  }
  return signals as HealthModel['signals'];
}

/**
 * Validates a model read from custom metadata and returns a normalized copy (bands from Green to
 * Critical), or null with every problem found. Checks that every segment, band and signal is
 * present, that weights are finite and 0 or more, that each segment weighs at least one layer and
 * each layer at least one signal, that each signal keeps its version 1 layer, and that band
 * minimums are whole numbers falling strictly from Green to Critical, with Critical at 0.
 */
export function validateModel(model: unknown): { model: HealthModel | null; errors: string[] } {
  if (!isRecord(model)) {
    return {
      model: null,
      errors: ['The model is not an object: expected version, segments, bands and signals.'],
    };
  }
  const errors: string[] = [];
  if (model.version !== MODEL_VERSION) {
    errors.push(
      `Model version ${String(model.version)} is not supported: this engine scores version ` +
        `${MODEL_VERSION}.`,
    );
  }
  const segments = validateSegments(model.segments, errors);
  const bands = validateBands(model.bands, errors);
  const signals = validateSignals(model.signals, errors);
  if (errors.length > 0 || segments === null || bands === null || signals === null) {
    return { model: null, errors };
  }
  return { model: { version: MODEL_VERSION, segments, bands, signals }, errors };
}
