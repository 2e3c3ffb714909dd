// Recipe: end the HttpOnly session: revoke the refresh token on the server, then forget both cookies.
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
  const accessToken = context.cookies.get('nf_jwt');
  if (identity && accessToken) await new GoTrueClient({ apiUrl: identity.url }).logout(accessToken).catch(() => {});
  context.cookies.delete('nf_jwt');
  context.cookies.delete({ name: 'nf_refresh', path: '/.netlify/functions' });
  return new Response(null, { status: 204 });
};
