// Browser build of the Lightning Web Components: compiles the bundles' TypeScript with
// scripts/build/build.ts, then bundles them with rollup and @lwc/rollup-plugin together with
// lightning-base-components and the local platform modules, and copies the SLDS assets.
//
//   node scripts/browser/build.ts [--out DIR]     (default out/browser)

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import lwcModule from '@lwc/rollup-plugin';
import replaceModule from '@rollup/plugin-replace';
import { rollup } from 'rollup';
import { salesforceModules, stripTypeScript } from './rollup-plugins.ts';

export const PROJECT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_OUT_DIR = join(PROJECT_DIR, 'out', 'browser');

// Both packages' type declarations describe CommonJS modules whose `default` is the plugin, but
// Node loads a build whose default export is the plugin itself.
const lwc = ('default' in lwcModule ? lwcModule.default : lwcModule) as typeof lwcModule.default;
const replace = (
  'default' in replaceModule ? replaceModule.default : replaceModule
) as typeof replaceModule.default;

const BROWSER_DIR = join(PROJECT_DIR, 'scripts', 'browser');
const PLATFORM_DIR = join(BROWSER_DIR, 'platform');
const APP_DIR = join(BROWSER_DIR, 'app');
const LWC_DIR = join(PROJECT_DIR, 'force-app', 'main', 'default', 'lwc');
const SLDS_DIR = join(PROJECT_DIR, 'node_modules', '@salesforce-ux', 'design-system', 'assets');

/** SLDS files the pages use: the style sheet, the images it names and the icon sprites. */
const SLDS_COPIES = [
  'styles/salesforce-lightning-design-system.min.css',
  'images',
  'icons/action-sprite',
  'icons/custom-sprite',
  'icons/doctype-sprite',
  'icons/standard-sprite',
  'icons/utility-sprite',
];

export interface BrowserBuildOptions {
  /** Output folder; emptied first. Default out/browser. */
  outDir?: string;
  /** Skip scripts/build/build.ts, for a caller that has just run it. */
  skipComponentBuild?: boolean;
  /** Receives one line per step. */
  log?: (line: string) => void;
}

export interface BrowserBuildResult {
  outDir: string;
  /** Folder with main.js and its chunks, served as /assets/. */
  assetsDir: string;
  /** Folder with the SLDS style sheet, images and icons, served as /slds/. */
  sldsDir: string;
  componentBuildMs: number;
  bundleMs: number;
  totalMs: number;
  /** Number of JavaScript files written: the entry and its chunks. */
  files: number;
}

/** Runs scripts/build/build.ts, which compiles each bundle's .ts to the .js beside it. */
function buildComponents(): void {
  const result = spawnSync(process.execPath, [join(PROJECT_DIR, 'scripts/build/build.ts')], {
    cwd: PROJECT_DIR,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    throw new Error(
      `scripts/build/build.ts failed with exit code ${result.status}: fix the TypeScript or LWC ` +
        'errors it printed above, then build again.',
    );
  }
}

/** Module records for `c/<name>`: force-app keeps bundles without a namespace folder. */
function componentModuleRecords(): { name: string; path: string }[] {
  return readdirSync(LWC_DIR, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(join(LWC_DIR, entry.name, `${entry.name}.js`)),
    )
    .map((entry) => ({
      name: `c/${entry.name}`,
      path: join(LWC_DIR, entry.name, `${entry.name}.js`),
    }));
}

async function bundle(assetsDir: string): Promise<number> {
  const build = await rollup({
    input: join(APP_DIR, 'main.ts'),
    onwarn(warning, warn) {
      // Rollup flags an unused top-level `this` in some lightning-base-components files, and the
      // LWC compiler flags a few of their templates. Those files are third-party code.
      if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
      if (warning.id?.includes(`${sep}lightning-base-components${sep}`)) return;
      warn(warning);
    },
    plugins: [
      salesforceModules({
        projectDir: PROJECT_DIR,
        apexModule: join(PLATFORM_DIR, 'lds', 'apex.ts'),
      }),
      stripTypeScript([PLATFORM_DIR, APP_DIR]),
      replace({
        preventAssignment: true,
        values: {
          'import.meta.env.SSR': 'false',
          'process.env.NODE_ENV': JSON.stringify('production'),
        },
      }),
      lwc({
        rootDir: APP_DIR,
        // The first record that names a module wins, so the local platform modules replace
        // lightning-base-components' and the platform's own lightning/* modules.
        modules: [
          { dir: PLATFORM_DIR },
          { dir: APP_DIR },
          ...componentModuleRecords(),
          { npm: 'lightning-base-components' },
        ],
        enableDynamicComponents: true,
        // lightning-combobox 1.28 is form-associated (attachInternals), which synthetic shadow
        // allows only to components compiled with this flag.
        enableSyntheticElementInternals: true,
      }),
    ],
  });
  try {
    const output = await build.write({
      dir: assetsDir,
      format: 'es',
      entryFileNames: 'main.js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      sourcemap: false,
    });
    return output.output.length;
  } finally {
    await build.close();
  }
}

function copySlds(sldsDir: string): void {
  for (const path of SLDS_COPIES) {
    cpSync(join(SLDS_DIR, path), join(sldsDir, path), { recursive: true });
  }
}

/** Builds the components and bundles them for the browser into `outDir`. */
export async function buildBrowserBundle(
  options: BrowserBuildOptions = {},
): Promise<BrowserBuildResult> {
  const log = options.log ?? (() => {});
  const outDir = resolve(options.outDir ?? DEFAULT_OUT_DIR);
  const assetsDir = join(outDir, 'assets');
  const sldsDir = join(outDir, 'slds');
  const started = performance.now();

  if (!options.skipComponentBuild) buildComponents();
  const componentsBuilt = performance.now();
  log(`Compiled the LWC bundles in ${((componentsBuilt - started) / 1000).toFixed(1)} s`);

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const files = await bundle(assetsDir);
  copySlds(sldsDir);
  const finished = performance.now();
  log(
    `Bundled ${files} files into ${assetsDir} in ${((finished - componentsBuilt) / 1000).toFixed(1)} s`,
  );

  const result: BrowserBuildResult = {
    outDir,
    assetsDir,
    sldsDir,
    componentBuildMs: Math.round(componentsBuilt - started),
    bundleMs: Math.round(finished - componentsBuilt),
    totalMs: Math.round(finished - started),
    files,
  };
  writeFileSync(join(outDir, 'build.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: node scripts/browser/build.ts [--out DIR]\n\n' +
        'Compiles the LWC bundles and bundles them for the browser into DIR (default out/browser).\n',
    );
    return 0;
  }
  const result = await buildBrowserBundle({
    outDir: values.out,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stderr.write(
    `Browser build done in ${(result.totalMs / 1000).toFixed(1)} s: ${result.outDir}\n`,
  );
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
