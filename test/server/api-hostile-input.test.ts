// Input no form would send, but anyone can: a NUL or half a surrogate pair in a name or a password,
// JSON nested thousands deep, absurd page numbers, a NUL in a search. Each gets GoTrue's answer
// (a 4xx with its message, or a 200), never a 500, and one user cannot break the admin's search.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createGoTrue, startServer, type RunningServer } from '../../src/server/index.js';

let server: RunningServer;
let admin: Record<string, string>;

before(async () => {
  server = await startServer({
    quiet: true,
    useProcessEnv: false,
    env: { GOTRUE_MAILER_AUTOCONFIRM: 'true', GOTRUE_BCRYPT_COST: '4' },
  });
  admin = { Authorization: `Bearer ${server.operatorToken}` };
});
after(() => server.close());

/** Signs up and logs in; `password` is JSON text, so escapes like `\ud800` reach the server as written. */
async function userWithToken(email: string, password = '"pw"'): Promise<string> {
  const signup = await fetch(`${server.url}/signup`, {
    method: 'POST',
    body: `{"email":"${email}","password":${password}}`,
  });
  assert.equal(signup.status, 200, await signup.clone().text());
  const login = await fetch(`${server.url}/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', username: email, password: JSON.parse(password) as string }),
  });
  assert.equal(login.status, 200, await login.clone().text());
  return ((await login.json()) as { access_token: string }).access_token;
}

async function get(path: string): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${server.url}${path}`, { headers: admin });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

test('a NUL or a lone surrogate in a user name does not break the admin search', async () => {
  const nul = await userWithToken('nul@example.com');
  const half = await userWithToken('half@example.com');
  const put = (token: string, json: string) =>
    fetch(`${server.url}/user`, { method: 'PUT', headers: { Authorization: `Bearer ${token}` }, body: json });
  const a = await put(nul, '{"data":{"full_name":"Nul\\u0000Name"}}');
  assert.equal(a.status, 200);
  assert.equal(
    ((await a.json()) as { user_metadata: { full_name: string } }).user_metadata.full_name,
    'Nul\u0000Name',
    'kept as sent, as GoTrue does',
  );
  const b = await put(half, '{"data":{"full_name":"Half\\ud800Pair"}}');
  assert.equal(b.status, 200);
  assert.equal(
    ((await b.json()) as { user_metadata: { full_name: string } }).user_metadata.full_name,
    'Half\ufffdPair',
    "Go's decoder turns a lone surrogate into U+FFFD",
  );

  for (const filter of ['nobody', 'nul', 'NAME', 'half', 'pair', '\u0000', '%', '"', '\\']) {
    const answer = await get(`/admin/users?filter=${encodeURIComponent(filter)}`);
    assert.equal(answer.status, 200, `filter=${JSON.stringify(filter)}: ${JSON.stringify(answer.body)}`);
  }
  const byName = await get('/admin/users?filter=name');
  assert.deepEqual(
    (byName.body as { users: Array<{ email: string }> }).users.map((u) => u.email),
    ['nul@example.com'],
  );
  const byNul = await get(`/admin/users?filter=${encodeURIComponent('l\u0000n')}`);
  assert.deepEqual(
    (byNul.body as { users: Array<{ email: string }> }).users.map((u) => u.email),
    ['nul@example.com'],
    'a NUL in the filter matches a NUL in the name',
  );
  const byHalf = await get('/admin/users?filter=half%EF%BF%BDp');
  assert.deepEqual(
    (byHalf.body as { users: Array<{ email: string }> }).users.map((u) => u.email),
    ['half@example.com'],
  );
});

test('a password with a lone surrogate is stored as GoTrue stores it (U+FFFD), so signup then login works', async () => {
  await userWithToken('surrogate@example.com', '"pass\\ud800word"');
  const login = await fetch(`${server.url}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `grant_type=password&username=surrogate%40example.com&password=pass%EF%BF%BDword`,
  });
  assert.equal(login.status, 200, 'the browser sends U+FFFD for a lone surrogate, and it logs in');
});

test('JSON nested thousands deep gets 400 with the message of Go decoder, never a 500', async () => {
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  const shallowEnough = await fetch(`${server.url}/signup`, { method: 'POST', body: deep(5000) });
  assert.equal(shallowEnough.status, 400);
  assert.deepEqual(await shallowEnough.json(), {
    code: 400,
    msg: 'Could not read Signup params: json: cannot unmarshal array into Go value of type api.SignupParams',
  });
  const tooDeep = await fetch(`${server.url}/signup`, { method: 'POST', body: deep(10_001) });
  assert.equal(tooDeep.status, 400);
  assert.deepEqual(await tooDeep.json(), {
    code: 400,
    msg: "Could not read Signup params: invalid character '[' exceeded max depth",
  });
  const exactly = await fetch(`${server.url}/signup`, {
    method: 'POST',
    body: `{"email":"deep@example.com","password":"pw","ignored":${deep(9_999)}}`,
  });
  assert.equal(exactly.status, 200, 'Go accepts 10,000 levels and ignores unknown fields');

  const token = await userWithToken('nested@example.com');
  const nestedData = `{"data":{"a":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}}`;
  const put = await fetch(`${server.url}/user`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}` },
    body: nestedData,
  });
  assert.equal(put.status, 400, 'metadata nested past what GoTrue can store is refused');
  assert.match(((await put.json()) as { msg: string }).msg, /^Could not read User Update params: /);
  const still = await fetch(`${server.url}/user`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(still.status, 200);
});

