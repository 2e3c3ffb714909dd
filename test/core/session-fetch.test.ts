// authedFetch hands the user's JWT to the page's origin and the API's origin only, unless the
// caller names another origin; a request anywhere else is refused before anything is sent.
import { expect } from '@open-wc/testing';
import { Session } from '../../src/core/session.js';
import { StubGoTrue, uniqueKey } from './fixtures/session-fakes.js';

describe('Session.authedFetch: where the token may go', () => {
  let key: string;
  let sessions: Session[];

  beforeEach(() => {
    key = uniqueKey('fetch');
    sessions = [];
  });

  afterEach(() => {
    for (const session of sessions) session.dispose();
    localStorage.removeItem(key);
    sessionStorage.removeItem(key);
  });

  /** A logged-in session whose fetch records every request instead of sending it. */
  function loggedIn(expiresAt?: number) {
    const server = new StubGoTrue();
    const requests: Request[] = [];
    const fetchStub = async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push(new Request(input, init));
      return new Response('{}');
    };
    const session = new Session({ client: server, storageKey: key, fetch: fetchStub as typeof fetch });
    sessions.push(session);
    const user = session.establish(server.issue(expiresAt), 'password');
    return { server, session, requests, token: user.token.access_token };
  }

  async function refusal(promise: Promise<unknown>): Promise<Error> {
    try {
      await promise;
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected a rejection');
  }

  it('sends the token to the page’s own origin, relative or absolute', async () => {
    const { session, requests, token } = loggedIn();

    await session.authedFetch('/.netlify/functions/hello');
    await session.authedFetch(new URL('/.netlify/functions/hello', location.href));
    await session.authedFetch(new Request(`${location.origin}/api`));

    expect(requests.map((request) => request.headers.get('Authorization'))).to.deep.equal(
      Array(3).fill(`Bearer ${token}`),
    );
  });

  it('sends the token to the API’s origin', async () => {
    const { session, requests, token } = loggedIn();

    await session.authedFetch('https://example.com/.netlify/functions/orders');

    expect(requests[0]!.headers.get('Authorization')).to.equal(`Bearer ${token}`);
  });

  it('refuses another origin and sends nothing at all, not even a refresh', async () => {
    // Close to expiry: a token would have to be refreshed before the request.
    const { server, session, requests } = loggedIn(Date.now() + 5000);

    const error = await refusal(session.authedFetch('http://evil.test/collect'));

    expect(error).to.be.instanceOf(DOMException);
    expect(error.name).to.equal('SecurityError');
    expect(error.message).to.contain('http://evil.test');
    expect(error.message).to.contain('allowOrigins');
    expect(requests).to.deep.equal([]);
    expect(server.refreshCalls).to.deep.equal([]);
  });

  it('refuses another origin however the request is given', async () => {
    const { session, requests } = loggedIn();
    const others: (RequestInfo | URL)[] = [
      new URL('http://evil.test/collect'),
      new Request('http://evil.test/collect', { method: 'POST', body: 'x' }),
      '//evil.test/collect',
      // Same host, another scheme or port: another origin.
      location.href.replace(/^http:/, 'https:'),
      `${location.protocol}//${location.hostname}:1${location.port || '80'}/`,
    ];

    for (const input of others) {
      expect((await refusal(session.authedFetch(input))).name, String(input)).to.equal('SecurityError');
    }
    expect(requests).to.deep.equal([]);
  });

  it('sends the token to an origin the caller names', async () => {
    const { session, requests, token } = loggedIn();

    await session.authedFetch('http://evil.test/collect', { method: 'POST' }, { allowOrigins: ['http://evil.test'] });
    // Written with a trailing slash or in capitals, it is the same origin.
    await session.authedFetch('https://api.example.org/v1/orders', undefined, {
      allowOrigins: ['HTTPS://API.example.org/'],
    });

    expect(requests.map((request) => request.url)).to.deep.equal([
      'http://evil.test/collect',
      'https://api.example.org/v1/orders',
    ]);
    expect(requests.map((request) => request.headers.get('Authorization'))).to.deep.equal(
      Array(2).fill(`Bearer ${token}`),
    );
  });

  it('names one origin for one origin: another one is still refused', async () => {
    const { session, requests } = loggedIn();

    const error = await refusal(
      session.authedFetch('https://evil.test/collect', {}, { allowOrigins: ['http://evil.test'] }),
    );

    expect(error.name).to.equal('SecurityError');
    expect(requests).to.deep.equal([]);
  });

  it('rejects an allowed origin that is not an origin, saying how to write it', async () => {
    const { session, requests } = loggedIn();

    for (const entry of ['evil.test', 'https://evil.test/only/this/path', 'https://evil.test/?q=1']) {
      const error = await refusal(session.authedFetch('/.netlify/functions/hello', {}, { allowOrigins: [entry] }));
      expect(error, entry).to.be.instanceOf(TypeError);
      expect(error.message, entry).to.contain(JSON.stringify(entry));
    }
    expect(requests).to.deep.equal([]);
  });
});
