// SOQL through jsforce against the local org: paging, parent and child relationships, WHERE,
// ORDER BY, date literals, aggregates and the errors of a real org.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dateLiteralRange } from './soql-dates.ts';
import { daysFromToday, rejection, startTestOrg, type TestOrg } from './test-support.ts';

type Row = Record<string, unknown>;

let org: TestOrg;
let accountIds: string[] = [];

before(async () => {
  org = await startTestOrg();
  const conn = org.connect();
  const accounts = [
    {
      Name: 'Acme',
      Customer_Segment__c: 'Enterprise',
      NumberOfEmployees: 5000,
      Health_Flags__c: 'MASKED_RISK;LOW_ICP_FIT',
    },
    {
      Name: 'acme labs',
      Customer_Segment__c: 'SMB',
      NumberOfEmployees: 12,
      Health_Flags__c: 'LOW_ICP_FIT',
    },
    { Name: 'Burlington', Customer_Segment__c: 'Mid-Market', NumberOfEmployees: null },
    { Name: 'Zeta 100%', Customer_Segment__c: null, NumberOfEmployees: 300 },
  ];
  const results = (await conn.create('Account', accounts)) as { id: string }[];
  accountIds = results.map((result) => result.id);
  const opportunities = [
    {
      Name: 'Acme won',
      AccountId: accountIds[0],
      StageName: 'Closed Won',
      CloseDate: daysFromToday(-1),
      Amount: 100,
      ICP_Fit_Rating__c: 4,
    },
    {
      Name: 'Acme open',
      AccountId: accountIds[0],
      StageName: 'Prospecting',
      CloseDate: daysFromToday(0),
      Amount: 50,
    },
    {
      Name: 'Labs won',
      AccountId: accountIds[1],
      StageName: 'Closed Won',
      CloseDate: daysFromToday(-40),
      Amount: 75,
    },
    {
      Name: 'Future',
      AccountId: accountIds[2],
      StageName: 'Qualification',
      CloseDate: daysFromToday(1),
      Amount: null,
    },
  ];
  const opportunityResults = (await conn.create('Opportunity', opportunities)) as { id: string }[];
  await conn.create('Committed_Use_Case__c', [
    { Name: 'SSO', Opportunity__c: opportunityResults[0].id, Status__c: 'Active' },
    { Name: 'API', Opportunity__c: opportunityResults[0].id, Status__c: 'Committed' },
  ]);
});

after(async () => {
  await org.close();
});

const names = (rows: Row[]): unknown[] => rows.map((row) => row.Name);

describe('fields and relationships', () => {
  test('parent fields nest as objects with attributes', async () => {
    const result = await org
      .connect()
      .query(
        "SELECT Id, Name, Account.Name, Account.Owner.IsActive FROM Opportunity WHERE Name = 'Acme won'",
      );
    const row = result.records[0] as Row;
    const account = row.Account as Row;
    assert.equal(account.Name, 'Acme');
    assert.deepEqual(account.attributes, {
      type: 'Account',
      url: `/services/data/v${org.server.apiVersion}/sobjects/Account/${accountIds[0]}`,
    });
    assert.equal((account.Owner as Row).IsActive, true);
  });

  test('a null lookup gives a null relationship', async () => {
    const conn = org.connect();
    const { id } = (await conn.sobject('Opportunity').create({
      Name: 'Orphan',
      StageName: 'Prospecting',
      CloseDate: '2026-01-01',
    })) as { id: string };
    const [row] = (await conn.query("SELECT Account.Name FROM Opportunity WHERE Name = 'Orphan'"))
      .records as Row[];
    assert.equal(row.Account, null);
    await conn.sobject('Opportunity').destroy(id);
  });

  test('child subquery returns totalSize, done and records, or null', async () => {
    const result = await org
      .connect()
      .query(
        "SELECT Name, (SELECT Name, Status__c FROM Committed_Use_Cases__r ORDER BY Name) FROM Opportunity WHERE Name IN ('Acme won', 'Acme open') ORDER BY Name",
      );
    const [open, won] = result.records as Row[];
    assert.equal(open.Committed_Use_Cases__r, null);
    const children = won.Committed_Use_Cases__r as {
      totalSize: number;
      done: boolean;
      records: Row[];
    };
    assert.equal(children.totalSize, 2);
    assert.equal(children.done, true);
    assert.deepEqual(names(children.records), ['API', 'SSO']);
  });

  test('child subquery with WHERE on the child', async () => {
    const result = await org
      .connect()
      .query(
        "SELECT Name, (SELECT Name FROM Opportunities WHERE IsWon = true) FROM Account WHERE Id = '" +
          accountIds[0] +
          "'",
      );
    const children = (result.records[0] as Row).Opportunities as { records: Row[] };
    assert.deepEqual(names(children.records), ['Acme won']);
  });

  test('custom metadata types are queryable', async () => {
    const result = await org
      .connect()
      .query(
        'SELECT DeveloperName, Product_Weight__c, Deal_Context_Weight__c FROM Health_Segment_Weight__mdt ORDER BY DeveloperName',
      );
    const rows = result.records as Row[];
    assert.deepEqual(
      rows.map((row) => row.DeveloperName),
      ['Enterprise', 'Mid_Market', 'SMB'],
    );
    assert.equal(typeof rows[0].Product_Weight__c, 'number');
  });

  test('users are queryable', async () => {
    const result = await org
      .connect()
      .query('SELECT Id, Username, IsActive FROM User WHERE IsActive = false');
    assert.equal(result.totalSize, 1);
    assert.equal((result.records[0] as Row).Id, org.server.inactiveUser.Id);
  });
});

