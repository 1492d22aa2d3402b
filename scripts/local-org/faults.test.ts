import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DAILY_API_LIMIT, Faults, defaultFaultSettings } from './faults.ts';

test('defaults inject nothing', async () => {
  const faults = new Faults();
  assert.deepEqual(faults.settings, defaultFaultSettings());
  assert.equal(faults.settings.latencyMs, 0);
  assert.equal(faults.settings.failNext, null);
  assert.equal(faults.settings.bulkPollsInProgress, 0);
  assert.deepEqual(faults.settings.rowFailures, []);
  assert.equal(faults.settings.dailyApiLimit, 100_000);
  assert.deepEqual(faults.apiUsage, { used: 0, max: DEFAULT_DAILY_API_LIMIT });
  assert.equal(await faults.intercept('GET', '/services/data/v68.0/limits'), null);
});

test('intercept counts each request', async () => {
  const faults = new Faults();
  for (let i = 0; i < 5; i++) {
    assert.equal(await faults.intercept('GET', '/services/data/v68.0/query'), null);
  }
  assert.equal(faults.apiUsage.used, 5);
  assert.equal(faults.limitInfoHeader(), 'api-usage=5/100000');
});

test('daily limit rejects with 403', async () => {
  const faults = new Faults({ dailyApiLimit: 3 });
  for (let i = 0; i < 3; i++) assert.equal(await faults.intercept('GET', '/x'), null);

  const rejected = await faults.intercept('GET', '/x');
  assert.ok(rejected);
  assert.equal(rejected.status, 403);
  assert.deepEqual(rejected.body, [
    { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
  ]);
  // A rejected request is not counted, so usage stays at the limit.
  assert.equal(faults.apiUsage.used, 3);
  assert.equal(faults.limitInfoHeader(), 'api-usage=3/3');

  faults.configure({ dailyApiLimit: 4 });
  assert.equal(await faults.intercept('GET', '/x'), null);
  assert.equal(faults.limitInfoHeader(), 'api-usage=4/4');
});

test('usage counter restarts on a new UTC day', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2030-01-01T23:59:00Z') });
  const faults = new Faults({ dailyApiLimit: 2 });
  await faults.intercept('GET', '/x');
  await faults.intercept('GET', '/x');
  assert.equal((await faults.intercept('GET', '/x'))?.status, 403);

  t.mock.timers.setTime(Date.parse('2030-01-02T00:00:01Z'));
  assert.equal(faults.limitInfoHeader(), 'api-usage=0/2');
  assert.equal(await faults.intercept('GET', '/x'), null);
  assert.equal(faults.apiUsage.used, 1);
});

test('failNext 401 returns INVALID_SESSION_ID', async () => {
  const faults = new Faults();
  faults.configure({ failNext: { status: 401, count: 2 } });
  for (let i = 0; i < 2; i++) {
    const injected = await faults.intercept('GET', '/x');
    assert.ok(injected);
    assert.equal(injected.status, 401);
    assert.deepEqual(injected.body, [
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
    ]);
  }
  assert.equal(await faults.intercept('GET', '/x'), null);
  assert.equal(faults.settings.failNext, null);
  assert.equal(faults.apiUsage.used, 3);
});

test('injectedRequests lists the failed requests', async () => {
  const faults = new Faults({ failNext: { status: 503, count: 2 } });
  await faults.intercept('GET', '/services/data/v68.0/jobs/query/750x');
  await faults.intercept('POST', '/services/data/v68.0/jobs/ingest');
  await faults.intercept('GET', '/services/data/v68.0/limits');
  assert.deepEqual(faults.injectedRequests, [
    { method: 'GET', path: '/services/data/v68.0/jobs/query/750x', status: 503 },
    { method: 'POST', path: '/services/data/v68.0/jobs/ingest', status: 503 },
  ]);
  faults.reset();
  assert.deepEqual(faults.injectedRequests, []);
});

test('failNext 429 and 503 send Retry-After', async () => {
  const faults = new Faults();
  faults.configure({ failNext: { status: 429, count: 1 } });
  const tooMany = await faults.intercept('GET', '/x');
  assert.equal(tooMany?.status, 429);
  assert.equal(tooMany?.headers?.['Retry-After'], '1');
  assert.equal((tooMany?.body as { errorCode: string }[])[0].errorCode, 'REQUEST_LIMIT_EXCEEDED');

  faults.configure({ failNext: { status: 503, count: 1 } });
  const unavailable = await faults.intercept('GET', '/x');
  assert.equal(unavailable?.status, 503);
  assert.equal(unavailable?.headers?.['Retry-After'], '1');
  assert.equal((unavailable?.body as { errorCode: string }[])[0].errorCode, 'SERVER_UNAVAILABLE');

  faults.configure({ failNext: { status: 500, count: 1 } });
  const serverError = await faults.intercept('GET', '/x');
  assert.equal(serverError?.status, 500);
  assert.equal((serverError?.body as { errorCode: string }[])[0].errorCode, 'UNKNOWN_EXCEPTION');
});

test('failNext uses the given code and message', async () => {
  const faults = new Faults();
  faults.configure({
    failNext: { status: 503, count: 1, errorCode: 'SERVER_UNAVAILABLE', message: 'Maintenance' },
  });
  const injected = await faults.intercept('POST', '/x');
  assert.deepEqual(injected?.body, [{ message: 'Maintenance', errorCode: 'SERVER_UNAVAILABLE' }]);
});

