// Checks of the Lightning record pages, the quick action, the Account list views, the custom
// report type and the audit reports. Each file must have the right root element, place existing
// LWC bundles and name existing fields. List-view filters must use an operator that suits the
// field, and the report buckets must match the tiers of the health model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { list, parseXml, text, texts, type XmlNode } from './xml.ts';
import { EXTRA_LIST_VIEW_TOKENS, STANDARD_OBJECTS } from './standard-fields.ts';
import { scoreAccount } from '../../force-app/main/default/lwc/healthModel/healthModel.ts';

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCE_ROOT = join(PROJECT_ROOT, 'force-app', 'main', 'default');
const OBJECTS_DIR = join(SOURCE_ROOT, 'objects');
const LWC_DIR = join(SOURCE_ROOT, 'lwc');
const LIST_VIEWS_DIR = join(OBJECTS_DIR, 'Account', 'listViews');
const REPORT_FOLDER = 'Health_Score_Audit';
const REPORT_FOLDER_DIR = join(SOURCE_ROOT, 'reports', REPORT_FOLDER);
const REPORT_TYPE = 'Accounts_with_Deal_Context';

/** Every file this suite owns, with the root element its suffix requires. */
const FILES: [path: string, root: string][] = [
  ['flexipages/Account_Health_Record_Page.flexipage-meta.xml', 'FlexiPage'],
  ['flexipages/Opportunity_Deal_Context_Record_Page.flexipage-meta.xml', 'FlexiPage'],
  ['quickActions/Opportunity.Capture_Deal_Context.quickAction-meta.xml', 'QuickAction'],
  ['objects/Account/listViews/Red_and_Critical_Accounts.listView-meta.xml', 'ListView'],
  ['objects/Account/listViews/Reviews_Due.listView-meta.xml', 'ListView'],
  ['objects/Account/listViews/Masked_Risk.listView-meta.xml', 'ListView'],
  [`reportTypes/${REPORT_TYPE}.reportType-meta.xml`, 'ReportType'],
  [`reports/${REPORT_FOLDER}.reportFolder-meta.xml`, 'ReportFolder'],
  [`reports/${REPORT_FOLDER}/Accounts_by_ICP_Fit_and_Band.report-meta.xml`, 'Report'],
  [`reports/${REPORT_FOLDER}/Accounts_by_Discount_Tier_and_Band.report-meta.xml`, 'Report'],
];

/**
 * The LWC bundles each record page places, and the region or facet that contains them. A bundle
 * that is not in force-app yet fails its test until its folder is added.
 */
const PAGE_COMPONENTS: { page: string; object: string; bundle: string; region: string }[] = [
  {
    page: 'Account_Health_Record_Page',
    object: 'Account',
    bundle: 'accountHealthCard',
    region: 'sidebar',
  },
  {
    page: 'Account_Health_Record_Page',
    object: 'Account',
    bundle: 'dealContextReview',
    region: 'dealContextTabContent',
  },
  {
    page: 'Opportunity_Deal_Context_Record_Page',
    object: 'Opportunity',
    bundle: 'dealContextCapture',
    region: 'main',
  },
];
const RECORD_PAGES = [...new Set(PAGE_COMPONENTS.map((row) => row.page))];
/** Regions of the template flexipage:recordHomeTemplateDesktop (header, and a right sidebar). */
const TEMPLATE_REGIONS = ['header', 'main', 'sidebar'];
/** Component properties whose value names a facet of the same page. */
const FACET_PROPERTIES = ['body', 'tabs'];

interface ListViewFilter {
  field: string;
  operation: string;
  value: string;
}

const LIST_VIEWS: { name: string; label: string; filters: ListViewFilter[] }[] = [
  {
    name: 'Red_and_Critical_Accounts',
    label: 'Red and Critical accounts',
    filters: [{ field: 'Health_Band__c', operation: 'equals', value: 'Red,Critical' }],
  },
  {
    name: 'Reviews_Due',
    label: 'Reviews due',
    filters: [{ field: 'Health_Review_Due_On__c', operation: 'lessOrEqual', value: 'TODAY' }],
  },
  {
    name: 'Masked_Risk',
    label: 'Masked risk',
    filters: [{ field: 'Health_Flags__c', operation: 'includes', value: 'MASKED_RISK' }],
  },
];
/** Columns every list view shows: the account, its owner (by alias) and the health outputs. */
const LIST_VIEW_COLUMNS = [
  'ACCOUNT.NAME',
  'CORE.USERS.ALIAS',
  'Health_Score__c',
  'Health_Band__c',
  'Health_Flags__c',
  'Health_Review_Due_On__c',
  'Customer_Segment__c',
  'Customer_Success_Manager__c',
];
/**
 * List-view filter operations that Salesforce accepts for each field type (FilterOperation in the
 * Metadata API). A multi-select picklist matches one value with `includes`: `equals` would match
 * only accounts whose whole selection is that value.
 */
