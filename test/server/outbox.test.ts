// The local mail outbox: every mail GoTrue would send, with its subjects and links, as JSON and as
// an escaped HTML page, under the API's mount path, and kept with the data across restarts.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGoTrue, startServer } from '../../src/server/index.js';
import type { OutboxMessage } from '../../src/server/index.js';

const closers: Array<() => Promise<void>> = [];
after(() => Promise.all(closers.map((close) => close())));

const BASE_ENV = { GOTRUE_SITE_URL: 'http://localhost:8888/app/page', GOTRUE_BCRYPT_COST: '4' };
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers,
});

test('every kind of mail lands in the outbox with its subject, recipient and a link on SITE_URL', async () => {
  const server = await startServer({
    quiet: true,
    useProcessEnv: false,
    env: { ...BASE_ENV, GOTRUE_MAILER_URL_PATHS_RECOVERY: '/reset' },
  });
  closers.push(() => server.close());
  const auth = { Authorization: `Bearer ${server.operatorToken}` };
  await fetch(`${server.url}/signup`, json({ email: 'mia@example.com', password: 'pw' }));
  await fetch(`${server.url}/recover`, json({ email: 'mia@example.com' }));
  await fetch(`${server.url}/invite`, json({ email: 'ivy@example.com' }, auth));
  const mails = (await (await fetch(`${server.url}/_outbox/messages`)).json()) as OutboxMessage[];
  const confirm = await fetch(`${server.url}/verify`, json({ type: 'signup', token: mails[0]!.token }));
  const { access_token } = (await confirm.json()) as { access_token: string };
  await fetch(`${server.url}/user`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${access_token}` },
    body: JSON.stringify({ email: 'mia.new@example.com' }),
  });

  const all = (await (await fetch(`${server.url}/_outbox/messages`)).json()) as OutboxMessage[];
  assert.deepEqual(
    all.map((m) => [m.kind, m.to, m.subject, m.from]),
    [
      ['confirmation', 'mia@example.com', 'Confirm Your Signup', 'admin@example.com'],
      ['recovery', 'mia@example.com', 'Reset Your Password', 'admin@example.com'],
      ['invite', 'ivy@example.com', 'You have been invited', 'admin@example.com'],
      ['email_change', 'mia.new@example.com', 'Confirm Email Change', 'admin@example.com'],
    ],
  );
  // The default path is the absolute `/`, so SITE_URL's own path is dropped, as in GoTrue's mails.
  assert.deepEqual(
    all.map((m) => m.link.replace(m.token, 'T')),
    [
      'http://localhost:8888/#confirmation_token=T',
      'http://localhost:8888/reset#recovery_token=T',
      'http://localhost:8888/#invite_token=T',
      'http://localhost:8888/#email_change_token=T',
    ],
  );
  assert.ok(
    all.every((m) => /^[A-Za-z0-9_-]{22}$/.test(m.token)),
    "tokens are 16 random bytes, URL-safe base64, like GoTrue's",
  );
  assert.ok(
    all.every((m, i) => i === 0 || m.id > all[i - 1]!.id),
    'newest last',
  );

  const cleared = await fetch(`${server.url}/_outbox/messages`, { method: 'DELETE' });
  assert.equal(cleared.status, 204);
  assert.deepEqual(await (await fetch(`${server.url}/_outbox/messages`)).json(), []);
});

test('the HTML page lists mails with clickable links and escapes everything', async () => {
  const server = await startServer({
    quiet: true,
    useProcessEnv: false,
    env: {
      ...BASE_ENV,
      GOTRUE_MAILER_SUBJECTS_CONFIRMATION: '<script>alert(1)</script> & welcome',
      GOTRUE_EXTERNAL_GITLAB_ENABLED: 'true',
    },
  });
  closers.push(() => server.close());
  await fetch(`${server.url}/signup`, json({ email: 'page@example.com', password: 'pw' }));
  const page = await fetch(`${server.url}/_outbox`);
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  const html = await page.text();
  assert.ok(!html.includes('<script>alert(1)</script>'));
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; welcome'));
  assert.match(html, /<a class="address" href="http:\/\/localhost:8888\/#confirmation_token=[\w-]{22}">/);
  assert.match(html, /page@example\.com/);
  assert.match(html, /"Continue with …" for <strong>GitLab<\/strong>/);
});

test('mounted under /.netlify/identity, the outbox and the fake provider use the mount path', async () => {
  const gotrue = await createGoTrue({
    quiet: true,
    useProcessEnv: false,
    env: { ...BASE_ENV, GOTRUE_EXTERNAL_GITHUB_ENABLED: 'true' },
  });
  closers.push(() => gotrue.close());
  const prefix = '/.netlify/identity';
  // What connect (Vite's middleware stack) does for `use(prefix, handler)`: strip and keep originalUrl.
  const site = createServer((req: IncomingMessage & { originalUrl?: string }, res) => {
    if (!req.url?.startsWith(prefix)) return void res.writeHead(200).end('site');
    req.originalUrl = req.url;
    req.url = req.url.slice(prefix.length) || '/';
    gotrue.handle(req, res);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => site.close(() => resolve())));
  const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

  const html = await (await fetch(`${origin}${prefix}/_outbox`)).text();
  assert.ok(html.includes(`href="${prefix}/_outbox/messages"`), 'the JSON link keeps the prefix');
  const authorize = await fetch(`${origin}${prefix}/authorize?provider=github`, { redirect: 'manual' });
  const consent = new URL(authorize.headers.get('location') ?? '', origin);
  assert.equal(consent.pathname, `${prefix}/_fake-oauth/github/authorize`);
  assert.equal(consent.searchParams.get('redirect_uri'), `${prefix}/callback`);
  assert.ok(
    (authorize.headers.get('set-cookie') ?? '').includes(`; Path=${prefix};`),
    'the flow cookie is scoped to the mount',
  );
});

test('mails are kept with the data folder across restarts', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gotrue-outbox-'));
  closers.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const first = await startServer({ quiet: true, useProcessEnv: false, dataDir, env: BASE_ENV });
  await fetch(`${first.url}/signup`, json({ email: 'kept@example.com', password: 'pw' }));
  await first.close();
  const second = await startServer({ quiet: true, useProcessEnv: false, dataDir, env: BASE_ENV });
  closers.push(() => second.close());
  const mails = (await (await fetch(`${second.url}/_outbox/messages`)).json()) as OutboxMessage[];
  assert.deepEqual(
    mails.map((m) => m.to),
    ['kept@example.com'],
  );
  assert.equal(second.operatorToken, first.operatorToken, 'the generated operator token is kept too');
});

test('another site cannot read or clear the outbox: no CORS there, cross-site fetches refused', async () => {
  const server = await startServer({ quiet: true, useProcessEnv: false, env: BASE_ENV });
  closers.push(() => server.close());
  await fetch(`${server.url}/signup`, json({ email: 'cors@example.com', password: 'pw' }));
  const evil = { Origin: 'https://evil.example' };

  const read = await fetch(`${server.url}/_outbox/messages`, { headers: evil });
  assert.equal(read.headers.get('access-control-allow-origin'), null);
  const preflight = await fetch(`${server.url}/_outbox/messages`, {
    method: 'OPTIONS',
    headers: { ...evil, 'Access-Control-Request-Method': 'DELETE' },
  });
  assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  const crossSite = await fetch(`${server.url}/_outbox/messages`, {
    method: 'DELETE',
    headers: { ...evil, 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'cors' },
  });
  assert.equal(crossSite.status, 403);
  assert.equal(((await (await fetch(`${server.url}/_outbox/messages`)).json()) as unknown[]).length, 1);

  // GoTrue's own API keeps its CORS.
  const api = await fetch(`${server.url}/settings`, { headers: evil });
  assert.equal(api.headers.get('access-control-allow-origin'), '*');
});
