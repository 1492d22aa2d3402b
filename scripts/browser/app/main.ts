/// <reference lib="dom" />
// Entry of the browser bundle. Synthetic shadow comes first, so that SLDS's global style sheet
// reaches inside the components as it does in Lightning Experience. The page names the record
// page to show in #app's data attributes.

import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import AccountPage from './preview/accountPage/accountPage.ts';
import OpportunityPage from './preview/opportunityPage/opportunityPage.ts';
import ToastContainer from './preview/toastContainer/toastContainer.ts';

function mount(): void {
  const root = document.getElementById('app');
  if (root === null) throw new Error('The page has no #app element to render into.');
  document.body.appendChild(createElement('preview-toast-container', { is: ToastContainer }));
  let element: HTMLElement & { recordId?: string };
  if (root.dataset.page === 'account') {
    element = createElement('preview-account-page', { is: AccountPage });
  } else if (root.dataset.page === 'opportunity') {
    element = createElement('preview-opportunity-page', { is: OpportunityPage });
  } else {
    throw new Error(`Unknown page "${root.dataset.page}": expected account or opportunity.`);
  }
  element.recordId = root.dataset.recordId;
  root.appendChild(element);
}

mount();
