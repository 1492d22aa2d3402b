import type { AccountBuilder, UseCaseStatus } from './accountBuilder.ts';

// Each archetype builds one kind of account relative to the as-of date. The comment of each
// builder gives its outcome under model version 1 of the health score engine (healthModel.ts)
// and the bounds that guarantee it. P is the product-signal score, bounded per profile in
// PRODUCT_PROFILES. D is the deal-context score, with the weights discount 20, ICP 25,
// champion 20, displacement 10, use cases 15 and promises 10.

export type ArchetypeName =
  | 'healthy'
  | 'steady'
  | 'maskedRisk'
  | 'atRisk'
  | 'churnRisk'
  | 'recentDeepDiscount'
  | 'displacementFirstYear'
  | 'championChanged'
  | 'useCasesNotLive'
  | 'overduePromises'
  | 'noDealContext'
  | 'noProductSignals'
  | 'noData'
  | 'blankSegment'
  | 'legacyInvalidValues';

export interface Archetype {
  name: ArchetypeName;
  /** Share of the accounts in percent, after each archetype's minimum count. */
  weight: number;
  build(builder: AccountBuilder): void;
}

function repeat(status: UseCaseStatus, count: number): UseCaseStatus[] {
  return Array.from({ length: count }, () => status);
}

/** Use case statuses for a deal `age` days old: Committed before day 60, then some reviewed. */
function statusesByAge(builder: AccountBuilder, age: number, count: number): UseCaseStatus[] {
  if (age < 60) {
    return repeat('Committed', count);
  }
  if (age < 120) {
    return Array.from({ length: count }, () =>
      builder.random.chance(0.5) ? 'Active' : 'Committed',
    );
  }
  return repeat('Active', count);
}

// Green, no flags: P >= 86.5 and D >= 91.25 (discount <= 10, ICP >= 4, champion unchanged and
// reviewed within 80 days, all use cases Active, at most one open promise not yet due).
function buildHealthy(builder: AccountBuilder): void {
  const random = builder.random;
  const age = random.int(120, 1000);
  builder.setProduct('strong');
  builder.addDeal({
    age,
    discount: builder.discount(0, 10),
    icp: random.weighted([
      [4, 3],
      [5, 2],
    ]),
    // A displacement scores 100 from 547 days after the close.
    displacement: age >= 547 && random.chance(0.3),
  });
  builder.reviewChampion('Unchanged', 3, 80);
  builder.addUseCases(repeat('Active', builder.useCaseCount()));
  builder.addPromises(
    random.sample(['resolved', 'withdrawn', 'openFuture'] as const, random.int(0, 2)),
  );
  builder.addHistory(2, { dealContext: true });
}

// Green or Yellow, no risk: P >= 37 (good or fair) and D >= 74 give a score of at least 50. The
// champion was reviewed within 28 days, so a Yellow account is not overdue for its monthly review.
function buildSteady(builder: AccountBuilder): void {
  const random = builder.random;
  const age = random.int(120, 900);
  builder.setProduct(
    random.weighted([
      ['good', 3],
      ['fair', 2],
    ] as const),
  );
  builder.addDeal({ age, discount: builder.discount(0, 25), icp: random.int(3, 5) });
  builder.reviewChampion('Unchanged', 2, 28);
  const count = builder.useCaseCount();
  const statuses = repeat('Active', count);
  if (count >= 3 && random.chance(0.4)) {
    statuses[0] = 'Not Active';
  }
  builder.addUseCases(statuses);
  builder.addPromises(random.sample(['resolved', 'openFuture'] as const, random.int(0, 1)));
  builder.addHistory(2, { dealContext: true });
}

