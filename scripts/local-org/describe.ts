// Describe results in the shape of the REST API's `sobjects` (describeGlobal) and
// `sobjects/{type}/describe` resources, built from the local org's schema.

import type { Schema } from './schema.ts';
import type { FieldDef, ObjectDef } from './schema-types.ts';

function objectUrls(apiVersion: string, object: ObjectDef): Record<string, string> {
  const base = `/services/data/v${apiVersion}/sobjects/${object.name}`;
  return {
    sobject: base,
    describe: `${base}/describe`,
    rowTemplate: `${base}/{ID}`,
  };
}

/** The per-object summary that describeGlobal lists and `sobjects/{type}` returns. */
export function describeObjectSummary(
  apiVersion: string,
  object: ObjectDef,
): Record<string, unknown> {
  return {
    activateable: false,
    createable: object.createable,
    custom: object.custom,
    customSetting: false,
    deepCloneable: false,
    deletable: object.deletable,
    deprecatedAndHidden: false,
    feedEnabled: false,
    hasSubtypes: false,
    isInterface: false,
    isSubtype: false,
    keyPrefix: object.keyPrefix,
    label: object.label,
    labelPlural: object.labelPlural,
    layoutable: !object.customMetadata,
    mergeable: false,
    mruEnabled: !object.customMetadata,
    name: object.name,
    queryable: object.queryable,
    replicateable: !object.customMetadata,
    retrieveable: true,
    searchable: !object.customMetadata,
    triggerable: !object.customMetadata,
    undeletable: object.deletable,
    updateable: object.updateable,
    urls: objectUrls(apiVersion, object),
  };
}

export function describeGlobal(apiVersion: string, schema: Schema): Record<string, unknown> {
  const sobjects = [...schema.objects.values()]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((object) => describeObjectSummary(apiVersion, object));
  return { encoding: 'UTF-8', maxBatchSize: 200, sobjects };
}

const SOAP_TYPES: Record<string, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
  time: 'xsd:time',
};

function describeField(field: FieldDef): Record<string, unknown> {
  const isText = ['string', 'textarea', 'email', 'phone', 'url', 'combobox', 'autonumber'].includes(
    field.type,
  );
  const isNumber = ['double', 'currency', 'percent'].includes(field.type);
  const isPicklist = ['picklist', 'multipicklist', 'combobox'].includes(field.type);
  const filterable = field.type !== 'textarea' || (field.length ?? 0) <= 255;
  return {
    aggregatable: filterable && field.type !== 'boolean',
    autoNumber: field.type === 'autonumber',
    byteLength:
      isText || isPicklist || field.type === 'id' || field.type === 'reference'
        ? (field.length ?? 0) * 3
        : 0,
    calculated: field.calculated === true,
    calculatedFormula: field.formula ?? null,
    cascadeDelete: field.cascadeDelete === true,
    caseSensitive: field.caseSensitive === true,
    createable: field.createable,
    custom: field.custom,
    defaultValue:
      field.defaultValue === undefined || field.type === 'boolean' ? null : field.defaultValue,
    defaultValueFormula: null,
    defaultedOnCreate: field.defaultedOnCreate === true || field.type === 'boolean',
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: field.type === 'int' ? (field.digits ?? 9) : 0,
    externalId: field.externalId === true,
    filterable,
    groupable: filterable && !isNumber && field.type !== 'datetime',
    htmlFormatted: field.htmlFormatted === true,
    idLookup: field.type === 'id' || field.externalId === true || field.name === 'Username',
    label: field.label,
    length:
      isText || isPicklist || field.type === 'id' || field.type === 'reference'
        ? (field.length ?? 0)
        : 0,
    name: field.name,
    nameField: field.nameField === true,
    nillable: field.nillable,
    permissionable: field.custom && field.nillable && !field.calculated,
    picklistValues: (field.picklistEntries ?? []).map((entry) => ({
      active: entry.active,
      defaultValue: entry.defaultValue,
      label: entry.label,
      validFor: null,
      value: entry.value,
    })),
    polymorphicForeignKey: field.polymorphic === true,
    precision: isNumber ? (field.precision ?? 18) : 0,
    referenceTo: field.referenceTo ?? [],
    relationshipName: field.relationshipName ?? null,
    relationshipOrder: field.masterDetail ? 0 : null,
    restrictedDelete: field.restrictedDelete === true,
    restrictedPicklist: field.restrictedPicklist === true,
    scale: isNumber ? (field.scale ?? 0) : 0,
    soapType: SOAP_TYPES[field.type] ?? 'xsd:string',
    sortable: filterable,
    type: field.type === 'autonumber' ? 'string' : field.type,
    unique: field.unique === true,
    updateable: field.updateable,
    writeRequiresMasterRead: field.masterDetail === true,
  };
}

export function describeObject(apiVersion: string, object: ObjectDef): Record<string, unknown> {
  return {
    ...describeObjectSummary(apiVersion, object),
    childRelationships: object.childRelationships.map((relationship) => ({
      cascadeDelete: relationship.cascadeDelete,
      childSObject: relationship.childSObject,
      deprecatedAndHidden: false,
      field: relationship.field,
      junctionIdListNames: [],
      junctionReferenceTo: [],
      relationshipName: relationship.relationshipName,
      restrictedDelete: relationship.restrictedDelete,
    })),
    fields: object.fields.map(describeField),
    recordTypeInfos: [
      {
        active: true,
        available: true,
        defaultRecordTypeMapping: true,
        developerName: 'Master',
        master: true,
        name: 'Master',
        recordTypeId: '012000000000000AAA',
        urls: {},
      },
    ],
    supportedScopes: [{ label: 'All records', name: 'everything' }],
  };
}
