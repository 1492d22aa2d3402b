import { addDays } from '../../force-app/main/default/lwc/healthModel/healthModel.ts';
import type { Random } from './random.ts';
import {
  AREA_CODES,
  DISPLACED_VENDORS,
  FIRST_NAMES,
  INDUSTRIES,
  LAST_NAMES,
  LEGAL_SUFFIXES,
  NAME_MIDDLES,
  NAME_PREFIXES,
  OPEN_STAGES,
  PROMISE_DESCRIPTIONS,
  PROMISE_TYPES,
  SENIORITIES,
  TITLES,
  USE_CASES,
  type Seniority,
} from './vocabulary.ts';

export type Segment = 'SMB' | 'Mid-Market' | 'Enterprise';
export type FieldValue = string | number | boolean;
/** Record fields in output order; a blank field is left out, as `sf data export tree` does. */
export type Fields = Record<string, FieldValue>;

export type ChampionStatus = 'Unchanged' | 'Title Changed' | 'Left Company';
export type UseCaseStatus = 'Committed' | 'Active' | 'Not Active';
/** State of a promise on the as-of date, as `AccountBuilder.addPromises` describes. */
export type PromiseKind = 'resolved' | 'withdrawn' | 'openFuture' | 'openUndated' | 'openOverdue';
export type ProductProfile = 'strong' | 'good' | 'fair' | 'weak' | 'poor';

export interface Company {
  name: string;
  /** Host name under example.com, for the website and the contacts' email addresses. */
  domain: string;
  industry: string;
  /** Size class of the company; `Customer_Segment__c` may still be left blank. */
  segment: Segment;
  employees: number;
  /** Seats on the current contract (`Seats_Purchased__c`). */
  seats: number;
}

export interface ContactDraft {
  firstName: string;
  lastName: string;
  /** Current title; for a champion whose title changed it differs from the title at close. */
  title: string;
  seniority: Seniority;
  email: string;
  phone: string;
}

export interface DealContext {
  discount: number | null;
  icp: number | null;
  /** Index into the account's contacts. */
  championContact: number;
  championTitle: string;
  championSeniority: Seniority;
  displacement: boolean;
  displacedVendor: string | null;
}

export interface OpportunityDraft {
  stage: string;
  closeDate: string;
  amount: number;
  /** Name after the account name, e.g. 'Renewal 2026'; set by `finish` for won opportunities. */
  label: string;
  type: string | null;
  /** A won deal that added seats to an existing contract rather than renewing it. */
  expansion: boolean;
  deal: DealContext | null;
  useCases: Fields[];
  promises: Fields[];
}

export interface AccountDraft {
  fields: Fields;
  contacts: ContactDraft[];
  opportunities: OpportunityDraft[];
}

interface SegmentSize {
  employees: readonly [number, number];
  seats: readonly [number, number];
  /** List price per seat and year, in US dollars. */
  pricePerSeat: readonly [number, number];
  contacts: readonly [number, number];
  useCases: readonly [number, number];
  championSeniority: readonly (readonly [Seniority, number])[];
}

export const SEGMENT_SIZES: Readonly<Record<Segment, SegmentSize>> = {
  // At least 15 seats, so that each product profile's seat-use and ticket ranges contain a whole
  // number of seats and tickets.
  SMB: {
    employees: [25, 200],
    seats: [15, 120],
    pricePerSeat: [480, 720],
    contacts: [2, 3],
    useCases: [1, 3],
    championSeniority: [
      ['C-Level', 35],
      ['VP', 40],
      ['Director', 20],
      ['Manager', 5],
    ],
  },
  'Mid-Market': {
    employees: [200, 2500],
    seats: [120, 1200],
    pricePerSeat: [380, 600],
    contacts: [3, 4],
    useCases: [2, 3],
    championSeniority: [
      ['C-Level', 10],
      ['VP', 35],
      ['Director', 40],
      ['Manager', 15],
    ],
  },
  Enterprise: {
    employees: [2500, 60000],
    seats: [1200, 15000],
    pricePerSeat: [280, 480],
    contacts: [4, 6],
    useCases: [2, 4],
    championSeniority: [
      ['VP', 25],
      ['Director', 45],
      ['Manager', 25],
      ['Individual Contributor', 5],
    ],
  },
};

interface ProductRanges {
  /** Active_User_Ratio__c, percent. */
  usage: readonly [number, number];
  /** Seats_Active__c / Seats_Purchased__c. */
  seatUse: readonly [number, number];
  /** Support tickets in 90 days per 10 active seats. */
  ticketsPer10Seats: readonly [number, number];
  nps: readonly [number, number];
  billing: readonly (readonly [string, number])[];
  logins: readonly [number, number];
}

