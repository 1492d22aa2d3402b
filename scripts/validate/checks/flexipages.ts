// Lightning pages: the object exists, and every `Record.Field` reference in component
// properties, field instances and visibility rules resolves. Each custom component is an exposed
// LWC that targets the page type and declares the properties the page sets. Related lists name
// child relationships of the object.
import type { MetadataDocument } from '../project.ts';
import { getObject, key, resolvePath, type Schema } from '../schema.ts';
import { attribute, child, list, text, type XmlNode } from '../xml.ts';
import type { CheckInput, Problem } from './problem.ts';

/** LWC target of each page type. */
const TARGET_BY_PAGE_TYPE: Record<string, string> = {
  RecordPage: 'lightning__RecordPage',
  AppPage: 'lightning__AppPage',
  HomePage: 'lightning__HomePage',
  UtilityBar: 'lightning__UtilityBar',
};

interface TargetConfig {
  properties: Set<string>;
  objects: Set<string>;
}

interface BundleConfig {
  file: string;
  exposed: boolean;
  targets: Set<string>;
  configs: Map<string, TargetConfig>;
}

export function bundleConfigs(documents: MetadataDocument[]): Map<string, BundleConfig> {
  const bundles = new Map<string, BundleConfig>();
  for (const document of documents) {
    if (document.suffix !== 'js' || document.error) continue;
    const configs = new Map<string, TargetConfig>();
    for (const config of list(child(document.node, 'targetConfigs'), 'targetConfig')) {
      const properties = new Set(
        list(config, 'property').map((property) => attribute(property, 'name') ?? ''),
      );
      const objects = new Set(
        list(child(config, 'objects'), 'object').map((object) => String(object['#text'] ?? '')),
      );
      for (const target of (attribute(config, 'targets') ?? '').split(',')) {
        configs.set(target.trim(), { properties, objects });
      }
    }
    bundles.set(document.name, {
      file: document.file,
      exposed: text(document.node, 'isExposed') === 'true',
      targets: new Set(
        list(child(document.node, 'targets'), 'target').map((target) =>
          String(target['#text'] ?? ''),
        ),
      ),
      configs,
    });
  }
  return bundles;
}

/** Collects every string value of an XML tree. */
function stringValues(node: unknown, found: string[] = []): string[] {
  if (typeof node === 'string') found.push(node);
  else if (Array.isArray(node)) for (const entry of node) stringValues(entry, found);
  else if (node !== null && typeof node === 'object')
    for (const value of Object.values(node)) stringValues(value, found);
  return found;
}

/** Field paths named as `{!Record.Path}` in a value, or as `Record.Path` in a whole value. */
export function recordReferences(value: string): string[] {
  const references = [...value.matchAll(/\{!\s*Record\.([A-Za-z0-9_.]+)\s*\}/g)].map(
    (match) => match[1],
  );
  const whole = /^Record\.([A-Za-z0-9_.]+)$/.exec(value.trim());
  if (whole) references.push(whole[1]);
  return references;
}

function componentInstances(node: XmlNode): XmlNode[] {
  return list(node, 'flexiPageRegions').flatMap((region) =>
    list(region, 'itemInstances').flatMap((item) => list(item, 'componentInstance')),
  );
}

interface Property {
  name: string;
  value: string;
}

/** Checks that a related-list component names a child relationship of the page's object. */
function checkRelatedList(
  file: string,
  where: string,
  properties: Property[],
  objectName: string,
  schema: Schema,
): Problem[] {
  const relatedList = properties.find((property) => property.name === 'relatedListApiName')?.value;
  const object = getObject(schema, objectName);
  if (
    !relatedList ||
    !relatedList.endsWith('__r') ||
    object?.childRelationships.has(key(relatedList))
  ) {
    return [];
  }
  return [
    {
      file,
      message: `${where}, related list ${relatedList}: ${objectName} has no child relationship of that name (the <relationshipName> of the child's lookup plus __r).`,
    },
  ];
}

