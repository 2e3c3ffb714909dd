/**
 * Credentials: Bearer parsing, the request audience, user and admin checks, and issuing the
 * `/token` response with the optional `X-Use-Cookie` cookie, all as GoTrue does them.
 */
import { timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/bcrypt';
import { MESSAGES, type TokenResponse } from '../core/wire.js';
import type { Instance, RouteRequest } from './context.js';
import { HttpError, jwtCookie } from './http.js';
import { JwtError, signAccessToken, verifyJwt } from './jwt.js';
import { NIL_UUID } from './hooks.js';
import { findUserById, issueRefreshToken, toWire, type UserRow } from './users.js';

const BEARER = /^(B|b)earer (\S+$)/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/** The bearer token, or GoTrue's 401 `This endpoint requires a Bearer token` (with the clearing cookie when `clearCookie`). */
export function bearer(r: RouteRequest, clearCookie: boolean): string {
  const match = BEARER.exec(String(r.req.headers.authorization ?? ''));
  if (!match) throw new HttpError(401, MESSAGES.bearerRequired, clearCookie);
  return match[2] as string;
}

export interface Claims {
  sub?: unknown;
  aud?: unknown;
  email?: unknown;
  exp?: unknown;
}

/** Parses a JWT signed with the JWT secret; failures are `401 Invalid token: <jwt-go text>` + clearing cookie. */
export function parseClaims(app: Instance, token: string): Claims {
  try {
    return verifyJwt(token, app.config.jwtSecret, app.now()) as Claims;
  } catch (error) {
    if (error instanceof JwtError) throw new HttpError(401, `Invalid token: ${error.message}`, true);
    throw error;
  }
}

/** Request audience: `X-JWT-AUD`, else the token's `aud`, else GOTRUE_JWT_AUD. */
export function requestAudience(app: Instance, r: RouteRequest, claims?: Claims): string {
  const header = r.req.headers['x-jwt-aud'];
  if (typeof header === 'string' && header !== '') return header;
  if (claims && typeof claims.aud === 'string' && claims.aud !== '') return claims.aud;
  return app.config.jwtAud;
}

/** The signed-in user of `GET|PUT /user`. */
export async function requireUser(app: Instance, r: RouteRequest): Promise<{ claims: Claims; user: UserRow }> {
  const claims = parseClaims(app, bearer(r, true));
  const aud = requestAudience(app, r, claims);
  if (aud !== (typeof claims.aud === 'string' ? claims.aud : '')) {
    throw new HttpError(400, MESSAGES.audienceMismatch);
  }
  if (typeof claims.sub !== 'string' || !isUuid(claims.sub)) throw new HttpError(400, 'Could not read User ID claim');
  const user = await findUserById(app.db, claims.sub);
  if (!user) throw new HttpError(404, MESSAGES.userNotFound);
  return { claims, user };
}

export function isSystemUser(claims: Claims): boolean {
  return claims.sub === '0' || claims.sub === NIL_UUID;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Admin credentials, as GoTrue accepts them: the operator token, a system-user JWT, or the JWT of a user whose DB
 * role is the admin group in the request audience. Resolves the audience to act in.
 */
export async function requireAdmin(
  app: Instance,
  r: RouteRequest,
  bodyAud?: string,
): Promise<{ aud: string; actor: UserRow | null }> {
  const token = bearer(r, false);
  if (app.config.operatorToken && sameSecret(token, app.config.operatorToken)) {
    return { aud: bodyAud || requestAudience(app, r), actor: null };
  }
  const claims = parseClaims(app, token);
  const aud = bodyAud || requestAudience(app, r, claims);
  if (isSystemUser(claims)) return { aud, actor: null };
  if (typeof claims.sub !== 'string' || !isUuid(claims.sub)) throw new HttpError(401, MESSAGES.invalidAdminUser);
  const actor = await findUserById(app.db, claims.sub);
  if (!actor) throw new HttpError(401, MESSAGES.invalidAdminUser);
  if (actor.aud !== aud || actor.role !== app.config.adminGroup) throw new HttpError(401, MESSAGES.userNotAllowed);
  return { aud, actor };
}

/** Whether the caller of `PUT /user` may change app_metadata: a system user, or an admin of the request audience. */
export function isAdmin(app: Instance, claims: Claims, user: UserRow, aud: string): boolean {
  return isSystemUser(claims) || (user.role === app.config.adminGroup && user.aud === aud);
}

/**
 * Hashing runs in libuv's thread pool (a native binding), so a login never blocks other requests.
 * At most one hash per core runs at a time: more would not finish sooner, and hashes waiting in
 * the pool's queue would hold up the other work that runs there, the signing of every access token
 * (WebCrypto HMAC) and a data folder's file I/O. Logins wait here instead, first come, first served.
 */
const HASH_SLOTS = availableParallelism();
let hashing = 0;
const waitingForSlot: Array<() => void> = [];

async function inHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (hashing < HASH_SLOTS) hashing++;
  else await new Promise<void>((resolve) => waitingForSlot.push(resolve));
  try {
    return await work();
  } finally {
    // Hand the slot straight to the next waiter, so a newcomer cannot overtake it.
    const next = waitingForSlot.shift();
    if (next) next();
    else hashing--;
  }
}

/**
 * GoTrue (Go's x/crypto/bcrypt) writes `$2a$`; the binding labels the same computation `$2b$`.
 * The prefixes differ only in OpenBSD's C code before 2014, which wrapped the length of passwords
 * of 256 bytes and more; Go and Rust never did, so relabelling is exact (the Rust bcrypt crate's
 * own `format_for_version` does just this). Hashes written with either prefix verify.
 */
export async function hashPassword(app: Instance, password: string): Promise<string> {
  const hashed = await inHashSlot(() => hash(password, app.config.bcryptCost));
  return hashed.replace(/^\$2b\$/, '$2a$');
}

export async function checkPassword(password: string, stored: string): Promise<boolean> {
  return inHashSlot(() => verify(password, stored));
}

/** A fresh access token (GoTrue's claims, a snapshot of the row) and refresh token for `user`. */
export async function issueTokens(app: Instance, user: UserRow): Promise<TokenResponse> {
  const wire = toWire(user);
  const access_token = await signAccessToken(
    {
      ...(user.aud ? { aud: user.aud } : {}),
      exp: Math.floor(app.now() / 1000) + app.config.jwtExpSeconds,
      sub: user.id,
      email: user.email,
      app_metadata: wire.app_metadata,
      user_metadata: wire.user_metadata,
    },
    app.config.jwtSecret,
  );
  const refresh_token = await issueRefreshToken(app.db, user.id, app.now());
  return { access_token, token_type: 'bearer', expires_in: app.config.jwtExpSeconds, refresh_token };
}

/** `Set-Cookie` for a token answer when `X-Use-Cookie` asks for it, else nothing. */
export function cookieHeaders(app: Instance, r: RouteRequest, tokens: TokenResponse): Record<string, string> {
  const mode = r.req.headers['x-use-cookie'];
  if (typeof mode !== 'string' || mode === '' || app.config.cookieDurationSeconds <= 0) return {};
  return {
    'Set-Cookie': jwtCookie(
      app.config.cookieKey,
      tokens.access_token,
      mode,
      app.config.cookieDurationSeconds,
      app.now(),
    ),
  };
}
