/**
 * The message catalogue: DOM-free lookups by id. English is built in; other languages are
 * separate modules that call `registerLocale`, so only the languages a page imports are shipped.
 */
import type { AuthErrorCode } from '../errors.js';
import { en, type Catalogue, type MessageId } from './en.js';

export { en, type Catalogue, type MessageId };

export type Translate = (id: MessageId, vars?: Record<string, string>) => string;

const catalogues = new Map<string, Partial<Catalogue>>([['en', en]]);
const listeners = new Set<(tag: string) => void>();

/**
 * Adds (or extends) a language; missing ids fall back to English. Elements already on the page
 * hear it (`onLocaleRegistered`) and render again, so a locale module may load after them.
 */
export function registerLocale(tag: string, messages: Partial<Catalogue>): void {
  const key = tag.toLowerCase();
  catalogues.set(key, { ...catalogues.get(key), ...messages });
  for (const listener of [...listeners]) listener(key);
}

/** Calls `listener` with the tag of every language registered from now on; returns the unsubscribe. */
export function onLocaleRegistered(listener: (tag: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
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
  return (id, vars) => (messages[id] ?? en[id]).replace(/\{(\w+)\}/g, (match, name: string) => vars?.[name] ?? match);
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
