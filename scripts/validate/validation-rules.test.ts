// Checks of the validation rules under force-app/main/default/objects/*/validationRules: their
// shape (active, described, a message shown on a field that exists), the permission guard that
// every rule starts with, the fields and functions their formulas use, and what they mean. The
// meaning is checked by evaluating each formula with formulon on before/after records, with
// ISNEW(), ISCHANGED() and PRIORVALUE(), which formulon does not implement, computed here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { list, parseXml, text, type XmlNode } from './xml.ts';
import { STANDARD_OBJECTS } from './standard-fields.ts';

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCE_ROOT = join(PROJECT_ROOT, 'force-app', 'main', 'default');
const OBJECTS_DIR = join(SOURCE_ROOT, 'objects');

// formulon 6 ships no type declarations, so its two entry points are typed here.
interface FormulonLiteral {
  type: 'literal';
  dataType: string;
  value: unknown;
  options?: Record<string, unknown>;
}
interface FormulonError {
  type: 'error';
  errorType: string;
  message: string;
}
interface Formulon {
  parse(
    formula: string,
    identifiers: Record<string, FormulonLiteral>,
  ): FormulonLiteral | FormulonError;
  extract(formula: string): string[];
}
const formulon = createRequire(import.meta.url)('formulon') as Formulon;

const CUSTOM_PERMISSIONS = ['Health_Score_Job', 'Health_Score_Bypass_Rules'];
/** Normalized start of every formula: a user with either custom permission is never stopped. */
const GUARD = 'AND(NOT(OR($Permission.Health_Score_Job,$Permission.Health_Score_Bypass_Rules)),';
/** The functions these rules may use: all of them are available in validation rules. */
const ALLOWED_FUNCTIONS = new Set([
  'AND',
  'OR',
  'NOT',
  'ISNEW',
  'ISCHANGED',
  'PRIORVALUE',
  'ISBLANK',
  'ISPICKVAL',
  'TEXT',
  'INCLUDES',
  'FLOOR',
]);
/**
 * Functions that accept each field type that Salesforce restricts in formulas, from Salesforce
 * Help, "Tips for Working with Picklist and Multi-Select Picklist Values in Formulas".
 */
const FUNCTIONS_FOR_TYPE: Record<string, string[]> = {
  Picklist: ['ISPICKVAL', 'TEXT', 'ISCHANGED', 'PRIORVALUE'],
  MultiselectPicklist: ['INCLUDES', 'ISBLANK', 'ISCHANGED', 'PRIORVALUE'],
};
// Salesforce limits: rule name 40 characters and description 255 (Salesforce Help, "Validation
// Rules Fields"), error message 255 (Tooling API, ValidationRule).
const MAX_NAME = 40;
const MAX_TEXT = 255;

interface Field {
  name: string;
  type: string;
  referenceTo?: string;
  picklistValues?: string[];
}

interface Rule {
  object: string;
  file: string;
  fullName: string;
  active: string | undefined;
  description: string | undefined;
  formula: string;
  errorDisplayField: string | undefined;
  errorMessage: string | undefined;
}

function readXml(path: string): XmlNode {
  const parsed = parseXml(readFileSync(path, 'utf8'));
  assert.equal(parsed.error, undefined, `${path} is not well formed: ${parsed.error}`);
  return parsed.node;
}

function listDir(path: string): string[] {
  return existsSync(path) ? readdirSync(path).sort() : [];
}

