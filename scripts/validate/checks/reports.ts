// Reports: each lives in a folder (reports/<Folder>/<Name>.report-meta.xml beside
// reports/<Folder>.reportFolder-meta.xml), has a known report type, and every column, grouping
// and filter names a field of the report type's objects, with an operator that suits it.
import { posix } from 'node:path';
import type { MetadataDocument } from '../project.ts';
import {
  getObject,
  key,
  resolvePath,
  type ChildRelationship,
  type ObjectInfo,
  type Schema,
} from '../schema.ts';
import type { FieldType } from '../standard-fields.ts';
import { child, list, text } from '../xml.ts';
import { operationMismatch, valueMismatch } from './list-views.ts';
import type { CheckInput, Problem } from './problem.ts';

/**
 * Column tokens of standard fields in standard report types. Custom fields are
 * `Object.Field__c` and need no entry.
 * NOTE: the tokens come from report metadata published in public repositories, not from an org
 * this project could reach. A token missing here fails the check until it is added.
 */
export const REPORT_TOKENS: Record<string, Record<string, FieldType>> = {
  AccountList: {
    'ACCOUNT.NAME': 'Text',
    'USERS.NAME': 'Text',
    TYPE: 'Picklist',
    INDUSTRY: 'Picklist',
    RATING: 'Picklist',
    EMPLOYEES: 'Number',
    SALES: 'Currency',
    ADDRESS1_STATE: 'Text',
    ADDRESS1_CITY: 'Text',
    ADDRESS1_COUNTRY: 'Text',
    PHONE1: 'Phone',
    DUE_DATE: 'Date',
    CREATED_DATE: 'DateTime',
    LAST_UPDATE: 'DateTime',
    LAST_ACTIVITY: 'Date',
  },
  Opportunity: {
    'ACCOUNT.NAME': 'Text',
    'USERS.NAME': 'Text',
    FORECAST_CATEGORY_NAME: 'Picklist',
    ACCOUNT_NAME: 'Text',
    OPPORTUNITY_NAME: 'Text',
    FULL_NAME: 'Text',
    STAGE_NAME: 'Picklist',
    AMOUNT: 'Currency',
    CLOSE_DATE: 'Date',
    PROBABILITY: 'Percent',
    TYPE: 'Picklist',
    LEAD_SOURCE: 'Picklist',
    NEXT_STEP: 'Text',
    CLOSED: 'Checkbox',
    WON: 'Checkbox',
    CREATED_DATE: 'DateTime',
    LAST_UPDATE: 'DateTime',
    FISCAL_QUARTER: 'Text',
    AGE: 'Number',
  },
};

/** Column tokens of the standard fields of a custom object in a `CustomEntity$...` report type. */
const CUSTOM_ENTITY_TOKENS: Record<string, FieldType> = {
  CUST_NAME: 'Text',
  CUST_ID: 'Id',
  CUST_CREATED_DATE: 'DateTime',
  CUST_CREATED_NAME: 'Text',
  CUST_LAST_UPDATE: 'DateTime',
  CUST_LAST_UPDATE_NAME: 'Text',
  CUST_OWNER_NAME: 'Text',
  CUST_RECORDTYPE: 'Text',
};

const FORMATS = new Set(['Tabular', 'Summary', 'Matrix', 'MultiBlock']);

interface ReportType {
  objects: ObjectInfo[];
  tokens: Record<string, FieldType>;
  /** Custom report types name columns `Base$Field` and `Base.Child__r$Field`. */
  custom: boolean;
  /** Columns a custom report type offers, as reports name them (`Table$Field`). */
  columns?: Set<string>;
}

/** Column names that a custom report type offers: `<table>$<field>` of each section column. */
function customTypeColumns(document: MetadataDocument): Set<string> {
  const columns = new Set<string>();
  for (const section of list(document.node, 'sections')) {
    for (const column of list(section, 'columns')) {
      columns.add(`${text(column, 'table') ?? ''}$${text(column, 'field') ?? ''}`);
    }
  }
  return columns;
}

/** Custom report types are named `Name__c` in reports and `Name.reportType-meta.xml` in source. */
function customTypeKey(name: string): string {
  return key(name.replace(/__c$/, ''));
}

