/**
 * The message catalogue: DOM-free lookups by id. English is built in; other languages are
 * separate modules that call `registerLocale`, so only the languages a page imports are shipped.
 */
import type { AuthErrorCode } from '../errors.js';
import { en, type Catalogue, type MessageId } from './en.js';

export { en, type Catalogue, type MessageId };

export type Translate = (id: MessageId, vars?: Record<string, string>) => string;

const catalogues = new Map<string, Partial<Catalogue>>([['en', en]]);

/** Adds (or extends) a language; missing ids fall back to English. */
export function registerLocale(tag: string, messages: Partial<Catalogue>): void {
  const key = tag.toLowerCase();
  catalogues.set(key, { ...catalogues.get(key), ...messages });
}

/** The best registered match for a BCP 47 tag: `fr-CA` falls back to `fr`, then English. */
export function resolveLocale(tag: string | null | undefined): string {
  let key = (tag ?? '').toLowerCase();
  while (key) {
    if (catalogues.has(key)) return key;
    key = key.includes('-') ? key.slice(0, key.lastIndexOf('-')) : '';
  }
  return 'en';
}

/** A translate function for a language, with `{name}` placeholders filled from `vars`. */
export function locale(tag?: string | null): Translate {
  const messages = catalogues.get(resolveLocale(tag)) ?? en;
  return (id, vars) =>
    (messages[id] ?? en[id]).replace(/\{(\w+)\}/g, (match, name: string) => vars?.[name] ?? match);
}

/**
 * The text for an error: the catalogue's, keyed by the stable code; the server's own message
 * only when the code is unknown to the catalogue (a newer server, a typo'd code).
 */
export function errorText(t: Translate, code: string, fallback?: string): string {
  // English has a text for every AuthErrorCode, so its keys are the list of known codes.
  return `error.${code}` in en
    ? t(`error.${code as AuthErrorCode}`)
    : fallback || t('error.unknown');
}
