// Checks of the permission sets and custom permissions against the access table of the design,
// encoded below cell by cell. A cell that field-level security can express is checked against the
// permission set's fieldPermissions and objectPermissions. Some cells it cannot express, such as
// "no person edits a score, whatever their profile" or a use case's Name, which has no field-level
// security: those are checked against the validation rule that closes the gap. Record access is
// checked too. The job's set reads every record of the objects the job queries (View All), so a
// private sharing model cannot hide accounts from the job, and no person's set overrides sharing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { list, parseXml, text, type XmlNode } from './xml.ts';
import { extractQueries, PLACEHOLDER_PREFIX } from './job-queries.ts';
import { STANDARD_OBJECTS } from './standard-fields.ts';

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCE_ROOT = join(PROJECT_ROOT, 'force-app', 'main', 'default');
const OBJECTS_DIR = join(SOURCE_ROOT, 'objects');
const PERMISSION_SETS_DIR = join(SOURCE_ROOT, 'permissionsets');
const CUSTOM_PERMISSIONS_DIR = join(SOURCE_ROOT, 'customPermissions');
const JOB_DIR = join('scripts', 'job');
// Salesforce limits from the Object Reference, PermissionSet: Label 80 characters, Description 255.
const MAX_LABEL = 80;
const MAX_DESCRIPTION = 255;

type Column = 'AE' | 'CSM' | 'RevOps' | 'job';
const COLUMNS: Column[] = ['AE', 'CSM', 'RevOps', 'job'];
const PEOPLE: Column[] = ['AE', 'CSM', 'RevOps'];
/** The permission set of each column of the access table. */
const PERMISSION_SET: Record<Column, string> = {
  AE: 'Health_Score_Deal_Capture',
  CSM: 'Health_Score_Account_Review',
  RevOps: 'Health_Score_Model_Tuning',
  job: 'Health_Score_Job_Integration',
};
/** The admin's set for legacy loads, outside the table's columns. */
const LEGACY_SET = 'Health_Score_Legacy_Data_Load';
const JOB_PERMISSION = 'Health_Score_Job';
const BYPASS_PERMISSION = 'Health_Score_Bypass_Rules';

// ---- Schema ----------------------------------------------------------------------------------

interface Field {
  /** `Object.Field__c`, as permission sets name it. */
  key: string;
  object: string;
  name: string;
  type: string;
  required: boolean;
  formula: boolean;
  referenceTo?: string;
}

function readXml(path: string): XmlNode {
  const parsed = parseXml(readFileSync(path, 'utf8'));
  assert.equal(parsed.error, undefined, `${path} is not well formed: ${parsed.error}`);
  return parsed.node;
}

function listDir(path: string): string[] {
  return existsSync(path) ? readdirSync(path).sort() : [];
}

function loadCustomFields(): Map<string, Field> {
  const fields = new Map<string, Field>();
  for (const folder of listDir(OBJECTS_DIR)) {
    // Activity custom fields are named Task.X__c and Event.X__c in permission sets.
    const objects = folder === 'Activity' ? ['Task', 'Event'] : [folder];
    for (const file of listDir(join(OBJECTS_DIR, folder, 'fields'))) {
      const node = readXml(join(OBJECTS_DIR, folder, 'fields', file));
      const name = text(node, 'fullName') ?? '';
      for (const object of objects) {
        fields.set(`${object}.${name}`, {
          key: `${object}.${name}`,
          object,
          name,
          type: text(node, 'type') ?? '',
          required: text(node, 'required') === 'true',
          formula: text(node, 'formula') !== undefined,
          referenceTo: text(node, 'referenceTo'),
        });
      }
    }
  }
  return fields;
}

const customFields = loadCustomFields();
const customObjects = listDir(OBJECTS_DIR).filter((folder) => folder.endsWith('__c'));
const metadataTypes = listDir(OBJECTS_DIR).filter((folder) => folder.endsWith('__mdt'));

/** Fields that a permission set cannot name: required and master-detail fields. */
const hasNoFieldSecurity = (field: Field) => field.required || field.type === 'MasterDetail';
/** Fields that only Salesforce computes. */
const isComputed = (field: Field) => field.formula || field.type === 'Summary';

/** Lists the custom fields of an object that carry field-level security. */
function securedFieldsOf(object: string): string[] {
  return [...customFields.values()]
    .filter((field) => field.object === object && !hasNoFieldSecurity(field))
    .map((field) => field.key);
}

