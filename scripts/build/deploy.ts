// Builds the LWC bundles, then deploys force-app with the project's own sf CLI:
// `npm run deploy -- --target-org ALIAS [more sf project deploy start flags]`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectDir = fileURLToPath(new URL('../..', import.meta.url));
const usage =
  'Usage: npm run deploy -- --target-org ALIAS [flags of sf project deploy start]\n' +
  'Builds the LWC bundles (npm run build), then runs sf project deploy start --source-dir force-app.';

/** Runs a command in the project folder and exits with its status when it fails. */
function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: projectDir, stdio: 'inherit' });
  if (result.error) {
    console.error(`Could not start ${command}: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function main(): void {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    return;
  }
  if (
    !args.some((arg) => arg === '--target-org' || arg === '-o' || arg.startsWith('--target-org='))
  ) {
    console.error(`Missing --target-org: name the org alias or username to deploy to.\n${usage}`);
    process.exit(2);
  }
  run(process.execPath, [join(projectDir, 'scripts/build/build.ts')]);
  const sf = join(projectDir, 'node_modules/.bin/sf');
  run(sf, ['project', 'deploy', 'start', '--source-dir', 'force-app', ...args]);
}

main();
