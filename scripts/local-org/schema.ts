// The local org's schema: the standard catalogue merged with the custom objects, custom fields,
// global value sets, standard value sets and custom metadata types found under
// force-app/main/default.

import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createHash } from 'node:crypto';
import { STANDARD_KEY_PREFIXES, generateKeyPrefix, makeId } from './ids.ts';
import { booleanOf, childOf, listOf, numberOf, readMetadataFile, textOf } from './metadata-xml.ts';
import type { XmlNode } from './metadata-xml.ts';
import type {
  ChildRelationship,
  FieldDef,
  FieldType,
  ObjectDef,
  PicklistEntry,
  RollUpSummary,
  StageInfo,
} from './schema-types.ts';
import {
  CLOSED_TASK_STATUSES,
  FORECAST_CATEGORIES,
  HIGH_TASK_PRIORITIES,
  STANDARD_STAGES,
  ownerField,
  standardObjects,
  systemFields,
} from './standard-objects.ts';

export type SObjectRecord = Record<string, unknown>;

/** Folders under objects/ whose fields extend a standard object (Activity fields go to Task). */
const STANDARD_FOLDERS: Record<string, string> = {
  Account: 'Account',
  Contact: 'Contact',
  Opportunity: 'Opportunity',
  Task: 'Task',
  Activity: 'Task',
  User: 'User',
};

/** Standard value sets the catalogue uses, and the fields each one fills. */
const STANDARD_VALUE_SET_FIELDS: Record<string, [string, string][]> = {
  AccountType: [['Account', 'Type']],
  Industry: [['Account', 'Industry']],
  AccountRating: [['Account', 'Rating']],
  AccountOwnership: [['Account', 'Ownership']],
  LeadSource: [
    ['Account', 'AccountSource'],
    ['Contact', 'LeadSource'],
    ['Opportunity', 'LeadSource'],
  ],
  Salutation: [['Contact', 'Salutation']],
  OpportunityStage: [['Opportunity', 'StageName']],
  OpportunityType: [['Opportunity', 'Type']],
  TaskStatus: [['Task', 'Status']],
  TaskPriority: [['Task', 'Priority']],
};

/** Length that describe reports for multi-select picklists. */
const MULTIPICKLIST_LENGTH = 4099;

interface PendingSummary {
  field: FieldDef;
  summarizedField?: string;
}

export class Schema {
  readonly objects = new Map<string, ObjectDef>();
  readonly stages = new Map<string, StageInfo>();
  closedTaskStatuses = new Set(CLOSED_TASK_STATUSES);
  highTaskPriorities = new Set(HIGH_TASK_PRIORITIES);
  /** Custom metadata records by type name, as the API returns them. */
  readonly customMetadataRecords = new Map<string, SObjectRecord[]>();
  /** Metadata that could not be read, one line each. */
  readonly warnings: string[] = [];
  private readonly byKeyPrefix = new Map<string, ObjectDef>();

  getObject(name: string): ObjectDef | undefined {
    return this.objects.get(name.toLowerCase());
  }

  objectForKeyPrefix(prefix: string): ObjectDef | undefined {
    return this.byKeyPrefix.get(prefix);
  }

  /** Adds an object and indexes it by name and key prefix. */
  addObject(object: ObjectDef): void {
    this.objects.set(object.name.toLowerCase(), object);
    this.byKeyPrefix.set(object.keyPrefix, object);
  }
}

export interface LoadSchemaOptions {
  /** Folder that contains force-app/main/default. */
  projectDir: string;
  /**
   * Key prefixes already given to custom objects, by object name. New objects get a prefix that
   * is added to this map, so the caller can store it with the data.
   */
  keyPrefixes: Record<string, string>;
}

