// Checking tree plans against the org's describe before seeding, and the messages of a seed that
// the org stopped, against a local org of its own.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeDemoPlan } from '../demo/generate.ts';
import { loadTreePlan } from '../local-org/tree-plan.ts';
import { apiCallCounter } from './api.ts';
import { PROJECT_DIR } from './connection.ts';
import { createMemoryLogger } from './log.ts';
import { describePlanProblem } from './seed-check.ts';
import { checkSeedPlan, describeSeedFailure, seedCheckedPlan } from './seed.ts';
import { HAND_AS_OF, HAND_PLAN, query, removeDir, startTestOrg, type TestOrg } from './testing.ts';

const SAMPLE_DIR = path.join(PROJECT_DIR, 'data', 'lwc-recipes');

let org: TestOrg;
let dir: string;

before(async () => {
  org = await startTestOrg();
  dir = mkdtempSync(path.join(tmpdir(), 'seed-check-'));
});

after(async () => {
  await org.close();
  removeDir(org.dir);
  removeDir(dir);
});

/** Writes the files into a new folder with the plan as plan.json; returns the plan's path. */
function writePlan(files: Record<string, unknown>, plan: unknown): string {
  const folder = mkdtempSync(path.join(dir, 'plan-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(folder, name), JSON.stringify(content));
  }
  const planPath = path.join(folder, 'plan.json');
  writeFileSync(planPath, JSON.stringify(plan));
  return planPath;
}

async function problemLines(planPath: string): Promise<string[]> {
  const { problems } = await checkSeedPlan(org.admin, planPath);
  return problems.map((problem) => describePlanProblem(problem, path.basename(planPath)));
}

const ACCOUNT_ENTRY = {
  sobject: 'Account',
  saveRefs: true,
  resolveRefs: false,
  files: ['Accounts.json'],
};

describe('plans that seed as they are', () => {
  test('hand-scored plan passes', async () => {
    assert.deepEqual(await problemLines(HAND_PLAN), []);
  });

  test('demo plan passes', async () => {
    const planPath = writeDemoPlan(path.join(dir, 'demo'), { asOf: HAND_AS_OF, accounts: 50 });
    assert.deepEqual(await problemLines(planPath), []);
  });

  test('lwc-recipes accounts and opportunities pass', async () => {
    const planPath = path.join(SAMPLE_DIR, 'accounts-opportunities-plan.json');
    assert.deepEqual(await problemLines(planPath), []);
  });

  test('lwc-recipes contacts name the unknown field', async () => {
    const lines = await problemLines(path.join(SAMPLE_DIR, 'data-plan.json'));
    assert.ok(lines.length > 0);
    assert.equal(
      lines[0],
      "Contact ContactRef1 (Contacts.json, record 1): Picture__c is not a field of Contact; check the spelling against the object's fields in Setup, or remove it from the file.",
    );
    assert.ok(lines.every((line) => line.includes('Picture__c is not a field of Contact')));
  });
});

describe('checks', () => {
  test('one describe per sObject', async () => {
    const planPath = writePlan(
      {
        'Accounts.json': {
          records: [{ attributes: { type: 'Account', referenceId: 'A1' }, Name: 'A' }],
        },
        'More.json': {
          records: [{ attributes: { type: 'Account', referenceId: 'A2' }, Name: 'B' }],
        },
        'Opportunities.json': {
          records: [1, 2].map((index) => ({
            attributes: { type: 'Opportunity', referenceId: `O${index}` },
            Name: `Deal ${index}`,
            StageName: 'Prospecting',
            CloseDate: '2025-06-30',
            Committed_Use_Cases__r: {
              records: [
                {
                  attributes: { type: 'Committed_Use_Case__c', referenceId: `U${index}` },
                  Name: 'SSO',
                  Status__c: 'Committed',
                },
              ],
            },
          })),
        },
      },
      [
        { ...ACCOUNT_ENTRY, files: ['Accounts.json', 'More.json'] },
        {
          sobject: 'Opportunity',
          saveRefs: true,
          resolveRefs: false,
          files: ['Opportunities.json'],
        },
      ],
    );
    const counter = apiCallCounter(org.admin);
    const before = counter.count;
    const { problems } = await checkSeedPlan(org.admin, planPath);
    assert.deepEqual(problems, []);
    // Account, Opportunity and Committed_Use_Case__c.
    assert.equal(counter.count - before, 3);
  });

  test('each problem names the record, the field and the fix', async () => {
    const planPath = writePlan(
      {
        'Accounts.json': {
          records: [
            {
              attributes: { type: 'Account', referenceId: 'TypesRef' },
              Name: 'Types',
              NPS__c: 'forty',
              Seats_Purchased__c: 12345678901,
              Active_User_Ratio__c: 1000,
              Champion_Reviewed_On__c: '2025-02-30',
              Health_Flags__c: 'MASKED_RISK;NOT_A_FLAG',
              Customer_Segmnet__c: 'SMB',
              CreatedDate: '2025-01-01T00:00:00.000Z',
              Id: '001000000000001AAA',
              OwnerId: 'someone',
            },
            { attributes: { type: 'Account', referenceId: 'NoNameRef' }, Name: '' },
            { attributes: { type: 'Contact', referenceId: 'WrongTypeRef' }, Name: 'Wrong type' },
            { attributes: { type: 'Account' }, Name: 'No reference' },
          ],
        },
        'Opportunities.json': {
          records: [
            {
              attributes: { type: 'Opportunity', referenceId: 'OppRef' },
              Name: 'Deal',
              StageName: 'Prospecting',
              CloseDate: '2025-06-30',
              Competitive_Displacement__c: 'yes',
              Committed_Use_Cases__r: {
                records: [
                  {
                    attributes: { type: 'Committed_Use_Case__c', referenceId: 'UseCaseRef' },
                    Name: 'SSO',
                    Status__c: 'Live',
                  },
                ],
              },
            },
          ],
        },
      },
      [
        ACCOUNT_ENTRY,
        {
          sobject: 'Opportunity',
          saveRefs: true,
          resolveRefs: false,
          files: ['Opportunities.json'],
        },
      ],
    );
    assert.deepEqual(await problemLines(planPath), [
      "Account TypesRef (Accounts.json, record 1): NPS__c 'forty' is not a number; use a number such as 12.5, without quotes, thousands separators or a % sign.",
      'Account TypesRef (Accounts.json, record 1): Seats_Purchased__c 12345678901 is too large for Number(9,0); use at most 9 digits before the decimal point.',
      'Account TypesRef (Accounts.json, record 1): Active_User_Ratio__c 1000 is too large for Percent(5,2); use at most 3 digits before the decimal point.',
      "Account TypesRef (Accounts.json, record 1): Champion_Reviewed_On__c '2025-02-30' is not a valid date; use YYYY-MM-DD.",
      "Account TypesRef (Accounts.json, record 1): Health_Flags__c 'NOT_A_FLAG' is not a value of the restricted picklist; use values of MASKED_RISK, REVIEW_OVERDUE, CLOSE_MONITORING, DISPLACEMENT_WINDOW, DEAL_CONTEXT_MISSING, PRODUCT_SIGNALS_MISSING, NO_DATA, INVALID_INPUT, SEGMENT_MISSING, DISCOUNT_SIGNIFICANT, LOW_ICP_FIT, CHAMPION_CHANGED, USE_CASE_GAP, PROMISE_OVERDUE, separated by semicolons.",
      'Account TypesRef (Accounts.json, record 1): Customer_Segmnet__c is not a field of Account; did you mean Customer_Segment__c? Check the spelling, or remove it from the file.',
      'Account TypesRef (Accounts.json, record 1): CreatedDate is read-only (a formula, roll-up, auto number or system field); remove it from the file.',
      'Account TypesRef (Accounts.json, record 1): Id cannot be set in an insert; remove it, because the org assigns the Id.',
      "Account TypesRef (Accounts.json, record 1): OwnerId 'someone' is not a record Id or an @reference; use the 18-character Id of a User record, or @ and the referenceId of a record in an earlier file of the plan.",
      'Account NoNameRef (Accounts.json, record 2): Name is required but has no value; add a value.',
      "Contact WrongTypeRef (Accounts.json, record 3): attributes.type 'Contact' does not match the object Account; set it to Account, or move the record to a file of a Contact entry.",
      'Account (no referenceId) (Accounts.json, record 4): attributes.referenceId is missing; add one that is unique in the plan, such as AccountRef4.',
      "Opportunity OppRef (Opportunities.json, record 1): Competitive_Displacement__c 'yes' is not a checkbox value; use true or false.",
      "Committed_Use_Case__c UseCaseRef (Opportunities.json, record 1, Committed_Use_Cases__r record 1): Status__c 'Live' is not a value of the restricted picklist; use one of Committed, Active, Not Active.",
    ]);
  });

  test('references resolve only to saved records of earlier files', async () => {
    const contact = (referenceId: string, accountId: string) => ({
      attributes: { type: 'Contact', referenceId },
      LastName: referenceId,
      AccountId: accountId,
    });
    const planPath = writePlan(
      {
        'Accounts.json': {
          records: [{ attributes: { type: 'Account', referenceId: 'AcmeRef' }, Name: 'Acme' }],
        },
        'Unsaved.json': {
          records: [{ attributes: { type: 'Account', referenceId: 'UnsavedRef' }, Name: 'U' }],
        },
        'Contacts.json': {
          records: [
            contact('C1', '@AcmeRef'),
            contact('C2', '@AcmRef'),
            contact('C3', '@UnsavedRef'),
            contact('C4', '@LaterRef'),
            contact('AcmeRef', '@AcmeRef'),
          ],
        },
        'Unresolved.json': { records: [contact('C5', '@AcmeRef')] },
        'Later.json': {
          records: [{ attributes: { type: 'Account', referenceId: 'LaterRef' }, Name: 'L' }],
        },
      },
      [
        ACCOUNT_ENTRY,
        { sobject: 'Account', saveRefs: false, resolveRefs: false, files: ['Unsaved.json'] },
        { sobject: 'Contact', saveRefs: true, resolveRefs: true, files: ['Contacts.json'] },
        { sobject: 'Contact', saveRefs: true, resolveRefs: false, files: ['Unresolved.json'] },
        { sobject: 'Account', saveRefs: true, resolveRefs: false, files: ['Later.json'] },
      ],
    );
    assert.deepEqual(await problemLines(planPath), [
      "Contact AcmeRef (Contacts.json, record 5): attributes.referenceId 'AcmeRef' is also the referenceId of Account (Accounts.json, record 1); give each record of the plan its own referenceId.",
      "Contact C2 (Contacts.json, record 2): AccountId '@AcmRef' names no record of the plan; use @ and the referenceId of a record in an earlier file, or check the spelling.",
      'Contact C3 (Contacts.json, record 3): AccountId \'@UnsavedRef\' names Account UnsavedRef (Unsaved.json), whose plan entry does not save references; set "saveRefs": true on that entry.',
      "Contact C4 (Contacts.json, record 4): AccountId '@LaterRef' names Account LaterRef (Later.json), which the plan inserts at the same time or later; move the entry of Later.json before the entry of this file; a reference resolves only to records of earlier files.",
      'Contact C5 (Unresolved.json, record 1): AccountId \'@AcmeRef\' is an @reference, but plan entry 4 (Contact) does not resolve references; set "resolveRefs": true on that entry.',
    ]);
  });

  test('unknown sObject names the plan entry', async () => {
    const planPath = writePlan(
      {
        'Accounts.json': {
          records: [{ attributes: { type: 'Acount', referenceId: 'A1' }, Name: 'A' }],
        },
      },
      [{ ...ACCOUNT_ENTRY, sobject: 'Acount' }],
    );
    assert.deepEqual(await problemLines(planPath), [
      'Acount (plan.json): the org has no sObject named Acount; check the "sobject" of this plan entry against the API names in Setup.',
    ]);
  });
});

describe('seed failures', () => {
  test('refused plan inserts nothing', async () => {
    const planPath = writePlan(
      {
        'Accounts.json': {
          records: [
            { attributes: { type: 'Account', referenceId: 'FineRef' }, Name: 'Fine' },
            {
              attributes: { type: 'Account', referenceId: 'BadRef' },
              Name: 'Bad',
              Customer_Segment__c: 'Huge',
            },
          ],
        },
      },
      [ACCOUNT_ENTRY],
    );
    const checked = await checkSeedPlan(org.admin, planPath);
    const result = await seedCheckedPlan(org.admin, checked, createMemoryLogger());
    assert.equal(result.refused, true);
    assert.equal(result.created, 0);
    assert.deepEqual(describeSeedFailure(result, { reset: false, canReset: true }), [
      "Account BadRef (Accounts.json, record 2): Customer_Segment__c 'Huge' is not a value of the restricted picklist; use one of SMB, Mid-Market, Enterprise.",
      `Seeding refused: 1 problem in 1 record of ${planPath}; nothing was inserted. Fix the files and run again.`,
    ]);
    const rows = await query(org.admin, "SELECT Id FROM Account WHERE Name IN ('Fine', 'Bad')");
    assert.equal(rows.length, 0);
  });

  test('request the org cannot parse lists its records', async () => {
    const opportunity = (referenceId: string, closeDate: string) => ({
      attributes: { type: 'Opportunity', referenceId },
      Name: referenceId,
      StageName: 'Prospecting',
      CloseDate: closeDate,
    });
    const planPath = writePlan(
      {
        'Opportunities.json': {
          records: [opportunity('Opp1', '2025-06-30'), opportunity('Opp2', '2025-13-45')],
        },
      },
      [
        {
          sobject: 'Opportunity',
          saveRefs: true,
          resolveRefs: false,
          files: ['Opportunities.json'],
        },
      ],
    );
    // Without the checks, the org fails the whole request with JSON_PARSER_ERROR.
    const result = await seedCheckedPlan(
      org.admin,
      { plan: loadTreePlan(planPath), problems: [] },
      createMemoryLogger(),
    );
    assert.deepEqual(result.errors, []);
    assert.equal(result.failedRequests.length, 1);
    const lines = describeSeedFailure(result, { reset: false, canReset: false });
    assert.match(
      lines[0],
      /^Opportunity request from Opportunities\.json failed: JSON_PARSER_ERROR: Cannot deserialize instance of date from VALUE_STRING value 2025-13-45/,
    );
    assert.deepEqual(lines.slice(1), [
      '  Opportunity Opp1 (Opportunities.json, record 1): not inserted: the request failed as a whole',
      '  Opportunity Opp2 (Opportunities.json, record 2): not inserted: the request failed as a whole',
      'Seeding stopped: a request of 2 records failed as a whole (JSON_PARSER_ERROR) and none of them was inserted; no record was inserted, so the plan can run again once it is fixed.',
    ]);
  });
});