/** Loads the custom fields of every object folder, the standard fields and each custom Name. */
function loadSchema(): Map<string, Map<string, Field>> {
  const schema = new Map<string, Map<string, Field>>();
  const fieldsOf = (object: string) => {
    let fields = schema.get(object);
    if (!fields) schema.set(object, (fields = new Map()));
    return fields;
  };
  for (const [object, fields] of Object.entries(STANDARD_OBJECTS)) {
    for (const field of fields) {
      fieldsOf(object).set(field.name, {
        name: field.name,
        type: field.type,
        referenceTo: field.referenceTo?.[0],
      });
    }
  }
  for (const folder of listDir(OBJECTS_DIR)) {
    // Activity custom fields belong to Task and Event.
    const objects = folder === 'Activity' ? ['Task', 'Event'] : [folder];
    const objectFile = join(OBJECTS_DIR, folder, `${folder}.object-meta.xml`);
    if (folder.endsWith('__c') && existsSync(objectFile)) {
      const nameField = list(readXml(objectFile), 'nameField')[0];
      fieldsOf(folder).set('Name', { name: 'Name', type: text(nameField, 'type') ?? 'Text' });
    }
    for (const file of listDir(join(OBJECTS_DIR, folder, 'fields'))) {
      const node = readXml(join(OBJECTS_DIR, folder, 'fields', file));
      const valueSet = list(node, 'valueSet')[0];
      const definition = list(valueSet, 'valueSetDefinition')[0];
      const field: Field = {
        name: text(node, 'fullName') ?? '',
        type: text(node, 'type') ?? (text(node, 'formula') ? 'Formula' : ''),
        referenceTo: text(node, 'referenceTo'),
        picklistValues: list(definition, 'value').map((value) => text(value, 'fullName') ?? ''),
      };
      for (const object of objects) fieldsOf(object).set(field.name, field);
    }
  }
  return schema;
}

function loadRules(): Rule[] {
  const rules: Rule[] = [];
  for (const object of listDir(OBJECTS_DIR)) {
    const folder = join(OBJECTS_DIR, object, 'validationRules');
    for (const file of listDir(folder)) {
      const node = readXml(join(folder, file));
      rules.push({
        object,
        file,
        fullName: text(node, 'fullName') ?? '',
        active: text(node, 'active'),
        description: text(node, 'description'),
        formula: text(node, 'errorConditionFormula') ?? '',
        errorDisplayField: text(node, 'errorDisplayField'),
        errorMessage: text(node, 'errorMessage'),
      });
    }
  }
  return rules;
}

const schema = loadSchema();
const rules = loadRules();
const ruleByKey = new Map(rules.map((rule) => [`${rule.object}.${rule.fullName}`, rule]));

function fieldOf(object: string, name: string): Field | undefined {
  return schema.get(object)?.get(name);
}

/** Resolves `Field__c` or `Lookup__r.Field` from `object`; undefined when a step does not exist. */
function resolveReference(object: string, reference: string): Field | undefined {
  const steps = reference.split('.');
  let current = object;
  for (const step of steps.slice(0, -1)) {
    const lookupName = step.endsWith('__r') ? step.replace(/__r$/, '__c') : `${step}Id`;
    const lookup = fieldOf(current, lookupName);
    if (!lookup?.referenceTo) return undefined;
    current = lookup.referenceTo;
  }
  return fieldOf(current, steps[steps.length - 1]);
}

const normalize = (formula: string) => formula.replace(/\s+/g, '');

// ---- Simulation of a save ----------------------------------------------------------------------

type Value = string | number | boolean | Date | string[] | null;
type RecordValues = Record<string, Value>;

interface Save {
  /** Stored record before the save; null for an insert. */
  before: RecordValues | null;
  after: RecordValues;
  permissions?: string[];
}

