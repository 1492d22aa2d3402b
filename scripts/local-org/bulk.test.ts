// Tests of the Bulk API 2.0 handler: unit tests against an in-memory stand-in for LocalOrg,
// jsforce 3.10 against the handler behind a minimal HTTP server, and jsforce against the whole
// local org (startLocalOrg) on 127.0.0.1.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { Connection } from 'jsforce';
import {
  MAX_FIELD_CHARACTERS,
  MAX_UPLOAD_BASE64_BYTES,
  formatBulkError,
  formatCell,
  handleBulkRequest,
  type BulkContext,
  type BulkResponse,
} from './bulk.ts';
import { Faults } from './faults.ts';
import { makeId } from './ids.ts';
import { startLocalOrg, type LocalOrgServer, type OrgUser } from './index.ts';
import type { LocalOrg, SObjectRecord, SaveError, SaveResult } from './org.ts';
import type { FieldDef, ObjectDef } from './schema-types.ts';

// ---------------------------------------------------------------------------------------------
// A small stand-in for LocalOrg: two objects, typed CSV coercion, per-row validation and the
// Faults row failures, and just enough SOQL for the queries these tests send.

function field(name: string, type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef {
  return {
    name,
    label: name.replace(/__c$/, '').replace(/_/g, ' '),
    type,
    nillable: true,
    createable: name !== 'Id',
    updateable: name !== 'Id',
    custom: name.endsWith('__c'),
    ...extra,
  };
}

function objectDef(name: string, keyPrefix: string, fields: FieldDef[]): ObjectDef {
  return {
    name,
    label: name,
    labelPlural: `${name}s`,
    keyPrefix,
    custom: name.endsWith('__c'),
    fields,
    childRelationships: [],
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    customMetadata: false,
    enableActivities: false,
    fieldsByLowerName: new Map(fields.map((f) => [f.name.toLowerCase(), f])),
    parentRelationships: new Map(
      fields.filter((f) => f.relationshipName).map((f) => [f.relationshipName!.toLowerCase(), f]),
    ),
    childRelationshipsByLowerName: new Map(),
  };
}

const OBJECTS = [
  objectDef('Account', '001', [
    field('Id', 'id'),
    field('Name', 'string', { length: 255, nillable: false }),
    field('NPS__c', 'double'),
    field('Churned_On__c', 'date'),
    field('Is_Key__c', 'boolean'),
    field('Ext_Key__c', 'string', { length: 40, externalId: true, unique: true }),
    field('Notes__c', 'textarea', { length: 131072 }),
    field('CreatedDate', 'datetime', { createable: false, updateable: false }),
  ]),
  objectDef('Contact', '003', [
    field('Id', 'id'),
    field('LastName', 'string', { length: 80, nillable: false }),
    field('AccountId', 'reference', { referenceTo: ['Account'], relationshipName: 'Account' }),
  ]),
];

class SaveErrorThrown extends Error {
  statusCode: string;
  fields: string[];
  constructor(error: SaveError) {
    super(error.message);
    this.statusCode = error.statusCode;
    this.fields = error.fields;
  }
}

class FakeOrg {
  records = new Map<string, SObjectRecord[]>([
    ['account', []],
    ['contact', []],
  ]);
  writeCalls: { operation: string; size: number }[] = [];
  private counter = 0;
  private faults: Faults;

  constructor(faults: Faults) {
    this.faults = faults;
  }

  getObject(name: string): ObjectDef | undefined {
    return OBJECTS.find((object) => object.name.toLowerCase() === name.toLowerCase());
  }

  coerce(type: string, fieldName: string, raw: string): unknown {
    const def = this.getObject(type)!.fieldsByLowerName.get(fieldName.toLowerCase())!;
    const invalid = () =>
      new SaveErrorThrown({
        statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD',
        message: `${def.label}: value not of required type: ${raw}`,
        fields: [def.name],
      });
    if (raw === '#N/A') return null;
    if (def.type === 'double') {
      if (!/^-?\d+(\.\d+)?$/.test(raw)) throw invalid();
      return Number(raw);
    }
    if (def.type === 'boolean') {
      if (!/^(true|false)$/i.test(raw)) throw invalid();
      return raw.toLowerCase() === 'true';
    }
    if (def.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(raw)) throw invalid();
    return raw;
  }

  seed(type: string, record: SObjectRecord): string {
    const id = makeId(this.getObject(type)!.keyPrefix, ++this.counter);
    this.records.get(type.toLowerCase())!.push({ ...record, Id: id });
    return id;
  }

  private table(type: string): SObjectRecord[] {
    return this.records.get(type.toLowerCase())!;
  }

  private validate(type: string, record: SObjectRecord, isInsert: boolean): SaveError | null {
    const object = this.getObject(type)!;
    for (const [name, value] of Object.entries(record)) {
      const def = object.fieldsByLowerName.get(name.toLowerCase());
      if (!def)
        return { statusCode: 'INVALID_FIELD', message: `No such column '${name}'`, fields: [] };
      if (typeof value === 'string' && def.length && value.length > def.length) {
        return {
          statusCode: 'STRING_TOO_LONG',
          message: `${def.label}: data value too large: ${value.slice(0, 20)} (max length=${def.length})`,
          fields: [def.name],
        };
      }
    }
    if (isInsert && type === 'Account' && !record.Name) {
      return {
        statusCode: 'REQUIRED_FIELD_MISSING',
        message: 'Required fields are missing: [Name]',
        fields: ['Name'],
      };
    }
    return this.faults.rowFailure(type, record);
  }

  create(type: string, records: SObjectRecord[]): SaveResult[] {
    this.writeCalls.push({ operation: 'create', size: records.length });
    assert.ok(records.length <= 200, `create got ${records.length} records, more than 200`);
    return records.map((record) => {
      const error = this.validate(type, record, true);
      if (error) return { id: null, success: false, errors: [error] };
      const id = this.seed(type, record);
      return { id, success: true, created: true, errors: [] };
    });
  }

  update(type: string, records: SObjectRecord[]): SaveResult[] {
    this.writeCalls.push({ operation: 'update', size: records.length });
    return records.map((record) => {
      const existing = this.table(type).find((row) => row.Id === record.Id);
      if (!existing) {
        const error = { statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] };
        return { id: String(record.Id), success: false, errors: [error] };
      }
      const changes = { ...record };
      delete changes.Id;
      const error = this.validate(type, { ...existing, ...changes }, false);
      if (error) return { id: String(record.Id), success: false, errors: [error] };
      Object.assign(existing, changes);
      return { id: String(record.Id), success: true, created: false, errors: [] };
    });
  }

  upsert(type: string, externalIdField: string, records: SObjectRecord[]): SaveResult[] {
    this.writeCalls.push({ operation: 'upsert', size: records.length });
    return records.map((record) => {
      const existing = this.table(type).find(
        (row) => row[externalIdField] === record[externalIdField],
      );
      if (!existing) return this.create(type, [record])[0];
      const result = this.update(type, [{ ...record, Id: existing.Id }])[0];
      return { ...result, created: false };
    });
  }

  delete(ids: string[]): SaveResult[] {
    this.writeCalls.push({ operation: 'delete', size: ids.length });
    return ids.map((id) => {
      for (const table of this.records.values()) {
        const index = table.findIndex((row) => row.Id === id);
        if (index >= 0) {
          table.splice(index, 1);
          return { id, success: true, errors: [] };
        }
      }
      const error = { statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] };
      return { id, success: false, errors: [error] };
    });
  }

  runQuery(soql: string): { records: SObjectRecord[] } {
    return { records: this.query(soql) };
  }

  query(soql: string): SObjectRecord[] {
    let parsed;
    try {
      parsed = parseQuery(soql);
    } catch {
      throw Object.assign(new Error(`unexpected token: ${soql}`), {
        errorCode: 'MALFORMED_QUERY',
        status: 400,
      });
    }
    const type = this.getObject(parsed.sObject!)!.name;
    let rows = this.table(type);
    const where = parsed.where?.left as
      { field?: string; operator?: string; value?: string | string[] } | undefined;
    if (where?.field && where.operator === 'IN' && Array.isArray(where.value)) {
      const values = where.value.map((value) => value.replace(/^'|'$/g, ''));
      rows = rows.filter((row) => values.includes(String(row[where.field!])));
    }
    return rows.map((row) => {
      const out: SObjectRecord = {
        attributes: { type, url: `/services/data/v68.0/sobjects/${type}/${row.Id}` },
      };
      for (const selected of parsed.fields ?? []) {
        if (selected.type === 'Field') out[selected.field] = row[selected.field] ?? null;
        if (selected.type === 'FieldRelationship') {
          const parentId = row[`${selected.relationships[0]}Id`];
          const parent = this.table('Account').find((candidate) => candidate.Id === parentId);
          out[selected.relationships[0]] = parent
            ? { attributes: { type: 'Account' }, [selected.field]: parent[selected.field] ?? null }
            : null;
        }
      }
      return out;
    });
  }
}