// MASKED_RISK, Yellow: P >= 86.5 with two or three risks (discount above 25, ICP 1-2, champion
// changed) in a deal whose D is at least 44, so the score is 65 or more and capped at 74.
function buildMaskedRisk(builder: AccountBuilder): void {
  const random = builder.random;
  const risks = [
    ['discount', 'icp'],
    ['discount', 'champion'],
    ['icp', 'champion'],
    ['discount', 'icp', 'champion'],
  ][builder.ordinal % 4];
  builder.setProduct('strong');
  builder.addDeal({
    age: random.int(150, 700),
    discount: risks.includes('discount') ? builder.discount(27.5, 40) : builder.discount(0, 10),
    icp: risks.includes('icp') ? random.int(1, 2) : random.int(4, 5),
  });
  builder.reviewChampion(
    risks.includes('champion')
      ? random.pick(['Title Changed', 'Left Company'] as const)
      : 'Unchanged',
    2,
    25,
  );
  builder.addUseCases(repeat('Active', builder.useCaseCount()));
  builder.addPromises(random.sample(['resolved'] as const, random.int(0, 1)));
  builder.addHistory(2, { dealContext: true });
}

// Red: P 10.2-32.5 and D 57.25-65.25 (discount 11-25, ICP 2, use cases half Active, one open
// promise) give 26.6-48.9 in every segment.
function buildAtRisk(builder: AccountBuilder): void {
  const random = builder.random;
  builder.setProduct('weak');
  builder.addDeal({ age: random.int(150, 600), discount: builder.discount(11, 25), icp: 2 });
  builder.reviewChampion(random.pick(['Unchanged', 'Title Changed'] as const), 5, 80);
  const pairs = builder.company.segment === 'Enterprise' ? 2 : 1;
  const statuses: UseCaseStatus[] = [];
  for (let index = 0; index < pairs; index++) {
    statuses.push('Active', 'Not Active');
  }
  builder.addUseCases(statuses);
  builder.addPromises(['openFuture']);
  builder.addHistory(1, { dealContext: true });
}

// Critical: P <= 11.4 and D <= 35.25 (discount above 25, ICP 1-2, champion left, no use case
// live) give at most 23.3.
function buildChurnRisk(builder: AccountBuilder): void {
  const random = builder.random;
  const age = random.int(150, 900);
  builder.setProduct('poor');
  builder.addDeal({
    age,
    discount: builder.discount(27.5, 45),
    icp: random.int(1, 2),
    displacement: random.chance(0.3),
  });
  builder.reviewChampion('Left Company', 5, 60);
  builder.addUseCases(repeat('Not Active', builder.useCaseCount()));
  builder.addPromises(builder.ordinal % 2 === 0 ? ['openOverdue'] : ['openOverdue', 'openFuture']);
  builder.addHistory(1, { dealContext: true });
}

// DISCOUNT_SIGNIFICANT and CLOSE_MONITORING: closed 5 to 85 days ago at more than 25 % off.
function buildRecentDeepDiscount(builder: AccountBuilder): void {
  const random = builder.random;
  const age = random.int(5, 85);
  const expansion = random.chance(0.5);
  builder.setProduct(random.pick(['good', 'fair'] as const));
  builder.addDeal({
    age,
    discount: builder.discount(27.5, 50),
    icp: random.int(3, 5),
    displacement: !expansion && random.chance(0.3),
    expansion,
  });
  builder.addUseCases(statusesByAge(builder, age, builder.useCaseCount()));
  builder.addPromises(random.sample(['openFuture', 'openUndated'] as const, random.int(0, 2)));
  if (expansion) {
    builder.addHistory(2, { dealContext: true });
  }
}

// DISPLACEMENT_WINDOW: a new customer that replaced an incumbent 60 to 350 days ago. Every third
// one still has a Committed use case past day 120 (REVIEW_OVERDUE).
function buildDisplacementFirstYear(builder: AccountBuilder): void {
  const random = builder.random;
  const age = random.int(60, 350);
  builder.setProduct('good');
  builder.addDeal({
    age,
    discount: builder.discount(5, 25),
    icp: random.int(3, 5),
    displacement: true,
  });
  if (age >= 90) {
    builder.reviewChampion('Unchanged', 3, 80);
  }
  const statuses = statusesByAge(builder, age, builder.useCaseCount());
  if (age >= 120 && builder.ordinal % 3 === 0) {
    statuses[0] = 'Committed';
  }
  builder.addUseCases(statuses);
  builder.addPromises(random.sample(['openFuture', 'resolved'] as const, random.int(0, 1)));
}

