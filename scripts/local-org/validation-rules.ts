// Validation rules of the project's objects (objects/*/validationRules), evaluated with formulon on
// every insert and update, as a real org evaluates them. When a child of a roll-up summary is
// inserted, updated or deleted, the parent's rules run too, because a real org saves the parent
// again. formulon lacks ISNEW(), ISCHANGED(), PRIORVALUE() and $Permission, so they are computed
// here from the stored record, the new record and the calling user, and passed in as variables.

import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { extract, parse } from 'formulon';
import { rollUpValue } from './derived-fields.ts';
import { replaceInCode, splitTopLevelAnd, stripComments } from './formula-text.ts';
import {
  checkboxLiteral,
  fieldLiteral,
  multiSelectAsTextLiteral,
  sampleFieldValue,
  valueChanged,
  type FormulaLiteral,
  type FormulaResult,
} from './formula-values.ts';
import { booleanOf, readMetadataFile, textOf } from './metadata-xml.ts';
import type { DeleteContext, LocalOrg, SaveContext } from './org.ts';
import type { Schema, SObjectRecord } from './schema.ts';
import type { FieldDef, ObjectDef } from './schema-types.ts';
import type { RecordTables } from './tables.ts';
import type { OrgUser } from './users.ts';
import { saveError, type SaveError } from './values.ts';

/** A field named in a formula, on the rule's object or reached through lookups. */
interface FieldPath {
  /** As the formula writes it, such as `Opportunity__r.IsWon`. */
  text: string;
  /** Lookup fields followed from the rule's object, in order, with the object each reaches. */
  lookups: { field: FieldDef; target: ObjectDef }[];
  field: FieldDef;
  /** Object that has `field`. */
  object: ObjectDef;
}

type Variable =
  | { kind: 'isNew' }
  | { kind: 'changed'; path: FieldPath }
  | { kind: 'prior'; path: FieldPath; asText: boolean }
  | { kind: 'field'; path: FieldPath; asText: boolean }
  | { kind: 'permission'; permission: string };

/** One condition of a rule's top-level AND (or the whole formula), ready for formulon. */
interface Condition {
  formula: string;
  /** formulon identifier, and what it stands for. */
  variables: [string, Variable][];
  /** Results by variable values, or null for a condition that reads the clock (TODAY, NOW). */
  memo: Map<string, boolean> | null;
}

export interface ValidationRule {
  object: ObjectDef;
  name: string;
  /** Path of the rule's file, relative to the project folder. */
  file: string;
  errorMessage: string;
  /** Field the message is shown on, or null for the top of the page. */
  errorDisplayField: string | null;
  /** The formula's conditions: the rule fires when every one is true. */
  conditions: Condition[];
}

/** The save a rule is evaluated for. */
interface RuleInput {
  org: LocalOrg;
  user: OrgUser;
  isNew: boolean;
  /** Stored record before the save, or the new record itself on insert. */
  oldRecord: SObjectRecord;
  newRecord: SObjectRecord;
  /** Roll-up summary values of the new record that differ from the stored children's. */
  newSummaries?: Map<string, unknown>;
}

/** Roll-up summaries of one parent object over one child object's master-detail field. */
interface RollUpLink {
  parent: ObjectDef;
  foreignKey: FieldDef;
  summaries: FieldDef[];
}

/** Error thrown at startup when rules cannot be evaluated. Its message names each of them. */
export class ValidationRuleError extends Error {}