// Each profile bounds the product-signal score P of model version 1 (usage 25, seats 20,
// support 15, NPS 15, billing 15, logins 10): strong 86.5-100, good 65.8-100, fair 37-73,
// weak 10.2-32.5, poor 0-11.4. The archetypes rely on these bounds for their bands.
export const PRODUCT_PROFILES: Readonly<Record<ProductProfile, ProductRanges>> = {
  strong: {
    usage: [50, 90],
    seatUse: [0.9, 1],
    ticketsPer10Seats: [0, 1],
    nps: [40, 80],
    billing: [
      ['Current', 9],
      ['Overdue 1-30', 1],
    ],
    logins: [20, 30],
  },
  good: {
    usage: [35, 60],
    seatUse: [0.7, 0.95],
    ticketsPer10Seats: [0.5, 2],
    nps: [20, 60],
    billing: [
      ['Current', 8],
      ['Overdue 1-30', 2],
    ],
    logins: [14, 24],
  },
  fair: {
    usage: [20, 35],
    seatUse: [0.45, 0.7],
    ticketsPer10Seats: [2, 3.5],
    nps: [-10, 30],
    billing: [
      ['Current', 5],
      ['Overdue 1-30', 3],
      ['Overdue 31-60', 2],
    ],
    logins: [8, 15],
  },
  weak: {
    usage: [8, 16],
    seatUse: [0.25, 0.4],
    ticketsPer10Seats: [3.5, 5],
    nps: [-50, -10],
    billing: [
      ['Overdue 31-60', 4],
      ['Overdue 61+', 3],
      ['Collections', 1],
    ],
    logins: [2, 6],
  },
  poor: {
    usage: [0, 8],
    seatUse: [0.05, 0.25],
    ticketsPer10Seats: [5, 9],
    nps: [-90, -40],
    billing: [
      ['Overdue 61+', 1],
      ['Collections', 1],
    ],
    logins: [0, 3],
  },
};

/** Oldest close date of a won opportunity, in days before the as-of date (about three years). */
export const MAX_WON_AGE_DAYS = 1090;

/** Creates a company with a name not in `usedNames`, and adds the name to it. */
export function createCompany(random: Random, usedNames: Set<string>): Company {
  const vocabulary = random.pick(INDUSTRIES);
  let words: string[] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    const prefix = random.pick(NAME_PREFIXES);
    const core = random.pick(vocabulary.nameCores);
    words = random.chance(0.6) ? [prefix, core] : [prefix, random.pick(NAME_MIDDLES), core];
    if (!usedNames.has(words.join(' '))) {
      break;
    }
  }
  let base = words.join(' ');
  // Past 20 collisions the word lists are nearly used up for this industry: number the name.
  for (let number = 2; usedNames.has(base); number++) {
    base = `${words.join(' ')} ${number}`;
  }
  usedNames.add(base);

  const segment = random.weighted<Segment>([
    ['SMB', 50],
    ['Mid-Market', 32],
    ['Enterprise', 18],
  ]);
  const size = SEGMENT_SIZES[segment];
  const employees = random.int(size.employees[0], size.employees[1]);
  const seats = Math.min(
    size.seats[1],
    Math.max(size.seats[0], Math.round(employees * random.decimal(0.3, 0.8, 2))),
  );
  const name = random.chance(0.7) ? `${base} ${random.pick(LEGAL_SUFFIXES)}` : base;
  const domain = `${base
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 30)}.example.com`;
  return { name, domain, industry: vocabulary.industry, segment, employees, seats };
}

/** Picks a whole number in [low, high], or `low` when rounding leaves the range empty. */
function intWithin(random: Random, low: number, high: number): number {
  const min = Math.ceil(low - 1e-9);
  const max = Math.floor(high + 1e-9);
  return min > max ? min : random.int(min, max);
}

