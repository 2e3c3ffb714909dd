/**
 * The languages shipped besides English, as BCP 47 tags. Each is a module in locales/ (and, for
 * the script-tag build, a `gotrue-auth.<tag>.json` file next to gotrue-auth.js), loaded the first
 * time an element needs it.
 */
export const LOCALES = [
  'ar',
  'cs',
  'da',
  'de',
  'el',
  'es',
  'fi',
  'fr',
  'he',
  'hu',
  'id',
  'it',
  'ja',
  'ko',
  'nb',
  'nl',
  'pl',
  'pt',
  'pt-PT',
  'ro',
  'ru',
  'sk',
  'sv',
  'sw',
  'tr',
  'uk',
  'vi',
  'zh-CN',
  'zh-TW',
] as const;

export type ShippedLocale = (typeof LOCALES)[number];