test('configure copies failNext', async () => {
  const faults = new Faults();
  const failNext = { status: 503 as const, count: 1 };
  faults.configure({ failNext });
  await faults.intercept('GET', '/x');
  assert.equal(failNext.count, 1);
  assert.equal(faults.settings.failNext, null);
});

test('failNext with count 0 injects nothing', async () => {
  const faults = new Faults({ failNext: { status: 401, count: 0 } });
  assert.equal(faults.settings.failNext, null);
  assert.equal(await faults.intercept('GET', '/x'), null);
});

test('limit takes precedence over failNext', async () => {
  const faults = new Faults({ dailyApiLimit: 0, failNext: { status: 401, count: 1 } });
  assert.equal((await faults.intercept('GET', '/x'))?.status, 403);
  assert.equal(faults.settings.failNext?.count, 1);
});

test('latency delays intercept', async () => {
  const faults = new Faults({ latencyMs: 80 });
  const started = performance.now();
  assert.equal(await faults.intercept('GET', '/x'), null);
  const elapsed = performance.now() - started;
  assert.ok(elapsed >= 75, `intercept returned after ${elapsed} ms, expected at least 80 ms`);
});

test('latency also delays injected failures', async () => {
  const faults = new Faults({ latencyMs: 60, failNext: { status: 503, count: 1 } });
  const started = performance.now();
  assert.equal((await faults.intercept('GET', '/x'))?.status, 503);
  assert.ok(performance.now() - started >= 55);
});

test('rowFailure matches by record Id', () => {
  const faults = new Faults({
    rowFailures: [
      {
        sobject: 'Account',
        recordIds: ['001000000000001AAA'],
        statusCode: 'UNABLE_TO_LOCK_ROW',
        message: 'unable to obtain exclusive access to this record',
      },
    ],
  });
  const error = faults.rowFailure('account', { Id: '001000000000001AAA', Name: 'Acme' });
  assert.deepEqual(error, {
    statusCode: 'UNABLE_TO_LOCK_ROW',
    message: 'unable to obtain exclusive access to this record',
    fields: [],
  });
  // The 15-character form of the same Id matches too.
  assert.ok(faults.rowFailure('Account', { Id: '001000000000001' }));
  assert.equal(faults.rowFailure('Account', { Id: '001000000000002AAA' }), null);
  assert.equal(faults.rowFailure('Contact', { Id: '001000000000001AAA' }), null);
});

test('rowFailure matches by Name', () => {
  const faults = new Faults({
    rowFailures: [
      {
        sobject: 'Health_Snapshot__c',
        names: ['Broken'],
        statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        message: 'Rejected by a test rule',
        fields: ['Score__c'],
      },
    ],
  });
  const error = faults.rowFailure('Health_Snapshot__c', { name: 'Broken' });
  assert.deepEqual(error?.fields, ['Score__c']);
  assert.equal(faults.rowFailure('Health_Snapshot__c', { Name: 'Fine' }), null);
  assert.equal(faults.rowFailure('Health_Snapshot__c', {}), null);
});

test('rowFailure rule without ids matches all', () => {
  const faults = new Faults({
    rowFailures: [{ sobject: 'Task', statusCode: 'INACTIVE_OWNER_OR_USER', message: 'inactive' }],
  });
  assert.equal(
    faults.rowFailure('Task', { Subject: 'Call' })?.statusCode,
    'INACTIVE_OWNER_OR_USER',
  );
  assert.equal(faults.rowFailure('Account', { Name: 'Acme' }), null);
});

test('rowFailure returns a fresh error', () => {
  const faults = new Faults({
    rowFailures: [{ sobject: 'Task', statusCode: 'X', message: 'y', fields: ['OwnerId'] }],
  });
  const first = faults.rowFailure('Task', {});
  first?.fields.push('Subject');
  assert.deepEqual(faults.rowFailure('Task', {})?.fields, ['OwnerId']);
});

test('configure rejects invalid settings', () => {
  const faults = new Faults();
  assert.throws(() => faults.configure({ latencyMs: -1 }), /latencyMs: -1/);
  assert.throws(() => faults.configure({ dailyApiLimit: 1.5 }), /dailyApiLimit/);
  assert.throws(() => faults.configure({ bulkQueryPageSize: 0 }), /bulkQueryPageSize/);
  assert.throws(
    () => faults.configure({ failNext: { status: 404 as 401, count: 1 } }),
    /failNext.status: 404/,
  );
  assert.throws(
    () => faults.configure({ rowFailures: [{ sobject: 'Account' } as never] }),
    /statusCode and message are required/,
  );
  assert.deepEqual(faults.settings, defaultFaultSettings());
});

test('reset restores defaults and usage', async () => {
  const faults = new Faults({ latencyMs: 5, dailyApiLimit: 10, bulkPollsInProgress: 2 });
  await faults.intercept('GET', '/x');
  faults.reset();
  assert.deepEqual(faults.settings, defaultFaultSettings());
  assert.deepEqual(faults.apiUsage, { used: 0, max: DEFAULT_DAILY_API_LIMIT });
});
