/**
 * Loads a shipped language for the ES build: one dynamic import per language, so a bundler
 * splits each into its own chunk and a page downloads only the languages it shows. (The
 * script-tag build replaces this module with load-file.ts.)
 */
import type { Catalogue } from './en.js';
import type { ShippedLocale } from './locales.js';

type Module = Promise<{ default: Catalogue }>;

const MODULES: Record<ShippedLocale, () => Module> = {
  ar: () => import('./locales/ar.js'),
  cs: () => import('./locales/cs.js'),
  da: () => import('./locales/da.js'),
  de: () => import('./locales/de.js'),
  el: () => import('./locales/el.js'),
  es: () => import('./locales/es.js'),
  fi: () => import('./locales/fi.js'),
  fr: () => import('./locales/fr.js'),
  he: () => import('./locales/he.js'),
  hu: () => import('./locales/hu.js'),
  id: () => import('./locales/id.js'),
  it: () => import('./locales/it.js'),
  ja: () => import('./locales/ja.js'),
  ko: () => import('./locales/ko.js'),
  nb: () => import('./locales/nb.js'),
  nl: () => import('./locales/nl.js'),
  pl: () => import('./locales/pl.js'),
  pt: () => import('./locales/pt.js'),
  'pt-PT': () => import('./locales/pt-PT.js'),
  ro: () => import('./locales/ro.js'),
  ru: () => import('./locales/ru.js'),
  sk: () => import('./locales/sk.js'),
  sv: () => import('./locales/sv.js'),
  sw: () => import('./locales/sw.js'),
  tr: () => import('./locales/tr.js'),
  uk: () => import('./locales/uk.js'),
  vi: () => import('./locales/vi.js'),
  'zh-CN': () => import('./locales/zh-CN.js'),
  'zh-TW': () => import('./locales/zh-TW.js'),
};

export async function loadCatalogue(tag: ShippedLocale): Promise<Catalogue> {
  return (await MODULES[tag]()).default;
}
