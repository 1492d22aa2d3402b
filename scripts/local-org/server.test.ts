// The local org's HTTP server through jsforce and fetch: authentication, describe, limits,
// routing errors, the test endpoints and persistence across a restart.

import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Connection } from 'jsforce';
import { rejection, startTestOrg, type TestOrg } from './test-support.ts';

type Row = Record<string, unknown>;

let org: TestOrg;

before(async () => {
  org = await startTestOrg();
});

after(async () => {
  await org.close();
});

function api(path: string): string {
  return `${org.server.url}/services/data/v${org.server.apiVersion}${path}`;
}

function adminHeaders(): Record<string, string> {
  return {
    Authorization: `Bearer ${org.server.users.admin.accessToken}`,
    'Content-Type': 'application/json',
  };
}

describe('authentication', () => {
  test('a bad token is 401 INVALID_SESSION_ID', async () => {
    const conn = new Connection({
      instanceUrl: org.server.url,
      accessToken: 'not-a-token',
      version: org.server.apiVersion,
    });
    const error = await rejection(conn.query('SELECT Id FROM Account'));
    assert.equal(error.errorCode, 'INVALID_SESSION_ID');
    const response = await fetch(api('/sobjects'));
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), [
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
    ]);
  });

  test('users file has mode 0600', () => {
    const mode = statSync(org.server.usersFile).mode & 0o777;
    assert.equal(mode, 0o600);
  });

  test('users have their custom permissions', () => {
    assert.ok(org.server.users.admin.customPermissions.includes('Health_Score_Bypass_Rules'));
    assert.ok(org.server.users.job.customPermissions.includes('Health_Score_Job'));
    assert.equal(org.server.users.csm.customPermissions.includes('Health_Score_Job'), false);
    for (const user of Object.values(org.server.users)) assert.equal(user.IsActive, true);
  });

  test('identity returns the calling user', async () => {
    const identity = await org.connect('csm').identity();
    assert.equal(identity.user_id, org.server.users.csm.Id);
    assert.equal(identity.organization_id, org.server.org.orgId);
  });
});

describe('describe and limits', () => {
  test('describeGlobal lists standard and custom objects', async () => {
    const global = await org.connect().describeGlobal();
    const names = global.sobjects.map((object) => object.name);
    for (const name of [
      'Account',
      'Contact',
      'Opportunity',
      'Task',
      'User',
      'Health_Snapshot__c',
      'Health_Band__mdt',
    ]) {
      assert.ok(names.includes(name), `${name} listed`);
    }
  });

  test('describe reports field details and child relationships', async () => {
    const conn = org.connect();
    const opportunity = await conn.describe('Opportunity');
    assert.equal(opportunity.keyPrefix, '006');
    const stage = opportunity.fields.find((field) => field.name === 'StageName');
    assert.ok(stage);
    assert.equal(stage.type, 'picklist');
    assert.equal(stage.restrictedPicklist, true);
    assert.deepEqual(stage.picklistValues?.[0], {
      active: true,
      defaultValue: false,
      label: 'Prospecting',
      validFor: null,
      value: 'Prospecting',
    });
    const discount = opportunity.fields.find((field) => field.name === 'Discount_Depth__c');
    assert.deepEqual([discount?.type, discount?.precision, discount?.scale], ['percent', 5, 2]);
    const isWon = opportunity.fields.find((field) => field.name === 'IsWon');
    assert.deepEqual([isWon?.createable, isWon?.updateable], [false, false]);
    const relationship = opportunity.childRelationships.find(
      (child) => child.relationshipName === 'Committed_Use_Cases__r',
    );
    assert.equal(relationship?.childSObject, 'Committed_Use_Case__c');
    assert.equal(relationship?.cascadeDelete, true);

    const snapshot = await conn.describe('Health_Snapshot__c');
    const key = snapshot.fields.find((field) => field.name === 'Snapshot_Key__c');
    assert.deepEqual([key?.externalId, key?.unique, key?.length], [true, true, 40]);
    const name = snapshot.fields.find((field) => field.name === 'Name');
    assert.deepEqual([name?.type, name?.autoNumber, name?.createable], ['string', true, false]);
    const master = snapshot.fields.find((field) => field.name === 'Account__c');
    assert.deepEqual(
      [master?.referenceTo, master?.relationshipName, master?.nillable],
      [['Account'], 'Account__r', false],
    );
  });

  test('Task includes activity custom fields', async () => {
    const task = await org.connect().describe('Task');
    assert.ok(task.fields.some((field) => field.name === 'Health_Alert_Key__c'));
  });

  test('Sforce-Limit-Info and the limits resource', async () => {
    const conn = org.connect();
    await conn.query('SELECT Id FROM Account LIMIT 1');
    assert.equal(conn.limitInfo.apiUsage?.limit, 100000);
    const used = conn.limitInfo.apiUsage?.used ?? 0;
    assert.ok(used > 0);
    const limits = (await conn.limits()) as unknown as Record<
      string,
      { Max: number; Remaining: number }
    >;
    assert.equal(limits.DailyApiRequests.Max, 100000);
    assert.equal(limits.DailyApiRequests.Remaining, 100000 - used - 1);
    assert.ok(limits.DailyBulkV2QueryJobs.Max > 0);
  });

  test('requestCount counts API requests', async () => {
    const before = org.server.requestCount;
    await org.connect().query('SELECT Id FROM Account LIMIT 1');
    assert.equal(org.server.requestCount, before + 1);
  });

  test('versions list includes the served version', async () => {
    const response = await fetch(`${org.server.url}/services/data/`);
    const versions = (await response.json()) as { version: string; url: string; label: string }[];
    const served = versions.find((entry) => entry.version === org.server.apiVersion);
    assert.deepEqual(served?.url, `/services/data/v${org.server.apiVersion}`);
  });
});