/** Resolves a report type name to its objects and column tokens, or returns an error. */
export function resolveReportType(
  name: string,
  schema: Schema,
  customTypes: Map<string, MetadataDocument>,
): ReportType | string {
  const custom = customTypes.get(customTypeKey(name));
  if (custom) {
    const base = getObject(schema, text(custom.node, 'baseObject') ?? '');
    if (!base) return `custom report type ${name} has a <baseObject> that is not in force-app`;
    if (!name.endsWith('__c'))
      return `custom report types are named with __c in reports: use <reportType>${name}__c</reportType>`;
    return { objects: [base], tokens: {}, custom: true, columns: customTypeColumns(custom) };
  }
  const standard = REPORT_TOKENS[name];
  if (standard) {
    const objects = (name === 'Opportunity' ? ['Opportunity', 'Account'] : ['Account'])
      .map((objectName) => getObject(schema, objectName))
      .filter((object): object is ObjectInfo => object !== undefined);
    return { objects, tokens: standard, custom: false };
  }
  const match = /^(Account|Opportunity|Contact)?CustomEntity\$([A-Za-z0-9_]+__c)$/.exec(name);
  if (match) {
    const objects = [match[1], match[2]]
      .filter((objectName): objectName is string => Boolean(objectName))
      .map((objectName) => getObject(schema, objectName));
    if (objects.some((object) => !object))
      return `report type ${name} names an object that is not in force-app`;
    const parentTokens = match[1]
      ? (REPORT_TOKENS[`${match[1]}List`] ?? REPORT_TOKENS[match[1]] ?? {})
      : {};
    return {
      objects: objects as ObjectInfo[],
      tokens: { ...parentTokens, ...CUSTOM_ENTITY_TOKENS },
      custom: false,
    };
  }
  return `report type ${name} is neither a standard report type in the catalogue (${Object.keys(REPORT_TOKENS).join(', ')}, CustomEntity$Object__c) nor a custom report type in reportTypes/`;
}

type ColumnResult = { type: FieldType; picklistValues?: string[] } | { error: string };

/**
 * Resolves `Table$Path` of a custom report type: the table is the base object or a child
 * relationship path from it (`Account.Opportunities`), the path follows lookups by field name
 * (`Deal_Context_Opportunity__c.ICP_Fit_Rating__c`).
 */
export function resolveTablePath(column: string, base: ObjectInfo, schema: Schema): ColumnResult {
  const [table, path] = column.split('$');
  const [baseName, ...relationships] = (table ?? '').split('.');
  if (key(baseName) !== key(base.name) || !path) {
    return {
      error: `columns of a custom report type are ${base.name}$Field or ${base.name}.ChildRelationship$Field`,
    };
  }
  let object: ObjectInfo = base;
  for (const relationship of relationships) {
    const childRelationship: ChildRelationship | undefined = object.childRelationships.get(
      key(relationship),
    );
    const next: ObjectInfo | undefined = childRelationship
      ? getObject(schema, childRelationship.childObject)
      : undefined;
    if (!next) return { error: `${object.name} has no child relationship ${relationship}` };
    object = next;
  }
  const segments = path.split('.');
  for (const segment of segments.slice(0, -1)) {
    const lookup = object.fields.get(key(segment));
    const target = lookup?.referenceTo[0];
    const next = target ? getObject(schema, target) : undefined;
    if (!lookup || !next) {
      const resolved = resolvePath(schema, object.name, segments.join('.'));
      if (resolved.error !== undefined)
        return { error: `${segment} is not a lookup field of ${object.name}` };
      return { type: resolved.field.type, picklistValues: resolved.field.picklistValues };
    }
    object = next;
  }
  const field = object.fields.get(key(segments[segments.length - 1]));
  if (!field)
    return { error: `field ${object.name}.${segments[segments.length - 1]} does not exist` };
  return { type: field.type, picklistValues: field.picklistValues };
}

