import { LightningElement, api } from 'lwc';
import { reduceErrors } from 'c/ldsUtils';
import DEFAULT_TITLE from '@salesforce/label/c.HS_Error_Title';
import ERROR_ICON_TEXT from '@salesforce/label/c.HS_Error_IconText';

/**
 * Shows the messages of one error or a list of errors (LDS FetchResponses, GraphQL errors,
 * JavaScript errors or plain strings) in an SLDS scoped notification, announced as an alert.
 * Renders nothing when there is no message.
 */
export default class ErrorPanel extends LightningElement {
  /** The error or errors to show. */
  @api errors: unknown;

  /** Heading above the messages, or a generic heading when unset. */
  @api friendlyMessage: string | undefined;

  iconText = ERROR_ICON_TEXT;

  get messages(): string[] {
    return reduceErrors(this.errors);
  }

  get hasMessages(): boolean {
    return this.messages.length > 0;
  }

  get title(): string {
    return this.friendlyMessage || DEFAULT_TITLE;
  }
}
