/**
 * The local functions runtime: serves the functions of a folder at `/.netlify/functions/<name>`
 * as Netlify does, with identity that works as in production (a real admin token for this
 * server, the caller's claims only for a token this server signed). A function that throws or
 * runs too long answers a 500 page and logs its stack; the server keeps running.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import type { Config } from '../config.js';
import { findFunction, isBackground, listFunctions } from './discover.js';
import { callerToken, signAdminToken, verifiedClaims, type IdentityContext } from './identity.js';
import { currentCall, installNetlifyGlobals, type FunctionAnswer, type Invocation } from './invocation.js';
import { runLambda } from './lambda.js';
import { functionForm, loadFunctionModule } from './load.js';
import { modernContext, runModern } from './modern.js';
import { configuredPaths, matchRoute, type RouteConfig } from './routes.js';

export const FUNCTIONS_PATH = '/.netlify/functions';
export const IDENTITY_PATH = '/.netlify/identity';

export interface FunctionsOptions {
  /** The functions folder (default `netlify/functions`, relative to the working directory). */
  dir?: string;
  /** Longest a function may run before it is stopped with a 500 (default 10 s, Netlify's default). */
  timeoutMs?: number;
  /** Longest a background function may run (default 15 minutes, Netlify's limit). */
  backgroundTimeoutMs?: number;
  /** Where functions find the identity API on the site's origin (default `/.netlify/identity`). */
  identityPath?: string;
  /** Where function errors are reported (default: standard error). */
  log?: (line: string) => void;
  /**
   * Variables for functions (`process.env`, `Netlify.env`), e.g. the site's `.env` file, as
   * `netlify dev` gives them; a variable already in the environment wins.
   */
  env?: Record<string, string | undefined>;
}

export interface CallRequest {
  method: string;
  url: URL;
  headers: Array<[string, string]>;
  body: Buffer;
  ip?: string;
  /** The caller's verified claims, if any. */
  user?: Record<string, unknown>;
  /** Named segments of the function's `config.path`. */
  params?: Record<string, string>;
}

const MAX_BODY_BYTES = 6 * 1024 * 1024; // Netlify's limit for a function's request body

function timeoutError(name: string, ms: number): Error {
  return new Error(`Function "${name}" timed out after ${ms / 1000} s`);
}

export class FunctionsRuntime {
  readonly dir: string;
  private readonly timeoutMs: number;
  private readonly backgroundTimeoutMs: number;
  private readonly identityPath: string;
  private readonly log: (line: string) => void;
  private readonly pending = new Set<Promise<unknown>>();
  /** The site's origin, learned from requests; used for calls the server makes itself (event functions). */
  origin = 'http://localhost';

  constructor(
    private readonly config: Config,
    private readonly now: () => number,
    options: FunctionsOptions = {},
  ) {
    this.dir = resolve(options.dir ?? 'netlify/functions');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.backgroundTimeoutMs = options.backgroundTimeoutMs ?? 15 * 60_000;
    this.identityPath = options.identityPath ?? IDENTITY_PATH;
    this.log = options.log ?? ((line) => console.error(`[functions] ${line}`));
    for (const [name, value] of Object.entries(options.env ?? {})) if (value !== undefined) process.env[name] ??= value;
    installNetlifyGlobals();
  }

  /** Whether a function called `name` exists right now. */
  has(name: string): boolean {
    return findFunction(this.dir, name) !== null;
  }

  names(): string[] {
    return [...listFunctions(this.dir).keys()].sort();
  }

  /** Serves `/.netlify/functions/<name>[/…]` for a request whose path starts there. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = this.requestUrl(req);
    const name = url.pathname.slice(FUNCTIONS_PATH.length + 1).split('/')[0] ?? '';
    const config = this.has(name) ? await this.routeConfig(name) : null;
    if (!this.has(name) || (config && configuredPaths(config).length)) {
      const where = config ? ` (it answers at ${configuredPaths(config).join(', ')})` : '';
      res
        .writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end(`Function not found: no "${name}" in ${this.dir}${where}\n`);
      return;
    }
    await this.serve(req, res, name, url, {});
  }

  /**
   * Serves a request whose path a modern function claims with `config.path`; calls `next` when
   * none does. Every function module is looked at (each is loaded once per change).
   */
  async handleRoute(req: IncomingMessage, res: ServerResponse, next: () => void): Promise<void> {
    const url = this.requestUrl(req);
    for (const name of listFunctions(this.dir).keys()) {
      const config = await this.routeConfig(name);
      const params = config && matchRoute(config, req.method ?? 'GET', url.pathname);
      if (params) return this.serve(req, res, name, url, params);
    }
    next();
  }

