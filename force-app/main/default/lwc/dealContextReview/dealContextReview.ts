import { LightningElement, api, wire } from 'lwc';
import { getFieldValue, getRecord, updateRecord } from 'lightning/uiRecordApi';
import type { RecordRepresentation, WireResult } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import type { RelatedListRecordCollection } from 'lightning/uiRelatedListApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import type {
  ObjectInfoRepresentation,
  PicklistValue,
  PicklistValues,
} from 'lightning/uiObjectInfoApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import { fieldErrorsOf, formatLabel, pageErrorsOf, todayIn } from 'c/ldsUtils';
import ACCOUNT_OBJECT from '@salesforce/schema/Account';
import CHAMPION_STATUS_FIELD from '@salesforce/schema/Account.Champion_Status__c';
import CHAMPION_REVIEWED_ON_FIELD from '@salesforce/schema/Account.Champion_Reviewed_On__c';
import DEAL_OPPORTUNITY_FIELD from '@salesforce/schema/Account.Deal_Context_Opportunity__c';
import DEAL_OPPORTUNITY_NAME_FIELD from '@salesforce/schema/Account.Deal_Context_Opportunity__r.Name';
import USE_CASE_OBJECT from '@salesforce/schema/Committed_Use_Case__c';
import USE_CASE_NAME_FIELD from '@salesforce/schema/Committed_Use_Case__c.Name';
import USE_CASE_STATUS_FIELD from '@salesforce/schema/Committed_Use_Case__c.Status__c';
import USE_CASE_REVIEWED_ON_FIELD from '@salesforce/schema/Committed_Use_Case__c.Reviewed_On__c';
import PROMISE_OBJECT from '@salesforce/schema/Deal_Promise__c';
import PROMISE_NAME_FIELD from '@salesforce/schema/Deal_Promise__c.Name';
import PROMISE_TYPE_FIELD from '@salesforce/schema/Deal_Promise__c.Type__c';
import PROMISE_DESCRIPTION_FIELD from '@salesforce/schema/Deal_Promise__c.Description__c';
import PROMISE_DUE_ON_FIELD from '@salesforce/schema/Deal_Promise__c.Due_On__c';
import PROMISE_STATUS_FIELD from '@salesforce/schema/Deal_Promise__c.Status__c';
import PROMISE_RESOLVED_ON_FIELD from '@salesforce/schema/Deal_Promise__c.Resolved_On__c';
import { LABELS } from './labels';

const ACCOUNT_FIELDS = [CHAMPION_STATUS_FIELD, CHAMPION_REVIEWED_ON_FIELD, DEAL_OPPORTUNITY_FIELD];
const ACCOUNT_OPTIONAL_FIELDS = [DEAL_OPPORTUNITY_NAME_FIELD];

/** The use case statuses a CSM sets. Committed is the status the AE creates them with. */
const REVIEWED_USE_CASE_STATUSES = ['Active', 'Not Active'];
const RESOLVED_PROMISE_STATUS = 'Resolved';

/** Page size of the children's related lists, far above the few a deal carries. */
const CHILD_PAGE_SIZE = 50;

function qualifiedNames(fields: { objectApiName: string; fieldApiName: string }[]): string[] {
  return fields.map((field) => `${field.objectApiName}.${field.fieldApiName}`);
}

const USE_CASE_LIST_FIELDS = qualifiedNames([
  USE_CASE_NAME_FIELD,
  USE_CASE_STATUS_FIELD,
  USE_CASE_REVIEWED_ON_FIELD,
]);
const PROMISE_LIST_FIELDS = qualifiedNames([
  PROMISE_NAME_FIELD,
  PROMISE_TYPE_FIELD,
  PROMISE_DESCRIPTION_FIELD,
  PROMISE_DUE_ON_FIELD,
  PROMISE_STATUS_FIELD,
  PROMISE_RESOLVED_ON_FIELD,
]);

/** A status and its date as last saved: Reviewed_On__c of a use case, Resolved_On__c of a promise. */
interface SavedStatus {
  status: string;
  date: string | null;
}

type ChangeEvent = CustomEvent<{ value?: string; checked?: boolean }>;

interface ValidatableElement extends HTMLElement {
  setCustomValidity(message: string): void;
  reportValidity(): boolean;
}

function stringField(record: RecordRepresentation, field: { fieldApiName: string }): string | null {
  const value = record.fields[field.fieldApiName]?.value;
  return typeof value === 'string' && value !== '' ? value : null;
}

