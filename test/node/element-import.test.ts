// Defect 8: importing the package must not throw or touch the DOM in Node (SSR, bundlers).
// No shim is installed here: lit's own Node export condition is what makes this work.
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('importing the entry in Node exports the element without defining it or touching the DOM', async () => {
  assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
  assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
  const entry = await import('../../src/index.js');
  assert.equal(typeof entry.GotrueAuth, 'function');
  assert.equal(typeof entry.defineGotrueAuth, 'function');
  assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
  assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
  // Registering again (no registry in Node) is a quiet no-op, not a crash.
  entry.defineGotrueAuth();
  assert.equal(entry.locale('en')('title.login'), 'Log in');
});
