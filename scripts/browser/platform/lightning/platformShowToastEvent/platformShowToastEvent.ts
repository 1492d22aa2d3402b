// Local implementation of `lightning/platformShowToastEvent`. The page shows a toast for each
// event that reaches the document, as Lightning Experience does.
export const SHOW_TOAST_EVENT_NAME = 'lightning__showtoast';

export interface ToastParams {
  title: string;
  message?: string;
  variant?: 'info' | 'success' | 'warning' | 'error';
  mode?: 'dismissible' | 'pester' | 'sticky';
  messageData?: unknown[];
}

export class ShowToastEvent extends CustomEvent<ToastParams> {
  constructor(params: ToastParams) {
    super(SHOW_TOAST_EVENT_NAME, {
      bubbles: true,
      composed: true,
      cancelable: true,
      detail: params,
    });
  }
}
