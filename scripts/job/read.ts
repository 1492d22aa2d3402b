// Reads what the job scores: accounts with their inputs and stored outputs, the won
// opportunities that can give the deal context, their use cases and promises, and the latest
// snapshot of each account on or before the as-of date. Each object is read with one query (or
// a few, for Id lists), never per account: by REST with autoFetch, or by Bulk API 2.0 for
// large orgs.

import type { Connection } from 'jsforce';
import { selectDealContextOpportunity } from '../../force-app/main/default/lwc/healthModel/healthModel.ts';
import { ApiError, toApiError, type RetryPolicy } from './api.ts';
import { bulkQuery, type BulkOptions } from './bulk.ts';
import {
  ACCOUNT_FIELDS,
  OPPORTUNITY_FIELDS,
  PROMISE_FIELDS,
  SNAPSHOT_FIELDS,
  USE_CASE_FIELDS,
  type FieldSpec,
} from './fields.ts';
import type { Logger } from './log.ts';

export type ReadMode = 'rest' | 'bulk';

export interface ReadContext {
  conn: Connection;
  log: Logger;
  mode: ReadMode;
  bulk: BulkOptions;
  retry?: RetryPolicy;
}

export type SObjectRow = Record<string, unknown>;

export interface AccountRow extends SObjectRow {
  Id: string;
  Name: string;
  OwnerId: string;
}

export interface OpportunityRow extends SObjectRow {
  Id: string;
  AccountId: string;
  OwnerId: string;
  IsWon: boolean;
  CloseDate: string;
  CreatedDate?: string;
  ICP_Fit_Rating__c: number | null;
}

export interface SnapshotRow extends SObjectRow {
  Id: string;
  Account__c: string;
  Scored_On__c: string;
  Snapshot_Key__c: string | null;
}

export interface OrgData {
  accounts: AccountRow[];
  /** The deal-context opportunity of each account that has one, by account Id. */
  dealOpportunities: Map<string, OpportunityRow>;
  useCasesByOpportunity: Map<string, SObjectRow[]>;
  promisesByOpportunity: Map<string, SObjectRow[]>;
  /** The latest snapshot on or before the as-of date, by account Id. */
  latestSnapshots: Map<string, SnapshotRow>;
}

/**
 * REST query results stop at maxFetch without an error (jsforce's default is 10,000), so the
 * job sets it far above any org it reads and checks the count it got against totalSize.
 */
export const REST_MAX_FETCH = 5_000_000;

/**
 * Ids per `IN (...)` list: 300 quoted 18-character Ids make about 8,000 URL-encoded characters,
 * within the 16,384-character URL of a REST query.
 */
export const IDS_PER_QUERY = 300;

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Formats a date for SOQL, where date literals are unquoted. */
export function soqlDate(date: string): string {
  if (!DATE_PATTERN.test(date)) {
    throw new RangeError(`Invalid date ${JSON.stringify(date)}: expected YYYY-MM-DD.`);
  }
  return date;
}

/** Quotes a string for SOQL. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function stripAttributes(record: SObjectRow): SObjectRow {
  const fields = { ...record };
  delete fields.attributes;
  return fields;
}

/** Runs a REST query with autoFetch and returns every row, or throws when the org sent fewer. */
export async function queryRest<T extends SObjectRow = SObjectRow>(
  conn: Connection,
  soql: string,
  log: Logger,
): Promise<T[]> {
  log.debug(`Query: ${soql}`);
  try {
    const result = await conn.query<SObjectRow>(soql, {
      autoFetch: true,
      maxFetch: REST_MAX_FETCH,
    });
    if (result.records.length < result.totalSize) {
      throw new ApiError(
        `The query returned ${result.records.length} of ${result.totalSize} records: ${soql}`,
        { errorCode: 'QUERY_INCOMPLETE' },
      );
    }
    return result.records.map((record) => stripAttributes(record) as T);
  } catch (error) {
    throw toApiError(error);
  }
}

/** Runs `SELECT COUNT() FROM sobject [WHERE ...]`. */
export async function countRecords(conn: Connection, sobject: string, where = ''): Promise<number> {
  const soql = `SELECT COUNT() FROM ${sobject}${where ? ` WHERE ${where}` : ''}`;
  try {
    const result = await conn.query(soql);
    return result.totalSize;
  } catch (error) {
    throw toApiError(error);
  }
}

function selectSoql(sobject: string, fields: FieldSpec[], where: string, orderBy = ''): string {
  const list = fields.map((field) => field.name).join(', ');
  return `SELECT ${list} FROM ${sobject}${where ? ` WHERE ${where}` : ''}${orderBy ? ` ORDER BY ${orderBy}` : ''}`;
}

/** Reads every row of a query by REST or by Bulk API 2.0, as the context's mode selects. */
export async function queryRecords<T extends SObjectRow = SObjectRow>(
  ctx: ReadContext,
  sobject: string,
  fields: FieldSpec[],
  where = '',
): Promise<T[]> {
  if (ctx.mode === 'bulk') {
    const soql = selectSoql(sobject, fields, where);
    return (await bulkQuery(ctx.conn, soql, fields, ctx.bulk)) as T[];
  }
  return queryRest<T>(ctx.conn, selectSoql(sobject, fields, where, 'Id'), ctx.log);
}

