// The Opportunity record page of the preview, laid out as Opportunity_Deal_Context_Record_Page:
// the record header and the deal-context capture. The header's Capture Deal Context button opens
// the same component as a screen quick action in a modal, which CloseActionScreenEvent closes.

import { LightningElement, api, wire } from 'lwc';
import { getFieldValue, getRecord } from '../../../platform/lightning/uiRecordApi/uiRecordApi.ts';
import type { RecordRepresentation } from '../../../platform/lightning/uiRecordApi/uiRecordApi.ts';
import { CLOSE_ACTION_SCREEN_EVENT_NAME } from '../../../platform/lightning/actions/actions.ts';

interface WireValue<T> {
  data?: T;
  error?: unknown;
}

const OPPORTUNITY_FIELDS = ['Opportunity.Name'];
const OPPORTUNITY_OPTIONAL_FIELDS = [
  'Opportunity.StageName',
  'Opportunity.CloseDate',
  'Opportunity.Amount',
  'Opportunity.IsWon',
  'Opportunity.AccountId',
  'Opportunity.Account.Name',
  'Opportunity.Owner.Name',
];

export default class OpportunityPage extends LightningElement {
  @api recordId: string | undefined;

  isActionOpen = false;
  /** The quick action's recordId, set after the action's component is connected, as on the platform. */
  actionRecordId: string | undefined;

  private readonly closeListener = (event: Event) => {
    event.stopPropagation();
    this.isActionOpen = false;
    this.actionRecordId = undefined;
  };

  @wire(getRecord, {
    recordId: '$recordId',
    fields: OPPORTUNITY_FIELDS,
    optionalFields: OPPORTUNITY_OPTIONAL_FIELDS,
  })
  opportunity: WireValue<RecordRepresentation> = {};

  field(path: string): string {
    const record = this.opportunity.data;
    const value = getFieldValue(record, path);
    return value === null || value === undefined ? '' : String(value);
  }

  displayed(name: string): string {
    const field = this.opportunity.data?.fields[name];
    return (
      field?.displayValue ??
      (field?.value === null || field?.value === undefined ? '' : String(field.value))
    );
  }

  get name(): string {
    return this.field('Opportunity.Name');
  }

  get stage(): string {
    return this.field('Opportunity.StageName');
  }

  get closeDate(): string {
    return this.displayed('CloseDate');
  }

  get amount(): string {
    return this.displayed('Amount');
  }

  get accountName(): string {
    return this.field('Opportunity.Account.Name');
  }

  get accountUrl(): string {
    return `/account/${this.field('Opportunity.AccountId')}`;
  }

  get owner(): string {
    return this.field('Opportunity.Owner.Name');
  }

  get loadError(): string {
    const error = this.opportunity.error as { body?: { message?: string }[] } | undefined;
    return error === undefined
      ? ''
      : (error.body?.[0]?.message ?? 'The opportunity could not be loaded.');
  }

  connectedCallback(): void {
    this.template?.addEventListener(CLOSE_ACTION_SCREEN_EVENT_NAME, this.closeListener);
  }

  disconnectedCallback(): void {
    this.template?.removeEventListener(CLOSE_ACTION_SCREEN_EVENT_NAME, this.closeListener);
  }

  handleOpenAction(): void {
    this.isActionOpen = true;
    // A screen quick action receives recordId only after its component is connected.
    Promise.resolve().then(() => {
      this.actionRecordId = this.recordId;
    });
  }

  handleCloseAction(): void {
    this.isActionOpen = false;
    this.actionRecordId = undefined;
  }
}
