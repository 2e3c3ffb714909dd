/**
 * Takes email links and OAuth returns from the page's URL fragment while the host is connected:
 * once the page is parsed, then on every `hashchange`. A removed element takes nothing, so the
 * fragment stays for an element that is still on the page. A page loaded by the return from a
 * provider this tab left for, with no fragment at all, is a sign-in waiting for its email to be
 * confirmed.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { takeFragmentRoute, type FragmentRoute } from '../../core/fragment.js';
import { takeProviderDeparture } from '../../core/provider-return.js';

/** True when this page was loaded by following a link or a redirect, not by a reload or history. */
function arrivedByNavigation(): boolean {
  const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  return entry?.type === 'navigate';
}

export class FragmentController implements ReactiveController {
  readonly #onRoute: (route: FragmentRoute) => void;
  readonly #take: () => FragmentRoute;
  #connection: AbortController | null = null;
  #taken: Promise<void> = Promise.resolve();

  /** `take` reads and removes the page's fragment; `onRoute` hears every route that is not `none`. */
  constructor(
    host: ReactiveControllerHost,
    onRoute: (route: FragmentRoute) => void,
    take: () => FragmentRoute = takeFragmentRoute,
  ) {
    this.#onRoute = onRoute;
    this.#take = take;
    host.addController(this);
  }

  /** Settles once the fragment the page loaded with was looked at (or the host left first). */
  get taken(): Promise<void> {
    return this.#taken;
  }

  hostConnected(): void {
    const connection = (this.#connection = new AbortController());
    const { signal } = connection;
    const take = (): void => {
      const route = this.#take();
      if (route.type !== 'none') this.#onRoute(route);
    };
    addEventListener('hashchange', take, { signal });
    const takeFirst = (): void => {
      const route = this.#take();
      const fromProvider = takeProviderDeparture(Date.now());
      if (route.type !== 'none') this.#onRoute(route);
      else if (fromProvider && arrivedByNavigation()) this.#onRoute({ type: 'provider_unconfirmed' });
    };
    this.#taken = new Promise((resolve) => {
      signal.addEventListener('abort', () => resolve(), { once: true });
      // An OAuth return logs in without waiting for the network: take the fragment once the
      // page is parsed, so `gotrue:login` listeners in module or deferred scripts after the
      // element hear it. While 'interactive', DOMContentLoaded may be past already; then `load`
      // is still to come.
      let done = false;
      const first = (): void => {
        if (done || signal.aborted) return;
        done = true;
        takeFirst();
        resolve();
      };
      if (document.readyState === 'complete') first();
      else {
        document.addEventListener('DOMContentLoaded', first, { signal, once: true });
        addEventListener('load', first, { signal, once: true });
      }
    });
  }

  hostDisconnected(): void {
    this.#connection?.abort();
    this.#connection = null;
  }
}
