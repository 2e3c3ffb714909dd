// A user created without metadata: GoTrue's creating answer says `"user_metadata": null`, but every
// later answer and JWT reads it back from the database as `{}` (observed on the real server for a
// repeated signup, and in its source for the admin API and invites).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../src/server/index.js';

const servers: RunningServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function server(env: Record<string, string> = {}): Promise<RunningServer> {
  const s = await startServer({
    quiet: true,
    useProcessEnv: false,
    env: { GOTRUE_BCRYPT_COST: '4', GOTRUE_SMTP_MAX_FREQUENCY: '0', ...env },
  });
  servers.push(s);
  return s;
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { 'Content-Type': 'application/json', ...headers },
});
const metadataOf = async (answer: Response) => ((await answer.json()) as { user_metadata: unknown }).user_metadata;
const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as { user_metadata: unknown };

test('signup without data: null in the answer that creates the user, {} in the next signup answer and after', async () => {
  const s = await server();
  assert.equal(
    await metadataOf(await fetch(`${s.url}/signup`, json({ email: 'erin@example.com', password: 'pw' }))),
    null,
  );
  assert.deepEqual(
    await metadataOf(await fetch(`${s.url}/signup`, json({ email: 'erin@example.com', password: 'pw' }))),
    {},
  );
});

test('admin-created user without user_metadata: null when created, {} when read, in the JWT and from GET /user', async () => {
  const s = await server();
  const admin = { Authorization: `Bearer ${s.operatorToken}` };
  const created = await fetch(
    `${s.url}/admin/users`,
    json({ email: 'ann@example.com', password: 'pw', confirm: true }, admin),
  );
  const { id, user_metadata } = (await created.json()) as { id: string; user_metadata: unknown };
  assert.equal(user_metadata, null);
  assert.deepEqual(await metadataOf(await fetch(`${s.url}/admin/users/${id}`, { headers: admin })), {});
  const tokens = await fetch(`${s.url}/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', username: 'ann@example.com', password: 'pw' }),
  });
  const { access_token } = (await tokens.json()) as { access_token: string };
  assert.deepEqual(claimsOf(access_token).user_metadata, {});
  assert.deepEqual(
    await metadataOf(await fetch(`${s.url}/user`, { headers: { Authorization: `Bearer ${access_token}` } })),
    {},
  );
});

test('invited user: null in the invite answer, {} once read back', async () => {
  const s = await server();
  const admin = { Authorization: `Bearer ${s.operatorToken}` };
  const invited = await fetch(`${s.url}/invite`, json({ email: 'ivy@example.com' }, admin));
  const { id, user_metadata } = (await invited.json()) as { id: string; user_metadata: unknown };
  assert.equal(user_metadata, null);
  assert.deepEqual(await metadataOf(await fetch(`${s.url}/admin/users/${id}`, { headers: admin })), {});
});
