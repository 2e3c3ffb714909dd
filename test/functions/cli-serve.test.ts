// `gotrue-auth-server --functions <dir>`: functions beside the API on the same port, listed at
// start, with the API also at /.netlify/identity where functions look for it, and a time limit
// set with --functions-timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURES } from './helpers.js';

const BIN = fileURLToPath(new URL('../../bin/gotrue-auth-server.js', import.meta.url));

test('the CLI serves the functions folder beside the API, with the time limit given and the .env variables', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'functions-cli-'));
  const dotenv = join(dir, '.env');
  writeFileSync(dotenv, 'FUNCTIONS_TEST_VALUE=from-dotenv\n');
  const args = [
    BIN,
    '--memory',
    '--port',
    '0',
    '--quiet',
    '--functions',
    FIXTURES,
    '--functions-timeout',
    '0.5',
    '--dotenv',
    dotenv,
  ];
  const child = spawn(process.execPath, args, { env: { ...process.env, GOTRUE_BCRYPT_COST: '4' } });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /GoTrue API\s+(http:\/\/\S+)/.exec(output);
        if (match && /^Functions .*\n/m.test(output)) resolve(match[1] as string);
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      void exited.then((code) => reject(new Error(`exited ${code} before listening:\n${output}`)));
    });
    assert.match(
      output,
      new RegExp(
        `Functions\\s+${url.replace(/[.]/g, '\\.')}/\\.netlify/functions/<name> from ${FIXTURES.replace(/[.]/g, '\\.')}: .*whoami-lambda`,
      ),
    );
    const seen = (await (await fetch(`${url}/.netlify/functions/whoami-modern`)).json()) as {
      identityUrl: string;
      env: string;
    };
    assert.equal(seen.identityUrl, `${url}/.netlify/identity`);
    assert.equal(seen.env, 'from-dotenv', 'Netlify.env has the variables of the .env file');
    assert.equal((await fetch(`${url}/.netlify/identity/settings`)).status, 200);
    const slow = await fetch(`${url}/.netlify/functions/never-answers`);
    assert.equal(slow.status, 500);
    assert.match(await slow.text(), /timed out after 0.5 s/);
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
});
