import { createElement } from 'lwc';
import ErrorPanel from 'c/errorPanel';
import { flushPromises } from '../../ldsUtils/__tests__/testSupport';
import type { LabelledElement } from '../../ldsUtils/__tests__/testSupport';

async function renderPanel(errors: unknown, friendlyMessage?: string): Promise<HTMLElement> {
  const element = createElement('c-error-panel', { is: ErrorPanel });
  element.errors = errors;
  if (friendlyMessage !== undefined) {
    element.friendlyMessage = friendlyMessage;
  }
  document.body.appendChild(element);
  await flushPromises();
  return element;
}

function messages(element: HTMLElement): string[] {
  return Array.from(element.shadowRoot?.querySelectorAll('li') ?? []).map(
    (item) => item.textContent ?? '',
  );
}

describe('c-error-panel', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
  });

  it('passes the axe rules with messages', async () => {
    const element = await renderPanel({
      body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
      ok: false,
      status: 404,
      statusText: 'NOT_FOUND',
    });

    await expect(element).toBeAccessible();
  });

  it('lists the messages of an LDS wire error', async () => {
    const element = await renderPanel({
      body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
      ok: false,
      status: 404,
      statusText: 'NOT_FOUND',
    });

    expect(messages(element)).toEqual(['The requested resource does not exist']);
  });

  it('lists page and field errors of a failed save', async () => {
    const element = await renderPanel({
      body: {
        message: 'An error occurred while trying to update the record. Please try again.',
        output: {
          errors: [{ errorCode: 'UNABLE_TO_LOCK_ROW', message: 'Record is locked.' }],
          fieldErrors: {
            ICP_Fit_Rating__c: [
              {
                field: 'ICP_Fit_Rating__c',
                fieldLabel: 'ICP Fit Rating',
                message: 'Enter 1 to 5.',
              },
            ],
          },
        },
      },
    });

    expect(messages(element)).toEqual(['Record is locked.', 'ICP Fit Rating: Enter 1 to 5.']);
  });

  it('shows messages of several errors once each', async () => {
    const element = await renderPanel([
      'Plain message',
      new Error('Script error'),
      [{ message: 'GraphQL: invalid field' }],
      'Plain message',
    ]);

    expect(messages(element)).toEqual(['Plain message', 'Script error', 'GraphQL: invalid field']);
  });

  it('uses the friendly message as its heading', async () => {
    const element = await renderPanel(['Failed'], 'Saving failed.');

    expect(element.shadowRoot?.querySelector('p')?.textContent).toBe('Saving failed.');
  });

  it('falls back to a generic heading', async () => {
    const element = await renderPanel(['Failed']);

    expect(element.shadowRoot?.querySelector('p')?.textContent).toBe('c.HS_Error_Title');
  });

  it('renders nothing without a message', async () => {
    const element = await renderPanel(undefined);

    expect(element.shadowRoot?.querySelector('[role="alert"]')).toBeNull();
  });

  it('renders nothing for an error without a message', async () => {
    const element = await renderPanel([{ body: {} }, null]);

    expect(element.shadowRoot?.querySelector('[role="alert"]')).toBeNull();
  });

  it('is announced as an alert with a described icon', async () => {
    const element = await renderPanel(['Failed']);

    const alert = element.shadowRoot?.querySelector('[role="alert"]');
    expect(alert).not.toBeNull();
    const icon = element.shadowRoot?.querySelector<LabelledElement>('lightning-icon');
    expect(icon?.alternativeText).toBe('c.HS_Error_IconText');
  });
});