const OPERATIONS_BY_TYPE: Record<string, string[]> = {
  MultiselectPicklist: ['includes', 'excludes'],
  Picklist: ['equals', 'notEqual'],
  Date: ['equals', 'notEqual', 'lessThan', 'greaterThan', 'lessOrEqual', 'greaterOrEqual'],
  Number: ['equals', 'notEqual', 'lessThan', 'greaterThan', 'lessOrEqual', 'greaterOrEqual'],
};
/** Relative date literals of list-view date filters, such as TODAY or LAST_N_DAYS:30. */
const RELATIVE_DATE = /^(TODAY|YESTERDAY|TOMORROW|(LAST|NEXT)_N_DAYS:\d+)$/;

/** Report type fields on Account, by `field` as the report type names them. */
const REPORT_TYPE_FIELDS = [
  'Name',
  'Customer_Segment__c',
  'Health_Score__c',
  'Health_Band__c',
  'Health_Flags__c',
  'Health_Risk_Count__c',
  'Deal_Context_Opportunity__c.Name',
  'Deal_Context_Opportunity__c.CloseDate',
  'Deal_Context_Opportunity__c.Discount_Depth__c',
  'Deal_Context_Opportunity__c.ICP_Fit_Rating__c',
  'Deal_Context_Opportunity__c.Champion_Seniority__c',
  'Deal_Context_Opportunity__c.Competitive_Displacement__c',
];

/** The audit reports, with their row bucket and their column grouping. */
const REPORTS: { name: string; bucket: string; bucketSource: string; across: string }[] = [
  {
    name: 'Accounts_by_ICP_Fit_and_Band',
    bucket: 'BucketField_ICP_Fit',
    bucketSource: 'Deal_Context_Opportunity__c.ICP_Fit_Rating__c',
    across: 'Health_Band__c',
  },
  {
    name: 'Accounts_by_Discount_Tier_and_Band',
    bucket: 'BucketField_Discount_Tier',
    bucketSource: 'Deal_Context_Opportunity__c.Discount_Depth__c',
    across: 'Health_Band__c',
  },
];
const NUMERIC_TYPES = ['Number', 'Percent', 'Currency'];
/** Aggregates a report column may carry (ReportSummaryType in the Metadata API). */
const AGGREGATE_TYPES = ['Sum', 'Average', 'Maximum', 'Minimum', 'Unique'];
const SCORE_DATES = { CloseDate: '2025-01-15', asOf: '2025-06-30' };

// ---- Reading -----------------------------------------------------------------------------------

function readXml(relativePath: string): { root: string; node: XmlNode } {
  const path = join(SOURCE_ROOT, relativePath);
  assert.ok(existsSync(path), `${relativePath} not found under force-app/main/default`);
  const parsed = parseXml(readFileSync(path, 'utf8'));
  assert.equal(parsed.error, undefined, `${relativePath} is not well formed: ${parsed.error}`);
  return { root: parsed.root, node: parsed.node };
}

function listDir(path: string): string[] {
  return existsSync(path) ? readdirSync(path).sort() : [];
}

function flexipage(name: string): XmlNode {
  return readXml(`flexipages/${name}.flexipage-meta.xml`).node;
}

function reportFile(name: string): string {
  return `reports/${REPORT_FOLDER}/${name}.report-meta.xml`;
}

// ---- Schema ------------------------------------------------------------------------------------

interface FieldInfo {
  name: string;
  type: string;
  referenceTo: string[];
  relationshipName?: string;
  /** Values of a picklist, from its own definition or its global value set. */
  values?: string[];
}

