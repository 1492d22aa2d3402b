// Runs the local org as a standalone server: `npm run local-org -- [--port N] [--data-dir DIR]`.
// Prints the URL, the path of the users file, which contains the access tokens, and how to run the
// scoring job against the server, but never a token.

import { parseArgs } from 'node:util';
import { startLocalOrg } from './index.ts';

const HELP = `Usage: npm run local-org -- [--port N] [--data-dir DIR]

Starts the local org, a test double of the Salesforce REST API and Bulk API 2.0, on 127.0.0.1.

Options:
  --port N          TCP port on 127.0.0.1 (default 0: a free port)
  --data-dir DIR    folder of the org's data and users.json (default LOCAL_ORG_DIR, else .local-org
                    at the project root)
  --help            show this help

The access tokens of the org's users are in users.json in the data folder. The scoring job runs
as the job user: its token is the accessToken of the entry with key "job".

The server locks its data folder until it stops: no other process can open the folder, so run the
job against the server with --instance-url URL and SF_ACCESS_TOKEN, not with --local. Stop the
server with Ctrl+C or SIGTERM; it writes its data and releases the folder before it exits.
`;

/** Quotes a value for a POSIX shell. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Builds the command that runs the job against the server with the job user's token. */
function jobCommand(usersFile: string, url: string): string {
  const readToken = `require(${JSON.stringify(usersFile)}).users.find((user) => user.key === "job").accessToken`;
  return `SF_ACCESS_TOKEN="$(node -p ${shellQuote(readToken)})" npm run score -- --instance-url ${url}`;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${HELP}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: { port?: string; 'data-dir'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  let port = 0;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      fail(`Invalid --port ${values.port}: use a whole number from 0 to 65535.`);
    }
  }

  const server = await startLocalOrg({ port, dataDir: values['data-dir'] });
  for (const warning of server.org.schema.warnings) {
    process.stderr.write(`local-org: metadata not loaded: ${warning}\n`);
  }
  process.stdout.write(`Local org listening on ${server.url} (API version ${server.apiVersion})\n`);
  process.stdout.write(`Users and access tokens: ${server.usersFile}\n`);
  process.stdout.write(
    `Data: ${server.dataDir} (locked by process ${process.pid} until it stops: ${server.lockFile})\n`,
  );
  process.stdout.write(
    'The scoring job runs as the job user (key "job" in the users file). To run it against this ' +
      'server:\n' +
      `  ${jobCommand(server.usersFile, server.url)}\n`,
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`local-org: ${signal} received, writing data and stopping\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`local-org: stopping failed: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`local-org: failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
