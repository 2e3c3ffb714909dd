/**
 * The logged-in user as the page sees it, in the exact JSON shape gotrue-js and
 * netlify-identity-widget keep in `localStorage["gotrue.user"]`, so a site that
 * switches widgets keeps its users logged in. Built from tokens, JWT claims and `GET /user`.
 */
import { jwtDecode } from 'jwt-decode';
import { isObject } from './answers.js';
import type { AccessTokenClaims, AppMetadata, Metadata, TokenResponse, WireUser } from './wire.js';

/** The stored token: the `/token` answer plus `expires_at` in milliseconds, as gotrue-js writes it. */
export interface StoredToken {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token: string;
  /** Unix time in milliseconds when the access token expires (the JWT's `exp` × 1000). */
  expires_at: number;
}

/**
 * GoTrue's user object plus the session: `url` (the API the session belongs to), `token` and
 * `audience`. Metadata is never `null` here (GoTrue sends `null` for "none"), so
 * `user.user_metadata.full_name` is always safe to read. `created_at`/`updated_at` are missing
 * only in the moment between login and the first `GET /user` answer.
 */
export interface User extends Omit<WireUser, 'app_metadata' | 'user_metadata' | 'created_at' | 'updated_at'> {
  url: string;
  token: StoredToken;
  audience?: string;
  app_metadata: AppMetadata;
  user_metadata: Metadata;
  created_at?: string;
  updated_at?: string;
}

/** Decodes the access token's claims; `null` when it is not a JWT with `exp` and `sub`. */
export function readClaims(accessToken: string): AccessTokenClaims | null {
  try {
    const claims = jwtDecode<Partial<AccessTokenClaims>>(accessToken);
    if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string') return null;
    return claims as AccessTokenClaims;
  } catch {
    return null;
  }
}

/** GoTrue's token answer has no `expires_at`; the JWT's `exp` is the truth, `expires_in` a fallback. */
export function storedToken(tokens: TokenResponse, now: number): StoredToken {
  const claims = readClaims(tokens.access_token);
  return {
    access_token: tokens.access_token,
    token_type: 'bearer',
    expires_in: tokens.expires_in,
    refresh_token: tokens.refresh_token,
    expires_at: claims ? claims.exp * 1000 : now + tokens.expires_in * 1000,
  };
}

/**
 * A user known only from a fresh token: enough to be logged in at once, before `GET /user`
 * fills in `role`, timestamps and the rest. Claims are a snapshot of the database at issue time.
 */
export function userFromTokens(tokens: TokenResponse, url: string, now: number): User {
  const claims = readClaims(tokens.access_token);
  return {
    url,
    token: storedToken(tokens, now),
    id: claims?.sub ?? '',
    aud: claims?.aud ?? '',
    role: '',
    email: claims?.email ?? '',
    app_metadata: claims?.app_metadata ?? {},
    user_metadata: claims?.user_metadata ?? {},
  };
}

/**
 * The same user with a new token. A refreshed JWT re-reads the database, so its email and metadata
 * are newer than what was stored.
 */
export function withToken(user: User, tokens: TokenResponse, now: number): User {
  const claims = readClaims(tokens.access_token);
  return {
    ...user,
    token: storedToken(tokens, now),
    ...(claims
      ? {
          email: claims.email ?? user.email,
          app_metadata: claims.app_metadata ?? {},
          user_metadata: claims.user_metadata ?? {},
        }
      : {}),
  };
}

/** The user as `GET /user` / `PUT /user` describes it now, keeping this session's token. */
export function withWireUser(user: User, wire: WireUser): User {
  return {
    ...wire,
    url: user.url,
    token: user.token,
    ...(user.audience === undefined ? {} : { audience: user.audience }),
    app_metadata: wire.app_metadata ?? {},
    user_metadata: wire.user_metadata ?? {},
  };
}

/**
 * Reads a stored record written by this library, gotrue-js or netlify-identity-widget. Anything
 * that is not a usable session (corrupt JSON, no tokens) yields `null` rather than an error.
 */
export function parseStoredUser(json: string | null): User | null {
  if (json === null) return null;
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return null;
  }
  if (!isObject(data) || !isObject(data.token)) return null;
  const token = data.token;
  if (typeof token.access_token !== 'string' || typeof token.refresh_token !== 'string') return null;
  const claims = readClaims(token.access_token);
  const expiresAt =
    typeof token.expires_at === 'number' && Number.isFinite(token.expires_at)
      ? token.expires_at
      : claims
        ? claims.exp * 1000
        : null;
  if (expiresAt === null) return null;
  return {
    ...(data as Partial<User>),
    url: typeof data.url === 'string' ? data.url : '',
    token: {
      access_token: token.access_token,
      token_type: 'bearer',
      expires_in: typeof token.expires_in === 'number' ? token.expires_in : 3600,
      refresh_token: token.refresh_token,
      expires_at: expiresAt,
    },
    id: typeof data.id === 'string' ? data.id : (claims?.sub ?? ''),
    aud: typeof data.aud === 'string' ? data.aud : (claims?.aud ?? ''),
    role: typeof data.role === 'string' ? data.role : '',
    email: typeof data.email === 'string' ? data.email : (claims?.email ?? ''),
    app_metadata: isObject(data.app_metadata) ? data.app_metadata : {},
    user_metadata: isObject(data.user_metadata) ? data.user_metadata : {},
  };
}
