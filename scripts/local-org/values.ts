// Conversion and checking of field values: from JSON request bodies and CSV cells into the stored
// form, with the error codes and messages a real org returns for values it cannot store.

import { isWellFormedId, toId18 } from './ids.ts';
import type { FieldDef } from './schema-types.ts';

export interface SaveError {
  statusCode: string;
  message: string;
  fields: string[];
}

export function saveError(statusCode: string, message: string, fields: string[] = []): SaveError {
  return { statusCode, message, fields };
}

/** A SaveError raised as an exception, so that it can cross several calls. */
export class SaveErrorException extends Error {
  readonly saveError: SaveError;
  readonly statusCode: string;
  readonly fields: string[];
  constructor(error: SaveError) {
    super(error.message);
    this.saveError = error;
    this.statusCode = error.statusCode;
    this.fields = error.fields;
  }
}

/** Formats a time as Salesforce returns datetimes: `2026-12-04T14:13:42.000+0000`. */
export function formatDateTime(time: Date | number): string {
  const iso = new Date(time).toISOString();
  return `${iso.slice(0, 23)}+0000`;
}

/** Formats a time as a date in UTC: `2026-12-04`. */
export function formatDate(time: Date | number): string {
  return new Date(time).toISOString().slice(0, 10);
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_PATTERN =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** Parses `YYYY-MM-DD` (or the date part of a datetime) into the stored date form, or null. */
export function parseDateValue(text: string): string | null {
  const value = text.trim();
  const match = DATE_PATTERN.exec(value);
  if (match) {
    return isRealDate(Number(match[1]), Number(match[2]), Number(match[3])) ? value : null;
  }
  const datetime = parseDateTimeValue(value);
  return datetime === null ? null : datetime.slice(0, 10);
}

/**
 * Parses an ISO 8601 datetime (`Z`, `+hh:mm` or `+hhmm` offsets; UTC when none) or a plain date
 * (midnight UTC) into the stored form, or null.
 */
export function parseDateTimeValue(text: string): string | null {
  const value = text.trim();
  const dateOnly = DATE_PATTERN.exec(value);
  if (dateOnly) {
    if (!isRealDate(Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3]))) return null;
    return `${value}T00:00:00.000+0000`;
  }
  const match = DATETIME_PATTERN.exec(value);
  if (!match) return null;
  const [, datePart, hours, minutes, seconds = '00', fraction = '', zone = 'Z'] = match;
  const [year, month, day] = datePart.split('-').map(Number);
  if (
    !isRealDate(year, month, day) ||
    Number(hours) > 23 ||
    Number(minutes) > 59 ||
    Number(seconds) > 59
  ) {
    return null;
  }
  const milliseconds = (fraction + '000').slice(0, 3);
  let offset = 'Z';
  if (zone !== 'Z') offset = zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const time = Date.parse(`${datePart}T${hours}:${minutes}:${seconds}.${milliseconds}${offset}`);
  return Number.isNaN(time) ? null : formatDateTime(time);
}

const TIME_PATTERN = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?Z?$/;

function parseTimeValue(text: string): string | null {
  const match = TIME_PATTERN.exec(text.trim());
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59 || Number(match[3] ?? 0) > 59) {
    return null;
  }
  return `${match[1]}:${match[2]}:${match[3] ?? '00'}.${(match[4] ?? '000').padEnd(3, '0')}Z`;
}

/** Returns the type name a real org's JSON deserializer uses in JSON_PARSER_ERROR messages. */
function deserializerTypeName(field: FieldDef): string {
  switch (field.type) {
    case 'double':
    case 'currency':
    case 'percent':
      return 'double';
    case 'int':
      return 'int';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'time':
      return 'time';
    default:
      return 'string';
  }
}

function jsonTokenName(value: unknown): string {
  if (typeof value === 'string') return 'VALUE_STRING';
  if (typeof value === 'boolean') return value ? 'VALUE_TRUE' : 'VALUE_FALSE';
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT';
  if (Array.isArray(value)) return 'START_ARRAY';
  return 'START_OBJECT';
}

export interface TypeMismatch {
  /** Salesforce's deserializer type name: double, int, boolean, date, datetime, time or string. */
  expected: string;
  /** JSON token name, such as VALUE_STRING. */
  token: string;
  value: unknown;
}

/**
 * Converts a JSON value into the stored form of the field's type, without range or length checks.
 * Returns a TypeMismatch when a real org's JSON deserializer would reject the value.
 */
export function convertJsonValue(
  field: FieldDef,
  value: unknown,
): { value: unknown } | TypeMismatch {
  if (value === null || value === undefined) return { value: null };
  const mismatch = (): TypeMismatch => ({
    expected: deserializerTypeName(field),
    token: jsonTokenName(value),
    value,
  });
  if (typeof value === 'object') return mismatch();
  if (value === '') return { value: null };

  switch (field.type) {
    case 'double':
    case 'currency':
    case 'percent':
    case 'int': {
      let number = NaN;
      if (typeof value === 'number') number = value;
      if (typeof value === 'string') number = Number(value.trim());
      if (typeof value === 'boolean' || !Number.isFinite(number)) return mismatch();
      if (field.type === 'int' && !Number.isInteger(number)) return mismatch();
      return { value: number };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { value };
      if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) {
        return { value: value.trim().toLowerCase() === 'true' };
      }
      return mismatch();
    }
    case 'date': {
      const date = typeof value === 'string' ? parseDateValue(value) : null;
      return date === null ? mismatch() : { value: date };
    }
    case 'datetime': {
      const datetime = typeof value === 'string' ? parseDateTimeValue(value) : null;
      return datetime === null ? mismatch() : { value: datetime };
    }
    case 'time': {
      const time = typeof value === 'string' ? parseTimeValue(value) : null;
      return time === null ? mismatch() : { value: time };
    }
    default:
      return { value: String(value) };
  }
}

