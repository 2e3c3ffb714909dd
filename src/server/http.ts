/**
 * HTTP plumbing shared by every route: GoTrue's two error shapes, JSON answers, bounded body
 * reading, and the `nf_jwt` cookie of `X-Use-Cookie`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeGoJson, GoJsonError } from './go-json.js';

/** GoTrue's HTTPError: `{"code","msg"}`, plus `error_id` on 5xx. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Send the cookie-clearing Set-Cookie with this error, as GoTrue does on token errors. */
    readonly clearCookie = false,
  ) {
    super(message);
  }
}

/** The OAuth error body of `/token`, always HTTP 400, even for `invalid_grant`. */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description = '',
    readonly clearCookie = false,
  ) {
    super(description || error);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, error: unknown, cookieKey: string, log?: (line: string) => void): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers: Record<string, string> = {};
  if (error instanceof OAuthError) {
    if (error.clearCookie) headers['Set-Cookie'] = clearingCookie(cookieKey);
    sendJson(
      res,
      400,
      error.description ? { error: error.error, error_description: error.description } : { error: error.error },
      headers,
    );
    return;
  }
  if (error instanceof HttpError) {
    if (error.clearCookie) headers['Set-Cookie'] = clearingCookie(cookieKey);
    const body: Record<string, unknown> = { code: error.status, msg: error.message };
    if (error.status >= 500) body.error_id = randomUUID();
    sendJson(res, error.status, body, headers);
    return;
  }
  log?.(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  sendJson(res, 500, { code: 500, msg: 'Internal server error', error_id: randomUUID() });
}

/** Reads the whole body, refusing more than `limit` bytes with 413 (never buffering it all). */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new HttpError(413, 'Request body too large'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new HttpError(413, 'Request body too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (error) => {
      if (!failed) reject(error);
      failed = true;
    });
  });
}

/** A JSON body decoded like Go does, with the `Could not read <what> params: …` error GoTrue answers. */
export async function readJson(
  req: IncomingMessage,
  limit: number,
  what: string,
  structName: string,
  fields: Record<string, 'string' | 'object' | 'boolean'>,
): Promise<Record<string, unknown>> {
  const text = await readBody(req, limit);
  try {
    return decodeGoJson(text, structName, fields);
  } catch (error) {
    if (error instanceof GoJsonError) throw new HttpError(400, `${what}: ${error.message}`);
    throw error;
  }
}

/** `/token` fields: the form body merged over the query string, like Go's `r.FormValue`. */
export async function readForm(req: IncomingMessage, url: URL, limit: number): Promise<URLSearchParams> {
  const text = await readBody(req, limit);
  const form = new URLSearchParams(url.search);
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('application/x-www-form-urlencoded')) return form;
  const merged = new URLSearchParams(text);
  for (const [key, value] of form) if (!merged.has(key)) merged.append(key, value);
  return merged;
}

/** `Expires=` date in Go's http.Cookie format (`Sun, 22 Nov 2026 18:04:13 GMT`). */
function cookieDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** The cookie GoTrue sends to forget the JWT: expired ten hours ago, Max-Age=0. */
export function clearingCookie(key: string, now = Date.now()): string {
  return `${key}=; Path=/; Expires=${cookieDate(now - 10 * 3600_000)}; Max-Age=0; HttpOnly; Secure`;
}

/** GoTrue's `X-Use-Cookie` answer: `session` → session cookie; anything else → persistent. */
export function jwtCookie(key: string, jwt: string, mode: string, durationSeconds: number, now = Date.now()): string {
  if (mode === 'session') return `${key}=${jwt}; Path=/; HttpOnly; Secure`;
  return `${key}=${jwt}; Path=/; Expires=${cookieDate(now + durationSeconds * 1000)}; Max-Age=${durationSeconds}; HttpOnly; Secure`;
}

/** Escapes text for HTML; every server value shown in a page goes through this. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/** A 302 like Go's `http.Redirect`: Location plus a tiny HTML body. */
export function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  const body = `<a href="${escapeHtml(location)}">Found</a>.\n\n`;
  res.writeHead(302, { ...headers, Location: location, 'Content-Type': 'text/html; charset=utf-8' });
  res.end(body);
}
