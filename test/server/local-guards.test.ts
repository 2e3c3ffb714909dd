// A developer leaves the local server running while browsing the web. Another site must not read
// or clear the outbox (it holds live recovery tokens) or drive the fake provider, however the path
// is spelled; a malformed request line must not stop the server; a DNS-rebound host name is refused.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createViteServer } from 'vite';
import { createGoTrue, startServer, type RunningServer } from '../../src/server/index.js';
import { gotrueVitePlugin } from '../../src/server/vite-plugin.js';
import { rawRequest, rawRequestLine } from './fixtures/raw-http.js';

const closers: Array<() => Promise<void>> = [];
after(() => Promise.all(closers.map((close) => close())));

const ENV = {
  GOTRUE_SITE_URL: 'http://localhost:8888',
  GOTRUE_BCRYPT_COST: '4',
  GOTRUE_EXTERNAL_GITHUB_ENABLED: 'true',
};
const CROSS_SITE = { Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'cors' };

/** Every spelling of the outbox's JSON path a router might decode or normalise to the real one. */
const OUTBOX_SPELLINGS = [
  '/_outbox/messages',
  '/%5Foutbox/messages',
  '/%5foutbox/messages',
  '/_%6Futbox/messages',
  '/_outbox/%6Dessages',
  '/%5F%6F%75%74%62%6F%78/%6D%65%73%73%61%67%65%73',
  '//_outbox/messages',
  '/_outbox//messages',
  '/_outbox/messages/',
  '/./_outbox/messages',
  '/x/../_outbox/messages',
  '/%2E/_outbox/messages',
];
const FAKE_OAUTH_SPELLINGS = [
  '/_fake-oauth/github/authorize',
  '/%5Ffake-oauth/github/authorize',
  '/_fake%2Doauth/github/authorize',
  '/_fake-oauth/%67ithub/authorize',
];

async function serverWithMail(): Promise<RunningServer> {
  const server = await startServer({ quiet: true, useProcessEnv: false, env: ENV });
  closers.push(() => server.close());
  await fetch(`${server.url}/signup`, {
    method: 'POST',
    body: JSON.stringify({ email: 'victim@example.com', password: 'pw' }),
  });
  return server;
}

/** Asks for the outbox and the fake provider from another site under every spelling, GET and DELETE. */
async function assertCrossSiteRefused(baseUrl: string, prefix: string): Promise<void> {
  for (const path of [...OUTBOX_SPELLINGS, ...FAKE_OAUTH_SPELLINGS]) {
    for (const method of ['GET', 'DELETE']) {
      const answer = await rawRequest(baseUrl, method, `${prefix}${path}`, CROSS_SITE);
      assert.ok(
        [400, 403, 404, 405].includes(answer.status),
        `${method} ${prefix}${path} from another site answered ${answer.status}: ${answer.body.slice(0, 200)}`,
      );
      assert.ok(!answer.body.includes('victim@example.com'), `${method} ${prefix}${path} leaks no mail`);
      // GoTrue's API keeps its CORS, and so do its 404s: readable, but they say nothing.
      if (answer.body !== '404 page not found')
        assert.equal(
          answer.headers['access-control-allow-origin'],
          undefined,
          `${method} ${prefix}${path} carries no CORS header`,
        );
    }
    // An older browser sends Origin without Sec-Fetch-*: no CORS header may let it read the answer.
    const plain = await rawRequest(baseUrl, 'GET', `${prefix}${path}`, { Origin: 'http://evil.example' });
    assert.ok(
      !plain.body.includes('victim@example.com') || plain.headers['access-control-allow-origin'] === undefined,
      `GET ${prefix}${path} with an Origin is not readable`,
    );
    const preflight = await rawRequest(baseUrl, 'OPTIONS', `${prefix}${path}`, {
      Origin: 'http://evil.example',
      'Access-Control-Request-Method': 'DELETE',
    });
    if (preflight.headers['access-control-allow-origin'] !== undefined) {
      // GoTrue grants preflights before routing; only a path no route answers may get one.
      assert.equal(
        (await rawRequest(baseUrl, 'DELETE', `${prefix}${path}`)).body,
        '404 page not found',
        `preflight of ${prefix}${path} is not allowed`,
      );
    }
  }
}

