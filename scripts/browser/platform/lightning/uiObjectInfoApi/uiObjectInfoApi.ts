// Local implementation of `lightning/uiObjectInfoApi`: getObjectInfo, getPicklistValues and
// getPicklistValuesByRecordType, built from the REST describe in the UI API's shapes.

import { objectInfo, type DescribeField, type ObjectInfo } from '../../lds/describe.ts';
import { invalidInput } from '../../lds/errors.ts';
import { platformConfig } from '../../lds/rest.ts';
import { LdsWireAdapter, hasValues } from '../../lds/wire.ts';

type ObjectApiName = { objectApiName: string } | string;
type FieldApiName = { objectApiName: string; fieldApiName: string } | string;

/** UI API dataType of each REST describe field type. */
const DATA_TYPES: Record<string, string> = {
  id: 'String',
  string: 'String',
  textarea: 'TextArea',
  email: 'Email',
  phone: 'Phone',
  url: 'Url',
  picklist: 'Picklist',
  multipicklist: 'MultiPicklist',
  combobox: 'ComboBox',
  boolean: 'Boolean',
  int: 'Int',
  double: 'Double',
  currency: 'Currency',
  percent: 'Percent',
  date: 'Date',
  datetime: 'DateTime',
  time: 'Time',
  reference: 'Reference',
};

function objectNameOf(value: ObjectApiName): string {
  return typeof value === 'string' ? value : value.objectApiName;
}

function fieldInfo(field: DescribeField): Record<string, unknown> {
  return {
    apiName: field.name,
    calculated: field.calculated,
    compound: false,
    compoundComponentName: null,
    compoundFieldName: null,
    controllerName: null,
    controllingFields: [],
    createable: field.createable,
    custom: field.custom,
    dataType: DATA_TYPES[field.type] ?? 'String',
    externalId: field.externalId,
    extraTypeInfo: null,
    filterable: field.filterable,
    filteredLookupInfo: null,
    highScaleNumber: false,
    htmlFormatted: field.htmlFormatted,
    inlineHelpText: field.inlineHelpText ?? null,
    label: field.label,
    length: field.length,
    maskType: null,
    nameField: field.nameField,
    polymorphicForeignKey: field.polymorphicForeignKey,
    precision: field.precision,
    reference: field.type === 'reference',
    referenceTargetField: null,
    referenceToInfos: field.referenceTo.map((apiName) => ({ apiName, nameFields: ['Name'] })),
    relationshipName: field.relationshipName,
    required: !field.nillable && field.createable && !field.defaultedOnCreate,
    scale: field.scale,
    searchPrefilterable: false,
    sortable: field.sortable,
    unique: field.unique,
    updateable: field.updateable,
  };
}

function objectInfoRepresentation(info: ObjectInfo): Record<string, unknown> {
  const { describe } = info;
  const fields: Record<string, unknown> = {};
  for (const field of describe.fields) fields[field.name] = fieldInfo(field);
  const recordTypeInfos: Record<string, unknown> = {};
  for (const recordType of describe.recordTypeInfos) {
    recordTypeInfos[recordType.recordTypeId] = {
      available: recordType.available,
      defaultRecordTypeMapping: recordType.defaultRecordTypeMapping,
      master: recordType.master,
      name: recordType.name,
      recordTypeId: recordType.recordTypeId,
    };
  }
  return {
    apiName: describe.name,
    associateEntityType: null,
    associateParentEntity: null,
    childRelationships: describe.childRelationships
      .filter((relationship) => relationship.relationshipName !== null)
      .map((relationship) => ({
        childObjectApiName: relationship.childSObject,
        fieldName: relationship.field,
        junctionIdListNames: [],
        junctionReferenceTo: [],
        relationshipName: relationship.relationshipName,
      })),
    createable: describe.createable,
    custom: describe.custom,
    defaultRecordTypeId: info.defaultRecordTypeId,
    deletable: describe.deletable,
    dependentFields: {},
    feedEnabled: describe.feedEnabled,
    fields,
    keyPrefix: describe.keyPrefix,
    label: describe.label,
    labelPlural: describe.labelPlural,
    layoutable: describe.layoutable,
    mruEnabled: describe.mruEnabled,
    nameFields: info.nameField === undefined ? [] : [info.nameField.name],
    queryable: describe.queryable,
    recordTypeInfos,
    searchable: describe.searchable,
    themeInfo: null,
    updateable: describe.updateable,
  };
}