const USER: OrgUser = {
  Id: '005000000000001AAA',
  Username: 'job@local.org',
  Name: 'Scoring Job',
  IsActive: true,
  key: 'job',
  accessToken: 'token-job',
  permissionSets: ['Health_Score_Job'],
  customPermissions: [],
};

function setup() {
  const faults = new Faults();
  const org = new FakeOrg(faults);
  const send = (
    method: string,
    path: string,
    body?: string | Buffer | object,
    query: Record<string, string> = {},
  ): Promise<BulkResponse> => {
    let bytes: Buffer = Buffer.alloc(0);
    if (Buffer.isBuffer(body)) bytes = body;
    else if (typeof body === 'string') bytes = Buffer.from(body, 'utf8');
    else if (body !== undefined) bytes = Buffer.from(JSON.stringify(body), 'utf8');
    const ctx: BulkContext = {
      org: org as unknown as LocalOrg,
      user: USER,
      faults,
      method,
      path,
      query: new URLSearchParams(query),
      headers: {},
      body: bytes,
      baseUrl: 'http://127.0.0.1:1',
      apiVersion: '68.0',
    };
    return handleBulkRequest(ctx);
  };
  return { faults, org, send };
}

type Info = Record<string, unknown>;

function info(response: BulkResponse): Info {
  return response.body as Info;
}

function errorOf(response: BulkResponse): { errorCode: string; message: string } {
  return (response.body as { errorCode: string; message: string }[])[0];
}

function csvRows(response: BulkResponse): string[][] {
  return parse(String(response.body)) as string[][];
}

async function runIngest(
  send: ReturnType<typeof setup>['send'],
  job: Record<string, unknown>,
  csv: string,
): Promise<{ id: string; closed: Info; final: Info }> {
  const created = await send('POST', '/jobs/ingest', { contentType: 'CSV', ...job });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const id = String(info(created).id);
  assert.equal((await send('PUT', `/jobs/ingest/${id}/batches`, csv)).status, 201);
  const closed = await send('PATCH', `/jobs/ingest/${id}`, { state: 'UploadComplete' });
  assert.equal(closed.status, 200, JSON.stringify(closed.body));
  const final = info(await send('GET', `/jobs/ingest/${id}`));
  return { id, closed: info(closed), final };
}

// ---------------------------------------------------------------------------------------------
// Query jobs

function seedAccounts(org: FakeOrg, count: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(org.seed('Account', { Name: `Account ${String(i).padStart(5, '0')}`, NPS__c: i }));
  }
  return ids;
}

test('query job reports UploadComplete then JobComplete', async () => {
  const { org, send } = setup();
  seedAccounts(org, 3);
  const created = await send('POST', '/jobs/query', {
    operation: 'query',
    query: 'SELECT Id, Name FROM Account',
  });
  assert.equal(created.status, 200);
  const job = info(created);
  assert.match(String(job.id), /^750[A-Za-z0-9]{15}$/);
  assert.equal(job.state, 'UploadComplete');
  assert.equal(job.operation, 'query');
  assert.equal(job.object, 'Account');
  assert.equal(job.createdById, USER.Id);
  assert.equal(job.concurrencyMode, 'Parallel');
  assert.equal(job.contentType, 'CSV');
  assert.equal(job.apiVersion, 68);
  assert.equal(job.lineEnding, 'LF');
  assert.equal(job.columnDelimiter, 'COMMA');
  assert.match(String(job.createdDate), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);

  const polled = info(await send('GET', `/jobs/query/${job.id}`));
  assert.equal(polled.state, 'JobComplete');
  assert.equal(polled.jobType, 'V2Query');
  assert.equal(polled.numberRecordsProcessed, 3);
  assert.equal(polled.retries, 0);
});

test('query job stays InProgress for configured polls', async () => {
  const { org, faults, send } = setup();
  seedAccounts(org, 2);
  faults.configure({ bulkPollsInProgress: 2 });
  const job = info(
    await send('POST', '/jobs/query', { operation: 'query', query: 'SELECT Id FROM Account' }),
  );

  const early = await send('GET', `/jobs/query/${job.id}/results`);
  assert.equal(early.status, 400);
  assert.equal(errorOf(early).errorCode, 'INVALIDJOBSTATE');

  const states = [];
  for (let i = 0; i < 3; i++) states.push(info(await send('GET', `/jobs/query/${job.id}`)).state);
  assert.deepEqual(states, ['InProgress', 'InProgress', 'JobComplete']);
  assert.equal((await send('GET', `/jobs/query/${job.id}/results`)).status, 200);
});

test('query results page with maxRecords', async () => {
  const { org, send } = setup();
  const ids = seedAccounts(org, 5);
  const job = info(
    await send('POST', '/jobs/query', {
      operation: 'query',
      query: 'SELECT Id, Name FROM Account',
    }),
  );

  const seen: string[] = [];
  const locators: string[] = [];
  let locator: string | undefined;
  for (let page = 0; page < 10; page++) {
    const query: Record<string, string> = { maxRecords: '2' };
    if (locator) query.locator = locator;
    const response = await send('GET', `/jobs/query/${job.id}/results`, undefined, query);
    assert.equal(response.status, 200);
    assert.equal(response.headers?.['Content-Type'], 'text/csv');
    const rows = csvRows(response);
    assert.deepEqual(rows[0], ['Id', 'Name'], 'each page repeats the header row');
    assert.equal(response.headers?.['Sforce-NumberOfRecords'], String(rows.length - 1));
    seen.push(...rows.slice(1).map((row) => row[0]));
    locator = response.headers?.['Sforce-Locator'];
    locators.push(String(locator));
    if (locator === 'null') break;
  }
  assert.deepEqual(seen, ids);
  assert.equal(locators.length, 3);
  assert.equal(locators.at(-1), 'null');
  // Locators are base64 of the next offset, as real ones (MTAwMDA= is 10000) appear to be.
  assert.equal(locators[0], Buffer.from('2').toString('base64'));
});

test('query results default page size', async () => {
  const { org, faults, send } = setup();
  seedAccounts(org, 7);
  faults.configure({ bulkQueryPageSize: 3 });
  const job = info(
    await send('POST', '/jobs/query', { operation: 'query', query: 'SELECT Id FROM Account' }),
  );
  const first = await send('GET', `/jobs/query/${job.id}/results`);
  assert.equal(first.headers?.['Sforce-NumberOfRecords'], '3');
  assert.notEqual(first.headers?.['Sforce-Locator'], 'null');
});

test('query results format cells', async () => {
  const { org, send } = setup();
  const accountId = org.seed('Account', {
    Name: 'Acme, "Inc"',
    NPS__c: 42.5,
    Is_Key__c: true,
    Churned_On__c: '2025-03-01',
    CreatedDate: '2025-01-02T03:04:05.000+0000',
  });
  org.seed('Contact', { LastName: 'Lovelace', AccountId: accountId });
  org.seed('Contact', { LastName: 'Orphan', AccountId: null });

  const accountJob = info(
    await send('POST', '/jobs/query', {
      operation: 'query',
      query: 'SELECT Name, NPS__c, Is_Key__c, Churned_On__c, CreatedDate, Ext_Key__c FROM Account',
    }),
  );
  const accountCsv = await send('GET', `/jobs/query/${accountJob.id}/results`);
  assert.equal(
    String(accountCsv.body),
    '"Name","NPS__c","Is_Key__c","Churned_On__c","CreatedDate","Ext_Key__c"\n' +
      '"Acme, ""Inc""","42.5","true","2025-03-01","2025-01-02T03:04:05.000Z",""\n',
  );

  const contactJob = info(
    await send('POST', '/jobs/query', {
      operation: 'query',
      query: 'SELECT LastName, Account.Name FROM Contact',
    }),
  );
  const contactRows = csvRows(await send('GET', `/jobs/query/${contactJob.id}/results`));
  assert.deepEqual(contactRows, [
    ['LastName', 'Account.Name'],
    ['Lovelace', 'Acme, "Inc"'],
    ['Orphan', ''],
  ]);
});

