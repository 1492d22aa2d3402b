// Standard fields of Account, Contact, Opportunity, Task and User, and of the objects their
// relationship paths reach, with the field types of Salesforce's Object Reference. Each field may
// carry the token that names it in a list view (`ACCOUNT.NAME`, `OPPORTUNITY.STAGE_NAME`), taken
// from list views retrieved from real orgs. A field without a token cannot be used in a list view
// by these checks. Standard picklist values are left out because every org edits them.

/** Field types as the Metadata API names them, plus `Id` and `Address` for standard fields. */
export type FieldType =
  | 'Id'
  | 'Text'
  | 'TextArea'
  | 'LongTextArea'
  | 'Html'
  | 'EncryptedText'
  | 'Email'
  | 'Phone'
  | 'Url'
  | 'Picklist'
  | 'MultiselectPicklist'
  | 'Checkbox'
  | 'Number'
  | 'Currency'
  | 'Percent'
  | 'Date'
  | 'DateTime'
  | 'Time'
  | 'Lookup'
  | 'MasterDetail'
  | 'ExternalLookup'
  | 'Hierarchy'
  | 'Summary'
  | 'AutoNumber'
  | 'Location'
  | 'Address';

export interface StandardField {
  name: string;
  type: FieldType;
  /** Objects a lookup points to. */
  referenceTo?: string[];
  /** Name of the lookup in relationship paths, such as `Owner` for `OwnerId`. */
  relationshipName?: string;
  /** List-view column and filter token. */
  listViewToken?: string;
  /**
   * False when a permission set cannot carry field permissions for the field: required and
   * system fields have no field-level security.
   */
  permissionable: boolean;
  /** False for fields only Salesforce writes, such as IsWon or CreatedDate. */
  editable: boolean;
}

interface Options {
  referenceTo?: string[];
  relationshipName?: string;
  token?: string;
}

/** Builds a field with field-level security that people can edit. */
function editable(name: string, type: FieldType, options: Options = {}): StandardField {
  return build(name, type, options, true, true);
}

/** Builds a field with field-level security that only Salesforce writes (read-only for people). */
function derived(name: string, type: FieldType, options: Options = {}): StandardField {
  return build(name, type, options, true, false);
}

/** Builds a required or system field, which has no field-level security. */
function fixed(name: string, type: FieldType, options: Options = {}): StandardField {
  return build(name, type, options, false, false);
}

/** Builds a required field that people edit, such as Name, which has no field-level security. */
function required(name: string, type: FieldType, options: Options = {}): StandardField {
  return build(name, type, options, false, true);
}

function build(
  name: string,
  type: FieldType,
  options: Options,
  permissionable: boolean,
  isEditable: boolean,
): StandardField {
  return {
    name,
    type,
    referenceTo: options.referenceTo,
    relationshipName: options.relationshipName,
    listViewToken: options.token,
    permissionable,
    editable: isEditable,
  };
}

function userLookup(name: string, relationshipName: string, token?: string): StandardField {
  return fixed(name, 'Lookup', { referenceTo: ['User'], relationshipName, token });
}

/** Id, IsDeleted and the audit fields that every object has. */
function systemFields(prefix?: string): StandardField[] {
  const token = (suffix: string) => (prefix ? `${prefix}.${suffix}` : undefined);
  return [
    fixed('Id', 'Id'),
    fixed('IsDeleted', 'Checkbox'),
    fixed('CreatedDate', 'DateTime', { token: token('CREATED_DATE') }),
    userLookup('CreatedById', 'CreatedBy'),
    fixed('LastModifiedDate', 'DateTime', { token: token('LAST_UPDATE') }),
    userLookup('LastModifiedById', 'LastModifiedBy'),
    fixed('SystemModstamp', 'DateTime'),
  ];
}

