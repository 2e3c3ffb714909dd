/**
 * One template per view. Each is a pure function of the ViewContext; the element maps form
 * submissions (by `data-action`) to machine events.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ViewName } from '../../core/machine/types.js';
import type { ViewContext } from './context.js';
import { closeIcon } from './icons.js';
import {
  emailField,
  form,
  hiddenUsername,
  link,
  nameField,
  passwordField,
  providers,
  rememberField,
  submit,
} from './parts.js';

const login = (ctx: ViewContext) =>
  html`${providers(ctx, { separator: ctx.emailForms })}
  ${
    ctx.emailForms
      ? html`${form(
            ctx,
            'login',
            html`${emailField(ctx, { autocomplete: 'username' })} ${passwordField(ctx, { purpose: 'current' })}
            ${rememberField(ctx)} ${submit(ctx, 'action.login')}`,
          )}
          <div class="gotrue-auth-links">
            ${link(ctx, 'link.forgot', 'forgot')} ${ctx.signupAllowed ? link(ctx, 'link.signup', 'signup') : nothing}
          </div>`
      : nothing
  }`;

/** The machine never shows signup when settings disable it (it shows login with a notice). */
const signup = (ctx: ViewContext) =>
  html`${providers(ctx, { separator: ctx.emailForms })}
  ${
    ctx.emailForms
      ? html`${form(
            ctx,
            'signup',
            html`${nameField(ctx, { required: true })} ${emailField(ctx, { autocomplete: 'username' })}
            ${passwordField(ctx, { purpose: 'new' })} ${ctx.signupFields} ${submit(ctx, 'action.signup')}`,
          )}
          <div class="gotrue-auth-links">${link(ctx, 'link.login', 'login')}</div>`
      : nothing
  }`;

const forgot = (ctx: ViewContext) =>
  html`${form(ctx, 'recover', html`${emailField(ctx, { autocomplete: 'username' })} ${submit(ctx, 'action.recover')}`)}
    <div class="gotrue-auth-links">${link(ctx, 'link.login', 'login')}</div>`;

/** Set a new password after a recovery link, once the link's token is verified. */
const recovery = (ctx: ViewContext) =>
  ctx.verifying
    ? result(ctx)
    : form(
        ctx,
        'recovery',
        html`${hiddenUsername(ctx)} ${passwordField(ctx, { purpose: 'new', label: 'field.newPassword' })}
        ${submit(ctx, 'action.setPassword')}`,
      );

/** An invite is accepted with a password, or through a provider (always offered here). */
const invite = (ctx: ViewContext) =>
  html`${providers(ctx, { separator: true })}
  ${form(ctx, 'invite', html`${passwordField(ctx, { purpose: 'new' })} ${submit(ctx, 'action.accept')}`)}`;

/** One form, one PUT /user with whatever changed; a new email waits for its link. */
const account = (ctx: ViewContext) =>
  html`<p class="gotrue-auth-text">${ctx.t('notice.loggedInAs', { email: ctx.user?.email ?? '' })}</p>
    ${form(
      ctx,
      'account',
      html`${hiddenUsername(ctx)} ${nameField(ctx, { required: false })} ${emailField(ctx, { autocomplete: 'email' })}
      ${passwordField(ctx, { purpose: 'new', label: 'field.newPassword', required: false })}
      ${submit(ctx, 'action.save')}`,
    )}
    <button class="gotrue-auth-link" type="button" @click=${ctx.logout} ?disabled=${ctx.busy}>
      ${ctx.t('action.logout')}
    </button>`;

/** Link results and "check your email" notices: progress while the link is applied, then a way on. */
const result = (ctx: ViewContext) =>
  ctx.busy
    ? html`<p aria-busy="true">${ctx.t('busy')}</p>`
    : html`<button class="gotrue-auth-button" type="button" @click=${ctx.close}>${ctx.t('action.continue')}</button>`;

/** The site's logo, decorative beside the title that names the dialog: the page's own nodes, else its URL. */
const logo = ({ logo }: ViewContext) =>
  logo.nodes.length
    ? html`<div class="gotrue-auth-logo">${logo.nodes}</div>`
    : logo.src
      ? html`<img class="gotrue-auth-logo" src=${logo.src} alt="" />`
      : nothing;

/** Views with a form; the others (confirmation, email-change, notice, redirecting) show a result. */
const templates: Partial<Record<ViewName, (ctx: ViewContext) => unknown>> = {
  login,
  signup,
  forgot,
  recovery,
  invite,
  account,
};

/**
 * The whole panel of a view: a real heading (the dialog's label), the alert region for errors
 * and a status region for notices (both always present, so screen readers announce changes),
 * then the view's body.
 */
export function renderView(ctx: ViewContext, closable: boolean): TemplateResult {
  return html`<div class="gotrue-auth-header">
      ${logo(ctx)}
      <h2 class="gotrue-auth-title" id=${ctx.headingId}>${ctx.t(ctx.title)}</h2>
      ${
        closable
          ? html`<button
              class="gotrue-auth-close"
              type="button"
              aria-label=${ctx.t('action.close')}
              @click=${ctx.close}
            >
              ${closeIcon}
            </button>`
          : nothing
      }
    </div>
    <p class="gotrue-auth-error" role="alert">${ctx.error}</p>
    <p class="gotrue-auth-notice" role="status">${ctx.notice}</p>
    ${(templates[ctx.view] ?? result)(ctx)}`;
}
