// The components in headless Chromium against the local org: the AE's capture on an open
// opportunity, the health card of a scored account, and the CSM's review followed by a new run
// of the scoring job. Each test writes a screenshot to out/screenshots/, or to SCREENSHOT_DIR
// (`SCREENSHOT_DIR=docs/images` refreshes the README's pictures). The bundle is built once
// for the file, into out/browser-test, unless BROWSER_BUNDLE_DIR names a build to reuse.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Connection } from 'jsforce';
import type { Locator, Page } from 'playwright-core';
import { startLocalOrg, type LocalOrgServer } from '../local-org/index.ts';
import type { BeforeSaveValidator } from '../local-org/org.ts';
import { createMemoryLogger } from '../job/log.ts';
import { runJob } from '../job/run.ts';
import { PROJECT_DIR, buildBrowserBundle } from './build.ts';
import {
  daysFromToday,
  insertOpenDeal,
  insertScoredCustomer,
  type OpenDeal,
  type ScoredCustomer,
} from './fixtures.ts';
import { browserSkipReason, launchBrowser, type BrowserSession } from './harness.ts';
import { readCustomLabels } from './rollup-plugins.ts';
import { startPreviewServer, type PreviewServer } from './server.ts';

const IMAGES_DIR = resolve(PROJECT_DIR, process.env.SCREENSHOT_DIR ?? join('out', 'screenshots'));
const LABELS = readCustomLabels(
  join(PROJECT_DIR, 'force-app/main/default/labels/CustomLabels.labels-meta.xml'),
);
/** How long a step may take to show in the page, in milliseconds. */
const UI_TIMEOUT_MS = 20_000;

function label(name: string): string {
  const value = LABELS.get(name);
  assert.ok(
    value !== undefined,
    `custom label ${name} is missing from CustomLabels.labels-meta.xml`,
  );
  return value;
}

/** Polls `read` until `accept` returns true or the timeout passes; returns the last value read. */
async function waitFor<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  let value = await read();
  while (!accept(value)) {
    if (Date.now() > deadline)
      assert.fail(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((done) => setTimeout(done, 100));
    value = await read();
  }
  return value;
}

async function queryAll(conn: Connection, soql: string): Promise<Record<string, unknown>[]> {
  return (await conn.query<Record<string, unknown>>(soql)).records;
}

async function queryOne(conn: Connection, soql: string): Promise<Record<string, unknown>> {
  const [record] = await queryAll(conn, soql);
  assert.ok(record !== undefined, `no record for ${soql}`);
  return record;
}

/** Opens a lightning-combobox and clicks the option with `value`. */
async function pickOption(combobox: Locator, value: string): Promise<void> {
  await combobox.locator('[role="combobox"]').first().click();
  await combobox.locator(`lightning-base-combobox-item[data-value="${value}"]`).click();
}

async function fillInput(field: Locator, value: string): Promise<void> {
  const input = field.locator('input, textarea').first();
  await input.fill(value);
  await input.blur();
}

/** Returns the message under a lightning input without its assistive copy of the label, or ''. */
async function helpText(field: Locator): Promise<string> {
  const help = field.locator('.slds-form-element__help').first();
  if ((await help.count()) === 0) return '';
  let text = ((await help.textContent()) ?? '').trim();
  for (const hidden of await help.locator('.slds-assistive-text').allTextContents()) {
    if (text.startsWith(hidden.trim())) text = text.slice(hidden.trim().length).trim();
  }
  return text;
}

async function screenshot(page: Page, file: string): Promise<void> {
  mkdirSync(IMAGES_DIR, { recursive: true });
  await page.screenshot({ path: join(IMAGES_DIR, file), fullPage: true });
}

const skip = browserSkipReason();