function masterOf(object: string): string | undefined {
  return [...customFields.values()].find(
    (field) => field.object === object && field.type === 'MasterDetail',
  )?.referenceTo;
}

// ---- The access table ------------------------------------------------------------------------

type Level = 'read' | 'edit';
interface ObjectAccess {
  create?: boolean;
  edit?: boolean;
  delete?: boolean;
  /** View All Records: read every record of the object, whatever the sharing model. */
  viewAll?: boolean;
}
interface Cell {
  /** Row of the table. */
  data: string;
  column: Column;
  /** The cell's text. */
  expected: string;
  how: 'permission set' | `validation rule ${string}`;
  /** Object permissions the cell needs; read is implied. */
  objects?: Record<string, ObjectAccess>;
  fields?: Record<string, Level>;
  userPermissions?: string[];
  customMetadataTypes?: string[];
  /** For a validation rule cell: the fields (or ISNEW()) whose change the rule rejects. */
  guarded?: string[];
}

const prefix = (object: string, names: string[]) => names.map((name) => `${object}.${name}`);
const levels = (keys: string[], level: Level) =>
  Object.fromEntries(keys.map((key) => [key, isComputedKey(key) ? 'read' : level])) as Record<
    string,
    Level
  >;
function isComputedKey(key: string): boolean {
  const field = customFields.get(key);
  return field !== undefined && isComputed(field);
}

const DEAL_CONTEXT = securedFieldsOf('Opportunity');
const USE_CASE = securedFieldsOf('Committed_Use_Case__c');
const PROMISE = securedFieldsOf('Deal_Promise__c');
const CHAMPION_STATUS = prefix('Account', ['Champion_Status__c', 'Champion_Reviewed_On__c']);
const PRODUCT_SIGNALS = prefix('Account', [
  'Active_User_Ratio__c',
  'Seats_Purchased__c',
  'Seats_Active__c',
  'Support_Tickets_90d__c',
  'NPS__c',
  'Billing_Status__c',
  'Login_Days_30d__c',
]);
const SEGMENT = prefix('Account', ['Customer_Segment__c', 'Churned_On__c']);
const CSM_ASSIGNMENT = prefix('Account', ['Customer_Success_Manager__c']);
const OUTPUT_NAMES = [
  'Health_Score__c',
  'Health_Band__c',
  'Product_Signal_Score__c',
  'Deal_Context_Score__c',
  'Health_Flags__c',
  'Health_Drivers__c',
  'Health_Risk_Count__c',
  'Health_Review_Due_On__c',
  'Health_Model_Version__c',
  'Deal_Context_Opportunity__c',
];
const OUTPUTS = prefix('Account', OUTPUT_NAMES);
const SNAPSHOT = securedFieldsOf('Health_Snapshot__c');
const RUN = securedFieldsOf('Health_Score_Run__c');
const TASK_KEY = ['Task.Health_Alert_Key__c'];
const fieldNames = (keys: string[]) => keys.map((key) => key.split('.')[1]);

const read = (keys: string[]) => levels(keys, 'read');
const edit = (keys: string[]) => levels(keys, 'edit');

