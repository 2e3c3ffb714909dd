// The message catalogue: every shipped language is complete (no id missing, none extra, no blank),
// keeps the placeholders English has, and resolves and falls back the way a page expects.
import { expect } from '@open-wc/testing';
import {
  en,
  formatMessage,
  isLocaleReady,
  loadLocale,
  locale,
  localeTag,
  negotiateLocale,
  registerLocale,
  resolveLocale,
  LOCALES,
  type Catalogue,
  type Message,
  type MessageId,
} from '../../src/core/i18n/index.js';
import { loadCatalogue } from '../../src/core/i18n/load.js';

const ids = Object.keys(en).sort() as MessageId[];
const placeholders = (message: Message): string[] => {
  const texts = typeof message === 'string' ? [message] : Object.values(message);
  return [...new Set(texts.flatMap((text) => text?.match(/\{\w+\}/g) ?? []))].sort();
};

describe('shipped languages', () => {
  const catalogues = new Map<string, Catalogue>();
  before(async () => {
    for (const tag of LOCALES) catalogues.set(tag, await loadCatalogue(tag));
  });

  it('are the reference widget’s sixteen and more', () => {
    const expected = [
      'en',
      'fr',
      'es',
      'hu',
      'pt',
      'pl',
      'cs',
      'sk',
      'ru',
      'de',
      'it',
      'ar',
      'zh-CN',
      'nl',
      'sv',
      'sw',
    ];
    for (const tag of [...expected, 'ja', 'ko', 'tr', 'uk'])
      expect(tag === 'en' || (LOCALES as readonly string[]).includes(tag), tag).to.equal(true);
  });

  it('each has every message id of English and no other, none of them blank', () => {
    for (const [tag, messages] of catalogues) {
      expect(Object.keys(messages).sort(), `${tag}: ids`).to.deep.equal(ids);
      for (const id of ids) {
        const message = messages[id];
        const texts = typeof message === 'string' ? [message] : Object.values(message ?? {});
        expect(
          texts.length > 0 && texts.every((text) => typeof text === 'string' && text.trim() !== ''),
          `${tag}: ${id}`,
        ).to.be.true;
      }
    }
  });

  it('each keeps the placeholders of the English text, so {email} and {url} still show', () => {
    for (const [tag, messages] of catalogues) {
      for (const id of ids) expect(placeholders(messages[id]), `${tag}: ${id}`).to.deep.equal(placeholders(en[id]));
    }
  });

  it('each is translated: no message reads as its id, and the main titles differ from English', () => {
    for (const [tag, messages] of catalogues) {
      for (const id of ids) expect(messages[id], `${tag}: ${id}`).not.to.equal(id);
      expect(messages['title.signup'], tag).not.to.equal(en['title.signup']);
      expect(messages['link.forgot'], tag).not.to.equal(en['link.forgot']);
    }
  });

  it('fills the placeholders of a loaded language', async () => {
    await loadLocale('fr');
    const t = locale('fr');
    expect(t('notice.loggedInAs', { email: 'ana@example.com' })).to.equal('Connecté en tant que ana@example.com');
    expect(t('error.endpoint_not_found', { url: 'https://x.test/' })).to.contain('https://x.test/');
  });
});

describe('resolving a language', () => {
  it('narrows a region to its language, and an unknown one to English', () => {
    expect(resolveLocale('pt-BR')).to.equal('pt');
    expect(resolveLocale('fr-CA')).to.equal('fr');
    expect(resolveLocale('de_AT')).to.equal('de');
    expect(resolveLocale('xx-YY')).to.equal('en');
    expect(resolveLocale('')).to.equal('en');
    expect(resolveLocale(null)).to.equal('en');
  });

  it('reads Chinese without a region, and Simplified script, as zh-CN', () => {
    for (const tag of ['zh', 'zh-Hans', 'zh-Hans-CN', 'zh-CN', 'zh-SG', 'ZH-cn'])
      expect(resolveLocale(tag), tag).to.equal('zh-cn');
    expect(localeTag('zh-cn')).to.equal('zh-CN');
  });

  it('reads Traditional-script Chinese, and Hong Kong and Macau, as zh-TW', () => {
    for (const tag of ['zh-TW', 'zh-Hant', 'zh-Hant-HK', 'zh-HK', 'zh-MO'])
      expect(resolveLocale(tag), tag).to.equal('zh-tw');
    expect(resolveLocale('zh-Hans-HK')).to.equal('zh-cn');
    expect(localeTag('zh-tw')).to.equal('zh-TW');
  });

  it('keeps Portugal’s Portuguese apart from Brazil’s', () => {
    expect(resolveLocale('pt-PT')).to.equal('pt-pt');
    expect(resolveLocale('pt-BR')).to.equal('pt');
    expect(resolveLocale('pt-AO')).to.equal('pt');
  });

  it('understands Norwegian without a written standard, and the old codes for Hebrew and Indonesian', () => {
    expect(resolveLocale('no')).to.equal('nb');
    expect(resolveLocale('nb-NO')).to.equal('nb');
    expect(resolveLocale('iw-IL')).to.equal('he');
    expect(resolveLocale('in')).to.equal('id');
  });

  it('takes the first of the browser’s languages that exists', () => {
    expect(negotiateLocale(['xx', 'nl-BE', 'de'])).to.equal('nl');
    expect(negotiateLocale(['xx', 'yy'])).to.equal('en');
    expect(negotiateLocale([])).to.equal('en');
  });

  it('files a registration under the same key a lookup uses: zh-Hans is zh-CN, pt_BR is pt-BR', async () => {
    await loadLocale('zh-cn');
    registerLocale('zh-Hans', { 'title.done': '好了' });
    expect(locale('zh-CN')('title.done')).to.equal('好了');
    registerLocale('pt_BR', { 'title.done': 'Pronto' });
    expect(resolveLocale('pt-BR')).to.equal('pt-br');
    expect(resolveLocale('constructor')).to.equal('en');
  });

  it('counts a language registered by the page, and its regions', () => {
    expect(resolveLocale('tlh-KX')).to.equal('en');
    registerLocale('tlh', { 'title.login': 'ngaQ' });
    expect(resolveLocale('tlh-KX')).to.equal('tlh');
  });
});

