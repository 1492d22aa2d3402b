// Errors in the shapes that Lightning Data Service hands to components: a FetchResponse
// `{ ok: false, status, statusText, headers, body }`. A failed read carries `body` as an array of
// `{ errorCode, message }`. A failed save carries the UI API's RecordError, whose
// `body.output.fieldErrors` contains the errors of named fields and `body.output.errors` the rest.

import { DescribeError, type ObjectInfo } from './describe.ts';
import { InvalidFieldError } from './records.ts';
import { RestError } from './rest.ts';

export interface FetchResponse {
  ok: false;
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: unknown;
}

/** One entry of `body.output.errors` or `body.output.fieldErrors[field]`. */
export interface RecordErrorItem {
  constituentField: null;
  duplicateRecordError: null;
  errorCode: string;
  field: string | null;
  fieldLabel: string | null;
  message: string;
}

/** Page-level message of a UI API RecordError; the details are in `output`. */
const RECORD_ERROR_MESSAGES = {
  create: 'An error occurred while trying to create the record. Please try again.',
  update: 'An error occurred while trying to update the record. Please try again.',
  delete: 'An error occurred while trying to delete the record. Please try again.',
};

const STATUS_TEXTS: Record<number, string> = {
  0: 'Network Error',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function fetchResponse(status: number, body: unknown): FetchResponse {
  return { ok: false, status, statusText: STATUS_TEXTS[status] ?? 'Error', headers: {}, body };
}

export function isFetchResponse(error: unknown): error is FetchResponse {
  return (
    error !== null &&
    typeof error === 'object' &&
    (error as FetchResponse).ok === false &&
    'body' in (error as object)
  );
}

/** Wraps any error of a read (REST, describe, field check, bug) as a FetchResponse. */
export function toFetchResponse(error: unknown): FetchResponse {
  if (isFetchResponse(error)) return error;
  if (error instanceof RestError) {
    return fetchResponse(
      error.status,
      error.errors.map((item) => ({ errorCode: item.errorCode, message: item.message })),
    );
  }
  if (error instanceof InvalidFieldError) {
    return fetchResponse(400, [{ errorCode: 'INVALID_FIELD', message: error.message }]);
  }
  if (error instanceof DescribeError) {
    return fetchResponse(error.status, [{ errorCode: error.errorCode, message: error.message }]);
  }
  const message = error instanceof Error ? error.message : String(error);
  return fetchResponse(500, [{ errorCode: 'UNKNOWN_EXCEPTION', message }]);
}

/** Builds the error of a read that the platform modules reject themselves, such as for an invalid parameter. */
export function invalidInput(message: string): FetchResponse {
  return fetchResponse(400, [{ errorCode: 'INVALID_API_INPUT', message }]);
}

/**
 * Maps a failed save to the UI API's RecordError: each REST error `{ message, errorCode,
 * fields }` goes to `output.fieldErrors[field]` for every field it names (with the field's
 * label), and to `output.errors` when it names none.
 */
export function toSaveError(
  error: unknown,
  info: ObjectInfo | null,
  operation: keyof typeof RECORD_ERROR_MESSAGES,
): FetchResponse {
  if (!(error instanceof RestError)) return toFetchResponse(error);
  const errors: RecordErrorItem[] = [];
  const fieldErrors: Record<string, RecordErrorItem[]> = {};
  for (const item of error.errors) {
    const fields = item.fields ?? [];
    if (fields.length === 0) {
      errors.push({
        constituentField: null,
        duplicateRecordError: null,
        errorCode: item.errorCode,
        field: null,
        fieldLabel: null,
        message: item.message,
      });
      continue;
    }
    for (const name of fields) {
      const field = info?.field(name);
      const apiName = field?.name ?? name;
      (fieldErrors[apiName] ??= []).push({
        constituentField: null,
        duplicateRecordError: null,
        errorCode: item.errorCode,
        field: apiName,
        fieldLabel: field?.label ?? apiName,
        message: item.message,
      });
    }
  }
  return fetchResponse(error.status, {
    enhancedErrorType: 'RecordError',
    message: RECORD_ERROR_MESSAGES[operation],
    statusCode: error.status,
    errorCode: error.errors[0]?.errorCode ?? 'UNKNOWN_EXCEPTION',
    output: { errors, fieldErrors },
  });
}
