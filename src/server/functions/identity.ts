/**
 * What a function learns about Identity, as Netlify gives it: the identity URL, a short-lived admin
 * token that this server's admin API accepts, and the caller's claims, only for a token this
 * server signed, not expired, for its audience.
 */
import type { IncomingMessage } from 'node:http';
import type { Config } from '../config.js';
import { signPlain, verifyJwt } from '../jwt.js';

export interface IdentityContext {
  /** The identity API as functions call it, e.g. `http://127.0.0.1:8888/.netlify/identity`. */
  url: string;
  /** A real admin token for `url`'s admin API. */
  token: string;
  /** The verified claims of the caller's JWT, absent without one. */
  user?: Record<string, unknown>;
}

/**
 * An admin token as GoTrue's admin checks read it: subject `0` is GoTrue's system user, which
 * may use every admin endpoint; the admin group is also named in the claims for code that
 * reads roles. It expires soon after the longest a function may run.
 */
export function signAdminToken(config: Config, nowMs: number, lifetimeSeconds: number): Promise<string> {
  return signPlain(
    {
      ...(config.jwtAud ? { aud: config.jwtAud } : {}),
      exp: Math.floor(nowMs / 1000) + lifetimeSeconds,
      sub: '0',
      app_metadata: { authorization: { roles: [config.adminGroup] } },
    },
    config.jwtSecret,
  );
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return undefined;
}

/** The caller's JWT: `Authorization: Bearer`, else the JWT cookie (`nf_jwt`). */
export function callerToken(req: IncomingMessage, cookieKey: string): string | undefined {
  const match = /^[Bb]earer (\S+)$/.exec(String(req.headers.authorization ?? ''));
  return match?.[1] ?? cookie(req, cookieKey);
}

/** The claims of `token` when this server would accept it for a user, else undefined. */
export function verifiedClaims(
  config: Config,
  token: string | undefined,
  nowMs: number,
): Record<string, unknown> | undefined {
  if (!token) return undefined;
  try {
    const claims = verifyJwt(token, config.jwtSecret, nowMs);
    const aud = typeof claims.aud === 'string' ? claims.aud : '';
    if (aud !== config.jwtAud) return undefined;
    // A token without an expiry would never stop working: GoTrue never issues one to a user.
    if (typeof claims.exp !== 'number') return undefined;
    return claims;
  } catch {
    return undefined;
  }
}
