// The preview's HTTP server on 127.0.0.1: the account list, a page per record, the browser bundle
// and the SLDS assets. It also proxies /services/ to the local org, so that the platform modules
// in the page reach the REST API from the page's own origin, without cross-origin requests.

import { createReadStream, existsSync, statSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { LocalOrgServer, UserKey } from '../local-org/index.ts';
import {
  PAGE_USERS,
  renderIndex,
  renderNotFound,
  renderRecordPage,
  type AccountRow,
} from './pages.ts';

export interface PreviewServerOptions {
  localOrg: LocalOrgServer;
  /** Output folder of the browser build, with assets/ and slds/. */
  bundleDir: string;
  /** Port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** Receives one line per error the server catches. */
  log?: (line: string) => void;
}

export interface PreviewServer {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  close(): Promise<void>;
}

/** The user each record page shows by default: the person who works on that record. */
const DEFAULT_PAGE_USERS: Record<'account' | 'opportunity', UserKey> = {
  account: 'csm',
  opportunity: 'ae',
};

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Request headers passed to the local org; the rest (cookies, host) stay with the browser. */
const PROXIED_HEADERS = ['authorization', 'content-type', 'accept', 'sforce-query-options'];

const RECORD_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  response.end(html);
}

/** Serves a file under `root`; a path that leaves `root` or names no file is a 404. */
function sendFile(response: ServerResponse, root: string, relativePath: string): void {
  const path = normalize(join(root, decodeURIComponent(relativePath)));
  if (!path.startsWith(root + sep) || !existsSync(path) || !statSync(path).isFile()) {
    response.writeHead(404, { 'Content-Type': 'text/plain' });
    response.end(`Not found: ${relativePath}`);
    return;
  }
  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
    'Cache-Control': 'no-cache',
  });
  createReadStream(path).pipe(response);
}

function proxy(
  request: IncomingMessage,
  response: ServerResponse,
  orgUrl: string,
  log: (line: string) => void,
): void {
  const target = new URL(request.url ?? '/', orgUrl);
  const headers: Record<string, string> = {};
  for (const name of PROXIED_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const upstream = httpRequest(target, { method: request.method, headers }, (reply) => {
    const replyHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(reply.headers)) {
      if (typeof value === 'string' && name !== 'connection' && name !== 'transfer-encoding') {
        replyHeaders[name] = value;
      }
    }
    response.writeHead(reply.statusCode ?? 502, replyHeaders);
    reply.pipe(response);
  });
  upstream.on('error', (error) => {
    log(
      `preview: proxying ${request.method} ${target.pathname} to the local org failed: ${error.message}`,
    );
    if (!response.headersSent) {
      response.writeHead(502, { 'Content-Type': 'application/json' });
    }
    response.end(
      JSON.stringify([
        { errorCode: 'BAD_GATEWAY', message: `The local org did not respond: ${error.message}` },
      ]),
    );
  });
  request.pipe(upstream);
}

function listAccounts(localOrg: LocalOrgServer): AccountRow[] {
  return localOrg.org.query(
    'SELECT Id, Name, Customer_Segment__c, Health_Score__c, Health_Band__c, Health_Flags__c, ' +
      '(SELECT Id, Name, StageName FROM Opportunities WHERE IsClosed = false ORDER BY CloseDate) ' +
      'FROM Account ORDER BY Name',
    { user: localOrg.users.admin },
  ) as unknown as AccountRow[];
}

export function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const { localOrg } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const assetsDir = join(options.bundleDir, 'assets');
  const sldsDir = join(options.bundleDir, 'slds');
  if (!existsSync(join(assetsDir, 'main.js'))) {
    throw new Error(
      `${join(assetsDir, 'main.js')} is missing: run node scripts/browser/build.ts --out ${options.bundleDir} first.`,
    );
  }

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path.startsWith('/services/')) {
      proxy(request, response, localOrg.url, log);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' });
      response.end();
      return;
    }
    if (path.startsWith('/assets/')) {
      sendFile(response, assetsDir, path.slice('/assets/'.length));
      return;
    }
    if (path.startsWith('/slds/')) {
      sendFile(response, sldsDir, path.slice('/slds/'.length));
      return;
    }
    if (path === '/') {
      sendHtml(response, 200, renderIndex(listAccounts(localOrg), localOrg.url));
      return;
    }
    const match = /^\/(account|opportunity)\/([^/]+)\/?$/.exec(path);
    if (match === null) {
      sendHtml(
        response,
        404,
        renderNotFound(`No page at ${path}. Open / for the list of accounts.`),
      );
      return;
    }
    const page = match[1] as 'account' | 'opportunity';
    const recordId = match[2];
    if (!RECORD_ID.test(recordId)) {
      sendHtml(response, 404, renderNotFound(`${recordId} is not a record Id.`));
      return;
    }
    const requested = url.searchParams.get('as') ?? DEFAULT_PAGE_USERS[page];
    if (!PAGE_USERS.includes(requested as UserKey)) {
      sendHtml(
        response,
        400,
        renderNotFound(`Unknown user "${requested}": use one of ${PAGE_USERS.join(', ')}.`),
      );
      return;
    }
    const user = localOrg.users[requested as UserKey];
    sendHtml(response, 200, renderRecordPage({ page, recordId, path, user, localOrg }));
  };

  const server = createServer((request, response) => {
    try {
      handle(request, response);
    } catch (error) {
      log(
        `preview: ${request.method} ${request.url} failed: ${(error as Error).stack ?? String(error)}`,
      );
      if (!response.headersSent)
        sendHtml(response, 500, renderNotFound(`The page failed: ${(error as Error).message}`));
      else response.end();
    }
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
