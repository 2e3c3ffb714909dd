/**
 * CORS as GoTrue answers it with rs/cors v1.11.0 (Transcript 6 of test/server/fixtures/appendix-a.md): `*` plus
 * credentials on normal responses; preflights answered 204, echoing the requested method and the
 * requested headers lower-cased, or with no CORS headers at all when a header is not allowed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const HEADERS = ['accept', 'authorization', 'content-type', 'x-jwt-aud', 'x-use-cookie', 'origin'];

/** Applies CORS; returns true when the request was a preflight and has been answered. */
export function applyCors(req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  const requestedMethod = req.headers['access-control-request-method'];
  if (req.method === 'OPTIONS' && typeof requestedMethod === 'string' && requestedMethod !== '') {
    res.setHeader('Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers');
    const method = requestedMethod.toUpperCase();
    const requested = String(req.headers['access-control-request-headers'] ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean);
    const allowed =
      typeof origin === 'string' && METHODS.includes(method) && requested.every((h) => HEADERS.includes(h));
    if (allowed) {
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      if (requested.length) res.setHeader('Access-Control-Allow-Headers', requested.join(','));
      res.setHeader('Access-Control-Allow-Methods', method);
      res.setHeader('Access-Control-Allow-Origin', '*');
    }
    res.writeHead(204);
    res.end();
    return true;
  }
  res.setHeader('Vary', 'Origin');
  if (typeof origin === 'string') {
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Access-Control-Allow-Origin', '*');
  }
  return false;
}
