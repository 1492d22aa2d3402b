import { LightningElement, api, wire } from 'lwc';
import { createRecord, getFieldValue, getRecord, updateRecord } from 'lightning/uiRecordApi';
import type { RecordRepresentation, WireResult } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import type { RelatedListRecordCollection } from 'lightning/uiRelatedListApi';
import {
  getObjectInfo,
  getPicklistValues,
  getPicklistValuesByRecordType,
} from 'lightning/uiObjectInfoApi';
import type {
  ObjectInfoRepresentation,
  PicklistValue,
  PicklistValues,
  PicklistValuesCollection,
} from 'lightning/uiObjectInfoApi';
import { CloseActionScreenEvent } from 'lightning/actions';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import { scoreAccount } from 'c/healthModel';
import type { FlagCode, ScoreResult } from 'c/healthModel';
import {
  bandBadgeClass,
  bandLabel,
  fieldErrorsOf,
  flagLabel,
  formatLabel,
  pageErrorsOf,
  todayIn,
} from 'c/ldsUtils';
import OPPORTUNITY_OBJECT from '@salesforce/schema/Opportunity';
import ACCOUNT_ID_FIELD from '@salesforce/schema/Opportunity.AccountId';
import STAGE_NAME_FIELD from '@salesforce/schema/Opportunity.StageName';
import IS_WON_FIELD from '@salesforce/schema/Opportunity.IsWon';
import CLOSE_DATE_FIELD from '@salesforce/schema/Opportunity.CloseDate';
import CHAMPION_SENIORITY_FIELD from '@salesforce/schema/Opportunity.Champion_Seniority__c';
import CONTACT_TITLE_FIELD from '@salesforce/schema/Contact.Title';
import USE_CASE_OBJECT from '@salesforce/schema/Committed_Use_Case__c';
import USE_CASE_OPPORTUNITY_FIELD from '@salesforce/schema/Committed_Use_Case__c.Opportunity__c';
import USE_CASE_STATUS_FIELD from '@salesforce/schema/Committed_Use_Case__c.Status__c';
import PROMISE_OBJECT from '@salesforce/schema/Deal_Promise__c';
import PROMISE_OPPORTUNITY_FIELD from '@salesforce/schema/Deal_Promise__c.Opportunity__c';
import PROMISE_STATUS_FIELD from '@salesforce/schema/Deal_Promise__c.Status__c';
import PROMISE_TYPE_FIELD from '@salesforce/schema/Deal_Promise__c.Type__c';
import {
  MAX_USE_CASES,
  NAME_MAX_LENGTH,
  OPPORTUNITY_FORM_FIELDS,
  PROMISE_FORM_FIELDS,
  PROMISE_LIST_FIELDS,
  TITLE_MAX_LENGTH,
  USE_CASE_FORM_FIELDS,
  USE_CASE_LIST_FIELDS,
  VENDOR_MAX_LENGTH,
  emptyPromise,
  emptyUseCase,
  formFromRecord,
  formKeyOf,
  isPromiseChanged,
  isUseCaseChanged,
  opportunityFields,
  previewOpportunity,
  previewPromises,
  previewUseCases,
  promiseFields,
  promiseFromRecord,
  useCaseFields,
  useCaseFromRecord,
  validateForm,
} from './dealContextForm';
import type { DealForm, PromiseRow, UseCaseRow } from './dealContextForm';
import { LABELS } from './labels';

const OPPORTUNITY_FIELDS = [
  ACCOUNT_ID_FIELD,
  STAGE_NAME_FIELD,
  IS_WON_FIELD,
  CLOSE_DATE_FIELD,
  ...Object.values(OPPORTUNITY_FORM_FIELDS),
];

/**
 * Flags that the deal context alone raises at close. REVIEW_OVERDUE and MASKED_RISK depend on
 * the product layer and the final band, and the layer and segment flags describe the preview's
 * missing product signals, so the preview leaves them out.
 */
const PREVIEW_FLAGS: readonly FlagCode[] = [
  'CLOSE_MONITORING',
  'DISPLACEMENT_WINDOW',
  'DISCOUNT_SIGNIFICANT',
  'LOW_ICP_FIT',
  'USE_CASE_GAP',
  'PROMISE_OVERDUE',
];

/** Statuses of the AE's new children. The CSM changes them after the close. */
const NEW_USE_CASE_STATUS = 'Committed';
const NEW_PROMISE_STATUS = 'Open';

