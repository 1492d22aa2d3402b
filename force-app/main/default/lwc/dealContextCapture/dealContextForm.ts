/**
 * State, validation and record inputs of the deal-context form. Field keys name the inputs of
 * the template (`data-field`): the opportunity's fields by a short name, and each child row's
 * fields as `<row key>.<property>`.
 */
import type { FieldId, RecordRepresentation } from 'lightning/uiRecordApi';
import type { OpportunityInput, PromiseInput, UseCaseInput } from 'c/healthModel';
import DISCOUNT_DEPTH_FIELD from '@salesforce/schema/Opportunity.Discount_Depth__c';
import ICP_FIT_RATING_FIELD from '@salesforce/schema/Opportunity.ICP_Fit_Rating__c';
import CHAMPION_FIELD from '@salesforce/schema/Opportunity.Champion__c';
import CHAMPION_TITLE_FIELD from '@salesforce/schema/Opportunity.Champion_Title_At_Close__c';
import CHAMPION_SENIORITY_FIELD from '@salesforce/schema/Opportunity.Champion_Seniority__c';
import DISPLACEMENT_FIELD from '@salesforce/schema/Opportunity.Competitive_Displacement__c';
import DISPLACED_VENDOR_FIELD from '@salesforce/schema/Opportunity.Displaced_Vendor__c';
import USE_CASE_NAME_FIELD from '@salesforce/schema/Committed_Use_Case__c.Name';
import USE_CASE_DESCRIPTION_FIELD from '@salesforce/schema/Committed_Use_Case__c.Description__c';
import USE_CASE_STATUS_FIELD from '@salesforce/schema/Committed_Use_Case__c.Status__c';
import PROMISE_TYPE_FIELD from '@salesforce/schema/Deal_Promise__c.Type__c';
import PROMISE_DESCRIPTION_FIELD from '@salesforce/schema/Deal_Promise__c.Description__c';
import PROMISE_DUE_ON_FIELD from '@salesforce/schema/Deal_Promise__c.Due_On__c';
import PROMISE_STATUS_FIELD from '@salesforce/schema/Deal_Promise__c.Status__c';
import REQUIRED from '@salesforce/label/c.HS_Error_Required';
import DISCOUNT_RANGE from '@salesforce/label/c.HS_Error_DiscountRange';
import VENDOR_REQUIRED from '@salesforce/label/c.HS_Error_VendorRequired';

/** Maximum number of committed use cases captured at close. */
export const MAX_USE_CASES = 3;

/** Lengths of the text fields, from their metadata. */
export const NAME_MAX_LENGTH = 80;
export const TITLE_MAX_LENGTH = 128;
export const VENDOR_MAX_LENGTH = 80;

export interface DealForm {
  /** Discount_Depth__c as typed, in percent. */
  discount: string;
  /** ICP_Fit_Rating__c, '1' to '5' or ''. */
  icpRating: string;
  championId: string | null;
  championTitle: string;
  championSeniority: string;
  displacement: boolean;
  displacedVendor: string;
}

export interface UseCaseRow {
  key: string;
  /** Record Id once the use case is saved, so that a retry updates instead of creating. */
  id: string | null;
  name: string;
  description: string;
  status: string;
  /** Values last saved, to skip updates of unchanged rows, or null before the first save. */
  saved: { name: string; description: string } | null;
}

export interface PromiseRow {
  key: string;
  id: string | null;
  type: string;
  description: string;
  dueOn: string;
  status: string;
  saved: { type: string; description: string; dueOn: string } | null;
}

/** Opportunity fields of the form, by field key. */
export const OPPORTUNITY_FORM_FIELDS: Record<keyof DealForm, FieldId> = {
  discount: DISCOUNT_DEPTH_FIELD,
  icpRating: ICP_FIT_RATING_FIELD,
  championId: CHAMPION_FIELD,
  championTitle: CHAMPION_TITLE_FIELD,
  championSeniority: CHAMPION_SENIORITY_FIELD,
  displacement: DISPLACEMENT_FIELD,
  displacedVendor: DISPLACED_VENDOR_FIELD,
};

/** Fields of a use case row, by property. */
export const USE_CASE_FORM_FIELDS: Record<string, FieldId> = {
  name: USE_CASE_NAME_FIELD,
  description: USE_CASE_DESCRIPTION_FIELD,
};

/** Fields of a promise row, by property. */
export const PROMISE_FORM_FIELDS: Record<string, FieldId> = {
  type: PROMISE_TYPE_FIELD,
  description: PROMISE_DESCRIPTION_FIELD,
  dueOn: PROMISE_DUE_ON_FIELD,
};

