// The functions runtime of the local server: functions in a folder run at /.netlify/functions/<name>
// in both of Netlify's forms, see the caller only for a token this server signed, and get an admin
// token this server accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessToken, craftedToken, createUser, JWT_SECRET, serverWithFunctions } from './helpers.js';

interface Seen {
  form: string;
  identityUrl?: string;
  hasToken: boolean;
  user: { email?: string; sub?: string } | null;
  admin?: { status: number; emails?: string[] };
  [key: string]: unknown;
}

async function call(url: string, init: RequestInit = {}): Promise<Seen> {
  const answer = await fetch(url, init);
  assert.equal(answer.status, 200, await answer.clone().text());
  return (await answer.json()) as Seen;
}

for (const name of ['whoami-lambda', 'whoami-modern']) {
  test(`${name}: sees the caller for a valid token, and nobody for a forged, expired or wrong-audience one`, async () => {
    const server = await serverWithFunctions();
    const { id } = await createUser(server, 'ada@example.com');
    const token = await accessToken(server, 'ada@example.com');
    const url = `${server.url}/.netlify/functions/${name}`;

    const seen = await call(url, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(seen.form, name === 'whoami-lambda' ? 'lambda' : 'modern');
    assert.equal(seen.user?.email, 'ada@example.com');
    assert.equal(seen.user?.sub, id);
    assert.equal(seen.identityUrl, `${server.url}/.netlify/identity`);
    assert.equal(seen.hasToken, true);

    const fromCookie = await call(url, { headers: { Cookie: `nf_jwt=${token}` } });
    assert.equal(fromCookie.user?.email, 'ada@example.com', 'the nf_jwt cookie identifies the caller too');

    const claims = { sub: id, email: 'ada@example.com', app_metadata: { roles: ['admin'] }, user_metadata: {} };
    const future = Math.floor(Date.now() / 1000) + 3600;
    const forged = await craftedToken({ ...claims, exp: future }, 'not-the-secret');
    const expired = await craftedToken({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }, JWT_SECRET);
    const otherAudience = await craftedToken({ ...claims, aud: 'elsewhere', exp: future }, JWT_SECRET);
    for (const bad of [forged, expired, otherAudience, 'garbage']) {
      const anonymous = await call(url, { headers: { Authorization: `Bearer ${bad}` } });
      assert.equal(anonymous.user, null);
      assert.equal(anonymous.hasToken, true, 'the identity URL and admin token are there for every call');
    }
    assert.equal((await call(url)).user, null);
  });

  test(`${name}: lists users with the admin token it was given; the same call without it is refused`, async () => {
    const server = await serverWithFunctions();
    await createUser(server, 'grace@example.com');
    const url = `${server.url}/.netlify/functions/${name}`;
    const withToken = await call(`${url}?admin=token`);
    assert.equal(withToken.admin?.status, 200);
    assert.deepEqual(withToken.admin?.emails, ['grace@example.com']);
    const without = await call(`${url}?admin=none`);
    assert.equal(without.admin?.status, 401);
  });
}

test('the admin token a function gets is short-lived, and valid only for this server', async () => {
  const server = await serverWithFunctions();
  const other = await serverWithFunctions({}, { GOTRUE_JWT_SECRET: 'another-secret' });
  const answer = await fetch(`${server.url}/.netlify/functions/whoami-lambda`);
  const seen = (await answer.json()) as Seen;
  assert.equal(seen.hasToken, true);
  const { custom } = seen as unknown as { custom: { identity: { token: string } } };
  const token = custom.identity.token;
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number };
  const lifetime = claims.exp - Math.floor(Date.now() / 1000);
  assert.ok(lifetime > 0 && lifetime <= 15 * 60, `expires within minutes, not ${lifetime} s`);
  const elsewhere = await fetch(`${other.url}/admin/users`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(elsewhere.status, 401);
});

test('a Lambda function gets Netlify event fields and clientContext.custom.netlify; its headers and status come back', async () => {
  const server = await serverWithFunctions();
  await createUser(server, 'linus@example.com');
  const token = await accessToken(server, 'linus@example.com');
  const answer = await fetch(`${server.url}/.netlify/functions/whoami-lambda/extra?a=1&b=2`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: '{"hello":"world"}',
  });
  assert.equal(answer.status, 200);
  assert.equal(answer.headers.get('x-seen'), 'one, two');
  const seen = (await answer.json()) as Seen & {
    custom: { identity: { url: string; token: string }; user: { email: string } };
  };
  assert.equal(seen.path, '/.netlify/functions/whoami-lambda/extra');
  assert.equal(seen.method, 'POST');
  assert.equal(seen.rawUrl, `${server.url}/.netlify/functions/whoami-lambda/extra?a=1&b=2`);
  assert.deepEqual(seen.query, { a: '1', b: '2' });
  assert.equal(seen.body, '{"hello":"world"}');
  assert.equal(seen.custom.identity.url, `${server.url}/.netlify/identity`);
  assert.equal(seen.custom.user.email, 'linus@example.com');

  const noBody = (await (await fetch(`${server.url}/.netlify/functions/whoami-lambda`)).json()) as Seen;
  assert.equal(noBody.body, null, "no body is null, as in Netlify's HandlerEvent");

  const legacy = await fetch(`${server.url}/.netlify/functions/legacy`, { method: 'PUT' });
  assert.equal(legacy.status, 201);
  assert.equal(await legacy.text(), 'legacy PUT', 'name/index.cjs with a callback handler');
});

