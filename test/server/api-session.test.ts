// Sessions beyond the appendix: X-Use-Cookie on /verify and with custom cookie settings, the
// server clock for token and refresh expiry, and admin credentials and pagination.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { startServer, type RunningServer } from '../../src/server/index.js';

let server: RunningServer;
/** A stopped server clock, for messages that quote an exact duration. */
let frozenMs: number | null = null;

before(async () => {
  server = await startServer({
    quiet: true,
    useProcessEnv: false,
    now: () => frozenMs ?? Date.now(),
    env: {
      GOTRUE_SITE_URL: 'http://localhost:8888',
      GOTRUE_BCRYPT_COST: '4',
      GOTRUE_JWT_SECRET: 'session-secret',
      GOTRUE_COOKIE_KEY: 'my_jwt',
      GOTRUE_COOKIE_DURATION: '600',
      GOTRUE_JWT_EXP: '120',
      GOTRUE_JWT_REFRESH_TOKEN_LIFETIME: '3600',
      GOTRUE_API_EXPORT_SECRET: 'export-me',
    },
  });
});
after(() => server.close());

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers,
});
const admin = () => ({ Authorization: `Bearer ${server.operatorToken}` });

async function signupAndConfirm(email: string, headers: Record<string, string> = {}): Promise<Response> {
  await fetch(`${server.url}/signup`, json({ email, password: 'pw' }));
  const mails = (await (await fetch(`${server.url}/_outbox/messages`)).json()) as Array<{ to: string; token: string }>;
  const token = mails.filter((m) => m.to === email).at(-1)?.token ?? '';
  return fetch(`${server.url}/verify`, json({ type: 'signup', token }, headers));
}

test('X-Use-Cookie on /verify sets the configured cookie: session or persistent with the configured duration', async () => {
  const session = await signupAndConfirm('cookie-session@example.com', { 'X-Use-Cookie': 'session' });
  const tokens = (await session.json()) as { access_token: string };
  assert.equal(session.headers.get('set-cookie'), `my_jwt=${tokens.access_token}; Path=/; HttpOnly; Secure`);

  const remembered = await fetch(`${server.url}/token`, {
    method: 'POST',
    headers: { 'X-Use-Cookie': '1' },
    body: new URLSearchParams({ grant_type: 'password', username: 'cookie-session@example.com', password: 'pw' }),
  });
  const cookie = remembered.headers.get('set-cookie') ?? '';
  assert.match(
    cookie,
    /^my_jwt=eyJ[\w.-]+; Path=\/; Expires=\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT; Max-Age=600; HttpOnly; Secure$/,
  );

  const plain = await fetch(`${server.url}/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', username: 'cookie-session@example.com', password: 'pw' }),
  });
  assert.equal(plain.headers.get('set-cookie'), null, 'no header, no cookie');
  const cleared = await fetch(`${server.url}/user`);
  assert.match(cleared.headers.get('set-cookie') ?? '', /^my_jwt=; Path=\/; Expires=.+; Max-Age=0; HttpOnly; Secure$/);
});

test('access tokens expire on the server clock with the jwt-go message; refresh tokens after their lifetime', async () => {
  const verified = await signupAndConfirm('clock@example.com');
  const tokens = (await verified.json()) as { access_token: string; refresh_token: string; expires_in: number };
  assert.equal(tokens.expires_in, 120);
  // Stop the clock exactly 100 s after the token's `exp` (whole seconds), so the message is exact.
  const { exp } = JSON.parse(Buffer.from(tokens.access_token.split('.')[1]!, 'base64url').toString()) as {
    exp: number;
  };
  frozenMs = (exp + 100) * 1000;
  try {
    const expired = await fetch(`${server.url}/user`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
    assert.equal(expired.status, 401);
    assert.deepEqual(await expired.json(), { code: 401, msg: 'Invalid token: token is expired by 1m40s' });
    const refreshed = await fetch(`${server.url}/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }),
    });
    const next = (await refreshed.json()) as { refresh_token: string };
    assert.equal(refreshed.status, 200, 'a refresh inside its lifetime still works');
    frozenMs += 3_601_000; // the rotated token was issued at the stopped time
    const late = await fetch(`${server.url}/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: next.refresh_token }),
    });
    assert.deepEqual(await late.json(), { error: 'invalid_grant', error_description: 'Refresh token expired' });
    assert.match(late.headers.get('set-cookie') ?? '', /^my_jwt=; /);
  } finally {
    frozenMs = null;
  }
});

test('admin credentials: operator token, system-user JWT, admin-role user; a normal user is not allowed', async () => {
  const system = await new SignJWT({ sub: '0' })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode('session-secret'));
  const bySystem = await fetch(`${server.url}/admin/users`, { headers: { Authorization: `Bearer ${system}` } });
  assert.equal(bySystem.status, 200);

  const created = await fetch(`${server.url}/admin/users`, {
    ...json({ email: 'boss@example.com', password: 'pw', confirm: true, role: 'admin' }),
    headers: admin(),
  });
  assert.equal(((await created.json()) as { role: string }).role, 'admin');
  const login = await fetch(`${server.url}/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', username: 'boss@example.com', password: 'pw' }),
  });
  const { access_token } = (await login.json()) as { access_token: string };
  const byAdmin = await fetch(`${server.url}/admin/users`, { headers: { Authorization: `Bearer ${access_token}` } });
  assert.equal(byAdmin.status, 200);
  const otherAudience = await fetch(`${server.url}/admin/users`, {
    headers: { Authorization: `Bearer ${access_token}`, 'X-JWT-AUD': 'elsewhere' },
  });
  assert.deepEqual(await otherAudience.json(), { code: 401, msg: 'User not allowed' });

  const wrongOperator = await fetch(`${server.url}/admin/users`, {
    headers: { Authorization: 'Bearer not-the-operator-token' },
  });
  assert.deepEqual(await wrongOperator.json(), {
    code: 401,
    msg: 'Invalid token: token contains an invalid number of segments',
  });
});

