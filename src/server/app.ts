/**
 * The GoTrue-compatible app as a node/connect middleware: routing (find-my-way), CORS, GoTrue's
 * 404/405 answers and error bodies. `createGoTrue` builds it without listening.
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
import { fromAnotherSite, parseRequestTarget, sendBadRequest, sendCrossSiteRefusal } from './request-guard.js';
import { KeyedLock } from './keyed-lock.js';
import { Outbox } from './outbox.js';
import { loadSecrets } from './secrets.js';
import { announceUrl, claimDataDir, releaseDataDir } from './data-lock.js';
import { hashPassword } from './auth.js';
import { backfillSearchNames } from './users.js';
import { recover, signup, verify } from './routes/account.js';
import {
  audit,
  createAdminUser,
  deleteAdminUser,
  exportAdminUsers,
  getAdminUser,
  invite,
  listAdminUsers,
  updateAdminUser,
} from './routes/admin.js';
import { authorize, callback } from './routes/external.js';
import { fakeApprove, fakeConsent } from './routes/fake-oauth.js';
import { health, outboxClear, outboxHtml, outboxMessages, settings } from './routes/public.js';
import { token } from './routes/token.js';
import { getUser, logout, updateUser } from './routes/user.js';
import { FUNCTIONS_PATH, FunctionsRuntime, IDENTITY_PATH, type FunctionsOptions } from './functions/runtime.js';

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

/** Method, path, handler, and whether the route is local-only (outside GoTrue's API, no CORS). */
const ROUTES: Array<[string, string, Handler, 'local'?]> = [
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
  ['GET', '/_outbox', outboxHtml, 'local'],
  ['GET', '/_outbox/messages', outboxMessages, 'local'],
  ['DELETE', '/_outbox/messages', outboxClear, 'local'],
  ['GET', '/_fake-oauth/:provider/authorize', fakeConsent, 'local'],
  ['GET', '/_fake-oauth/:provider/approve', fakeApprove, 'local'],
];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;

interface RouteStore {
  handler: Handler;
  local: boolean;
}

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
  try {
    await backfillSearchNames(db);
  } catch (error) {
    await db.close();
    if (dataDir) releaseDataDir(dataDir);
    throw error;
  }
  // Functions: served beside the API, and the source of identity event functions.
  const functions =
    options.functions === undefined
      ? undefined
      : new FunctionsRuntime(
          config,
          now,
          typeof options.functions === 'string' ? { dir: options.functions } : options.functions,
        );
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
  for (const [method, path, handler, local] of ROUTES) {
    const store: RouteStore = { handler, local: local === 'local' };
    router.on(method as 'GET', path, () => {}, store);
  }

  let closing = false;
  const inFlight = new Set<Promise<void>>();

  async function run(
    handler: Handler,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    params: Record<string, string | undefined>,
  ): Promise<void> {
    const r = routeRequest(req, res, url, params);
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

  function routeRequest(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    params: Record<string, string | undefined>,
  ): RouteRequest {
    const original = (req as IncomingMessage & { originalUrl?: string }).originalUrl;
    let base = options.basePath ?? '';
    if (!options.basePath && original && req.url && original !== req.url) {
      const originalPath = original.split('?')[0] ?? '';
      const path = url.pathname === '/' ? '' : url.pathname;
      if (originalPath.endsWith(path))
        base = originalPath.slice(0, originalPath.length - path.length).replace(/\/$/, '');
    }
    return { req, res, url, params, base };
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    if (closing) {
      res
        .writeHead(503, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ code: 503, msg: 'Server is shutting down' }));
      return;
    }
    // The path is read once; the router matches it and the cross-site guard asks the router which
    // route that is, so no spelling of a path (`/%5Foutbox`, `/_%6Futbox`) reaches a local-only page
    // unguarded.
    let url = parseRequestTarget(req.url);
    if (!url) return sendBadRequest(res);
    functions?.requestUrl(req); // event functions get the identity URL of the site's origin
    // Functions: `/.netlify/functions/*` runs them; `/.netlify/identity/*` is the API itself, where
    // functions (and `@netlify/identity`) look for it on the site's origin.
    if (functions && (url.pathname === FUNCTIONS_PATH || url.pathname.startsWith(`${FUNCTIONS_PATH}/`))) {
      void functions.handle(req, res);
      return;
    }
    const mounted = req as IncomingMessage & { originalUrl?: string };
    if (functions && url.pathname.startsWith(`${IDENTITY_PATH}/`) && mounted.originalUrl === undefined) {
      mounted.originalUrl = req.url;
      req.url = (req.url ?? '/').slice(IDENTITY_PATH.length);
      url = parseRequestTarget(req.url);
      if (!url) return sendBadRequest(res);
    }
    const path = url.pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    const route = router.find(method as 'GET', path);
    const routes = route ? [route] : METHODS.map((m) => router.find(m, path)).filter((found) => found !== null);
    if (routes.some((found) => (found.store as RouteStore).local)) {
      if (fromAnotherSite(req)) return sendCrossSiteRefusal(res);
    } else if (applyCors(req, res)) return;
    if (route) {
      void run((route.store as RouteStore).handler, req, res, url, route.params);
      return;
    }
    // Known path, wrong method: 405 with an empty body; unknown path: Go's text 404, as GoTrue answers.
    if (routes.length) {
      res.writeHead(405).end();
      return;
    }
    const notFound = () =>
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 page not found');
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
