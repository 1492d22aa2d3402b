// List views: columns and filters name standard fields by their list-view tokens
// (`ACCOUNT.NAME`, `OPPORTUNITY.STAGE_NAME`, `CORE.USERS.ALIAS`) and custom fields by their bare
// API names, each filter operator suits its field, and each value suits the field's type.
import { getObject, key, objectFolder, type ObjectInfo } from '../schema.ts';
import type { FieldType } from '../standard-fields.ts';
import { list, text, texts } from '../xml.ts';
import type { CheckInput, Problem } from './problem.ts';

export type ColumnResult =
  | { type: FieldType; picklistValues?: string[]; error?: undefined }
  | { error: string; type?: undefined };

/** Resolves a list-view column or filter field on `object`. */
export function resolveListViewColumn(object: ObjectInfo, column: string): ColumnResult {
  if (/__c$/i.test(column)) {
    if (column.includes('.')) {
      const bare = column.slice(column.lastIndexOf('.') + 1);
      return {
        error: `custom fields are named by their bare API name in the object's own list view: use ${bare}`,
      };
    }
    const field = object.fields.get(key(column));
    if (!field || !field.custom) return { error: `field ${object.name}.${column} does not exist` };
    return { type: field.type, picklistValues: field.picklistValues };
  }
  const token = object.listViewTokens.get(column.toUpperCase());
  if (token && column === column.toUpperCase()) {
    return { type: token.type, picklistValues: token.field?.picklistValues };
  }
  const field = object.fields.get(
    key(column.includes('.') ? column.slice(column.lastIndexOf('.') + 1) : column),
  );
  if (field && !field.custom) {
    return field.listViewToken
      ? {
          error: `standard fields are named by their list-view token in list views: use ${field.listViewToken}`,
        }
      : {
          error: `${object.name}.${field.name} has no list-view token in the catalogue (scripts/validate/standard-fields.ts): retrieve a list view that shows it from an org and add its token`,
        };
  }
  return {
    error: `${column} is not a list-view token of ${object.name} in the catalogue (scripts/validate/standard-fields.ts): use a token such as ${[...object.listViewTokens.keys()].slice(0, 3).join(', ')} or a custom field Field__c`,
  };
}

export const FILTER_OPERATIONS = new Set([
  'equals',
  'notEqual',
  'lessThan',
  'greaterThan',
  'lessOrEqual',
  'greaterOrEqual',
  'contains',
  'notContain',
  'startsWith',
  'includes',
  'excludes',
  'within',
]);

const NUMERIC = new Set(['Number', 'Currency', 'Percent', 'Summary']);
const DATES = new Set(['Date', 'DateTime']);
const ORDERED = new Set(['lessThan', 'greaterThan', 'lessOrEqual', 'greaterOrEqual']);
const TEXT_MATCH = new Set(['contains', 'notContain', 'startsWith']);
const FILTER_SCOPES = new Set([
  'Everything',
  'Mine',
  'MineAndMyGroups',
  'Queue',
  'Delegated',
  'MyTerritory',
  'MyTeamTerritory',
  'Team',
  'SalesTeam',
  'AssignedToMe',
  'ScopingRule',
]);

/** Relative date values of list-view filters, such as TODAY or LAST_N_DAYS:30. */
const DATE_LITERAL =
  /^(YESTERDAY|TODAY|TOMORROW|(LAST|THIS|NEXT)_(WEEK|MONTH|QUARTER|YEAR|FISCAL_QUARTER|FISCAL_YEAR)|(LAST|NEXT)_90_DAYS|(LAST|NEXT)_N_(DAYS|WEEKS|MONTHS|QUARTERS|YEARS|FISCAL_QUARTERS|FISCAL_YEARS):\d+|N_(DAYS|WEEKS|MONTHS|QUARTERS|YEARS|FISCAL_QUARTERS|FISCAL_YEARS)_AGO:\d+)$/;

/** Returns why `operation` does not suit a field of `type`, or undefined. */
export function operationMismatch(type: FieldType, operation: string): string | undefined {
  if (!FILTER_OPERATIONS.has(operation)) {
    return `${operation} is not a list-view filter operation: use one of ${[...FILTER_OPERATIONS].join(', ')}`;
  }
  if (type === 'LongTextArea' || type === 'Html' || type === 'EncryptedText') {
    return `${type} fields cannot be filtered in list views`;
  }
  if ((operation === 'includes' || operation === 'excludes') && type !== 'MultiselectPicklist') {
    return `${operation} works on multi-select picklists only, and the field is ${type}: use equals or notEqual`;
  }
  if (
    type === 'MultiselectPicklist' &&
    !['includes', 'excludes', 'equals', 'notEqual'].includes(operation)
  ) {
    return `a multi-select picklist takes includes, excludes, equals or notEqual, not ${operation}`;
  }
  if (ORDERED.has(operation) && type === 'Checkbox') {
    return `a Checkbox takes equals or notEqual, not ${operation}`;
  }
  if (TEXT_MATCH.has(operation) && (NUMERIC.has(type) || DATES.has(type) || type === 'Checkbox')) {
    return `${operation} works on text and picklist fields, and the field is ${type}: use equals or a comparison`;
  }
  if (operation === 'within' && type !== 'Location') {
    return `within works on geolocation fields only, and the field is ${type}`;
  }
  return undefined;
}

