import { LitElement, css, html, nothing, type PropertyDeclarations } from 'lit';
import { displayName } from './auth-context.js';
import { AuthFollower } from './controllers/auth-follower.js';
import { LanguageController } from './controllers/language-controller.js';

/**
 * @tagname gotrue-button
 * @summary A log in / log out button for the page's `<gotrue-auth>`: "Log in" opens its dialog;
 * once logged in it shows the user's name (else their email) and "Log out".
 *
 * It follows the `<gotrue-auth>` named by `for`, else the one it is nested in, else the page's
 * first `<gotrue-auth>`, also one added to the page later. It shows nothing
 * until that element has read the session. The labels speak the `<gotrue-auth>`'s `locale`, else
 * the button's nearest `lang`.
 *
 * @slot login - Replaces the "Log in" label.
 * @slot logout - Replaces the "Log out" label.
 *
 * @csspart button - The `<button>`, logged in or out.
 * @csspart name - The user's name beside "Log out".
 */
export class GotrueButton extends LitElement {
  static override properties: PropertyDeclarations = {
    for: {},
  };

  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static override styles = css`
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.5em;
    }
    :host([hidden]) {
      display: none;
    }
    button {
      font: inherit;
      cursor: pointer;
    }
  `;

  /** The id of the `<gotrue-auth>` to follow, nested or not; unset: the enclosing one, else the page's first. */
  for = '';

  readonly #auth = new AuthFollower(this, () => this.for);
  readonly #language = new LanguageController(this, () => this.#auth.state?.locale ?? '');

  protected override render(): unknown {
    const state = this.#auth.state;
    if (!state) return nothing;
    const { element, user } = state;
    const t = this.#language.t;
    if (!user) {
      return html`<button part="button" type="button" @click=${() => element.open()}>
        <slot name="login">${t('action.login')}</slot>
      </button>`;
    }
    return html`<span part="name">${displayName(user)}</span>
      <button part="button" type="button" @click=${() => element.logout()}>
        <slot name="logout">${t('action.logout')}</slot>
      </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gotrue-button': GotrueButton;
  }
}
