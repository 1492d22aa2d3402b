// Helpers for the local org's tests: an org on a free port with its data in a temporary folder,
// and jsforce connections to it as any of its users.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from 'jsforce';
import { startLocalOrg, type LocalOrgServer, type UserKey } from './index.ts';

export interface TestOrg {
  server: LocalOrgServer;
  dataDir: string;
  /** A jsforce connection as the given user (admin by default). */
  connect(user?: UserKey): Connection;
  /** Stops the org; `keepData` leaves the data folder for a restart. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

export async function startTestOrg(dataDir?: string, projectDir?: string): Promise<TestOrg> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'local-org-test-'));
  const server = await startLocalOrg({ dataDir: dir, port: 0, projectDir });
  return {
    server,
    dataDir: dir,
    connect: (user: UserKey = 'admin') =>
      new Connection({
        instanceUrl: server.url,
        accessToken: server.users[user].accessToken,
        version: server.apiVersion,
      }),
    close: async (options = {}) => {
      await server.close();
      if (!options.keepData) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs a request and returns the error jsforce throws, or fails when it succeeds. */
export async function rejection(
  promise: PromiseLike<unknown>,
): Promise<Error & { errorCode?: string; data?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { errorCode?: string };
  }
  throw new Error('Expected the request to be rejected, but it succeeded');
}

/** Dates relative to today in UTC, as `YYYY-MM-DD`. */
export function daysFromToday(days: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days))
    .toISOString()
    .slice(0, 10);
}
