/**
 * The page's own `[data-netlify-identity-menu]` and `[data-netlify-identity-button]` elements,
 * filled with the markup and class names netlify-identity-widget puts there, so a site's CSS for
 * `.netlify-identity-menu`, `.netlify-identity-button`, … keeps working:
 *
 * - menu, logged out: "Sign up" and "Log in" buttons; logged in: "Logged in as <name>" and "Log out";
 * - button: the element's own text (it opens the dialog: login, or the account view when logged
 *   in), else "Log in" / "Log out".
 *
 * "Log out" logs out at once; the widget opened a "Logged in as … / Log out" dialog first.
 */
import { html, render, type TemplateResult } from 'lit';
import type { User } from '../core/user.js';
import type { Translate } from '../core/i18n/index.js';

export const CONTROLS_SELECTOR = '[data-netlify-identity-menu],[data-netlify-identity-button]';

export interface ControlActions {
  open(view: 'login' | 'signup' | 'account'): void;
  logout(): void;
}

export interface Control {
  host: Element;
  mode: 'menu' | 'button';
  /** The host's text before it was taken over: the button's label. */
  text: string;
}

/** Takes over a host: its text becomes the label, its children are replaced on the first render. */
export function takeControl(host: Element): Control {
  const mode = host.hasAttribute('data-netlify-identity-menu') ? 'menu' : 'button';
  const text = (host.textContent ?? '').trim();
  host.replaceChildren();
  return { host, mode, text };
}

/** `full_name` as the signup form stores it, then `name`, then the email. */
function nameOf(user: User): string {
  const { full_name: fullName, name } = user.user_metadata;
  if (typeof fullName === 'string' && fullName.trim()) return fullName;
  return typeof name === 'string' && name.trim() ? name : user.email;
}

function menu(user: User | null, t: Translate, actions: ControlActions): TemplateResult {
  if (!user) {
    return html`<ul class="netlify-identity-menu">
      <li class="netlify-identity-item">
        <button type="button" class="netlify-identity-signup" @click=${() => actions.open('signup')}>
          ${t('action.signup')}
        </button>
      </li>
      <li class="netlify-identity-item">
        <button type="button" class="netlify-identity-login" @click=${() => actions.open('login')}>
          ${t('action.login')}
        </button>
      </li>
    </ul>`;
  }
  // "Logged in as {email}" around the name, wherever a language puts it in the sentence.
  const [before = '', after = ''] = t('notice.loggedInAs', { email: '\n' }).split('\n');
  return html`<ul class="netlify-identity-menu">
    <li class="netlify-identity-item netlify-identity-user-details">
      ${before}<span class="netlify-identity-user">${nameOf(user)}</span>${after}
    </li>
    <li class="netlify-identity-item">
      <button type="button" class="netlify-identity-logout" @click=${() => actions.logout()}>
        ${t('action.logout')}
      </button>
    </li>
  </ul>`;
}

function button(text: string, user: User | null, t: Translate, actions: ControlActions): TemplateResult {
  const click = (): void => {
    if (!user) actions.open('login');
    else if (text) actions.open('account');
    else actions.logout();
  };
  return html`<button type="button" class="netlify-identity-button" @click=${click}>
    ${text || t(user ? 'action.logout' : 'action.login')}
  </button>`;
}

export function renderControl(control: Control, user: User | null, t: Translate, actions: ControlActions): void {
  const template = control.mode === 'menu' ? menu(user, t, actions) : button(control.text, user, t, actions);
  render(template, control.host as HTMLElement);
}
