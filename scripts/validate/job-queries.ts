// Extraction of the SOQL that the scoring job sends, from its TypeScript source: literal queries
// (`SELECT ... FROM X` in strings and template literals, with each `${...}` replaced by a
// placeholder that keeps the syntax) and calls that pass an object name with a field list from
// a data module, such as `queryRecords(ctx, 'Account', ACCOUNT_FIELDS, where)`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

export interface JobQuery {
  /** Source file, relative to the project directory. */
  file: string;
  line: number;
  /** Complete SOQL, when the source has one. */
  soql?: string;
  /** Object and field names, when the source is a call with a field list. */
  object?: string;
  fields?: string[];
  /** Name of the field list in the source, such as ACCOUNT_FIELDS. */
  fieldList?: string;
  /** WHERE conditions passed to the same call. */
  conditions?: string[];
  /** Field names passed to the same call as strings, such as 'Opportunity__c'. */
  fieldArguments?: string[];
  /** Parts of the query that the source builds at run time and that are not checked. */
  unchecked: string[];
}

/** Prefix of the placeholder values put in place of `${...}` in a WHERE clause. */
export const PLACEHOLDER_PREFIX = 'validate_placeholder_';

const SELECT_START = /^\s*SELECT\s/i;

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

interface Expansion {
  text: string;
  unchecked: string[];
}

function stringValue(node: ts.Expression): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return undefined;
}

/**
 * Expands a template literal into SOQL text. A substitution becomes a value placeholder after an
 * operator or `(`, `Id` in the field list, and is dropped when it is an optional clause
 * (`cond ? ' WHERE ...' : ''`).
 */
function expandTemplate(
  node: ts.TemplateExpression,
  source: ts.SourceFile,
  counter: { next: number },
): Expansion {
  let text = node.head.text;
  const unchecked: string[] = [];
  for (const span of node.templateSpans) {
    const expression = span.expression;
    const before = text.trimEnd();
    const code = expression.getText(source);
    if (ts.isConditionalExpression(expression)) {
      const whenTrue = expression.whenTrue;
      const whenFalse = expression.whenFalse;
      const emptyFalse = stringValue(whenFalse) === '';
      const branch = emptyFalse ? whenTrue : stringValue(whenTrue) === '' ? whenFalse : undefined;
      if (branch && ts.isTemplateExpression(branch)) {
        const inner = expandTemplate(branch, source, counter);
        text += inner.text;
        unchecked.push(...inner.unchecked);
      } else if (branch && stringValue(branch) !== undefined) {
        text += stringValue(branch);
      } else {
        unchecked.push(code);
      }
    } else if (/\bFROM$/i.test(before)) {
      text += `${PLACEHOLDER_PREFIX}object`;
      unchecked.push(`object ${code}`);
    } else if (/\(\s*$/.test(text)) {
      text += `'${PLACEHOLDER_PREFIX}${counter.next++}'`;
    } else if (/(=|<|>|\bIN|\bLIKE|\bINCLUDES|\bEXCLUDES)$/i.test(before)) {
      text += `:${PLACEHOLDER_PREFIX}${counter.next++}`;
    } else if (/\b(WHERE|AND|OR|NOT)$/i.test(before)) {
      text += 'Id != null';
      unchecked.push(`condition ${code}`);
    } else if (/\b(ORDER|GROUP)\s+BY$/i.test(before)) {
      text += 'Id';
      unchecked.push(`ordering ${code}`);
    } else if (/\b(LIMIT|OFFSET)$/i.test(before)) {
      text += '1';
    } else if (SELECT_START.test(text) && !/\bFROM\b/i.test(text)) {
      text += 'Id';
      unchecked.push(`fields ${code}`);
    } else {
      unchecked.push(code);
    }
    text += span.literal.text;
  }
  return { text, unchecked };
}

/** Returns the text of a string or template literal, with placeholders for substitutions. */
function literalText(
  node: ts.Node,
  source: ts.SourceFile,
  counter: { next: number },
): Expansion | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return { text: node.text, unchecked: [] };
  }
  if (ts.isTemplateExpression(node)) return expandTemplate(node, source, counter);
  return undefined;
}

function isNestedTemplate(node: ts.Node): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (ts.isTemplateExpression(parent)) return true;
  }
  return false;
}

/** Statements that make a module safe to import for its values: declarations only. */
function isDeclarationOnly(source: ts.SourceFile): boolean {
  return source.statements.every(
    (statement) =>
      ts.isImportDeclaration(statement) ||
      ts.isExportDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isFunctionDeclaration(statement) ||
      (ts.isVariableStatement(statement) &&
        (statement.declarationList.flags & ts.NodeFlags.Const) !== 0),
  );
}

