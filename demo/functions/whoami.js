// "Call my function": a function that serves only logged-in users, reading the caller from the
// `Authorization: Bearer <JWT>` header that `el.fetch()` adds. It asks the identity server to
// vouch for the token (GET /user answers 401 for a bad or expired one) instead of trusting it.
export default async function whoami(request) {
  const authorization = request.headers.get('authorization');
  if (!authorization) return Response.json({ msg: 'Log in first.' }, { status: 401 });
  const answer = await fetch(new URL('/.netlify/identity/user', request.url), { headers: { authorization } });
  if (!answer.ok) return Response.json({ msg: 'Your token was refused.' }, { status: 401 });
  const user = await answer.json();
  return Response.json({ email: user.email, roles: user.app_metadata?.roles ?? [] });
}
