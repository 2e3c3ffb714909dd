// Behaviours a client depends on that the recorded transcripts do not show on the wire: the OAuth
// landing without a fragment when an unverified email forces a confirmation mail, and a webhook that
// times out (504). Same servers, receivers and comparison rules as the replay.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../src/server/index.js';
import { send, outbox } from './fixtures/replay.js';
import { startFakeGitHub, startHookReceiver, OCTO, type Listening } from './fixtures/receivers.js';

const closers: Array<Listening | { close(): Promise<void> }> = [];
after(() => Promise.all(closers.map((c) => c.close())));

const BASE_ENV = {
  GOTRUE_SITE_URL: 'http://localhost:8888',
  GOTRUE_JWT_SECRET: 'beyond-secret',
  GOTRUE_OPERATOR_TOKEN: 'beyond-operator-token',
  GOTRUE_BCRYPT_COST: '4',
};

test('an unverified provider email lands on the site with no fragment and a confirmation mail', async () => {
  const github = await startFakeGitHub({
    ...OCTO,
    emails: [{ email: 'unverified@example.com', primary: true, verified: false }],
  });
  closers.push(github);
  const server = await startServer({
    port: 0,
    quiet: true,
    env: {
      ...BASE_ENV,
      GOTRUE_MAILER_AUTOCONFIRM: 'false',
      GOTRUE_EXTERNAL_GITHUB_ENABLED: 'true',
      GOTRUE_EXTERNAL_GITHUB_CLIENT_ID: 'fake-client-id',
      GOTRUE_EXTERNAL_GITHUB_SECRET: 'fake-client-secret',
      GOTRUE_EXTERNAL_GITHUB_URL: github.url,
      GOTRUE_EXTERNAL_GITHUB_REDIRECT_URI: 'http://127.0.0.1:9999/callback',
    },
  });
  closers.push(server);
  const authorize = await send(server.url, 'GET', '/authorize?provider=github', [
    ['Referer', 'http://localhost:8888/login'],
  ]);
  assert.equal(authorize.status, 302);
  const state = new URL(authorize.headers.find(([n]) => n.toLowerCase() === 'location')?.[1] ?? '').searchParams.get(
    'state',
  );
  assert.ok(state, 'the provider redirect carries a state');

  const callback = await send(server.url, 'GET', `/callback?code=fake-code&state=${state}`);
  assert.equal(callback.status, 302);
  assert.equal(callback.headers.find(([n]) => n.toLowerCase() === 'location')?.[1], 'http://localhost:8888/login');
  const mails = await outbox(server.url);
  assert.deepEqual(
    mails.map((m) => [m.to, m.kind]),
    [['unverified@example.com', 'confirmation']],
  );
  assert.match(mails[0]?.link ?? '', /^http:\/\/localhost:8888\/#confirmation_token=[A-Za-z0-9_-]+$/);
});

test('a webhook that does not answer in time fails the action with 504 and leaves no user', async () => {
  const hooks = await startHookReceiver('hook-secret', 3000);
  closers.push(hooks);
  const server = await startServer({
    port: 0,
    quiet: true,
    env: {
      ...BASE_ENV,
      GOTRUE_MAILER_AUTOCONFIRM: 'true',
      GOTRUE_WEBHOOK_URL: `${hooks.url}/hook-slow`,
      GOTRUE_WEBHOOK_SECRET: 'hook-secret',
      GOTRUE_WEBHOOK_EVENTS: 'validate',
      GOTRUE_WEBHOOK_TIMEOUT_SEC: '1',
      GOTRUE_WEBHOOK_RETRIES: '1',
    },
  });
  closers.push(server);
  const signup = await send(
    server.url,
    'POST',
    '/signup',
    [['Content-Type', 'application/json']],
    JSON.stringify({ email: 'slow@example.com', password: 'pw' }),
  );
  assert.equal(signup.status, 504);
  assert.deepEqual(JSON.parse(signup.body), {
    code: 504,
    msg: 'Failed to perform webhook in time frame (1 seconds)',
    error_id: (JSON.parse(signup.body) as { error_id?: string }).error_id,
  });
  assert.match(
    (JSON.parse(signup.body) as { error_id?: string }).error_id ?? '',
    /^[0-9a-f-]{36}$/,
    '5xx answers carry an error_id',
  );
  const login = await send(
    server.url,
    'POST',
    '/token',
    [['Content-Type', 'application/x-www-form-urlencoded']],
    'grant_type=password&username=slow@example.com&password=pw',
  );
  assert.deepEqual(JSON.parse(login.body), {
    error: 'invalid_grant',
    error_description: 'No user found with that email, or password invalid.',
  });
});