/** Wire adapter: `@wire(getObjectInfo, { objectApiName })`. */
export class getObjectInfo extends LdsWireAdapter<{ objectApiName?: ObjectApiName }, unknown> {
  protected isReady(config: { objectApiName?: ObjectApiName }): boolean {
    return hasValues(config, ['objectApiName']);
  }

  protected async fetch(config: { objectApiName?: ObjectApiName }): Promise<unknown> {
    return objectInfoRepresentation(
      await objectInfo(objectNameOf(config.objectApiName as ObjectApiName)),
    );
  }

  protected isAffectedBy(): boolean {
    return false;
  }
}

/**
 * Picklist values of a field as the UI API returns them: active values in describe order,
 * the default value, and for Opportunity.StageName the stage attributes (closed, won...).
 */
function picklistValues(
  info: ObjectInfo,
  field: DescribeField,
  recordTypeId: string,
): Record<string, unknown> {
  const isStage = info.describe.name === 'Opportunity' && field.name === 'StageName';
  const stages = isStage ? platformConfig().opportunityStages : {};
  const values = field.picklistValues
    .filter((entry) => entry.active)
    .map((entry) => {
      const stage = stages[entry.value];
      return {
        attributes:
          stage === undefined
            ? null
            : {
                closed: stage.closed,
                defaultProbability: stage.defaultProbability,
                forecastCategoryName: stage.forecastCategoryName,
                picklistAtrributesValueType: 'OpportunityStage',
                won: stage.won,
              },
        label: entry.label,
        validFor: [],
        value: entry.value,
      };
    });
  const defaultEntry = field.picklistValues.find((entry) => entry.active && entry.defaultValue);
  return {
    controllerValues: {},
    defaultValue:
      defaultEntry === undefined
        ? null
        : (values.find((value) => value.value === defaultEntry.value) ?? null),
    eTag: `${info.describe.name}.${field.name}:${values.length}`,
    url: `/services/data/v${platformConfig().apiVersion}/ui-api/object-info/${info.describe.name}/picklist-values/${recordTypeId}/${field.name}`,
    values,
  };
}

function isPicklist(field: DescribeField): boolean {
  return field.type === 'picklist' || field.type === 'multipicklist' || field.type === 'combobox';
}

interface PicklistConfig {
  recordTypeId?: string;
  fieldApiName?: FieldApiName;
}

/** Wire adapter: `@wire(getPicklistValues, { recordTypeId, fieldApiName })`. */
export class getPicklistValues extends LdsWireAdapter<PicklistConfig, unknown> {
  protected isReady(config: PicklistConfig): boolean {
    return hasValues(config, ['recordTypeId', 'fieldApiName']);
  }

  protected async fetch(config: PicklistConfig): Promise<unknown> {
    const fieldApiName = config.fieldApiName as FieldApiName;
    const [objectName, fieldName] =
      typeof fieldApiName === 'string'
        ? fieldApiName.split('.')
        : [fieldApiName.objectApiName, fieldApiName.fieldApiName];
    const info = await objectInfo(objectName);
    const field = fieldName === undefined ? undefined : info.field(fieldName);
    if (field === undefined || !isPicklist(field)) {
      throw invalidInput(
        `${objectName}.${fieldName ?? ''} is not a picklist field of ${info.describe.name}.`,
      );
    }
    return picklistValues(info, field, config.recordTypeId as string);
  }

  protected isAffectedBy(): boolean {
    return false;
  }
}

interface PicklistsByRecordTypeConfig {
  objectApiName?: ObjectApiName;
  recordTypeId?: string;
}

/** Wire adapter: `@wire(getPicklistValuesByRecordType, { objectApiName, recordTypeId })`. */
export class getPicklistValuesByRecordType extends LdsWireAdapter<
  PicklistsByRecordTypeConfig,
  unknown
> {
  protected isReady(config: PicklistsByRecordTypeConfig): boolean {
    return hasValues(config, ['objectApiName', 'recordTypeId']);
  }

  protected async fetch(config: PicklistsByRecordTypeConfig): Promise<unknown> {
    const info = await objectInfo(objectNameOf(config.objectApiName as ObjectApiName));
    const picklistFieldValues: Record<string, unknown> = {};
    for (const field of info.describe.fields.filter(isPicklist)) {
      picklistFieldValues[field.name] = picklistValues(info, field, config.recordTypeId as string);
    }
    return { eTag: `${info.describe.name}:${config.recordTypeId}`, picklistFieldValues };
  }

  protected isAffectedBy(): boolean {
    return false;
  }
}
