// Seeding the local org from sObject tree plans: the lwc-recipes sample export, chunking past
// 200 records, nested children, and the sObject Tree resource's all-or-nothing errors.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { PROJECT_ROOT } from './index.ts';
import { startTestOrg, type TestOrg } from './test-support.ts';
import { importTreePlan } from './tree-plan.ts';

type Row = Record<string, unknown>;

const SAMPLE_DIR = join(PROJECT_ROOT, 'data', 'lwc-recipes');

let org: TestOrg;

beforeEach(async () => {
  org = await startTestOrg();
});

afterEach(async () => {
  await org.close();
});

describe('lwc-recipes sample export', () => {
  test('Accounts and Opportunities seed without edits', async () => {
    const conn = org.connect();
    const progress: [number, number][] = [];
    const result = await importTreePlan(
      conn,
      join(SAMPLE_DIR, 'accounts-opportunities-plan.json'),
      {
        onProgress: (done, total) => progress.push([done, total]),
      },
    );
    assert.deepEqual(result.errors, []);
    const accounts = result.created.filter((record) => record.sobject === 'Account');
    const opportunities = result.created.filter((record) => record.sobject === 'Opportunity');
    assert.equal(accounts.length, 10);
    assert.equal(opportunities.length, 20);
    assert.deepEqual(progress.at(-1), [30, 30]);

    const rows = (
      await conn.query(
        "SELECT Name, StageName, IsWon, CloseDate, Amount, Account.Name FROM Opportunity WHERE Name = 'API Integration Project'",
      )
    ).records as Row[];
    assert.equal(rows.length, 1);
    assert.equal(rows[0].StageName, 'Closed Won');
    assert.equal(rows[0].IsWon, true);
    assert.equal(rows[0].CloseDate, '2025-01-15');
    assert.equal(rows[0].Amount, 28500);
    assert.equal((rows[0].Account as Row).Name, 'GenePoint');
    const alpha = (
      await conn.query(
        "SELECT NumberOfEmployees, Type, Phone FROM Account WHERE Name = 'Alpha Dynamics'",
      )
    ).records[0] as Row;
    assert.deepEqual(
      [alpha.NumberOfEmployees, alpha.Type, alpha.Phone],
      [12345, 'Technology Partner', '3362227000'],
    );
  });

  test('Contacts with Picture__c are rejected while the Accounts stay', async () => {
    const conn = org.connect();
    const result = await importTreePlan(conn, join(SAMPLE_DIR, 'data-plan.json'));
    assert.equal(result.created.filter((record) => record.sobject === 'Account').length, 10);
    assert.equal(result.created.filter((record) => record.sobject === 'Contact').length, 0);
    assert.ok(result.errors.length > 0);
    const [error] = result.errors;
    assert.equal(error.sobject, 'Contact');
    assert.equal(error.statusCode, 'INVALID_FIELD');
    assert.equal(error.message, "No such column 'Picture__c' on sobject of type Contact");
    assert.equal(error.referenceId, 'ContactRef1');
    assert.equal((await conn.query('SELECT COUNT() FROM Account')).totalSize, 10);
    assert.equal((await conn.query('SELECT COUNT() FROM Contact')).totalSize, 0);
  });
});

