// The local org's HTTP server: node:http on 127.0.0.1 only. It authenticates the bearer token,
// lets the fault switches intercept every API request, sets Sforce-Limit-Info, and dispatches to
// the REST routes, the identity resources and the /__local test endpoints.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clearBulkJobs } from './bulk.ts';
import type { Faults, FaultSettings } from './faults.ts';
import type { LocalOrg } from './org.ts';
import { QueryCursors } from './query-cursors.ts';
import {
  NOT_FOUND_MESSAGE,
  errorResponse,
  handleApiRequest,
  type ApiResponse,
  type RouteContext,
} from './routes.ts';
import type { OrgUser } from './users.ts';

/** Largest request body accepted, in bytes: a Bulk API 2.0 upload may be up to 150 MB. */
const MAX_BODY_BYTES = 160 * 1024 * 1024;
/** First API version listed by `GET /services/data/`. */
const OLDEST_LISTED_VERSION = 20;

export interface ServerOptions {
  org: LocalOrg;
  faults: Faults;
  /** Users that can sign in, by access token. */
  usersByToken: Map<string, OrgUser>;
  apiVersion: string;
  port: number;
}

export interface RunningServer {
  url: string;
  /** API requests served since start. */
  readonly requestCount: number;
  close(): Promise<void>;
}

const debug = process.env.LOCAL_ORG_DEBUG !== undefined && process.env.LOCAL_ORG_DEBUG !== '';

/** The release name of an API version: 59.0 is Winter '24, 60.0 Spring '24, 61.0 Summer '24. */
function releaseLabel(major: number): string {
  const steps = major - 59;
  const season = ['Winter', 'Spring', 'Summer'][((steps % 3) + 3) % 3];
  const year = 24 + Math.floor(steps / 3);
  return `${season} '${String(((year % 100) + 100) % 100).padStart(2, '0')}`;
}

