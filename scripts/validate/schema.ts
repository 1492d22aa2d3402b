// The org schema that the project's metadata defines: custom objects and fields from
// force-app, standard objects and fields from the catalogue, custom permissions, global value
// sets and custom labels. Names are matched case-insensitively, as Salesforce does.
import type { MetadataDocument, Project } from './project.ts';
import {
  CUSTOM_OBJECT_OWNER_TOKENS,
  customMetadataSystemFields,
  customObjectNameField,
  customObjectActivityField,
  customObjectOwnerField,
  customObjectSystemFields,
  EXTRA_LIST_VIEW_TOKENS,
  STANDARD_OBJECTS,
  type FieldType,
  type StandardField,
} from './standard-fields.ts';
import { list, text, texts, type XmlNode } from './xml.ts';

export interface FieldInfo {
  object: string;
  name: string;
  /** Metadata type; a formula field has the type of its result. */
  type: FieldType;
  custom: boolean;
  /** Source file of a custom field. */
  file?: string;
  node?: XmlNode;
  formula?: string;
  required: boolean;
  /** Whether a permission set can carry field permissions for it. */
  permissionable: boolean;
  /** Whether people can write it: false for formulas, roll-ups, auto numbers and system fields. */
  editable: boolean;
  referenceTo: string[];
  relationshipName?: string;
  /** Values of a custom picklist; undefined for standard picklists, which each org edits. */
  picklistValues?: string[];
  listViewToken?: string;
}

export interface ChildRelationship {
  name: string;
  childObject: string;
  field: string;
}

export interface ObjectInfo {
  name: string;
  kind: 'standard' | 'custom' | 'customMetadata';
  /** Object definition file (`*.object-meta.xml`), when force-app has one. */
  file?: string;
  node?: XmlNode;
  fields: Map<string, FieldInfo>;
  /** List-view tokens of standard fields, upper-case, with the type of the value. */
  listViewTokens: Map<string, { type: FieldType; field?: FieldInfo }>;
  childRelationships: Map<string, ChildRelationship>;
}

export interface Schema {
  objects: Map<string, ObjectInfo>;
  customPermissions: Set<string>;
  globalValueSets: Map<string, string[]>;
  labels: Set<string>;
}

/** Custom fields under `objects/Activity/fields` belong to both Task and Event. */
const ACTIVITY_OBJECTS = ['Task', 'Event'];

/** Event fields that relationship paths and permission sets may name. */
const EVENT_FIELDS: StandardField[] = [
  ...STANDARD_OBJECTS.Task.filter((field) =>
    [
      'Id',
      'IsDeleted',
      'CreatedDate',
      'CreatedById',
      'LastModifiedDate',
      'LastModifiedById',
      'SystemModstamp',
      'AccountId',
      'ActivityDate',
      'Description',
      'OwnerId',
      'Subject',
      'Type',
      'WhatId',
      'WhoId',
    ].includes(field.name),
  ),
  { name: 'ActivityDateTime', type: 'DateTime', permissionable: true, editable: true },
  { name: 'DurationInMinutes', type: 'Number', permissionable: true, editable: true },
  { name: 'EndDateTime', type: 'DateTime', permissionable: true, editable: true },
  { name: 'IsAllDayEvent', type: 'Checkbox', permissionable: true, editable: true },
  { name: 'Location', type: 'Text', permissionable: true, editable: true },
  { name: 'ShowAs', type: 'Picklist', permissionable: true, editable: true },
  { name: 'StartDateTime', type: 'DateTime', permissionable: true, editable: true },
];

export function key(name: string): string {
  return name.toLowerCase();
}

function fromStandard(object: string, field: StandardField): FieldInfo {
  return {
    object,
    name: field.name,
    type: field.type,
    custom: false,
    required: !field.permissionable && field.editable,
    permissionable: field.permissionable,
    editable: field.editable,
    referenceTo: field.referenceTo ?? [],
    relationshipName: field.relationshipName,
    listViewToken: field.listViewToken,
  };
}

function newObject(name: string, kind: ObjectInfo['kind']): ObjectInfo {
  return {
    name,
    kind,
    fields: new Map(),
    listViewTokens: new Map(),
    childRelationships: new Map(),
  };
}

