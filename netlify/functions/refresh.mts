// Recipe: renew the HttpOnly session that login.mts set, with the single-use refresh token.
import { GoTrueClient } from '../../src/core/index.js';
import { clearSessionCookies, identityUrl, setSessionCookies, type Context } from '../lib/session-cookies.js';

export default async (_req: Request, context: Context) => {
  const apiUrl = identityUrl();
  const refreshToken = context.cookies.get('nf_refresh');
  if (!apiUrl || !refreshToken) return Response.json({ msg: 'Not logged in.' }, { status: 401 });
  try {
    const tokens = await new GoTrueClient({ apiUrl }).refresh(refreshToken);
    setSessionCookies(context, tokens);
    return Response.json({ refreshed: true });
  } catch {
    clearSessionCookies(context);
    return Response.json({ msg: 'The session has ended; log in again.' }, { status: 401 });
  }
};
