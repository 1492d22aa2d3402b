// Record writes through jsforce against the local org over HTTP: CRUD, sObject Collections,
// upsert, the rejection codes of a real org, allOrNone rollback, derived fields and cascades.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { caseSafetySuffix, isWellFormedId, toId18 } from './ids.ts';
import { rejection, startTestOrg, type TestOrg } from './test-support.ts';

const DATETIME_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;

type SaveResult = {
  id: string;
  success: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
};

let org: TestOrg;

before(async () => {
  org = await startTestOrg();
});

after(async () => {
  await org.close();
});

describe('ids', () => {
  test('case-safety suffix matches a known Id', () => {
    // 001D000000IqhSL is documented with the 18-character form 001D000000IqhSLIAZ.
    assert.equal(caseSafetySuffix('001D000000IqhSL'), 'IAZ');
    assert.equal(toId18('001D000000IqhSL'), '001D000000IqhSLIAZ');
    assert.equal(toId18('001d000000iqhsliaz'), '001D000000IqhSLIAZ');
    assert.equal(isWellFormedId('001D000000IqhSLIAA'), false);
    assert.equal(isWellFormedId('abc'), false);
  });
});

describe('single-record CRUD', () => {
  test('create, read, update and delete an account', async () => {
    const conn = org.connect();
    const created = (await conn.sobject('Account').create({
      Name: 'Alpha Dynamics',
      Type: 'Technology Partner',
      NumberOfEmployees: 120,
    })) as SaveResult;
    assert.equal(created.success, true);
    assert.match(created.id as string, /^001[A-Za-z0-9]{15}$/);
    assert.equal(isWellFormedId(created.id as string), true);

    const record = (await conn.sobject('Account').retrieve(created.id as string)) as Record<
      string,
      unknown
    >;
    assert.equal(record.Name, 'Alpha Dynamics');
    assert.equal(record.NumberOfEmployees, 120);
    assert.equal(record.OwnerId, org.server.users.admin.Id);
    assert.equal(record.CreatedById, org.server.users.admin.Id);
    assert.match(record.CreatedDate as string, DATETIME_FORMAT);
    assert.equal(record.Health_Score__c, null);

    const updated = (await conn
      .sobject('Account')
      .update({ Id: created.id, Phone: '555-0100' })) as SaveResult;
    assert.equal(updated.success, true);
    const [row] = (
      await conn.query(`SELECT Phone, LastModifiedDate FROM Account WHERE Id = '${created.id}'`)
    ).records as Record<string, unknown>[];
    assert.equal(row.Phone, '555-0100');
    assert.match(row.LastModifiedDate as string, DATETIME_FORMAT);

    const deleted = (await conn.sobject('Account').destroy(created.id as string)) as SaveResult;
    assert.equal(deleted.success, true);
    const error = await rejection(conn.sobject('Account').retrieve(created.id as string));
    assert.equal(error.errorCode, 'ENTITY_IS_DELETED');
  });

  test('retrieve with fields and a 404 for an unknown Id', async () => {
    const conn = org.connect();
    const { id } = (await conn.sobject('Account').create({ Name: 'Fields Only' })) as SaveResult;
    const record = (await conn
      .sobject('Account')
      .retrieve(id as string, { fields: ['Name'] })) as Record<string, unknown>;
    assert.deepEqual(Object.keys(record).sort(), ['Name', 'attributes']);
    const missing = await rejection(conn.sobject('Account').retrieve('001000000000000AAA'));
    assert.equal(missing.errorCode, 'NOT_FOUND');
  });

  test('the calling user becomes owner and creator', async () => {
    const conn = org.connect('csm');
    const { id } = (await conn
      .sobject('Contact')
      .create({ LastName: 'Taylor', FirstName: 'Amy' })) as SaveResult;
    const [row] = (
      await conn.query(
        `SELECT Name, OwnerId, CreatedById, Owner.Name FROM Contact WHERE Id = '${id}'`,
      )
    ).records as Record<string, unknown>[];
    assert.equal(row.Name, 'Amy Taylor');
    assert.equal(row.OwnerId, org.server.users.csm.Id);
    assert.equal(row.CreatedById, org.server.users.csm.Id);
    assert.equal((row.Owner as Record<string, unknown>).Name, org.server.users.csm.Name);
  });
});