function loadGlobalValueSets(): Map<string, string[]> {
  const sets = new Map<string, string[]>();
  for (const file of listDir(join(SOURCE_ROOT, 'globalValueSets'))) {
    const node = readXml(`globalValueSets/${file}`).node;
    const name = file.replace(/\.globalValueSet-meta\.xml$/, '');
    sets.set(
      name,
      list(node, 'customValue').map((value) => text(value, 'fullName') ?? ''),
    );
  }
  return sets;
}

function loadSchema(): Map<string, Map<string, FieldInfo>> {
  const schema = new Map<string, Map<string, FieldInfo>>();
  for (const [object, fields] of Object.entries(STANDARD_OBJECTS)) {
    const byName = new Map<string, FieldInfo>();
    for (const field of fields) {
      byName.set(field.name, {
        name: field.name,
        type: field.type,
        referenceTo: field.referenceTo ?? [],
        relationshipName: field.relationshipName,
      });
    }
    schema.set(object, byName);
  }
  const valueSets = loadGlobalValueSets();
  for (const folder of listDir(OBJECTS_DIR)) {
    const byName = schema.get(folder) ?? new Map<string, FieldInfo>();
    for (const file of listDir(join(OBJECTS_DIR, folder, 'fields'))) {
      const node = readXml(`objects/${folder}/fields/${file}`).node;
      const valueSet = list(node, 'valueSet')[0];
      const setName = text(valueSet, 'valueSetName');
      const ownValues = list(list(valueSet, 'valueSetDefinition')[0], 'value').map(
        (value) => text(value, 'fullName') ?? '',
      );
      let values: string[] | undefined;
      if (valueSet) {
        values = setName ? valueSets.get(setName) : ownValues;
      }
      const name = text(node, 'fullName') ?? '';
      byName.set(name, {
        name,
        type: text(node, 'type') ?? '',
        referenceTo: texts(node, 'referenceTo'),
        values,
      });
    }
    schema.set(folder, byName);
  }
  return schema;
}

const SCHEMA = loadSchema();

/**
 * Resolves a report type field path from `object`: `Health_Score__c`, or a path through lookups
 * such as `Deal_Context_Opportunity__c.ICP_Fit_Rating__c`. A custom lookup is named by its field
 * name and a standard one by its relationship name (`Owner.Alias`), as report types name them.
 * Returns the field, or a message that names the segment that does not resolve.
 */
function resolveFieldPath(object: string, path: string): FieldInfo | string {
  let current = object;
  const segments = path.split('.');
  for (const [index, segment] of segments.entries()) {
    const fields = SCHEMA.get(current);
    if (!fields) {
      return `object ${current} is not defined in force-app or the standard-field catalogue`;
    }
    if (index === segments.length - 1) {
      return fields.get(segment) ?? `field ${current}.${segment} does not exist`;
    }
    const lookup = [...fields.values()].find(
      (field) =>
        field.referenceTo.length > 0 &&
        (field.name === segment || field.relationshipName === segment),
    );
    if (!lookup) {
      return `${current} has no lookup named ${segment}`;
    }
    current = lookup.referenceTo[0];
  }
  return `empty field path`;
}

function accountListViewTokens(): Set<string> {
  const tokens = new Set(Object.keys(EXTRA_LIST_VIEW_TOKENS.Account ?? {}));
  for (const field of STANDARD_OBJECTS.Account) {
    if (field.listViewToken) tokens.add(field.listViewToken);
  }
  return tokens;
}

// ---- Root elements -------------------------------------------------------------------------------

for (const [path, root] of FILES) {
  test(`root element of ${path}`, () => {
    const parsed = readXml(path);
    assert.equal(parsed.root, root, `${path} has <${parsed.root}>, expected <${root}>`);
  });
}

// ---- Record pages --------------------------------------------------------------------------------

interface PlacedComponent {
  componentName: string;
  identifier: string;
  region: string;
  properties: Map<string, string>;
}

function placedComponents(page: XmlNode): PlacedComponent[] {
  const placed: PlacedComponent[] = [];
  for (const region of list(page, 'flexiPageRegions')) {
    for (const item of list(region, 'itemInstances')) {
      for (const component of list(item, 'componentInstance')) {
        const properties = new Map<string, string>();
        for (const property of list(component, 'componentInstanceProperties')) {
          properties.set(text(property, 'name') ?? '', text(property, 'value') ?? '');
        }
        placed.push({
          componentName: text(component, 'componentName') ?? '',
          identifier: text(component, 'identifier') ?? '',
          region: text(region, 'name') ?? '',
          properties,
        });
      }
    }
  }
  return placed;
}

