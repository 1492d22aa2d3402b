// Resolution of the package directories by @salesforce/source-deploy-retrieve, the library behind
// `sf project deploy start`: it rejects unknown folders and suffixes, and lists the files each
// component deploys, so the checks can find the files it would skip.
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Problem } from './checks/problem.ts';

export interface ResolvedComponent {
  type: string;
  fullName: string;
  /** Metadata file, relative to the project directory. */
  xml?: string;
}

export interface SdrResult {
  /** Package version of the library. */
  version: string;
  components: ResolvedComponent[];
  /** Files that a deploy sends, relative to the project directory. */
  deployedFiles: Set<string>;
  /** Files that .forceignore excludes, relative to the project directory. */
  ignoredFiles: Set<string>;
  /** Warnings the library emitted while it resolved the source. */
  warnings: string[];
}

interface SourceComponentLike {
  fullName: string;
  xml?: string;
  content?: string;
  type: { name: string; children?: unknown };
  walkContent(): string[];
  getChildren(): SourceComponentLike[];
}

interface SdrModule {
  ComponentSet: {
    fromSource(options: { fsPaths: string[] }): {
      getSourceComponents(): { toArray(): SourceComponentLike[] };
    };
  };
  ForceIgnore: { findAndCreate(seed: string): { denies(path: string): boolean } };
}

interface LifecycleInstance {
  onWarning(listener: (warning: string) => Promise<void>): void;
}

interface CoreModule {
  Lifecycle: { getInstance(): LifecycleInstance };
}

export const SDR_PACKAGE = '@salesforce/source-deploy-retrieve';

/**
 * Loads @salesforce/source-deploy-retrieve as resolved from the project directory. Throws an
 * error that names the fix when the package is not resolvable.
 */
export async function loadSdr(dir: string): Promise<{ sdr: SdrModule; version: string }> {
  const require = createRequire(join(dir, 'package.json'));
  let entry: string;
  let version: string;
  try {
    entry = require.resolve(SDR_PACKAGE);
    version = (require(`${SDR_PACKAGE}/package.json`) as { version: string }).version;
  } catch {
    throw new Error(
      `${SDR_PACKAGE} is not resolvable from ${dir}: add it to devDependencies (it ships with @salesforce/cli) and run npm install.`,
    );
  }
  const sdr = (await import(pathToFileURL(entry).href)) as SdrModule;
  return { sdr, version };
}

function toRelative(dir: string, path: string): string {
  return relative(dir, path).split(sep).join('/');
}

/** Files a component deploys: its metadata file, its children's, and a bundle's content files. */
function deployedFilesOf(component: SourceComponentLike): string[] {
  const files: string[] = [];
  if (component.xml) files.push(component.xml);
  const children = component.type.children ? component.getChildren() : [];
  if (component.type.children) {
    // A decomposed type (CustomObject) deploys only the child files it recognises.
    for (const childComponent of children) files.push(...deployedFilesOf(childComponent));
  } else {
    files.push(...component.walkContent());
  }
  return files;
}

export async function resolveSource(
  dir: string,
  packageDirs: string[],
  allFiles: string[],
): Promise<SdrResult> {
  const { sdr, version } = await loadSdr(dir);
  const warnings: string[] = [];
  const lifecycle = await loadLifecycle(dir);
  lifecycle?.onWarning(async (warning) => {
    warnings.push(warning);
  });
  const fsPaths = packageDirs.map((packageDir) => join(dir, packageDir));
  const set = sdr.ComponentSet.fromSource({ fsPaths });
  const components: ResolvedComponent[] = [];
  const deployedFiles = new Set<string>();
  for (const component of set.getSourceComponents().toArray()) {
    components.push({
      type: component.type.name,
      fullName: component.fullName,
      xml: component.xml ? toRelative(dir, component.xml) : undefined,
    });
    for (const childComponent of component.type.children ? component.getChildren() : []) {
      components.push({
        type: childComponent.type.name,
        fullName: childComponent.fullName,
        xml: childComponent.xml ? toRelative(dir, childComponent.xml) : undefined,
      });
    }
    for (const file of deployedFilesOf(component)) deployedFiles.add(toRelative(dir, file));
  }
  const forceIgnore = sdr.ForceIgnore.findAndCreate(fsPaths[0]);
  const ignoredFiles = new Set(allFiles.filter((file) => forceIgnore.denies(join(dir, file))));
  return { version, components, deployedFiles, ignoredFiles, warnings };
}

/** Loads the @salesforce/core event bus on which the library emits its warnings. */
async function loadLifecycle(dir: string): Promise<LifecycleInstance | undefined> {
  try {
    const require = createRequire(join(dir, 'package.json'));
    const entry = require.resolve('@salesforce/core');
    const core = (await import(pathToFileURL(entry).href)) as CoreModule;
    return core.Lifecycle.getInstance();
  } catch {
    return undefined;
  }
}

/** Turns the library's warnings into problems, naming the file when the warning starts with it. */
export function warningProblems(dir: string, warnings: string[]): Problem[] {
  return warnings.map((warning) => {
    const match = /^(\/[^:]+):\s*(.*)$/s.exec(warning);
    return match
      ? { file: toRelative(dir, match[1]), message: `source-deploy-retrieve: ${match[2]}` }
      : { file: '', message: `source-deploy-retrieve: ${warning}` };
  });
}
