// Standard fields of Account, Contact, Opportunity, Task and User, with the types, lengths,
// precisions and standard picklist values that Salesforce's Object Reference and field reference
// (API version 68.0) document for them. Fields that need features the local org does not have
// (currencies, divisions, campaigns, compound addresses) are left out.

import type { FieldDef, FieldType, PicklistEntry, StageInfo } from './schema-types.ts';

export interface StandardObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  fields: FieldDef[];
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
}

type FieldOptions = Partial<FieldDef>;

function field(name: string, label: string, type: FieldType, options: FieldOptions = {}): FieldDef {
  return {
    name,
    label,
    type,
    nillable: true,
    createable: true,
    updateable: true,
    custom: false,
    ...options,
  };
}

/** Returns a field that only the platform writes. */
function systemField(name: string, label: string, type: FieldType, options: FieldOptions = {}) {
  return field(name, label, type, {
    nillable: false,
    createable: false,
    updateable: false,
    defaultedOnCreate: true,
    derived: true,
    ...options,
  });
}

function text(name: string, label: string, length: number, options: FieldOptions = {}) {
  return field(name, label, 'string', { length, ...options });
}

function lookup(
  name: string,
  label: string,
  referenceTo: string[],
  relationshipName: string,
  childRelationshipName: string | undefined,
  options: FieldOptions = {},
) {
  return field(name, label, 'reference', {
    length: 18,
    referenceTo,
    relationshipName,
    childRelationshipName,
    polymorphic: referenceTo.length > 1,
    ...options,
  });
}

function entries(values: string[], defaultValue?: string): PicklistEntry[] {
  return values.map((value) => ({
    value,
    label: value,
    active: true,
    defaultValue: value === defaultValue,
  }));
}

function picklist(
  name: string,
  label: string,
  values: string[],
  options: FieldOptions & { defaultEntry?: string } = {},
) {
  const { defaultEntry, ...rest } = options;
  return field(name, label, 'picklist', {
    length: 255,
    picklistValues: values,
    picklistEntries: entries(values, defaultEntry),
    // Standard picklists are restricted here, so a value outside the standard list is rejected.
    restrictedPicklist: true,
    ...rest,
  });
}

/** Id, IsDeleted and the audit fields, which every object has, and OwnerId when asked. */
export function systemFields(withOwner: boolean): FieldDef[] {
  const fields: FieldDef[] = [
    systemField('Id', 'Record ID', 'id', { length: 18 }),
    systemField('IsDeleted', 'Deleted', 'boolean'),
    systemField('CreatedDate', 'Created Date', 'datetime'),
    lookup('CreatedById', 'Created By ID', ['User'], 'CreatedBy', undefined, {
      nillable: false,
      createable: false,
      updateable: false,
      defaultedOnCreate: true,
      derived: true,
    }),
    systemField('LastModifiedDate', 'Last Modified Date', 'datetime'),
    lookup('LastModifiedById', 'Last Modified By ID', ['User'], 'LastModifiedBy', undefined, {
      nillable: false,
      createable: false,
      updateable: false,
      defaultedOnCreate: true,
      derived: true,
    }),
    systemField('SystemModstamp', 'System Modstamp', 'datetime'),
  ];
  if (withOwner) fields.push(ownerField());
  return fields;
}

/** OwnerId: defaults to the calling user, and can be changed on create and update. */
export function ownerField(referenceTo: string[] = ['User']): FieldDef {
  return lookup('OwnerId', 'Owner ID', referenceTo, 'Owner', undefined, {
    nillable: false,
    defaultedOnCreate: true,
  });
}

export const ACCOUNT_TYPES = [
  'Prospect',
  'Customer - Direct',
  'Customer - Channel',
  'Channel Partner / Reseller',
  'Installation Partner',
  'Technology Partner',
  'Other',
];

export const INDUSTRIES = [
  'Agriculture',
  'Apparel',
  'Banking',
  'Biotechnology',
  'Chemicals',
  'Communications',
  'Construction',
  'Consulting',
  'Education',
  'Electronics',
  'Energy',
  'Engineering',
  'Entertainment',
  'Environmental',
  'Finance',
  'Food & Beverage',
  'Government',
  'Healthcare',
  'Hospitality',
  'Insurance',
  'Machinery',
  'Manufacturing',
  'Media',
  'Not For Profit',
  'Recreation',
  'Retail',
  'Shipping',
  'Technology',
  'Telecommunications',
  'Transportation',
  'Utilities',
  'Other',
];

const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];

export const OPPORTUNITY_TYPES = [
  'New Customer',
  'Existing Customer - Upgrade',
  'Existing Customer - Replacement',
  'Existing Customer - Downgrade',
];

