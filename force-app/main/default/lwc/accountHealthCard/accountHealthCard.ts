import { LightningElement, api, wire } from 'lwc';
import { getFieldValue, getRecord } from 'lightning/uiRecordApi';
import type { FieldId, RecordRepresentation, WireResult } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import type { RelatedListRecordCollection } from 'lightning/uiRelatedListApi';
import { gql, graphql } from 'lightning/graphql';
import type { GraphQLResult } from 'lightning/graphql';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import type { Layer, SignalName } from 'c/healthModel';
import { bandBadgeClass, bandLabel, flagLabel, formatLabel, todayIn } from 'c/ldsUtils';
import HEALTH_SCORE_FIELD from '@salesforce/schema/Account.Health_Score__c';
import HEALTH_BAND_FIELD from '@salesforce/schema/Account.Health_Band__c';
import PRODUCT_SIGNAL_SCORE_FIELD from '@salesforce/schema/Account.Product_Signal_Score__c';
import DEAL_CONTEXT_SCORE_FIELD from '@salesforce/schema/Account.Deal_Context_Score__c';
import HEALTH_FLAGS_FIELD from '@salesforce/schema/Account.Health_Flags__c';
import HEALTH_DRIVERS_FIELD from '@salesforce/schema/Account.Health_Drivers__c';
import HEALTH_RISK_COUNT_FIELD from '@salesforce/schema/Account.Health_Risk_Count__c';
import HEALTH_REVIEW_DUE_ON_FIELD from '@salesforce/schema/Account.Health_Review_Due_On__c';
import HEALTH_MODEL_VERSION_FIELD from '@salesforce/schema/Account.Health_Model_Version__c';
import DEAL_OPPORTUNITY_FIELD from '@salesforce/schema/Account.Deal_Context_Opportunity__c';
import CUSTOMER_SEGMENT_FIELD from '@salesforce/schema/Account.Customer_Segment__c';
import SNAPSHOT_SCORED_ON_FIELD from '@salesforce/schema/Health_Snapshot__c.Scored_On__c';
import SNAPSHOT_SCORE_FIELD from '@salesforce/schema/Health_Snapshot__c.Score__c';
import PROMISE_NAME_FIELD from '@salesforce/schema/Deal_Promise__c.Name';
import PROMISE_TYPE_FIELD from '@salesforce/schema/Deal_Promise__c.Type__c';
import PROMISE_DUE_ON_FIELD from '@salesforce/schema/Deal_Promise__c.Due_On__c';
import PROMISE_STATUS_FIELD from '@salesforce/schema/Deal_Promise__c.Status__c';
import USE_CASE_STATUS_FIELD from '@salesforce/schema/Committed_Use_Case__c.Status__c';
import { LABELS, SIGNAL_LABELS } from './labels';
import { driverReason } from './driverText';
import {
  SPARKLINE_VIEW_BOX,
  STALE_AFTER_MS,
  formatDate,
  formatPoints,
  formatScore,
  layerShares,
  modelInForce,
  parseDrivers,
  segmentOf,
  signalWeights,
  sparklinePoints,
  topDrivers,
  trendOf,
} from './healthCardView';

const ACCOUNT_FIELDS = [
  HEALTH_SCORE_FIELD,
  HEALTH_BAND_FIELD,
  PRODUCT_SIGNAL_SCORE_FIELD,
  DEAL_CONTEXT_SCORE_FIELD,
  HEALTH_FLAGS_FIELD,
  HEALTH_DRIVERS_FIELD,
  HEALTH_RISK_COUNT_FIELD,
  HEALTH_REVIEW_DUE_ON_FIELD,
  HEALTH_MODEL_VERSION_FIELD,
  DEAL_OPPORTUNITY_FIELD,
  CUSTOMER_SEGMENT_FIELD,
];

function qualifiedNames(fields: FieldId[]): string[] {
  return fields.map((field) => `${field.objectApiName}.${field.fieldApiName}`);
}

/** Snapshots the trend reads: the latest 30 change points. */
const SNAPSHOT_PAGE_SIZE = 30;
/** Page size of the children's related lists, far above the few a deal carries. */
const CHILD_PAGE_SIZE = 50;

const OPEN_PROMISE_STATUS = 'Open';
const USE_CASE_STATUSES = { committed: 'Committed', active: 'Active', notActive: 'Not Active' };

/**
 * The latest run that finished with scores. Partially Succeeded runs wrote most accounts, so
 * they count for freshness too.
 */