test('a modern function gets the Request, Context and Netlify globals; context.cookies.set becomes Set-Cookie', async () => {
  process.env.FUNCTIONS_TEST_VALUE = 'from-env';
  const server = await serverWithFunctions();
  const answer = await fetch(`${server.url}/.netlify/functions/whoami-modern?x=1`, {
    method: 'POST',
    headers: { Cookie: 'flavour=oat', 'Content-Type': 'text/plain' },
    body: 'posted',
  });
  assert.equal(answer.status, 200);
  assert.deepEqual(answer.headers.getSetCookie(), ['seen=yes; Path=/']);
  const seen = (await answer.json()) as Seen;
  assert.equal(seen.url, `${server.url}/.netlify/functions/whoami-modern?x=1`);
  assert.equal(seen.contextUrl, seen.url);
  assert.equal(seen.body, 'posted');
  assert.equal(seen.sameContext, true, 'Netlify.context is the context of the current call');
  assert.equal(seen.ip, '127.0.0.1');
  assert.match(String(seen.requestId), /\S{8,}/);
  assert.equal(seen.siteUrl, server.url);
  assert.equal(seen.cookie, 'oat');
  assert.equal(seen.env, 'from-env', 'Netlify.env reads the environment');
  delete process.env.FUNCTIONS_TEST_VALUE;
});

test('concurrent calls each see their own caller in the per-request globals', async () => {
  const server = await serverWithFunctions();
  await createUser(server, 'one@example.com');
  await createUser(server, 'two@example.com');
  const [one, two] = await Promise.all([
    accessToken(server, 'one@example.com'),
    accessToken(server, 'two@example.com'),
  ]);
  const url = `${server.url}/.netlify/functions/gate`;
  const answers = await Promise.all([
    fetch(`${url}?n=1`, { headers: { Authorization: `Bearer ${one}` } }).then((r) => r.json()),
    fetch(`${url}?n=2`, { headers: { Authorization: `Bearer ${two}` } }).then((r) => r.json()),
  ]);
  assert.deepEqual(answers, [
    { email: 'one@example.com', url: `${url}?n=1` },
    { email: 'two@example.com', url: `${url}?n=2` },
  ]);
});

test('a function that throws answers a 500 page naming the error, logs its stack, and the server keeps serving', async () => {
  const server = await serverWithFunctions();
  const answer = await fetch(`${server.url}/.netlify/functions/throws`);
  assert.equal(answer.status, 500);
  const page = await answer.text();
  assert.match(page, /Function "throws" failed/);
  assert.match(page, /the function broke on purpose/);
  assert.ok(
    server.logs.some((line) => line.includes('the function broke on purpose') && /\n\s+at /.test(line)),
    'a log line with the stack',
  );
  assert.equal((await fetch(`${server.url}/.netlify/functions/whoami-modern`)).status, 200);
  assert.equal((await fetch(`${server.url}/settings`)).status, 200);
});

test('a function that runs past its time limit answers 500 saying so', async () => {
  const server = await serverWithFunctions({ timeoutMs: 300 });
  const answer = await fetch(`${server.url}/.netlify/functions/never-answers`);
  assert.equal(answer.status, 500);
  assert.match(await answer.text(), /timed out after 0.3 s/);
  assert.ok(server.logs.some((line) => line.includes('timed out')));
});

test('an unknown function is a 404 naming the folder', async () => {
  const server = await serverWithFunctions();
  const answer = await fetch(`${server.url}/.netlify/functions/nope`);
  assert.equal(answer.status, 404);
  assert.match(await answer.text(), /no "nope" in/);
});

test('a background function answers 202 at once and then runs', async () => {
  const server = await serverWithFunctions();
  const dir = mkdtempSync(join(tmpdir(), 'functions-bg-'));
  const file = join(dir, 'ran.txt');
  try {
    const answer = await fetch(`${server.url}/.netlify/functions/slow-background?file=${encodeURIComponent(file)}`, {
      method: 'POST',
    });
    assert.equal(answer.status, 202);
    assert.equal(await answer.text(), '');
    await server.app.functions!.settle();
    assert.equal(readFileSync(file, 'utf8'), 'ran with POST');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('TypeScript runs without a build, and an edited function is used on the next request', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'functions-edit-'));
  try {
    const file = join(dir, 'greet.ts');
    writeFileSync(file, `export default (): Response => new Response('first' as string);\n`);
    const server = await serverWithFunctions({ dir });
    const url = `${server.url}/.netlify/functions/greet`;
    assert.equal(await (await fetch(url)).text(), 'first');
    writeFileSync(file, `export default (): Response => new Response('second' as string);\n`);
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later); // a new modification time even on a coarse-grained file system
    assert.equal(await (await fetch(url)).text(), 'second');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a modern function with config.path answers at that path with its params, and no longer at /.netlify/functions/<name>', async () => {
  const server = await serverWithFunctions();
  const item = await fetch(`${server.url}/api/items/42`);
  assert.equal(item.status, 200);
  assert.deepEqual(await item.json(), { method: 'GET', params: { id: '42' }, path: '/api/items/42' });
  const file = await fetch(`${server.url}/api/files/a/b.txt`, { method: 'POST' });
  assert.deepEqual(((await file.json()) as { params: unknown }).params, { '0': 'a/b.txt' });
  assert.equal(
    (await fetch(`${server.url}/api/items/42`, { method: 'DELETE' })).status,
    404,
    'config.method limits the methods',
  );
  assert.equal((await fetch(`${server.url}/.netlify/functions/items`)).status, 404);
  assert.equal(
    await (await fetch(`${server.url}/api/nothing`)).text(),
    '404 page not found',
    'other paths stay GoTrue 404s',
  );
  assert.equal((await fetch(`${server.url}/settings`)).status, 200, 'the API keeps its paths');
});
