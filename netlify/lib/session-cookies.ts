// The HttpOnly session shared by the login, refresh and logout recipes in ../functions. It lives
// outside the functions folder, so the runtime does not serve it as a function of its own.
import type { TokenResponse } from '../../src/core/index.js';

/** The part of Netlify's `Context` these recipes use (`@netlify/functions` has the full type). */
export interface Context {
  url: URL;
  cookies: {
    get(name: string): string | undefined;
    set(cookie: {
      name: string;
      value: string;
      httpOnly?: boolean;
      secure?: boolean;
      sameSite?: 'Lax' | 'Strict';
      path?: string;
      maxAge?: number;
    }): void;
    delete(cookie: string | { name: string; path?: string }): void;
  };
}

/** Where the refresh token cookie is sent: only to functions, never to pages. */
const REFRESH_PATH = '/.netlify/functions';

/** The identity URL Netlify gives this request's function, or undefined where Identity is off. */
export function identityUrl(): string | undefined {
  return (globalThis as { netlifyIdentityContext?: { url: string } }).netlifyIdentityContext?.url;
}

/**
 * Keeps `tokens` in HttpOnly cookies: `nf_jwt`, which Netlify reads to identify the caller of every
 * later function, and `nf_refresh`, which lets refresh.mts renew the session.
 */
export function setSessionCookies(context: Context, tokens: TokenResponse): void {
  const secure = context.url.protocol === 'https:';
  context.cookies.set({
    name: 'nf_jwt',
    value: tokens.access_token,
    httpOnly: true,
    secure,
    sameSite: 'Lax',
    path: '/',
    maxAge: tokens.expires_in,
  });
  context.cookies.set({
    name: 'nf_refresh',
    value: tokens.refresh_token,
    httpOnly: true,
    secure,
    sameSite: 'Strict',
    path: REFRESH_PATH,
  });
}

export function clearSessionCookies(context: Context): void {
  context.cookies.delete('nf_jwt');
  context.cookies.delete({ name: 'nf_refresh', path: REFRESH_PATH });
}
