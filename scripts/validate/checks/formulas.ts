// Formulas of validation rules and formula fields: every field they name exists, and the
// functions get arguments of the right type. formulon parses and type-checks the formula. It
// lacks the validation-rule functions ISNEW, ISCHANGED and PRIORVALUE and the $Permission
// variable, so this module resolves them before formulon evaluates the formula with sample values.
import { ast as parseAst, extract, parse as evaluate } from 'formulon';
import {
  getObject,
  key,
  objectFolder,
  resolvePath,
  type FieldInfo,
  type Schema,
} from '../schema.ts';
import { text } from '../xml.ts';
import type { CheckInput, Problem } from './problem.ts';

interface AstNode {
  type: string;
  id?: string;
  name?: string;
  arguments?: AstNode[];
  value?: unknown;
  dataType?: string;
  message?: string;
  errorType?: string;
}

interface Literal {
  type: 'literal';
  dataType: string;
  value: unknown;
  options: Record<string, unknown>;
}

export type FormulaKind = 'validation rule' | 'formula field';

/** Functions only validation rules (and a few automation features) may call. */
const VALIDATION_ONLY_FUNCTIONS = new Set(['isnew', 'ischanged', 'priorvalue']);

/** Global variables whose fields are not catalogued; references to them are not type-checked. */
const UNCHECKED_GLOBALS = new Set([
  '$organization',
  '$setup',
  '$api',
  '$system',
  '$recordtype',
  '$custommetadata',
  '$site',
  '$network',
  '$objecttype',
  '$userrole',
]);

const SAMPLE_DATE = new Date(Date.UTC(2024, 0, 15));
const SAMPLE_DATETIME = new Date(Date.UTC(2024, 0, 15, 12, 0, 0));

interface Segment {
  code: boolean;
  text: string;
}

/** Splits a formula into code and string literals, dropping comments (`/* ... *\/`). */
export function splitFormula(formula: string): Segment[] {
  const segments: Segment[] = [];
  let code = '';
  let index = 0;
  while (index < formula.length) {
    const char = formula[index];
    if (char === '/' && formula[index + 1] === '*') {
      const end = formula.indexOf('*/', index + 2);
      index = end === -1 ? formula.length : end + 2;
      code += ' ';
      continue;
    }
    if (char === '"' || char === "'") {
      segments.push({ code: true, text: code });
      code = '';
      let literal = char;
      index += 1;
      while (index < formula.length) {
        const next = formula[index];
        literal += next;
        index += 1;
        if (next === '\\' && index < formula.length) {
          literal += formula[index];
          index += 1;
        } else if (next === char) {
          break;
        }
      }
      segments.push({ code: false, text: literal });
      continue;
    }
    code += char;
    index += 1;
  }
  segments.push({ code: true, text: code });
  return segments.filter((segment) => segment.text !== '');
}

function join(segments: Segment[]): string {
  return segments.map((segment) => segment.text).join('');
}

/**
 * Replaces the validation-rule functions with expressions of the same type that formulon supports:
 * ISNEW() and ISCHANGED(field) with FALSE, PRIORVALUE(field) with the field itself.
 */