function versionList(apiVersion: string): { label: string; url: string; version: string }[] {
  const newest = Math.floor(Number(apiVersion));
  const versions = [];
  for (let major = OLDEST_LISTED_VERSION; major <= newest; major++) {
    const version = `${major}.0`;
    versions.push({ label: releaseLabel(major), url: `/services/data/v${version}`, version });
  }
  return versions;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`request body larger than ${MAX_BODY_BYTES} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function bearerToken(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header.trim());
  return match === null ? null : match[1];
}

function send(
  response: ServerResponse,
  reply: ApiResponse,
  extraHeaders: Record<string, string>,
): void {
  const headers: Record<string, string> = { ...extraHeaders, ...(reply.headers ?? {}) };
  let payload: string | Buffer | undefined;
  if (reply.status === 204 || reply.body === undefined) {
    payload = undefined;
  } else if (typeof reply.body === 'string' || Buffer.isBuffer(reply.body)) {
    payload = reply.body;
  } else {
    payload = JSON.stringify(reply.body);
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = 'application/json;charset=UTF-8';
    }
  }
  response.writeHead(reply.status, headers);
  response.end(payload);
}

/** Logs one line per error response when LOCAL_ORG_DEBUG is set; never a token or a body. */
function logError(method: string, path: string, reply: ApiResponse): void {
  if (!debug || reply.status < 400) return;
  const first = Array.isArray(reply.body)
    ? (reply.body[0] as { errorCode?: string } | undefined)
    : undefined;
  process.stderr.write(
    `local-org: ${method} ${path} -> ${reply.status} ${first?.errorCode ?? ''}\n`,
  );
}

export function startServer(options: ServerOptions): Promise<RunningServer> {
  const { org, faults, usersByToken, apiVersion } = options;
  const cursors = new QueryCursors();
  const context: RouteContext = { org, faults, cursors };
  let requestCount = 0;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const method = (request.method ?? 'GET').toUpperCase();
    const host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const url = new URL(request.url ?? '/', host);
    const path = url.pathname;
    const body = await readBody(request);
    const token = bearerToken(request);
    const user = token === null ? undefined : usersByToken.get(token);

    if (path === '/services/data' || path === '/services/data/') {
      send(response, { status: 200, body: versionList(apiVersion) }, {});
      return;
    }

    if (path.startsWith('/__local/')) {
      const reply =
        user?.key === 'admin'
          ? localEndpoint(method, path, body)
          : errorResponse(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
      logError(method, path, reply);
      send(response, reply, {});
      return;
    }

    const isApi = path.startsWith('/services/') || path.startsWith('/id/');
    if (!isApi) {
      send(response, errorResponse(404, 'NOT_FOUND', NOT_FOUND_MESSAGE), {});
      return;
    }
    if (user === undefined) {
      const reply = errorResponse(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
      logError(method, path, reply);
      send(response, reply, {});
      return;
    }

    requestCount += 1;
    const injected = await faults.intercept(method, path);
    if (injected !== null) {
      const reply: ApiResponse = {
        status: injected.status,
        body: injected.body,
        headers: injected.headers,
      };
      logError(method, path, reply);
      send(response, reply, { 'Sforce-Limit-Info': faults.limitInfoHeader() });
      return;
    }

    let reply: ApiResponse;
    const versioned = /^\/services\/data\/v(\d+\.\d+)(\/.*)?$/.exec(path);
    if (versioned !== null) {
      reply = await handleApiRequest(context, {
        method,
        path: versioned[2] ?? '',
        query: url.searchParams,
        headers: request.headers,
        body,
        user,
        baseUrl: host,
        apiVersion: versioned[1],
      });
    } else if (path.startsWith('/id/') || path === '/services/oauth2/userinfo') {
      reply = identity(org, user, host);
    } else {
      reply = errorResponse(404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
    }
    logError(method, path, reply);
    send(response, reply, { 'Sforce-Limit-Info': faults.limitInfoHeader() });
  };

  /** Test endpoints: `/__local/faults` (GET, POST settings, DELETE to reset) and `/__local/reset`. */
  const localEndpoint = (method: string, path: string, body: Buffer): ApiResponse => {
    if (path === '/__local/reset' && method === 'POST') {
      org.reset();
      clearBulkJobs(org);
      cursors.clear();
      return { status: 204 };
    }
    if (path === '/__local/faults') {
      if (method === 'GET') return { status: 200, body: faults.settings };
      if (method === 'DELETE') {
        faults.reset();
        return { status: 204 };
      }
      if (method === 'POST') {
        let settings: Partial<FaultSettings>;
        try {
          settings = JSON.parse(body.toString('utf8') || '{}') as Partial<FaultSettings>;
        } catch (error) {
          return errorResponse(400, 'JSON_PARSER_ERROR', (error as Error).message);
        }
        try {
          faults.configure(settings);
        } catch (error) {
          return errorResponse(400, 'INVALID_FIELD', (error as Error).message);
        }
        return { status: 200, body: faults.settings };
      }
    }
    return errorResponse(404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const message = (error as Error).message;
      if (debug)
        process.stderr.write(
          `local-org: ${request.method} ${request.url?.split('?')[0]} failed: ${message}\n`,
        );
      if (!response.headersSent) {
        send(
          response,
          errorResponse(500, 'UNKNOWN_EXCEPTION', `The local org failed: ${message}`),
          {},
        );
      } else {
        response.destroy();
      }
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        get requestCount() {
          return requestCount;
        },
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** Identity of the calling user, for `/id/{orgId}/{userId}` and `/services/oauth2/userinfo`. */
function identity(org: LocalOrg, user: OrgUser, host: string): ApiResponse {
  const base = `${host}/services/data/v${org.apiVersion}`;
  return {
    status: 200,
    body: {
      id: `${host}/id/${org.orgId}/${user.Id}`,
      asserted_user: true,
      user_id: user.Id,
      organization_id: org.orgId,
      username: user.Username,
      nick_name: user.Username.split('@')[0],
      display_name: user.Name,
      email: user.Username,
      active: user.IsActive,
      user_type: 'STANDARD',
      language: 'en_US',
      locale: 'en_US',
      utcOffset: 0,
      urls: {
        enterprise: `${host}/services/Soap/c/${org.apiVersion}/${org.orgId}`,
        rest: `${base}/`,
        sobjects: `${base}/sobjects/`,
        query: `${base}/query/`,
        limits: `${base}/limits`,
        custom_domain: host,
      },
    },
  };
}