describe('tree plans', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tree-plan-test-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const writePlan = (files: Record<string, unknown>, plan: unknown): string => {
    for (const [name, content] of Object.entries(files))
      writeFileSync(join(dir, name), JSON.stringify(content));
    const path = join(dir, 'plan.json');
    writeFileSync(path, JSON.stringify(plan));
    return path;
  };

  test('450 records go in requests of at most 200', async () => {
    const records = Array.from({ length: 450 }, (_, i) => ({
      attributes: { type: 'Account', referenceId: `A${i}` },
      Name: `Bulk seed ${i}`,
    }));
    const path = writePlan({ 'Accounts.json': { records } }, [
      { sobject: 'Account', saveRefs: true, resolveRefs: false, files: ['Accounts.json'] },
    ]);
    const before = org.server.requestCount;
    const result = await importTreePlan(org.connect(), path);
    assert.equal(result.created.length, 450);
    assert.equal(org.server.requestCount - before, 3);
  });

  test('nested children are created with their parent', async () => {
    const path = writePlan(
      {
        'Opportunities.json': {
          records: [
            {
              attributes: { type: 'Opportunity', referenceId: 'Opp1' },
              Name: 'Nested',
              StageName: 'Closed Won',
              CloseDate: '2026-06-30',
              Committed_Use_Cases__r: {
                records: [
                  {
                    attributes: { type: 'Committed_Use_Case__c', referenceId: 'UC1' },
                    Name: 'SSO',
                    Status__c: 'Committed',
                  },
                  {
                    attributes: { type: 'Committed_Use_Case__c', referenceId: 'UC2' },
                    Name: 'API',
                    Status__c: 'Active',
                  },
                ],
              },
            },
          ],
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
    const result = await importTreePlan(org.connect(), path);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.created.map((record) => [record.sobject, record.referenceId]),
      [
        ['Opportunity', 'Opp1'],
        ['Committed_Use_Case__c', 'UC1'],
        ['Committed_Use_Case__c', 'UC2'],
      ],
    );
    const [row] = (
      await org
        .connect()
        .query("SELECT Committed_Use_Case_Count__c FROM Opportunity WHERE Name = 'Nested'")
    ).records as Row[];
    assert.equal(row.Committed_Use_Case_Count__c, 2);
  });

  test('a rejected record keeps its whole request out', async () => {
    const path = writePlan(
      {
        'Accounts.json': {
          records: [
            { attributes: { type: 'Account', referenceId: 'Good' }, Name: 'Good' },
            {
              attributes: { type: 'Account', referenceId: 'Bad' },
              Name: 'Bad',
              Customer_Segment__c: 'Huge',
            },
          ],
        },
      },
      [{ sobject: 'Account', saveRefs: true, resolveRefs: false, files: ['Accounts.json'] }],
    );
    const result = await importTreePlan(org.connect(), path);
    assert.equal(result.created.length, 0);
    assert.deepEqual(result.errors, [
      {
        sobject: 'Account',
        referenceId: 'Bad',
        statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        message: 'Customer Segment: bad value for restricted picklist field: Huge',
        fields: ['Customer_Segment__c'],
      },
    ]);
    assert.equal((await org.connect().query('SELECT COUNT() FROM Account')).totalSize, 0);
  });

  test('a reference to a rejected record is reported', async () => {
    const path = writePlan(
      {
        'Accounts.json': {
          records: [{ attributes: { type: 'Account', referenceId: 'A1' }, Name: 'A1', Bad__c: 1 }],
        },
        'Contacts.json': {
          records: [
            { attributes: { type: 'Contact', referenceId: 'C1' }, LastName: 'C', AccountId: '@A1' },
          ],
        },
      },
      [
        { sobject: 'Account', saveRefs: true, resolveRefs: false, files: ['Accounts.json'] },
        { sobject: 'Contact', saveRefs: true, resolveRefs: true, files: ['Contacts.json'] },
      ],
    );
    const result = await importTreePlan(org.connect(), path);
    assert.deepEqual(
      result.errors.map((error) => [error.referenceId, error.statusCode]),
      [
        ['A1', 'INVALID_FIELD'],
        ['C1', 'UNRESOLVED_REFERENCE'],
      ],
    );
  });

  test('the tree resource rejects more than 200 records', async () => {
    const records = Array.from({ length: 201 }, (_, i) => ({
      attributes: { type: 'Account', referenceId: `R${i}` },
      Name: `R${i}`,
    }));
    const response = await fetch(
      `${org.server.url}/services/data/v${org.server.apiVersion}/composite/tree/Account`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${org.server.users.admin.accessToken}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ records }),
      },
    );
    assert.equal(response.status, 400);
    const [error] = (await response.json()) as { errorCode: string }[];
    assert.equal(error.errorCode, 'EXCEEDED_ID_LIMIT');
  });
});
