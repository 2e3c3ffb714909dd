/**
 * The session with the real GoTrueClient, against GoTrue's own recorded answers
 * (fixtures/gotrue-answers.ts) served by a fetch stub: proves the client's error codes are the ones the session
 * treats as transient or final.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { GoTrueClient } from '../../src/core/client.js';
import { Session, type SessionEvent } from '../../src/core/session.js';
import { FakeClock, makeToken, uniqueKey, wireUser } from './fixtures/session-fakes.js';

type Answer = () => Response | Promise<Response>;

const json = (status: number, body: unknown) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const offline: Answer = () => Promise.reject(new TypeError('Failed to fetch'));

describe('Session with the GoTrue client', () => {
  let key: string;
  let session: Session;
  let events: SessionEvent[];
  let requests: { url: string; body: string }[];
  let tokenAnswers: Answer[];
  let userAnswer: Answer;
  let clock: FakeClock;

  function tokens(n: number) {
    return {
      access_token: makeToken(clock.now() / 1000 + 3600, { n }),
      token_type: 'bearer' as const,
      expires_in: 3600,
      refresh_token: `rt-${n}`,
    };
  }

  beforeEach(() => {
    key = uniqueKey('client');
    clock = new FakeClock();
    requests = [];
    tokenAnswers = [];
    userAnswer = json(200, wireUser());
    const fetchStub = async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = String(input);
      requests.push({ url, body: String(init.body ?? '') });
      if (url.endsWith('/token')) return (tokenAnswers.shift() ?? json(500, { code: 500, msg: 'script ran out' }))();
      if (url.endsWith('/user')) return userAnswer();
      return json(404, { code: 404, msg: 'Not found' })();
    };
    const client = new GoTrueClient({ apiUrl: 'https://id.example.com/.netlify/identity', fetch: fetchStub });
    session = new Session({ client, storageKey: key, clock, random: () => 0.5 });
    events = [];
    session.subscribe((event) => events.push(event));
  });

  afterEach(() => {
    session.dispose();
    localStorage.removeItem(key);
  });

  function loginWithExpiredToken(): void {
    session.establish({ ...tokens(0), access_token: makeToken(clock.now() / 1000 - 1) }, 'password');
  }

  it('keeps the session through "Failed to fetch" and a 503, then refreshes with a form post', async () => {
    loginWithExpiredToken();
    tokenAnswers.push(offline, json(503, { code: 503, msg: 'Service Unavailable' }), json(200, tokens(1)));

    const error = await session.jwt().catch((reason: unknown) => reason);
    expect((error as { code: string }).code).to.equal('network');
    await clock.advance(1000);
    await waitUntil(() => clock.nextDelay() === 2000, 'no 2 s pause after the 503');
    expect(session.user).to.not.equal(null);
    await clock.advance(2000);
    await waitUntil(() => events.some((event) => event.type === 'token'), 'never refreshed');

    expect(events.map((event) => event.type)).to.not.include('logout');
    expect(session.user!.token.refresh_token).to.equal('rt-1');
    const refreshBodies = requests.filter((r) => r.url.endsWith('/token')).map((r) => new URLSearchParams(r.body));
    expect(refreshBodies.map((body) => body.get('refresh_token'))).to.deep.equal(['rt-0', 'rt-0', 'rt-0']);
    expect(refreshBodies[0]!.get('grant_type')).to.equal('refresh_token');
  });

  it('ends the session as expired on "Refresh token expired"', async () => {
    loginWithExpiredToken();
    tokenAnswers.push(json(400, { error: 'invalid_grant', error_description: 'Refresh token expired' }));

    await session.jwt().catch(() => undefined);

    expect(events.at(-1)).to.deep.equal({ type: 'logout', reason: 'expired' });
    expect(localStorage.getItem(key)).to.equal(null);
  });

  it('ends the session as revoked on "Invalid Refresh Token"', async () => {
    loginWithExpiredToken();
    tokenAnswers.push(json(400, { error: 'invalid_grant', error_description: 'Invalid Refresh Token' }));

    await session.jwt().catch(() => undefined);

    expect(events.at(-1)).to.deep.equal({ type: 'logout', reason: 'revoked' });
  });

  it('logs out a user GoTrue no longer knows (GET /user: 404 "User not found")', async () => {
    userAnswer = json(404, { code: 404, msg: 'User not found' });

    session.establish(tokens(0), 'password');
    await waitUntil(() => events.some((event) => event.type === 'logout'), 'the deleted user stayed logged in');

    expect(events.at(-1)).to.deep.equal({ type: 'logout', reason: 'revoked' });
    expect(session.user).to.equal(null);
  });

  it('keeps the session when GET /user fails with a 502 from a proxy', async () => {
    userAnswer = () =>
      new Response('<html>Bad Gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } });

    session.establish(tokens(0), 'password');
    await waitUntil(() => requests.some((r) => r.url.endsWith('/user')));
    await clock.advance(0);

    expect(session.user?.email).to.equal('alice@example.com');
    expect(events.map((event) => event.type)).to.deep.equal(['login']);
  });
});