function optionsOf(values: PicklistValue[]): { label: string; value: string }[] {
  return values.map((value) => ({ label: value.label, value: value.value }));
}

/**
 * Deal-context review for the CSM, on the Account record page or inside the health card: the
 * champion's status, each committed use case Active or Not Active, and each promise Resolved or
 * Withdrawn. It writes only the fields a CSM may edit: Account.Champion_Status__c and
 * Champion_Reviewed_On__c, the use cases' Status__c and Reviewed_On__c, and the promises'
 * Status__c and Resolved_On__c. Fires `saved` after a save and `close` on cancel.
 */
export default class DealContextReview extends LightningElement {
  /** Account Id. */
  @api recordId: string | undefined;

  labels = LABELS;

  account: RecordRepresentation | undefined;
  dealOpportunityId: string | undefined;
  useCaseRecords: RecordRepresentation[] | undefined;
  promiseRecords: RecordRepresentation[] | undefined;

  accountRecordTypeId: string | undefined;
  useCaseRecordTypeId: string | undefined;
  promiseRecordTypeId: string | undefined;
  championStatusValues: PicklistValue[] = [];
  useCaseStatusValues: PicklistValue[] = [];
  promiseStatusValues: PicklistValue[] = [];

  /** The CSM's unsaved choices, by field key (`championStatus`, `<record Id>.status`). */
  edits: Record<string, string> = {};
  championConfirmed = false;
  /** Values this component saved, which take precedence over wire data not yet refreshed. */
  savedChampion: SavedStatus | undefined;
  savedChildren: Record<string, SavedStatus> = {};

  loadErrors: Record<string, unknown> = {};
  serverFieldErrors: Record<string, string> = {};
  clientFieldErrors: Record<string, string> = {};
  pageErrors: string[] = [];
  isSaving = false;
  /** Inputs that showed a message at the last check, so that a cleared message disappears. */
  reportedKeys = new Set<string>();

  @wire(getRecord, {
    recordId: '$recordId',
    fields: ACCOUNT_FIELDS,
    optionalFields: ACCOUNT_OPTIONAL_FIELDS,
  })
  wiredAccount({ data, error }: WireResult<RecordRepresentation>): void {
    this.setLoadError('account', error);
    if (data) {
      this.account = data;
      this.accountRecordTypeId = data.recordTypeId ?? this.accountRecordTypeId;
      // Once the record shows what this component saved, later changes by others show again.
      const saved = this.savedChampion;
      if (
        saved !== undefined &&
        (stringField(data, CHAMPION_STATUS_FIELD) ?? '') === saved.status &&
        stringField(data, CHAMPION_REVIEWED_ON_FIELD) === saved.date
      ) {
        this.savedChampion = undefined;
      }
      const opportunityId = stringField(data, DEAL_OPPORTUNITY_FIELD) ?? undefined;
      if (opportunityId !== this.dealOpportunityId) {
        this.dealOpportunityId = opportunityId;
        this.useCaseRecords = undefined;
        this.promiseRecords = undefined;
      }
    }
  }

  @wire(getObjectInfo, { objectApiName: ACCOUNT_OBJECT })
  wiredAccountInfo({ data, error }: WireResult<ObjectInfoRepresentation>): void {
    this.setLoadError('accountInfo', error);
    if (data && this.accountRecordTypeId === undefined) {
      this.accountRecordTypeId = data.defaultRecordTypeId;
    }
  }

  @wire(getPicklistValues, {
    recordTypeId: '$accountRecordTypeId',
    fieldApiName: CHAMPION_STATUS_FIELD,
  })
  wiredChampionStatuses({ data, error }: WireResult<PicklistValues>): void {
    this.setLoadError('championStatuses', error);
    if (data) {
      this.championStatusValues = data.values;
    }
  }

  @wire(getObjectInfo, { objectApiName: USE_CASE_OBJECT })
  wiredUseCaseInfo({ data, error }: WireResult<ObjectInfoRepresentation>): void {
    this.setLoadError('useCaseInfo', error);
    if (data) {
      this.useCaseRecordTypeId = data.defaultRecordTypeId;
    }
  }

  @wire(getPicklistValues, {
    recordTypeId: '$useCaseRecordTypeId',
    fieldApiName: USE_CASE_STATUS_FIELD,
  })
  wiredUseCaseStatuses({ data, error }: WireResult<PicklistValues>): void {
    this.setLoadError('useCaseStatuses', error);
    if (data) {
      this.useCaseStatusValues = data.values;
    }
  }