const sameValue = (a: Value | undefined, b: Value | undefined) =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Builds the formulon literal of a field value, by the field's metadata type. */
function literal(field: Field, value: Value | undefined): FormulonLiteral {
  switch (field.type) {
    case 'Number':
    case 'Percent':
    case 'Currency':
    case 'Summary':
      // The API stores decimals beyond a field's scale, so the literal keeps them (formulon
      // rounds a literal to the scale it is given).
      return {
        type: 'literal',
        dataType: 'number',
        value: value ?? null,
        options: { length: 18, scale: 9 },
      };
    case 'Checkbox':
      return { type: 'literal', dataType: 'checkbox', value: value ?? false };
    case 'Date':
      return { type: 'literal', dataType: 'date', value: value ?? null };
    case 'DateTime':
      return { type: 'literal', dataType: 'datetime', value: value ?? null };
    case 'Picklist':
      // formulon's TEXT() turns a null picklist into "NULL", so a blank picklist is ''.
      return {
        type: 'literal',
        dataType: 'picklist',
        value: value ?? '',
        options: { values: field.picklistValues ?? [] },
      };
    case 'MultiselectPicklist':
      // formulon's ISBLANK() rejects multi-select values, so they are passed as their API text.
      return {
        type: 'literal',
        dataType: 'text',
        value: Array.isArray(value) && value.length > 0 ? value.join(';') : null,
        options: { length: 4099 },
      };
    default:
      return {
        type: 'literal',
        dataType: 'text',
        value: value ?? null,
        options: { length: 131072 },
      };
  }
}

/** Evaluates a rule's formula for one save; true means the save is rejected. */
function rejects(rule: Rule, save: Save): boolean {
  const identifiers: Record<string, FormulonLiteral> = {};
  const valueOf = (record: RecordValues, reference: string) => record[reference] ?? null;
  const fieldFor = (reference: string) => {
    const field = resolveReference(rule.object, reference);
    assert.ok(field, `${rule.object}.${rule.fullName}: field ${reference} not found`);
    return field;
  };
  const variable = (prefix: string, reference: string) =>
    `Sim_${prefix}_${reference.replace(/\./g, '_')}`;

  const rewritten = rule.formula
    .replace(/ISNEW\(\s*\)/gi, () => {
      identifiers.Sim_IsNew = literal({ name: 'IsNew', type: 'Checkbox' }, save.before === null);
      return 'Sim_IsNew';
    })
    .replace(/ISCHANGED\(\s*([\w.]+)\s*\)/gi, (_match, reference: string) => {
      // ISCHANGED() is false on an insert.
      const changed =
        save.before !== null &&
        !sameValue(valueOf(save.before, reference), valueOf(save.after, reference));
      const name = variable('Changed', reference);
      identifiers[name] = literal({ name, type: 'Checkbox' }, changed);
      return name;
    })
    .replace(/PRIORVALUE\(\s*([\w.]+)\s*\)/gi, (_match, reference: string) => {
      // PRIORVALUE() returns the current value on an insert.
      const record = save.before ?? save.after;
      const name = variable('Prior', reference);
      identifiers[name] = literal(fieldFor(reference), valueOf(record, reference));
      return name;
    });

  for (const reference of formulon.extract(rewritten)) {
    if (identifiers[reference]) continue;
    if (reference.startsWith('$Permission.')) {
      const granted = (save.permissions ?? []).includes(reference.slice('$Permission.'.length));
      identifiers[reference] = literal({ name: reference, type: 'Checkbox' }, granted);
    } else {
      identifiers[reference] = literal(fieldFor(reference), valueOf(save.after, reference));
    }
  }

  const result = formulon.parse(rewritten, identifiers);
  assert.equal(
    result.type,
    'literal',
    `${rule.object}.${rule.fullName}: ${JSON.stringify(result)}`,
  );
  assert.equal(
    result.dataType,
    'checkbox',
    `${rule.object}.${rule.fullName} does not return a checkbox`,
  );
  return result.value === true;
}

// ---- Scenarios -------------------------------------------------------------------------------

interface Scenario {
  rule: string;
  case: string;
  save: Save;
  rejected: boolean;
}

const scenarios: Scenario[] = [];
const insert = (after: RecordValues): Save => ({ before: null, after });
const update = (before: RecordValues, changes: RecordValues): Save => ({
  before,
  after: { ...before, ...changes },
});

