// Event hooks a site owner can test locally: GOTRUE_WEBHOOK_* deliveries signed with the webhook
// secret, on a receiver on 127.0.0.1 (real GoTrue would refuse loopback). Identity event functions
// are tested in test/functions.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify, decodeProtectedHeader } from 'jose';
import { startServer, type RunningServer } from '../../src/server/index.js';

interface Delivery {
  path: string;
  event: string | undefined;
  signature: string | undefined;
  body: string;
}

/** A receiver that records every delivery and answers per path. */
async function startReceiver(answers: Record<string, { status: number; body?: string }>) {
  const deliveries: Delivery[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      deliveries.push({
        path,
        event: req.headers['x-netlify-event'] as string | undefined,
        signature: req.headers['x-webhook-signature'] as string | undefined,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const answer = answers[path] ?? { status: 404 };
      res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    deliveries,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const closers: Array<{ close(): Promise<void> }> = [];
after(() => Promise.all(closers.map((c) => c.close())));

async function server(env: Record<string, string>): Promise<RunningServer> {
  const s = await startServer({
    quiet: true,
    useProcessEnv: false,
    env: { GOTRUE_SITE_URL: 'http://localhost:8888', GOTRUE_BCRYPT_COST: '4', GOTRUE_JWT_SECRET: 'jwt-secret', ...env },
  });
  closers.push(s);
  return s;
}

const json = (body: unknown) => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { 'Content-Type': 'application/json' },
});
const login = (email: string, password: string) => ({
  method: 'POST',
  body: new URLSearchParams({ grant_type: 'password', username: email, password }),
});

/** Checks the signature as a receiver should: HMAC with the secret, then sha256 of the exact body. */
async function verifySignature(delivery: Delivery, secret: string): Promise<Record<string, unknown>> {
  assert.ok(delivery.signature, 'a signature header is sent');
  assert.deepEqual(decodeProtectedHeader(delivery.signature), { alg: 'HS256', typ: 'JWT' });
  const { payload } = await jwtVerify(delivery.signature, new TextEncoder().encode(secret));
  assert.equal(payload.iss, 'gotrue');
  assert.equal(payload.sub, '00000000-0000-0000-0000-000000000000');
  assert.equal(payload.sha256, createHash('sha256').update(delivery.body).digest('hex'));
  assert.deepEqual(Object.keys(payload), ['iss', 'sub', 'iat', 'sha256']);
  return payload;
}

test('webhooks: signed deliveries, only listed events, answers replace metadata and reach the JWT', async () => {
  const receiver = await startReceiver({
    '/hook': { status: 200, body: JSON.stringify({ app_metadata: { roles: ['member'] } }) },
  });
  closers.push(receiver);
  const s = await server({
    GOTRUE_MAILER_AUTOCONFIRM: 'true',
    GOTRUE_WEBHOOK_URL: `${receiver.url}/hook`,
    GOTRUE_WEBHOOK_SECRET: 'hook-secret',
    GOTRUE_WEBHOOK_EVENTS: 'signup,login',
  });
  const signup = await fetch(
    `${s.url}/signup`,
    json({ email: 'hooked@example.com', password: 'pw', data: { full_name: 'Hook' } }),
  );
  const user = (await signup.json()) as { app_metadata: unknown; user_metadata: unknown };
  assert.deepEqual(user.app_metadata, { roles: ['member'] }, 'the hook answer replaced provider:email entirely');
  assert.deepEqual(user.user_metadata, { full_name: 'Hook' }, 'a map the hook left out is kept');
  const tokens = (await (await fetch(`${s.url}/token`, login('hooked@example.com', 'pw'))).json()) as {
    access_token: string;
  };
  const { payload } = await jwtVerify(tokens.access_token, new TextEncoder().encode('jwt-secret'));
  assert.deepEqual(payload.app_metadata, { roles: ['member'] });

  assert.deepEqual(
    receiver.deliveries.map((d) => d.event),
    ['identity_signup', 'identity_login'],
    'validate is not listed, so it does not fire',
  );
  for (const delivery of receiver.deliveries) await verifySignature(delivery, 'hook-secret');
  const body = JSON.parse(receiver.deliveries[0]!.body) as {
    event: string;
    instance_id: string;
    user: { email: string };
  };
  assert.deepEqual(Object.keys(body), ['event', 'instance_id', 'user']);
  assert.equal(body.event, 'signup');
  assert.equal(body.user.email, 'hooked@example.com');
});

test('webhooks: a veto is retried RETRIES times, then 422 and no user is left behind', async () => {
  const receiver = await startReceiver({ '/no': { status: 400 } });
  closers.push(receiver);
  const s = await server({
    GOTRUE_WEBHOOK_URL: `${receiver.url}/no`,
    GOTRUE_WEBHOOK_EVENTS: 'validate',
    GOTRUE_WEBHOOK_RETRIES: '2',
  });
  const signup = await fetch(`${s.url}/signup`, json({ email: 'vetoed@example.com', password: 'pw' }));
  assert.equal(signup.status, 422);
  assert.deepEqual(await signup.json(), { code: 422, msg: 'Failed to handle signup webhook' });
  assert.equal(receiver.deliveries.length, 2);
  assert.equal(receiver.deliveries[0]!.signature, undefined, 'no secret, no signature header');
  const again = await fetch(`${s.url}/signup`, json({ email: 'vetoed@example.com', password: 'pw' }));
  assert.equal(again.status, 422, 'the first attempt left no unconfirmed user to re-signup');
  const mails = (await (await fetch(`${s.url}/_outbox/messages`)).json()) as unknown[];
  assert.equal(mails.length, 0, 'a vetoed signup sends no confirmation mail');
});

test('webhooks: malformed JSON answers fail with 500, an unreachable hook with 502', async () => {
  const receiver = await startReceiver({ '/bad': { status: 200, body: 'not json' } });
  closers.push(receiver);
  const bad = await server({
    GOTRUE_MAILER_AUTOCONFIRM: 'true',
    GOTRUE_WEBHOOK_URL: `${receiver.url}/bad`,
    GOTRUE_WEBHOOK_EVENTS: 'validate',
  });
  const answer = await fetch(`${bad.url}/signup`, json({ email: 'm@example.com', password: 'pw' }));
  assert.equal(answer.status, 500);
  assert.match(((await answer.json()) as { msg: string }).msg, /^Webhook returned malformed JSON: /);

  const dead = await startReceiver({});
  await dead.close();
  const unreachable = await server({
    GOTRUE_MAILER_AUTOCONFIRM: 'true',
    GOTRUE_WEBHOOK_URL: `${dead.url}/hook`,
    GOTRUE_WEBHOOK_EVENTS: 'validate',
  });
  const refused = await fetch(`${unreachable.url}/signup`, json({ email: 'm@example.com', password: 'pw' }));
  assert.equal(refused.status, 502);
  const body = (await refused.json()) as { msg: string; error_id?: string };
  assert.equal(body.msg, `Failed to connect to ${dead.url}/hook`);
  assert.ok(body.error_id, '5xx answers carry an error_id');
});
