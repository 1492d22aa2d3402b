// Loading of a Salesforce DX project for the checks: every file of its package directories, the
// parsed XML of every `*-meta.xml` file, and the text of the sources that the checks scan (LWC
// JavaScript and TypeScript, the scoring job's TypeScript).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import type { JobQuery } from './job-queries.ts';
import { parseXml, type XmlNode } from './xml.ts';

export interface MetadataDocument {
  /** Path relative to the project directory, with `/` separators. */
  file: string;
  /** `field` for `Name.field-meta.xml`. */
  suffix: string;
  /** `Name` for `Name.field-meta.xml`. */
  name: string;
  /** Root element, '' when the file is not well formed. */
  root: string;
  node: XmlNode;
  /** Parser message when the file is not well formed. */
  error?: string;
}

export interface Project {
  dir: string;
  /** Package directories from sfdx-project.json, relative to `dir`. */
  packageDirs: string[];
  /** Every file under the package directories, relative to `dir`, with `/` separators. */
  files: string[];
  documents: MetadataDocument[];
  /** Text of LWC `.js`/`.ts`/`.html` files and of the scoring job's `.ts` files, by path. */
  sources: Map<string, string>;
  /** SOQL of the scoring job, filled by `extractJobQueries`. */
  jobQueries: JobQuery[];
}

/** Folder of the scoring job, whose SOQL the checks read. */
export const JOB_DIR = 'scripts/job';

const META_SUFFIX = /^(.+)\.([A-Za-z0-9]+)-meta\.xml$/;

export function readPackageDirs(dir: string): string[] {
  const projectFile = join(dir, 'sfdx-project.json');
  if (!existsSync(projectFile)) {
    throw new Error(
      `sfdx-project.json not found in ${dir}: pass the project folder as --project-dir`,
    );
  }
  const project = JSON.parse(readFileSync(projectFile, 'utf8')) as {
    packageDirectories?: { path: string }[];
  };
  const dirs = (project.packageDirectories ?? []).map((entry) => posix.normalize(entry.path));
  if (dirs.length === 0) {
    throw new Error(`${projectFile} lists no packageDirectories: add { "path": "force-app" }`);
  }
  return dirs;
}

export function listFiles(dir: string, base: string): string[] {
  const found: string[] = [];
  const root = join(base, dir);
  if (!existsSync(root)) return found;
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) found.push(relative(base, path).split(sep).join('/'));
    }
  };
  walk(root);
  return found.sort();
}

export function parseDocument(file: string, xml: string): MetadataDocument {
  const baseName = posix.basename(file);
  const match = META_SUFFIX.exec(baseName);
  const parsed = parseXml(xml);
  return {
    file,
    suffix: match ? match[2] : '',
    name: match ? match[1] : baseName,
    root: parsed.root,
    node: parsed.node,
    error: parsed.error,
  };
}

function isScannedSource(file: string): boolean {
  if (/\/lwc\/[^/]+\/.+\.(js|ts|html)$/.test(file)) return !file.includes('/__tests__/');
  return false;
}

export function loadProject(dir: string): Project {
  const packageDirs = readPackageDirs(dir);
  const files = packageDirs.flatMap((packageDir) => listFiles(packageDir, dir));
  const documents: MetadataDocument[] = [];
  const sources = new Map<string, string>();
  for (const file of files) {
    if (file.endsWith('-meta.xml')) {
      documents.push(parseDocument(file, readFileSync(join(dir, file), 'utf8')));
    } else if (isScannedSource(file)) {
      sources.set(file, readFileSync(join(dir, file), 'utf8'));
    }
  }
  for (const file of listFiles(JOB_DIR, dir)) {
    if (file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts')) {
      sources.set(file, readFileSync(join(dir, file), 'utf8'));
    }
  }
  return { dir, packageDirs, files, documents, sources, jobQueries: [] };
}