export function resolveReportColumn(
  column: string,
  reportType: ReportType,
  schema: Schema,
): ColumnResult {
  if (reportType.custom || column.includes('$')) {
    const base = reportType.objects[0];
    if (!base) return { error: 'the report type has no base object' };
    const result = resolveTablePath(column, base, schema);
    if ('error' in result) return result;
    if (reportType.columns && !reportType.columns.has(column)) {
      const [table, field] = column.split('$');
      return {
        error: `the custom report type does not offer this column: add <columns><field>${field}</field><table>${table}</table></columns> to one of its sections`,
      };
    }
    return result;
  }
  const dot = column.indexOf('.');
  if (dot > 0 && /__c$/.test(column)) {
    const objectName = column.slice(0, dot);
    const object = reportType.objects.find((candidate) => candidate.name === objectName);
    if (!object) {
      return {
        error: `${objectName} is not an object of this report type (${reportType.objects.map((candidate) => candidate.name).join(', ')})`,
      };
    }
    const resolved = resolvePath(schema, object.name, column.slice(dot + 1));
    if (resolved.error !== undefined) return { error: resolved.error };
    return { type: resolved.field.type, picklistValues: resolved.field.picklistValues };
  }
  const token = reportType.tokens[column];
  if (token) return { type: token };
  return {
    error: `${column} is not a column token of this report type in the catalogue (scripts/validate/checks/reports.ts): custom fields are Object.Field__c; for a standard field, retrieve a report that shows it from an org and add its token`,
  };
}

/** Checks where a report lives and the elements its format needs. */
function checkReportShape(document: MetadataDocument, folders: Set<string>): Problem[] {
  const problems: Problem[] = [];
  const file = document.file;
  const where = `report ${document.name}`;
  const match = /\/reports\/(.+)\/[^/]+\.report-meta\.xml$/.exec(file);
  if (!match) {
    problems.push({
      file,
      message: `${where} is not in a report folder: move it to reports/<FolderName>/${posix.basename(file)} and add reports/<FolderName>.reportFolder-meta.xml.`,
    });
  } else if (!folders.has(match[1])) {
    problems.push({
      file,
      message: `${where} is in the folder ${match[1]}, which has no reports/${match[1]}.reportFolder-meta.xml: add it with <name> and <accessType>.`,
    });
  }
  if (!text(document.node, 'name')) {
    problems.push({ file, message: `${where} has no <name>: add the report's display name.` });
  }

  const format = text(document.node, 'format') ?? '';
  const groupingsDown = list(document.node, 'groupingsDown').length;
  const groupingsAcross = list(document.node, 'groupingsAcross').length;
  if (!FORMATS.has(format)) {
    problems.push({
      file,
      message: `${where} has <format>${format}</format>: use Tabular, Summary, Matrix or MultiBlock.`,
    });
  } else if (format === 'Summary' && groupingsDown === 0) {
    problems.push({
      file,
      message: `${where} is a Summary report without <groupingsDown>: add a grouping or use Tabular.`,
    });
  } else if (format === 'Matrix' && (groupingsDown === 0 || groupingsAcross === 0)) {
    problems.push({
      file,
      message: `${where} is a Matrix report, which needs <groupingsDown> and <groupingsAcross>.`,
    });
  }
  return problems;
}

const NUMERIC_TYPES = new Set(['Number', 'Currency', 'Percent', 'Summary']);

