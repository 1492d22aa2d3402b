// HTML of the preview's pages: the list of accounts and the record pages that load the bundle.
// Pages are rendered on the server from the in-process local org. The record pages hand the
// signed-in user's token and settings to the bundle in globalThis.localPlatform.

import type { LocalOrgServer, OrgUser, UserKey } from '../local-org/index.ts';

/** Users a person can view the pages as, in the order the switcher lists them. */
export const PAGE_USERS: UserKey[] = ['ae', 'csm', 'revops', 'admin'];

const USER_LABELS: Record<UserKey, string> = {
  admin: 'Admin',
  job: 'Scoring job',
  ae: 'AE',
  csm: 'CSM',
  revops: 'RevOps',
};

const BAND_THEMES: Record<string, string> = {
  Green: 'slds-theme_success',
  Yellow: 'slds-theme_warning',
  Red: 'slds-theme_error',
  Critical: 'slds-theme_error',
};

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON for an inline script: `<` is escaped so that no value can close the script element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function withUser(path: string, user: UserKey): string {
  return `${path}?as=${user}`;
}

function layout(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/slds/styles/salesforce-lightning-design-system.min.css">
<style>
  body { background: #b0c4df; min-height: 100vh; }
  .preview-bar { background: #fff; border-bottom: 1px solid #dddbda; }
  .preview-page { max-width: 1280px; margin: 0 auto; }
</style>
${head}
</head>
<body>
${body}
</body>
</html>
`;
}

function topBar(current: { path: string; user: OrgUser } | null): string {
  const switcher =
    current === null
      ? ''
      : `<div class="slds-col_bump-left slds-p-right_medium slds-text-body_small">Viewing as
  <strong>${escapeHtml(current.user.Name)}</strong>
  (${PAGE_USERS.map((key) =>
    key === current.user.key
      ? `<strong>${USER_LABELS[key]}</strong>`
      : `<a href="${escapeHtml(withUser(current.path, key))}">${USER_LABELS[key]}</a>`,
  ).join(' · ')})</div>`;
  return `<div class="preview-bar slds-grid slds-grid_vertical-align-center slds-p-vertical_x-small">
  <div class="slds-p-horizontal_medium slds-text-heading_small">Customer Health preview</div>
  <a class="slds-p-horizontal_small" href="/">Accounts</a>
  <span class="slds-badge slds-m-left_small">Local org</span>
  ${switcher}
</div>`;
}

export interface AccountRow {
  Id: string;
  Name: string;
  Customer_Segment__c: string | null;
  Health_Score__c: number | null;
  Health_Band__c: string | null;
  Health_Flags__c: string | null;
  Opportunities?: { records: { Id: string; Name: string; StageName: string }[] } | null;
}

/** Renders the list of accounts: score, band and flags from the job, links to the record pages. */
export function renderIndex(accounts: AccountRow[], orgUrl: string): string {
  const rows = accounts
    .map((account) => {
      const band = account.Health_Band__c ?? '';
      const badge =
        band === ''
          ? '<span class="slds-text-color_weak">Not scored</span>'
          : `<span class="slds-badge ${BAND_THEMES[band] ?? ''}">${escapeHtml(band)}</span>`;
      const flags = (account.Health_Flags__c ?? '').split(';').filter((flag) => flag !== '');
      const open = (account.Opportunities?.records ?? [])
        .map(
          (opportunity) =>
            `<a href="${escapeHtml(withUser(`/opportunity/${opportunity.Id}`, 'ae'))}">${escapeHtml(opportunity.Name)}</a> <span class="slds-text-color_weak">(${escapeHtml(opportunity.StageName)})</span>`,
        )
        .join('<br>');
      return `<tr>
  <th scope="row"><a href="${escapeHtml(withUser(`/account/${account.Id}`, 'csm'))}">${escapeHtml(account.Name)}</a></th>
  <td>${escapeHtml(account.Customer_Segment__c ?? '')}</td>
  <td class="slds-text-align_right">${account.Health_Score__c ?? ''}</td>
  <td>${badge}</td>
  <td class="slds-cell-wrap">${escapeHtml(flags.join(', '))}</td>
  <td class="slds-cell-wrap">${open}</td>
</tr>`;
    })
    .join('\n');
  const body = `${topBar(null)}
<div class="preview-page slds-p-around_medium">
  <article class="slds-card">
    <div class="slds-card__header">
      <h1 class="slds-card__header-title slds-text-heading_medium">Accounts (${accounts.length})</h1>
    </div>
    <div class="slds-card__body slds-card__body_inner">
      <p class="slds-m-bottom_small">Open an account to see its health card and the CSM review (as the CSM),
      or an open opportunity to capture its deal context and close it won (as the AE).
      The local org runs at ${escapeHtml(orgUrl)}.</p>
      <table class="slds-table slds-table_cell-buffer slds-table_bordered slds-table_striped">
        <thead><tr class="slds-line-height_reset">
          <th scope="col">Account</th><th scope="col">Segment</th><th scope="col" class="slds-text-align_right">Score</th>
          <th scope="col">Band</th><th scope="col">Flags</th><th scope="col">Open opportunities</th>
        </tr></thead>
        <tbody>
${rows}
        </tbody>
      </table>
    </div>
  </article>
</div>`;
  return layout('Accounts - Customer Health preview', body);
}

export interface RecordPageOptions {
  page: 'account' | 'opportunity';
  recordId: string;
  path: string;
  user: OrgUser;
  localOrg: LocalOrgServer;
}

/**
 * The settings the platform modules read from globalThis.localPlatform: the API version, the
 * user's token, time zone and locale, and the attributes of the Opportunity stages.
 */
export function platformConfigFor(
  localOrg: LocalOrgServer,
  user: OrgUser,
): Record<string, unknown> {
  const [userRecord] = localOrg.org.query(
    `SELECT Id, TimeZoneSidKey, LocaleSidKey FROM User WHERE Id = '${user.Id}'`,
    { user: localOrg.users.admin },
  );
  const opportunityStages: Record<string, unknown> = {};
  for (const [value, stage] of localOrg.org.schema.stages) {
    opportunityStages[value] = {
      closed: stage.isClosed,
      won: stage.isWon,
      defaultProbability: stage.probability,
      forecastCategoryName: stage.forecastCategoryName,
    };
  }
  return {
    apiVersion: localOrg.apiVersion,
    accessToken: user.accessToken,
    user: {
      id: user.Id,
      name: user.Name,
      username: user.Username,
      timeZone: String(userRecord?.TimeZoneSidKey ?? 'GMT'),
      locale: String(userRecord?.LocaleSidKey ?? 'en_US').replace('_', '-'),
    },
    opportunityStages,
  };
}

/** Renders a record page: the settings for the platform modules, then the bundle, which fills #app. */
export function renderRecordPage(options: RecordPageOptions): string {
  const config = platformConfigFor(options.localOrg, options.user);
  const head = `<script>globalThis.localPlatform = ${scriptJson(config)};</script>
<script type="module" src="/assets/main.js"></script>`;
  const title = options.page === 'account' ? 'Account' : 'Opportunity';
  const body = `${topBar({ path: options.path, user: options.user })}
<div class="preview-page slds-p-around_small">
  <div id="app" data-page="${options.page}" data-record-id="${escapeHtml(options.recordId)}"></div>
</div>`;
  return layout(`${title} ${options.recordId} - Customer Health preview`, body, head);
}

export function renderNotFound(message: string): string {
  return layout(
    'Not found - Customer Health preview',
    `${topBar(null)}<div class="preview-page slds-p-around_medium"><div class="slds-notify slds-notify_alert slds-alert_warning" role="alert">${escapeHtml(message)}</div></div>`,
  );
}
