import { createElement } from 'lwc';
import AccountHealthCard from 'c/accountHealthCard';
import { getRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { graphql } from 'lightning/graphql';
import { allOf, byLabel, flushPromises, testAdapter } from '../../ldsUtils/__tests__/testSupport';
import type { LabelledElement } from '../../ldsUtils/__tests__/testSupport';
import accountScored from './data/accountScored.json';
import accountNotScored from './data/accountNotScored.json';
import accountNoData from './data/accountNoData.json';
import snapshots from './data/snapshots.json';
import snapshotsSingle from './data/snapshotsSingle.json';
import promises from './data/promises.json';
import useCases from './data/useCases.json';
import latestRun from './data/latestRun.json';
import latestRunNone from './data/latestRunNone.json';

// Labels with placeholders resolve to their English values, so the tests see filled text.
jest.mock(
  '@salesforce/label/c.HS_Card_LayerWeight',
  () => ({
    __esModule: true,
    default: jest
      .requireActual('../../ldsUtils/__tests__/testSupport')
      .labelValue('HS_Card_LayerWeight'),
  }),
  { virtual: true },
);
jest.mock(
  '@salesforce/label/c.HS_Card_PointsLost',
  () => ({
    __esModule: true,
    default: jest
      .requireActual('../../ldsUtils/__tests__/testSupport')
      .labelValue('HS_Card_PointsLost'),
  }),
  { virtual: true },
);
jest.mock(
  '@salesforce/label/c.HS_Card_DriverLine',
  () => ({
    __esModule: true,
    default: jest
      .requireActual('../../ldsUtils/__tests__/testSupport')
      .labelValue('HS_Card_DriverLine'),
  }),
  { virtual: true },
);
jest.mock(
  '@salesforce/label/c.HS_Reason_DISCOUNT_SIGNIFICANT',
  () => ({
    __esModule: true,
    default: jest
      .requireActual('../../ldsUtils/__tests__/testSupport')
      .labelValue('HS_Reason_DISCOUNT_SIGNIFICANT'),
  }),
  { virtual: true },
);
jest.mock(
  '@salesforce/label/c.HS_Reason_ICP_FIT_MEDIUM',
  () => ({
    __esModule: true,
    default: jest
      .requireActual('../../ldsUtils/__tests__/testSupport')
      .labelValue('HS_Reason_ICP_FIT_MEDIUM'),
  }),
  { virtual: true },
);
jest.mock(
  '@salesforce/label/c.HS_Card_UseCaseCounts',
  () => ({
    __esModule: true,
    default: jest
      .requireActual('../../ldsUtils/__tests__/testSupport')
      .labelValue('HS_Card_UseCaseCounts'),
  }),
  { virtual: true },
);
jest.mock(
  '@salesforce/label/c.HS_Card_TrendSummary',
  () => ({
    __esModule: true,
    default: jest
      .requireActual('../../ldsUtils/__tests__/testSupport')
      .labelValue('HS_Card_TrendSummary'),
  }),
  { virtual: true },
);
jest.mock(
  '@salesforce/label/c.HS_Card_WeightsFromRun',
  () => ({
    __esModule: true,
    default: jest
      .requireActual('../../ldsUtils/__tests__/testSupport')
      .labelValue('HS_Card_WeightsFromRun'),
  }),
  { virtual: true },
);
jest.mock(
  '@salesforce/label/c.HS_Card_ScoreOutOf',
  () => ({
    __esModule: true,
    default: jest
      .requireActual('../../ldsUtils/__tests__/testSupport')
      .labelValue('HS_Card_ScoreOutOf'),
  }),
  { virtual: true },
);

const ACCOUNT_ID = '001Dn000004QxYzIAK';
const OPPORTUNITY_ID = '006Dn000006AbCdIAK';

const getRecordAdapter = testAdapter(getRecord);
const relatedListAdapter = testAdapter(getRelatedListRecords);
const graphqlAdapter = testAdapter(graphql);

interface RenderOptions {
  account?: unknown;
  snapshotData?: unknown;
  run?: unknown;
}

function emitRelatedList(relatedListId: string, data: unknown): void {
  relatedListAdapter.emit(data, (config) => config.relatedListId === relatedListId);
}

async function renderCard(options: RenderOptions = {}): Promise<HTMLElement> {
  const element = createElement('c-account-health-card', { is: AccountHealthCard });
  element.recordId = ACCOUNT_ID;
  document.body.appendChild(element);
  await flushPromises();
  getRecordAdapter.emit(options.account ?? accountScored);
  await flushPromises();
  emitRelatedList('Health_Snapshots__r', options.snapshotData ?? snapshots);
  emitRelatedList('Deal_Promises__r', promises);
  emitRelatedList('Committed_Use_Cases__r', useCases);
  graphqlAdapter.emit(options.run ?? latestRun);
  await flushPromises();
  return element;
}

function query(element: HTMLElement, selector: string): LabelledElement | null {
  return element.shadowRoot?.querySelector<LabelledElement>(selector) ?? null;
}

/** Joins the text nodes of an element with spaces, because templates drop the whitespace. */
function textOf(node: Node | null | undefined): string {
  if (!node) {
    return '';
  }
  const parts: string[] = [];
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const value = walker.currentNode.textContent?.trim();
    if (value) {
      parts.push(value);
    }
  }
  return parts.join(' ');
}

