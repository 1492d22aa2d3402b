// Local implementation of `lightning/actions`. The page that hosts a screen quick action closes it
// when this event reaches the document; Salesforce does not document the event's type name.
export const CLOSE_ACTION_SCREEN_EVENT_NAME = 'lightning__closeactionscreen';

/** Closes the screen quick action that contains the component. */
export class CloseActionScreenEvent extends CustomEvent<null> {
  constructor() {
    super(CLOSE_ACTION_SCREEN_EVENT_NAME, { bubbles: true, composed: true, detail: null });
  }
}
