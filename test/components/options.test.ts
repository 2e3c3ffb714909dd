import { expect } from '@open-wc/testing';
import {
  API,
  AuthHarness,
  cleanUp,
  confirmedUser,
  find,
  mount,
  recordedHeaders,
  recordRequests,
  until,
} from './harness.js';
import { locale, registerLocale } from '../../src/index.js';
import { sameOriginPath } from '../../src/components/redirect.js';

describe('<gotrue-auth> options', () => {
  afterEach(cleanUp);

  it('shows enabled providers from /settings with their labels, limited and ordered by `providers`', async () => {
    const el = await mount({ 'api-url': API.providers });
    el.open();
    await until(() => new AuthHarness(el).providerButtons.length === 2, 'no providers');
    expect(new AuthHarness(el).providerButtons.map((b) => b.textContent!.trim())).to.deep.equal([
      'Continue with GitHub',
      'Continue with Google',
    ]);
    await expect(el).to.be.accessible();
    el.setAttribute('providers', 'google, bitbucket, github');
    await el.updateComplete;
    expect(new AuthHarness(el).providerButtons.map((b) => b.dataset['provider'])).to.deep.equal(['google', 'github']);
  });

  it('providers-only hides the email forms', async () => {
    const el = await mount({ 'api-url': API.providers, 'providers-only': '' });
    el.open();
    await until(() => new AuthHarness(el).providerButtons.length === 2, 'no providers');
    expect(el.querySelector('form')).to.equal(null);
    expect(el.querySelector('input')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('remember="false" hides the "Remember me" checkbox', async () => {
    const on = await mount({ 'api-url': API.default });
    on.open();
    await on.updateComplete;
    expect(find<HTMLInputElement>(on, 'input[name=remember]').checked).to.equal(true);
    const off = await mount({ 'api-url': API.default, remember: 'false' });
    off.open();
    await off.updateComplete;
    expect(new AuthHarness(off).rememberCheckbox).to.equal(null);
  });

  it('mode="inline" renders the login form in place, without a dialog or close button', async () => {
    const el = await mount({ 'api-url': API.default, mode: 'inline' });
    await until(() => new AuthHarness(el).hasForm('login'), 'no inline form');
    expect(el.querySelector('dialog')).to.equal(null);
    expect(new AuthHarness(el).closeButton).to.equal(null);
    const section = new AuthHarness(el).panel;
    expect(document.getElementById(section.getAttribute('aria-labelledby')!)!.textContent).to.equal('Log in');
    await expect(el).to.be.accessible();
  });

  it('speaks a registered locale, falling back to English for missing ids', async () => {
    // Esperanto is not shipped: what the page registers is all there is of it.
    registerLocale('eo', { 'title.login': 'Ensaluti', 'error.invalid_credentials': 'Malĝusta retpoŝto aŭ pasvorto.' });
    const el = await mount({ 'api-url': API.default, locale: 'eo-XX' });
    el.open();
    await el.updateComplete;
    expect(new AuthHarness(el).heading.textContent).to.equal('Ensaluti');
    expect(new AuthHarness(el).submitButton.textContent!.trim()).to.equal('Log in');
    expect(locale('eo')('error.invalid_credentials')).to.equal('Malĝusta retpoŝto aŭ pasvorto.');
    expect(locale('haw')('title.signup')).to.equal('Sign up');
  });

  it('reports a client-side check as a typed error without a request', async () => {
    const el = await mount({ 'api-url': API.default });
    el.open();
    await el.updateComplete;
    const recorder = recordRequests();
    // Bypass the browser's own `required` check to reach the machine's.
    find<HTMLFormElement>(el, 'form').noValidate = true;
    new AuthHarness(el).submitButton.click();
    await el.updateComplete;
    expect(new AuthHarness(el).alert.textContent).to.equal('Enter an email address.');
    recorder.stop();
    expect(recorder.requests).to.deep.equal([]);
  });

  it('follows `redirect` only to a same-origin path', () => {
    const origin = 'https://site.example';
    expect(sameOriginPath('/members?x=1#top', origin)).to.equal('/members?x=1#top');
    expect(sameOriginPath('https://evil.example/', origin)).to.equal(null);
    expect(sameOriginPath('//evil.example/path', origin)).to.equal(null);
    expect(sameOriginPath('/\\evil.example', origin)).to.equal(null);
    // Dot segments that would leave a protocol-relative path behind stay on this origin.
    for (const tricky of ['/.//evil.example', '/..//evil.example', '/a/..//evil.example']) {
      const path = sameOriginPath(tricky, origin);
      expect(path, tricky).to.match(/^\/[^/\\]/);
      expect(new URL(path!, origin).origin, tricky).to.equal(origin);
    }
    expect(sameOriginPath('javascript:alert(1)', origin)).to.equal(null);
    expect(sameOriginPath('members', origin)).to.equal(null);
    expect(sameOriginPath('', origin)).to.equal(null);
  });

  it('sends `audience` as X-JWT-AUD and asks for the cookie with `cookie` and "Remember me"', async () => {
    const { email, password } = await confirmedUser();
    const el = await mount({ 'api-url': API.autoconfirm, cookie: '' });
    el.open();
    await el.updateComplete;
    new AuthHarness(el).emailInput.value = email;
    new AuthHarness(el).passwordInput.value = password;
    const recorder = recordRequests();
    new AuthHarness(el).submitButton.click();
    await until(() => el.user !== null, 'no login');
    recorder.stop();
    expect(recordedHeaders[0]!.get('x-use-cookie')).to.equal('1');

    // A changed attribute reconnects: the next requests carry the new audience.
    const second = recordRequests();
    el.setAttribute('audience', 'members');
    await el.updateComplete;
    await until(() => second.requests.some((r) => r.path.endsWith('/settings')), 'settings not reloaded');
    second.stop();
    expect(recordedHeaders.some((headers) => headers.get('x-jwt-aud') === 'members')).to.equal(true);
  });

  it('the documented class names are the styling hooks a page stylesheet reaches', async () => {
    const style = document.createElement('style');
    style.textContent =
      'gotrue-auth#hooks .gotrue-auth-title { letter-spacing: 7px; } gotrue-auth#hooks .gotrue-auth-field { outline: 3px solid rgb(0, 128, 0); }';
    document.head.append(style);
    try {
      // The built-in rules weigh one id: a page rule names the element by its id to win.
      const el = await mount({ 'api-url': API.default, id: 'hooks' });
      el.open();
      await el.updateComplete;
      for (const hook of [
        'dialog',
        'header',
        'title',
        'close',
        'error',
        'notice',
        'form',
        'field',
        'check',
        'button',
        'links',
        'link',
      ]) {
        expect(el.querySelector(`.gotrue-auth-${hook}`), hook).to.not.equal(null);
      }
      expect(getComputedStyle(find(el, '.gotrue-auth-title')).letterSpacing).to.equal('7px');
      expect(getComputedStyle(find(el, '.gotrue-auth-field')).outlineColor).to.equal('rgb(0, 128, 0)');
      // Light DOM: no shadow root, so no ::part() (the header's leftover part attribute is not a hook).
      expect(el.shadowRoot).to.equal(null);
      expect(el.querySelector('dialog')!.hasAttribute('part')).to.equal(false);
    } finally {
      style.remove();
    }
  });

  it('themes through attributes and stylesheets only: no inline style anywhere', async () => {
    const el = await mount({ 'api-url': API.default, theme: 'dark' });
    el.open();
    await el.updateComplete;
    const dialog = new AuthHarness(el).dialog;
    expect(getComputedStyle(dialog).colorScheme).to.equal('dark');
    const dark = getComputedStyle(dialog).backgroundColor;
    el.setAttribute('theme', 'light');
    await el.updateComplete;
    expect(getComputedStyle(dialog).backgroundColor).to.not.equal(dark);
    el.style.setProperty('--gotrue-auth-accent', 'rgb(255, 0, 0)');
    expect(getComputedStyle(new AuthHarness(el).submitButton).backgroundColor).to.equal('rgb(255, 0, 0)');
    el.removeAttribute('style');
    expect(el.querySelectorAll('[style]').length).to.equal(0);
    expect(el.querySelector('style')).to.equal(null);
  });
});