function addField(object: ObjectInfo, field: FieldInfo): void {
  object.fields.set(key(field.name), field);
  if (field.listViewToken) {
    object.listViewTokens.set(field.listViewToken.toUpperCase(), { type: field.type, field });
  }
}

/** Returns the object folder of a file under `objects/<Object>/...`, or undefined. */
export function objectFolder(file: string): string | undefined {
  const match = /(?:^|\/)objects\/([^/]+)\//.exec(file);
  return match ? match[1] : undefined;
}

function valueNames(node: XmlNode | undefined, key: string): string[] {
  return list(node, key).map((value) => text(value, 'fullName') ?? '');
}

function picklistValues(node: XmlNode, schemaSets: Map<string, string[]>): string[] | undefined {
  const valueSet = list(node, 'valueSet')[0];
  if (!valueSet) return undefined;
  const setName = text(valueSet, 'valueSetName');
  if (setName) return schemaSets.get(setName);
  return valueNames(list(valueSet, 'valueSetDefinition')[0], 'value');
}

export function customField(
  object: string,
  document: MetadataDocument,
  globalValueSets: Map<string, string[]>,
): FieldInfo {
  const node = document.node;
  const declaredType = (text(node, 'type') ?? '') as FieldType;
  const formula = text(node, 'formula');
  const isFormula = formula !== undefined && formula.trim() !== '';
  const required = text(node, 'required') === 'true' || declaredType === 'MasterDetail';
  const computed = isFormula || declaredType === 'Summary' || declaredType === 'AutoNumber';
  return {
    object,
    name: document.name,
    type: declaredType,
    custom: true,
    file: document.file,
    node,
    formula: isFormula ? formula : undefined,
    required,
    permissionable: !required,
    editable: !computed,
    referenceTo: texts(node, 'referenceTo'),
    relationshipName: text(node, 'relationshipName'),
    picklistValues:
      declaredType === 'Picklist' || declaredType === 'MultiselectPicklist'
        ? picklistValues(node, globalValueSets)
        : undefined,
  };
}

function addCustomObjectFields(object: ObjectInfo): void {
  const node = object.node;
  if (object.kind === 'customMetadata') {
    for (const field of customMetadataSystemFields())
      addField(object, fromStandard(object.name, field));
    return;
  }
  for (const field of customObjectSystemFields())
    addField(object, fromStandard(object.name, field));
  const nameType =
    text(list(node, 'nameField')[0], 'type') === 'AutoNumber' ? 'AutoNumber' : 'Text';
  addField(object, fromStandard(object.name, customObjectNameField(nameType)));
  if (text(node, 'sharingModel') !== 'ControlledByParent') {
    addField(object, fromStandard(object.name, customObjectOwnerField()));
    for (const [token, type] of Object.entries(CUSTOM_OBJECT_OWNER_TOKENS)) {
      object.listViewTokens.set(token, { type });
    }
  }
  if (text(node, 'enableActivities') === 'true') {
    addField(object, fromStandard(object.name, customObjectActivityField()));
  }
}

