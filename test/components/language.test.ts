// The language controller: the element speaks its `locale`, else the page's `lang`, and renders
// again when a language is registered or `lang` changes. A render that throws does not freeze it.
import { expect } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import { LanguageController } from '../../src/components/controllers/language-controller.js';
import { locale, registerLocale, type Catalogue } from '../../src/index.js';
import { API, AuthHarness, cleanUp, mount, until } from './harness.js';

class LanguageHost extends LitElement {
  static override properties = { locale: {} };
  locale = '';
  renders = 0;
  readonly language = new LanguageController(this, () => this.locale);

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render(): unknown {
    this.renders++;
    return html`<h2 lang=${this.language.lang}>${this.language.t('title.login')}</h2>`;
  }
}
customElements.define('language-host', LanguageHost);

describe('LanguageController', () => {
  let section: HTMLElement;
  beforeEach(() => {
    section = document.createElement('section');
    document.body.append(section);
  });
  afterEach(() => section.remove());

  it('follows the nearest lang attribute, and its changes', async () => {
    registerLocale('lc-a', { 'title.login': 'Anmelden' });
    section.lang = 'lc-a';
    const host = document.createElement('language-host') as LanguageHost;
    section.append(host);
    await host.updateComplete;
    expect(host.language.tag).to.equal('lc-a');
    expect(host.textContent).to.equal('Anmelden');
    section.lang = 'en';
    await until(() => host.textContent === 'Log in', 'no re-render on a lang change');
  });

  it('renders once for a language change, not again for the lang it puts on its own markup', async () => {
    registerLocale('lc-d', { 'title.login': 'Belépés' });
    const host = document.createElement('language-host') as LanguageHost;
    section.append(host);
    await host.updateComplete;
    const before = host.renders;
    host.locale = 'lc-d';
    await host.updateComplete;
    expect(host.querySelector('h2')!.lang).to.equal('lc-d');
    // Mutation records arrive as microtasks: a task later, any render they caused has been asked for.
    await new Promise((resolve) => setTimeout(resolve));
    await host.updateComplete;
    expect(host.renders - before).to.equal(1);
  });

  it('prefers the host’s own locale and renders again when that language is registered later', async () => {
    const host = document.createElement('language-host') as LanguageHost;
    host.locale = 'lc-b';
    section.append(host);
    await host.updateComplete;
    expect(host.textContent).to.equal('Log in');
    registerLocale('lc-b', { 'title.login': 'Se connecter' });
    await until(() => host.textContent === 'Se connecter', 'no re-render on registerLocale');
  });
});

describe('English', () => {
  it('says things in full: no copy shortened to save bytes', () => {
    const t = locale('en');
    expect(t('error.email_not_confirmed')).to.equal('Confirm your email address first: check your inbox for the link.');
    expect(t('error.user_exists')).to.equal('An account with this email already exists. Log in instead.');
    expect(t('error.rate_limited')).to.equal('Too many attempts. Try again in a few minutes.');
    expect(t('error.user_not_found')).to.equal('No account was found for this link.');
    expect(t('error.timeout')).to.equal('The server took too long to answer. Try again.');
    expect(t('error.provider_disabled')).to.equal('This login provider is not enabled.');
  });
});

describe('<gotrue-auth> language', () => {
  afterEach(() => {
    cleanUp();
    document.documentElement.removeAttribute('lang');
  });

  it('a locale module loaded after the element translates the open dialog', async () => {
    document.documentElement.lang = 'lc-c';
    const el = await mount({ 'api-url': API.default });
    await el.open('login');
    const ui = new AuthHarness(el);
    expect(ui.heading.textContent).to.equal('Log in');
    registerLocale('lc-c', { 'title.login': 'Iniciar sesión' });
    await until(() => ui.heading.textContent === 'Iniciar sesión', 'the dialog stayed in English');
  });

  it('recovers from a render that throws (a locale with a broken entry) once the language is fixed', async () => {
    const el = await mount({ 'api-url': API.default });
    await el.open('login');
    const ui = new AuthHarness(el);
    // Lit reports a failed update again as an unhandled rejection when the next one starts.
    const reported: unknown[] = [];
    const onUnhandled = (event: PromiseRejectionEvent) => {
      reported.push(event.reason);
      event.preventDefault();
    };
    addEventListener('unhandledrejection', onUnhandled);
    try {
      registerLocale('lc-broken', { 'title.login': 42 } as unknown as Partial<Catalogue>);
      el.locale = 'lc-broken';
      let failed = false;
      await el.updateComplete.catch(() => (failed = true));
      expect(failed, 'the broken entry did not break the render').to.equal(true);
      el.locale = 'en';
      await el.updateComplete;
      expect(ui.heading.textContent).to.equal('Log in');
      await el.open('signup');
      expect(ui.heading.textContent).to.equal('Sign up');
      await until(() => reported.length > 0, 'the failed render was not reported');
    } finally {
      removeEventListener('unhandledrejection', onUnhandled);
    }
  });
});