// CHAMPION_CHANGED: the CSM recorded a new title or a departure in the last 60 days.
function buildChampionChanged(builder: AccountBuilder): void {
  const random = builder.random;
  builder.setProduct(random.pick(['good', 'fair'] as const));
  builder.addDeal({
    age: random.int(120, 800),
    discount: builder.discount(0, 20),
    icp: random.int(3, 5),
  });
  builder.reviewChampion(builder.ordinal % 2 === 0 ? 'Title Changed' : 'Left Company', 3, 60);
  builder.addUseCases(repeat('Active', builder.useCaseCount()));
  builder.addPromises(random.sample(['resolved', 'openFuture'] as const, random.int(0, 1)));
  builder.addHistory(2, { dealContext: true });
}

// USE_CASE_GAP: fewer than half the reviewed use cases are live, 130 to 500 days after the
// close. Two of three also have one still Committed (REVIEW_OVERDUE).
function buildUseCasesNotLive(builder: AccountBuilder): void {
  const random = builder.random;
  builder.setProduct(random.pick(['good', 'fair'] as const));
  builder.addDeal({
    age: random.int(130, 500),
    discount: builder.discount(0, 25),
    icp: random.int(3, 5),
  });
  builder.reviewChampion('Unchanged', 3, 80);
  const statuses: UseCaseStatus[] = ['Committed', 'Not Active', 'Not Active', 'Active'].slice(
    0,
    Math.max(3, builder.useCaseCount()),
  ) as UseCaseStatus[];
  if (builder.ordinal % 3 === 2) {
    statuses[0] = 'Not Active';
  }
  builder.addUseCases(statuses);
  builder.addPromises(random.sample(['openFuture'] as const, random.int(0, 1)));
  builder.addHistory(1, { dealContext: true });
}

// PROMISE_OVERDUE: one or two open promises past their due date.
function buildOverduePromises(builder: AccountBuilder): void {
  const random = builder.random;
  builder.setProduct(random.pick(['good', 'fair'] as const));
  builder.addDeal({
    age: random.int(100, 500),
    discount: builder.discount(0, 25),
    icp: random.int(3, 5),
  });
  builder.reviewChampion('Unchanged', 3, 80);
  builder.addUseCases(repeat('Active', builder.useCaseCount()));
  const kinds: ('openOverdue' | 'resolved')[] = ['openOverdue'];
  if (random.chance(0.5)) {
    kinds.push('openOverdue');
  }
  if (random.chance(0.5)) {
    kinds.push('resolved');
  }
  builder.addPromises(kinds);
  builder.addHistory(1, { dealContext: true });
}

// DEAL_CONTEXT_MISSING: every won deal predates the deal-context fields, or (every second one)
// the AE entered a discount but no ICP rating, which does not make a deal context.
function buildNoDealContext(builder: AccountBuilder): void {
  const random = builder.random;
  builder.setProduct(random.pick(['strong', 'good', 'fair'] as const));
  builder.addLegacyWon(random.int(200, 1000), { discountOnly: builder.ordinal % 2 === 1 });
  builder.addHistory(2, { dealContext: false });
}

// PRODUCT_SIGNALS_MISSING: a customer of 20 to 200 days whose product data is not synced yet.
function buildNoProductSignals(builder: AccountBuilder): void {
  const random = builder.random;
  const age = random.int(20, 200);
  builder.addDeal({
    age,
    discount: builder.discount(0, 30),
    icp: random.int(2, 5),
    displacement: random.chance(0.2),
  });
  if (age >= 90) {
    builder.reviewChampion('Unchanged', 3, 80);
  }
  builder.addUseCases(statusesByAge(builder, age, builder.useCaseCount()));
  builder.addPromises(random.sample(['openFuture'] as const, random.int(0, 1)));
}