test('admin listing pages with X-Total-Count and next/prev/last links, sorts and filters by name', async () => {
  for (const name of ['Ann One', 'Bob Two', 'Cat Three']) {
    await fetch(`${server.url}/admin/users`, {
      ...json({ email: `${name.split(' ')[0]!.toLowerCase()}@list.example`, user_metadata: { full_name: name } }),
      headers: admin(),
    });
  }
  const page2 = await fetch(`${server.url}/admin/users?filter=list.example&per_page=1&page=2&sort=created_at%20asc`, {
    headers: admin(),
  });
  assert.equal(page2.headers.get('x-total-count'), '3');
  assert.equal(
    page2.headers.get('link'),
    '</admin/users?page=3&per_page=1>; rel="next", </admin/users?page=1&per_page=1>; rel="prev", </admin/users?page=3&per_page=1>; rel="last"',
  );
  const { users } = (await page2.json()) as { users: Array<{ email: string }> };
  assert.deepEqual(
    users.map((u) => u.email),
    ['bob@list.example'],
  );

  const byName = await fetch(`${server.url}/admin/users?filter=cat%20thr`, { headers: admin() });
  assert.deepEqual(
    ((await byName.json()) as { users: Array<{ email: string }> }).users.map((u) => u.email),
    ['cat@list.example'],
  );

  const badSort = await fetch(`${server.url}/admin/users?sort=email%20asc`, { headers: admin() });
  assert.deepEqual(await badSort.json(), { code: 400, msg: "Bad Sort Parameters: bad field for sort 'email'" });
  const badPage = await fetch(`${server.url}/admin/users?page=abc`, { headers: admin() });
  assert.equal(badPage.status, 400);
  assert.match(((await badPage.json()) as { msg: string }).msg, /^Bad Pagination Parameters: /);
});

test('the audit log records logins and admin actions, filterable by action, author and type', async () => {
  await signupAndConfirm('audited@example.com');
  await fetch(`${server.url}/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', username: 'audited@example.com', password: 'pw' }),
  });
  const logins = await fetch(`${server.url}/admin/audit?query=action:login`, { headers: admin() });
  const entries = (await logins.json()) as Array<{
    payload: { action: string; actor_username: string; log_type: string };
  }>;
  assert.ok(entries.length >= 1);
  assert.ok(entries.every((e) => e.payload.action === 'login' && e.payload.log_type === 'account'));
  assert.equal(entries[0]?.payload.actor_username, 'audited@example.com', 'newest first');

  const byAuthor = (await (
    await fetch(`${server.url}/admin/audit?query=author:audited@`, { headers: admin() })
  ).json()) as Array<{ payload: { action: string } }>;
  assert.deepEqual([...new Set(byAuthor.map((e) => e.payload.action))].sort(), ['login', 'user_signedup']);
  const team = (await (
    await fetch(`${server.url}/admin/audit?query=type:team`, { headers: admin() })
  ).json()) as Array<{ payload: { log_type: string } }>;
  assert.ok(team.every((e) => e.payload.log_type === 'team'));

  const bad = await fetch(`${server.url}/admin/audit?query=colour:red`, { headers: admin() });
  assert.deepEqual(await bad.json(), { code: 400, msg: 'Invalid query scope: colour:red' });
});

test('the user export needs EXPORT_SECRET and includes password hashes; the normal list never does', async () => {
  const refused = await fetch(`${server.url}/admin/users/export`, { headers: admin() });
  assert.deepEqual(await refused.json(), { code: 401, msg: 'Invalid export secret' });
  const exported = await fetch(`${server.url}/admin/users/export?per_page=1000`, {
    headers: { ...admin(), EXPORT_SECRET: 'export-me' },
  });
  const { users } = (await exported.json()) as { users: Array<{ email: string; encrypted_password?: string }> };
  assert.ok(users.length > 0);
  assert.ok(
    users.every((u) => /^\$2[aby]\$/.test(u.encrypted_password ?? '')),
    'bcrypt hashes',
  );
  const listed = (await (await fetch(`${server.url}/admin/users?per_page=1000`, { headers: admin() })).json()) as {
    users: object[];
  };
  assert.ok(listed.users.every((u) => !('encrypted_password' in u)));
});
