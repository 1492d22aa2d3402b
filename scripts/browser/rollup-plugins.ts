// Rollup plugins that stand in for the Salesforce platform's module compiler in the browser
// build: `@salesforce/schema/...` and `@salesforce/label/c.*` imports resolved from force-app,
// the user's time zone from the page, and TypeScript stripped from the local platform modules.

import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { Plugin } from 'rollup';
import ts from 'typescript';
import { loadSchema, type Schema } from '../local-org/schema.ts';

const SCHEMA_PREFIX = '@salesforce/schema/';
const LABEL_PREFIX = '@salesforce/label/c.';
const TIME_ZONE_MODULE = '@salesforce/i18n/timeZone';
const LOCALE_MODULE = '@salesforce/i18n/locale';
const APEX_MODULE = '@salesforce/apex';
/** Rollup's convention for ids that no file backs: a leading NUL keeps other plugins away. */
const VIRTUAL = '\0salesforce:';

/** Reads CustomLabels.labels-meta.xml and returns each label's value by its full name. */
export function readCustomLabels(labelsFile: string): Map<string, string> {
  const parser = new XMLParser({
    parseTagValue: false,
    trimValues: false,
    isArray: (name) => name === 'labels',
  });
  const document = parser.parse(readFileSync(labelsFile, 'utf8')) as {
    CustomLabels?: { labels?: { fullName?: string; value?: string }[] };
  };
  const labels = new Map<string, string>();
  for (const label of document.CustomLabels?.labels ?? []) {
    if (typeof label.fullName === 'string') {
      labels.set(label.fullName.trim(), String(label.value ?? ''));
    }
  }
  return labels;
}

/**
 * Checks a schema reference such as `Account.Deal_Context_Opportunity__r.Name` against the
 * schema and returns the object and the field path, as the platform's compiler does at deploy.
 */
export function resolveSchemaReference(
  schema: Schema,
  reference: string,
): { objectApiName: string; fieldApiName?: string } {
  const [objectName, ...path] = reference.split('.');
  let object = schema.getObject(objectName);
  if (object === undefined) {
    throw new Error(
      `@salesforce/schema/${reference}: the object ${objectName} is not in force-app nor in the ` +
        'standard objects the local org knows; check the spelling of the import.',
    );
  }
  const objectApiName = object.name;
  if (path.length === 0) return { objectApiName };
  const names: string[] = [];
  path.forEach((segment, index) => {
    const current = object!;
    const isLast = index === path.length - 1;
    if (isLast) {
      const field = current.fieldsByLowerName.get(segment.toLowerCase());
      if (field === undefined) {
        throw new Error(
          `@salesforce/schema/${reference}: ${current.name} has no field ${segment}; check the ` +
            'import against the field metadata in force-app.',
        );
      }
      names.push(field.name);
      return;
    }
    const lookup = current.parentRelationships.get(segment.toLowerCase());
    const parentName = lookup?.referenceTo?.[0];
    const parent = parentName === undefined ? undefined : schema.getObject(parentName);
    if (lookup === undefined || parent === undefined || lookup.relationshipName === undefined) {
      throw new Error(
        `@salesforce/schema/${reference}: ${current.name} has no relationship ${segment}; a ` +
          'path names lookups by their relationship name, such as Account or Opportunity__r.',
      );
    }
    names.push(lookup.relationshipName);
    object = parent;
  });
  return { objectApiName, fieldApiName: names.join('.') };
}

export interface SalesforceModulesOptions {
  /** Folder with sfdx-project.json and force-app. */
  projectDir: string;
  /** Module that implements `@salesforce/apex` (refreshApex). */
  apexModule: string;
}

/**
 * Resolves the scoped modules that the Salesforce platform generates: schema references, custom
 * labels in the `c` namespace, `@salesforce/i18n/timeZone` and `@salesforce/i18n/locale` (read
 * from the page, because they are the signed-in user's) and `@salesforce/apex`. Other `@salesforce/label/*` and `@salesforce/i18n/*`
 * imports are left to lightning-base-components' module records.
 */
export function salesforceModules(options: SalesforceModulesOptions): Plugin {
  let schema: Schema | undefined;
  let labels: Map<string, string> | undefined;
  const labelsFile = join(
    options.projectDir,
    'force-app/main/default/labels/CustomLabels.labels-meta.xml',
  );
  return {
    name: 'salesforce-modules',
    buildStart() {
      schema = loadSchema({ projectDir: options.projectDir, keyPrefixes: {} });
      labels = readCustomLabels(labelsFile);
      this.addWatchFile(labelsFile);
    },
    resolveId(source) {
      if (source.startsWith(SCHEMA_PREFIX))
        return `${VIRTUAL}schema/${source.slice(SCHEMA_PREFIX.length)}`;
      if (source.startsWith(LABEL_PREFIX))
        return `${VIRTUAL}label/${source.slice(LABEL_PREFIX.length)}`;
      if (source === TIME_ZONE_MODULE) return `${VIRTUAL}timeZone`;
      if (source === LOCALE_MODULE) return `${VIRTUAL}locale`;
      if (source === APEX_MODULE) return options.apexModule;
      return null;
    },
    load(id) {
      if (!id.startsWith(VIRTUAL)) return null;
      const key = id.slice(VIRTUAL.length);
      if (key.startsWith('schema/')) {
        const reference = resolveSchemaReference(schema as Schema, key.slice('schema/'.length));
        return `export default ${JSON.stringify(reference)};`;
      }
      if (key.startsWith('label/')) {
        const name = key.slice('label/'.length);
        const value = labels?.get(name);
        if (value === undefined) {
          throw new Error(
            `@salesforce/label/c.${name}: no custom label ${name} in ${labelsFile}; add it there.`,
          );
        }
        return `export default ${JSON.stringify(value)};`;
      }
      if (key === 'timeZone') {
        // The page sets globalThis.localPlatform before the bundle loads; GMT is the local org's.
        return 'export default globalThis.localPlatform?.user?.timeZone ?? "GMT";';
      }
      if (key === 'locale') {
        return 'export default globalThis.localPlatform?.user?.locale ?? "en-US";';
      }
      return null;
    },
  };
}

/**
 * Strips the types from the TypeScript files under `roots` (the local platform modules and the
 * preview shell) before the LWC compiler transforms them. It uses the settings of force-app's LWC
 * tsconfig, so that decorators stay as written.
 */
export function stripTypeScript(roots: string[]): Plugin {
  const prefixes = roots.map((root) => (root.endsWith(sep) ? root : root + sep));
  return {
    name: 'strip-typescript',
    transform(code, id) {
      if (!id.endsWith('.ts') || !prefixes.some((prefix) => id.startsWith(prefix))) return null;
      const output = ts.transpileModule(code, {
        fileName: id,
        compilerOptions: {
          target: ts.ScriptTarget.ESNext,
          module: ts.ModuleKind.ESNext,
          useDefineForClassFields: true,
          experimentalDecorators: false,
          verbatimModuleSyntax: true,
          sourceMap: false,
        },
      });
      return { code: output.outputText, map: null };
    },
  };
}