for (const name of RECORD_PAGES) {
  test(`record page ${name} header`, () => {
    const page = flexipage(name);
    const expectedObject = PAGE_COMPONENTS.find((row) => row.page === name)?.object;
    assert.equal(text(page, 'type'), 'RecordPage');
    assert.equal(text(page, 'sobjectType'), expectedObject);
    assert.equal(text(list(page, 'template')[0], 'name'), 'flexipage:recordHomeTemplateDesktop');
    assert.ok((text(page, 'masterLabel') ?? '').trim(), `${name} has no masterLabel`);
    assert.ok((text(page, 'description') ?? '').trim(), `${name} has no description`);
  });

  test(`record page ${name} regions and facets`, () => {
    const page = flexipage(name);
    const regions = list(page, 'flexiPageRegions');
    const names = regions.map((region) => text(region, 'name') ?? '');
    assert.equal(new Set(names).size, names.length, `${name} repeats a region name: ${names}`);

    const facets = regions
      .filter((region) => text(region, 'type') === 'Facet')
      .map((region) => text(region, 'name') ?? '');
    for (const region of regions.filter((entry) => text(entry, 'type') === 'Region')) {
      const regionName = text(region, 'name') ?? '';
      assert.ok(
        TEMPLATE_REGIONS.includes(regionName),
        `${name}: region ${regionName} is not a region of the template (${TEMPLATE_REGIONS})`,
      );
    }

    const components = placedComponents(page);
    const referenced = new Set<string>();
    for (const component of components) {
      for (const property of FACET_PROPERTIES) {
        const facet = component.properties.get(property);
        if (facet === undefined) continue;
        assert.ok(
          facets.includes(facet),
          `${name}: ${component.identifier} names facet ${facet} in ${property}, which the page does not define`,
        );
        referenced.add(facet);
      }
    }
    for (const facet of facets) {
      assert.ok(referenced.has(facet), `${name}: facet ${facet} is not used by any tab or tabset`);
    }

    const identifiers = components.map((component) => component.identifier);
    assert.ok(
      identifiers.every((identifier) => identifier !== ''),
      `${name}: a component has no identifier`,
    );
    assert.equal(new Set(identifiers).size, identifiers.length, `${name} repeats an identifier`);
  });

  test(`record page ${name} custom components`, () => {
    const listed = PAGE_COMPONENTS.filter((row) => row.page === name).map((row) => row.bundle);
    const custom = placedComponents(flexipage(name))
      .map((component) => component.componentName)
      .filter((componentName) => componentName.startsWith('c:'))
      .map((componentName) => componentName.slice(2));
    assert.deepEqual(custom.sort(), [...listed].sort());
  });
}

for (const row of PAGE_COMPONENTS) {
  test(`${row.page} places c:${row.bundle} in ${row.region}`, () => {
    const placed = placedComponents(flexipage(row.page)).filter(
      (component) => component.componentName === `c:${row.bundle}`,
    );
    assert.equal(placed.length, 1, `${row.page} must place c:${row.bundle} once`);
    assert.equal(placed[0].region, row.region);
  });

  test(`bundle ${row.bundle} exposed on ${row.object} record pages`, () => {
    const metaPath = join(LWC_DIR, row.bundle, `${row.bundle}.js-meta.xml`);
    assert.ok(
      existsSync(metaPath),
      `LWC bundle ${row.bundle} not found: ${row.page} places c:${row.bundle}, so force-app/main/default/lwc/${row.bundle}/${row.bundle}.js-meta.xml must exist`,
    );
    const hasSource = ['ts', 'js'].some((extension) =>
      existsSync(join(LWC_DIR, row.bundle, `${row.bundle}.${extension}`)),
    );
    assert.ok(hasSource, `LWC bundle ${row.bundle} has no ${row.bundle}.ts or ${row.bundle}.js`);
    const bundle = readXml(`lwc/${row.bundle}/${row.bundle}.js-meta.xml`).node;
    assert.equal(text(bundle, 'isExposed'), 'true', `${row.bundle} must set isExposed to true`);
    const targets = texts(list(bundle, 'targets')[0], 'target');
    assert.ok(targets.includes('lightning__RecordPage'), `${row.bundle} targets ${targets}`);
    const config = list(list(bundle, 'targetConfigs')[0], 'targetConfig').find((entry) =>
      (entry['@_targets'] as string | undefined)?.split(',').includes('lightning__RecordPage'),
    );
    const objects = texts(list(config, 'objects')[0], 'object');
    if (objects.length > 0) {
      assert.ok(
        objects.includes(row.object),
        `${row.bundle} limits lightning__RecordPage to ${objects}, which leaves out ${row.object}`,
      );
    }
  });
}

