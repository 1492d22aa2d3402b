// Test double of `lightning/actions`, which @salesforce/sfdx-lwc-jest 7.9.0 does not stub.
// jest.config.js maps the module here. The platform event's type name is internal to
// Salesforce, so tests listen for the one exported below.
export const CLOSE_ACTION_SCREEN_EVENT_NAME = 'lightning__closeactionscreen';

export class CloseActionScreenEvent extends CustomEvent<null> {
  constructor() {
    super(CLOSE_ACTION_SCREEN_EVENT_NAME, { bubbles: true, composed: true, detail: null });
  }
}