/** The standard opportunity stages with their default probability and forecast category. */
export const STANDARD_STAGES: Record<string, StageInfo> = {
  Prospecting: { isClosed: false, isWon: false, probability: 10, forecastCategoryName: 'Pipeline' },
  Qualification: {
    isClosed: false,
    isWon: false,
    probability: 10,
    forecastCategoryName: 'Pipeline',
  },
  'Needs Analysis': {
    isClosed: false,
    isWon: false,
    probability: 20,
    forecastCategoryName: 'Pipeline',
  },
  'Value Proposition': {
    isClosed: false,
    isWon: false,
    probability: 50,
    forecastCategoryName: 'Pipeline',
  },
  'Id. Decision Makers': {
    isClosed: false,
    isWon: false,
    probability: 60,
    forecastCategoryName: 'Pipeline',
  },
  'Perception Analysis': {
    isClosed: false,
    isWon: false,
    probability: 70,
    forecastCategoryName: 'Pipeline',
  },
  'Proposal/Price Quote': {
    isClosed: false,
    isWon: false,
    probability: 75,
    forecastCategoryName: 'Pipeline',
  },
  'Negotiation/Review': {
    isClosed: false,
    isWon: false,
    probability: 90,
    forecastCategoryName: 'Pipeline',
  },
  'Closed Won': { isClosed: true, isWon: true, probability: 100, forecastCategoryName: 'Closed' },
  'Closed Lost': { isClosed: true, isWon: false, probability: 0, forecastCategoryName: 'Omitted' },
};

/** ForecastCategoryName values and the ForecastCategory API value each maps to. */
export const FORECAST_CATEGORIES: Record<string, string> = {
  Omitted: 'Omitted',
  Pipeline: 'Pipeline',
  'Best Case': 'BestCase',
  Commit: 'Forecast',
  Closed: 'Closed',
};

export const TASK_STATUSES = [
  'Not Started',
  'In Progress',
  'Completed',
  'Waiting on someone else',
  'Deferred',
];
/** Task statuses that count as closed (TaskStatus.IsClosed). */
export const CLOSED_TASK_STATUSES = new Set(['Completed']);
export const TASK_PRIORITIES = ['High', 'Normal', 'Low'];
export const HIGH_TASK_PRIORITIES = new Set(['High']);

function addressFields(prefix: string, labelPrefix: string): FieldDef[] {
  return [
    field(`${prefix}Street`, `${labelPrefix} Street`, 'textarea', { length: 255 }),
    text(`${prefix}City`, `${labelPrefix} City`, 40),
    text(`${prefix}State`, `${labelPrefix} State/Province`, 80),
    text(`${prefix}PostalCode`, `${labelPrefix} Zip/Postal Code`, 20),
    text(`${prefix}Country`, `${labelPrefix} Country`, 80),
    field(`${prefix}Latitude`, `${labelPrefix} Latitude`, 'double', { precision: 18, scale: 15 }),
    field(`${prefix}Longitude`, `${labelPrefix} Longitude`, 'double', { precision: 18, scale: 15 }),
  ];
}

function account(): StandardObjectDef {
  return {
    name: 'Account',
    label: 'Account',
    labelPlural: 'Accounts',
    createable: true,
    updateable: true,
    deletable: true,
    fields: [
      ...systemFields(true),
      text('Name', 'Account Name', 255, { nillable: false, required: true, nameField: true }),
      picklist('Type', 'Account Type', ACCOUNT_TYPES),
      lookup('ParentId', 'Parent Account ID', ['Account'], 'Parent', 'ChildAccounts'),
      ...addressFields('Billing', 'Billing'),
      ...addressFields('Shipping', 'Shipping'),
      field('Phone', 'Account Phone', 'phone', { length: 40 }),
      field('Fax', 'Account Fax', 'phone', { length: 40 }),
      text('AccountNumber', 'Account Number', 40),
      field('Website', 'Website', 'url', { length: 255 }),
      text('Sic', 'SIC Code', 20),
      picklist('Industry', 'Industry', INDUSTRIES),
      field('AnnualRevenue', 'Annual Revenue', 'currency', { precision: 18, scale: 0 }),
      field('NumberOfEmployees', 'Employees', 'int', { digits: 8 }),
      picklist('Ownership', 'Ownership', ['Public', 'Private', 'Subsidiary', 'Other']),
      text('TickerSymbol', 'Ticker Symbol', 20),
      field('Description', 'Account Description', 'textarea', { length: 32000 }),
      picklist('Rating', 'Account Rating', ['Hot', 'Warm', 'Cold']),
      text('Site', 'Account Site', 80),
      picklist('AccountSource', 'Account Source', LEAD_SOURCES),
      text('SicDesc', 'SIC Description', 80),
      systemField('LastActivityDate', 'Last Activity', 'date', { nillable: true }),
    ],
  };
}

