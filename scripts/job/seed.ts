// Seeding before a run: empty the local org (--reset), insert an sObject tree plan as
// `sf data import tree --plan` does (--data), and insert the demo data into an org without
// accounts (--demo).

import type { Connection } from 'jsforce';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sendRequest } from './api.ts';
import type { Logger } from './log.ts';
import { countRecords } from './read.ts';

export interface SeedError {
  sobject: string;
  referenceId: string;
  errorCode: string;
  message: string;
  fields: string[];
}

export interface SeedResult {
  plan: string;
  created: number;
  errors: SeedError[];
}

/** Empties the local org through its test endpoint, as its admin user. */
export async function resetLocalOrg(adminConn: Connection, log: Logger): Promise<void> {
  // jsforce leaves a POST without a body open, so an empty body is sent.
  await sendRequest(adminConn, {
    method: 'POST',
    url: `${adminConn.instanceUrl}/__local/reset`,
    body: '',
  });
  log.info('Local org reset: every record deleted');
}

/** Inserts the records of a tree plan; a record the org rejects is returned with its error. */
export async function seedFromPlan(
  conn: Connection,
  planPath: string,
  log: Logger,
): Promise<SeedResult> {
  const { importTreePlan } = await import('../local-org/tree-plan.ts');
  const result = await importTreePlan(conn, planPath, {
    onProgress: (done: number, total: number) => log.progress('Seeding', done, total),
  });
  const errors = result.errors.map((error) => ({
    sobject: error.sobject,
    referenceId: error.referenceId,
    errorCode: error.statusCode,
    message: error.message,
    fields: error.fields ?? [],
  }));
  log.info(
    `Seeded ${result.created.length} records from ${planPath}${errors.length > 0 ? `, ${errors.length} rejected` : ''}`,
  );
  return { plan: planPath, created: result.created.length, errors };
}

/** Inserts the demo data for `asOf` when the org has no accounts; returns null when it has some. */
export async function seedDemoIfEmpty(
  conn: Connection,
  asOf: string,
  log: Logger,
): Promise<SeedResult | null> {
  const accounts = await countRecords(conn, 'Account');
  if (accounts > 0) {
    log.debug(`The org has ${accounts} accounts: demo data not added`);
    return null;
  }
  const { writeDemoPlan } = await import('../demo/generate.ts');
  const dir = mkdtempSync(path.join(tmpdir(), 'health-demo-'));
  try {
    const planPath = writeDemoPlan(dir, { asOf });
    log.info(`The org has no accounts: adding the demo data for ${asOf}`);
    return await seedFromPlan(conn, planPath, log);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Formats a rejected record as one line: the object, the reference, the fields and the error. */
export function describeSeedError(error: SeedError): string {
  const fields = error.fields.length > 0 ? ` on ${error.fields.join(', ')}` : '';
  return `${error.sobject} ${error.referenceId}: ${error.errorCode}${fields}: ${error.message}`;
}
