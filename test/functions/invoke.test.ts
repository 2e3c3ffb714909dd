// `invoke`: an identity event function called with the payload GoTrue sends for a real stored user,
// from code and from the CLI; it shows the request, the answer and what would change, saving nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jwtVerify } from 'jose';
import { main } from '../../src/server/cli.js';
import { invokeEventFunction, startServer } from '../../src/server/index.js';
import { createUser, JWT_SECRET, serverWithFunctions, type TestServer } from './helpers.js';

const EVENTS = fileURLToPath(new URL('./fixtures/events', import.meta.url));

const target = (s: TestServer) => ({
  url: s.url,
  operatorToken: s.operatorToken,
  config: s.app.config,
  functions: s.app.functions!,
});

test('invokeEventFunction sends the stored user as GoTrue would, reports the change, and saves nothing', async () => {
  const s = await serverWithFunctions({ dir: EVENTS });
  const { id } = await createUser(s, 'mia@example.com', { user_metadata: { full_name: 'Mia' } });
  const report = await invokeEventFunction(target(s), 'signup', 'MIA@example.com');
  assert.equal(report.function, 'identity-signup');
  assert.equal(report.request.url, `${s.url}/.netlify/functions/identity-signup`);
  assert.equal(report.request.body.event, 'signup');
  assert.equal(report.request.body.user.id, id);
  assert.deepEqual(report.request.body.user.user_metadata, { full_name: 'Mia' });
  assert.equal(report.request.headers['X-Netlify-Event'], 'identity_signup');
  await jwtVerify(report.request.headers['x-webhook-signature']!, new TextEncoder().encode(JWT_SECRET));
  assert.equal(report.answer.status, 200);
  assert.equal(report.outcome, 'accepted');
  assert.deepEqual(report.changes, {
    app_metadata: { before: { provider: 'email' }, after: { provider: 'email', roles: ['member'] } },
  });

  const stored = await fetch(`${s.url}/admin/users/${id}`, { headers: { Authorization: `Bearer ${s.operatorToken}` } });
  assert.deepEqual(
    ((await stored.json()) as { app_metadata: unknown }).app_metadata,
    { provider: 'email' },
    'nothing saved',
  );
});

test('invokeEventFunction reports a blocking answer with the error GoTrue would give', async () => {
  const s = await serverWithFunctions({ dir: EVENTS });
  await createUser(s, 'refused@example.com');
  const report = await invokeEventFunction(target(s), 'login', 'refused@example.com');
  assert.equal(report.outcome, 'blocked');
  assert.equal(report.answer.status, 500);
  assert.equal(report.error, '422 Failed to handle signup webhook');
  await assert.rejects(
    invokeEventFunction(target(s), 'login', 'nobody@example.com'),
    /no user with the address nobody@example.com/,
  );
  await assert.rejects(invokeEventFunction(target(s), 'usermodified', 'refused@example.com'), /unknown event/);
});

test('gotrue-auth-server invoke prints the request with the real payload, the answer and the change', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'functions-invoke-'));
  const server = await startServer({
    dataDir,
    quiet: true,
    useProcessEnv: false,
    env: { GOTRUE_BCRYPT_COST: '4' },
    functions: { dir: EVENTS, log: () => {} },
  });
  try {
    await createUser(server as TestServer, 'cli@example.com');
    const printed: string[] = [];
    t.mock.method(console, 'log', (line: string) => printed.push(line));
    await main(['invoke', 'signup', '--email', 'cli@example.com', '--data', dataDir, '--functions', EVENTS]);
    const output = printed.join('\n');
    assert.match(output, new RegExp(`^POST ${server.url}/\\.netlify/functions/identity-signup$`, 'm'));
    assert.match(output, /^x-webhook-signature: ey/m);
    assert.match(output, /"email": "cli@example.com"/);
    assert.match(output, /^<- 200$/m);
    assert.match(
      output,
      /Accepted: app_metadata would be replaced\n {2}was: \{"provider":"email"\}\n {2}now: \{"provider":"email","roles":\["member"\]\}/,
    );
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
