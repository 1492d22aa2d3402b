// The local platform modules run in Node against the local org over real HTTP: record shapes,
// save errors, related-list paging, picklist values, object info and GraphQL, as the components
// receive them in the browser. No browser is needed.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Connection } from 'jsforce';
import { startLocalOrg, type LocalOrgServer } from '../local-org/index.ts';
import type { BeforeSaveValidator } from '../local-org/org.ts';
import { PROJECT_DIR } from './build.ts';
import { daysFromToday, insert, insertOpenDeal, type OpenDeal } from './fixtures.ts';
import { platformConfigFor } from './pages.ts';
import { gql, graphql } from './platform/lightning/graphql/graphql.ts';
import { GraphQLSyntaxError } from './platform/lightning/graphql/parser.ts';
import {
  getObjectInfo,
  getPicklistValues,
  getPicklistValuesByRecordType,
} from './platform/lightning/uiObjectInfoApi/uiObjectInfoApi.ts';
import {
  createRecord,
  getFieldDisplayValue,
  getFieldValue,
  getRecord,
  updateRecord,
  type RecordRepresentation,
} from './platform/lightning/uiRecordApi/uiRecordApi.ts';
import { getRelatedListRecords } from './platform/lightning/uiRelatedListApi/uiRelatedListApi.ts';
import { refreshApex } from './platform/lds/apex.ts';

// The assertions below walk the emitted LDS shapes field by field, so they are left untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
type WireValue = { data?: Loose; error?: Loose; errors?: Loose; refresh?: () => Promise<void> };

interface WireAdapter {
  update(config: unknown): void;
  connect(): void;
  disconnect(): void;
}

/** Connects a wire adapter as the LWC engine does and collects what it emits. */
function connectWire(
  Adapter: new (callback: (value: unknown) => void) => WireAdapter,
  config: unknown,
) {
  const values: WireValue[] = [];
  const adapter = new Adapter((value) => values.push(value as WireValue));
  adapter.connect();
  adapter.update(config);
  return {
    values,
    /** Resolves with the value emitted as number `count` (1 for the first). */
    async next(count = values.length + 1): Promise<WireValue> {
      const deadline = Date.now() + 10_000;
      while (values.length < count) {
        if (Date.now() > deadline)
          assert.fail(`the wire emitted ${values.length} values, expected ${count}`);
        await new Promise((done) => setTimeout(done, 20));
      }
      return values[count - 1];
    },
    disconnect: () => adapter.disconnect(),
  };
}

async function rejection(promise: Promise<unknown>): Promise<Loose> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected the promise to reject');
}

