// `npm run dev`: the repository's vite.config.ts serves netlify/functions through the local
// server's functions runtime, and its identity-signup function makes @members.test users members.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('npm run dev: identity-signup from netlify/functions grants the member role, and whoami reads it from the verified JWT', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'functions-dev-'));
  const saved = { ...process.env };
  Object.assign(process.env, {
    GOTRUE_AUTH_DATA_DIR: dataDir,
    GOTRUE_BCRYPT_COST: '4',
    GOTRUE_MAILER_AUTOCONFIRM: 'true',
    NEW_USERS_FILE: join(dataDir, 'new-users.json'),
  });
  const server = await createServer({
    configFile: join(ROOT, 'vite.config.ts'),
    root: ROOT,
    logLevel: 'silent',
    server: { port: 0, host: '127.0.0.1' },
  });
  try {
    await server.listen();
    const url = (server.resolvedUrls?.local[0] ?? '').replace(/\/$/, '');
    const email = 'ada@members.test';
    const signup = await fetch(`${url}/.netlify/identity/signup`, {
      method: 'POST',
      body: JSON.stringify({ email, password: 'secret-pw' }),
    });
    assert.equal(signup.status, 200, await signup.clone().text());
    const tokens = await fetch(`${url}/.netlify/identity/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', username: email, password: 'secret-pw' }),
    });
    const { access_token } = (await tokens.json()) as { access_token: string };

    const whoami = await fetch(`${url}/.netlify/functions/whoami`, {
      headers: { Authorization: `Bearer ${access_token}` },
    });
    assert.equal(whoami.status, 200);
    assert.deepEqual(await whoami.json(), { email, roles: ['member'] });
    const anonymous = await fetch(`${url}/.netlify/functions/whoami`, {
      headers: { Authorization: `Bearer ${access_token.slice(0, -4)}AAAA` },
    });
    assert.equal(anonymous.status, 401, 'a tampered token is no user');
  } finally {
    await server.close();
    process.env = saved;
    rmSync(dataDir, { recursive: true, force: true });
  }
});