/** Range rules: the value as inserted, as changed, and left unchanged on an old record. */
function rangeScenarios(rule: string, field: string, valid: number[], invalid: number[]) {
  for (const value of valid) {
    scenarios.push({
      rule,
      case: `insert ${value}`,
      save: insert({ [field]: value }),
      rejected: false,
    });
    scenarios.push({
      rule,
      case: `change to ${value}`,
      save: update({ [field]: null }, { [field]: value }),
      rejected: false,
    });
  }
  for (const value of invalid) {
    scenarios.push({
      rule,
      case: `insert ${value}`,
      save: insert({ [field]: value }),
      rejected: true,
    });
    scenarios.push({
      rule,
      case: `change to ${value}`,
      save: update({ [field]: valid[0] }, { [field]: value }),
      rejected: true,
    });
    scenarios.push({
      rule,
      case: `old record holding ${value}, other field changed`,
      save: update({ [field]: value, Name: 'Before' }, { Name: 'After' }),
      rejected: false,
    });
  }
  scenarios.push({ rule, case: 'blank', save: insert({ [field]: null }), rejected: false });
}

// Percent fields are fractions in formulas: 140 % is 1.4.
rangeScenarios(
  'Opportunity.Discount_Depth_Range',
  'Discount_Depth__c',
  [0.25, 0, 1],
  [1.4, -0.01, 1.0001],
);
rangeScenarios('Opportunity.ICP_Fit_Rating_Range', 'ICP_Fit_Rating__c', [3, 1, 5], [0, 6, 2.5, -1]);
rangeScenarios('Account.Active_User_Ratio_Range', 'Active_User_Ratio__c', [0.9, 0, 1], [1.2, -0.1]);
rangeScenarios('Account.NPS_Range', 'NPS__c', [42, -100, 100, 0], [-101, 101]);
rangeScenarios('Account.Login_Days_30d_Range', 'Login_Days_30d__c', [12, 0, 30], [31, -1, 12.5]);
rangeScenarios('Account.Seats_Purchased_Range', 'Seats_Purchased__c', [100, 0], [-1, 2.5]);
rangeScenarios('Account.Seats_Active_Range', 'Seats_Active__c', [80, 0], [-3, 0.5]);
rangeScenarios('Account.Support_Tickets_90d_Range', 'Support_Tickets_90d__c', [4, 0], [-2, 1.5]);

// Closed Won requirements: an opportunity with every deal-context field, into which each scenario
// blanks the field of its rule.
const COMPLETE_DEAL: RecordValues = {
  Name: 'Acme renewal',
  Discount_Depth__c: 0.15,
  ICP_Fit_Rating__c: 4,
  Champion__c: '003000000000001AAA',
  Champion_Title_At_Close__c: 'VP Operations',
  Committed_Use_Case_Count__c: 2,
  Competitive_Displacement__c: false,
  Displaced_Vendor__c: null,
};
const OPEN = { StageName: 'Negotiation/Review', IsWon: false };
const WON = { StageName: 'Closed Won', IsWon: true };
const WON_TOO = { StageName: 'Closed Won - Signed', IsWon: true };

function wonRequirementScenarios(rule: string, field: string, blank: Value) {
  const incomplete = { ...COMPLETE_DEAL, [field]: blank };
  scenarios.push(
    {
      rule,
      case: 'closed as won without it',
      save: update({ ...incomplete, ...OPEN }, WON),
      rejected: true,
    },
    {
      rule,
      case: 'inserted as won without it',
      save: insert({ ...incomplete, ...WON }),
      rejected: true,
    },
    {
      rule,
      case: 'closed as won with it',
      save: update({ ...COMPLETE_DEAL, ...OPEN }, WON),
      rejected: false,
    },
    {
      rule,
      case: 'open without it',
      save: update({ ...incomplete, StageName: 'Prospecting', IsWon: false }, OPEN),
      rejected: false,
    },
    {
      rule,
      case: 'won before the rule, other field changed',
      save: update({ ...incomplete, ...WON }, { Name: 'Acme renewal 2026' }),
      rejected: false,
    },
    {
      rule,
      case: 'moved between won stages',
      save: update({ ...incomplete, ...WON }, WON_TOO),
      rejected: false,
    },
  );
}

