// Logout really logs out: a refresh token stolen from the victim and refreshed in a loop by the
// thief must stop working once the victim's POST /logout has answered 204, however the refreshes
// and the logout interleave.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../src/server/index.js';

let server: RunningServer;

before(async () => {
  server = await startServer({
    quiet: true,
    useProcessEnv: false,
    env: { GOTRUE_MAILER_AUTOCONFIRM: 'true', GOTRUE_BCRYPT_COST: '4' },
  });
});
after(() => server.close());

async function tokenGrant(
  fields: Record<string, string>,
): Promise<{ status: number; access_token?: string; refresh_token?: string }> {
  const response = await fetch(`${server.url}/token`, { method: 'POST', body: new URLSearchParams(fields) });
  return { status: response.status, ...((await response.json()) as { access_token?: string; refresh_token?: string }) };
}

test('after POST /logout answers 204, no refresh token of that user works, even one being refreshed at that moment (100 rounds)', async () => {
  const email = 'victim@example.com';
  const signup = await fetch(`${server.url}/signup`, {
    method: 'POST',
    body: JSON.stringify({ email, password: 'pw' }),
  });
  assert.equal(signup.status, 200);
  let survivors = 0;
  for (let round = 0; round < 100; round++) {
    const login = await tokenGrant({ grant_type: 'password', username: email, password: 'pw' });
    assert.equal(login.status, 200);
    let loggedOut = false;
    let refreshesAfterLogout = 0;
    let held = login.refresh_token as string;
    // The thief refreshes as fast as the server answers; after the logout it tries twice more.
    const thief = (async () => {
      while (!loggedOut || refreshesAfterLogout < 2) {
        const seenLogout = loggedOut;
        const answer = await tokenGrant({ grant_type: 'refresh_token', refresh_token: held });
        if (answer.status !== 200) return;
        held = answer.refresh_token as string;
        if (seenLogout) refreshesAfterLogout++;
      }
    })();
    // Let the thief's loop get going before the victim logs out, at a different point each round.
    for (let i = 0; i < round % 3; i++) await new Promise((resolve) => setImmediate(resolve));
    const logout = await fetch(`${server.url}/logout`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${login.access_token}` },
    });
    assert.equal(logout.status, 204);
    loggedOut = true;
    await thief;
    const last = await tokenGrant({ grant_type: 'refresh_token', refresh_token: held });
    if (last.status === 200) survivors++;
  }
  assert.equal(survivors, 0, `${survivors} of 100 stolen sessions outlived the logout`);
});