const LATEST_RUN_QUERY = gql`
  query latestHealthScoreRun {
    uiapi {
      query {
        Health_Score_Run__c(
          where: { Status__c: { in: ["Succeeded", "Partially Succeeded"] } }
          orderBy: { Finished_At__c: { order: DESC, nulls: LAST } }
          first: 1
        ) {
          edges {
            node {
              Id
              Status__c {
                value
              }
              As_Of__c {
                value
              }
              Finished_At__c {
                value
              }
              Model_Version__c {
                value
              }
              Model_Json__c {
                value
              }
            }
          }
        }
      }
    }
  }
`;

interface FieldValue<T> {
  value: T | null;
}

interface LatestRunData {
  uiapi: {
    query: {
      Health_Score_Run__c: {
        edges: {
          node: {
            Id: string;
            Status__c: FieldValue<string>;
            As_Of__c: FieldValue<string>;
            Finished_At__c: FieldValue<string>;
            Model_Version__c: FieldValue<string>;
            Model_Json__c: FieldValue<string>;
          };
        }[];
      };
    };
  };
}

interface LatestRun {
  id: string;
  finishedAt: string | null;
  modelVersion: string | null;
  modelJson: string | null;
}

function stringField(record: RecordRepresentation, field: FieldId): string | null {
  const value = record.fields[field.fieldApiName]?.value;
  return typeof value === 'string' && value !== '' ? value : null;
}

