// Shape checks of the Salesforce source under force-app/main/default. The deploy library
// (@salesforce/source-deploy-retrieve) accepts wrong root elements, Number fields without
// precision, master-detail fields without referenceTo and file names that differ from their
// fullName. A real deploy rejects them, so these tests catch them offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCE_ROOT = join(PROJECT_ROOT, 'force-app', 'main', 'default');
const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

// Root element of each source-format suffix (`Name.<suffix>-meta.xml`).
const ROOT_BY_SUFFIX: Record<string, string> = {
  app: 'CustomApplication',
  businessProcess: 'BusinessProcess',
  cls: 'ApexClass',
  cmp: 'AuraDefinitionBundle',
  compactLayout: 'CompactLayout',
  customPermission: 'CustomPermission',
  field: 'CustomField',
  fieldSet: 'FieldSet',
  flexipage: 'FlexiPage',
  globalValueSet: 'GlobalValueSet',
  js: 'LightningComponentBundle',
  labels: 'CustomLabels',
  layout: 'Layout',
  listView: 'ListView',
  md: 'CustomMetadata',
  object: 'CustomObject',
  permissionset: 'PermissionSet',
  permissionsetgroup: 'PermissionSetGroup',
  quickAction: 'QuickAction',
  recordType: 'RecordType',
  report: 'Report',
  reportFolder: 'ReportFolder',
  reportType: 'ReportType',
  resource: 'StaticResource',
  tab: 'CustomTab',
  trigger: 'ApexTrigger',
  validationRule: 'ValidationRule',
  webLink: 'WebLink',
};

type XmlNode = { [key: string]: unknown };

interface MetadataFile {
  path: string;
  relativePath: string;
  suffix: string;
  name: string;
  root: string;
  node: XmlNode;
  wellFormed: boolean;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

function listFiles(directory: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) found.push(...listFiles(path));
    else found.push(path);
  }
  return found;
}

function list(value: unknown): XmlNode[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as XmlNode[];
}

function child(node: XmlNode | undefined, key: string): XmlNode | undefined {
  const value = node?.[key];
  return value !== null && typeof value === 'object' ? (value as XmlNode) : undefined;
}

// Returns the text of a simple element; an empty element reads as ''.
function text(node: XmlNode | undefined, key: string): string | undefined {
  const value = node?.[key];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && '#text' in value) {
    return String((value as XmlNode)['#text']);
  }
  return '';
}

function loadMetadataFiles(): MetadataFile[] {
  const files: MetadataFile[] = [];
  for (const path of listFiles(SOURCE_ROOT)) {
    const match = /^(.+)\.([A-Za-z]+)-meta\.xml$/.exec(basename(path));
    if (!match) continue;
    const xml = readFileSync(path, 'utf8');
    const wellFormed = XMLValidator.validate(xml) === true;
    const node = (wellFormed ? parser.parse(xml) : {}) as XmlNode;
    const root = Object.keys(node).find((key) => key !== '?xml') ?? '';
    files.push({
      path,
      relativePath: relative(PROJECT_ROOT, path),
      suffix: match[2],
      name: match[1],
      root,
      node: child(node, root) ?? {},
      wellFormed,
    });
  }
  return files;
}

const FILES = loadMetadataFiles();

// `objects/<Object>/fields/<Field>.field-meta.xml` keyed by `Object.Field`.
const FIELDS = new Map<string, MetadataFile>();
for (const file of FILES) {
  if (file.suffix !== 'field') continue;
  const object = basename(dirname(dirname(file.path)));
  FIELDS.set(`${object}.${file.name}`, file);
}
const OBJECTS = new Map<string, MetadataFile>();
for (const file of FILES) if (file.suffix === 'object') OBJECTS.set(file.name, file);
const GLOBAL_VALUE_SETS = new Map<string, MetadataFile>();
for (const file of FILES)
  if (file.suffix === 'globalValueSet') GLOBAL_VALUE_SETS.set(file.name, file);

function fieldNode(key: string): XmlNode {
  const file = FIELDS.get(key);
  assert.ok(
    file,
    `field ${key} is missing: add objects/${key.replace('.', '/fields/')}.field-meta.xml`,
  );
  return file.node;
}