// ---- Quick action --------------------------------------------------------------------------------

test('quick action Opportunity.Capture_Deal_Context', () => {
  const action = readXml('quickActions/Opportunity.Capture_Deal_Context.quickAction-meta.xml').node;
  assert.equal(text(action, 'type'), 'LightningWebComponent');
  assert.equal(text(action, 'actionSubtype'), 'ScreenAction');
  assert.equal(text(action, 'label'), 'Capture Deal Context');
  assert.equal(text(action, 'lightningWebComponent'), 'dealContextCapture');
  assert.ok((text(action, 'description') ?? '').trim(), 'the quick action has no description');
  assert.ok(SCHEMA.has('Opportunity'), 'the quick action object Opportunity is not in the schema');
});

test('bundle dealContextCapture is a screen action', () => {
  const metaPath = 'lwc/dealContextCapture/dealContextCapture.js-meta.xml';
  assert.ok(
    existsSync(join(SOURCE_ROOT, metaPath)),
    `LWC bundle dealContextCapture not found: the quick action needs ${metaPath}`,
  );
  const bundle = readXml(metaPath).node;
  const targets = texts(list(bundle, 'targets')[0], 'target');
  assert.ok(targets.includes('lightning__RecordAction'), `dealContextCapture targets ${targets}`);
  const config = list(list(bundle, 'targetConfigs')[0], 'targetConfig').find((entry) =>
    (entry['@_targets'] as string | undefined)?.split(',').includes('lightning__RecordAction'),
  );
  assert.equal(text(config, 'actionType'), 'ScreenAction');
});

// ---- List views ----------------------------------------------------------------------------------

test('list views folder holds only the listed views', () => {
  const files = listDir(LIST_VIEWS_DIR);
  const expected = LIST_VIEWS.map((view) => `${view.name}.listView-meta.xml`).sort();
  assert.deepEqual(files, expected);
});

const LIST_VIEW_TOKENS = accountListViewTokens();

for (const view of LIST_VIEWS) {
  const file = `objects/Account/listViews/${view.name}.listView-meta.xml`;

  test(`list view ${view.name} header`, () => {
    const node = readXml(file).node;
    assert.equal(text(node, 'fullName'), view.name);
    assert.equal(text(node, 'label'), view.label);
    assert.equal(text(node, 'filterScope'), 'Everything');
  });

  test(`list view ${view.name} filters`, () => {
    const filters = list(readXml(file).node, 'filters').map((filter) => ({
      field: text(filter, 'field') ?? '',
      operation: text(filter, 'operation') ?? '',
      value: text(filter, 'value') ?? '',
    }));
    for (const filter of filters) {
      const field = SCHEMA.get('Account')?.get(filter.field);
      assert.ok(field, `${view.name} filters on Account.${filter.field}, which does not exist`);
      const operations = OPERATIONS_BY_TYPE[field.type] ?? [];
      assert.ok(
        operations.includes(filter.operation),
        `${view.name}: ${filter.field} is a ${field.type} field, so its filter must use one of ${operations}, not ${filter.operation}`,
      );
      if (field.values) {
        for (const value of filter.value.split(',')) {
          assert.ok(
            field.values.includes(value),
            `${view.name}: ${value} is not a value of ${filter.field} (${field.values})`,
          );
        }
      }
      if (field.type === 'Date') {
        assert.match(filter.value, RELATIVE_DATE);
      }
    }
    assert.deepEqual(filters, view.filters);
  });

  test(`list view ${view.name} columns`, () => {
    const columns = texts(readXml(file).node, 'columns');
    assert.equal(new Set(columns).size, columns.length, `${view.name} repeats a column`);
    for (const column of columns) {
      const known = LIST_VIEW_TOKENS.has(column) || SCHEMA.get('Account')?.has(column);
      assert.ok(
        known,
        `${view.name}: column ${column} is neither an Account list-view token nor an Account custom field`,
      );
    }
    for (const column of LIST_VIEW_COLUMNS) {
      assert.ok(columns.includes(column), `${view.name} does not show ${column}`);
    }
  });
}

