/**
 * GoTrue's access tokens: signed with `jose`; verified by hand so failures carry the
 * jwt-go v4 texts GoTrue sends (`token is expired by 1m40s`, `signature is invalid`, …).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SignJWT } from 'jose';
import type { AccessTokenClaims } from '../core/wire.js';
import { decodeGoJson, GoJsonError } from './go-json.js';

const encoder = new TextEncoder();

/** Signs claims in the exact order given, with GoTrue's header `{"alg":"HS256","kid":"nf-ident","typ":"JWT"}`. */
export function signAccessToken(claims: AccessTokenClaims, secret: string): Promise<string> {
  const ordered: Record<string, unknown> = {};
  if (claims.aud) ordered.aud = claims.aud;
  ordered.exp = claims.exp;
  ordered.sub = claims.sub;
  ordered.email = claims.email;
  ordered.app_metadata = claims.app_metadata;
  ordered.user_metadata = claims.user_metadata;
  return new SignJWT(ordered)
    .setProtectedHeader({ alg: 'HS256', kid: 'nf-ident', typ: 'JWT' })
    .sign(encoder.encode(secret));
}

/** Signs arbitrary claims with header `{"alg":"HS256","typ":"JWT"}` (webhook signatures, OAuth state). */
export function signPlain(claims: Record<string, unknown>, secret: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(encoder.encode(secret));
}

export class JwtError extends Error {}

/** Go's `time.Duration.String()` for whole seconds: `1m40s`, `2h0m5s`, `0s`. */
export function goDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h) return `${h}h${m}m${sec}s`;
  if (m) return `${m}m${sec}s`;
  return `${sec}s`;
}

function decodeSegment(segment: string): string {
  const clean = segment.replace(/=+$/, '');
  const bad = clean.search(/[^A-Za-z0-9_-]/);
  if (bad >= 0) throw new JwtError(`illegal base64 data at input byte ${bad}`);
  if (clean.length % 4 === 1) throw new JwtError(`illegal base64 data at input byte ${clean.length - 1}`);
  return Buffer.from(clean, 'base64url').toString('latin1');
}

function decodeJsonSegment(segment: string): Record<string, unknown> {
  try {
    return decodeGoJson(decodeSegment(segment), 'Claims', {});
  } catch (error) {
    if (error instanceof GoJsonError) throw new JwtError(error.message);
    throw error;
  }
}

/**
 * Verifies an HS256 JWT as jwt-go v4 would: segments, header, claims, allowed method, then
 * expiry and signature; the signature error wins when both fail, as in jwt-go.
 */
export function verifyJwt(token: string, secret: string, nowMs: number): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtError('token contains an invalid number of segments');
  const header = decodeJsonSegment(parts[0] as string);
  const claims = decodeJsonSegment(parts[1] as string);
  const alg = typeof header.alg === 'string' ? header.alg : '';
  if (!['HS256', 'HS384', 'HS512', 'RS256', 'ES256', 'PS256', 'EdDSA', 'none'].includes(alg)) {
    throw new JwtError('signing method (alg) is unavailable.');
  }
  if (alg !== 'HS256') throw new JwtError(`signing method ${alg} is invalid`);
  let problem: string | undefined;
  if (typeof claims.exp === 'number') {
    const now = Math.floor(nowMs / 1000);
    if (now > claims.exp) problem = `token is expired by ${goDuration(now - claims.exp)}`;
  }
  const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
  let given: Buffer;
  try {
    given = Buffer.from(decodeSegment(parts[2] as string), 'latin1');
  } catch (error) {
    throw error instanceof JwtError ? error : new JwtError('signature is invalid');
  }
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) problem = 'signature is invalid';
  if (problem) throw new JwtError(problem);
  return claims;
}