/** Page size of the children's related lists: far above the 3 use cases captured at close. */
const CHILD_PAGE_SIZE = 50;

const EMPTY_FORM: DealForm = {
  discount: '',
  icpRating: '',
  championId: null,
  championTitle: '',
  championSeniority: '',
  displacement: false,
  displacedVendor: '',
};

/** The record whose save failed, to put its field errors on the right inputs. */
type SaveTarget =
  | { kind: 'opportunity' }
  | { kind: 'stage' }
  | { kind: 'useCase'; key: string }
  | { kind: 'promise'; key: string };

/** The validity methods that lightning-input, -combobox, -textarea and -record-picker share. */
interface ValidatableElement extends HTMLElement {
  setCustomValidity(message: string): void;
  reportValidity(): boolean;
}

type ChangeEvent = CustomEvent<{ value?: string; checked?: boolean; recordId?: string | null }>;

function optionsOf(values: PicklistValue[]): { label: string; value: string }[] {
  return values.map((value) => ({ label: value.label, value: value.value }));
}

function datasetOf(event: Event): DOMStringMap {
  return (event.currentTarget as HTMLElement).dataset;
}

/**
 * Deal-context capture for the AE, on the Opportunity record page and as a screen quick action.
 * Saves the opportunity's fields first, then its use cases and promises, then the won stage,
 * because the Closed Won validation rules check the fields and the children when the stage
 * changes.
 */
export default class DealContextCapture extends LightningElement {
  recordIdValue: string | undefined;

  labels = LABELS;
  nameMaxLength = NAME_MAX_LENGTH;
  titleMaxLength = TITLE_MAX_LENGTH;
  vendorMaxLength = VENDOR_MAX_LENGTH;
  championDisplayInfo = { additionalFields: [CONTACT_TITLE_FIELD.fieldApiName] };
  today = todayIn(TIME_ZONE);

  opportunity: RecordRepresentation | undefined;
  form: DealForm = EMPTY_FORM;
  formLoaded = false;
  useCases: UseCaseRow[] = [];
  useCasesLoaded = false;
  promises: PromiseRow[] = [];
  promisesLoaded = false;

  defaultRecordTypeId: string | undefined;
  recordTypeId: string | undefined;
  promiseRecordTypeId: string | undefined;
  stageValues: PicklistValue[] | undefined;
  seniorityValues: PicklistValue[] = [];
  promiseTypeValues: PicklistValue[] = [];
  selectedWonStage: string | undefined;

  /** Contact whose Title fills the champion's title, set when the AE picks a champion. */
  pickedChampionId: string | undefined;

  loadErrors: Record<string, unknown> = {};
  touched: Record<string, boolean> = {};
  submitted = false;
  serverFieldErrors: Record<string, string> = {};
  pageErrors: string[] = [];
  isSaving = false;
  focusFirstError = false;

  /** Opportunity Id. A screen quick action sets it after connectedCallback. */
  @api
  get recordId(): string | undefined {
    return this.recordIdValue;
  }
  set recordId(value: string | undefined) {
    if (value !== this.recordIdValue) {
      this.recordIdValue = value;
      this.resetState();
    }
  }

  @wire(getRecord, { recordId: '$recordId', fields: OPPORTUNITY_FIELDS })
  wiredOpportunity({ data, error }: WireResult<RecordRepresentation>): void {
    this.setLoadError('opportunity', error);
    if (data) {
      this.opportunity = data;
      this.updateRecordTypeId();
      if (!this.formLoaded) {
        this.form = formFromRecord(data);
        this.formLoaded = true;
      }
    }
  }

  @wire(getObjectInfo, { objectApiName: OPPORTUNITY_OBJECT })
  wiredOpportunityInfo({ data, error }: WireResult<ObjectInfoRepresentation>): void {
    this.setLoadError('opportunityInfo', error);
    if (data) {
      this.defaultRecordTypeId = data.defaultRecordTypeId;
      this.updateRecordTypeId();
    }
  }