// ---- Report type ---------------------------------------------------------------------------------

interface ReportTypeColumn {
  field: string;
  table: string;
}

function reportTypeColumns(): ReportTypeColumn[] {
  const node = readXml(`reportTypes/${REPORT_TYPE}.reportType-meta.xml`).node;
  return list(node, 'sections').flatMap((section) =>
    list(section, 'columns').map((column) => ({
      field: text(column, 'field') ?? '',
      table: text(column, 'table') ?? '',
    })),
  );
}

test('report type header', () => {
  const node = readXml(`reportTypes/${REPORT_TYPE}.reportType-meta.xml`).node;
  assert.equal(text(node, 'baseObject'), 'Account');
  assert.equal(text(node, 'category'), 'accounts');
  assert.equal(text(node, 'deployed'), 'true');
  assert.ok((text(node, 'label') ?? '').trim(), 'the report type has no label');
  assert.ok((text(node, 'description') ?? '').trim(), 'the report type has no description');
  // A join to a child relationship gives one row per child, but the lookup keeps one per account.
  assert.equal(list(node, 'join').length, 0, 'the report type must not join a child object');
  for (const section of list(node, 'sections')) {
    assert.ok(
      (text(section, 'masterLabel') ?? '').trim(),
      'a report type section has no masterLabel',
    );
  }
});

test('report type columns resolve', () => {
  const columns = reportTypeColumns();
  const keys = columns.map((column) => `${column.table}.${column.field}`);
  assert.equal(new Set(keys).size, keys.length, `the report type repeats a column`);
  for (const column of columns) {
    assert.equal(column.table, 'Account', `column ${column.field} is on table ${column.table}`);
    const resolved = resolveFieldPath('Account', column.field);
    assert.ok(typeof resolved !== 'string', `report type column ${column.field}: ${resolved}`);
  }
  for (const field of REPORT_TYPE_FIELDS) {
    assert.ok(
      columns.some((column) => column.field === field),
      `the report type does not offer ${field}`,
    );
  }
});

// ---- Reports -------------------------------------------------------------------------------------

interface BucketRange {
  from?: number;
  to?: number;
  label: string;
}

interface Bucket {
  developerName: string;
  type: string;
  source: string;
  ranges: BucketRange[];
}

function optionalNumber(node: XmlNode | undefined, key: string): number | undefined {
  const value = text(node, key);
  return value === undefined ? undefined : Number(value);
}

function reportBuckets(report: XmlNode): Bucket[] {
  return list(report, 'buckets').map((bucket) => ({
    developerName: text(bucket, 'developerName') ?? '',
    type: text(bucket, 'bucketType') ?? '',
    source: text(bucket, 'sourceColumnName') ?? '',
    ranges: list(bucket, 'values').map((value) => {
      const source = list(value, 'sourceValues')[0];
      return {
        from: optionalNumber(source, 'from'),
        to: optionalNumber(source, 'to'),
        label: text(value, 'value') ?? '',
      };
    }),
  }));
}

/**
 * Returns the label of the range that contains `value`. A range contains the values above `from`
 * and up to and including `to`, as the report builder shows numeric buckets (<= 10, > 10 to <= 25,
 * > 25). NOTE: these bounds follow the report builder's labels and were not checked in a real org.
 */
function bucketLabel(bucket: Bucket, value: number): string | undefined {
  const range = bucket.ranges.find(
    (entry) =>
      (entry.from === undefined || value > entry.from) &&
      (entry.to === undefined || value <= entry.to),
  );
  return range?.label;
}

