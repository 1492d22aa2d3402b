import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  BANDS,
  FLAG_CODES,
  daysBetween,
  scoreAccount,
  selectDealContextOpportunity,
  type ScoreResult,
} from '../../force-app/main/default/lwc/healthModel/healthModel.ts';
import {
  ACCOUNT_TYPES,
  INDUSTRIES,
  OPPORTUNITY_TYPES,
  STANDARD_STAGES,
} from '../local-org/standard-objects.ts';
import { ARCHETYPES, allocateArchetypes, type ArchetypeName } from './archetypes.ts';
import {
  MAX_ACCOUNTS,
  describeDemoAccounts,
  generateDemoPlan,
  planFileName,
  writeDemoPlan,
  type DemoPlan,
  type TreeRecord,
} from './generate.ts';

const testDir = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(testDir, '..', '..');
const generatorScript = path.join(testDir, 'generate.ts');
const objectsDir = path.join(projectRoot, 'force-app', 'main', 'default', 'objects');

const AS_OF_DATES = ['2026-12-04', '2024-02-29'];
const SEEDS = [42, 7];
const OBJECT_ORDER = [
  'Account',
  'Contact',
  'Opportunity',
  'Committed_Use_Case__c',
  'Deal_Promise__c',
];

const temporaryDirs: string[] = [];
function temporaryDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'demo-plan-'));
  temporaryDirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of temporaryDirs) {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------
// Field catalogue: the custom fields of the data model and the standard fields that the demo
// uses, with their types, lengths, precisions and picklist values. The standard picklists carry
// the values that a new org ships with.

type FieldSpec =
  | { kind: 'text'; length: number }
  | { kind: 'email' | 'phone' | 'url'; length: number }
  | { kind: 'number'; precision: number; scale: number; min?: number; max?: number }
  | { kind: 'picklist'; values: readonly string[] }
  | { kind: 'date' }
  | { kind: 'checkbox' }
  | { kind: 'reference'; to: string };

const PERCENT_0_100 = { kind: 'number', precision: 5, scale: 2, min: 0, max: 100 } as const;
const COUNT = { kind: 'number', precision: 9, scale: 0, min: 0 } as const;

/** Custom fields of the data model, by object. `min`/`max` are the model's valid ranges. */
const CUSTOM_FIELDS: Record<string, Record<string, FieldSpec>> = {
  Account: {
    Customer_Segment__c: { kind: 'picklist', values: ['SMB', 'Mid-Market', 'Enterprise'] },
    Champion_Status__c: {
      kind: 'picklist',
      values: ['Unchanged', 'Title Changed', 'Left Company'],
    },
    Champion_Reviewed_On__c: { kind: 'date' },
    Active_User_Ratio__c: PERCENT_0_100,
    Seats_Purchased__c: COUNT,
    Seats_Active__c: COUNT,
    Support_Tickets_90d__c: COUNT,
    NPS__c: { kind: 'number', precision: 4, scale: 0, min: -100, max: 100 },
    Billing_Status__c: {
      kind: 'picklist',
      values: ['Current', 'Overdue 1-30', 'Overdue 31-60', 'Overdue 61+', 'Collections'],
    },
    Login_Days_30d__c: { kind: 'number', precision: 2, scale: 0, min: 0, max: 30 },
  },
  Opportunity: {
    Discount_Depth__c: PERCENT_0_100,
    ICP_Fit_Rating__c: { kind: 'number', precision: 1, scale: 0, min: 1, max: 5 },
    Champion__c: { kind: 'reference', to: 'Contact' },
    Champion_Title_At_Close__c: { kind: 'text', length: 128 },
    Champion_Seniority__c: {
      kind: 'picklist',
      values: ['C-Level', 'VP', 'Director', 'Manager', 'Individual Contributor'],
    },
    Competitive_Displacement__c: { kind: 'checkbox' },
    Displaced_Vendor__c: { kind: 'text', length: 80 },
  },
  Committed_Use_Case__c: {
    Opportunity__c: { kind: 'reference', to: 'Opportunity' },
    Description__c: { kind: 'text', length: 32768 },
    Status__c: { kind: 'picklist', values: ['Committed', 'Active', 'Not Active'] },
    Reviewed_On__c: { kind: 'date' },
  },
  Deal_Promise__c: {
    Opportunity__c: { kind: 'reference', to: 'Opportunity' },
    Type__c: {
      kind: 'picklist',
      values: ['Roadmap Item', 'Professional Services', 'Integration', 'Other'],
    },
    Description__c: { kind: 'text', length: 32768 },
    Due_On__c: { kind: 'date' },
    Status__c: { kind: 'picklist', values: ['Open', 'Resolved', 'Withdrawn'] },
    Resolved_On__c: { kind: 'date' },
  },
};

const STANDARD_FIELDS: Record<string, Record<string, FieldSpec>> = {
  Account: {
    Name: { kind: 'text', length: 255 },
    Type: { kind: 'picklist', values: ACCOUNT_TYPES },
    Industry: { kind: 'picklist', values: INDUSTRIES },
    NumberOfEmployees: { kind: 'number', precision: 8, scale: 0, min: 0 },
    Phone: { kind: 'phone', length: 40 },
    Website: { kind: 'url', length: 255 },
  },
  Contact: {
    AccountId: { kind: 'reference', to: 'Account' },
    FirstName: { kind: 'text', length: 40 },
    LastName: { kind: 'text', length: 80 },
    Title: { kind: 'text', length: 128 },
    Email: { kind: 'email', length: 80 },
    Phone: { kind: 'phone', length: 40 },
  },
  Opportunity: {
    AccountId: { kind: 'reference', to: 'Account' },
    Name: { kind: 'text', length: 120 },
    Type: { kind: 'picklist', values: OPPORTUNITY_TYPES },
    StageName: { kind: 'picklist', values: Object.keys(STANDARD_STAGES) },
    CloseDate: { kind: 'date' },
    Amount: { kind: 'number', precision: 18, scale: 2, min: 0 },
  },
  // The use case itself is the record name: short, at most 80 characters.
  Committed_Use_Case__c: { Name: { kind: 'text', length: 80 } },
  Deal_Promise__c: {},
};

/** Values outside the model's ranges that fit the field: legacy data loaded before the rules. */
const LEGACY_VALUES: Record<string, readonly number[]> = {
  'Opportunity.Discount_Depth__c': [140],
  'Opportunity.ICP_Fit_Rating__c': [7],
  'Account.NPS__c': [130],
};

function fieldSpec(type: string, field: string): FieldSpec | undefined {
  return CUSTOM_FIELDS[type]?.[field] ?? STANDARD_FIELDS[type]?.[field];
}

function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return false;
  }
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Returns why `value` does not fit the field (type, length, precision, picklist), or null. */
function storageViolation(spec: FieldSpec, value: unknown): string | null {
  switch (spec.kind) {
    case 'text':
    case 'email':
    case 'phone':
    case 'url':
      if (typeof value !== 'string' || value.length === 0) return 'expected a non-empty string';
      return value.length > spec.length ? `longer than ${spec.length} characters` : null;
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'expected a finite number';
      const [whole, decimals = ''] = Math.abs(value).toString().split('.');
      if (decimals.length > spec.scale) return `more than ${spec.scale} decimal places`;
      const wholeDigits = whole === '0' ? 0 : whole.length;
      return wholeDigits > spec.precision - spec.scale
        ? `too large for precision ${spec.precision}, scale ${spec.scale}`
        : null;
    }
    case 'picklist':
      return typeof value === 'string' && spec.values.includes(value)
        ? null
        : 'not a value of the restricted picklist';
    case 'date':
      return isCalendarDate(value) ? null : 'expected a calendar date YYYY-MM-DD';
    case 'checkbox':
      return typeof value === 'boolean' ? null : 'expected true or false';
    case 'reference':
      return typeof value === 'string' && value.startsWith('@') ? null : 'expected an @reference';
  }
}