export function buildSchema(project: Project): Schema {
  const documents = project.documents;
  const schema: Schema = {
    objects: new Map(),
    customPermissions: new Set(),
    globalValueSets: new Map(),
    labels: new Set(),
  };
  for (const [name, fields] of Object.entries(STANDARD_OBJECTS)) {
    const object = newObject(name, 'standard');
    for (const field of fields) addField(object, fromStandard(name, field));
    for (const [token, type] of Object.entries(EXTRA_LIST_VIEW_TOKENS[name] ?? {})) {
      object.listViewTokens.set(token, { type });
    }
    schema.objects.set(key(name), object);
  }
  const event = newObject('Event', 'standard');
  for (const field of EVENT_FIELDS) addField(event, fromStandard('Event', field));
  schema.objects.set(key('Event'), event);

  for (const document of documents) {
    if (document.suffix === 'globalValueSet') {
      schema.globalValueSets.set(document.name, valueNames(document.node, 'customValue'));
    } else if (document.suffix === 'customPermission') {
      schema.customPermissions.add(key(document.name));
    } else if (document.suffix === 'labels') {
      for (const label of list(document.node, 'labels')) {
        schema.labels.add(key(text(label, 'fullName') ?? ''));
      }
    }
  }

  for (const document of documents) {
    if (document.suffix !== 'object') continue;
    const existing = schema.objects.get(key(document.name));
    if (existing) {
      existing.file = document.file;
      existing.node = document.node;
      continue;
    }
    const kind = document.name.endsWith('__mdt') ? 'customMetadata' : 'custom';
    const object = newObject(document.name, kind);
    object.file = document.file;
    object.node = document.node;
    addCustomObjectFields(object);
    schema.objects.set(key(document.name), object);
  }

  for (const document of documents) {
    if (document.suffix !== 'field') continue;
    const folder = objectFolder(document.file);
    if (!folder) continue;
    const targets = folder === 'Activity' ? ACTIVITY_OBJECTS : [folder];
    for (const target of targets) {
      const object = schema.objects.get(key(target));
      if (!object) continue;
      addField(object, customField(object.name, document, schema.globalValueSets));
    }
  }

  for (const object of schema.objects.values()) {
    for (const field of object.fields.values()) {
      if (!field.custom || !field.relationshipName) continue;
      for (const parentName of field.referenceTo) {
        const parent = schema.objects.get(key(parentName));
        if (!parent) continue;
        const name = `${field.relationshipName}__r`;
        parent.childRelationships.set(key(name), {
          name,
          childObject: object.name,
          field: field.name,
        });
      }
    }
  }
  addStandardChildRelationships(schema);
  return schema;
}

/** Standard child relationships that SOQL subqueries of the job may name. */
function addStandardChildRelationships(schema: Schema): void {
  const standard: [string, string, string, string][] = [
    ['Account', 'Contacts', 'Contact', 'AccountId'],
    ['Account', 'Opportunities', 'Opportunity', 'AccountId'],
    ['Account', 'Tasks', 'Task', 'WhatId'],
    ['Opportunity', 'Tasks', 'Task', 'WhatId'],
    ['Contact', 'Tasks', 'Task', 'WhoId'],
  ];
  for (const [parent, name, childObject, field] of standard) {
    schema.objects
      .get(key(parent))
      ?.childRelationships.set(key(name), { name, childObject, field });
  }
}

export function getObject(schema: Schema, name: string): ObjectInfo | undefined {
  return schema.objects.get(key(name));
}

export function getField(schema: Schema, object: string, field: string): FieldInfo | undefined {
  return getObject(schema, object)?.fields.get(key(field));
}

export type PathResult =
  { field: FieldInfo; error?: undefined } | { field?: undefined; error: string };

/**
 * Resolves a field path such as `Champion__r.Title` or `Owner.IsActive` from `object`, following
 * lookups by their relationship names (`X__r` for a custom lookup `X__c`).
 */
export function resolvePath(schema: Schema, objectName: string, path: string): PathResult {
  const segments = path.split('.');
  let object = getObject(schema, objectName);
  if (!object) return { error: `object ${objectName} is not defined in force-app` };
  for (const [index, segment] of segments.entries()) {
    const isLast = index === segments.length - 1;
    if (isLast) {
      const field = object.fields.get(key(segment));
      if (!field) {
        return { error: `field ${object.name}.${segment} does not exist` };
      }
      return { field };
    }
    const lookup = findRelationship(object, segment);
    if (!lookup) {
      return { error: `${object.name} has no relationship named ${segment}` };
    }
    const target = lookup.referenceTo[0];
    const next = target ? getObject(schema, target) : undefined;
    if (!next) {
      return {
        error: `${object.name}.${lookup.name} points to ${target ?? 'no object'}, which is not in the catalogue of standard objects or in force-app`,
      };
    }
    object = next;
  }
  return { error: `empty field path` };
}

function findRelationship(object: ObjectInfo, segment: string): FieldInfo | undefined {
  const wanted = key(segment);
  for (const field of object.fields.values()) {
    if (field.referenceTo.length === 0) continue;
    if (field.custom && wanted.endsWith('__r') && key(field.name) === `${wanted.slice(0, -3)}__c`) {
      return field;
    }
    if (!field.custom && field.relationshipName && key(field.relationshipName) === wanted) {
      return field;
    }
  }
  return undefined;
}
