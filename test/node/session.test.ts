/**
 * The session in Node (SSR, scripts, tests): importable without a DOM, works with memory
 * storage, and never keeps the process alive with its refresh timer or tab channel.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Session, type SessionEvent } from '../../src/core/session.js';
import { StubGoTrue, uniqueKey } from '../core/fixtures/session-fakes.js';

test('logs in, refreshes and logs out with no browser globals', async () => {
  assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
  const server = new StubGoTrue();
  const session = new Session({ client: server, storageKey: uniqueKey('node') });
  const events: SessionEvent[] = [];
  session.subscribe((event) => events.push(event));

  assert.equal(session.restore(), null);
  session.establish(server.issue(Date.now() + 1000), 'password');
  const token = await session.jwt();

  assert.deepEqual(server.refreshCalls, ['refresh-1']);
  assert.equal(token, session.user?.token.access_token);
  await session.logout();
  assert.deepEqual(events.at(-1), { type: 'logout', reason: 'user' });
  session.dispose();
});

test('a logged-in session does not keep a Node process running', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const script = `
    import { Session } from './src/core/session.ts';
    import { StubGoTrue } from './test/core/fixtures/session-fakes.ts';
    const server = new StubGoTrue();
    const session = new Session({ client: server });
    session.establish(server.issue(), 'password');
    console.log(session.user.email);
  `;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(child.signal, null, 'the process had to be killed: something kept it alive');
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), 'alice@example.com');
});