const PLACEHOLDER_PREFIX = 'LocalOrgRule_';
/** Results kept per condition before its memo is emptied. */
const MEMO_LIMIT = 1000;
/** Functions whose result depends on the clock, so their conditions are not memoized. */
const CLOCK_FUNCTIONS = /\b(TODAY|NOW|TIMENOW)\s*\(/i;

/** Rule folders under objects/ that belong to another object name (Activity fields are Task's). */
const FOLDER_OBJECTS: Record<string, string> = { Activity: 'Task' };

export class ValidationRules {
  readonly rules: ValidationRule[];
  private readonly byObject = new Map<string, ValidationRule[]>();
  private readonly rollUpsByChild = new Map<string, RollUpLink[]>();

  constructor(schema: Schema, rules: ValidationRule[]) {
    this.rules = rules;
    for (const rule of rules) {
      const list = this.byObject.get(rule.object.name) ?? [];
      list.push(rule);
      this.byObject.set(rule.object.name, list);
    }
    for (const parent of schema.objects.values()) {
      for (const field of parent.fields) {
        const summary = field.summary;
        const child = summary === undefined ? undefined : schema.getObject(summary.childObject);
        const foreignKey = child?.fieldsByLowerName.get(summary?.foreignKey.toLowerCase() ?? '');
        if (child === undefined || foreignKey === undefined) continue;
        const links = this.rollUpsByChild.get(child.name) ?? [];
        let link = links.find(
          (entry) => entry.parent === parent && entry.foreignKey === foreignKey,
        );
        if (link === undefined) {
          link = { parent, foreignKey, summaries: [] };
          links.push(link);
        }
        link.summaries.push(field);
        this.rollUpsByChild.set(child.name, links);
      }
    }
  }

  rulesOf(object: ObjectDef): ValidationRule[] {
    return this.byObject.get(object.name) ?? [];
  }

  /**
   * Runs the rules of the saved record's object. When they pass and the object is the child of a
   * roll-up summary, runs the rules of each parent whose summary the save recalculates, because a
   * real org saves that parent again: a parent rule that fires makes the child's save fail.
   */
  checkSave(context: SaveContext): SaveError[] {
    const { org, object, oldRecord, newRecord, user } = context;
    const errors = this.failures(object, {
      org,
      user,
      isNew: oldRecord === null,
      oldRecord: oldRecord ?? newRecord,
      newRecord,
    });
    if (errors.length > 0) return errors;

    const parentErrors: SaveError[] = [];
    for (const link of this.rollUpsByChild.get(object.name) ?? []) {
      const parentIds = new Set([
        newRecord[link.foreignKey.name],
        oldRecord?.[link.foreignKey.name],
      ]);
      for (const parentId of parentIds) {
        if (typeof parentId !== 'string') continue;
        const removed = new Set([newRecord.Id as string]);
        parentErrors.push(
          ...this.checkParentSave(org, user, object, link, parentId, removed, [newRecord]),
        );
      }
    }
    return parentErrors;
  }

  /** Runs the rules of each parent whose roll-up summaries lose the deleted children. */
  checkDelete(context: DeleteContext): SaveError[] {
    const { org, deleted, user } = context;
    const removedByObject = new Map<string, Set<string>>();
    for (const [id, entry] of deleted) {
      const ids = removedByObject.get(entry.object.name) ?? new Set<string>();
      ids.add(id);
      removedByObject.set(entry.object.name, ids);
    }
    const errors: SaveError[] = [];
    const checked = new Set<string>();
    for (const entry of deleted.values()) {
      for (const link of this.rollUpsByChild.get(entry.object.name) ?? []) {
        const parentId = entry.record[link.foreignKey.name];
        if (typeof parentId !== 'string' || deleted.has(parentId)) continue;
        const key = `${link.parent.name}.${link.foreignKey.name}:${parentId}`;
        if (checked.has(key)) continue;
        checked.add(key);
        const removed = removedByObject.get(entry.object.name) as Set<string>;
        errors.push(...this.checkParentSave(org, user, entry.object, link, parentId, removed, []));
      }
    }
    return errors;
  }

  /**
   * Evaluates a parent's rules for the save that a roll-up recalculation causes. Only the
   * summaries change, so ISCHANGED() is false for every other field, and ISNEW() is false.
   */
  private checkParentSave(
    org: LocalOrg,
    user: OrgUser,
    child: ObjectDef,
    link: RollUpLink,
    parentId: string,
    removed: Set<string>,
    added: SObjectRecord[],
  ): SaveError[] {
    if (this.rulesOf(link.parent).length === 0) return [];
    const parentRecord = org.getRecordOf(link.parent, parentId, false);
    if (parentRecord === undefined) return [];
    const children = childrenAfterSave(org, child, link.foreignKey, parentId, removed, added);
    const newSummaries = new Map<string, unknown>();
    for (const summary of link.summaries) {
      newSummaries.set(summary.name, rollUpValue(org.schema, children, summary, parentId));
    }
    // NOTE: the parent's own roll-up parents are not saved again in turn.
    const errors = this.failures(link.parent, {
      org,
      user,
      isNew: false,
      oldRecord: parentRecord,
      newRecord: parentRecord,
      newSummaries,
    });
    // The display field belongs to the parent, which the child's save result cannot point at.
    // NOTE: no real org's response to this case was available, so the empty fields are a guess.
    return errors.map((error) => ({ ...error, fields: [] }));
  }

  /**
   * Evaluates every rule of the object and returns the errors of those that fire, as a real org
   * reports every failing rule at once.
   * NOTE: rules run in file-name order, which orders the errors. A real org's order is not known.
   */
  private failures(object: ObjectDef, input: RuleInput): SaveError[] {
    const errors: SaveError[] = [];
    for (const rule of this.rulesOf(object)) {
      let fires: boolean;
      try {
        fires = evaluateRule(rule, input);
      } catch (error) {
        const message =
          `The local org could not evaluate validation rule ${rule.object.name}.${rule.name} ` +
          `(${rule.file}) on record ${String(input.newRecord.Id)}, so the save was rejected: ` +
          `${(error as Error).message}. Fix the formula or deactivate the rule.`;
        process.stderr.write(`local-org: ${message}\n`);
        errors.push(saveError('UNKNOWN_EXCEPTION', message));
        continue;
      }
      if (fires) {
        const fields = rule.errorDisplayField === null ? [] : [rule.errorDisplayField];
        errors.push(saveError('FIELD_CUSTOM_VALIDATION_EXCEPTION', rule.errorMessage, fields));
      }
    }
    return errors;
  }
}

/**
 * Returns a view of the children of one parent as they are after a save, in the two methods of
 * RecordTables that rollUpValue reads, so that the summary is computed by the org's own code.
 */
function childrenAfterSave(
  org: LocalOrg,
  child: ObjectDef,
  foreignKey: FieldDef,
  parentId: string,
  removed: Set<string>,
  added: SObjectRecord[],
): RecordTables {
  const records = new Map<string, SObjectRecord>();
  for (const record of org.childRecords(child, foreignKey, parentId)) {
    if (!removed.has(record.Id as string)) records.set(record.Id as string, record);
  }
  for (const record of added) {
    if (record[foreignKey.name] === parentId) records.set(record.Id as string, record);
  }
  const view: Pick<RecordTables, 'childIds' | 'table'> = {
    childIds: () => new Set(records.keys()),
    table: () => records,
  };
  return view as unknown as RecordTables;
}

// ---- Evaluation ---------------------------------------------------------------------------------

/**
 * Reads a field of the rule's own record before or after the save, with roll-up summaries as the
 * org computes them, or as the save changes them.
 */
function ownValue(
  input: RuleInput,
  object: ObjectDef,
  version: 'old' | 'new',
  field: FieldDef,
): unknown {
  const record = version === 'old' ? input.oldRecord : input.newRecord;
  if (field.summary !== undefined) {
    if (version === 'new' && input.newSummaries?.has(field.name)) {
      return input.newSummaries.get(field.name);
    }
    return input.org.valueOf(object, record, field);
  }
  return record[field.name] ?? null;
}

/** Reads a field of the new record, following lookups to the stored parent records. */
function pathValue(input: RuleInput, root: ObjectDef, path: FieldPath): unknown {
  if (path.lookups.length === 0) return ownValue(input, root, 'new', path.field);
  let id = input.newRecord[path.lookups[0].field.name];
  let record: SObjectRecord | undefined;
  for (let index = 0; index < path.lookups.length; index++) {
    if (typeof id !== 'string') return null;
    const { target } = path.lookups[index];
    record = input.org.getRecordOf(target, id, false);
    if (record === undefined) return null;
    const next = path.lookups[index + 1];
    if (next !== undefined) id = record[next.field.name];
  }
  return input.org.valueOf(path.object, record as SObjectRecord, path.field);
}

function variableLiteral(
  rule: ValidationRule,
  variable: Variable,
  input: RuleInput,
): FormulaLiteral {
  switch (variable.kind) {
    case 'isNew':
      return checkboxLiteral(input.isNew);
    case 'permission':
      return checkboxLiteral(
        input.user.customPermissions.some(
          (name) => name.toLowerCase() === variable.permission.toLowerCase(),
        ),
      );
    case 'changed': {
      // ISCHANGED() is false on insert.
      if (input.isNew) return checkboxLiteral(false);
      const { field } = variable.path;
      const before = ownValue(input, rule.object, 'old', field);
      const after = ownValue(input, rule.object, 'new', field);
      return checkboxLiteral(valueChanged(before, after));
    }
    case 'prior': {
      // PRIORVALUE() returns the current value on insert.
      const value = ownValue(input, rule.object, input.isNew ? 'new' : 'old', variable.path.field);
      return variable.asText
        ? multiSelectAsTextLiteral(value)
        : fieldLiteral(variable.path.field, value);
    }
    case 'field': {
      const value = pathValue(input, rule.object, variable.path);
      return variable.asText
        ? multiSelectAsTextLiteral(value)
        : fieldLiteral(variable.path.field, value);
    }
  }
}

function memoKey(literals: FormulaLiteral[]): string {
  return JSON.stringify(literals.map((literal) => literal.value));
}

/** Evaluates one condition. Throws when formulon returns an error or a value of another type. */
function evaluateCondition(
  condition: Condition,
  identifiers: Record<string, FormulaLiteral>,
): boolean {
  const result = parse(condition.formula, identifiers) as FormulaResult;
  if (result.type === 'error') {
    throw new Error(`${result.errorType ?? 'error'}: ${result.message ?? 'formulon failed'}`);
  }
  // A blank result (formulon's null) does not fire the rule.
  if (result.dataType === 'null') return false;
  if (result.dataType !== 'checkbox') {
    throw new Error(
      `the condition ${condition.formula} returns ${String(result.dataType)}, not a Checkbox`,
    );
  }
  return result.value === true;
}

/** Returns whether the rule fires for the save: every condition of its formula is true. */
function evaluateRule(rule: ValidationRule, input: RuleInput): boolean {
  for (const condition of rule.conditions) {
    const identifiers: Record<string, FormulaLiteral> = {};
    const literals: FormulaLiteral[] = [];
    for (const [name, variable] of condition.variables) {
      const literal = variableLiteral(rule, variable, input);
      identifiers[name] = literal;
      literals.push(literal);
    }
    let result: boolean | undefined;
    const key = condition.memo === null ? '' : memoKey(literals);
    result = condition.memo?.get(key);
    if (result === undefined) {
      result = evaluateCondition(condition, identifiers);
      if (condition.memo !== null) {
        if (condition.memo.size >= MEMO_LIMIT) condition.memo.clear();
        condition.memo.set(key, result);
      }
    }
    // Salesforce's AND stops at the first false condition.
    if (!result) return false;
  }
  return true;
}

// ---- Loading ------------------------------------------------------------------------------------

interface RuleSource {
  folder: string;
  file: string;
  path: string;
}

function listRuleFiles(objectsDir: string): RuleSource[] {
  if (!existsSync(objectsDir)) return [];
  const sources: RuleSource[] = [];
  for (const folder of readdirSync(objectsDir).sort()) {
    const dir = join(objectsDir, folder, 'validationRules');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      if (file.endsWith('.validationRule-meta.xml')) {
        sources.push({ folder, file, path: join(dir, file) });
      }
    }
  }
  return sources;
}

