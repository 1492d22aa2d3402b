/**
 * Helpers shared by the health score components: messages from Lightning Data Service errors,
 * custom label templates, and today's date in the user's time zone.
 *
 * LDS reports a failed save as a FetchResponse whose `body.output` carries `fieldErrors` (by
 * field API name) and `errors` (page-level: validation rules without a field, sharing, locking).
 * A failed wire reports `body.message`, or `body` as an array of `{ message }`. The GraphQL wire
 * adapter reports an array of GraphQL errors, each with `message`. A JavaScript error has
 * `message`.
 */

type UnknownRecord = Record<string, unknown>;

function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function messageOf(detail: unknown): string | null {
  if (isRecord(detail) && typeof detail.message === 'string' && detail.message !== '') {
    return detail.message;
  }
  return null;
}

function unique(messages: string[]): string[] {
  return [...new Set(messages)];
}

interface SaveOutput {
  errors: unknown[];
  fieldErrors: Record<string, unknown[]>;
}

/** Returns `body.output` of a UI API save error, or null when the error has none. */
function outputOf(error: unknown): SaveOutput | null {
  if (!isRecord(error) || !isRecord(error.body) || !isRecord(error.body.output)) {
    return null;
  }
  const output = error.body.output;
  const fieldErrors: Record<string, unknown[]> = {};
  if (isRecord(output.fieldErrors)) {
    for (const [field, details] of Object.entries(output.fieldErrors)) {
      fieldErrors[field] = Array.isArray(details) ? details : [details];
    }
  }
  return { errors: Array.isArray(output.errors) ? output.errors : [], fieldErrors };
}

/** A message of a save error's `body.output.fieldErrors`. */
export interface FieldError {
  /** Field API name, such as Discount_Depth__c. */
  field: string;
  /** Field label as the org shows it, or the API name when the error carries none. */
  label: string;
  message: string;
}

/** Returns the messages of a save error's `body.output.fieldErrors`, one entry per message. */
export function fieldErrorsOf(error: unknown): FieldError[] {
  const output = outputOf(error);
  if (output === null) {
    return [];
  }
  const result: FieldError[] = [];
  for (const [field, details] of Object.entries(output.fieldErrors)) {
    for (const detail of details) {
      const message = messageOf(detail);
      if (message === null) {
        continue;
      }
      const label =
        isRecord(detail) && typeof detail.fieldLabel === 'string' ? detail.fieldLabel : '';
      result.push({ field, label: label === '' ? field : label, message });
    }
  }
  return result;
}

/**
 * Returns the page-level messages of an error: `body.output.errors` of a save error, or every
 * message of any other error. A save error with only field errors returns an empty list, because
 * its `body.message` is a generic sentence and the field errors belong on their fields.
 */
export function pageErrorsOf(error: unknown): string[] {
  const output = outputOf(error);
  if (output === null) {
    return reduceErrors(error);
  }
  const messages = output.errors.map(messageOf).filter((message) => message !== null);
  if (messages.length === 0 && Object.keys(output.fieldErrors).length === 0) {
    return reduceErrors(error);
  }
  return unique(messages);
}

function fieldMessages(error: unknown): string[] {
  return fieldErrorsOf(error).map((item) => `${item.label}: ${item.message}`);
}

function reduceOne(error: unknown): string[] {
  if (Array.isArray(error)) {
    // The GraphQL wire adapter reports its errors as an array.
    return error.flatMap(reduceOne);
  }
  if (typeof error === 'string') {
    return error === '' ? [] : [error];
  }
  if (!isRecord(error)) {
    return [];
  }
  const body = error.body;
  if (Array.isArray(body)) {
    return body.map(messageOf).filter((message) => message !== null);
  }
  if (isRecord(body)) {
    const output = outputOf(error);
    if (output !== null) {
      const messages = [
        ...output.errors.map(messageOf).filter((message) => message !== null),
        ...fieldMessages(error),
      ];
      if (messages.length > 0) {
        return messages;
      }
    }
    const message = messageOf(body);
    if (message !== null) {
      return [message];
    }
  }
  const message = messageOf(error);
  if (message !== null) {
    return [message];
  }
  return typeof error.statusText === 'string' && error.statusText !== '' ? [error.statusText] : [];
}

/**
 * Reduces one error or a list of errors (LDS FetchResponses, GraphQL error arrays, JavaScript
 * errors, strings) to their distinct messages. Field errors are prefixed with the field label.
 */
export function reduceErrors(errors: unknown): string[] {
  const list = Array.isArray(errors) ? errors : [errors];
  return unique(list.flatMap(reduceOne));
}

/** Fills the `{0}`, `{1}` ... placeholders of a custom label. An unknown index stays as is. */
export function formatLabel(template: string, ...values: (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (placeholder, index: string) => {
    const value = values[Number(index)];
    return value === undefined ? placeholder : String(value);
  });
}

/** Returns the calendar date (`YYYY-MM-DD`) of `now` in an IANA time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: string): string => parts.find((item) => item.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export { bandBadgeClass, bandLabel, flagLabel } from './healthText';
