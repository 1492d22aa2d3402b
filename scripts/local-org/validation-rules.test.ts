// The project's validation rules in the local org, through jsforce over HTTP as each user. Every
// rule rejects the save it is written for and lets the others through, and the job and the admin
// pass where people do not. Roll-up summaries save their parent again, and a rule that formulon
// cannot evaluate stops the org from starting. Each test runs its own org in a temporary folder.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import type { Connection } from 'jsforce';
import { splitTopLevelAnd, stripComments } from './formula-text.ts';
import { percentAsFraction } from './formula-values.ts';
import { PROJECT_ROOT, startLocalOrg } from './index.ts';
import { booleanOf, readMetadataFile, textOf } from './metadata-xml.ts';
import { LocalOrg } from './org.ts';
import { rejection, startTestOrg, type TestOrg } from './test-support.ts';
import { importTreePlan } from './tree-plan.ts';
import type { UserKey } from './users.ts';
import { loadValidationRules, ValidationRuleError } from './validation-rules.ts';

const OBJECTS_DIR = join(PROJECT_ROOT, 'force-app', 'main', 'default', 'objects');
const PEOPLE: UserKey[] = ['ae', 'csm', 'revops'];

interface ApiError {
  statusCode: string;
  message: string;
  fields: string[];
}

interface SaveResult {
  id?: string;
  success: boolean;
  errors: ApiError[];
}

type Row = Record<string, unknown>;

// ---- Helpers ----------------------------------------------------------------------------------

async function withOrg(run: (org: TestOrg) => Promise<void>, projectDir?: string): Promise<void> {
  const org = await startTestOrg(undefined, projectDir);
  try {
    await run(org);
  } finally {
    await org.close();
  }
}

/** The error a rule returns, with its message read from the rule's file. */
function ruleError(object: string, rule: string, fields: string[]): ApiError {
  const path = join(OBJECTS_DIR, object, 'validationRules', `${rule}.validationRule-meta.xml`);
  const message = textOf(readMetadataFile(path, 'ValidationRule'), 'errorMessage');
  assert.ok(message, `${path} has no errorMessage`);
  return { statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message, fields };
}

function byMessage(errors: ApiError[]): ApiError[] {
  return [...errors].sort((a, b) => a.message.localeCompare(b.message));
}

/** Creates one record through sObject Collections, which return every error of the row. */
async function createOne(conn: Connection, type: string, record: Row): Promise<SaveResult> {
  const [result] = (await conn
    .sobject(type)
    .create([record], { allOrNone: false })) as SaveResult[];
  return result;
}

async function updateOne(
  conn: Connection,
  type: string,
  record: Row & { Id: string },
): Promise<SaveResult> {
  const [result] = (await conn
    .sobject(type)
    .update([record], { allOrNone: false })) as SaveResult[];
  return result;
}

async function createId(conn: Connection, type: string, record: Row): Promise<string> {
  const result = await createOne(conn, type, record);
  assert.deepEqual(result.errors, [], `creating ${type} ${JSON.stringify(record)}`);
  return result.id as string;
}

async function updateOk(
  conn: Connection,
  type: string,
  record: Row & { Id: string },
): Promise<void> {
  const result = await updateOne(conn, type, record);
  assert.deepEqual(result.errors, [], `updating ${type} ${JSON.stringify(record)}`);
  assert.equal(result.success, true);
}

async function fetchRow(conn: Connection, type: string, id: string, fields: string[]) {
  const { records } = await conn.query<Row>(
    `SELECT ${fields.join(', ')} FROM ${type} WHERE Id = '${id}'`,
  );
  assert.equal(records.length, 1, `${type} ${id} not found`);
  return records[0];
}

interface Deal {
  accountId: string;
  contactId: string;
  opportunityId: string;
}

/** Creates, as the admin, an account, its champion and an open opportunity with `fields`. */
async function createDeal(org: TestOrg, fields: Row = {}): Promise<Deal> {
  const admin = org.connect('admin');
  const accountId = await createId(admin, 'Account', { Name: 'Acme' });
  const contactId = await createId(admin, 'Contact', {
    LastName: 'Rivera',
    Title: 'VP Operations',
    AccountId: accountId,
  });
  const opportunityId = await createId(admin, 'Opportunity', {
    Name: 'Acme platform',
    AccountId: accountId,
    StageName: 'Negotiation/Review',
    CloseDate: '2025-03-31',
    ...fields,
  });
  return { accountId, contactId, opportunityId };
}

function dealContext(deal: Deal): Row {
  return {
    Discount_Depth__c: 15,
    ICP_Fit_Rating__c: 4,
    Champion__c: deal.contactId,
    Champion_Title_At_Close__c: 'VP Operations',
  };
}

function useCase(opportunityId: string, name = 'Forecasting'): Row {
  return { Name: name, Opportunity__c: opportunityId, Status__c: 'Committed' };
}