const CELLS: Cell[] = [
  // Opportunity deal-context fields | edit | read | edit ICP_Fit_Rating__c | read
  {
    data: 'Opportunity deal-context fields',
    column: 'AE',
    expected: 'edit',
    how: 'permission set',
    objects: { Opportunity: { edit: true } },
    fields: edit(DEAL_CONTEXT),
  },
  {
    data: 'Opportunity deal-context fields',
    column: 'CSM',
    expected: 'read',
    how: 'permission set',
    objects: { Opportunity: {} },
    fields: read(DEAL_CONTEXT),
  },
  {
    data: 'Opportunity deal-context fields',
    column: 'RevOps',
    expected: 'edit ICP_Fit_Rating__c',
    how: 'permission set',
    // NOTE: Object edit also opens the fields that have no field-level security (Name, StageName,
    // CloseDate), and no custom permission marks RevOps users, so no rule can close that gap. The
    // CSM's Account edit opens Account Name in the same way.
    objects: { Opportunity: { edit: true } },
    fields: { ...read(DEAL_CONTEXT), ...edit(['Opportunity.ICP_Fit_Rating__c']) },
  },
  {
    data: 'Opportunity deal-context fields',
    column: 'job',
    expected: 'read',
    how: 'permission set',
    // The job scores every account, so it reads every record it scores with View All. Under a
    // private sharing model it would otherwise score only the records its user can see.
    objects: { Opportunity: { viewAll: true } },
    fields: read(DEAL_CONTEXT),
  },

  // Committed use cases | create, edit | edit Status__c, Reviewed_On__c | read | read
  {
    data: 'Committed use cases',
    column: 'AE',
    expected: 'create, edit',
    how: 'permission set',
    objects: { Opportunity: {}, Committed_Use_Case__c: { create: true, edit: true } },
    fields: edit(USE_CASE),
  },
  {
    data: 'Committed use cases',
    column: 'CSM',
    expected: 'edit Status__c, Reviewed_On__c',
    how: 'permission set',
    objects: { Opportunity: {}, Committed_Use_Case__c: { edit: true } },
    fields: {
      ...read(USE_CASE),
      ...edit(prefix('Committed_Use_Case__c', ['Status__c', 'Reviewed_On__c'])),
    },
  },
  {
    data: 'Committed use cases',
    column: 'CSM',
    expected: 'no rename of a use case committed at close (Name has no field-level security)',
    how: 'validation rule Committed_Use_Case__c.Use_Case_Name_Locked_After_Close',
    guarded: ['Name'],
  },
  {
    data: 'Committed use cases',
    column: 'RevOps',
    expected: 'read',
    how: 'permission set',
    objects: { Opportunity: {}, Committed_Use_Case__c: {} },
    fields: read(USE_CASE),
  },
  {
    data: 'Committed use cases',
    column: 'job',
    expected: 'read',
    how: 'permission set',
    objects: { Opportunity: { viewAll: true }, Committed_Use_Case__c: { viewAll: true } },
    fields: read(USE_CASE),
  },

  // Deal promises | create, edit | edit Status__c, Resolved_On__c | read | read
  {
    data: 'Deal promises',
    column: 'AE',
    expected: 'create, edit',
    how: 'permission set',
    objects: { Opportunity: {}, Deal_Promise__c: { create: true, edit: true } },
    fields: edit(PROMISE),
  },
  {
    data: 'Deal promises',
    column: 'CSM',
    expected: 'edit Status__c, Resolved_On__c',
    how: 'permission set',
    objects: { Opportunity: {}, Deal_Promise__c: { edit: true } },
    fields: {
      ...read(PROMISE),
      ...edit(prefix('Deal_Promise__c', ['Status__c', 'Resolved_On__c'])),
    },
  },
  {
    data: 'Deal promises',
    column: 'RevOps',
    expected: 'read',
    how: 'permission set',
    objects: { Opportunity: {}, Deal_Promise__c: {} },
    fields: read(PROMISE),
  },
  {
    data: 'Deal promises',
    column: 'job',
    expected: 'read',
    how: 'permission set',
    objects: { Opportunity: { viewAll: true }, Deal_Promise__c: { viewAll: true } },
    fields: read(PROMISE),
  },

  // Account champion status | read | edit | read | read
  ...COLUMNS.map((column): Cell => ({
    data: 'Account champion status',
    column,
    expected: column === 'CSM' ? 'edit' : 'read',
    how: 'permission set',
    objects: { Account: { edit: column === 'CSM', viewAll: column === 'job' } },
    fields: column === 'CSM' ? edit(CHAMPION_STATUS) : read(CHAMPION_STATUS),
  })),

  // Account product signals | read | edit | read | read
  ...COLUMNS.map((column): Cell => ({
    data: 'Account product signals',
    column,
    expected: column === 'CSM' ? 'edit' : 'read',
    how: 'permission set',
    objects: { Account: { edit: column === 'CSM', viewAll: column === 'job' } },
    fields: column === 'CSM' ? edit(PRODUCT_SIGNALS) : read(PRODUCT_SIGNALS),
  })),

  // Account segment, Churned_On__c | read | read | edit | read
  ...COLUMNS.map((column): Cell => ({
    data: 'Account segment, Churned_On__c',
    column,
    expected: column === 'RevOps' ? 'edit' : 'read',
    how: 'permission set',
    objects: { Account: { edit: column === 'RevOps', viewAll: column === 'job' } },
    fields: column === 'RevOps' ? edit(SEGMENT) : read(SEGMENT),
  })),

  // Account outputs, snapshots | read | read | read | edit
  ...PEOPLE.flatMap((column): Cell[] => [
    {
      data: 'Account outputs, snapshots',
      column,
      expected: 'read',
      how: 'permission set',
      objects: { Account: {}, Health_Snapshot__c: {} },
      fields: read([...OUTPUTS, ...SNAPSHOT]),
    },
    // Field-level security cannot stop a profile from granting edit, so a rule per output field
    // rejects the change of anyone without the job's permission.
    ...OUTPUT_NAMES.map((name): Cell => ({
      data: 'Account outputs, snapshots',
      column,
      expected: `no edit of ${name}, whatever the profile`,
      how: `validation rule Account.Job_Only_${name.replace(/__c$/, '')}`,
      guarded: [name],
    })),
    {
      data: 'Account outputs, snapshots',
      column,
      expected: 'no snapshot created or changed, whatever the profile',
      how: 'validation rule Health_Snapshot__c.Job_Only_Snapshot',
      guarded: ['ISNEW()', ...fieldNames(SNAPSHOT)],
    },
  ]),
  {
    data: 'Account outputs, snapshots',
    column: 'job',
    expected: 'edit',
    how: 'permission set',
    // NOTE: No Modify All on Account, because it would also grant delete and transfer of every
    // account. Edit on accounts the job user does not own, which a snapshot's master-detail also
    // needs, comes from the org's sharing (a sharing rule or a role at the top of the hierarchy).
    objects: {
      Account: { edit: true, viewAll: true },
      Health_Snapshot__c: { create: true, edit: true, viewAll: true },
    },
    fields: edit([...OUTPUTS, ...SNAPSHOT]),
  },

  // Health_Score_Run__c | read | read | read | create, edit
  ...PEOPLE.flatMap((column): Cell[] => [
    {
      data: 'Health_Score_Run__c',
      column,
      expected: 'read',
      how: 'permission set',
      objects: { Health_Score_Run__c: {} },
      fields: read(RUN),
    },
    {
      data: 'Health_Score_Run__c',
      column,
      expected: 'no run created or changed, whatever the profile',
      how: 'validation rule Health_Score_Run__c.Job_Only_Run',
      guarded: ['ISNEW()', ...fieldNames(RUN)],
    },
  ]),
  {
    data: 'Health_Score_Run__c',
    column: 'job',
    expected: 'create, edit',
    how: 'permission set',
    // The job reads earlier runs, which the org-wide default Public Read Only shows today. View All
    // keeps them readable if an admin makes the object private.
    objects: { Health_Score_Run__c: { create: true, edit: true, viewAll: true } },
    fields: edit(RUN),
  },

  // Tasks from the job | own | own | read | create
  // NOTE: A permission set carries only the key field and the Edit Tasks permission. Owning the
  // job's Tasks (AE, CSM) and reading other users' Tasks (RevOps) depend on the org's sharing.
  ...(['AE', 'CSM', 'RevOps'] as Column[]).map((column): Cell => ({
    data: 'Tasks from the job',
    column,
    expected: column === 'RevOps' ? 'read' : 'own',
    how: 'permission set',
    fields: read(TASK_KEY),
  })),
  {
    data: 'Tasks from the job',
    column: 'job',
    expected: 'create',
    how: 'permission set',
    fields: edit(TASK_KEY),
    // The job reads User.IsActive of each Task owner and gives an inactive owner's Task to the
    // account owner. Where the org-wide default for users is Private, a user it cannot see reads
    // as inactive, so it needs View All Users. The job finds its open Tasks through their account
    // (WhatId), which View All on Account makes readable.
    userPermissions: ['ApiEnabled', 'EditTask', 'ViewAllUsers'],
  },

  // Outside the table: data every column needs in order to use the rows above.
  ...COLUMNS.map((column): Cell => ({
    data: 'Account CSM assignment (written by the admin)',
    column,
    expected: 'read',
    how: 'permission set',
    objects: { Account: {} },
    fields: read(CSM_ASSIGNMENT),
  })),
  ...PEOPLE.map((column): Cell => ({
    data: 'Champion contacts (the Champion__c lookup)',
    column,
    expected: 'read',
    how: 'permission set',
    objects: { Contact: {} },
  })),
  ...(['RevOps', 'job'] as Column[]).map((column): Cell => ({
    data: 'Health model custom metadata (weights and thresholds, tuned by deploy)',
    column,
    expected: 'read',
    how: 'permission set',
    customMetadataTypes: metadataTypes,
  })),
];