wonRequirementScenarios('Opportunity.Won_Requires_Discount_Depth', 'Discount_Depth__c', null);
wonRequirementScenarios('Opportunity.Won_Requires_ICP_Fit_Rating', 'ICP_Fit_Rating__c', null);
wonRequirementScenarios('Opportunity.Won_Requires_Champion', 'Champion__c', null);
wonRequirementScenarios(
  'Opportunity.Won_Requires_Champion_Title',
  'Champion_Title_At_Close__c',
  null,
);
wonRequirementScenarios(
  'Opportunity.Won_Requires_Committed_Use_Case',
  'Committed_Use_Case_Count__c',
  0,
);
scenarios.push({
  rule: 'Opportunity.Won_Requires_Committed_Use_Case',
  case: 'closed as won with a blank count',
  save: update({ ...COMPLETE_DEAL, Committed_Use_Case_Count__c: null, ...OPEN }, WON),
  rejected: true,
});

{
  const rule = 'Opportunity.Displacement_Requires_Vendor';
  const displaced = {
    ...COMPLETE_DEAL,
    Competitive_Displacement__c: true,
    Displaced_Vendor__c: 'Globex',
  };
  const unnamed = { ...displaced, Displaced_Vendor__c: null };
  scenarios.push(
    {
      rule,
      case: 'closed as won without a vendor',
      save: update({ ...unnamed, ...OPEN }, WON),
      rejected: true,
    },
    {
      rule,
      case: 'inserted as won without a vendor',
      save: insert({ ...unnamed, ...WON }),
      rejected: true,
    },
    {
      rule,
      case: 'closed as won with a vendor',
      save: update({ ...displaced, ...OPEN }, WON),
      rejected: false,
    },
    {
      rule,
      case: 'closed as won, no displacement',
      save: update({ ...COMPLETE_DEAL, ...OPEN }, WON),
      rejected: false,
    },
    {
      rule,
      case: 'box checked on a won deal without a vendor',
      save: update({ ...COMPLETE_DEAL, ...WON }, { Competitive_Displacement__c: true }),
      rejected: true,
    },
    {
      rule,
      case: 'vendor cleared on a won deal',
      save: update({ ...displaced, ...WON }, { Displaced_Vendor__c: null }),
      rejected: true,
    },
    {
      rule,
      case: 'won before the rule, other field changed',
      save: update({ ...unnamed, ...WON }, { Name: 'Acme renewal 2026' }),
      rejected: false,
    },
    {
      rule,
      case: 'box checked while open',
      save: update({ ...COMPLETE_DEAL, ...OPEN }, { Competitive_Displacement__c: true }),
      rejected: false,
    },
  );
}

// Outputs of the job, one rule per Account field: a value before and a different one after.
const OUTPUT_VALUES: [string, Value, Value][] = [
  ['Health_Score__c', 62, 80],
  ['Health_Band__c', 'Yellow', 'Green'],
  ['Product_Signal_Score__c', 70.5, 90],
  ['Deal_Context_Score__c', 40.25, 60],
  ['Health_Flags__c', ['LOW_ICP_FIT'], ['LOW_ICP_FIT', 'MASKED_RISK']],
  ['Health_Drivers__c', '{"signals":[]}', '{"signals":[{"signal":"usage"}]}'],
  ['Health_Risk_Count__c', 1, 0],
  ['Health_Review_Due_On__c', new Date(Date.UTC(2026, 0, 5)), new Date(Date.UTC(2026, 1, 5))],
  ['Health_Model_Version__c', '1:3f9a2c1e', '1:00000000'],
  ['Deal_Context_Opportunity__c', '006000000000001AAA', '006000000000002AAA'],
];
for (const [field, before, after] of OUTPUT_VALUES) {
  const rule = `Account.Job_Only_${field.replace(/__c$/, '')}`;
  const stored = { Name: 'Acme', [field]: before };
  scenarios.push(
    { rule, case: 'changed by a person', save: update(stored, { [field]: after }), rejected: true },
    { rule, case: 'cleared by a person', save: update(stored, { [field]: null }), rejected: true },
    {
      rule,
      case: 'set on insert by a person',
      save: insert({ Name: 'Acme', [field]: after }),
      rejected: true,
    },
    { rule, case: 'blank on insert', save: insert({ Name: 'Acme' }), rejected: false },
    {
      rule,
      case: 'other field changed by a person',
      save: update(stored, { Name: 'Acme Inc' }),
      rejected: false,
    },
  );
}

