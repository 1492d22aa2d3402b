import {
  BANDS,
  DEFAULT_MODEL,
  FLAG_CODES,
  MODEL_VERSION,
  REASON_CODES,
  SIGNAL_NAMES,
  addDays,
  daysBetween,
  modelVersionLabel,
  scoreAccount,
  selectDealContextOpportunity,
  validateModel,
} from 'c/healthModel';
import type {
  AccountInput,
  FlagCode,
  HealthModel,
  OpportunityInput,
  PromiseInput,
  ScoreResult,
  SignalName,
  SignalResult,
  UseCaseInput,
} from 'c/healthModel';

// Every expected number below is worked out by hand from the model 1 formulas. Floats are
// compared to 9 decimal places.
const PRECISION = 9;

const AS_OF = '2025-06-01';
const ACCOUNT_ID = '001000000000001AAA';
const OPPORTUNITY_ID = '006000000000001AAA';
const USE_CASE_ID = 'a01000000000001AAA';
const PROMISE_ID = 'a02000000000001AAA';

/** Account whose six product signals all score 100, so P = 100. */
const HEALTHY_ACCOUNT: AccountInput = {
  Id: ACCOUNT_ID,
  Customer_Segment__c: 'SMB',
  Champion_Status__c: 'Unchanged',
  Champion_Reviewed_On__c: '2025-05-20', // 12 days before AS_OF
  Active_User_Ratio__c: 60,
  Seats_Purchased__c: 100,
  Seats_Active__c: 95,
  Support_Tickets_90d__c: 0,
  NPS__c: 100,
  Billing_Status__c: 'Current',
  Login_Days_30d__c: 25,
};

/**
 * Opportunity closed 2025-01-01, t = 151 days before AS_OF (31 + 28 + 31 + 30 + 31), whose
 * deal-context signals score 100. Without use cases that signal is missing, so D = 100.
 */
const HEALTHY_OPPORTUNITY: OpportunityInput = {
  Id: OPPORTUNITY_ID,
  CloseDate: '2025-01-01',
  Discount_Depth__c: 5,
  ICP_Fit_Rating__c: 5,
  Competitive_Displacement__c: false,
};

/**
 * Product signals: usage 40 -> 80, seats 55/100 -> 100 * (0.55 - 0.2) / 0.7 = 50,
 * support 11 tickets on 55 active seats -> k = 110 / 55 = 2 -> 100 * (1 - 2 / 5) = 60,
 * NPS 20 -> 60, Overdue 1-30 -> 60, 15 login days -> 75.
 * P = (25 * 80 + 20 * 50 + 15 * 60 + 15 * 60 + 15 * 60 + 10 * 75) / 100 = 6450 / 100 = 64.5.
 */
const MIXED_ACCOUNT: AccountInput = {
  ...HEALTHY_ACCOUNT,
  Champion_Status__c: 'Title Changed',
  Active_User_Ratio__c: 40,
  Seats_Purchased__c: 100,
  Seats_Active__c: 55,
  Support_Tickets_90d__c: 11,
  NPS__c: 20,
  Billing_Status__c: 'Overdue 1-30',
  Login_Days_30d__c: 15,
};

/**
 * Deal-context signals with MIXED_ACCOUNT's champion: discount 15 -> 70, ICP 4 -> 75, Title
 * Changed -> 60, no displacement -> 100, use cases 1 Active of 2 reviewed -> 50, one open promise
 * not overdue -> 75.
 * D = (20 * 70 + 25 * 75 + 20 * 60 + 10 * 100 + 15 * 50 + 10 * 75) / 100 = 6975 / 100 = 69.75.
 * SMB raw = 0.65 * 64.5 + 0.35 * 69.75 = 41.925 + 24.4125 = 66.3375 -> 66 Yellow.
 */
const MIXED_OPPORTUNITY: OpportunityInput = {
  ...HEALTHY_OPPORTUNITY,
  Discount_Depth__c: 15,
  ICP_Fit_Rating__c: 4,
};

function mixedUseCases(reviewedOn: string | null = '2025-05-10'): UseCaseInput[] {
  return [
    { Id: USE_CASE_ID, Name: 'Forecasting', Status__c: 'Active', Reviewed_On__c: reviewedOn },
    { Name: 'Territory planning', Status__c: 'Not Active', Reviewed_On__c: reviewedOn },
  ];
}

const MIXED_PROMISES: PromiseInput[] = [
  { Id: PROMISE_ID, Type__c: 'Integration', Status__c: 'Open', Due_On__c: '2025-09-01' },
];

interface Scenario {
  account?: AccountInput;
  opportunity?: OpportunityInput | null;
  useCases?: UseCaseInput[];
  promises?: PromiseInput[];
  asOf?: string;
}

/** Scores a scenario, taking whatever it leaves out from the healthy fixtures. */
function score(scenario: Scenario = {}, model?: HealthModel): ScoreResult {
  return scoreAccount(
    {
      account: scenario.account ?? HEALTHY_ACCOUNT,
      opportunity: scenario.opportunity === undefined ? HEALTHY_OPPORTUNITY : scenario.opportunity,
      useCases: scenario.useCases ?? [],
      promises: scenario.promises ?? [],
      asOf: scenario.asOf ?? AS_OF,
    },
    model,
  );
}

function mixed(overrides: Scenario = {}): ScoreResult {
  return score({
    account: MIXED_ACCOUNT,
    opportunity: MIXED_OPPORTUNITY,
    useCases: mixedUseCases(),
    promises: MIXED_PROMISES,
    ...overrides,
  });
}

function signalOf(result: ScoreResult, name: SignalName): SignalResult {
  const signal = result.signals.find((item) => item.signal === name);
  if (signal === undefined) {
    throw new Error(`Signal ${name} is not in the result.`);
  }
  return signal;
}

function expectScore(actual: number | null, expected: number | null): void {
  if (expected === null) {
    expect(actual).toBeNull();
  } else {
    expect(actual).toBeCloseTo(expected, PRECISION);
  }
}

function sumPoints(items: { points: number }[]): number {
  return items.reduce((sum, item) => sum + item.points, 0);
}

function copyModel(): HealthModel {
  return JSON.parse(JSON.stringify(DEFAULT_MODEL)) as HealthModel;
}

