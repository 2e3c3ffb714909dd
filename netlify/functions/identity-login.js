// Recipe: the member role for provider users. Netlify never calls identity-signup for a sign-up
// through a provider (GitHub, Google, …): it calls identity-login, on the first login as on every
// later one. So this does what identity-signup.js does, once: it answers only when the role is
// missing, and a 204 leaves the user unchanged on every other login.
export default async function identityLogin(request) {
  const { user } = await request.json();
  const roles = user.app_metadata?.roles ?? [];
  if (!user.email?.toLowerCase().endsWith('@members.test') || roles.includes('member'))
    return new Response(null, { status: 204 });
  return Response.json({ app_metadata: { ...user.app_metadata, roles: [...roles, 'member'] } });
}
