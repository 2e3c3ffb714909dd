// Recipe: renew the HttpOnly session that login.mts set, with the single-use refresh token.
import { GoTrueClient } from '../../src/core/index.js';

/** The part of Netlify's `Context` this function uses (`@netlify/functions` has the full type). */
interface Context {
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

export default async (_req: Request, context: Context) => {
  const identity = (globalThis as { netlifyIdentityContext?: { url: string } }).netlifyIdentityContext;
  const refreshToken = context.cookies.get('nf_refresh');
  if (!identity || !refreshToken) return Response.json({ msg: 'Not logged in.' }, { status: 401 });
  const secure = context.url.protocol === 'https:';
  try {
    const tokens = await new GoTrueClient({ apiUrl: identity.url }).refresh(refreshToken);
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
      path: '/.netlify/functions',
    });
    return Response.json({ refreshed: true });
  } catch {
    context.cookies.delete('nf_jwt');
    context.cookies.delete({ name: 'nf_refresh', path: '/.netlify/functions' });
    return Response.json({ msg: 'The session has ended; log in again.' }, { status: 401 });
  }
};