describe('translating', () => {
  it('reads a shipped language as English until it is loaded, then in that language', async () => {
    expect(isLocaleReady('sv')).to.equal(false);
    expect(locale('sv')('title.login')).to.equal('Log in');
    expect(await loadLocale('sv')).to.equal(true);
    expect(isLocaleReady('sv')).to.equal(true);
    expect(locale('sv')('title.login')).to.equal('Logga in');
  });

  it('falls back to English for an id a language lacks or leaves blank, never to the id', () => {
    registerLocale('qa-partial', { 'title.login': 'Q', 'title.signup': '' });
    const t = locale('qa-partial');
    expect(t('title.login')).to.equal('Q');
    expect(t('title.signup')).to.equal('Sign up');
    expect(t('link.forgot')).to.equal('Forgot password?');
  });

  it('lets a page’s registration of a region win, with the shipped language beneath it', async () => {
    registerLocale('es-MX', { 'title.login': 'Ingresar' });
    expect(isLocaleReady('es-mx')).to.equal(false, 'es-MX still needs es');
    await loadLocale('es-mx');
    const t = locale('es-MX');
    expect(t('title.login')).to.equal('Ingresar');
    expect(t('title.signup')).to.equal('Registrarse');
  });

  it('loads one module for a region that has its own: pt-PT does not need pt', async () => {
    expect(await loadLocale('pt-pt')).to.equal(true);
    expect(locale('pt-PT')('field.password')).to.equal('Palavra-passe');
    expect(isLocaleReady('pt'), 'pt was not loaded too').to.equal(false);
  });

  it('puts per-call overrides first', async () => {
    await loadLocale('de');
    const t = locale('de', { 'title.login': 'Mitglieder' });
    expect(t('title.login')).to.equal('Mitglieder');
    expect(t('title.signup')).to.equal('Registrieren');
  });

  it('picks the plural form of the language through Intl.PluralRules', () => {
    const minutes = { one: '{count} минута', few: '{count} минуты', many: '{count} минут', other: '{count} минуты' };
    expect([1, 3, 5, 21, 1.5].map((count) => formatMessage(minutes, { count }, 'ru'))).to.deep.equal([
      '1 минута',
      '3 минуты',
      '5 минут',
      '21 минута',
      '1.5 минуты',
    ]);
    const files = { one: '{count} plik', few: '{count} pliki', many: '{count} plików', other: '{count} pliku' };
    expect([1, 2, 5, 22].map((count) => formatMessage(files, { count }, 'pl'))).to.deep.equal([
      '1 plik',
      '2 pliki',
      '5 plików',
      '22 pliki',
    ]);
    // A language without a `one` category (Japanese) uses `other`; an invalid page tag counts as English.
    expect(formatMessage({ one: '{count} file', other: '{count} files' }, { count: 1 }, 'ja')).to.equal('1 files');
    expect(formatMessage({ one: '{count} file', other: '{count} files' }, { count: 1 }, 'lc-a')).to.equal('1 file');
  });

  it('uses a plural message registered for an id', async () => {
    await loadLocale('pl');
    registerLocale('pl', {
      'notice.saved': {
        one: 'Zapisano {count} zmianę.',
        few: 'Zapisano {count} zmiany.',
        other: 'Zapisano {count} zmian.',
      },
    });
    const t = locale('pl');
    expect(t('notice.saved', { count: 1 })).to.equal('Zapisano 1 zmianę.');
    expect(t('notice.saved', { count: 3 })).to.equal('Zapisano 3 zmiany.');
    expect(t('notice.saved', { count: 7 })).to.equal('Zapisano 7 zmian.');
  });

  it('leaves a placeholder it has no value for as it is', () => {
    expect(formatMessage('Hello {name}, {email}', { email: 'a@b.c' })).to.equal('Hello {name}, a@b.c');
  });
});