describe('addDays and daysBetween', () => {
  it.each([
    { date: '2024-02-28', days: 1, expected: '2024-02-29' },
    { date: '2024-12-31', days: 1, expected: '2025-01-01' },
    { date: '2025-03-01', days: -1, expected: '2025-02-28' },
    { date: '2025-01-01', days: 151, expected: '2025-06-01' },
    { date: '2025-03-30', days: 1, expected: '2025-03-31' },
  ])('addDays($date, $days) is $expected', ({ date, days, expected }) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it.each([
    { from: '2025-01-01', to: '2025-06-01', expected: 151 },
    { from: '2025-06-01', to: '2025-01-01', expected: -151 },
    { from: '2024-06-01', to: '2025-06-01', expected: 365 },
    { from: '2024-01-01', to: '2025-01-01', expected: 366 },
    { from: '2025-06-01', to: '2025-06-01', expected: 0 },
  ])('daysBetween($from, $to) is $expected', ({ from, to, expected }) => {
    expect(daysBetween(from, to)).toBe(expected);
  });

  it.each(['2025-02-30', '2025-6-1', '06/01/2025', ''])('rejects date %p', (date) => {
    expect(() => addDays(date, 1)).toThrow(RangeError);
    expect(() => daysBetween(date, AS_OF)).toThrow(RangeError);
  });

  it('rejects a fractional day count', () => {
    expect(() => addDays(AS_OF, 1.5)).toThrow(RangeError);
  });
});

describe('usage signal', () => {
  it.each([
    { ratio: 0, expected: 0, reason: 'USAGE_LOW' },
    { ratio: 25, expected: 50, reason: 'USAGE_LOW' },
    { ratio: 49.5, expected: 99, reason: 'USAGE_LOW' },
    { ratio: 50, expected: 100, reason: 'USAGE_HEALTHY' },
    { ratio: 100, expected: 100, reason: 'USAGE_HEALTHY' },
    { ratio: null, expected: null, reason: 'USAGE_MISSING' },
    { ratio: 101, expected: null, reason: 'USAGE_INVALID' },
  ])('ratio $ratio scores $expected', ({ ratio, expected, reason }) => {
    const usage = signalOf(
      score({ account: { ...HEALTHY_ACCOUNT, Active_User_Ratio__c: ratio } }),
      'usage',
    );
    expectScore(usage.score, expected);
    expect(usage.reason).toBe(reason);
    expect(usage.values).toEqual({ activeUserRatio: ratio });
  });
});

describe('seats signal', () => {
  it.each([
    // 100 * clamp((u - 0.2) / 0.7, 0, 1)
    { active: 90, purchased: 100, expected: 100, reason: 'SEATS_HEALTHY' }, // u = 0.9
    { active: 150, purchased: 100, expected: 100, reason: 'SEATS_HEALTHY' }, // u = 1.5, clamped
    { active: 55, purchased: 100, expected: 50, reason: 'SEATS_LOW' }, // 0.35 / 0.7
    { active: 34, purchased: 100, expected: 20, reason: 'SEATS_LOW' }, // 0.14 / 0.7
    { active: 20, purchased: 100, expected: 0, reason: 'SEATS_UNUSED' }, // u = 0.2
    { active: 10, purchased: 100, expected: 0, reason: 'SEATS_UNUSED' }, // clamped
    { active: 0, purchased: 0, expected: null, reason: 'SEATS_NONE_PURCHASED' },
    { active: 5, purchased: 0, expected: null, reason: 'SEATS_NONE_PURCHASED' },
    { active: null, purchased: 100, expected: null, reason: 'SEATS_MISSING' },
    { active: 50, purchased: null, expected: null, reason: 'SEATS_MISSING' },
    { active: -3, purchased: 100, expected: null, reason: 'SEATS_INVALID' },
    { active: 50, purchased: 2.5, expected: null, reason: 'SEATS_INVALID' },
  ])('$active of $purchased seats scores $expected', ({ active, purchased, expected, reason }) => {
    const account = { ...HEALTHY_ACCOUNT, Seats_Active__c: active, Seats_Purchased__c: purchased };
    const seats = signalOf(score({ account }), 'seats');
    expectScore(seats.score, expected);
    expect(seats.reason).toBe(reason);
  });

  it('reports utilization in its values', () => {
    const seats = signalOf(score({ account: MIXED_ACCOUNT }), 'seats');
    expect(seats.values).toEqual({ seatsActive: 55, seatsPurchased: 100, utilization: 0.55 });
  });

  it('scores an account with zero seats without the seats signal', () => {
    // Seats 0/0 leave seats missing and a support base of 10, so 1 ticket -> k = 1 -> 80.
    // P = (25 * 100 + 15 * 80 + 15 * 100 + 15 * 100 + 10 * 100) / 80 = 7700 / 80 = 96.25.
    const account = {
      ...HEALTHY_ACCOUNT,
      Seats_Active__c: 0,
      Seats_Purchased__c: 0,
      Support_Tickets_90d__c: 1,
    };
    const result = score({ account, opportunity: null });
    expect(signalOf(result, 'seats').score).toBeNull();
    expect(signalOf(result, 'seats').reason).toBe('SEATS_NONE_PURCHASED');
    expectScore(signalOf(result, 'support').score, 80);
    expectScore(result.productSignalScore, 96.25);
    expect(result.score).toBe(96);
    expect(result.band).toBe('Green');
    expect(result.flags).toEqual(['DEAL_CONTEXT_MISSING']);
    expect(result.invalidInputs).toEqual([]);
  });
});

describe('support signal', () => {
  it.each([
    // k = tickets * 10 / base; 100 * clamp(1 - k / 5, 0, 1)
    {
      tickets: 0,
      active: 95,
      purchased: 100,
      base: 95,
      expected: 100,
      reason: 'SUPPORT_NO_TICKETS',
    },
    // k = 2
    { tickets: 19, active: 95, purchased: 100, base: 95, expected: 60, reason: 'SUPPORT_TICKETS' },
    {
      tickets: 1,
      active: 1000,
      purchased: 1000,
      base: 1000,
      expected: 99.8,
      reason: 'SUPPORT_TICKETS',
    }, // k = 0.01
    // k = 0.5
    { tickets: 5, active: 0, purchased: 100, base: 100, expected: 90, reason: 'SUPPORT_TICKETS' },
    // k = 3
    { tickets: 3, active: 0, purchased: 0, base: 10, expected: 40, reason: 'SUPPORT_TICKETS' },
    {
      tickets: 5,
      active: null,
      purchased: null,
      base: 10,
      expected: 0,
      reason: 'SUPPORT_TICKETS_HIGH',
    }, // k = 5
    {
      tickets: 50,
      active: 100,
      purchased: 200,
      base: 100,
      expected: 0,
      reason: 'SUPPORT_TICKETS_HIGH',
    }, // k = 5
    {
      tickets: 60,
      active: 100,
      purchased: 100,
      base: 100,
      expected: 0,
      reason: 'SUPPORT_TICKETS_HIGH',
    }, // k = 6
    // invalid active skipped, k = 1
    { tickets: 5, active: -5, purchased: 50, base: 50, expected: 80, reason: 'SUPPORT_TICKETS' },
    {
      tickets: null,
      active: 95,
      purchased: 100,
      base: 95,
      expected: null,
      reason: 'SUPPORT_MISSING',
    },
    {
      tickets: 1.5,
      active: 95,
      purchased: 100,
      base: 95,
      expected: null,
      reason: 'SUPPORT_INVALID',
    },
    {
      tickets: -1,
      active: 95,
      purchased: 100,
      base: 95,
      expected: null,
      reason: 'SUPPORT_INVALID',
    },
  ])(
    '$tickets tickets on $active/$purchased seats scores $expected',
    ({ tickets, active, purchased, base, expected, reason }) => {
      const account = {
        ...HEALTHY_ACCOUNT,
        Support_Tickets_90d__c: tickets,
        Seats_Active__c: active,
        Seats_Purchased__c: purchased,
      };
      const support = signalOf(score({ account }), 'support');
      expectScore(support.score, expected);
      expect(support.reason).toBe(reason);
      expect(support.values.seatBase).toBe(base);
    },
  );
});

describe('nps signal', () => {
  it.each([
    { nps: -100, expected: 0, reason: 'NPS_NEGATIVE' },
    { nps: -20, expected: 40, reason: 'NPS_NEGATIVE' },
    { nps: 0, expected: 50, reason: 'NPS_NEUTRAL' },
    { nps: 30, expected: 65, reason: 'NPS_POSITIVE' },
    { nps: 100, expected: 100, reason: 'NPS_POSITIVE' },
    { nps: null, expected: null, reason: 'NPS_MISSING' },
    { nps: 101, expected: null, reason: 'NPS_INVALID' },
    { nps: -101, expected: null, reason: 'NPS_INVALID' },
  ])('NPS $nps scores $expected', ({ nps, expected, reason }) => {
    const signal = signalOf(score({ account: { ...HEALTHY_ACCOUNT, NPS__c: nps } }), 'nps');
    expectScore(signal.score, expected);
    expect(signal.reason).toBe(reason);
  });
});

describe('billing signal', () => {
  it.each([
    { status: 'Current', expected: 100, reason: 'BILLING_CURRENT' },
    { status: 'Overdue 1-30', expected: 60, reason: 'BILLING_OVERDUE' },
    { status: 'Overdue 31-60', expected: 30, reason: 'BILLING_OVERDUE' },
    { status: 'Overdue 61+', expected: 0, reason: 'BILLING_OVERDUE' },
    { status: 'Collections', expected: 0, reason: 'BILLING_COLLECTIONS' },
    { status: null, expected: null, reason: 'BILLING_MISSING' },
    { status: 'Late', expected: null, reason: 'BILLING_INVALID' },
    { status: 'current', expected: null, reason: 'BILLING_INVALID' },
  ])('status $status scores $expected', ({ status, expected, reason }) => {
    const account = { ...HEALTHY_ACCOUNT, Billing_Status__c: status };
    const billing = signalOf(score({ account }), 'billing');
    expectScore(billing.score, expected);
    expect(billing.reason).toBe(reason);
    expect(billing.values).toEqual({ billingStatus: status });
  });
});

describe('logins signal', () => {
  it.each([
    { days: 0, expected: 0, reason: 'LOGINS_LOW' },
    { days: 10, expected: 50, reason: 'LOGINS_LOW' },
    { days: 19, expected: 95, reason: 'LOGINS_LOW' },
    { days: 20, expected: 100, reason: 'LOGINS_HEALTHY' },
    { days: 30, expected: 100, reason: 'LOGINS_HEALTHY' },
    { days: null, expected: null, reason: 'LOGINS_MISSING' },
    { days: 31, expected: null, reason: 'LOGINS_INVALID' },
    { days: 2.5, expected: null, reason: 'LOGINS_INVALID' },
    { days: -1, expected: null, reason: 'LOGINS_INVALID' },
  ])('$days login days score $expected', ({ days, expected, reason }) => {
    const account = { ...HEALTHY_ACCOUNT, Login_Days_30d__c: days };
    const logins = signalOf(score({ account }), 'logins');
    expectScore(logins.score, expected);
    expect(logins.reason).toBe(reason);
  });
});

describe('discount signal', () => {
  it.each([
    { discount: 0, expected: 100, reason: 'DISCOUNT_STANDARD' },
    { discount: 10, expected: 100, reason: 'DISCOUNT_STANDARD' },
    { discount: 10.01, expected: 70, reason: 'DISCOUNT_MODERATE' },
    { discount: 25, expected: 70, reason: 'DISCOUNT_MODERATE' },
    { discount: 25.01, expected: 35, reason: 'DISCOUNT_SIGNIFICANT' },
    { discount: 100, expected: 35, reason: 'DISCOUNT_SIGNIFICANT' },
    { discount: null, expected: null, reason: 'DISCOUNT_MISSING' },
    { discount: 140, expected: null, reason: 'DISCOUNT_INVALID' },
    { discount: -1, expected: null, reason: 'DISCOUNT_INVALID' },
  ])('discount $discount scores $expected', ({ discount, expected, reason }) => {
    const opportunity = { ...HEALTHY_OPPORTUNITY, Discount_Depth__c: discount };
    const signal = signalOf(score({ opportunity }), 'discount');
    expectScore(signal.score, expected);
    expect(signal.reason).toBe(reason);
    expect(signal.values).toEqual({ discount });
  });
});

describe('icp signal', () => {
  it.each([
    { rating: 1, expected: 0, reason: 'ICP_FIT_LOW' },
    { rating: 2, expected: 25, reason: 'ICP_FIT_LOW' },
    { rating: 3, expected: 50, reason: 'ICP_FIT_MEDIUM' },
    { rating: 4, expected: 75, reason: 'ICP_FIT_HIGH' },
    { rating: 5, expected: 100, reason: 'ICP_FIT_HIGH' },
    { rating: null, expected: null, reason: 'ICP_MISSING' },
    { rating: 0, expected: null, reason: 'ICP_INVALID' },
    { rating: 7, expected: null, reason: 'ICP_INVALID' },
    { rating: 2.5, expected: null, reason: 'ICP_INVALID' },
  ])('rating $rating scores $expected', ({ rating, expected, reason }) => {
    const opportunity = { ...HEALTHY_OPPORTUNITY, ICP_Fit_Rating__c: rating };
    const icp = signalOf(score({ opportunity }), 'icp');
    expectScore(icp.score, expected);
    expect(icp.reason).toBe(reason);
  });
});

describe('champion signal', () => {
  it.each([
    { status: 'Unchanged', expected: 100, reason: 'CHAMPION_UNCHANGED' },
    { status: null, expected: 100, reason: 'CHAMPION_STATUS_BLANK' },
    { status: 'Title Changed', expected: 60, reason: 'CHAMPION_TITLE_CHANGED' },
    { status: 'Left Company', expected: 10, reason: 'CHAMPION_LEFT_COMPANY' },
    { status: 'Promoted', expected: null, reason: 'CHAMPION_INVALID' },
  ])('status $status scores $expected', ({ status, expected, reason }) => {
    const account = { ...HEALTHY_ACCOUNT, Champion_Status__c: status };
    const champion = signalOf(score({ account }), 'champion');
    expectScore(champion.score, expected);
    expect(champion.reason).toBe(reason);
  });
});

describe('displacement signal', () => {
  // As of 2026-06-01; each close date is t days earlier.
  it.each([
    { closeDate: '2026-06-01', t: 0, expected: 40, reason: 'DISPLACEMENT_WINDOW', window: true },
    { closeDate: '2025-06-02', t: 364, expected: 40, reason: 'DISPLACEMENT_WINDOW', window: true },
    {
      closeDate: '2025-06-01',
      t: 365,
      expected: 40,
      reason: 'DISPLACEMENT_RECOVERING',
      window: false,
    },
    // 40 + 60 * 91 / 182 = 70
    {
      closeDate: '2025-03-02',
      t: 456,
      expected: 70,
      reason: 'DISPLACEMENT_RECOVERING',
      window: false,
    },
    // 40 + 60 * 181 / 182 = 40 + 10860 / 182
    {
      closeDate: '2024-12-02',
      t: 546,
      expected: 99.67032967032967,
      reason: 'DISPLACEMENT_RECOVERING',
      window: false,
    },
    {
      closeDate: '2024-12-01',
      t: 547,
      expected: 100,
      reason: 'DISPLACEMENT_SETTLED',
      window: false,
    },
  ])('t = $t scores $expected', ({ closeDate, t, expected, reason, window }) => {
    const opportunity = {
      ...HEALTHY_OPPORTUNITY,
      CloseDate: closeDate,
      Competitive_Displacement__c: true,
    };
    const result = score({ opportunity, asOf: '2026-06-01' });
    const displacement = signalOf(result, 'displacement');
    expectScore(displacement.score, expected);
    expect(displacement.reason).toBe(reason);
    expect(displacement.values).toEqual({ displacement: true, daysSinceClose: t });
    expect(result.flags.includes('DISPLACEMENT_WINDOW')).toBe(window);
  });

  it.each([
    { checkbox: false, expected: 100, reason: 'DISPLACEMENT_NONE' },
    { checkbox: null, expected: 100, reason: 'DISPLACEMENT_NONE' },
    { checkbox: 'yes', expected: null, reason: 'DISPLACEMENT_INVALID' },
  ])('checkbox $checkbox scores $expected', ({ checkbox, expected, reason }) => {
    const opportunity = {
      ...HEALTHY_OPPORTUNITY,
      Competitive_Displacement__c: checkbox as boolean | null,
    };
    const displacement = signalOf(score({ opportunity }), 'displacement');
    expectScore(displacement.score, expected);
    expect(displacement.reason).toBe(reason);
  });
});

describe('use cases signal', () => {
  it.each([
    { statuses: [], expected: null, reason: 'USE_CASES_NONE' },
    { statuses: ['Committed', 'Committed'], expected: null, reason: 'USE_CASES_NOT_REVIEWED' },
    { statuses: ['Active', 'Active'], expected: 100, reason: 'USE_CASES_ACTIVE' },
    { statuses: ['Active', 'Active', 'Committed'], expected: 100, reason: 'USE_CASES_ACTIVE' },
    { statuses: ['Active', 'Not Active'], expected: 50, reason: 'USE_CASES_PARTIAL' },
    {
      statuses: ['Active', 'Active', 'Not Active'],
      expected: 200 / 3,
      reason: 'USE_CASES_PARTIAL',
    },
    {
      statuses: ['Active', 'Not Active', 'Not Active'],
      expected: 100 / 3,
      reason: 'USE_CASES_GAP',
    },
    { statuses: ['Not Active'], expected: 0, reason: 'USE_CASES_GAP' },
    { statuses: ['Active', null], expected: 100, reason: 'USE_CASES_ACTIVE' }, // blank ignored
    // invalid ignored
    { statuses: ['Active', 'Paused'], expected: 100, reason: 'USE_CASES_ACTIVE' },
    { statuses: ['Paused'], expected: null, reason: 'USE_CASES_NONE' },
  ])('statuses $statuses score $expected', ({ statuses, expected, reason }) => {
    const useCases = statuses.map((status) => ({
      Status__c: status,
      Reviewed_On__c: '2025-05-10',
    }));
    const signal = signalOf(score({ useCases }), 'useCases');
    expectScore(signal.score, expected);
    expect(signal.reason).toBe(reason);
  });
});

describe('promises signal', () => {
  it.each([
    // max(0, 100 - 25 * openNotOverdue - 40 * openOverdue). Overdue means due before AS_OF.
    { promises: [], expected: 100, reason: 'PROMISES_NONE_OPEN' },
    {
      promises: [
        ['Resolved', '2025-01-01'],
        ['Withdrawn', null],
      ],
      expected: 100,
      reason: 'PROMISES_NONE_OPEN',
    },
    { promises: [['Open', '2025-06-01']], expected: 75, reason: 'PROMISES_OPEN' }, // due today
    { promises: [['Open', null]], expected: 75, reason: 'PROMISES_OPEN' },
    { promises: [['Open', '2025-05-31']], expected: 60, reason: 'PROMISES_OVERDUE' },
    {
      promises: [
        ['Open', '2025-05-31'],
        ['Open', null],
      ],
      expected: 35,
      reason: 'PROMISES_OVERDUE',
    }, // 100 - 25 - 40
    {
      promises: [
        ['Open', null],
        ['Open', null],
        ['Open', null],
        ['Open', null],
      ],
      expected: 0,
      reason: 'PROMISES_OPEN',
    },
    {
      promises: [
        ['Open', '2025-01-01'],
        ['Open', '2025-02-01'],
        ['Open', null],
      ],
      expected: 0,
      reason: 'PROMISES_OVERDUE',
    }, // 100 - 25 - 80 < 0
    // invalid date is blank
    { promises: [['Open', '2025-13-01']], expected: 75, reason: 'PROMISES_OPEN' },
    // invalid status ignored
    { promises: [['Pending', '2025-01-01']], expected: 100, reason: 'PROMISES_NONE_OPEN' },
  ])('promises $promises score $expected', ({ promises, expected, reason }) => {
    const records = promises.map(([status, dueOn]) => ({ Status__c: status, Due_On__c: dueOn }));
    const signal = signalOf(score({ promises: records }), 'promises');
    expectScore(signal.score, expected);
    expect(signal.reason).toBe(reason);
  });
});

describe('layer scores and segments', () => {
  it.each([
    // raw = (wp * 64.5 + wd * 69.75) / (wp + wd)
    { segment: 'SMB', raw: 66.3375, expected: 66, flags: ['CHAMPION_CHANGED'] },
    // 0.55 * 64.5 + 0.45 * 69.75 = 35.475 + 31.3875
    { segment: 'Mid-Market', raw: 66.8625, expected: 67, flags: ['CHAMPION_CHANGED'] },
    // (64.5 + 69.75) / 2
    { segment: 'Enterprise', raw: 67.125, expected: 67, flags: ['CHAMPION_CHANGED'] },
    { segment: null, raw: 66.3375, expected: 66, flags: ['SEGMENT_MISSING', 'CHAMPION_CHANGED'] },
    {
      segment: 'Startup',
      raw: 66.3375,
      expected: 66,
      flags: ['INVALID_INPUT', 'SEGMENT_MISSING', 'CHAMPION_CHANGED'],
    },
  ])('segment $segment gives raw $raw', ({ segment, raw, expected, flags }) => {
    const result = mixed({ account: { ...MIXED_ACCOUNT, Customer_Segment__c: segment } });
    expectScore(result.productSignalScore, 64.5);
    expectScore(result.dealContextScore, 69.75);
    expectScore(result.raw, raw);
    expect(result.score).toBe(expected);
    expect(result.band).toBe('Yellow');
    expect(result.flags).toEqual(flags);
    expect(result.riskCount).toBe(1);
  });

  it('raises SEGMENT_MISSING with only the product layer', () => {
    const result = score({
      account: { ...HEALTHY_ACCOUNT, Customer_Segment__c: null },
      opportunity: null,
    });
    expect(result.flags).toEqual(['DEAL_CONTEXT_MISSING', 'SEGMENT_MISSING']);
  });

  it('uses the weights of the model passed in', () => {
    const model = copyModel();
    model.segments.SMB = { product: 100, dealContext: 0 };
    const result = mixed();
    const productOnly = scoreAccount(
      {
        account: MIXED_ACCOUNT,
        opportunity: MIXED_OPPORTUNITY,
        useCases: mixedUseCases(),
        promises: MIXED_PROMISES,
        asOf: AS_OF,
      },
      model,
    );
    expectScore(result.raw, 66.3375);
    expectScore(productOnly.raw, 64.5);
    expect(productOnly.score).toBe(65);
    expect(signalOf(productOnly, 'discount').points).toBe(0);
    expect(productOnly.modelVersion).not.toBe(result.modelVersion);
  });
});

describe('missing signals and layers', () => {
  it('leaves a missing signal out of its layer', () => {
    // P = (25 * 80 + 20 * 50 + 15 * 60 + 15 * 60 + 10 * 75) / 85 = 5550 / 85
    // raw = 0.65 * 5550 / 85 + 0.35 * 69.75 = 42.44117647058824 + 24.4125
    const result = mixed({ account: { ...MIXED_ACCOUNT, NPS__c: null } });
    const nps = signalOf(result, 'nps');
    expect(nps.score).toBeNull();
    expect(nps.reason).toBe('NPS_MISSING');
    expect(nps.points).toBe(0);
    expect(nps.pointsLost).toBe(0);
    expectScore(result.productSignalScore, 5550 / 85);
    expectScore(result.raw, 66.85367647058824);
    expect(result.score).toBe(67);
    expectScore(signalOf(result, 'usage').points, (0.65 * 25 * 80) / 85);
    expect(result.drivers).toHaveLength(11);
    expect(result.drivers.some((driver) => driver.signal === 'nps')).toBe(false);
    expect(result.flags).toEqual(['CHAMPION_CHANGED']);
  });

  it('scores the product layer alone without an opportunity', () => {
    // raw = P = 64.5, which rounds half up to 65.
    const result = mixed({ opportunity: null });
    expect(result.dealContextScore).toBeNull();
    expectScore(result.raw, 64.5);
    expect(result.score).toBe(65);
    expect(result.band).toBe('Yellow');
    expect(result.flags).toEqual(['DEAL_CONTEXT_MISSING']);
    expect(result.riskCount).toBe(0);
    expect(result.reviewDueOn).toBeNull();
    expectScore(signalOf(result, 'usage').points, 20); // 1 * 25 / 100 * 80
    for (const name of [
      'discount',
      'icp',
      'champion',
      'displacement',
      'useCases',
      'promises',
    ] as const) {
      expect(signalOf(result, name).score).toBeNull();
      expect(signalOf(result, name).reason).toBe('DEAL_CONTEXT_MISSING');
    }
  });

  it('has no deal-context layer without a discount or ICP rating', () => {
    const opportunity = { ...MIXED_OPPORTUNITY, Discount_Depth__c: null, ICP_Fit_Rating__c: null };
    const result = mixed({ opportunity });
    expect(result.dealContextScore).toBeNull();
    expect(result.score).toBe(65);
    expect(result.flags).toEqual(['DEAL_CONTEXT_MISSING']);
    expect(signalOf(result, 'discount').reason).toBe('DISCOUNT_MISSING');
    expect(signalOf(result, 'icp').reason).toBe('ICP_MISSING');
    expect(signalOf(result, 'champion').score).toBeNull();
    expect(signalOf(result, 'champion').reason).toBe('DEAL_CONTEXT_MISSING');
    expect(result.reviewDueOn).toBeNull();
  });

  it('has no deal-context layer when discount and ICP are invalid', () => {
    const opportunity = { ...MIXED_OPPORTUNITY, Discount_Depth__c: 140, ICP_Fit_Rating__c: 7 };
    const result = mixed({ opportunity });
    expect(result.dealContextScore).toBeNull();
    expect(result.flags).toEqual(['DEAL_CONTEXT_MISSING', 'INVALID_INPUT']);
    expect(result.invalidInputs.map((item) => item.field)).toEqual([
      'Discount_Depth__c',
      'ICP_Fit_Rating__c',
    ]);
  });

  it('keeps the deal-context layer with the ICP rating alone', () => {
    // D = (25 * 75 + 20 * 60 + 10 * 100 + 15 * 50 + 10 * 75) / 80 = 5575 / 80
    const result = mixed({ opportunity: { ...MIXED_OPPORTUNITY, Discount_Depth__c: null } });
    expectScore(result.dealContextScore, 69.6875);
  });

  it('scores the deal-context layer alone without product signals', () => {
    // raw = D = 69.75; discount points = 1 * 20 / 100 * 70
    const account = {
      Id: ACCOUNT_ID,
      Customer_Segment__c: 'SMB',
      Champion_Status__c: 'Title Changed',
      Champion_Reviewed_On__c: '2025-05-20',
    };
    const result = mixed({ account });
    expect(result.productSignalScore).toBeNull();
    expectScore(result.raw, 69.75);
    expect(result.score).toBe(70);
    expect(result.band).toBe('Yellow');
    expect(result.flags).toEqual(['PRODUCT_SIGNALS_MISSING', 'CHAMPION_CHANGED']);
    expect(result.riskCount).toBe(1);
    expectScore(signalOf(result, 'discount').points, 14);
  });

  it('gives no score without either layer', () => {
    const result = score({ account: { Id: ACCOUNT_ID }, opportunity: null });
    expect(result.score).toBeNull();
    expect(result.band).toBeNull();
    expect(result.raw).toBeNull();
    expect(result.productSignalScore).toBeNull();
    expect(result.dealContextScore).toBeNull();
    expect(result.flags).toEqual(['NO_DATA', 'SEGMENT_MISSING']);
    expect(result.drivers).toEqual([]);
    expect(result.riskCount).toBe(0);
    expect(result.reviewDueOn).toBeNull();
    expect(result.signals).toHaveLength(12);
    expect(result.signals.every((signal) => signal.score === null)).toBe(true);
  });

  it('keeps INVALID_INPUT with NO_DATA', () => {
    const account = { Id: ACCOUNT_ID, Customer_Segment__c: 'SMB', NPS__c: 101 };
    const result = score({ account, opportunity: null });
    expect(result.flags).toEqual(['NO_DATA', 'INVALID_INPUT']);
    expect(result.score).toBeNull();
  });
});

describe('rounding and bands', () => {
  // Product layer alone with only NPS present: raw = (NPS + 100) / 2.
  it.each([
    { nps: -100, raw: 0, expected: 0, band: 'Critical' },
    { nps: -52, raw: 24, expected: 24, band: 'Critical' },
    { nps: -51, raw: 24.5, expected: 25, band: 'Red' },
    { nps: -50, raw: 25, expected: 25, band: 'Red' },
    { nps: -2, raw: 49, expected: 49, band: 'Red' },
    { nps: -1, raw: 49.5, expected: 50, band: 'Yellow' },
    { nps: 0, raw: 50, expected: 50, band: 'Yellow' },
    { nps: 48, raw: 74, expected: 74, band: 'Yellow' },
    { nps: 48.99999998, raw: 74.49999999, expected: 74, band: 'Yellow' }, // 1e-8 below 74.5
    // 74.5 with float error
    { nps: 48.9999999998, raw: 74.4999999999, expected: 75, band: 'Green' },
    { nps: 49, raw: 74.5, expected: 75, band: 'Green' },
    { nps: 50, raw: 75, expected: 75, band: 'Green' },
    { nps: 100, raw: 100, expected: 100, band: 'Green' },
  ])('raw $raw scores $expected', ({ nps, raw, expected, band }) => {
    const result = score({
      account: { Id: ACCOUNT_ID, Customer_Segment__c: 'SMB', NPS__c: nps },
      opportunity: null,
    });
    expectScore(result.raw, raw);
    expect(result.score).toBe(expected);
    expect(result.band).toBe(band);
  });

  it('bands by the minimums of the model passed in', () => {
    const model = copyModel();
    model.bands[0].minScore = 80;
    const account = { Id: ACCOUNT_ID, Customer_Segment__c: 'SMB', NPS__c: 56 }; // raw 78
    const result = score({ account, opportunity: null }, model);
    expect(result.score).toBe(78);
    expect(result.band).toBe('Yellow');
  });
});

describe('risk flags', () => {
  it.each([
    {
      name: 'no risk',
      opportunity: {},
      account: {},
      useCases: [],
      promises: [],
      flags: [],
      risks: 0,
    },
    {
      name: 'discount 30',
      opportunity: { Discount_Depth__c: 30 },
      flags: ['DISCOUNT_SIGNIFICANT'],
      risks: 1,
    },
    { name: 'discount 25', opportunity: { Discount_Depth__c: 25 }, flags: [], risks: 0 },
    {
      name: 'discount 140',
      opportunity: { Discount_Depth__c: 140 },
      flags: ['INVALID_INPUT'],
      risks: 0,
    },
    { name: 'ICP 2', opportunity: { ICP_Fit_Rating__c: 2 }, flags: ['LOW_ICP_FIT'], risks: 1 },
    { name: 'ICP 3', opportunity: { ICP_Fit_Rating__c: 3 }, flags: [], risks: 0 },
    { name: 'ICP 0', opportunity: { ICP_Fit_Rating__c: 0 }, flags: ['INVALID_INPUT'], risks: 0 },
    {
      name: 'Title Changed',
      account: { Champion_Status__c: 'Title Changed' },
      flags: ['CHAMPION_CHANGED'],
      risks: 1,
    },
    {
      name: 'Left Company',
      account: { Champion_Status__c: 'Left Company' },
      flags: ['CHAMPION_CHANGED'],
      risks: 1,
    },
    {
      name: 'invalid champion',
      account: { Champion_Status__c: 'Gone' },
      flags: ['INVALID_INPUT'],
      risks: 0,
    },
    {
      name: 'displacement t=151',
      opportunity: { Competitive_Displacement__c: true },
      flags: ['DISPLACEMENT_WINDOW'],
      risks: 1,
    },
    {
      name: 'displacement t=365',
      opportunity: { Competitive_Displacement__c: true, CloseDate: '2024-06-01' },
      flags: [],
      risks: 0,
    },
    {
      name: 'use cases 1 of 3 active',
      useCases: [{ Status__c: 'Active' }, { Status__c: 'Not Active' }, { Status__c: 'Not Active' }],
      flags: ['USE_CASE_GAP'],
      risks: 1,
    },
    {
      name: 'use cases 1 of 2 active',
      useCases: [{ Status__c: 'Active' }, { Status__c: 'Not Active' }],
      flags: [],
      risks: 0,
    },
    {
      name: 'promise overdue',
      promises: [{ Status__c: 'Open', Due_On__c: '2025-05-31' }],
      flags: ['PROMISE_OVERDUE'],
      risks: 1,
    },
    {
      name: 'promise due today',
      promises: [{ Status__c: 'Open', Due_On__c: '2025-06-01' }],
      flags: [],
      risks: 0,
    },
    {
      name: 'promise overdue but resolved',
      promises: [{ Status__c: 'Resolved', Due_On__c: '2025-05-31' }],
      flags: [],
      risks: 0,
    },
  ] as {
    name: string;
    opportunity?: Partial<OpportunityInput>;
    account?: Partial<AccountInput>;
    useCases?: UseCaseInput[];
    promises?: PromiseInput[];
    flags: FlagCode[];
    risks: number;
  }[])('$name gives $risks risks', ({ opportunity, account, useCases, promises, flags, risks }) => {
    const result = score({
      account: { ...HEALTHY_ACCOUNT, ...account },
      opportunity: { ...HEALTHY_OPPORTUNITY, ...opportunity },
      useCases: useCases?.map((useCase) => ({ ...useCase, Reviewed_On__c: '2025-05-10' })),
      promises,
    });
    expect(result.flags).toEqual(flags);
    expect(result.riskCount).toBe(risks);
  });

  it('counts all six risks and orders the flags canonically', () => {
    // D = (20 * 35 + 25 * 0 + 20 * 10 + 10 * 40 + 15 * 0 + 10 * 60) / 100 = 1900 / 100 = 19
    // raw = 0.65 * 100 + 0.35 * 19 = 65 + 6.65 = 71.65 -> 72; P = 100 with 6 risks is masked.
    const result = score({
      account: { ...HEALTHY_ACCOUNT, Champion_Status__c: 'Left Company' },
      opportunity: {
        ...HEALTHY_OPPORTUNITY,
        Discount_Depth__c: 30,
        ICP_Fit_Rating__c: 1,
        Competitive_Displacement__c: true,
      },
      useCases: [{ Status__c: 'Not Active', Reviewed_On__c: '2025-05-10' }],
      promises: [{ Status__c: 'Open', Due_On__c: '2025-05-01' }],
    });
    expectScore(result.dealContextScore, 19);
    expectScore(result.raw, 71.65);
    expect(result.score).toBe(72);
    expect(result.riskCount).toBe(6);
    expect(result.flags).toEqual([
      'MASKED_RISK',
      'DISPLACEMENT_WINDOW',
      'DISCOUNT_SIGNIFICANT',
      'LOW_ICP_FIT',
      'CHAMPION_CHANGED',
      'USE_CASE_GAP',
      'PROMISE_OVERDUE',
    ]);
    expect(result.flags).toEqual(FLAG_CODES.filter((flag) => result.flags.includes(flag)));
  });

  it('raises no risk without a deal-context layer', () => {
    const account = { ...HEALTHY_ACCOUNT, Champion_Status__c: 'Left Company' };
    const result = score({ account, opportunity: null });
    expect(result.riskCount).toBe(0);
    expect(result.flags).toEqual(['DEAL_CONTEXT_MISSING']);
  });
});

/**
 * Discount 30 -> 35 and ICP 2 -> 25 are two risks.
 * D = (20 * 35 + 25 * 25 + 20 * 100 + 10 * 100 + 10 * 100) / 85 = 5325 / 85 = 62.64705882352941.
 */
const MASKED_OPPORTUNITY: OpportunityInput = {
  ...HEALTHY_OPPORTUNITY,
  Discount_Depth__c: 30,
  ICP_Fit_Rating__c: 2,
};

describe('masked risk', () => {
  it('caps a Green score at 74', () => {
    // raw = 0.65 * 100 + 0.35 * 5325 / 85 = 65 + 21.926470588235293 = 86.92647058823529 -> 87 -> 74
    const result = score({ opportunity: MASKED_OPPORTUNITY });
    const raw = 65 + (0.35 * 5325) / 85;
    expectScore(result.productSignalScore, 100);
    expectScore(result.dealContextScore, 5325 / 85);
    expectScore(result.raw, 86.92647058823529);
    expect(result.score).toBe(74);
    expect(result.band).toBe('Yellow');
    expect(result.riskCount).toBe(2);
    expect(result.flags).toEqual(['MASKED_RISK', 'DISCOUNT_SIGNIFICANT', 'LOW_ICP_FIT']);

    const cap = result.drivers[0];
    expect(cap.signal).toBe('maskedRiskCap');
    expect(cap.layer).toBeNull();
    expect(cap.reason).toBe('MASKED_RISK_CAP');
    expectScore(cap.points, 74 - raw); // -12.92647058823529
    expectScore(cap.pointsLost, raw - 74);
    expectScore(sumPoints(result.drivers), 74);
    expectScore(sumPoints(result.signals), raw);
  });

  it('caps a raw 74.5 that rounds to 75', () => {
    // Use cases 1 of 4 active -> 25 (a third risk), Title Changed -> 60 (a fourth).
    // D = (20 * 35 + 25 * 25 + 20 * 60 + 10 * 100 + 15 * 25 + 10 * 100) / 100 = 4900 / 100 = 49
    // Enterprise raw = (100 + 49) / 2 = 74.5 -> 75 -> 74; cap points 74 - 74.5 = -0.5
    const result = score({
      account: {
        ...HEALTHY_ACCOUNT,
        Customer_Segment__c: 'Enterprise',
        Champion_Status__c: 'Title Changed',
      },
      opportunity: MASKED_OPPORTUNITY,
      useCases: ['Active', 'Not Active', 'Not Active', 'Not Active'].map((status) => ({
        Status__c: status,
        Reviewed_On__c: '2025-05-10',
      })),
    });
    expectScore(result.dealContextScore, 49);
    expectScore(result.raw, 74.5);
    expect(result.score).toBe(74);
    expect(result.riskCount).toBe(4);
    const cap = result.drivers.find((driver) => driver.signal === 'maskedRiskCap');
    expectScore(cap?.points ?? NaN, -0.5);
    expectScore(sumPoints(result.drivers), 74);
  });

  it('flags a score already below 75 without a cap', () => {
    // D = (20 * 35 + 25 * 0 + 20 * 10 + 10 * 40 + 10 * 60) / 85 = 1900 / 85
    // Enterprise raw = (100 + 1900 / 85) / 2 = 61.17647058823529 -> 61
    const result = score({
      account: {
        ...HEALTHY_ACCOUNT,
        Customer_Segment__c: 'Enterprise',
        Champion_Status__c: 'Left Company',
      },
      opportunity: {
        ...HEALTHY_OPPORTUNITY,
        Discount_Depth__c: 30,
        ICP_Fit_Rating__c: 1,
        Competitive_Displacement__c: true,
      },
      promises: [{ Status__c: 'Open', Due_On__c: '2025-05-01' }],
    });
    expectScore(result.raw, 61.17647058823529);
    expect(result.score).toBe(61);
    expect(result.band).toBe('Yellow');
    expect(result.riskCount).toBe(5);
    expect(result.flags).toEqual([
      'MASKED_RISK',
      'DISPLACEMENT_WINDOW',
      'DISCOUNT_SIGNIFICANT',
      'LOW_ICP_FIT',
      'CHAMPION_CHANGED',
      'PROMISE_OVERDUE',
    ]);
    expect(result.drivers.some((driver) => driver.signal === 'maskedRiskCap')).toBe(false);
    expectScore(sumPoints(result.drivers), result.raw ?? NaN);
  });

  it.each([
    // SMB raw = 0.65 * P + 0.35 * 5325 / 85 (21.926470588235293)
    { nps: 50, product: 75, raw: 70.67647058823529, masked: true }, // 48.75 + 21.926...
    { nps: 49.98, product: 74.99, raw: 70.66997058823529, masked: false }, // 48.7435 + 21.926...
  ])('P = $product is masked: $masked', ({ nps, product, raw, masked }) => {
    const account = {
      Id: ACCOUNT_ID,
      Customer_Segment__c: 'SMB',
      Champion_Status__c: 'Unchanged',
      Champion_Reviewed_On__c: '2025-05-20',
      NPS__c: nps,
    };
    const result = score({ account, opportunity: MASKED_OPPORTUNITY });
    expectScore(result.productSignalScore, product);
    expectScore(result.raw, raw);
    expect(result.score).toBe(71);
    expect(result.flags.includes('MASKED_RISK')).toBe(masked);
  });

  it('needs two risks', () => {
    // D = (20 * 35 + 25 * 100 + 20 * 100 + 10 * 100 + 10 * 100) / 85 = 7200 / 85
    // raw = 65 + 0.35 * 7200 / 85 = 94.6470588235294 -> 95
    const result = score({ opportunity: { ...HEALTHY_OPPORTUNITY, Discount_Depth__c: 30 } });
    expectScore(result.raw, 94.6470588235294);
    expect(result.score).toBe(95);
    expect(result.band).toBe('Green');
    expect(result.flags).toEqual(['DISCOUNT_SIGNIFICANT']);
  });

  it('caps one below the Green minimum of the model', () => {
    const model = copyModel();
    model.bands[0].minScore = 80;
    const result = score({ opportunity: MASKED_OPPORTUNITY }, model);
    expect(result.score).toBe(79);
    expect(result.band).toBe('Yellow');
    expectScore(sumPoints(result.drivers), 79);
  });
});

describe('CLOSE_MONITORING', () => {
  it.each([
    // Close dates 89 and 90 days before AS_OF.
    {
      discount: 30,
      closeDate: '2025-03-04',
      t: 89,
      flags: ['CLOSE_MONITORING', 'DISCOUNT_SIGNIFICANT'],
    },
    { discount: 30, closeDate: '2025-03-03', t: 90, flags: ['DISCOUNT_SIGNIFICANT'] },
    { discount: 25, closeDate: '2025-03-04', t: 89, flags: [] },
    { discount: null, closeDate: '2025-03-04', t: 89, flags: [] },
  ])('discount $discount at t = $t', ({ discount, closeDate, flags }) => {
    const opportunity = {
      ...HEALTHY_OPPORTUNITY,
      Discount_Depth__c: discount,
      CloseDate: closeDate,
    };
    expect(score({ opportunity }).flags).toEqual(flags);
  });
});

interface CadenceCase {
  name: string;
  /** Fixture the scenario overrides: healthy is Green, mixed is Yellow (66). */
  base: 'healthy' | 'mixed';
  scenario: Scenario;
  overdue: boolean;
  dueOn: string | null;
}

// Close 2025-01-01 (t = 151) unless a row says otherwise. The monthly rule applies only to the
// Yellow mixed rows.
const CADENCE_CASES: CadenceCase[] = [
  {
    name: 'champion never reviewed',
    base: 'healthy',
    scenario: { account: { ...HEALTHY_ACCOUNT, Champion_Reviewed_On__c: null } },
    overdue: true,
    dueOn: '2025-04-01', // close + 90
  },
  {
    name: 'champion reviewed 91 days ago',
    base: 'healthy',
    scenario: { account: { ...HEALTHY_ACCOUNT, Champion_Reviewed_On__c: '2025-03-02' } },
    overdue: true,
    dueOn: '2025-05-31', // max(close + 90 = 2025-04-01, reviewed + 90 = 2025-05-31)
  },
  {
    name: 'champion reviewed 90 days ago',
    base: 'healthy',
    scenario: { account: { ...HEALTHY_ACCOUNT, Champion_Reviewed_On__c: '2025-03-03' } },
    overdue: false,
    dueOn: '2025-06-01', // reviewed + 90
  },
  {
    name: 'champion never reviewed at t = 89',
    base: 'healthy',
    scenario: {
      account: { ...HEALTHY_ACCOUNT, Champion_Reviewed_On__c: null },
      opportunity: { ...HEALTHY_OPPORTUNITY, CloseDate: '2025-03-04' },
    },
    overdue: false,
    dueOn: '2025-06-02', // close + 90
  },
  {
    name: 'champion never reviewed at t = 90',
    base: 'healthy',
    scenario: {
      account: { ...HEALTHY_ACCOUNT, Champion_Reviewed_On__c: null },
      opportunity: { ...HEALTHY_OPPORTUNITY, CloseDate: '2025-03-03' },
    },
    overdue: true,
    dueOn: '2025-06-01', // close + 90
  },
  {
    name: 'use case still Committed at t = 120',
    base: 'healthy',
    scenario: {
      opportunity: { ...HEALTHY_OPPORTUNITY, CloseDate: '2025-02-01' },
      useCases: [{ Status__c: 'Committed' }],
    },
    overdue: true,
    dueOn: '2025-06-01', // min(max(2025-05-02, 2025-08-18), close + 120 = 2025-06-01)
  },
  {
    name: 'use case still Committed at t = 119',
    base: 'healthy',
    scenario: {
      opportunity: { ...HEALTHY_OPPORTUNITY, CloseDate: '2025-02-02' },
      useCases: [{ Status__c: 'Committed' }],
    },
    overdue: false,
    dueOn: '2025-06-02', // close + 120
  },
  {
    name: 'use cases all reviewed',
    base: 'healthy',
    scenario: { useCases: [{ Status__c: 'Active', Reviewed_On__c: '2025-05-10' }] },
    overdue: false,
    dueOn: '2025-08-18', // champion reviewed 2025-05-20 + 90
  },
  {
    name: 'Green with an old latest review',
    base: 'healthy',
    scenario: { account: { ...HEALTHY_ACCOUNT, Champion_Reviewed_On__c: '2025-04-01' } },
    overdue: false,
    dueOn: '2025-06-30', // reviewed + 90; no monthly review while Green
  },
  {
    name: 'Yellow, latest review 32 days ago',
    base: 'mixed',
    scenario: {
      account: { ...MIXED_ACCOUNT, Champion_Reviewed_On__c: '2025-04-30' },
      useCases: mixedUseCases('2025-04-25'),
    },
    overdue: true,
    dueOn: '2025-05-30', // min(reviewed + 90 = 2025-07-29, latest + 30 = 2025-05-30)
  },
  {
    name: 'Yellow, latest review 31 days ago',
    base: 'mixed',
    scenario: {
      account: { ...MIXED_ACCOUNT, Champion_Reviewed_On__c: '2025-05-01' },
      useCases: mixedUseCases(null),
    },
    overdue: true,
    dueOn: '2025-05-31', // latest + 30
  },
  {
    name: 'Yellow, latest review 30 days ago',
    base: 'mixed',
    scenario: {
      account: { ...MIXED_ACCOUNT, Champion_Reviewed_On__c: '2025-05-02' },
      useCases: mixedUseCases(null),
    },
    overdue: false,
    dueOn: '2025-06-01', // latest + 30
  },
  {
    name: 'Yellow, latest review on a use case',
    base: 'mixed',
    scenario: {
      account: { ...MIXED_ACCOUNT, Champion_Reviewed_On__c: '2025-04-01' },
      useCases: mixedUseCases('2025-05-15'),
    },
    overdue: false,
    dueOn: '2025-06-14', // min(2025-04-01 + 90 = 2025-06-30, 2025-05-15 + 30 = 2025-06-14)
  },
  {
    name: 'Yellow, never reviewed, t = 89',
    base: 'mixed',
    scenario: {
      account: { ...MIXED_ACCOUNT, Champion_Reviewed_On__c: null },
      opportunity: { ...MIXED_OPPORTUNITY, CloseDate: '2025-03-04' },
      useCases: mixedUseCases(null),
    },
    overdue: true,
    dueOn: '2025-03-04', // the close date
  },
  {
    name: 'no deal-context layer',
    base: 'healthy',
    scenario: { account: { ...HEALTHY_ACCOUNT, Champion_Reviewed_On__c: null }, opportunity: null },
    overdue: false,
    dueOn: null,
  },
];

function cadenceResult({ base, scenario }: CadenceCase): ScoreResult {
  return base === 'mixed' ? mixed(scenario) : score(scenario);
}

describe('REVIEW_OVERDUE', () => {
  it.each(CADENCE_CASES)('$name: overdue $overdue', (cadenceCase) => {
    const result = cadenceResult(cadenceCase);
    expect(result.flags.includes('REVIEW_OVERDUE')).toBe(cadenceCase.overdue);
  });

  it('has a Green healthy and a Yellow mixed fixture', () => {
    expect(score().band).toBe('Green');
    expect(mixed().band).toBe('Yellow');
  });
});

describe('reviewDueOn', () => {
  it.each(CADENCE_CASES)('$name: due $dueOn', (cadenceCase) => {
    expect(cadenceResult(cadenceCase).reviewDueOn).toBe(cadenceCase.dueOn);
  });
});

interface InvalidCase {
  object: 'Account' | 'Opportunity' | 'Committed_Use_Case__c' | 'Deal_Promise__c';
  field: string;
  value: unknown;
  expected: string;
  signal: SignalName | null;
  score?: number | null;
  reason?: string;
}

const A_NUMBER_0_TO_100 = 'a number from 0 to 100';
const A_COUNT = 'a whole number, 0 or more';
const A_DATE = 'a date in YYYY-MM-DD format';

const INVALID_CASES: InvalidCase[] = [
  {
    object: 'Account',
    field: 'Active_User_Ratio__c',
    value: 101,
    expected: A_NUMBER_0_TO_100,
    signal: 'usage',
    reason: 'USAGE_INVALID',
  },
  {
    object: 'Account',
    field: 'Active_User_Ratio__c',
    value: -1,
    expected: A_NUMBER_0_TO_100,
    signal: 'usage',
    reason: 'USAGE_INVALID',
  },
  {
    object: 'Account',
    field: 'Active_User_Ratio__c',
    value: NaN,
    expected: A_NUMBER_0_TO_100,
    signal: 'usage',
    reason: 'USAGE_INVALID',
  },
  {
    object: 'Account',
    field: 'Active_User_Ratio__c',
    value: Infinity,
    expected: A_NUMBER_0_TO_100,
    signal: 'usage',
    reason: 'USAGE_INVALID',
  },
  {
    object: 'Account',
    field: 'Active_User_Ratio__c',
    value: '60',
    expected: A_NUMBER_0_TO_100,
    signal: 'usage',
    reason: 'USAGE_INVALID',
  },
  {
    object: 'Account',
    field: 'Seats_Purchased__c',
    value: -1,
    expected: A_COUNT,
    signal: 'seats',
    reason: 'SEATS_INVALID',
  },
  {
    object: 'Account',
    field: 'Seats_Purchased__c',
    value: 2.5,
    expected: A_COUNT,
    signal: 'seats',
    reason: 'SEATS_INVALID',
  },
  {
    object: 'Account',
    field: 'Seats_Active__c',
    value: -3,
    expected: A_COUNT,
    signal: 'seats',
    reason: 'SEATS_INVALID',
  },
  {
    object: 'Account',
    field: 'Support_Tickets_90d__c',
    value: 1.5,
    expected: A_COUNT,
    signal: 'support',
    reason: 'SUPPORT_INVALID',
  },
  {
    object: 'Account',
    field: 'Support_Tickets_90d__c',
    value: -2,
    expected: A_COUNT,
    signal: 'support',
    reason: 'SUPPORT_INVALID',
  },
  {
    object: 'Account',
    field: 'NPS__c',
    value: 101,
    expected: 'a number from -100 to 100',
    signal: 'nps',
    reason: 'NPS_INVALID',
  },
  {
    object: 'Account',
    field: 'NPS__c',
    value: -101,
    expected: 'a number from -100 to 100',
    signal: 'nps',
    reason: 'NPS_INVALID',
  },
  {
    object: 'Account',
    field: 'Login_Days_30d__c',
    value: 31,
    expected: 'a whole number from 0 to 30',
    signal: 'logins',
    reason: 'LOGINS_INVALID',
  },
  {
    object: 'Account',
    field: 'Login_Days_30d__c',
    value: 2.5,
    expected: 'a whole number from 0 to 30',
    signal: 'logins',
    reason: 'LOGINS_INVALID',
  },
  {
    object: 'Account',
    field: 'Billing_Status__c',
    value: 'Late',
    expected: 'one of: Current, Overdue 1-30, Overdue 31-60, Overdue 61+, Collections',
    signal: 'billing',
    reason: 'BILLING_INVALID',
  },
  {
    object: 'Account',
    field: 'Champion_Status__c',
    value: 'Promoted',
    expected: 'one of: Unchanged, Title Changed, Left Company',
    signal: 'champion',
    reason: 'CHAMPION_INVALID',
  },
  {
    object: 'Account',
    field: 'Customer_Segment__c',
    value: 'Startup',
    expected: 'one of: SMB, Mid-Market, Enterprise',
    signal: null,
  },
  {
    object: 'Account',
    field: 'Customer_Segment__c',
    value: 'smb',
    expected: 'one of: SMB, Mid-Market, Enterprise',
    signal: null,
  },
  {
    object: 'Account',
    field: 'Champion_Reviewed_On__c',
    value: '2025-02-30',
    expected: A_DATE,
    signal: null,
  },
  {
    object: 'Account',
    field: 'Champion_Reviewed_On__c',
    value: '05/20/2025',
    expected: A_DATE,
    signal: null,
  },
  {
    object: 'Account',
    field: 'Champion_Reviewed_On__c',
    value: 20250520,
    expected: A_DATE,
    signal: null,
  },
  {
    object: 'Opportunity',
    field: 'Discount_Depth__c',
    value: 140,
    expected: A_NUMBER_0_TO_100,
    signal: 'discount',
    reason: 'DISCOUNT_INVALID',
  },
  {
    object: 'Opportunity',
    field: 'Discount_Depth__c',
    value: -1,
    expected: A_NUMBER_0_TO_100,
    signal: 'discount',
    reason: 'DISCOUNT_INVALID',
  },
  {
    object: 'Opportunity',
    field: 'Discount_Depth__c',
    value: NaN,
    expected: A_NUMBER_0_TO_100,
    signal: 'discount',
    reason: 'DISCOUNT_INVALID',
  },
  {
    object: 'Opportunity',
    field: 'ICP_Fit_Rating__c',
    value: 0,
    expected: 'a whole number from 1 to 5',
    signal: 'icp',
    reason: 'ICP_INVALID',
  },
  {
    object: 'Opportunity',
    field: 'ICP_Fit_Rating__c',
    value: 7,
    expected: 'a whole number from 1 to 5',
    signal: 'icp',
    reason: 'ICP_INVALID',
  },
  {
    object: 'Opportunity',
    field: 'ICP_Fit_Rating__c',
    value: 2.5,
    expected: 'a whole number from 1 to 5',
    signal: 'icp',
    reason: 'ICP_INVALID',
  },
  {
    object: 'Opportunity',
    field: 'Competitive_Displacement__c',
    value: 'yes',
    expected: 'true or false',
    signal: 'displacement',
    reason: 'DISPLACEMENT_INVALID',
  },
  {
    object: 'Opportunity',
    field: 'CloseDate',
    value: '2025/01/01',
    expected: A_DATE,
    signal: 'discount',
    reason: 'DEAL_CONTEXT_MISSING',
  },
  {
    object: 'Committed_Use_Case__c',
    field: 'Status__c',
    value: 'Paused',
    expected: 'one of: Committed, Active, Not Active',
    signal: 'useCases',
    reason: 'USE_CASES_NONE',
  },
  {
    object: 'Committed_Use_Case__c',
    field: 'Reviewed_On__c',
    value: 'soon',
    expected: A_DATE,
    signal: 'useCases',
    score: 100,
    reason: 'USE_CASES_ACTIVE',
  },
  {
    object: 'Deal_Promise__c',
    field: 'Status__c',
    value: 'Pending',
    expected: 'one of: Open, Resolved, Withdrawn',
    signal: 'promises',
    score: 100,
    reason: 'PROMISES_NONE_OPEN',
  },
  {
    object: 'Deal_Promise__c',
    field: 'Due_On__c',
    value: '2025-6-1',
    expected: A_DATE,
    signal: 'promises',
    score: 75,
    reason: 'PROMISES_OPEN',
  },
];

const RECORD_IDS: Record<InvalidCase['object'], string> = {
  Account: ACCOUNT_ID,
  Opportunity: OPPORTUNITY_ID,
  Committed_Use_Case__c: USE_CASE_ID,
  Deal_Promise__c: PROMISE_ID,
};

/** Scores the healthy fixtures with one active use case and one open promise, and one field set. */
function scoreWithField(object: InvalidCase['object'], field: string, value: unknown): ScoreResult {
  const set = (record: object, target: InvalidCase['object']) =>
    object === target ? { ...record, [field]: value } : record;
  const useCase = { Id: USE_CASE_ID, Status__c: 'Active', Reviewed_On__c: '2025-05-10' };
  const promise = { Id: PROMISE_ID, Status__c: 'Open', Due_On__c: '2025-09-01' };
  return score({
    account: set(HEALTHY_ACCOUNT, 'Account') as AccountInput,
    opportunity: set(HEALTHY_OPPORTUNITY, 'Opportunity') as OpportunityInput,
    useCases: [set(useCase, 'Committed_Use_Case__c') as UseCaseInput],
    promises: [set(promise, 'Deal_Promise__c') as PromiseInput],
  });
}

describe('invalid inputs', () => {
  it.each(INVALID_CASES)(
    '$field = $value on $object',
    ({ object, field, value, expected, signal, score: signalScore, reason }) => {
      const result = scoreWithField(object, field, value);
      expect(result.invalidInputs).toEqual([
        { object, recordId: RECORD_IDS[object], field, value, expected },
      ]);
      expect(result.flags).toContain('INVALID_INPUT');
      if (signal !== null) {
        const outcome = signalOf(result, signal);
        expectScore(outcome.score, signalScore ?? null);
        expect(outcome.reason).toBe(reason);
      }
    },
  );

  it('shows an invalid value in the signal values', () => {
    const result = scoreWithField('Account', 'Active_User_Ratio__c', NaN);
    expect(signalOf(result, 'usage').values).toEqual({ activeUserRatio: 'NaN' });
  });

  it('treats an invalid segment as blank SMB', () => {
    const result = mixed({ account: { ...MIXED_ACCOUNT, Customer_Segment__c: 'Startup' } });
    expectScore(result.raw, 66.3375);
    expect(result.flags).toContain('SEGMENT_MISSING');
  });

  it('treats an invalid champion review date as blank', () => {
    // Blank review at t = 151: overdue, due close + 90.
    const result = scoreWithField('Account', 'Champion_Reviewed_On__c', '2025-02-30');
    expect(result.flags).toContain('REVIEW_OVERDUE');
    expect(result.reviewDueOn).toBe('2025-04-01');
  });

  it('drops an opportunity with an invalid close date', () => {
    const result = scoreWithField('Opportunity', 'CloseDate', '2025/01/01');
    expect(result.dealContextScore).toBeNull();
    expect(result.flags).toEqual(['DEAL_CONTEXT_MISSING', 'INVALID_INPUT']);
  });

  it('names no record without an Id', () => {
    const account = { ...HEALTHY_ACCOUNT, Id: undefined, NPS__c: 101 };
    const result = score({ account, opportunity: null });
    expect(result.invalidInputs).toEqual([
      {
        object: 'Account',
        recordId: null,
        field: 'NPS__c',
        value: 101,
        expected: 'a number from -100 to 100',
      },
    ]);
  });

  it('lists several invalid inputs in input order', () => {
    const account = { ...HEALTHY_ACCOUNT, NPS__c: 101, Login_Days_30d__c: 31 };
    const result = score({
      account,
      opportunity: { ...HEALTHY_OPPORTUNITY, ICP_Fit_Rating__c: 7 },
    });
    expect(result.invalidInputs.map((item) => item.field)).toEqual([
      'NPS__c',
      'Login_Days_30d__c',
      'ICP_Fit_Rating__c',
    ]);
    expect(result.flags.filter((flag) => flag === 'INVALID_INPUT')).toHaveLength(1);
  });

  it('rejects an invalid as-of date', () => {
    expect(() => score({ asOf: '2025-06-31' })).toThrow(RangeError);
  });
});

describe('drivers', () => {
  // SMB shares: product 0.65, deal context 0.35; each layer's present weights sum to 100.
  // points = share * weight / 100 * s; pointsLost = share * weight / 100 * (100 - s)
  const expected = [
    { signal: 'seats', points: 6.5, pointsLost: 6.5 }, // 0.13 * 50
    { signal: 'support', points: 5.85, pointsLost: 3.9 }, // 0.0975 * 60, 0.0975 * 40
    { signal: 'nps', points: 5.85, pointsLost: 3.9 },
    { signal: 'billing', points: 5.85, pointsLost: 3.9 },
    { signal: 'usage', points: 13, pointsLost: 3.25 }, // 0.1625 * 80, 0.1625 * 20
    { signal: 'champion', points: 4.2, pointsLost: 2.8 }, // 0.07 * 60, 0.07 * 40
    { signal: 'useCases', points: 2.625, pointsLost: 2.625 }, // 0.0525 * 50
    { signal: 'icp', points: 6.5625, pointsLost: 2.1875 }, // 0.0875 * 75, 0.0875 * 25
    { signal: 'discount', points: 4.9, pointsLost: 2.1 }, // 0.07 * 70, 0.07 * 30
    { signal: 'logins', points: 4.875, pointsLost: 1.625 }, // 0.065 * 75, 0.065 * 25
    { signal: 'promises', points: 2.625, pointsLost: 0.875 }, // 0.035 * 75, 0.035 * 25
    { signal: 'displacement', points: 3.5, pointsLost: 0 }, // 0.035 * 100
  ];

  it('sorts by points lost, then signal order', () => {
    expect(mixed().drivers.map((driver) => driver.signal)).toEqual(
      expected.map((row) => row.signal),
    );
  });

  it.each(expected)(
    '$signal earns $points and loses $pointsLost',
    ({ signal, points, pointsLost }) => {
      const driver = mixed().drivers.find((item) => item.signal === signal);
      expectScore(driver?.points ?? NaN, points);
      expectScore(driver?.pointsLost ?? NaN, pointsLost);
    },
  );

  it('computes points lost from the same share', () => {
    // points + pointsLost = share * weight / presentWeight * 100
    for (const signal of mixed().signals) {
      const share = signal.layer === 'product' ? 0.65 : 0.35;
      expectScore(signal.points + signal.pointsLost, share * signal.weight);
    }
  });

  it.each([
    { name: 'SMB', result: () => mixed() },
    {
      name: 'Enterprise',
      result: () => mixed({ account: { ...MIXED_ACCOUNT, Customer_Segment__c: 'Enterprise' } }),
    },
    {
      name: 'a missing signal',
      result: () => mixed({ account: { ...MIXED_ACCOUNT, NPS__c: null } }),
    },
    { name: 'the product layer alone', result: () => mixed({ opportunity: null }) },
    { name: 'the deal-context layer alone', result: () => mixed({ account: { Id: ACCOUNT_ID } }) },
  ])('add up to raw with $name', ({ result }) => {
    const scored = result();
    expectScore(sumPoints(scored.drivers), scored.raw ?? NaN);
    expectScore(sumPoints(scored.signals), scored.raw ?? NaN);
  });

  it('keeps signal order between equal points lost', () => {
    // Every present signal scores 100 and loses 0; use cases are missing.
    expect(score().drivers.map((driver) => driver.signal)).toEqual(
      SIGNAL_NAMES.filter((signal) => signal !== 'useCases'),
    );
  });

  it('carries layer, reason and values', () => {
    const discount = mixed().drivers.find((driver) => driver.signal === 'discount');
    expect(discount).toMatchObject({
      layer: 'dealContext',
      reason: 'DISCOUNT_MODERATE',
      values: { discount: 15 },
    });
  });

  it('lists every signal in the result in signal order', () => {
    expect(mixed().signals.map((signal) => signal.signal)).toEqual(SIGNAL_NAMES);
  });

  it('uses only documented reason codes', () => {
    const results = [
      mixed(),
      score(),
      score({ opportunity: MASKED_OPPORTUNITY }),
      score({ account: {}, opportunity: null }),
    ];
    for (const result of results) {
      for (const driver of [...result.signals, ...result.drivers]) {
        expect(REASON_CODES).toContain(driver.reason);
      }
    }
  });
});

describe('selectDealContextOpportunity', () => {
  interface Candidate {
    Id: string;
    IsWon: boolean;
    ICP_Fit_Rating__c: number | null;
    CloseDate: string;
    CreatedDate?: string;
  }

  const march = (Id: string, CreatedDate?: string): Candidate => ({
    Id,
    IsWon: true,
    ICP_Fit_Rating__c: 3,
    CloseDate: '2025-03-01',
    CreatedDate,
  });

  it.each([
    {
      name: 'later CloseDate wins',
      candidates: [
        march('006B', '2025-02-05T10:00:00.000+0000'),
        { ...march('006A', '2025-01-01T10:00:00.000+0000'), CloseDate: '2025-04-01' },
      ],
      expected: '006A',
    },
    {
      name: 'same CloseDate: later CreatedDate wins',
      candidates: [
        march('006B', '2025-02-05T10:00:00.000+0000'),
        march('006A', '2025-02-05T10:00:01.000+0000'),
      ],
      expected: '006A',
    },
    {
      name: 'same CloseDate and CreatedDate: higher Id wins',
      candidates: [
        march('006C', '2025-02-05T10:00:00.000+0000'),
        march('006D', '2025-02-05T10:00:00.000+0000'),
      ],
      expected: '006D',
    },
    {
      name: 'known CreatedDate beats unknown',
      candidates: [march('006Z'), march('006A', '2025-02-05T10:00:00.000+0000')],
      expected: '006A',
    },
    {
      name: 'future CloseDate excluded',
      candidates: [march('006A'), { ...march('006F'), CloseDate: '2025-06-02' }],
      expected: '006A',
    },
    {
      name: 'CloseDate on the as-of date included',
      candidates: [march('006A'), { ...march('006T'), CloseDate: AS_OF }],
      expected: '006T',
    },
    {
      name: 'IsWon false excluded',
      candidates: [march('006A'), { ...march('006L'), IsWon: false, CloseDate: '2025-05-01' }],
      expected: '006A',
    },
    {
      name: 'ICP null excluded',
      candidates: [
        march('006A'),
        { ...march('006N'), ICP_Fit_Rating__c: null, CloseDate: '2025-05-15' },
      ],
      expected: '006A',
    },
    {
      name: 'invalid ICP 7 still selected',
      candidates: [
        march('006A'),
        { ...march('006I'), ICP_Fit_Rating__c: 7, CloseDate: '2025-04-01' },
      ],
      expected: '006I',
    },
  ])('$name', ({ candidates, expected }) => {
    expect(selectDealContextOpportunity(candidates, AS_OF)?.Id).toBe(expected);
    expect(selectDealContextOpportunity([...candidates].reverse(), AS_OF)?.Id).toBe(expected);
  });

  it('returns null without a candidate', () => {
    expect(selectDealContextOpportunity([], AS_OF)).toBeNull();
    expect(selectDealContextOpportunity([{ ...march('006L'), IsWon: false }], AS_OF)).toBeNull();
  });

  it('returns the record itself', () => {
    const candidate = { ...march('006A'), Name: 'Acme renewal' };
    expect(selectDealContextOpportunity([candidate], AS_OF)).toBe(candidate);
  });
});

describe('modelVersionLabel', () => {
  // FNV-1a 32-bit, worked out with a separate implementation, over the canonical JSON
  // {"bands":[{"band":"Green","minScore":75},{"band":"Yellow","minScore":50},
  // {"band":"Red","minScore":25},{"band":"Critical","minScore":0}],
  // "segments":{"Enterprise":{"dealContext":50,"product":50},"Mid-Market":{"dealContext":45,
  // "product":55},"SMB":{"dealContext":35,"product":65}},"signals":{"billing":{"layer":"product",
  // "weight":15},"champion":{"layer":"dealContext","weight":20}, ... sorted by signal name}}
  it('has the version and 8 hex digits', () => {
    expect(modelVersionLabel(DEFAULT_MODEL)).toMatch(/^1:[0-9a-f]{8}$/);
    expect(modelVersionLabel(DEFAULT_MODEL)).toBe('1:c396bc1f');
    expect(score().modelVersion).toBe('1:c396bc1f');
  });

  it('is stable across copies, band order, key order and action text', () => {
    const copy = copyModel();
    copy.bands.reverse();
    copy.bands[0].action = 'Another action.';
    copy.segments = {
      Enterprise: copy.segments.Enterprise,
      SMB: copy.segments.SMB,
      'Mid-Market': copy.segments['Mid-Market'],
    };
    expect(modelVersionLabel(copy)).toBe('1:c396bc1f');
  });

  it.each([
    {
      name: 'usage weight 30',
      change: (model: HealthModel) => {
        model.signals.usage.weight = 30;
      },
      label: '1:f8cdc445',
    },
    {
      name: 'Green minimum 80',
      change: (model: HealthModel) => {
        model.bands[0].minScore = 80;
      },
      label: '1:5b5702d7',
    },
    {
      name: 'version 2',
      change: (model: HealthModel) => {
        model.version = 2;
      },
      label: '2:c396bc1f',
    },
  ])('changes with $name', ({ change, label }) => {
    const model = copyModel();
    change(model);
    expect(modelVersionLabel(model)).toBe(label);
  });

  it('changes with any segment weight', () => {
    const model = copyModel();
    model.segments['Mid-Market'].product = 56;
    expect(modelVersionLabel(model)).not.toBe('1:c396bc1f');
    expect(modelVersionLabel(model)).toMatch(/^1:[0-9a-f]{8}$/);
  });
});

describe('validateModel', () => {
  it('accepts the default model', () => {
    const result = validateModel(DEFAULT_MODEL);
    expect(result.errors).toEqual([]);
    expect(result.model).toEqual(DEFAULT_MODEL);
    expect(DEFAULT_MODEL.version).toBe(MODEL_VERSION);
    expect(DEFAULT_MODEL.bands.map((band) => band.band)).toEqual(BANDS);
  });

  it('normalizes the band order', () => {
    const model = copyModel();
    model.bands.reverse();
    const result = validateModel(model);
    expect(result.errors).toEqual([]);
    expect(result.model?.bands.map((band) => band.band)).toEqual(BANDS);
  });

  it.each([
    { name: 'a non-object', change: () => null, error: 'The model is not an object' },
    {
      name: 'version 2',
      change: (m: any) => {
        m.version = 2;
      },
      error: 'Model version 2 is not supported',
    },
    {
      name: 'a missing segment',
      change: (m: any) => {
        delete m.segments.Enterprise;
      },
      error: 'Segment Enterprise is missing',
    },
    {
      name: 'an unknown segment',
      change: (m: any) => {
        m.segments.Startup = { product: 1, dealContext: 1 };
      },
      error: 'Unknown segment "Startup"',
    },
    {
      name: 'a negative segment weight',
      change: (m: any) => {
        m.segments.SMB.product = -1;
      },
      error: 'Segment SMB has weights -1/35',
    },
    {
      name: 'a NaN segment weight',
      change: (m: any) => {
        m.segments.SMB.dealContext = NaN;
      },
      error: 'Segment SMB has weights 65/NaN',
    },
    {
      name: 'both layer weights 0',
      change: (m: any) => {
        m.segments.SMB = { product: 0, dealContext: 0 };
      },
      error: 'Segment SMB has both layer weights 0',
    },
    {
      name: 'no bands',
      change: (m: any) => {
        m.bands = {};
      },
      error: 'Bands are missing',
    },
    {
      name: 'a missing band',
      change: (m: any) => {
        m.bands.splice(2, 1);
      },
      error: 'Band Red appears 0 times',
    },
    {
      name: 'a duplicate band',
      change: (m: any) => {
        m.bands.push({ ...m.bands[0] });
      },
      error: 'Band Green appears 2 times',
    },
    {
      name: 'an unknown band',
      change: (m: any) => {
        m.bands.push({ band: 'Blue', minScore: 90, action: '' });
      },
      error: 'Unknown band "Blue"',
    },
    {
      name: 'minimums not falling',
      change: (m: any) => {
        m.bands[1].minScore = 80;
      },
      error: 'Band Yellow minimum 80 is not below Green minimum 75',
    },
    {
      name: 'equal minimums',
      change: (m: any) => {
        m.bands[2].minScore = 50;
      },
      error: 'Band Red minimum 50 is not below Yellow minimum 50',
    },
    {
      name: 'Critical above 0',
      change: (m: any) => {
        m.bands[3].minScore = 10;
      },
      error: 'Band Critical minimum is 10',
    },
    {
      name: 'a fractional minimum',
      change: (m: any) => {
        m.bands[0].minScore = 74.5;
      },
      error: 'Band Green has minimum score 74.5',
    },
    {
      name: 'a missing action',
      change: (m: any) => {
        delete m.bands[0].action;
      },
      error: 'Band Green has no action text',
    },
    {
      name: 'a missing signal',
      change: (m: any) => {
        delete m.signals.usage;
      },
      error: 'Signal usage is missing',
    },
    {
      name: 'an unknown signal',
      change: (m: any) => {
        m.signals.usge = { layer: 'product', weight: 1 };
      },
      error: 'Unknown signal "usge"',
    },
    {
      name: 'a moved signal',
      change: (m: any) => {
        m.signals.discount.layer = 'product';
      },
      error: 'Signal discount has layer "product"',
    },
    {
      name: 'a negative signal weight',
      change: (m: any) => {
        m.signals.icp.weight = -5;
      },
      error: 'Signal icp has weight -5',
    },
    {
      name: 'an infinite signal weight',
      change: (m: any) => {
        m.signals.icp.weight = Infinity;
      },
      error: 'Signal icp has weight Infinity',
    },
    {
      name: 'a weight as text',
      change: (m: any) => {
        m.signals.icp.weight = '25';
      },
      error: 'Signal icp has weight 25',
    },
    {
      name: 'all product weights 0',
      change: (m: any) => {
        for (const name of ['usage', 'seats', 'support', 'nps', 'billing', 'logins'])
          m.signals[name].weight = 0;
      },
      error: 'Every product signal has weight 0',
    },
  ])('rejects $name', ({ change, error }) => {
    const model: any = copyModel();
    const changed = change(model) === null ? null : model;
    const result = validateModel(changed);
    expect(result.model).toBeNull();
    expect(result.errors.some((message) => message.includes(error))).toBe(true);
  });

  it('lists every problem at once', () => {
    const model: any = copyModel();
    model.version = 3;
    model.signals.icp.weight = -1;
    delete model.segments.SMB;
    expect(validateModel(model).errors).toHaveLength(3);
  });
});
