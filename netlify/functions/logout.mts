// Recipe: end the HttpOnly session: revoke the refresh token on the server, then forget both cookies.
import { GoTrueClient } from '../../src/core/index.js';
import { clearSessionCookies, identityUrl, type Context } from '../lib/session-cookies.js';

export default async (_req: Request, context: Context) => {
  const apiUrl = identityUrl();
  const accessToken = context.cookies.get('nf_jwt');
  if (apiUrl && accessToken) await new GoTrueClient({ apiUrl }).logout(accessToken).catch(() => {});
  clearSessionCookies(context);
  return new Response(null, { status: 204 });
};