/** Builds the schema from the standard catalogue and the project's metadata. */
export function loadSchema(options: LoadSchemaOptions): Schema {
  const schema = new Schema();
  const metadataDir = join(options.projectDir, 'force-app', 'main', 'default');
  const globalValueSets = readGlobalValueSets(join(metadataDir, 'globalValueSets'), schema);
  const pendingSummaries: PendingSummary[] = [];

  for (const standard of standardObjects()) {
    schema.addObject(
      makeObject({
        name: standard.name,
        label: standard.label,
        labelPlural: standard.labelPlural,
        keyPrefix: STANDARD_KEY_PREFIXES[standard.name],
        custom: false,
        fields: standard.fields,
        createable: standard.createable,
        updateable: standard.updateable,
        deletable: standard.deletable,
      }),
    );
  }
  for (const [value, info] of Object.entries(STANDARD_STAGES)) schema.stages.set(value, info);
  applyStandardValueSets(join(metadataDir, 'standardValueSets'), schema);

  const objectsDir = join(metadataDir, 'objects');
  const folders = existsSync(objectsDir) ? readdirSync(objectsDir).sort() : [];
  const takenPrefixes = new Set([
    ...Object.values(STANDARD_KEY_PREFIXES),
    ...Object.values(options.keyPrefixes),
  ]);

  // Objects first, so that every field's parent exists when the fields are read.
  for (const folder of folders) {
    if (STANDARD_FOLDERS[folder] !== undefined) continue;
    if (!/__(c|mdt)$/.test(folder)) {
      schema.warnings.push(`objects/${folder}: standard object not in the local org's catalogue`);
      continue;
    }
    const objectFile = join(objectsDir, folder, `${folder}.object-meta.xml`);
    if (!existsSync(objectFile)) {
      schema.warnings.push(`objects/${folder}: missing ${folder}.object-meta.xml`);
      continue;
    }
    let keyPrefix = options.keyPrefixes[folder];
    if (keyPrefix === undefined) {
      keyPrefix = generateKeyPrefix(folder, takenPrefixes);
      options.keyPrefixes[folder] = keyPrefix;
      takenPrefixes.add(keyPrefix);
    }
    try {
      schema.addObject(customObjectFromMetadata(folder, objectFile, keyPrefix, objectsDir));
    } catch (error) {
      schema.warnings.push(`objects/${folder}: ${(error as Error).message}`);
    }
  }

  for (const folder of folders) {
    const target = schema.getObject(STANDARD_FOLDERS[folder] ?? folder);
    const fieldsDir = join(objectsDir, folder, 'fields');
    if (target === undefined || !existsSync(fieldsDir)) continue;
    for (const file of readdirSync(fieldsDir).sort()) {
      if (!file.endsWith('.field-meta.xml')) continue;
      const fieldName = file.slice(0, -'.field-meta.xml'.length);
      // Standard fields in source format only carry settings such as history tracking.
      if (!fieldName.includes('__')) continue;
      try {
        const xml = readMetadataFile(join(fieldsDir, file), 'CustomField');
        const field = fieldFromMetadata(xml, fieldName, target, globalValueSets, pendingSummaries);
        target.fields.push(field);
      } catch (error) {
        schema.warnings.push(`objects/${folder}/fields/${file}: ${(error as Error).message}`);
      }
    }
  }

  finishSchema(schema, pendingSummaries);
  readCustomMetadataRecords(join(metadataDir, 'customMetadata'), schema);
  return schema;
}

interface ObjectBasics {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  fields: FieldDef[];
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  customMetadata?: boolean;
  enableActivities?: boolean;
}

function makeObject(basics: ObjectBasics): ObjectDef {
  return {
    ...basics,
    customMetadata: basics.customMetadata ?? false,
    enableActivities: basics.enableActivities ?? false,
    queryable: true,
    childRelationships: [],
    fieldsByLowerName: new Map(),
    parentRelationships: new Map(),
    childRelationshipsByLowerName: new Map(),
  };
}