  @wire(getObjectInfo, { objectApiName: PROMISE_OBJECT })
  wiredPromiseInfo({ data, error }: WireResult<ObjectInfoRepresentation>): void {
    this.setLoadError('promiseInfo', error);
    if (data) {
      this.promiseRecordTypeId = data.defaultRecordTypeId;
    }
  }

  @wire(getPicklistValues, {
    recordTypeId: '$promiseRecordTypeId',
    fieldApiName: PROMISE_STATUS_FIELD,
  })
  wiredPromiseStatuses({ data, error }: WireResult<PicklistValues>): void {
    this.setLoadError('promiseStatuses', error);
    if (data) {
      this.promiseStatusValues = data.values;
    }
  }

  @wire(getRelatedListRecords, {
    parentRecordId: '$dealOpportunityId',
    relatedListId: 'Committed_Use_Cases__r',
    fields: USE_CASE_LIST_FIELDS,
    sortBy: ['Committed_Use_Case__c.CreatedDate'],
    pageSize: CHILD_PAGE_SIZE,
  })
  wiredUseCases({ data, error }: WireResult<RelatedListRecordCollection>): void {
    this.setLoadError('useCases', error);
    if (data) {
      this.useCaseRecords = data.records;
      this.forgetSavedChildren(data.records, USE_CASE_STATUS_FIELD, USE_CASE_REVIEWED_ON_FIELD);
    }
  }

  @wire(getRelatedListRecords, {
    parentRecordId: '$dealOpportunityId',
    relatedListId: 'Deal_Promises__r',
    fields: PROMISE_LIST_FIELDS,
    sortBy: ['Deal_Promise__c.Due_On__c'],
    pageSize: CHILD_PAGE_SIZE,
  })
  wiredPromises({ data, error }: WireResult<RelatedListRecordCollection>): void {
    this.setLoadError('promises', error);
    if (data) {
      this.promiseRecords = data.records;
      this.forgetSavedChildren(data.records, PROMISE_STATUS_FIELD, PROMISE_RESOLVED_ON_FIELD);
    }
  }

  renderedCallback(): void {
    this.applyValidity();
  }

  /** Sets each status input's message, and reports once more after a message clears. */
  applyValidity(): void {
    const messages = { ...this.serverFieldErrors, ...this.clientFieldErrors };
    const inputs = Array.from(
      this.template?.querySelectorAll<ValidatableElement>('[data-field]') ?? [],
    );
    for (const input of inputs) {
      const key = input.dataset.field ?? '';
      input.setCustomValidity(messages[key] ?? '');
      if (key in messages || this.reportedKeys.has(key)) {
        input.reportValidity();
      }
    }
    this.reportedKeys = new Set(Object.keys(messages));
  }

  /**
   * Applies the messages after the pending render: message state is not read by the template,
   * so changing it alone does not render again.
   */
  refreshValidity(): void {
    Promise.resolve().then(() => this.applyValidity());
  }

  setLoadError(source: string, error: unknown): void {
    if (error !== undefined || source in this.loadErrors) {
      const next = { ...this.loadErrors };
      if (error === undefined) {
        delete next[source];
      } else {
        next[source] = error;
      }
      this.loadErrors = next;
    }
  }

  // ---- champion ----

  get championSaved(): SavedStatus {
    if (this.savedChampion !== undefined) {
      return this.savedChampion;
    }
    const account = this.account;
    return {
      status: account ? (stringField(account, CHAMPION_STATUS_FIELD) ?? '') : '',
      date: account ? stringField(account, CHAMPION_REVIEWED_ON_FIELD) : null,
    };
  }

  get championStatus(): string {
    return this.edits.championStatus ?? this.championSaved.status;
  }

  get championStatusChanged(): boolean {
    return this.championStatus !== this.championSaved.status;
  }

  /** A changed status is always a review, and an unchanged one counts once the CSM confirms it. */
  get championReviewed(): boolean {
    return this.championStatusChanged || this.championConfirmed;
  }

  get championOptions(): { label: string; value: string }[] {
    return optionsOf(this.championStatusValues);
  }

  get championReviewedOn(): string | null {
    return this.championSaved.date;
  }

  // ---- children ----

  childSaved(
    record: RecordRepresentation,
    statusField: { fieldApiName: string },
    dateField: {
      fieldApiName: string;
    },
  ): SavedStatus {
    return (
      this.savedChildren[record.id] ?? {
        status: stringField(record, statusField) ?? '',
        date: stringField(record, dateField),
      }
    );
  }