interface ImportBinding {
  module: string;
  exportName: string;
}

function importBindings(source: ts.SourceFile, file: string): Map<string, ImportBinding> {
  const bindings = new Map<string, ImportBinding>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier))
      continue;
    const specifier = statement.moduleSpecifier.text;
    if (!specifier.startsWith('.')) continue;
    const named = statement.importClause?.namedBindings;
    if (!named || !ts.isNamedImports(named)) continue;
    for (const element of named.elements) {
      bindings.set(element.name.text, {
        module: resolve(dirname(file), specifier),
        exportName: (element.propertyName ?? element.name).text,
      });
    }
  }
  return bindings;
}

/** Loads a field list, an exported array of `{ name }`, from a declaration-only module. */
async function loadFieldList(binding: ImportBinding): Promise<string[] | undefined> {
  if (!existsSync(binding.module)) return undefined;
  const moduleSource = ts.createSourceFile(
    binding.module,
    readFileSync(binding.module, 'utf8'),
    ts.ScriptTarget.ESNext,
    true,
  );
  if (!isDeclarationOnly(moduleSource)) return undefined;
  const exports = (await import(pathToFileURL(binding.module).href)) as Record<string, unknown>;
  const value = exports[binding.exportName];
  if (!Array.isArray(value)) return undefined;
  const names = value.map((entry) =>
    entry !== null &&
    typeof entry === 'object' &&
    typeof (entry as { name?: unknown }).name === 'string'
      ? (entry as { name: string }).name
      : undefined,
  );
  return names.every((name) => name !== undefined) ? (names as string[]) : undefined;
}

const OBJECT_NAME = /^[A-Z][A-Za-z0-9_]*$/;
const CUSTOM_FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*__c$/;

/** Extracts the queries of one source file. */
export async function extractQueries(dir: string, file: string, text: string): Promise<JobQuery[]> {
  const absolute = join(dir, file);
  const source = ts.createSourceFile(absolute, text, ts.ScriptTarget.ESNext, true);
  const bindings = importBindings(source, absolute);
  const queries: JobQuery[] = [];
  const calls: { node: ts.CallExpression; index: number; binding: ImportBinding }[] = [];

  const visit = (node: ts.Node): void => {
    if (
      (ts.isStringLiteral(node) ||
        ts.isNoSubstitutionTemplateLiteral(node) ||
        ts.isTemplateExpression(node)) &&
      !isNestedTemplate(node)
    ) {
      const expansion = literalText(node, source, { next: 0 });
      if (expansion && SELECT_START.test(expansion.text)) {
        queries.push({
          file,
          line: lineOf(source, node),
          soql: expansion.text.trim(),
          unchecked: expansion.unchecked,
        });
      }
    }
    if (ts.isCallExpression(node)) {
      node.arguments.forEach((argument, index) => {
        const next = node.arguments[index + 1];
        if (
          !ts.isStringLiteral(argument) ||
          !OBJECT_NAME.test(argument.text) ||
          !next ||
          !ts.isIdentifier(next)
        )
          return;
        const binding = bindings.get(next.text);
        if (binding) calls.push({ node, index, binding });
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);

  for (const { node, index, binding } of calls) {
    const fields = await loadFieldList(binding);
    if (!fields) continue;
    const conditions: string[] = [];
    const fieldArguments: string[] = [];
    const unchecked: string[] = [];
    for (const argument of node.arguments.slice(index + 2)) {
      const expansion = literalText(argument, source, { next: 0 });
      if (!expansion) continue;
      if (CUSTOM_FIELD_NAME.test(expansion.text)) fieldArguments.push(expansion.text);
      else if (expansion.text.trim() !== '') conditions.push(expansion.text);
      unchecked.push(...expansion.unchecked);
    }
    queries.push({
      file,
      line: lineOf(source, node),
      object: (node.arguments[index] as ts.StringLiteral).text,
      fields,
      fieldList: binding.exportName,
      conditions,
      fieldArguments,
      unchecked,
    });
  }
  return queries;
}

/** Extracts the queries of every job source in `sources` (path to text). */
export async function extractJobQueries(
  dir: string,
  sources: Map<string, string>,
  jobDir: string,
): Promise<JobQuery[]> {
  const queries: JobQuery[] = [];
  const prefix = `${jobDir.split(sep).join('/')}/`;
  for (const [file, text] of sources) {
    if (!file.startsWith(prefix) || !file.endsWith('.ts')) continue;
    queries.push(...(await extractQueries(dir, file, text)));
  }
  return queries;
}