test('formatCell converts REST values', () => {
  assert.equal(formatCell(null), '');
  assert.equal(formatCell(undefined), '');
  assert.equal(formatCell(false), 'false');
  assert.equal(formatCell(7), '7');
  assert.equal(formatCell('2026-12-04T14:13:42.000+0000'), '2026-12-04T14:13:42.000Z');
  assert.equal(formatCell('2026-12-04'), '2026-12-04');
  assert.equal(formatCell('Red;Critical'), 'Red;Critical');
});

test('query job honours delimiter and line ending', async () => {
  const { org, send } = setup();
  org.seed('Account', { Name: 'A|B' });
  const job = info(
    await send('POST', '/jobs/query', {
      operation: 'query',
      query: 'SELECT Id, Name FROM Account',
      columnDelimiter: 'PIPE',
      lineEnding: 'CRLF',
    }),
  );
  assert.equal(job.columnDelimiter, 'PIPE');
  const body = String((await send('GET', `/jobs/query/${job.id}/results`)).body);
  assert.match(body, /^"Id"\|"Name"\r\n"001[A-Za-z0-9]{15}"\|"A\|B"\r\n$/);
});

test('query job rejects subqueries', async () => {
  const { send } = setup();
  const response = await send('POST', '/jobs/query', {
    operation: 'query',
    query: 'SELECT Id, (SELECT Id FROM Contacts) FROM Account',
  });
  assert.equal(response.status, 400);
  assert.deepEqual(errorOf(response), {
    errorCode: 'API_ERROR',
    message: 'Aggregate Relationships not supported in Bulk V2 Query with CSV content type',
  });
});

test('query job rejects aggregates and OFFSET', async () => {
  const { send } = setup();
  for (const query of [
    'SELECT COUNT(Id) FROM Account',
    'SELECT Name FROM Account GROUP BY Name',
    'SELECT Name FROM Account LIMIT 5 OFFSET 5',
  ]) {
    const response = await send('POST', '/jobs/query', { operation: 'query', query });
    assert.equal(response.status, 400, query);
    assert.equal(errorOf(response).errorCode, 'API_ERROR', query);
  }
});

test('query job passes on LocalOrg query errors', async () => {
  const { send } = setup();
  const response = await send('POST', '/jobs/query', { operation: 'query', query: 'SELECT FROM' });
  assert.equal(response.status, 400);
  assert.equal(errorOf(response).errorCode, 'MALFORMED_QUERY');
});

test('query job validates the request', async () => {
  const { send } = setup();
  const badOperation = await send('POST', '/jobs/query', {
    operation: 'select',
    query: 'SELECT Id FROM Account',
  });
  assert.equal(badOperation.status, 400);
  assert.equal(errorOf(badOperation).errorCode, 'INVALIDJOB');
  const badDelimiter = await send('POST', '/jobs/query', {
    operation: 'query',
    query: 'SELECT Id FROM Account',
    columnDelimiter: 'COLON',
  });
  assert.equal(badDelimiter.status, 400);
  assert.match(errorOf(badDelimiter).message, /columnDelimiter: "COLON"/);
  const badJson = await send('POST', '/jobs/query', '{"operation":');
  assert.equal(badJson.status, 400);
  assert.equal(errorOf(badJson).errorCode, 'JSON_PARSER_ERROR');
});

test('query results reject a bad locator', async () => {
  const { org, send } = setup();
  seedAccounts(org, 2);
  const job = info(
    await send('POST', '/jobs/query', { operation: 'query', query: 'SELECT Id FROM Account' }),
  );
  const response = await send('GET', `/jobs/query/${job.id}/results`, undefined, {
    locator: 'bm9wZQ==',
  });
  assert.equal(response.status, 400);
  assert.equal(errorOf(response).errorCode, 'INVALID_QUERY_LOCATOR');
  const badMax = await send('GET', `/jobs/query/${job.id}/results`, undefined, { maxRecords: '0' });
  assert.equal(badMax.status, 400);
});

test('query job abort and delete', async () => {
  const { org, faults, send } = setup();
  seedAccounts(org, 1);
  faults.configure({ bulkPollsInProgress: 5 });
  const job = info(
    await send('POST', '/jobs/query', { operation: 'query', query: 'SELECT Id FROM Account' }),
  );
  const aborted = await send('PATCH', `/jobs/query/${job.id}`, { state: 'Aborted' });
  assert.equal(info(aborted).state, 'Aborted');
  assert.equal(info(await send('GET', `/jobs/query/${job.id}`)).state, 'Aborted');
  const again = await send('PATCH', `/jobs/query/${job.id}`, { state: 'Aborted' });
  assert.equal(again.status, 400);

  const deleted = await send('DELETE', `/jobs/query/${job.id}`);
  assert.equal(deleted.status, 204);
  const afterDelete = await send('GET', `/jobs/query/${job.id}`);
  assert.equal(afterDelete.status, 404);
  assert.equal(errorOf(afterDelete).errorCode, 'NOT_FOUND');
});

test('job paths reject unknown routes', async () => {
  const { send } = setup();
  assert.equal((await send('GET', '/jobs/query/750000000000000AAA')).status, 404);
  assert.equal((await send('GET', '/jobs/other')).status, 404);
  const wrongMethod = await send('PUT', '/jobs/query');
  assert.equal(wrongMethod.status, 405);
  assert.equal(errorOf(wrongMethod).errorCode, 'METHOD_NOT_ALLOWED');
});

test('job lists return each kind', async () => {
  const { send } = setup();
  await send('POST', '/jobs/query', { operation: 'query', query: 'SELECT Id FROM Account' });
  await send('POST', '/jobs/ingest', { operation: 'insert', object: 'Account' });
  await send('POST', '/jobs/ingest', { operation: 'delete', object: 'Contact' });
  const ingest = info(await send('GET', '/jobs/ingest')) as { done: boolean; records: Info[] };
  assert.equal(ingest.done, true);
  assert.deepEqual(
    ingest.records.map((record) => record.operation),
    ['insert', 'delete'],
  );
  const query = info(await send('GET', '/jobs/query')) as { records: Info[] };
  assert.equal(query.records.length, 1);
});

// ---------------------------------------------------------------------------------------------
// Ingest jobs

test('ingest insert reports per-row results', async () => {
  const { org, send } = setup();
  const created = info(
    await send('POST', '/jobs/ingest', { operation: 'insert', object: 'account' }),
  );
  assert.equal(created.state, 'Open');
  assert.equal(created.object, 'Account');
  assert.equal(created.jobType, 'V2Ingest');
  assert.equal(created.contentUrl, `services/data/v68.0/jobs/ingest/${created.id}/batches`);

  const csv = 'Name,NPS__c,Churned_On__c\nAcme,10,2025-01-31\n,5,\nGlobex,high,\nInitech,,\n';
  assert.equal((await send('PUT', `/jobs/ingest/${created.id}/batches`, csv)).status, 201);
  const closed = info(
    await send('PATCH', `/jobs/ingest/${created.id}`, { state: 'UploadComplete' }),
  );
  assert.equal(closed.state, 'UploadComplete');

  const final = info(await send('GET', `/jobs/ingest/${created.id}`));
  assert.equal(final.state, 'JobComplete');
  assert.equal(final.numberRecordsProcessed, 4);
  assert.equal(final.numberRecordsFailed, 2);

  const successful = await send('GET', `/jobs/ingest/${created.id}/successfulResults`);
  const successText = String(successful.body);
  assert.ok(
    successText.startsWith('"sf__Id","sf__Created",Name,NPS__c,Churned_On__c\n'),
    successText,
  );
  const successRows = csvRows(successful);
  assert.equal(successRows.length, 3);
  assert.match(successRows[1][0], /^001/);
  assert.deepEqual(successRows[1].slice(1), ['true', 'Acme', '10', '2025-01-31']);
  assert.deepEqual(successRows[2].slice(1), ['true', 'Initech', '', '']);

  const failedRows = csvRows(await send('GET', `/jobs/ingest/${created.id}/failedResults`));
  assert.deepEqual(failedRows[0], ['sf__Id', 'sf__Error', 'Name', 'NPS__c', 'Churned_On__c']);
  assert.deepEqual(failedRows[1], [
    '',
    'REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --',
    '',
    '5',
    '',
  ]);
  assert.deepEqual(failedRows[2], [
    '',
    'INVALID_TYPE_ON_FIELD_IN_RECORD:NPS: value not of required type: high:NPS__c --',
    'Globex',
    'high',
    '',
  ]);

  const unprocessed = await send('GET', `/jobs/ingest/${created.id}/unprocessedrecords`);
  assert.equal(String(unprocessed.body), 'Name,NPS__c,Churned_On__c\n');

  const stored = org.records.get('account')!;
  assert.deepEqual(
    stored.map((record) => [record.Name, record.NPS__c, record.Churned_On__c]),
    [
      ['Acme', 10, '2025-01-31'],
      ['Initech', undefined, undefined],
    ],
  );
});

