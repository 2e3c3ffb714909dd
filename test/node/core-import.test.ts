// Defect 8: every module of src/core imports in Node with no DOM (SSR, workers, build tools).
// The modules are listed from disk, so a module added later is covered without editing this file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const coreDir = fileURLToPath(new URL('../../src/core/', import.meta.url));
const modules = readdirSync(coreDir, { recursive: true })
  .map(String)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
  .sort();

const noDom = () => {
  assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
  assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
  assert.equal(typeof (globalThis as { location?: unknown }).location, 'undefined');
};

test('src/core has the modules the widget is built from', () => {
  for (const expected of ['index.ts', 'fragment.ts', 'machine.ts', 'runner.ts', 'errors.ts', 'wire.ts']) {
    assert.ok(modules.includes(expected), `${expected} is missing from src/core`);
  }
});

for (const file of modules) {
  test(`importing src/core/${file} in Node does not throw or touch the DOM`, async () => {
    noDom();
    await import(pathToFileURL(join(coreDir, file)).href);
    noDom();
  });
}

test('the core barrel exports the machine, router, runner, client, session and catalogue', async () => {
  const core = (await import('../../src/core/index.js')) as Record<string, unknown>;
  for (const name of [
    'transition',
    'initialState',
    'parseFragment',
    'takeFragmentRoute',
    'createRunner',
    'GoTrueClient',
    'Session',
    'AuthError',
    'locale',
  ]) {
    assert.equal(typeof core[name] === 'function' || typeof core[name] === 'object', true, `${name} is not exported`);
  }
  // The pure parts work in Node too.
  const { parseFragment } = await import('../../src/core/fragment.js');
  assert.deepEqual(parseFragment('#recovery_token=abc'), { type: 'recovery', token: 'abc' });
});
