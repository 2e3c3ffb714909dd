/**
 * Loads a shipped language for the script-tag build, which is one classic script and cannot
 * split: `gotrue-auth.<tag>.json`, fetched from where gotrue-auth.js itself was loaded, so a
 * site that copies the dist folder (or uses a CDN) needs no configuration.
 * scripts/build.mjs puts this module in place of load.ts and writes the JSON files.
 */
import type { Catalogue } from './en.js';
import type { ShippedLocale } from './locales.js';

// `currentScript` is only set while the script runs for the first time, so it is read now.
const base =
  typeof document === 'undefined'
    ? undefined
    : (document.currentScript as HTMLScriptElement | null)?.src || document.baseURI;

export async function loadCatalogue(tag: ShippedLocale): Promise<Catalogue> {
  const url = new URL(`gotrue-auth.${tag}.json`, base);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.href} answered ${response.status}`);
  return (await response.json()) as Catalogue;
}