function customObjectFromMetadata(
  name: string,
  objectFile: string,
  keyPrefix: string,
  objectsDir: string,
): ObjectDef {
  const xml = readMetadataFile(objectFile, 'CustomObject');
  const label = textOf(xml, 'label') ?? name;
  const labelPlural = textOf(xml, 'pluralLabel') ?? label;

  if (name.endsWith('__mdt')) {
    const text = (fieldName: string, fieldLabel: string, length: number): FieldDef => ({
      name: fieldName,
      label: fieldLabel,
      type: 'string',
      length,
      nillable: false,
      createable: false,
      updateable: false,
      custom: false,
    });
    return makeObject({
      name,
      label,
      labelPlural,
      keyPrefix,
      custom: true,
      customMetadata: true,
      createable: false,
      updateable: false,
      deletable: false,
      fields: [
        { ...text('Id', 'Custom Metadata Record ID', 18), type: 'id' },
        text('DeveloperName', 'Custom Metadata Record Name', 40),
        text('MasterLabel', 'Label', 40),
        text('Label', 'Label', 40),
        { ...text('NamespacePrefix', 'Namespace Prefix', 15), nillable: true },
        text('QualifiedApiName', 'Qualified API Name', 70),
        text('Language', 'Master Language', 40),
      ],
    });
  }

  // A detail object of a master-detail relationship has no owner: the master owns it.
  const fieldsDir = join(objectsDir, name, 'fields');
  const isDetail =
    existsSync(fieldsDir) &&
    readdirSync(fieldsDir).some((file) => {
      if (!file.endsWith('.field-meta.xml')) return false;
      try {
        return (
          textOf(readMetadataFile(join(fieldsDir, file), 'CustomField'), 'type') === 'MasterDetail'
        );
      } catch {
        return false;
      }
    });

  const nameNode = childOf(xml, 'nameField');
  const nameLabel = textOf(nameNode, 'label') ?? `${label} Name`;
  const nameField: FieldDef =
    textOf(nameNode, 'type') === 'AutoNumber'
      ? {
          name: 'Name',
          label: nameLabel,
          type: 'autonumber',
          length: 80,
          nillable: false,
          createable: false,
          updateable: false,
          custom: false,
          nameField: true,
          defaultedOnCreate: true,
          derived: true,
          autoNumber: {
            displayFormat: textOf(nameNode, 'displayFormat') ?? '{0}',
            startingNumber: numberOf(nameNode, 'startingNumber') ?? 1,
          },
        }
      : {
          name: 'Name',
          label: nameLabel,
          type: 'string',
          length: 80,
          nillable: false,
          createable: true,
          updateable: true,
          custom: false,
          nameField: true,
          required: true,
        };

  const enableActivities = booleanOf(xml, 'enableActivities') ?? false;
  const fields = [...systemFields(false)];
  if (!isDetail) fields.splice(1, 0, ownerField());
  fields.push(nameField);
  if (enableActivities) {
    fields.push({
      name: 'LastActivityDate',
      label: 'Last Activity Date',
      type: 'date',
      nillable: true,
      createable: false,
      updateable: false,
      custom: false,
      derived: true,
    });
  }
  return makeObject({
    name,
    label,
    labelPlural,
    keyPrefix,
    custom: true,
    createable: true,
    updateable: true,
    deletable: true,
    enableActivities,
    fields,
  });
}

type GlobalValueSets = Map<string, PicklistEntry[]>;

function readGlobalValueSets(dir: string, schema: Schema): GlobalValueSets {
  const sets: GlobalValueSets = new Map();
  if (!existsSync(dir)) return sets;
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.globalValueSet-meta.xml')) continue;
    try {
      const xml = readMetadataFile(join(dir, file), 'GlobalValueSet');
      const name = file.slice(0, -'.globalValueSet-meta.xml'.length);
      sets.set(name, listOf(xml, 'customValue').map(picklistEntryFromXml));
    } catch (error) {
      schema.warnings.push(`globalValueSets/${file}: ${(error as Error).message}`);
    }
  }
  return sets;
}

