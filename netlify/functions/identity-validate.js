// Recipe: allow sign-ups from one email domain only. Set ALLOWED_EMAIL_DOMAIN (e.g. in .env or the
// site's environment) to turn it on; without it everyone may sign up. Any answer other than 200,
// 202 or 204 refuses the sign-up, and GoTrue keeps nothing of it.
export default async function identityValidate(request) {
  const allowed = globalThis.Netlify?.env.get('ALLOWED_EMAIL_DOMAIN');
  if (!allowed) return new Response(null, { status: 204 });
  const { user } = await request.json();
  const domain = user.email.split('@').pop().toLowerCase();
  if (domain === allowed.toLowerCase()) return new Response(null, { status: 204 });
  return Response.json({ msg: `Sign-ups are open to @${allowed} addresses only.` }, { status: 403 });
}
