/**
 * The language the host speaks: its `locale` property, else the nearest `lang` attribute, else
 * English. The host renders again when a language is registered (a locale module that loaded
 * after it) or when a `lang` attribute on the page changes.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { locale, onLocaleRegistered, type Translate } from '../../core/i18n/index.js';

export class LanguageController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #explicit: () => string;
  #stop: (() => void) | null = null;

  /** `explicit` is the host's own choice (its `locale` property); empty means "the page's". */
  constructor(host: ReactiveControllerHost & HTMLElement, explicit: () => string) {
    this.#host = host;
    this.#explicit = explicit;
    host.addController(this);
  }

  /** The BCP 47 tag in use. */
  get tag(): string {
    return this.#explicit() || this.#host.closest('[lang]')?.getAttribute('lang') || 'en';
  }

  /** Translates into the language in use, falling back to English for missing messages. */
  get t(): Translate {
    return locale(this.tag);
  }

  hostConnected(): void {
    const render = (): void => this.#host.requestUpdate();
    const unsubscribe = onLocaleRegistered(render);
    const observer = new MutationObserver(render);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
    this.#stop = () => {
      unsubscribe();
      observer.disconnect();
    };
  }

  hostDisconnected(): void {
    this.#stop?.();
    this.#stop = null;
  }
}