/** Returns the reason the health model gives a signal for a deal-context opportunity. */
function modelReason(signal: 'discount' | 'icp', discount: number, rating: number): string {
  const result = scoreAccount({
    account: {},
    opportunity: {
      CloseDate: SCORE_DATES.CloseDate,
      Discount_Depth__c: discount,
      ICP_Fit_Rating__c: rating,
    },
    useCases: [],
    promises: [],
    asOf: SCORE_DATES.asOf,
  });
  const found = result.signals.find((entry) => entry.signal === signal);
  assert.ok(found, `the health model returned no ${signal} signal`);
  return found.reason;
}

function reportBucket(name: string, developerName: string): Bucket {
  const bucket = reportBuckets(readXml(reportFile(name)).node).find(
    (entry) => entry.developerName === developerName,
  );
  assert.ok(bucket, `${name} defines no bucket ${developerName}`);
  return bucket;
}

test('report folder', () => {
  const node = readXml(`reports/${REPORT_FOLDER}.reportFolder-meta.xml`).node;
  assert.equal(text(node, 'name'), 'Health Score Audit');
  const shares = list(node, 'folderShares');
  assert.ok(shares.length > 0, 'the report folder is shared with nobody');
  for (const share of shares) {
    assert.equal(text(share, 'accessLevel'), 'View');
  }
});

test('report folder holds only the listed reports', () => {
  const files = listDir(REPORT_FOLDER_DIR);
  const expected = REPORTS.map((report) => `${report.name}.report-meta.xml`).sort();
  assert.deepEqual(files, expected);
});

const REPORT_TYPE_FIELD_PATHS = new Set(reportTypeColumns().map((column) => column.field));

/**
 * Resolves a report column of the custom report type: `Account$Health_Score__c` names the report
 * type field `Health_Score__c` of table `Account` (reports name custom report type fields
 * `<table>$<field>`), and a bucket is named by its developer name.
 */
function reportField(report: string, value: string, buckets: Bucket[]): FieldInfo | Bucket {
  const bucket = buckets.find((entry) => entry.developerName === value);
  if (bucket) return bucket;
  const match = /^Account\$(.+)$/.exec(value);
  assert.ok(match, `${report}: ${value} is neither Account$<field> nor a bucket of the report`);
  assert.ok(
    REPORT_TYPE_FIELD_PATHS.has(match[1]),
    `${report}: ${value} names ${match[1]}, which the report type ${REPORT_TYPE} does not offer`,
  );
  const resolved = resolveFieldPath('Account', match[1]);
  assert.ok(typeof resolved !== 'string', `${report}: ${value}: ${resolved}`);
  return resolved;
}

