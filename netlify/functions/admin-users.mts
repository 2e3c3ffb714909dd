// Recipe: an admin-only function that lists users, optionally with GoTrue's `filter` (a part of the
// email address). The caller must have the "admin" role in app_metadata.roles; the function then
// acts with the admin token Netlify gives it, never with the caller's own JWT.
interface IdentityContext {
  url: string;
  token: string;
  user?: { app_metadata?: { roles?: string[] } };
}

export default async (req: Request) => {
  const identity = (globalThis as { netlifyIdentityContext?: IdentityContext }).netlifyIdentityContext;
  if (!identity?.user) return Response.json({ msg: 'Log in first.' }, { status: 401 });
  if (!identity.user.app_metadata?.roles?.includes('admin'))
    return Response.json({ msg: 'Admins only.' }, { status: 403 });
  const filter = new URL(req.url).searchParams.get('filter') ?? '';
  const answer = await fetch(`${identity.url}/admin/users?filter=${encodeURIComponent(filter)}`, {
    headers: { Authorization: `Bearer ${identity.token}` },
  });
  const { users } = (await answer.json()) as { users: Array<{ email: string; app_metadata?: { roles?: string[] } }> };
  return Response.json(users.map((u) => ({ email: u.email, roles: u.app_metadata?.roles ?? [] })));
};