test('ingest update keeps blanks and clears #N/A', async () => {
  const { org, send } = setup();
  const id = org.seed('Account', { Name: 'Acme', NPS__c: 30, Churned_On__c: '2024-01-01' });
  const missing = makeId('001', 999_999);
  const { id: jobId, final } = await runIngest(
    send,
    { operation: 'update', object: 'Account' },
    `Id,Name,NPS__c,Churned_On__c\n${id},,#N/A,2025-02-02\n${missing},Gone,1,\n,NoId,1,\n`,
  );
  assert.equal(final.numberRecordsProcessed, 3);
  assert.equal(final.numberRecordsFailed, 2);
  const record = org.records.get('account')![0];
  assert.equal(record.Name, 'Acme');
  assert.equal(record.NPS__c, null);
  assert.equal(record.Churned_On__c, '2025-02-02');

  const successRows = csvRows(await send('GET', `/jobs/ingest/${jobId}/successfulResults`));
  assert.deepEqual(successRows[1], [id, 'false', id, '', '#N/A', '2025-02-02']);
  const failedRows = csvRows(await send('GET', `/jobs/ingest/${jobId}/failedResults`));
  assert.equal(failedRows[1][0], missing);
  assert.equal(failedRows[1][1], 'ENTITY_IS_DELETED:entity is deleted:--');
  assert.equal(failedRows[2][1], 'MISSING_ARGUMENT:Id not specified in an update call:--');
});

test('ingest upsert reports created flags', async () => {
  const { org, send } = setup();
  org.seed('Account', { Name: 'Old', Ext_Key__c: 'K1' });
  const { id, final } = await runIngest(
    send,
    { operation: 'upsert', object: 'Account', externalIdFieldName: 'ext_key__c' },
    'Ext_Key__c,Name\nK1,Renamed\nK2,Fresh\n,Keyless\n',
  );
  assert.equal(final.externalIdFieldName, 'Ext_Key__c');
  assert.equal(final.numberRecordsFailed, 1);
  const successRows = csvRows(await send('GET', `/jobs/ingest/${id}/successfulResults`));
  assert.deepEqual(
    successRows.slice(1).map((row) => [row[1], row[2], row[3]]),
    [
      ['false', 'K1', 'Renamed'],
      ['true', 'K2', 'Fresh'],
    ],
  );
  const failedRows = csvRows(await send('GET', `/jobs/ingest/${id}/failedResults`));
  assert.equal(failedRows[1][1], 'MISSING_ARGUMENT:Ext_Key__c not specified:Ext_Key__c --');
  assert.deepEqual(
    org.records.get('account')!.map((record) => record.Name),
    ['Renamed', 'Fresh'],
  );
});

test('ingest upsert rejects a non-external field', async () => {
  const { send } = setup();
  const response = await send('POST', '/jobs/ingest', {
    operation: 'upsert',
    object: 'Account',
    externalIdFieldName: 'Name',
  });
  assert.equal(response.status, 400);
  assert.match(errorOf(response).message, /Name does not match an External ID/);
  const noField = await send('POST', '/jobs/ingest', { operation: 'upsert', object: 'Account' });
  assert.equal(noField.status, 400);
});

test('ingest delete removes rows', async () => {
  const { org, send } = setup();
  const [first, second] = seedAccounts(org, 3);
  const { final } = await runIngest(
    send,
    { operation: 'delete', object: 'Account' },
    `Id\n${first}\n${second}\n`,
  );
  assert.equal(final.numberRecordsProcessed, 2);
  assert.equal(final.numberRecordsFailed, 0);
  assert.equal(org.records.get('account')!.length, 1);
});

test('ingest fails on an unknown column', async () => {
  const { send } = setup();
  const { id, final } = await runIngest(
    send,
    { operation: 'insert', object: 'Account' },
    'Name,Nope__c\nAcme,1\nGlobex,2\n',
  );
  assert.equal(final.state, 'Failed');
  assert.equal(final.errorMessage, 'InvalidBatch : Field name not found : Nope__c');
  const unprocessed = String((await send('GET', `/jobs/ingest/${id}/unprocessedrecords`)).body);
  assert.equal(unprocessed, 'Name,Nope__c\nAcme,1\nGlobex,2\n');
});

test('ingest fails on malformed CSV', async () => {
  const { send } = setup();
  const { final } = await runIngest(
    send,
    { operation: 'insert', object: 'Account' },
    'Name,NPS__c\n"Acme,1\n',
  );
  assert.equal(final.state, 'Failed');
  assert.match(String(final.errorMessage), /^ClientInputError : The job data is not valid CSV: /);

  const inconsistent = await runIngest(
    send,
    { operation: 'insert', object: 'Account' },
    'Name\nA,B\n',
  );
  assert.equal(inconsistent.final.state, 'Failed');
});

test('ingest fails on a line ending mismatch', async () => {
  const { send } = setup();
  const lf = await runIngest(send, { operation: 'insert', object: 'Account' }, 'Name\r\nAcme\r\n');
  assert.equal(lf.final.state, 'Failed');
  assert.equal(
    lf.final.errorMessage,
    'ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF',
  );
  const crlf = await runIngest(
    send,
    { operation: 'insert', object: 'Account', lineEnding: 'CRLF' },
    'Name,Notes__c\r\nAcme,"two\nlines"\r\n',
  );
  assert.equal(crlf.final.state, 'JobComplete');
  assert.equal(crlf.final.numberRecordsFailed, 0);
});

test('ingest rejects a second upload', async () => {
  const { send } = setup();
  const job = info(await send('POST', '/jobs/ingest', { operation: 'insert', object: 'Account' }));
  await send('PUT', `/jobs/ingest/${job.id}/batches`, 'Name\nA\n');
  const second = await send('PUT', `/jobs/ingest/${job.id}/batches`, 'Name\nB\n');
  assert.equal(second.status, 400);
  assert.equal(errorOf(second).errorCode, 'BULK_API_ERROR');
  assert.match(errorOf(second).message, /^Found multiple contents for job: 750/);
});

test('ingest rejects uploads over 150 MB', async () => {
  const { send } = setup();
  const job = info(await send('POST', '/jobs/ingest', { operation: 'insert', object: 'Account' }));
  // 150 MB of base64 is 112.5 MB of raw data.
  const tooLarge = Buffer.alloc((MAX_UPLOAD_BASE64_BYTES / 4) * 3 + 1, 'a');
  const rejected = await send('PUT', `/jobs/ingest/${job.id}/batches`, tooLarge);
  assert.equal(rejected.status, 413);
  assert.equal(errorOf(rejected).errorCode, 'EXCEEDED_MAX_SIZE_REQUEST');
  const accepted = await send('PUT', `/jobs/ingest/${job.id}/batches`, 'Name\nSmall\n');
  assert.equal(accepted.status, 201);
});

test('ingest close without data fails the job', async () => {
  const { send } = setup();
  const job = info(await send('POST', '/jobs/ingest', { operation: 'insert', object: 'Account' }));
  await send('PATCH', `/jobs/ingest/${job.id}`, { state: 'UploadComplete' });
  const final = info(await send('GET', `/jobs/ingest/${job.id}`));
  assert.equal(final.state, 'Failed');
  const reclose = await send('PATCH', `/jobs/ingest/${job.id}`, { state: 'UploadComplete' });
  assert.equal(reclose.status, 400);
  assert.equal(errorOf(reclose).errorCode, 'INVALIDJOBSTATE');
});