describe('WHERE', () => {
  const query = async (where: string, object = 'Account'): Promise<unknown[]> =>
    names(
      (await org.connect().query(`SELECT Name FROM ${object} WHERE ${where} ORDER BY Name`))
        .records as Row[],
    );

  test('string equality is case-insensitive', async () => {
    assert.deepEqual(await query("Name = 'ACME'"), ['Acme']);
  });

  test('LIKE with wildcards and escapes', async () => {
    assert.deepEqual(await query("Name LIKE 'acme%'"), ['Acme', 'acme labs']);
    assert.deepEqual(await query("Name LIKE '%\\%'"), ['Zeta 100%']);
    assert.deepEqual(await query("Name LIKE 'Ac_e'"), ['Acme']);
  });

  test('AND, OR, NOT and parentheses', async () => {
    assert.deepEqual(
      await query(
        "(Customer_Segment__c = 'SMB' OR Customer_Segment__c = 'Enterprise') AND NumberOfEmployees > 100",
      ),
      ['Acme'],
    );
    assert.deepEqual(await query("NOT Name LIKE 'acme%'"), ['Burlington', 'Zeta 100%']);
    assert.deepEqual(await query("NOT (Name = 'Acme' OR Name = 'Burlington')"), [
      'acme labs',
      'Zeta 100%',
    ]);
  });

  test('IN and NOT IN', async () => {
    assert.deepEqual(await query("Customer_Segment__c IN ('SMB', 'Mid-Market')"), [
      'acme labs',
      'Burlington',
    ]);
    assert.deepEqual(await query("Customer_Segment__c NOT IN ('SMB', 'Mid-Market')"), [
      'Acme',
      'Zeta 100%',
    ]);
    const ids = accountIds
      .slice(0, 2)
      .map((id) => `'${id.slice(0, 15)}'`)
      .join(',');
    assert.deepEqual(await query(`Id IN (${ids})`), ['Acme', 'acme labs']);
  });

  test('null checks and comparisons', async () => {
    assert.deepEqual(await query('NumberOfEmployees = null'), ['Burlington']);
    assert.deepEqual(await query('NumberOfEmployees != null AND NumberOfEmployees <= 300'), [
      'acme labs',
      'Zeta 100%',
    ]);
    assert.deepEqual(await query("Customer_Segment__c != 'SMB'"), [
      'Acme',
      'Burlington',
      'Zeta 100%',
    ]);
  });

  test('INCLUDES and EXCLUDES on a multi-select picklist', async () => {
    assert.deepEqual(await query("Health_Flags__c INCLUDES ('LOW_ICP_FIT')"), [
      'Acme',
      'acme labs',
    ]);
    assert.deepEqual(await query("Health_Flags__c INCLUDES ('LOW_ICP_FIT;MASKED_RISK')"), ['Acme']);
    assert.deepEqual(await query("Health_Flags__c EXCLUDES ('MASKED_RISK')"), [
      'acme labs',
      'Burlington',
      'Zeta 100%',
    ]);
  });

  test('semi-join on Id', async () => {
    assert.deepEqual(await query('Id IN (SELECT AccountId FROM Opportunity WHERE IsWon = true)'), [
      'Acme',
      'acme labs',
    ]);
  });

  test('booleans, numbers and relationship paths', async () => {
    assert.deepEqual(
      await query("IsWon = true AND Account.Customer_Segment__c = 'SMB'", 'Opportunity'),
      ['Labs won'],
    );
    assert.deepEqual(await query('Amount >= 75', 'Opportunity'), ['Acme won', 'Labs won']);
  });

  test('date literals and date values', async () => {
    assert.deepEqual(await query('CloseDate = TODAY', 'Opportunity'), ['Acme open']);
    assert.deepEqual(await query('CloseDate = YESTERDAY', 'Opportunity'), ['Acme won']);
    assert.deepEqual(await query('CloseDate = LAST_N_DAYS:7', 'Opportunity'), [
      'Acme open',
      'Acme won',
    ]);
    assert.deepEqual(await query('CloseDate > TODAY', 'Opportunity'), ['Future']);
    assert.deepEqual(await query(`CloseDate < ${daysFromToday(-30)}`, 'Opportunity'), ['Labs won']);
    assert.deepEqual(await query("CreatedDate = TODAY AND Name LIKE 'Acme%'", 'Opportunity'), [
      'Acme open',
      'Acme won',
    ]);
    assert.deepEqual(
      await query('CreatedDate > 2000-01-01T00:00:00Z AND CloseDate = TOMORROW', 'Opportunity'),
      ['Future'],
    );
  });
});

