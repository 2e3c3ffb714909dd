// Password hashes: the server writes GoTrue's `$2a$` bcrypt format and still verifies the hashes
// earlier versions wrote with bcryptjs, so existing data folders keep working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPassword, hashPassword } from '../../src/server/auth.js';
import type { Instance } from '../../src/server/context.js';

const PASSWORD = 'correct horse battery staple';
/** Made once with bcryptjs 3.0.3 from a `$2a$10$` salt: the format GoTrue itself writes. */
const BCRYPTJS_2A = '$2a$10$EkVXYnZ1WPhXiXWfUJ2aCuZdSt37wGMQfSMoGjYYRBMXilR3xJzhq';
/** Made once with bcryptjs 3.0.3's defaults: what this server wrote into data folders before. */
const BCRYPTJS_2B = '$2b$10$XBjWfBsAzia6l7ws1OH3nuWNLSoo89mVwfeiiBt7sAYvmOjFKjc9G';

const app = { config: { bcryptCost: 4 } } as Instance;

test('a $2a$ hash made by bcryptjs verifies, and a wrong password does not', async () => {
  assert.equal(await checkPassword(PASSWORD, BCRYPTJS_2A), true);
  assert.equal(await checkPassword('Correct horse battery staple', BCRYPTJS_2A), false);
});

test('a $2b$ hash this server wrote with bcryptjs still verifies', async () => {
  assert.equal(await checkPassword(PASSWORD, BCRYPTJS_2B), true);
  assert.equal(await checkPassword('', BCRYPTJS_2B), false);
});

test("new hashes use GoTrue's $2a$ format at the configured cost and verify", async () => {
  const hash = await hashPassword(app, PASSWORD);
  assert.match(hash, /^\$2a\$04\$[./A-Za-z0-9]{53}$/);
  assert.equal(await checkPassword(PASSWORD, hash), true);
  assert.equal(await checkPassword(`${PASSWORD}!`, hash), false);
});

test('the empty password hashes and verifies, as the dummy compare for unknown users needs', async () => {
  const hash = await hashPassword(app, '');
  assert.equal(await checkPassword('', hash), true);
  assert.equal(await checkPassword('x', hash), false);
});

test('many hashes and checks at once all settle with the right answers', async () => {
  const hashes = await Promise.all(Array.from({ length: 8 }, (_, i) => hashPassword(app, `pw-${i}`)));
  const answers = await Promise.all(hashes.map((hash, i) => checkPassword(`pw-${i}`, hash)));
  assert.deepEqual(answers, Array(8).fill(true));
  assert.equal(new Set(hashes).size, 8, 'each hash has its own salt');
});
