// "Call my function": a function that serves only logged-in users. The caller's JWT comes in
// `Authorization: Bearer <JWT>` (which `el.fetch()` adds) or the `nf_jwt` cookie; the runtime
// verifies it and hands its claims to the function, on Netlify as locally. A forged or expired
// token gives no user.
export default async function whoami() {
  const user = globalThis.netlifyIdentityContext?.user;
  if (!user) return Response.json({ msg: 'Log in first.' }, { status: 401 });
  return Response.json({ email: user.email, roles: user.app_metadata?.roles ?? [] });
}
