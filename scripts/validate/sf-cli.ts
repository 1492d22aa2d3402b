// Runs the project's own sf CLI (node_modules/.bin/sf) offline: `project convert source` and
// `project generate manifest`, each in a throwaway HOME and SF_DATA_DIR so that nothing reads
// or writes the user's sf state, and with telemetry and update checks off.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, sep } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

export interface SfRun {
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Parsed `--json` output, when stdout was JSON. */
  json?: { status?: number; message?: string; name?: string; result?: unknown };
}

/** Limit per sf command; a conversion of this project takes about 2 s on 2 cores. */
const SF_TIMEOUT_MS = 120_000;

export function sfBinary(dir: string): string {
  return join(dir, 'node_modules', '.bin', 'sf');
}

export function offlineEnv(dir: string, home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // The project's node_modules/.bin first, so the CLI finds itself and not a global sf.
    PATH: [join(dir, 'node_modules', '.bin'), process.env.PATH ?? ''].join(delimiter),
    HOME: home,
    SF_DATA_DIR: join(home, 'data'),
    SF_DISABLE_TELEMETRY: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    // The update hook of @oclif/plugin-update reads only SF_DISABLE_AUTOUPDATE: without it, sf
    // 2.150.6 spawns `sf update --autoupdate` in the background on the first run.
    SF_DISABLE_AUTOUPDATE: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    NO_COLOR: '1',
  };
}

export function runSf(dir: string, args: string[], home: string): Promise<SfRun> {
  const binary = sfBinary(dir);
  const command = `sf ${args.join(' ')}`;
  if (!existsSync(binary)) {
    return Promise.resolve({
      command,
      exitCode: 127,
      stdout: '',
      stderr: `${binary} not found: run npm install (the sf CLI is the devDependency @salesforce/cli).`,
    });
  }
  return new Promise((resolve) => {
    execFile(
      binary,
      [...args, '--json'],
      { cwd: dir, env: offlineEnv(dir, home), timeout: SF_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        let exitCode = 0;
        if (error !== null && typeof error.code === 'number') {
          exitCode = error.code;
        } else if (error !== null) {
          // A process killed at the timeout reports 124, as timeout(1) does.
          exitCode = error.killed ? 124 : 1;
        }
        let json: SfRun['json'];
        try {
          json = JSON.parse(stdout) as SfRun['json'];
        } catch {
          json = undefined;
        }
        resolve({ command, exitCode, stdout, stderr, json });
      },
    );
  });
}

export interface SfCliResult {
  name: string;
  problems: { file: string; message: string }[];
  detail: string;
}

function failureMessage(run: SfRun): string {
  const reason = run.json?.message ?? (run.stderr.trim() || run.stdout.trim() || 'no output');
  return `\`${run.command}\` failed with exit code ${run.exitCode}: ${reason.slice(0, 2000)}`;
}

