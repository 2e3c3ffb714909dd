// What a user sees when the API is down or is not GoTrue at all: a clear, translated error on the
// form, what they typed still there, a gotrue:error event, and no session touched.
import { expect } from '@open-wc/testing';
import { AuthHarness, cleanUp, mount, recordEvents, until } from './harness.js';

async function submitLogin(apiUrl: string) {
  const el = await mount({ 'api-url': apiUrl });
  const events = recordEvents(el);
  el.open('login');
  await el.updateComplete;
  new AuthHarness(el).emailInput.value = 'ada@example.com';
  new AuthHarness(el).passwordInput.value = 'typed-password';
  new AuthHarness(el).submitButton.click();
  await until(() => events.some((event) => event.type === 'gotrue:error'), 'no gotrue:error');
  await el.updateComplete;
  return { el, events };
}

describe('<gotrue-auth> against a broken server', () => {
  afterEach(cleanUp);

  for (const [label, apiUrl, code, text] of [
    // Nothing listens on port 9: the connection is refused.
    ['is down', 'http://127.0.0.1:9/identity', 'network', 'Could not reach the server. Check your connection.'],
    // The test page's own server has nothing at this path: a 404 page, not GoTrue's JSON.
    [
      'has no identity endpoint at api-url',
      '/not-gotrue',
      'endpoint_not_found',
      `No identity endpoint answered at ${location.origin}/not-gotrue.`,
    ],
  ] as const) {
    it(`says so when the server ${label}, keeps what was typed, and stays logged out`, async () => {
      const { el, events } = await submitLogin(apiUrl);
      const error = events.find((event) => event.type === 'gotrue:error')!;
      expect(error.detail).to.deep.equal({ code, message: text, view: 'login' });
      const alert = new AuthHarness(el).alert;
      expect(alert.textContent!.trim()).to.equal(text);
      expect(new AuthHarness(el).emailInput.value).to.equal('ada@example.com');
      expect(new AuthHarness(el).passwordInput.value).to.equal('typed-password');
      expect(new AuthHarness(el).submitButton.disabled).to.equal(false);
      expect(el.user).to.equal(null);
      expect(events.map((event) => event.type)).to.not.include('gotrue:login');
    });
  }
});
