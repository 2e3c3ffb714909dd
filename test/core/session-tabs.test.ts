/**
 * Cross-tab behaviour. Each "tab" is a same-origin iframe with its own copy of the session module
 * (its own realm), sharing localStorage, BroadcastChannel and Web Locks with the others, exactly
 * like two tabs of one site. The token endpoint is one StubGoTrue shared by every frame.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type * as SessionModule from '../../src/core/session.js';
import type { Session, SessionEvent, SessionOptions } from '../../src/core/session.js';
import { memoryStorage } from '../../src/core/session-storage.js';
import { StubGoTrue, uniqueKey } from './fixtures/session-fakes.js';

type FrameWindow = Window & { sessionModule?: typeof SessionModule };

interface Tab {
  module: typeof SessionModule;
  session: Session;
  events: SessionEvent[];
}

describe('Session across tabs', () => {
  let key: string;
  let frames: HTMLIFrameElement[];
  let tabs: Tab[];

  beforeEach(() => {
    key = uniqueKey('tabs');
    frames = [];
    tabs = [];
  });

  afterEach(() => {
    for (const tab of tabs) tab.session.dispose();
    for (const frame of frames) frame.remove();
    localStorage.removeItem(key);
  });

  async function openTab(server: StubGoTrue, options: Partial<SessionOptions> = {}, deaf = false): Promise<Tab> {
    const frame = document.createElement('iframe');
    frame.src = new URL('./fixtures/session-frame.html', import.meta.url).href;
    document.body.append(frame);
    frames.push(frame);
    const module = await waitUntil(
      () => (frame.contentWindow as FrameWindow | null)?.sessionModule,
      'the frame never loaded the session module',
      { timeout: 5000 },
    ).then(() => (frame.contentWindow as FrameWindow).sessionModule!);
    // A tab without BroadcastChannel hears nothing from the others (and messages can also arrive
    // after the lock is handed over): only the lock and storage protect it.
    if (deaf) (frame.contentWindow as unknown as { BroadcastChannel: unknown }).BroadcastChannel = undefined;
    const session = new module.Session({ client: server, storageKey: key, ...options });
    const events: SessionEvent[] = [];
    session.subscribe((event) => events.push(event));
    const tab = { module, session, events };
    tabs.push(tab);
    return tab;
  }

  /** A remembered session whose access token expires in 5 s, as a login an hour ago left it. */
  function storeExpiringSession(server: StubGoTrue, expiresIn = 5000): void {
    const tokens = server.issue(Date.now() + expiresIn);
    const user = {
      url: server.apiUrl,
      token: { ...tokens, expires_at: Date.now() + expiresIn },
      id: server.user!.id,
      aud: '',
      role: '',
      email: server.user!.email,
      app_metadata: {},
      user_metadata: {},
    };
    localStorage.setItem(key, JSON.stringify(user));
  }

  /** Holds every refresh in flight until released, so both tabs really ask at the same time. */
  function holdRefreshes(server: StubGoTrue): () => void {
    let release!: () => void;
    server.gate = new Promise((resolve) => (release = resolve));
    return () => {
      server.gate = null;
      release();
    };
  }

  for (const [label, options, deaf] of [
    ['with Web Locks', {}, false],
    ['when the tabs hear nothing of each other: no BroadcastChannel', {}, true],
  ] as const) {
    it(`spends the refresh token once when two tabs need a new token at once (${label})`, async () => {
      const server = new StubGoTrue();
      storeExpiringSession(server);
      const [a, b] = [await openTab(server, options, deaf), await openTab(server, options, deaf)];
      expect(a.module.Session).to.not.equal(b.module.Session);
      const release = holdRefreshes(server);

      a.session.restore();
      b.session.restore();
      const tokens = Promise.all([a.session.jwt(), b.session.jwt()]);
      await waitUntil(() => server.refreshCalls.length > 0, 'no refresh was attempted');
      release();
      const [tokenA, tokenB] = await tokens;

      expect(server.refreshCalls).to.deep.equal(['refresh-1']);
      expect(tokenA).to.equal(tokenB);
      const stored = JSON.parse(localStorage.getItem(key)!);
      expect(stored.token.access_token).to.equal(tokenA);
      expect(stored.token.refresh_token).to.equal('refresh-2');
      for (const tab of [a, b]) {
        expect(tab.session.user?.token.access_token).to.equal(tokenA);
        expect(tab.events.map((event) => event.type)).to.not.include('logout');
      }
    });
  }

  it('spends the refresh token once where Web Locks are missing: a tab re-reads storage before refreshing', async () => {
    const server = new StubGoTrue();
    storeExpiringSession(server, 600_000);
    // The second tab hears nothing of the first one's refresh: only storage can tell it.
    const [a, b] = [await openTab(server, { locks: null }), await openTab(server, { locks: null }, true)];
    a.session.restore();
    b.session.restore();

    const tokenA = await a.session.jwt(true);
    const tokenB = await b.session.jwt(true);

    expect(server.refreshCalls).to.deep.equal(['refresh-1']);
    expect(tokenB).to.equal(tokenA);
    const stored = JSON.parse(localStorage.getItem(key)!);
    expect(stored.token.refresh_token).to.equal('refresh-2');
    for (const tab of [a, b]) {
      expect(tab.session.user?.token.access_token).to.equal(tokenA);
      expect(tab.events.map((event) => event.type)).to.not.include('logout');
    }
  });

  it("without Web Locks, a tab refused the token another tab is spending takes that tab's new token: nobody is logged out", async () => {
    const server = new StubGoTrue();
    storeExpiringSession(server);
    // The first tab's grant reaches the server at once (the token is spent) but its answer is late.
    let answer!: () => void;
    const late = new Promise<void>((resolve) => (answer = resolve));
    const slowClient = Object.assign(Object.create(null) as object, server, {
      refresh: async (token: string) => {
        const tokens = server.refresh(token);
        await late;
        return tokens;
      },
    }) as StubGoTrue;
    const a = await openTab(slowClient, { locks: null });
    const b = await openTab(server, { locks: null }, true);

    a.session.restore();
    await waitUntil(() => server.refreshCalls.length === 1, 'the first tab never refreshed');
    b.session.restore();
    await waitUntil(() => server.refreshCalls.length === 2, 'the second tab never refreshed');
    answer();

    await waitUntil(
      () => b.session.user?.token.refresh_token === 'refresh-2',
      'the second tab never took the new token',
    );
    expect(server.refreshCalls).to.deep.equal(['refresh-1', 'refresh-1']);
    expect(JSON.parse(localStorage.getItem(key)!).token.refresh_token).to.equal('refresh-2');
    for (const tab of [a, b]) {
      expect(tab.session.user?.token.refresh_token).to.equal('refresh-2');
      expect(tab.events.map((event) => event.type)).to.not.include('logout');
    }
  });

  it('ends the session in every tab when the server rejects the refresh token', async () => {
    const server = new StubGoTrue();
    storeExpiringSession(server);
    const [a, b] = [await openTab(server), await openTab(server)];
    server.live.clear(); // revoked on the server, e.g. by a logout on another device

    a.session.restore();
    b.session.restore();
    const results = await Promise.allSettled([a.session.jwt(), b.session.jwt()]);

    expect(results.map((result) => result.status)).to.deep.equal(['rejected', 'rejected']);
    for (const tab of [a, b]) {
      await waitUntil(() => tab.events.some((event) => event.type === 'logout'), 'a tab stayed logged in');
      expect(tab.events.filter((event) => event.type === 'logout')).to.deep.equal([
        { type: 'logout', reason: 'revoked' },
      ]);
      expect(tab.session.user).to.equal(null);
    }
    expect(localStorage.getItem(key)).to.equal(null);
  });

  it('shows a login, an update and a logout of one tab in the other, without a second login', async () => {
    const server = new StubGoTrue();
    const [a, b] = [await openTab(server), await openTab(server)];
    expect(b.session.restore()).to.equal(null);

    const user = a.session.establish(server.issue(), 'password');
    await waitUntil(() => b.session.user !== null, 'the login never reached the other tab');
    expect(b.session.user?.email).to.equal(user.email);
    expect(b.events.map((event) => event.type)).to.not.include('login');
    expect(b.events[0]?.type).to.equal('user');

    await a.session.updateUser({ data: { full_name: 'Alice B' } });
    await waitUntil(
      () => b.session.user?.user_metadata.full_name === 'Alice B',
      'the update never reached the other tab',
    );

    await a.session.logout();
    await waitUntil(() => b.session.user === null, 'the logout never reached the other tab');
    expect(b.events.at(-1)).to.deep.equal({ type: 'logout', reason: 'other-tab' });
    expect(a.events.at(-1)).to.deep.equal({ type: 'logout', reason: 'user' });
  });

  it('passes a refreshed token to the other tab', async () => {
    const server = new StubGoTrue();
    storeExpiringSession(server);
    const [a, b] = [await openTab(server), await openTab(server)];
    a.session.restore();
    b.session.restore();

    const token = await a.session.jwt(true);

    await waitUntil(() => b.session.user?.token.access_token === token, 'the other tab kept the old token');
    expect(b.events.some((event) => event.type === 'token')).to.equal(true);
    expect(await b.session.jwt()).to.equal(token);
  });

  it('logs the other tabs out when a login that is not remembered replaces their session', async () => {
    const server = new StubGoTrue();
    const [a, b] = [await openTab(server), await openTab(server)];
    a.session.establish(server.issue(), 'password');
    await waitUntil(() => b.session.user !== null, 'the login never reached the other tab');

    a.session.establish(server.issue(), 'password', { remember: false });

    await waitUntil(() => b.session.user === null, 'the other tab kept a session that is gone from storage');
    expect(b.events.at(-1)).to.deep.equal({ type: 'logout', reason: 'other-tab' });
    expect(localStorage.getItem(key)).to.equal(null);
    expect(a.session.user?.token.refresh_token).to.equal('refresh-2');
  });

  it('leaves a tab-only session alone when another tab logs in or out', async () => {
    const server = new StubGoTrue();
    // Frames of one page share sessionStorage; real tabs each have their own.
    const [a, b] = [await openTab(server), await openTab(server, { tabStorage: memoryStorage() })];
    const own = b.session.establish(server.issue(), 'password', { remember: false });

    a.session.establish(server.issue(), 'signup');
    await a.session.logout();
    // One more round trip on the channel, so every message above has been delivered to b.
    const probe = await openTab(server);
    probe.session.establish(server.issue(), 'password');
    await waitUntil(() => a.session.user !== null);

    expect(b.session.user?.token.access_token).to.equal(own.token.access_token);
    expect(b.events.map((event) => event.type)).to.deep.equal(['login', 'user']);
  });
});
