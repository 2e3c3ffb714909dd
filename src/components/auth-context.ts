/**
 * What `<gotrue-auth>` shares with the companion elements (`<gotrue-button>`, `<gotrue-user>`,
 * `<gotrue-gate>`) through `@lit/context`: the element itself, its user and its language. A
 * companion nested inside `<gotrue-auth>` asks with a bubbling `context-request` event; one
 * elsewhere on the page sends the same request to the `<gotrue-auth>` it follows
 * (controllers/auth-follower.ts), so both hear every change the same way.
 */
import { ContextProvider, createContext } from '@lit/context';
import type { ReactiveController } from 'lit';
import type { User } from '../core/session.js';
import type { GotrueAuth } from './gotrue-auth.js';

/** The tag companions look for on the page. */
export const AUTH_TAG = 'gotrue-auth';

/** A snapshot of a `<gotrue-auth>`; a new object on every change. */
export interface AuthState {
  /** The element holding the session: companions call its `open()` and `logout()`. */
  element: GotrueAuth;
  /** The logged-in user, or null. Known as soon as a state is provided: a stored session is read at once. */
  user: User | null;
  /** The element's `locale` (empty: companions follow their own nearest `lang`). */
  locale: string;
  /** False once the element left the page: its followers look for another one. */
  connected: boolean;
}

export const authContext = createContext<AuthState | undefined>(Symbol('gotrue-auth'));

/** The name to show for a user: `user_metadata.full_name`, else the email address. */
export function displayName(user: User): string {
  const name = user.user_metadata.full_name;
  return typeof name === 'string' && name.trim() ? name : user.email;
}

/**
 * Added to `<gotrue-auth>`: provides a new `AuthState` whenever the user or the language changed.
 * Every change of the session (login, logout, token refresh, another tab's change) renders the
 * element, so reading its state after each update is enough.
 */
export class AuthContextProvider implements ReactiveController {
  readonly #host: GotrueAuth;
  readonly #provider: ContextProvider<typeof authContext>;

  constructor(host: GotrueAuth) {
    this.#host = host;
    this.#provider = new ContextProvider(host, { context: authContext });
    host.addController(this);
  }

  hostConnected(): void {
    this.#publish();
  }

  hostUpdated(): void {
    this.#publish();
  }

  hostDisconnected(): void {
    const host = this.#host;
    this.#provider.setValue({ element: host, user: null, locale: host.locale, connected: false });
    this.#provider.clearCallbacks();
  }

  #publish(): void {
    const host = this.#host;
    const current = this.#provider.value;
    if (current?.connected && current.user === host.user && current.locale === host.locale) return;
    this.#provider.setValue({ element: host, user: host.user, locale: host.locale, connected: true });
  }
}
