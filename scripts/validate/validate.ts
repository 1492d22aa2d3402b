// `npm run validate`: offline validation of the Salesforce metadata in the project's package
// directories. Runs the sf CLI conversion and manifest, resolves the source with
// @salesforce/source-deploy-retrieve, and checks what those accept but a deploy rejects.
// Exit code 0 when every step passes, 1 when one fails, 2 on invalid usage.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { runValidation, type Report } from './run.ts';

const USAGE = `Usage: npm run validate -- [--project-dir DIR] [--json]

  --project-dir DIR  Salesforce DX project to validate (default: the repository root)
  --json             print the report as JSON on stdout
`;

const DEFAULT_PROJECT_DIR = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}

export function formatReport(report: Report): string {
  const lines = [`Validating ${report.projectDir}`];
  for (const step of report.steps) {
    const status = step.ok ? 'ok  ' : 'FAIL';
    const detail = step.detail ? `: ${step.detail}` : '';
    const count = step.ok
      ? ''
      : ` (${step.problems.length} problem${step.problems.length === 1 ? '' : 's'})`;
    lines.push(`${status}  ${step.name}${count}, ${seconds(step.durationMs)}${detail}`);
    for (const problem of step.problems) {
      lines.push(`      ${problem.file ? `${problem.file}: ` : ''}${problem.message}`);
    }
  }
  const failed = report.steps.filter((step) => !step.ok);
  const problems = failed.reduce((sum, step) => sum + step.problems.length, 0);
  lines.push(
    failed.length === 0
      ? `All ${report.steps.length} steps passed in ${seconds(report.durationMs)}.`
      : `${failed.length} of ${report.steps.length} steps failed with ${problems} problem${problems === 1 ? '' : 's'} in ${seconds(report.durationMs)}.`,
  );
  return lines.join('\n');
}

async function main(): Promise<number> {
  let values: { 'project-dir'?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        'project-dir': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const projectDir = resolve(values['project-dir'] ?? DEFAULT_PROJECT_DIR);
  let report: Report;
  try {
    report = await runValidation(projectDir);
  } catch (error) {
    process.stderr.write(`validate: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  process.stdout.write(
    values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`,
  );
  return report.ok ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