describe('local platform modules', () => {
  let dataDir: string;
  let localOrg: LocalOrgServer;
  let admin: Connection;
  let deal: OpenDeal;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'health-platform-org-'));
    localOrg = await startLocalOrg({ dataDir, projectDir: PROJECT_DIR });
    admin = new Connection({
      instanceUrl: localOrg.url,
      accessToken: localOrg.users.admin.accessToken,
      version: localOrg.apiVersion,
    });
    deal = await insertOpenDeal(admin, localOrg, 'Fabrikam Tools');
    await admin.sobject('Opportunity').update({ Id: deal.opportunityId, Discount_Depth__c: 12.5 });
    (globalThis as { localPlatform?: unknown }).localPlatform = {
      ...platformConfigFor(localOrg, localOrg.users.ae),
      instanceUrl: localOrg.url,
    };
  });

  after(async () => {
    delete (globalThis as { localPlatform?: unknown }).localPlatform;
    await localOrg?.close();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  test('getRecord returns the LDS record shape', async () => {
    const wire = connectWire(getRecord, {
      recordId: deal.opportunityId,
      fields: [
        { objectApiName: 'Opportunity', fieldApiName: 'StageName' },
        'Opportunity.CloseDate',
        'Opportunity.Amount',
        'Opportunity.Discount_Depth__c',
        'Opportunity.Account.Name',
      ],
      optionalFields: ['Opportunity.No_Such_Field__c'],
    });
    const { data, error } = await wire.next(1);
    wire.disconnect();
    assert.equal(error, undefined);
    assert.equal(data.apiName, 'Opportunity');
    assert.equal(data.id, deal.opportunityId);
    assert.equal(data.recordTypeId, '012000000000000AAA');
    assert.deepEqual(data.fields.StageName, { value: 'Prospecting', displayValue: 'Prospecting' });
    const [year, month, day] = daysFromToday(14).split('-').map(Number);
    assert.deepEqual(data.fields.CloseDate, {
      value: daysFromToday(14),
      displayValue: `${month}/${day}/${year}`,
    });
    assert.deepEqual(data.fields.Amount, { value: 90000, displayValue: '$90,000.00' });
    assert.deepEqual(data.fields.Discount_Depth__c, { value: 12.5, displayValue: null });
    assert.equal(data.fields.Account.displayValue, 'Fabrikam Tools');
    assert.equal(data.fields.Account.value.apiName, 'Account');
    assert.equal(data.fields.Account.value.id, deal.accountId);
    assert.equal(getFieldValue(data, 'Opportunity.Account.Name'), 'Fabrikam Tools');
    assert.equal(
      getFieldDisplayValue(data, { objectApiName: 'Opportunity', fieldApiName: 'CloseDate' }),
      `${month}/${day}/${year}`,
    );
    assert.equal(getFieldValue(data, 'Opportunity.No_Such_Field__c'), undefined);
    assert.equal('No_Such_Field__c' in data.fields, false);
    assert.ok(Object.isFrozen(data.fields.StageName), 'LDS data is read-only');
  });

  test('getRecord reports unknown fields and records', async () => {
    const unknownField = connectWire(getRecord, {
      recordId: deal.opportunityId,
      fields: ['Opportunity.No_Such_Field__c'],
    });
    const first = await unknownField.next(1);
    unknownField.disconnect();
    assert.equal(first.data, undefined);
    assert.equal(first.error.status, 400);
    assert.equal(first.error.body[0].errorCode, 'INVALID_FIELD');
    assert.match(first.error.body[0].message, /No_Such_Field__c/);

    const missingId = await insert(admin, 'Opportunity', {
      AccountId: deal.accountId,
      Name: 'Fabrikam Tools - Deleted',
      StageName: 'Prospecting',
      CloseDate: daysFromToday(30),
    });
    await admin.sobject('Opportunity').destroy(missingId);
    const unknownRecord = connectWire(getRecord, {
      recordId: missingId,
      fields: ['Opportunity.Name'],
    });
    const second = await unknownRecord.next(1);
    unknownRecord.disconnect();
    assert.equal(second.error.status, 404);
    assert.equal(second.error.body[0].errorCode, 'NOT_FOUND');

    const waiting = connectWire(getRecord, { recordId: undefined, fields: ['Opportunity.Name'] });
    await new Promise((done) => setTimeout(done, 200));
    waiting.disconnect();
    assert.equal(waiting.values.length, 0, 'a wire waits while recordId is undefined');
  });

  test('updateRecord maps save errors', async () => {
    // The project's own rule on the field, as the local org evaluates it from force-app.
    const ruleFile = join(
      PROJECT_DIR,
      'force-app/main/default/objects/Opportunity/validationRules/Discount_Depth_Range.validationRule-meta.xml',
    );
    const ruleMessage = /<errorMessage>([^<]*)<\/errorMessage>/.exec(
      readFileSync(ruleFile, 'utf8'),
    )?.[1];
    const outOfRange = await rejection(
      updateRecord({ fields: { Id: deal.opportunityId, Discount_Depth__c: 140 } }),
    );
    assert.equal(outOfRange.body.output.fieldErrors.Discount_Depth__c[0].message, ruleMessage);
    assert.equal(
      outOfRange.body.output.fieldErrors.Discount_Depth__c[0].errorCode,
      'FIELD_CUSTOM_VALIDATION_EXCEPTION',
    );

    const rule: BeforeSaveValidator = ({ object, newRecord }) => {
      if (object.name !== 'Opportunity') return null;
      if (Number(newRecord.Discount_Depth__c) > 40) {
        return [
          {
            statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            message: 'Above 40% needs approval.',
            fields: ['Discount_Depth__c'],
          },
        ];
      }
      if (newRecord.Displaced_Vendor__c === 'Blocked') {
        return [
          {
            statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            message: 'This vendor cannot be named.',
            fields: [],
          },
        ];
      }
      return null;
    };
    localOrg.org.beforeSave.push(rule);
    try {
      const fieldError = await rejection(
        updateRecord({ fields: { Id: deal.opportunityId, Discount_Depth__c: 55 } }),
      );
      assert.equal(fieldError.ok, false);
      assert.equal(fieldError.status, 400);
      assert.equal(fieldError.body.enhancedErrorType, 'RecordError');
      assert.deepEqual(fieldError.body.output.errors, []);
      assert.deepEqual(fieldError.body.output.fieldErrors, {
        Discount_Depth__c: [
          {
            constituentField: null,
            duplicateRecordError: null,
            errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            field: 'Discount_Depth__c',
            fieldLabel: 'Discount Depth',
            message: 'Above 40% needs approval.',
          },
        ],
      });

      const pageError = await rejection(
        updateRecord({ fields: { Id: deal.opportunityId, Displaced_Vendor__c: 'Blocked' } }),
      );
      assert.deepEqual(pageError.body.output.fieldErrors, {});
      assert.equal(pageError.body.output.errors.length, 1);
      assert.equal(pageError.body.output.errors[0].errorCode, 'FIELD_CUSTOM_VALIDATION_EXCEPTION');
      assert.equal(pageError.body.output.errors[0].message, 'This vendor cannot be named.');
      assert.equal(pageError.body.output.errors[0].field, null);

      const unknownField = await rejection(
        updateRecord({ fields: { Id: deal.opportunityId, No_Such__c: 1 } }),
      );
      assert.equal(unknownField.body.output.errors[0].errorCode, 'INVALID_FIELD');

      const missingId = await rejection(updateRecord({ fields: { Name: 'No Id' } }));
      assert.equal(missingId.status, 400);
      assert.match(missingId.body[0].message, /fields\.Id/);
    } finally {
      localOrg.org.beforeSave.splice(localOrg.org.beforeSave.indexOf(rule), 1);
    }
  });

  test('saves refresh connected wires', async () => {
    const wire = connectWire(getRecord, {
      recordId: deal.opportunityId,
      fields: ['Opportunity.Discount_Depth__c'],
    });
    const first = await wire.next(1);
    const saved: RecordRepresentation = await updateRecord({
      fields: { Id: deal.opportunityId, Discount_Depth__c: 22 },
    });
    assert.equal(saved.fields.Discount_Depth__c.value, 22);
    const second = await wire.next(2);
    assert.equal(first.data.fields.Discount_Depth__c.value, 12.5);
    assert.equal(second.data.fields.Discount_Depth__c.value, 22);
    await admin.sobject('Opportunity').update({ Id: deal.opportunityId, Discount_Depth__c: 23 });
    await refreshApex(second);
    assert.equal(
      (await wire.next(3)).data.fields.Discount_Depth__c.value,
      23,
      'refreshApex fetches again',
    );
    wire.disconnect();
  });

  test('createRecord returns the created record', async () => {
    const record = await createRecord({
      apiName: 'Deal_Promise__c',
      fields: {
        Opportunity__c: deal.opportunityId,
        Type__c: 'Other',
        Description__c: 'Quarterly roadmap review.',
        Status__c: 'Open',
      },
    });
    assert.equal(record.apiName, 'Deal_Promise__c');
    assert.match(record.id, /^[a-zA-Z0-9]{18}$/);
    assert.equal(record.fields.Type__c.value, 'Other');
    assert.match(String(record.fields.Name.value), /^DP-\d+$/);
    const missing = await rejection(
      createRecord({ apiName: 'Deal_Promise__c', fields: { Type__c: 'Other' } }),
    );
    assert.ok(
      Object.keys(missing.body.output.fieldErrors).length + missing.body.output.errors.length > 0,
    );
  });

  test('getRelatedListRecords pages through the children', async () => {
    const opportunityId = await insert(admin, 'Opportunity', {
      AccountId: deal.accountId,
      Name: 'Fabrikam Tools - Expansion',
      StageName: 'Prospecting',
      CloseDate: daysFromToday(30),
    });
    const names = Array.from(
      { length: 60 },
      (_, index) => `Use case ${String(index + 1).padStart(2, '0')}`,
    );
    const results = await admin
      .sobject('Committed_Use_Case__c')
      .create(
        names.map((Name) => ({ Name, Opportunity__c: opportunityId, Status__c: 'Committed' })),
      );
    assert.ok(results.every((result) => result.success));
    const config = {
      parentRecordId: opportunityId,
      relatedListId: 'Committed_Use_Cases__r',
      fields: ['Committed_Use_Case__c.Name', 'Committed_Use_Case__c.Status__c'],
      sortBy: ['-Committed_Use_Case__c.Name'],
    };

    const firstPage = connectWire(getRelatedListRecords, config);
    const { data } = await firstPage.next(1);
    firstPage.disconnect();
    assert.equal(data.pageSize, 50);
    assert.equal(data.count, 50);
    assert.equal(data.nextPageToken, '50');
    assert.equal(data.previousPageToken, null);
    assert.equal(data.records[0].fields.Name.value, 'Use case 60');
    assert.equal(data.records[0].apiName, 'Committed_Use_Case__c');
    assert.deepEqual(data.records[0].fields.Status__c, {
      value: 'Committed',
      displayValue: 'Committed',
    });

    const secondPage = connectWire(getRelatedListRecords, {
      ...config,
      pageToken: data.nextPageToken,
    });
    const second = (await secondPage.next(1)).data;
    secondPage.disconnect();
    assert.equal(second.count, 10);
    assert.equal(second.nextPageToken, null);
    assert.equal(second.previousPageToken, '0');
    assert.equal(second.records[9].fields.Name.value, 'Use case 01');

    const largest = connectWire(getRelatedListRecords, { ...config, pageSize: 1999 });
    assert.equal((await largest.next(1)).data.count, 60);
    largest.disconnect();
    const tooLarge = connectWire(getRelatedListRecords, { ...config, pageSize: 2000 });
    const rejected = await tooLarge.next(1);
    tooLarge.disconnect();
    assert.equal(rejected.error.status, 400);
    assert.match(rejected.error.body[0].message, /1999/);

    const unknownList = connectWire(getRelatedListRecords, {
      ...config,
      relatedListId: 'No_Such__r',
    });
    const unknown = await unknownList.next(1);
    unknownList.disconnect();
    assert.match(unknown.error.body[0].message, /No_Such__r is not a related list of Opportunity/);
  });

  test('picklist values carry the stage attributes', async () => {
    const byRecordType = connectWire(getPicklistValuesByRecordType, {
      objectApiName: { objectApiName: 'Opportunity' },
      recordTypeId: '012000000000000AAA',
    });
    const { data } = await byRecordType.next(1);
    byRecordType.disconnect();
    const stages = data.picklistFieldValues.StageName.values;
    const stage = (value: string) => stages.find((item: { value: string }) => item.value === value);
    assert.deepEqual(stage('Closed Won').attributes, {
      closed: true,
      defaultProbability: 100,
      forecastCategoryName: 'Closed',
      picklistAtrributesValueType: 'OpportunityStage',
      won: true,
    });
    assert.equal(stage('Closed Lost').attributes.won, false);
    assert.equal(stage('Closed Lost').attributes.closed, true);
    assert.equal(stage('Prospecting').attributes.closed, false);
    assert.deepEqual(
      data.picklistFieldValues.Champion_Seniority__c.values.map(
        (item: { value: string }) => item.value,
      ),
      ['C-Level', 'VP', 'Director', 'Manager', 'Individual Contributor'],
    );
    assert.equal(data.picklistFieldValues.Champion_Seniority__c.values[0].attributes, null);

    const single = connectWire(getPicklistValues, {
      recordTypeId: '012000000000000AAA',
      fieldApiName: { objectApiName: 'Deal_Promise__c', fieldApiName: 'Status__c' },
    });
    const status = (await single.next(1)).data;
    single.disconnect();
    assert.deepEqual(
      status.values.map((item: { value: string }) => item.value),
      ['Open', 'Resolved', 'Withdrawn'],
    );
    assert.equal(status.defaultValue?.value, 'Open');
    assert.deepEqual(status.controllerValues, {});

    const notPicklist = connectWire(getPicklistValues, {
      recordTypeId: '012000000000000AAA',
      fieldApiName: 'Opportunity.Amount',
    });
    assert.equal((await notPicklist.next(1)).error.status, 400);
    notPicklist.disconnect();
  });

  test('getObjectInfo describes the object', async () => {
    const wire = connectWire(getObjectInfo, { objectApiName: 'Opportunity' });
    const { data } = await wire.next(1);
    wire.disconnect();
    assert.equal(data.apiName, 'Opportunity');
    assert.equal(data.defaultRecordTypeId, '012000000000000AAA');
    assert.equal(data.fields.Discount_Depth__c.dataType, 'Percent');
    assert.equal(data.fields.Discount_Depth__c.label, 'Discount Depth');
    assert.equal(data.fields.StageName.dataType, 'Picklist');
    assert.equal(data.fields.Champion__c.reference, true);
    assert.deepEqual(
      data.fields.Champion__c.referenceToInfos.map((info: { apiName: string }) => info.apiName),
      ['Contact'],
    );
    assert.ok(
      data.childRelationships.some(
        (relationship: { relationshipName: string; childObjectApiName: string }) =>
          relationship.relationshipName === 'Committed_Use_Cases__r' &&
          relationship.childObjectApiName === 'Committed_Use_Case__c',
      ),
    );
  });

  test('graphql runs UI API queries', async () => {
    const finished = (hoursAgo: number) =>
      new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
    const run = (status: string, hoursAgo: number, version: string) =>
      insert(admin, 'Health_Score_Run__c', {
        Status__c: status,
        Started_At__c: finished(hoursAgo + 1),
        Finished_At__c: finished(hoursAgo),
        As_Of__c: daysFromToday(0),
        Model_Version__c: version,
      });
    await run('Succeeded', 48, '1:older');
    const latestId = await run('Partially Succeeded', 24, '1:latest');
    await run('Failed', 1, '1:failed');

    const query = gql`
      query latestHealthScoreRun($statuses: [Picklist]) {
        uiapi {
          query {
            Health_Score_Run__c(
              where: { Status__c: { in: $statuses } }
              orderBy: { Finished_At__c: { order: DESC, nulls: LAST } }
              first: 1
            ) {
              edges {
                node {
                  Id
                  Status__c {
                    value
                    displayValue
                  }
                  Finished_At__c {
                    value
                  }
                  version: Model_Version__c {
                    value
                  }
                }
              }
              totalCount
              pageInfo {
                hasNextPage
                endCursor
              }
            }
          }
        }
      }
    `;
    const wire = connectWire(graphql, {
      query,
      variables: { statuses: ['Succeeded', 'Partially Succeeded'] },
    });
    const result = await wire.next(1);
    assert.equal(result.errors, undefined);
    const connection = result.data.uiapi.query.Health_Score_Run__c;
    assert.equal(connection.edges.length, 1);
    assert.equal(connection.edges[0].node.Id, latestId);
    assert.deepEqual(connection.edges[0].node.Status__c, {
      value: 'Partially Succeeded',
      displayValue: 'Partially Succeeded',
    });
    assert.match(
      connection.edges[0].node.Finished_At__c.value,
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
    );
    assert.deepEqual(connection.edges[0].node.version, { value: '1:latest' });
    assert.equal(connection.totalCount, 2);
    assert.equal(connection.pageInfo.hasNextPage, true);
    assert.equal(typeof result.refresh, 'function');

    // A run saved through the platform modules refreshes the query. Only the job's user may
    // write run records, so the page's user is the job for this save.
    const config = (globalThis as unknown as { localPlatform: { accessToken: string } })
      .localPlatform;
    const aeToken = config.accessToken;
    config.accessToken = localOrg.users.job.accessToken;
    try {
      await createRecord({
        apiName: 'Health_Score_Run__c',
        fields: {
          Status__c: 'Succeeded',
          Finished_At__c: finished(0),
          As_Of__c: daysFromToday(0),
          Model_Version__c: '1:newest',
        },
      });
    } finally {
      config.accessToken = aeToken;
    }
    const refreshed = await wire.next(2);
    wire.disconnect();
    assert.deepEqual(refreshed.data.uiapi.query.Health_Score_Run__c.edges[0].node.version, {
      value: '1:newest',
    });
    assert.equal(refreshed.data.uiapi.query.Health_Score_Run__c.totalCount, 3);
  });

  test('graphql reports unsupported queries', async () => {
    const unknownField = connectWire(graphql, {
      query: gql`
        query {
          uiapi {
            query {
              Account {
                edges {
                  node {
                    No_Such_Field__c {
                      value
                    }
                  }
                }
              }
            }
          }
        }
      `,
    });
    const result = await unknownField.next(1);
    unknownField.disconnect();
    assert.equal(result.data, undefined);
    assert.match(
      result.errors[0].message,
      /Cannot query field "No_Such_Field__c" on type "Account"/,
    );
    assert.deepEqual(result.errors[0].path, [
      'uiapi',
      'query',
      'Account',
      'edges',
      'node',
      'No_Such_Field__c',
    ]);
    assert.throws(() => gql`query { uiapi { query { Account( } } }`, GraphQLSyntaxError);
    assert.throws(
      () => gql`
        fragment F on Account {
          Id
        }
      `,
      /Fragments are not supported/,
    );
  });
});