  /** A modern function's route config, or null (a Lambda function, or one that fails to load). */
  private async routeConfig(name: string): Promise<RouteConfig | null> {
    const file = findFunction(this.dir, name);
    if (!file) return null;
    try {
      const form = functionForm(await loadFunctionModule(file));
      return form?.kind === 'modern' ? (form.config as RouteConfig) : null;
    } catch {
      return null; // its load error is reported when it is called
    }
  }

  /** The full URL the client asked for; its origin is remembered for event functions. */
  requestUrl(req: IncomingMessage): URL {
    const original = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
    const forwarded = String(req.headers['x-forwarded-proto'] ?? '')
      .split(',')[0]
      ?.trim();
    const proto = forwarded || ((req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http');
    const url = new URL(original, `${proto}://${req.headers.host ?? 'localhost'}`);
    this.origin = url.origin;
    return url;
  }

  private async serve(
    req: IncomingMessage,
    res: ServerResponse,
    name: string,
    url: URL,
    params: Record<string, string>,
  ): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      res.writeHead(413, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${(error as Error).message}\n`);
      return;
    }
    const headers: Array<[string, string]> = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      headers.push([(req.rawHeaders[i] as string).toLowerCase(), req.rawHeaders[i + 1] as string]);
    const ip = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const user = verifiedClaims(this.config, callerToken(req, this.config.cookieKey), this.now());
    const answer = await this.call(name, { method: req.method ?? 'GET', url, headers, body, ip, user, params });
    res.writeHead(answer.status, answer.headers.flat());
    res.end(answer.body);
  }

  /**
   * Runs function `name` for one request and returns what it answered. Never throws: a failure
   * is a 500 answer, logged with its stack. A background function answers 202 at once.
   */
  async call(name: string, request: CallRequest): Promise<FunctionAnswer> {
    const background = isBackground(name);
    const limit = background ? this.backgroundTimeoutMs : this.timeoutMs;
    const requestId = randomUUID();
    const identity: IdentityContext = {
      url: `${request.url.origin}${this.identityPath}`,
      token: await signAdminToken(this.config, this.now(), Math.ceil(limit / 1000) + 60),
      ...(request.user ? { user: request.user } : {}),
    };
    const invocation: Invocation = {
      name,
      method: request.method.toUpperCase(),
      url: request.url,
      headers: [
        ...request.headers.filter(([n]) => n !== 'x-nf-request-id' && n !== 'x-nf-client-connection-ip'),
        ['x-nf-request-id', requestId],
        ['x-nf-client-connection-ip', request.ip ?? '127.0.0.1'],
      ],
      body: request.body,
      ip: request.ip ?? '127.0.0.1',
      requestId,
      identity,
      params: request.params ?? {},
      siteUrl: request.url.origin,
      waitUntil: (promise) =>
        this.track(promise.catch((error: unknown) => this.report(name, 'failed in waitUntil', error))),
    };
    const run = this.run(invocation, limit);
    if (background) {
      this.track(run); // its failures are logged by run()
      return { status: 202, headers: [], body: Buffer.alloc(0) };
    }
    return run;
  }

  private async run(call: Invocation, limit: number): Promise<FunctionAnswer> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const file = findFunction(this.dir, call.name);
      if (!file) throw new Error(`Function "${call.name}" was removed`);
      const form = functionForm(await loadFunctionModule(file));
      if (!form)
        throw new Error(`${file} exports neither a default function (req, context) nor a handler (event, context)`);
      const deadline = Date.now() + limit;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(timeoutError(call.name, limit)), limit);
      });
      const work =
        form.kind === 'lambda'
          ? currentCall.run({ identity: call.identity, context: null }, () => runLambda(form.handler, call, deadline))
          : (() => {
              const context = modernContext(call);
              return currentCall.run({ identity: call.identity, context }, () =>
                runModern(form.handler, call, context),
              );
            })();
      work.catch(() => {}); // after a timeout its late failure has nobody to tell
      return await Promise.race([work, timeout]);
    } catch (error) {
      this.report(call.name, 'failed', error);
      const text = `Function "${call.name}" failed.\n\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`;
      return { status: 500, headers: [['content-type', 'text/plain; charset=utf-8']], body: Buffer.from(text) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** A one-line note in the server's log. */
  note(line: string): void {
    this.log(line);
  }

  private report(name: string, what: string, error: unknown): void {
    this.log(`${name} ${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }

  private track(promise: Promise<unknown>): void {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }

  /** Waits for background functions and `waitUntil` work still running. */
  async settle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error(`Request body too large for a function (limit ${MAX_BODY_BYTES} bytes)`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