  get useCaseRows(): object[] {
    return (this.useCaseRecords ?? []).map((record) => {
      const saved = this.childSaved(record, USE_CASE_STATUS_FIELD, USE_CASE_REVIEWED_ON_FIELD);
      const key = `${record.id}.status`;
      const name = stringField(record, USE_CASE_NAME_FIELD) ?? '';
      return {
        id: record.id,
        key,
        name,
        status: this.edits[key] ?? saved.status,
        statusLabel: formatLabel(LABELS.useCaseStatus, name),
        reviewedOn: saved.date,
      };
    });
  }

  get useCaseOptions(): { label: string; value: string }[] {
    return optionsOf(
      this.useCaseStatusValues.filter((value) => REVIEWED_USE_CASE_STATUSES.includes(value.value)),
    );
  }

  get promiseRows(): object[] {
    return (this.promiseRecords ?? []).map((record) => {
      const saved = this.childSaved(record, PROMISE_STATUS_FIELD, PROMISE_RESOLVED_ON_FIELD);
      const key = `${record.id}.status`;
      const name = stringField(record, PROMISE_NAME_FIELD) ?? record.id;
      return {
        id: record.id,
        key,
        name,
        type: stringField(record, PROMISE_TYPE_FIELD),
        description: stringField(record, PROMISE_DESCRIPTION_FIELD),
        dueOn: stringField(record, PROMISE_DUE_ON_FIELD),
        status: this.edits[key] ?? saved.status,
        statusLabel: formatLabel(LABELS.promiseStatus, name),
        resolvedOn: saved.date,
      };
    });
  }

  get promiseOptions(): { label: string; value: string }[] {
    return optionsOf(this.promiseStatusValues);
  }

  /** Ids and new statuses of the children whose status the CSM changed. */
  changedChildren(
    records: RecordRepresentation[] | undefined,
    statusField: {
      fieldApiName: string;
    },
    dateField: { fieldApiName: string },
  ): { id: string; status: string }[] {
    return (records ?? []).flatMap((record) => {
      const edit = this.edits[`${record.id}.status`];
      const saved = this.childSaved(record, statusField, dateField);
      return edit !== undefined && edit !== saved.status ? [{ id: record.id, status: edit }] : [];
    });
  }

  get changedUseCases(): { id: string; status: string }[] {
    return this.changedChildren(
      this.useCaseRecords,
      USE_CASE_STATUS_FIELD,
      USE_CASE_REVIEWED_ON_FIELD,
    );
  }

  get changedPromises(): { id: string; status: string }[] {
    return this.changedChildren(
      this.promiseRecords,
      PROMISE_STATUS_FIELD,
      PROMISE_RESOLVED_ON_FIELD,
    );
  }

  // ---- template state ----

  get loadErrorList(): unknown[] {
    return Object.values(this.loadErrors);
  }

  get hasLoadErrors(): boolean {
    return this.loadErrorList.length > 0;
  }

  get isLoading(): boolean {
    const childrenPending =
      this.dealOpportunityId !== undefined &&
      (this.useCaseRecords === undefined || this.promiseRecords === undefined);
    return !this.hasLoadErrors && (this.account === undefined || childrenPending);
  }

  get isReady(): boolean {
    return this.account !== undefined && !this.isLoading;
  }

  get hasDealOpportunity(): boolean {
    return this.dealOpportunityId !== undefined;
  }

  get opportunityText(): string {
    const name = getFieldValue(this.account, DEAL_OPPORTUNITY_NAME_FIELD);
    return formatLabel(LABELS.opportunity, typeof name === 'string' ? name : '');
  }

  get hasUseCases(): boolean {
    return (this.useCaseRecords ?? []).length > 0;
  }

  get hasPromises(): boolean {
    return (this.promiseRecords ?? []).length > 0;
  }

  get hasChanges(): boolean {
    return (
      this.championReviewed || this.changedUseCases.length > 0 || this.changedPromises.length > 0
    );
  }

  get saveDisabled(): boolean {
    return this.isSaving || !this.isReady || !this.hasChanges;
  }

  get hasPageErrors(): boolean {
    return this.pageErrors.length > 0;
  }

  // ---- handlers ----

  setEdit(key: string, value: string): void {
    this.edits = { ...this.edits, [key]: value };
    const serverErrors = { ...this.serverFieldErrors };
    delete serverErrors[key];
    this.serverFieldErrors = serverErrors;
    const clientErrors = { ...this.clientFieldErrors };
    delete clientErrors[key];
    this.clientFieldErrors = clientErrors;
    this.refreshValidity();
  }

  handleChampionStatusChange(event: ChangeEvent): void {
    this.setEdit('championStatus', event.detail.value ?? '');
  }

