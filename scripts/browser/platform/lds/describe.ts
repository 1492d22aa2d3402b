// Object describes from the REST API (`sobjects` and `sobjects/{type}/describe`), cached for the
// life of the page as Lightning Data Service caches object info.

import { restRequest } from './rest.ts';

export interface PicklistEntry {
  active: boolean;
  defaultValue: boolean;
  label: string;
  value: string;
  validFor: string | null;
}

export interface DescribeField {
  name: string;
  label: string;
  type: string;
  length: number;
  precision: number;
  scale: number;
  digits: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  defaultedOnCreate: boolean;
  calculated: boolean;
  custom: boolean;
  externalId: boolean;
  unique: boolean;
  nameField: boolean;
  htmlFormatted: boolean;
  filterable: boolean;
  sortable: boolean;
  restrictedPicklist: boolean;
  polymorphicForeignKey: boolean;
  referenceTo: string[];
  relationshipName: string | null;
  picklistValues: PicklistEntry[];
  inlineHelpText?: string | null;
}

export interface DescribeChildRelationship {
  childSObject: string;
  field: string;
  relationshipName: string | null;
}

export interface ObjectDescribe {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  queryable: boolean;
  searchable: boolean;
  layoutable: boolean;
  mruEnabled: boolean;
  feedEnabled: boolean;
  fields: DescribeField[];
  childRelationships: DescribeChildRelationship[];
  recordTypeInfos: {
    recordTypeId: string;
    name: string;
    master: boolean;
    available: boolean;
    defaultRecordTypeMapping: boolean;
  }[];
}

/** A describe with lookups by lower-case field and relationship name. */
export interface ObjectInfo {
  describe: ObjectDescribe;
  field(name: string): DescribeField | undefined;
  /** The lookup field whose parent relationship is `name`, such as Account or Opportunity__r. */
  lookup(relationshipName: string): DescribeField | undefined;
  childRelationship(relationshipName: string): DescribeChildRelationship | undefined;
  /** The field that names a record (Name, or an auto number named Name), if any. */
  nameField: DescribeField | undefined;
  defaultRecordTypeId: string;
}

/** Record type Id of the master record type, which every object without record types uses. */
export const MASTER_RECORD_TYPE_ID = '012000000000000AAA';

const describes = new Map<string, Promise<ObjectInfo>>();
let keyPrefixes: Promise<Map<string, string>> | undefined;

/** A describe failure that names what was not found, shaped like a REST error. */
export class DescribeError extends Error {
  readonly status: number;
  readonly errorCode: string;

  constructor(status: number, errorCode: string, message: string) {
    super(message);
    this.name = 'DescribeError';
    this.status = status;
    this.errorCode = errorCode;
  }
}

function toObjectInfo(describe: ObjectDescribe): ObjectInfo {
  const fields = new Map(describe.fields.map((field) => [field.name.toLowerCase(), field]));
  const lookups = new Map<string, DescribeField>();
  for (const field of describe.fields) {
    if (field.type === 'reference' && field.relationshipName) {
      lookups.set(field.relationshipName.toLowerCase(), field);
    }
  }
  const children = new Map<string, DescribeChildRelationship>();
  for (const relationship of describe.childRelationships) {
    if (relationship.relationshipName) {
      children.set(relationship.relationshipName.toLowerCase(), relationship);
    }
  }
  const master = describe.recordTypeInfos.find((info) => info.defaultRecordTypeMapping);
  return {
    describe,
    field: (name) => fields.get(name.toLowerCase()),
    lookup: (name) => lookups.get(name.toLowerCase()),
    childRelationship: (name) => children.get(name.toLowerCase()),
    nameField: describe.fields.find((field) => field.nameField),
    defaultRecordTypeId: master?.recordTypeId ?? MASTER_RECORD_TYPE_ID,
  };
}

/** Returns the describe of an object by API name (any case). */
export function objectInfo(objectApiName: string): Promise<ObjectInfo> {
  const key = objectApiName.toLowerCase();
  let cached = describes.get(key);
  if (cached === undefined) {
    cached = restRequest<ObjectDescribe>(
      'GET',
      `/sobjects/${encodeURIComponent(objectApiName)}/describe`,
    ).then(toObjectInfo);
    // A failed describe is not cached, so a later wire can try again.
    cached.catch(() => describes.delete(key));
    describes.set(key, cached);
  }
  return cached;
}

/** Returns the API name of the object that a record Id belongs to, from its key prefix. */
export async function objectApiNameOfId(recordId: string): Promise<string> {
  if (keyPrefixes === undefined) {
    keyPrefixes = restRequest<{ sobjects: { name: string; keyPrefix: string | null }[] }>(
      'GET',
      '/sobjects',
    ).then((global) => {
      const map = new Map<string, string>();
      for (const object of global.sobjects) {
        if (object.keyPrefix) map.set(object.keyPrefix, object.name);
      }
      return map;
    });
    keyPrefixes.catch(() => {
      keyPrefixes = undefined;
    });
  }
  const name = (await keyPrefixes).get(recordId.slice(0, 3));
  if (name === undefined) {
    throw new DescribeError(
      404,
      'NOT_FOUND',
      `No object has the key prefix ${recordId.slice(0, 3)} of record Id ${recordId}.`,
    );
  }
  return name;
}
