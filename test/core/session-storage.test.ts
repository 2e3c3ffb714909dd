import { expect } from '@open-wc/testing';
import { type StorageArea, SessionStore, memoryStorage } from '../../src/core/session-storage.js';
import { USER_ID, makeToken } from './fixtures/session-fakes.js';

describe('SessionStore', () => {
  const key = 'gotrue.user';
  let persistent: StorageArea;
  let tab: StorageArea;
  let store: SessionStore;

  beforeEach(() => {
    persistent = memoryStorage();
    tab = memoryStorage();
    store = new SessionStore({ persistent, tab });
  });

  it('takes the expiry from the JWT when an older record has no expires_at', () => {
    const exp = 1_900_000_000;
    persistent.setItem(key, JSON.stringify({ url: '/x', token: { access_token: makeToken(exp), refresh_token: 'r' } }));

    const stored = store.read();

    expect(stored?.user.token.expires_at).to.equal(exp * 1000);
    expect(stored?.user.id).to.equal(USER_ID);
    expect(stored?.remember).to.equal(true);
  });

  it('reads null metadata as empty objects, so user_metadata.full_name is always safe', () => {
    const token = { access_token: makeToken(1_900_000_000), refresh_token: 'r', expires_at: 1 };
    persistent.setItem(key, JSON.stringify({ token, id: 'u', app_metadata: null, user_metadata: null }));

    const user = store.read()!.user;

    expect(user.user_metadata).to.deep.equal({});
    expect(user.app_metadata).to.deep.equal({});
  });

  for (const [label, value] of [
    ['not JSON', 'gotrue'],
    ['JSON null', 'null'],
    ['a record without tokens', '{"email":"alice@example.com"}'],
    ['an access token that is not a JWT and no expiry', '{"token":{"access_token":"abc","refresh_token":"r"}}'],
  ] as const) {
    it(`discards ${label} and removes it`, () => {
      persistent.setItem(key, value);

      expect(store.read()).to.equal(null);
      expect(persistent.getItem(key)).to.equal(null);
    });
  }

  it('keeps a session in one place only', () => {
    const token = {
      access_token: makeToken(1_900_000_000),
      refresh_token: 'r',
      expires_at: 1,
      token_type: 'bearer' as const,
      expires_in: 3600,
    };
    const user = { url: '/x', token, id: 'u', aud: '', role: '', email: 'a@b.c', app_metadata: {}, user_metadata: {} };

    store.write(user, true);
    store.write(user, false);
    expect(persistent.getItem(key)).to.equal(null);
    expect(store.read()?.remember).to.equal(false);

    store.write(user, true);
    expect(tab.getItem(key)).to.equal(null);
    expect(store.read()?.remember).to.equal(true);
  });

  it('works on, without throwing, when storage refuses access', () => {
    const refusing: StorageArea = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    const blocked = new SessionStore({ persistent: refusing, tab: refusing });
    const token = {
      access_token: makeToken(1_900_000_000),
      refresh_token: 'r',
      expires_at: 1,
      token_type: 'bearer' as const,
      expires_in: 3600,
    };

    expect(blocked.read()).to.equal(null);
    const user = { url: '', token, id: 'u', aud: '', role: '', email: '', app_metadata: {}, user_metadata: {} };
    expect(() => blocked.write(user, true)).to.not.throw();
    expect(() => blocked.clear()).to.not.throw();
  });
});
