// Checks the records of a tree plan against the target org's describe before anything is
// inserted: unknown and read-only fields, types (number, date, datetime, checkbox, Id or
// @reference), text length, the digits a number field allows, restricted picklist values,
// required fields and reference Ids. A plan with problems is refused whole, so a user can fix the
// files and run again without duplicates. Validation rules, duplicate rules and references to
// records already in the org are left to the org.

import type { Connection } from 'jsforce';
import {
  describeRecordRef,
  type LoadedPlan,
  type LoadedPlanEntry,
  type RecordRef,
  type TreeRecord,
} from '../local-org/tree-plan.ts';

/** The parts of a field's describe that the checks read. */
interface FieldDescribe {
  name: string;
  type: string;
  length: number;
  precision: number;
  scale: number;
  digits: number;
  nillable: boolean;
  createable: boolean;
  defaultedOnCreate: boolean;
  restrictedPicklist: boolean;
  picklistValues?: { value: string; active: boolean }[];
  referenceTo?: string[];
  relationshipName: string | null;
}

interface ObjectDescribe {
  name: string;
  createable: boolean;
  fields: FieldDescribe[];
  childRelationships: { relationshipName: string | null; childSObject: string; field: string }[];
}

/** One problem of one record, in the terms of the error the org would return. */
export interface PlanProblem {
  /** The record, or null for a problem of a whole plan entry (an unknown sObject). */
  ref: RecordRef | null;
  /** The plan entry's sObject, for problems of a whole entry. */
  sobject: string;
  /** The field at fault, or null for the record or the entry as a whole. */
  field: string | null;
  /** The error code the org would return for the same record. */
  errorCode: string;
  /** Description of the fault, after the field name: `'2025-13-45' is not a valid date`. */
  problem: string;
  /** The next step for the user: `use YYYY-MM-DD`. */
  fix: string;
}

/** Picklist values that a message lists before it gives only their count. */
const PICKLIST_VALUES_SHOWN = 15;

/** Characters of a text value that a message quotes. */
const VALUE_SHOWN = 60;