test('ingest rejects values over 32,000 characters', async () => {
  const { org, send } = setup();
  const long = 'x'.repeat(MAX_FIELD_CHARACTERS + 1);
  const fits = 'y'.repeat(MAX_FIELD_CHARACTERS);
  const { id, final } = await runIngest(
    send,
    { operation: 'insert', object: 'Account' },
    `Name,Notes__c\nLong,${long}\nFits,${fits}\n`,
  );
  assert.equal(final.numberRecordsFailed, 1);
  const failedRows = csvRows(await send('GET', `/jobs/ingest/${id}/failedResults`));
  assert.match(
    failedRows[1][1],
    /^STRING_TOO_LONG:Notes__c: data value too large: 32001 characters/,
  );
  assert.equal(failedRows[1][3], long, 'the failed row echoes the uploaded value');
  assert.equal(org.records.get('account')![0].Notes__c, fits);
});

test('ingest applies Faults row failures', async () => {
  const { faults, send } = setup();
  faults.configure({
    rowFailures: [
      {
        sobject: 'Account',
        names: ['Locked'],
        statusCode: 'UNABLE_TO_LOCK_ROW',
        message: 'unable to obtain exclusive access to this record',
      },
    ],
  });
  const { id, final } = await runIngest(
    send,
    { operation: 'insert', object: 'Account' },
    'Name\nFine\nLocked\n',
  );
  assert.equal(final.numberRecordsFailed, 1);
  const failedRows = csvRows(await send('GET', `/jobs/ingest/${id}/failedResults`));
  assert.equal(
    failedRows[1][1],
    'UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record:--',
  );
});

test('ingest job stays InProgress for configured polls', async () => {
  const { faults, send } = setup();
  faults.configure({ bulkPollsInProgress: 3 });
  const job = info(await send('POST', '/jobs/ingest', { operation: 'insert', object: 'Account' }));
  await send('PUT', `/jobs/ingest/${job.id}/batches`, 'Name\nA\n');
  await send('PATCH', `/jobs/ingest/${job.id}`, { state: 'UploadComplete' });
  const early = await send('GET', `/jobs/ingest/${job.id}/successfulResults`);
  assert.equal(early.status, 400);
  const polls = [];
  for (let i = 0; i < 4; i++) {
    const polled = info(await send('GET', `/jobs/ingest/${job.id}`));
    polls.push([polled.state, polled.numberRecordsProcessed]);
  }
  assert.deepEqual(polls, [
    ['InProgress', 0],
    ['InProgress', 0],
    ['InProgress', 0],
    ['JobComplete', 1],
  ]);
});

test('ingest writes in chunks of 200', async () => {
  const { org, send } = setup();
  const lines = ['Name,NPS__c'];
  for (let i = 0; i < 450; i++) lines.push(`Account ${i},${i}`);
  // Row 250 fails its type check before the write, which ends the chunk before it.
  lines[250] = 'Bad,high';
  const { final } = await runIngest(
    send,
    { operation: 'insert', object: 'Account' },
    `${lines.join('\n')}\n`,
  );
  assert.equal(final.numberRecordsProcessed, 450);
  assert.equal(final.numberRecordsFailed, 1);
  assert.deepEqual(
    org.writeCalls.map((call) => call.size),
    [200, 49, 200],
  );
  assert.equal(org.records.get('account')!.length, 449);
});

test('ingest rejects Id on insert', async () => {
  const { send } = setup();
  const { id, final } = await runIngest(
    send,
    { operation: 'insert', object: 'Account' },
    `Id,Name\n${makeId('001', 5)},Acme\n`,
  );
  assert.equal(final.numberRecordsFailed, 1);
  const failedRows = csvRows(await send('GET', `/jobs/ingest/${id}/failedResults`));
  assert.equal(
    failedRows[1][1],
    'INVALID_FIELD_FOR_INSERT_UPDATE:cannot specify Id in an insert call:Id --',
  );
});

test('ingest resolves parent external Ids', async () => {
  const { org, send } = setup();
  const parentId = org.seed('Account', { Name: 'Parent', Ext_Key__c: 'P-1' });
  const { id, final } = await runIngest(
    send,
    { operation: 'insert', object: 'Contact' },
    'LastName,Account.Ext_Key__c\nChild,P-1\nStray,P-404\nLoner,\n',
  );
  assert.equal(final.numberRecordsFailed, 1);
  const contacts = org.records.get('contact')!;
  assert.deepEqual(
    contacts.map((contact) => [contact.LastName, contact.AccountId]),
    [
      ['Child', parentId],
      ['Loner', undefined],
    ],
  );
  const failedRows = csvRows(await send('GET', `/jobs/ingest/${id}/failedResults`));
  assert.equal(
    failedRows[1][1],
    'INVALID_FIELD:Foreign key external ID: P-404 not found for field Ext_Key__c in entity Account:--',
  );
});

test('ingest abort keeps data unprocessed', async () => {
  const { org, send } = setup();
  const job = info(await send('POST', '/jobs/ingest', { operation: 'insert', object: 'Account' }));
  await send('PUT', `/jobs/ingest/${job.id}/batches`, 'Name\nA\nB\n');
  const aborted = info(await send('PATCH', `/jobs/ingest/${job.id}`, { state: 'Aborted' }));
  assert.equal(aborted.state, 'Aborted');
  const unprocessed = String((await send('GET', `/jobs/ingest/${job.id}/unprocessedrecords`)).body);
  assert.equal(unprocessed, 'Name\nA\nB\n');
  assert.equal(org.records.get('account')!.length, 0);
  const upload = await send('PUT', `/jobs/ingest/${job.id}/batches`, 'Name\nC\n');
  assert.equal(upload.status, 400);
});

test('ingest delete needs a closed job', async () => {
  const { send } = setup();
  const job = info(await send('POST', '/jobs/ingest', { operation: 'insert', object: 'Account' }));
  const open = await send('DELETE', `/jobs/ingest/${job.id}`);
  assert.equal(open.status, 400);
  await send('PATCH', `/jobs/ingest/${job.id}`, { state: 'Aborted' });
  assert.equal((await send('DELETE', `/jobs/ingest/${job.id}`)).status, 204);
});

test('ingest rejects an unknown object', async () => {
  const { send } = setup();
  const response = await send('POST', '/jobs/ingest', { operation: 'insert', object: 'Nope__c' });
  assert.equal(response.status, 400);
  assert.equal(errorOf(response).errorCode, 'INVALIDENTITY');
});

test('formatBulkError writes the sf__Error form', () => {
  assert.equal(
    formatBulkError({
      statusCode: 'REQUIRED_FIELD_MISSING',
      message: 'Required fields are missing: [LastName]',
      fields: ['LastName'],
    }),
    'REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --',
  );
  assert.equal(
    formatBulkError({
      statusCode: 'INVALID_CROSS_REFERENCE_KEY',
      message: 'invalid cross reference id',
      fields: [],
    }),
    'INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--',
  );
});

// ---------------------------------------------------------------------------------------------
// jsforce over HTTP. The server here does what the local org's server does for /jobs/ paths:
// Faults.intercept first, the Sforce-Limit-Info header on every response, then the handler.

