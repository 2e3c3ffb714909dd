import { expect, waitUntil } from '@open-wc/testing';
import { jwtDecode } from 'jwt-decode';
import { AuthError } from '../../src/core/errors.js';
import { Session, type SessionEvent, type SessionOptions } from '../../src/core/session.js';
import {
  FakeClock,
  StubGoTrue,
  USER_ID,
  invalidGrant,
  makeToken,
  settle,
  uniqueKey,
} from './fixtures/session-fakes.js';

describe('Session', () => {
  let key: string;
  let sessions: Session[];

  beforeEach(() => {
    key = uniqueKey('single');
    sessions = [];
  });

  afterEach(() => {
    for (const session of sessions) session.dispose();
    localStorage.removeItem(key);
    sessionStorage.removeItem(key);
  });

  function open(server: StubGoTrue, options: Partial<SessionOptions> = {}) {
    const session = new Session({ client: server, storageKey: key, ...options });
    const events: SessionEvent[] = [];
    session.subscribe((event) => events.push(event));
    sessions.push(session);
    return { session, events };
  }

  /** The record gotrue-js 0.9 / netlify-identity-widget 1.x leave in localStorage after a login. */
  function gotrueJsRecord(accessToken: string, expiresAt: number) {
    return {
      url: 'https://example.com/.netlify/identity',
      token: {
        access_token: accessToken,
        token_type: 'bearer',
        expires_in: 3600,
        refresh_token: 'refresh-legacy',
        expires_at: expiresAt,
      },
      id: USER_ID,
      aud: '',
      role: '',
      email: 'alice@example.com',
      confirmed_at: '2026-11-23T04:04:11Z',
      app_metadata: { provider: 'email' },
      user_metadata: { full_name: 'Alice A' },
      created_at: '2026-11-23T04:04:09Z',
      updated_at: '2026-11-23T04:04:09Z',
    };
  }

  it('keeps a user that gotrue-js logged in, without firing a login, and checks it with the server', async () => {
    const server = new StubGoTrue();
    const expiresAt = Date.now() + 3_000_000;
    const accessToken = makeToken(expiresAt / 1000);
    localStorage.setItem(key, JSON.stringify(gotrueJsRecord(accessToken, expiresAt)));
    server.user = { ...server.user!, role: 'editor' };
    const { session, events } = open(server);

    const user = session.restore();

    expect(user?.email).to.equal('alice@example.com');
    expect(user?.user_metadata.full_name).to.equal('Alice A');
    expect(await session.jwt()).to.equal(accessToken);
    await waitUntil(() => events.some((event) => event.type === 'user'), 'GET /user never answered');
    expect(events.map((event) => event.type)).to.not.include('login');
    expect(server.getUserCalls).to.deep.equal([accessToken]);
    expect(session.user?.role).to.equal('editor');
    expect(JSON.parse(localStorage.getItem(key)!).role).to.equal('editor');
    expect(server.refreshCalls).to.deep.equal([]);
  });

  it('refreshes an expired restored session before asking who the user is', async () => {
    const server = new StubGoTrue();
    server.live.add('refresh-legacy');
    const expiresAt = Date.now() - 1000;
    localStorage.setItem(key, JSON.stringify(gotrueJsRecord(makeToken(expiresAt / 1000), expiresAt)));
    const { session, events } = open(server);

    expect(session.restore()?.email).to.equal('alice@example.com');
    await waitUntil(() => events.some((event) => event.type === 'user'), 'GET /user never answered');

    expect(server.refreshCalls).to.deep.equal(['refresh-legacy']);
    const stored = JSON.parse(localStorage.getItem(key)!);
    expect(stored.token.refresh_token).to.equal('refresh-1');
    expect(server.getUserCalls).to.deep.equal([stored.token.access_token]);
  });

  it('discards a corrupt stored session without throwing', () => {
    localStorage.setItem(key, '{"token": {"access_token": 42');
    const { session } = open(new StubGoTrue());

    expect(session.restore()).to.equal(null);
    expect(session.user).to.equal(null);
    expect(localStorage.getItem(key)).to.equal(null);
  });

  it('logs in at once from the token and fires one login event', () => {
    const server = new StubGoTrue();
    const { session, events } = open(server);
    const tokens = server.issue();

    const user = session.establish(tokens, 'password');

    expect(user.id).to.equal(USER_ID);
    expect(user.token.refresh_token).to.equal(tokens.refresh_token);
    expect(events[0]).to.deep.include({ type: 'login', method: 'password' });
    const stored = JSON.parse(localStorage.getItem(key)!);
    expect(stored.url).to.equal(server.apiUrl);
    expect(stored.token.expires_at).to.equal(user.token.expires_at);
  });

  it('keeps a session the user did not ask to remember in sessionStorage only', () => {
    const server = new StubGoTrue();
    const { session } = open(server);

    session.establish(server.issue(), 'password', { remember: false });

    expect(localStorage.getItem(key)).to.equal(null);
    expect(JSON.parse(sessionStorage.getItem(key)!).email).to.equal('alice@example.com');
    expect(session.remembered).to.equal(false);
  });

  it('sends the fresh token as a Bearer header and keeps the caller’s headers', async () => {
    const server = new StubGoTrue();
    const requests: Request[] = [];
    const fetchStub = async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push(new Request(input, init));
      return new Response('{}');
    };
    const { session } = open(server, { fetch: fetchStub as typeof fetch });
    const user = session.establish(server.issue(), 'password');

    await session.authedFetch('/.netlify/functions/hello', { headers: { 'X-Trace': 'abc' } });

    expect(requests[0]!.headers.get('Authorization')).to.equal(`Bearer ${user.token.access_token}`);
    expect(requests[0]!.headers.get('X-Trace')).to.equal('abc');
  });

  it('shares one refresh between concurrent jwt() calls', async () => {
    const server = new StubGoTrue();
    const { session } = open(server);
    session.establish(server.issue(Date.now() + 5000), 'password');

    const tokens = await Promise.all([session.jwt(), session.jwt(), session.jwt()]);

    expect(server.refreshCalls).to.deep.equal(['refresh-1']);
    expect(new Set(tokens).size).to.equal(1);
    expect(tokens[0]).to.equal(session.user!.token.access_token);
  });

  it('refreshes on its own shortly before the token expires', async () => {
    const clock = new FakeClock();
    const server = new StubGoTrue();
    server.now = clock.now;
    const { session, events } = open(server, { clock, random: () => 0.5 });
    const first = session.establish(server.issue(), 'password');

    // 60 s margin plus half of the 15 s jitter before `exp`.
    expect(clock.nextDelay()).to.equal(3600_000 - 60_000 - 7_500);
    await clock.advance(3600_000 - 68_000);
    expect(server.refreshCalls).to.deep.equal([]);

    await clock.advance(1000);
    await waitUntil(() => events.some((event) => event.type === 'token'), 'no proactive refresh');
    expect(server.refreshCalls).to.deep.equal([first.token.refresh_token]);
    expect(session.user!.token.expires_at).to.be.greaterThan(first.token.expires_at);
    expect(JSON.parse(localStorage.getItem(key)!).token.refresh_token).to.equal('refresh-2');
  });

  it('follows the refresh margin, jitter and retry pauses it is given', async () => {
    const clock = new FakeClock();
    const server = new StubGoTrue();
    server.now = clock.now;
    const { session } = open(server, {
      clock,
      random: () => 1,
      refreshMarginMs: 300_000,
      refreshJitterMs: 100_000,
      retryDelayMs: 5_000,
      maxRetryDelayMs: 8_000,
    });
    session.establish(server.issue(), 'password');
    expect(clock.nextDelay()).to.equal(3600_000 - 300_000 - 100_000);

    server.failNextRefresh(new AuthError('network', 'offline'), new AuthError('network', 'offline'));
    await clock.advance(clock.nextDelay()!);
    await waitUntil(() => clock.nextDelay() === 5_000 * 1.25, 'no first retry pause of 5 s (+25 %)');
    await clock.advance(clock.nextDelay()!);
    // 10 s capped at 8 s, plus the spread.
    await waitUntil(() => clock.nextDelay() === 8_000 * 1.25, 'the second pause was not capped');
    expect(server.refreshCalls).to.have.length(2);
  });

  it('keeps the session through a network failure and a 503, and refreshes later', async () => {
    const clock = new FakeClock();
    const server = new StubGoTrue();
    server.now = clock.now;
    const { session, events } = open(server, { clock, random: () => 0.5 });
    session.establish(server.issue(clock.now() - 1000), 'password');
    server.failNextRefresh(
      new AuthError('network', 'offline'),
      new AuthError('server', 'Service Unavailable', { status: 503 }),
    );

    const error = await session.jwt().catch((reason: unknown) => reason);

    expect(error).to.be.instanceOf(AuthError);
    expect((error as AuthError).code).to.equal('network');
    expect(session.user).to.not.equal(null);
    expect(localStorage.getItem(key)).to.not.equal(null);

    await clock.advance(1000); // first retry: 503
    await waitUntil(() => clock.nextDelay() === 2000, 'no 2 s pause after the 503');
    expect(server.refreshCalls).to.have.length(2);
    expect(session.user).to.not.equal(null);

    await clock.advance(2000); // second retry succeeds
    await waitUntil(() => events.some((event) => event.type === 'token'), 'never refreshed');
    expect(events.map((event) => event.type)).to.not.include('logout');
    expect(JSON.parse(localStorage.getItem(key)!).token.refresh_token).to.equal('refresh-2');
    expect(await session.jwt()).to.equal(session.user!.token.access_token);
  });

  it('retries at once when the browser comes back online', async () => {
    const clock = new FakeClock();
    const server = new StubGoTrue();
    server.now = clock.now;
    const { session, events } = open(server, { clock });
    session.establish(server.issue(clock.now() - 1000), 'password');
    server.failNextRefresh(new AuthError('network', 'offline'));
    await session.jwt().catch(() => undefined);
    expect(clock.nextDelay()).to.be.greaterThan(0);

    window.dispatchEvent(new Event('online'));

    await waitUntil(() => events.some((event) => event.type === 'token'), 'no refresh when back online');
    expect(server.refreshCalls).to.have.length(2);
  });

  it('drops a refresh answer that arrives after the user logged in again', async () => {
    const server = new StubGoTrue();
    const { session } = open(server);
    session.establish(server.issue(Date.now() - 1000), 'password');
    let release!: () => void;
    server.gate = new Promise((resolve) => (release = resolve));
    const stale = session.jwt().catch((error: unknown) => error);
    await waitUntil(() => server.refreshCalls.length === 1);

    server.gate = null;
    const fresh = session.establish(server.issue(), 'password');
    release();
    await stale;

    expect(session.user?.token.access_token).to.equal(fresh.token.access_token);
    expect(await session.jwt()).to.equal(fresh.token.access_token);
    expect(JSON.parse(localStorage.getItem(key)!).token.access_token).to.equal(fresh.token.access_token);
  });

  it('saves a token rotated while its element was being removed, so the next page can use it', async () => {
    const server = new StubGoTrue();
    const { session } = open(server);
    session.establish(server.issue(Date.now() - 1000), 'password');
    let release!: () => void;
    server.gate = new Promise((resolve) => (release = resolve));
    const token = session.jwt();
    await waitUntil(() => server.refreshCalls.length === 1);

    session.dispose();
    server.gate = null;
    release();
    await token;

    // refresh-1 is spent on the server (GoTrue rotates refresh tokens): only refresh-2 can keep the user logged in.
    expect(JSON.parse(localStorage.getItem(key)!).token.refresh_token).to.equal('refresh-2');
    const next = open(server).session;
    next.restore();
    expect(await next.jwt(true)).to.be.a('string');
    expect(server.refreshCalls).to.deep.equal(['refresh-1', 'refresh-2']);
  });

  it('never lets a late answer for a removed element overwrite a newer login', async () => {
    const server = new StubGoTrue();
    const { session: old } = open(server);
    old.establish(server.issue(Date.now() - 1000), 'password');
    let release!: () => void;
    server.gate = new Promise((resolve) => (release = resolve));
    const late = old.jwt().catch((error: unknown) => error);
    await waitUntil(() => server.refreshCalls.length === 1);
    old.dispose();

    server.gate = null;
    const { session: current } = open(server);
    const newer = current.establish(server.issue(), 'signup');
    release();
    await late;
    await settle();

    expect(JSON.parse(localStorage.getItem(key)!).token.refresh_token).to.equal(newer.token.refresh_token);
    expect(current.user?.token.refresh_token).to.equal(newer.token.refresh_token);
  });

  it('hands out a still-valid token when an early refresh meets a network error', async () => {
    const server = new StubGoTrue();
    const { session } = open(server);
    const user = session.establish(server.issue(Date.now() + 30_000), 'password');
    server.failNextRefresh(new AuthError('network', 'offline'));

    expect(await session.jwt()).to.equal(user.token.access_token);
    expect(server.refreshCalls).to.have.length(1);
  });

  for (const [message, reason] of [
    ['Invalid Refresh Token', 'revoked'],
    ['Refresh token expired', 'expired'],
  ] as const) {
    it(`ends the session when the server answers "${message}"`, async () => {
      const server = new StubGoTrue();
      const { session, events } = open(server);
      session.establish(server.issue(Date.now() - 1000), 'password');
      server.failNextRefresh(invalidGrant(message));

      const error = await session.jwt().catch((reason: unknown) => reason);

      expect((error as AuthError).status).to.equal(400);
      expect(events.at(-1)).to.deep.equal({ type: 'logout', reason });
      expect(session.user).to.equal(null);
      expect(localStorage.getItem(key)).to.equal(null);
      expect(((await session.jwt().catch((e: unknown) => e)) as AuthError).code).to.equal('session_expired');
    });
  }

  it('logs out a user who was deleted on the server', async () => {
    const server = new StubGoTrue();
    const expiresAt = Date.now() + 3_000_000;
    localStorage.setItem(key, JSON.stringify(gotrueJsRecord(makeToken(expiresAt / 1000), expiresAt)));
    server.user = null;
    const { session, events } = open(server);

    session.restore();
    await waitUntil(() => events.length > 0, 'GET /user never answered');

    expect(events).to.deep.equal([{ type: 'logout', reason: 'revoked' }]);
    expect(session.user).to.equal(null);
    expect(localStorage.getItem(key)).to.equal(null);
  });

  it('logs out locally even when the server cannot be reached', async () => {
    const server = new StubGoTrue();
    server.logout = async () => {
      throw new AuthError('network', 'offline');
    };
    const { session, events } = open(server);
    session.establish(server.issue(), 'password');

    await session.logout();

    expect(events.at(-1)).to.deep.equal({ type: 'logout', reason: 'user' });
    expect(session.user).to.equal(null);
    expect(localStorage.getItem(key)).to.equal(null);
  });

  it('revokes the refresh tokens on the server when logging out', async () => {
    const server = new StubGoTrue();
    const { session } = open(server);
    const user = session.establish(server.issue(), 'password');

    await session.logout();

    expect(server.logoutCalls).to.deep.equal([user.token.access_token]);
    expect(server.live.size).to.equal(0);
  });

  it('stores and announces the user the server returns after an update', async () => {
    const server = new StubGoTrue();
    const { session, events } = open(server);
    session.establish(server.issue(), 'password');
    await waitUntil(() => events.some((event) => event.type === 'user'));
    events.length = 0;

    const user = await session.updateUser({ data: { full_name: 'Alice B' } });

    expect(user.user_metadata.full_name).to.equal('Alice B');
    expect(events).to.deep.equal([{ type: 'user', user }]);
    expect(JSON.parse(localStorage.getItem(key)!).user_metadata.full_name).to.equal('Alice B');
  });

  it('gets a token with the new metadata after an update, for the page’s functions (GoTrue does not re-issue one)', async () => {
    const server = new StubGoTrue();
    const { session } = open(server);
    session.establish(server.issue(), 'password');

    await session.updateUser({ data: { full_name: 'Alice B' } });
    await waitUntil(() => server.refreshCalls.length === 1, 'no new token after the update');

    const claims = jwtDecode<{ user_metadata: { full_name: string } }>(await session.jwt());
    expect(claims.user_metadata.full_name).to.equal('Alice B');
  });

  it('stops refreshing after dispose', async () => {
    const clock = new FakeClock();
    const server = new StubGoTrue();
    server.now = clock.now;
    const { session } = open(server, { clock });
    session.establish(server.issue(), 'password');

    session.dispose();
    await clock.advance(3600_000);
    await settle();

    expect(server.refreshCalls).to.deep.equal([]);
    expect(clock.nextDelay()).to.equal(null);
  });
});