/** Message of a real org's JSON_PARSER_ERROR for a value its deserializer rejects. */
export function jsonParserErrorMessage(
  mismatch: TypeMismatch,
  line: number,
  column: number,
): string {
  return (
    `Cannot deserialize instance of ${mismatch.expected} from ${mismatch.token} value ` +
    `${String(mismatch.value)} or request may be missing a required field at ` +
    `[line:${line}, column:${column}]`
  );
}

const EMAIL_PATTERN = /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\]+\.[^\s@"(),:;<>[\]\\]+$/;

/** Integer part of a number has more digits than the field allows. */
function exceedsPrecision(field: FieldDef, value: number): boolean {
  const integerDigits =
    field.type === 'int' ? (field.digits ?? 9) : (field.precision ?? 18) - (field.scale ?? 0);
  return Math.abs(value) >= 10 ** integerDigits;
}

/**
 * Checks a converted value against the field's length, precision, picklist and Id rules, and
 * returns the value to store (multi-select values joined, Ids in their 18-character form) or the
 * error a real org returns. Decimal places beyond the field's scale are kept, as the API does.
 */
export function checkValue(field: FieldDef, value: unknown): { value: unknown } | SaveError {
  if (value === null) return { value: null };
  switch (field.type) {
    case 'double':
    case 'currency':
    case 'percent':
    case 'int':
      if (exceedsPrecision(field, value as number)) {
        return saveError(
          'NUMBER_OUTSIDE_VALID_RANGE',
          `${field.label}: value outside of valid range on numeric field: ${String(value)}`,
          [field.name],
        );
      }
      return { value };
    case 'reference': {
      const text = String(value).trim();
      const id = isWellFormedId(text) ? toId18(text) : null;
      if (id === null) {
        return saveError('MALFORMED_ID', `${field.label}: id value of incorrect type: ${text}`, [
          field.name,
        ]);
      }
      return { value: id };
    }
    case 'picklist':
      return checkPicklist(field, String(value));
    case 'multipicklist':
      return checkMultiPicklist(field, String(value));
    case 'email': {
      const text = String(value).trim();
      if (!EMAIL_PATTERN.test(text)) {
        return saveError(
          'INVALID_EMAIL_ADDRESS',
          `${field.label}: invalid email address: ${text}`,
          [field.name],
        );
      }
      return checkLength(field, text);
    }
    case 'string':
    case 'textarea':
    case 'phone':
    case 'url':
    case 'combobox':
    case 'autonumber':
      return checkLength(field, String(value));
    default:
      return { value };
  }
}

function checkLength(field: FieldDef, text: string): { value: unknown } | SaveError {
  if (field.length !== undefined && text.length > field.length) {
    return saveError(
      'STRING_TOO_LONG',
      `${field.label}: data value too large: ${text} (max length=${field.length})`,
      [field.name],
    );
  }
  return { value: text };
}

function restrictedPicklistError(field: FieldDef, value: string): SaveError {
  return saveError(
    'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
    `${field.label}: bad value for restricted picklist field: ${value}`,
    [field.name],
  );
}

/** Returns the listed active value that matches case-insensitively, in its listed spelling. */
function findPicklistValue(field: FieldDef, value: string): string | undefined {
  const lower = value.toLowerCase();
  return field.picklistEntries?.find((entry) => entry.active && entry.value.toLowerCase() === lower)
    ?.value;
}

function checkPicklist(field: FieldDef, value: string): { value: unknown } | SaveError {
  const listed = findPicklistValue(field, value);
  if (listed !== undefined) return { value: listed };
  if (field.restrictedPicklist) return restrictedPicklistError(field, value);
  return checkLength(field, value);
}

function checkMultiPicklist(field: FieldDef, value: string): { value: unknown } | SaveError {
  const selected: string[] = [];
  for (const part of value.split(';')) {
    const item = part.trim();
    if (item === '') continue;
    const listed = findPicklistValue(field, item);
    if (listed === undefined && field.restrictedPicklist)
      return restrictedPicklistError(field, item);
    const chosen = listed ?? item;
    if (!selected.includes(chosen)) selected.push(chosen);
  }
  if (selected.length === 0) return { value: null };
  // Salesforce returns the selected values in the order the value set lists them.
  const order = field.picklistValues ?? [];
  selected.sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? order.length : ia) - (ib < 0 ? order.length : ib);
  });
  return checkLength(field, selected.join(';'));
}

/**
 * Converts one CSV cell of a Bulk API 2.0 ingest job into the field's stored form. An empty cell
 * returns undefined (Bulk API leaves the field unchanged), `#N/A` returns null (clears it).
 * Throws a SaveErrorException with INVALID_TYPE_ON_FIELD_IN_RECORD for a value of the wrong type.
 */
export function coerceCsvValue(field: FieldDef, raw: string): unknown {
  if (raw === '') return undefined;
  if (raw === '#N/A') return null;
  const converted = convertJsonValue(field, raw);
  if ('expected' in converted) {
    throw new SaveErrorException(
      saveError(
        'INVALID_TYPE_ON_FIELD_IN_RECORD',
        `${field.label}: value not of required type: ${raw}`,
        [field.name],
      ),
    );
  }
  return converted.value;
}

/** Message of INVALID_TYPE_ON_FIELD_IN_RECORD for a value sent in-process with the wrong type. */
export function wrongTypeError(field: FieldDef, value: unknown): SaveError {
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return saveError(
    'INVALID_TYPE_ON_FIELD_IN_RECORD',
    `${field.label}: value not of required type: ${text}`,
    [field.name],
  );
}
