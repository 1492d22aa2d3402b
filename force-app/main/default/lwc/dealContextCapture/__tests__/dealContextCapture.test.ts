import { createElement } from 'lwc';
import DealContextCapture from 'c/dealContextCapture';
import { createRecord, getRecord, updateRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import {
  getObjectInfo,
  getPicklistValues,
  getPicklistValuesByRecordType,
} from 'lightning/uiObjectInfoApi';
// The jest double of lightning/actions (see jest.config.js) exports the event's type name.
import { CLOSE_ACTION_SCREEN_EVENT_NAME } from 'lightning/actions';
import {
  allOf,
  byLabel,
  change,
  flushPromises,
  objectNameOf,
  testAdapter,
} from '../../ldsUtils/__tests__/testSupport';
import type { LabelledElement } from '../../ldsUtils/__tests__/testSupport';
import opportunityOpen from './data/opportunityOpen.json';
import opportunityWon from './data/opportunityWon.json';
import opportunityObjectInfo from './data/opportunityObjectInfo.json';
import opportunityPicklists from './data/opportunityPicklists.json';
import promiseObjectInfo from './data/promiseObjectInfo.json';
import promiseTypes from './data/promiseTypes.json';
import useCasesEmpty from './data/useCasesEmpty.json';
import useCasesData from './data/useCases.json';
import promisesEmpty from './data/promisesEmpty.json';
import promisesData from './data/promises.json';
import championContact from './data/championContact.json';
import discountFieldError from './data/discountFieldError.json';
import stagePageError from './data/stagePageError.json';
import promiseDueOnError from './data/promiseDueOnError.json';

const OPPORTUNITY_ID = '006Dn000006AbCdIAK';
const ACCOUNT_ID = '001Dn000004QxYzIAK';
const CONTACT_ID = '003Dn000007PqRsIAK';

const getRecordAdapter = testAdapter(getRecord);
const getObjectInfoAdapter = testAdapter(getObjectInfo);
const picklistsAdapter = testAdapter(getPicklistValuesByRecordType);
const picklistAdapter = testAdapter(getPicklistValues);
const relatedListAdapter = testAdapter(getRelatedListRecords);
const updateRecordMock = updateRecord as unknown as jest.Mock;
const createRecordMock = createRecord as unknown as jest.Mock;

interface RenderOptions {
  record?: unknown;
  useCases?: unknown;
  promises?: unknown;
}

function emitOpportunity(record: unknown): void {
  getRecordAdapter.emit(record, (config) => config.recordId === OPPORTUNITY_ID);
}

function emitMetadata(): void {
  getObjectInfoAdapter.emit(
    opportunityObjectInfo,
    (config) => objectNameOf(config) === 'Opportunity',
  );
  getObjectInfoAdapter.emit(
    promiseObjectInfo,
    (config) => objectNameOf(config) === 'Deal_Promise__c',
  );
  picklistsAdapter.emit(opportunityPicklists);
  picklistAdapter.emit(promiseTypes);
}

function emitChildren(useCases: unknown, promises: unknown): void {
  relatedListAdapter.emit(useCases, (config) => config.relatedListId === 'Committed_Use_Cases__r');
  relatedListAdapter.emit(promises, (config) => config.relatedListId === 'Deal_Promises__r');
}

async function renderCapture(options: RenderOptions = {}): Promise<HTMLElement> {
  const element = createElement('c-deal-context-capture', { is: DealContextCapture });
  element.recordId = OPPORTUNITY_ID;
  document.body.appendChild(element);
  // Wires receive their reactive config after the first render.
  await flushPromises();
  emitOpportunity(options.record ?? opportunityOpen);
  emitMetadata();
  emitChildren(options.useCases ?? useCasesEmpty, options.promises ?? promisesEmpty);
  await flushPromises();
  return element;
}

function field(element: HTMLElement, key: string): LabelledElement {
  const input = element.shadowRoot?.querySelector<LabelledElement>(`[data-field="${key}"]`);
  if (!input) {
    throw new Error(`No input with data-field="${key}" is rendered.`);
  }
  return input;
}

function rowInputs(element: HTMLElement, property: string): LabelledElement[] {
  return allOf(element.shadowRoot, `[data-property="${property}"]`);
}

function button(element: HTMLElement, label: string): LabelledElement {
  const found = byLabel(element.shadowRoot, 'lightning-button', label);
  if (!found) {
    throw new Error(`No lightning-button labelled ${label} is rendered.`);
  }
  return found;
}

/** Replaces an input's validity methods with spies, to read the messages the form sets. */
function spyValidity(input: LabelledElement): { messages: jest.Mock; reports: jest.Mock } {
  const messages = jest.fn();
  const reports = jest.fn();
  input.setCustomValidity = messages;
  input.reportValidity = reports;
  return { messages, reports };
}

function lastMessage(spy: jest.Mock): unknown {
  return spy.mock.calls[spy.mock.calls.length - 1]?.[0];
}

async function fillRequiredFields(element: HTMLElement): Promise<void> {
  change(field(element, 'discount'), { value: '32' });
  change(field(element, 'icpRating'), { value: '4' });
  change(field(element, 'championId'), { recordId: CONTACT_ID });
  change(field(element, 'championTitle'), { value: 'VP Customer Operations' });
  change(field(element, 'championSeniority'), { value: 'VP' });
  await flushPromises();
  change(rowInputs(element, 'name')[0], { value: 'Renewal forecasting' });
  await flushPromises();
}

function previewFlags(element: HTMLElement): string[] {
  return allOf(element.shadowRoot, '[data-flag]').map((item) => item.dataset.flag ?? '');
}

describe('c-deal-context-capture', () => {
  beforeEach(() => {
    // Only Date is faked, so that flushPromises' setTimeout still runs.
    jest.useFakeTimers({
      now: new Date('2025-06-30T18:00:00Z'),
      doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'clearTimeout', 'queueMicrotask'],
    });
    updateRecordMock.mockImplementation((input: { fields: { Id: string } }) =>
      Promise.resolve({ id: input.fields.Id }),
    );
    let created = 0;
    createRecordMock.mockImplementation(() => {
      created += 1;
      return Promise.resolve({ id: `a0XDn00000New${String(created).padStart(2, '0')}IAK` });
    });
  });

  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  describe('data', () => {
    it('shows the saved deal context of a won opportunity', async () => {
      const element = await renderCapture({
        record: opportunityWon,
        useCases: useCasesData,
        promises: promisesData,
      });

      expect(field(element, 'discount').value).toBe('32');
      expect(field(element, 'icpRating').value).toBe('4');
      expect(field(element, 'championId').value).toBe(CONTACT_ID);
      expect(field(element, 'championTitle').value).toBe('VP Customer Operations');
      expect(field(element, 'displacedVendor').value).toBe('Gainsight');
      expect(rowInputs(element, 'name').map((input) => input.value)).toEqual([
        'Renewal forecasting',
        'Executive QBR decks',
      ]);
      expect(rowInputs(element, 'type').map((input) => input.value)).toEqual(['Integration']);
      expect(button(element, 'c.HS_Common_Save')).toBeTruthy();
    });

    it('loads once the quick action sets recordId', async () => {
      const element = createElement('c-deal-context-capture', { is: DealContextCapture });
      document.body.appendChild(element);
      await flushPromises();
      expect(element.shadowRoot?.querySelector('[data-field="discount"]')).toBeNull();

      element.recordId = OPPORTUNITY_ID;
      await flushPromises();
      expect(getRecordAdapter.getLastConfig().recordId).toBe(OPPORTUNITY_ID);
      emitOpportunity(opportunityOpen);
      emitMetadata();
      emitChildren(useCasesEmpty, promisesEmpty);
      await flushPromises();

      expect(field(element, 'discount')).toBeTruthy();
    });

    it('limits the champion picker to the account', async () => {
      const element = await renderCapture();

      const picker = field(element, 'championId');
      expect(picker.objectApiName).toBe('Contact');
      expect(picker.filter).toEqual({
        criteria: [{ fieldPath: 'AccountId', operator: 'eq', value: ACCOUNT_ID }],
      });
    });

    it('fills the title from the picked champion', async () => {
      const element = await renderCapture();

      change(field(element, 'championId'), { recordId: CONTACT_ID });
      await flushPromises();
      expect(getRecordAdapter.getLastConfig().recordId).toBe(CONTACT_ID);
      getRecordAdapter.emit(championContact, (config) => config.recordId === CONTACT_ID);
      await flushPromises();

      expect(field(element, 'championTitle').value).toBe('VP Customer Operations');
    });

    it('keeps an edited title when the contact emits again', async () => {
      const element = await renderCapture();
      change(field(element, 'championId'), { recordId: CONTACT_ID });
      await flushPromises();
      getRecordAdapter.emit(championContact, (config) => config.recordId === CONTACT_ID);
      await flushPromises();

      change(field(element, 'championTitle'), { value: 'Chief Customer Officer' });
      getRecordAdapter.emit(championContact, (config) => config.recordId === CONTACT_ID);
      await flushPromises();

      expect(field(element, 'championTitle').value).toBe('Chief Customer Officer');
    });

    it('offers the seniority and promise type picklists', async () => {
      const element = await renderCapture();
      button(element, 'c.HS_Capture_AddPromise').click();
      await flushPromises();

      const seniority = field(element, 'championSeniority').options as { value: string }[];
      expect(seniority.map((option) => option.value)).toEqual([
        'C-Level',
        'VP',
        'Director',
        'Manager',
        'Individual Contributor',
      ]);
      const types = rowInputs(element, 'type')[0].options as { value: string }[];
      expect(types.map((option) => option.value)).toEqual([
        'Roadmap Item',
        'Professional Services',
        'Integration',
        'Other',
      ]);
    });

    it('previews the baseline score and flags', async () => {
      const element = await renderCapture();

      change(field(element, 'discount'), { value: '32' });
      change(field(element, 'icpRating'), { value: '4' });
      await flushPromises();

      // Discount 35 x 20, ICP 75 x 25, champion 100 x 20, no displacement 100 x 10 and no
      // promises 100 x 10, over 85: 77.35.
      const badge = element.shadowRoot?.querySelector<LabelledElement>('lightning-badge');
      expect(element.shadowRoot?.querySelector('.slds-text-heading_large')?.textContent).toBe('77');
      expect(badge?.label).toBe('c.HS_Band_Green');
      expect(previewFlags(element)).toEqual(['CLOSE_MONITORING', 'DISCOUNT_SIGNIFICANT']);
    });

    it('adds the displacement window to the preview', async () => {
      const element = await renderCapture();
      change(field(element, 'discount'), { value: '32' });
      change(field(element, 'icpRating'), { value: '4' });
      change(field(element, 'displacement'), { checked: true });
      await flushPromises();

      // Displacement in its first year scores 40: 59.75 of 85 points, 70.29.
      const badge = element.shadowRoot?.querySelector<LabelledElement>('lightning-badge');
      expect(element.shadowRoot?.querySelector('.slds-text-heading_large')?.textContent).toBe('70');
      expect(badge?.label).toBe('c.HS_Band_Yellow');
      expect(previewFlags(element)).toEqual([
        'CLOSE_MONITORING',
        'DISPLACEMENT_WINDOW',
        'DISCOUNT_SIGNIFICANT',
      ]);
    });

    it('counts open promises of a won deal', async () => {
      const element = await renderCapture({
        record: opportunityWon,
        useCases: useCasesData,
        promises: promisesData,
      });

      // The open promise costs 25 points of its signal: 57.25 of 85, 67.35.
      expect(element.shadowRoot?.querySelector('.slds-text-heading_large')?.textContent).toBe('67');
      expect(previewFlags(element)).toEqual([
        'CLOSE_MONITORING',
        'DISPLACEMENT_WINDOW',
        'DISCOUNT_SIGNIFICANT',
      ]);
    });
  });

  describe('empty', () => {
    it('starts with one blank use case and no promises', async () => {
      const element = await renderCapture();

      expect(rowInputs(element, 'name')).toHaveLength(1);
      expect(rowInputs(element, 'name')[0].value).toBe('');
      expect(rowInputs(element, 'type')).toHaveLength(0);
      expect(element.shadowRoot?.textContent).toContain('c.HS_Capture_NoPromises');
      expect(element.shadowRoot?.textContent).toContain('c.HS_Preview_Empty');
      expect(button(element, 'c.HS_Capture_SaveAndCloseWon').disabled).toBe(false);
    });

    it('allows at most three use cases', async () => {
      const element = await renderCapture();

      button(element, 'c.HS_Capture_AddUseCase').click();
      await flushPromises();
      button(element, 'c.HS_Capture_AddUseCase').click();
      await flushPromises();

      expect(rowInputs(element, 'name')).toHaveLength(3);
      expect(button(element, 'c.HS_Capture_AddUseCase').disabled).toBe(true);
    });

    it('removes an unsaved use case', async () => {
      const element = await renderCapture();
      button(element, 'c.HS_Capture_AddUseCase').click();
      await flushPromises();

      const remove = allOf(element.shadowRoot, 'lightning-button-icon');
      expect(remove).toHaveLength(2);
      remove[1].click();
      await flushPromises();

      expect(rowInputs(element, 'name')).toHaveLength(1);
    });
  });

  describe('validation', () => {
    it('rejects a discount above 100 as it is typed', async () => {
      const element = await renderCapture();
      const discount = field(element, 'discount');
      const validity = spyValidity(discount);

      change(discount, { value: '150' });
      await flushPromises();

      expect(lastMessage(validity.messages)).toBe('c.HS_Error_DiscountRange');
      expect(validity.reports).toHaveBeenCalled();
    });

    it('rejects a discount with three decimals', async () => {
      const element = await renderCapture();
      const discount = field(element, 'discount');
      const validity = spyValidity(discount);

      change(discount, { value: '12.345' });
      await flushPromises();

      expect(lastMessage(validity.messages)).toBe('c.HS_Error_DiscountRange');
    });

    it('clears the message once the discount is valid', async () => {
      const element = await renderCapture();
      const discount = field(element, 'discount');
      const validity = spyValidity(discount);

      change(discount, { value: '150' });
      await flushPromises();
      change(discount, { value: '15' });
      await flushPromises();

      expect(lastMessage(validity.messages)).toBe('');
    });

    it('does not report untouched fields', async () => {
      const element = await renderCapture();
      const title = field(element, 'championTitle');
      const validity = spyValidity(title);

      change(field(element, 'discount'), { value: '150' });
      await flushPromises();

      expect(validity.reports).not.toHaveBeenCalled();
    });

    it('requires the vendor of a displacement', async () => {
      const element = await renderCapture();
      await fillRequiredFields(element);
      change(field(element, 'displacement'), { checked: true });
      await flushPromises();
      const vendor = field(element, 'displacedVendor');
      const validity = spyValidity(vendor);

      button(element, 'c.HS_Capture_SaveAndCloseWon').click();
      await flushPromises();

      expect(lastMessage(validity.messages)).toBe('c.HS_Error_VendorRequired');
      expect(updateRecordMock).not.toHaveBeenCalled();
    });

    it('blocks the save until required fields are filled', async () => {
      const element = await renderCapture();
      const title = spyValidity(field(element, 'championTitle'));
      const useCaseName = spyValidity(rowInputs(element, 'name')[0]);

      button(element, 'c.HS_Capture_SaveAndCloseWon').click();
      await flushPromises();

      expect(updateRecordMock).not.toHaveBeenCalled();
      expect(createRecordMock).not.toHaveBeenCalled();
      expect(lastMessage(title.messages)).toBe('c.HS_Error_Required');
      expect(lastMessage(useCaseName.messages)).toBe('c.HS_Error_Required');
    });

    it('requires type and description of a promise', async () => {
      const element = await renderCapture();
      await fillRequiredFields(element);
      button(element, 'c.HS_Capture_AddPromise').click();
      await flushPromises();
      const type = spyValidity(rowInputs(element, 'type')[0]);
      const description = spyValidity(
        allOf(element.shadowRoot, 'lightning-textarea[data-property="description"]')[1],
      );

      button(element, 'c.HS_Capture_SaveAndCloseWon').click();
      await flushPromises();

      expect(lastMessage(type.messages)).toBe('c.HS_Error_Required');
      expect(lastMessage(description.messages)).toBe('c.HS_Error_Required');
      expect(updateRecordMock).not.toHaveBeenCalled();
    });
  });

  describe('save', () => {
    it('saves the opportunity, then the children, then the stage', async () => {
      const element = await renderCapture();
      await fillRequiredFields(element);
      button(element, 'c.HS_Capture_AddPromise').click();
      await flushPromises();
      change(rowInputs(element, 'type')[0], { value: 'Roadmap Item' });
      change(allOf(element.shadowRoot, '[data-property="description"]')[1], {
        value: 'Bulk export API in the Q4 release.',
      });
      change(rowInputs(element, 'dueOn')[0], { value: '2025-12-15' });
      await flushPromises();

      button(element, 'c.HS_Capture_SaveAndCloseWon').click();
      await flushPromises();

      expect(updateRecordMock).toHaveBeenCalledTimes(2);
      expect(createRecordMock).toHaveBeenCalledTimes(2);
      const [opportunityUpdate, stageUpdate] = updateRecordMock.mock.invocationCallOrder;
      const [useCaseCreate, promiseCreate] = createRecordMock.mock.invocationCallOrder;
      expect(opportunityUpdate).toBeLessThan(useCaseCreate);
      expect(useCaseCreate).toBeLessThan(promiseCreate);
      expect(promiseCreate).toBeLessThan(stageUpdate);

      expect(updateRecordMock.mock.calls[0][0]).toEqual({
        fields: {
          Id: OPPORTUNITY_ID,
          Discount_Depth__c: 32,
          ICP_Fit_Rating__c: 4,
          Champion__c: CONTACT_ID,
          Champion_Title_At_Close__c: 'VP Customer Operations',
          Champion_Seniority__c: 'VP',
          Competitive_Displacement__c: false,
          Displaced_Vendor__c: null,
        },
      });
      expect(createRecordMock.mock.calls[0][0]).toEqual({
        apiName: 'Committed_Use_Case__c',
        fields: {
          Name: 'Renewal forecasting',
          Description__c: null,
          Opportunity__c: OPPORTUNITY_ID,
          Status__c: 'Committed',
        },
      });
      expect(createRecordMock.mock.calls[1][0]).toEqual({
        apiName: 'Deal_Promise__c',
        fields: {
          Type__c: 'Roadmap Item',
          Description__c: 'Bulk export API in the Q4 release.',
          Due_On__c: '2025-12-15',
          Opportunity__c: OPPORTUNITY_ID,
          Status__c: 'Open',
        },
      });
      // The won stage comes from the picklist attributes, whatever its label.
      expect(updateRecordMock.mock.calls[1][0]).toEqual({
        fields: { Id: OPPORTUNITY_ID, StageName: 'Won - Signed' },
      });
    });

    it('closes the action and shows a toast', async () => {
      const element = await renderCapture();
      const closeHandler = jest.fn();
      const toastHandler = jest.fn();
      element.addEventListener(CLOSE_ACTION_SCREEN_EVENT_NAME, closeHandler);
      element.addEventListener('lightning__showtoast', toastHandler);
      await fillRequiredFields(element);

      button(element, 'c.HS_Capture_SaveAndCloseWon').click();
      await flushPromises();

      expect(closeHandler).toHaveBeenCalledTimes(1);
      expect(toastHandler).toHaveBeenCalledTimes(1);
      expect(toastHandler.mock.calls[0][0].detail.variant).toBe('success');
    });

    it('updates changed children and skips the rest', async () => {
      const element = await renderCapture({
        record: opportunityWon,
        useCases: useCasesData,
        promises: promisesData,
      });

      const descriptions = allOf(
        element.shadowRoot,
        'lightning-textarea[data-property="description"]',
      );
      change(descriptions[1], { value: 'Decks built from live product data.' });
      await flushPromises();
      button(element, 'c.HS_Common_Save').click();
      await flushPromises();

      expect(createRecordMock).not.toHaveBeenCalled();
      expect(updateRecordMock).toHaveBeenCalledTimes(2);
      expect(updateRecordMock.mock.calls[1][0]).toEqual({
        fields: {
          Id: 'a01Dn000003UcAbIAK',
          Name: 'Executive QBR decks',
          Description__c: 'Decks built from live product data.',
        },
      });
    });

    it('locks saved use case names once won', async () => {
      const element = await renderCapture({
        record: opportunityWon,
        useCases: useCasesData,
        promises: promisesData,
      });
      button(element, 'c.HS_Capture_AddUseCase').click();
      await flushPromises();

      expect(rowInputs(element, 'name').map((input) => input.readOnly)).toEqual([
        true,
        true,
        false,
      ]);
    });

    it('keeps names editable before the close', async () => {
      const element = await renderCapture({ useCases: useCasesData });

      expect(rowInputs(element, 'name').map((input) => input.readOnly)).toEqual([false, false]);
    });

    it('does not change the stage of a won opportunity', async () => {
      const element = await renderCapture({
        record: opportunityWon,
        useCases: useCasesData,
        promises: promisesData,
      });

      button(element, 'c.HS_Common_Save').click();
      await flushPromises();

      expect(updateRecordMock).toHaveBeenCalledTimes(1);
      expect(updateRecordMock.mock.calls[0][0].fields).not.toHaveProperty('StageName');
    });

    it('puts a field error on its field and keeps the values', async () => {
      const element = await renderCapture();
      await fillRequiredFields(element);
      const discount = field(element, 'discount');
      const validity = spyValidity(discount);
      updateRecordMock.mockImplementationOnce(() => Promise.reject(discountFieldError));

      button(element, 'c.HS_Capture_SaveAndCloseWon').click();
      await flushPromises();

      expect(createRecordMock).not.toHaveBeenCalled();
      expect(updateRecordMock).toHaveBeenCalledTimes(1);
      expect(lastMessage(validity.messages)).toBe(
        'Discount Depth above 40% needs a deal desk approval.',
      );
      expect(field(element, 'discount').value).toBe('32');
      expect(field(element, 'championTitle').value).toBe('VP Customer Operations');
      expect(rowInputs(element, 'name')[0].value).toBe('Renewal forecasting');
      const panel = element.shadowRoot?.querySelector<LabelledElement>('c-error-panel');
      expect(panel?.errors).toEqual(['c.HS_Error_ReviewFields']);
      expect(panel?.friendlyMessage).toBe('c.HS_Capture_SaveFailed');
    });

    it('clears a field error once the field is edited', async () => {
      const element = await renderCapture();
      await fillRequiredFields(element);
      const validity = spyValidity(field(element, 'discount'));
      updateRecordMock.mockImplementationOnce(() => Promise.reject(discountFieldError));
      button(element, 'c.HS_Capture_SaveAndCloseWon').click();
      await flushPromises();

      change(field(element, 'discount'), { value: '30' });
      await flushPromises();

      expect(lastMessage(validity.messages)).toBe('');
    });

    it('shows a stage page error and retries without duplicates', async () => {
      const element = await renderCapture();
      await fillRequiredFields(element);
      updateRecordMock
        .mockImplementationOnce((input: { fields: { Id: string } }) =>
          Promise.resolve({ id: input.fields.Id }),
        )
        .mockImplementationOnce(() => Promise.reject(stagePageError));

      button(element, 'c.HS_Capture_SaveAndCloseWon').click();
      await flushPromises();

      const panel = element.shadowRoot?.querySelector<LabelledElement>('c-error-panel');
      expect(panel?.errors).toEqual([
        'Complete the deal context before you mark the opportunity Closed Won.',
      ]);
      expect(createRecordMock).toHaveBeenCalledTimes(1);

      button(element, 'c.HS_Capture_SaveAndCloseWon').click();
      await flushPromises();

      // The use case created by the first attempt is unchanged, so the retry neither creates
      // nor updates it.
      expect(createRecordMock).toHaveBeenCalledTimes(1);
      expect(updateRecordMock).toHaveBeenCalledTimes(4);
      expect(updateRecordMock.mock.calls[3][0]).toEqual({
        fields: { Id: OPPORTUNITY_ID, StageName: 'Won - Signed' },
      });
      expect(element.shadowRoot?.querySelector('c-error-panel')).toBeNull();
    });

    it('updates a created child on retry after editing it', async () => {
      const element = await renderCapture();
      await fillRequiredFields(element);
      updateRecordMock
        .mockImplementationOnce((input: { fields: { Id: string } }) =>
          Promise.resolve({ id: input.fields.Id }),
        )
        .mockImplementationOnce(() => Promise.reject(stagePageError));
      button(element, 'c.HS_Capture_SaveAndCloseWon').click();
      await flushPromises();

      change(rowInputs(element, 'name')[0], { value: 'Renewal forecasting for all regions' });
      await flushPromises();
      button(element, 'c.HS_Capture_SaveAndCloseWon').click();
      await flushPromises();

      expect(createRecordMock).toHaveBeenCalledTimes(1);
      expect(updateRecordMock.mock.calls[3][0]).toEqual({
        fields: {
          Id: 'a0XDn00000New01IAK',
          Name: 'Renewal forecasting for all regions',
          Description__c: null,
        },
      });
    });

    it('puts a child field error on its row', async () => {
      const element = await renderCapture();
      await fillRequiredFields(element);
      button(element, 'c.HS_Capture_AddPromise').click();
      await flushPromises();
      change(rowInputs(element, 'type')[0], { value: 'Integration' });
      change(allOf(element.shadowRoot, '[data-property="description"]')[1], {
        value: 'Salesforce CPQ connector.',
      });
      change(rowInputs(element, 'dueOn')[0], { value: '2025-07-31' });
      await flushPromises();
      const dueOn = spyValidity(rowInputs(element, 'dueOn')[0]);
      createRecordMock
        .mockImplementationOnce(() => Promise.resolve({ id: 'a01Dn000003UcAcIAK' }))
        .mockImplementationOnce(() => Promise.reject(promiseDueOnError));

      button(element, 'c.HS_Capture_SaveAndCloseWon').click();
      await flushPromises();

      expect(lastMessage(dueOn.messages)).toBe('Due On must be on or after the close date.');
      expect(updateRecordMock).toHaveBeenCalledTimes(1);
      expect(rowInputs(element, 'type')[0].value).toBe('Integration');
    });

    it('picks the won stage when there are several', async () => {
      const picklists = JSON.parse(JSON.stringify(opportunityPicklists));
      picklists.picklistFieldValues.StageName.values.push({
        attributes: {
          closed: true,
          defaultProbability: 100,
          forecastCategoryName: 'Closed',
          picklistAtrributesValueType: 'OpportunityStage',
          won: true,
        },
        label: 'Won - Renewal',
        validFor: [],
        value: 'Won - Renewal',
      });
      const element = await renderCapture();
      picklistsAdapter.emit(picklists);
      await flushPromises();
      await fillRequiredFields(element);

      const stagePicker = byLabel(
        element.shadowRoot,
        'lightning-combobox',
        'c.HS_Capture_WonStage',
      );
      expect(stagePicker?.value).toBe('Won - Signed');
      change(stagePicker as HTMLElement, { value: 'Won - Renewal' });
      button(element, 'c.HS_Capture_SaveAndCloseWon').click();
      await flushPromises();

      expect(updateRecordMock.mock.calls[1][0]).toEqual({
        fields: { Id: OPPORTUNITY_ID, StageName: 'Won - Renewal' },
      });
    });

    it('disables the save without a won stage', async () => {
      const picklists = JSON.parse(JSON.stringify(opportunityPicklists));
      picklists.picklistFieldValues.StageName.values =
        picklists.picklistFieldValues.StageName.values.filter(
          (value: { attributes: { won: boolean } }) => !value.attributes.won,
        );
      const element = await renderCapture();
      picklistsAdapter.emit(picklists);
      await flushPromises();

      expect(button(element, 'c.HS_Capture_SaveAndCloseWon').disabled).toBe(true);
      expect(element.shadowRoot?.textContent).toContain('c.HS_Capture_NoWonStage');
    });

    it('reverts edits on cancel and closes the action', async () => {
      const element = await renderCapture({
        record: opportunityWon,
        useCases: useCasesData,
        promises: promisesData,
      });
      const closeHandler = jest.fn();
      element.addEventListener(CLOSE_ACTION_SCREEN_EVENT_NAME, closeHandler);
      change(field(element, 'discount'), { value: '50' });
      button(element, 'c.HS_Capture_AddPromise').click();
      await flushPromises();

      button(element, 'c.HS_Common_Cancel').click();
      await flushPromises();

      expect(field(element, 'discount').value).toBe('32');
      expect(rowInputs(element, 'type')).toHaveLength(1);
      expect(closeHandler).toHaveBeenCalledTimes(1);
      expect(updateRecordMock).not.toHaveBeenCalled();
    });
  });

  describe('error', () => {
    it('shows an error when the opportunity fails to load', async () => {
      const element = createElement('c-deal-context-capture', { is: DealContextCapture });
      element.recordId = OPPORTUNITY_ID;
      document.body.appendChild(element);
      await flushPromises();
      getRecordAdapter.emitError(
        {
          body: [{ errorCode: 'INSUFFICIENT_ACCESS', message: 'You do not have access.' }],
          status: 403,
          statusText: 'Forbidden',
        },
        (config) => config.recordId === OPPORTUNITY_ID,
      );
      await flushPromises();

      const panel = element.shadowRoot?.querySelector<LabelledElement>('c-error-panel');
      expect(panel).toBeTruthy();
      expect(panel?.friendlyMessage).toBe('c.HS_Capture_LoadFailed');
      expect(element.shadowRoot?.querySelector('[data-field="discount"]')).toBeNull();
      expect(element.shadowRoot?.querySelector('lightning-spinner')).toBeNull();
    });
  });

  describe('accessibility', () => {
    it('passes the axe rules with every section open', async () => {
      const element = await renderCapture();
      button(element, 'c.HS_Capture_AddUseCase').click();
      button(element, 'c.HS_Capture_AddPromise').click();
      await flushPromises();

      await expect(element).toBeAccessible();
    });

    it('labels every input and button', async () => {
      const element = await renderCapture();
      button(element, 'c.HS_Capture_AddUseCase').click();
      button(element, 'c.HS_Capture_AddPromise').click();
      await flushPromises();

      const inputs = allOf(
        element.shadowRoot,
        'lightning-input, lightning-combobox, lightning-textarea, lightning-record-picker',
      );
      expect(inputs.length).toBeGreaterThan(8);
      for (const input of inputs) {
        expect(input.label).toMatch(/^c\.HS_/);
      }
      for (const icon of allOf(element.shadowRoot, 'lightning-button-icon')) {
        expect(icon.alternativeText).toMatch(/^c\.HS_/);
      }
      for (const action of allOf(element.shadowRoot, 'lightning-button')) {
        expect(action.label).toBeTruthy();
      }
    });

    it('names each section by its heading', async () => {
      const element = await renderCapture();

      const sections = allOf(element.shadowRoot, 'section');
      expect(sections).toHaveLength(6);
      for (const section of sections) {
        const headingId = section.getAttribute('aria-labelledby');
        const heading = element.shadowRoot?.querySelector(`[id="${headingId}"]`);
        expect(heading?.tagName).toBe('H3');
        expect(heading?.textContent?.trim()).toMatch(/^c\.HS_/);
      }
    });

    it('groups each child row in a fieldset with a legend', async () => {
      const element = await renderCapture();
      button(element, 'c.HS_Capture_AddPromise').click();
      await flushPromises();

      const fieldsets = allOf(element.shadowRoot, 'fieldset');
      expect(fieldsets).toHaveLength(2);
      for (const fieldset of fieldsets) {
        expect(fieldset.querySelector('legend')?.textContent?.trim()).toMatch(/^c\.HS_/);
      }
    });

    it('announces preview changes politely', async () => {
      const element = await renderCapture();

      const preview = element.shadowRoot?.querySelector('section[aria-live]');
      expect(preview?.getAttribute('aria-live')).toBe('polite');
    });

    it('marks the required fields', async () => {
      const element = await renderCapture();

      for (const key of [
        'discount',
        'icpRating',
        'championId',
        'championTitle',
        'championSeniority',
      ]) {
        expect(field(element, key).required).toBe(true);
      }
    });
  });
});
