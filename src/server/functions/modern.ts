/**
 * Modern functions, `export default async (req: Request, context: Context) => Response`, with
 * Netlify's `Context`: cookies that become `Set-Cookie`, url, params, ip, requestId, site,
 * waitUntil, json and log.
 */
import type { FunctionAnswer, Invocation } from './invocation.js';
import { FunctionResponseError } from './lambda.js';

export interface CookieOptions {
  name: string;
  value: string;
  domain?: string;
  path?: string;
  expires?: Date | number | string;
  maxAge?: number;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'Strict' | 'Lax' | 'None';
}

/** `context.cookies`: reads the request's cookies, and each change becomes a `Set-Cookie`. */
export class CookieStore {
  private readonly values = new Map<string, string>();
  readonly setCookies: string[] = [];

  constructor(header: string) {
    for (const part of header.split(';')) {
      const at = part.indexOf('=');
      if (at <= 0) continue;
      const raw = part.slice(at + 1).trim();
      let value = raw;
      try {
        value = decodeURIComponent(raw);
      } catch {
        // a value that is not percent-encoding is kept as sent
      }
      this.values.set(part.slice(0, at).trim(), value);
    }
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  set(nameOrOptions: string | CookieOptions, value?: string): void {
    const options: CookieOptions =
      typeof nameOrOptions === 'string' ? { name: nameOrOptions, value: value ?? '' } : nameOrOptions;
    const parts = [`${options.name}=${encodeURIComponent(options.value)}`];
    if (options.domain) parts.push(`Domain=${options.domain}`);
    parts.push(`Path=${options.path ?? '/'}`);
    if (options.expires !== undefined) parts.push(`Expires=${new Date(options.expires).toUTCString()}`);
    if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
    if (options.httpOnly) parts.push('HttpOnly');
    if (options.secure) parts.push('Secure');
    if (options.sameSite) parts.push(`SameSite=${options.sameSite}`);
    this.setCookies.push(parts.join('; '));
    this.values.set(options.name, options.value);
  }

  delete(nameOrOptions: string | { name: string; domain?: string; path?: string }): void {
    const options = typeof nameOrOptions === 'string' ? { name: nameOrOptions } : nameOrOptions;
    this.set({ ...options, value: '', expires: 0, maxAge: 0 });
    this.values.delete(options.name);
  }
}

export interface ModernContext {
  account: { id: string };
  cookies: CookieStore;
  deploy: { context: string; id: string; published: boolean };
  geo: Record<string, unknown>;
  ip: string;
  params: Record<string, string>;
  requestId: string;
  server: { region: string };
  site: { id: string; name: string; url: string };
  url: URL;
  json(value: unknown): Response;
  log(...values: unknown[]): void;
  waitUntil(promise: Promise<unknown>): void;
}

export function modernContext(call: Invocation): ModernContext {
  const cookieHeader = call.headers
    .filter(([name]) => name === 'cookie')
    .map(([, value]) => value)
    .join('; ');
  return {
    account: { id: '' },
    cookies: new CookieStore(cookieHeader),
    deploy: { context: 'dev', id: '0', published: false },
    geo: {},
    ip: call.ip,
    params: call.params,
    requestId: call.requestId,
    server: { region: 'local' },
    site: { id: '', name: 'local', url: call.siteUrl },
    url: new URL(call.url.href),
    json: (value: unknown) => Response.json(value),
    log: (...values: unknown[]) => console.log(`[functions] ${call.name}:`, ...values),
    waitUntil: (promise: Promise<unknown>) => call.waitUntil(promise),
  };
}

export function webRequest(call: Invocation): Request {
  const headers = new Headers();
  for (const [name, value] of call.headers) headers.append(name, value);
  const hasBody = call.method !== 'GET' && call.method !== 'HEAD' && call.body.length > 0;
  return new Request(call.url, { method: call.method, headers, body: hasBody ? new Uint8Array(call.body) : undefined });
}

/** A Response, also one made by another copy of the Fetch API (a bundled polyfill). */
function isResponse(value: unknown): value is Response {
  const r = value as Response | null;
  return (
    !!r &&
    typeof r === 'object' &&
    typeof r.status === 'number' &&
    typeof r.arrayBuffer === 'function' &&
    typeof r.headers?.get === 'function'
  );
}

export async function runModern(
  handler: (request: Request, context: unknown) => unknown,
  call: Invocation,
  context: ModernContext,
): Promise<FunctionAnswer> {
  const result = await handler(webRequest(call), context);
  const headers: Array<[string, string]> = [];
  if (result === undefined)
    return { status: 204, headers: context.cookies.setCookies.map((c) => ['set-cookie', c]), body: Buffer.alloc(0) };
  if (!isResponse(result)) throw new FunctionResponseError('the function must return a Response (or nothing)');
  for (const [name, value] of result.headers) if (name !== 'set-cookie') headers.push([name, value]);
  for (const value of result.headers.getSetCookie()) headers.push(['set-cookie', value]);
  for (const value of context.cookies.setCookies) headers.push(['set-cookie', value]);
  return { status: result.status, headers, body: Buffer.from(await result.arrayBuffer()) };
}
