// What a user was told is done stays done: signups and confirmations the server acknowledged survive
// the process being killed (SIGKILL) while other requests are in flight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { send, outbox } from './fixtures/replay.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OPERATOR = 'durability-operator-token';
const ENV = {
  GOTRUE_SITE_URL: 'http://localhost:8888',
  GOTRUE_JWT_SECRET: 'durability-secret',
  GOTRUE_OPERATOR_TOKEN: OPERATOR,
  GOTRUE_MAILER_AUTOCONFIRM: 'false',
  GOTRUE_BCRYPT_COST: '4',
};
/** Acknowledged confirmations after which the server is killed, with traffic still running. */
const KILL_AFTER_CONFIRMATIONS = 24;
const WORKERS = 6;

/** The real CLI (`gotrue-auth-server`, run from source) on a data dir, in its own process. */
async function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  // Run in the data dir so the CLI's default `.env` lookup finds nothing of the repo's.
  const child = spawn(
    process.execPath,
    [
      '--import',
      import.meta.resolve('tsx'),
      join(ROOT, 'src/server/cli.ts'),
      '--port',
      '0',
      '--data',
      dataDir,
      '--quiet',
    ],
    { cwd: dataDir, env: { ...process.env, ...ENV }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  // Keep reading stdout after the URL shows: a closed pipe would kill the child on its next line.
  return new Promise((resolve, reject) => {
    let buffered = '';
    let found = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const url = /GoTrue API\s+(http:\/\/\S+)/.exec(buffered)?.[1];
      if (url && !found) {
        found = true;
        resolve({ child, url });
      }
    });
    child.once(
      'exit',
      () => found || reject(new Error(`the server process exited before it was listening: ${buffered}`)),
    );
  });
}

interface Acknowledged {
  email: string;
  signedUp: boolean;
  confirmed: boolean;
}

const JSON_BODY: Array<[string, string]> = [['Content-Type', 'application/json']];

async function signUpAndConfirm(url: string, email: string, record: Acknowledged): Promise<void> {
  const signup = await send(url, 'POST', '/signup', JSON_BODY, JSON.stringify({ email, password: `pw-${email}` }));
  if (signup.status !== 200) throw new Error(`signup ${signup.status} ${signup.body}`);
  record.signedUp = true;
  const mail = (await outbox(url)).filter((m) => m.to === email && m.kind === 'confirmation').at(-1);
  if (!mail) throw new Error(`no confirmation mail for ${email}`);
  const verify = await send(url, 'POST', '/verify', JSON_BODY, JSON.stringify({ type: 'signup', token: mail.token }));
  if (verify.status !== 200) throw new Error(`verify ${verify.status} ${verify.body}`);
  record.confirmed = true;
}

test('every acknowledged signup and confirmation survives SIGKILL mid-traffic', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gotrue-durability-'));
  try {
    const first = await startChild(dataDir);
    const records: Acknowledged[] = [];
    let next = 0;
    let killed = false;
    const exited = once(first.child, 'exit');
    const worker = async () => {
      while (!killed) {
        const record: Acknowledged = { email: `durable-${next++}@example.com`, signedUp: false, confirmed: false };
        records.push(record);
        // Requests cut off by the kill fail; only acknowledged answers count.
        await signUpAndConfirm(first.url, record.email, record).catch(() => undefined);
        if (!killed && records.filter((r) => r.confirmed).length >= KILL_AFTER_CONFIRMATIONS) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    await exited;
    const inFlight = records.filter((r) => !r.confirmed).length;
    assert.ok(inFlight > 0, 'the kill landed while requests were in flight');
    const signedUp = records.filter((r) => r.signedUp).length;
    const confirmedCount = records.filter((r) => r.confirmed).length;
    console.log(
      `durability: SIGKILL after ${signedUp} acknowledged signups and ${confirmedCount} confirmations, ${inFlight} flows cut off`,
    );

    const second = await startChild(dataDir);
    try {
      const list = await send(second.url, 'GET', '/admin/users?per_page=1000', [
        ['Authorization', `Bearer ${OPERATOR}`],
      ]);
      assert.equal(list.status, 200, list.body);
      const stored = new Set((JSON.parse(list.body) as { users: Array<{ email: string }> }).users.map((u) => u.email));
      const lost = records.filter((r) => r.signedUp && !stored.has(r.email)).map((r) => r.email);
      assert.deepEqual(lost, [], 'acknowledged signups missing after restart');

      const confirmed = records.filter((r) => r.confirmed);
      const logins = await Promise.all(
        confirmed.map((r) =>
          send(
            second.url,
            'POST',
            '/token',
            [['Content-Type', 'application/x-www-form-urlencoded']],
            `grant_type=password&username=${encodeURIComponent(r.email)}&password=${encodeURIComponent(`pw-${r.email}`)}`,
          ),
        ),
      );
      const failed = logins
        .map((answer, i) => ({ email: confirmed[i]?.email, answer }))
        .filter(({ answer }) => answer.status !== 200);
      assert.deepEqual(
        failed.map(({ email, answer }) => `${email}: ${answer.status} ${answer.body}`),
        [],
        'acknowledged confirmations lost',
      );
    } finally {
      const exit = once(second.child, 'exit');
      second.child.kill('SIGTERM');
      assert.deepEqual(await exit, [0, null], 'SIGTERM shuts the server down cleanly');
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
