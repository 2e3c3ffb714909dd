/**
 * The GoTrue-compatible app as a node/connect middleware: routing (find-my-way), CORS, GoTrue's
 * 404/405 answers (§1.1) and error bodies. `createGoTrue` builds it without listening.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import Router from 'find-my-way';
import { loadConfig, readDotEnv, type Config, type Env } from './config.js';
import type { Handler, Instance, RouteRequest } from './context.js';
import { applyCors } from './cors.js';
import { openDatabase, type Database } from './database.js';
import { EventHooks } from './hooks.js';
import { sendError } from './http.js';
import { KeyedLock } from './keyed-lock.js';
import { Outbox } from './outbox.js';
import { loadSecrets } from './secrets.js';
import { announceUrl, claimDataDir, releaseDataDir } from './data-lock.js';
import { hashPassword } from './auth.js';
import { recover, signup, verify } from './routes/account.js';
import { audit, createAdminUser, deleteAdminUser, exportAdminUsers, getAdminUser, invite, listAdminUsers, updateAdminUser } from './routes/admin.js';
import { authorize, callback, fakeApprove, fakeConsent } from './routes/external.js';
import { health, outboxClear, outboxHtml, outboxMessages, settings } from './routes/public.js';
import { token } from './routes/token.js';
import { getUser, logout, updateUser } from './routes/user.js';
import { FUNCTIONS_PATH, FunctionsRuntime, IDENTITY_PATH, type FunctionsOptions } from './functions/runtime.js';

/** Local-only pages and endpoints, not part of GoTrue's API. */
const LOCAL_ONLY = /^\/_(outbox|fake-oauth)(\/|$)/;

export interface GoTrueOptions {
  /** Folder for the database and generated secrets; omitted = in memory. */
  dataDir?: string;
  /** GoTrue's own variable names, e.g. `GOTRUE_MAILER_AUTOCONFIRM: 'true'`; wins over process.env. */
  env?: Record<string, string>;
  /** A `.env` file read first (lowest precedence). */
  envFile?: string;
  /** Read GOTRUE_* from process.env (default true). */
  useProcessEnv?: boolean;
  /** No request log. */
  quiet?: boolean;
  /** Clock in ms, for tests of expiry (defaults to Date.now). */
  now?: () => number;
  /**
   * Path the API is mounted under when the caller strips it from `req.url` itself. Connect/Vite
   * mounts are detected from `req.originalUrl`.
   */
  basePath?: string;
  /**
   * Serve the functions of this folder (or with these options) at `/.netlify/functions/<name>`,
   * and call its identity event functions (`identity-signup` …). Off when omitted.
   */
  functions?: string | FunctionsOptions;
}

