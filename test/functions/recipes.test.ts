// The recipes in the demo's netlify/functions, run by the local runtime: log in from a function into
// an HttpOnly cookie that the next function reads the user from, refresh and log out; an admin
// function that lists users with a filter; a validate function that allows one email domain; the
// member role and a record of each new user, also for users who come through a provider.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accessToken, createUser, login, postJson, providerLogin, serverWithFunctions } from './helpers.js';

const DEMO_FUNCTIONS = fileURLToPath(new URL('../../netlify/functions', import.meta.url));
// The functions run in this process and read their settings from its environment.
const STORE_DIR = mkdtempSync(join(tmpdir(), 'recipes-'));
process.env.NEW_USERS_FILE = join(STORE_DIR, 'new-users.json');
after(() => rmSync(STORE_DIR, { recursive: true, force: true }));

/** The users the recipe's store holds. */
function recordedUsers(file: string): Array<{ id: string; email: string; provider: string }> {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ReturnType<typeof recordedUsers>) : [];
}
const server = (env: Record<string, string> = {}) => serverWithFunctions({ dir: DEMO_FUNCTIONS }, env);

function cookie(response: Response, name: string): { value: string; attributes: string } | undefined {
  const line = response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  if (!line) return undefined;
  const [pair, ...attributes] = line.split(';');
  return { value: decodeURIComponent(pair!.slice(name.length + 1)), attributes: attributes.join(';') };
}

test('login.mts sets nf_jwt HttpOnly; whoami reads the user from that cookie; refresh renews it; logout ends it', async () => {
  const s = await server();
  await createUser(s, 'cookie@example.com', { app_metadata: { roles: ['member'] } });
  const fn = (name: string) => `${s.url}/.netlify/functions/${name}`;

  const wrong = await fetch(fn('login'), postJson({ email: 'cookie@example.com', password: 'nope' }));
  assert.equal(wrong.status, 401);
  assert.equal(cookie(wrong, 'nf_jwt'), undefined);

  const form = new URLSearchParams({ email: 'cookie@example.com', password: 'secret-pw' });
  const loggedIn = await fetch(fn('login'), { method: 'POST', body: form });
  assert.equal(loggedIn.status, 200, await loggedIn.clone().text());
  assert.deepEqual(await loggedIn.json(), { email: 'cookie@example.com', roles: ['member'] });
  const jwt = cookie(loggedIn, 'nf_jwt');
  const refresh = cookie(loggedIn, 'nf_refresh');
  assert.ok(jwt && refresh);
  assert.match(jwt.attributes, /HttpOnly/);
  assert.match(refresh.attributes, /HttpOnly/);

  const whoami = await fetch(fn('whoami'), { headers: { Cookie: `nf_jwt=${jwt.value}` } });
  assert.equal(whoami.status, 200);
  assert.deepEqual(await whoami.json(), { email: 'cookie@example.com', roles: ['member'] });
  assert.equal((await fetch(fn('whoami'))).status, 401, 'no cookie, no user');

  const renewed = await fetch(fn('refresh'), {
    method: 'POST',
    headers: { Cookie: `nf_jwt=${jwt.value}; nf_refresh=${refresh.value}` },
  });
  assert.equal(renewed.status, 200);
  const next = cookie(renewed, 'nf_refresh');
  assert.ok(next && next.value !== refresh.value, 'a new single-use refresh token');
  const newJwt = cookie(renewed, 'nf_jwt')!;

  const loggedOut = await fetch(fn('logout'), {
    method: 'POST',
    headers: { Cookie: `nf_jwt=${newJwt.value}; nf_refresh=${next.value}` },
  });
  assert.equal(loggedOut.status, 204);
  assert.match(cookie(loggedOut, 'nf_jwt')!.attributes, /Max-Age=0/);
  const afterLogout = await fetch(fn('refresh'), { method: 'POST', headers: { Cookie: `nf_refresh=${next.value}` } });
  assert.equal(afterLogout.status, 401, 'the refresh token was revoked by the logout');
});

