/**
 * The language the host speaks: its `locale` property, else the nearest `lang` attribute, else the
 * browser's `navigator.languages`; each narrowed to what exists (`pt-BR` → `pt` → English). A
 * shipped language is loaded the first time it is needed; until it is there the host keeps the
 * language it showed before (English at first), so it never renders blank. The host renders again
 * when a language loads or is registered, when a `lang` or `dir` attribute on the page changes, and
 * when the browser's languages change.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  isLocaleReady,
  loadLocale,
  locale,
  localeTag,
  negotiateLocale,
  onLocaleRegistered,
  resolveLocale,
  type Catalogue,
  type Translate,
} from '../../core/i18n/index.js';

/** Languages written right to left, by primary subtag. */
const RTL = new Set(['ar', 'fa', 'he', 'ps', 'ur', 'yi', 'dv', 'ckb', 'sd', 'ug']);

export class LanguageController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #explicit: () => string;
  readonly #overrides: () => Partial<Catalogue> | null | undefined;
  /** The resolved language on screen: the wanted one once it is loaded, the previous one until then. */
  #shown = 'en';
  #stop: (() => void) | null = null;

  /**
   * `explicit` is the host's own choice (its `locale` property); empty means "the page's".
   * `overrides` are the host's own texts for some ids (its `strings` property), in any language.
   */
  constructor(
    host: ReactiveControllerHost & HTMLElement,
    explicit: () => string,
    overrides: () => Partial<Catalogue> | null | undefined = () => null,
  ) {
    this.#host = host;
    this.#explicit = explicit;
    this.#overrides = overrides;
    host.addController(this);
  }

  /** The nearest non-empty `lang`: the host's ancestors, then the document's root (from inside a shadow root). */
  #pageLang(): string {
    const lang = this.#host.closest('[lang]:not([lang=""])')?.getAttribute('lang');
    return lang || document.documentElement.lang;
  }

  /** The BCP 47 tag asked for: `locale`, else the nearest `lang`, else the browser's first language. */
  get tag(): string {
    return this.#explicit() || this.#pageLang() || navigator.languages?.[0] || navigator.language || 'en';
  }

  /** The language wanted (lower case, resolved), loaded or not. */
  get #wanted(): string {
    const asked = this.#explicit() || this.#pageLang();
    return asked ? resolveLocale(asked) : negotiateLocale(navigator.languages ?? [navigator.language]);
  }

  /** The BCP 47 tag of the language on screen (`zh-CN`, `pt`, `en`), for the `lang` of what the host renders. */
  get lang(): string {
    return localeTag(this.#shown);
  }

  /** `rtl` when the language on screen is written right to left and nothing on the page sets `dir`; else undefined. */
  get dir(): 'rtl' | undefined {
    const primary = this.#shown.split('-')[0]!;
    return RTL.has(primary) && !this.#host.closest('[dir]') ? 'rtl' : undefined;
  }

  /** Translates into the language on screen; the host's overrides first, English for anything missing. */
  get t(): Translate {
    return locale(this.#shown, this.#overrides() ?? {});
  }

  hostConnected(): void {
    const render = (): void => this.#host.requestUpdate();
    const unsubscribe = onLocaleRegistered(render);
    // Only a `lang` or `dir` on the host or around it counts; not the ones it renders itself.
    const observer = new MutationObserver((records) => {
      if (records.some((record) => record.target.contains(this.#host))) render();
    });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang', 'dir'], subtree: true });
    addEventListener('languagechange', render);
    this.#stop = () => {
      unsubscribe();
      observer.disconnect();
      removeEventListener('languagechange', render);
    };
    this.#follow();
  }

  hostDisconnected(): void {
    this.#stop?.();
    this.#stop = null;
  }

  hostUpdate(): void {
    this.#follow();
  }

  /** Shows the wanted language if it is ready, else starts loading it and renders again once it settles. */
  #follow(): void {
    const wanted = this.#wanted;
    if (isLocaleReady(wanted)) {
      this.#shown = wanted;
      return;
    }
    // Never rejects: a failed load warns and the language resolves to English from then on.
    void loadLocale(wanted).then(() => this.#host.requestUpdate());
    // The previous language may have been dropped since (a failed load): English then.
    if (!isLocaleReady(this.#shown) || resolveLocale(this.#shown) !== this.#shown) this.#shown = 'en';
  }
}
