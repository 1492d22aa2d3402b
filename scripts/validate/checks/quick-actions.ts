// Quick actions: the object and the fields they set exist, and an LWC action names an exposed
// bundle that targets lightning__RecordAction.
import type { MetadataDocument } from '../project.ts';
import { getObject, key, type Schema } from '../schema.ts';
import { child, list, text, texts, type XmlNode } from '../xml.ts';
import type { CheckInput, Problem } from './problem.ts';

const ACTION_TYPES = new Set([
  'Create',
  'Update',
  'LightningWebComponent',
  'LightningComponent',
  'Flow',
  'LogACall',
  'SendEmail',
  'Post',
  'VisualforcePage',
  'Canvas',
  'QuickActionType',
]);

/** Targets and exposure of the LWC bundles, by bundle name. */
export interface BundleTargets {
  exposed: boolean;
  targets: Set<string>;
  file: string;
}

export function bundleTargets(documents: MetadataDocument[]): Map<string, BundleTargets> {
  const bundles = new Map<string, BundleTargets>();
  for (const document of documents) {
    if (document.suffix !== 'js' || document.error) continue;
    bundles.set(document.name, {
      exposed: text(document.node, 'isExposed') === 'true',
      targets: new Set(texts(child(document.node, 'targets'), 'target')),
      file: document.file,
    });
  }
  return bundles;
}

function checkFields(
  file: string,
  where: string,
  objectName: string,
  fieldNames: string[],
  schema: Schema,
): Problem[] {
  const object = getObject(schema, objectName);
  if (!object) return [];
  return fieldNames
    .filter((name) => !object.fields.has(key(name)))
    .map((name) => ({
      file,
      message: `${where}: field ${object.name}.${name} does not exist: fix the field name or remove it.`,
    }));
}

function checkActionComponent(
  where: string,
  name: string,
  file: string,
  bundles: Map<string, BundleTargets>,
): Problem[] {
  const bundle = bundles.get(name);
  if (!bundle) {
    return [
      {
        file,
        message: `${where}: <lightningWebComponent>${name}</lightningWebComponent> names no LWC bundle in force-app.`,
      },
    ];
  }
  const problems: Problem[] = [];
  if (!bundle.exposed) {
    problems.push({
      file: bundle.file,
      message: `LWC ${name} is used by ${where} but has <isExposed>false</isExposed>: set it to true.`,
    });
  }
  if (!bundle.targets.has('lightning__RecordAction')) {
    problems.push({
      file: bundle.file,
      message: `LWC ${name} is used by ${where} but does not list <target>lightning__RecordAction</target>: add it with a targetConfig whose <actionType> is ScreenAction.`,
    });
  }
  return problems;
}

/** Fields that an action's layout shows and its field overrides set. */
function actionFields(node: XmlNode): string[] {
  const columns = list(child(node, 'quickActionLayout'), 'quickActionLayoutColumns');
  const layoutFields = columns.flatMap((column) =>
    list(column, 'quickActionLayoutItems').map((item) => text(item, 'field') ?? ''),
  );
  const overrideFields = list(node, 'fieldOverrides').map(
    (override) => text(override, 'field') ?? '',
  );
  return [...layoutFields, ...overrideFields].filter(Boolean);
}

export function checkQuickAction(
  document: MetadataDocument,
  schema: Schema,
  bundles: Map<string, BundleTargets>,
): Problem[] {
  const problems: Problem[] = [];
  const { file, node } = document;
  const where = `quick action ${document.name}`;
  const objectName = document.name.includes('.') ? document.name.split('.')[0] : undefined;
  if (objectName && !getObject(schema, objectName)) {
    problems.push({
      file,
      message: `${where}: object ${objectName} is neither in force-app nor a known standard object: name the file Object.Action.quickAction-meta.xml.`,
    });
  }
  if (!text(node, 'label')) {
    problems.push({ file, message: `${where} has no <label>: add one.` });
  }

  const type = text(node, 'type') ?? '';
  if (!ACTION_TYPES.has(type)) {
    problems.push({
      file,
      message: `${where} has <type>${type}</type>: use one of ${[...ACTION_TYPES].join(', ')}.`,
    });
  }
  if (type === 'LightningWebComponent') {
    const name = (text(node, 'lightningWebComponent') ?? '').replace(/^c(:|__)/, '');
    problems.push(...checkActionComponent(where, name, file, bundles));
  }

  if (type === 'Create') {
    const target = text(node, 'targetObject');
    if (!target || !getObject(schema, target)) {
      problems.push({
        file,
        message: `${where}: <targetObject>${target ?? ''}</targetObject> is neither in force-app nor a known standard object.`,
      });
      return problems;
    }
    problems.push(...checkFields(file, where, target, actionFields(node), schema));
    const parentField = text(node, 'targetParentField');
    if (parentField) {
      problems.push(
        ...checkFields(file, `${where}, <targetParentField>`, target, [parentField], schema),
      );
    }
  } else if (type === 'Update' && objectName) {
    problems.push(...checkFields(file, where, objectName, actionFields(node), schema));
  }
  return problems;
}

export function checkQuickActions({ project, schema }: CheckInput): Problem[] {
  const bundles = bundleTargets(project.documents);
  const problems: Problem[] = [];
  for (const document of project.documents) {
    if (document.suffix !== 'quickAction' || document.error) continue;
    problems.push(...checkQuickAction(document, schema, bundles));
  }
  return problems;
}