function recordsOf(demo: DemoPlan, type: string): TreeRecord[] {
  return demo.files[`${type}.json`]?.records ?? [];
}

function allRecords(demo: DemoPlan): TreeRecord[] {
  return OBJECT_ORDER.flatMap((type) => recordsOf(demo, type));
}

function fieldsOf(record: TreeRecord): [string, unknown][] {
  return Object.entries(record).filter(([field]) => field !== 'attributes');
}

function label(record: TreeRecord, field: string): string {
  return `${record.attributes.referenceId}.${field} = ${JSON.stringify(record[field])}`;
}

// ---------------------------------------------------------------------------------------------
// Scoring every generated account with the engine, as the job does after seeding.

function numberOrNull(record: TreeRecord, field: string): number | null {
  const value = record[field];
  return typeof value === 'number' ? value : null;
}

function stringOrNull(record: TreeRecord, field: string): string | null {
  const value = record[field];
  return typeof value === 'string' ? value : null;
}

function groupBy(records: TreeRecord[], field: string): Map<string, TreeRecord[]> {
  const groups = new Map<string, TreeRecord[]>();
  for (const record of records) {
    const key = String(record[field]).slice(1);
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  return groups;
}

interface ScoredAccount {
  referenceId: string;
  result: ScoreResult;
}

function scoreDemo(demo: DemoPlan, asOf: string): ScoredAccount[] {
  const opportunities = groupBy(recordsOf(demo, 'Opportunity'), 'AccountId');
  const useCases = groupBy(recordsOf(demo, 'Committed_Use_Case__c'), 'Opportunity__c');
  const promises = groupBy(recordsOf(demo, 'Deal_Promise__c'), 'Opportunity__c');
  return recordsOf(demo, 'Account').map((account) => {
    const referenceId = account.attributes.referenceId;
    const candidates = (opportunities.get(referenceId) ?? []).map((opportunity) => ({
      Id: opportunity.attributes.referenceId,
      IsWon: opportunity.StageName === 'Closed Won',
      CloseDate: String(opportunity.CloseDate),
      ICP_Fit_Rating__c: numberOrNull(opportunity, 'ICP_Fit_Rating__c'),
      Discount_Depth__c: numberOrNull(opportunity, 'Discount_Depth__c'),
      Competitive_Displacement__c: opportunity.Competitive_Displacement__c === true,
    }));
    const opportunity = selectDealContextOpportunity(candidates, asOf);
    const children = (groups: Map<string, TreeRecord[]>) =>
      opportunity ? (groups.get(opportunity.Id) ?? []) : [];
    const result = scoreAccount({
      account: {
        Id: referenceId,
        Customer_Segment__c: stringOrNull(account, 'Customer_Segment__c'),
        Champion_Status__c: stringOrNull(account, 'Champion_Status__c'),
        Champion_Reviewed_On__c: stringOrNull(account, 'Champion_Reviewed_On__c'),
        Active_User_Ratio__c: numberOrNull(account, 'Active_User_Ratio__c'),
        Seats_Purchased__c: numberOrNull(account, 'Seats_Purchased__c'),
        Seats_Active__c: numberOrNull(account, 'Seats_Active__c'),
        Support_Tickets_90d__c: numberOrNull(account, 'Support_Tickets_90d__c'),
        NPS__c: numberOrNull(account, 'NPS__c'),
        Billing_Status__c: stringOrNull(account, 'Billing_Status__c'),
        Login_Days_30d__c: numberOrNull(account, 'Login_Days_30d__c'),
      },
      opportunity,
      useCases: children(useCases).map((useCase) => ({
        Id: useCase.attributes.referenceId,
        Name: stringOrNull(useCase, 'Name') ?? undefined,
        Status__c: stringOrNull(useCase, 'Status__c'),
        Reviewed_On__c: stringOrNull(useCase, 'Reviewed_On__c'),
      })),
      promises: children(promises).map((promise) => ({
        Id: promise.attributes.referenceId,
        Type__c: stringOrNull(promise, 'Type__c'),
        Status__c: stringOrNull(promise, 'Status__c'),
        Due_On__c: stringOrNull(promise, 'Due_On__c'),
      })),
      asOf,
    });
    return { referenceId, result };
  });
}

function countOutcomes(scored: ScoredAccount[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { result } of scored) {
    for (const key of [String(result.band), ...result.flags]) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

const defaultPlan = generateDemoPlan({ asOf: AS_OF_DATES[0] });

// ---------------------------------------------------------------------------------------------

describe('determinism', () => {
  test('same seed and date give identical files', () => {
    const first = temporaryDir();
    const second = temporaryDir();
    const firstPlan = writeDemoPlan(first, { asOf: '2026-12-04', seed: 42 });
    const secondPlan = writeDemoPlan(second, { asOf: '2026-12-04', seed: 42 });
    assert.equal(path.basename(firstPlan), path.basename(secondPlan));
    const names = readdirSync(first).sort();
    assert.deepEqual(readdirSync(second).sort(), names);
    assert.equal(names.length, OBJECT_ORDER.length + 1);
    for (const name of names) {
      assert.ok(
        readFileSync(path.join(first, name)).equals(readFileSync(path.join(second, name))),
        `${name} differs between two runs`,
      );
    }
  });

  test('another seed gives other data', () => {
    const other = generateDemoPlan({ asOf: AS_OF_DATES[0], seed: 43 });
    assert.notEqual(JSON.stringify(other), JSON.stringify(defaultPlan));
    const names = (demo: DemoPlan) => recordsOf(demo, 'Account').map((record) => record.Name);
    assert.notDeepEqual(names(other), names(defaultPlan));
  });

  test('another as-of date shifts every date', () => {
    const later = generateDemoPlan({ asOf: '2027-03-15' });
    const shift = daysBetween(AS_OF_DATES[0], '2027-03-15');
    const before = allRecords(defaultPlan);
    const shifted = allRecords(later);
    assert.equal(shifted.length, before.length);
    shifted.forEach((record, index) => {
      for (const [field, value] of fieldsOf(record)) {
        const original = before[index][field];
        if (isCalendarDate(value)) {
          assert.equal(daysBetween(String(original), value), shift, label(record, field));
        } else if (!(record.attributes.type === 'Opportunity' && field === 'Name')) {
          // Opportunity names carry the close year, e.g. 'Renewal 2026'.
          assert.equal(value, original, label(record, field));
        }
      }
    });
  });
});

describe('plan layout', () => {
  test('plan lists the objects in insert order', () => {
    assert.deepEqual(
      defaultPlan.plan.map((entry) => entry.sobject),
      OBJECT_ORDER,
    );
    for (const entry of defaultPlan.plan) {
      assert.deepEqual(entry.files, [`${entry.sobject}.json`]);
      assert.ok(defaultPlan.files[entry.files[0]], `${entry.files[0]} is missing`);
    }
    assert.deepEqual(
      Object.keys(defaultPlan.files).sort(),
      OBJECT_ORDER.map((t) => `${t}.json`).sort(),
    );
  });

  test('saveRefs and resolveRefs follow the references', () => {
    const flags = Object.fromEntries(
      defaultPlan.plan.map((entry) => [entry.sobject, [entry.saveRefs, entry.resolveRefs]]),
    );
    assert.deepEqual(flags, {
      Account: [true, false],
      Contact: [true, true],
      Opportunity: [true, true],
      Committed_Use_Case__c: [false, true],
      Deal_Promise__c: [false, true],
    });
  });

  test('written files match the sf export format', () => {
    const dir = temporaryDir();
    const planPath = writeDemoPlan(dir, { asOf: AS_OF_DATES[0], accounts: 20 });
    assert.equal(
      path.basename(planPath),
      'Account-Contact-Opportunity-Committed_Use_Case__c-Deal_Promise__c-plan.json',
    );
    const demo = generateDemoPlan({ asOf: AS_OF_DATES[0], accounts: 20 });
    assert.equal(path.basename(planPath), planFileName(demo.plan));
    assert.equal(readFileSync(planPath, 'utf8'), JSON.stringify(demo.plan, null, 4));
    for (const [name, contents] of Object.entries(demo.files)) {
      assert.equal(readFileSync(path.join(dir, name), 'utf8'), JSON.stringify(contents, null, 4));
    }
    // A real export: each data file is { records: [...] } with attributes first.
    const sample = JSON.parse(
      readFileSync(path.join(projectRoot, 'data', 'lwc-recipes', 'Accounts.json'), 'utf8'),
    );
    const written = JSON.parse(readFileSync(path.join(dir, 'Account.json'), 'utf8'));
    assert.deepEqual(Object.keys(written), Object.keys(sample));
    assert.deepEqual(
      Object.keys(written.records[0]).slice(0, 2),
      Object.keys(sample.records[0]).slice(0, 2),
    );
    assert.deepEqual(Object.keys(written.records[0].attributes), ['type', 'referenceId']);
  });
});

describe('records', () => {
  const records = allRecords(defaultPlan);

  test('each record has its type and a unique reference id', () => {
    const seen = new Set<string>();
    for (const entry of defaultPlan.plan) {
      const counter = { n: 0 };
      for (const record of defaultPlan.files[entry.files[0]].records) {
        counter.n++;
        assert.equal(record.attributes.type, entry.sobject);
        assert.equal(record.attributes.referenceId, `${entry.sobject}Ref${counter.n}`);
        assert.ok(!seen.has(record.attributes.referenceId), record.attributes.referenceId);
        seen.add(record.attributes.referenceId);
      }
    }
    assert.equal(seen.size, records.length);
  });

  test('every reference resolves to an earlier record', () => {
    const typeByRef = new Map<string, string>();
    for (const record of records) {
      for (const [field, value] of fieldsOf(record)) {
        if (typeof value === 'string' && value.startsWith('@')) {
          const spec = fieldSpec(record.attributes.type, field);
          assert.equal(spec?.kind, 'reference', `${label(record, field)} is not a lookup`);
          assert.equal(
            typeByRef.get(value.slice(1)),
            spec.kind === 'reference' ? spec.to : undefined,
            `${label(record, field)} does not name an earlier record of the right type`,
          );
        }
      }
      typeByRef.set(record.attributes.referenceId, record.attributes.type);
    }
  });

  test('fields are data model or standard fields', () => {
    for (const record of records) {
      assert.equal(record.Id, undefined, `${record.attributes.referenceId} carries an Id`);
      for (const [field, value] of fieldsOf(record)) {
        assert.ok(
          fieldSpec(record.attributes.type, field),
          `${record.attributes.type}.${field} is neither a data model nor a standard field`,
        );
        assert.notEqual(value, null, `${label(record, field)}: blank fields are left out`);
      }
    }
  });

  test('custom fields exist in the metadata', () => {
    const used = new Set<string>();
    for (const record of records) {
      for (const [field] of fieldsOf(record)) {
        if (field.endsWith('__c')) {
          used.add(`${record.attributes.type}/fields/${field}.field-meta.xml`);
        }
      }
    }
    for (const file of used) {
      assert.ok(existsSync(path.join(objectsDir, file)), `objects/${file} is missing`);
    }
  });

  test('values fit their fields', () => {
    const violations: string[] = [];
    for (const record of records) {
      for (const [field, value] of fieldsOf(record)) {
        const spec = fieldSpec(record.attributes.type, field);
        const problem = spec ? storageViolation(spec, value) : 'unknown field';
        if (problem) {
          violations.push(`${label(record, field)}: ${problem}`);
        }
      }
    }
    assert.deepEqual(violations, []);
  });

  test('values are valid except known legacy ones', () => {
    const legacySeen = new Set<string>();
    const violations: string[] = [];
    for (const record of records) {
      for (const [field, value] of fieldsOf(record)) {
        const spec = fieldSpec(record.attributes.type, field);
        if (spec?.kind !== 'number' || typeof value !== 'number') {
          continue;
        }
        const key = `${record.attributes.type}.${field}`;
        const inRange =
          (spec.min === undefined || value >= spec.min) &&
          (spec.max === undefined || value <= spec.max) &&
          (spec.scale > 0 || Number.isInteger(value));
        if (!inRange && LEGACY_VALUES[key]?.includes(value)) {
          legacySeen.add(`${key} = ${value}`);
        } else if (!inRange) {
          violations.push(`${label(record, field)} is outside ${spec.min}..${spec.max}`);
        }
      }
    }
    assert.deepEqual(violations, []);
    assert.deepEqual([...legacySeen].sort(), [
      'Account.NPS__c = 130',
      'Opportunity.Discount_Depth__c = 140',
      'Opportunity.ICP_Fit_Rating__c = 7',
    ]);
  });

  test('dates are consistent with the as-of date', () => {
    const asOf = AS_OF_DATES[0];
    const opportunityByRef = new Map(
      recordsOf(defaultPlan, 'Opportunity').map((record) => [
        record.attributes.referenceId,
        record,
      ]),
    );
    for (const opportunity of recordsOf(defaultPlan, 'Opportunity')) {
      const age = daysBetween(String(opportunity.CloseDate), asOf);
      if (opportunity.StageName === 'Closed Won') {
        assert.ok(
          age >= 0 && age <= 1095,
          `${label(opportunity, 'CloseDate')} is not in the last three years`,
        );
      } else if (opportunity.StageName === 'Closed Lost') {
        assert.ok(age > 0, `${label(opportunity, 'CloseDate')} is after the as-of date`);
      } else {
        assert.ok(age < 0, `${label(opportunity, 'CloseDate')}: an open opportunity closes later`);
      }
    }
    for (const account of recordsOf(defaultPlan, 'Account')) {
      if (account.Champion_Reviewed_On__c !== undefined) {
        assert.ok(daysBetween(String(account.Champion_Reviewed_On__c), asOf) >= 0);
      }
    }
    for (const type of ['Committed_Use_Case__c', 'Deal_Promise__c']) {
      for (const child of recordsOf(defaultPlan, type)) {
        const close = String(
          opportunityByRef.get(String(child.Opportunity__c).slice(1))?.CloseDate,
        );
        for (const field of ['Reviewed_On__c', 'Resolved_On__c']) {
          if (child[field] !== undefined) {
            const date = String(child[field]);
            assert.ok(
              daysBetween(close, date) >= 0,
              `${label(child, field)} is before the close ${close}`,
            );
            assert.ok(
              daysBetween(date, asOf) >= 0,
              `${label(child, field)} is after the as-of date`,
            );
          }
        }
      }
    }
  });

  test('dependent fields are set together', () => {
    for (const useCase of recordsOf(defaultPlan, 'Committed_Use_Case__c')) {
      assert.equal(
        useCase.Reviewed_On__c !== undefined,
        useCase.Status__c !== 'Committed',
        `${useCase.attributes.referenceId}: a reviewed use case has a review date`,
      );
    }
    for (const promise of recordsOf(defaultPlan, 'Deal_Promise__c')) {
      assert.equal(
        promise.Resolved_On__c !== undefined,
        promise.Status__c !== 'Open',
        `${promise.attributes.referenceId}: a resolved or withdrawn promise has a resolved date`,
      );
    }
    for (const opportunity of recordsOf(defaultPlan, 'Opportunity')) {
      const id = opportunity.attributes.referenceId;
      assert.equal(
        opportunity.Displaced_Vendor__c !== undefined,
        opportunity.Competitive_Displacement__c === true,
        `${id}: a displacement names its vendor`,
      );
      assert.equal(
        opportunity.Champion_Title_At_Close__c !== undefined,
        opportunity.Champion__c !== undefined,
        id,
      );
      assert.equal(
        opportunity.Champion_Seniority__c !== undefined,
        opportunity.Champion__c !== undefined,
        id,
      );
    }
  });

  test('champions are contacts of the same account', () => {
    const accountOfContact = new Map(
      recordsOf(defaultPlan, 'Contact').map((c) => [`@${c.attributes.referenceId}`, c.AccountId]),
    );
    for (const opportunity of recordsOf(defaultPlan, 'Opportunity')) {
      if (opportunity.Champion__c !== undefined) {
        assert.equal(accountOfContact.get(String(opportunity.Champion__c)), opportunity.AccountId);
      }
    }
  });

  test('addresses use reserved example domains', () => {
    for (const contact of recordsOf(defaultPlan, 'Contact')) {
      assert.match(String(contact.Email), /^[a-z]+\.[a-z]+@[a-z0-9]+\.example\.com$/);
    }
    for (const account of recordsOf(defaultPlan, 'Account')) {
      assert.match(String(account.Website), /^https:\/\/[a-z0-9]+\.example\.com$/);
      assert.match(String(account.Phone), /^\(\d{3}\) 555-01\d{2}$/);
    }
  });

  test('customers have one to three won deals', () => {
    const won = groupBy(
      recordsOf(defaultPlan, 'Opportunity').filter((o) => o.StageName === 'Closed Won'),
      'AccountId',
    );
    for (const account of recordsOf(defaultPlan, 'Account')) {
      const count = won.get(account.attributes.referenceId)?.length ?? 0;
      if (account.Type === 'Prospect') {
        assert.equal(count, 0, `${account.attributes.referenceId} is a prospect with won deals`);
      } else {
        assert.ok(
          count >= 1 && count <= 3,
          `${account.attributes.referenceId} has ${count} won deals`,
        );
      }
    }
  });

  test('account names are unique', () => {
    const names = recordsOf(defaultPlan, 'Account').map((account) => String(account.Name));
    assert.equal(new Set(names).size, names.length);
  });
});

describe('scoring coverage', () => {
  for (const seed of SEEDS) {
    for (const asOf of AS_OF_DATES) {
      test(`every band and flag, seed ${seed}, as of ${asOf}`, () => {
        const counts = countOutcomes(scoreDemo(generateDemoPlan({ asOf, seed }), asOf));
        for (const outcome of [...BANDS, ...FLAG_CODES]) {
          assert.ok(
            (counts.get(outcome) ?? 0) >= 3,
            `${outcome} appears for ${counts.get(outcome) ?? 0} accounts, expected 3 or more`,
          );
        }
      });
    }
  }

  test('every band and flag with 45 accounts', () => {
    const counts = countOutcomes(
      scoreDemo(generateDemoPlan({ asOf: '2025-01-01', accounts: 45 }), '2025-01-01'),
    );
    for (const outcome of [...BANDS, ...FLAG_CODES]) {
      assert.ok((counts.get(outcome) ?? 0) >= 1, `${outcome} does not appear`);
    }
  });

  const expectations: Record<ArchetypeName, (result: ScoreResult) => boolean> = {
    healthy: (r) => r.band === 'Green' && r.flags.length === 0,
    steady: (r) => (r.band === 'Green' || r.band === 'Yellow') && r.riskCount === 0,
    maskedRisk: (r) => r.band === 'Yellow' && r.flags.includes('MASKED_RISK'),
    atRisk: (r) => r.band === 'Red',
    churnRisk: (r) => r.band === 'Critical',
    recentDeepDiscount: (r) =>
      r.flags.includes('CLOSE_MONITORING') && r.flags.includes('DISCOUNT_SIGNIFICANT'),
    displacementFirstYear: (r) => r.flags.includes('DISPLACEMENT_WINDOW'),
    championChanged: (r) => r.flags.includes('CHAMPION_CHANGED'),
    useCasesNotLive: (r) => r.flags.includes('USE_CASE_GAP'),
    overduePromises: (r) => r.flags.includes('PROMISE_OVERDUE'),
    noDealContext: (r) => r.flags.includes('DEAL_CONTEXT_MISSING'),
    noProductSignals: (r) => r.flags.includes('PRODUCT_SIGNALS_MISSING'),
    noData: (r) => r.band === null && r.flags.includes('NO_DATA'),
    blankSegment: (r) => r.flags.includes('SEGMENT_MISSING'),
    legacyInvalidValues: (r) => r.flags.includes('INVALID_INPUT'),
  };

  test('each archetype scores as designed', () => {
    for (const seed of SEEDS) {
      for (const asOf of AS_OF_DATES) {
        const archetypes = new Map(
          describeDemoAccounts({ asOf, seed }).map((a) => [a.referenceId, a.archetype]),
        );
        for (const { referenceId, result } of scoreDemo(generateDemoPlan({ asOf, seed }), asOf)) {
          const archetype = archetypes.get(referenceId);
          assert.ok(archetype, referenceId);
          assert.ok(
            expectations[archetype](result),
            `${referenceId} (${archetype}, seed ${seed}, as of ${asOf}) scored ${result.score} ${result.band} with ${result.flags.join(', ')}`,
          );
        }
      }
    }
  });
});

describe('account count', () => {
  test('allocation adds up to the total', () => {
    for (const total of [1, 14, 15, 44, 45, 300, 10_000]) {
      const counts = allocateArchetypes(total);
      assert.equal(counts.length, ARCHETYPES.length);
      assert.equal(
        counts.reduce((sum, count) => sum + count, 0),
        total,
      );
    }
    assert.ok(allocateArchetypes(45).every((count) => count === 3));
  });

  test('accounts option sets the account count', () => {
    for (const accounts of [1, 15, 45, 300]) {
      const demo = generateDemoPlan({ asOf: AS_OF_DATES[1], accounts });
      assert.equal(recordsOf(demo, 'Account').length, accounts);
      assert.equal(describeDemoAccounts({ asOf: AS_OF_DATES[1], accounts }).length, accounts);
    }
  });

  test('10,000 accounts benchmark', (context) => {
    const started = performance.now();
    const demo = generateDemoPlan({ asOf: AS_OF_DATES[0], accounts: 10_000 });
    const elapsed = performance.now() - started;
    const total = allRecords(demo).length;
    assert.equal(recordsOf(demo, 'Account').length, 10_000);
    context.diagnostic(`10,000 accounts, ${total} records generated in ${Math.round(elapsed)} ms`);
  });

  test('invalid options are rejected', () => {
    const cases: [Parameters<typeof generateDemoPlan>[0], RegExp][] = [
      [{ asOf: '2026-02-30' }, /Invalid asOf "2026-02-30"/],
      [{ asOf: '04/12/2026' }, /expected a calendar date as YYYY-MM-DD/],
      [{ asOf: '2026-12-04', seed: -1 }, /Invalid seed -1/],
      [{ asOf: '2026-12-04', seed: 1.5 }, /Invalid seed 1.5/],
      [{ asOf: '2026-12-04', accounts: 0 }, /Invalid accounts 0/],
      [{ asOf: '2026-12-04', accounts: MAX_ACCOUNTS + 1 }, /expected a whole number from 1/],
    ];
    for (const [options, message] of cases) {
      assert.throws(() => generateDemoPlan(options), { name: 'RangeError', message });
    }
  });
});

describe('command line', () => {
  function run(args: string[]) {
    return spawnSync(process.execPath, [generatorScript, ...args], {
      cwd: temporaryDir(),
      encoding: 'utf8',
    });
  }

  test('help prints usage', () => {
    const result = run(['--help']);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^Usage: npm run demo:generate -- \[--as-of YYYY-MM-DD\]/);
    assert.match(result.stdout, /--accounts N/);
  });

  test('writes the plan into the out folder', () => {
    const dir = path.join(temporaryDir(), 'nested', 'demo');
    const result = run(['--as-of', '2026-12-04', '--seed', '5', '--accounts', '25', '--out', dir]);
    assert.equal(result.status, 0, result.stderr);
    const expected = temporaryDir();
    const expectedPlan = writeDemoPlan(expected, { asOf: '2026-12-04', seed: 5, accounts: 25 });
    assert.match(result.stdout, new RegExp(`Plan: .*${path.basename(expectedPlan)}`));
    assert.match(result.stdout, /25 Account/);
    for (const name of readdirSync(expected)) {
      assert.ok(
        readFileSync(path.join(dir, name)).equals(readFileSync(path.join(expected, name))),
        name,
      );
    }
  });

  test('defaults write to data/demo', () => {
    const result = spawnSync(process.execPath, [generatorScript, '--accounts', '15'], {
      cwd: temporaryDir(),
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /seed 42/);
    assert.match(result.stdout, /Plan: data[/\\]demo[/\\]Account-Contact-/);
  });

  const usageErrors: [string[], RegExp][] = [
    [['--as-of', '2026-13-01'], /Invalid --as-of '2026-13-01'/],
    [['--as-of', 'today'], /expected a calendar date as YYYY-MM-DD/],
    [['--seed', 'abc'], /Invalid --seed 'abc': expected a whole number from 0 to 4294967295/],
    [['--seed', '-3'], /--seed/],
    [['--seed', '4294967296'], /Invalid --seed '4294967296'/],
    [['--accounts', '0'], /Invalid --accounts '0'/],
    [['--accounts', '2.5'], /Invalid --accounts '2.5'/],
    [['--accounts', String(MAX_ACCOUNTS + 1)], /expected a whole number from 1 to/],
    [['--out', ''], /Invalid --out ''/],
    [['--unknown'], /Unknown option '--unknown'/],
    [['stray'], /Unexpected argument 'stray'/],
  ];
  for (const [args, message] of usageErrors) {
    test(`usage error: ${args.map((arg) => (arg === '' ? "''" : arg)).join(' ')}`, () => {
      const result = run(args);
      assert.equal(result.status, 2, result.stdout);
      assert.match(result.stderr, message);
      assert.match(result.stderr, /Run with --help for usage\./);
      assert.equal(result.stdout, '');
    });
  }
});