const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_PATTERN =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const TIME_PATTERN = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?Z?$/;
const EMAIL_PATTERN = /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\]+\.[^\s@"(),:;<>[\]\\]+$/;
const TEXT_TYPES = new Set(['string', 'textarea', 'phone', 'url', 'combobox', 'encryptedstring']);

/** Formats a value for a message: text in single quotes (shortened), anything else as JSON. */
export function shownValue(value: unknown): string {
  if (typeof value === 'string') {
    const text = value.length > VALUE_SHOWN ? `${value.slice(0, VALUE_SHOWN)}...` : value;
    return `'${text}'`;
  }
  return JSON.stringify(value) ?? String(value);
}

function isCalendarDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

function isDateTime(text: string): boolean {
  const match = DATETIME_PATTERN.exec(text);
  return (
    match !== null &&
    isCalendarDate(match[1]) &&
    Number(match[2]) <= 23 &&
    Number(match[3]) <= 59 &&
    Number(match[4] ?? 0) <= 59
  );
}

function isTime(text: string): boolean {
  const match = TIME_PATTERN.exec(text);
  return (
    match !== null &&
    Number(match[1]) <= 23 &&
    Number(match[2]) <= 59 &&
    Number(match[3] ?? 0) <= 59
  );
}

/** Formats the field's type as Setup shows it: `Number(4,0)`, `Percent(5,2)`. */
function numberTypeLabel(field: FieldDescribe): string {
  if (field.type === 'int') return `Number(${field.digits},0)`;
  const label = { double: 'Number', currency: 'Currency', percent: 'Percent' }[field.type];
  return `${label ?? field.type}(${field.precision},${field.scale})`;
}

function activeValues(field: FieldDescribe): string[] {
  return (field.picklistValues ?? []).filter((entry) => entry.active).map((entry) => entry.value);
}

function listValues(values: string[]): string {
  if (values.length <= PICKLIST_VALUES_SHOWN) return values.join(', ');
  const listed = values.slice(0, PICKLIST_VALUES_SHOWN).join(', ');
  return `${listed} (${values.length} values in all; see the field in Setup)`;
}

type ValueProblem = Pick<PlanProblem, 'errorCode' | 'problem' | 'fix'>;

function typeProblem(value: unknown, problem: string, fix: string): ValueProblem {
  return {
    errorCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD',
    problem: `${shownValue(value)} ${problem}`,
    fix,
  };
}

function checkNumber(field: FieldDescribe, value: unknown): ValueProblem | null {
  const number = typeof value === 'number' ? value : Number(String(value).trim());
  const whole = field.type === 'int';
  if (
    typeof value === 'boolean' ||
    !Number.isFinite(number) ||
    (whole && !Number.isInteger(number))
  ) {
    return whole
      ? typeProblem(value, 'is not a whole number', 'use a whole number such as 3')
      : typeProblem(
          value,
          'is not a number',
          'use a number such as 12.5, without quotes, thousands separators or a % sign',
        );
  }
  // NOTE: the API stores decimal places beyond the field's scale, so only the digits before the
  // decimal point are checked, as the org checks them.
  const integerDigits = whole ? field.digits : field.precision - field.scale;
  if (Math.abs(number) >= 10 ** integerDigits) {
    return {
      errorCode: 'NUMBER_OUTSIDE_VALID_RANGE',
      problem: `${shownValue(value)} is too large for ${numberTypeLabel(field)}`,
      fix: `use at most ${integerDigits} digit${integerDigits === 1 ? '' : 's'} before the decimal point`,
    };
  }
  return null;
}

function checkPicklist(field: FieldDescribe, value: unknown): ValueProblem | null {
  const values = activeValues(field);
  const lower = new Set(values.map((entry) => entry.toLowerCase()));
  const multi = field.type === 'multipicklist';
  const selected = multi ? String(value).split(';') : [String(value)];
  for (const item of selected.map((part) => part.trim()).filter((part) => part !== '')) {
    if (!lower.has(item.toLowerCase())) {
      return {
        errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        problem: `${shownValue(item)} is not a value of the restricted picklist`,
        fix: multi
          ? `use values of ${listValues(values)}, separated by semicolons`
          : `use one of ${listValues(values)}`,
      };
    }
  }
  return null;
}

function checkLength(field: FieldDescribe, value: unknown): ValueProblem | null {
  const text = String(value);
  if (field.length > 0 && text.length > field.length) {
    return {
      errorCode: 'STRING_TOO_LONG',
      problem: `is ${text.length} characters long, more than the field's maximum of ${field.length}`,
      fix: 'shorten it',
    };
  }
  return null;
}

/** Index of the referenceIds of a plan, with the file that defines each, in insert order. */
interface ReferenceIndex {
  /** referenceId to the records that define it, in plan order. */
  defined: Map<string, { ref: RecordRef; fileIndex: number; saveRefs: boolean }[]>;
}

interface RecordContext {
  entry: LoadedPlanEntry;
  fileIndex: number;
  references: ReferenceIndex;
}

function checkReference(
  field: FieldDescribe,
  value: unknown,
  context: RecordContext,
): ValueProblem | null {
  const text = String(value).trim();
  if (!text.startsWith('@')) {
    if (ID_PATTERN.test(text)) return null;
    return {
      errorCode: 'MALFORMED_ID',
      problem: `${shownValue(value)} is not a record Id or an @reference`,
      fix: `use the 18-character Id of a ${(field.referenceTo ?? []).join(' or ')} record, or @ and the referenceId of a record in an earlier file of the plan`,
    };
  }
  if (!context.entry.resolveRefs) {
    return {
      errorCode: 'MALFORMED_ID',
      problem: `${shownValue(value)} is an @reference, but plan entry ${context.entry.number} (${context.entry.sobject}) does not resolve references`,
      fix: 'set "resolveRefs": true on that entry',
    };
  }
  return referenceTargetProblem(value, text.slice(1), context);
}

/** Checks that `@name` names a record that the import saves before it sends this record. */
function referenceTargetProblem(
  value: unknown,
  name: string,
  context: RecordContext,
): ValueProblem | null {
  const targets = context.references.defined.get(name) ?? [];
  const earlier = targets.filter((target) => target.fileIndex < context.fileIndex);
  if (earlier.some((target) => target.saveRefs)) return null;
  const problem = (text: string, fix: string): ValueProblem => ({
    errorCode: 'UNRESOLVED_REFERENCE',
    problem: `${shownValue(value)} ${text}`,
    fix,
  });
  if (targets.length === 0) {
    return problem(
      'names no record of the plan',
      'use @ and the referenceId of a record in an earlier file, or check the spelling',
    );
  }
  if (earlier.length > 0) {
    const target = earlier[0].ref;
    return problem(
      `names ${target.sobject} ${name} (${target.file}), whose plan entry does not save references`,
      'set "saveRefs": true on that entry',
    );
  }
  const target = targets[0].ref;
  return problem(
    `names ${target.sobject} ${name} (${target.file}), which the plan inserts at the same time or later`,
    `move the entry of ${target.file} before the entry of this file; a reference resolves only to records of earlier files`,
  );
}

function checkValue(
  field: FieldDescribe,
  value: unknown,
  context: RecordContext,
): ValueProblem | null {
  if (typeof value === 'object') {
    return typeProblem(value, 'is an object or array', 'use a single value');
  }
  switch (field.type) {
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      return checkNumber(field, value);
    case 'boolean':
      return typeof value === 'boolean' || /^(true|false)$/i.test(String(value).trim())
        ? null
        : typeProblem(value, 'is not a checkbox value', 'use true or false');
    case 'date':
      return typeof value === 'string' && (isCalendarDate(value.trim()) || isDateTime(value.trim()))
        ? null
        : typeProblem(value, 'is not a valid date', 'use YYYY-MM-DD');
    case 'datetime':
      return typeof value === 'string' && (isCalendarDate(value.trim()) || isDateTime(value.trim()))
        ? null
        : typeProblem(
            value,
            'is not a valid datetime',
            'use ISO 8601 with a time zone, such as 2025-06-30T14:00:00.000Z',
          );
    case 'time':
      return typeof value === 'string' && isTime(value)
        ? null
        : typeProblem(value, 'is not a valid time', 'use HH:MM:SS.sssZ, such as 14:00:00.000Z');
    case 'reference':
    case 'id':
      return checkReference(field, value, context);
    case 'picklist':
    case 'multipicklist':
      return field.restrictedPicklist ? checkPicklist(field, value) : checkLength(field, value);
    case 'email':
      if (!EMAIL_PATTERN.test(String(value).trim())) {
        return {
          errorCode: 'INVALID_EMAIL_ADDRESS',
          problem: `${shownValue(value)} is not a valid email address`,
          fix: 'use an address such as name@example.com',
        };
      }
      return checkLength(field, value);
    default:
      return TEXT_TYPES.has(field.type) ? checkLength(field, value) : null;
  }
}

/** Field names of the object within two edits of `name`, for "did you mean" hints. */
function similarFields(describe: ObjectDescribe, name: string): string[] {
  const lower = name.toLowerCase();
  return describe.fields
    .map((field) => field.name)
    .filter((candidate) => editDistance(candidate.toLowerCase(), lower) <= 2);
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

/** Describes sObjects through the connection, once each. */
class DescribeCache {
  private readonly conn: Connection;
  private readonly results = new Map<string, Promise<ObjectDescribe | null>>();

  constructor(conn: Connection) {
    this.conn = conn;
  }

  /** Returns the describe, or null when the org has no such sObject (404 NOT_FOUND). */
  get(name: string): Promise<ObjectDescribe | null> {
    const key = name.toLowerCase();
    let result = this.results.get(key);
    if (result === undefined) {
      result = this.conn.describe(name).then(
        (describe) => describe as unknown as ObjectDescribe,
        (error: unknown) => {
          if ((error as { errorCode?: string }).errorCode === 'NOT_FOUND') return null;
          throw error;
        },
      );
      this.results.set(key, result);
    }
    return result;
  }
}

interface Checker {
  describes: DescribeCache;
  problems: PlanProblem[];
}

/** Checks one record and its nested children against the describe of its object. */
async function checkRecord(
  checker: Checker,
  describe: ObjectDescribe,
  record: TreeRecord,
  ref: RecordRef,
  context: RecordContext,
  parentField: string | null,
): Promise<void> {
  const add = (field: string | null, problem: ValueProblem): void => {
    checker.problems.push({ ref, sobject: ref.sobject, field, ...problem });
  };
  const type = record.attributes?.type;
  if (type !== undefined && type.toLowerCase() !== describe.name.toLowerCase()) {
    add('attributes.type', {
      errorCode: 'INVALID_TYPE',
      problem: `${shownValue(type)} does not match the object ${describe.name}`,
      fix: `set it to ${describe.name}, or move the record to a file of a ${type} entry`,
    });
  }
  if (ref.referenceId === '') {
    add('attributes.referenceId', {
      errorCode: 'INVALID_INPUT',
      problem: 'is missing',
      fix: `add one that is unique in the plan, such as ${describe.name}Ref${ref.record}`,
    });
  }

  const fields = new Map(describe.fields.map((field) => [field.name.toLowerCase(), field]));
  const parents = new Map(
    describe.fields
      .filter((field) => field.relationshipName !== null)
      .map((field) => [String(field.relationshipName).toLowerCase(), field]),
  );
  const children = new Map(
    describe.childRelationships
      .filter((relationship) => relationship.relationshipName !== null)
      .map((relationship) => [String(relationship.relationshipName).toLowerCase(), relationship]),
  );
  const setThroughParent = new Set<string>();
  const nested: { key: string; childSObject: string; field: string; records: TreeRecord[] }[] = [];

  for (const [key, value] of Object.entries(record)) {
    const lower = key.toLowerCase();
    if (lower === 'attributes' || value === undefined) continue;
    const relationship = children.get(lower);
    const nestedRecords = (value as { records?: unknown } | null)?.records;
    if (relationship !== undefined && Array.isArray(nestedRecords)) {
      nested.push({ key, ...relationship, records: nestedRecords as TreeRecord[] });
      continue;
    }
    const parent = parents.get(lower);
    if (parent !== undefined && value !== null && typeof value === 'object') {
      // A parent named by an external Id, such as "Account": { "Ext_Id__c": "A-1" }: the org
      // looks it up, so only the lookup field is marked as set.
      setThroughParent.add(parent.name.toLowerCase());
      continue;
    }
    const field = fields.get(lower);
    if (field === undefined) {
      const similar = similarFields(describe, key);
      add(key, {
        errorCode: 'INVALID_FIELD',
        problem: `is not a field of ${describe.name}`,
        fix:
          similar.length > 0
            ? `did you mean ${similar.join(' or ')}? Check the spelling, or remove it from the file`
            : "check the spelling against the object's fields in Setup, or remove it from the file",
      });
      continue;
    }
    const problem = fieldProblem(field, value, context);
    if (problem !== null) add(field.name, problem);
  }

  const missing = describe.fields.filter(
    (field) =>
      !field.nillable &&
      field.createable &&
      !field.defaultedOnCreate &&
      field.type !== 'boolean' &&
      field.name !== parentField &&
      !setThroughParent.has(field.name.toLowerCase()) &&
      isBlank(record, field.name),
  );
  for (const field of missing) {
    add(field.name, {
      errorCode: 'REQUIRED_FIELD_MISSING',
      problem: 'is required but has no value',
      fix: 'add a value',
    });
  }

  for (const group of nested) {
    const childDescribe = await checker.describes.get(group.childSObject);
    if (childDescribe === null) continue;
    for (const [index, child] of group.records.entries()) {
      const place = `${ref.child === null ? '' : `${ref.child}, `}${group.key} record ${index + 1}`;
      const childRef: RecordRef = {
        sobject: child.attributes?.type ?? childDescribe.name,
        referenceId: child.attributes?.referenceId ?? '',
        file: ref.file,
        record: ref.record,
        child: place,
      };
      await checkRecord(checker, childDescribe, child, childRef, context, group.field);
    }
  }
}

/** Checks one field's value: writable on insert, of the field's type, and in its limits. */
function fieldProblem(
  field: FieldDescribe,
  value: unknown,
  context: RecordContext,
): ValueProblem | null {
  if (field.name.toLowerCase() === 'id') {
    return value === null
      ? null
      : {
          errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
          problem: 'cannot be set in an insert',
          fix: 'remove it, because the org assigns the Id',
        };
  }
  if (!field.createable) {
    return {
      errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
      problem: 'is read-only (a formula, roll-up, auto number or system field)',
      fix: 'remove it from the file',
    };
  }
  if (value === null || value === '') return null;
  const isReference = field.type === 'reference' || field.type === 'id';
  if (!isReference && context.entry.resolveRefs && typeof value === 'string') {
    // The import replaces every @name value of an entry that resolves references.
    if (value.startsWith('@')) return referenceTargetProblem(value, value.slice(1), context);
  }
  return checkValue(field, value, context);
}

function isBlank(record: TreeRecord, fieldName: string): boolean {
  const key = Object.keys(record).find((name) => name.toLowerCase() === fieldName.toLowerCase());
  const value = key === undefined ? undefined : record[key];
  return value === null || value === undefined || value === '';
}

/** Lists a record and its nested children, for the index of referenceIds. */
function recordRefs(
  record: TreeRecord,
  sobject: string,
  file: string,
  number: number,
  child: string | null,
  refs: RecordRef[],
): RecordRef[] {
  refs.push({
    sobject: record.attributes?.type ?? sobject,
    referenceId: record.attributes?.referenceId ?? '',
    file,
    record: number,
    child,
  });
  for (const [key, value] of Object.entries(record)) {
    const nested = (value as { records?: unknown } | null)?.records;
    if (key === 'attributes' || !Array.isArray(nested)) continue;
    (nested as TreeRecord[]).forEach((childRecord, index) => {
      const place = `${child === null ? '' : `${child}, `}${key} record ${index + 1}`;
      const type = childRecord.attributes?.type ?? key;
      recordRefs(childRecord, type, file, number, place, refs);
    });
  }
  return refs;
}

/** Indexes every referenceId of the plan and reports the ones used twice. */
function indexReferences(plan: LoadedPlan, problems: PlanProblem[]): ReferenceIndex {
  const defined: ReferenceIndex['defined'] = new Map();
  let fileIndex = 0;
  for (const entry of plan.entries) {
    for (const file of entry.treeFiles) {
      file.records.forEach((record, index) => {
        for (const ref of recordRefs(record, entry.sobject, file.name, index + 1, null, [])) {
          if (ref.referenceId === '') continue;
          const list = defined.get(ref.referenceId) ?? [];
          const first = list[0]?.ref;
          if (first !== undefined && list.length === 1) {
            problems.push({
              ref,
              sobject: ref.sobject,
              field: 'attributes.referenceId',
              errorCode: 'INVALID_INPUT',
              problem: `${shownValue(ref.referenceId)} is also the referenceId of ${first.sobject} (${first.file}, record ${first.record})`,
              fix: 'give each record of the plan its own referenceId',
            });
          }
          list.push({ ref, fileIndex, saveRefs: entry.saveRefs === true });
          defined.set(ref.referenceId, list);
        }
      });
      fileIndex += 1;
    }
  }
  return { defined };
}

/**
 * Checks every record of `plan` against the org's describe of its sObject, with one describe
 * request per sObject. Returns the problems in plan order, so an empty list means the plan can be
 * sent. Throws when a describe fails for another reason than an unknown sObject.
 */
export async function checkTreePlan(conn: Connection, plan: LoadedPlan): Promise<PlanProblem[]> {
  const problems: PlanProblem[] = [];
  const checker: Checker = { describes: new DescribeCache(conn), problems };
  const references = indexReferences(plan, problems);
  let fileIndex = 0;
  for (const entry of plan.entries) {
    const describe = await checker.describes.get(entry.sobject);
    const entryProblem = (problem: string, fix: string, errorCode: string): void => {
      problems.push({ ref: null, sobject: entry.sobject, field: null, errorCode, problem, fix });
    };
    if (describe === null) {
      entryProblem(
        `the org has no sObject named ${entry.sobject}`,
        'check the "sobject" of this plan entry against the API names in Setup',
        'NOT_FOUND',
      );
    } else if (!describe.createable) {
      entryProblem(
        `the org does not allow inserting ${describe.name} records through the API`,
        'remove the entry from the plan',
        'INVALID_TYPE_FOR_OPERATION',
      );
    }
    for (const file of entry.treeFiles) {
      const context: RecordContext = { entry, fileIndex, references };
      fileIndex += 1;
      if (describe === null || !describe.createable) continue;
      for (const [index, record] of file.records.entries()) {
        const ref: RecordRef = {
          sobject: record.attributes?.type ?? describe.name,
          referenceId: record.attributes?.referenceId ?? '',
          file: file.name,
          record: index + 1,
          child: null,
        };
        await checkRecord(checker, describe, record, ref, context, null);
      }
    }
  }
  return problems;
}

/** Formats a problem as one line: `<sobject> <referenceId> (<file>, record N): <Field> <problem>; <fix>.` */
export function describePlanProblem(problem: PlanProblem, planFile: string): string {
  const subject = problem.field === null ? '' : `${problem.field} `;
  const text = `${subject}${problem.problem}; ${problem.fix}.`;
  const where =
    problem.ref === null ? `${problem.sobject} (${planFile})` : describeRecordRef(problem.ref);
  return `${where}: ${text}`;
}
