// Local implementation of `lightning/uiRelatedListApi`: the getRelatedListRecords wire adapter,
// which reads with SOQL over the child relationship that the related list names.

import { objectApiNameOfId, objectInfo } from '../../lds/describe.ts';
import { invalidInput } from '../../lds/errors.ts';
import {
  readRecords,
  relativePaths,
  resolvePaths,
  type RecordRepresentation,
} from '../../lds/records.ts';
import { platformConfig, queryCount, soqlString } from '../../lds/rest.ts';
import { LdsWireAdapter, hasValues, type RecordChange } from '../../lds/wire.ts';

/** Records per page when the caller names no pageSize, and the most one page may hold (UI API). */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1999;

export interface GetRelatedListRecordsConfig {
  parentRecordId?: string;
  /** A child relationship name, such as Contacts or Deal_Promises__r. */
  relatedListId?: string;
  fields?: string[];
  optionalFields?: string[];
  /** One field, `Object.Field`, with a leading `-` for descending order. */
  sortBy?: string[];
  pageSize?: number;
  /** Offset of the page, as returned in nextPageToken. */
  pageToken?: string;
  where?: string;
}

export interface RelatedListRecordCollection {
  count: number;
  currentPageToken: string;
  currentPageUrl: string;
  fields: string[];
  listReference: {
    inContextOfRecordId: string;
    parentObjectApiName: string;
    recordTypeId: null;
    relatedListId: string;
  };
  nextPageToken: string | null;
  nextPageUrl: string | null;
  optionalFields: string[];
  pageSize: number;
  previousPageToken: string | null;
  previousPageUrl: string | null;
  records: RecordRepresentation[];
  sortBy: string[];
}

interface ResolvedList {
  childApiName: string;
}

/** Child object of each related list seen, so that record changes can be matched to lists. */
const childObjects = new Map<string, ResolvedList>();

function listKey(config: GetRelatedListRecordsConfig): string {
  return `${config.parentRecordId}/${config.relatedListId}`;
}

function pageSizeOf(config: GetRelatedListRecordsConfig): number {
  const pageSize = config.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw invalidInput(
      `pageSize ${String(config.pageSize)} is invalid: pass a pageSize from 1 to ${MAX_PAGE_SIZE}.`,
    );
  }
  return pageSize;
}

function offsetOf(config: GetRelatedListRecordsConfig): number {
  if (config.pageToken === undefined || config.pageToken === null) return 0;
  const offset = Number(config.pageToken);
  if (!Number.isInteger(offset) || offset < 0) {
    throw invalidInput(
      `pageToken ${config.pageToken} is invalid: pass a nextPageToken returned earlier.`,
    );
  }
  return offset;
}

async function fetchRelatedList(
  config: GetRelatedListRecordsConfig,
): Promise<RelatedListRecordCollection> {
  const parentRecordId = config.parentRecordId as string;
  const relatedListId = config.relatedListId as string;
  if (config.where !== undefined) {
    // NOTE: the UI API's `where` takes a GraphQL filter; no component here uses it.
    throw invalidInput('getRelatedListRecords: the local platform does not support `where`.');
  }
  const pageSize = pageSizeOf(config);
  const offset = offsetOf(config);
  const parentInfo = await objectInfo(await objectApiNameOfId(parentRecordId));
  const relationship = parentInfo.childRelationship(relatedListId);
  if (relationship === undefined) {
    throw invalidInput(
      `${relatedListId} is not a related list of ${parentInfo.describe.name}: use a child ` +
        'relationship name, such as Contacts or Deal_Promises__r.',
    );
  }
  const childInfo = await objectInfo(relationship.childSObject);
  const childApiName = childInfo.describe.name;
  childObjects.set(listKey(config), { childApiName });

  const fields = config.fields ?? [];
  const optionalFields = config.optionalFields ?? [];
  const paths = await resolvePaths(
    childInfo,
    relativePaths(childApiName, fields),
    relativePaths(childApiName, optionalFields),
  );
  const sortBy = config.sortBy ?? [];
  if (sortBy.length > 1) {
    throw invalidInput('getRelatedListRecords sorts by one field: pass sortBy with one entry.');
  }
  let orderBy = 'Id';
  if (sortBy.length === 1) {
    const descending = sortBy[0].startsWith('-');
    const [sortPath] = relativePaths(childApiName, [descending ? sortBy[0].slice(1) : sortBy[0]]);
    const [sortField] = await resolvePaths(childInfo, [sortPath], []);
    // Id breaks ties, so that pages do not overlap.
    orderBy = `${sortField.path} ${descending ? 'DESC' : 'ASC'}, Id`;
  }
  const where = `${relationship.field} = ${soqlString(parentRecordId)}`;
  const total = await queryCount(`SELECT COUNT() FROM ${childApiName} WHERE ${where}`);
  const records = await readRecords({
    info: childInfo,
    paths,
    where,
    orderBy,
    limit: pageSize,
    offset,
  });
  // The UI API resource these pages would come from; the local org serves no ui-api paths.
  const base = `/services/data/v${platformConfig().apiVersion}/ui-api/related-list-records/${parentRecordId}/${relatedListId}`;
  const nextOffset = offset + records.length < total ? offset + pageSize : null;
  const previousOffset = offset > 0 ? Math.max(0, offset - pageSize) : null;
  return {
    count: records.length,
    currentPageToken: String(offset),
    currentPageUrl: `${base}?pageToken=${offset}`,
    fields,
    listReference: {
      inContextOfRecordId: parentRecordId,
      parentObjectApiName: parentInfo.describe.name,
      recordTypeId: null,
      relatedListId,
    },
    nextPageToken: nextOffset === null ? null : String(nextOffset),
    nextPageUrl: nextOffset === null ? null : `${base}?pageToken=${nextOffset}`,
    optionalFields,
    pageSize,
    previousPageToken: previousOffset === null ? null : String(previousOffset),
    previousPageUrl: previousOffset === null ? null : `${base}?pageToken=${previousOffset}`,
    records,
    sortBy,
  };
}

/** Wire adapter: `@wire(getRelatedListRecords, { parentRecordId, relatedListId, fields... })`. */
export class getRelatedListRecords extends LdsWireAdapter<
  GetRelatedListRecordsConfig,
  RelatedListRecordCollection
> {
  protected isReady(config: GetRelatedListRecordsConfig): boolean {
    return hasValues(config, ['parentRecordId', 'relatedListId']);
  }

  protected fetch(config: GetRelatedListRecordsConfig): Promise<RelatedListRecordCollection> {
    return fetchRelatedList(config);
  }

  /** Refreshes the list when its parent, or any record of its child object, changes. */
  protected isAffectedBy(config: GetRelatedListRecordsConfig, change: RecordChange): boolean {
    if (change.ids.includes(config.parentRecordId as string)) return true;
    const list = childObjects.get(listKey(config));
    return list !== undefined && change.apiNames.includes(list.childApiName);
  }
}
