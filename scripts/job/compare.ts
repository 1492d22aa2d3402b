// Change detection: the output values of a score, rounded to each field's scale, compared with
// what the Account stores and with the account's latest snapshot. A real org stores decimals
// beyond a field's scale without rounding them, so both sides are rounded before they are
// compared, and values are rounded before they are written.

import {
  FLAG_CODES,
  type ScoreResult,
} from '../../force-app/main/default/lwc/healthModel/healthModel.ts';
import { OUTPUT_SCALES } from './fields.ts';
import type { SObjectRow, SnapshotRow } from './read.ts';

/** Rounds half away from zero to `scale` decimals, as Salesforce shows a Number field. */
export function roundToScale(value: number, scale: number): number {
  const factor = 10 ** scale;
  // The 1e-9 keeps a float such as 74.4999999999 that stands for 74.5 from rounding down.
  return (Math.sign(value) * Math.floor(Math.abs(value) * factor + 0.5 + 1e-9)) / factor;
}

function roundField(field: string, value: number | null): number | null {
  return value === null ? null : roundToScale(value, OUTPUT_SCALES[field] ?? 0);
}

const ID_SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** Returns the 18-character form of a 15- or 18-character Salesforce Id. */
export function to18(id: string): string {
  if (id.length !== 15) {
    return id;
  }
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let position = 0; position < 5; position++) {
      const char = id.charAt(chunk * 5 + position);
      if (char >= 'A' && char <= 'Z') {
        bits |= 1 << position;
      }
    }
    suffix += ID_SUFFIX_ALPHABET.charAt(bits);
  }
  return id + suffix;
}

/** Joins flags in FLAG_CODES order as a multi-select picklist value, or null for none. */
export function flagsValue(flags: readonly string[]): string | null {
  const set = new Set(flags);
  const ordered = FLAG_CODES.filter((flag) => set.has(flag));
  const unknown = [...set]
    .filter((flag) => !(FLAG_CODES as readonly string[]).includes(flag))
    .sort();
  const all = [...ordered, ...unknown];
  return all.length > 0 ? all.join(';') : null;
}

function flagSet(value: unknown): Set<string> {
  if (typeof value !== 'string' || value === '') {
    return new Set();
  }
  return new Set(
    value
      .split(';')
      .map((flag) => flag.trim())
      .filter((flag) => flag !== ''),
  );
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((item) => b.has(item));
}

export interface AccountOutputs {
  Health_Score__c: number | null;
  Health_Band__c: string | null;
  Product_Signal_Score__c: number | null;
  Deal_Context_Score__c: number | null;
  Health_Flags__c: string | null;
  Health_Drivers__c: string | null;
  Health_Risk_Count__c: number | null;
  Health_Review_Due_On__c: string | null;
  Health_Model_Version__c: string | null;
  Deal_Context_Opportunity__c: string | null;
}

/** Returns the values the job writes onto an Account for a score, rounded to each field's scale. */
export function accountOutputs(
  result: ScoreResult,
  dealOpportunityId: string | null,
  driversJson: string,
): AccountOutputs {
  return {
    Health_Score__c: roundField('Health_Score__c', result.score),
    Health_Band__c: result.band,
    Product_Signal_Score__c: roundField('Product_Signal_Score__c', result.productSignalScore),
    Deal_Context_Score__c: roundField('Deal_Context_Score__c', result.dealContextScore),
    Health_Flags__c: flagsValue(result.flags),
    Health_Drivers__c: driversJson,
    Health_Risk_Count__c: roundField('Health_Risk_Count__c', result.riskCount),
    Health_Review_Due_On__c: result.reviewDueOn,
    Health_Model_Version__c: result.modelVersion,
    Deal_Context_Opportunity__c: dealOpportunityId === null ? null : to18(dealOpportunityId),
  };
}

function blankToNull(value: unknown): unknown {
  return value === undefined || value === '' ? null : value;
}

function sameValue(field: string, stored: unknown, next: unknown): boolean {
  const before = blankToNull(stored);
  const after = blankToNull(next);
  if (field === 'Health_Flags__c' || field === 'Flags__c') {
    return sameSet(flagSet(before), flagSet(after));
  }
  if (field in OUTPUT_SCALES) {
    const scale = OUTPUT_SCALES[field];
    const left = typeof before === 'number' ? roundToScale(before, scale) : before;
    const right = typeof after === 'number' ? roundToScale(after, scale) : after;
    return left === right;
  }
  if (
    field === 'Deal_Context_Opportunity__c' &&
    typeof before === 'string' &&
    typeof after === 'string'
  ) {
    return to18(before) === to18(after);
  }
  return before === after;
}

/** Returns the output fields whose new value differs from the stored one. */
export function changedOutputFields(stored: SObjectRow, outputs: AccountOutputs): string[] {
  return (Object.keys(outputs) as (keyof AccountOutputs)[]).filter(
    (field) => !sameValue(field, stored[field], outputs[field]),
  );
}

export interface SnapshotValues {
  Score__c: number | null;
  Band__c: string | null;
  Product_Signal_Score__c: number | null;
  Deal_Context_Score__c: number | null;
  Flags__c: string | null;
}

/** Fields compared to decide whether a score is a new point in the history. */
const SNAPSHOT_COMPARED: (keyof SnapshotValues)[] = [
  'Score__c',
  'Band__c',
  'Product_Signal_Score__c',
  'Deal_Context_Score__c',
  'Flags__c',
];

export function snapshotValues(outputs: AccountOutputs): SnapshotValues {
  return {
    Score__c: outputs.Health_Score__c,
    Band__c: outputs.Health_Band__c,
    Product_Signal_Score__c: outputs.Product_Signal_Score__c,
    Deal_Context_Score__c: outputs.Deal_Context_Score__c,
    Flags__c: outputs.Health_Flags__c,
  };
}

export type SnapshotDecision = 'first' | 'changed' | 'unchanged' | 'unscored';

/**
 * Decides whether a score needs a snapshot: the first score of an account, or a score, band,
 * layer score or flag set that differs from its latest snapshot on or before the as-of date.
 * An account without a score gets none.
 */
export function decideSnapshot(
  values: SnapshotValues,
  latest: SnapshotRow | undefined,
): SnapshotDecision {
  if (values.Score__c === null) {
    return 'unscored';
  }
  if (latest === undefined) {
    return 'first';
  }
  const same = SNAPSHOT_COMPARED.every((field) => sameValue(field, latest[field], values[field]));
  return same ? 'unchanged' : 'changed';
}

/** Snapshot_Key__c: the 18-character account Id and the as-of date. */
export function snapshotKey(accountId: string, asOf: string): string {
  return `${to18(accountId)}:${asOf}`;
}
