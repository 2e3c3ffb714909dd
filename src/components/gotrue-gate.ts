import { LitElement, css, html, nothing, type PropertyDeclarations } from 'lit';
import type { User } from '../core/session.js';
import { AuthFollower } from './controllers/auth-follower.js';

/**
 * @tagname gotrue-gate
 * @summary Shows its content only to a logged-in user, or, with `roles`, only to a user holding one
 * of them in `app_metadata.roles`; the `fallback` slot to everyone else.
 *
 * It shows nothing at all (neither content nor fallback) until the `<gotrue-auth>` it follows has
 * read the session, so protected content never flashes while a session is being restored. Before
 * the script that defines it runs, the browser shows the children of any unknown element: load the
 * script in `<head>` without `defer`, or hide it until then with
 * `gotrue-gate:not(:defined) { display: none }`. It follows login, logout, a token refresh that
 * changed the roles and another tab's change. It follows the page's `<gotrue-auth>` like
 * `<gotrue-button>`: the one named by `for`, else the enclosing one, else the page's first.
 *
 * A gate is not security: the content is in the page for anyone who reads its source. Keep what
 * must stay private on the server, and check the JWT (`Authorization: Bearer`) there.
 *
 * @slot - Shown when the user may see it.
 * @slot fallback - Shown when logged out, or logged in without a required role.
 */
export class GotrueGate extends LitElement {
  static override properties: PropertyDeclarations = {
    roles: {},
    for: {},
  };

  static override styles = css`
    :host {
      display: contents;
    }
    :host([hidden]) {
      display: none;
    }
  `;

  /**
   * A comma list of roles, any one of which opens the gate; unset, any logged-in user may pass.
   * Not `role`: that attribute is ARIA's, and a value such as `status` would change what the gate is.
   */
  roles = '';
  /** The id of the `<gotrue-auth>` to follow, nested or not; unset: the enclosing one, else the page's first. */
  for = '';

  readonly #auth = new AuthFollower(this, () => this.for);

  #admits(user: User | null): boolean {
    if (!user) return false;
    const required = (this.roles || '')
      .split(',')
      .map((role) => role.trim())
      .filter(Boolean);
    const held = user.app_metadata.roles ?? [];
    return !required.length || required.some((role) => held.includes(role));
  }

  protected override render(): unknown {
    const state = this.#auth.state;
    // Not known yet: no slot at all, so neither the content nor the fallback shows.
    if (!state) return nothing;
    return this.#admits(state.user) ? html`<slot></slot>` : html`<slot name="fallback"></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gotrue-gate': GotrueGate;
  }
}