interface HarnessServer {
  url: string;
  org: FakeOrg;
  faults: Faults;
  requests: { method: string; path: string; status: number }[];
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function startHarness(): Promise<HarnessServer> {
  const faults = new Faults();
  const org = new FakeOrg(faults);
  const requests: HarnessServer['requests'] = [];
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(request);
    const method = request.method ?? 'GET';
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      requests.push({ method, path: url.pathname, status });
      const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
      response.writeHead(status, {
        'Content-Type': 'application/json;charset=UTF-8',
        ...headers,
        'Sforce-Limit-Info': faults.limitInfoHeader(),
      });
      response.end(status === 204 ? undefined : text);
    };
    const injected = await faults.intercept(method, url.pathname);
    if (injected) return send(injected.status, injected.body, injected.headers);
    const match = /^\/services\/data\/v(\d+\.\d+)(\/jobs\/.*)$/.exec(url.pathname);
    if (!match)
      return send(404, [
        { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' },
      ]);
    const result = await handleBulkRequest({
      org: org as unknown as LocalOrg,
      user: USER,
      faults,
      method,
      path: match[2],
      query: url.searchParams,
      headers: request.headers,
      body,
      baseUrl: 'http://127.0.0.1',
      apiVersion: match[1],
    });
    send(result.status, result.body, result.headers);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return {
    url: `http://127.0.0.1:${address.port}`,
    org,
    faults,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function connect(url: string): Connection {
  return new Connection({ instanceUrl: url, accessToken: USER.accessToken, version: '68.0' });
}

test('jsforce bulk2 ingest over HTTP', async (t) => {
  const harness = await startHarness();
  t.after(() => harness.close());
  const conn = connect(harness.url);
  conn.bulk2.pollInterval = 20;
  harness.faults.configure({ bulkPollsInProgress: 2 });

  const results = await conn.bulk2.loadAndWaitForResults({
    object: 'Account',
    operation: 'insert',
    input: [
      { Name: 'Acme', NPS__c: 10, Churned_On__c: null },
      { Name: 'Globex', NPS__c: 'high', Churned_On__c: null },
      { Name: null, NPS__c: 3, Churned_On__c: '2025-01-01' },
    ],
  });
  assert.equal(results.successfulResults.length, 1);
  const success = results.successfulResults[0] as unknown as Record<string, string>;
  assert.equal(success.Name, 'Acme');
  assert.equal(success.sf__Created, 'true');
  assert.match(success.sf__Id, /^001/);
  assert.deepEqual(
    results.failedResults.map((row) => String(row.sf__Error).split(':')[0]),
    ['INVALID_TYPE_ON_FIELD_IN_RECORD', 'REQUIRED_FIELD_MISSING'],
  );
  assert.equal(results.unprocessedRecords.length, 0);
  const polls = harness.requests.filter(
    (request) => request.method === 'GET' && /\/jobs\/ingest\/750\w+$/.test(request.path),
  );
  assert.equal(polls.length, 3, 'two InProgress polls, then JobComplete');
  // jsforce sends null as #N/A, which the org stores as a cleared field.
  assert.equal(harness.org.records.get('account')![0].Churned_On__c, null);
});

test('jsforce bulk2 takes columns from the first record', async (t) => {
  // jsforce 3.10 writes the CSV header from the keys of the first record only, so a key that
  // first appears in a later record is dropped without an error. Callers must give every
  // record the same keys, with null where a field is to be cleared.
  const harness = await startHarness();
  t.after(() => harness.close());
  const conn = connect(harness.url);
  conn.bulk2.pollInterval = 20;
  const results = await conn.bulk2.loadAndWaitForResults({
    object: 'Account',
    operation: 'insert',
    input: [{ Name: 'First' }, { Name: 'Second', NPS__c: 99 }],
  });
  assert.equal(results.successfulResults.length, 2);
  assert.deepEqual(Object.keys(results.successfulResults[1]), ['sf__Id', 'sf__Created', 'Name']);
  assert.equal(harness.org.records.get('account')![1].NPS__c, undefined);
});

async function collectRecords(
  stream: Awaited<ReturnType<Connection['bulk2']['query']>>,
): Promise<Record<string, string>[]> {
  const records: Record<string, string>[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on('record', (record: Record<string, string>) => records.push(record));
    stream.on('error', reject);
    stream.on('end', () => resolve());
  });
  return records;
}

test('jsforce bulk2.query reads one page', async (t) => {
  const harness = await startHarness();
  t.after(() => harness.close());
  const ids = seedAccounts(harness.org, 300);
  const conn = connect(harness.url);
  conn.bulk2.pollInterval = 20;
  const records = await collectRecords(await conn.bulk2.query('SELECT Id, Name FROM Account'));
  assert.deepEqual(
    records.map((record) => record.Id),
    ids,
  );
});

test('jsforce bulk2.query mixes up several pages', async (t) => {
  // jsforce 3.10.26 pipes every result page into one CSV parser: the header row of each later
  // page comes back as a record. A caller must page the results itself (next test).
  const harness = await startHarness();
  t.after(() => harness.close());
  seedAccounts(harness.org, 25_000);
  harness.faults.configure({ bulkQueryPageSize: 10_000 });
  const conn = connect(harness.url);
  conn.bulk2.pollInterval = 20;
  const records = await collectRecords(await conn.bulk2.query('SELECT Id, Name FROM Account'));
  const headerRows = records.filter((record) => record.Id === 'Id' && record.Name === 'Name');
  assert.equal(records.length, 25_002);
  assert.equal(headerRows.length, 2, 'pages 2 and 3 each add their header row as a record');
});

test('jsforce bulk2.query fails on small pages', async (t) => {
  // With small pages the first page ends jsforce's CSV stream before the next one is piped in:
  // the process gets an uncaught ERR_STREAM_WRITE_AFTER_END. A child process keeps that crash
  // out of the test runner.
  const harness = await startHarness();
  t.after(() => harness.close());
  seedAccounts(harness.org, 25);
  harness.faults.configure({ bulkQueryPageSize: 10 });
  const script = `
    import { Connection } from 'jsforce';
    process.on('uncaughtException', (error) => {
      console.log(JSON.stringify({ uncaught: error.code }));
      process.exit(0);
    });
    const conn = new Connection({ instanceUrl: process.env.ORG_URL, accessToken: 'x', version: '68.0' });
    conn.bulk2.pollInterval = 20;
    const stream = await conn.bulk2.query('SELECT Id, Name FROM Account');
    let count = 0;
    stream.on('record', () => count++);
    stream.on('error', (error) => console.log(JSON.stringify({ error: error.message })));
    stream.on('end', () => console.log(JSON.stringify({ records: count })));
  `;
  const output = await runNodeScript(script, { ORG_URL: harness.url });
  assert.deepEqual(JSON.parse(output.trim().split('\n')[0]), {
    uncaught: 'ERR_STREAM_WRITE_AFTER_END',
  });
});

async function runNodeScript(script: string, env: Record<string, string>): Promise<string> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: process.cwd(),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill(), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`node exited with ${code}: ${stderr}`));
    });
  });
}

/**
 * Reads every page of a finished query job with `maxRecords` and `locator`, parsing each page on
 * its own, until Sforce-Locator is the string "null".
 */
async function readAllPages(
  url: string,
  jobId: string,
  maxRecords: number,
  accessToken = USER.accessToken,
): Promise<{ pages: number; rows: Record<string, string>[] }> {
  const rows: Record<string, string>[] = [];
  let locator = '';
  let pages = 0;
  do {
    const params = new URLSearchParams({ maxRecords: String(maxRecords) });
    if (locator) params.set('locator', locator);
    const response = await fetch(
      `${url}/services/data/v68.0/jobs/query/${jobId}/results?${params}`,
      {
        headers: { Authorization: `Bearer ${accessToken}`, Accept: 'text/csv' },
      },
    );
    assert.equal(response.status, 200);
    const page = parse(await response.text(), { columns: true }) as Record<string, string>[];
    assert.equal(response.headers.get('sforce-numberofrecords'), String(page.length));
    rows.push(...page);
    locator = response.headers.get('sforce-locator') ?? '';
    pages += 1;
  } while (locator !== 'null' && pages < 100);
  return { pages, rows };
}

test('bulk2 query paged with locator', async (t) => {
  const harness = await startHarness();
  t.after(() => harness.close());
  const ids = seedAccounts(harness.org, 25_000);
  const conn = connect(harness.url);
  const job = await conn.request<{ id: string }>({
    method: 'POST',
    url: '/services/data/v68.0/jobs/query',
    body: JSON.stringify({ operation: 'query', query: 'SELECT Id, Name FROM Account' }),
    headers: { 'Content-Type': 'application/json' },
  });
  await conn.bulk2.job('query', { id: job.id }).poll(20, 10_000);
  const { pages, rows } = await readAllPages(harness.url, job.id, 10_000);
  assert.equal(pages, 3);
  assert.deepEqual(
    rows.map((row) => row.Id),
    ids,
  );
});

