/**
 * The message catalogue: DOM-free lookups by id. English is built in; every other shipped
 * language is a separate module (locales/*.ts) loaded the first time a page asks for it, and a
 * page can add or extend languages with `registerLocale`.
 */
import type { AuthErrorCode } from '../errors.js';
import { en, type Catalogue, type Message, type MessageId, type PluralMessage } from './en.js';
import { loadCatalogue } from './load.js';
import { LOCALES } from './locales.js';

export { en, LOCALES, type Catalogue, type Message, type MessageId, type PluralMessage };

export type Translate = (id: MessageId, vars?: Record<string, string | number>) => string;

/** Languages given by the page (`registerLocale`); they win over the shipped modules. */
const registered = new Map<string, Partial<Catalogue>>([['en', en]]);
/** Shipped languages already loaded. */
const shipped = new Map<string, Partial<Catalogue>>();
/** Shipped languages being loaded, or settled (`true` loaded, `false` failed). */
const loads = new Map<string, Promise<boolean>>();
const failed = new Set<string>();
const listeners = new Set<(tag: string) => void>();

/** Lower-case keys of the shipped languages: `zh-cn` → `zh-CN`. */
const SHIPPED = new Map(LOCALES.map((tag) => [tag.toLowerCase(), tag]));

/**
 * Tags that name a shipped language by another name. Chinese is written in two scripts: the
 * Simplified regions and script go to `zh-CN`, the Traditional ones (Hong Kong and Macau
 * included) to `zh-TW`; `zh` alone is read as Simplified, the larger readership and what it
 * means on most systems.
 */
const ALIASES = new Map([
  ['zh', 'zh-cn'],
  ['zh-hans', 'zh-cn'],
  ['zh-sg', 'zh-cn'],
  ['zh-my', 'zh-cn'],
  ['zh-hant', 'zh-tw'],
  ['zh-hk', 'zh-tw'],
  ['zh-mo', 'zh-tw'],
  // Norwegian without a written standard reads Bokmål; old codes still sent by some systems.
  ['no', 'nb'],
  ['iw', 'he'],
  ['in', 'id'],
]);

/** A tag as a key: lower case, `-` between subtags (`pt_BR` → `pt-br`), aliases applied. */
function keyOf(tag: string): string {
  const key = tag.trim().toLowerCase().replace(/_/g, '-');
  return ALIASES.get(key) ?? key;
}

/**
 * Adds (or extends) a language; missing ids fall back to the shipped module of that language,
 * then to English. Elements already on the page hear it (`onLocaleRegistered`) and render again,
 * so a locale module may load after them.
 */
export function registerLocale(tag: string, messages: Partial<Catalogue>): void {
  const key = keyOf(tag);
  registered.set(key, { ...registered.get(key), ...messages });
  notify(key);
}

function notify(key: string): void {
  for (const listener of [...listeners]) listener(key);
}

