// Runs every step of `npm run validate` on one project and collects the results: the sf CLI
// steps, the resolution by source-deploy-retrieve and the project's own checks.
import type { Check, Problem } from './checks/problem.ts';
import { checkFieldDefinitions } from './checks/field-definitions.ts';
import { checkDescriptions } from './checks/descriptions.ts';
import { checkFormulas } from './checks/formulas.ts';
import { checkCustomMetadata } from './checks/custom-metadata.ts';
import { checkFlexiPages } from './checks/flexipages.ts';
import { checkLayouts } from './checks/layouts.ts';
import { checkListViews } from './checks/list-views.ts';
import { checkLwc } from './checks/lwc.ts';
import { checkPermissionSets } from './checks/permission-sets.ts';
import { checkQuickActions } from './checks/quick-actions.ts';
import { checkReports } from './checks/reports.ts';
import { checkJobQueries } from './checks/soql.ts';
import { extractJobQueries } from './job-queries.ts';
import {
  checkFullNames,
  checkMetaSuffixes,
  checkRootElements,
  checkSkippedFiles,
} from './checks/file-shape.ts';
import { JOB_DIR, loadProject, type MetadataDocument, type Project } from './project.ts';
import { buildSchema, objectFolder } from './schema.ts';
import { resolveSource, warningProblems } from './sdr-step.ts';
import { checkConvert, checkManifest } from './sf-cli.ts';

export interface StepResult {
  name: string;
  ok: boolean;
  durationMs: number;
  /** Short summary of what the step saw, such as the number of files converted. */
  detail: string;
  problems: Problem[];
}

export interface Report {
  projectDir: string;
  ok: boolean;
  durationMs: number;
  steps: StepResult[];
}

export const CHECKS: Check[] = [
  { name: 'root elements', run: ({ project }) => checkRootElements(project.documents) },
  { name: 'fullName matches file name', run: ({ project }) => checkFullNames(project.documents) },
  { name: 'file names end in -meta.xml', run: ({ project }) => checkMetaSuffixes(project.files) },
  { name: 'object and field definitions', run: checkFieldDefinitions },
  { name: 'descriptions and help text', run: checkDescriptions },
  { name: 'formulas of validation rules and formula fields', run: checkFormulas },
  { name: 'custom metadata records', run: checkCustomMetadata },
  { name: 'permission sets', run: checkPermissionSets },
  { name: 'page layouts', run: checkLayouts },
  { name: 'list views', run: checkListViews },
  { name: 'reports', run: checkReports },
  { name: 'Lightning pages', run: checkFlexiPages },
  { name: 'quick actions', run: checkQuickActions },
  { name: 'LWC bundles and their imports', run: checkLwc },
  {
    name: 'SOQL of the scoring job',
    run: ({ project, schema }) => checkJobQueries(project.jobQueries, schema),
  },
];

/** Metadata type of each suffix whose members the manifest must list, and how to name them. */
const MANIFEST_TYPES: Record<
  string,
  { type: string; member: (document: MetadataDocument) => string }
> = {
  object: { type: 'CustomObject', member: (document) => document.name },
  field: { type: 'CustomField', member: childMember },
  validationRule: { type: 'ValidationRule', member: childMember },
  listView: { type: 'ListView', member: childMember },
  permissionset: { type: 'PermissionSet', member: (document) => document.name },
  globalValueSet: { type: 'GlobalValueSet', member: (document) => document.name },
  customPermission: { type: 'CustomPermission', member: (document) => document.name },
  md: { type: 'CustomMetadata', member: (document) => document.name },
  layout: { type: 'Layout', member: (document) => document.name },
  flexipage: { type: 'FlexiPage', member: (document) => document.name },
  quickAction: { type: 'QuickAction', member: (document) => document.name },
  report: { type: 'Report', member: folderMember },
  js: { type: 'LightningComponentBundle', member: (document) => document.name },
};

function childMember(document: MetadataDocument): string {
  return `${objectFolder(document.file)}.${document.name}`;
}

function folderMember(document: MetadataDocument): string {
  const match = /\/reports\/(.+)\/[^/]+$/.exec(document.file);
  return match ? `${match[1]}/${document.name}` : document.name;
}

/** Members that force-app defines, by metadata type, which the sf CLI output must list. */
export function expectedMembers(project: Project): Map<string, string[]> {
  const expected = new Map<string, Set<string>>();
  const add = (type: string, member: string) => {
    const members = expected.get(type) ?? new Set<string>();
    members.add(member);
    expected.set(type, members);
  };
  for (const document of project.documents) {
    const spec = MANIFEST_TYPES[document.suffix];
    if (!spec || document.error || document.suffix === 'object') continue;
    add(spec.type, spec.member(document));
  }
  // Every folder objects/<Name>__c or __mdt defines a custom object, whether or not its
  // .object-meta.xml file is where the CLI looks for it.
  for (const file of project.files) {
    const object = objectFolder(file);
    if (object && /__(c|mdt)$/.test(object)) add('CustomObject', object);
  }
  return new Map([...expected].map(([type, members]) => [type, [...members].sort()]));
}

async function timed(
  name: string,
  work: () => Promise<Omit<StepResult, 'name' | 'ok' | 'durationMs'>>,
): Promise<StepResult> {
  const started = performance.now();
  try {
    const result = await work();
    return {
      name,
      ok: result.problems.length === 0,
      durationMs: Math.round(performance.now() - started),
      ...result,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      name,
      ok: false,
      durationMs: Math.round(performance.now() - started),
      detail: '',
      problems: [{ file: '', message }],
    };
  }
}

export async function runValidation(projectDir: string): Promise<Report> {
  const started = performance.now();
  const project = loadProject(projectDir);
  project.jobQueries = await extractJobQueries(projectDir, project.sources, JOB_DIR);
  const expected = expectedMembers(project);
  // The two CLI steps are child processes, so they run while this process does the rest.
  const cliSteps = [
    timed('sf project convert source', () =>
      checkConvert(projectDir, project.packageDirs, expected),
    ),
    timed('sf project generate manifest', () =>
      checkManifest(projectDir, project.packageDirs, expected),
    ),
  ];
  const sdrStep = timed('source-deploy-retrieve ComponentSet.fromSource', async () => {
    const result = await resolveSource(projectDir, project.packageDirs, project.files);
    const problems = [
      ...warningProblems(projectDir, result.warnings),
      ...checkSkippedFiles(project, result.deployedFiles, result.ignoredFiles),
    ];
    return {
      detail: `${result.components.length} components from ${result.version}, ${result.ignoredFiles.size} files in .forceignore`,
      problems,
    };
  });
  const schema = buildSchema(project);
  const checkSteps: StepResult[] = [];
  for (const check of CHECKS) {
    checkSteps.push(
      await timed(check.name, async () => ({
        detail: '',
        problems: check.run({ project, schema }),
      })),
    );
  }
  const steps = [...(await Promise.all(cliSteps)), await sdrStep, ...checkSteps];
  return {
    projectDir,
    ok: steps.every((step) => step.ok),
    durationMs: Math.round(performance.now() - started),
    steps,
  };
}
