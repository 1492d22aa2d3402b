// Lightning web component bundles: each has its JavaScript (or the TypeScript that `npm run build`
// compiles to it) and its .js-meta.xml, and every platform module it imports exists: fields and
// objects of `@salesforce/schema`, custom labels, custom permissions, Apex methods, `c/` modules.
import { getObject, key, resolvePath, type Schema } from '../schema.ts';
import type { MetadataDocument, Project } from '../project.ts';
import { text } from '../xml.ts';
import type { CheckInput, Problem } from './problem.ts';

export interface Bundle {
  name: string;
  /** Folder of the bundle, relative to the project directory. */
  dir: string;
  files: string[];
}

/** Bundle folders (`.../lwc/<name>/`) with the files they hold outside `__tests__`. */
export function findBundles(files: string[]): Bundle[] {
  const bundles = new Map<string, Bundle>();
  for (const file of files) {
    const match = /^(.*\/lwc)\/([^/]+)\/(.+)$/.exec(file);
    if (!match) continue;
    const [, lwcDir, name, rest] = match;
    if (rest.startsWith('__tests__/') || rest.includes('/__tests__/')) continue;
    const dir = `${lwcDir}/${name}`;
    const bundle = bundles.get(dir) ?? { name, dir, files: [] };
    bundle.files.push(file);
    bundles.set(dir, bundle);
  }
  return [...bundles.values()];
}

/**
 * LWC folder names start with a lowercase letter and contain letters, digits and single
 * underscores, not at the end.
 */
const BUNDLE_NAME = /^[a-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*$/;

const IMPORT =
  /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** Module specifiers imported by a JavaScript or TypeScript source, with their line numbers. */
export function importsOf(source: string): { specifier: string; line: number }[] {
  const imports: { specifier: string; line: number }[] = [];
  for (const match of source.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    const offset = (match.index ?? 0) + match[0].indexOf(specifier);
    imports.push({ specifier, line: source.slice(0, offset).split('\n').length });
  }
  return imports;
}

function checkImport(
  specifier: string,
  schema: Schema,
  bundleNames: Set<string>,
  apexClasses: Set<string>,
): string | undefined {
  if (specifier.startsWith('@salesforce/schema/')) {
    const path = specifier.slice('@salesforce/schema/'.length);
    const [object, ...rest] = path.split('.');
    if (!getObject(schema, object)) {
      return `object ${object} is neither in force-app nor a known standard object`;
    }
    if (rest.length === 0) return undefined;
    const resolved = resolvePath(schema, object, rest.join('.'));
    return resolved.error;
  }
  if (specifier.startsWith('@salesforce/label/')) {
    const name = specifier.slice('@salesforce/label/'.length).replace(/^c\./, '');
    return schema.labels.has(key(name))
      ? undefined
      : `custom label ${name} is not defined: add it to labels/CustomLabels.labels-meta.xml`;
  }
  if (specifier.startsWith('@salesforce/customPermission/')) {
    const name = specifier.slice('@salesforce/customPermission/'.length);
    return schema.customPermissions.has(key(name))
      ? undefined
      : `custom permission ${name} is not defined: add customPermissions/${name}.customPermission-meta.xml`;
  }
  if (specifier.startsWith('@salesforce/apex/')) {
    const className = specifier.slice('@salesforce/apex/'.length).split('.')[0];
    return apexClasses.has(key(className))
      ? undefined
      : `Apex class ${className} is not in force-app: add classes/${className}.cls or remove the import`;
  }
  if (specifier.startsWith('c/')) {
    const name = specifier.slice(2);
    return bundleNames.has(name) ? undefined : `there is no LWC bundle lwc/${name}`;
  }
  return undefined;
}

/** Sources to scan: the TypeScript of each module, and JavaScript that has no TypeScript. */
function scannedSources(bundle: Bundle, sources: Map<string, string>): [string, string][] {
  const scanned: [string, string][] = [];
  for (const file of bundle.files) {
    const text = sources.get(file);
    if (text === undefined || file.endsWith('.d.ts')) continue;
    if (file.endsWith('.js') && bundle.files.includes(file.replace(/\.js$/, '.ts'))) continue;
    if (file.endsWith('.js') || file.endsWith('.ts')) scanned.push([file, text]);
  }
  return scanned;
}

export function checkBundleFiles(
  bundle: Bundle,
  metaFiles: Map<string, MetadataDocument>,
): Problem[] {
  const problems: Problem[] = [];
  const has = (suffix: string) => bundle.files.includes(`${bundle.dir}/${bundle.name}${suffix}`);
  if (!BUNDLE_NAME.test(bundle.name)) {
    problems.push({
      file: bundle.dir,
      message: `LWC bundle name ${bundle.name} is invalid: start with a lowercase letter and use letters, digits and single underscores (camelCase).`,
    });
  }
  if (!has('.js') && !has('.ts')) {
    problems.push({
      file: bundle.dir,
      message: `LWC bundle ${bundle.name} has neither ${bundle.name}.js nor ${bundle.name}.ts: add the component's module (TypeScript is compiled to .js by npm run build).`,
    });
  }
  const meta = metaFiles.get(`${bundle.dir}/${bundle.name}.js-meta.xml`);
  if (!meta) {
    problems.push({
      file: bundle.dir,
      message: `LWC bundle ${bundle.name} has no ${bundle.name}.js-meta.xml: add one with <apiVersion> and <isExposed>.`,
    });
  } else if (!meta.error && meta.root === 'LightningComponentBundle') {
    if (!/^\d+\.0$/.test(text(meta.node, 'apiVersion') ?? '')) {
      problems.push({
        file: meta.file,
        message: `<apiVersion> is missing or invalid: set the project's sourceApiVersion, such as <apiVersion>68.0</apiVersion>.`,
      });
    }
  }
  return problems;
}

export function checkLwc({ project, schema }: CheckInput): Problem[] {
  return checkLwcBundles(project, schema);
}

export function checkLwcBundles(
  project: Pick<Project, 'files' | 'documents' | 'sources'>,
  schema: Schema,
): Problem[] {
  const bundles = findBundles(project.files);
  const bundleNames = new Set(bundles.map((bundle) => bundle.name));
  const apexClasses = new Set(
    project.documents
      .filter((document) => document.suffix === 'cls')
      .map((document) => key(document.name)),
  );
  const metaFiles = new Map(
    project.documents
      .filter((document) => document.suffix === 'js')
      .map((document) => [document.file, document]),
  );
  const problems: Problem[] = [];
  for (const bundle of bundles) {
    problems.push(...checkBundleFiles(bundle, metaFiles));
    for (const [file, text] of scannedSources(bundle, project.sources)) {
      for (const { specifier, line } of importsOf(text)) {
        const error = checkImport(specifier, schema, bundleNames, apexClasses);
        if (error) {
          problems.push({ file, message: `line ${line}: import '${specifier}': ${error}.` });
        }
      }
    }
  }
  return problems;
}