function address(prefix: string, compound: string, tokenPrefix?: string): StandardField[] {
  const token = (suffix: string) => (tokenPrefix ? `${tokenPrefix}_${suffix}` : undefined);
  return [
    editable(`${prefix}Street`, 'TextArea', { token: token('STREET') }),
    editable(`${prefix}City`, 'Text', { token: token('CITY') }),
    editable(`${prefix}State`, 'Text', { token: token('STATE') }),
    editable(`${prefix}PostalCode`, 'Text', { token: token('ZIP') }),
    editable(`${prefix}Country`, 'Text', { token: token('COUNTRY') }),
    editable(`${prefix}Latitude`, 'Number'),
    editable(`${prefix}Longitude`, 'Number'),
    editable(compound, 'Address'),
  ];
}

/**
 * List-view tokens of the record owner: on Account, Contact and Opportunity list views they are
 * `CORE.USERS.*`.
 */
const CORE_USER_TOKENS: Record<string, FieldType> = {
  'CORE.USERS.ALIAS': 'Text',
  'CORE.USERS.FIRST_NAME': 'Text',
  'CORE.USERS.LAST_NAME': 'Text',
  'CORE.USERS.FULL_NAME': 'Text',
};

export const STANDARD_OBJECTS: Record<string, StandardField[]> = {
  Account: [
    ...systemFields('ACCOUNT'),
    required('Name', 'Text', { token: 'ACCOUNT.NAME' }),
    editable('AccountNumber', 'Text', { token: 'ACCOUNT.ACCOUNT_NUMBER' }),
    editable('AccountSource', 'Picklist'),
    editable('AnnualRevenue', 'Currency', { token: 'ACCOUNT.SALES' }),
    ...address('Billing', 'BillingAddress', 'ACCOUNT.ADDRESS1'),
    ...address('Shipping', 'ShippingAddress', 'ACCOUNT.ADDRESS2'),
    editable('Description', 'LongTextArea'),
    editable('Fax', 'Phone', { token: 'ACCOUNT.PHONE2' }),
    editable('Industry', 'Picklist', { token: 'ACCOUNT.INDUSTRY' }),
    fixed('LastActivityDate', 'Date', { token: 'ACCOUNT.LAST_ACTIVITY' }),
    fixed('LastViewedDate', 'DateTime'),
    fixed('LastReferencedDate', 'DateTime'),
    fixed('MasterRecordId', 'Lookup', {
      referenceTo: ['Account'],
      relationshipName: 'MasterRecord',
    }),
    editable('NumberOfEmployees', 'Number', { token: 'ACCOUNT.EMPLOYEES' }),
    fixed('OwnerId', 'Lookup', {
      referenceTo: ['User'],
      relationshipName: 'Owner',
      token: 'CORE.USERS.ALIAS',
    }),
    editable('Ownership', 'Picklist', { token: 'ACCOUNT.OWNERSHIP' }),
    editable('ParentId', 'Hierarchy', { referenceTo: ['Account'], relationshipName: 'Parent' }),
    editable('Phone', 'Phone', { token: 'ACCOUNT.PHONE1' }),
    derived('PhotoUrl', 'Url'),
    editable('Rating', 'Picklist', { token: 'ACCOUNT.RATING' }),
    fixed('RecordTypeId', 'Lookup', {
      referenceTo: ['RecordType'],
      relationshipName: 'RecordType',
      token: 'ACCOUNT.RECORDTYPE',
    }),
    editable('Sic', 'Text', { token: 'ACCOUNT.SIC' }),
    editable('Site', 'Text', { token: 'ACCOUNT.SITE' }),
    editable('TickerSymbol', 'Text', { token: 'ACCOUNT.TICKER' }),
    editable('Type', 'Picklist', { token: 'ACCOUNT.TYPE' }),
    editable('Website', 'Url', { token: 'ACCOUNT.URL' }),
  ],
  Contact: [
    ...systemFields('CONTACT'),
    editable('AccountId', 'Lookup', {
      referenceTo: ['Account'],
      relationshipName: 'Account',
      token: 'ACCOUNT.NAME',
    }),
    editable('AssistantName', 'Text'),
    editable('AssistantPhone', 'Phone'),
    editable('Birthdate', 'Date', { token: 'CONTACT.BIRTHDATE' }),
    editable('Department', 'Text', { token: 'CONTACT.DEPARTMENT' }),
    editable('Description', 'LongTextArea'),
    editable('DoNotCall', 'Checkbox'),
    editable('Email', 'Email', { token: 'CONTACT.EMAIL' }),
    derived('EmailBouncedDate', 'DateTime'),
    editable('Fax', 'Phone'),
    editable('FirstName', 'Text', { token: 'CONTACT.FIRST_NAME' }),
    editable('HasOptedOutOfEmail', 'Checkbox'),
    editable('HomePhone', 'Phone'),
    fixed('LastActivityDate', 'Date', { token: 'CONTACT.LAST_ACTIVITY' }),
    required('LastName', 'Text', { token: 'CONTACT.LAST_NAME' }),
    fixed('LastViewedDate', 'DateTime'),
    fixed('LastReferencedDate', 'DateTime'),
    editable('LeadSource', 'Picklist', { token: 'CONTACT.LEAD_SOURCE' }),
    ...address('Mailing', 'MailingAddress'),
    ...address('Other', 'OtherAddress'),
    fixed('MasterRecordId', 'Lookup', {
      referenceTo: ['Contact'],
      relationshipName: 'MasterRecord',
    }),
    editable('MobilePhone', 'Phone'),
    fixed('Name', 'Text', { token: 'FULL_NAME' }),
    editable('OtherPhone', 'Phone'),
    fixed('OwnerId', 'Lookup', {
      referenceTo: ['User'],
      relationshipName: 'Owner',
      token: 'CORE.USERS.ALIAS',
    }),
    editable('Phone', 'Phone', { token: 'CONTACT.PHONE1' }),
    fixed('RecordTypeId', 'Lookup', {
      referenceTo: ['RecordType'],
      relationshipName: 'RecordType',
      token: 'CONTACT.RECORDTYPE',
    }),
    editable('ReportsToId', 'Lookup', { referenceTo: ['Contact'], relationshipName: 'ReportsTo' }),
    editable('Salutation', 'Picklist'),
    editable('Title', 'Text', { token: 'CONTACT.TITLE' }),
  ],
  Opportunity: [
    ...systemFields('OPPORTUNITY'),
    editable('AccountId', 'Lookup', {
      referenceTo: ['Account'],
      relationshipName: 'Account',
      token: 'ACCOUNT.NAME',
    }),
    editable('Amount', 'Currency', { token: 'OPPORTUNITY.AMOUNT' }),
    editable('CampaignId', 'Lookup', { referenceTo: ['Campaign'], relationshipName: 'Campaign' }),
    required('CloseDate', 'Date', { token: 'OPPORTUNITY.CLOSE_DATE' }),
    editable('ContactId', 'Lookup', { referenceTo: ['Contact'], relationshipName: 'Contact' }),
    editable('Description', 'LongTextArea'),
    derived('ExpectedRevenue', 'Currency', { token: 'OPPORTUNITY.EXP_AMOUNT' }),
    fixed('Fiscal', 'Text'),
    fixed('FiscalQuarter', 'Number'),
    fixed('FiscalYear', 'Number'),
    derived('ForecastCategory', 'Picklist'),
    editable('ForecastCategoryName', 'Picklist', { token: 'OPPORTUNITY.FORECAST_CATEGORY' }),
    fixed('HasOpportunityLineItem', 'Checkbox'),
    fixed('IsClosed', 'Checkbox', { token: 'OPPORTUNITY.CLOSED' }),
    editable('IsPrivate', 'Checkbox'),
    fixed('IsWon', 'Checkbox', { token: 'OPPORTUNITY.WON' }),
    fixed('LastActivityDate', 'Date', { token: 'OPPORTUNITY.LAST_ACTIVITY' }),
    fixed('LastStageChangeDate', 'DateTime'),
    fixed('LastViewedDate', 'DateTime'),
    fixed('LastReferencedDate', 'DateTime'),
    editable('LeadSource', 'Picklist', { token: 'OPPORTUNITY.LEAD_SOURCE' }),
    required('Name', 'Text', { token: 'OPPORTUNITY.NAME' }),
    editable('NextStep', 'Text', { token: 'OPPORTUNITY.NEXT_STEP' }),
    fixed('OwnerId', 'Lookup', {
      referenceTo: ['User'],
      relationshipName: 'Owner',
      token: 'CORE.USERS.ALIAS',
    }),
    editable('Pricebook2Id', 'Lookup', {
      referenceTo: ['Pricebook2'],
      relationshipName: 'Pricebook2',
    }),
    editable('Probability', 'Percent', { token: 'OPPORTUNITY.PROBABILITY' }),
    fixed('RecordTypeId', 'Lookup', {
      referenceTo: ['RecordType'],
      relationshipName: 'RecordType',
      token: 'OPPORTUNITY.RECORDTYPE',
    }),
    required('StageName', 'Picklist', { token: 'OPPORTUNITY.STAGE_NAME' }),
    editable('TotalOpportunityQuantity', 'Number'),
    editable('Type', 'Picklist', { token: 'OPPORTUNITY.TYPE' }),
  ],
  Task: [
    ...systemFields(),
    fixed('AccountId', 'Lookup', { referenceTo: ['Account'], relationshipName: 'Account' }),
    editable('ActivityDate', 'Date'),
    editable('CallDisposition', 'Text'),
    editable('CallDurationInSeconds', 'Number'),
    editable('CallObject', 'Text'),
    editable('CallType', 'Picklist'),
    fixed('CompletedDateTime', 'DateTime'),
    editable('Description', 'LongTextArea'),
    fixed('IsArchived', 'Checkbox'),
    fixed('IsClosed', 'Checkbox'),
    fixed('IsHighPriority', 'Checkbox'),
    editable('IsRecurrence', 'Checkbox'),
    editable('IsReminderSet', 'Checkbox'),
    fixed('OwnerId', 'Lookup', { referenceTo: ['User'], relationshipName: 'Owner' }),
    required('Priority', 'Picklist'),
    editable('ReminderDateTime', 'DateTime'),
    required('Status', 'Picklist'),
    editable('Subject', 'Text'),
    editable('TaskSubtype', 'Picklist'),
    editable('Type', 'Picklist'),
    editable('WhatId', 'Lookup', {
      referenceTo: ['Account', 'Opportunity'],
      relationshipName: 'What',
    }),
    editable('WhoId', 'Lookup', { referenceTo: ['Contact', 'Lead'], relationshipName: 'Who' }),
  ],
  User: [
    fixed('Id', 'Id'),
    fixed('CreatedDate', 'DateTime'),
    userLookup('CreatedById', 'CreatedBy'),
    fixed('LastModifiedDate', 'DateTime'),
    userLookup('LastModifiedById', 'LastModifiedBy'),
    fixed('SystemModstamp', 'DateTime'),
    required('Alias', 'Text'),
    editable('CommunityNickname', 'Text'),
    editable('CompanyName', 'Text'),
    editable('Department', 'Text'),
    editable('Division', 'Text'),
    required('Email', 'Email'),
    required('EmailEncodingKey', 'Picklist'),
    editable('EmployeeNumber', 'Text'),
    editable('FederationIdentifier', 'Text'),
    editable('FirstName', 'Text'),
    editable('IsActive', 'Checkbox'),
    required('LanguageLocaleKey', 'Picklist'),
    fixed('LastLoginDate', 'DateTime'),
    required('LastName', 'Text'),
    required('LocaleSidKey', 'Picklist'),
    editable('ManagerId', 'Hierarchy', { referenceTo: ['User'], relationshipName: 'Manager' }),
    editable('MobilePhone', 'Phone'),
    fixed('Name', 'Text'),
    editable('Phone', 'Phone'),
    required('ProfileId', 'Lookup', { referenceTo: ['Profile'], relationshipName: 'Profile' }),
    required('TimeZoneSidKey', 'Picklist'),
    editable('Title', 'Text'),
    required('Username', 'Text'),
    fixed('UserType', 'Picklist'),
    editable('UserRoleId', 'Lookup', { referenceTo: ['UserRole'], relationshipName: 'UserRole' }),
  ],
  Profile: [fixed('Id', 'Id'), fixed('Name', 'Text'), fixed('UserType', 'Picklist')],
  UserRole: [
    fixed('Id', 'Id'),
    fixed('Name', 'Text'),
    fixed('DeveloperName', 'Text'),
    fixed('ParentRoleId', 'Lookup', { referenceTo: ['UserRole'] }),
  ],
  RecordType: [
    fixed('Id', 'Id'),
    fixed('Name', 'Text'),
    fixed('DeveloperName', 'Text'),
    fixed('SobjectType', 'Picklist'),
    fixed('IsActive', 'Checkbox'),
  ],
};

