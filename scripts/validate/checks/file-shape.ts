// File-level shape of the source: root elements, fullName against the file name, file names that
// the deploy library skips without a word.
import { posix } from 'node:path';
import type { MetadataDocument, Project } from '../project.ts';
import { attribute, text } from '../xml.ts';
import type { Problem } from './problem.ts';

export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

/**
 * Root element of each source-format suffix (`Name.<suffix>-meta.xml`), as the registry of
 * @salesforce/source-deploy-retrieve 13.7 names the metadata types. A test checks that the two agree.
 */
export const ROOT_BY_SUFFIX: Record<string, string> = {
  app: 'CustomApplication',
  businessProcess: 'BusinessProcess',
  cls: 'ApexClass',
  compactLayout: 'CompactLayout',
  customPermission: 'CustomPermission',
  dashboard: 'Dashboard',
  dashboardFolder: 'DashboardFolder',
  field: 'CustomField',
  fieldSet: 'FieldSet',
  flexipage: 'FlexiPage',
  globalValueSet: 'GlobalValueSet',
  js: 'LightningComponentBundle',
  labels: 'CustomLabels',
  layout: 'Layout',
  listView: 'ListView',
  md: 'CustomMetadata',
  object: 'CustomObject',
  permissionset: 'PermissionSet',
  permissionsetgroup: 'PermissionSetGroup',
  quickAction: 'QuickAction',
  recordType: 'RecordType',
  report: 'Report',
  reportFolder: 'ReportFolder',
  reportType: 'ReportType',
  resource: 'StaticResource',
  tab: 'CustomTab',
  trigger: 'ApexTrigger',
  validationRule: 'ValidationRule',
  webLink: 'WebLink',
};

/** Checks that each `*-meta.xml` file is well formed, in the metadata namespace, with the right root. */
export function checkRootElements(
  documents: MetadataDocument[],
  rootBySuffix: Record<string, string> = ROOT_BY_SUFFIX,
): Problem[] {
  const problems: Problem[] = [];
  for (const document of documents) {
    if (document.error) {
      problems.push({
        file: document.file,
        message: `not well-formed XML: ${document.error}. Fix the XML syntax.`,
      });
      continue;
    }
    const expected = rootBySuffix[document.suffix];
    if (expected && document.root !== expected) {
      problems.push({
        file: document.file,
        message: `root element is <${document.root}>, but a .${document.suffix}-meta.xml file must have <${expected}>: rename the root element to ${expected}.`,
      });
      continue;
    }
    const namespace = attribute(document.node, 'xmlns');
    if (namespace !== METADATA_NAMESPACE) {
      problems.push({
        file: document.file,
        message: `<${document.root}> has xmlns="${namespace ?? ''}": set xmlns="${METADATA_NAMESPACE}".`,
      });
    }
  }
  return problems;
}

/** Checks that a `<fullName>` element, where present, equals the name the file gives. */
export function checkFullNames(documents: MetadataDocument[]): Problem[] {
  const problems: Problem[] = [];
  for (const document of documents) {
    const fullName = text(document.node, 'fullName');
    if (fullName === undefined || document.error) continue;
    if (fullName !== document.name) {
      problems.push({
        file: document.file,
        message: `<fullName>${fullName}</fullName> does not match the file name ${document.name}: set <fullName>${document.name}</fullName> or rename the file to ${fullName}.${document.suffix}-meta.xml.`,
      });
    }
  }
  return problems;
}

/**
 * Checks for source files named `Name.<suffix>.xml` without `-meta`: the deploy library files them
 * under their object or folder but never deploys them.
 */
export function checkMetaSuffixes(
  files: string[],
  rootBySuffix: Record<string, string> = ROOT_BY_SUFFIX,
): Problem[] {
  const problems: Problem[] = [];
  for (const file of files) {
    const match = /^(.+)\.([A-Za-z]+)\.xml$/.exec(posix.basename(file));
    if (!match || !(match[2] in rootBySuffix)) continue;
    const expected = `${match[1]}.${match[2]}-meta.xml`;
    problems.push({
      file,
      message: `file name lacks "-meta", so the ${rootBySuffix[match[2]]} is never deployed: rename it to ${expected}.`,
    });
  }
  return problems;
}

/**
 * Checks that every file under the package directories is either deployed (part of a component
 * the deploy library resolved) or excluded by .forceignore.
 */
export function checkSkippedFiles(
  project: Pick<Project, 'files'>,
  deployedFiles: Set<string>,
  ignoredFiles: Set<string>,
): Problem[] {
  const problems: Problem[] = [];
  for (const file of project.files) {
    if (deployedFiles.has(file) || ignoredFiles.has(file)) continue;
    problems.push({
      file,
      message: `source-deploy-retrieve resolves this file to no metadata component, so a deploy skips it: move it to the folder of its metadata type, give it the type's suffix (Name.<suffix>-meta.xml), or list it in .forceignore.`,
    });
  }
  return problems;
}
