// Settings under GoTrue's own names change what a client sees, and a bad
// setting stops the start with a message naming it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { startServer, type RunningServer } from '../../src/server/index.js';

const servers: RunningServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function server(env: Record<string, string>): Promise<RunningServer> {
  const s = await startServer({
    quiet: true,
    useProcessEnv: false,
    env: { GOTRUE_SITE_URL: 'http://localhost:8888', GOTRUE_BCRYPT_COST: '4', ...env },
  });
  servers.push(s);
  return s;
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers,
});

test('GOTRUE_EXTERNAL_EMAIL_DISABLED turns off every email/password endpoint and says so in /settings', async () => {
  const s = await server({
    GOTRUE_EXTERNAL_EMAIL_DISABLED: 'true',
    GOTRUE_EXTERNAL_SAML_ENABLED: 'true',
    GOTRUE_EXTERNAL_SAML_NAME: 'Company SSO',
  });
  const settings = (await (await fetch(`${s.url}/settings`)).json()) as {
    external: Record<string, boolean>;
    external_labels: object;
  };
  assert.equal(settings.external.email, false);
  assert.equal(settings.external.saml, true);
  assert.deepEqual(settings.external_labels, { saml: 'Company SSO' });
  const refused = { code: 400, msg: 'Unsupported email provider' };
  assert.deepEqual(
    await (await fetch(`${s.url}/signup`, json({ email: 'a@example.com', password: 'pw' }))).json(),
    refused,
  );
  assert.deepEqual(await (await fetch(`${s.url}/recover`, json({ email: 'a@example.com' }))).json(), refused);
  assert.deepEqual(
    await (
      await fetch(`${s.url}/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'password', username: 'a', password: 'b' }),
      })
    ).json(),
    refused,
  );
  const byAdmin = await fetch(
    `${s.url}/admin/users`,
    json({ email: 'a@example.com' }, { Authorization: `Bearer ${s.operatorToken}` }),
  );
  assert.deepEqual(await byAdmin.json(), refused);
});

test('GOTRUE_DISABLE_SIGNUP refuses signups but invites still work', async () => {
  const s = await server({ GOTRUE_DISABLE_SIGNUP: 'true' });
  const signup = await fetch(`${s.url}/signup`, json({ email: 'a@example.com', password: 'pw' }));
  assert.deepEqual(await signup.json(), { code: 403, msg: 'Signups not allowed for this instance' });
  const invite = await fetch(
    `${s.url}/invite`,
    json({ email: 'invited@example.com' }, { Authorization: `Bearer ${s.operatorToken}` }),
  );
  assert.equal(invite.status, 200);
  assert.ok(((await invite.json()) as { invited_at?: string }).invited_at);
});

test('GOTRUE_JWT_AUD, _EXP and _DEFAULT_GROUP_NAME shape users and tokens', async () => {
  const s = await server({
    GOTRUE_JWT_AUD: 'api.example',
    GOTRUE_JWT_EXP: '90',
    GOTRUE_JWT_DEFAULT_GROUP_NAME: 'member',
    GOTRUE_MAILER_AUTOCONFIRM: 'true',
  });
  const user = (await (await fetch(`${s.url}/signup`, json({ email: 'aud@example.com', password: 'pw' }))).json()) as {
    aud: string;
    role: string;
  };
  assert.deepEqual([user.aud, user.role], ['api.example', 'member']);
  const tokens = (await (
    await fetch(`${s.url}/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', username: 'aud@example.com', password: 'pw' }),
    })
  ).json()) as { access_token: string; expires_in: number };
  assert.equal(tokens.expires_in, 90);
  const claims = decodeJwt(tokens.access_token);
  assert.deepEqual(Object.keys(claims), ['aud', 'exp', 'sub', 'email', 'app_metadata', 'user_metadata']);
  assert.equal(claims.aud, 'api.example');
});

test('GOTRUE_SMTP_MAX_FREQUENCY takes Go durations: with 0s a second recovery mail is sent at once', async () => {
  const s = await server({ GOTRUE_SMTP_MAX_FREQUENCY: '0s', GOTRUE_MAILER_AUTOCONFIRM: 'true' });
  await fetch(`${s.url}/signup`, json({ email: 'often@example.com', password: 'pw' }));
  assert.equal((await fetch(`${s.url}/recover`, json({ email: 'often@example.com' }))).status, 200);
  assert.equal((await fetch(`${s.url}/recover`, json({ email: 'often@example.com' }))).status, 200);
  const mails = (await (await fetch(`${s.url}/_outbox/messages`)).json()) as Array<{ kind: string; token: string }>;
  const recoveries = mails.filter((m) => m.kind === 'recovery');
  assert.equal(recoveries.length, 2);
  const old = await fetch(`${s.url}/verify`, json({ type: 'recovery', token: recoveries[0]!.token }));
  assert.deepEqual(await old.json(), { code: 404, msg: 'User not found' }, 'a newer mail replaces the older token');
});

test('bad settings stop the start with a message that names them', async () => {
  await assert.rejects(
    startServer({ quiet: true, useProcessEnv: false, env: { GOTRUE_SMTP_MAX_FREQUENCY: 'soon' } }),
    /GOTRUE_SMTP_MAX_FREQUENCY must be a Go duration like 15m or 1s, got "soon"/,
  );
  await assert.rejects(
    startServer({ quiet: true, useProcessEnv: false, env: { GOTRUE_SITE_URL: 'localhost' } }),
    /GOTRUE_SITE_URL must be an http:\/\/ or https:\/\/ URL without spaces or control characters, got "localhost"/,
  );
  await assert.rejects(
    startServer({ quiet: true, useProcessEnv: false, env: { GOTRUE_JWT_EXP: 'an hour' } }),
    /GOTRUE_JWT_EXP must be a number/,
  );
});
