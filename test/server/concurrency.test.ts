// Races a real client can cause: a double-clicked signup from many tabs, and many tabs refreshing
// with the same single-use refresh token at once: exactly one of them may get new tokens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../src/server/index.js';
import { send, outbox } from './fixtures/replay.js';

const OPERATOR = 'concurrency-operator-token';
const JSON_BODY: Array<[string, string]> = [['Content-Type', 'application/json']];
const FORM_BODY: Array<[string, string]> = [['Content-Type', 'application/x-www-form-urlencoded']];
let server: Awaited<ReturnType<typeof startServer>>;

before(async () => {
  server = await startServer({
    port: 0,
    quiet: true,
    env: {
      GOTRUE_SITE_URL: 'http://localhost:8888',
      GOTRUE_JWT_SECRET: 'concurrency-secret',
      GOTRUE_OPERATOR_TOKEN: OPERATOR,
      GOTRUE_MAILER_AUTOCONFIRM: 'true',
      GOTRUE_BCRYPT_COST: '4',
    },
  });
});

after(() => server.close());

/** A proper error: 4xx with GoTrue's HTTPError body whose code is the status. */
function isProperError(answer: { status: number; body: string }): boolean {
  if (answer.status < 400 || answer.status >= 500) return false;
  const body = JSON.parse(answer.body) as { code?: unknown; msg?: unknown };
  return body.code === answer.status && typeof body.msg === 'string';
}

async function usersWithEmail(email: string): Promise<Array<{ id: string; email: string }>> {
  const answer = await send(server.url, 'GET', '/admin/users?per_page=1000', [['Authorization', `Bearer ${OPERATOR}`]]);
  assert.equal(answer.status, 200, answer.body);
  const { users } = JSON.parse(answer.body) as { users: Array<{ id: string; email: string }> };
  return users.filter((user) => user.email.toLowerCase() === email.toLowerCase());
}

test('100 concurrent signups with one email create exactly one user, and no answer is a 5xx', async () => {
  const email = 'race@example.com';
  const answers = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      send(server.url, 'POST', '/signup', JSON_BODY, JSON.stringify({ email, password: `pw-${i}` })),
    ),
  );
  const statuses = answers.map((a) => a.status);
  assert.ok(
    statuses.every((s) => s < 500),
    `server errors: ${statuses.filter((s) => s >= 500).length}`,
  );
  const created = answers
    .filter((a) => a.status === 200)
    .map((a) => JSON.parse(a.body) as { id: string; email: string });
  assert.ok(created.length >= 1, 'one signup succeeds');
  assert.ok(created.every((user) => user.email === email));
  assert.equal(new Set(created.map((user) => user.id)).size, 1, 'every successful answer is the same user');
  for (const failed of answers.filter((a) => a.status !== 200)) {
    assert.ok(isProperError(failed), `not a proper error: ${failed.status} ${failed.body}`);
  }
  const stored = await usersWithEmail(email);
  assert.equal(stored.length, 1);
  assert.equal(stored[0]?.id, created[0]?.id);
});

test('100 concurrent signups without autoconfirm: one user, every answer that user, one confirmation mail', async () => {
  const unconfirmed = await startServer({
    port: 0,
    quiet: true,
    env: {
      GOTRUE_SITE_URL: 'http://localhost:8888',
      GOTRUE_JWT_SECRET: 'concurrency-secret',
      GOTRUE_OPERATOR_TOKEN: OPERATOR,
      GOTRUE_BCRYPT_COST: '4',
    },
  });
  try {
    const email = 'pending@example.com';
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        send(
          unconfirmed.url,
          'POST',
          '/signup',
          JSON_BODY,
          JSON.stringify({ email, password: `pw-${i}`, data: { [`k${i}`]: i } }),
        ),
      ),
    );
    // Re-signup of an unconfirmed user is a 200 with the same user, as in GoTrue.
    assert.deepEqual([...new Set(answers.map((a) => a.status))], [200]);
    const users = answers.map((a) => JSON.parse(a.body) as { id: string; user_metadata: Record<string, unknown> });
    assert.equal(new Set(users.map((u) => u.id)).size, 1);
    // Every request's data was merged, none lost to a race.
    const final = users.reduce((most, u) =>
      Object.keys(u.user_metadata ?? {}).length > Object.keys(most.user_metadata ?? {}).length ? u : most,
    );
    assert.equal(Object.keys(final.user_metadata).length, 100);
    const mails = (await outbox(unconfirmed.url)).filter((m) => m.to === email);
    assert.equal(mails.length, 1, 'resends within SMTP_MAX_FREQUENCY are skipped');
  } finally {
    await unconfirmed.close();
  }
});

test('50 concurrent refreshes with one refresh token succeed exactly once; the rest get invalid_grant', async () => {
  const email = 'refresher@example.com';
  const signup = await send(server.url, 'POST', '/signup', JSON_BODY, JSON.stringify({ email, password: 'pw' }));
  assert.equal(signup.status, 200, signup.body);
  const login = await send(
    server.url,
    'POST',
    '/token',
    FORM_BODY,
    `grant_type=password&username=${encodeURIComponent(email)}&password=pw`,
  );
  assert.equal(login.status, 200, login.body);
  const { refresh_token: refreshToken } = JSON.parse(login.body) as { refresh_token: string };

  const form = `grant_type=refresh_token&refresh_token=${refreshToken}`;
  const answers = await Promise.all(
    Array.from({ length: 50 }, () => send(server.url, 'POST', '/token', FORM_BODY, form)),
  );
  const winners = answers.filter((a) => a.status === 200);
  assert.equal(winners.length, 1, `successful refreshes: ${winners.length}`);
  for (const loser of answers.filter((a) => a.status !== 200)) {
    assert.equal(loser.status, 400);
    assert.deepEqual(JSON.parse(loser.body), { error: 'invalid_grant', error_description: 'Invalid Refresh Token' });
  }
  // The one rotated token carries the session on.
  const next = (JSON.parse(winners[0]?.body ?? '{}') as { refresh_token: string }).refresh_token;
  const again = await send(server.url, 'POST', '/token', FORM_BODY, `grant_type=refresh_token&refresh_token=${next}`);
  assert.equal(again.status, 200, again.body);
});
