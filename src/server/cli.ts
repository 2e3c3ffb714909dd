/**
 * `gotrue-auth-server`: runs the local GoTrue-compatible server, and small admin commands that
 * work on its data folder. Admin commands talk to the running server when there is one (PGlite
 * allows one process per data folder, see data-lock.ts), else they open the folder themselves.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { WireUser } from '../core/wire.js';
import { readDotEnv, siteUrlProblem } from './config.js';
import { dataDirOwner } from './data-lock.js';
import { loadSecrets } from './secrets.js';
import { startServer, type RunningServer } from './index.js';
import { formatInvokeReport, invokeEventFunction, serverConfig } from './functions/invoke.js';
import { FunctionsRuntime } from './functions/runtime.js';

const HELP = `gotrue-auth-server: a local GoTrue-compatible server (Netlify Identity API) with a mail outbox

Usage:
  gotrue-auth-server [options]                       start the server
  gotrue-auth-server users create <email> [--password p] [--confirmed] [--role admin]
  gotrue-auth-server users list
  gotrue-auth-server token                           print the operator token (admin API bearer)
  gotrue-auth-server invoke <validate|signup|login> --email <address>
                                                     call the identity-<event> function with the payload
                                                     GoTrue sends for that stored user; print the request,
                                                     the answer and what it would change (nothing is saved)

Options:
  --port <n>         port (default 9999; 0 = any free port)
  --host <addr>      address to listen on (default 127.0.0.1)
  --allowed-hosts <names>
                     comma-separated host names to answer besides localhost, *.localhost and IP
                     addresses (.example.test: that name and its subdomains; all: any name);
                     other Host headers get 403, against DNS rebinding
  --site-url <url>   GOTRUE_SITE_URL: where email links and OAuth logins land (default http://localhost:5173)
  --data <dir>       data folder: database, secrets, outbox (default .gotrue)
  --memory           keep everything in memory (nothing written; fresh secrets each start)
  --dotenv <file>    read GOTRUE_* settings from this file (default .env, if present)
  --functions <dir>  serve the functions in this folder at /.netlify/functions/<name>, and call its
                     identity-validate/-signup/-login event functions (default netlify/functions)
  --functions-timeout <s>  stop a function after this many seconds with a 500 (default 10, Netlify's)
  --quiet            no request log
  -h, --help         this help

Every GoTrue setting is read from the environment under its own name (GOTRUE_JWT_SECRET,
GOTRUE_MAILER_AUTOCONFIRM, GOTRUE_EXTERNAL_GITHUB_ENABLED, ...); see src/server/README.md.
`;

interface Flags {
  port: string;
  host: string;
  'allowed-hosts'?: string;
  'site-url'?: string;
  data: string;
  memory: boolean;
  dotenv: string;
  functions: string;
  'functions-timeout': string;
  quiet: boolean;
  help: boolean;
  password?: string;
  confirmed: boolean;
  role?: string;
  email?: string;
}

function parse(argv: string[]): { flags: Flags; positionals: string[] } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '9999' },
      host: { type: 'string', default: '127.0.0.1' },
      'allowed-hosts': { type: 'string' },
      'site-url': { type: 'string' },
      data: { type: 'string', default: '.gotrue' },
      memory: { type: 'boolean', default: false },
      // Not `--env-file`: Node 20 takes that flag for itself even after the script name, and exits.
      dotenv: { type: 'string' },
      functions: { type: 'string', default: 'netlify/functions' },
      'functions-timeout': { type: 'string', default: '10' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      password: { type: 'string' },
      confirmed: { type: 'boolean', default: false },
      role: { type: 'string' },
      email: { type: 'string' },
    },
  });
  const flags = values as Flags;
  // The default `.env` is optional; a file the user names must exist.
  if (flags.dotenv !== undefined && !existsSync(flags.dotenv))
    throw new Error(`--dotenv: no such file "${flags.dotenv}"`);
  flags.dotenv ??= '.env';
  const siteUrl = flags['site-url'];
  const problem = siteUrl === undefined ? '' : siteUrlProblem(siteUrl);
  if (problem) throw new Error(`--site-url ${problem}`);
  return { flags, positionals };
}

function envOverrides(flags: Flags): Record<string, string> {
  return flags['site-url'] ? { GOTRUE_SITE_URL: flags['site-url'] } : {};
}

async function serve(flags: Flags): Promise<void> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a number from 0 to 65535, got "${flags.port}"`);
  const dataDir = flags.memory ? undefined : resolve(flags.data);
  const named = (flags['allowed-hosts'] ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  const allowedHosts = named.includes('all') ? true : named;
  const timeout = Number(flags['functions-timeout']);
  if (!(timeout > 0))
    throw new Error(`--functions-timeout must be a number of seconds, got "${flags['functions-timeout']}"`);
  const functionsOptions = { dir: flags.functions, timeoutMs: timeout * 1000, env: readDotEnv(flags.dotenv) };
  const server = await startServer({
    port,
    host: flags.host,
    allowedHosts,
    dataDir,
    envFile: flags.dotenv,
    quiet: flags.quiet,
    env: envOverrides(flags),
    functions: functionsOptions,
  });
  const { config, functions } = server.app;
  console.log(`GoTrue API   ${server.url}`);
  console.log(`Outbox       ${server.url}/_outbox`);
  if (functions) {
    const names = functions.names();
    console.log(
      `Functions    ${server.url}/.netlify/functions/<name> from ${functions.dir}${names.length ? `: ${names.join(', ')}` : ' (none yet)'}`,
    );
  }
  console.log(`Site URL     ${config.siteUrl}`);
  console.log(`Data         ${dataDir ?? 'in memory (nothing is kept)'}`);
  console.log(
    `Admin token  gotrue-auth-server token${dataDir ? ` --data ${flags.data}` : ' (not available for --memory: set GOTRUE_OPERATOR_TOKEN)'}`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(130); // a second Ctrl-C does not wait
    stopping = true;
    console.log(`${signal}: shutting down`);
    server
      .close()
      .then(() => process.exit(0))
      .catch((error: Error) => {
        console.error(error.message);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** Runs `work` against the admin API of the running server, or of a short-lived one on the folder. */
