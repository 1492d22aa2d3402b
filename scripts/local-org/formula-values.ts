// Field values as formulon 6.25 literals: the stored form of each field type converted to the data
// type and value that Salesforce formulas see, plus the comparison behind ISCHANGED().

import type { FieldDef } from './schema-types.ts';

/** A value substituted for an identifier when formulon evaluates a formula. */
export interface FormulaLiteral {
  type: 'literal';
  dataType: string;
  value: unknown;
  options: Record<string, unknown>;
}

/** A formulon result: a literal, or an error with its type and message. */
export interface FormulaResult {
  type: 'literal' | 'error';
  dataType?: string;
  value?: unknown;
  errorType?: string;
  message?: string;
}

export function checkboxLiteral(value: boolean): FormulaLiteral {
  return { type: 'literal', dataType: 'checkbox', value, options: {} };
}

/** Digits after the decimal point of a number as JavaScript prints it, `1e-7` included. */
function decimalPlaces(value: number): number {
  const [mantissa, exponent = '0'] = String(Math.abs(value)).split('e');
  const fraction = mantissa.split('.')[1] ?? '';
  return Math.max(0, fraction.length - Number(exponent));
}

function numberLiteral(value: number | null): FormulaLiteral {
  // formulon rounds a number to the scale it is given, and the API stores decimals beyond a
  // field's scale, so the scale is that of the value itself: 2.5 in a Number(1,0) field stays 2.5.
  return {
    type: 'literal',
    dataType: 'number',
    value,
    options: { length: 18, scale: value === null ? 0 : decimalPlaces(value) },
  };
}

/**
 * Converts a Percent value as the API stores it (25 for 25 %) to the fraction formulas see (0.25).
 * The decimal point is moved in the value's decimal text, so 0.07 becomes 0.0007 without the
 * rounding error of a division by 100.
 */
export function percentAsFraction(value: number): number {
  const [mantissa, exponent = '0'] = String(value).split('e');
  return Number(`${mantissa}e${Number(exponent) - 2}`);
}

function textLiteral(value: string | null): FormulaLiteral {
  // formulon cuts a text to the length it is given.
  return {
    type: 'literal',
    dataType: 'text',
    value,
    options: { length: Math.max(1, value?.length ?? 0) },
  };
}

/** Parses a stored date (`2026-03-01`) as formulon's dates are: midnight UTC. */
function dateValue(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day));
}

/** Parses a stored datetime (`2026-12-04T14:13:42.000+0000`). */
function dateTimeValue(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  return new Date(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

/** Parses a stored time (`14:13:42.000Z`) as formulon's times are: on 1 January 1970, UTC. */
function timeValue(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  return new Date(`1970-01-01T${value.endsWith('Z') ? value : `${value}Z`}`);
}

/** Splits a stored multi-select value (`A;B`) into its values, or an empty list when blank. */
function multiSelectValues(value: unknown): string[] {
  return typeof value === 'string' && value !== '' ? value.split(';') : [];
}

/**
 * Converts a field's stored value to the literal formulas see. A blank picklist is '', because
 * formulon's TEXT() turns a null picklist into "NULL". A blank multi-select picklist is an empty
 * list, because formulon's INCLUDES() fails on null.
 */
export function fieldLiteral(field: FieldDef, value: unknown): FormulaLiteral {
  const stored = value === undefined || value === '' ? null : value;
  switch (field.type) {
    case 'double':
    case 'int':
    case 'currency':
      return numberLiteral(typeof stored === 'number' ? stored : null);
    case 'percent':
      return numberLiteral(typeof stored === 'number' ? percentAsFraction(stored) : null);
    case 'boolean':
      return checkboxLiteral(stored === true);
    case 'date':
      return { type: 'literal', dataType: 'date', value: dateValue(stored), options: {} };
    case 'datetime':
      return { type: 'literal', dataType: 'datetime', value: dateTimeValue(stored), options: {} };
    case 'time':
      return { type: 'literal', dataType: 'time', value: timeValue(stored), options: {} };
    case 'picklist':
      return {
        type: 'literal',
        dataType: 'picklist',
        value: stored === null ? '' : String(stored),
        options: { values: field.picklistValues ?? [] },
      };
    case 'multipicklist':
      return {
        type: 'literal',
        dataType: 'multipicklist',
        value: multiSelectValues(stored),
        options: { values: field.picklistValues ?? [] },
      };
    default:
      return textLiteral(stored === null ? null : String(stored));
  }
}

/**
 * Converts a multi-select picklist value to text (`A;B`, or null when blank). formulon 6.25
 * rejects a multi-select picklist in ISBLANK() and ISNULL(), which Salesforce accepts, so the
 * field is passed to them as text.
 */
export function multiSelectAsTextLiteral(value: unknown): FormulaLiteral {
  const values = multiSelectValues(value);
  return textLiteral(values.length === 0 ? null : values.join(';'));
}

/** Returns a non-blank value of the field's type, for the startup check of each formula. */
export function sampleFieldValue(field: FieldDef): unknown {
  switch (field.type) {
    case 'double':
    case 'int':
    case 'currency':
    case 'percent':
      return 1;
    case 'boolean':
      return true;
    case 'date':
      return '2024-01-15';
    case 'datetime':
      return '2024-01-15T12:00:00.000+0000';
    case 'time':
      return '12:00:00.000Z';
    case 'picklist':
    case 'multipicklist':
      return field.picklistValues?.[0] ?? 'value';
    case 'reference':
    case 'id':
      return '001000000000001AAA';
    default:
      return 'x';
  }
}

/**
 * Returns whether ISCHANGED() is true for two stored values of one field. A text that was blank
 * and now has a value has changed, and blank is null or '' alike, as Salesforce stores both as
 * null. Multi-select values are stored in value-set order, so equal selections compare equal.
 */
export function valueChanged(before: unknown, after: unknown): boolean {
  const normalize = (value: unknown) => (value === undefined || value === '' ? null : value);
  return normalize(before) !== normalize(after);
}
