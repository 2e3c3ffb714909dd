import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MESSAGES } from '../../src/core/wire.js';

test('wire messages are importable from Node', () => {
  assert.equal(MESSAGES.emailNotConfirmed, 'Email not confirmed');
});
