/**
 * The session against the local GoTrue server: real single-use refresh tokens (GoTrue revokes a
 * refresh token once it is used) and a real deleted user. Two Session objects sharing one storage stand for two tabs; Node has
 * BroadcastChannel but no Web Locks, so this also exercises the in-tab fallback (one refresh at a
 * time, storage re-read before the refresh token is spent).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAdminApi } from '../../src/core/admin.js';
import { GoTrueClient } from '../../src/core/client.js';
import { memoryStorage } from '../../src/core/session-storage.js';
import { Session, type SessionEvent } from '../../src/core/session.js';
import { startServer } from '../../src/server/index.js';

let server: Awaited<ReturnType<typeof startServer>>;
const opened: Session[] = [];

before(async () => {
  server = await startServer({
    port: 0,
    quiet: true,
    env: { GOTRUE_MAILER_AUTOCONFIRM: 'true', GOTRUE_OPERATOR_TOKEN: 'session-test-operator' },
  });
});

after(async () => {
  for (const session of opened) session.dispose();
  await server.close();
});

/** A client whose refresh calls are counted. */
function countingClient(counter: { refreshes: number }): GoTrueClient {
  const client = new GoTrueClient({ apiUrl: server.url });
  const refresh = client.refresh.bind(client);
  client.refresh = (token, opts) => {
    counter.refreshes++;
    return refresh(token, opts);
  };
  return client;
}

function openTabs(storageKey: string, counter: { refreshes: number }) {
  const storage = memoryStorage();
  const tab = () => {
    const session = new Session({ client: countingClient(counter), storage, tabStorage: memoryStorage(), storageKey });
    const events: SessionEvent[] = [];
    session.subscribe((event) => events.push(event));
    opened.push(session);
    return { session, events };
  };
  return [tab(), tab()] as const;
}

async function signedUp(email: string) {
  const client = new GoTrueClient({ apiUrl: server.url });
  await client.signup(email, 'correct horse battery staple', { full_name: 'Tab Tester' });
  return client.login(email, 'correct horse battery staple');
}

test('two tabs forcing a new token spend the refresh token once, and the new one works', async () => {
  const counter = { refreshes: 0 };
  const [a, b] = openTabs('gotrue.user.node-tabs', counter);
  const first = a.session.establish(await signedUp(`tabs-${Date.now()}@example.com`), 'password');
  assert.equal(b.session.restore()?.email, first.email);

  const [tokenA, tokenB] = await Promise.all([a.session.jwt(true), b.session.jwt(true)]);

  assert.equal(counter.refreshes, 1);
  assert.equal(tokenA, tokenB);
  // GoTrue's JWT has no iat/jti, so within one second the new JWT can equal the old; the refresh token rotates.
  assert.notEqual(a.session.user?.token.refresh_token, first.token.refresh_token);
  assert.equal(b.session.user?.token.refresh_token, a.session.user?.token.refresh_token);
  const client = new GoTrueClient({ apiUrl: server.url });
  assert.equal((await client.getUser(tokenA)).email, first.email);
  // Refresh tokens are single-use: the first one was rotated away, so nobody may spend it again.
  await assert.rejects(client.refresh(first.token.refresh_token), { code: 'invalid_token' });
  assert.ok(!a.events.some((event) => event.type === 'logout'));
  assert.ok(!b.events.some((event) => event.type === 'logout'));
});

test('a user deleted on the server is logged out of a restored session, not kept in storage', async () => {
  const counter = { refreshes: 0 };
  const [a, b] = openTabs('gotrue.user.node-deleted', counter);
  const user = a.session.establish(await signedUp(`deleted-${Date.now()}@example.com`), 'password');
  await new Promise<void>((resolve) => {
    const stop = a.session.subscribe((event) => event.type === 'user' && (stop(), resolve()));
  });

  const client = new GoTrueClient({ apiUrl: server.url });
  await createAdminApi(client).deleteUser(server.operatorToken, user.id);
  const loggedOut = [a, b].map(
    (tab) =>
      new Promise<SessionEvent>((resolve) =>
        tab.session.subscribe((event) => event.type === 'logout' && resolve(event)),
      ),
  );
  b.session.restore();

  // b finds out from GET /user; a is told by b.
  assert.deepEqual(await Promise.all(loggedOut), [
    { type: 'logout', reason: 'revoked' },
    { type: 'logout', reason: 'revoked' },
  ]);
  assert.equal(b.session.user, null);
  assert.equal(a.session.user, null);
});
