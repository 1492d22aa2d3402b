// Shows the toasts that components fire with ShowToastEvent, as Lightning Experience does:
// SLDS toasts at the top of the page, dismissed by their close button or after a few seconds.

import { LightningElement } from 'lwc';
import { SHOW_TOAST_EVENT_NAME } from '../../../platform/lightning/platformShowToastEvent/platformShowToastEvent.ts';
import type { ToastParams } from '../../../platform/lightning/platformShowToastEvent/platformShowToastEvent.ts';

/** How long a dismissible toast stays, in milliseconds; sticky toasts stay until closed. */
const TOAST_DURATION_MS = 8000;

interface Toast {
  key: number;
  title: string;
  message: string;
  className: string;
  iconName: string;
  variant: string;
}

const VARIANTS = new Set(['info', 'success', 'warning', 'error']);

export default class ToastContainer extends LightningElement {
  toasts: Toast[] = [];
  private nextKey = 1;
  private readonly listener = (event: Event) =>
    this.show((event as CustomEvent<ToastParams>).detail);

  connectedCallback(): void {
    document.addEventListener(SHOW_TOAST_EVENT_NAME, this.listener);
  }

  disconnectedCallback(): void {
    document.removeEventListener(SHOW_TOAST_EVENT_NAME, this.listener);
  }

  show(params: ToastParams): void {
    const variant = VARIANTS.has(params.variant ?? '') ? (params.variant as string) : 'info';
    const key = this.nextKey++;
    this.toasts = [
      ...this.toasts,
      {
        key,
        title: params.title,
        message: params.message ?? '',
        className: `slds-notify slds-notify_toast slds-theme_${variant}`,
        iconName: `utility:${variant}`,
        variant,
      },
    ];
    if (params.mode !== 'sticky') {
      setTimeout(() => this.dismiss(key), TOAST_DURATION_MS);
    }
  }

  dismiss(key: number): void {
    this.toasts = this.toasts.filter((toast) => toast.key !== key);
  }

  handleClose(event: Event): void {
    this.dismiss(Number((event.currentTarget as HTMLElement).dataset.key));
  }

  get hasToasts(): boolean {
    return this.toasts.length > 0;
  }
}