function text(element: HTMLElement, selector: string): string {
  return textOf(query(element, selector));
}

function toggleWeights(element: HTMLElement): void {
  const toggle = byLabel(element.shadowRoot, 'lightning-button', 'c.HS_Card_ShowWeights');
  toggle?.click();
}

describe('c-account-health-card', () => {
  beforeEach(() => {
    jest.useFakeTimers({
      now: new Date('2025-06-30T18:00:00Z'),
      doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'clearTimeout', 'queueMicrotask'],
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
    it('shows the score and a badge coloured by band', async () => {
      const element = await renderCard();

      expect(text(element, '[data-id="score"] .slds-text-heading_large')).toBe('70');
      expect(text(element, '[data-id="score"] .slds-assistive-text')).toBe(
        'Health score 70 of 100',
      );
      const badge = query(element, '[data-id="score"] lightning-badge');
      expect(badge?.label).toBe('c.HS_Band_Yellow');
      expect(badge?.className).toContain('slds-theme_warning');
    });

    it('shows the layers with the weights of the latest run', async () => {
      const element = await renderCard();

      // The run's model weighs Mid-Market 60/40, not the default 55/45.
      expect(text(element, '[data-layer="product"]')).toBe(
        'c.HS_Card_ProductLayer 83.4 60% of the score',
      );
      expect(text(element, '[data-layer="dealContext"]')).toBe(
        'c.HS_Card_DealContextLayer 52.5 40% of the score',
      );
    });

    it('lists the top three drivers with points lost', async () => {
      const element = await renderCard();

      const drivers = allOf(element.shadowRoot, '[data-driver]');
      expect(drivers.map((item) => item.dataset.driver)).toEqual([
        'discount-DISCOUNT_SIGNIFICANT',
        'icp-ICP_FIT_MEDIUM',
        'champion-CHAMPION_TITLE_CHANGED',
      ]);
      const lines = drivers.map((item) => textOf(item.querySelector('.slds-assistive-text')));
      expect(lines).toEqual([
        'Discount 32% below list is significant: -6 points',
        'ICP fit rating 3 of 5 is medium: -6 points',
        'c.HS_Reason_CHAMPION_TITLE_CHANGED: -4 points',
      ]);
      expect(textOf(drivers[0].querySelector('.slds-text-color_error'))).toBe('-6 points');
    });

    it('shows the flags in plain words', async () => {
      const element = await renderCard();

      const flags = allOf(element.shadowRoot, '[data-flag]');
      expect(flags.map((item) => item.dataset.flag)).toEqual([
        'MASKED_RISK',
        'REVIEW_OVERDUE',
        'DISCOUNT_SIGNIFICANT',
        'CHAMPION_CHANGED',
        'PROMISE_OVERDUE',
      ]);
      expect(flags.map((item) => item.textContent)).toEqual([
        'c.HS_Flag_MASKED_RISK',
        'c.HS_Flag_REVIEW_OVERDUE',
        'c.HS_Flag_DISCOUNT_SIGNIFICANT',
        'c.HS_Flag_CHAMPION_CHANGED',
        'c.HS_Flag_PROMISE_OVERDUE',
      ]);
    });

    it('marks the overdue CSM review', async () => {
      const element = await renderCard();

      const due = query(element, '[data-id="review-due"] lightning-formatted-date-time');
      expect(due?.value).toBe('2025-04-09');
      expect(query(element, '[data-id="review-due"] lightning-badge')?.label).toBe(
        'c.HS_Card_ReviewOverdue',
      );
    });

    it('lists open promises and counts use cases', async () => {
      const element = await renderCard();

      expect(relatedListAdapter.getLastConfig().parentRecordId).toBe(OPPORTUNITY_ID);
      const open = allOf(element.shadowRoot, '[data-promise]');
      expect(open.map((item) => item.dataset.promise)).toEqual([
        'a02Dn000002PrAaIAK',
        'a02Dn000002PrAbIAK',
      ]);
      expect(open[0].textContent).toContain('Integration');
      expect(open[0].textContent).toContain('May 31, 2025');
      expect(open[0].querySelector('lightning-badge')).not.toBeNull();
      expect(open[1].querySelector('lightning-badge')).toBeNull();
      expect(text(element, '[data-id="use-case-counts"]')).toBe(
        'Use cases: 1 committed, 1 active, 1 not active',
      );
    });

    it('draws the trend oldest to newest', async () => {
      const element = await renderCard();

      const polyline = query(element, 'svg polyline');
      const points = (polyline?.getAttribute('points') ?? '').split(' ');
      expect(points).toHaveLength(4);
      // Scores 81, 74, 66, 70: y grows as the score falls.
      const heights = points.map((point) => Number(point.split(',')[1]));
      expect(heights[0]).toBeLessThan(heights[1]);
      expect(heights[1]).toBeLessThan(heights[2]);
      expect(heights[3]).toBeLessThan(heights[2]);
      expect(query(element, 'svg')?.getAttribute('aria-label')).toBe(
        'Score went from 81 on Jan 5, 2025 to 70 on Jun 30, 2025 over 4 changes.',
      );
    });

    it('reads the latest 30 snapshots, newest first', async () => {
      await renderCard();

      const snapshotConfig = Array.from(
        (
          getRelatedListRecords as unknown as {
            _wireInstances: Set<{ getConfig(): Record<string, unknown> }>;
          }
        )._wireInstances ?? [],
      )
        .map((instance) => instance.getConfig())
        .find((config) => config.relatedListId === 'Health_Snapshots__r');
      expect(snapshotConfig?.parentRecordId).toBe(ACCOUNT_ID);
      expect(snapshotConfig?.pageSize).toBe(30);
      expect(snapshotConfig?.sortBy).toEqual(['-Health_Snapshot__c.Scored_On__c']);
    });

    it('shows when scores were computed', async () => {
      const element = await renderCard();

      expect(query(element, '[data-id="last-computed"] lightning-formatted-date-time')?.value).toBe(
        '2025-06-30T06:14:02.000Z',
      );
      expect(query(element, '[data-id="stale"]')).toBeNull();
    });

    it('warns when scores are over two days old', async () => {
      jest.setSystemTime(new Date('2025-07-02T06:15:00Z'));
      const element = await renderCard();

      expect(text(element, '[data-id="stale"]')).toBe('c.HS_Card_Stale');
    });

    it('shows the weights in force on request', async () => {
      const element = await renderCard();
      expect(query(element, '[data-id="weights"]')).toBeNull();

      toggleWeights(element);
      await flushPromises();

      expect(text(element, '[data-id="weights"] p')).toBe(
        'Model 1:5e0d2b91, as used by the latest scoring run.',
      );
      expect(text(element, '[data-layer-weight="product"]')).toBe('60% of the score');
      expect(allOf(element.shadowRoot, '[data-signal]')).toHaveLength(12);
      expect(text(element, '[data-signal="discount"]')).toBe(
        'c.HS_Signal_discount c.HS_Card_DealContextLayer 30',
      );
    });

    it('falls back to the default weights before the first run', async () => {
      const element = await renderCard({ run: latestRunNone });
      toggleWeights(element);
      await flushPromises();

      expect(text(element, '[data-id="weights"] p')).toBe('c.HS_Card_WeightsDefault');
      expect(text(element, '[data-layer-weight="product"]')).toBe('55% of the score');
      expect(text(element, '[data-layer="product"]')).toContain('55% of the score');
      expect(text(element, '[data-id="no-run"]')).toBe('c.HS_Card_NoRun');
    });

    it('ignores a run model that is not valid', async () => {
      const run = JSON.parse(JSON.stringify(latestRun));
      run.uiapi.query.Health_Score_Run__c.edges[0].node.Model_Json__c.value = '{"version":1}';
      const element = await renderCard({ run });
      toggleWeights(element);
      await flushPromises();

      expect(text(element, '[data-id="weights"] p')).toBe('c.HS_Card_WeightsInvalid');
      expect(text(element, '[data-layer-weight="product"]')).toBe('55% of the score');
    });
  });

  describe('empty', () => {
    it('shows an empty state for an account not scored', async () => {
      const element = await renderCard({ account: accountNotScored });

      expect(text(element, '[data-id="not-scored"]')).toBe(
        'c.HS_Card_NotScoredTitle c.HS_Card_NotScoredBody',
      );
      expect(query(element, '[data-id="score"]')).toBeNull();
      expect(query(element, 'lightning-badge')).toBeNull();
    });

    it('explains a scored account without data', async () => {
      const element = await renderCard({ account: accountNoData });

      expect(text(element, '[data-id="score"]')).toBe('c.HS_Card_NoScore');
      expect(text(element, '[data-layer="product"]')).toContain('c.HS_Card_LayerMissing');
      expect(allOf(element.shadowRoot, '[data-flag]').map((item) => item.dataset.flag)).toEqual([
        'NO_DATA',
        'SEGMENT_MISSING',
      ]);
      expect(element.shadowRoot?.textContent).toContain('c.HS_Card_NoDrivers');
      expect(element.shadowRoot?.textContent).toContain('c.HS_Card_NoDealContext');
    });

    it('waits for a second snapshot to draw a trend', async () => {
      const element = await renderCard({ snapshotData: snapshotsSingle });

      expect(query(element, 'svg')).toBeNull();
      expect(element.shadowRoot?.textContent).toContain('c.HS_Card_TrendEmpty');
    });
  });

  describe('error', () => {
    it('shows an error when the account fails to load', async () => {
      const element = createElement('c-account-health-card', { is: AccountHealthCard });
      element.recordId = ACCOUNT_ID;
      document.body.appendChild(element);
      await flushPromises();
      getRecordAdapter.emitError();
      await flushPromises();

      const panel = query(element, 'c-error-panel');
      expect(panel?.friendlyMessage).toBe('c.HS_Card_LoadFailed');
      expect(JSON.stringify(panel?.errors)).toContain('The requested resource does not exist');
      expect(query(element, '[data-id="score"]')).toBeNull();
      expect(query(element, 'lightning-spinner')).toBeNull();
    });

    it('keeps the score when the run query fails', async () => {
      const element = await renderCard();
      graphqlAdapter.emitErrors?.([
        { message: 'No such column Model_Json__c on Health_Score_Run__c' },
      ]);
      await flushPromises();

      const panel = query(element, 'c-error-panel');
      expect(panel?.shadowRoot?.querySelector('li')?.textContent).toBe(
        'No such column Model_Json__c on Health_Score_Run__c',
      );
      expect(text(element, '[data-id="score"] .slds-text-heading_large')).toBe('70');
    });
  });

  describe('review', () => {
    it('opens and closes the deal-context review', async () => {
      const element = await renderCard();
      const open = byLabel(element.shadowRoot, 'lightning-button', 'c.HS_Card_OpenReview');
      expect(open?.ariaExpanded).toBe('false');

      open?.click();
      await flushPromises();
      const review = query(element, 'c-deal-context-review');
      expect(review?.recordId).toBe(ACCOUNT_ID);
      expect(open?.ariaExpanded).toBe('true');

      review?.dispatchEvent(new CustomEvent('close'));
      await flushPromises();
      expect(query(element, 'c-deal-context-review')).toBeNull();
    });

    it('closes the review from its button', async () => {
      const element = await renderCard();
      const toggle = byLabel(element.shadowRoot, 'lightning-button', 'c.HS_Card_OpenReview');

      toggle?.click();
      await flushPromises();
      toggle?.click();
      await flushPromises();

      expect(query(element, 'c-deal-context-review')).toBeNull();
      expect(toggle?.ariaExpanded).toBe('false');
    });

    it('closes the review after a save', async () => {
      const element = await renderCard();
      byLabel(element.shadowRoot, 'lightning-button', 'c.HS_Card_OpenReview')?.click();
      await flushPromises();

      query(element, 'c-deal-context-review')?.dispatchEvent(new CustomEvent('saved'));
      await flushPromises();

      expect(query(element, 'c-deal-context-review')).toBeNull();
    });
  });

  describe('accessibility', () => {
    it('passes the axe rules when scored', async () => {
      const element = await renderCard();

      await expect(element).toBeAccessible();
    });

    it('names each section by its heading', async () => {
      const element = await renderCard();

      const sections = allOf(element.shadowRoot, 'section');
      expect(sections.length).toBe(7);
      for (const section of sections) {
        const heading = query(element, `[id="${section.getAttribute('aria-labelledby')}"]`);
        expect(heading?.tagName).toBe('H3');
        expect(heading?.textContent?.trim()).toMatch(/^c\.HS_Card_/);
      }
    });

    it('describes the sparkline as an image', async () => {
      const element = await renderCard();

      const svg = query(element, 'svg');
      expect(svg?.getAttribute('role')).toBe('img');
      expect(svg?.getAttribute('aria-label')).toMatch(/^Score went from/);
    });

    it('reports the weights toggle state', async () => {
      const element = await renderCard();
      const toggle = byLabel(element.shadowRoot, 'lightning-button', 'c.HS_Card_ShowWeights');
      expect(toggle?.ariaExpanded).toBe('false');

      toggle?.click();
      await flushPromises();

      expect(toggle?.ariaExpanded).toBe('true');
      expect(toggle?.label).toBe('c.HS_Card_HideWeights');
    });

    it('announces stale scores as a status', async () => {
      jest.setSystemTime(new Date('2025-07-05T00:00:00Z'));
      const element = await renderCard();

      expect(query(element, '[data-id="stale"]')?.getAttribute('role')).toBe('status');
      expect(query(element, '[data-id="stale"] lightning-icon')?.alternativeText).toBe(
        'c.HS_Card_StaleIcon',
      );
    });

    it('heads the weights table with column headers', async () => {
      const element = await renderCard();
      toggleWeights(element);
      await flushPromises();

      const headers = allOf(element.shadowRoot, 'table th[scope="col"]');
      expect(headers.map((header) => header.textContent)).toEqual([
        'c.HS_Card_ColumnSignal',
        'c.HS_Card_ColumnLayer',
        'c.HS_Card_ColumnWeight',
      ]);
      expect(allOf(element.shadowRoot, 'table th[scope="row"]')).toHaveLength(12);
    });
  });
});
