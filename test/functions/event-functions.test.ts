// Identity event functions in the functions folder, called at the moments Netlify calls them, with
// the body and signature Netlify sends; an answer other than 200, 202 or 204 blocks the action.
import { after, test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import type { Received } from './fixtures/record.js';
import {
  createUser,
  JWT_SECRET,
  login,
  postJson,
  providerLanding,
  providerLogin,
  serverWithFunctions,
  type TestServer,
} from './helpers.js';

const EVENTS = fileURLToPath(new URL('./fixtures/events', import.meta.url));
const state = globalThis as { functionsTestEvents?: Received[] };
const received = () => state.functionsTestEvents ?? [];
beforeEach(() => {
  state.functionsTestEvents = [];
});

const server = (env: Record<string, string> = {}) => serverWithFunctions({ dir: EVENTS }, env);

async function users(s: TestServer): Promise<string[]> {
  const answer = await fetch(`${s.url}/admin/users`, { headers: { Authorization: `Bearer ${s.operatorToken}` } });
  return ((await answer.json()) as { users: Array<{ email: string }> }).users.map((u) => u.email);
}

async function outbox(s: TestServer): Promise<Array<{ to: string; token: string }>> {
  return (await (await fetch(`${s.url}/_outbox/messages`)).json()) as Array<{ to: string; token: string }>;
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

test('identity-validate refusing a domain blocks the signup with the real error and creates nothing', async () => {
  const s = await server();
  const refused = await fetch(`${s.url}/signup`, postJson({ email: 'eve@blocked.test', password: 'secret-pw' }));
  assert.equal(refused.status, 422);
  assert.deepEqual(await refused.json(), { code: 422, msg: 'Failed to handle signup webhook' });
  assert.deepEqual(await users(s), []);
  assert.deepEqual(await outbox(s), [], 'no confirmation mail');
  assert.equal(
    received().filter((r) => r.name === 'identity-validate').length,
    3,
    'tried as often as GoTrue retries a hook',
  );

  const accepted = await fetch(`${s.url}/signup`, postJson({ email: 'ann@example.com', password: 'secret-pw' }));
  assert.equal(accepted.status, 200);
  assert.deepEqual(await users(s), ['ann@example.com']);
});

test('identity-signup adding the member role: the role is in the JWT after confirmation; the body and signature are what Netlify sends', async () => {
  const s = await server();
  const signedUp = await fetch(
    `${s.url}/signup`,
    postJson({ email: 'mia@example.com', password: 'secret-pw', data: { full_name: 'Mia' } }),
  );
  assert.equal(signedUp.status, 200);
  assert.deepEqual(
    received().map((r) => r.name),
    ['identity-validate'],
    'signup runs only when the address is confirmed',
  );
  const [mail] = await outbox(s);
  const verified = await fetch(`${s.url}/verify`, postJson({ type: 'signup', token: mail!.token }));
  assert.equal(verified.status, 200);
  const { access_token } = (await verified.json()) as { access_token: string };
  assert.deepEqual(claimsOf(access_token).app_metadata, { provider: 'email', roles: ['member'] });

  const loggedIn = await login(s, 'mia@example.com');
  const tokens = (await loggedIn.json()) as { access_token: string };
  assert.deepEqual(
    claimsOf(tokens.access_token).app_metadata,
    { provider: 'email', roles: ['member'] },
    'kept for later logins',
  );

  const signup = received().find((r) => r.name === 'identity-signup')!;
  assert.equal(signup.event, 'identity_signup');
  const body = JSON.parse(signup.body) as {
    event: string;
    instance_id: string;
    user: { email: string; user_metadata: unknown };
  };
  assert.equal(body.event, 'signup');
  assert.equal(body.instance_id, '00000000-0000-0000-0000-000000000000');
  assert.equal(body.user.email, 'mia@example.com');
  assert.deepEqual(body.user.user_metadata, { full_name: 'Mia' });
  assert.deepEqual(decodeProtectedHeader(signup.signature!), { alg: 'HS256', typ: 'JWT' });
  const { payload } = await jwtVerify(signup.signature!, new TextEncoder().encode(JWT_SECRET));
  assert.equal(payload.iss, 'gotrue');
  assert.equal(
    payload.sha256,
    createHash('sha256').update(signup.body).digest('hex'),
    'the signature covers the exact body',
  );
});

test('identity-login answering 500 blocks the login and issues no tokens', async () => {
  const s = await server();
  await createUser(s, 'refused@example.com');
  const answer = await login(s, 'refused@example.com');
  assert.equal(answer.status, 422);
  const body = (await answer.json()) as Record<string, unknown>;
  assert.deepEqual(body, { code: 422, msg: 'Failed to handle signup webhook' });
  assert.equal('access_token' in body, false);
  assert.equal(answer.headers.get('set-cookie'), null);
});

test('a background event function runs after the event and cannot block it', async () => {
  const s = await server();
  await createUser(s, 'bo@example.com');
  const answer = await login(s, 'bo@example.com');
  assert.equal(answer.status, 200, 'the failing background function did not block the login');
  await s.app.functions!.settle();
  const background = received().filter((r) => r.name === 'identity-login-background');
  assert.equal(background.length, 1, 'it ran once: its answer is a 202, never retried');
  assert.equal((JSON.parse(background[0]!.body) as { event: string }).event, 'login');
  assert.ok(
    s.logs.some((line) => line.includes('background work failed')),
    'its failure is logged',
  );
});

interface Delivery {
  event: string;
  user: { email: string; app_metadata: { roles?: string[] } };
}

/** A GOTRUE_WEBHOOK_URL receiver on 127.0.0.1 that keeps each body and answers `status(body)`. */
async function webhookReceiver(
  status: (delivery: Delivery) => number = () => 204,
): Promise<{ url: string; deliveries: Delivery[] }> {
  const deliveries: Delivery[] = [];
  const { createServer } = await import('node:http');
  const receiver = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      const delivery = JSON.parse(text) as Delivery;
      deliveries.push(delivery);
      res.writeHead(status(delivery)).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
  return { url: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`, deliveries };
}

test('with a webhook configured too, both are called: the event function first, the webhook seeing its answer', async () => {
  const hook = await webhookReceiver();
  const s = await server({
    GOTRUE_WEBHOOK_URL: hook.url,
    GOTRUE_WEBHOOK_EVENTS: 'signup',
    GOTRUE_MAILER_AUTOCONFIRM: 'true',
  });
  const answer = await fetch(`${s.url}/signup`, postJson({ email: 'both@example.com', password: 'secret-pw' }));
  assert.equal(answer.status, 200);
  assert.deepEqual(
    received().map((r) => r.name),
    ['identity-validate', 'identity-signup'],
  );
  assert.equal(hook.deliveries.length, 1);
  assert.deepEqual(hook.deliveries[0]!.user.app_metadata.roles, ['member']);
});

test('a provider sign-up with a webhook configured too: the functions get validate and login, the webhook validate and signup', async () => {
  const hook = await webhookReceiver();
  const s = await server({
    GOTRUE_EXTERNAL_GITHUB_ENABLED: 'true',
    GOTRUE_WEBHOOK_URL: hook.url,
    GOTRUE_WEBHOOK_EVENTS: 'validate,signup,login',
  });
  await providerLogin(s, 'hub@example.com', 'Hub Bot');
  await s.app.functions!.settle();
  assert.deepEqual(
    received().map((r) => `${r.name} ${(JSON.parse(r.body) as { event: string }).event}`),
    ['identity-validate validate', 'identity-login login', 'identity-login-background login'],
  );
  assert.deepEqual(
    hook.deliveries.map((d) => d.event),
    ['validate', 'signup'],
  );

  state.functionsTestEvents = [];
  await providerLogin(s, 'hub@example.com', 'Hub Bot');
  await s.app.functions!.settle();
  assert.deepEqual(
    received().map((r) => r.name),
    ['identity-login', 'identity-login-background'],
  );
  assert.deepEqual(
    hook.deliveries.map((d) => d.event),
    ['validate', 'signup', 'login'],
  );
});

test('a provider sign-up refused by an event function or a webhook keeps nothing, and the browser lands with the error', async () => {
  const hook = await webhookReceiver((d) => (d.event === 'signup' && d.user.email.startsWith('hub') ? 500 : 204));
  const s = await server({
    GOTRUE_EXTERNAL_GITHUB_ENABLED: 'true',
    GOTRUE_WEBHOOK_URL: hook.url,
    GOTRUE_WEBHOOK_EVENTS: 'signup',
    GOTRUE_WEBHOOK_RETRIES: '1',
  });
  const refusals = [
    ['eve@blocked.test', 'identity-validate refuses the domain'],
    ['refused-octo@example.com', 'identity-login answers 500'],
    ['hub@example.com', 'the webhook answers 500 to signup'],
  ];
  for (const [email, why] of refusals) {
    const landing = new URL(await providerLanding(s, email!, 'Octo Cat'));
    assert.equal(`${landing.origin}${landing.pathname}`, 'http://localhost:8888/', why);
    assert.deepEqual(
      Object.fromEntries(new URLSearchParams(landing.hash.slice(1))),
      { error: 'server_error', error_description: 'Failed to handle signup webhook' },
      `${why}: GoTrue's error in the fragment, no tokens`,
    );
  }
  assert.deepEqual(await users(s), [], 'no user was kept');
  assert.deepEqual(await outbox(s), [], 'and no mail sent');

  const later = new URL(await providerLanding(s, 'eve@example.com', 'Eve'));
  assert.match(later.hash, /^#access_token=/);
  assert.deepEqual(await users(s), ['eve@example.com']);
});

test('a provider sign-up calls identity-login instead of identity-signup, as Netlify does, and the log says so', async () => {
  const s = await server({ GOTRUE_EXTERNAL_GITHUB_ENABLED: 'true' });
  await providerLogin(s, 'octo@example.com', 'Octo Cat');
  await s.app.functions!.settle();
  assert.deepEqual(
    received().map((r) => r.name),
    ['identity-validate', 'identity-login', 'identity-login-background'],
  );
  const login = received().find((r) => r.name === 'identity-login')!;
  assert.equal(login.event, 'identity_login');
  assert.equal((JSON.parse(login.body) as { event: string; user: { app_metadata: unknown } }).event, 'login');
  assert.ok(
    s.logs.some((line) =>
      /^identity-signup was not called for octo@example\.com, who signed up through github: .*identity-login is called instead/.test(
        line,
      ),
    ),
    s.logs.join('\n'),
  );
  state.functionsTestEvents = [];
  await providerLogin(s, 'octo@example.com', 'Octo Cat');
  assert.deepEqual(
    received()
      .map((r) => r.name)
      .slice(0, 1),
    ['identity-login'],
    'and on every later provider login',
  );
});

test('with identity-signup but no identity-login, a provider sign-up logs one line saying to add identity-login', async () => {
  const s = await serverWithFunctions(
    { dir: fileURLToPath(new URL('./fixtures/signup-only', import.meta.url)) },
    { GOTRUE_EXTERNAL_GITHUB_ENABLED: 'true' },
  );
  await providerLogin(s, 'solo@example.com', 'Solo');
  assert.deepEqual(
    s.logs.filter((line) => line.startsWith('identity-signup was not called')),
    [
      'identity-signup was not called for solo@example.com, who signed up through github: Netlify calls it for email ' +
        'sign-ups only. Add an identity-login function to give provider users their roles: Netlify calls that one for them.',
    ],
  );
  await providerLogin(s, 'solo@example.com', 'Solo');
  assert.equal(
    s.logs.filter((line) => line.startsWith('identity-signup was not called')).length,
    1,
    'a later login of the same user adds no line',
  );
});

test('event functions get the identity URL of the origin the API is called on, also when the app is mounted without startServer', async () => {
  const { createServer } = await import('node:http');
  const { createGoTrue } = await import('../../src/server/index.js');
  const app = await createGoTrue({
    quiet: true,
    useProcessEnv: false,
    env: { GOTRUE_BCRYPT_COST: '4' },
    functions: { dir: EVENTS, log: () => {} },
  });
  const http = createServer((req, res) => app.handle(req, res));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  try {
    const origin = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
    assert.equal(
      (await fetch(`${origin}/signup`, postJson({ email: 'url@example.com', password: 'secret-pw' }))).status,
      200,
    );
    assert.equal(received().find((r) => r.name === 'identity-validate')?.identityUrl, `${origin}/.netlify/identity`);
  } finally {
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await app.close();
  }
});