function picklistEntryFromXml(node: XmlNode): PicklistEntry {
  const value = textOf(node, 'fullName') ?? '';
  return {
    value,
    label: textOf(node, 'label') ?? value,
    active: booleanOf(node, 'isActive') ?? true,
    defaultValue: booleanOf(node, 'default') ?? false,
  };
}

/** Replaces standard picklist values with those of standardValueSets/ files, if any. */
function applyStandardValueSets(dir: string, schema: Schema): void {
  if (!existsSync(dir)) return;
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.standardValueSet-meta.xml')) continue;
    const setName = file.slice(0, -'.standardValueSet-meta.xml'.length);
    const targets = STANDARD_VALUE_SET_FIELDS[setName];
    if (targets === undefined) continue;
    try {
      const xml = readMetadataFile(join(dir, file), 'StandardValueSet');
      const values = listOf(xml, 'standardValue');
      const picklistEntries = values.map(picklistEntryFromXml);
      for (const [objectName, fieldName] of targets) {
        const field = schema.getObject(objectName)?.fields.find((f) => f.name === fieldName);
        if (field === undefined) continue;
        field.picklistEntries = picklistEntries;
        field.picklistValues = picklistEntries.map((entry) => entry.value);
      }
      if (setName === 'OpportunityStage') {
        schema.stages.clear();
        for (const node of values) {
          const value = textOf(node, 'fullName') ?? '';
          schema.stages.set(value, {
            isClosed: booleanOf(node, 'closed') ?? false,
            isWon: booleanOf(node, 'won') ?? false,
            probability: numberOf(node, 'probability') ?? 0,
            forecastCategoryName: forecastCategoryName(textOf(node, 'forecastCategory')),
          });
        }
      }
      if (setName === 'TaskStatus') {
        schema.closedTaskStatuses = new Set(
          values
            .filter((node) => booleanOf(node, 'closed'))
            .map((node) => textOf(node, 'fullName') ?? ''),
        );
      }
      if (setName === 'TaskPriority') {
        schema.highTaskPriorities = new Set(
          values
            .filter((node) => booleanOf(node, 'highPriority'))
            .map((node) => textOf(node, 'fullName') ?? ''),
        );
      }
    } catch (error) {
      schema.warnings.push(`standardValueSets/${file}: ${(error as Error).message}`);
    }
  }
}

/** Maps a ForecastCategory API value (`BestCase`, `Forecast`) to its ForecastCategoryName. */
function forecastCategoryName(apiValue: string | undefined): string {
  for (const [name, value] of Object.entries(FORECAST_CATEGORIES)) {
    if (value === apiValue) return name;
  }
  return 'Pipeline';
}

const NUMERIC_TYPES: Record<string, FieldType> = {
  Number: 'double',
  Percent: 'percent',
  Currency: 'currency',
};