function readCustomPermissions(metadataDir: string): Set<string> {
  const dir = join(metadataDir, 'customPermissions');
  const names = new Set<string>();
  if (!existsSync(dir)) return names;
  for (const file of readdirSync(dir)) {
    const suffix = '.customPermission-meta.xml';
    if (file.endsWith(suffix)) names.add(file.slice(0, -suffix.length).toLowerCase());
  }
  return names;
}

/** Resolves `Field__c` or `Lookup__r.Field__c` from `object`, or throws with the reason. */
function resolvePath(schema: Schema, object: ObjectDef, text: string): FieldPath {
  const steps = text.split('.');
  const lookups: FieldPath['lookups'] = [];
  let current = object;
  for (const step of steps.slice(0, -1)) {
    const lookup = current.parentRelationships.get(step.toLowerCase());
    if (lookup === undefined) {
      throw new Error(`${step} is not a relationship of ${current.name} (in ${text})`);
    }
    if ((lookup.referenceTo ?? []).length !== 1) {
      throw new Error(`${step} is a polymorphic relationship, which the local org does not follow`);
    }
    const target = schema.getObject((lookup.referenceTo as string[])[0]);
    if (target === undefined) throw new Error(`object ${String(lookup.referenceTo)} not found`);
    lookups.push({ field: lookup, target });
    current = target;
  }
  const name = steps[steps.length - 1];
  const field = current.fieldsByLowerName.get(name.toLowerCase());
  if (field === undefined) throw new Error(`field ${name} not found on ${current.name}`);
  if (field.calculated && field.summary === undefined) {
    throw new Error(`${text} is a formula field, which the local org does not compute`);
  }
  return { text, lookups, field, object: current };
}