/** Returns the key of the form field that shows errors of a field API name, or null. */
export function formKeyOf(fields: Record<string, FieldId>, fieldApiName: string): string | null {
  const entry = Object.entries(fields).find(([, field]) => field.fieldApiName === fieldApiName);
  return entry === undefined ? null : entry[0];
}

/** Returns `Object.Field` names, the form that getRelatedListRecords takes. */
export function qualifiedNames(fields: FieldId[]): string[] {
  return fields.map((field) => `${field.objectApiName}.${field.fieldApiName}`);
}

export const USE_CASE_LIST_FIELDS = qualifiedNames([
  USE_CASE_NAME_FIELD,
  USE_CASE_DESCRIPTION_FIELD,
  USE_CASE_STATUS_FIELD,
]);

export const PROMISE_LIST_FIELDS = qualifiedNames([
  PROMISE_TYPE_FIELD,
  PROMISE_DESCRIPTION_FIELD,
  PROMISE_DUE_ON_FIELD,
  PROMISE_STATUS_FIELD,
]);

let keyCounter = 0;

/** Returns a key for a row that has no record Id yet. */
export function newRowKey(prefix: string): string {
  keyCounter += 1;
  return `${prefix}-new-${keyCounter}`;
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function fieldOf(record: RecordRepresentation, field: FieldId): unknown {
  return record.fields[field.fieldApiName]?.value ?? null;
}

export function formFromRecord(record: RecordRepresentation): DealForm {
  return {
    discount: text(fieldOf(record, DISCOUNT_DEPTH_FIELD)),
    icpRating: text(fieldOf(record, ICP_FIT_RATING_FIELD)),
    championId: (fieldOf(record, CHAMPION_FIELD) as string | null) ?? null,
    championTitle: text(fieldOf(record, CHAMPION_TITLE_FIELD)),
    championSeniority: text(fieldOf(record, CHAMPION_SENIORITY_FIELD)),
    displacement: fieldOf(record, DISPLACEMENT_FIELD) === true,
    displacedVendor: text(fieldOf(record, DISPLACED_VENDOR_FIELD)),
  };
}

export function emptyUseCase(): UseCaseRow {
  return {
    key: newRowKey('useCase'),
    id: null,
    name: '',
    description: '',
    status: 'Committed',
    saved: null,
  };
}

export function emptyPromise(): PromiseRow {
  return {
    key: newRowKey('promise'),
    id: null,
    type: '',
    description: '',
    dueOn: '',
    status: 'Open',
    saved: null,
  };
}

export function useCaseFromRecord(record: RecordRepresentation): UseCaseRow {
  const name = text(fieldOf(record, USE_CASE_NAME_FIELD));
  const description = text(fieldOf(record, USE_CASE_DESCRIPTION_FIELD));
  return {
    key: record.id,
    id: record.id,
    name,
    description,
    status: text(fieldOf(record, USE_CASE_STATUS_FIELD)),
    saved: { name, description },
  };
}

export function promiseFromRecord(record: RecordRepresentation): PromiseRow {
  const saved = {
    type: text(fieldOf(record, PROMISE_TYPE_FIELD)),
    description: text(fieldOf(record, PROMISE_DESCRIPTION_FIELD)),
    dueOn: text(fieldOf(record, PROMISE_DUE_ON_FIELD)),
  };
  return {
    key: record.id,
    id: record.id,
    ...saved,
    status: text(fieldOf(record, PROMISE_STATUS_FIELD)),
    saved,
  };
}

/** Parses the typed discount: a number from 0 to 100 with at most 2 decimal places. */
export function parseDiscount(value: string): number | null | 'invalid' {
  const trimmed = value.trim();
  if (trimmed === '') {
    return null;
  }
  const discount = Number(trimmed);
  // Percent(5,2): 3 digits before the decimal point and 2 after.
  const twoDecimals = Math.abs(discount * 100 - Math.round(discount * 100)) < 1e-6;
  if (!Number.isFinite(discount) || discount < 0 || discount > 100 || !twoDecimals) {
    return 'invalid';
  }
  return discount;
}

function parseRating(value: string): number | null {
  const rating = Number(value);
  return value !== '' && Number.isInteger(rating) && rating >= 1 && rating <= 5 ? rating : null;
}

function blank(value: string): boolean {
  return value.trim() === '';
}

/**
 * Validates the whole form and returns a message per invalid field key. Every field that the
 * Closed Won validation rules require is required here, so the save fails on the client first.
 * The champion's seniority is required too, though no rule checks it.
 */
export function validateForm(
  form: DealForm,
  useCases: UseCaseRow[],
  promises: PromiseRow[],
): Record<string, string> {
  const errors: Record<string, string> = {};
  const discount = parseDiscount(form.discount);
  if (discount === null) {
    errors.discount = REQUIRED;
  } else if (discount === 'invalid') {
    errors.discount = DISCOUNT_RANGE;
  }
  if (parseRating(form.icpRating) === null) {
    errors.icpRating = REQUIRED;
  }
  if (form.championId === null) {
    errors.championId = REQUIRED;
  }
  if (blank(form.championTitle)) {
    errors.championTitle = REQUIRED;
  }
  if (blank(form.championSeniority)) {
    errors.championSeniority = REQUIRED;
  }
  if (form.displacement && blank(form.displacedVendor)) {
    errors.displacedVendor = VENDOR_REQUIRED;
  }
  for (const row of useCases) {
    if (blank(row.name)) {
      errors[`${row.key}.name`] = REQUIRED;
    }
  }
  for (const row of promises) {
    if (blank(row.type)) {
      errors[`${row.key}.type`] = REQUIRED;
    }
    if (blank(row.description)) {
      errors[`${row.key}.description`] = REQUIRED;
    }
  }
  return errors;
}

function orNull(value: string): string | null {
  return blank(value) ? null : value.trim();
}

/** Returns the opportunity's deal-context fields for updateRecord, from a valid form. */
export function opportunityFields(recordId: string, form: DealForm): Record<string, unknown> {
  const discount = parseDiscount(form.discount);
  return {
    Id: recordId,
    [DISCOUNT_DEPTH_FIELD.fieldApiName]: typeof discount === 'number' ? discount : null,
    [ICP_FIT_RATING_FIELD.fieldApiName]: parseRating(form.icpRating),
    [CHAMPION_FIELD.fieldApiName]: form.championId,
    [CHAMPION_TITLE_FIELD.fieldApiName]: orNull(form.championTitle),
    [CHAMPION_SENIORITY_FIELD.fieldApiName]: orNull(form.championSeniority),
    [DISPLACEMENT_FIELD.fieldApiName]: form.displacement,
    // A vendor without a displacement would contradict the checkbox, so it is cleared.
    [DISPLACED_VENDOR_FIELD.fieldApiName]: form.displacement ? orNull(form.displacedVendor) : null,
  };
}

export function isUseCaseChanged(row: UseCaseRow): boolean {
  return (
    row.saved === null || row.saved.name !== row.name || row.saved.description !== row.description
  );
}

export function isPromiseChanged(row: PromiseRow): boolean {
  const saved = row.saved;
  return (
    saved === null ||
    saved.type !== row.type ||
    saved.description !== row.description ||
    saved.dueOn !== row.dueOn
  );
}

export function useCaseFields(row: UseCaseRow): Record<string, unknown> {
  return {
    [USE_CASE_NAME_FIELD.fieldApiName]: row.name.trim(),
    [USE_CASE_DESCRIPTION_FIELD.fieldApiName]: orNull(row.description),
  };
}

export function promiseFields(row: PromiseRow): Record<string, unknown> {
  return {
    [PROMISE_TYPE_FIELD.fieldApiName]: orNull(row.type),
    [PROMISE_DESCRIPTION_FIELD.fieldApiName]: orNull(row.description),
    [PROMISE_DUE_ON_FIELD.fieldApiName]: orNull(row.dueOn),
  };
}

/**
 * Returns the engine inputs of the deal-context preview: only values that pass validation, so
 * that a half-typed value never shows as invalid input.
 */
export function previewOpportunity(form: DealForm, closeDate: string): OpportunityInput | null {
  const discount = parseDiscount(form.discount);
  const rating = parseRating(form.icpRating);
  if (typeof discount !== 'number' && rating === null) {
    return null;
  }
  return {
    CloseDate: closeDate,
    Discount_Depth__c: typeof discount === 'number' ? discount : null,
    ICP_Fit_Rating__c: rating,
    Competitive_Displacement__c: form.displacement,
  };
}

export function previewUseCases(rows: UseCaseRow[]): UseCaseInput[] {
  return rows.map((row) => ({ Status__c: row.status || 'Committed' }));
}

export function previewPromises(rows: PromiseRow[]): PromiseInput[] {
  return rows.map((row) => ({
    Type__c: orNull(row.type),
    Status__c: row.status || 'Open',
    Due_On__c: orNull(row.dueOn),
  }));
}