test('a NUL in a search answers 200, a page past the end 200 with nothing, a page past uint64 400', async () => {
  await userWithToken('pager@example.com');
  const filter = await get('/admin/users?filter=%00');
  assert.equal(filter.status, 200);
  const found = (filter.body as { users: Array<{ user_metadata: { full_name?: string } | null }> }).users;
  assert.ok(
    found.every((u) => u.user_metadata?.full_name?.includes('\u0000')),
    'only names with a NUL match',
  );
  for (const query of ['author:%00', 'action:%00', 'type:%00', 'author:x%00y']) {
    const audit = await get(`/admin/audit?query=${query}`);
    assert.equal(audit.status, 200, `query=${query}`);
    assert.deepEqual(audit.body, []);
  }
  const far = await get('/admin/users?page=1000000000000000000');
  assert.equal(far.status, 200);
  assert.deepEqual((far.body as { users: unknown[] }).users, []);
  assert.match(far.headers.get('link') ?? '', /page=999999999999999999&per_page=50>; rel="prev"/);
  const farAudit = await get('/admin/audit?page=1000000000000000000&per_page=1000');
  assert.equal(farAudit.status, 200);
  assert.deepEqual(farAudit.body, []);
  const beyond = await get('/admin/users?page=18446744073709551616');
  assert.equal(beyond.status, 400);
  assert.deepEqual(beyond.body, {
    code: 400,
    msg: 'Bad Pagination Parameters: strconv.ParseUint: parsing "18446744073709551616": value out of range',
  });
});

test('confirming an email change after another account took the address answers 422, not 500', async () => {
  const token = await userWithToken('mover@example.com');
  const change = await fetch(`${server.url}/user`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}` },
    body: JSON.stringify({ email: 'wanted@example.com' }),
  });
  assert.equal(change.status, 200);
  const mails = (await (await fetch(`${server.url}/_outbox/messages`)).json()) as Array<{
    kind: string;
    to: string;
    token: string;
  }>;
  const mail = mails.find((m) => m.kind === 'email_change' && m.to === 'wanted@example.com');
  await userWithToken('wanted@example.com');
  const confirm = await fetch(`${server.url}/user`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}` },
    body: JSON.stringify({ email_change_token: mail?.token }),
  });
  assert.equal(confirm.status, 422);
  assert.deepEqual(await confirm.json(), { code: 422, msg: 'Email address already registered by another user' });
  const me = (await (await fetch(`${server.url}/user`, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
    email: string;
  };
  assert.equal(me.email, 'mover@example.com', 'the address stays as it was');
});

test('a SITE_URL with a line break or a script scheme is refused at start with a clear message', async () => {
  for (const siteUrl of [
    'http://localhost:8888\r\nX-Injected: 1',
    'javascript:alert(1)',
    'data:text/html,hi',
    'http://local host',
  ]) {
    await assert.rejects(
      createGoTrue({ quiet: true, useProcessEnv: false, env: { GOTRUE_SITE_URL: siteUrl } }),
      (error: Error) =>
        /^GOTRUE_SITE_URL must be an http:\/\/ or https:\/\/ URL/.test(error.message) && !error.message.includes('\n'),
      JSON.stringify(siteUrl),
    );
  }
});

test('a data folder from before the search column finds its users by name after an upgrade', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gotrue-search-'));
  try {
    const env = { GOTRUE_MAILER_AUTOCONFIRM: 'true', GOTRUE_BCRYPT_COST: '4' };
    const first = await startServer({ quiet: true, useProcessEnv: false, dataDir, env });
    await fetch(`${first.url}/signup`, {
      method: 'POST',
      body: JSON.stringify({ email: 'old@example.com', password: 'pw', data: { full_name: 'Olde Name' } }),
    });
    await first.close();
    // What an older version left behind: no search text for its users.
    const pg = await PGlite.create(join(dataDir, 'pgdata'));
    await pg.exec('update users set search_name = null');
    await pg.close();
    const second = await startServer({ quiet: true, useProcessEnv: false, dataDir, env });
    try {
      const found = await fetch(`${second.url}/admin/users?filter=olde`, {
        headers: { Authorization: `Bearer ${second.operatorToken}` },
      });
      assert.deepEqual(
        ((await found.json()) as { users: Array<{ email: string }> }).users.map((u) => u.email),
        ['old@example.com'],
      );
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