function assertInRange(value: number, min: number, max: number, what: string): void {
  assert.ok(
    Number.isInteger(value) && value >= min && value <= max,
    `${what} is ${value}, expected a whole number from ${min} to ${max}`,
  );
}

function picklistValueNames(field: XmlNode): string[] {
  const definition = child(child(field, 'valueSet'), 'valueSetDefinition');
  return list(definition?.value).map((value) => text(value, 'fullName') ?? '');
}

interface FieldSpec {
  type: string;
  length?: number;
  precision?: number;
  scale?: number;
  values?: string[];
  defaultValue?: string;
  valueSetName?: string;
  referenceTo?: string;
  relationshipName?: string;
  deleteConstraint?: string;
  writeRequiresMasterRead?: boolean;
  summaryForeignKey?: string;
  summaryOperation?: string;
  visibleLines?: boolean;
  externalId?: boolean;
  unique?: boolean;
  caseSensitive?: boolean;
}

const BANDS = ['Green', 'Yellow', 'Red', 'Critical'];
const FLAGS = [
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
const SEGMENTS = ['SMB', 'Mid-Market', 'Enterprise'];

const percent = (precision: number, scale: number): FieldSpec => ({
  type: 'Percent',
  precision,
  scale,
});
const num = (precision: number, scale: number): FieldSpec => ({ type: 'Number', precision, scale });
const textOf = (length: number): FieldSpec => ({ type: 'Text', length });
const longText = (length: number): FieldSpec => ({
  type: 'LongTextArea',
  length,
  visibleLines: true,
});
const picklist = (values: string[], defaultValue?: string): FieldSpec => ({
  type: 'Picklist',
  values,
  defaultValue,
});
const DATE: FieldSpec = { type: 'Date' };
const DATE_TIME: FieldSpec = { type: 'DateTime' };

// The data model: every custom field with its type and size.
const FIELD_SPECS: Record<string, FieldSpec> = {
  'Opportunity.Discount_Depth__c': percent(5, 2),
  'Opportunity.ICP_Fit_Rating__c': num(1, 0),
  'Opportunity.Champion__c': {
    type: 'Lookup',
    referenceTo: 'Contact',
    relationshipName: 'Championed_Opportunities',
    deleteConstraint: 'SetNull',
  },
  'Opportunity.Champion_Title_At_Close__c': textOf(128),
  'Opportunity.Champion_Seniority__c': picklist([
    'C-Level',
    'VP',
    'Director',
    'Manager',
    'Individual Contributor',
  ]),
  'Opportunity.Competitive_Displacement__c': { type: 'Checkbox', defaultValue: 'false' },
  'Opportunity.Displaced_Vendor__c': textOf(80),
  'Opportunity.Committed_Use_Case_Count__c': {
    type: 'Summary',
    summaryForeignKey: 'Committed_Use_Case__c.Opportunity__c',
    summaryOperation: 'count',
  },

  'Committed_Use_Case__c.Opportunity__c': {
    type: 'MasterDetail',
    referenceTo: 'Opportunity',
    relationshipName: 'Committed_Use_Cases',
    writeRequiresMasterRead: true,
  },
  'Committed_Use_Case__c.Description__c': longText(32768),
  'Committed_Use_Case__c.Status__c': picklist(['Committed', 'Active', 'Not Active'], 'Committed'),
  'Committed_Use_Case__c.Reviewed_On__c': DATE,

  'Deal_Promise__c.Opportunity__c': {
    type: 'MasterDetail',
    referenceTo: 'Opportunity',
    relationshipName: 'Deal_Promises',
    writeRequiresMasterRead: true,
  },
  'Deal_Promise__c.Type__c': picklist([
    'Roadmap Item',
    'Professional Services',
    'Integration',
    'Other',
  ]),
  'Deal_Promise__c.Description__c': longText(32768),
  'Deal_Promise__c.Due_On__c': DATE,
  'Deal_Promise__c.Status__c': picklist(['Open', 'Resolved', 'Withdrawn'], 'Open'),
  'Deal_Promise__c.Resolved_On__c': DATE,

  'Account.Customer_Segment__c': picklist(SEGMENTS),
  'Account.Customer_Success_Manager__c': {
    type: 'Lookup',
    referenceTo: 'User',
    deleteConstraint: 'SetNull',
  },
  'Account.Champion_Status__c': picklist(['Unchanged', 'Title Changed', 'Left Company']),
  'Account.Champion_Reviewed_On__c': DATE,
  'Account.Active_User_Ratio__c': percent(5, 2),
  'Account.Seats_Purchased__c': num(9, 0),
  'Account.Seats_Active__c': num(9, 0),
  'Account.Support_Tickets_90d__c': num(9, 0),
  'Account.NPS__c': num(4, 0),
  'Account.Billing_Status__c': picklist([
    'Current',
    'Overdue 1-30',
    'Overdue 31-60',
    'Overdue 61+',
    'Collections',
  ]),
  'Account.Login_Days_30d__c': num(2, 0),
  'Account.Churned_On__c': DATE,
  'Account.Health_Score__c': num(3, 0),
  'Account.Health_Band__c': { type: 'Picklist', valueSetName: 'Health_Band' },
  'Account.Product_Signal_Score__c': num(5, 2),
  'Account.Deal_Context_Score__c': num(5, 2),
  'Account.Health_Flags__c': {
    type: 'MultiselectPicklist',
    valueSetName: 'Health_Flag',
    visibleLines: true,
  },
  'Account.Health_Drivers__c': longText(32768),
  'Account.Health_Risk_Count__c': num(2, 0),
  'Account.Health_Review_Due_On__c': DATE,
  'Account.Health_Model_Version__c': textOf(40),
  'Account.Deal_Context_Opportunity__c': {
    type: 'Lookup',
    referenceTo: 'Opportunity',
    deleteConstraint: 'SetNull',
  },

  'Health_Snapshot__c.Account__c': {
    type: 'MasterDetail',
    referenceTo: 'Account',
    relationshipName: 'Health_Snapshots',
  },
  'Health_Snapshot__c.Scored_On__c': DATE,
  'Health_Snapshot__c.Score__c': num(3, 0),
  'Health_Snapshot__c.Band__c': { type: 'Picklist', valueSetName: 'Health_Band' },
  'Health_Snapshot__c.Product_Signal_Score__c': num(5, 2),
  'Health_Snapshot__c.Deal_Context_Score__c': num(5, 2),
  'Health_Snapshot__c.Flags__c': {
    type: 'MultiselectPicklist',
    valueSetName: 'Health_Flag',
    visibleLines: true,
  },
  'Health_Snapshot__c.Model_Version__c': textOf(40),
  'Health_Snapshot__c.Snapshot_Key__c': {
    type: 'Text',
    length: 40,
    externalId: true,
    unique: true,
    caseSensitive: true,
  },

  'Health_Score_Run__c.Started_At__c': DATE_TIME,
  'Health_Score_Run__c.Finished_At__c': DATE_TIME,
  'Health_Score_Run__c.As_Of__c': DATE,
  'Health_Score_Run__c.Status__c': picklist([
    'Running',
    'Succeeded',
    'Failed',
    'Partially Succeeded',
  ]),
  'Health_Score_Run__c.Accounts_Scored__c': num(18, 0),
  'Health_Score_Run__c.Accounts_Written__c': num(18, 0),
  'Health_Score_Run__c.Snapshots_Written__c': num(18, 0),
  'Health_Score_Run__c.Errors__c': num(18, 0),
  'Health_Score_Run__c.Api_Calls__c': num(18, 0),
  'Health_Score_Run__c.Error_Summary__c': longText(131072),
  'Health_Score_Run__c.Model_Version__c': textOf(40),
  'Health_Score_Run__c.Model_Json__c': longText(131072),

  'Activity.Health_Alert_Key__c': textOf(120),

  'Health_Segment_Weight__mdt.Segment__c': textOf(40),
  'Health_Segment_Weight__mdt.Product_Weight__c': num(5, 2),
  'Health_Segment_Weight__mdt.Deal_Context_Weight__c': num(5, 2),
  'Health_Band__mdt.Band__c': textOf(20),
  'Health_Band__mdt.Minimum_Score__c': num(3, 0),
  'Health_Band__mdt.Default_Action__c': textOf(255),
  'Health_Signal__mdt.Signal__c': textOf(40),
  'Health_Signal__mdt.Layer__c': textOf(20),
  'Health_Signal__mdt.Weight__c': num(5, 2),
};

// Fields that an AE, CSM, RevOps user or admin fills in (integrations fill the product signals,
// and a CSM may correct them), so each needs help text for that person.
const PERSON_FILLED_FIELDS = [
  'Opportunity.Discount_Depth__c',
  'Opportunity.ICP_Fit_Rating__c',
  'Opportunity.Champion__c',
  'Opportunity.Champion_Title_At_Close__c',
  'Opportunity.Champion_Seniority__c',
  'Opportunity.Competitive_Displacement__c',
  'Opportunity.Displaced_Vendor__c',
  'Committed_Use_Case__c.Opportunity__c',
  'Committed_Use_Case__c.Description__c',
  'Committed_Use_Case__c.Status__c',
  'Committed_Use_Case__c.Reviewed_On__c',
  'Deal_Promise__c.Opportunity__c',
  'Deal_Promise__c.Type__c',
  'Deal_Promise__c.Description__c',
  'Deal_Promise__c.Due_On__c',
  'Deal_Promise__c.Status__c',
  'Deal_Promise__c.Resolved_On__c',
  'Account.Customer_Segment__c',
  'Account.Customer_Success_Manager__c',
  'Account.Champion_Status__c',
  'Account.Champion_Reviewed_On__c',
  'Account.Active_User_Ratio__c',
  'Account.Seats_Purchased__c',
  'Account.Seats_Active__c',
  'Account.Support_Tickets_90d__c',
  'Account.NPS__c',
  'Account.Billing_Status__c',
  'Account.Login_Days_30d__c',
  'Account.Churned_On__c',
  'Health_Segment_Weight__mdt.Segment__c',
  'Health_Segment_Weight__mdt.Product_Weight__c',
  'Health_Segment_Weight__mdt.Deal_Context_Weight__c',
  'Health_Band__mdt.Band__c',
  'Health_Band__mdt.Minimum_Score__c',
  'Health_Band__mdt.Default_Action__c',
  'Health_Signal__mdt.Signal__c',
  'Health_Signal__mdt.Layer__c',
  'Health_Signal__mdt.Weight__c',
];

// Fields that only the scoring job writes. Their descriptions must state it.
const JOB_WRITTEN_FIELDS = [
  ...[
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
  ].map((name) => `Account.${name}`),
  ...Object.keys(FIELD_SPECS).filter(
    (key) => key.startsWith('Health_Snapshot__c.') || key.startsWith('Health_Score_Run__c.'),
  ),
  'Activity.Health_Alert_Key__c',
];

interface ObjectSpec {
  sharingModel: string;
  nameFieldType: 'Text' | 'AutoNumber';
}

const OBJECT_SPECS: Record<string, ObjectSpec> = {
  Committed_Use_Case__c: { sharingModel: 'ControlledByParent', nameFieldType: 'Text' },
  Deal_Promise__c: { sharingModel: 'ControlledByParent', nameFieldType: 'AutoNumber' },
  Health_Snapshot__c: { sharingModel: 'ControlledByParent', nameFieldType: 'AutoNumber' },
  Health_Score_Run__c: { sharingModel: 'Read', nameFieldType: 'AutoNumber' },
};
const METADATA_TYPES = ['Health_Segment_Weight__mdt', 'Health_Band__mdt', 'Health_Signal__mdt'];

// Shipped custom metadata records: the scoring model version 1 defaults.
const RECORD_SPECS: Record<string, Record<string, string | number>> = {
  'Health_Segment_Weight.SMB': {
    Segment__c: 'SMB',
    Product_Weight__c: 65,
    Deal_Context_Weight__c: 35,
  },
  'Health_Segment_Weight.Mid_Market': {
    Segment__c: 'Mid-Market',
    Product_Weight__c: 55,
    Deal_Context_Weight__c: 45,
  },
  'Health_Segment_Weight.Enterprise': {
    Segment__c: 'Enterprise',
    Product_Weight__c: 50,
    Deal_Context_Weight__c: 50,
  },
  'Health_Band.Green': { Band__c: 'Green', Minimum_Score__c: 75 },
  'Health_Band.Yellow': { Band__c: 'Yellow', Minimum_Score__c: 50 },
  'Health_Band.Red': { Band__c: 'Red', Minimum_Score__c: 25 },
  'Health_Band.Critical': { Band__c: 'Critical', Minimum_Score__c: 0 },
  'Health_Signal.Usage': { Signal__c: 'usage', Layer__c: 'Product', Weight__c: 25 },
  'Health_Signal.Seats': { Signal__c: 'seats', Layer__c: 'Product', Weight__c: 20 },
  'Health_Signal.Support': { Signal__c: 'support', Layer__c: 'Product', Weight__c: 15 },
  'Health_Signal.NPS': { Signal__c: 'nps', Layer__c: 'Product', Weight__c: 15 },
  'Health_Signal.Billing': { Signal__c: 'billing', Layer__c: 'Product', Weight__c: 15 },
  'Health_Signal.Logins': { Signal__c: 'logins', Layer__c: 'Product', Weight__c: 10 },
  'Health_Signal.Discount': { Signal__c: 'discount', Layer__c: 'Deal Context', Weight__c: 20 },
  'Health_Signal.ICP': { Signal__c: 'icp', Layer__c: 'Deal Context', Weight__c: 25 },
  'Health_Signal.Champion': { Signal__c: 'champion', Layer__c: 'Deal Context', Weight__c: 20 },
  'Health_Signal.Displacement': {
    Signal__c: 'displacement',
    Layer__c: 'Deal Context',
    Weight__c: 10,
  },
  'Health_Signal.Use_Cases': { Signal__c: 'useCases', Layer__c: 'Deal Context', Weight__c: 15 },
  'Health_Signal.Promises': { Signal__c: 'promises', Layer__c: 'Deal Context', Weight__c: 10 },
};

test('XML files carry the -meta.xml suffix', () => {
  const strays = listFiles(SOURCE_ROOT)
    .filter((path) => path.endsWith('.xml') && !path.endsWith('-meta.xml'))
    .map((path) => relative(PROJECT_ROOT, path));
  // A `Name.field.xml` is silently skipped by the deploy.
  assert.deepEqual(strays, [], 'rename these files to end in -meta.xml');
});

test('metadata files are well-formed', () => {
  assert.ok(FILES.length > 0, `no *-meta.xml files under ${SOURCE_ROOT}`);
  for (const file of FILES) {
    const result = XMLValidator.validate(readFileSync(file.path, 'utf8'));
    assert.equal(result, true, `${file.relativePath}: ${JSON.stringify(result)}`);
  }
});

test('metadata files have the root element of their suffix', () => {
  // Malformed files fail the well-formedness test instead.
  for (const file of FILES.filter((candidate) => candidate.wellFormed)) {
    const expected = ROOT_BY_SUFFIX[file.suffix];
    assert.ok(
      expected,
      `${file.relativePath}: unknown suffix .${file.suffix}-meta.xml; add its root element to ROOT_BY_SUFFIX`,
    );
    assert.equal(file.root, expected, `${file.relativePath}: root element`);
    assert.equal(file.node['@_xmlns'], METADATA_NAMESPACE, `${file.relativePath}: xmlns`);
  }
});

test('fullName matches the file name', () => {
  for (const file of FILES) {
    const fullName = text(file.node, 'fullName');
    if (fullName === undefined) continue;
    assert.equal(fullName, file.name, `${file.relativePath}: fullName`);
  }
});

test('data model fields exist with their types', () => {
  for (const [key, spec] of Object.entries(FIELD_SPECS)) {
    const field = fieldNode(key);
    const where = key;
    assert.equal(text(field, 'type'), spec.type, `${where}: type`);
    if (spec.length !== undefined)
      assert.equal(text(field, 'length'), String(spec.length), `${where}: length`);
    if (spec.precision !== undefined) {
      assert.equal(text(field, 'precision'), String(spec.precision), `${where}: precision`);
    }
    if (spec.scale !== undefined)
      assert.equal(text(field, 'scale'), String(spec.scale), `${where}: scale`);
    if (spec.referenceTo !== undefined) {
      assert.equal(text(field, 'referenceTo'), spec.referenceTo, `${where}: referenceTo`);
    }
    if (spec.relationshipName !== undefined) {
      assert.equal(
        text(field, 'relationshipName'),
        spec.relationshipName,
        `${where}: relationshipName`,
      );
    }
    if (spec.deleteConstraint !== undefined) {
      assert.equal(
        text(field, 'deleteConstraint'),
        spec.deleteConstraint,
        `${where}: deleteConstraint`,
      );
    }
    if (spec.writeRequiresMasterRead !== undefined) {
      assert.equal(
        text(field, 'writeRequiresMasterRead'),
        String(spec.writeRequiresMasterRead),
        `${where}: writeRequiresMasterRead`,
      );
    }
    if (spec.summaryForeignKey !== undefined) {
      assert.equal(
        text(field, 'summaryForeignKey'),
        spec.summaryForeignKey,
        `${where}: summaryForeignKey`,
      );
      assert.equal(
        text(field, 'summaryOperation'),
        spec.summaryOperation,
        `${where}: summaryOperation`,
      );
    }
    for (const flag of ['externalId', 'unique', 'caseSensitive'] as const) {
      if (spec[flag]) assert.equal(text(field, flag), 'true', `${where}: ${flag}`);
    }
    if (spec.visibleLines)
      assert.match(text(field, 'visibleLines') ?? '', /^[1-9]\d*$/, `${where}: visibleLines`);
    if (spec.type === 'Checkbox') {
      assert.equal(text(field, 'defaultValue'), spec.defaultValue, `${where}: defaultValue`);
    }
    if (spec.values !== undefined) {
      assert.deepEqual(picklistValueNames(field), spec.values, `${where}: picklist values`);
      const definition = child(child(field, 'valueSet'), 'valueSetDefinition');
      const defaults = list(definition?.value)
        .filter((value) => text(value, 'default') === 'true')
        .map((value) => text(value, 'fullName'));
      assert.deepEqual(
        defaults,
        spec.defaultValue ? [spec.defaultValue] : [],
        `${where}: default value`,
      );
    }
    if (spec.valueSetName !== undefined) {
      assert.equal(
        text(child(field, 'valueSet'), 'valueSetName'),
        spec.valueSetName,
        `${where}: value set`,
      );
    }
  }
});

test('source fields are all in the data model', () => {
  const unlisted = [...FIELDS.keys()].filter((key) => !(key in FIELD_SPECS));
  assert.deepEqual(unlisted, [], 'add these fields to FIELD_SPECS or remove them');
});

test('fields follow the platform rules', () => {
  for (const [key, file] of FIELDS) {
    const field = file.node;
    const type = text(field, 'type') ?? '';
    const label = text(field, 'label') ?? '';
    assertInRange(label.length, 1, 40, `${key}: label length`);
    const helpText = text(field, 'inlineHelpText');
    if (helpText !== undefined)
      assertInRange(helpText.length, 1, 510, `${key}: inlineHelpText length`);
    if (['Number', 'Percent', 'Currency'].includes(type)) {
      const precision = Number(text(field, 'precision'));
      assertInRange(precision, 1, 18, `${key}: precision`);
      assertInRange(Number(text(field, 'scale')), 0, precision, `${key}: scale`);
    }
    if (type === 'Text')
      assertInRange(Number(text(field, 'length')), 1, 255, `${key}: Text length`);
    if (type === 'LongTextArea') {
      assertInRange(Number(text(field, 'length')), 256, 131072, `${key}: LongTextArea length`);
      assert.match(text(field, 'visibleLines') ?? '', /^[1-9]\d*$/, `${key}: visibleLines`);
    }
    if (type === 'Picklist' || type === 'MultiselectPicklist') {
      const valueSet = child(field, 'valueSet');
      assert.equal(text(valueSet, 'restricted'), 'true', `${key}: picklist must be restricted`);
      const valueSetName = text(valueSet, 'valueSetName');
      if (valueSetName !== undefined) {
        assert.ok(
          GLOBAL_VALUE_SETS.has(valueSetName),
          `${key}: global value set ${valueSetName} not found`,
        );
      } else {
        const definition = child(valueSet, 'valueSetDefinition');
        assert.equal(text(definition, 'sorted'), 'false', `${key}: valueSetDefinition.sorted`);
        for (const value of list(definition?.value)) {
          assert.ok(text(value, 'label'), `${key}: value ${text(value, 'fullName')} has no label`);
        }
      }
    }
    if (type === 'MultiselectPicklist') {
      assert.match(text(field, 'visibleLines') ?? '', /^[1-9]\d*$/, `${key}: visibleLines`);
    }
    if (type === 'MasterDetail' || type === 'Lookup') {
      assert.ok(text(field, 'referenceTo'), `${key}: referenceTo`);
      assert.match(
        text(field, 'relationshipName') ?? '',
        /^[A-Za-z][A-Za-z0-9_]*$/,
        `${key}: relationshipName`,
      );
      assert.ok(text(field, 'relationshipLabel'), `${key}: relationshipLabel`);
    }
    if (type === 'Lookup') assert.ok(text(field, 'deleteConstraint'), `${key}: deleteConstraint`);
    if (type === 'MasterDetail') {
      const object = key.split('.')[0];
      const sharingModel = text(OBJECTS.get(object)?.node, 'sharingModel');
      assert.equal(
        sharingModel,
        'ControlledByParent',
        `${object}: sharingModel of a detail object`,
      );
    }
    if (type === 'Summary') {
      const foreignKey = text(field, 'summaryForeignKey') ?? '';
      const master = FIELDS.get(foreignKey);
      assert.ok(master, `${key}: summaryForeignKey ${foreignKey} is not a field in the source`);
      assert.equal(
        text(master.node, 'type'),
        'MasterDetail',
        `${key}: ${foreignKey} must be master-detail`,
      );
      assert.equal(
        text(master.node, 'referenceTo'),
        key.split('.')[0],
        `${key}: ${foreignKey} referenceTo`,
      );
    }
  }
});

test('fields have descriptions', () => {
  for (const [key, file] of FIELDS) {
    const description = text(file.node, 'description') ?? '';
    assert.ok(description.length >= 20, `${key}: description missing or too short`);
    assert.ok(
      description.length <= 1000,
      `${key}: description is ${description.length} characters, max 1000`,
    );
  }
});

test('person-filled fields have help text', () => {
  for (const key of PERSON_FILLED_FIELDS) {
    const helpText = text(fieldNode(key), 'inlineHelpText') ?? '';
    assert.ok(helpText.length >= 20, `${key}: inlineHelpText missing or too short`);
  }
});

test('job-written fields name the job', () => {
  for (const key of JOB_WRITTEN_FIELDS) {
    assert.match(
      text(fieldNode(key), 'description') ?? '',
      /scoring job only/,
      `${key}: description`,
    );
  }
});

test('custom objects have their settings', () => {
  for (const [name, spec] of Object.entries(OBJECT_SPECS)) {
    const file = OBJECTS.get(name);
    assert.ok(file, `objects/${name}/${name}.object-meta.xml is missing`);
    const node = file.node;
    assert.ok(text(node, 'label'), `${name}: label`);
    assert.ok(text(node, 'pluralLabel'), `${name}: pluralLabel`);
    assert.ok((text(node, 'description') ?? '').length >= 20, `${name}: description`);
    assert.equal(text(node, 'deploymentStatus'), 'Deployed', `${name}: deploymentStatus`);
    assert.equal(text(node, 'sharingModel'), spec.sharingModel, `${name}: sharingModel`);
    assert.equal(text(node, 'enableReports'), 'true', `${name}: enableReports`);
    // The job reads and writes these objects through Bulk API 2.0.
    for (const flag of ['enableBulkApi', 'enableSharing', 'enableStreamingApi']) {
      assert.equal(text(node, flag), 'true', `${name}: ${flag}`);
    }
    const nameField = child(node, 'nameField');
    assert.ok(text(nameField, 'label'), `${name}: nameField.label`);
    assert.equal(text(nameField, 'type'), spec.nameFieldType, `${name}: nameField.type`);
    if (spec.nameFieldType === 'AutoNumber') {
      assert.match(
        text(nameField, 'displayFormat') ?? '',
        /\{0+\}/,
        `${name}: nameField.displayFormat`,
      );
    }
  }
  for (const name of METADATA_TYPES) {
    const file = OBJECTS.get(name);
    assert.ok(file, `objects/${name}/${name}.object-meta.xml is missing`);
    assert.ok(text(file.node, 'label'), `${name}: label`);
    assert.ok(text(file.node, 'pluralLabel'), `${name}: pluralLabel`);
    assert.ok((text(file.node, 'description') ?? '').length >= 20, `${name}: description`);
    assert.equal(text(file.node, 'visibility'), 'Public', `${name}: visibility`);
  }
  for (const name of OBJECTS.keys()) {
    assert.ok(
      name in OBJECT_SPECS || METADATA_TYPES.includes(name),
      `${name}: add it to OBJECT_SPECS`,
    );
  }
});

test('global value sets list their values', () => {
  const expected: Record<string, string[]> = { Health_Band: BANDS, Health_Flag: FLAGS };
  for (const [name, values] of Object.entries(expected)) {
    const file = GLOBAL_VALUE_SETS.get(name);
    assert.ok(file, `globalValueSets/${name}.globalValueSet-meta.xml is missing`);
    const customValues = list(file.node.customValue);
    assert.deepEqual(
      customValues.map((value) => text(value, 'fullName')),
      values,
      `${name}: values`,
    );
    for (const value of customValues) {
      const label = text(value, 'label') ?? '';
      assert.ok(label.length > 0, `${name}.${text(value, 'fullName')}: label`);
    }
    assert.equal(text(file.node, 'sorted'), 'false', `${name}: sorted`);
    assert.ok(text(file.node, 'masterLabel'), `${name}: masterLabel`);
  }
  const flagLabels = list(GLOBAL_VALUE_SETS.get('Health_Flag')?.node.customValue).map((value) =>
    text(value, 'label'),
  );
  // Labels are for people: plain words, not the code itself.
  for (const label of flagLabels)
    assert.doesNotMatch(label ?? '', /_/, `Health_Flag label ${label}`);
});

test('metadata records equal the model defaults', () => {
  const records = FILES.filter((file) => file.suffix === 'md');
  assert.deepEqual(
    records.map((file) => file.name).sort(),
    Object.keys(RECORD_SPECS).sort(),
    'customMetadata records',
  );
  for (const file of records) {
    const [type] = file.name.split('.');
    const expected = RECORD_SPECS[file.name];
    assert.ok(text(file.node, 'label'), `${file.name}: label`);
    const actual: Record<string, string | number> = {};
    for (const entry of list(file.node.values)) {
      const fieldName = text(entry, 'field') ?? '';
      const field = fieldNode(`${type}__mdt.${fieldName}`);
      const value = child(entry, 'value');
      const xsiType = value?.['@_xsi:type'];
      const isNumber = ['Number', 'Percent'].includes(text(field, 'type') ?? '');
      assert.equal(
        xsiType,
        isNumber ? 'xsd:double' : 'xsd:string',
        `${file.name}.${fieldName}: xsi:type`,
      );
      const raw = text(entry, 'value') ?? '';
      actual[fieldName] = isNumber ? Number(raw) : raw;
    }
    for (const [fieldName, value] of Object.entries(expected)) {
      assert.equal(actual[fieldName], value, `${file.name}.${fieldName}`);
    }
    for (const [key, fieldFile] of FIELDS) {
      if (!key.startsWith(`${type}__mdt.`) || text(fieldFile.node, 'required') !== 'true') continue;
      assert.ok(key.split('.')[1] in actual, `${file.name}: required field ${key} has no value`);
    }
  }
  const bandActions = records
    .filter((file) => file.name.startsWith('Health_Band.'))
    .map((file) =>
      list(file.node.values).find((entry) => text(entry, 'field') === 'Default_Action__c'),
    );
  for (const action of bandActions)
    assert.ok(text(action, 'value'), 'Health_Band: Default_Action__c');
});

test('metadata records match the picklists', () => {
  const segmentValues = picklistValueNames(fieldNode('Account.Customer_Segment__c'));
  const bandValues = list(GLOBAL_VALUE_SETS.get('Health_Band')?.node.customValue).map((value) =>
    text(value, 'fullName'),
  );
  const segments = Object.entries(RECORD_SPECS)
    .filter(([name]) => name.startsWith('Health_Segment_Weight.'))
    .map(([, values]) => values.Segment__c);
  const bands = Object.entries(RECORD_SPECS)
    .filter(([name]) => name.startsWith('Health_Band.'))
    .map(([, values]) => values.Band__c);
  assert.deepEqual(
    [...segments].sort(),
    [...segmentValues].sort(),
    'one segment weight per Customer_Segment__c value',
  );
  assert.deepEqual(
    [...bands].sort(),
    [...bandValues].sort(),
    'one Health_Band__mdt record per band',
  );
});
