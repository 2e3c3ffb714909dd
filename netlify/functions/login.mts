// Recipe: log in from a function and keep the access token in an HttpOnly cookie, out of reach of
// page scripts. POST an HTML form (email, password) or JSON here; the `nf_jwt` cookie it sets is
// the one Netlify reads to identify the caller of every later function (see whoami.js).
//
// In your site: `import { GoTrueClient } from 'gotrue-auth/core'`. The demo imports the source.
import { AuthError, GoTrueClient } from '../../src/core/index.js';

interface IdentityContext {
  url: string;
}

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

export default async (req: Request, context: Context) => {
  if (req.method !== 'POST')
    return new Response('POST email and password', { status: 405, headers: { Allow: 'POST' } });
  const identity = (globalThis as { netlifyIdentityContext?: IdentityContext }).netlifyIdentityContext;
  if (!identity) return new Response('Identity is not enabled on this site', { status: 500 });
  const form = req.headers.get('content-type')?.includes('json')
    ? ((await req.json()) as Record<string, string>)
    : Object.fromEntries(await req.formData());
  const client = new GoTrueClient({ apiUrl: identity.url });
  try {
    const tokens = await client.login(String(form.email ?? ''), String(form.password ?? ''));
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
    // The refresh token lets refresh.mts renew the session; HttpOnly too, and only sent to functions.
    context.cookies.set({
      name: 'nf_refresh',
      value: tokens.refresh_token,
      httpOnly: true,
      secure,
      sameSite: 'Strict',
      path: '/.netlify/functions',
    });
    const user = await client.getUser(tokens.access_token);
    return Response.json({ email: user.email, roles: user.app_metadata?.roles ?? [] });
  } catch (error) {
    if (error instanceof AuthError) return Response.json({ code: error.code, msg: error.message }, { status: 401 });
    throw error;
  }
};