// ---- Permission sets -------------------------------------------------------------------------

interface ObjectPermission {
  object: string;
  create: boolean;
  read: boolean;
  edit: boolean;
  delete: boolean;
  viewAll: boolean;
  modifyAll: boolean;
}
interface FieldPermission {
  field: string;
  readable: boolean;
  editable: boolean;
}
interface PermissionSet {
  name: string;
  file: string;
  label?: string;
  description?: string;
  objects: Map<string, ObjectPermission>;
  fields: Map<string, FieldPermission>;
  fieldEntries: number;
  customPermissions: string[];
  customMetadataTypes: string[];
  userPermissions: string[];
}

const enabledNames = (node: XmlNode, key: string) =>
  list(node, key)
    .filter((entry) => text(entry, 'enabled') === 'true')
    .map((entry) => text(entry, 'name') ?? '');

function loadPermissionSet(file: string): PermissionSet {
  const node = readXml(join(PERMISSION_SETS_DIR, file));
  const objects = new Map<string, ObjectPermission>();
  for (const entry of list(node, 'objectPermissions')) {
    const flag = (key: string) => text(entry, key) === 'true';
    const object = text(entry, 'object') ?? '';
    objects.set(object, {
      object,
      create: flag('allowCreate'),
      read: flag('allowRead'),
      edit: flag('allowEdit'),
      delete: flag('allowDelete'),
      viewAll: flag('viewAllRecords'),
      modifyAll: flag('modifyAllRecords'),
    });
  }
  const fieldEntries = list(node, 'fieldPermissions');
  const fields = new Map<string, FieldPermission>();
  for (const entry of fieldEntries) {
    const field = text(entry, 'field') ?? '';
    fields.set(field, {
      field,
      readable: text(entry, 'readable') === 'true',
      editable: text(entry, 'editable') === 'true',
    });
  }
  return {
    name: file.replace(/\.permissionset-meta\.xml$/, ''),
    file,
    label: text(node, 'label'),
    description: text(node, 'description'),
    objects,
    fields,
    fieldEntries: fieldEntries.length,
    customPermissions: enabledNames(node, 'customPermissions'),
    customMetadataTypes: enabledNames(node, 'customMetadataTypeAccesses'),
    userPermissions: enabledNames(node, 'userPermissions'),
  };
}

