// <gotrue-auth> in the visitor's language: `locale`, else the nearest `lang`, else the browser's
// languages; shipped languages load on first use without a blank render; a switch re-renders at
// once; `strings` overrides single texts; the dialog carries the language it shows (and rtl for Arabic).
import { expect } from '@open-wc/testing';
import type { GotrueAuth } from '../../src/index.js';
import { API, AuthHarness, cleanUp, mount, until } from './harness.js';

async function openLogin(attributes: Record<string, string> = {}): Promise<{ el: GotrueAuth; ui: AuthHarness }> {
  const el = await mount({ 'api-url': API.default, ...attributes });
  await el.open('login');
  return { el, ui: new AuthHarness(el) };
}

describe('<gotrue-auth> shipped languages', () => {
  let section: HTMLElement;
  beforeEach(() => {
    section = document.createElement('section');
    document.body.append(section);
  });
  afterEach(() => {
    cleanUp();
    section.remove();
    document.documentElement.removeAttribute('lang');
  });

  it('speaks its locale attribute over the page’s lang, and says so on the dialog', async () => {
    document.documentElement.lang = 'de';
    const { ui } = await openLogin({ locale: 'fr' });
    await until(() => ui.heading.textContent === 'Connexion', 'the dialog did not turn French');
    expect(ui.dialog.lang).to.equal('fr');
    expect(ui.submitButton.textContent?.trim()).to.equal('Se connecter');
    expect(ui.linkButton('Mot de passe oublié\u202f?')).to.exist;
  });

  it('follows the nearest lang, narrowing a region (pt-BR → pt)', async () => {
    section.lang = 'pt-BR';
    const el = document.createElement('gotrue-auth');
    el.setAttribute('api-url', API.default);
    section.append(el);
    await el.ready;
    await el.open('login');
    const ui = new AuthHarness(el);
    await until(() => ui.heading.textContent === 'Entrar', 'the dialog did not turn Portuguese');
    expect(ui.dialog.lang).to.equal('pt');
    expect(ui.emailInput.labels?.[0]?.textContent?.trim()).to.equal('E-mail');
  });

  it('with no locale and no lang, takes the first of the browser’s languages it has', async () => {
    const languages = Object.getOwnPropertyDescriptor(Navigator.prototype, 'languages')!;
    Object.defineProperty(navigator, 'languages', { configurable: true, get: () => ['xx-YY', 'nl-BE', 'en'] });
    try {
      const { ui } = await openLogin();
      await until(() => ui.heading.textContent === 'Inloggen', 'the dialog did not follow navigator.languages');
      expect(ui.dialog.lang).to.equal('nl');
      Object.defineProperty(navigator, 'languages', { configurable: true, get: () => ['sk'] });
      dispatchEvent(new Event('languagechange'));
      await until(() => ui.heading.textContent === 'Prihlásenie', 'the dialog did not follow a languagechange');
    } finally {
      delete (navigator as { languages?: unknown }).languages;
      expect(Object.getOwnPropertyDescriptor(Navigator.prototype, 'languages')).to.deep.equal(languages);
    }
  });

  it('switches language at once when locale changes, keeping the previous one while the next loads', async () => {
    const { el, ui } = await openLogin({ locale: 'it' });
    await until(() => ui.heading.textContent === 'Accedi', 'the dialog did not turn Italian');
    el.locale = 'ko';
    await el.updateComplete;
    // Korean is fetched only now: until it is there, the dialog stays Italian, never blank.
    expect(ui.heading.textContent).to.equal('Accedi');
    expect(ui.dialog.lang).to.equal('it');
    await until(() => ui.heading.textContent === '로그인', 'the dialog did not turn Korean');
    expect(ui.dialog.lang).to.equal('ko');
    el.locale = 'it';
    await el.updateComplete;
    expect(ui.heading.textContent, 'a loaded language shows in the same render').to.equal('Accedi');
    el.removeAttribute('locale');
    el.locale = '';
    await el.updateComplete;
    expect(ui.heading.textContent).to.equal('Log in');
  });

  it('translates error messages by their code', async () => {
    const { ui } = await openLogin({ locale: 'es' });
    await until(() => ui.heading.textContent === 'Iniciar sesión', 'the dialog did not turn Spanish');
    ui.emailInput.value = 'nobody-here@example.com';
    ui.passwordInput.value = 'wrong password';
    ui.submitButton.click();
    await until(() => ui.alertText === 'Correo electrónico o contraseña incorrectos.', 'the error was not in Spanish');
  });

  it('lets a page replace single texts through strings, in whatever language shows', async () => {
    const { el, ui } = await openLogin({ locale: 'sv' });
    await until(() => ui.heading.textContent === 'Logga in', 'the dialog did not turn Swedish');
    el.strings = { 'title.login': 'Medlemmar' };
    await el.updateComplete;
    expect(ui.heading.textContent).to.equal('Medlemmar');
    expect(ui.submitButton.textContent?.trim()).to.equal('Logga in');
    el.strings = {};
    await el.updateComplete;
    expect(ui.heading.textContent).to.equal('Logga in');
  });

  it('renders Hebrew right to left too', async () => {
    const { ui } = await openLogin({ locale: 'he' });
    await until(() => ui.heading.textContent === 'התחברות', 'the dialog did not turn Hebrew');
    expect(ui.dialog.getAttribute('dir')).to.equal('rtl');
  });

  it('renders Arabic right to left unless the page sets a direction', async () => {
    const { el, ui } = await openLogin({ locale: 'ar' });
    await until(() => ui.heading.textContent === 'تسجيل الدخول', 'the dialog did not turn Arabic');
    expect(ui.dialog.lang).to.equal('ar');
    expect(ui.dialog.getAttribute('dir')).to.equal('rtl');
    el.setAttribute('dir', 'ltr');
    await until(() => !ui.dialog.hasAttribute('dir'), 'an explicit dir was overridden');
    el.locale = 'en';
    el.removeAttribute('dir');
    await el.updateComplete;
    expect(ui.dialog.hasAttribute('dir')).to.equal(false);
  });

  it('inline, the panel carries the language too', async () => {
    const el = await mount({ 'api-url': API.default, mode: 'inline', locale: 'zh-Hans' });
    const ui = new AuthHarness(el);
    await until(() => ui.heading.textContent === '登录', 'the panel did not turn Chinese');
    expect(ui.panel.lang).to.equal('zh-CN');
  });
});
