/**
 * A refresh whose answer is late, lost or refused, with the real GoTrueClient and a fetch stub
 * that can hold an answer: the session must never log the user out because an answer was slow,
 * and must not hammer a failing API with one refresh grant per caller.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { GoTrueClient } from '../../src/core/client.js';
import { Session, type SessionEvent } from '../../src/core/session.js';
import { FakeClock, makeToken, settle, uniqueKey, wireUser } from './fixtures/session-fakes.js';

type Answer = () => Response | Promise<Response>;

const json = (status: number, body: unknown) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const unavailable = json(503, { code: 503, msg: 'Service Unavailable' });
const offline: Answer = () => Promise.reject(new TypeError('Failed to fetch'));

describe('Session with late, lost and failing refresh answers', () => {
  let key: string;
  let session: Session;
  let events: SessionEvent[];
  let grants: string[];
  /** Grants (by index in `grants`) whose request was aborted: their connection closed unanswered. */
  let aborted: number[];
  /** For each grant, how many requests had been aborted when it was sent. */
  let abortedBefore: number[];
  let tokenAnswers: Answer[];
  let clock: FakeClock;
  let startSession: (options?: { refreshGiveUpMs?: number }) => void;

  function tokens(n: number) {
    return {
      access_token: makeToken(clock.now() / 1000 + 3600, { n }),
      token_type: 'bearer' as const,
      expires_in: 3600,
      refresh_token: `rt-${n}`,
    };
  }

  /** An answer the test sends when it likes; meanwhile the request stays open. */
  function heldAnswer(): { answer: Answer; send(response: Answer): void } {
    let send!: (response: Answer) => void;
    const sent = new Promise<Answer>((resolve) => (send = resolve));
    return { answer: async () => (await sent)(), send };
  }

  beforeEach(() => {
    key = uniqueKey('late');
    clock = new FakeClock();
    grants = [];
    aborted = [];
    abortedBefore = [];
    tokenAnswers = [];
    const fetchStub = async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = String(input);
      if (url.endsWith('/token')) {
        const grant = grants.length;
        init.signal?.addEventListener('abort', () => aborted.push(grant));
        abortedBefore.push(aborted.length);
        grants.push(new URLSearchParams(String(init.body)).get('refresh_token')!);
        return (tokenAnswers.shift() ?? json(500, { code: 500, msg: 'script ran out' }))();
      }
      if (url.endsWith('/user')) return json(200, wireUser())();
      return json(404, { code: 404, msg: 'Not found' })();
    };
    // A client that gives up on a request after 50 ms, far sooner than the held answers come.
    const client = new GoTrueClient({
      apiUrl: 'https://id.example.com/.netlify/identity',
      fetch: fetchStub,
      timeoutMs: 50,
    });
    startSession = (options = {}) => {
      session?.dispose();
      session = new Session({ client, storageKey: key, clock, random: () => 0.5, ...options });
      events = [];
      session.subscribe((event) => events.push(event));
    };
    startSession();
  });

  afterEach(() => {
    session.dispose();
    localStorage.removeItem(key);
  });

  function loginWithExpiredToken(): void {
    session.establish({ ...tokens(0), access_token: makeToken(clock.now() / 1000 - 1) }, 'password');
  }

  it('uses a refresh answer that comes after callers stopped waiting, and never sends the grant again', async () => {
    const held = heldAnswer();
    // What GoTrue would say to the same token sent twice: it was rotated by the first grant.
    tokenAnswers.push(held.answer, json(400, { error: 'invalid_grant', error_description: 'Invalid Refresh Token' }));
    loginWithExpiredToken();

    const first = session.jwt().then(
      () => 'a token',
      (error: { code: string }) => error.code,
    );
    await clock.advance(15_000);
    expect(await first).to.equal('timeout');
    const second = session.jwt();
    await settle();
    expect(grants).to.deep.equal(['rt-0']);

    const next = tokens(1);
    held.send(json(200, next));

    expect(await second).to.equal(next.access_token);
    expect(grants).to.deep.equal(['rt-0']);
    expect(session.user?.token.refresh_token).to.equal('rt-1');
    expect(JSON.parse(localStorage.getItem(key)!).token.refresh_token).to.equal('rt-1');
    expect(events.map((event) => event.type)).to.not.include('logout');
  });

  it('gives up on a grant whose connection never closes after refreshGiveUpMs, then sends it again and recovers', async () => {
    // The give-up runs on real time (it is the request's own limit); callers' waits on the fake clock.
    startSession({ refreshGiveUpMs: 300 });
    const never: Answer = () => new Promise<Response>(() => {});
    const next = tokens(1);
    tokenAnswers.push(never, json(200, next));
    loginWithExpiredToken();

    const first = session.jwt().catch((error: { code: string }) => error.code);
    await waitUntil(() => aborted.length === 1, 'the unanswered grant was never given up', { timeout: 5000 });
    expect(await first).to.equal('timeout');
    expect(grants).to.deep.equal(['rt-0']);
    expect(events.map((event) => event.type)).to.not.include('logout');

    await clock.advance(1000); // the retry, after the backoff
    expect(grants).to.deep.equal(['rt-0', 'rt-0']);
    expect(abortedBefore).to.deep.equal([0, 1], 'sent again only once the first request was aborted');
    expect(await session.jwt()).to.equal(next.access_token);
    expect(session.user?.token.refresh_token).to.equal('rt-1');
    expect(events.map((event) => event.type)).to.not.include('logout');
  });

  it('ends the session as expired, not revoked, when a grant of its own was lost and the token is then refused', async () => {
    tokenAnswers.push(offline, json(400, { error: 'invalid_grant', error_description: 'Invalid Refresh Token' }));
    loginWithExpiredToken();

    const error = await session.jwt().catch((reason: { code: string }) => reason.code);
    expect(error).to.equal('network');
    await clock.advance(1000);
    await waitUntil(() => events.some((event) => event.type === 'logout'), 'the retry never ended the session');

    expect(events.filter((event) => event.type === 'logout')).to.deep.equal([{ type: 'logout', reason: 'expired' }]);
    expect(grants).to.deep.equal(['rt-0', 'rt-0']);
    expect(localStorage.getItem(key)).to.equal(null);
  });

  it('while the API fails, callers share one refresh and its backoff instead of each sending a grant', async () => {
    const next = tokens(1);
    tokenAnswers.push(unavailable, unavailable, json(200, next));
    loginWithExpiredToken();

    const outcomes: Promise<string>[] = [];
    for (let call = 0; call < 5; call++) {
      outcomes.push(session.jwt().catch((error: { code: string }) => error.code));
      await settle();
    }
    expect(grants).to.have.length(1);

    await clock.advance(1000); // the first retry: 503 again, and everyone waiting hears so
    expect(grants).to.have.length(2);
    expect(await Promise.all(outcomes)).to.deep.equal(['server', 'server', 'server', 'server', 'server']);

    const waiting = session.jwt();
    await settle();
    expect(grants).to.have.length(2);
    await clock.advance(2000); // the second retry gets through, and the waiting caller its token
    expect(await waiting).to.equal(next.access_token);
    expect(grants).to.deep.equal(['rt-0', 'rt-0', 'rt-0']);
    expect(events.map((event) => event.type)).to.not.include('logout');
  });
});