const permissionSets = listDir(PERMISSION_SETS_DIR)
  .filter((file) => file.endsWith('.permissionset-meta.xml'))
  .map(loadPermissionSet);
const setByName = new Map(permissionSets.map((set) => [set.name, set]));

function requireSet(name: string): PermissionSet {
  const set = setByName.get(name);
  assert.ok(set, `permission set ${name} not found in ${PERMISSION_SETS_DIR}`);
  return set;
}

function levelOf(set: PermissionSet, key: string): Level | 'none' {
  const permission = set.fields.get(key);
  if (!permission?.readable) return 'none';
  return permission.editable ? 'edit' : 'read';
}

function ruleFile(reference: string): string {
  const [object, name] = reference.split('.');
  return join(OBJECTS_DIR, object, 'validationRules', `${name}.validationRule-meta.xml`);
}

// ---- Cell checks -----------------------------------------------------------------------------

for (const cell of CELLS) {
  test(`${cell.data} | ${cell.column}: ${cell.expected}`, () => {
    if (cell.how === 'permission set') {
      const set = requireSet(PERMISSION_SET[cell.column]);
      for (const [object, access] of Object.entries(cell.objects ?? {})) {
        const permission = set.objects.get(object);
        assert.ok(permission?.read, `${set.name}: no read access to ${object}`);
        for (const flag of ['create', 'edit', 'delete'] as const) {
          if (access[flag])
            assert.ok(permission[flag], `${set.name}: ${flag} on ${object} missing`);
        }
        if (access.viewAll)
          assert.ok(permission.viewAll, `${set.name}: View All on ${object} missing`);
      }
      for (const [key, level] of Object.entries(cell.fields ?? {})) {
        assert.ok(customFields.has(key), `${cell.data}: field ${key} not found in force-app`);
        const actual = levelOf(set, key);
        // A cell's read is the floor: another row may grant the same column edit on the field.
        if (level === 'edit') assert.equal(actual, 'edit', `${set.name}: ${key} must be editable`);
        else assert.notEqual(actual, 'none', `${set.name}: ${key} must be readable`);
      }
      for (const permission of cell.userPermissions ?? []) {
        assert.ok(
          set.userPermissions.includes(permission),
          `${set.name}: user permission ${permission} missing`,
        );
      }
      for (const type of cell.customMetadataTypes ?? []) {
        assert.ok(
          set.customMetadataTypes.includes(type),
          `${set.name}: no access to custom metadata type ${type}`,
        );
      }
      return;
    }
    const reference = cell.how.slice('validation rule '.length);
    const file = ruleFile(reference);
    assert.ok(existsSync(file), `validation rule ${reference} not found at ${file}`);
    const rule = readXml(file);
    assert.equal(text(rule, 'active'), 'true', `validation rule ${reference} is not active`);
    const formula = (text(rule, 'errorConditionFormula') ?? '').replace(/\s+/g, '');
    assert.ok(
      formula.includes(`$Permission.${JOB_PERMISSION}`),
      `${reference} does not check $Permission.${JOB_PERMISSION}`,
    );
    for (const guarded of cell.guarded ?? []) {
      const term = guarded === 'ISNEW()' ? 'ISNEW()' : `ISCHANGED(${guarded})`;
      assert.ok(formula.includes(term), `${reference} does not reject ${term}`);
    }
  });
}