// NO_DATA: a prospect with only an open opportunity, or (every second one) a customer whose
// only deal predates the deal-context fields and whose product data was never synced.
function buildNoData(builder: AccountBuilder): void {
  if (builder.ordinal % 2 === 0) {
    builder.accountType = 'Prospect';
    builder.addProspectOpportunity();
    return;
  }
  builder.addLegacyWon(builder.random.int(400, 1050));
}

// SEGMENT_MISSING: a healthy or steady account whose segment was never set, so it is scored
// with the SMB weights; the guarantees above hold for SMB.
function buildBlankSegment(builder: AccountBuilder): void {
  builder.segmentField = null;
  if (builder.ordinal % 2 === 0) {
    buildHealthy(builder);
  } else {
    buildSteady(builder);
  }
}

// INVALID_INPUT: values that fit the field's precision but not the model, loaded before the
// validation rules existed: a discount of 140 %, an ICP rating of 7, or an NPS of 130, in turn.
function buildLegacyInvalidValues(builder: AccountBuilder): void {
  const random = builder.random;
  const variant = builder.ordinal % 3;
  builder.setProduct(random.pick(['good', 'fair'] as const));
  if (variant === 2) {
    builder.setProductValue('NPS__c', 130);
  }
  builder.addDeal({
    age: random.int(400, 1000),
    discount: variant === 0 ? 140 : builder.discount(0, 20),
    icp: variant === 1 ? 7 : random.int(3, 5),
  });
  builder.reviewChampion('Unchanged', 3, 80);
  builder.addUseCases(repeat('Active', builder.useCaseCount()));
  builder.addHistory(1, { dealContext: true });
}

/** The archetypes in allocation order; weights add up to 100. */
export const ARCHETYPES: readonly Archetype[] = [
  { name: 'healthy', weight: 22, build: buildHealthy },
  { name: 'steady', weight: 14, build: buildSteady },
  { name: 'maskedRisk', weight: 8, build: buildMaskedRisk },
  { name: 'atRisk', weight: 7, build: buildAtRisk },
  { name: 'churnRisk', weight: 5, build: buildChurnRisk },
  { name: 'recentDeepDiscount', weight: 6, build: buildRecentDeepDiscount },
  { name: 'displacementFirstYear', weight: 6, build: buildDisplacementFirstYear },
  { name: 'championChanged', weight: 6, build: buildChampionChanged },
  { name: 'useCasesNotLive', weight: 6, build: buildUseCasesNotLive },
  { name: 'overduePromises', weight: 5, build: buildOverduePromises },
  { name: 'noDealContext', weight: 5, build: buildNoDealContext },
  { name: 'noProductSignals', weight: 3, build: buildNoProductSignals },
  { name: 'noData', weight: 3, build: buildNoData },
  { name: 'blankSegment', weight: 2, build: buildBlankSegment },
  { name: 'legacyInvalidValues', weight: 2, build: buildLegacyInvalidValues },
];

/** Minimum accounts per archetype, so that each variant of the cycling ones appears. */
export const MIN_ACCOUNTS_PER_ARCHETYPE = 3;

/**
 * Splits `total` accounts over the archetypes: each gets the minimum when there are enough
 * accounts, the rest goes by weight (largest remainder). Returns one count per archetype.
 */
export function allocateArchetypes(total: number): number[] {
  const minimum = Math.min(MIN_ACCOUNTS_PER_ARCHETYPE, Math.floor(total / ARCHETYPES.length));
  const counts = ARCHETYPES.map(() => minimum);
  const rest = total - minimum * ARCHETYPES.length;
  const totalWeight = ARCHETYPES.reduce((sum, archetype) => sum + archetype.weight, 0);
  const quotas = ARCHETYPES.map((archetype) => (rest * archetype.weight) / totalWeight);
  quotas.forEach((quota, index) => {
    counts[index] += Math.floor(quota);
  });
  const left = total - counts.reduce((sum, count) => sum + count, 0);
  const byRemainder = quotas
    .map((quota, index) => ({ index, remainder: quota - Math.floor(quota) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (let index = 0; index < left; index++) {
    counts[byRemainder[index].index] += 1;
  }
  return counts;
}