export function replaceValidationFunctions(segments: Segment[]): Segment[] {
  return segments.map((segment) =>
    segment.code
      ? {
          code: true,
          text: segment.text
            .replace(/\bISNEW\s*\(\s*\)/gi, 'FALSE')
            .replace(/\bISCHANGED\s*\(\s*([$\w.]+)\s*\)/gi, 'FALSE')
            .replace(/\bPRIORVALUE\s*\(\s*([$\w.]+)\s*\)/gi, '$1'),
        }
      : segment,
  );
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Salesforce accepts a multi-select picklist in ISBLANK and ISNULL, formulon 6.25 does not: the
 * field inside them is replaced with a Text variable of the same name plus a suffix.
 */
function replaceBlankChecks(
  segments: Segment[],
  references: Reference[],
  variables: Record<string, Literal>,
): Segment[] {
  const multiSelect = references.filter(
    (reference) => reference.field?.type === 'MultiselectPicklist',
  );
  if (multiSelect.length === 0) return segments;
  return segments.map((segment) => {
    if (!segment.code) return segment;
    let code = segment.text;
    for (const reference of multiSelect) {
      const alias = `${reference.name}_as_text`;
      const pattern = new RegExp(
        `\\b(ISBLANK|ISNULL)\\s*\\(\\s*${escapeRegExp(reference.name)}\\s*\\)`,
        'gi',
      );
      if (!pattern.test(code)) continue;
      code = code.replace(pattern, `$1(${alias})`);
      variables[alias] = {
        type: 'literal',
        dataType: 'text',
        value: 'x',
        options: { length: 4099 },
      };
    }
    return { code: true, text: code };
  });
}

function formulonType(field: FieldInfo): string | undefined {
  switch (field.type) {
    case 'Number':
    case 'Currency':
    case 'Percent':
    case 'Summary':
      return 'number';
    case 'Checkbox':
      return 'checkbox';
    case 'Date':
      return 'date';
    case 'DateTime':
      return 'datetime';
    case 'Time':
      return 'time';
    case 'Picklist':
      return 'picklist';
    case 'MultiselectPicklist':
      return 'multipicklist';
    case 'Location':
      return 'geolocation';
    case 'Address':
      return undefined;
    default:
      return 'text';
  }
}

/** Returns a non-null value of the field's type, so that formulon checks every argument's type. */
export function sampleLiteral(field: FieldInfo): Literal | undefined {
  const dataType = formulonType(field);
  const node = field.node;
  switch (dataType) {
    case 'number': {
      const precision = Number(text(node, 'precision') ?? 18);
      const scale = Number(text(node, 'scale') ?? 0);
      return { type: 'literal', dataType, value: 1, options: { length: precision - scale, scale } };
    }
    case 'checkbox':
      return { type: 'literal', dataType, value: false, options: {} };
    case 'date':
      return { type: 'literal', dataType, value: SAMPLE_DATE, options: {} };
    case 'datetime':
    case 'time':
      return { type: 'literal', dataType, value: SAMPLE_DATETIME, options: {} };
    case 'picklist': {
      const values = field.picklistValues ?? ['value'];
      return { type: 'literal', dataType, value: values[0] ?? 'value', options: { values } };
    }
    case 'multipicklist': {
      const values = field.picklistValues ?? ['value'];
      return { type: 'literal', dataType, value: values.slice(0, 1), options: { values } };
    }
    case 'geolocation':
      return { type: 'literal', dataType, value: [0, 0], options: {} };
    case 'text':
      return { type: 'literal', dataType, value: 'x', options: { length: 255 } };
    default:
      return undefined;
  }
}

const CHECKBOX: Literal = { type: 'literal', dataType: 'checkbox', value: false, options: {} };

interface Reference {
  name: string;
  literal?: Literal;
  field?: FieldInfo;
}

interface Analysis {
  messages: string[];
  references: Reference[];
}

function resolveReference(
  schema: Schema,
  object: string,
  name: string,
): Reference & { error?: string } {
  if (!name.startsWith('$')) {
    const resolved = resolvePath(schema, object, name);
    if (resolved.error !== undefined) return { name, error: resolved.error };
    return { name, field: resolved.field, literal: sampleLiteral(resolved.field) };
  }
  const [global, ...rest] = name.split('.');
  const path = rest.join('.');
  const scope = key(global);
  if (scope === '$permission') {
    if (!schema.customPermissions.has(key(path))) {
      return {
        name,
        error: `custom permission ${path} is not defined: add customPermissions/${path}.customPermission-meta.xml`,
      };
    }
    return { name, literal: CHECKBOX };
  }
  if (scope === '$label') {
    if (!schema.labels.has(key(path))) {
      return {
        name,
        error: `custom label ${path} is not defined in labels/CustomLabels.labels-meta.xml`,
      };
    }
    return {
      name,
      literal: { type: 'literal', dataType: 'text', value: 'x', options: { length: 1000 } },
    };
  }
  const objectByGlobal: Record<string, string> = { $user: 'User', $profile: 'Profile' };
  const globalObject = objectByGlobal[scope];
  if (globalObject) {
    const resolved = resolvePath(schema, globalObject, path);
    if (resolved.error !== undefined) return { name, error: `${global}: ${resolved.error}` };
    return { name, field: resolved.field, literal: sampleLiteral(resolved.field) };
  }
  if (UNCHECKED_GLOBALS.has(scope)) return { name };
  return { name, error: `${global} is not a global variable of formulas` };
}

function walk(node: AstNode, visit: (node: AstNode) => void): void {
  visit(node);
  for (const argument of node.arguments ?? []) walk(argument, visit);
}

const COMPARISONS = new Set([
  'greaterThan',
  'greaterThanOrEqual',
  'lessThan',
  'lessThanOrEqual',
  'equal',
  'unequal',
]);

/** Returns the messages for one formula evaluated on `object`. */
export function analyzeFormula(
  schema: Schema,
  object: string,
  formula: string,
  kind: FormulaKind,
): Analysis {
  const messages: string[] = [];
  const segments = splitFormula(formula);
  const withoutComments = join(segments);
  if (withoutComments.trim() === '') {
    return { messages: ['the formula is empty'], references: [] };
  }
  const tree = parseAst(withoutComments) as AstNode;
  if (tree.type === 'error') {
    return { messages: [`formula syntax error: ${tree.message ?? 'unknown'}`], references: [] };
  }

  const names = new Set(extract(withoutComments));
  walk(tree, (node) => {
    if (node.type !== 'callExpression' || !node.id) return;
    const id = node.id.toLowerCase();
    if (VALIDATION_ONLY_FUNCTIONS.has(id) && kind !== 'validation rule') {
      messages.push(
        `${id.toUpperCase()}() is available in validation rules only, not in a ${kind}`,
      );
    }
    if ((id === 'ischanged' || id === 'priorvalue') && node.arguments?.[0]?.type !== 'identifier') {
      messages.push(`${id.toUpperCase()}() takes one field, not an expression`);
    }
    if (id === 'isnew' && (node.arguments?.length ?? 0) > 0) {
      messages.push('ISNEW() takes no arguments');
    }
  });

  const references: Reference[] = [];
  let typeable = true;
  for (const name of names) {
    const reference = resolveReference(schema, object, name);
    if (reference.error) {
      messages.push(`${name}: ${reference.error}`);
      typeable = false;
      continue;
    }
    references.push(reference);
    if (!reference.literal) typeable = false;
  }

  messages.push(...percentComparisons(tree, references));

  if (typeable && messages.length === 0) {
    const variables: Record<string, Literal> = {};
    for (const reference of references)
      if (reference.literal) variables[reference.name] = reference.literal;
    const rewritten = join(
      replaceBlankChecks(replaceValidationFunctions(splitFormula(formula)), references, variables),
    );
    const result = evaluate(rewritten, variables) as AstNode;
    if (result.type === 'error') {
      // NOTE: formulon 6.25 lacks a few functions (ISNUMBER, CURRENCYRATE); such formulas are only
      // checked for their field references.
      if (result.errorType !== 'NotImplementedError') {
        messages.push(`${result.message ?? result.errorType ?? 'invalid formula'}`);
      }
    } else if (
      kind === 'validation rule' &&
      result.dataType !== 'checkbox' &&
      result.dataType !== 'null'
    ) {
      messages.push(
        `a validation rule formula must return a Checkbox (true when the record is invalid), but this one returns ${result.dataType}`,
      );
    }
  }
  return { messages, references };
}

/**
 * Finds comparisons of a Percent field with a number above 1 or below -1: in formulas a Percent
 * field is a fraction (90 % is 0.9), so such a comparison is almost always meant as `/ 100`.
 */
function percentComparisons(tree: AstNode, references: Reference[]): string[] {
  const percentFields = new Set(
    references
      .filter((reference) => reference.field?.type === 'Percent')
      .map((reference) => reference.name),
  );
  const messages: string[] = [];
  walk(tree, (node) => {
    if (node.type !== 'callExpression' || !COMPARISONS.has(node.id ?? '')) return;
    const [left, right] = node.arguments ?? [];
    for (const [fieldNode, literalNode] of [
      [left, right],
      [right, left],
    ]) {
      if (fieldNode?.type !== 'identifier' || !percentFields.has(fieldNode.name ?? '')) continue;
      const value = literalNode?.type === 'literal' ? literalNode.value : undefined;
      if (typeof value === 'number' && Math.abs(value) > 1) {
        messages.push(
          `${fieldNode.name} is a Percent field, which formulas read as a fraction (90 % is 0.9), but it is compared with ${value}: write ${value / 100}`,
        );
      }
    }
  });
  return messages;
}

const MAX_ERROR_MESSAGE_LENGTH = 255;

export function checkFormulas({ project, schema }: CheckInput): Problem[] {
  const problems: Problem[] = [];
  for (const document of project.documents) {
    if (document.error) continue;
    const object = objectFolder(document.file);
    if (!object) continue;
    const objects = object === 'Activity' ? ['Task', 'Event'] : [object];
    if (document.suffix === 'validationRule') {
      const formula = text(document.node, 'errorConditionFormula') ?? '';
      for (const target of objects) {
        if (!getObject(schema, target)) continue;
        for (const message of analyzeFormula(schema, target, formula, 'validation rule').messages) {
          problems.push({
            file: document.file,
            message: `validation rule ${target}.${document.name}, <errorConditionFormula>: ${message}.`,
          });
        }
      }
      problems.push(
        ...checkRuleElements(document.file, document.name, document.node, objects[0], schema),
      );
    } else if (document.suffix === 'field') {
      const formula = text(document.node, 'formula');
      if (formula === undefined) continue;
      for (const target of objects) {
        if (!getObject(schema, target)) continue;
        for (const message of analyzeFormula(schema, target, formula, 'formula field').messages) {
          problems.push({
            file: document.file,
            message: `formula field ${target}.${document.name}, <formula>: ${message}.`,
          });
        }
      }
    }
  }
  return problems;
}

function checkRuleElements(
  file: string,
  name: string,
  node: Record<string, unknown>,
  object: string,
  schema: Schema,
): Problem[] {
  const problems: Problem[] = [];
  const message = text(node, 'errorMessage');
  if (!message) {
    problems.push({
      file,
      message: `validation rule ${name} has no <errorMessage>: add the text users see.`,
    });
  } else if (message.length > MAX_ERROR_MESSAGE_LENGTH) {
    problems.push({
      file,
      message: `<errorMessage> of validation rule ${name} has ${message.length} characters: shorten it to ${MAX_ERROR_MESSAGE_LENGTH}.`,
    });
  }
  if (text(node, 'active') === undefined) {
    problems.push({
      file,
      message: `validation rule ${name} has no <active>: add <active>true</active>.`,
    });
  }
  const displayField = text(node, 'errorDisplayField');
  if (displayField && !getObject(schema, object)?.fields.has(key(displayField))) {
    problems.push({
      file,
      message: `<errorDisplayField>${displayField}</errorDisplayField> of validation rule ${name} is not a field of ${object}: name a field of ${object} or remove the element to show the error at the top of the page.`,
    });
  }
  return problems;
}