test('the stand-alone server refuses the outbox and the fake provider to another site under every spelling of the path', async () => {
  const server = await serverWithMail();
  await assertCrossSiteRefused(server.url, '');
  const mails = (await (await fetch(`${server.url}/_outbox/messages`)).json()) as unknown[];
  assert.equal(mails.length, 1, 'no cross-site DELETE cleared the outbox');
});

test('under the Vite mount the outbox and the fake provider are refused to another site under every spelling', async () => {
  const vite = await createViteServer({
    configFile: false,
    root: import.meta.dirname,
    logLevel: 'silent',
    server: { port: 0, host: '127.0.0.1' },
    plugins: [gotrueVitePlugin({ dataDir: undefined, useProcessEnv: false, env: ENV })],
  });
  await vite.listen();
  closers.push(() => vite.close());
  const url = (vite.resolvedUrls?.local[0] ?? '').replace(/\/$/, '');
  await fetch(`${url}/.netlify/identity/signup`, {
    method: 'POST',
    body: JSON.stringify({ email: 'victim@example.com', password: 'pw' }),
  });
  await assertCrossSiteRefused(url, '/.netlify/identity');
  const mails = (await (await fetch(`${url}/.netlify/identity/_outbox/messages`)).json()) as unknown[];
  assert.equal(mails.length, 1, 'no cross-site DELETE cleared the outbox');
});

test('a malformed request line gets 400 and the server keeps answering', async () => {
  const server = await startServer({ quiet: true, useProcessEnv: false, env: ENV });
  closers.push(() => server.close());
  for (const target of [
    'http://[::1',
    'http://a:99999/x',
    '//[/x',
    'http://',
    'http://[::1/_outbox/messages',
    '//a:99999/_outbox',
  ]) {
    const status = await rawRequestLine(server.url, `GET ${target} HTTP/1.1`);
    assert.match(status, /^HTTP\/1\.1 400 /, `GET ${target}`);
  }
  const health = await fetch(`${server.url}/health`);
  assert.equal(health.status, 200, 'still answering');
});

test('the stand-alone server answers only to loopback names, IP addresses and the hosts it is told to allow', async () => {
  const server = await startServer({ quiet: true, useProcessEnv: false, env: ENV });
  closers.push(() => server.close());
  const { port } = new URL(server.url);
  for (const host of [
    `localhost:${port}`,
    `127.0.0.1:${port}`,
    `[::1]:${port}`,
    `app.localhost:${port}`,
    'localhost',
  ]) {
    const answer = await rawRequest(server.url, 'GET', '/settings', { Host: host });
    assert.equal(answer.status, 200, `Host: ${host}`);
  }
  for (const host of ['rebind.evil.example', `rebind.evil.example:${port}`, 'localhost.evil.example']) {
    for (const path of ['/settings', '/_outbox/messages']) {
      const answer = await rawRequest(server.url, 'GET', path, { Host: host });
      assert.equal(answer.status, 403, `Host: ${host} ${path}`);
      assert.match(
        answer.body,
        /Blocked request\. This host \("rebind\.evil\.example"\)|Blocked request\. This host \("localhost\.evil\.example"\)/,
      );
      assert.match(answer.body, /allowedHosts|--allowed-hosts/);
    }
  }

  const named = await startServer({ quiet: true, useProcessEnv: false, env: ENV, allowedHosts: ['dev.example.test'] });
  closers.push(() => named.close());
  assert.equal(
    (await rawRequest(named.url, 'GET', '/settings', { Host: 'dev.example.test' })).status,
    200,
    'a configured host is served',
  );
  assert.equal((await rawRequest(named.url, 'GET', '/settings', { Host: 'other.example.test' })).status, 403);
  const any = await startServer({ quiet: true, useProcessEnv: false, env: ENV, allowedHosts: true });
  closers.push(() => any.close());
  assert.equal(
    (await rawRequest(any.url, 'GET', '/settings', { Host: 'other.example.test' })).status,
    200,
    'allowedHosts: true serves every host',
  );
});

/** The first `name=value` of a Set-Cookie header. */
function cookieOf(answer: { headers: Record<string, string | string[] | undefined> }): string {
  const header = answer.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : header;
  return (first ?? '').split(';')[0] ?? '';
}

