/**
 * A companion's hold on the `<gotrue-auth>` it follows. Nested inside one, it asks its ancestors
 * through `@lit/context`. Otherwise it follows the element its `for` attribute names (by id, in
 * the same document or shadow root), else the page's first `<gotrue-auth>`, and sends the same
 * request there. Until one answers (none on the page yet, or not defined yet) it watches the page
 * and tries again, so a `<gotrue-auth>` added later is found; it looks again when the one it
 * follows leaves the page.
 */
import { ContextEvent as ContextRequestEvent } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AUTH_TAG, authContext, type AuthState } from '../auth-context.js';

export class AuthFollower implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  /** The host's `for` attribute: the id of the element to follow; empty for "nearest, else first". */
  readonly #target: () => string;
  #state: AuthState | undefined;
  #unsubscribe: (() => void) | undefined;
  #observer: MutationObserver | null = null;
  #followedId = '';

  constructor(host: ReactiveControllerHost & HTMLElement, target: () => string) {
    this.#host = host;
    this.#target = target;
    host.addController(this);
  }

  /** The followed element's state; undefined until one is found and has told it (session not known yet). */
  get state(): AuthState | undefined {
    return this.#state;
  }

  hostConnected(): void {
    this.#follow();
  }

  hostDisconnected(): void {
    this.#drop();
    this.#unwatch();
  }

  /** Before each render: a changed `for` means another element to follow. */
  hostUpdate(): void {
    if (this.#host.isConnected && (this.#target() || '') !== this.#followedId) {
      this.#drop();
      this.#follow();
    }
  }

  /** Called by the provider with each new state, and the function that ends the subscription. */
  readonly #heard = (state: AuthState | undefined, unsubscribe?: () => void): void => {
    if (this.#unsubscribe && this.#unsubscribe !== unsubscribe) this.#unsubscribe();
    this.#unsubscribe = unsubscribe;
    if (state && !state.connected) {
      // Looked for again once the page has finished moving elements around.
      this.#drop();
      queueMicrotask(() => this.#follow());
      return;
    }
    this.#state = state;
    this.#host.requestUpdate();
  };

  #follow(): void {
    if (this.#unsubscribe || !this.#host.isConnected) return;
    const id = (this.#followedId = this.#target() || '');
    if (!id) this.#host.dispatchEvent(new ContextRequestEvent(authContext, this.#host, this.#heard, true));
    if (!this.#unsubscribe) {
      const target = this.#find(id);
      // Not upgraded yet, an element has no provider: its definition triggers another try.
      if (target?.matches(':defined'))
        target.dispatchEvent(new ContextRequestEvent(authContext, this.#host, this.#heard, true));
    }
    if (this.#unsubscribe) this.#unwatch();
    else this.#watch();
  }

  #find(id: string): Element | null {
    if (!id) return this.#host.closest(AUTH_TAG) ?? document.querySelector(AUTH_TAG);
    const root = this.#host.getRootNode() as Document | ShadowRoot;
    const found = root.getElementById?.(id);
    return found?.localName === AUTH_TAG ? found : null;
  }

  #watch(): void {
    if (this.#observer) return;
    const retry = (): void => this.#follow();
    this.#observer = new MutationObserver(retry);
    // An id is looked up in the host's own document or shadow root; the first element in the page's.
    this.#observer.observe(this.#followedId ? this.#host.getRootNode() : document, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['id'],
    });
    void customElements.whenDefined(AUTH_TAG).then(retry);
  }

  #unwatch(): void {
    this.#observer?.disconnect();
    this.#observer = null;
  }

  #drop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    if (this.#state) {
      this.#state = undefined;
      this.#host.requestUpdate();
    }
  }
}