function contact(): StandardObjectDef {
  return {
    name: 'Contact',
    label: 'Contact',
    labelPlural: 'Contacts',
    createable: true,
    updateable: true,
    deletable: true,
    fields: [
      ...systemFields(true),
      lookup('AccountId', 'Account ID', ['Account'], 'Account', 'Contacts'),
      text('LastName', 'Last Name', 80, { nillable: false, required: true }),
      text('FirstName', 'First Name', 40),
      picklist('Salutation', 'Salutation', ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.', 'Mx.']),
      // Compound of FirstName and LastName, computed by the platform.
      text('Name', 'Full Name', 121, {
        nillable: false,
        createable: false,
        updateable: false,
        nameField: true,
        derived: true,
      }),
      ...addressFields('Other', 'Other'),
      ...addressFields('Mailing', 'Mailing'),
      field('Phone', 'Business Phone', 'phone', { length: 40 }),
      field('Fax', 'Business Fax', 'phone', { length: 40 }),
      field('MobilePhone', 'Mobile Phone', 'phone', { length: 40 }),
      field('HomePhone', 'Home Phone', 'phone', { length: 40 }),
      field('OtherPhone', 'Other Phone', 'phone', { length: 40 }),
      field('AssistantPhone', 'Asst. Phone', 'phone', { length: 40 }),
      lookup('ReportsToId', 'Reports To ID', ['Contact'], 'ReportsTo', undefined),
      field('Email', 'Email', 'email', { length: 80 }),
      text('Title', 'Title', 128),
      text('Department', 'Department', 80),
      text('AssistantName', "Assistant's Name", 40),
      picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
      field('Birthdate', 'Birthdate', 'date'),
      field('Description', 'Contact Description', 'textarea', { length: 32000 }),
      field('HasOptedOutOfEmail', 'Email Opt Out', 'boolean', {
        nillable: false,
        defaultedOnCreate: true,
        defaultValue: false,
      }),
      field('DoNotCall', 'Do Not Call', 'boolean', {
        nillable: false,
        defaultedOnCreate: true,
        defaultValue: false,
      }),
      systemField('LastActivityDate', 'Last Activity', 'date', { nillable: true }),
    ],
  };
}

function opportunity(): StandardObjectDef {
  const stages = Object.keys(STANDARD_STAGES);
  return {
    name: 'Opportunity',
    label: 'Opportunity',
    labelPlural: 'Opportunities',
    createable: true,
    updateable: true,
    deletable: true,
    fields: [
      ...systemFields(true),
      lookup('AccountId', 'Account ID', ['Account'], 'Account', 'Opportunities'),
      lookup('ContactId', 'Contact ID', ['Contact'], 'Contact', 'Opportunities'),
      field('IsPrivate', 'Private', 'boolean', {
        nillable: false,
        defaultedOnCreate: true,
        defaultValue: false,
      }),
      text('Name', 'Name', 120, { nillable: false, required: true, nameField: true }),
      field('Description', 'Description', 'textarea', { length: 32000 }),
      picklist('StageName', 'Stage', stages, { nillable: false, required: true }),
      field('Amount', 'Amount', 'currency', { precision: 18, scale: 2 }),
      // Defaults to the stage's probability when the caller sends none.
      field('Probability', 'Probability (%)', 'percent', {
        precision: 3,
        scale: 0,
        defaultedOnCreate: true,
      }),
      field('ExpectedRevenue', 'Expected Amount', 'currency', {
        precision: 18,
        scale: 2,
        createable: false,
        updateable: false,
        calculated: true,
        derived: true,
      }),
      field('TotalOpportunityQuantity', 'Quantity', 'double', { precision: 18, scale: 2 }),
      field('CloseDate', 'Close Date', 'date', { nillable: false, required: true }),
      picklist('Type', 'Opportunity Type', OPPORTUNITY_TYPES),
      text('NextStep', 'Next Step', 255),
      picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
      systemField('IsClosed', 'Closed', 'boolean'),
      systemField('IsWon', 'Won', 'boolean'),
      picklist('ForecastCategory', 'Forecast Category', Object.values(FORECAST_CATEGORIES), {
        length: 40,
        nillable: false,
        createable: false,
        updateable: false,
        defaultedOnCreate: true,
        derived: true,
      }),
      // Defaults to the stage's forecast category when the caller sends none.
      picklist('ForecastCategoryName', 'Forecast Category', Object.keys(FORECAST_CATEGORIES), {
        nillable: true,
        defaultedOnCreate: true,
      }),
      field('HasOpportunityLineItem', 'Has Line Item', 'boolean', {
        nillable: false,
        createable: false,
        updateable: false,
        defaultedOnCreate: true,
        derived: true,
      }),
      systemField('LastActivityDate', 'Last Activity', 'date', { nillable: true }),
      systemField('FiscalQuarter', 'Fiscal Quarter', 'int', { digits: 8, nillable: true }),
      systemField('FiscalYear', 'Fiscal Year', 'int', { digits: 8, nillable: true }),
      systemField('Fiscal', 'Fiscal Period', 'string', { length: 6, nillable: true }),
    ],
  };
}

/**
 * Task. WhatId's list of parents is completed by the schema loader with every custom object
 * that allows activities.
 */
function task(): StandardObjectDef {
  return {
    name: 'Task',
    label: 'Task',
    labelPlural: 'Tasks',
    createable: true,
    updateable: true,
    deletable: true,
    fields: [
      ...systemFields(false),
      ownerField(['User']),
      lookup('WhoId', 'Name ID', ['Contact'], 'Who', 'Tasks'),
      lookup('WhatId', 'Related To ID', ['Account', 'Opportunity'], 'What', 'Tasks'),
      field('Subject', 'Subject', 'combobox', {
        length: 255,
        picklistValues: ['Call', 'Send Letter', 'Send Quote', 'Other'],
        picklistEntries: entries(['Call', 'Send Letter', 'Send Quote', 'Other']),
      }),
      field('ActivityDate', 'Due Date Only', 'date'),
      picklist('Status', 'Status', TASK_STATUSES, {
        nillable: false,
        required: true,
        defaultedOnCreate: true,
        defaultEntry: 'Not Started',
        defaultValue: 'Not Started',
      }),
      picklist('Priority', 'Priority', TASK_PRIORITIES, {
        nillable: false,
        required: true,
        defaultedOnCreate: true,
        defaultEntry: 'Normal',
        defaultValue: 'Normal',
      }),
      systemField('IsHighPriority', 'High Priority', 'boolean'),
      field('Description', 'Comments', 'textarea', { length: 32000 }),
      lookup('AccountId', 'Account ID', ['Account'], 'Account', undefined, {
        createable: false,
        updateable: false,
        derived: true,
      }),
      systemField('IsClosed', 'Closed', 'boolean'),
      picklist('TaskSubtype', 'Task Subtype', ['Task', 'Email', 'ListEmail', 'Cadence', 'Call'], {
        length: 40,
        updateable: false,
        defaultedOnCreate: true,
        defaultValue: 'Task',
      }),
      picklist('Type', 'Type', ['Call', 'Email', 'Meeting', 'Other'], { length: 40 }),
      systemField('CompletedDateTime', 'Completed Date/Time', 'datetime', { nillable: true }),
      field('ReminderDateTime', 'Reminder Date/Time', 'datetime'),
      field('IsReminderSet', 'Reminder Set', 'boolean', {
        nillable: false,
        defaultedOnCreate: true,
        defaultValue: false,
      }),
    ],
  };
}

/** User. The local org creates its users itself, so the API may update but not create them. */
function user(): StandardObjectDef {
  return {
    name: 'User',
    label: 'User',
    labelPlural: 'Users',
    createable: false,
    updateable: true,
    deletable: false,
    fields: [
      ...systemFields(false),
      text('Username', 'Username', 80, { nillable: false, required: true, unique: true }),
      text('LastName', 'Last Name', 80, { nillable: false, required: true }),
      text('FirstName', 'First Name', 40),
      text('Name', 'Full Name', 121, {
        nillable: false,
        createable: false,
        updateable: false,
        nameField: true,
        derived: true,
      }),
      text('CompanyName', 'Company Name', 80),
      text('Title', 'Title', 80),
      text('Department', 'Department', 80),
      field('Email', 'Email', 'email', { length: 128, nillable: false, required: true }),
      text('Alias', 'Alias', 8, { nillable: false, required: true }),
      text('CommunityNickname', 'Nickname', 40),
      field('IsActive', 'Active', 'boolean', {
        nillable: false,
        defaultedOnCreate: true,
        defaultValue: true,
      }),
      lookup('ManagerId', 'Manager ID', ['User'], 'Manager', undefined),
      text('TimeZoneSidKey', 'Time Zone', 40, { nillable: false }),
      text('LocaleSidKey', 'Locale', 40, { nillable: false }),
      text('LanguageLocaleKey', 'Language', 40, { nillable: false }),
      text('EmailEncodingKey', 'Email Encoding', 40, { nillable: false }),
      picklist('UserType', 'User Type', ['Standard', 'AutomatedProcess'], {
        length: 40,
        createable: false,
        updateable: false,
        derived: true,
      }),
    ],
  };
}

/** Returns fresh copies of the standard objects, so each org may extend its own. */
export function standardObjects(): StandardObjectDef[] {
  return [account(), contact(), opportunity(), task(), user()];
}
