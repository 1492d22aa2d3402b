import { createElement } from 'lwc';
import DealContextReview from 'c/dealContextReview';
import { getRecord, updateRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import {
  allOf,
  byLabel,
  change,
  flushPromises,
  objectNameOf,
  testAdapter,
} from '../../ldsUtils/__tests__/testSupport';
import type { LabelledElement, WireConfig } from '../../ldsUtils/__tests__/testSupport';
import account from './data/account.json';
import accountNoDeal from './data/accountNoDeal.json';
import accountObjectInfo from './data/accountObjectInfo.json';
import useCaseObjectInfo from './data/useCaseObjectInfo.json';
import promiseObjectInfo from './data/promiseObjectInfo.json';
import championStatuses from './data/championStatuses.json';
import useCaseStatuses from './data/useCaseStatuses.json';
import promiseStatuses from './data/promiseStatuses.json';
import useCasesData from './data/useCases.json';
import useCasesEmpty from './data/useCasesEmpty.json';
import promisesData from './data/promises.json';
import promisesEmpty from './data/promisesEmpty.json';
import useCaseStatusError from './data/useCaseStatusError.json';
import promiseLockError from './data/promiseLockError.json';

const ACCOUNT_ID = '001Dn000004QxYzIAK';
const OPPORTUNITY_ID = '006Dn000006AbCdIAK';
const TODAY = '2025-06-30';

/** The fields DESIGN's access table lets a CSM write, by the key prefix of the record Id. */
const CSM_WRITABLE_FIELDS: Record<string, string[]> = {
  '001': ['Id', 'Champion_Status__c', 'Champion_Reviewed_On__c'],
  a01: ['Id', 'Status__c', 'Reviewed_On__c'],
  a02: ['Id', 'Status__c', 'Resolved_On__c'],
};

const getRecordAdapter = testAdapter(getRecord);
const getObjectInfoAdapter = testAdapter(getObjectInfo);
const picklistAdapter = testAdapter(getPicklistValues);
const relatedListAdapter = testAdapter(getRelatedListRecords);
const updateRecordMock = updateRecord as unknown as jest.Mock;

function picklistOf(objectApiName: string): (config: WireConfig) => boolean {
  return (config) =>
    (config.fieldApiName as { objectApiName?: string } | undefined)?.objectApiName ===
    objectApiName;
}

interface RenderOptions {
  accountData?: unknown;
  useCases?: unknown;
  promises?: unknown;
}

async function renderReview(options: RenderOptions = {}): Promise<HTMLElement> {
  const element = createElement('c-deal-context-review', { is: DealContextReview });
  element.recordId = ACCOUNT_ID;
  document.body.appendChild(element);
  await flushPromises();
  getRecordAdapter.emit(options.accountData ?? account);
  getObjectInfoAdapter.emit(accountObjectInfo, (config) => objectNameOf(config) === 'Account');
  getObjectInfoAdapter.emit(
    useCaseObjectInfo,
    (config) => objectNameOf(config) === 'Committed_Use_Case__c',
  );
  getObjectInfoAdapter.emit(
    promiseObjectInfo,
    (config) => objectNameOf(config) === 'Deal_Promise__c',
  );
  await flushPromises();
  picklistAdapter.emit(championStatuses, picklistOf('Account'));
  picklistAdapter.emit(useCaseStatuses, picklistOf('Committed_Use_Case__c'));
  picklistAdapter.emit(promiseStatuses, picklistOf('Deal_Promise__c'));
  relatedListAdapter.emit(
    options.useCases ?? useCasesData,
    (config) => config.relatedListId === 'Committed_Use_Cases__r',
  );
  relatedListAdapter.emit(
    options.promises ?? promisesData,
    (config) => config.relatedListId === 'Deal_Promises__r',
  );
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

function saveButton(element: HTMLElement): LabelledElement {
  const found = byLabel(element.shadowRoot, 'lightning-button', 'c.HS_Review_Save');
  if (!found) {
    throw new Error('The Save Review button is not rendered.');
  }
  return found;
}

function fieldsOfCall(index: number): Record<string, unknown> {
  return updateRecordMock.mock.calls[index][0].fields;
}

describe('c-deal-context-review', () => {
  beforeEach(() => {
    jest.useFakeTimers({
      now: new Date('2025-06-30T18:00:00Z'),
      doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'clearTimeout', 'queueMicrotask'],
    });
    updateRecordMock.mockImplementation((input: { fields: { Id: string } }) =>
      Promise.resolve({ id: input.fields.Id }),
    );
  });

  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  describe('data', () => {
    it('shows the champion status and its last review', async () => {
      const element = await renderReview();

      const status = field(element, 'championStatus');
      expect(status.value).toBe('Unchanged');
      expect((status.options as { value: string }[]).map((option) => option.value)).toEqual([
        'Unchanged',
        'Title Changed',
        'Left Company',
      ]);
      const reviewedOn = element.shadowRoot?.querySelector<LabelledElement>(
        'dl lightning-formatted-date-time',
      );
      expect(reviewedOn?.value).toBe('2025-03-10');
    });

    it('reads the children of the deal-context opportunity', async () => {
      const element = await renderReview();

      expect(relatedListAdapter.getLastConfig().parentRecordId).toBe(OPPORTUNITY_ID);
      expect(field(element, 'a01Dn000003UcAaIAK.status').value).toBe('Committed');
      expect(field(element, 'a01Dn000003UcAbIAK.status').value).toBe('Active');
      expect(field(element, 'a02Dn000002PrAaIAK.status').value).toBe('Open');
      expect(element.shadowRoot?.textContent).toContain('Renewal forecasting');
      expect(element.shadowRoot?.textContent).toContain('DP-0001');
    });

    it('offers only Active and Not Active for use cases', async () => {
      const element = await renderReview();

      const options = field(element, 'a01Dn000003UcAaIAK.status').options as { value: string }[];
      expect(options.map((option) => option.value)).toEqual(['Active', 'Not Active']);
    });

    it('disables the save until something changes', async () => {
      const element = await renderReview();

      expect(saveButton(element).disabled).toBe(true);
    });
  });

  describe('save', () => {
    it('stamps the champion review with today', async () => {
      const element = await renderReview();

      change(field(element, 'championStatus'), { value: 'Left Company' });
      await flushPromises();
      saveButton(element).click();
      await flushPromises();

      expect(updateRecordMock).toHaveBeenCalledTimes(1);
      expect(fieldsOfCall(0)).toEqual({
        Id: ACCOUNT_ID,
        Champion_Status__c: 'Left Company',
        Champion_Reviewed_On__c: TODAY,
      });
    });

    it('stamps a confirmed unchanged champion', async () => {
      const element = await renderReview();
      const confirm = byLabel(element.shadowRoot, 'lightning-input', 'c.HS_Review_ChampionConfirm');

      change(confirm as HTMLElement, { checked: true });
      await flushPromises();
      saveButton(element).click();
      await flushPromises();

      expect(fieldsOfCall(0)).toEqual({
        Id: ACCOUNT_ID,
        Champion_Status__c: 'Unchanged',
        Champion_Reviewed_On__c: TODAY,
      });
    });

    it('stamps reviewed use cases and resolved promises', async () => {
      const element = await renderReview();

      change(field(element, 'a01Dn000003UcAaIAK.status'), { value: 'Active' });
      change(field(element, 'a02Dn000002PrAaIAK.status'), { value: 'Resolved' });
      await flushPromises();
      saveButton(element).click();
      await flushPromises();

      expect(updateRecordMock).toHaveBeenCalledTimes(2);
      expect(fieldsOfCall(0)).toEqual({
        Id: 'a01Dn000003UcAaIAK',
        Status__c: 'Active',
        Reviewed_On__c: TODAY,
      });
      expect(fieldsOfCall(1)).toEqual({
        Id: 'a02Dn000002PrAaIAK',
        Status__c: 'Resolved',
        Resolved_On__c: TODAY,
      });
    });

    it('clears the resolved date of a withdrawn promise', async () => {
      const element = await renderReview();

      change(field(element, 'a02Dn000002PrAcIAK.status'), { value: 'Withdrawn' });
      await flushPromises();
      saveButton(element).click();
      await flushPromises();

      expect(fieldsOfCall(0)).toEqual({
        Id: 'a02Dn000002PrAcIAK',
        Status__c: 'Withdrawn',
        Resolved_On__c: null,
      });
    });

    it('writes only the fields a CSM may edit', async () => {
      const element = await renderReview();
      change(field(element, 'championStatus'), { value: 'Title Changed' });
      change(field(element, 'a01Dn000003UcAaIAK.status'), { value: 'Not Active' });
      change(field(element, 'a01Dn000003UcAcIAK.status'), { value: 'Active' });
      change(field(element, 'a02Dn000002PrAaIAK.status'), { value: 'Withdrawn' });
      await flushPromises();

      saveButton(element).click();
      await flushPromises();

      expect(updateRecordMock).toHaveBeenCalledTimes(4);
      for (const [input] of updateRecordMock.mock.calls) {
        const fields = input.fields as Record<string, unknown>;
        const allowed = CSM_WRITABLE_FIELDS[String(fields.Id).slice(0, 3)];
        expect(allowed).toBeDefined();
        for (const name of Object.keys(fields)) {
          expect(allowed).toContain(name);
        }
      }
    });

    it('skips children left unchanged', async () => {
      const element = await renderReview();

      change(field(element, 'a01Dn000003UcAbIAK.status'), { value: 'Active' });
      change(field(element, 'a01Dn000003UcAaIAK.status'), { value: 'Active' });
      await flushPromises();
      saveButton(element).click();
      await flushPromises();

      expect(updateRecordMock).toHaveBeenCalledTimes(1);
      expect(fieldsOfCall(0).Id).toBe('a01Dn000003UcAaIAK');
    });

    it('shows later changes after a save', async () => {
      const element = await renderReview();
      change(field(element, 'championStatus'), { value: 'Left Company' });
      await flushPromises();
      saveButton(element).click();
      await flushPromises();
      expect(field(element, 'championStatus').value).toBe('Left Company');

      // LDS emits the saved record, then a change that another user made.
      const saved = JSON.parse(JSON.stringify(account));
      saved.fields.Champion_Status__c.value = 'Left Company';
      saved.fields.Champion_Reviewed_On__c.value = TODAY;
      getRecordAdapter.emit(saved);
      await flushPromises();
      const changed = JSON.parse(JSON.stringify(saved));
      changed.fields.Champion_Status__c.value = 'Title Changed';
      getRecordAdapter.emit(changed);
      await flushPromises();

      expect(field(element, 'championStatus').value).toBe('Title Changed');
    });

    it('fires saved and shows a toast', async () => {
      const element = await renderReview();
      const saved = jest.fn();
      const toast = jest.fn();
      element.addEventListener('saved', saved);
      element.addEventListener('lightning__showtoast', toast);

      change(field(element, 'a01Dn000003UcAaIAK.status'), { value: 'Active' });
      await flushPromises();
      saveButton(element).click();
      await flushPromises();

      expect(saved).toHaveBeenCalledTimes(1);
      expect(toast.mock.calls[0][0].detail.variant).toBe('success');
      expect(saveButton(element).disabled).toBe(true);
    });

    it('puts a field error on its row and keeps the changes', async () => {
      const element = await renderReview();
      change(field(element, 'championStatus'), { value: 'Title Changed' });
      change(field(element, 'a01Dn000003UcAaIAK.status'), { value: 'Active' });
      await flushPromises();
      const useCase = field(element, 'a01Dn000003UcAaIAK.status');
      const messages = jest.fn();
      useCase.setCustomValidity = messages;
      useCase.reportValidity = jest.fn();
      updateRecordMock
        .mockImplementationOnce((input: { fields: { Id: string } }) =>
          Promise.resolve({ id: input.fields.Id }),
        )
        .mockImplementationOnce(() => Promise.reject(useCaseStatusError));

      saveButton(element).click();
      await flushPromises();

      expect(messages.mock.calls[messages.mock.calls.length - 1][0]).toBe(
        'A use case can be marked Active or Not Active only 60 days after the close.',
      );
      expect(field(element, 'a01Dn000003UcAaIAK.status').value).toBe('Active');
      const panel = element.shadowRoot?.querySelector<LabelledElement>('c-error-panel');
      expect(panel?.errors).toEqual(['c.HS_Error_ReviewFields']);

      change(field(element, 'a01Dn000003UcAaIAK.status'), { value: 'Not Active' });
      await flushPromises();
      expect(messages.mock.calls[messages.mock.calls.length - 1][0]).toBe('');
      change(field(element, 'a01Dn000003UcAaIAK.status'), { value: 'Active' });
      await flushPromises();

      // The retry saves only what failed: the champion was saved on the first attempt.
      saveButton(element).click();
      await flushPromises();
      expect(updateRecordMock).toHaveBeenCalledTimes(3);
      expect(fieldsOfCall(2).Id).toBe('a01Dn000003UcAaIAK');
    });

    it('shows a page error in the panel', async () => {
      const element = await renderReview();
      change(field(element, 'a02Dn000002PrAaIAK.status'), { value: 'Resolved' });
      await flushPromises();
      updateRecordMock.mockImplementationOnce(() => Promise.reject(promiseLockError));

      saveButton(element).click();
      await flushPromises();

      const panel = element.shadowRoot?.querySelector<LabelledElement>('c-error-panel');
      expect(panel?.friendlyMessage).toBe('c.HS_Review_SaveFailed');
      expect(panel?.errors).toEqual([
        'unable to obtain exclusive access to this record or 1 records: a02Dn000002PrAaIAK',
      ]);
      expect(field(element, 'a02Dn000002PrAaIAK.status').value).toBe('Resolved');
    });

    it('reverts the changes on cancel', async () => {
      const element = await renderReview();
      const close = jest.fn();
      element.addEventListener('close', close);
      change(field(element, 'championStatus'), { value: 'Left Company' });
      await flushPromises();

      byLabel(element.shadowRoot, 'lightning-button', 'c.HS_Common_Cancel')?.click();
      await flushPromises();

      expect(close).toHaveBeenCalledTimes(1);
      expect(field(element, 'championStatus').value).toBe('Unchanged');
      expect(updateRecordMock).not.toHaveBeenCalled();
    });

    it('requires a status to confirm the champion', async () => {
      const element = await renderReview({ accountData: accountNoDeal });
      const confirm = byLabel(element.shadowRoot, 'lightning-input', 'c.HS_Review_ChampionConfirm');
      change(confirm as HTMLElement, { checked: true });
      await flushPromises();
      const status = field(element, 'championStatus');
      const messages = jest.fn();
      status.setCustomValidity = messages;
      status.reportValidity = jest.fn();

      saveButton(element).click();
      await flushPromises();

      expect(updateRecordMock).not.toHaveBeenCalled();
      expect(messages.mock.calls[messages.mock.calls.length - 1][0]).toBe('c.HS_Error_Required');
    });
  });

  describe('empty', () => {
    it('explains an account without a deal-context opportunity', async () => {
      const element = await renderReview({ accountData: accountNoDeal });

      expect(element.shadowRoot?.textContent).toContain('c.HS_Review_NoOpportunity');
      expect(element.shadowRoot?.textContent).toContain('c.HS_Review_NeverReviewed');
      expect(field(element, 'championStatus').value).toBe('');
      expect(element.shadowRoot?.querySelector('table')).toBeNull();
    });

    it('says when the deal has no use cases or promises', async () => {
      const element = await renderReview({ useCases: useCasesEmpty, promises: promisesEmpty });

      expect(element.shadowRoot?.textContent).toContain('c.HS_Review_NoUseCases');
      expect(element.shadowRoot?.textContent).toContain('c.HS_Review_NoPromises');
    });
  });

  describe('error', () => {
    it('shows an error when the account fails to load', async () => {
      const element = createElement('c-deal-context-review', { is: DealContextReview });
      element.recordId = ACCOUNT_ID;
      document.body.appendChild(element);
      await flushPromises();
      getRecordAdapter.emitError();
      await flushPromises();

      const panel = element.shadowRoot?.querySelector<LabelledElement>('c-error-panel');
      expect(panel?.friendlyMessage).toBe('c.HS_Review_LoadFailed');
      expect(element.shadowRoot?.querySelector('[data-field]')).toBeNull();
    });

    it('shows an error when the use cases fail to load', async () => {
      const element = await renderReview();
      relatedListAdapter.emitError(
        {
          body: [
            {
              errorCode: 'INSUFFICIENT_ACCESS',
              message: 'Insufficient access to Committed_Use_Case__c.',
            },
          ],
          status: 403,
        },
        (config) => config.relatedListId === 'Committed_Use_Cases__r',
      );
      await flushPromises();

      const panel = element.shadowRoot?.querySelector<LabelledElement>('c-error-panel');
      expect(JSON.stringify(panel?.errors)).toContain('Insufficient access');
    });
  });

  describe('accessibility', () => {
    it('passes the axe rules', async () => {
      const element = await renderReview();

      await expect(element).toBeAccessible();
    });

    it('labels every status input', async () => {
      const element = await renderReview();

      const inputs = allOf(element.shadowRoot, 'lightning-combobox, lightning-input');
      expect(inputs).toHaveLength(7);
      for (const input of inputs) {
        expect(input.label).toMatch(/^c\.HS_Review_/);
      }
    });

    it('heads the tables by column and row', async () => {
      const element = await renderReview();

      const tables = allOf(element.shadowRoot, 'table');
      expect(tables).toHaveLength(2);
      for (const table of tables) {
        expect(table.querySelectorAll('th[scope="col"]').length).toBeGreaterThan(2);
        const rows = table.querySelectorAll('tbody tr');
        expect(table.querySelectorAll('tbody th[scope="row"]')).toHaveLength(rows.length);
      }
    });

    it('names the card and its sections by their headings', async () => {
      const element = await renderReview();

      const labelled = allOf(element.shadowRoot, 'article, section');
      expect(labelled).toHaveLength(4);
      for (const region of labelled) {
        const heading = element.shadowRoot?.querySelector(
          `[id="${region.getAttribute('aria-labelledby')}"]`,
        );
        expect(heading?.textContent?.trim()).toMatch(/^c\.HS_Review_/);
      }
    });
  });
});
