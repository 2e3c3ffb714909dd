/**
 * The Host check of the stand-alone server, as Vite's dev server does it: a page on another site
 * can point a name it owns at 127.0.0.1 (DNS rebinding) and then read this server as its own
 * origin. Loopback names (`localhost`, `*.localhost`), IP addresses (rebinding needs a name) and the
 * hosts named in `allowedHosts` are served; any other name gets 403.
 */
import { isIP } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Host names to serve besides loopback names and IP addresses; `.example.test` also allows its subdomains; `true` allows any. */
export type AllowedHosts = readonly string[] | true;

/** The host name a request is addressed to: the authority of an absolute-form target, else `Host`. */
function requestedHostname(req: IncomingMessage): string | null {
  const target = req.url ?? '';
  const authority = /^https?:\/\//i.test(target) ? target : `http://${req.headers.host ?? ''}`;
  try {
    return new URL(authority).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return null;
  }
}

export function hostAllowed(req: IncomingMessage, allowed: AllowedHosts): boolean {
  if (allowed === true) return true;
  if (req.headers.host === undefined && !/^https?:\/\//i.test(req.url ?? '')) return true; // HTTP/1.0 without Host: no browser sends that
  const hostname = requestedHostname(req);
  if (!hostname) return false;
  if (isIP(hostname.replace(/^\[|\]$/g, ''))) return true;
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  return allowed.some((entry) => {
    const name = entry.toLowerCase();
    return name.startsWith('.') ? hostname === name.slice(1) || hostname.endsWith(name) : hostname === name;
  });
}

export function sendHostRefusal(req: IncomingMessage, res: ServerResponse): void {
  const hostname = requestedHostname(req) ?? String(req.headers.host);
  res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(
    `Blocked request. This host (${JSON.stringify(hostname)}) is not allowed.\n` +
      `To allow this host, start the server with --allowed-hosts ${hostname} (allowedHosts in startServer).\n`,
  );
}