describe('components in Chromium', { skip }, () => {
  let dataDir: string;
  let localOrg: LocalOrgServer;
  let admin: Connection;
  let preview: PreviewServer;
  let browser: BrowserSession;
  let cardCustomer: ScoredCustomer;
  let reviewCustomer: ScoredCustomer;
  let captureDeal: OpenDeal;
  let rejectedDeal: OpenDeal;
  let actionDeal: OpenDeal;
  let buildMs = 0;
  const asOf = daysFromToday(0);

  before(async () => {
    const reused = process.env.BROWSER_BUNDLE_DIR;
    const bundleDir =
      reused === undefined ? join(PROJECT_DIR, 'out', 'browser-test') : resolve(reused);
    if (reused === undefined) {
      buildMs = (await buildBrowserBundle({ outDir: bundleDir })).totalMs;
    }
    dataDir = mkdtempSync(join(tmpdir(), 'health-browser-org-'));
    localOrg = await startLocalOrg({ dataDir, projectDir: PROJECT_DIR });
    admin = new Connection({
      instanceUrl: localOrg.url,
      accessToken: localOrg.users.admin.accessToken,
      version: localOrg.apiVersion,
    });
    cardCustomer = await insertScoredCustomer(admin, localOrg, 'Blue Harbor Logistics');
    reviewCustomer = await insertScoredCustomer(admin, localOrg, 'Cedar Point Health');
    captureDeal = await insertOpenDeal(admin, localOrg, 'Northwind Freight');
    rejectedDeal = await insertOpenDeal(admin, localOrg, 'Contoso Pharma');
    actionDeal = await insertOpenDeal(admin, localOrg, 'Litware Studios');
    const job = new Connection({
      instanceUrl: localOrg.url,
      accessToken: localOrg.users.job.accessToken,
      version: localOrg.apiVersion,
    });
    const report = await runJob(job, { asOf, log: createMemoryLogger() });
    assert.equal(
      report.status,
      'Succeeded',
      `the first scoring run failed: ${JSON.stringify(report.error)}`,
    );
    preview = await startPreviewServer({ localOrg, bundleDir, log: () => {} });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await preview?.close();
    await localOrg?.close();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  test('capture saves and closes won', async (t) => {
    if (buildMs > 0) t.diagnostic(`browser build: ${(buildMs / 1000).toFixed(1)} s`);
    const page = await browser.newPage();
    await page.goto(`${preview.url}/opportunity/${captureDeal.opportunityId}?as=ae`);
    const capture = page.locator('[data-region="main"] c-deal-context-capture');
    const field = (name: string) => capture.locator(`[data-field="${name}"]`);
    await field('discount').locator('input').waitFor({ timeout: UI_TIMEOUT_MS });

    await fillInput(field('discount'), '18');
    await pickOption(field('icpRating'), '4');
    await field('championId').locator('input').fill('Jordan');
    await capture
      .locator('[data-field="championId"] [role="option"]', { hasText: captureDeal.contactName })
      .click();
    const title = await waitFor(
      () => field('championTitle').locator('input').inputValue(),
      (value) => value !== '',
      "the champion's title filled from the contact",
    );
    assert.equal(title, captureDeal.contactTitle);
    await pickOption(field('championSeniority'), 'Director');
    await field('displacement').locator('label').click();
    await fillInput(field('displacedVendor'), 'Legacy Freight Suite');

    const useCases = capture.locator('fieldset:has([data-property="name"])');
    await fillInput(
      useCases.nth(0).locator('[data-property="name"]'),
      'Automated carrier invoicing',
    );
    await fillInput(
      useCases.nth(0).locator('[data-property="description"]'),
      'Invoices matched to delivery scans.',
    );
    await capture
      .locator('lightning-button button', { hasText: label('HS_Capture_AddUseCase') })
      .click();
    await fillInput(useCases.nth(1).locator('[data-property="name"]'), 'Dock scheduling');
    await capture
      .locator('lightning-button button', { hasText: label('HS_Capture_AddPromise') })
      .click();
    const promise = capture.locator('fieldset:has([data-property="type"])').nth(0);
    await pickOption(promise.locator('[data-property="type"]'), 'Integration');
    await fillInput(
      promise.locator('[data-property="dueOn"]'),
      new Date(`${daysFromToday(90)}T00:00:00Z`).toLocaleDateString('en-US', {
        month: 'short',
        day: 'numeric',
        year: 'numeric',
        timeZone: 'UTC',
      }),
    );
    await fillInput(
      promise.locator('[data-property="description"]'),
      'EDI link to the customer TMS.',
    );

    // The preview scores the deal context as the AE types.
    const previewScore = await waitFor(
      () => capture.locator('.hs-preview-score .slds-text-heading_large').textContent(),
      (text) => /^\d+$/.test((text ?? '').trim()),
      'the baseline preview score',
    );
    assert.match(previewScore ?? '', /^\d+$/);
    await screenshot(page, 'deal-context-capture.png');

    await capture
      .locator('lightning-button button', { hasText: label('HS_Capture_SaveAndCloseWon') })
      .click();
    await waitFor(
      () => page.locator('[data-id="record-header"] [data-id="stage"]').textContent(),
      (stage) => stage === 'Closed Won',
      'the record header to show the won stage',
    );
    await page
      .locator('preview-toast-container [data-variant="success"]')
      .waitFor({ timeout: UI_TIMEOUT_MS });

    const opportunity = await queryOne(
      admin,
      'SELECT StageName, IsWon, Discount_Depth__c, ICP_Fit_Rating__c, Champion__c, Champion_Title_At_Close__c, ' +
        'Champion_Seniority__c, Competitive_Displacement__c, Displaced_Vendor__c, Committed_Use_Case_Count__c ' +
        `FROM Opportunity WHERE Id = '${captureDeal.opportunityId}'`,
    );
    assert.equal(opportunity.StageName, 'Closed Won');
    assert.equal(opportunity.IsWon, true);
    assert.equal(opportunity.Discount_Depth__c, 18);
    assert.equal(opportunity.ICP_Fit_Rating__c, 4);
    assert.equal(opportunity.Champion__c, captureDeal.contactId);
    assert.equal(opportunity.Champion_Title_At_Close__c, captureDeal.contactTitle);
    assert.equal(opportunity.Champion_Seniority__c, 'Director');
    assert.equal(opportunity.Competitive_Displacement__c, true);
    assert.equal(opportunity.Displaced_Vendor__c, 'Legacy Freight Suite');
    assert.equal(opportunity.Committed_Use_Case_Count__c, 2);

    const savedUseCases = await queryAll(
      admin,
      `SELECT Name, Description__c, Status__c FROM Committed_Use_Case__c WHERE Opportunity__c = '${captureDeal.opportunityId}' ORDER BY Name`,
    );
    assert.deepEqual(
      savedUseCases.map((row) => [row.Name, row.Description__c, row.Status__c]),
      [
        ['Automated carrier invoicing', 'Invoices matched to delivery scans.', 'Committed'],
        ['Dock scheduling', null, 'Committed'],
      ],
    );
    const savedPromises = await queryAll(
      admin,
      `SELECT Type__c, Description__c, Due_On__c, Status__c FROM Deal_Promise__c WHERE Opportunity__c = '${captureDeal.opportunityId}'`,
    );
    assert.deepEqual(
      savedPromises.map((row) => [row.Type__c, row.Description__c, row.Due_On__c, row.Status__c]),
      [['Integration', 'EDI link to the customer TMS.', daysFromToday(90), 'Open']],
    );
    assert.deepEqual(browser.pageErrors, []);
    await page.close();
  });

  test('capture keeps values on rejection', async () => {
    const fieldRule: BeforeSaveValidator = ({ object, operation, newRecord }) =>
      object.name === 'Opportunity' &&
      operation === 'update' &&
      Number(newRecord.Discount_Depth__c) > 40
        ? [
            {
              statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
              message: 'Discounts above 40% need Deal Desk approval.',
              fields: ['Discount_Depth__c'],
            },
          ]
        : null;
    const pageRule: BeforeSaveValidator = ({ object, operation, oldRecord, newRecord }) =>
      object.name === 'Opportunity' &&
      operation === 'update' &&
      newRecord.StageName === 'Closed Won' &&
      oldRecord?.StageName !== 'Closed Won'
        ? [
            {
              statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
              message: 'Attach the signed order form before you close the deal.',
              fields: [],
            },
          ]
        : null;
    const rules = localOrg.org.beforeSave;
    rules.push(fieldRule, pageRule);
    try {
      const page = await browser.newPage();
      await page.goto(`${preview.url}/opportunity/${rejectedDeal.opportunityId}?as=ae`);
      const capture = page.locator('[data-region="main"] c-deal-context-capture');
      const field = (name: string) => capture.locator(`[data-field="${name}"]`);
      await field('discount').locator('input').waitFor({ timeout: UI_TIMEOUT_MS });
      await fillInput(field('discount'), '45');
      await pickOption(field('icpRating'), '3');
      await field('championId').locator('input').fill('Jordan');
      await capture
        .locator('[data-field="championId"] [role="option"]', { hasText: rejectedDeal.contactName })
        .click();
      await waitFor(
        () => field('championTitle').locator('input').inputValue(),
        (value) => value !== '',
        "the champion's title",
      );
      await pickOption(field('championSeniority'), 'VP');
      await field('displacement').locator('label').click();
      await fillInput(field('displacedVendor'), 'Veeva');
      const useCase = capture.locator('fieldset:has([data-property="name"])').nth(0);
      await fillInput(useCase.locator('[data-property="name"]'), 'Batch release tracking');
      const save = capture.locator('lightning-button button', {
        hasText: label('HS_Capture_SaveAndCloseWon'),
      });

      // A rule on a field: its message shows on the field, and nothing is saved.
      await save.click();
      const discountHelp = await waitFor(
        () => helpText(field('discount')),
        (text) => text !== '',
        'the discount error',
      );
      assert.equal(discountHelp, 'Discounts above 40% need Deal Desk approval.');
      assert.match(String(await field('discount').getAttribute('class')), /slds-has-error/);
      assert.match(await field('discount').locator('input').inputValue(), /45/);
      assert.equal(await field('displacedVendor').locator('input').inputValue(), 'Veeva');
      assert.equal(
        await useCase.locator('[data-property="name"] input').inputValue(),
        'Batch release tracking',
      );
      assert.equal(
        await field('championTitle').locator('input').inputValue(),
        rejectedDeal.contactTitle,
      );
      const panel = capture.locator('c-error-panel');
      assert.ok(
        ((await panel.textContent()) ?? '').includes(label('HS_Error_ReviewFields')),
        'the error panel asks to review the highlighted fields',
      );
      await screenshot(page, 'deal-context-capture-error.png');
      let opportunity = await queryOne(
        admin,
        `SELECT IsWon, Discount_Depth__c FROM Opportunity WHERE Id = '${rejectedDeal.opportunityId}'`,
      );
      assert.equal(opportunity.IsWon, false);
      assert.equal(opportunity.Discount_Depth__c, null);
      assert.equal(
        (
          await queryAll(
            admin,
            `SELECT Id FROM Committed_Use_Case__c WHERE Opportunity__c = '${rejectedDeal.opportunityId}'`,
          )
        ).length,
        0,
      );

      // A rule without a field: its message shows in the error panel once the fields are saved.
      await fillInput(field('discount'), '30');
      await save.click();
      await waitFor(
        async () => (await panel.textContent()) ?? '',
        (text) => text.includes('Attach the signed order form before you close the deal.'),
        'the page-level error in the error panel',
      );
      assert.equal(await helpText(field('discount')), '');
      assert.equal(await field('displacedVendor').locator('input').inputValue(), 'Veeva');
      opportunity = await queryOne(
        admin,
        `SELECT IsWon, Discount_Depth__c FROM Opportunity WHERE Id = '${rejectedDeal.opportunityId}'`,
      );
      assert.equal(opportunity.IsWon, false);
      assert.equal(opportunity.Discount_Depth__c, 30);

      // Without the rules the same form closes the deal, and the use case is not created twice.
      rules.splice(rules.indexOf(pageRule), 1);
      await save.click();
      await waitFor(
        () => page.locator('[data-id="record-header"] [data-id="stage"]').textContent(),
        (stage) => stage === 'Closed Won',
        'the won stage after the retry',
      );
      opportunity = await queryOne(
        admin,
        `SELECT IsWon FROM Opportunity WHERE Id = '${rejectedDeal.opportunityId}'`,
      );
      assert.equal(opportunity.IsWon, true);
      const useCases = await queryAll(
        admin,
        `SELECT Name FROM Committed_Use_Case__c WHERE Opportunity__c = '${rejectedDeal.opportunityId}'`,
      );
      assert.deepEqual(
        useCases.map((row) => row.Name),
        ['Batch release tracking'],
      );
      await page.close();
    } finally {
      for (const rule of [fieldRule, pageRule]) {
        if (rules.includes(rule)) rules.splice(rules.indexOf(rule), 1);
      }
    }
  });

  test('quick action closes on cancel', async () => {
    const page = await browser.newPage();
    await page.goto(`${preview.url}/opportunity/${actionDeal.opportunityId}?as=ae`);
    await page
      .locator('[data-region="main"] c-deal-context-capture [data-field="discount"] input')
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await page
      .locator('[data-id="record-header"] lightning-button button', {
        hasText: 'Capture Deal Context',
      })
      .click();
    const action = page.locator('[data-region="quick-action"] c-deal-context-capture');
    // The action's component receives recordId after it is connected, then loads the record.
    await action.locator('[data-field="discount"] input').waitFor({ timeout: UI_TIMEOUT_MS });
    await fillInput(action.locator('[data-field="discount"]'), '12');
    await action.locator('lightning-button button', { hasText: label('HS_Common_Cancel') }).click();
    await page
      .locator('section[role="dialog"]')
      .waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    const opportunity = await queryOne(
      admin,
      `SELECT Discount_Depth__c, IsWon FROM Opportunity WHERE Id = '${actionDeal.opportunityId}'`,
    );
    assert.equal(opportunity.Discount_Depth__c, null, 'cancel saves nothing');
    assert.equal(opportunity.IsWon, false);
    assert.deepEqual(browser.pageErrors, []);
    await page.close();
  });

  test('health card renders with SLDS', async () => {
    const account = await queryOne(
      admin,
      'SELECT Health_Score__c, Health_Band__c, Health_Flags__c, Health_Drivers__c, Product_Signal_Score__c, ' +
        `Deal_Context_Score__c FROM Account WHERE Id = '${cardCustomer.accountId}'`,
    );
    assert.equal(typeof account.Health_Score__c, 'number', 'the job scored the account');
    const page = await browser.newPage();
    await page.goto(`${preview.url}/account/${cardCustomer.accountId}?as=csm`);
    const card = page.locator('c-account-health-card');
    const score = card.locator('[data-id="score"] .slds-text-heading_large');
    await score.waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal((await score.textContent())?.trim(), String(account.Health_Score__c));
    const badge = card.locator('[data-id="score"] lightning-badge');
    assert.equal((await badge.textContent())?.trim(), label(`HS_Band_${account.Health_Band__c}`));

    const flags = String(account.Health_Flags__c).split(';');
    assert.ok(flags.length >= 3, `the fixture raises several flags: ${flags.join(', ')}`);
    const shownFlags = await card
      .locator('li[data-flag]')
      .evaluateAll((items) =>
        items.map((item) => [item.getAttribute('data-flag'), item.textContent?.trim()]),
      );
    assert.deepEqual(
      shownFlags,
      flags.map((flag) => [flag, label(`HS_Flag_${flag}`)]),
    );

    const stored = JSON.parse(String(account.Health_Drivers__c)) as {
      drivers: { signal: string; reason: string; pointsLost: number }[];
    };
    const expectedDrivers = stored.drivers
      .filter((driver) => driver.pointsLost >= 0.005)
      .sort((a, b) => b.pointsLost - a.pointsLost)
      .slice(0, 3)
      .map((driver) => `${driver.signal}-${driver.reason}`);
    const shownDrivers = await card
      .locator('li[data-driver]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-driver')));
    assert.deepEqual(shownDrivers, expectedDrivers);
    const layers = await card.locator('[data-layer] .slds-text-heading_medium').allTextContents();
    const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
    assert.deepEqual(
      layers.map((text) => text.trim()),
      [account.Product_Signal_Score__c, account.Deal_Context_Score__c].map((value) =>
        oneDecimal.format(Number(value)),
      ),
    );

    // Real SLDS: the style sheet is loaded and applies inside the components' synthetic shadow.
    const sheets = await page.evaluate(() =>
      Array.from(document.styleSheets, (sheet) => sheet.href ?? ''),
    );
    assert.ok(sheets.some((href) => href.endsWith('/salesforce-lightning-design-system.min.css')));
    const computed = (locator: Locator) =>
      locator.evaluate((element) => {
        const style = getComputedStyle(element);
        return {
          className: element.getAttribute('class') ?? '',
          background: style.backgroundColor,
          radius: style.borderRadius,
          fontFamily: style.fontFamily,
        };
      });
    const article = await computed(card.locator('lightning-card article').first());
    assert.match(article.className, /\bslds-card\b/);
    assert.equal(article.background, 'rgb(255, 255, 255)');
    assert.notEqual(article.radius, '0px');
    assert.match(article.fontFamily, /Salesforce Sans|-apple-system|system-ui/);
    const badgeStyle = await computed(badge);
    assert.notEqual(badgeStyle.background, 'rgba(0, 0, 0, 0)');
    assert.notEqual(badgeStyle.radius, '0px');
    assert.ok(
      (await card.locator('lightning-card lightning-icon svg').count()) > 0,
      'the card header icon renders as SVG',
    );
    await screenshot(page, 'health-card.png');
    assert.deepEqual(browser.pageErrors, []);
    assert.deepEqual(browser.blockedRequests, []);
    await page.close();
  });

  test('review then rescoring updates the card', async () => {
    const before = await queryOne(
      admin,
      `SELECT Health_Score__c FROM Account WHERE Id = '${reviewCustomer.accountId}'`,
    );
    const page = await browser.newPage();
    await page.goto(`${preview.url}/account/${reviewCustomer.accountId}?as=csm`);
    const review = page.locator('[data-region="main"] c-deal-context-review');
    const card = page.locator('c-account-health-card');
    await card
      .locator('[data-id="score"] .slds-text-heading_large')
      .waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(
      (await card.locator('[data-id="score"] .slds-text-heading_large').textContent())?.trim(),
      String(before.Health_Score__c),
    );

    await review.locator('[data-field="championStatus"]').waitFor({ timeout: UI_TIMEOUT_MS });
    await pickOption(review.locator('[data-field="championStatus"]'), 'Title Changed');
    const [firstUseCase, secondUseCase] = reviewCustomer.useCaseIds;
    await pickOption(review.locator(`[data-field="${firstUseCase}.status"]`), 'Active');
    await pickOption(review.locator(`[data-field="${secondUseCase}.status"]`), 'Not Active');
    await review.locator('lightning-button button', { hasText: label('HS_Review_Save') }).click();
    await page
      .locator('preview-toast-container [data-variant="success"]')
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'deal-context-review.png');

    const account = await queryOne(
      admin,
      `SELECT Champion_Status__c, Champion_Reviewed_On__c FROM Account WHERE Id = '${reviewCustomer.accountId}'`,
    );
    assert.equal(account.Champion_Status__c, 'Title Changed');
    assert.equal(account.Champion_Reviewed_On__c, asOf);
    const useCases = await queryAll(
      admin,
      `SELECT Id, Status__c, Reviewed_On__c FROM Committed_Use_Case__c WHERE Opportunity__c = '${reviewCustomer.opportunityId}'`,
    );
    const byId = new Map(useCases.map((row) => [row.Id, row]));
    assert.equal(byId.get(firstUseCase)?.Status__c, 'Active');
    assert.equal(byId.get(firstUseCase)?.Reviewed_On__c, asOf);
    assert.equal(byId.get(secondUseCase)?.Status__c, 'Not Active');

    const job = new Connection({
      instanceUrl: localOrg.url,
      accessToken: localOrg.users.job.accessToken,
      version: localOrg.apiVersion,
    });
    const report = await runJob(job, { asOf, log: createMemoryLogger() });
    assert.equal(report.status, 'Succeeded');
    const rescored = await queryOne(
      admin,
      `SELECT Health_Score__c, Health_Flags__c FROM Account WHERE Id = '${reviewCustomer.accountId}'`,
    );
    assert.notEqual(
      rescored.Health_Score__c,
      before.Health_Score__c,
      'the review changes the score',
    );
    assert.match(String(rescored.Health_Flags__c), /CHAMPION_CHANGED/);

    await page.reload();
    const score = card.locator('[data-id="score"] .slds-text-heading_large');
    await score.waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal((await score.textContent())?.trim(), String(rescored.Health_Score__c));
    assert.ok(
      (await card.locator('li[data-flag="CHAMPION_CHANGED"]').count()) === 1,
      'the card shows the new CHAMPION_CHANGED flag',
    );
    assert.deepEqual(browser.pageErrors, []);
    await page.close();
  });
});
