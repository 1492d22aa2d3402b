// Seeding the local org from sObject tree plans: the lwc-recipes sample export, chunking past
// 200 records, nested children, and the sObject Tree resource's all-or-nothing errors.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { PROJECT_ROOT } from './index.ts';
import { startTestOrg, type TestOrg } from './test-support.ts';
import { importTreePlan, loadTreePlan, TreePlanError } from './tree-plan.ts';

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
        file: 'Accounts.json',
        record: 2,
        child: null,
        statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        message: 'Customer Segment: bad value for restricted picklist field: Huge',
        fields: ['Customer_Segment__c'],
      },
    ]);
    assert.deepEqual(result.rolledBack, [
      { sobject: 'Account', referenceId: 'Good', file: 'Accounts.json', record: 1, child: null },
    ]);
    assert.equal((await org.connect().query('SELECT COUNT() FROM Account')).totalSize, 0);
  });

  test('a rejected nested child rolls back its parent and siblings', async () => {
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
                    Status__c: 'Live',
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
    assert.deepEqual(
      result.errors.map((error) => [error.referenceId, error.child, error.statusCode]),
      [['UC2', 'Committed_Use_Cases__r record 2', 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST']],
    );
    assert.deepEqual(
      result.rolledBack.map((ref) => [ref.sobject, ref.referenceId, ref.record, ref.child]),
      [
        ['Opportunity', 'Opp1', 1, null],
        ['Committed_Use_Case__c', 'UC1', 1, 'Committed_Use_Cases__r record 1'],
      ],
    );
    assert.equal((await org.connect().query('SELECT COUNT() FROM Opportunity')).totalSize, 0);
  });

  test('stopOnError leaves later files unsent', async () => {
    const path = writePlan(
      {
        'First.json': {
          records: [{ attributes: { type: 'Account', referenceId: 'A1' }, Name: 'First' }],
        },
        'Bad.json': {
          records: [
            { attributes: { type: 'Account', referenceId: 'B1' }, Name: 'Kept out' },
            { attributes: { type: 'Account', referenceId: 'B2' }, Name: 'Bad', Bad__c: 1 },
          ],
        },
        'Later.json': {
          records: [{ attributes: { type: 'Account', referenceId: 'L1' }, Name: 'Later' }],
        },
      },
      [
        {
          sobject: 'Account',
          saveRefs: true,
          resolveRefs: false,
          files: ['First.json', 'Bad.json', 'Later.json'],
        },
      ],
    );
    const result = await importTreePlan(org.connect(), path, { stopOnError: true });
    assert.deepEqual(
      result.created.map((record) => record.referenceId),
      ['A1'],
    );
    assert.deepEqual(
      result.errors.map((error) => [error.referenceId, error.statusCode]),
      [['B2', 'INVALID_FIELD']],
    );
    assert.deepEqual(
      result.rolledBack.map((ref) => ref.referenceId),
      ['B1'],
    );
    assert.deepEqual(
      result.notSent.map((ref) => [ref.referenceId, ref.file, ref.record]),
      [['L1', 'Later.json', 1]],
    );
    const names = (await org.connect().query<Row>('SELECT Name FROM Account')).records.map(
      (row) => row.Name,
    );
    assert.deepEqual(names, ['First']);
  });

  test('a request the org cannot parse fails as a whole', async () => {
    const path = writePlan(
      {
        'Opportunities.json': {
          records: [
            {
              attributes: { type: 'Opportunity', referenceId: 'Opp1' },
              Name: 'Fine',
              StageName: 'Prospecting',
              CloseDate: '2025-06-30',
            },
            {
              attributes: { type: 'Opportunity', referenceId: 'Opp2' },
              Name: 'Bad date',
              StageName: 'Prospecting',
              CloseDate: '2025-13-45',
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
    assert.equal(result.failedRequests.length, 1);
    const [failed] = result.failedRequests;
    assert.equal(failed.statusCode, 'JSON_PARSER_ERROR');
    assert.equal(failed.responded, true);
    assert.equal(failed.file, 'Opportunities.json');
    assert.deepEqual(
      failed.records.map((ref) => ref.referenceId),
      ['Opp1', 'Opp2'],
    );
    assert.equal((await org.connect().query('SELECT COUNT() FROM Opportunity')).totalSize, 0);
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

describe('plan file problems', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tree-plan-files-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const ACCOUNTS = { records: [{ attributes: { type: 'Account', referenceId: 'A1' }, Name: 'A' }] };

  /** Writes `files` (text as is, anything else as JSON) and returns the error loadTreePlan raises. */
  const loadError = (files: Record<string, unknown>, plan = 'plan.json'): TreePlanError => {
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(
        join(dir, name),
        typeof content === 'string' ? content : JSON.stringify(content),
      );
    }
    try {
      loadTreePlan(join(dir, plan));
    } catch (error) {
      assert.ok(error instanceof TreePlanError, String(error));
      return error;
    }
    throw new Error('Expected loadTreePlan to throw');
  };

  test('missing plan file', () => {
    const error = loadError({});
    assert.equal(error.message.startsWith(`${join(dir, 'plan.json')}: file not found.`), true);
    assert.doesNotMatch(error.message, /ENOENT/);
  });

  test('folder passed as the plan lists its plan files', () => {
    mkdirSync(join(dir, 'export'));
    writeFileSync(join(dir, 'export', 'Account-plan.json'), '[]');
    const error = loadError({}, 'export');
    assert.equal(
      error.message,
      `${join(dir, 'export')} is a folder; pass one of the plan files in it: ${join(dir, 'export', 'Account-plan.json')}.`,
    );
  });

  test('broken plan JSON names the line and column', () => {
    const error = loadError({
      'plan.json': '[\n  { "sobject": "Account" "files": ["Accounts.json"] }\n]',
    });
    assert.match(
      error.message,
      /^The plan file .*plan\.json is not valid JSON: Expected ',' or '}' after property value at line 2, column 26\. /,
    );
  });

  test('broken JSON without a position from V8 is located', () => {
    const error = loadError({ 'plan.json': '[\n  { "sobject": "Account", "files": [tru] }\n]' });
    assert.match(
      error.message,
      /is not valid JSON: Unexpected character "t" at line 2, column 37\./,
    );
    assert.doesNotMatch(error.message, /"les"/);
  });

  test('plan entry without sobject or files', () => {
    const noSobject = loadError({ 'plan.json': [{ files: ['Accounts.json'] }] });
    assert.match(noSobject.message, /entry 1, has no sobject name: add "sobject"/);
    const noFiles = loadError({
      'plan.json': [{ sobject: 'Account', files: ['Accounts.json'] }, { sobject: 'Contact' }],
      'Accounts.json': ACCOUNTS,
    });
    assert.match(noFiles.message, /entry 2 \(Contact\), has no files list: add "files"/);
  });

  test('data file passed as the plan', () => {
    const error = loadError({ 'Accounts.json': ACCOUNTS }, 'Accounts.json');
    assert.match(error.message, /is a data file \(it has a records array\), not a plan/);
  });

  test('missing data file names the plan entry and folder', () => {
    const error = loadError({
      'plan.json': [{ sobject: 'Account', files: ['Acounts.json'] }],
    });
    assert.equal(
      error.message,
      `The plan file ${join(dir, 'plan.json')}, entry 1 (Account), names Acounts.json, but ` +
        `${join(dir, 'Acounts.json')} does not exist: data file names are relative to the plan's ` +
        `folder (${dir}). Fix the name in the plan or move the file there.`,
    );
  });

  test('broken data file JSON names the file', () => {
    const error = loadError({
      'plan.json': [{ sobject: 'Account', files: ['Accounts.json'] }],
      'Accounts.json': '{ "records": [ { "Name": "A", } ] }',
    });
    assert.match(
      error.message,
      /^The data file .*Accounts\.json is not valid JSON: Expected double-quoted property name at line 1, column 31\./,
    );
  });

  test('byte order mark is accepted', () => {
    writeFileSync(
      join(dir, 'plan.json'),
      `\ufeff${JSON.stringify([{ sobject: 'Account', files: ['Accounts.json'] }])}`,
    );
    writeFileSync(join(dir, 'Accounts.json'), JSON.stringify(ACCOUNTS));
    const plan = loadTreePlan(join(dir, 'plan.json'));
    assert.equal(plan.entries[0].treeFiles[0].records.length, 1);
  });
});