/** Copies the project (without LWC bundles) into a temporary folder and writes `files` into it. */
function projectWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'validation-rules-project-'));
  cpSync(join(PROJECT_ROOT, 'sfdx-project.json'), join(dir, 'sfdx-project.json'));
  const lwcDir = join(PROJECT_ROOT, 'force-app', 'main', 'default', 'lwc');
  cpSync(join(PROJECT_ROOT, 'force-app'), join(dir, 'force-app'), {
    recursive: true,
    filter: (source) => source !== lwcDir,
  });
  for (const [path, content] of Object.entries(files)) {
    const target = join(dir, 'force-app', 'main', 'default', path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return dir;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function ruleFile(rule: {
  name: string;
  formula: string;
  message: string;
  field?: string;
  active?: boolean;
}): string {
  const displayField =
    rule.field === undefined ? '' : `<errorDisplayField>${rule.field}</errorDisplayField>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<ValidationRule xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>${rule.name}</fullName>
    <active>${rule.active ?? true}</active>
    <errorConditionFormula>${escapeXml(rule.formula)}</errorConditionFormula>
    ${displayField}
    <errorMessage>${escapeXml(rule.message)}</errorMessage>
</ValidationRule>
`;
}

// ---- Loading ----------------------------------------------------------------------------------

describe('loading the rules', () => {
  test('every active rule of force-app loads', () => {
    const expected: string[] = [];
    for (const object of readdirSync(OBJECTS_DIR)) {
      const dir = join(OBJECTS_DIR, object, 'validationRules');
      let files: string[] = [];
      try {
        files = readdirSync(dir);
      } catch {
        continue;
      }
      for (const file of files) {
        if (booleanOf(readMetadataFile(join(dir, file), 'ValidationRule'), 'active')) {
          expected.push(`${object}.${file.replace('.validationRule-meta.xml', '')}`);
        }
      }
    }
    const org = LocalOrg.open({ projectDir: PROJECT_ROOT, dataDir: null, apiVersion: '68.0' });
    const rules = loadValidationRules(org.schema, PROJECT_ROOT).rules;
    assert.deepEqual(
      rules.map((rule) => `${rule.object.name}.${rule.name}`).sort(),
      expected.sort(),
    );
    assert.equal(rules.length, 29);
  });

  test('rules formulon cannot evaluate stop the start', async () => {
    const bad = (name: string, formula: string, active = true) => [
      `objects/Account/validationRules/${name}.validationRule-meta.xml`,
      ruleFile({ name, formula, message: 'Never shown.', active }),
    ];
    const projectDir = projectWith(
      Object.fromEntries([
        bad('Uses_Unimplemented_Function', 'ISNUMBER(Name)'),
        bad('Names_Unknown_Field', 'ISBLANK(Loyalty_Tier__c)'),
        bad('Names_Unknown_Permission', '$Permission.Health_Score_Typo'),
        bad('Names_User_Global', '$User.Alias = "x"'),
        bad('Changes_An_Expression', 'ISCHANGED(TEXT(Industry))'),
        bad('Returns_A_Number', 'NPS__c + 1'),
        bad('Inactive_And_Broken', 'ISNUMBER(Name)', false),
      ]),
    );
    const dataDir = mkdtempSync(join(tmpdir(), 'validation-rules-data-'));
    try {
      const error = await rejection(startLocalOrg({ dataDir, projectDir }));
      assert.ok(error instanceof ValidationRuleError, String(error));
      for (const name of [
        'Uses_Unimplemented_Function',
        'Names_Unknown_Field',
        'Names_Unknown_Permission',
        'Names_User_Global',
        'Changes_An_Expression',
        'Returns_A_Number',
      ]) {
        assert.match(error.message, new RegExp(`Account\\.${name} \\(`), `${name} not reported`);
      }
      assert.doesNotMatch(error.message, /Inactive_And_Broken/);
      assert.match(error.message, /Loyalty_Tier__c/);
      assert.match(error.message, /Health_Score_Typo/);
    } finally {
      rmSync(projectDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('formula text', () => {
  test('top-level AND splits into conditions', () => {
    assert.deepEqual(splitTopLevelAnd('AND(\n  A,\n  OR(B, C),\n  D = "x, y)"\n)'), [
      'A',
      'OR(B, C)',
      'D = "x, y)"',
    ]);
    assert.deepEqual(splitTopLevelAnd('AND(A, B) || C'), ['AND(A, B) || C']);
    assert.deepEqual(splitTopLevelAnd('OR(A, B)'), ['OR(A, B)']);
  });

  test('comments go, strings stay', () => {
    assert.equal(stripComments('A /* note */ = "/* kept */"'), 'A   = "/* kept */"');
  });

  test('percent becomes a fraction exactly', () => {
    assert.equal(percentAsFraction(25), 0.25);
    assert.equal(percentAsFraction(140), 1.4);
    assert.equal(percentAsFraction(0.07), 0.0007);
    assert.equal(percentAsFraction(1e-7), 1e-9);
  });
});

// ---- Closing a deal ---------------------------------------------------------------------------

describe('closing a deal as won', () => {
  test('each missing field fails with its own error', async () => {
    await withOrg(async (org) => {
      const ae = org.connect('ae');
      const requirements: [string, string, string][] = [
        ['Discount_Depth__c', 'Won_Requires_Discount_Depth', 'Discount_Depth__c'],
        ['ICP_Fit_Rating__c', 'Won_Requires_ICP_Fit_Rating', 'ICP_Fit_Rating__c'],
        ['Champion__c', 'Won_Requires_Champion', 'Champion__c'],
        ['Champion_Title_At_Close__c', 'Won_Requires_Champion_Title', 'Champion_Title_At_Close__c'],
        ['use case', 'Won_Requires_Committed_Use_Case', 'StageName'],
      ];
      for (const [missing, rule, field] of requirements) {
        const deal = await createDeal(org);
        const context = dealContext(deal);
        if (missing !== 'use case') {
          delete context[missing];
          await createId(ae, 'Committed_Use_Case__c', useCase(deal.opportunityId));
        }
        await updateOk(ae, 'Opportunity', { Id: deal.opportunityId, ...context });

        const result = await updateOne(ae, 'Opportunity', {
          Id: deal.opportunityId,
          StageName: 'Closed Won',
        });
        assert.equal(result.success, false, `closed without ${missing}`);
        assert.deepEqual(result.errors, [ruleError('Opportunity', rule, [field])], missing);
        const row = await fetchRow(ae, 'Opportunity', deal.opportunityId, ['StageName', 'IsWon']);
        assert.equal(row.StageName, 'Negotiation/Review');
        assert.equal(row.IsWon, false);
      }
    });
  });

  test('closing with nothing lists every error', async () => {
    await withOrg(async (org) => {
      const deal = await createDeal(org);
      const result = await updateOne(org.connect('ae'), 'Opportunity', {
        Id: deal.opportunityId,
        StageName: 'Closed Won',
      });
      assert.equal(result.success, false);
      assert.deepEqual(
        byMessage(result.errors),
        byMessage([
          ruleError('Opportunity', 'Won_Requires_Discount_Depth', ['Discount_Depth__c']),
          ruleError('Opportunity', 'Won_Requires_ICP_Fit_Rating', ['ICP_Fit_Rating__c']),
          ruleError('Opportunity', 'Won_Requires_Champion', ['Champion__c']),
          ruleError('Opportunity', 'Won_Requires_Champion_Title', ['Champion_Title_At_Close__c']),
          ruleError('Opportunity', 'Won_Requires_Committed_Use_Case', ['StageName']),
        ]),
      );
    });
  });

  test('use cases first, then the stage', async () => {
    await withOrg(async (org) => {
      const ae = org.connect('ae');
      const deal = await createDeal(org);
      await createId(ae, 'Committed_Use_Case__c', useCase(deal.opportunityId));
      await updateOk(ae, 'Opportunity', { Id: deal.opportunityId, ...dealContext(deal) });
      await updateOk(ae, 'Opportunity', { Id: deal.opportunityId, StageName: 'Closed Won' });
      const row = await fetchRow(ae, 'Opportunity', deal.opportunityId, [
        'IsWon',
        'IsClosed',
        'Committed_Use_Case_Count__c',
      ]);
      assert.equal(row.IsWon, true);
      assert.equal(row.IsClosed, true);
      assert.equal(row.Committed_Use_Case_Count__c, 1);
    });
  });

  test('deleted use case counts no more', async () => {
    await withOrg(async (org) => {
      const ae = org.connect('ae');
      const deal = await createDeal(org);
      const useCaseId = await createId(ae, 'Committed_Use_Case__c', useCase(deal.opportunityId));
      await updateOk(ae, 'Opportunity', { Id: deal.opportunityId, ...dealContext(deal) });
      await ae.sobject('Committed_Use_Case__c').destroy(useCaseId);
      const result = await updateOne(ae, 'Opportunity', {
        Id: deal.opportunityId,
        StageName: 'Closed Won',
      });
      assert.deepEqual(result.errors, [
        ruleError('Opportunity', 'Won_Requires_Committed_Use_Case', ['StageName']),
      ]);
    });
  });

  test('creating a deal as won fails', async () => {
    await withOrg(async (org) => {
      const ae = org.connect('ae');
      const deal = await createDeal(org);
      const bare = await createOne(ae, 'Opportunity', {
        Name: 'Won at once',
        AccountId: deal.accountId,
        StageName: 'Closed Won',
        CloseDate: '2025-04-30',
      });
      assert.equal(bare.success, false);
      assert.equal(bare.errors.length, 5);
      assert.ok(
        bare.errors.every((error) => error.statusCode === 'FIELD_CUSTOM_VALIDATION_EXCEPTION'),
      );

      // A new opportunity has no use cases yet, so even a complete one is saved open first.
      const complete = await createOne(ae, 'Opportunity', {
        Name: 'Won at once',
        AccountId: deal.accountId,
        StageName: 'Closed Won',
        CloseDate: '2025-04-30',
        ...dealContext(deal),
      });
      assert.deepEqual(complete.errors, [
        ruleError('Opportunity', 'Won_Requires_Committed_Use_Case', ['StageName']),
      ]);
      const { totalSize } = await ae.query(
        `SELECT COUNT() FROM Opportunity WHERE Name = 'Won at once'`,
      );
      assert.equal(totalSize, 0);
    });
  });

  test('plain REST update to won is rejected', async () => {
    await withOrg(async (org) => {
      const deal = await createDeal(org);
      const ae = org.connect('ae');
      const error = await rejection(
        ae.sobject('Opportunity').update({ Id: deal.opportunityId, StageName: 'Closed Won' }),
      );
      // jsforce reports a body of several errors as MULTIPLE_API_ERRORS, with the body as data.
      assert.equal(error.errorCode, 'MULTIPLE_API_ERRORS');
      const body = error.data as { errorCode: string; fields: string[] }[];
      assert.equal(body.length, 5);
      assert.ok(body.every((entry) => entry.errorCode === 'FIELD_CUSTOM_VALIDATION_EXCEPTION'));

      // The REST body lists every error as { message, errorCode, fields }.
      const response = await fetch(
        `${org.server.url}/services/data/v${org.server.apiVersion}/sobjects/Opportunity/${deal.opportunityId}`,
        {
          method: 'PATCH',
          headers: {
            Authorization: `Bearer ${org.server.users.ae.accessToken}`,
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({ StageName: 'Closed Won', ...dealContext(deal) }),
        },
      );
      assert.equal(response.status, 400);
      const expected = ruleError('Opportunity', 'Won_Requires_Committed_Use_Case', ['StageName']);
      assert.deepEqual(await response.json(), [
        { message: expected.message, errorCode: expected.statusCode, fields: expected.fields },
      ]);
      const row = await fetchRow(ae, 'Opportunity', deal.opportunityId, [
        'IsWon',
        'Discount_Depth__c',
      ]);
      assert.equal(row.IsWon, false);
      assert.equal(row.Discount_Depth__c, null);
    });
  });

  test('renamed won stage is still won', async () => {
    const stage = (
      name: string,
      closed: boolean,
      won: boolean,
      probability: number,
      category: string,
    ) => `
    <standardValue>
        <fullName>${name}</fullName>
        <default>false</default>
        <label>${name}</label>
        <closed>${closed}</closed>
        <probability>${probability}</probability>
        <won>${won}</won>
        <forecastCategory>${category}</forecastCategory>
    </standardValue>`;
    const projectDir = projectWith({
      'standardValueSets/OpportunityStage.standardValueSet-meta.xml': `<?xml version="1.0" encoding="UTF-8"?>
<StandardValueSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <sorted>false</sorted>${stage('Discovery', false, false, 10, 'Pipeline')}${stage('Signed', true, true, 100, 'Closed')}${stage('Signed Renewal', true, true, 100, 'Closed')}${stage('Lost', true, false, 0, 'Omitted')}
</StandardValueSet>
`,
    });
    try {
      await withOrg(async (org) => {
        const ae = org.connect('ae');
        const deal = await createDeal(org, { StageName: 'Discovery' });
        const rejected = await updateOne(ae, 'Opportunity', {
          Id: deal.opportunityId,
          StageName: 'Signed',
        });
        assert.equal(rejected.errors.length, 5, JSON.stringify(rejected.errors));

        await createId(ae, 'Committed_Use_Case__c', useCase(deal.opportunityId));
        await updateOk(ae, 'Opportunity', {
          Id: deal.opportunityId,
          StageName: 'Signed',
          ...dealContext(deal),
        });

        // A deal won before the rules moves between won stages: it does not become won again.
        const legacy = await createDeal(org, { StageName: 'Signed' });
        await updateOk(ae, 'Opportunity', {
          Id: legacy.opportunityId,
          StageName: 'Signed Renewal',
        });
        // Lost is closed but not won, so nothing is required.
        await updateOk(ae, 'Opportunity', { Id: legacy.opportunityId, StageName: 'Lost' });
      }, projectDir);
    } finally {
      rmSync(projectDir, { recursive: true, force: true });
    }
  });

  test('displacement requires the vendor', async () => {
    await withOrg(async (org) => {
      const ae = org.connect('ae');
      const deal = await createDeal(org);
      await createId(ae, 'Committed_Use_Case__c', useCase(deal.opportunityId));
      // While open, the box may be checked without a vendor.
      await updateOk(ae, 'Opportunity', {
        Id: deal.opportunityId,
        ...dealContext(deal),
        Competitive_Displacement__c: true,
      });
      const rejected = await updateOne(ae, 'Opportunity', {
        Id: deal.opportunityId,
        StageName: 'Closed Won',
      });
      assert.deepEqual(rejected.errors, [
        ruleError('Opportunity', 'Displacement_Requires_Vendor', ['Displaced_Vendor__c']),
      ]);
      await updateOk(ae, 'Opportunity', {
        Id: deal.opportunityId,
        StageName: 'Closed Won',
        Displaced_Vendor__c: 'Globex',
      });
      const cleared = await updateOne(ae, 'Opportunity', {
        Id: deal.opportunityId,
        Displaced_Vendor__c: null,
      });
      assert.deepEqual(cleared.errors, [
        ruleError('Opportunity', 'Displacement_Requires_Vendor', ['Displaced_Vendor__c']),
      ]);
    });
  });
});

// ---- Ranges -------------------------------------------------------------------------------------

describe('range rules', () => {
  test('discount depth is 0 to 100 %', async () => {
    await withOrg(async (org) => {
      const ae = org.connect('ae');
      const deal = await createDeal(org);
      const error = ruleError('Opportunity', 'Discount_Depth_Range', ['Discount_Depth__c']);
      for (const value of [140, -1, 100.01]) {
        const result = await updateOne(ae, 'Opportunity', {
          Id: deal.opportunityId,
          Discount_Depth__c: value,
        });
        assert.deepEqual(result.errors, [error], `Discount_Depth__c ${value}`);
      }
      const created = await createOne(ae, 'Opportunity', {
        Name: 'Deep discount',
        StageName: 'Prospecting',
        CloseDate: '2025-05-31',
        Discount_Depth__c: 140,
      });
      assert.deepEqual(created.errors, [error]);
      for (const value of [25, 0, 100]) {
        await updateOk(ae, 'Opportunity', { Id: deal.opportunityId, Discount_Depth__c: value });
      }
      await updateOk(ae, 'Opportunity', { Id: deal.opportunityId, Discount_Depth__c: 25 });
      const row = await fetchRow(ae, 'Opportunity', deal.opportunityId, ['Discount_Depth__c']);
      assert.equal(row.Discount_Depth__c, 25);
    });
  });

  test('ICP fit rating is a whole 1 to 5', async () => {
    await withOrg(async (org) => {
      const ae = org.connect('ae');
      const deal = await createDeal(org);
      const error = ruleError('Opportunity', 'ICP_Fit_Rating_Range', ['ICP_Fit_Rating__c']);
      for (const value of [0, 6, 2.5, -1]) {
        const result = await updateOne(ae, 'Opportunity', {
          Id: deal.opportunityId,
          ICP_Fit_Rating__c: value,
        });
        assert.deepEqual(result.errors, [error], `ICP_Fit_Rating__c ${value}`);
      }
      for (const value of [1, 5, 3]) {
        await updateOk(ae, 'Opportunity', { Id: deal.opportunityId, ICP_Fit_Rating__c: value });
      }
    });
  });

  test('account signals stay in range', async () => {
    await withOrg(async (org) => {
      const csm = org.connect('csm');
      const accountId = await createId(org.connect('admin'), 'Account', { Name: 'Signals' });
      const cases: [string, string, number[], number[]][] = [
        ['NPS__c', 'NPS_Range', [101, -101], [100, -100, 0]],
        ['Login_Days_30d__c', 'Login_Days_30d_Range', [31, -1, 12.5], [30, 0, 12]],
        ['Seats_Purchased__c', 'Seats_Purchased_Range', [-1, 2.5], [0, 120]],
        ['Seats_Active__c', 'Seats_Active_Range', [-3, 0.5], [0, 80]],
        ['Support_Tickets_90d__c', 'Support_Tickets_90d_Range', [-2, 1.5], [0, 4]],
        ['Active_User_Ratio__c', 'Active_User_Ratio_Range', [120, -0.1], [90, 0, 100]],
      ];
      for (const [field, rule, invalid, valid] of cases) {
        for (const value of invalid) {
          const result = await updateOne(csm, 'Account', { Id: accountId, [field]: value });
          assert.deepEqual(
            result.errors,
            [ruleError('Account', rule, [field])],
            `${field} ${value}`,
          );
          const created = await createOne(csm, 'Account', { Name: 'New', [field]: value });
          assert.deepEqual(
            created.errors,
            [ruleError('Account', rule, [field])],
            `new ${field} ${value}`,
          );
        }
        for (const value of valid) {
          await updateOk(csm, 'Account', { Id: accountId, [field]: value });
        }
      }
    });
  });

  test('legacy values block only their own change', async () => {
    await withOrg(async (org) => {
      // Seeded from a tree plan as the admin, as `npm run score -- --data` does.
      const planDir = mkdtempSync(join(tmpdir(), 'validation-rules-plan-'));
      try {
        writeFileSync(
          join(planDir, 'plan.json'),
          JSON.stringify([
            { sobject: 'Account', saveRefs: true, resolveRefs: false, files: ['Accounts.json'] },
            {
              sobject: 'Opportunity',
              saveRefs: false,
              resolveRefs: true,
              files: ['Opportunities.json'],
            },
          ]),
        );
        writeFileSync(
          join(planDir, 'Accounts.json'),
          JSON.stringify({
            records: [
              {
                attributes: { type: 'Account', referenceId: 'AccountRef1' },
                Name: 'Legacy Corp',
                NPS__c: 150,
                Login_Days_30d__c: 45,
                Seats_Active__c: -5,
                Health_Score__c: 12,
              },
            ],
          }),
        );
        writeFileSync(
          join(planDir, 'Opportunities.json'),
          JSON.stringify({
            records: [
              {
                attributes: { type: 'Opportunity', referenceId: 'OpportunityRef1' },
                Name: 'Legacy deal',
                AccountId: '@AccountRef1',
                StageName: 'Closed Won',
                CloseDate: '2023-06-30',
                ICP_Fit_Rating__c: 7,
                Discount_Depth__c: 160,
              },
            ],
          }),
        );
        const seeded = await importTreePlan(org.connect('admin'), join(planDir, 'plan.json'));
        assert.deepEqual(seeded.errors, []);
      } finally {
        rmSync(planDir, { recursive: true, force: true });
      }
      const admin = org.connect('admin');
      const [account] = (
        await admin.query<Row>(`SELECT Id FROM Account WHERE Name = 'Legacy Corp'`)
      ).records;
      const [deal] = (
        await admin.query<Row>(`SELECT Id FROM Opportunity WHERE Name = 'Legacy deal'`)
      ).records;
      const accountId = account.Id as string;
      const opportunityId = deal.Id as string;

      await updateOk(org.connect('job'), 'Account', {
        Id: accountId,
        Health_Score__c: 35,
        Health_Band__c: 'Red',
        Health_Flags__c: 'INVALID_INPUT;LOW_ICP_FIT',
        Health_Review_Due_On__c: '2025-07-15',
        Deal_Context_Opportunity__c: opportunityId,
      });
      const csm = org.connect('csm');
      await updateOk(csm, 'Account', {
        Id: accountId,
        Champion_Status__c: 'Title Changed',
        Champion_Reviewed_On__c: '2025-06-30',
      });
      const changed = await updateOne(csm, 'Account', { Id: accountId, NPS__c: 120 });
      assert.deepEqual(changed.errors, [ruleError('Account', 'NPS_Range', ['NPS__c'])]);
      await updateOk(csm, 'Account', { Id: accountId, NPS__c: 40 });

      // The use case saves the won deal again through its roll-up, with ICP and discount unchanged.
      const ae = org.connect('ae');
      await createId(ae, 'Committed_Use_Case__c', useCase(opportunityId));
      await updateOk(ae, 'Opportunity', { Id: opportunityId, Description: 'Renewal notes' });
      const rating = await updateOne(ae, 'Opportunity', {
        Id: opportunityId,
        ICP_Fit_Rating__c: 8,
      });
      assert.deepEqual(rating.errors, [
        ruleError('Opportunity', 'ICP_Fit_Rating_Range', ['ICP_Fit_Rating__c']),
      ]);
    });
  });
});

// ---- Job-only fields ----------------------------------------------------------------------------

const OUTPUT_RULES: [string, string][] = [
  ['Health_Score__c', 'Job_Only_Health_Score'],
  ['Health_Band__c', 'Job_Only_Health_Band'],
  ['Product_Signal_Score__c', 'Job_Only_Product_Signal_Score'],
  ['Deal_Context_Score__c', 'Job_Only_Deal_Context_Score'],
  ['Health_Flags__c', 'Job_Only_Health_Flags'],
  ['Health_Drivers__c', 'Job_Only_Health_Drivers'],
  ['Health_Risk_Count__c', 'Job_Only_Health_Risk_Count'],
  ['Health_Review_Due_On__c', 'Job_Only_Health_Review_Due_On'],
  ['Health_Model_Version__c', 'Job_Only_Health_Model_Version'],
  ['Deal_Context_Opportunity__c', 'Job_Only_Deal_Context_Opportunity'],
];

function outputValues(opportunityId: string): Row {
  return {
    Health_Score__c: 72,
    Health_Band__c: 'Yellow',
    Product_Signal_Score__c: 80.5,
    Deal_Context_Score__c: 60.25,
    Health_Flags__c: 'MASKED_RISK;LOW_ICP_FIT',
    Health_Drivers__c: '{"signals":[]}',
    Health_Risk_Count__c: 1,
    Health_Review_Due_On__c: '2025-08-01',
    Health_Model_Version__c: '1:3f9a2c1e',
    Deal_Context_Opportunity__c: opportunityId,
  };
}

describe('job-only fields', () => {
  test('people cannot change account outputs', async () => {
    await withOrg(async (org) => {
      const deal = await createDeal(org);
      const values = outputValues(deal.opportunityId);
      const other = await createDeal(org);
      const changed: Row = {
        ...values,
        Health_Score__c: 90,
        Health_Band__c: 'Green',
        Product_Signal_Score__c: 95,
        Deal_Context_Score__c: 85,
        Health_Flags__c: 'LOW_ICP_FIT',
        Health_Drivers__c: '{"signals":[1]}',
        Health_Risk_Count__c: 0,
        Health_Review_Due_On__c: '2025-09-01',
        Health_Model_Version__c: '1:00000000',
        Deal_Context_Opportunity__c: other.opportunityId,
      };
      await updateOk(org.connect('job'), 'Account', { Id: deal.accountId, ...values });
      for (const user of PEOPLE) {
        const conn = org.connect(user);
        for (const [field, rule] of OUTPUT_RULES) {
          const error = [ruleError('Account', rule, [field])];
          const edited = await updateOne(conn, 'Account', {
            Id: deal.accountId,
            [field]: changed[field],
          });
          assert.deepEqual(edited.errors, error, `${user} changes ${field}`);
          const cleared = await updateOne(conn, 'Account', { Id: deal.accountId, [field]: null });
          assert.deepEqual(cleared.errors, error, `${user} clears ${field}`);
          const created = await createOne(conn, 'Account', { Name: 'New', [field]: values[field] });
          assert.deepEqual(created.errors, error, `${user} creates with ${field}`);
        }
        // Other fields of a scored account still save.
        await updateOk(conn, 'Account', { Id: deal.accountId, Description: `Edited by ${user}` });
      }
      const row = await fetchRow(org.connect('admin'), 'Account', deal.accountId, [
        'Health_Score__c',
      ]);
      assert.equal(row.Health_Score__c, 72);
    });
  });

  test('people cannot write snapshots or runs', async () => {
    await withOrg(async (org) => {
      const deal = await createDeal(org);
      const snapshot = {
        Account__c: deal.accountId,
        Scored_On__c: '2025-06-30',
        Score__c: 71,
        Band__c: 'Yellow',
        Snapshot_Key__c: `${deal.accountId}:2025-06-30`,
      };
      const run = { Status__c: 'Succeeded', As_Of__c: '2025-06-30', Accounts_Scored__c: 1 };
      const snapshotError = ruleError('Health_Snapshot__c', 'Job_Only_Snapshot', ['Score__c']);
      const runError = ruleError('Health_Score_Run__c', 'Job_Only_Run', ['Status__c']);
      for (const user of PEOPLE) {
        const conn = org.connect(user);
        assert.deepEqual(
          (await createOne(conn, 'Health_Snapshot__c', snapshot)).errors,
          [snapshotError],
          user,
        );
        assert.deepEqual(
          (await createOne(conn, 'Health_Score_Run__c', run)).errors,
          [runError],
          user,
        );
      }

      const job = org.connect('job');
      const snapshotId = await createId(job, 'Health_Snapshot__c', snapshot);
      const runId = await createId(job, 'Health_Score_Run__c', run);
      await updateOk(job, 'Health_Snapshot__c', { Id: snapshotId, Score__c: 74 });
      await updateOk(job, 'Health_Score_Run__c', { Id: runId, Status__c: 'Partially Succeeded' });
      for (const user of PEOPLE) {
        const conn = org.connect(user);
        const score = await updateOne(conn, 'Health_Snapshot__c', { Id: snapshotId, Score__c: 99 });
        assert.deepEqual(score.errors, [snapshotError], user);
        const status = await updateOne(conn, 'Health_Score_Run__c', { Id: runId, Errors__c: 0 });
        assert.deepEqual(status.errors, [runError], user);
      }
      const row = await fetchRow(job, 'Health_Snapshot__c', snapshotId, ['Score__c']);
      assert.equal(row.Score__c, 74);
    });
  });
});

// ---- Reviews ------------------------------------------------------------------------------------

describe('review rules', () => {
  test('resolved promise needs its date', async () => {
    await withOrg(async (org) => {
      const deal = await createDeal(org);
      const ae = org.connect('ae');
      const csm = org.connect('csm');
      const error = ruleError('Deal_Promise__c', 'Resolved_Requires_Resolved_On', [
        'Resolved_On__c',
      ]);
      const promise = {
        Opportunity__c: deal.opportunityId,
        Type__c: 'Integration',
        Description__c: 'SSO with Okta',
        Due_On__c: '2025-09-30',
      };
      const created = await createOne(ae, 'Deal_Promise__c', { ...promise, Status__c: 'Resolved' });
      assert.deepEqual(created.errors, [error]);
      const promiseId = await createId(ae, 'Deal_Promise__c', { ...promise, Status__c: 'Open' });

      const resolved = await updateOne(csm, 'Deal_Promise__c', {
        Id: promiseId,
        Status__c: 'Resolved',
      });
      assert.deepEqual(resolved.errors, [error]);
      await updateOk(csm, 'Deal_Promise__c', {
        Id: promiseId,
        Status__c: 'Resolved',
        Resolved_On__c: '2025-07-01',
      });
      const cleared = await updateOne(csm, 'Deal_Promise__c', {
        Id: promiseId,
        Resolved_On__c: null,
      });
      assert.deepEqual(cleared.errors, [error]);
      const withdrawn = await createId(ae, 'Deal_Promise__c', { ...promise, Status__c: 'Open' });
      await updateOk(csm, 'Deal_Promise__c', { Id: withdrawn, Status__c: 'Withdrawn' });
    });
  });

  test('reviewed use case needs its date', async () => {
    await withOrg(async (org) => {
      const deal = await createDeal(org);
      const csm = org.connect('csm');
      const error = ruleError('Committed_Use_Case__c', 'Reviewed_Requires_Reviewed_On', [
        'Reviewed_On__c',
      ]);
      const useCaseId = await createId(
        org.connect('ae'),
        'Committed_Use_Case__c',
        useCase(deal.opportunityId),
      );
      for (const status of ['Active', 'Not Active']) {
        const result = await updateOne(csm, 'Committed_Use_Case__c', {
          Id: useCaseId,
          Status__c: status,
        });
        assert.deepEqual(result.errors, [error], status);
      }
      await updateOk(csm, 'Committed_Use_Case__c', {
        Id: useCaseId,
        Status__c: 'Active',
        Reviewed_On__c: '2025-06-01',
      });
      const cleared = await updateOne(csm, 'Committed_Use_Case__c', {
        Id: useCaseId,
        Reviewed_On__c: null,
      });
      assert.deepEqual(cleared.errors, [error]);
      const created = await createOne(csm, 'Committed_Use_Case__c', {
        ...useCase(deal.opportunityId, 'Planning'),
        Status__c: 'Active',
      });
      assert.deepEqual(created.errors, [error]);
    });
  });

  test('use case name locks when won', async () => {
    await withOrg(async (org) => {
      const ae = org.connect('ae');
      const csm = org.connect('csm');
      const deal = await createDeal(org);
      const useCaseId = await createId(ae, 'Committed_Use_Case__c', useCase(deal.opportunityId));
      // Renaming is allowed while the deal is open.
      await updateOk(ae, 'Committed_Use_Case__c', { Id: useCaseId, Name: 'Demand forecasting' });
      await updateOk(ae, 'Opportunity', {
        Id: deal.opportunityId,
        ...dealContext(deal),
        StageName: 'Closed Won',
      });
      const error = ruleError('Committed_Use_Case__c', 'Use_Case_Name_Locked_After_Close', [
        'Name',
      ]);
      for (const conn of [ae, csm]) {
        const renamed = await updateOne(conn, 'Committed_Use_Case__c', {
          Id: useCaseId,
          Name: 'Planning',
        });
        assert.deepEqual(renamed.errors, [error]);
      }
      await updateOk(csm, 'Committed_Use_Case__c', {
        Id: useCaseId,
        Status__c: 'Active',
        Reviewed_On__c: '2025-06-01',
      });
      await createId(ae, 'Committed_Use_Case__c', useCase(deal.opportunityId, 'Added later'));
    });
  });
});

// ---- Bypass and collections ---------------------------------------------------------------------

describe('bypass and collections', () => {
  test('admin bypasses every rule', async () => {
    await withOrg(async (org) => {
      const admin = org.connect('admin');
      const deal = await createDeal(org);
      await updateOk(admin, 'Opportunity', {
        Id: deal.opportunityId,
        StageName: 'Closed Won',
        Discount_Depth__c: 140,
        ICP_Fit_Rating__c: 9,
        Competitive_Displacement__c: true,
      });
      await updateOk(admin, 'Account', {
        Id: deal.accountId,
        NPS__c: 900,
        ...outputValues(deal.opportunityId),
      });
      await createId(admin, 'Health_Snapshot__c', {
        Account__c: deal.accountId,
        Scored_On__c: '2024-01-31',
        Score__c: 40,
        Snapshot_Key__c: `${deal.accountId}:2024-01-31`,
      });
      await createId(admin, 'Health_Score_Run__c', { Status__c: 'Succeeded' });
      await createId(admin, 'Deal_Promise__c', {
        Opportunity__c: deal.opportunityId,
        Type__c: 'Other',
        Status__c: 'Resolved',
      });
    });
  });

  test('collection without allOrNone saves valid rows', async () => {
    await withOrg(async (org) => {
      const ae = org.connect('ae');
      const deals = [await createDeal(org), await createDeal(org), await createDeal(org)];
      const results = (await ae.sobject('Opportunity').update(
        deals.map((deal, index) => ({
          Id: deal.opportunityId,
          Discount_Depth__c: [25, 140, 30][index],
        })),
        { allOrNone: false },
      )) as SaveResult[];
      assert.deepEqual(
        results.map((result) => result.success),
        [true, false, true],
      );
      assert.deepEqual(results[1].errors, [
        ruleError('Opportunity', 'Discount_Depth_Range', ['Discount_Depth__c']),
      ]);
      assert.equal(results[1].id, deals[1].opportunityId);
      const values = [];
      for (const deal of deals) {
        values.push(
          (await fetchRow(ae, 'Opportunity', deal.opportunityId, ['Discount_Depth__c']))
            .Discount_Depth__c,
        );
      }
      assert.deepEqual(values, [25, null, 30]);
    });
  });

  test('collection with allOrNone rolls back', async () => {
    await withOrg(async (org) => {
      const ae = org.connect('ae');
      const deals = [await createDeal(org), await createDeal(org)];
      const results = (await ae.sobject('Opportunity').update(
        deals.map((deal, index) => ({
          Id: deal.opportunityId,
          Discount_Depth__c: [25, 140][index],
        })),
        { allOrNone: true },
      )) as SaveResult[];
      assert.deepEqual(
        results.map((result) => result.errors[0]?.statusCode),
        ['ALL_OR_NONE_OPERATION_ROLLED_BACK', 'FIELD_CUSTOM_VALIDATION_EXCEPTION'],
      );
      const row = await fetchRow(ae, 'Opportunity', deals[0].opportunityId, ['Discount_Depth__c']);
      assert.equal(row.Discount_Depth__c, null);
    });
  });
});

describe('Bulk API 2.0 ingest', () => {
  test('failed rows carry the rule error', async () => {
    await withOrg(async (org) => {
      const admin = org.connect('admin');
      const ids = [
        await createId(admin, 'Account', { Name: 'Bulk one' }),
        await createId(admin, 'Account', { Name: 'Bulk two' }),
      ];
      const csm = org.connect('csm');
      csm.bulk2.pollInterval = 20;
      const results = await csm.bulk2.loadAndWaitForResults({
        object: 'Account',
        operation: 'update',
        input: [
          { Id: ids[0], NPS__c: 45 },
          { Id: ids[1], NPS__c: 130 },
        ],
      });
      assert.equal(results.successfulResults.length, 1);
      assert.equal(results.failedResults.length, 1);
      const failed = results.failedResults[0] as unknown as Record<string, string>;
      assert.equal(failed.sf__Id, ids[1]);
      const error = ruleError('Account', 'NPS_Range', ['NPS__c']);
      assert.equal(failed.sf__Error, `${error.statusCode}:${error.message}:NPS__c --`);
      const row = await fetchRow(admin, 'Account', ids[0], ['NPS__c']);
      assert.equal(row.NPS__c, 45);
    });
  });
});

// ---- Roll-up summaries --------------------------------------------------------------------------

describe('roll-up summary saves', () => {
  test('parent rule fails the child save', async () => {
    const projectDir = projectWith({
      'objects/Opportunity/validationRules/Use_Case_Limit.validationRule-meta.xml': ruleFile({
        name: 'Use_Case_Limit',
        formula: 'AND(NOT($Permission.Health_Score_Bypass_Rules), Committed_Use_Case_Count__c > 2)',
        message: 'An opportunity has at most two committed use cases.',
      }),
      'objects/Opportunity/validationRules/Won_Keeps_Use_Cases.validationRule-meta.xml': ruleFile({
        name: 'Won_Keeps_Use_Cases',
        formula:
          'AND(NOT($Permission.Health_Score_Bypass_Rules), IsWon, ISCHANGED(Committed_Use_Case_Count__c), ' +
          'Committed_Use_Case_Count__c < PRIORVALUE(Committed_Use_Case_Count__c))',
        message: 'A won opportunity keeps its committed use cases.',
        field: 'StageName',
      }),
    });
    const limitError = {
      statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      message: 'An opportunity has at most two committed use cases.',
      fields: [],
    };
    try {
      await withOrg(async (org) => {
        const ae = org.connect('ae');
        const deal = await createDeal(org);
        const first = await createId(
          ae,
          'Committed_Use_Case__c',
          useCase(deal.opportunityId, 'One'),
        );
        const results = (await ae
          .sobject('Committed_Use_Case__c')
          .create([useCase(deal.opportunityId, 'Two'), useCase(deal.opportunityId, 'Three')], {
            allOrNone: false,
          })) as SaveResult[];
        assert.equal(results[0].success, true);
        assert.deepEqual(results[1].errors, [limitError]);
        const count = async () =>
          (await fetchRow(ae, 'Opportunity', deal.opportunityId, ['Committed_Use_Case_Count__c']))
            .Committed_Use_Case_Count__c;
        assert.equal(await count(), 2);

        // A child update saves the parent again too, with the count unchanged.
        await updateOk(ae, 'Committed_Use_Case__c', {
          Id: first,
          Description__c: 'Weekly forecast',
        });
        await updateOk(ae, 'Opportunity', {
          Id: deal.opportunityId,
          ...dealContext(deal),
          StageName: 'Closed Won',
        });

        const error = await rejection(ae.sobject('Committed_Use_Case__c').destroy(first));
        assert.equal(error.errorCode, 'FIELD_CUSTOM_VALIDATION_EXCEPTION');
        assert.equal(error.message, 'A won opportunity keeps its committed use cases.');
        const [deleted] = (await ae.sobject('Committed_Use_Case__c').destroy([first], {
          allOrNone: false,
        })) as SaveResult[];
        assert.deepEqual(deleted.errors, [
          {
            statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            message: 'A won opportunity keeps its committed use cases.',
            fields: [],
          },
        ]);
        assert.equal(await count(), 2);

        await org.connect('admin').sobject('Committed_Use_Case__c').destroy(first);
        assert.equal(await count(), 1);
        // Deleting the opportunity deletes its use cases without saving it again.
        await ae.sobject('Opportunity').destroy(deal.opportunityId);
      }, projectDir);
    } finally {
      rmSync(projectDir, { recursive: true, force: true });
    }
  });
});