describe('ORDER BY, LIMIT, OFFSET and COUNT', () => {
  test('several fields, directions and nulls', async () => {
    const conn = org.connect();
    const ascending = await conn.query(
      'SELECT Name FROM Account ORDER BY NumberOfEmployees ASC, Name',
    );
    assert.deepEqual(names(ascending.records as Row[]), [
      'Burlington',
      'acme labs',
      'Zeta 100%',
      'Acme',
    ]);
    const descending = await conn.query('SELECT Name FROM Account ORDER BY NumberOfEmployees DESC');
    assert.deepEqual(names(descending.records as Row[]), [
      'Acme',
      'Zeta 100%',
      'acme labs',
      'Burlington',
    ]);
    const nullsFirst = await conn.query(
      'SELECT Name FROM Account ORDER BY NumberOfEmployees DESC NULLS FIRST',
    );
    assert.equal((nullsFirst.records[0] as Row).Name, 'Burlington');
  });

  test('order by a parent field', async () => {
    const result = await org
      .connect()
      .query(
        'SELECT Name FROM Opportunity WHERE AccountId != null ORDER BY Account.Name DESC, Name',
      );
    assert.deepEqual(names(result.records as Row[]), [
      'Future',
      'Labs won',
      'Acme open',
      'Acme won',
    ]);
  });

  test('LIMIT and OFFSET', async () => {
    const result = await org
      .connect()
      .query('SELECT Name FROM Account ORDER BY Name LIMIT 2 OFFSET 1');
    assert.deepEqual(names(result.records as Row[]), ['acme labs', 'Burlington']);
  });

  test('COUNT() and COUNT(Id)', async () => {
    const conn = org.connect();
    const count = await conn.query("SELECT COUNT() FROM Account WHERE Name LIKE 'acme%'");
    assert.equal(count.totalSize, 2);
    assert.deepEqual(count.records, []);
    const aggregate = await conn.query(
      'SELECT COUNT(Id) total FROM Opportunity WHERE IsWon = true',
    );
    assert.equal((aggregate.records[0] as Row).total, 2);
    const unnamed = await conn.query('SELECT COUNT(Id) FROM Opportunity');
    assert.equal(typeof (unnamed.records[0] as Row).expr0, 'number');
  });
});