describe('rejections', () => {
  const createAccount = (fields: Record<string, unknown>) =>
    org
      .connect()
      .sobject('Account')
      .create({ Name: 'Rejected', ...fields });

  test('unknown field is INVALID_FIELD', async () => {
    const error = await rejection(createAccount({ Picture__c: 'x' }));
    assert.equal(error.errorCode, 'INVALID_FIELD');
    assert.equal(error.message, "No such column 'Picture__c' on sobject of type Account");
  });

  test('read-only field is INVALID_FIELD_FOR_INSERT_UPDATE', async () => {
    const error = await rejection(
      org
        .connect()
        .sobject('Opportunity')
        .create({ Name: 'x', StageName: 'Prospecting', CloseDate: '2026-01-01', IsWon: true }),
    );
    assert.equal(error.errorCode, 'INVALID_FIELD_FOR_INSERT_UPDATE');
    assert.match(error.message, /^Unable to create\/update fields: IsWon\./);
  });

  test('text in a number field is JSON_PARSER_ERROR', async () => {
    const error = await rejection(createAccount({ NumberOfEmployees: 'many' }));
    assert.equal(error.errorCode, 'JSON_PARSER_ERROR');
    assert.match(error.message, /^Cannot deserialize instance of int from VALUE_STRING value many/);
  });

  test('invalid date is JSON_PARSER_ERROR', async () => {
    const error = await rejection(createAccount({ Churned_On__c: 'abc' }));
    assert.equal(error.errorCode, 'JSON_PARSER_ERROR');
    assert.match(error.message, /instance of date from VALUE_STRING value abc/);
  });

  test('wrong type in-process is INVALID_TYPE_ON_FIELD_IN_RECORD', () => {
    const [result] = org.server.org.create(
      'Account',
      [{ Name: 'x', Churned_On__c: '2026-13-45' }],
      {
        user: org.server.users.admin,
        allOrNone: false,
      },
    );
    assert.equal(result.success, false);
    assert.equal(result.errors[0].statusCode, 'INVALID_TYPE_ON_FIELD_IN_RECORD');
    assert.deepEqual(result.errors[0].fields, ['Churned_On__c']);
  });

  test('number beyond precision is NUMBER_OUTSIDE_VALID_RANGE', async () => {
    const error = await rejection(createAccount({ Health_Score__c: 1000 }));
    assert.equal(error.errorCode, 'NUMBER_OUTSIDE_VALID_RANGE');
    assert.equal(
      error.message,
      'Health Score: value outside of valid range on numeric field: 1000',
    );
  });

  test('extra decimal places are stored without rounding', async () => {
    const conn = org.connect();
    const { id } = (await conn.sobject('Account').create({
      Name: 'Decimals',
      Health_Score__c: 74.5,
      Active_User_Ratio__c: 33.3333,
    })) as SaveResult;
    const [row] = (
      await conn.query(
        `SELECT Health_Score__c, Active_User_Ratio__c FROM Account WHERE Id = '${id}'`,
      )
    ).records as Record<string, unknown>[];
    assert.equal(row.Health_Score__c, 74.5);
    assert.equal(row.Active_User_Ratio__c, 33.3333);
  });

  test('text too long is STRING_TOO_LONG', async () => {
    const error = await rejection(createAccount({ Health_Model_Version__c: 'v'.repeat(41) }));
    assert.equal(error.errorCode, 'STRING_TOO_LONG');
    assert.match(
      error.message,
      /^Health Model Version: data value too large: v+ \(max length=40\)$/,
    );
  });

  test('value outside a restricted picklist is rejected', async () => {
    const error = await rejection(createAccount({ Customer_Segment__c: 'Startup' }));
    assert.equal(error.errorCode, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    assert.equal(
      error.message,
      'Customer Segment: bad value for restricted picklist field: Startup',
    );
    const stage = await rejection(
      org
        .connect()
        .sobject('Opportunity')
        .create({ Name: 'x', StageName: 'Won Big', CloseDate: '2026-01-01' }),
    );
    assert.equal(stage.errorCode, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
  });

  test('multi-select values outside the value set are rejected', async () => {
    const error = await rejection(createAccount({ Health_Flags__c: 'NO_DATA;NOT_A_FLAG' }));
    assert.equal(error.errorCode, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
  });

  test('missing required fields are REQUIRED_FIELD_MISSING', async () => {
    const error = await rejection(
      org.connect().sobject('Opportunity').create({ Name: 'No stage' }),
    );
    assert.equal(error.errorCode, 'REQUIRED_FIELD_MISSING');
    assert.equal(error.message, 'Required fields are missing: [StageName, CloseDate]');
  });

  test('malformed reference is MALFORMED_ID', async () => {
    const error = await rejection(createAccount({ ParentId: 'not-an-id' }));
    assert.equal(error.errorCode, 'MALFORMED_ID');
    assert.equal(error.message, 'Parent Account ID: id value of incorrect type: not-an-id');
  });

  test('reference to a missing record is INVALID_CROSS_REFERENCE_KEY', async () => {
    const error = await rejection(createAccount({ ParentId: toId18('0015E0000zzzzzz') }));
    assert.equal(error.errorCode, 'INVALID_CROSS_REFERENCE_KEY');
  });

  test('reference to the wrong object is FIELD_INTEGRITY_EXCEPTION', async () => {
    const error = await rejection(createAccount({ ParentId: org.server.users.admin.Id }));
    assert.equal(error.errorCode, 'FIELD_INTEGRITY_EXCEPTION');
  });

  test('unknown object is NOT_FOUND over REST and INVALID_TYPE in collections', async () => {
    const conn = org.connect();
    const error = await rejection(conn.sobject('Nope__c').create({ Name: 'x' }));
    assert.equal(error.errorCode, 'NOT_FOUND');
    const [result] = (await conn.create('Nope__c', [{ Name: 'x' }])) as SaveResult[];
    assert.equal(result.success, false);
    assert.equal(result.errors[0].statusCode, 'INVALID_TYPE');
  });

  test('Task owned by an inactive user is INACTIVE_OWNER_OR_USER', async () => {
    const error = await rejection(
      org
        .connect()
        .sobject('Task')
        .create({ Subject: 'Call', OwnerId: org.server.inactiveUser.Id }),
    );
    assert.equal(error.errorCode, 'INACTIVE_OWNER_OR_USER');
  });

  test('custom metadata is read-only', async () => {
    const error = await rejection(
      org.connect().sobject('Health_Band__mdt').create({ Band__c: 'Green' }),
    );
    assert.equal(error.errorCode, 'INVALID_TYPE_FOR_OPERATION');
  });
});

describe('sObject Collections', () => {
  test('200 records are accepted and 201 are rejected', async () => {
    const conn = org.connect();
    const records = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ Name: `Collection ${count}-${i}` }));
    const results = (await conn.create('Account', records(200))) as SaveResult[];
    assert.equal(results.length, 200);
    assert.ok(results.every((result) => result.success));
    const error = await rejection(conn.create('Account', records(201)));
    assert.equal(error.errorCode, 'EXCEEDED_ID_LIMIT');
    assert.equal(
      error.message,
      'record limit reached. cannot submit more than 200 records into this call',
    );
    const { totalSize } = await conn.query(
      "SELECT COUNT() FROM Account WHERE Name LIKE 'Collection 201-%'",
    );
    assert.equal(totalSize, 0);
  });

  test('partial success without allOrNone', async () => {
    const conn = org.connect();
    const results = (await conn.create('Account', [
      { Name: 'Partial ok' },
      { Name: 'Partial bad', Customer_Segment__c: 'Nope' },
    ])) as SaveResult[];
    assert.equal(results[0].success, true);
    assert.equal(results[1].success, false);
    assert.equal(results[1].errors[0].statusCode, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    assert.deepEqual(results[1].errors[0].fields, ['Customer_Segment__c']);
  });

  test('allOrNone rolls back every row', async () => {
    const conn = org.connect();
    const results = (await conn.create(
      'Account',
      [
        { Name: 'Rollback one' },
        { Name: 'Rollback two', Health_Score__c: 5000 },
        { Name: 'Rollback three' },
      ],
      { allOrNone: true },
    )) as SaveResult[];
    assert.equal(results[1].errors[0].statusCode, 'NUMBER_OUTSIDE_VALID_RANGE');
    for (const index of [0, 2]) {
      assert.equal(results[index].success, false);
      assert.equal(results[index].errors[0].statusCode, 'ALL_OR_NONE_OPERATION_ROLLED_BACK');
    }
    const { totalSize } = await conn.query(
      "SELECT COUNT() FROM Account WHERE Name LIKE 'Rollback%'",
    );
    assert.equal(totalSize, 0);
  });

  test('allOrNone update restores the old values', async () => {
    const conn = org.connect();
    const created = (await conn.create('Account', [
      { Name: 'Keep A' },
      { Name: 'Keep B' },
    ])) as SaveResult[];
    const results = (await conn.update(
      'Account',
      [
        { Id: created[0].id, Name: 'Changed A' },
        { Id: created[1].id, Customer_Segment__c: 'Bad' },
      ],
      { allOrNone: true },
    )) as SaveResult[];
    assert.equal(results[0].errors[0].statusCode, 'ALL_OR_NONE_OPERATION_ROLLED_BACK');
    const [row] = (await conn.query(`SELECT Name FROM Account WHERE Id = '${created[0].id}'`))
      .records as Record<string, unknown>[];
    assert.equal(row.Name, 'Keep A');
  });

  test('delete by ids reports each row', async () => {
    const conn = org.connect();
    const created = (await conn.create('Account', [
      { Name: 'Delete A' },
      { Name: 'Delete B' },
    ])) as SaveResult[];
    const results = (await conn.destroy('Account', [
      created[0].id as string,
      created[1].id as string,
      'bad',
    ])) as SaveResult[];
    assert.equal(results[0].success, true);
    assert.equal(results[1].success, true);
    assert.equal(results[2].errors[0].statusCode, 'MALFORMED_ID');
  });

  test('duplicate external id is DUPLICATE_VALUE', async () => {
    const conn = org.connect('job');
    const { id: accountId } = (await conn
      .sobject('Account')
      .create({ Name: 'Snapshots' })) as SaveResult;
    const key = `${accountId}:2026-12-01`;
    const first = (await conn.sobject('Health_Snapshot__c').create({
      Account__c: accountId,
      Snapshot_Key__c: key,
      Scored_On__c: '2026-12-01',
    })) as SaveResult;
    assert.equal(first.success, true);
    const error = await rejection(
      conn
        .sobject('Health_Snapshot__c')
        .create({ Account__c: accountId, Snapshot_Key__c: key, Scored_On__c: '2026-12-01' }),
    );
    assert.equal(error.errorCode, 'DUPLICATE_VALUE');
    assert.match(
      error.message,
      /^duplicate value found: Snapshot_Key__c duplicates value on record with id: /,
    );
  });
});

describe('upsert', () => {
  test('collection upsert creates then updates by external id', async () => {
    const conn = org.connect('job');
    const { id: accountId } = (await conn
      .sobject('Account')
      .create({ Name: 'Upsert target' })) as SaveResult;
    const key = `${accountId}:2026-12-02`;
    const first = (await conn.upsert(
      'Health_Snapshot__c',
      [{ Snapshot_Key__c: key, Account__c: accountId, Score__c: 70 }],
      'Snapshot_Key__c',
    )) as (SaveResult & { created: boolean })[];
    assert.equal(first[0].success, true);
    assert.equal(first[0].created, true);
    const second = (await conn.upsert(
      'Health_Snapshot__c',
      [{ Snapshot_Key__c: key, Score__c: 71 }],
      'Snapshot_Key__c',
    )) as (SaveResult & { created: boolean })[];
    assert.equal(second[0].created, false);
    assert.equal(second[0].id, first[0].id);
    const [row] = (
      await conn.query(
        `SELECT Score__c, Name FROM Health_Snapshot__c WHERE Snapshot_Key__c = '${key}'`,
      )
    ).records as Record<string, unknown>[];
    assert.equal(row.Score__c, 71);
    assert.match(row.Name as string, /^HS-\d{10}$/);
  });

  test('single upsert by external id over REST', async () => {
    const conn = org.connect('job');
    const { id: accountId } = (await conn
      .sobject('Account')
      .create({ Name: 'Single upsert' })) as SaveResult;
    const key = `${accountId}:2026-12-03`;
    const created = (await conn
      .sobject('Health_Snapshot__c')
      .upsert({ Snapshot_Key__c: key, Account__c: accountId }, 'Snapshot_Key__c')) as SaveResult & {
      created?: boolean;
    };
    assert.equal(created.success, true);
    assert.equal(created.created, true);
    const updated = (await conn
      .sobject('Health_Snapshot__c')
      .upsert({ Snapshot_Key__c: key, Band__c: 'Green' }, 'Snapshot_Key__c')) as SaveResult & {
      created?: boolean;
    };
    assert.equal(updated.created, false);
  });

  test('upsert on a field that is not an external id is NOT_FOUND', async () => {
    const conn = org.connect();
    const error = await rejection(conn.upsert('Account', [{ Name: 'x' }], 'Name'));
    assert.equal(error.errorCode, 'NOT_FOUND');
    assert.equal(
      error.message,
      'Provided external ID field does not exist or is not accessible: Name',
    );
  });
});

describe('derived fields and cascades', () => {
  test('stage sets IsWon, IsClosed, Probability and forecast category', async () => {
    // The admin bypasses the validation rules, which reject a won deal without deal context.
    const conn = org.connect('admin');
    const { id } = (await conn.sobject('Opportunity').create({
      Name: 'Won',
      StageName: 'Closed Won',
      CloseDate: '2026-03-31',
      Amount: 1000,
    })) as SaveResult;
    const query = `SELECT IsWon, IsClosed, Probability, ForecastCategoryName, ForecastCategory, ExpectedRevenue, FiscalYear, FiscalQuarter FROM Opportunity WHERE Id = '${id}'`;
    let [row] = (await conn.query(query)).records as Record<string, unknown>[];
    assert.deepEqual(
      [
        row.IsWon,
        row.IsClosed,
        row.Probability,
        row.ForecastCategoryName,
        row.ForecastCategory,
        row.ExpectedRevenue,
        row.FiscalYear,
        row.FiscalQuarter,
      ],
      [true, true, 100, 'Closed', 'Closed', 1000, 2026, 1],
    );
    await conn.sobject('Opportunity').update({ Id: id, StageName: 'Negotiation/Review' });
    [row] = (await conn.query(query)).records as Record<string, unknown>[];
    assert.deepEqual([row.IsWon, row.IsClosed, row.Probability], [false, false, 90]);
  });

  test('Task status sets IsClosed and WhatId sets AccountId', async () => {
    const conn = org.connect('job');
    const { id: accountId } = (await conn
      .sobject('Account')
      .create({ Name: 'Task parent' })) as SaveResult;
    const { id } = (await conn
      .sobject('Task')
      .create({ Subject: 'Review', WhatId: accountId, Health_Alert_Key__c: 'k1' })) as SaveResult;
    const query = `SELECT Status, Priority, IsClosed, AccountId, What.Name, What.Type FROM Task WHERE Id = '${id}'`;
    let [row] = (await conn.query(query)).records as Record<string, unknown>[];
    assert.equal(row.Status, 'Not Started');
    assert.equal(row.Priority, 'Normal');
    assert.equal(row.IsClosed, false);
    assert.equal(row.AccountId, accountId);
    assert.deepEqual(
      { ...(row.What as Record<string, unknown>), attributes: undefined },
      { attributes: undefined, Name: 'Task parent', Type: 'Account' },
    );
    await conn.sobject('Task').update({ Id: id, Status: 'Completed' });
    [row] = (await conn.query(query)).records as Record<string, unknown>[];
    assert.equal(row.IsClosed, true);
  });

  test('deleting a master deletes its details and clears lookups', async () => {
    const conn = org.connect('admin');
    const { id: accountId } = (await conn
      .sobject('Account')
      .create({ Name: 'Master' })) as SaveResult;
    const { id: oppId } = (await conn.sobject('Opportunity').create({
      Name: 'Detail parent',
      AccountId: accountId,
      StageName: 'Closed Won',
      CloseDate: '2026-01-01',
    })) as SaveResult;
    await conn.create('Committed_Use_Case__c', [
      { Name: 'SSO', Opportunity__c: oppId, Status__c: 'Committed' },
      { Name: 'Reports', Opportunity__c: oppId, Status__c: 'Committed' },
    ]);
    const { id: otherAccount } = (await conn
      .sobject('Account')
      .create({ Name: 'Points at deal', Deal_Context_Opportunity__c: oppId })) as SaveResult;
    let [row] = (
      await conn.query(`SELECT Committed_Use_Case_Count__c FROM Opportunity WHERE Id = '${oppId}'`)
    ).records as Record<string, unknown>[];
    assert.equal(row.Committed_Use_Case_Count__c, 2);

    await conn.sobject('Opportunity').destroy(oppId as string);
    const { totalSize } = await conn.query(
      `SELECT COUNT() FROM Committed_Use_Case__c WHERE Opportunity__c = '${oppId}'`,
    );
    assert.equal(totalSize, 0);
    [row] = (
      await conn.query(
        `SELECT Deal_Context_Opportunity__c FROM Account WHERE Id = '${otherAccount}'`,
      )
    ).records as Record<string, unknown>[];
    assert.equal(row.Deal_Context_Opportunity__c, null);
    const deleted = await conn.query(
      `SELECT Id, IsDeleted FROM Opportunity WHERE Id = '${oppId}'`,
      { scanAll: true },
    );
    assert.equal(deleted.totalSize, 1);
    assert.equal((deleted.records[0] as Record<string, unknown>).IsDeleted, true);
  });

  test('deleting an account deletes its contacts and opportunities', async () => {
    const conn = org.connect();
    const { id: accountId } = (await conn
      .sobject('Account')
      .create({ Name: 'Cascade account' })) as SaveResult;
    await conn.sobject('Contact').create({ LastName: 'Gone', AccountId: accountId });
    await conn.sobject('Opportunity').create({
      Name: 'Gone too',
      AccountId: accountId,
      StageName: 'Prospecting',
      CloseDate: '2026-01-01',
    });
    await conn.sobject('Account').destroy(accountId as string);
    const contacts = await conn.query(
      `SELECT COUNT() FROM Contact WHERE AccountId = '${accountId}'`,
    );
    const opportunities = await conn.query(
      `SELECT COUNT() FROM Opportunity WHERE AccountId = '${accountId}'`,
    );
    assert.equal(contacts.totalSize, 0);
    assert.equal(opportunities.totalSize, 0);
  });

  test('before-save validators can reject a save', async () => {
    const validator = ({
      newRecord,
      user,
    }: {
      newRecord: Record<string, unknown>;
      user: { customPermissions: string[] };
    }) =>
      newRecord.Health_Score__c !== null && !user.customPermissions.includes('Health_Score_Job')
        ? [
            {
              statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
              message: 'Only the job writes scores',
              fields: ['Health_Score__c'],
            },
          ]
        : [];
    org.server.org.beforeSave.push(validator);
    try {
      const error = await rejection(
        org.connect('csm').sobject('Account').create({ Name: 'Validated', Health_Score__c: 50 }),
      );
      assert.equal(error.errorCode, 'FIELD_CUSTOM_VALIDATION_EXCEPTION');
      const allowed = (await org
        .connect('job')
        .sobject('Account')
        .create({ Name: 'Validated', Health_Score__c: 50 })) as SaveResult;
      assert.equal(allowed.success, true);
    } finally {
      org.server.org.beforeSave.pop();
    }
  });

  test('row failures injected through faults', async () => {
    org.server.faults.configure({
      rowFailures: [
        {
          sobject: 'Account',
          names: ['Locked'],
          statusCode: 'UNABLE_TO_LOCK_ROW',
          message: 'unable to obtain exclusive access to this record',
        },
      ],
    });
    try {
      const results = (await org
        .connect()
        .create('Account', [{ Name: 'Locked' }, { Name: 'Free' }])) as SaveResult[];
      assert.equal(results[0].errors[0].statusCode, 'UNABLE_TO_LOCK_ROW');
      assert.equal(results[1].success, true);
    } finally {
      org.server.faults.reset();
    }
  });
});
