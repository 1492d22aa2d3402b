import {
  bandBadgeClass,
  bandLabel,
  fieldErrorsOf,
  flagLabel,
  formatLabel,
  pageErrorsOf,
  reduceErrors,
  todayIn,
} from 'c/ldsUtils';

const SAVE_ERROR = {
  body: {
    enhancedErrorType: 'RecordError',
    message: 'An error occurred while trying to update the record. Please try again.',
    output: {
      errors: [
        {
          errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
          field: null,
          fieldLabel: null,
          message: 'Complete the deal context before you mark the opportunity Closed Won.',
        },
      ],
      fieldErrors: {
        Discount_Depth__c: [
          {
            errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            field: 'Discount_Depth__c',
            fieldLabel: 'Discount Depth',
            message: 'Enter a discount from 0 to 100.',
          },
        ],
        Displaced_Vendor__c: [
          { errorCode: 'STRING_TOO_LONG', field: 'Displaced_Vendor__c', message: 'Too long.' },
        ],
      },
    },
  },
  ok: false,
  status: 400,
  statusText: 'Bad Request',
};

const FIELD_ONLY_ERROR = {
  body: {
    message: 'An error occurred while trying to update the record. Please try again.',
    output: {
      errors: [],
      fieldErrors: {
        Name: [{ field: 'Name', fieldLabel: 'Use Case', message: 'Required.' }],
      },
    },
  },
};

describe('reduceErrors', () => {
  it('reads body.output errors and field errors', () => {
    expect(reduceErrors(SAVE_ERROR)).toEqual([
      'Complete the deal context before you mark the opportunity Closed Won.',
      'Discount Depth: Enter a discount from 0 to 100.',
      'Displaced_Vendor__c: Too long.',
    ]);
  });

  it('reads an array body of a wire error', () => {
    expect(reduceErrors({ body: [{ message: 'First' }, { message: 'Second' }] })).toEqual([
      'First',
      'Second',
    ]);
  });

  it('reads body.message', () => {
    expect(reduceErrors({ body: { message: 'Invalid field', statusCode: 400 } })).toEqual([
      'Invalid field',
    ]);
  });

  it('reads GraphQL and JavaScript errors', () => {
    expect(
      reduceErrors([[{ message: 'Bad query', locations: [] }], new TypeError('x is null')]),
    ).toEqual(['Bad query', 'x is null']);
  });

  it('falls back to the status text', () => {
    expect(reduceErrors({ body: {}, status: 503, statusText: 'Service Unavailable' })).toEqual([
      'Service Unavailable',
    ]);
  });

  it('drops empty and duplicate messages', () => {
    expect(reduceErrors(['', 'Same', { message: 'Same' }, undefined, 42])).toEqual(['Same']);
  });
});

describe('fieldErrorsOf', () => {
  it('returns one entry per field message', () => {
    expect(fieldErrorsOf(SAVE_ERROR)).toEqual([
      {
        field: 'Discount_Depth__c',
        label: 'Discount Depth',
        message: 'Enter a discount from 0 to 100.',
      },
      { field: 'Displaced_Vendor__c', label: 'Displaced_Vendor__c', message: 'Too long.' },
    ]);
  });

  it('returns nothing for errors without output', () => {
    expect(fieldErrorsOf({ body: { message: 'x' } })).toEqual([]);
    expect(fieldErrorsOf(new Error('x'))).toEqual([]);
  });
});

describe('pageErrorsOf', () => {
  it('returns body.output.errors only', () => {
    expect(pageErrorsOf(SAVE_ERROR)).toEqual([
      'Complete the deal context before you mark the opportunity Closed Won.',
    ]);
  });

  it('leaves field-only errors to their fields', () => {
    expect(pageErrorsOf(FIELD_ONLY_ERROR)).toEqual([]);
  });

  it('returns the message of an error without output', () => {
    expect(pageErrorsOf({ body: { message: 'Session expired' } })).toEqual(['Session expired']);
    expect(pageErrorsOf(new Error('Network failure'))).toEqual(['Network failure']);
  });

  it('returns the body message of an empty output', () => {
    expect(
      pageErrorsOf({ body: { message: 'Failed', output: { errors: [], fieldErrors: {} } } }),
    ).toEqual(['Failed']);
  });
});

describe('formatLabel', () => {
  it('fills numbered placeholders', () => {
    expect(formatLabel('{0} of {1} seats, {0} active', 8, '10')).toBe('8 of 10 seats, 8 active');
  });

  it('keeps placeholders without a value', () => {
    expect(formatLabel('Score {0} on {1}', 70)).toBe('Score 70 on {1}');
  });
});

describe('todayIn', () => {
  const instant = new Date('2025-06-30T03:30:00Z');

  it('returns the date in the time zone', () => {
    expect(todayIn('UTC', instant)).toBe('2025-06-30');
    expect(todayIn('America/Los_Angeles', instant)).toBe('2025-06-29');
    expect(todayIn('Asia/Tokyo', instant)).toBe('2025-06-30');
  });

  it('pads months and days', () => {
    expect(todayIn('UTC', new Date('2025-01-05T12:00:00Z'))).toBe('2025-01-05');
  });
});

describe('flag and band labels', () => {
  it('labels known codes and shows unknown ones', () => {
    expect(flagLabel('MASKED_RISK')).toBe('c.HS_Flag_MASKED_RISK');
    expect(flagLabel('NEW_FLAG')).toBe('c.HS_Flag_Unknown');
    expect(bandLabel('Critical')).toBe('c.HS_Band_Critical');
    expect(bandLabel('Purple')).toBe('Purple');
  });

  it('themes each band badge differently', () => {
    const classes = ['Green', 'Yellow', 'Red', 'Critical'].map(bandBadgeClass);
    expect(new Set(classes).size).toBe(4);
    expect(bandBadgeClass('Green')).toBe('slds-theme_success');
    expect(bandBadgeClass('Purple')).toBe('');
  });
});