function numberField(record: RecordRepresentation | undefined, field: FieldId): number | null {
  const value = getFieldValue(record, field);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Customer health card on the Account page. It shows the score and band that the scoring job
 * wrote, the two layers with their weights, the top drivers and the flags. It also shows the deal
 * context's open promises and use cases, the score trend, the weights in force and how fresh the
 * scores are, and opens the deal-context review in place.
 */
export default class AccountHealthCard extends LightningElement {
  /** Account Id. */
  @api recordId: string | undefined;

  labels = LABELS;
  sparklineViewBox = SPARKLINE_VIEW_BOX;
  today = todayIn(TIME_ZONE);

  account: RecordRepresentation | undefined;
  dealOpportunityId: string | undefined;
  snapshots: RecordRepresentation[] = [];
  promiseRecords: RecordRepresentation[] = [];
  useCaseRecords: RecordRepresentation[] = [];
  /** Undefined until the query returns, null when no run has finished with scores. */
  latestRun: LatestRun | null | undefined;

  loadErrors: Record<string, unknown> = {};
  isReviewOpen = false;
  showWeights = false;

  @wire(getRecord, { recordId: '$recordId', fields: ACCOUNT_FIELDS })
  wiredAccount({ data, error }: WireResult<RecordRepresentation>): void {
    this.setLoadError('account', error);
    if (data) {
      this.account = data;
      this.dealOpportunityId = stringField(data, DEAL_OPPORTUNITY_FIELD) ?? undefined;
    }
  }

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: 'Health_Snapshots__r',
    fields: qualifiedNames([SNAPSHOT_SCORED_ON_FIELD, SNAPSHOT_SCORE_FIELD]),
    // NOTE: the `-` prefix for descending order is documented for list views and assumed for
    // related lists; trendOf sorts the page again, so only which 30 snapshots arrive depends on it.
    sortBy: ['-Health_Snapshot__c.Scored_On__c'],
    pageSize: SNAPSHOT_PAGE_SIZE,
  })
  wiredSnapshots({ data, error }: WireResult<RelatedListRecordCollection>): void {
    this.setLoadError('snapshots', error);
    if (data) {
      this.snapshots = data.records;
    }
  }

  @wire(getRelatedListRecords, {
    parentRecordId: '$dealOpportunityId',
    relatedListId: 'Deal_Promises__r',
    fields: qualifiedNames([
      PROMISE_NAME_FIELD,
      PROMISE_TYPE_FIELD,
      PROMISE_DUE_ON_FIELD,
      PROMISE_STATUS_FIELD,
    ]),
    sortBy: ['Deal_Promise__c.Due_On__c'],
    pageSize: CHILD_PAGE_SIZE,
  })
  wiredPromises({ data, error }: WireResult<RelatedListRecordCollection>): void {
    this.setLoadError('promises', error);
    if (data) {
      this.promiseRecords = data.records;
    }
  }

  @wire(getRelatedListRecords, {
    parentRecordId: '$dealOpportunityId',
    relatedListId: 'Committed_Use_Cases__r',
    fields: qualifiedNames([USE_CASE_STATUS_FIELD]),
    pageSize: CHILD_PAGE_SIZE,
  })
  wiredUseCases({ data, error }: WireResult<RelatedListRecordCollection>): void {
    this.setLoadError('useCases', error);
    if (data) {
      this.useCaseRecords = data.records;
    }
  }

  @wire(graphql, { query: LATEST_RUN_QUERY })
  wiredLatestRun({ data, errors }: GraphQLResult<unknown>): void {
    this.setLoadError('latestRun', errors && errors.length > 0 ? errors : undefined);
    if (data) {
      const result = data as LatestRunData;
      const node = result.uiapi.query.Health_Score_Run__c.edges[0]?.node;
      this.latestRun = node
        ? {
            id: node.Id,
            finishedAt: node.Finished_At__c.value,
            modelVersion: node.Model_Version__c.value,
            modelJson: node.Model_Json__c.value,
          }
        : null;
    }
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

  // ---- state ----

  get loadErrorList(): unknown[] {
    return Object.values(this.loadErrors);
  }

  get hasLoadErrors(): boolean {
    return this.loadErrorList.length > 0;
  }

  get isLoading(): boolean {
    return this.account === undefined && !this.hasLoadErrors;
  }

  get isReady(): boolean {
    return this.account !== undefined;
  }

  /** An account is scored once the job has written its model version, with or without a score. */
  get isScored(): boolean {
    const version = getFieldValue(this.account, HEALTH_MODEL_VERSION_FIELD);
    return typeof version === 'string' && version !== '';
  }

  // ---- score ----

  get score(): number | null {
    return numberField(this.account, HEALTH_SCORE_FIELD);
  }

  get hasScore(): boolean {
    return this.score !== null;
  }

  get scoreText(): string {
    return formatLabel(LABELS.scoreOutOf, this.score ?? '');
  }

  get band(): string {
    const band = getFieldValue(this.account, HEALTH_BAND_FIELD);
    return typeof band === 'string' ? band : '';
  }

  get bandText(): string {
    return bandLabel(this.band);
  }

  get badgeClass(): string {
    return bandBadgeClass(this.band);
  }

  get flagCodes(): string[] {
    const flags = getFieldValue(this.account, HEALTH_FLAGS_FIELD);
    return typeof flags === 'string' && flags !== '' ? flags.split(';') : [];
  }

  get flags(): { code: string; label: string }[] {
    return this.flagCodes.map((code) => ({ code, label: flagLabel(code) }));
  }

  get hasFlags(): boolean {
    return this.flagCodes.length > 0;
  }

  get riskCountText(): string {
    return formatLabel(LABELS.riskCount, numberField(this.account, HEALTH_RISK_COUNT_FIELD) ?? 0);
  }

  get reviewDueOn(): string | null {
    const due = getFieldValue(this.account, HEALTH_REVIEW_DUE_ON_FIELD);
    return typeof due === 'string' ? due : null;
  }

  get reviewOverdue(): boolean {
    return this.flagCodes.includes('REVIEW_OVERDUE');
  }

  // ---- layers and drivers ----

  get modelInForce(): ReturnType<typeof modelInForce> {
    return modelInForce(this.latestRun?.modelJson ?? null);
  }

  get segment(): ReturnType<typeof segmentOf> {
    return segmentOf(getFieldValue(this.account, CUSTOMER_SEGMENT_FIELD));
  }

  get layers(): object[] {
    const product = numberField(this.account, PRODUCT_SIGNAL_SCORE_FIELD);
    const dealContext = numberField(this.account, DEAL_CONTEXT_SCORE_FIELD);
    const shares = layerShares(this.modelInForce.model, this.segment);
    const bothPresent = product !== null && dealContext !== null;
    const layer = (key: Layer, label: string, score: number | null) => ({
      key,
      label,
      scoreText: score === null ? LABELS.layerMissing : formatScore(score),
      isMissing: score === null,
      // A layer alone carries the whole score.
      weightText: formatLabel(LABELS.layerWeight, formatScore(bothPresent ? shares[key] : 100)),
    });
    return [
      layer('product', LABELS.productLayer, product),
      layer('dealContext', LABELS.dealContextLayer, dealContext),
    ];
  }

  get drivers(): object[] {
    const drivers = parseDrivers(getFieldValue(this.account, HEALTH_DRIVERS_FIELD)) ?? [];
    return topDrivers(drivers).map((driver) => {
      const signalLabel = SIGNAL_LABELS[driver.signal as SignalName] ?? driver.signal;
      const reason = driverReason(signalLabel, driver.reason, driver.values);
      const pointsText = formatLabel(LABELS.pointsLost, formatPoints(driver.pointsLost));
      return {
        key: `${driver.signal}-${driver.reason}`,
        text: reason,
        pointsText,
        // One sentence for screen readers, such as "Discount 35% below list is significant: -9 points".
        line: formatLabel(LABELS.driverLine, reason, pointsText),
      };
    });
  }

  get hasDrivers(): boolean {
    return this.drivers.length > 0;
  }

  // ---- deal context ----

  get hasDealOpportunity(): boolean {
    return this.dealOpportunityId !== undefined;
  }

  get openPromises(): object[] {
    return this.promiseRecords
      .filter((record) => stringField(record, PROMISE_STATUS_FIELD) === OPEN_PROMISE_STATUS)
      .map((record) => {
        const dueOn = stringField(record, PROMISE_DUE_ON_FIELD);
        return {
          id: record.id,
          name: stringField(record, PROMISE_NAME_FIELD),
          type: stringField(record, PROMISE_TYPE_FIELD),
          dueText: dueOn === null ? LABELS.promiseNoDueDate : formatDate(dueOn),
          // Overdue as the engine counts it: due strictly before today.
          isOverdue: dueOn !== null && dueOn < this.today,
        };
      });
  }

  get hasOpenPromises(): boolean {
    return this.openPromises.length > 0;
  }

  get useCaseCountsText(): string {
    const count = (status: string) =>
      this.useCaseRecords.filter((record) => stringField(record, USE_CASE_STATUS_FIELD) === status)
        .length;
    return formatLabel(
      LABELS.useCaseCounts,
      count(USE_CASE_STATUSES.committed),
      count(USE_CASE_STATUSES.active),
      count(USE_CASE_STATUSES.notActive),
    );
  }

  // ---- trend ----

  get trend(): { points: string; summary: string } | null {
    const points = trendOf(
      this.snapshots.map((record) => ({
        date: stringField(record, SNAPSHOT_SCORED_ON_FIELD) ?? '',
        score: numberField(record, SNAPSHOT_SCORE_FIELD) ?? Number.NaN,
      })),
    );
    if (points === null) {
      return null;
    }
    const first = points[0];
    const last = points[points.length - 1];
    return {
      points: sparklinePoints(points),
      summary: formatLabel(
        LABELS.trendSummary,
        first.score,
        formatDate(first.date),
        last.score,
        formatDate(last.date),
        points.length,
      ),
    };
  }

  // ---- freshness and weights ----

  get lastComputed(): string | null {
    return this.latestRun?.finishedAt ?? null;
  }

  get hasRun(): boolean {
    return this.latestRun !== undefined;
  }

  get isStale(): boolean {
    const finished = this.lastComputed === null ? Number.NaN : Date.parse(this.lastComputed);
    return Number.isFinite(finished) && Date.now() - finished > STALE_AFTER_MS;
  }

  get weightsSourceText(): string {
    const source = this.modelInForce.source;
    if (source === 'run') {
      return formatLabel(LABELS.weightsFromRun, this.latestRun?.modelVersion ?? '');
    }
    return source === 'invalid' ? LABELS.weightsInvalid : LABELS.weightsDefault;
  }

  get weightsSegmentText(): string {
    return formatLabel(LABELS.weightsSegment, this.segment);
  }

  get layerWeights(): object[] {
    const shares = layerShares(this.modelInForce.model, this.segment);
    const row = (key: Layer, label: string) => ({
      key,
      labelKey: `${key}-label`,
      valueKey: `${key}-value`,
      label,
      weightText: formatLabel(LABELS.layerWeight, formatScore(shares[key])),
    });
    return [row('product', LABELS.productLayer), row('dealContext', LABELS.dealContextLayer)];
  }

  get signalWeightRows(): object[] {
    return signalWeights(this.modelInForce.model).map((row) => ({
      key: row.signal,
      label: SIGNAL_LABELS[row.signal],
      layerLabel: row.layer === 'product' ? LABELS.productLayer : LABELS.dealContextLayer,
      weightText: formatScore(row.weight),
    }));
  }

  get weightsToggleLabel(): string {
    return this.showWeights ? LABELS.hideWeights : LABELS.showWeights;
  }

  get weightsExpanded(): string {
    return String(this.showWeights);
  }

  get reviewExpanded(): string {
    return String(this.isReviewOpen);
  }

  // ---- handlers ----

  handleToggleWeights(): void {
    this.showWeights = !this.showWeights;
  }

  handleToggleReview(): void {
    this.isReviewOpen = !this.isReviewOpen;
  }

  handleReviewClose(): void {
    this.isReviewOpen = false;
  }

  handleReviewSaved(): void {
    this.isReviewOpen = false;
  }
}
