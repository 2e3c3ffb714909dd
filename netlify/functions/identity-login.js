// Recipe: what identity-signup.js does, for provider users. Netlify never calls identity-signup
// for a sign-up through a provider (GitHub, Google, …): it calls identity-login, on the first login
// as on every later one. So this records the user once (../lib/new-users.js; a user already
// recorded is left alone) and gives the member role only when it is missing: a 204 leaves the
// user unchanged on every other login.
import { recordOnce } from '../lib/new-users.js';

export default async function identityLogin(request) {
  const { user } = await request.json();
  await recordOnce(user);
  const roles = user.app_metadata?.roles ?? [];
  if (!user.email?.toLowerCase().endsWith('@members.test') || roles.includes('member'))
    return new Response(null, { status: 204 });
  return Response.json({ app_metadata: { ...user.app_metadata, roles: [...roles, 'member'] } });
}
