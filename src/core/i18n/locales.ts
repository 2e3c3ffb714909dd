/**
 * The languages shipped besides English, as BCP 47 tags. Each is a module in locales/ (and, for
 * the script-tag build, a `gotrue-auth.<tag>.json` file next to gotrue-auth.js), loaded the first
 * time an element needs it.
 */
export const LOCALES = [
  'ar',
  'cs',
  'de',
  'es',
  'fr',
  'hu',
  'it',
  'ja',
  'ko',
  'nl',
  'pl',
  'pt',
  'pt-PT',
  'ru',
  'sk',
  'sv',
  'sw',
  'tr',
  'uk',
  'zh-CN',
  'zh-TW',
] as const;

export type ShippedLocale = (typeof LOCALES)[number];