  handleChampionConfirmChange(event: ChangeEvent): void {
    this.championConfirmed = event.detail.checked === true;
  }

  handleChildStatusChange(event: ChangeEvent): void {
    const key = (event.currentTarget as HTMLElement).dataset.field ?? '';
    this.setEdit(key, event.detail.value ?? '');
  }

  handleCancel(): void {
    this.edits = {};
    this.championConfirmed = false;
    this.serverFieldErrors = {};
    this.clientFieldErrors = {};
    this.pageErrors = [];
    this.refreshValidity();
    this.dispatchEvent(new CustomEvent('close'));
  }

  // ---- save ----

  async handleSave(): Promise<void> {
    const recordId = this.recordId;
    if (recordId === undefined || !this.hasChanges) {
      return;
    }
    if (this.championReviewed && this.championStatus === '') {
      this.clientFieldErrors = { championStatus: LABELS.required };
      this.refreshValidity();
      return;
    }
    this.isSaving = true;
    this.pageErrors = [];
    this.serverFieldErrors = {};
    const today = todayIn(TIME_ZONE);
    let target = 'championStatus';
    try {
      if (this.championReviewed) {
        await this.saveChampion(recordId, today);
      }
      for (const change of this.changedUseCases) {
        target = `${change.id}.status`;
        await updateRecord({
          fields: {
            Id: change.id,
            [USE_CASE_STATUS_FIELD.fieldApiName]: change.status,
            [USE_CASE_REVIEWED_ON_FIELD.fieldApiName]: today,
          },
        });
        this.markChildSaved(change.id, { status: change.status, date: today });
      }
      for (const change of this.changedPromises) {
        target = `${change.id}.status`;
        const resolvedOn = change.status === RESOLVED_PROMISE_STATUS ? today : null;
        await updateRecord({
          fields: {
            Id: change.id,
            [PROMISE_STATUS_FIELD.fieldApiName]: change.status,
            [PROMISE_RESOLVED_ON_FIELD.fieldApiName]: resolvedOn,
          },
        });
        this.markChildSaved(change.id, { status: change.status, date: resolvedOn });
      }
      this.finishSave();
    } catch (error) {
      this.showSaveError(error, target);
    } finally {
      this.isSaving = false;
    }
  }

  async saveChampion(recordId: string, today: string): Promise<void> {
    const status = this.championStatus;
    await updateRecord({
      fields: {
        Id: recordId,
        [CHAMPION_STATUS_FIELD.fieldApiName]: status,
        [CHAMPION_REVIEWED_ON_FIELD.fieldApiName]: today,
      },
    });
    this.savedChampion = { status, date: today };
    this.championConfirmed = false;
    const edits = { ...this.edits };
    delete edits.championStatus;
    this.edits = edits;
  }

  /** Drops saved values that the wire data now shows, so that later changes by others show. */
  forgetSavedChildren(
    records: RecordRepresentation[],
    statusField: { fieldApiName: string },
    dateField: { fieldApiName: string },
  ): void {
    const remaining = { ...this.savedChildren };
    for (const record of records) {
      const saved = remaining[record.id];
      if (
        saved !== undefined &&
        (stringField(record, statusField) ?? '') === saved.status &&
        stringField(record, dateField) === saved.date
      ) {
        delete remaining[record.id];
      }
    }
    if (Object.keys(remaining).length !== Object.keys(this.savedChildren).length) {
      this.savedChildren = remaining;
    }
  }

  markChildSaved(id: string, saved: SavedStatus): void {
    this.savedChildren = { ...this.savedChildren, [id]: saved };
    const edits = { ...this.edits };
    delete edits[`${id}.status`];
    this.edits = edits;
  }

  finishSave(): void {
    this.dispatchEvent(
      new ShowToastEvent({
        title: LABELS.savedTitle,
        message: LABELS.savedMessage,
        variant: 'success',
      }),
    );
    this.dispatchEvent(new CustomEvent('saved'));
  }

  /** Puts the errors of the record being saved on its status input, and the rest in the panel. */
  showSaveError(error: unknown, target: string): void {
    const fieldErrors = fieldErrorsOf(error);
    const messages = fieldErrors.map((item) => item.message);
    this.serverFieldErrors = messages.length > 0 ? { [target]: messages.join(' ') } : {};
    const pageErrors = pageErrorsOf(error);
    this.pageErrors = pageErrors.length > 0 ? pageErrors : [LABELS.reviewErrors];
    this.refreshValidity();
  }
}