describe('query errors', () => {
  test('unknown field is INVALID_FIELD with the position', async () => {
    const error = await rejection(org.connect().query('SELECT Id, Nmae FROM Account'));
    assert.equal(error.errorCode, 'INVALID_FIELD');
    assert.match(
      error.message,
      /ERROR at Row:1:Column:12\nNo such column 'Nmae' on entity 'Account'/,
    );
  });

  test('unknown object is INVALID_TYPE', async () => {
    const error = await rejection(org.connect().query('SELECT Id FROM Acount'));
    assert.equal(error.errorCode, 'INVALID_TYPE');
    assert.match(error.message, /sObject type 'Acount' is not supported/);
  });

  test('unknown relationship is INVALID_FIELD', async () => {
    const error = await rejection(org.connect().query('SELECT Acount.Name FROM Opportunity'));
    assert.equal(error.errorCode, 'INVALID_FIELD');
    assert.match(error.message, /Didn't understand relationship 'Acount' in field path/);
  });

  test('unknown child relationship is INVALID_TYPE', async () => {
    const error = await rejection(
      org.connect().query('SELECT Id, (SELECT Id FROM Use_Cases__r) FROM Opportunity'),
    );
    assert.equal(error.errorCode, 'INVALID_TYPE');
  });

  test('syntax error is MALFORMED_QUERY', async () => {
    const error = await rejection(org.connect().query('SELECT Id FROM'));
    assert.equal(error.errorCode, 'MALFORMED_QUERY');
    assert.match(error.message, /unexpected token: <EOF>/);
  });

  test('quoted number is INVALID_QUERY_FILTER_OPERATOR', async () => {
    const error = await rejection(
      org.connect().query("SELECT Id FROM Account WHERE NumberOfEmployees = '5'"),
    );
    assert.equal(error.errorCode, 'INVALID_QUERY_FILTER_OPERATOR');
    assert.match(error.message, /must be of type integer and should not be enclosed in quotes/);
  });
});

describe('paging', () => {
  test('2,500 records page with nextRecordsUrl, autoFetch and queryMore', async () => {
    const conn = org.connect();
    for (let start = 0; start < 2500; start += 200) {
      const records = Array.from({ length: Math.min(200, 2500 - start) }, (_, i) => ({
        Name: `Page ${String(start + i).padStart(4, '0')}`,
      }));
      await conn.create('Account', records);
    }
    const soql = "SELECT Id, Name FROM Account WHERE Name LIKE 'Page %' ORDER BY Name";
    const first = (await conn.request(
      `/services/data/v${org.server.apiVersion}/query?q=${encodeURIComponent(soql)}`,
    )) as { totalSize: number; done: boolean; nextRecordsUrl: string; records: Row[] };
    assert.equal(first.totalSize, 2500);
    assert.equal(first.done, false);
    assert.equal(first.records.length, 2000);
    assert.match(
      first.nextRecordsUrl,
      new RegExp(`^/services/data/v${org.server.apiVersion}/query/01g[A-Za-z0-9]{15}-2000$`),
    );
    const second = await conn.queryMore(first.nextRecordsUrl);
    assert.equal(second.done, true);
    assert.equal(second.records.length, 500);
    assert.equal((second.records[499] as Row).Name, 'Page 2499');

    const all = await conn.query(soql, { autoFetch: true, maxFetch: 100000 });
    assert.equal(all.records.length, 2500);
    assert.equal(new Set(all.records.map((row) => (row as Row).Id)).size, 2500);
  });

  test('Sforce-Query-Options sets the batch size', async () => {
    const conn = org.connect();
    const soql = "SELECT Id FROM Account WHERE Name LIKE 'Page %'";
    const page = (await conn.request({
      method: 'GET',
      url: `/services/data/v${org.server.apiVersion}/query?q=${encodeURIComponent(soql)}`,
      headers: { 'Sforce-Query-Options': 'batchSize=500' },
    })) as { records: Row[]; nextRecordsUrl: string };
    assert.equal(page.records.length, 500);
    assert.match(page.nextRecordsUrl, /-500$/);
  });

  test('an unknown locator is INVALID_QUERY_LOCATOR', async () => {
    const error = await rejection(org.connect().queryMore('01g000000000000AAA-2000'));
    assert.equal(error.errorCode, 'INVALID_QUERY_LOCATOR');
  });
});

describe('date literal ranges', () => {
  // Wednesday 2026-12-02, 15:00 UTC.
  const now = Date.UTC(2026, 11, 2, 15, 0, 0);
  const cases: [string, number | undefined, string, string][] = [
    ['TODAY', undefined, '2026-12-02', '2026-12-03'],
    ['YESTERDAY', undefined, '2026-12-01', '2026-12-02'],
    ['THIS_WEEK', undefined, '2026-11-29', '2026-12-06'],
    ['LAST_WEEK', undefined, '2026-11-22', '2026-11-29'],
    ['THIS_MONTH', undefined, '2026-12-01', '2027-01-01'],
    ['LAST_MONTH', undefined, '2026-11-01', '2026-12-01'],
    ['THIS_QUARTER', undefined, '2026-10-01', '2027-01-01'],
    ['NEXT_QUARTER', undefined, '2027-01-01', '2027-04-01'],
    ['THIS_YEAR', undefined, '2026-01-01', '2027-01-01'],
    ['LAST_90_DAYS', undefined, '2026-09-03', '2026-12-03'],
    ['LAST_N_DAYS', 1, '2026-12-01', '2026-12-03'],
    ['NEXT_N_DAYS', 7, '2026-12-03', '2026-12-10'],
    ['N_DAYS_AGO', 3, '2026-11-29', '2026-11-30'],
    ['LAST_N_MONTHS', 2, '2026-10-01', '2026-12-01'],
    ['THIS_FISCAL_YEAR', undefined, '2026-01-01', '2027-01-01'],
  ];
  for (const [literal, n, start, end] of cases) {
    test(`${literal}${n === undefined ? '' : `:${n}`}`, () => {
      assert.deepEqual(dateLiteralRange(literal, n, now), { start, end });
    });
  }
});
