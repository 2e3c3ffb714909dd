/**
 * What a request may reach before any route runs: a request target that parses (else 400), and
 * the local-only pages (the outbox, the fake provider) kept away from other sites.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The request target as one URL, or null when it cannot be read. Origin-form must start with a
 * single `/`: `//x/y` could be taken for a host by one parser and a path by another. Absolute-form
 * (`http://host/path`, which proxies send) must be a valid http(s) URL.
 */
export function parseRequestTarget(raw: string | undefined): URL | null {
  const target = raw ?? '/';
  try {
    if (target.startsWith('/')) return target.startsWith('//') ? null : new URL(`http://localhost${target}`);
    const url = new URL(target);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** Go's answer to a request line it cannot parse. */
export function sendBadRequest(res: ServerResponse): void {
  res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end('400 Bad Request');
}

/**
 * Whether a request to a local-only page comes from another site. The outbox holds live recovery
 * and invite tokens and the fake provider signs anyone in, so only this origin's own pages, the
 * developer's address bar and tools without a browser (no Sec-Fetch-Site) may use them; a top-level
 * navigation from elsewhere may open them but reads nothing (frames are not top-level). Browsers without Sec-Fetch-* still send
 * Origin on cross-origin fetches, which must name this host.
 */
export function fromAnotherSite(req: IncomingMessage): boolean {
  if (req.method === 'OPTIONS') return true; // no preflight is ever granted here
  const site = req.headers['sec-fetch-site'];
  const dest = req.headers['sec-fetch-dest'];
  const navigation =
    req.headers['sec-fetch-mode'] === 'navigate' &&
    (dest === undefined || dest === 'document') &&
    (req.method === 'GET' || req.method === 'HEAD');
  if (site !== undefined && site !== 'same-origin' && site !== 'none' && !navigation) return true;
  const origin = req.headers.origin;
  if (origin === undefined || navigation) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true; // `Origin: null` (sandboxed frames, data: pages) and garbage
  }
}

export function sendCrossSiteRefusal(res: ServerResponse): void {
  res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', Vary: 'Origin, Sec-Fetch-Site' });
  res.end('Requests from other sites to the local outbox and fake provider are refused');
}