test('jsforce retries GET on 429 and 503', async (t) => {
  const harness = await startHarness();
  t.after(() => harness.close());
  const conn = connect(harness.url);
  const created = await conn.request<{ id: string }>({
    method: 'POST',
    url: '/services/data/v68.0/jobs/ingest',
    body: JSON.stringify({ object: 'Account', operation: 'insert' }),
    headers: { 'Content-Type': 'application/json' },
  });

  harness.faults.configure({ failNext: { status: 503, count: 2 } });
  const checked = await conn.bulk2.job('ingest', { id: created.id }).check();
  assert.equal(checked.state, 'Open');
  harness.faults.configure({ failNext: { status: 429, count: 1 } });
  await conn.bulk2.job('ingest', { id: created.id }).check();

  const statuses = harness.requests
    .filter((request) => request.method === 'GET')
    .map((request) => request.status);
  assert.deepEqual(
    statuses,
    [503, 503, 200, 429, 200],
    'jsforce sent each GET again after the failure',
  );
});

test('jsforce does not retry POST', async (t) => {
  const harness = await startHarness();
  t.after(() => harness.close());
  const conn = connect(harness.url);
  harness.faults.configure({ failNext: { status: 503, count: 1 } });
  const job = conn.bulk2.createJob({ object: 'Account', operation: 'insert' });
  await assert.rejects(job.open(), { errorCode: 'SERVER_UNAVAILABLE' });
  assert.deepEqual(
    harness.requests.map((request) => `${request.method} ${request.status}`),
    ['POST 503'],
  );
  // The next request is served normally, so a retry by the caller succeeds.
  await job.open();
  assert.equal(job.getInfo().state, 'Open');
});

test('jsforce surfaces 401 INVALID_SESSION_ID', async (t) => {
  const harness = await startHarness();
  t.after(() => harness.close());
  const conn = connect(harness.url);
  harness.faults.configure({ failNext: { status: 401, count: 1 } });
  await assert.rejects(conn.request('/services/data/v68.0/jobs/ingest'), {
    errorCode: 'INVALID_SESSION_ID',
    message: 'Session expired or invalid',
  });
  assert.equal(harness.requests.length, 1, 'without a refresh token jsforce does not retry');
});

test('daily API limit and conn.limitInfo', async (t) => {
  const harness = await startHarness();
  t.after(() => harness.close());
  const conn = connect(harness.url);
  harness.faults.configure({ dailyApiLimit: 3 });
  await conn.request('/services/data/v68.0/jobs/ingest');
  assert.deepEqual(conn.limitInfo, { apiUsage: { used: 1, limit: 3 } });
  await conn.request('/services/data/v68.0/jobs/query');
  await conn.request('/services/data/v68.0/jobs/query');
  assert.deepEqual(conn.limitInfo, { apiUsage: { used: 3, limit: 3 } });
  await assert.rejects(conn.request('/services/data/v68.0/jobs/query'), {
    errorCode: 'REQUEST_LIMIT_EXCEEDED',
    message: 'TotalRequests Limit exceeded.',
  });
  assert.equal(harness.requests.at(-1)?.status, 403);
  assert.equal(harness.faults.apiUsage.used, 3);
});

test('added latency slows each request', async (t) => {
  const harness = await startHarness();
  t.after(() => harness.close());
  const conn = connect(harness.url);
  await conn.request('/services/data/v68.0/jobs/ingest');
  harness.faults.configure({ latencyMs: 150 });
  const started = performance.now();
  await conn.request('/services/data/v68.0/jobs/ingest');
  const elapsed = performance.now() - started;
  assert.ok(elapsed >= 145, `request took ${elapsed.toFixed(0)} ms, expected at least 150 ms`);
});

// ---------------------------------------------------------------------------------------------
// jsforce against the whole local org