/** Returns why `value` does not suit a field of `type`, or undefined. */
export function valueMismatch(
  type: FieldType,
  value: string,
  picklistValues: string[] | undefined,
): string | undefined {
  const values = value === '' ? [] : value.split(',').map((entry) => entry.trim());
  for (const entry of values) {
    if (type === 'Checkbox' && !['0', '1', 'true', 'false'].includes(entry.toLowerCase())) {
      return `a Checkbox filter takes 1 or 0 (true or false), not ${entry}`;
    }
    if (NUMERIC.has(type) && !/^-?\d+(\.\d+)?$/.test(entry)) {
      return `a ${type} filter takes a number, not ${entry}`;
    }
    if (
      DATES.has(type) &&
      !DATE_LITERAL.test(entry) &&
      !/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/.test(entry) &&
      !/^\d{1,2}\/\d{1,2}\/\d{4}$/.test(entry)
    ) {
      return `a ${type} filter takes a date (YYYY-MM-DD) or a relative date such as LAST_N_DAYS:30, not ${entry}`;
    }
    if (
      (type === 'Picklist' || type === 'MultiselectPicklist') &&
      picklistValues &&
      !picklistValues.includes(entry)
    ) {
      return `${entry} is not a value of the picklist (${picklistValues.join(', ')})`;
    }
  }
  return undefined;
}

function checkListView(
  file: string,
  name: string,
  node: Record<string, unknown>,
  object: ObjectInfo,
): Problem[] {
  const problems: Problem[] = [];
  const where = `list view ${object.name}.${name}`;
  if (!text(node, 'label')) problems.push({ file, message: `${where} has no <label>: add one.` });
  const scope = text(node, 'filterScope');
  if (!scope || !FILTER_SCOPES.has(scope)) {
    problems.push({
      file,
      message: `${where} has <filterScope>${scope ?? ''}</filterScope>: use one of ${[...FILTER_SCOPES].join(', ')}.`,
    });
  }

  const seen = new Set<string>();
  for (const column of texts(node, 'columns')) {
    const result = resolveListViewColumn(object, column);
    if (result.error !== undefined) {
      problems.push({ file, message: `${where}, <columns>${column}</columns>: ${result.error}.` });
    }
    if (seen.has(column)) {
      problems.push({ file, message: `${where} lists the column ${column} twice: remove one.` });
    }
    seen.add(column);
  }

  const filters = list(node, 'filters');
  filters.forEach((filter, index) => {
    const field = text(filter, 'field') ?? '';
    const operation = text(filter, 'operation') ?? '';
    const value = text(filter, 'value') ?? '';
    const label = `${where}, filter ${index + 1} (${field} ${operation} ${value})`;
    const result = resolveListViewColumn(object, field);
    if (result.error !== undefined) {
      problems.push({ file, message: `${label}: ${result.error}.` });
      return;
    }
    const mismatch =
      operationMismatch(result.type, operation) ??
      valueMismatch(result.type, value, result.picklistValues);
    if (mismatch) problems.push({ file, message: `${label}: ${mismatch}.` });
  });

  const booleanFilter = text(node, 'booleanFilter');
  if (booleanFilter) {
    for (const match of booleanFilter.matchAll(/\d+/g)) {
      const number = Number(match[0]);
      if (number < 1 || number > filters.length) {
        problems.push({
          file,
          message: `${where}, <booleanFilter>${booleanFilter}</booleanFilter> names filter ${number}, but the view has ${filters.length} filters: fix the numbers.`,
        });
      }
    }
  }
  return problems;
}

export function checkListViews({ project, schema }: CheckInput): Problem[] {
  const problems: Problem[] = [];
  for (const document of project.documents) {
    if (document.suffix !== 'listView' || document.error) continue;
    const objectName = objectFolder(document.file) ?? '';
    const object = getObject(schema, objectName);
    if (!object) {
      problems.push({
        file: document.file,
        message: `list view of ${objectName}, which is neither in force-app nor a known standard object: fix the folder.`,
      });
      continue;
    }
    problems.push(...checkListView(document.file, document.name, document.node, object));
  }
  return problems;
}