/** Checks every column, bucket, grouping and filter of a report against its report type. */
function checkReportColumns(
  document: MetadataDocument,
  reportType: ReportType,
  schema: Schema,
): Problem[] {
  const problems: Problem[] = [];
  const { file, node } = document;
  const where = `report ${document.name}`;

  // Bucket fields group by their developer name, and their source column must resolve.
  const buckets = new Map<string, FieldType>();
  for (const bucket of list(node, 'buckets')) {
    const name = text(bucket, 'developerName') ?? '';
    const source = text(bucket, 'sourceColumnName') ?? '';
    const result = resolveReportColumn(source, reportType, schema);
    if ('error' in result) {
      problems.push({
        file,
        message: `${where}, bucket ${name}, <sourceColumnName>${source}</sourceColumnName>: ${result.error}.`,
      });
    }
    buckets.set(name, 'Text');
  }

  const check = (element: string, column: string) => {
    const bucketType = buckets.get(column);
    if (bucketType) return { type: bucketType };
    const result = resolveReportColumn(column, reportType, schema);
    if (!('error' in result)) return result;
    problems.push({
      file,
      message: `${where}, <${element}>${column}</${element}>: ${result.error}.`,
    });
    return undefined;
  };

  for (const column of list(node, 'columns')) {
    const field = text(column, 'field') ?? '';
    const result = check('field', field);
    const aggregates = list(column, 'aggregateTypes').map((entry) => String(entry['#text'] ?? ''));
    const numericAggregate = aggregates.some((aggregate) => aggregate !== 'Unique');
    if (result && numericAggregate && !NUMERIC_TYPES.has(result.type)) {
      problems.push({
        file,
        message: `${where}, column ${field}: ${aggregates.join(', ')} needs a number field, and ${field} is ${result.type}: remove <aggregateTypes>.`,
      });
    }
  }
  for (const grouping of [...list(node, 'groupingsDown'), ...list(node, 'groupingsAcross')]) {
    check('field', text(grouping, 'field') ?? '');
  }
  for (const item of list(child(node, 'filter'), 'criteriaItems')) {
    const column = text(item, 'column') ?? '';
    const result = check('column', column);
    if (!result) continue;
    const operator = text(item, 'operator') ?? '';
    const value = text(item, 'value') ?? '';
    const mismatch =
      operationMismatch(result.type, operator) ??
      valueMismatch(result.type, value, result.picklistValues);
    if (mismatch) problems.push({ file, message: `${where}, filter on ${column}: ${mismatch}.` });
  }
  const sortColumn = text(node, 'sortColumn');
  if (sortColumn) check('sortColumn', sortColumn);
  const dateColumn = text(child(node, 'timeFrameFilter'), 'dateColumn');
  if (dateColumn) check('dateColumn', dateColumn);
  return problems;
}

function checkReport(
  document: MetadataDocument,
  schema: Schema,
  customTypes: Map<string, MetadataDocument>,
  folders: Set<string>,
): Problem[] {
  const problems = checkReportShape(document, folders);
  const typeName = text(document.node, 'reportType') ?? '';
  const reportType = resolveReportType(typeName, schema, customTypes);
  if (typeof reportType === 'string') {
    problems.push({ file: document.file, message: `report ${document.name}: ${reportType}.` });
    return problems;
  }
  problems.push(...checkReportColumns(document, reportType, schema));
  return problems;
}

/** Checks a custom report type: its base object and every column of its sections exist. */
export function checkReportType(document: MetadataDocument, schema: Schema): Problem[] {
  const problems: Problem[] = [];
  const where = `report type ${document.name}`;
  const baseName = text(document.node, 'baseObject') ?? '';
  const base = getObject(schema, baseName);
  if (!base) {
    return [
      {
        file: document.file,
        message: `${where}: <baseObject>${baseName}</baseObject> is neither in force-app nor a known standard object.`,
      },
    ];
  }
  for (const element of ['label', 'category', 'deployed']) {
    if (!text(document.node, element))
      problems.push({ file: document.file, message: `${where} has no <${element}>: add one.` });
  }
  for (const column of customTypeColumns(document)) {
    const result = resolveTablePath(column, base, schema);
    if ('error' in result) {
      const [table, field] = column.split('$');
      problems.push({
        file: document.file,
        message: `${where}, column ${field} of table ${table}: ${result.error}.`,
      });
    }
  }
  return problems;
}

export function checkReports({ project, schema }: CheckInput): Problem[] {
  const customTypes = new Map(
    project.documents
      .filter((document) => document.suffix === 'reportType')
      .map((document) => [customTypeKey(document.name), document]),
  );
  const folders = new Set(
    project.documents
      .filter((document) => document.suffix === 'reportFolder')
      .map((document) => {
        const match = /\/reports\/(.+)\.reportFolder-meta\.xml$/.exec(document.file);
        return match ? match[1] : document.name;
      }),
  );
  const problems: Problem[] = [];
  for (const document of customTypes.values()) {
    if (!document.error) problems.push(...checkReportType(document, schema));
  }
  for (const document of project.documents) {
    if (document.suffix !== 'report' || document.error) continue;
    problems.push(...checkReport(document, schema, customTypes, folders));
  }
  return problems;
}
