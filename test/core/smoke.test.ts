import { expect } from '@open-wc/testing';
import { AuthError } from '../../src/core/errors.js';

describe('AuthError', () => {
  it('marks network failures as transient and rejections as final', () => {
    expect(new AuthError('network', 'offline').transient).to.equal(true);
    expect(new AuthError('invalid_credentials', 'nope').transient).to.equal(false);
  });
});
