// The `gotrue-auth-server` bin as a newcomer runs it from a clone: it prints where the API and the
// outbox are, serves, answers admin commands on the same data folder while running, and stops
// cleanly on SIGTERM.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { rawRequest } from './fixtures/raw-http.js';

const BIN = fileURLToPath(new URL('../../bin/gotrue-auth-server.js', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'gotrue-cli-'));
const env = { ...process.env, GOTRUE_BCRYPT_COST: '4' };
after(() => rmSync(dataDir, { recursive: true, force: true }));

const run = (args: string[]) => promisify(execFile)(process.execPath, [BIN, ...args], { env, cwd: dataDir });

test('--help explains the commands and exits 0; an unknown command exits 1 with a clear message', async () => {
  const help = await run(['--help']);
  assert.match(help.stdout, /gotrue-auth-server users create <email>/);
  assert.match(help.stdout, /--site-url <url>/);
  await assert.rejects(run(['frobnicate']), (error: { code: number; stderr: string }) => {
    assert.equal(error.code, 1);
    assert.match(error.stderr, /unknown command "frobnicate"/);
    return true;
  });
  await assert.rejects(run(['--port', 'abc', '--memory']), (error: { stderr: string }) =>
    /--port must be a number/.test(error.stderr),
  );
});

test('a --site-url with a line break or a script scheme stops the start with one clear line', async () => {
  for (const siteUrl of ['javascript:alert(1)', 'http://localhost:4321\r\nSet-Cookie: x=1']) {
    // A ceiling, not a measurement: a server that starts anyway would otherwise run forever.
    const start = promisify(execFile)(process.execPath, [BIN, '--memory', '--port', '0', '--site-url', siteUrl], {
      env,
      cwd: dataDir,
      timeout: 120_000,
    });
    await assert.rejects(start, (error: { code: number; stderr: string }) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr, /^gotrue-auth-server: --site-url must be an http:\/\/ or https:\/\/ URL/);
      assert.equal(error.stderr.trim().split('\n').length, 1, error.stderr);
      return true;
    });
  }
});

test('--allowed-hosts names the hosts served besides loopback names; others are refused', async () => {
  const child = spawn(
    process.execPath,
    [BIN, '--memory', '--port', '0', '--quiet', '--allowed-hosts', 'dev.example.test,.team.test'],
    { env, cwd: dataDir },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /GoTrue API\s+(http:\/\/\S+)/.exec(stdout);
        if (match) resolve(match[1] as string);
      });
      void exited.then((code) => reject(new Error(`exited ${code} before listening:\n${stdout}`)));
    });
    const status = async (host: string) => (await rawRequest(url, 'GET', '/settings', { Host: host })).status;
    assert.equal(await status('localhost'), 200);
    assert.equal(await status('dev.example.test'), 200);
    assert.equal(await status('a.team.test'), 200, 'a leading dot allows the subdomains');
    assert.equal(await status('rebind.evil.example'), 403);
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0);
});

test('serves on the data folder, takes admin commands while running, and stops on SIGTERM', async () => {
  const child = spawn(
    process.execPath,
    [BIN, '--port', '0', '--data', dataDir, '--site-url', 'http://localhost:4321', '--quiet'],
    { env, cwd: dataDir },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const check = () => {
        const match = /GoTrue API\s+(http:\/\/\S+)/.exec(stdout);
        if (match && /Outbox/.test(stdout)) resolve(match[1] as string);
      };
      child.stdout.on('data', check);
      void exited.then((code) => reject(new Error(`exited ${code} before listening:\n${stdout}`)));
    });
    assert.match(stdout, new RegExp(`Outbox\\s+${url.replace(/[.]/g, '\\.')}/_outbox`));
    assert.ok(!stdout.includes('operator_token') && !/[A-Za-z0-9_-]{32}/.test(stdout), 'no secret is printed');

    await fetch(`${url}/signup`, {
      method: 'POST',
      body: JSON.stringify({ email: 'cli@example.com', password: 'pw' }),
    });
    const [mail] = (await (await fetch(`${url}/_outbox/messages`)).json()) as Array<{ link: string }>;
    assert.match(
      mail?.link ?? '',
      /^http:\/\/localhost:4321\/#confirmation_token=/,
      '--site-url sets where links land',
    );

    const created = await run([
      'users',
      'create',
      'boss@example.com',
      '--password',
      'pw',
      '--confirmed',
      '--role',
      'admin',
      '--data',
      dataDir,
    ]);
    assert.match(created.stdout, /^created boss@example\.com \([0-9a-f-]{36}\) role=admin confirmed/);
    const listed = await run(['users', 'list', '--data', dataDir]);
    assert.deepEqual(
      listed.stdout
        .trim()
        .split('\n')
        .map((line) => [line.split('\t')[0], line.split('\t')[3]]),
      [
        ['cli@example.com', 'unconfirmed'],
        ['boss@example.com', 'confirmed'],
      ],
    );
    const login = await fetch(`${url}/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', username: 'boss@example.com', password: 'pw' }),
    });
    assert.equal(login.status, 200, 'the user created from the CLI can log in at once');

    await assert.rejects(
      run(['--port', '0', '--data', dataDir]),
      (error: { code: number; stderr: string }) => {
        assert.equal(error.code, 1);
        assert.ok(error.stderr.includes(`is in use by process ${child.pid} (${url})`), error.stderr);
        return true;
      },
      'a second server on the same folder is refused: PGlite is single-process',
    );

    const token = (await run(['token', '--data', dataDir])).stdout.trim();
    const adminList = await fetch(`${url}/admin/users`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(adminList.status, 200, 'the printed token is the operator token');
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0, 'SIGTERM is a clean shutdown');
  assert.match(stdout, /SIGTERM: shutting down/);
  assert.equal(existsSync(join(dataDir, 'server.json')), false, 'the running marker is removed');
  const offline = await run(['users', 'list', '--data', dataDir]);
  assert.equal(
    offline.stdout.trim().split('\n').length,
    2,
    'admin commands open the folder themselves when no server runs',
  );
});