{
  const rule = 'Health_Snapshot__c.Job_Only_Snapshot';
  const snapshot = {
    Account__c: '001000000000001AAA',
    Scored_On__c: new Date(Date.UTC(2026, 2, 1)),
    Score__c: 71,
    Band__c: 'Yellow',
    Snapshot_Key__c: '001000000000001AAA:2026-03-01',
  };
  scenarios.push(
    { rule, case: 'inserted by a person', save: insert(snapshot), rejected: true },
    {
      rule,
      case: 'score changed by a person',
      save: update(snapshot, { Score__c: 90 }),
      rejected: true,
    },
    {
      rule,
      case: 'flags changed by a person',
      save: update(snapshot, { Flags__c: ['NO_DATA'] }),
      rejected: true,
    },
    { rule, case: 'saved unchanged by a person', save: update(snapshot, {}), rejected: false },
  );
}
{
  const rule = 'Health_Score_Run__c.Job_Only_Run';
  const run = { Status__c: 'Succeeded', Accounts_Scored__c: 1200, Errors__c: 0 };
  scenarios.push(
    { rule, case: 'inserted by a person', save: insert(run), rejected: true },
    {
      rule,
      case: 'status changed by a person',
      save: update(run, { Status__c: 'Failed' }),
      rejected: true,
    },
    {
      rule,
      case: 'error summary changed by a person',
      save: update(run, { Error_Summary__c: 'edited' }),
      rejected: true,
    },
    { rule, case: 'saved unchanged by a person', save: update(run, {}), rejected: false },
  );
}

{
  const rule = 'Deal_Promise__c.Resolved_Requires_Resolved_On';
  const day = new Date(Date.UTC(2026, 3, 2));
  scenarios.push(
    {
      rule,
      case: 'inserted Resolved without a date',
      save: insert({ Status__c: 'Resolved' }),
      rejected: true,
    },
    {
      rule,
      case: 'inserted Resolved with a date',
      save: insert({ Status__c: 'Resolved', Resolved_On__c: day }),
      rejected: false,
    },
    {
      rule,
      case: 'set to Resolved without a date',
      save: update({ Status__c: 'Open' }, { Status__c: 'Resolved' }),
      rejected: true,
    },
    {
      rule,
      case: 'set to Resolved with a date',
      save: update({ Status__c: 'Open' }, { Status__c: 'Resolved', Resolved_On__c: day }),
      rejected: false,
    },
    {
      rule,
      case: 'date cleared on a resolved promise',
      save: update({ Status__c: 'Resolved', Resolved_On__c: day }, { Resolved_On__c: null }),
      rejected: true,
    },
    {
      rule,
      case: 'set to Withdrawn without a date',
      save: update({ Status__c: 'Open' }, { Status__c: 'Withdrawn' }),
      rejected: false,
    },
    {
      rule,
      case: 'resolved before the rule, other field changed',
      save: update(
        { Status__c: 'Resolved', Description__c: 'SSO' },
        { Description__c: 'SAML SSO' },
      ),
      rejected: false,
    },
  );
}
{
  const rule = 'Committed_Use_Case__c.Reviewed_Requires_Reviewed_On';
  const day = new Date(Date.UTC(2026, 4, 20));
  scenarios.push(
    {
      rule,
      case: 'inserted Active without a date',
      save: insert({ Name: 'Forecasting', Status__c: 'Active' }),
      rejected: true,
    },
    {
      rule,
      case: 'inserted Committed without a date',
      save: insert({ Name: 'Forecasting', Status__c: 'Committed' }),
      rejected: false,
    },
    {
      rule,
      case: 'set to Not Active without a date',
      save: update({ Status__c: 'Committed' }, { Status__c: 'Not Active' }),
      rejected: true,
    },
    {
      rule,
      case: 'set to Active without a date',
      save: update({ Status__c: 'Committed' }, { Status__c: 'Active' }),
      rejected: true,
    },
    {
      rule,
      case: 'set to Active with a date',
      save: update({ Status__c: 'Committed' }, { Status__c: 'Active', Reviewed_On__c: day }),
      rejected: false,
    },
    {
      rule,
      case: 'date cleared on a reviewed use case',
      save: update({ Status__c: 'Active', Reviewed_On__c: day }, { Reviewed_On__c: null }),
      rejected: true,
    },
    {
      rule,
      case: 'reviewed before the rule, other field changed',
      save: update({ Status__c: 'Active', Description__c: 'v1' }, { Description__c: 'v2' }),
      rejected: false,
    },
  );
}
{
  const rule = 'Committed_Use_Case__c.Use_Case_Name_Locked_After_Close';
  scenarios.push(
    {
      rule,
      case: 'renamed after the deal is won',
      save: update({ Name: 'Forecasting', 'Opportunity__r.IsWon': true }, { Name: 'Planning' }),
      rejected: true,
    },
    {
      rule,
      case: 'renamed while the deal is open',
      save: update({ Name: 'Forecasting', 'Opportunity__r.IsWon': false }, { Name: 'Planning' }),
      rejected: false,
    },
    {
      rule,
      case: 'status changed after the deal is won',
      save: update(
        { Name: 'Forecasting', Status__c: 'Committed', 'Opportunity__r.IsWon': true },
        { Status__c: 'Active', Reviewed_On__c: new Date() },
      ),
      rejected: false,
    },
    {
      rule,
      case: 'added after the deal is won',
      save: insert({ Name: 'Planning', 'Opportunity__r.IsWon': true }),
      rejected: false,
    },
  );
}