test('the fake provider is labelled as a local stand-in and only completes in the browser that started it', async () => {
  const server = await startServer({ quiet: true, useProcessEnv: false, env: ENV });
  closers.push(() => server.close());
  const admin = await fetch(`${server.url}/admin/users`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.operatorToken}` },
    body: JSON.stringify({ email: 'boss@example.com', password: 'pw', confirm: true, role: 'admin' }),
  });
  assert.equal(admin.status, 200);

  // The attacker starts a flow on their own, then sends the victim's browser to "approve" with it.
  const attackerStart = await rawRequest(server.url, 'GET', '/authorize?provider=github');
  assert.equal(attackerStart.status, 302);
  const setCookie = String(attackerStart.headers['set-cookie'] ?? '');
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Lax/);
  const consent = new URL(String(attackerStart.headers.location), server.url);
  const state = consent.searchParams.get('state') ?? '';
  const approve = `/_fake-oauth/github/approve?${new URLSearchParams({ state, email: 'boss@example.com' })}`;
  const noCookie = await rawRequest(server.url, 'GET', approve);
  assert.equal(noCookie.status, 403, 'a browser that did not start the flow cannot approve it');
  const victimStart = await rawRequest(server.url, 'GET', '/authorize?provider=github');
  const otherCookie = await rawRequest(server.url, 'GET', approve, { Cookie: cookieOf(victimStart) });
  assert.equal(otherCookie.status, 403, "another flow's cookie does not fit this state");
  const consentOther = await rawRequest(server.url, 'GET', `${consent.pathname}${consent.search}`);
  assert.equal(consentOther.status, 403, 'the consent page is not shown to another browser either');

  // A hand-made code cannot stand in for the consent page.
  const forged = Buffer.from(JSON.stringify({ email: 'boss@example.com', verified: true })).toString('base64url');
  const callback = await rawRequest(server.url, 'GET', `/callback?${new URLSearchParams({ code: forged, state })}`, {
    Cookie: cookieOf(attackerStart),
  });
  assert.ok(
    !String(callback.headers.location ?? '').includes('access_token'),
    `a forged code logs nobody in: ${String(callback.headers.location)}`,
  );

  // The browser that started the flow sees a clearly labelled page and completes it.
  const page = await rawRequest(server.url, 'GET', `${consent.pathname}${consent.search}`, {
    Cookie: cookieOf(attackerStart),
  });
  assert.equal(page.status, 200);
  assert.match(page.body, /local stand-in/i);
  assert.match(page.body, /not github/i);
  const approved = await rawRequest(server.url, 'GET', approve, { Cookie: cookieOf(attackerStart) });
  assert.equal(approved.status, 302);
  const back = String(approved.headers.location);
  assert.ok(back.startsWith('/callback?'), `the fake provider returns to this server's own callback: ${back}`);
  const landed = await rawRequest(server.url, 'GET', back, { Cookie: cookieOf(attackerStart) });
  assert.match(String(landed.headers.location), /^http:\/\/localhost:8888\/?#access_token=/);
});

test('a Host header never chooses where the fake provider redirects', async () => {
  const gotrue = await createGoTrue({ quiet: true, useProcessEnv: false, env: ENV });
  closers.push(() => gotrue.close());
  const site = createServer((req: IncomingMessage, res) => gotrue.handle(req, res));
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => site.close(() => resolve())));
  const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  const start = await rawRequest(origin, 'GET', '/authorize?provider=github', {
    Host: 'evil.example',
    'X-Forwarded-Proto': 'https',
  });
  const location = String(start.headers.location);
  assert.ok(!location.includes('evil.example'), location);
  const consent = new URL(location, origin);
  assert.ok(!(consent.searchParams.get('redirect_uri') ?? '').includes('evil.example'));
  const approve = `/_fake-oauth/github/approve?${new URLSearchParams({ state: consent.searchParams.get('state') ?? '', email: 'a@example.com' })}`;
  const approved = await rawRequest(origin, 'GET', approve, { Host: 'evil.example', Cookie: cookieOf(start) });
  assert.ok(!String(approved.headers.location).includes('evil.example'), String(approved.headers.location));
});