/** Converts a CustomField element into a field definition. */
function fieldFromMetadata(
  xml: XmlNode,
  fieldName: string,
  object: ObjectDef,
  globalValueSets: GlobalValueSets,
  pendingSummaries: PendingSummary[],
): FieldDef {
  const metadataType = textOf(xml, 'type');
  const formula = textOf(xml, 'formula');
  const required = booleanOf(xml, 'required') ?? false;
  const base: FieldDef = {
    name: fieldName,
    label: textOf(xml, 'label') ?? fieldName,
    type: 'string',
    nillable: !required,
    createable: !object.customMetadata,
    updateable: !object.customMetadata,
    custom: true,
    required: required || undefined,
    externalId: booleanOf(xml, 'externalId') || undefined,
    unique: booleanOf(xml, 'unique') || undefined,
    caseSensitive: booleanOf(xml, 'caseSensitive') || undefined,
  };
  if (formula !== undefined) {
    base.formula = formula;
    base.calculated = true;
    base.createable = false;
    base.updateable = false;
    base.nillable = true;
    base.required = undefined;
    base.derived = true;
  }
  const defaultValue = parseDefaultValue(textOf(xml, 'defaultValue'));

  switch (metadataType) {
    case 'Text':
    case 'EncryptedText':
      return { ...base, type: 'string', length: numberOf(xml, 'length') ?? 255, defaultValue };
    case 'TextArea':
      return { ...base, type: 'textarea', length: 255, defaultValue };
    case 'LongTextArea':
      return { ...base, type: 'textarea', length: numberOf(xml, 'length') ?? 32768, defaultValue };
    case 'Html':
      return {
        ...base,
        type: 'textarea',
        length: numberOf(xml, 'length') ?? 32768,
        htmlFormatted: true,
      };
    case 'Email':
      return { ...base, type: 'email', length: 80, defaultValue };
    case 'Phone':
      return { ...base, type: 'phone', length: 40, defaultValue };
    case 'Url':
      return { ...base, type: 'url', length: 255, defaultValue };
    case 'Number':
    case 'Percent':
    case 'Currency':
      return {
        ...base,
        type: NUMERIC_TYPES[metadataType],
        precision: numberOf(xml, 'precision') ?? 18,
        scale: numberOf(xml, 'scale') ?? 0,
        defaultValue,
      };
    case 'Checkbox':
      return {
        ...base,
        type: 'boolean',
        nillable: false,
        required: undefined,
        defaultedOnCreate: formula === undefined,
        defaultValue: formula === undefined ? defaultValue === true : undefined,
      };
    case 'Date':
      return { ...base, type: 'date', defaultValue };
    case 'DateTime':
      return { ...base, type: 'datetime', defaultValue };
    case 'Time':
      return { ...base, type: 'time', defaultValue };
    case 'Picklist':
    case 'MultiselectPicklist':
      return picklistField(base, xml, metadataType === 'MultiselectPicklist', globalValueSets);
    case 'Lookup':
    case 'MasterDetail':
    case 'Hierarchy':
      return referenceField(base, xml, fieldName, metadataType);
    case 'MetadataRelationship':
      return { ...base, type: 'string', length: 255 };
    case 'AutoNumber':
      return {
        ...base,
        type: 'autonumber',
        length: 30,
        nillable: false,
        createable: false,
        updateable: false,
        defaultedOnCreate: true,
        derived: true,
        autoNumber: {
          displayFormat: textOf(xml, 'displayFormat') ?? '{0}',
          startingNumber: numberOf(xml, 'startingNumber') ?? 1,
        },
      };
    case 'Summary':
      return summaryField(base, xml, pendingSummaries);
    default:
      throw new Error(`unsupported field type ${metadataType ?? '(none)'}`);
  }
}