for (const expected of REPORTS) {
  const file = reportFile(expected.name);

  test(`report ${expected.name} header`, () => {
    const node = readXml(file).node;
    assert.equal(text(node, 'reportType'), `${REPORT_TYPE}__c`);
    assert.equal(text(node, 'format'), 'Matrix');
    assert.equal(text(node, 'scope'), 'organization');
    assert.ok((text(node, 'name') ?? '').trim(), `${expected.name} has no name`);
    assert.ok((text(node, 'description') ?? '').trim(), `${expected.name} has no description`);
  });

  test(`report ${expected.name} groupings`, () => {
    const node = readXml(file).node;
    const down = list(node, 'groupingsDown').map((grouping) => text(grouping, 'field'));
    const across = list(node, 'groupingsAcross').map((grouping) => text(grouping, 'field'));
    assert.deepEqual(down, [expected.bucket]);
    assert.deepEqual(across, [`Account$${expected.across}`]);
    const columns = list(node, 'columns').map((column) => text(column, 'field'));
    for (const grouping of [...down, ...across]) {
      assert.ok(
        !columns.includes(grouping),
        `${expected.name} groups by ${grouping} and lists it as a column`,
      );
    }
  });

  test(`report ${expected.name} fields resolve`, () => {
    const node = readXml(file).node;
    const buckets = reportBuckets(node);
    const referenced = [
      ...list(node, 'columns').map((column) => text(column, 'field') ?? ''),
      ...list(node, 'groupingsDown').map((grouping) => text(grouping, 'field') ?? ''),
      ...list(node, 'groupingsAcross').map((grouping) => text(grouping, 'field') ?? ''),
      ...list(list(node, 'filter')[0], 'criteriaItems').map((item) => text(item, 'column') ?? ''),
    ];
    for (const value of referenced) {
      reportField(expected.name, value, buckets);
    }
    for (const column of list(node, 'columns')) {
      const aggregates = texts(column, 'aggregateTypes');
      if (aggregates.length === 0) continue;
      const field = reportField(expected.name, text(column, 'field') ?? '', buckets);
      assert.ok(
        'type' in field && NUMERIC_TYPES.includes(field.type),
        `${expected.name}: ${text(column, 'field')} is not numeric but carries ${aggregates}`,
      );
      for (const aggregate of aggregates) {
        assert.ok(
          AGGREGATE_TYPES.includes(aggregate),
          `${expected.name}: unknown aggregate ${aggregate}`,
        );
      }
    }
  });

  test(`report ${expected.name} bucket ranges`, () => {
    const bucket = reportBucket(expected.name, expected.bucket);
    assert.equal(bucket.type, 'number');
    assert.equal(bucket.source, `Account$${expected.bucketSource}`);
    const source = resolveFieldPath('Account', expected.bucketSource);
    assert.ok(typeof source !== 'string', `${expected.name}: bucket source: ${source}`);
    assert.ok(NUMERIC_TYPES.includes(source.type), `${expected.bucketSource} is a ${source.type}`);
    const ranges = bucket.ranges;
    assert.equal(
      ranges[0].from,
      undefined,
      `${expected.bucket}: the first range must be open below`,
    );
    assert.equal(
      ranges.at(-1)?.to,
      undefined,
      `${expected.bucket}: the last range must be open above`,
    );
    for (let index = 1; index < ranges.length; index += 1) {
      assert.equal(
        ranges[index].from,
        ranges[index - 1].to,
        `${expected.bucket}: range ${ranges[index].label} must start where ${ranges[index - 1].label} ends`,
      );
    }
    const labels = ranges.map((range) => range.label);
    assert.equal(new Set(labels).size, labels.length, `${expected.bucket} repeats a label`);
  });
}

test('discount tiers match the health model', () => {
  const bucket = reportBucket('Accounts_by_Discount_Tier_and_Band', 'BucketField_Discount_Tier');
  // Discount_Depth__c is a Percent(5,2) from 0 to 100: every valid value, in hundredths.
  const upperBounds = new Map<string, number>();
  for (let hundredths = 0; hundredths <= 10_000; hundredths += 1) {
    const discount = hundredths / 100;
    const reason = modelReason('discount', discount, 3);
    const label = bucketLabel(bucket, discount);
    assert.ok(label, `discount ${discount} falls in no tier`);
    const tier = `DISCOUNT_${label.split(':')[0].trim().toUpperCase()}`;
    assert.equal(
      tier,
      reason,
      `discount ${discount} is in tier ${label}, the model says ${reason}`,
    );
    upperBounds.set(reason, discount);
  }
  const modelBounds = [upperBounds.get('DISCOUNT_STANDARD'), upperBounds.get('DISCOUNT_MODERATE')];
  const bucketBounds = bucket.ranges.slice(0, -1).map((range) => range.to);
  assert.deepEqual(bucketBounds, modelBounds);
  assert.deepEqual(bucketBounds, [10, 25]);
});

test('ICP fit rows match the health model', () => {
  const bucket = reportBucket('Accounts_by_ICP_Fit_and_Band', 'BucketField_ICP_Fit');
  // ICP_Fit_Rating__c is a Number(1,0): whole numbers from -9 to 9, valid from 1 to 5.
  for (let rating = -9; rating <= 9; rating += 1) {
    const reason = modelReason('icp', 0, rating);
    const label = bucketLabel(bucket, rating);
    assert.ok(label, `ICP rating ${rating} falls in no row`);
    if (reason === 'ICP_INVALID') {
      assert.match(label, /^Invalid: /, `invalid ICP rating ${rating} is in row ${label}`);
      continue;
    }
    const match = /^(\d): (\w+) fit$/.exec(label);
    assert.ok(match, `ICP rating ${rating} is in row ${label}, expected "<rating>: <level> fit"`);
    assert.equal(Number(match[1]), rating, `ICP rating ${rating} is in row ${label}`);
    assert.equal(
      `ICP_FIT_${match[2].toUpperCase()}`,
      reason,
      `ICP rating ${rating}: row ${label}, model ${reason}`,
    );
  }
});
