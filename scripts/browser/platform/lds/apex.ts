// Local implementation of `@salesforce/apex`: refreshApex(value) fetches again the wire that
// emitted `value`, for any of the local wire adapters. Apex methods themselves are not served.
import { refreshWireValue } from './wire.ts';

export function refreshApex(value: unknown): Promise<void> {
  return refreshWireValue(value);
}

export function getSObjectValue(
  record: Record<string, unknown>,
  field: { fieldApiName: string },
): unknown {
  return field.fieldApiName
    .split('.')
    .reduce<unknown>(
      (current, name) =>
        current === null || current === undefined
          ? current
          : (current as Record<string, unknown>)[name],
      record,
    );
}