/** Calls `listener` with the tag of every language registered or loaded from now on; returns the unsubscribe. */
export function onLocaleRegistered(listener: (tag: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether a language can be shown: registered, or shipped and not failed to load. */
function known(key: string): boolean {
  return registered.has(key) || (SHIPPED.has(key) && !failed.has(key));
}

/** `pt-br`, `pt`: the tag and each shorter prefix of it, lower case, aliases applied. */
function levels(tag: string): string[] {
  const out: string[] = [];
  let key = tag.trim().toLowerCase().replace(/_/g, '-');
  while (key) {
    out.push(keyOf(key));
    key = key.includes('-') ? key.slice(0, key.lastIndexOf('-')) : '';
  }
  return out;
}

/** The best known match for a BCP 47 tag, or undefined: `pt-BR` → `pt`, `zh-Hans` → `zh-cn`. */
function match(tag: string | null | undefined): string | undefined {
  return levels(tag ?? '').find(known);
}

/**
 * The best match for a BCP 47 tag (lower case): the tag itself, else a shorter prefix of it
 * (`fr-CA` → `fr`), else English. Shipped languages count before they are loaded.
 */
export function resolveLocale(tag: string | null | undefined): string {
  return match(tag) ?? 'en';
}

/**
 * The first of several preferred tags (a browser's `navigator.languages`) that matches a known
 * language, or English: `['pt-BR', 'de']` → `pt`.
 */
export function negotiateLocale(tags: readonly string[]): string {
  for (const tag of tags) {
    const key = match(tag);
    if (key) return key;
  }
  return 'en';
}

/** A resolved key as a BCP 47 tag for `lang` attributes: `zh-cn` → `zh-CN`. */
export function localeTag(key: string): string {
  if (SHIPPED.has(key)) return SHIPPED.get(key)!;
  try {
    return Intl.getCanonicalLocales(key)[0] ?? key;
  } catch {
    return key;
  }
}

/**
 * The shipped module a key's messages come from, if it is not loaded yet: `pt-br` needs `pt`. A
 * shipped module is complete, so only the first one on the way to English is needed.
 */
function pending(key: string): string[] {
  const level = levels(key).find((candidate) => SHIPPED.has(candidate) && !failed.has(candidate));
  return level && !shipped.has(level) ? [level] : [];
}

/** Whether every message of a resolved key is available now (nothing still to load). */
export function isLocaleReady(key: string): boolean {
  return pending(key).length === 0;
}

/**
 * Loads the shipped modules a resolved key needs; settles `true` when they are all there. Never
 * rejects: a module that cannot be fetched is reported with a console warning, and its language
 * falls back to English from then on.
 */
export function loadLocale(key: string): Promise<boolean> {
  return Promise.all(pending(key).map(loadShipped)).then((results) => results.every(Boolean));
}

function loadShipped(key: string): Promise<boolean> {
  let load = loads.get(key);
  if (!load) {
    const tag = SHIPPED.get(key)!;
    load = loadCatalogue(tag).then(
      (messages) => {
        shipped.set(key, messages);
        notify(key);
        return true;
      },
      (error: unknown) => {
        failed.add(key);
        console.warn(`<gotrue-auth>: the "${tag}" messages could not be loaded; showing English instead.`, error);
        notify(key);
        return false;
      },
    );
    loads.set(key, load);
  }
  return load;
}

/** A message of a language: the page's registration, then the shipped module, level by level; then English. */
function lookup(key: string, id: MessageId): Message {
  for (const level of levels(key)) {
    const message = registered.get(level)?.[id] ?? shipped.get(level)?.[id];
    if (message !== undefined && message !== '') return message;
  }
  return en[id];
}

function pluralRules(tag: string): Intl.PluralRules {
  try {
    return new Intl.PluralRules(localeTag(tag));
  } catch {
    // A page's own tag that is not valid BCP 47 (`registerLocale('my-site', …)`).
    return new Intl.PluralRules('en');
  }
}

/** Fills `{name}` placeholders; a plural message first picks its form by `count`. */
export function formatMessage(message: Message, vars: Record<string, string | number> = {}, tag = 'en'): string {
  let text: string;
  if (typeof message === 'object' && message !== null) {
    const category = pluralRules(tag).select(Number(vars.count ?? 0));
    // `=0`-style exact forms are not supported; `zero` only where the language has it (Arabic).
    text = message[category] ?? message.other;
  } else {
    text = message;
  }
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in vars ? String(vars[name]) : placeholder));
}

/**
 * A translate function for a language (resolved like `resolveLocale`), with `{name}` placeholders
 * filled from `vars`. `overrides` win over every catalogue (an element's `strings`). A shipped
 * language that is not loaded yet reads as English: call `loadLocale` and translate again.
 */
export function locale(tag?: string | null, overrides: Partial<Catalogue> = {}): Translate {
  const key = resolveLocale(tag);
  return (id, vars) => formatMessage(overrides[id] || lookup(key, id), vars, key);
}

/** An error as the machine and the events carry it: a stable code, the server's own text. */
export interface ErrorMessage {
  code: AuthErrorCode;
  message: string;
}

/**
 * The text for an error: the catalogue's, keyed by the stable code. `{message}` in it is the
 * server's own text (a provider's description that has no code of its own); other placeholders
 * come from `vars` (`{url}`: the API URL nothing answered at).
 */
export function errorText(t: Translate, error: ErrorMessage, vars: Record<string, string> = {}): string {
  return t(`error.${error.code}`, { ...vars, message: error.message });
}
