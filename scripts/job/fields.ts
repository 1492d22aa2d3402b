// API names the job reads and writes, with the types it needs to parse Bulk API CSV results and
// the scales it rounds to. The custom fields are defined in force-app/main/default/objects.

export type FieldType = 'id' | 'string' | 'number' | 'boolean' | 'date' | 'datetime';

export interface FieldSpec {
  name: string;
  type: FieldType;
}

function specs(type: FieldType, names: string[]): FieldSpec[] {
  return names.map((name) => ({ name, type }));
}

/** Account inputs of the scoring model. */
export const ACCOUNT_INPUT_FIELDS: FieldSpec[] = [
  ...specs('string', ['Customer_Segment__c', 'Champion_Status__c', 'Billing_Status__c']),
  ...specs('date', ['Champion_Reviewed_On__c']),
  ...specs('number', [
    'Active_User_Ratio__c',
    'Seats_Purchased__c',
    'Seats_Active__c',
    'Support_Tickets_90d__c',
    'NPS__c',
    'Login_Days_30d__c',
  ]),
];

/** Account outputs, written by the job only. */
export const ACCOUNT_OUTPUT_FIELDS: FieldSpec[] = [
  { name: 'Health_Score__c', type: 'number' },
  { name: 'Health_Band__c', type: 'string' },
  { name: 'Product_Signal_Score__c', type: 'number' },
  { name: 'Deal_Context_Score__c', type: 'number' },
  { name: 'Health_Flags__c', type: 'string' },
  { name: 'Health_Drivers__c', type: 'string' },
  { name: 'Health_Risk_Count__c', type: 'number' },
  { name: 'Health_Review_Due_On__c', type: 'date' },
  { name: 'Health_Model_Version__c', type: 'string' },
  { name: 'Deal_Context_Opportunity__c', type: 'id' },
];

export const ACCOUNT_FIELDS: FieldSpec[] = [
  { name: 'Id', type: 'id' },
  { name: 'Name', type: 'string' },
  { name: 'OwnerId', type: 'id' },
  { name: 'Customer_Success_Manager__c', type: 'id' },
  ...ACCOUNT_INPUT_FIELDS,
  ...ACCOUNT_OUTPUT_FIELDS,
];

export const OPPORTUNITY_FIELDS: FieldSpec[] = [
  { name: 'Id', type: 'id' },
  { name: 'AccountId', type: 'id' },
  { name: 'OwnerId', type: 'id' },
  { name: 'IsWon', type: 'boolean' },
  { name: 'CloseDate', type: 'date' },
  { name: 'CreatedDate', type: 'datetime' },
  { name: 'Discount_Depth__c', type: 'number' },
  { name: 'ICP_Fit_Rating__c', type: 'number' },
  { name: 'Competitive_Displacement__c', type: 'boolean' },
  { name: 'Displaced_Vendor__c', type: 'string' },
  { name: 'Champion__c', type: 'id' },
  { name: 'Champion_Title_At_Close__c', type: 'string' },
  { name: 'Champion_Seniority__c', type: 'string' },
];

export const USE_CASE_FIELDS: FieldSpec[] = [
  { name: 'Id', type: 'id' },
  { name: 'Name', type: 'string' },
  { name: 'Opportunity__c', type: 'id' },
  { name: 'Status__c', type: 'string' },
  { name: 'Reviewed_On__c', type: 'date' },
];

export const PROMISE_FIELDS: FieldSpec[] = [
  { name: 'Id', type: 'id' },
  { name: 'Opportunity__c', type: 'id' },
  { name: 'Type__c', type: 'string' },
  { name: 'Status__c', type: 'string' },
  { name: 'Due_On__c', type: 'date' },
];

export const SNAPSHOT_FIELDS: FieldSpec[] = [
  { name: 'Id', type: 'id' },
  { name: 'Account__c', type: 'id' },
  { name: 'Scored_On__c', type: 'date' },
  { name: 'Score__c', type: 'number' },
  { name: 'Band__c', type: 'string' },
  { name: 'Product_Signal_Score__c', type: 'number' },
  { name: 'Deal_Context_Score__c', type: 'number' },
  { name: 'Flags__c', type: 'string' },
  { name: 'Model_Version__c', type: 'string' },
  { name: 'Snapshot_Key__c', type: 'string' },
];

/** Decimal places of each numeric output field, from its metadata (Number(precision, scale)). */
export const OUTPUT_SCALES: Record<string, number> = {
  Health_Score__c: 0,
  Product_Signal_Score__c: 2,
  Deal_Context_Score__c: 2,
  Health_Risk_Count__c: 0,
  Score__c: 0,
};

/** Health_Drivers__c takes 32,768 characters and Bulk API 2.0 takes 32,000 per field. */
export const DRIVERS_MAX_LENGTH = 30_000;

/** Length of Health_Score_Run__c.Error_Summary__c (LongTextArea). */
export const ERROR_SUMMARY_MAX_LENGTH = 131_072;

/** Length of Task.Health_Alert_Key__c (Text). */
export const ALERT_KEY_MAX_LENGTH = 120;