/** Returns the failure as a problem on the file the CLI names, or on the source folders. */
function failureProblem(
  dir: string,
  sourceDirs: string[],
  run: SfRun,
): { file: string; message: string } {
  const message = failureMessage(run);
  const prefix = `${dir}${sep}`;
  const start = message.indexOf(prefix);
  if (start === -1) return { file: sourceDirs.join(', '), message };
  const path = /^[^\s:'"[\](),]+/.exec(message.slice(start + prefix.length))?.[0] ?? '';
  return {
    file: path.split(sep).join('/') || sourceDirs.join(', '),
    message: message.split(prefix).join(''),
  };
}

export function withTempDir<T>(prefix: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return work(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

function listRecursive(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) found.push(join(entry.parentPath, entry.name));
  }
  return found;
}

/** Members per metadata type in a package.xml. */
export function readManifest(xml: string): Map<string, string[]> {
  const parser = new XMLParser({
    parseTagValue: false,
    isArray: (name) => ['types', 'members'].includes(name),
  });
  const parsed = parser.parse(xml) as {
    Package?: { types?: { name: string; members?: string[] }[] };
  };
  const members = new Map<string, string[]>();
  for (const type of parsed.Package?.types ?? []) members.set(type.name, type.members ?? []);
  return members;
}

/**
 * Runs `sf project convert source` into a temporary folder and checks that it wrote a
 * package.xml listing `expected` (type to member names), plus one converted file per object.
 */
export async function checkConvert(
  dir: string,
  sourceDirs: string[],
  expected: Map<string, string[]>,
): Promise<SfCliResult> {
  return withTempDir('validate-convert-', async (temp) => {
    const output = join(temp, 'mdapi');
    const args = ['project', 'convert', 'source', '--output-dir', output];
    for (const sourceDir of sourceDirs) args.push('--source-dir', sourceDir);
    const run = await runSf(dir, args, join(temp, 'home'));
    const name = 'sf project convert source';
    if (run.exitCode !== 0 || run.json?.status !== 0) {
      return { name, problems: [failureProblem(dir, sourceDirs, run)], detail: '' };
    }
    const manifestPath = join(output, 'package.xml');
    if (!existsSync(manifestPath)) {
      return {
        name,
        problems: [
          {
            file: sourceDirs.join(', '),
            message: `\`${run.command}\` wrote no package.xml in ${output}.`,
          },
        ],
        detail: '',
      };
    }
    const manifest = readManifest(readFileSync(manifestPath, 'utf8'));
    const problems = missingMembers(manifest, expected, `\`${run.command}\``);
    const files = listRecursive(output);
    for (const object of expected.get('CustomObject') ?? []) {
      if (!files.some((file) => file.endsWith(join('objects', `${object}.object`)))) {
        problems.push({
          file: `objects/${object}`,
          message: `\`${run.command}\` wrote no objects/${object}.object: check the object's folder and its .object-meta.xml file.`,
        });
      }
    }
    return { name, problems, detail: `${files.length} files converted` };
  });
}

/** Runs `sf project generate manifest` and checks that it lists `expected`. */
export async function checkManifest(
  dir: string,
  sourceDirs: string[],
  expected: Map<string, string[]>,
): Promise<SfCliResult> {
  return withTempDir('validate-manifest-', async (temp) => {
    const args = ['project', 'generate', 'manifest', '--output-dir', temp];
    for (const sourceDir of sourceDirs) args.push('--source-dir', sourceDir);
    const run = await runSf(dir, args, join(temp, 'home'));
    const name = 'sf project generate manifest';
    if (run.exitCode !== 0 || run.json?.status !== 0) {
      return { name, problems: [failureProblem(dir, sourceDirs, run)], detail: '' };
    }
    const manifestPath = join(temp, 'package.xml');
    if (!existsSync(manifestPath)) {
      return {
        name,
        problems: [
          { file: sourceDirs.join(', '), message: `\`${run.command}\` wrote no package.xml.` },
        ],
        detail: '',
      };
    }
    const manifest = readManifest(readFileSync(manifestPath, 'utf8'));
    const problems = missingMembers(manifest, expected, `\`${run.command}\``);
    const count = [...manifest.values()].reduce((sum, members) => sum + members.length, 0);
    return { name, problems, detail: `${count} members of ${manifest.size} types` };
  });
}

function missingMembers(
  manifest: Map<string, string[]>,
  expected: Map<string, string[]>,
  source: string,
): { file: string; message: string }[] {
  const problems: { file: string; message: string }[] = [];
  for (const [type, members] of expected) {
    const listed = new Set(manifest.get(type) ?? []);
    for (const member of members) {
      if (!listed.has(member)) {
        problems.push({
          file: 'package.xml',
          message: `${source} does not list ${type} ${member}, which force-app defines: check that its files have the suffix and folder of a ${type}.`,
        });
      }
    }
  }
  return problems;
}
