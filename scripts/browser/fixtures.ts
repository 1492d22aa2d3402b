// Records the browser tests work on, inserted through jsforce as the local org's admin: scored
// customers for the health card and the CSM review, and open opportunities for the AE's capture.

import type { Connection } from 'jsforce';
import type { LocalOrgServer } from '../local-org/index.ts';

/** Returns the date `days` days from today (UTC) as YYYY-MM-DD; negative days are in the past. */
export function daysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export async function insert(
  conn: Connection,
  type: string,
  record: Record<string, unknown>,
): Promise<string> {
  const result = await conn.sobject(type).create(record);
  if (!result.success) {
    throw new Error(`Inserting a ${type} failed: ${JSON.stringify(result.errors)}`);
  }
  return result.id;
}

export interface ScoredCustomer {
  accountId: string;
  opportunityId: string;
  championId: string;
  useCaseIds: string[];
  promiseId: string;
}

/**
 * Inserts a Mid-Market customer with strong product signals, won 150 days ago on a risky deal: a
 * 32 % discount, ICP fit 2, a displacement still in its first year, two use cases not reviewed yet
 * and an overdue promise. The card then shows drivers from both layers and several flags.
 */
export async function insertScoredCustomer(
  conn: Connection,
  localOrg: LocalOrgServer,
  name: string,
): Promise<ScoredCustomer> {
  const accountId = await insert(conn, 'Account', {
    Name: name,
    Customer_Segment__c: 'Mid-Market',
    Customer_Success_Manager__c: localOrg.users.csm.Id,
    Active_User_Ratio__c: 64,
    Seats_Purchased__c: 200,
    Seats_Active__c: 176,
    Support_Tickets_90d__c: 6,
    NPS__c: 42,
    Billing_Status__c: 'Current',
    Login_Days_30d__c: 19,
  });
  const championId = await insert(conn, 'Contact', {
    AccountId: accountId,
    FirstName: 'Dana',
    LastName: 'Whitfield',
    Title: 'VP Customer Operations',
  });
  const opportunityId = await insert(conn, 'Opportunity', {
    AccountId: accountId,
    Name: `${name} - New Business`,
    StageName: 'Closed Won',
    CloseDate: daysFromToday(-150),
    Amount: 240000,
    OwnerId: localOrg.users.ae.Id,
    Discount_Depth__c: 32,
    ICP_Fit_Rating__c: 2,
    Champion__c: championId,
    Champion_Title_At_Close__c: 'VP Customer Operations',
    Champion_Seniority__c: 'VP',
    Competitive_Displacement__c: true,
    Displaced_Vendor__c: 'Gainsight',
  });
  const useCaseIds = [
    await insert(conn, 'Committed_Use_Case__c', {
      Opportunity__c: opportunityId,
      Name: 'Renewal forecasting',
      Description__c: 'Forecast renewals from usage and support trends.',
      Status__c: 'Committed',
    }),
    await insert(conn, 'Committed_Use_Case__c', {
      Opportunity__c: opportunityId,
      Name: 'Executive QBR packs',
      Status__c: 'Committed',
    }),
  ];
  const promiseId = await insert(conn, 'Deal_Promise__c', {
    Opportunity__c: opportunityId,
    Type__c: 'Integration',
    Description__c: 'Two-way sync with the customer data warehouse.',
    Due_On__c: daysFromToday(-10),
    Status__c: 'Open',
  });
  return { accountId, opportunityId, championId, useCaseIds, promiseId };
}

export interface OpenDeal {
  accountId: string;
  opportunityId: string;
  contactId: string;
  contactName: string;
  contactTitle: string;
}

/** Inserts a prospect with one contact and an open opportunity owned by the AE, closing in two weeks. */
export async function insertOpenDeal(
  conn: Connection,
  localOrg: LocalOrgServer,
  name: string,
): Promise<OpenDeal> {
  const accountId = await insert(conn, 'Account', {
    Name: name,
    Customer_Segment__c: 'Enterprise',
  });
  const contactTitle = 'Director of Logistics';
  const contactId = await insert(conn, 'Contact', {
    AccountId: accountId,
    FirstName: 'Jordan',
    LastName: `Lee ${name.split(' ')[0]}`,
    Title: contactTitle,
  });
  const opportunityId = await insert(conn, 'Opportunity', {
    AccountId: accountId,
    Name: `${name} - New Business`,
    StageName: 'Prospecting',
    CloseDate: daysFromToday(14),
    Amount: 90000,
    OwnerId: localOrg.users.ae.Id,
  });
  return {
    accountId,
    opportunityId,
    contactId,
    contactName: `Jordan Lee ${name.split(' ')[0]}`,
    contactTitle,
  };
}
