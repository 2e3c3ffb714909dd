import { LitElement, css, html, nothing, type PropertyDeclarations } from 'lit';
import type { User } from '../core/session.js';
import { displayName } from './auth-context.js';
import { AuthFollower } from './controllers/auth-follower.js';

/** The user's fields `<gotrue-user>` can show. */
export type UserField = 'name' | 'email' | 'avatar' | 'roles';

/**
 * @tagname gotrue-user
 * @summary One field of the logged-in user, as text: `name` (`user_metadata.full_name`), `email`,
 * `roles` (`app_metadata.roles`, comma-separated) or `avatar` (an image of
 * `user_metadata.avatar_url`, its alt text the user's name). Empty when logged out.
 *
 * Follows the page's `<gotrue-auth>` like `<gotrue-button>`: the one named by `for`, else the
 * enclosing one, else the page's first.
 *
 * @csspart avatar - The `<img>` of `field="avatar"`.
 */
export class GotrueUser extends LitElement {
  static override properties: PropertyDeclarations = {
    field: {},
    for: {},
  };

  static override styles = css`
    :host([hidden]) {
      display: none;
    }
    img {
      inline-size: 2em;
      block-size: 2em;
      border-radius: 50%;
      object-fit: cover;
      vertical-align: middle;
    }
  `;

  /** Which field to show: `name` (default), `email`, `avatar` or `roles`. */
  field: UserField = 'name';
  /** The id of the `<gotrue-auth>` to follow, nested or not; unset: the enclosing one, else the page's first. */
  for = '';

  readonly #auth = new AuthFollower(this, () => this.for);

  protected override render(): unknown {
    const user = this.#auth.state?.user;
    return user ? this.#field(user) : nothing;
  }

  #field(user: User): unknown {
    switch (this.field) {
      case 'email':
        return user.email;
      case 'roles':
        return (user.app_metadata.roles ?? []).join(', ');
      case 'avatar': {
        const src = user.user_metadata.avatar_url;
        return typeof src === 'string' && src
          ? html`<img part="avatar" src=${src} alt=${displayName(user)} />`
          : nothing;
      }
      default: {
        const name = user.user_metadata.full_name;
        return typeof name === 'string' ? name : nothing;
      }
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gotrue-user': GotrueUser;
  }
}
