// Types of the local org's schema: objects and fields as the describe call reports them, plus
// what the store needs to derive values (auto numbers, roll-up summaries, picklist behaviour).

export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'url'
  | 'picklist'
  | 'multipicklist'
  | 'combobox'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'time'
  | 'reference'
  | 'autonumber';

export interface PicklistEntry {
  value: string;
  label: string;
  active: boolean;
  defaultValue: boolean;
}

export interface RollUpSummary {
  operation: 'count' | 'sum' | 'min' | 'max';
  childObject: string;
  /** Master-detail field on the child that points at the parent. */
  foreignKey: string;
  /** Child field aggregated by sum, min and max. */
  summarizedField?: string;
  filters: { field: string; operation: string; value: string }[];
}

export interface FieldDef {
  name: string;
  label: string;
  /** Field type; `autonumber` is reported as `string` with `autoNumber: true` by describe. */
  type: FieldType;
  /** Maximum characters of text, picklist and reference fields. */
  length?: number;
  /** Total digits of number, currency and percent fields. */
  precision?: number;
  /** Digits after the decimal point. */
  scale?: number;
  /** Maximum digits of `int` fields. */
  digits?: number;
  picklistValues?: string[];
  picklistEntries?: PicklistEntry[];
  restrictedPicklist?: boolean;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  referenceTo?: string[];
  /** Parent relationship name used in SOQL paths, such as `Account` or `Opportunity__r`. */
  relationshipName?: string;
  /** Name under which the parent lists this field's child records, such as `Contacts`. */
  childRelationshipName?: string;
  externalId?: boolean;
  unique?: boolean;
  caseSensitive?: boolean;
  calculated?: boolean;
  custom: boolean;
  /** Save fails with REQUIRED_FIELD_MISSING when the value is blank. */
  required?: boolean;
  defaultedOnCreate?: boolean;
  /** Value set on create when the caller sends none. */
  defaultValue?: unknown;
  masterDetail?: boolean;
  /** Deleting the parent deletes records that point at it through this field. */
  cascadeDelete?: boolean;
  /** Deleting the parent fails while records point at it through this field. */
  restrictedDelete?: boolean;
  autoNumber?: { displayFormat: string; startingNumber: number };
  summary?: RollUpSummary;
  formula?: string;
  nameField?: boolean;
  htmlFormatted?: boolean;
  polymorphic?: boolean;
  /** Field whose value the store computes; the caller never writes it. */
  derived?: boolean;
}

export interface ChildRelationship {
  childSObject: string;
  field: string;
  relationshipName: string | null;
  cascadeDelete: boolean;
  restrictedDelete: boolean;
}

export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  fields: FieldDef[];
  childRelationships: ChildRelationship[];
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  queryable: boolean;
  /** A custom metadata type (`__mdt`): records come from force-app and the API only reads them. */
  customMetadata: boolean;
  /** Custom objects that allow activities accept Tasks through Task.WhatId. */
  enableActivities: boolean;
  fieldsByLowerName: Map<string, FieldDef>;
  /** Reference fields by lower-case parent relationship name. */
  parentRelationships: Map<string, FieldDef>;
  childRelationshipsByLowerName: Map<string, ChildRelationship>;
}

/** Stage attributes that Opportunity derives IsClosed, IsWon, Probability and forecast from. */
export interface StageInfo {
  isClosed: boolean;
  isWon: boolean;
  probability: number;
  forecastCategoryName: string;
}