test('admin-users.mts lists users matching a filter for an admin caller, and refuses everyone else', async () => {
  const s = await server();
  await createUser(s, 'boss@example.com', { app_metadata: { roles: ['admin'] } });
  await createUser(s, 'ann@shop.test');
  await createUser(s, 'bob@shop.test', { app_metadata: { roles: ['member'] } });
  const url = `${s.url}/.netlify/functions/admin-users?filter=shop.test`;
  const boss = await accessToken(s, 'boss@example.com');
  const listed = await fetch(url, { headers: { Authorization: `Bearer ${boss}` } });
  assert.equal(listed.status, 200);
  const users = (await listed.json()) as Array<{ email: string; roles: string[] }>;
  assert.deepEqual(users.map((u) => u.email).sort(), ['ann@shop.test', 'bob@shop.test']);
  const ann = await accessToken(s, 'ann@shop.test');
  assert.equal((await fetch(url, { headers: { Authorization: `Bearer ${ann}` } })).status, 403);
  assert.equal((await fetch(url)).status, 401);
});

test('identity-validate.js with ALLOWED_EMAIL_DOMAIN lets only that domain sign up', async () => {
  process.env.ALLOWED_EMAIL_DOMAIN = 'shop.test';
  try {
    const s = await server();
    const refused = await fetch(`${s.url}/signup`, postJson({ email: 'out@elsewhere.test', password: 'secret-pw' }));
    assert.equal(refused.status, 422);
    const allowed = await fetch(`${s.url}/signup`, postJson({ email: 'in@SHOP.test', password: 'secret-pw' }));
    assert.equal(allowed.status, 200);
  } finally {
    delete process.env.ALLOWED_EMAIL_DOMAIN;
  }
});

test('identity-login.js gives a @members.test user who signs up through GitHub the member role, once', async () => {
  const s = await server({ GOTRUE_EXTERNAL_GITHUB_ENABLED: 'true' });
  await providerLogin(s, 'octo@members.test', 'Octo Cat');
  const users = await fetch(`${s.url}/admin/users`, { headers: { Authorization: `Bearer ${s.operatorToken}` } });
  const [user] = ((await users.json()) as { users: Array<{ app_metadata: { provider: string; roles?: string[] } }> })
    .users;
  assert.deepEqual(user?.app_metadata, { provider: 'github', roles: ['member'] });
  await providerLogin(s, 'octo@members.test', 'Octo Cat');
  const again = await fetch(`${s.url}/admin/users`, { headers: { Authorization: `Bearer ${s.operatorToken}` } });
  assert.deepEqual(((await again.json()) as { users: Array<{ app_metadata: unknown }> }).users[0]?.app_metadata, {
    provider: 'github',
    roles: ['member'],
  });
});

test('identity-signup.js and identity-login.js record each new user once, by email or through GitHub, and not again on later logins', async () => {
  const file = join(STORE_DIR, 'record-once.json');
  process.env.NEW_USERS_FILE = file;
  try {
    const s = await server({ GOTRUE_EXTERNAL_GITHUB_ENABLED: 'true' });
    const signup = await fetch(`${s.url}/signup`, postJson({ email: 'ada@example.com', password: 'secret-pw' }));
    assert.equal(signup.status, 200);
    assert.deepEqual(recordedUsers(file), [], 'not before the address is confirmed');
    const [mail] = (await (await fetch(`${s.url}/_outbox/messages`)).json()) as Array<{ token: string }>;
    assert.equal((await fetch(`${s.url}/verify`, postJson({ type: 'signup', token: mail!.token }))).status, 200);
    assert.equal((await login(s, 'ada@example.com')).status, 200);
    assert.equal((await login(s, 'ada@example.com')).status, 200);

    await providerLogin(s, 'octo@example.com', 'Octo Cat');
    await providerLogin(s, 'octo@example.com', 'Octo Cat');
    await providerLogin(s, 'octo@example.com', 'Octo Cat');

    const users = await fetch(`${s.url}/admin/users`, { headers: { Authorization: `Bearer ${s.operatorToken}` } });
    const ids = Object.fromEntries(
      ((await users.json()) as { users: Array<{ id: string; email: string }> }).users.map((u) => [u.email, u.id]),
    );
    assert.deepEqual(
      recordedUsers(file).map(({ id, email, provider }) => ({ id, email, provider })),
      [
        { id: ids['ada@example.com'], email: 'ada@example.com', provider: 'email' },
        { id: ids['octo@example.com'], email: 'octo@example.com', provider: 'github' },
      ],
    );
  } finally {
    process.env.NEW_USERS_FILE = join(STORE_DIR, 'new-users.json');
  }
});
