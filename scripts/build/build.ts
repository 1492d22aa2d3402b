// Compiles the TypeScript of every LWC bundle to the JavaScript that deploys, then checks each
// bundle with the LWC compiler, so a component that Salesforce would reject fails here first.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from '@lwc/compiler';

const projectDir = fileURLToPath(new URL('../..', import.meta.url));
const lwcDir = join(projectDir, 'force-app/main/default/lwc');

/** Runs tsc over the bundles; tsc writes each bundle's .js beside its .ts. */
function compileTypeScript(): void {
  const tsc = join(projectDir, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(lwcDir, 'tsconfig.json')], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error('TypeScript compilation of the LWC bundles failed (see the errors above).');
  }
}

/** Lists each bundle folder, skipping files such as tsconfig.json and jsconfig.json. */
function listBundles(): string[] {
  return readdirSync(lwcDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name);
}

/** Runs the LWC compiler on each bundle's compiled .js files and returns the errors found. */
function checkBundle(name: string): string[] {
  const bundleDir = join(lwcDir, name);
  const errors: string[] = [];
  if (!existsSync(join(bundleDir, `${name}.js`))) {
    errors.push(`${name}: ${name}.js is missing after compilation; add ${name}.ts to the bundle.`);
    return errors;
  }
  for (const file of readdirSync(bundleDir).filter((entry) => entry.endsWith('.js'))) {
    const path = join(bundleDir, file);
    try {
      transformSync(readFileSync(path, 'utf8'), file, { namespace: 'c', name });
    } catch (error) {
      errors.push(`${relative(projectDir, path)}: ${(error as Error).message}`);
    }
  }
  return errors;
}

function main(): void {
  compileTypeScript();
  const bundles = listBundles();
  const errors = bundles.flatMap(checkBundle);
  if (errors.length > 0) {
    for (const error of errors) console.error(error);
    console.error(`The LWC compiler rejected ${errors.length} file(s).`);
    process.exit(1);
  }
  console.error(`Built ${bundles.length} LWC bundle(s): ${bundles.join(', ')}.`);
}

main();