export interface GoTrue {
  handle(req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void;
  close(): Promise<void>;
  readonly config: Config;
  readonly operatorToken: string;
  readonly jwtSecret: string;
  /** Tells admin commands where this instance answers (kept in the data folder's lock file). */
  announce(url: string): void;
  /** The functions runtime, when the `functions` option is set. */
  readonly functions?: FunctionsRuntime;
}

const ROUTES: Array<[string, string, Handler]> = [
  ['GET', '/settings', settings],
  ['GET', '/health', health],
  ['POST', '/signup', signup],
  ['POST', '/token', token],
  ['POST', '/verify', verify],
  ['POST', '/recover', recover],
  ['GET', '/user', getUser],
  ['PUT', '/user', updateUser],
  ['POST', '/logout', logout],
  ['GET', '/authorize', authorize],
  ['GET', '/callback', callback],
  ['POST', '/invite', invite],
  ['GET', '/admin/users', listAdminUsers],
  ['POST', '/admin/users', createAdminUser],
  ['GET', '/admin/users/export', exportAdminUsers],
  ['GET', '/admin/users/:id', getAdminUser],
  ['PUT', '/admin/users/:id', updateAdminUser],
  ['DELETE', '/admin/users/:id', deleteAdminUser],
  ['GET', '/admin/audit', audit],
  ['GET', '/_outbox', outboxHtml],
  ['GET', '/_outbox/messages', outboxMessages],
  ['DELETE', '/_outbox/messages', outboxClear],
  ['GET', '/_fake-oauth/:provider/authorize', fakeConsent],
  ['GET', '/_fake-oauth/:provider/approve', fakeApprove],
];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;

function gotrueEnv(source: Env): Env {
  return Object.fromEntries(Object.entries(source).filter(([k]) => k.startsWith('GOTRUE_')));
}

export async function createGoTrue(options: GoTrueOptions = {}): Promise<GoTrue> {
  const env: Env = {
    ...(options.envFile ? gotrueEnv(readDotEnv(options.envFile)) : {}),
    ...(options.useProcessEnv === false ? {} : gotrueEnv(process.env)),
    ...options.env,
  };
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  const secrets = loadSecrets(dataDir);
  const config = loadConfig(env, secrets);
  const now = options.now ?? Date.now;
  const log = options.quiet ? () => {} : (line: string) => console.error(`[gotrue] ${line}`);
  if (dataDir) claimDataDir(dataDir);
  let db: Database;
  try {
    db = await openDatabase(dataDir ? join(dataDir, 'pgdata') : undefined);
  } catch (error) {
    if (dataDir) releaseDataDir(dataDir);
    throw error;
  }
  // Functions: served beside the API, and the source of identity event functions.
  const functions = options.functions === undefined ? undefined : new FunctionsRuntime(config, now, typeof options.functions === 'string' ? { dir: options.functions } : options.functions);
  const app: Instance = {
    config,
    db,
    outbox: new Outbox(db, config, now),
    hooks: new EventHooks(config, now, functions),
    now,
    log,
    dummyHash: '',
    buckets: new Map(),
    lock: new KeyedLock(),
  };
  app.dummyHash = await hashPassword(app, '');

  const router = Router({ ignoreTrailingSlash: false, caseSensitive: true });
  for (const [method, path, handler] of ROUTES) {
    router.on(method as 'GET', path, (req, res, params) => {
      void run(handler, req, res, params as Record<string, string | undefined>);
    });
  }

  let closing = false;
  const inFlight = new Set<Promise<void>>();

  async function run(handler: Handler, req: IncomingMessage, res: ServerResponse, params: Record<string, string | undefined>): Promise<void> {
    const r = routeRequest(req, res, params);
    const work = handler(app, r).catch((error: unknown) => {
      try {
        sendError(res, error, config.cookieKey, log);
      } catch {
        res.destroy(); // the client is gone; nothing left to tell it
      }
    });
    inFlight.add(work);
    await work;
    inFlight.delete(work);
    log(`${req.method} ${r.base}${r.url.pathname} ${res.statusCode}`); // never the query: it may hold tokens
  }

  function routeRequest(req: IncomingMessage, res: ServerResponse, params: Record<string, string | undefined>): RouteRequest {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const original = (req as IncomingMessage & { originalUrl?: string }).originalUrl;
    let base = options.basePath ?? '';
    if (!options.basePath && original && req.url && original !== req.url) {
      const originalPath = original.split('?')[0] ?? '';
      const path = url.pathname === '/' ? '' : url.pathname;
      if (originalPath.endsWith(path)) base = originalPath.slice(0, originalPath.length - path.length).replace(/\/$/, '');
    }
    const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim();
    const proto = forwarded || ((req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http');
    const host = req.headers.host ?? 'localhost';
    return { req, res, url, params, base, publicUrl: `${proto}://${host}${base}` };
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    if (closing) {
      res.writeHead(503, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code: 503, msg: 'Server is shutting down' }));
      return;
    }
    let path = new URL(req.url ?? '/', 'http://localhost').pathname;
    functions?.requestUrl(req); // event functions get the identity URL of the site's origin
    // Functions: `/.netlify/functions/*` runs them; `/.netlify/identity/*` is the API itself, where
    // functions (and `@netlify/identity`) look for it on the site's origin.
    if (functions && (path === FUNCTIONS_PATH || path.startsWith(`${FUNCTIONS_PATH}/`))) {
      void functions.handle(req, res);
      return;
    }
    const mounted = req as IncomingMessage & { originalUrl?: string };
    if (functions && path.startsWith(`${IDENTITY_PATH}/`) && mounted.originalUrl === undefined) {
      mounted.originalUrl = req.url;
      req.url = (req.url ?? '/').slice(IDENTITY_PATH.length);
      path = path.slice(IDENTITY_PATH.length);
    }
    if (LOCAL_ONLY.test(path)) {
      // The outbox holds live recovery and invite tokens: no CORS for it or the fake provider, so
      // another site the developer visits cannot read or clear it (GoTrue's `*` is for its API).
      const crossSite = req.headers['sec-fetch-site'] === 'cross-site' && req.headers['sec-fetch-mode'] !== 'navigate';
      if (crossSite || req.method === 'OPTIONS') {
        res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Cross-site requests to the local outbox are refused');
        return;
      }
    } else if (applyCors(req, res)) return;
    const method = (req.method ?? 'GET').toUpperCase();
    const route = router.find(method as 'GET', path);
    if (route) {
      route.handler(req, res, route.params, route.store, route.searchParams);
      return;
    }
    // Known path, wrong method → 405 with an empty body; unknown path → Go's text 404 (§1.1).
    if (METHODS.some((m) => router.find(m, path))) {
      res.writeHead(405).end();
      return;
    }
    const notFound = () => res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 page not found');
    // A modern function may claim this path with its `config.path`.
    if (functions) void functions.handleRoute(req, res, notFound).catch(notFound);
    else notFound();
  }

  return {
    handle,
    config,
    operatorToken: config.operatorToken,
    jwtSecret: config.jwtSecret,
    functions,
    announce(url: string) {
      if (functions) functions.origin = new URL(url).origin;
      if (dataDir) announceUrl(dataDir, url);
    },
    async close() {
      if (closing) return;
      closing = true;
      await Promise.allSettled([...inFlight]);
      await functions?.settle();
      try {
        await db.close();
      } finally {
        if (dataDir) releaseDataDir(dataDir);
      }
    },
  };
}
