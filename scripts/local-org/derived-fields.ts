// Values the platform computes: audit fields, compound names, auto numbers, opportunity stage
// attributes, task status attributes, and roll-up summaries (computed when read).

import type { Schema, SObjectRecord } from './schema.ts';
import type { FieldDef, ObjectDef, RollUpSummary } from './schema-types.ts';
import { FORECAST_CATEGORIES } from './standard-objects.ts';
import type { RecordTables } from './tables.ts';
import { formatDateTime } from './values.ts';

export interface DerivationContext {
  schema: Schema;
  tables: RecordTables;
  userId: string;
  now: number;
  /** Returns the next number of an auto-number field and advances its counter. */
  nextAutoNumber(object: ObjectDef, field: FieldDef): number;
}

/** Formats an auto number with its display format, such as `DP-{0000}` or `R-{YYYY}{MM}-{0}`. */
export function formatAutoNumber(displayFormat: string, number: number, now: number): string {
  const date = new Date(now);
  return displayFormat.replace(/\{(0+|YYYY|YY|MM|DD)\}/g, (_match, token: string) => {
    switch (token) {
      case 'YYYY':
        return String(date.getUTCFullYear());
      case 'YY':
        return String(date.getUTCFullYear()).slice(2);
      case 'MM':
        return String(date.getUTCMonth() + 1).padStart(2, '0');
      case 'DD':
        return String(date.getUTCDate()).padStart(2, '0');
      default:
        return String(number).padStart(token.length, '0');
    }
  });
}

function joinName(record: SObjectRecord): string {
  return [record.FirstName, record.LastName]
    .filter((part) => typeof part === 'string' && part !== '')
    .join(' ');
}

/**
 * Sets the computed fields of a record about to be saved. `explicit` contains the fields the caller
 * sent in this save, so a probability or forecast category sent with a stage change is kept.
 */
export function applyDerivedFields(
  context: DerivationContext,
  object: ObjectDef,
  record: SObjectRecord,
  oldRecord: SObjectRecord | null,
  explicit: Set<string>,
): void {
  const timestamp = formatDateTime(context.now);
  if (oldRecord === null) {
    record.IsDeleted = false;
    record.CreatedDate = timestamp;
    record.CreatedById = context.userId;
    for (const field of object.fields) {
      if (field.autoNumber !== undefined) {
        const number = context.nextAutoNumber(object, field);
        record[field.name] = formatAutoNumber(field.autoNumber.displayFormat, number, context.now);
      }
    }
  }
  record.LastModifiedDate = timestamp;
  record.LastModifiedById = context.userId;
  record.SystemModstamp = timestamp;

  switch (object.name) {
    case 'Contact':
    case 'User':
      record.Name = joinName(record);
      break;
    case 'Opportunity':
      applyOpportunityFields(context.schema, record, oldRecord, explicit);
      break;
    case 'Task':
      applyTaskFields(context, record, oldRecord);
      break;
  }
}

function applyOpportunityFields(
  schema: Schema,
  record: SObjectRecord,
  oldRecord: SObjectRecord | null,
  explicit: Set<string>,
): void {
  const stage = schema.stages.get(record.StageName as string);
  const stageChanged = oldRecord === null || oldRecord.StageName !== record.StageName;
  record.IsClosed = stage?.isClosed ?? false;
  record.IsWon = stage?.isWon ?? false;
  if (stage !== undefined && stageChanged) {
    // A stage change resets probability and forecast category unless the caller sent them.
    if (!explicit.has('Probability')) record.Probability = stage.probability;
    if (!explicit.has('ForecastCategoryName')) {
      record.ForecastCategoryName = stage.forecastCategoryName;
    }
  }
  const category = record.ForecastCategoryName as string | null;
  record.ForecastCategory = category === null ? null : (FORECAST_CATEGORIES[category] ?? category);
  const amount = record.Amount as number | null;
  const probability = record.Probability as number | null;
  record.ExpectedRevenue =
    typeof amount === 'number' && typeof probability === 'number'
      ? (amount * probability) / 100
      : null;
  record.HasOpportunityLineItem = false;
  // Fiscal periods use the default fiscal year, which starts in January.
  const closeDate = record.CloseDate as string | null;
  if (typeof closeDate === 'string') {
    const year = Number(closeDate.slice(0, 4));
    const quarter = Math.floor((Number(closeDate.slice(5, 7)) - 1) / 3) + 1;
    record.FiscalYear = year;
    record.FiscalQuarter = quarter;
    record.Fiscal = `${year} ${quarter}`;
  }
}

function applyTaskFields(
  context: DerivationContext,
  record: SObjectRecord,
  oldRecord: SObjectRecord | null,
): void {
  const { schema, tables } = context;
  const closed = schema.closedTaskStatuses.has(record.Status as string);
  record.IsClosed = closed;
  record.IsHighPriority = schema.highTaskPriorities.has(record.Priority as string);
  if (closed && (oldRecord === null || oldRecord.IsClosed !== true)) {
    record.CompletedDateTime = formatDateTime(context.now);
  } else if (!closed) {
    record.CompletedDateTime = null;
  }
  // AccountId follows WhatId (an Account, or a record with an AccountId), else the contact's.
  let accountId: unknown = null;
  const what = typeof record.WhatId === 'string' ? tables.get(record.WhatId) : undefined;
  if (what !== undefined) {
    accountId = what.object.name === 'Account' ? what.record.Id : (what.record.AccountId ?? null);
  }
  if (accountId === null && typeof record.WhoId === 'string') {
    accountId = tables.get(record.WhoId)?.record.AccountId ?? null;
  }
  record.AccountId = accountId;
}

/** Returns whether a child record passes a roll-up summary's filter criteria. */
function passesFilters(summary: RollUpSummary, child: SObjectRecord): boolean {
  for (const filter of summary.filters) {
    const value = child[filter.field];
    const text = value === null || value === undefined ? '' : String(value).toLowerCase();
    const options = filter.value.split(',').map((option) => option.trim().toLowerCase());
    const matches = options.includes(text);
    if (filter.operation === 'equals' && !matches) return false;
    if (filter.operation === 'notEqual' && matches) return false;
    // NOTE: filter operations other than equals and notEqual are ignored.
  }
  return true;
}

/** Computes a roll-up summary field of a parent record from its current children. */
export function rollUpValue(
  schema: Schema,
  tables: RecordTables,
  field: FieldDef,
  parentId: string,
): unknown {
  const summary = field.summary as RollUpSummary;
  const child = schema.getObject(summary.childObject);
  const foreignKey = child?.fieldsByLowerName.get(summary.foreignKey.toLowerCase());
  if (child === undefined || foreignKey === undefined) return null;
  const ids = tables.childIds(child, foreignKey, parentId);
  const table = tables.table(child);
  const children: SObjectRecord[] = [];
  for (const id of ids ?? []) {
    const record = table.get(id);
    if (record !== undefined && passesFilters(summary, record)) children.push(record);
  }
  if (summary.operation === 'count') return children.length;
  const values = children
    .map((record) => record[summary.summarizedField ?? ''])
    .filter((value) => value !== null && value !== undefined);
  if (summary.operation === 'sum') {
    return values.reduce((total: number, value) => total + (value as number), 0);
  }
  if (values.length === 0) return null;
  let result = values[0] as number | string;
  for (const value of values as (number | string)[]) {
    if (summary.operation === 'min' ? value < result : value > result) result = value;
  }
  return result;
}
