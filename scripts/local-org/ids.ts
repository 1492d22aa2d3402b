// Salesforce record Ids: 15 case-sensitive characters (3-character key prefix, then the record
// part) plus a 3-character suffix that encodes the case of the first 15, giving the 18-character
// form that is safe for case-insensitive comparison.

import { createHash } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;

/** Key prefixes of the standard objects, as Salesforce assigns them. */
export const STANDARD_KEY_PREFIXES: Record<string, string> = {
  Account: '001',
  Contact: '003',
  User: '005',
  Opportunity: '006',
  Task: '00T',
  Organization: '00D',
};

/** Returns the 3-character case-safety suffix of a 15-character Id. */
export function caseSafetySuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let position = 0; position < 5; position++) {
      const char = id15.charAt(chunk * 5 + position);
      if (char >= 'A' && char <= 'Z') bits |= 1 << position;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

/** Whether the value has the shape of a 15- or 18-character Id (an 18-character one must carry its own suffix). */
export function isWellFormedId(value: string): boolean {
  if (!ID_PATTERN.test(value)) return false;
  if (value.length === 18) return caseSafetySuffix(value.slice(0, 15)) === value.slice(15);
  return true;
}

/**
 * Returns the 18-character form of a 15- or 18-character Id, or null when the value is not one.
 * An 18-character Id may arrive in another case (its suffix makes it case-insensitive), so the
 * 15-character part is restored from the suffix.
 */
export function toId18(value: string): string | null {
  if (typeof value !== 'string') return null;
  if (value.length === 15) return ID_PATTERN.test(value) ? value + caseSafetySuffix(value) : null;
  if (value.length !== 18 || !/^[a-zA-Z0-9]{18}$/.test(value)) return null;
  const suffix = value.slice(15).toUpperCase();
  let id15 = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = SUFFIX_ALPHABET.indexOf(suffix.charAt(chunk));
    if (bits < 0) return null;
    for (let position = 0; position < 5; position++) {
      const char = value.charAt(chunk * 5 + position);
      const upper = (bits & (1 << position)) !== 0;
      id15 += upper ? char.toUpperCase() : char.toLowerCase();
    }
  }
  // Digits carry no case: a suffix bit set on a digit means the value was never a real Id.
  if (caseSafetySuffix(id15) !== suffix) return null;
  return id15 + suffix;
}

/** Formats a counter as the record part of an Id: `5E0` and 9 base-62 digits. */
export function makeId(keyPrefix: string, counter: number): string {
  let digits = '';
  let rest = counter;
  for (let i = 0; i < 9; i++) {
    digits = BASE62.charAt(rest % 62) + digits;
    rest = Math.floor(rest / 62);
  }
  const id15 = `${keyPrefix}5E0${digits}`;
  return id15 + caseSafetySuffix(id15);
}

/**
 * Picks a key prefix for a custom object (`a` + 2 characters) or custom metadata type (`m` + 2)
 * from a hash of its API name, skipping prefixes already taken. Callers persist the result, so a
 * prefix never changes once records carry it.
 */
export function generateKeyPrefix(objectName: string, taken: Set<string>): string {
  const lead = objectName.toLowerCase().endsWith('__mdt') ? 'm' : 'a';
  const hash = createHash('sha256').update(objectName.toLowerCase()).digest();
  for (let attempt = 0; attempt < 62 * 62; attempt++) {
    const value = (hash.readUInt16BE(0) + attempt) % (62 * 62);
    // The second character is a digit or upper-case letter, as in real custom-object prefixes.
    const prefix = lead + BASE62.charAt(Math.floor(value / 62) % 36) + BASE62.charAt(value % 62);
    if (!taken.has(prefix)) return prefix;
  }
  throw new Error(`No free key prefix is left for ${objectName}`);
}
