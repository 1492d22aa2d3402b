// Types of the Salesforce platform modules that the LWC bundles import and that no installed
// package declares. They cover only the parts this project calls, shaped as Lightning Data
// Service and the UI API return them. The file is for tsc only: .forceignore excludes **/*.ts,
// so it never deploys.

declare module '@salesforce/schema/*' {
  /** An object import (`@salesforce/schema/Account`) carries only `objectApiName`. */
  const id: { objectApiName: string; fieldApiName: string };
  export default id;
}

declare module '@salesforce/label/*' {
  const label: string;
  export default label;
}

declare module '@salesforce/i18n/timeZone' {
  /** The user's time zone, an IANA name such as America/Los_Angeles. */
  const timeZone: string;
  export default timeZone;
}

declare module '@salesforce/i18n/locale' {
  const locale: string;
  export default locale;
}

declare module 'lightning/uiRecordApi' {
  import type { WireAdapterConstructor } from 'lwc';

  export interface FieldId {
    objectApiName: string;
    fieldApiName: string;
  }

  export interface FieldValueRepresentation {
    value: unknown;
    displayValue: string | null;
  }

  export interface RecordRepresentation {
    apiName: string;
    id: string;
    recordTypeId: string | null;
    fields: Record<string, FieldValueRepresentation>;
    childRelationships?: Record<string, unknown>;
    lastModifiedDate?: string;
  }

  /** Value of an LDS wire: `data` or `error` is set once the adapter returns a result. */
  export interface WireResult<T> {
    data?: T;
    error?: unknown;
  }

  export interface GetRecordConfig {
    recordId: string | undefined;
    fields?: (FieldId | string)[];
    optionalFields?: (FieldId | string)[];
  }

  export interface RecordInput {
    apiName?: string;
    fields: Record<string, unknown>;
  }

  export const getRecord: WireAdapterConstructor<GetRecordConfig, WireResult<RecordRepresentation>>;
  export function getFieldValue(
    record: RecordRepresentation | undefined,
    field: FieldId | string,
  ): unknown;
  export function getFieldDisplayValue(
    record: RecordRepresentation | undefined,
    field: FieldId | string,
  ): string | null | undefined;
  export function createRecord(recordInput: RecordInput): Promise<RecordRepresentation>;
  export function updateRecord(recordInput: RecordInput): Promise<RecordRepresentation>;
  export function notifyRecordUpdateAvailable(items: { recordId: string }[]): Promise<void>;
}

declare module 'lightning/uiRelatedListApi' {
  import type { WireAdapterConstructor } from 'lwc';
  import type { RecordRepresentation, WireResult } from 'lightning/uiRecordApi';

  export interface RelatedListRecordCollection {
    records: RecordRepresentation[];
    count: number;
    pageSize: number;
    nextPageToken: string | null;
    currentPageToken?: string | null;
  }

  export interface GetRelatedListRecordsConfig {
    parentRecordId: string | undefined;
    /** A child relationship with the `__r` suffix, such as Deal_Promises__r. */
    relatedListId: string;
    fields?: string[];
    optionalFields?: string[];
    /** One field, prefixed with `-` for descending order. */
    sortBy?: string[];
    /** Filter in GraphQL syntax. */
    where?: string;
    /** Records per page: 50 by default, at most 1,999. */
    pageSize?: number;
  }

  export const getRelatedListRecords: WireAdapterConstructor<
    GetRelatedListRecordsConfig,
    WireResult<RelatedListRecordCollection>
  >;
}

declare module 'lightning/uiObjectInfoApi' {
  import type { WireAdapterConstructor } from 'lwc';
  import type { FieldId, WireResult } from 'lightning/uiRecordApi';

  export interface ObjectInfoRepresentation {
    apiName: string;
    defaultRecordTypeId: string;
    fields: Record<string, { apiName: string; label: string; inlineHelpText?: string | null }>;
    label: string;
  }

  /** Attributes of an Opportunity StageName value. Other picklists return null. */
  export interface PicklistValueAttributes {
    closed?: boolean;
    won?: boolean;
    defaultProbability?: number | null;
    forecastCategoryName?: string | null;
    picklistAtrributesValueType?: string;
  }

  export interface PicklistValue {
    attributes: PicklistValueAttributes | null;
    label: string;
    validFor: number[];
    value: string;
  }

  export interface PicklistValues {
    controllerValues: Record<string, number>;
    defaultValue: PicklistValue | null;
    url?: string;
    values: PicklistValue[];
  }

  export interface PicklistValuesCollection {
    picklistFieldValues: Record<string, PicklistValues>;
  }

  export const getObjectInfo: WireAdapterConstructor<
    { objectApiName: { objectApiName: string } | string },
    WireResult<ObjectInfoRepresentation>
  >;
  export const getPicklistValues: WireAdapterConstructor<
    { recordTypeId: string | undefined; fieldApiName: FieldId | string },
    WireResult<PicklistValues>
  >;
  export const getPicklistValuesByRecordType: WireAdapterConstructor<
    { objectApiName: { objectApiName: string } | string; recordTypeId: string | undefined },
    WireResult<PicklistValuesCollection>
  >;
}

declare module 'lightning/graphql' {
  import type { WireAdapterConstructor } from 'lwc';

  export interface GraphQLError {
    message: string;
    locations?: { line: number; column: number }[];
    path?: (string | number)[];
  }

  export interface GraphQLResult<T> {
    data?: T;
    errors?: GraphQLError[];
    refresh?: () => Promise<void>;
  }

  /** A parsed query. The platform parses the tagged template when the module loads. */
  export type DocumentNode = unknown;

  export function gql(strings: TemplateStringsArray, ...values: unknown[]): DocumentNode;
  export const graphql: WireAdapterConstructor<
    { query: DocumentNode; variables?: Record<string, unknown>; operationName?: string },
    GraphQLResult<unknown>
  >;
}

declare module 'lightning/actions' {
  /** Closes the screen quick action that contains the component. */
  export class CloseActionScreenEvent extends CustomEvent<null> {
    constructor();
  }
}

declare module 'lightning/platformShowToastEvent' {
  export interface ToastParams {
    title: string;
    message?: string;
    variant?: 'info' | 'success' | 'warning' | 'error';
    mode?: 'dismissible' | 'pester' | 'sticky';
  }
  export class ShowToastEvent extends CustomEvent<ToastParams> {
    constructor(params: ToastParams);
  }
}