/** Extra list-view tokens per standard object that name no single field. */
export const EXTRA_LIST_VIEW_TOKENS: Record<string, Record<string, FieldType>> = {
  Account: CORE_USER_TOKENS,
  Contact: CORE_USER_TOKENS,
  Opportunity: CORE_USER_TOKENS,
};

/**
 * Standard fields of every custom object (not custom metadata types). `Name` and `OwnerId` depend
 * on the object definition and are added by the schema.
 */
export function customObjectSystemFields(): StandardField[] {
  return [
    fixed('Id', 'Id'),
    fixed('IsDeleted', 'Checkbox'),
    fixed('CreatedDate', 'DateTime', { token: 'CREATED_DATE' }),
    userLookup('CreatedById', 'CreatedBy', 'CREATEDBY_USER'),
    fixed('LastModifiedDate', 'DateTime', { token: 'LAST_UPDATE' }),
    userLookup('LastModifiedById', 'LastModifiedBy', 'UPDATEDBY_USER'),
    fixed('SystemModstamp', 'DateTime'),
    fixed('LastViewedDate', 'DateTime'),
    fixed('LastReferencedDate', 'DateTime'),
  ];
}

/** Name field of a custom object: a required Text field or an auto number. */
export function customObjectNameField(type: 'Text' | 'AutoNumber'): StandardField {
  return fixed('Name', type, { token: 'NAME' });
}

/** Owner of a custom object that is not the detail of a master-detail relationship. */
export function customObjectOwnerField(): StandardField {
  return fixed('OwnerId', 'Lookup', {
    referenceTo: ['User'],
    relationshipName: 'Owner',
    token: 'OWNER.ALIAS',
  });
}

/** Date of the latest activity, on a custom object with activities enabled. */
export function customObjectActivityField(): StandardField {
  return fixed('LastActivityDate', 'Date', { token: 'LAST_ACTIVITY' });
}

/** Extra list-view tokens of a custom object with an owner. */
export const CUSTOM_OBJECT_OWNER_TOKENS: Record<string, FieldType> = {
  'OWNER.FIRST_NAME': 'Text',
  'OWNER.LAST_NAME': 'Text',
};

/** Standard fields of every custom metadata type. */
export function customMetadataSystemFields(): StandardField[] {
  return [
    fixed('Id', 'Id'),
    fixed('DeveloperName', 'Text'),
    fixed('MasterLabel', 'Text'),
    fixed('Label', 'Text'),
    fixed('Language', 'Picklist'),
    fixed('NamespacePrefix', 'Text'),
    fixed('QualifiedApiName', 'Text'),
    fixed('SystemModstamp', 'DateTime'),
  ];
}
