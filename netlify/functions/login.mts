// Recipe: log in from a function and keep the access token in an HttpOnly cookie, out of reach of
// page scripts. POST an HTML form (email, password) or JSON here; the `nf_jwt` cookie it sets is
// the one Netlify reads to identify the caller of every later function (see whoami.js).
//
// In your site: `import { GoTrueClient } from 'gotrue-auth/core'`. The demo imports the source.
import { AuthError, GoTrueClient } from '../../src/core/index.js';
import { identityUrl, setSessionCookies, type Context } from '../lib/session-cookies.js';

export default async (req: Request, context: Context) => {
  if (req.method !== 'POST')
    return new Response('POST email and password', { status: 405, headers: { Allow: 'POST' } });
  const apiUrl = identityUrl();
  if (!apiUrl) return new Response('Identity is not enabled on this site', { status: 500 });
  const form = req.headers.get('content-type')?.includes('json')
    ? ((await req.json()) as Record<string, string>)
    : Object.fromEntries(await req.formData());
  const client = new GoTrueClient({ apiUrl });
  try {
    const tokens = await client.login(String(form.email ?? ''), String(form.password ?? ''));
    setSessionCookies(context, tokens);
    const user = await client.getUser(tokens.access_token);
    return Response.json({ email: user.email, roles: user.app_metadata?.roles ?? [] });
  } catch (error) {
    if (error instanceof AuthError) return Response.json({ code: error.code, msg: error.message }, { status: 401 });
    throw error;
  }
};
