// The Account record page of the preview, laid out as Account_Health_Record_Page: the record
// header, the deal-context review in the main column, the health card in the sidebar, and the
// account's opportunities with links to their pages.

import { LightningElement, api, wire } from 'lwc';
import { getFieldValue, getRecord } from '../../../platform/lightning/uiRecordApi/uiRecordApi.ts';
import type { RecordRepresentation } from '../../../platform/lightning/uiRecordApi/uiRecordApi.ts';
import { getRelatedListRecords } from '../../../platform/lightning/uiRelatedListApi/uiRelatedListApi.ts';
import type { RelatedListRecordCollection } from '../../../platform/lightning/uiRelatedListApi/uiRelatedListApi.ts';

interface WireValue<T> {
  data?: T;
  error?: unknown;
}

const ACCOUNT_FIELDS = ['Account.Name'];
const ACCOUNT_OPTIONAL_FIELDS = [
  'Account.Customer_Segment__c',
  'Account.Industry',
  'Account.Customer_Success_Manager__r.Name',
  'Account.Owner.Name',
];

export default class AccountPage extends LightningElement {
  @api recordId: string | undefined;

  @wire(getRecord, {
    recordId: '$recordId',
    fields: ACCOUNT_FIELDS,
    optionalFields: ACCOUNT_OPTIONAL_FIELDS,
  })
  account: WireValue<RecordRepresentation> = {};

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: 'Opportunities',
    fields: [
      'Opportunity.Name',
      'Opportunity.StageName',
      'Opportunity.CloseDate',
      'Opportunity.IsClosed',
    ],
    sortBy: ['-Opportunity.CloseDate'],
  })
  opportunities: WireValue<RelatedListRecordCollection> = {};

  field(path: string): string {
    const value = getFieldValue(this.account.data, path);
    return value === null || value === undefined ? '' : String(value);
  }

  get name(): string {
    return this.field('Account.Name');
  }

  get segment(): string {
    return this.field('Account.Customer_Segment__c');
  }

  get csm(): string {
    return this.field('Account.Customer_Success_Manager__r.Name');
  }

  get owner(): string {
    return this.field('Account.Owner.Name');
  }

  get loadError(): string {
    const error = this.account.error as { body?: { message?: string }[] } | undefined;
    return error === undefined
      ? ''
      : (error.body?.[0]?.message ?? 'The account could not be loaded.');
  }

  get opportunityRows(): object[] {
    return (this.opportunities.data?.records ?? []).map((record) => ({
      id: record.id,
      url: `/opportunity/${record.id}`,
      name: getFieldValue(record, 'Opportunity.Name'),
      stage: getFieldValue(record, 'Opportunity.StageName'),
      closeDate: record.fields.CloseDate?.displayValue ?? '',
      isOpen: getFieldValue(record, 'Opportunity.IsClosed') !== true,
    }));
  }

  get hasOpportunities(): boolean {
    return this.opportunityRows.length > 0;
  }
}