describe('local org through jsforce', () => {
  let dataDir = '';
  let server: LocalOrgServer;
  let admin: Connection;
  let job: Connection;
  let accountIds: string[] = [];

  const connectAs = (accessToken: string): Connection => {
    const conn = new Connection({ instanceUrl: server.url, accessToken, version: '68.0' });
    conn.bulk2.pollInterval = 20;
    conn.bulk2.pollTimeout = 60_000;
    return conn;
  };

  const createQueryJob = (conn: Connection, query: string) =>
    conn.request<{ id: string; state: string }>({
      method: 'POST',
      url: '/services/data/v68.0/jobs/query',
      body: JSON.stringify({ operation: 'query', query }),
      headers: { 'Content-Type': 'application/json' },
    });

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'local-org-bulk-'));
    server = await startLocalOrg({ dataDir });
    admin = connectAs(server.users.admin.accessToken);
    job = connectAs(server.users.job.accessToken);
  });

  afterEach(() => server.faults.reset());

  after(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('ingest inserts 25,000 accounts', async () => {
    const input = [];
    for (let i = 0; i < 25_000; i++) {
      input.push({ Name: `Account ${String(i).padStart(5, '0')}`, NPS__c: (i % 201) - 100 });
    }
    const results = await admin.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'insert',
      input,
    });
    assert.equal(results.failedResults.length, 0, JSON.stringify(results.failedResults[0]));
    assert.equal(results.successfulResults.length, 25_000);
    accountIds = results.successfulResults.map((row) => String(row.sf__Id));
    assert.equal(new Set(accountIds).size, 25_000);
    assert.ok(accountIds.every((id) => /^001[A-Za-z0-9]{15}$/.test(id)));
  });

  test('query of 25,000 read page by page', async () => {
    const created = await createQueryJob(job, 'SELECT Id, Name, NPS__c, Owner.Name FROM Account');
    assert.equal(created.state, 'UploadComplete');
    await job.bulk2.job('query', { id: created.id }).poll(20, 30_000);

    const { pages, rows } = await readAllPages(
      server.url,
      created.id,
      10_000,
      server.users.job.accessToken,
    );
    assert.equal(pages, 3);
    assert.equal(rows.length, 25_000);
    assert.deepEqual(rows.map((row) => row.Id).sort(), [...accountIds].sort());
    assert.deepEqual(Object.keys(rows[0]), ['Id', 'Name', 'NPS__c', 'Owner.Name']);
    assert.equal(rows[0].Name, 'Account 00000');
    assert.equal(rows[0].NPS__c, '-100');
    assert.equal(rows[0]['Owner.Name'], server.users.admin.Name);
  });

  test('jsforce bulk2.query adds header rows', async () => {
    // A real org splits large results into pages as this one does with bulkQueryPageSize.
    server.faults.configure({ bulkQueryPageSize: 10_000 });
    const records = await collectRecords(await job.bulk2.query('SELECT Id, Name FROM Account'));
    const headerRows = records.filter((record) => record.Id === 'Id' && record.Name === 'Name');
    assert.equal(records.length, 25_002);
    assert.equal(headerRows.length, 2);
  });

  test('query rejects a parent-to-child subquery', async () => {
    await assert.rejects(
      createQueryJob(job, 'SELECT Id, (SELECT Id FROM Health_Snapshots__r) FROM Account'),
      {
        errorCode: 'API_ERROR',
        message: 'Aggregate Relationships not supported in Bulk V2 Query with CSV content type',
      },
    );
  });

  test('query passes on SOQL errors', async () => {
    await assert.rejects(createQueryJob(job, 'SELECT Id, Nope__c FROM Account'), {
      errorCode: 'INVALID_FIELD',
    });
  });

  test('ingest insert reports row failures', async () => {
    const results = await job.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'insert',
      input: [
        { Name: 'Valid', Customer_Segment__c: 'SMB', NPS__c: 40 },
        { Name: 'Bad segment', Customer_Segment__c: 'Galactic', NPS__c: 40 },
        { Name: 'x'.repeat(256), Customer_Segment__c: 'SMB', NPS__c: 40 },
        { Name: 'Bad NPS', Customer_Segment__c: 'SMB', NPS__c: 'abc' },
      ],
    });
    assert.equal(results.successfulResults.length, 1);
    const errors = results.failedResults.map((row) => String(row.sf__Error).split(':')[0]);
    assert.deepEqual(errors.sort(), [
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      'INVALID_TYPE_ON_FIELD_IN_RECORD',
      'STRING_TOO_LONG',
    ]);
    for (const row of results.failedResults) {
      assert.match(String(row.sf__Error), / --$/, 'sf__Error ends with the field list and " --"');
      assert.equal(row.sf__Id, '');
    }
  });

  test('ingest update keeps blanks, clears nulls', async () => {
    const [first, second] = accountIds;
    const results = await job.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'update',
      input: [
        { Id: first, Name: undefined, NPS__c: null },
        { Id: second, Name: 'Renamed', NPS__c: 55 },
        { Id: '001000000000000AAA', Name: 'Missing', NPS__c: 1 },
      ],
    });
    assert.equal(results.successfulResults.length, 2);
    assert.equal(results.failedResults.length, 1);
    assert.equal(results.failedResults[0].sf__Id, '001000000000000AAA');
    const rows = (
      await job.query(`SELECT Id, Name, NPS__c FROM Account WHERE Id IN ('${first}', '${second}')`)
    ).records as { Id: string; Name: string; NPS__c: number | null }[];
    const byId = new Map(rows.map((row) => [row.Id, row]));
    assert.equal(
      byId.get(first)?.Name,
      'Account 00000',
      'an empty cell leaves the value unchanged',
    );
    assert.equal(byId.get(first)?.NPS__c, null, '#N/A clears the value');
    assert.equal(byId.get(second)?.Name, 'Renamed');
    assert.equal(byId.get(second)?.NPS__c, 55);
  });

  test('ingest upsert by external Id', async () => {
    const [accountId] = accountIds;
    const key = (day: string) => `${accountId}:${day}`;
    const first = await job.bulk2.loadAndWaitForResults({
      object: 'Health_Snapshot__c',
      operation: 'upsert',
      externalIdFieldName: 'Snapshot_Key__c',
      input: [
        {
          Account__c: accountId,
          Snapshot_Key__c: key('2026-01-01'),
          Score__c: 80,
          Band__c: 'Green',
        },
        {
          Account__c: accountId,
          Snapshot_Key__c: key('2026-01-02'),
          Score__c: 50,
          Band__c: 'Yellow',
        },
      ],
    });
    assert.equal(first.failedResults.length, 0, JSON.stringify(first.failedResults[0]));
    assert.deepEqual(
      first.successfulResults.map((row) => row.sf__Created),
      ['true', 'true'],
    );

    // Account__c is a master-detail field that cannot be reparented, so an upsert that matches an
    // existing snapshot must leave it out; without it a new snapshot misses its required master.
    const second = await job.bulk2.loadAndWaitForResults({
      object: 'Health_Snapshot__c',
      operation: 'upsert',
      externalIdFieldName: 'Snapshot_Key__c',
      input: [
        { Snapshot_Key__c: key('2026-01-02'), Score__c: 30, Band__c: 'Red' },
        { Snapshot_Key__c: key('2026-01-01'), Score__c: 20, Band__c: 'Purple' },
        { Snapshot_Key__c: key('2026-01-03'), Score__c: 10, Band__c: 'Critical' },
      ],
    });
    const updated = second.successfulResults as unknown as Record<string, string>[];
    const rejected = second.failedResults as unknown as Record<string, string>[];
    assert.deepEqual(
      updated.map((row) => [row.Snapshot_Key__c, row.sf__Created]),
      [[key('2026-01-02'), 'false']],
    );
    const failures = new Map(rejected.map((row) => [row.Snapshot_Key__c, row.sf__Error]));
    assert.match(
      failures.get(key('2026-01-01')) ?? '',
      /^INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:/,
    );
    assert.match(failures.get(key('2026-01-03')) ?? '', /^REQUIRED_FIELD_MISSING:/);
    assert.match(
      rejected.find((row) => row.Snapshot_Key__c === key('2026-01-01'))?.sf__Id ?? '',
      /^[a-zA-Z0-9]{18}$/,
      'a failed update names the matched record',
    );

    const stored = await job.query<{ Snapshot_Key__c: string; Score__c: number; Band__c: string }>(
      `SELECT Snapshot_Key__c, Score__c, Band__c FROM Health_Snapshot__c WHERE Account__c = '${accountId}' ORDER BY Snapshot_Key__c`,
    );
    assert.deepEqual(
      stored.records.map((row) => [row.Snapshot_Key__c, row.Score__c, row.Band__c]),
      [
        [key('2026-01-01'), 80, 'Green'],
        [key('2026-01-02'), 30, 'Red'],
      ],
    );
  });

  test('ingest upsert cannot reparent', async () => {
    const [accountId] = accountIds;
    const results = await job.bulk2.loadAndWaitForResults({
      object: 'Health_Snapshot__c',
      operation: 'upsert',
      externalIdFieldName: 'Snapshot_Key__c',
      input: [{ Account__c: accountId, Snapshot_Key__c: `${accountId}:2026-01-02`, Score__c: 31 }],
    });
    assert.equal(results.successfulResults.length, 0);
    assert.match(
      String(results.failedResults[0].sf__Error),
      /^INVALID_FIELD_FOR_INSERT_UPDATE:Unable to create\/update fields: Account__c\./,
    );
  });

  test('ingest job stays InProgress', async () => {
    server.faults.configure({ bulkPollsInProgress: 3 });
    const ingest = job.bulk2.createJob({ object: 'Account', operation: 'insert' });
    const states: string[] = [];
    ingest.on('inProgress', (info: { state: string }) => states.push(info.state));
    await ingest.open();
    await ingest.uploadData([{ Name: 'Slow' }]);
    await ingest.close();
    await ingest.poll(20, 10_000);
    assert.deepEqual(states, ['InProgress', 'InProgress', 'InProgress']);
    assert.equal(ingest.getInfo().state, 'JobComplete');
    assert.equal(ingest.getInfo().numberRecordsProcessed, 1);
  });

  test('jsforce retries GET on injected 503 and 429', async () => {
    const created = await createQueryJob(job, 'SELECT Id FROM Account LIMIT 1');
    const before = server.requestCount;
    server.faults.configure({ failNext: { status: 503, count: 2 } });
    const checked = await job.bulk2.job('query', { id: created.id }).check();
    assert.equal(checked.state, 'JobComplete');
    assert.equal(
      server.requestCount - before,
      3,
      'two 503 responses, then the retry that succeeded',
    );

    server.faults.configure({ failNext: { status: 429, count: 1 } });
    const again = await job.bulk2.job('query', { id: created.id }).check();
    assert.equal(again.state, 'JobComplete');
    assert.equal(server.requestCount - before, 5);
  });

  test('jsforce does not retry a POST', async () => {
    server.faults.configure({ failNext: { status: 503, count: 1 } });
    const before = server.requestCount;
    await assert.rejects(createQueryJob(job, 'SELECT Id FROM Account'), {
      errorCode: 'SERVER_UNAVAILABLE',
    });
    assert.equal(server.requestCount - before, 1);
  });

  test('injected 401 ends the call', async () => {
    server.faults.configure({ failNext: { status: 401, count: 1 } });
    await assert.rejects(job.request('/services/data/v68.0/jobs/query'), {
      errorCode: 'INVALID_SESSION_ID',
      message: 'Session expired or invalid',
    });
    const list = await job.request<{ done: boolean }>('/services/data/v68.0/jobs/query');
    assert.equal(list.done, true);
  });

  test('daily API limit with Sforce-Limit-Info', async () => {
    await job.request('/services/data/v68.0/jobs/ingest');
    const used = server.faults.apiUsage.used;
    assert.deepEqual(job.limitInfo, { apiUsage: { used, limit: 100_000 } });

    server.faults.configure({ dailyApiLimit: used + 1 });
    await job.request('/services/data/v68.0/jobs/ingest');
    assert.deepEqual(job.limitInfo, { apiUsage: { used: used + 1, limit: used + 1 } });
    await assert.rejects(job.request('/services/data/v68.0/jobs/ingest'), {
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'TotalRequests Limit exceeded.',
    });
    await assert.rejects(job.bulk2.query('SELECT Id FROM Account'), {
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
    });
  });

  test('added latency on every request', async () => {
    server.faults.configure({ latencyMs: 200 });
    const started = performance.now();
    await job.request('/services/data/v68.0/jobs/ingest');
    await job.request('/services/data/v68.0/jobs/query');
    const elapsed = performance.now() - started;
    assert.ok(
      elapsed >= 395,
      `two requests took ${elapsed.toFixed(0)} ms, expected at least 400 ms`,
    );
  });
});