  @wire(getPicklistValuesByRecordType, {
    objectApiName: OPPORTUNITY_OBJECT,
    recordTypeId: '$recordTypeId',
  })
  wiredOpportunityPicklists({ data, error }: WireResult<PicklistValuesCollection>): void {
    this.setLoadError('opportunityPicklists', error);
    if (data) {
      const fields = data.picklistFieldValues;
      this.stageValues = fields[STAGE_NAME_FIELD.fieldApiName]?.values ?? [];
      this.seniorityValues = fields[CHAMPION_SENIORITY_FIELD.fieldApiName]?.values ?? [];
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
    fieldApiName: PROMISE_TYPE_FIELD,
  })
  wiredPromiseTypes({ data, error }: WireResult<PicklistValues>): void {
    this.setLoadError('promiseTypes', error);
    if (data) {
      this.promiseTypeValues = data.values;
    }
  }

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: 'Committed_Use_Cases__r',
    fields: USE_CASE_LIST_FIELDS,
    sortBy: ['Committed_Use_Case__c.CreatedDate'],
    pageSize: CHILD_PAGE_SIZE,
  })
  wiredUseCases({ data, error }: WireResult<RelatedListRecordCollection>): void {
    this.setLoadError('useCases', error);
    // Later emissions (after a save) must not replace what the AE is typing.
    if (data && !this.useCasesLoaded) {
      const rows = data.records.map(useCaseFromRecord);
      this.useCases = rows.length > 0 ? rows : [emptyUseCase()];
      this.useCasesLoaded = true;
    }
  }

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: 'Deal_Promises__r',
    fields: PROMISE_LIST_FIELDS,
    sortBy: ['Deal_Promise__c.CreatedDate'],
    pageSize: CHILD_PAGE_SIZE,
  })
  wiredPromises({ data, error }: WireResult<RelatedListRecordCollection>): void {
    this.setLoadError('promises', error);
    if (data && !this.promisesLoaded) {
      this.promises = data.records.map(promiseFromRecord);
      this.promisesLoaded = true;
    }
  }

  @wire(getRecord, { recordId: '$pickedChampionId', fields: [CONTACT_TITLE_FIELD] })
  wiredChampion({ data, error }: WireResult<RecordRepresentation>): void {
    this.setLoadError('champion', error);
    if (data && data.id === this.pickedChampionId && data.id === this.form.championId) {
      const title = getFieldValue(data, CONTACT_TITLE_FIELD);
      this.form = { ...this.form, championTitle: typeof title === 'string' ? title : '' };
      this.markEdited('championTitle');
      // Fill once per pick, so that later edits of the title stay.
      this.pickedChampionId = undefined;
    }
  }

  renderedCallback(): void {
    this.applyValidity();
  }

  /** Sets each input's message and reports it once the field was edited or a save was tried. */
  applyValidity(): void {
    const messages = this.fieldMessages;
    const inputs = Array.from(
      this.template?.querySelectorAll<ValidatableElement>('[data-field]') ?? [],
    );
    let firstInvalid: ValidatableElement | null = null;
    for (const input of inputs) {
      const key = input.dataset.field ?? '';
      const message = messages[key] ?? '';
      input.setCustomValidity(message);
      if (this.submitted || this.touched[key] || key in this.serverFieldErrors) {
        input.reportValidity();
      }
      if (message !== '' && firstInvalid === null) {
        firstInvalid = input;
      }
    }
    if (this.focusFirstError && firstInvalid !== null) {
      this.focusFirstError = false;
      firstInvalid.focus();
    }
  }

  /**
   * Applies the messages after the pending render: message state is not read by the template,
   * so changing it alone does not render again.
   */
  refreshValidity(): void {
    Promise.resolve().then(() => this.applyValidity());
  }

  // ---- state ----

  resetState(): void {
    this.opportunity = undefined;
    this.form = EMPTY_FORM;
    this.formLoaded = false;
    this.useCases = [];
    this.useCasesLoaded = false;
    this.promises = [];
    this.promisesLoaded = false;
    this.recordTypeId = undefined;
    this.selectedWonStage = undefined;
    this.pickedChampionId = undefined;
    this.clearMessages();
  }

  clearMessages(): void {
    this.touched = {};
    this.submitted = false;
    this.serverFieldErrors = {};
    this.pageErrors = [];
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

  updateRecordTypeId(): void {
    this.recordTypeId = this.opportunity?.recordTypeId ?? this.defaultRecordTypeId;
  }

  markEdited(key: string): void {
    this.touched = { ...this.touched, [key]: true };
    if (key in this.serverFieldErrors) {
      const next = { ...this.serverFieldErrors };
      delete next[key];
      this.serverFieldErrors = next;
    }
    this.refreshValidity();
  }

  /** Messages to show on the inputs: the client's, else the server's until the field is edited. */
  get fieldMessages(): Record<string, string> {
    const messages = { ...this.serverFieldErrors };
    const clientErrors = validateForm(this.form, this.useCases, this.promises);
    for (const [key, message] of Object.entries(clientErrors)) {
      if (this.submitted || this.touched[key]) {
        messages[key] = message;
      }
    }
    return messages;
  }

  // ---- template getters ----

  get loadErrorList(): unknown[] {
    return Object.values(this.loadErrors);
  }

  get hasLoadErrors(): boolean {
    return this.loadErrorList.length > 0;
  }

  get isReady(): boolean {
    return (
      this.opportunity !== undefined &&
      this.formLoaded &&
      this.useCasesLoaded &&
      this.promisesLoaded &&
      this.stageValues !== undefined
    );
  }

  get isLoading(): boolean {
    return !this.isReady && !this.hasLoadErrors;
  }

  get isWon(): boolean {
    return getFieldValue(this.opportunity, IS_WON_FIELD) === true;
  }

  get wonStages(): PicklistValue[] {
    return (this.stageValues ?? []).filter(
      (value) => value.attributes?.closed === true && value.attributes?.won === true,
    );
  }

  /** The won stage to save: the AE's choice, else the first won value in picklist order. */
  get wonStage(): string | undefined {
    const values = this.wonStages.map((value) => value.value);
    if (this.selectedWonStage !== undefined && values.includes(this.selectedWonStage)) {
      return this.selectedWonStage;
    }
    return values[0];
  }

  get showWonStagePicker(): boolean {
    return !this.isWon && this.wonStages.length > 1;
  }

  get wonStageOptions(): { label: string; value: string }[] {
    return optionsOf(this.wonStages);
  }

  get noWonStage(): boolean {
    return !this.isWon && this.stageValues !== undefined && this.wonStages.length === 0;
  }

  get saveLabel(): string {
    return this.isWon ? LABELS.save : LABELS.saveAndCloseWon;
  }

  get saveDisabled(): boolean {
    return this.isSaving || !this.isReady || (!this.isWon && this.wonStage === undefined);
  }

  get icpOptions(): { label: string; value: string }[] {
    return LABELS.icpOptions.map((label, index) => ({ label, value: String(index + 1) }));
  }

  get seniorityOptions(): { label: string; value: string }[] {
    return optionsOf(this.seniorityValues);
  }

  get promiseTypeOptions(): { label: string; value: string }[] {
    return optionsOf(this.promiseTypeValues);
  }

  /** Limits the champion picker to the opportunity's account, when it has one. */
  get championFilter(): object | undefined {
    const accountId = getFieldValue(this.opportunity, ACCOUNT_ID_FIELD);
    if (typeof accountId !== 'string') {
      return undefined;
    }
    return { criteria: [{ fieldPath: 'AccountId', operator: 'eq', value: accountId }] };
  }

  get useCaseRows(): object[] {
    const removable = this.useCases.length > 1;
    const won = this.isWon;
    return this.useCases.map((row, index) => ({
      ...row,
      legend: formatLabel(LABELS.useCaseLegend, index + 1),
      removeLabel: formatLabel(LABELS.removeUseCase, index + 1),
      nameField: `${row.key}.name`,
      descriptionField: `${row.key}.description`,
      canRemove: removable && row.id === null,
      // A validation rule locks the name of a use case once its opportunity is won.
      nameReadOnly: won && row.id !== null,
    }));
  }

  get canAddUseCase(): boolean {
    return this.useCases.length < MAX_USE_CASES;
  }

  get addUseCaseDisabled(): boolean {
    return !this.canAddUseCase;
  }

  get promiseRows(): object[] {
    return this.promises.map((row, index) => ({
      ...row,
      legend: formatLabel(LABELS.promiseLegend, index + 1),
      removeLabel: formatLabel(LABELS.removePromise, index + 1),
      typeField: `${row.key}.type`,
      descriptionField: `${row.key}.description`,
      dueOnField: `${row.key}.dueOn`,
      canRemove: row.id === null,
    }));
  }

  get hasPromises(): boolean {
    return this.promises.length > 0;
  }

  get hasPageErrors(): boolean {
    return this.pageErrors.length > 0;
  }

  // ---- preview ----

  /** Close date of the preview: the record's once won (never after today), else today. */
  get previewCloseDate(): string {
    const closeDate = getFieldValue(this.opportunity, CLOSE_DATE_FIELD);
    if (this.isWon && typeof closeDate === 'string' && closeDate <= this.today) {
      return closeDate;
    }
    return this.today;
  }

  /** The deal-context baseline: the engine's score from the deal-context inputs alone. */
  get preview(): ScoreResult | null {
    const opportunity = previewOpportunity(this.form, this.previewCloseDate);
    if (opportunity === null) {
      return null;
    }
    return scoreAccount({
      account: {},
      opportunity,
      useCases: previewUseCases(this.useCases),
      promises: previewPromises(this.promises),
      asOf: this.today,
    });
  }

  get previewView(): object | null {
    const result = this.preview;
    if (result === null || result.score === null || result.band === null) {
      return null;
    }
    const flags = result.flags
      .filter((flag) => PREVIEW_FLAGS.includes(flag))
      .map((flag) => ({ code: flag, label: flagLabel(flag) }));
    return {
      score: result.score,
      scoreText: formatLabel(LABELS.previewScore, result.score),
      bandLabel: bandLabel(result.band),
      badgeClass: bandBadgeClass(result.band),
      flags,
      hasFlags: flags.length > 0,
    };
  }

  // ---- input handlers ----

  handleFieldChange(event: ChangeEvent): void {
    const key = datasetOf(event).field as keyof DealForm;
    const value =
      key === 'displacement' ? event.detail.checked === true : (event.detail.value ?? '');
    this.form = { ...this.form, [key]: value };
    this.markEdited(key);
  }

  handleChampionChange(event: ChangeEvent): void {
    const championId = event.detail.recordId ?? null;
    this.form = { ...this.form, championId };
    this.markEdited('championId');
    this.pickedChampionId = championId ?? undefined;
  }

  handleWonStageChange(event: ChangeEvent): void {
    this.selectedWonStage = event.detail.value;
  }

  handleUseCaseChange(event: ChangeEvent): void {
    const { key, property } = datasetOf(event);
    const value = event.detail.value ?? '';
    this.useCases = this.useCases.map((row) =>
      row.key === key ? { ...row, [property as string]: value } : row,
    );
    this.markEdited(`${key}.${property}`);
  }

  handlePromiseChange(event: ChangeEvent): void {
    const { key, property } = datasetOf(event);
    const value = event.detail.value ?? '';
    this.promises = this.promises.map((row) =>
      row.key === key ? { ...row, [property as string]: value } : row,
    );
    this.markEdited(`${key}.${property}`);
  }

  handleAddUseCase(): void {
    if (this.canAddUseCase) {
      this.useCases = [...this.useCases, emptyUseCase()];
    }
  }

  handleRemoveUseCase(event: Event): void {
    const key = datasetOf(event).key;
    this.useCases = this.useCases.filter((row) => row.key !== key || row.id !== null);
  }

  handleAddPromise(): void {
    this.promises = [...this.promises, emptyPromise()];
  }

  handleRemovePromise(event: Event): void {
    const key = datasetOf(event).key;
    this.promises = this.promises.filter((row) => row.key !== key || row.id !== null);
  }

  /** Reverts unsaved edits and closes the quick action. On a record page only the revert shows. */
  handleCancel(): void {
    if (this.opportunity !== undefined) {
      this.form = formFromRecord(this.opportunity);
    }
    const savedUseCases = this.useCases
      .filter((row) => row.saved !== null)
      .map((row) => ({ ...row, ...row.saved }));
    this.useCases = savedUseCases.length > 0 ? savedUseCases : [emptyUseCase()];
    this.promises = this.promises
      .filter((row) => row.saved !== null)
      .map((row) => ({ ...row, ...row.saved }));
    this.pickedChampionId = undefined;
    this.clearMessages();
    this.refreshValidity();
    this.dispatchEvent(new CloseActionScreenEvent());
  }

  // ---- save ----

  async handleSave(): Promise<void> {
    this.submitted = true;
    this.pageErrors = [];
    const recordId = this.recordId;
    const errors = validateForm(this.form, this.useCases, this.promises);
    if (recordId === undefined || Object.keys(errors).length > 0) {
      this.focusFirstError = true;
      this.refreshValidity();
      return;
    }
    this.isSaving = true;
    let target: SaveTarget = { kind: 'opportunity' };
    try {
      await updateRecord({ fields: opportunityFields(recordId, this.form) });
      for (const row of this.useCases) {
        target = { kind: 'useCase', key: row.key };
        await this.saveUseCase(recordId, row);
      }
      for (const row of this.promises) {
        target = { kind: 'promise', key: row.key };
        await this.savePromise(recordId, row);
      }
      if (!this.isWon) {
        target = { kind: 'stage' };
        await updateRecord({
          fields: { Id: recordId, [STAGE_NAME_FIELD.fieldApiName]: this.wonStage },
        });
      }
      this.finishSave();
    } catch (error) {
      this.showSaveError(error, target);
    } finally {
      this.isSaving = false;
    }
  }

  /** Creates a new use case or updates a changed one, and keeps its Id for a retry. */
  async saveUseCase(opportunityId: string, row: UseCaseRow): Promise<void> {
    if (!isUseCaseChanged(row)) {
      return;
    }
    const fields = useCaseFields(row);
    let id = row.id;
    if (id === null) {
      const record = await createRecord({
        apiName: USE_CASE_OBJECT.objectApiName,
        fields: {
          ...fields,
          [USE_CASE_OPPORTUNITY_FIELD.fieldApiName]: opportunityId,
          [USE_CASE_STATUS_FIELD.fieldApiName]: NEW_USE_CASE_STATUS,
        },
      });
      id = record.id;
    } else {
      await updateRecord({ fields: { Id: id, ...fields } });
    }
    const saved = { name: row.name, description: row.description };
    this.useCases = this.useCases.map((item) =>
      item.key === row.key ? { ...item, id, saved } : item,
    );
  }

  async savePromise(opportunityId: string, row: PromiseRow): Promise<void> {
    if (!isPromiseChanged(row)) {
      return;
    }
    const fields = promiseFields(row);
    let id = row.id;
    if (id === null) {
      const record = await createRecord({
        apiName: PROMISE_OBJECT.objectApiName,
        fields: {
          ...fields,
          [PROMISE_OPPORTUNITY_FIELD.fieldApiName]: opportunityId,
          [PROMISE_STATUS_FIELD.fieldApiName]: NEW_PROMISE_STATUS,
        },
      });
      id = record.id;
    } else {
      await updateRecord({ fields: { Id: id, ...fields } });
    }
    const saved = { type: row.type, description: row.description, dueOn: row.dueOn };
    this.promises = this.promises.map((item) =>
      item.key === row.key ? { ...item, id, saved } : item,
    );
  }

  finishSave(): void {
    this.clearMessages();
    this.dispatchEvent(
      new ShowToastEvent({
        title: LABELS.savedTitle,
        message: LABELS.savedMessage,
        variant: 'success',
      }),
    );
    this.dispatchEvent(new CloseActionScreenEvent());
  }

  /** Returns the input key that shows a field error of the record being saved, or null. */
  formKeyFor(target: SaveTarget, fieldApiName: string): string | null {
    if (target.kind === 'useCase' || target.kind === 'promise') {
      const fields = target.kind === 'useCase' ? USE_CASE_FORM_FIELDS : PROMISE_FORM_FIELDS;
      const property = formKeyOf(fields, fieldApiName);
      return property === null ? null : `${target.key}.${property}`;
    }
    // A Closed Won rule fails on the stage update but can name a deal-context field.
    return formKeyOf(OPPORTUNITY_FORM_FIELDS, fieldApiName);
  }

  /** Puts field errors on their inputs and the rest in the error panel, keeping the typed values. */
  showSaveError(error: unknown, target: SaveTarget): void {
    const serverFieldErrors: Record<string, string> = {};
    const unplaced: string[] = [];
    for (const fieldError of fieldErrorsOf(error)) {
      const key = this.formKeyFor(target, fieldError.field);
      if (key === null) {
        unplaced.push(`${fieldError.label}: ${fieldError.message}`);
      } else {
        serverFieldErrors[key] = serverFieldErrors[key]
          ? `${serverFieldErrors[key]} ${fieldError.message}`
          : fieldError.message;
      }
    }
    const pageErrors = [...pageErrorsOf(error), ...unplaced];
    this.serverFieldErrors = serverFieldErrors;
    this.pageErrors = pageErrors.length > 0 ? pageErrors : [LABELS.reviewErrors];
    this.focusFirstError = Object.keys(serverFieldErrors).length > 0;
    this.refreshValidity();
  }
}