/** Reads the rows whose `field` is one of `ids`, a few hundred Ids per query. */
export async function queryByIds<T extends SObjectRow = SObjectRow>(
  ctx: ReadContext,
  sobject: string,
  fields: FieldSpec[],
  field: string,
  ids: string[],
  extraWhere = '',
): Promise<T[]> {
  const rows: T[] = [];
  for (let start = 0; start < ids.length; start += IDS_PER_QUERY) {
    const list = ids
      .slice(start, start + IDS_PER_QUERY)
      .map(soqlString)
      .join(', ');
    const where = `${field} IN (${list})${extraWhere ? ` AND ${extraWhere}` : ''}`;
    rows.push(...(await queryRest<T>(ctx.conn, selectSoql(sobject, fields, where, 'Id'), ctx.log)));
  }
  return rows;
}

function groupBy<T extends SObjectRow>(rows: T[], field: string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = row[field];
    if (typeof key !== 'string') {
      continue;
    }
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, [row]);
    } else {
      group.push(row);
    }
  }
  return groups;
}

/** Orders rows by Id in code-unit order, the order SOQL's ORDER BY Id gives. */
export function byId(a: SObjectRow, b: SObjectRow): number {
  return compareText(String(a.Id), String(b.Id));
}

export function compareText(left: string, right: string): number {
  if (left < right) {
    return -1;
  }
  return left > right ? 1 : 0;
}

/**
 * Reads the children of the selected opportunities. By REST it queries those opportunities'
 * children only. By Bulk API, which has no room for long Id lists, it reads the whole object and
 * keeps the children of the selected opportunities.
 */
async function readChildren(
  ctx: ReadContext,
  sobject: string,
  fields: FieldSpec[],
  opportunityIds: string[],
): Promise<Map<string, SObjectRow[]>> {
  if (opportunityIds.length === 0) {
    return new Map();
  }
  const rows =
    ctx.mode === 'bulk'
      ? await queryRecords(ctx, sobject, fields)
      : await queryByIds(ctx, sobject, fields, 'Opportunity__c', opportunityIds);
  const selectedIds = new Set(opportunityIds);
  const groups = groupBy(
    rows.filter((row) => selectedIds.has(String(row.Opportunity__c))),
    'Opportunity__c',
  );
  for (const group of groups.values()) {
    group.sort(byId);
  }
  return groups;
}

/** Reads everything the job needs to score every account as of `asOf`. */
export async function readOrgData(ctx: ReadContext, asOf: string): Promise<OrgData> {
  const { log } = ctx;
  const date = soqlDate(asOf);

  const accounts = await queryRecords<AccountRow>(ctx, 'Account', ACCOUNT_FIELDS);
  accounts.sort(byId);
  log.debug(`Read ${accounts.length} accounts`);

  // A rating that is not null but invalid still selects the opportunity, so the filter is on
  // null only. The engine then treats an invalid rating as missing.
  const opportunities = await queryRecords<OpportunityRow>(
    ctx,
    'Opportunity',
    OPPORTUNITY_FIELDS,
    `IsWon = true AND ICP_Fit_Rating__c != null AND CloseDate <= ${date} AND AccountId != null`,
  );
  log.debug(`Read ${opportunities.length} won opportunities with an ICP fit rating`);
  const dealOpportunities = new Map<string, OpportunityRow>();
  for (const [accountId, candidates] of groupBy(opportunities, 'AccountId')) {
    const selected = selectDealContextOpportunity(candidates, asOf);
    if (selected !== null) {
      dealOpportunities.set(accountId, selected);
    }
  }

  const opportunityIds = [...dealOpportunities.values()]
    .map((opportunity) => opportunity.Id)
    .sort();
  const useCasesByOpportunity = await readChildren(
    ctx,
    'Committed_Use_Case__c',
    USE_CASE_FIELDS,
    opportunityIds,
  );
  const promisesByOpportunity = await readChildren(
    ctx,
    'Deal_Promise__c',
    PROMISE_FIELDS,
    opportunityIds,
  );

  // NOTE: this reads every snapshot on or before the as-of date to find each account's latest,
  // so its cost grows with the history. The history contains change points only, which keeps it
  // far smaller than one row per account per day.
  const snapshots = await queryRecords<SnapshotRow>(
    ctx,
    'Health_Snapshot__c',
    SNAPSHOT_FIELDS,
    `Scored_On__c <= ${date}`,
  );
  const latestSnapshots = new Map<string, SnapshotRow>();
  for (const snapshot of snapshots) {
    const current = latestSnapshots.get(snapshot.Account__c);
    if (current === undefined || snapshot.Scored_On__c > current.Scored_On__c) {
      latestSnapshots.set(snapshot.Account__c, snapshot);
    }
  }
  log.debug(`Read ${snapshots.length} snapshots on or before ${asOf}`);

  return {
    accounts,
    dealOpportunities,
    useCasesByOpportunity,
    promisesByOpportunity,
    latestSnapshots,
  };
}