/** Checks that a custom component is an exposed LWC for the page and declares its properties. */
function checkCustomComponent(
  file: string,
  where: string,
  name: string,
  properties: Property[],
  page: { type: string; objectName?: string },
  bundles: Map<string, BundleConfig>,
): Problem[] {
  const problems: Problem[] = [];
  const bundleName = name.slice(2);
  const bundle = bundles.get(bundleName);
  if (!bundle) {
    return [
      {
        file,
        message: `${where}: component ${name} names no LWC bundle in force-app: add lwc/${bundleName} or fix <componentName>.`,
      },
    ];
  }
  if (!bundle.exposed) {
    problems.push({
      file: bundle.file,
      message: `LWC ${bundleName} is placed on ${where} but has <isExposed>false</isExposed>: set it to true.`,
    });
  }
  const target = TARGET_BY_PAGE_TYPE[page.type];
  if (target && !bundle.targets.has(target)) {
    problems.push({
      file: bundle.file,
      message: `LWC ${bundleName} is placed on ${where} (a ${page.type}) but does not list <target>${target}</target>: add it.`,
    });
    return problems;
  }

  const config = target ? bundle.configs.get(target) : undefined;
  const objects = [...(config?.objects ?? [])];
  const objectName = page.objectName;
  if (
    objectName &&
    objects.length > 0 &&
    !objects.some((object) => key(object) === key(objectName))
  ) {
    problems.push({
      file: bundle.file,
      message: `LWC ${bundleName} is placed on ${where}, but its ${target} targetConfig allows only ${objects.join(', ')}: add <object>${objectName}</object>.`,
    });
  }
  for (const property of properties) {
    if (!config?.properties.has(property.name)) {
      problems.push({
        file,
        message: `${where}: component ${name} sets the property ${property.name}, which ${bundleName}.js-meta.xml does not declare for ${target ?? page.type}: add <property name="${property.name}"> to its targetConfig or remove the property.`,
      });
    }
  }
  return problems;
}

function checkComponent(
  file: string,
  where: string,
  component: XmlNode,
  page: { type: string; objectName?: string },
  schema: Schema,
  bundles: Map<string, BundleConfig>,
): Problem[] {
  const name = text(component, 'componentName') ?? '';
  const properties = list(component, 'componentInstanceProperties').map((property) => ({
    name: text(property, 'name') ?? '',
    value: text(property, 'value') ?? '',
  }));
  if (name === 'force:relatedListSingleContainer' && page.objectName) {
    return checkRelatedList(file, where, properties, page.objectName, schema);
  }
  if (name.startsWith('c:')) {
    return checkCustomComponent(file, where, name, properties, page, bundles);
  }
  return [];
}

export function checkFlexiPage(
  document: MetadataDocument,
  schema: Schema,
  bundles: Map<string, BundleConfig>,
): Problem[] {
  const problems: Problem[] = [];
  const node = document.node;
  const where = `Lightning page ${document.name}`;
  const pageType = text(node, 'type') ?? '';
  const objectName = text(node, 'sobjectType');
  if (pageType === 'RecordPage' && (!objectName || !getObject(schema, objectName))) {
    problems.push({
      file: document.file,
      message: `${where}: <sobjectType>${objectName ?? ''}</sobjectType> is neither in force-app nor a known standard object.`,
    });
    return problems;
  }
  if (!text(node, 'masterLabel'))
    problems.push({ file: document.file, message: `${where} has no <masterLabel>: add one.` });
  const seen = new Set<string>();
  for (const value of stringValues(node)) {
    for (const path of recordReferences(value)) {
      if (seen.has(path)) continue;
      seen.add(path);
      if (!objectName) {
        problems.push({
          file: document.file,
          message: `${where} names Record.${path} but has no <sobjectType>.`,
        });
        continue;
      }
      const resolved = resolvePath(schema, objectName, path);
      if (resolved.error !== undefined) {
        problems.push({
          file: document.file,
          message: `${where}, Record.${path}: ${resolved.error}. Fix the reference.`,
        });
      }
    }
  }
  for (const component of componentInstances(node)) {
    problems.push(
      ...checkComponent(
        document.file,
        where,
        component,
        { type: pageType, objectName },
        schema,
        bundles,
      ),
    );
  }
  return problems;
}

export function checkFlexiPages({ project, schema }: CheckInput): Problem[] {
  const bundles = bundleConfigs(project.documents);
  const problems: Problem[] = [];
  for (const document of project.documents) {
    if (document.suffix !== 'flexipage' || document.error) continue;
    problems.push(...checkFlexiPage(document, schema, bundles));
  }
  return problems;
}