function compareText(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

function phoneNumber(random: Random): string {
  return `(${random.pick(AREA_CODES)}) 555-01${String(random.int(0, 99)).padStart(2, '0')}`;
}

/** Collects the records of one account; the archetypes call its methods in order. */
export class AccountBuilder {
  readonly random: Random;
  readonly asOf: string;
  readonly company: Company;
  /** Position of this account among the accounts of its archetype, from 0, to cycle variants. */
  readonly ordinal: number;
  segmentField: Segment | null;
  accountType = 'Customer - Direct';
  readonly contacts: ContactDraft[] = [];
  readonly opportunities: OpportunityDraft[] = [];
  private product: Fields = {};
  private championStatus: ChampionStatus | null = null;
  private championReviewedOn: string | null = null;
  private deal: OpportunityDraft | null = null;
  /** Days from the deal-context opportunity's close to the as-of date. */
  private dealAge = 0;

  constructor(random: Random, asOf: string, company: Company, ordinal: number) {
    this.random = random;
    this.asOf = asOf;
    this.company = company;
    this.ordinal = ordinal;
    this.segmentField = company.segment;
    if (random.chance(0.2)) {
      this.accountType = 'Customer - Channel';
    }
    this.addContacts();
  }

  daysAgo(days: number): string {
    return addDays(this.asOf, -days);
  }

  get size(): SegmentSize {
    return SEGMENT_SIZES[this.company.segment];
  }

  /** Number of use cases committed on a deal, by segment. */
  useCaseCount(): number {
    return this.random.int(this.size.useCases[0], this.size.useCases[1]);
  }

  /** Picks a discount in percent within [min, max], half the time a round figure such as 12.5. */
  discount(min: number, max: number): number {
    const roundFigures: number[] = [];
    for (let value = Math.ceil(min / 2.5) * 2.5; value <= max; value += 2.5) {
      roundFigures.push(value);
    }
    if (roundFigures.length > 0 && this.random.chance(0.5)) {
      return this.random.pick(roundFigures);
    }
    return this.random.decimal(min, max, 2);
  }

  setProduct(profile: ProductProfile): void {
    const ranges = PRODUCT_PROFILES[profile];
    const random = this.random;
    const purchased = this.company.seats;
    const active = intWithin(random, purchased * ranges.seatUse[0], purchased * ranges.seatUse[1]);
    const base = active > 0 ? active : purchased;
    const tickets = intWithin(
      random,
      (ranges.ticketsPer10Seats[0] * base) / 10,
      (ranges.ticketsPer10Seats[1] * base) / 10,
    );
    this.product = {
      Active_User_Ratio__c: random.decimal(ranges.usage[0], ranges.usage[1], 2),
      Seats_Purchased__c: purchased,
      Seats_Active__c: active,
      Support_Tickets_90d__c: tickets,
      NPS__c: random.int(ranges.nps[0], ranges.nps[1]),
      Billing_Status__c: random.weighted(ranges.billing),
      Login_Days_30d__c: random.int(ranges.logins[0], ranges.logins[1]),
    };
  }

  /** Overrides one product signal, for legacy values that a sync wrote before validation. */
  setProductValue(field: string, value: FieldValue): void {
    this.product[field] = value;
  }

  /** Adds the deal-context opportunity: won `age` days before the as-of date. */
  addDeal(spec: {
    age: number;
    discount: number | null;
    icp: number | null;
    displacement?: boolean;
    expansion?: boolean;
  }): void {
    const champion = this.contacts[0];
    const displacement = spec.displacement === true;
    this.dealAge = spec.age;
    this.deal = this.addWon(spec.age, this.company.seats, {
      discount: spec.discount,
      icp: spec.icp,
      championContact: 0,
      championTitle: champion.title,
      championSeniority: champion.seniority,
      displacement,
      displacedVendor: displacement ? this.random.pick(DISPLACED_VENDORS) : null,
    });
    this.deal.expansion = spec.expansion === true;
  }

  /** Adds a won opportunity without deal context: closed before the fields existed. */
  addLegacyWon(age: number, options: { discountOnly?: boolean } = {}): void {
    this.dealAge = age;
    const won = this.addWon(age, this.company.seats, null);
    if (options.discountOnly) {
      // The AE entered the discount but no ICP rating, so the opportunity is not a deal context.
      won.deal = {
        discount: this.discount(0, 20),
        icp: null,
        championContact: 0,
        championTitle: this.contacts[0].title,
        championSeniority: this.contacts[0].seniority,
        displacement: false,
        displacedVendor: null,
      };
    }
  }

  /**
   * Adds up to `maxCount` earlier won opportunities, one a year before the latest, within about
   * three years of the as-of date. They carry deal context only when `dealContext` is set, and
   * then only when they closed within two years: earlier deals predate the fields.
   */
  addHistory(maxCount: number, options: { dealContext: boolean }): void {
    let age = this.dealAge;
    const count = this.random.int(0, maxCount);
    let seats = this.company.seats;
    for (let index = 0; index < count; index++) {
      age += 365 + this.random.int(-20, 20);
      if (age > MAX_WON_AGE_DAYS) {
        return;
      }
      seats = Math.max(this.size.seats[0], Math.round(seats * this.random.decimal(0.6, 0.9, 2)));
      const latest = this.deal?.deal;
      const deal: DealContext | null =
        options.dealContext && latest && age <= 730
          ? {
              ...latest,
              discount: this.discount(0, 25),
              icp: this.random.int(3, 5),
              displacement: false,
              displacedVendor: null,
            }
          : null;
      this.addWon(age, seats, deal);
    }
  }

  /**
   * Records the CSM's champion review `minDaysAgo` to `maxDaysAgo` days before the as-of date,
   * and never before the deal closed. A changed title also changes the contact's current title.
   */
  reviewChampion(status: ChampionStatus, minDaysAgo: number, maxDaysAgo: number): void {
    const latest = Math.min(maxDaysAgo, this.dealAge - 1);
    this.championStatus = status;
    this.championReviewedOn = this.daysAgo(this.random.int(Math.min(minDaysAgo, latest), latest));
    if (status === 'Title Changed') {
      const champion = this.contacts[0];
      const rank = SENIORITIES.indexOf(champion.seniority);
      const seniority = SENIORITIES[Math.max(0, rank - 1)];
      const titles = TITLES[seniority].filter((title) => title !== champion.title);
      champion.title = this.random.pick(titles);
    }
  }

  /**
   * Adds committed use cases to the deal. An Active or Not Active one was reviewed 60 to 120
   * days after the close (the review window), so it needs a deal at least 60 days old.
   */
  addUseCases(statuses: readonly UseCaseStatus[]): void {
    const deal = this.requireDeal();
    const close = deal.closeDate;
    const vocabulary = this.random.sample(USE_CASES, statuses.length);
    statuses.forEach((status, index) => {
      const fields: Fields = {
        Name: vocabulary[index].name,
        Description__c: vocabulary[index].description,
        Status__c: status,
      };
      if (status !== 'Committed') {
        if (this.dealAge < 60) {
          throw new RangeError(
            `Use case '${vocabulary[index].name}' cannot be ${status}: the deal is ${this.dealAge} days old, and use cases are reviewed from 60 days after the close.`,
          );
        }
        fields.Reviewed_On__c = addDays(close, this.random.int(60, Math.min(120, this.dealAge)));
      }
      deal.useCases.push(fields);
    });
  }

  /**
   * Adds promises to the deal. Resolved and withdrawn ones were settled after the close, and
   * `Resolved_On__c` records both. An openFuture promise is due after the as-of date and an
   * openUndated one has no due date. An openOverdue promise was due 3 to 90 days before the as-of
   * date, and at least 14 days after the close.
   */
  addPromises(kinds: readonly PromiseKind[]): void {
    const deal = this.requireDeal();
    const random = this.random;
    for (const kind of kinds) {
      const type = random.pick(PROMISE_TYPES);
      const fields: Fields = {
        Type__c: type,
        Description__c: random.pick(PROMISE_DESCRIPTIONS[type]),
      };
      if (kind === 'resolved' || kind === 'withdrawn') {
        const settledAfter = random.int(Math.min(20, this.dealAge), Math.min(240, this.dealAge));
        const resolvedOn = addDays(deal.closeDate, settledAfter);
        fields.Due_On__c = addDays(
          deal.closeDate,
          Math.max(14, settledAfter + random.int(-10, 30)),
        );
        fields.Status__c = kind === 'resolved' ? 'Resolved' : 'Withdrawn';
        fields.Resolved_On__c = resolvedOn;
      } else if (kind === 'openFuture') {
        fields.Due_On__c = addDays(this.asOf, random.int(7, 120));
        fields.Status__c = 'Open';
      } else if (kind === 'openUndated') {
        fields.Status__c = 'Open';
      } else {
        fields.Due_On__c = this.daysAgo(
          random.int(3, Math.max(3, Math.min(90, this.dealAge - 14))),
        );
        fields.Status__c = 'Open';
      }
      deal.promises.push(fields);
    }
  }

  /** Adds an open renewal or expansion opportunity that closes after the as-of date. */
  addOpenOpportunity(): void {
    const expansion = this.random.chance(0.5);
    const closeDate = addDays(this.asOf, this.random.int(10, 150));
    const share = expansion ? this.random.decimal(0.1, 0.4, 2) : 1;
    this.opportunities.push({
      stage: this.random.pick(OPEN_STAGES),
      closeDate,
      amount: this.price(Math.max(1, Math.round(this.company.seats * share)), 0),
      label: expansion ? `Expansion ${closeDate.slice(0, 4)}` : `Renewal ${closeDate.slice(0, 4)}`,
      type: expansion ? 'Existing Customer - Upgrade' : null,
      expansion,
      deal: null,
      useCases: [],
      promises: [],
    });
  }

  /** Adds the open first deal of a prospect. */
  addProspectOpportunity(): void {
    this.opportunities.push({
      stage: this.random.pick(OPEN_STAGES),
      closeDate: addDays(this.asOf, this.random.int(20, 180)),
      amount: this.price(this.company.seats, 0),
      label: 'New Business',
      type: 'New Customer',
      expansion: false,
      deal: null,
      useCases: [],
      promises: [],
    });
  }

  /** Adds an upsell that was lost between 30 and 600 days before the as-of date. */
  addClosedLost(): void {
    const closeDate = this.daysAgo(this.random.int(30, 600));
    this.opportunities.push({
      stage: 'Closed Lost',
      closeDate,
      amount: this.price(Math.max(1, Math.round(this.company.seats * 0.25)), 0),
      label: `Add-on ${closeDate.slice(0, 4)}`,
      type: 'Existing Customer - Upgrade',
      expansion: true,
      deal: null,
      useCases: [],
      promises: [],
    });
  }

  /** Names the won opportunities from the oldest on, and returns the account's records. */
  finish(): AccountDraft {
    const won = this.opportunities
      .filter((opportunity) => opportunity.stage === 'Closed Won')
      .sort((a, b) => compareText(a.closeDate, b.closeDate));
    won.forEach((opportunity, index) => {
      const year = opportunity.closeDate.slice(0, 4);
      if (index === 0 && !opportunity.expansion) {
        opportunity.label = 'New Business';
        opportunity.type = 'New Customer';
      } else if (opportunity.expansion) {
        opportunity.label = `Expansion ${year}`;
        opportunity.type = 'Existing Customer - Upgrade';
      } else {
        opportunity.label = `Renewal ${year}`;
        opportunity.type = null;
      }
    });
    const others = this.opportunities.filter((opportunity) => opportunity.stage !== 'Closed Won');
    const company = this.company;
    const fields: Fields = {
      Name: company.name,
      Type: this.accountType,
      Industry: company.industry,
      NumberOfEmployees: company.employees,
      Phone: phoneNumber(this.random),
      Website: `https://${company.domain}`,
    };
    if (this.segmentField !== null) {
      fields.Customer_Segment__c = this.segmentField;
    }
    Object.assign(fields, this.product);
    if (this.championStatus !== null && this.championReviewedOn !== null) {
      fields.Champion_Status__c = this.championStatus;
      fields.Champion_Reviewed_On__c = this.championReviewedOn;
    }
    return { fields, contacts: this.contacts, opportunities: [...won, ...others] };
  }

  private addContacts(): void {
    const random = this.random;
    const count = random.int(this.size.contacts[0], this.size.contacts[1]);
    const usedNames = new Set<string>();
    for (let index = 0; index < count; index++) {
      // The first contact is the champion, senior as the segment's buyers tend to be.
      const seniority =
        index === 0 ? random.weighted(this.size.championSeniority) : random.pick(SENIORITIES);
      let firstName = random.pick(FIRST_NAMES);
      let lastName = random.pick(LAST_NAMES);
      while (usedNames.has(`${firstName} ${lastName}`)) {
        firstName = random.pick(FIRST_NAMES);
        lastName = random.pick(LAST_NAMES);
      }
      usedNames.add(`${firstName} ${lastName}`);
      this.contacts.push({
        firstName,
        lastName,
        title: random.pick(TITLES[seniority]),
        seniority,
        email: `${firstName}.${lastName}@${this.company.domain}`.toLowerCase(),
        phone: phoneNumber(random),
      });
    }
  }

  private addWon(age: number, seats: number, deal: DealContext | null): OpportunityDraft {
    const opportunity: OpportunityDraft = {
      stage: 'Closed Won',
      closeDate: this.daysAgo(age),
      amount: this.price(seats, deal?.discount ?? 0),
      label: '',
      type: null,
      expansion: false,
      deal,
      useCases: [],
      promises: [],
    };
    this.opportunities.push(opportunity);
    return opportunity;
  }

  /** Yearly price of `seats` at the segment's list price less `discount` percent, in dollars. */
  private price(seats: number, discount: number): number {
    const perSeat = this.random.int(this.size.pricePerSeat[0], this.size.pricePerSeat[1]);
    // A legacy discount above 100 % is a data error; the price stays positive.
    const effective = Math.min(Math.max(discount, 0), 90);
    return Math.round(seats * perSeat * (1 - effective / 100));
  }

  private requireDeal(): OpportunityDraft {
    if (this.deal === null) {
      throw new Error('The account has no deal-context opportunity yet: call addDeal first.');
    }
    return this.deal;
  }
}
