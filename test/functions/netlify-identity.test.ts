// @netlify/identity (the real package) inside a modern function under the local runtime: its server
// getUser/login/logout and admin.* work against the local server, as Netlify says they do on a deploy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { accessToken, craftedToken, createUser, postJson, serverWithFunctions } from './helpers.js';

const DIR = fileURLToPath(new URL('./fixtures/identity-lib', import.meta.url));

function cookieValue(setCookies: string[], name: string): string | undefined {
  const line = setCookies.find((c) => c.startsWith(`${name}=`));
  return line ? decodeURIComponent(line.slice(name.length + 1).split(';')[0]!) : undefined;
}

test('login() sets nf_jwt and nf_refresh; getUser() then reads the user from the cookie; logout() clears them', async () => {
  const server = await serverWithFunctions({ dir: DIR });
  await createUser(server, 'ida@example.com', { user_metadata: { full_name: 'Ida' } });
  const url = `${server.url}/.netlify/functions/account`;

  const refused = await fetch(`${url}?op=login`, postJson({ email: 'ida@example.com', password: 'wrong' }));
  assert.equal(refused.status, 500);
  assert.equal(refused.headers.getSetCookie().length, 0, 'no cookies for a failed login');

  const loggedIn = await fetch(`${url}?op=login`, postJson({ email: 'ida@example.com', password: 'secret-pw' }));
  assert.equal(loggedIn.status, 200, await loggedIn.clone().text());
  const { user } = (await loggedIn.json()) as { user: { email: string; name: string } };
  assert.equal(user.email, 'ida@example.com');
  assert.equal(user.name, 'Ida');
  const cookies = loggedIn.headers.getSetCookie();
  const jwt = cookieValue(cookies, 'nf_jwt');
  const refresh = cookieValue(cookies, 'nf_refresh');
  assert.ok(jwt && refresh, `both cookies are set: ${cookies.join(' | ')}`);

  const me = await fetch(`${url}?op=getUser`, { headers: { Cookie: `nf_jwt=${jwt}; nf_refresh=${refresh}` } });
  assert.equal(((await me.json()) as { user: { email: string } | null }).user?.email, 'ida@example.com');
  const nobody = await fetch(`${url}?op=getUser`);
  assert.equal(((await nobody.json()) as { user: unknown }).user, null);

  const loggedOut = await fetch(`${url}?op=logout`, { headers: { Cookie: `nf_jwt=${jwt}; nf_refresh=${refresh}` } });
  assert.equal(loggedOut.status, 200);
  assert.deepEqual(
    loggedOut.headers.getSetCookie().map((c) => c.split('=')[0]),
    ['nf_jwt', 'nf_refresh'],
  );
  assert.ok(
    loggedOut.headers.getSetCookie().every((c) => /Max-Age=0/.test(c)),
    'both cookies expire',
  );
  const reuse = await fetch(`${server.url}/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refresh }),
  });
  assert.equal(reuse.status, 400, 'logout revoked the refresh token on the server');
});

test('getUser() gives no user for a forged cookie', async () => {
  const server = await serverWithFunctions({ dir: DIR });
  const { id } = await createUser(server, 'ivy@example.com');
  await accessToken(server, 'ivy@example.com');
  const forged = await craftedToken(
    { sub: id, email: 'ivy@example.com', exp: Math.floor(Date.now() / 1000) + 600 },
    'guessed-secret',
  );
  const answer = await fetch(`${server.url}/.netlify/functions/account?op=getUser`, {
    headers: { Cookie: `nf_jwt=${forged}` },
  });
  assert.equal(((await answer.json()) as { user: unknown }).user, null);
});

test('admin.createUser/listUsers/getUser/updateUser/deleteUser work with the token the runtime provides', async () => {
  const server = await serverWithFunctions({ dir: DIR });
  await createUser(server, 'existing@example.com');
  const answer = await fetch(`${server.url}/.netlify/functions/account?op=admin`);
  assert.equal(answer.status, 200, await answer.clone().text());
  assert.deepEqual(await answer.json(), {
    created: 'made-by-admin@example.com',
    name: 'Made',
    listed: ['existing@example.com', 'made-by-admin@example.com'],
    roles: ['editor'],
    after: ['existing@example.com'],
  });
});