// ---- Whole-set checks ------------------------------------------------------------------------

/** The access of each column, the union of its cells: the permission set must grant exactly this. */
function expectedAccess(column: Column) {
  const fields = new Map<string, Level>();
  const objects = new Map<string, Required<ObjectAccess>>();
  const customMetadataTypes = new Set<string>();
  const userPermissions = new Set<string>();
  for (const cell of CELLS.filter(
    (entry) => entry.column === column && entry.how === 'permission set',
  )) {
    for (const [key, level] of Object.entries(cell.fields ?? {})) {
      if (fields.get(key) !== 'edit') fields.set(key, level);
      const object = key.split('.')[0];
      if (!objects.has(object) && object !== 'Task') {
        objects.set(object, { create: false, edit: false, delete: false, viewAll: false });
      }
    }
    for (const [object, access] of Object.entries(cell.objects ?? {})) {
      const current = objects.get(object) ?? {
        create: false,
        edit: false,
        delete: false,
        viewAll: false,
      };
      objects.set(object, {
        create: current.create || Boolean(access.create),
        edit: current.edit || Boolean(access.edit),
        delete: current.delete || Boolean(access.delete),
        viewAll: current.viewAll || Boolean(access.viewAll),
      });
    }
    for (const type of cell.customMetadataTypes ?? []) customMetadataTypes.add(type);
    for (const permission of cell.userPermissions ?? []) userPermissions.add(permission);
  }
  return { fields, objects, customMetadataTypes, userPermissions };
}

for (const column of COLUMNS) {
  const name = PERMISSION_SET[column];

  test(`${name} grants no field access beyond the ${column} column`, () => {
    const set = requireSet(name);
    const expected = expectedAccess(column);
    for (const [key, level] of expected.fields) {
      assert.equal(levelOf(set, key), level, `${name}: ${key} should be ${level}`);
    }
    for (const key of set.fields.keys()) {
      assert.ok(
        expected.fields.has(key),
        `${name}: field permission on ${key} is not in the ${column} column`,
      );
    }
  });

  test(`${name} grants no object access beyond the ${column} column`, () => {
    const set = requireSet(name);
    const expected = expectedAccess(column);
    for (const [object, access] of expected.objects) {
      const permission = set.objects.get(object);
      assert.ok(permission?.read, `${name}: no read access to ${object}`);
      assert.equal(
        permission.create,
        access.create,
        `${name}: create on ${object} should be ${access.create}`,
      );
      assert.equal(
        permission.edit,
        access.edit,
        `${name}: edit on ${object} should be ${access.edit}`,
      );
      assert.equal(
        permission.delete,
        access.delete,
        `${name}: delete on ${object} should be ${access.delete}`,
      );
      assert.equal(
        permission.viewAll,
        access.viewAll,
        `${name}: View All on ${object} should be ${access.viewAll}`,
      );
    }
    for (const object of set.objects.keys()) {
      assert.ok(
        expected.objects.has(object),
        `${name}: object permission on ${object} is not in the ${column} column`,
      );
    }
  });

  test(`${name} custom metadata and user permissions`, () => {
    const set = requireSet(name);
    const expected = expectedAccess(column);
    assert.deepEqual([...set.customMetadataTypes].sort(), [...expected.customMetadataTypes].sort());
    assert.deepEqual([...set.userPermissions].sort(), [...expected.userPermissions].sort());
  });
}

test('job writes only outputs, snapshots, runs and Tasks', () => {
  const set = requireSet(PERMISSION_SET.job);
  const writable = new Set([...OUTPUTS, ...SNAPSHOT, ...RUN, ...TASK_KEY]);
  for (const permission of set.fields.values()) {
    if (permission.editable) {
      assert.ok(
        writable.has(permission.field),
        `${set.name}: the job must not write ${permission.field}`,
      );
    }
  }
  for (const permission of set.objects.values()) {
    if (permission.create || permission.edit) {
      assert.ok(
        ['Account', 'Health_Snapshot__c', 'Health_Score_Run__c'].includes(permission.object),
        `${set.name}: the job must not write ${permission.object} records`,
      );
    }
  }
});