// ---- Tests -----------------------------------------------------------------------------------

test('every scenario names an existing rule', () => {
  assert.ok(rules.length > 0, `no validation rules under ${OBJECTS_DIR}`);
  for (const key of new Set(scenarios.map((scenario) => scenario.rule))) {
    assert.ok(
      ruleByKey.has(key),
      `validation rule ${key} not found: add objects/${key.replace('.', '/validationRules/')}.validationRule-meta.xml`,
    );
  }
});

for (const rule of rules) {
  const key = `${rule.object}.${rule.fullName}`;

  test(`${key} shape`, () => {
    assert.equal(
      rule.file,
      `${rule.fullName}.validationRule-meta.xml`,
      `${key}: fullName differs from the file name`,
    );
    assert.match(
      rule.fullName,
      /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*[A-Za-z0-9]$/,
      `${key}: invalid rule name`,
    );
    assert.ok(rule.fullName.length <= MAX_NAME, `${key}: name longer than ${MAX_NAME} characters`);
    assert.equal(rule.active, 'true', `${key} is not active`);
    const description = rule.description ?? '';
    const message = rule.errorMessage ?? '';
    assert.ok(description.trim(), `${key} has no description`);
    assert.ok(
      description.length <= MAX_TEXT,
      `${key}: description longer than ${MAX_TEXT} characters`,
    );
    assert.ok(message.trim(), `${key} has no error message`);
    assert.ok(
      message.length <= MAX_TEXT,
      `${key}: error message longer than ${MAX_TEXT} characters`,
    );
  });

  test(`${key} shows its message on a field`, () => {
    assert.ok(rule.errorDisplayField, `${key} has no errorDisplayField`);
    const field = fieldOf(rule.object, rule.errorDisplayField);
    assert.ok(
      field,
      `${key}: errorDisplayField ${rule.errorDisplayField} not found on ${rule.object}`,
    );
    assert.ok(
      !['Summary', 'Formula', 'AutoNumber'].includes(field.type),
      `${key}: errorDisplayField ${rule.errorDisplayField} is a ${field.type} field, which nobody enters`,
    );
  });

  test(`${key} starts with the permission guard`, () => {
    assert.ok(
      normalize(rule.formula).startsWith(GUARD),
      `${key}: the formula must start with AND(NOT(OR($Permission.Health_Score_Job, $Permission.Health_Score_Bypass_Rules)), ...`,
    );
  });

  test(`${key} uses only supported functions`, () => {
    for (const [, name] of rule.formula.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)) {
      assert.ok(
        ALLOWED_FUNCTIONS.has(name.toUpperCase()),
        `${key}: function ${name} is not in the supported list`,
      );
    }
    // Orgs rename stages, so won deals are recognised through IsWon.
    assert.doesNotMatch(
      rule.formula,
      /StageName\s*,\s*"/,
      `${key}: compares StageName with a stage label`,
    );
    assert.doesNotMatch(rule.formula, /Closed Won/i, `${key}: names a stage label`);
  });

  test(`${key} names existing fields and permissions`, () => {
    const references = formulon.extract(rule.formula);
    assert.ok(references.length > 0, `${key}: formulon found no fields in the formula`);
    for (const reference of references) {
      if (reference.startsWith('$Permission.')) {
        const name = reference.slice('$Permission.'.length);
        assert.ok(CUSTOM_PERMISSIONS.includes(name), `${key}: unknown custom permission ${name}`);
        const file = join(SOURCE_ROOT, 'customPermissions', `${name}.customPermission-meta.xml`);
        assert.ok(existsSync(file), `${key}: custom permission ${name} not found at ${file}`);
        continue;
      }
      assert.ok(
        resolveReference(rule.object, reference),
        `${key}: field ${reference} not found on ${rule.object}`,
      );
    }
  });

  test(`${key} passes restricted field types to functions that accept them`, () => {
    for (const reference of formulon.extract(rule.formula)) {
      const field = reference.startsWith('$')
        ? undefined
        : resolveReference(rule.object, reference);
      const accepted = field ? FUNCTIONS_FOR_TYPE[field.type] : undefined;
      if (!field || !accepted) continue;
      const escaped = reference.replace(/[.$]/g, '\\$&');
      for (const match of rule.formula.matchAll(new RegExp(`([A-Z]*)\\(\\s*${escaped}\\b`, 'g'))) {
        assert.ok(
          accepted.includes(match[1]),
          `${key}: ${field.type} field ${reference} passed to ${match[1] || 'an expression'}`,
        );
      }
      const bare = rule.formula.replace(new RegExp(`[A-Z]+\\(\\s*${escaped}\\b`, 'g'), '');
      assert.doesNotMatch(
        bare,
        new RegExp(`\\b${escaped}\\b`),
        `${key}: ${field.type} field ${reference} used outside a function`,
      );
    }
  });

  test(`${key} has scenarios that reject and that pass`, () => {
    const own = scenarios.filter((scenario) => scenario.rule === key);
    assert.ok(
      own.some((scenario) => scenario.rejected),
      `${key}: no scenario in which the rule rejects a save`,
    );
    assert.ok(
      own.some((scenario) => !scenario.rejected),
      `${key}: no scenario in which the rule lets a save through`,
    );
  });
}

for (const scenario of scenarios) {
  test(`${scenario.rule}: ${scenario.case}`, (context) => {
    const rule = ruleByKey.get(scenario.rule);
    if (!rule) return context.skip(`validation rule ${scenario.rule} not found`);
    assert.equal(
      rejects(rule, scenario.save),
      scenario.rejected,
      `${scenario.rule} should ${scenario.rejected ? 'reject' : 'let through'} a save (${scenario.case})`,
    );
    if (scenario.rejected) {
      for (const permission of CUSTOM_PERMISSIONS) {
        const permitted = { ...scenario.save, permissions: [permission] };
        assert.equal(
          rejects(rule, permitted),
          false,
          `${scenario.rule} rejects a user with ${permission} (${scenario.case})`,
        );
      }
    }
  });
}