/**
 * Replaces ISNEW(), ISCHANGED(field) and PRIORVALUE(field) with variables, and a multi-select
 * picklist inside ISBLANK() or ISNULL() with a text variable. Returns the new formula.
 */
function replaceValidationFunctions(
  schema: Schema,
  object: ObjectDef,
  formula: string,
  variables: Map<string, Variable>,
): string {
  let counter = 0;
  const add = (label: string, variable: Variable): string => {
    const name = `${PLACEHOLDER_PREFIX}${label}${counter++}`;
    variables.set(name, variable);
    return name;
  };
  const ownField = (functionName: string, reference: string): FieldPath => {
    const path = resolvePath(schema, object, reference);
    if (path.lookups.length > 0) {
      throw new Error(`${functionName}(${reference}) names a field of another object`);
    }
    return path;
  };

  let text = replaceInCode(formula, /\bISNEW\s*\(\s*\)/gi, () => add('IsNew', { kind: 'isNew' }));
  text = replaceInCode(text, /\bISCHANGED\s*\(\s*([$\w.]+)\s*\)/gi, (_match, reference) =>
    add('Changed', { kind: 'changed', path: ownField('ISCHANGED', reference) }),
  );
  text = replaceInCode(text, /\bPRIORVALUE\s*\(\s*([$\w.]+)\s*\)/gi, (_match, reference) =>
    add('Prior', { kind: 'prior', path: ownField('PRIORVALUE', reference), asText: false }),
  );
  text = replaceInCode(
    text,
    /\b(ISBLANK|ISNULL)\s*\(\s*([$\w.]+)\s*\)/gi,
    (match, functionName, reference) => {
      const existing = variables.get(reference);
      if (existing?.kind === 'prior' && existing.path.field.type === 'multipicklist') {
        existing.asText = true;
        return match;
      }
      if (reference.startsWith('$') || existing !== undefined) return match;
      const path = resolvePath(schema, object, reference);
      if (path.field.type !== 'multipicklist') return match;
      return `${functionName}(${add('Text', { kind: 'field', path, asText: true })})`;
    },
  );
  // A call left over has arguments these functions do not take, such as ISCHANGED(TEXT(X)).
  let leftover: string | undefined;
  replaceInCode(text, /\b(ISNEW|ISCHANGED|PRIORVALUE)\s*\(/gi, (match, functionName) => {
    leftover ??= functionName.toUpperCase();
    return match;
  });
  if (leftover !== undefined) {
    const expected = leftover === 'ISNEW' ? 'no argument' : 'one field name';
    throw new Error(`${leftover}() must take ${expected}`);
  }
  return text;
}

/** Builds the conditions of a formula and the variables each one reads. */
function compileConditions(
  schema: Schema,
  object: ObjectDef,
  formula: string,
  permissions: Set<string>,
): Condition[] {
  const variables = new Map<string, Variable>();
  const rewritten = replaceValidationFunctions(schema, object, stripComments(formula), variables);
  return splitTopLevelAnd(rewritten).map((text): Condition => {
    let identifiers: string[];
    try {
      identifiers = extract(text);
    } catch (error) {
      throw new Error(`formula syntax error in ${text}: ${(error as Error).message}`);
    }
    const conditionVariables: [string, Variable][] = identifiers.map((identifier) => {
      const placeholder = variables.get(identifier);
      if (placeholder !== undefined) return [identifier, placeholder];
      if (identifier.toLowerCase().startsWith('$permission.')) {
        const permission = identifier.slice('$permission.'.length);
        if (!permissions.has(permission.toLowerCase())) {
          throw new Error(
            `custom permission ${permission} is not defined in customPermissions/${permission}.customPermission-meta.xml`,
          );
        }
        return [identifier, { kind: 'permission', permission }];
      }
      if (identifier.startsWith('$')) {
        throw new Error(`${identifier}: the local org supplies no global variable but $Permission`);
      }
      return [
        identifier,
        { kind: 'field', path: resolvePath(schema, object, identifier), asText: false },
      ];
    });
    return {
      formula: text,
      variables: conditionVariables,
      memo: CLOCK_FUNCTIONS.test(text) ? null : new Map(),
    };
  });
}

/** Literal of a variable in the startup check: every value blank, or every value set. */
function sampleLiteral(variable: Variable, filled: boolean): FormulaLiteral {
  switch (variable.kind) {
    case 'isNew':
    case 'changed':
    case 'permission':
      return checkboxLiteral(filled);
    case 'prior':
    case 'field': {
      const value = filled ? sampleFieldValue(variable.path.field) : null;
      return variable.asText
        ? multiSelectAsTextLiteral(value)
        : fieldLiteral(variable.path.field, value);
    }
  }
}

/** Evaluates each condition with blank values, then with set values, and throws on any error. */
function checkConditions(conditions: Condition[]): void {
  for (const condition of conditions) {
    for (const filled of [false, true]) {
      const identifiers: Record<string, FormulaLiteral> = {};
      for (const [name, variable] of condition.variables) {
        identifiers[name] = sampleLiteral(variable, filled);
      }
      evaluateCondition(condition, identifiers);
    }
  }
}

/**
 * Compiles one rule file. Returns the rule, null for an inactive rule or a rule of an object the
 * local org does not have, or the problem that keeps the rule from being evaluated.
 */
function compileRule(
  schema: Schema,
  projectDir: string,
  source: RuleSource,
  permissions: Set<string>,
): ValidationRule | null | string {
  const file = relative(projectDir, source.path);
  const objectName = FOLDER_OBJECTS[source.folder] ?? source.folder;
  const object = schema.getObject(objectName);
  const name = source.file.slice(0, -'.validationRule-meta.xml'.length);
  if (object === undefined) {
    schema.warnings.push(
      `${file}: object ${objectName} is not in the local org, rule not evaluated`,
    );
    return null;
  }
  const label = `Validation rule ${object.name}.${name} (${file})`;
  try {
    const xml = readMetadataFile(source.path, 'ValidationRule');
    if (booleanOf(xml, 'active') !== true) return null;
    const formula = textOf(xml, 'errorConditionFormula');
    const errorMessage = textOf(xml, 'errorMessage');
    if (formula === undefined) throw new Error('it has no errorConditionFormula');
    if (errorMessage === undefined) throw new Error('it has no errorMessage');
    const displayName = textOf(xml, 'errorDisplayField');
    const displayField =
      displayName === undefined
        ? undefined
        : object.fieldsByLowerName.get(displayName.toLowerCase());
    if (displayName !== undefined && displayField === undefined) {
      throw new Error(`errorDisplayField ${displayName} is not a field of ${object.name}`);
    }
    const conditions = compileConditions(schema, object, formula, permissions);
    checkConditions(conditions);
    return {
      object,
      name: textOf(xml, 'fullName') ?? name,
      file,
      errorMessage,
      errorDisplayField: displayField?.name ?? null,
      conditions,
    };
  } catch (error) {
    return `${label}: ${(error as Error).message}`;
  }
}

/**
 * Reads and compiles every active validation rule under force-app/main/default/objects. Throws a
 * ValidationRuleError naming each rule that formulon cannot evaluate, so that no rule is skipped
 * without notice. Rules of objects the local org does not have are listed in schema.warnings.
 */
export function loadValidationRules(schema: Schema, projectDir: string): ValidationRules {
  const metadataDir = join(projectDir, 'force-app', 'main', 'default');
  const permissions = readCustomPermissions(metadataDir);
  const rules: ValidationRule[] = [];
  const problems: string[] = [];
  for (const source of listRuleFiles(join(metadataDir, 'objects'))) {
    const compiled = compileRule(schema, projectDir, source, permissions);
    if (typeof compiled === 'string') problems.push(compiled);
    else if (compiled !== null) rules.push(compiled);
  }
  if (problems.length > 0) {
    throw new ValidationRuleError(
      `The local org cannot evaluate ${problems.length} validation rule(s). Fix each formula, or ` +
        `set <active>false</active> in the rule's file:\n` +
        problems.map((problem) => `- ${problem}`).join('\n'),
    );
  }
  return new ValidationRules(schema, rules);
}

/** Loads the project's validation rules and runs them on every save and delete of the org. */
export function installValidationRules(org: LocalOrg, projectDir: string): ValidationRules {
  const rules = loadValidationRules(org.schema, projectDir);
  org.beforeSave.push((context) => rules.checkSave(context));
  org.beforeDelete.push((context) => rules.checkDelete(context));
  return rules;
}