test("people's sets respect sharing", () => {
  for (const column of PEOPLE) {
    const set = requireSet(PERMISSION_SET[column]);
    for (const permission of set.objects.values()) {
      assert.equal(permission.viewAll, false, `${set.name}: View All on ${permission.object}`);
      assert.equal(permission.modifyAll, false, `${set.name}: Modify All on ${permission.object}`);
    }
    assert.ok(
      !set.userPermissions.includes('ViewAllUsers'),
      `${set.name}: View All Users is for the job only`,
    );
  }
});

/** Lists the objects that the job's source queries, from its SOQL and its query calls. */
async function objectsQueriedByJob(): Promise<Set<string>> {
  const objects = new Set<string>();
  for (const file of listDir(join(PROJECT_ROOT, JOB_DIR))) {
    // The tests and their helpers query the local org to check results, not as the job.
    if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file === 'testing.ts') continue;
    const path = join(JOB_DIR, file);
    const source = readFileSync(join(PROJECT_ROOT, path), 'utf8');
    for (const query of await extractQueries(PROJECT_ROOT, path, source)) {
      const object = query.object ?? query.soql?.match(/\bFROM\s+(\w+)/i)?.[1];
      if (object && !object.startsWith(PLACEHOLDER_PREFIX)) objects.add(object);
    }
  }
  return objects;
}

test('job reads every record it queries', async () => {
  const set = requireSet(PERMISSION_SET.job);
  const queried = await objectsQueriedByJob();
  for (const object of ['Account', 'User']) {
    assert.ok(queried.has(object), `no query of ${object} found in ${JOB_DIR}`);
  }
  for (const object of queried) {
    if (object.endsWith('__mdt')) {
      assert.ok(set.customMetadataTypes.includes(object), `${set.name}: no access to ${object}`);
    } else if (object === 'User') {
      assert.ok(
        set.userPermissions.includes('ViewAllUsers'),
        `${set.name}: the job queries User, which needs View All Users`,
      );
    } else if (object === 'Task') {
      // A user who can read a Task's WhatId record, here its account, can read the Task.
      assert.ok(set.objects.get('Account')?.viewAll, `${set.name}: Tasks need View All on Account`);
    } else {
      assert.ok(
        set.objects.get(object)?.viewAll,
        `${set.name}: the job queries ${object}, so View All on ${object} is needed`,
      );
    }
  }
});

test('access table covers every health field', () => {
  const covered = new Set(CELLS.flatMap((cell) => Object.keys(cell.fields ?? {})));
  for (const field of customFields.values()) {
    if (field.object.endsWith('__mdt') || field.object === 'Event' || hasNoFieldSecurity(field))
      continue;
    assert.ok(
      covered.has(field.key),
      `${field.key} is in no row of the access table: add it to a row`,
    );
  }
});

test('legacy data load set', () => {
  const set = requireSet(LEGACY_SET);
  assert.deepEqual(set.customPermissions, [BYPASS_PERMISSION]);
  assert.deepEqual(set.customMetadataTypes, []);
  // The admin loads every field of history and of deals closed before the rules existed.
  for (const field of customFields.values()) {
    if (field.object.endsWith('__mdt') || field.object === 'Event' || hasNoFieldSecurity(field))
      continue;
    assert.equal(
      levelOf(set, field.key),
      isComputed(field) ? 'read' : 'edit',
      `${LEGACY_SET}: ${field.key}`,
    );
  }
  for (const object of customObjects) {
    const permission = set.objects.get(object);
    assert.ok(
      permission?.create && permission.edit,
      `${LEGACY_SET}: create and edit on ${object} missing`,
    );
    assert.equal(
      permission.delete,
      false,
      `${LEGACY_SET}: delete on ${object} is not needed for a load`,
    );
  }
});

test('each column and the admin have a permission set', () => {
  const names = permissionSets.map((set) => set.name).sort();
  assert.deepEqual(names, [...Object.values(PERMISSION_SET), LEGACY_SET].sort());
});

test('custom permissions are defined', () => {
  for (const name of [JOB_PERMISSION, BYPASS_PERMISSION]) {
    const file = join(CUSTOM_PERMISSIONS_DIR, `${name}.customPermission-meta.xml`);
    assert.ok(existsSync(file), `custom permission ${name} not found at ${file}`);
    const node = readXml(file);
    assert.ok(text(node, 'label')?.trim(), `${name} has no label`);
    assert.ok(text(node, 'description')?.trim(), `${name} has no description`);
  }
});