describe('routing errors', () => {
  test('unknown resource is 404 NOT_FOUND', async () => {
    const response = await fetch(api('/nothing/here'), { headers: adminHeaders() });
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), [
      { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' },
    ]);
  });

  test('body that is not JSON is 400 JSON_PARSER_ERROR', async () => {
    const response = await fetch(api('/sobjects/Account'), {
      method: 'POST',
      headers: adminHeaders(),
      body: '{"Name": ',
    });
    assert.equal(response.status, 400);
    const [error] = (await response.json()) as { errorCode: string }[];
    assert.equal(error.errorCode, 'JSON_PARSER_ERROR');
  });

  test('wrong method is 405 METHOD_NOT_ALLOWED', async () => {
    const response = await fetch(api('/limits'), { method: 'POST', headers: adminHeaders() });
    assert.equal(response.status, 405);
  });
});

describe('test endpoints', () => {
  test('/__local/faults injects failures and needs the admin token', async () => {
    const denied = await fetch(`${org.server.url}/__local/faults`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${org.server.users.csm.accessToken}` },
      body: '{}',
    });
    assert.equal(denied.status, 401);
    const configured = await fetch(`${org.server.url}/__local/faults`, {
      method: 'POST',
      headers: adminHeaders(),
      body: JSON.stringify({ failNext: { status: 503, count: 1 } }),
    });
    assert.equal(configured.status, 200);
    const response = await fetch(api('/limits'), { headers: adminHeaders() });
    assert.equal(response.status, 503);
    assert.match(response.headers.get('sforce-limit-info') ?? '', /^api-usage=\d+\/100000$/);
    const next = await fetch(api('/limits'), { headers: adminHeaders() });
    assert.equal(next.status, 200);
  });

  test('/__local/reset deletes records but keeps users', async () => {
    const conn = org.connect();
    await conn.sobject('Account').create({ Name: 'Before reset' });
    const response = await fetch(`${org.server.url}/__local/reset`, {
      method: 'POST',
      headers: adminHeaders(),
    });
    assert.equal(response.status, 204);
    const accounts = await conn.query('SELECT COUNT() FROM Account');
    assert.equal(accounts.totalSize, 0);
    const users = await conn.query('SELECT COUNT() FROM User');
    assert.equal(users.totalSize, 6);
  });
});

describe('persistence', () => {
  test('records, Ids and tokens survive a restart', async () => {
    const first = await startTestOrg();
    const conn = first.connect();
    const { id } = (await conn
      .sobject('Account')
      .create({ Name: 'Persistent', Customer_Segment__c: 'SMB' })) as { id: string };
    const snapshot = (await conn
      .sobject('Health_Snapshot__c')
      .create({ Account__c: id, Snapshot_Key__c: `${id}:2026-12-04` })) as { id: string };
    const token = first.server.users.job.accessToken;
    await first.close({ keepData: true });

    const second = await startTestOrg(first.dataDir);
    try {
      assert.equal(second.server.users.job.accessToken, token);
      const [row] = (
        await second
          .connect()
          .query(
            `SELECT Name, Customer_Segment__c, (SELECT Name FROM Health_Snapshots__r) FROM Account WHERE Id = '${id}'`,
          )
      ).records as Row[];
      assert.equal(row.Name, 'Persistent');
      assert.equal(row.Customer_Segment__c, 'SMB');
      const children = row.Health_Snapshots__r as { records: Row[] };
      assert.equal(children.records.length, 1);
      const next = (await second
        .connect()
        .sobject('Health_Snapshot__c')
        .create({ Account__c: id, Snapshot_Key__c: `${id}:2026-12-05` })) as { id: string };
      assert.notEqual(next.id, snapshot.id);
      const names = (
        await second.connect().query('SELECT Name FROM Health_Snapshot__c ORDER BY Name')
      ).records.map((r) => (r as Row).Name);
      assert.deepEqual(names, ['HS-0000000001', 'HS-0000000002']);
    } finally {
      await second.close();
    }
  });
});