/** Reads a default value formula when it is a literal (true, false, a number, a quoted string). */
function parseDefaultValue(formula: string | undefined): unknown {
  if (formula === undefined) return undefined;
  const text = formula.trim();
  if (/^true$/i.test(text)) return true;
  if (/^false$/i.test(text)) return false;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  const quoted = /^(['"])(.*)\1$/s.exec(text);
  if (quoted) return quoted[2];
  // NOTE: default values that are formulas (TODAY(), $User.Id) are not evaluated.
  return undefined;
}

function picklistField(
  base: FieldDef,
  xml: XmlNode,
  multiSelect: boolean,
  globalValueSets: GlobalValueSets,
): FieldDef {
  const valueSet = childOf(xml, 'valueSet');
  const setName = textOf(valueSet, 'valueSetName');
  let picklistEntries: PicklistEntry[];
  let restricted: boolean;
  if (setName !== undefined) {
    const shared = globalValueSets.get(setName);
    if (shared === undefined) throw new Error(`global value set ${setName} not found`);
    picklistEntries = shared.map((entry) => ({ ...entry }));
    // A picklist that uses a global value set is always restricted.
    restricted = true;
  } else {
    const definition = childOf(valueSet, 'valueSetDefinition');
    picklistEntries = listOf(definition, 'value').map(picklistEntryFromXml);
    restricted = booleanOf(valueSet, 'restricted') ?? false;
  }
  const defaultEntry = picklistEntries.find((entry) => entry.defaultValue);
  return {
    ...base,
    type: multiSelect ? 'multipicklist' : 'picklist',
    length: multiSelect ? MULTIPICKLIST_LENGTH : 255,
    picklistEntries,
    picklistValues: picklistEntries.map((entry) => entry.value),
    restrictedPicklist: restricted,
    defaultedOnCreate: defaultEntry !== undefined || undefined,
    defaultValue: defaultEntry?.value,
  };
}

function referenceField(
  base: FieldDef,
  xml: XmlNode,
  fieldName: string,
  metadataType: string,
): FieldDef {
  const referenceTo = metadataType === 'Hierarchy' ? 'User' : textOf(xml, 'referenceTo');
  if (referenceTo === undefined) throw new Error('lookup without referenceTo');
  const childName = textOf(xml, 'relationshipName');
  const masterDetail = metadataType === 'MasterDetail';
  const deleteConstraint = textOf(xml, 'deleteConstraint') ?? 'SetNull';
  return {
    ...base,
    type: 'reference',
    length: 18,
    referenceTo: [referenceTo],
    relationshipName: fieldName.replace(/__c$/, '__r'),
    childRelationshipName: childName === undefined ? undefined : `${childName}__r`,
    masterDetail: masterDetail || undefined,
    nillable: masterDetail ? false : base.nillable,
    required: masterDetail || base.required,
    // A master-detail field can be changed only when the relationship allows reparenting.
    updateable:
      base.updateable && (!masterDetail || booleanOf(xml, 'reparentableMasterDetail') === true),
    cascadeDelete: masterDetail || deleteConstraint === 'Cascade' || undefined,
    restrictedDelete: (!masterDetail && deleteConstraint === 'Restrict') || undefined,
  };
}

function summaryField(base: FieldDef, xml: XmlNode, pendingSummaries: PendingSummary[]): FieldDef {
  const operation = (textOf(xml, 'summaryOperation') ?? 'count').toLowerCase();
  const foreignKey = textOf(xml, 'summaryForeignKey');
  if (foreignKey === undefined || !foreignKey.includes('.')) {
    throw new Error('roll-up summary without summaryForeignKey');
  }
  const [childObject, childField] = foreignKey.split('.');
  const summary: RollUpSummary = {
    operation: operation as RollUpSummary['operation'],
    childObject,
    foreignKey: childField,
    filters: listOf(xml, 'summaryFilterItems').map((item) => ({
      field: (textOf(item, 'field') ?? '').split('.').pop() ?? '',
      operation: textOf(item, 'operation') ?? 'equals',
      value: textOf(item, 'value') ?? '',
    })),
  };
  const field: FieldDef = {
    ...base,
    type: 'double',
    precision: 18,
    scale: 0,
    createable: false,
    updateable: false,
    calculated: true,
    nillable: true,
    required: undefined,
    derived: true,
    summary,
  };
  const summarized = textOf(xml, 'summarizedField');
  if (operation !== 'count') {
    summary.summarizedField = summarized?.split('.').pop();
    pendingSummaries.push({ field, summarizedField: summary.summarizedField });
  }
  return field;
}

/** Completes the cross-object parts: Task.WhatId targets, roll-up types, relationship maps. */
function finishSchema(schema: Schema, pendingSummaries: PendingSummary[]): void {
  const whatId = schema.getObject('Task')?.fields.find((field) => field.name === 'WhatId');
  for (const object of schema.objects.values()) {
    if (object.enableActivities && whatId?.referenceTo) whatId.referenceTo.push(object.name);
  }
  if (whatId?.referenceTo) whatId.polymorphic = whatId.referenceTo.length > 1;

  for (const pending of pendingSummaries) {
    const summary = pending.field.summary as RollUpSummary;
    const child = schema.getObject(summary.childObject);
    const source = child?.fields.find((f) => f.name === pending.summarizedField);
    if (source === undefined) {
      schema.warnings.push(
        `${pending.field.name}: summarized field ${summary.childObject}.${pending.summarizedField} not found`,
      );
      continue;
    }
    pending.field.type = source.type;
    pending.field.precision = source.precision;
    pending.field.scale = source.scale;
  }

  for (const object of schema.objects.values()) {
    for (const field of object.fields) {
      object.fieldsByLowerName.set(field.name.toLowerCase(), field);
      if (field.type === 'reference' && field.relationshipName) {
        object.parentRelationships.set(field.relationshipName.toLowerCase(), field);
      }
    }
  }
  for (const object of schema.objects.values()) {
    for (const field of object.fields) {
      if (field.type !== 'reference' || field.childRelationshipName === undefined) continue;
      for (const target of field.referenceTo ?? []) {
        const parent = schema.getObject(target);
        if (parent === undefined) continue;
        const relationship: ChildRelationship = {
          childSObject: object.name,
          field: field.name,
          relationshipName: field.childRelationshipName,
          cascadeDelete: field.cascadeDelete === true,
          restrictedDelete: field.restrictedDelete === true,
        };
        parent.childRelationships.push(relationship);
        parent.childRelationshipsByLowerName.set(
          field.childRelationshipName.toLowerCase(),
          relationship,
        );
      }
    }
  }
}

/** Reads customMetadata/<Type>.<Record>.md-meta.xml files into records of their `__mdt` type. */
function readCustomMetadataRecords(dir: string, schema: Schema): void {
  if (!existsSync(dir)) return;
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.md-meta.xml')) continue;
    const [typeName, developerName] = basename(file, '.md-meta.xml').split('.');
    const object = schema.getObject(`${typeName}__mdt`);
    if (object === undefined || developerName === undefined) {
      schema.warnings.push(`customMetadata/${file}: type ${typeName}__mdt not found`);
      continue;
    }
    try {
      const xml = readMetadataFile(join(dir, file), 'CustomMetadata');
      const label = textOf(xml, 'label') ?? developerName;
      const hash = createHash('sha256').update(`${object.name}.${developerName}`).digest();
      const record: SObjectRecord = {
        Id: makeId(object.keyPrefix, hash.readUInt32BE(0) * 1000 + (hash.readUInt16BE(4) % 1000)),
        DeveloperName: developerName,
        MasterLabel: label,
        Label: label,
        NamespacePrefix: null,
        QualifiedApiName: developerName,
        Language: 'en_US',
      };
      for (const field of object.fields) {
        if (field.custom) record[field.name] = null;
      }
      for (const item of listOf(xml, 'values')) {
        const fieldName = textOf(item, 'field');
        const field =
          fieldName === undefined
            ? undefined
            : object.fieldsByLowerName.get(fieldName.toLowerCase());
        if (field === undefined) {
          schema.warnings.push(
            `customMetadata/${file}: field ${fieldName} not found on ${object.name}`,
          );
          continue;
        }
        record[field.name] = metadataValue(item, field);
      }
      const records = schema.customMetadataRecords.get(object.name) ?? [];
      records.push(record);
      schema.customMetadataRecords.set(object.name, records);
    } catch (error) {
      schema.warnings.push(`customMetadata/${file}: ${(error as Error).message}`);
    }
  }
}

function metadataValue(item: XmlNode, field: FieldDef): unknown {
  const valueNode = Array.isArray(item.value) ? item.value[0] : item.value;
  if (valueNode !== null && typeof valueNode === 'object') {
    const attributes = valueNode as XmlNode;
    if (attributes['@_xsi:nil'] === 'true') return null;
  }
  const text = textOf(item, 'value');
  if (text === undefined) return null;
  switch (field.type) {
    case 'double':
    case 'percent':
    case 'currency':
    case 'int':
      return Number(text);
    case 'boolean':
      return text.toLowerCase() === 'true';
    default:
      return text;
  }
}