test('Health_Score_Job only in the job set', () => {
  for (const set of permissionSets) {
    const grants = set.customPermissions.includes(JOB_PERMISSION);
    assert.equal(
      grants,
      set.name === PERMISSION_SET.job,
      `${set.name} ${grants ? 'grants' : 'lacks'} ${JOB_PERMISSION}`,
    );
  }
});

test('Health_Score_Bypass_Rules only in the legacy set', () => {
  for (const set of permissionSets) {
    const grants = set.customPermissions.includes(BYPASS_PERMISSION);
    assert.equal(
      grants,
      set.name === LEGACY_SET,
      `${set.name} ${grants ? 'grants' : 'lacks'} ${BYPASS_PERMISSION}`,
    );
  }
});

for (const set of permissionSets) {
  test(`${set.name} label and description`, () => {
    const label = set.label ?? '';
    const description = set.description ?? '';
    assert.ok(label.trim(), `${set.name} has no label`);
    assert.ok(label.length <= MAX_LABEL, `${set.name}: label longer than ${MAX_LABEL} characters`);
    assert.ok(description.trim(), `${set.name} has no description`);
    assert.ok(
      description.length <= MAX_DESCRIPTION,
      `${set.name}: description longer than ${MAX_DESCRIPTION} characters`,
    );
  });

  test(`${set.name} field permissions are deployable`, () => {
    assert.equal(set.fieldEntries, set.fields.size, `${set.name} names a field twice`);
    for (const permission of set.fields.values()) {
      const [object, name] = permission.field.split('.');
      const custom = customFields.get(permission.field);
      const standard = STANDARD_OBJECTS[object]?.find((field) => field.name === name);
      assert.ok(custom ?? standard, `${set.name}: field ${permission.field} not found`);
      // A deploy rejects field permissions on required and master-detail fields.
      if (custom)
        assert.ok(
          !hasNoFieldSecurity(custom),
          `${set.name}: ${permission.field} has no field-level security`,
        );
      if (standard)
        assert.ok(
          standard.permissionable,
          `${set.name}: ${permission.field} has no field-level security`,
        );
      assert.ok(
        permission.readable || !permission.editable,
        `${set.name}: ${permission.field} editable but not readable`,
      );
      if (permission.editable) {
        assert.ok(
          !(custom && isComputed(custom)),
          `${set.name}: ${permission.field} is computed and cannot be editable`,
        );
        assert.ok(
          !standard || standard.editable,
          `${set.name}: ${permission.field} is read-only in Salesforce`,
        );
      }
      const objectPermission = set.objects.get(object);
      if (object !== 'Task') {
        assert.ok(
          objectPermission?.read,
          `${set.name}: field ${permission.field} without read access to ${object}`,
        );
      }
    }
  });

  test(`${set.name} object permissions are consistent`, () => {
    for (const permission of set.objects.values()) {
      const known =
        customObjects.includes(permission.object) || permission.object in STANDARD_OBJECTS;
      assert.ok(known, `${set.name}: object ${permission.object} not found`);
      // Modify All also grants delete and transfer of every record, which no set needs.
      assert.equal(permission.modifyAll, false, `${set.name}: Modify All on ${permission.object}`);
      if (permission.viewAll) {
        const column = COLUMNS.find((entry) => PERMISSION_SET[entry] === set.name);
        assert.ok(
          column && expectedAccess(column).objects.get(permission.object)?.viewAll,
          `${set.name}: View All on ${permission.object} is not in the access table`,
        );
      }
      if (permission.create || permission.edit || permission.delete) {
        assert.ok(permission.read, `${set.name}: ${permission.object} writable but not readable`);
      }
      if (permission.delete)
        assert.ok(permission.edit, `${set.name}: delete on ${permission.object} needs edit`);
      // A detail object's access depends on read access to its master.
      const master = masterOf(permission.object);
      if (master) {
        assert.ok(
          set.objects.get(master)?.read,
          `${set.name}: ${permission.object} needs read access to ${master}`,
        );
        // A deploy rejects View All on a detail object without View All on its master
        // ("Permission Read All X depends on permission(s): Read All Account").
        if (permission.viewAll)
          assert.ok(
            set.objects.get(master)?.viewAll,
            `${set.name}: View All on ${permission.object} needs View All on ${master}`,
          );
      }
    }
  });
}