async function withAdminApi<T>(flags: Flags, work: (url: string, token: string) => Promise<T>): Promise<T> {
  const dataDir = resolve(flags.data);
  const token = process.env.GOTRUE_OPERATOR_TOKEN || loadSecrets(dataDir).operatorToken;
  const owner = dataDirOwner(dataDir);
  if (owner?.url) return work(owner.url, token);
  if (owner)
    throw new Error(
      `the data folder ${dataDir} is in use by process ${owner.pid}, which does not say where it answers; stop it first`,
    );
  let server: RunningServer | undefined;
  try {
    server = await startServer({
      port: 0,
      dataDir,
      envFile: flags.dotenv,
      quiet: true,
      env: envOverrides(flags),
      functions: flags.functions,
    });
    return await work(server.url, server.operatorToken);
  } finally {
    await server?.close();
  }
}

async function admin<T>(url: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json()) as T & { msg?: string };
  if (!response.ok) throw new Error(answer.msg ?? `HTTP ${response.status}`);
  return answer;
}

async function users(flags: Flags, args: string[]): Promise<void> {
  const [action, email] = args;
  if (action === 'create') {
    if (!email)
      throw new Error('usage: gotrue-auth-server users create <email> [--password p] [--confirmed] [--role admin]');
    const user = await withAdminApi(flags, (url, token) =>
      admin<WireUser>(url, token, 'POST', '/admin/users', {
        email,
        password: flags.password ?? '',
        confirm: flags.confirmed,
        ...(flags.role ? { role: flags.role } : {}),
      }),
    );
    console.log(
      `created ${user.email} (${user.id})${user.role ? ` role=${user.role}` : ''}${user.confirmed_at ? ' confirmed' : ' unconfirmed'}`,
    );
    return;
  }
  if (action === 'list') {
    const list = await withAdminApi(flags, (url, token) =>
      admin<{ users: WireUser[] }>(url, token, 'GET', '/admin/users?per_page=1000&sort=created_at%20asc'),
    );
    if (!list.users.length) console.log('no users');
    for (const u of list.users) {
      console.log(
        [
          u.email,
          u.id,
          u.role || '-',
          u.confirmed_at ? 'confirmed' : 'unconfirmed',
          String(u.app_metadata?.provider ?? ''),
        ].join('\t'),
      );
    }
    return;
  }
  throw new Error(`unknown command "users ${action ?? ''}": use "users create" or "users list"`);
}

/** Calls an identity event function with a stored user's real payload (./functions/invoke.ts). */
async function invoke(flags: Flags, args: string[]): Promise<void> {
  const [event] = args;
  if (!event || !flags.email)
    throw new Error('usage: gotrue-auth-server invoke <validate|signup|login> --email <address>');
  const config = serverConfig(resolve(flags.data), flags.dotenv, envOverrides(flags));
  const functions = new FunctionsRuntime(config, Date.now, { dir: flags.functions, env: readDotEnv(flags.dotenv) });
  const report = await withAdminApi(flags, (url, operatorToken) =>
    invokeEventFunction({ url, operatorToken, config, functions }, event, flags.email as string),
  );
  console.log(formatInvokeReport(report));
}

export async function main(argv: string[]): Promise<void> {
  const { flags, positionals } = parse(argv);
  if (flags.help) {
    console.log(HELP);
    return;
  }
  const [command, ...rest] = positionals;
  if (!command || command === 'serve') return serve(flags);
  if (command === 'users') return users(flags, rest);
  if (command === 'invoke') return invoke(flags, rest);
  if (command === 'token') {
    console.log(process.env.GOTRUE_OPERATOR_TOKEN || loadSecrets(resolve(flags.data)).operatorToken);
    return;
  }
  throw new Error(`unknown command "${command}"; see --help`);
}

// `tsx src/server/cli.ts` (npm run server) runs it; the bin imports `main` instead.
const invokedDirectly = process.argv[1] !== undefined && /[/\\]cli\.(ts|js)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(`gotrue-auth-server: ${error.message}`);
    process.exit(1);
  });
}
