/**
 * One template per view. Each is a pure function of the ViewContext; the element maps form
 * submissions (by `data-action`) to machine events.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { ViewName } from '../emit.js';
import type { ViewContext } from './context.js';
import { field, form, link, providers, submit, username } from './parts.js';

const remember = (ctx: ViewContext) =>
  ctx.remember
    ? html`<label class="gotrue-auth-check"
        ><input type="checkbox" name="remember" .checked=${ctx.form.remember} /><span>${ctx.t('field.remember')}</span></label
      >`
    : nothing;

const loginForm = (ctx: ViewContext) =>
  ctx.emailForms
    ? html`${form(
        ctx,
        'login',
        html`${field(ctx, 'field.email', 'email', 'email', 'username', ctx.form.email)}
        ${field(ctx, 'field.password', 'password', 'password', 'current-password', ctx.form.password)} ${remember(ctx)}
        ${submit(ctx, 'action.login')}`,
      )}
      <div class="gotrue-auth-links">
        ${link(ctx, 'link.forgot', 'forgot')} ${ctx.signupAllowed ? link(ctx, 'link.signup', 'signup') : nothing}
      </div>`
    : nothing;

const login = (ctx: ViewContext) => html`${providers(ctx)}${loginForm(ctx)}`;

/** The machine never shows signup when settings disable it (it shows login with a notice). */
const signup = (ctx: ViewContext) =>
  html`${providers(ctx)}
  ${ctx.emailForms
    ? html`${form(
          ctx,
          'signup',
          html`${field(ctx, 'field.name', 'name', 'text', 'name', ctx.form.name)}
          ${field(ctx, 'field.email', 'email', 'email', 'email', ctx.form.email)}
          ${field(ctx, 'field.password', 'password', 'password', 'new-password', ctx.form.password)} ${ctx.signupFields}
          ${submit(ctx, 'action.signup')}`,
        )}
        <div class="gotrue-auth-links">${link(ctx, 'link.login', 'login')}</div>`
    : nothing}`;

const forgot = (ctx: ViewContext) =>
  html`${form(
      ctx,
      'recover',
      html`${field(ctx, 'field.email', 'email', 'email', 'username', ctx.form.email)} ${submit(ctx, 'action.recover')}`,
    )}
    <div class="gotrue-auth-links">${link(ctx, 'link.login', 'login')}</div>`;

const recovery = (ctx: ViewContext) =>
  ctx.verifying ? result(ctx) : form(
    ctx,
    'recovery',
    html`${username(ctx)} ${field(ctx, 'field.newPassword', 'password', 'password', 'new-password', ctx.form.password)}
    ${submit(ctx, 'action.setPassword')}`,
  );

const invite = (ctx: ViewContext) =>
  html`${providers({ ...ctx, emailForms: true })}
  ${form(
    ctx,
    'invite',
    html`${field(ctx, 'field.password', 'password', 'password', 'new-password', ctx.form.password)} ${submit(ctx, 'action.accept')}`,
  )}`;

/** One form, one PUT /user with whatever changed (§4.8); a new email waits for its link. */
const account = (ctx: ViewContext) =>
  html`<p>${ctx.t('notice.loggedInAs', { email: ctx.user?.email ?? '' })}</p>
    ${form(
      ctx,
      'account',
      html`${field(ctx, 'field.name', 'name', 'text', 'name', ctx.form.name, false)}
      ${field(ctx, 'field.email', 'email', 'email', 'email', ctx.form.email)}
      ${field(ctx, 'field.newPassword', 'password', 'password', 'new-password', ctx.form.password, false)}
      ${submit(ctx, 'action.save')}`,
    )}
    <button class="gotrue-auth-link" type="button" @click=${ctx.logout} ?disabled=${ctx.busy}>${ctx.t('action.logout')}</button>`;

/** Link results and "check your email" notices: progress while the link is applied, then a way on. */
const result = (ctx: ViewContext) =>
  ctx.busy
    ? html`<p aria-busy="true">${ctx.t('busy')}</p>`
    : html`<button class="gotrue-auth-button" type="button" @click=${ctx.close}>${ctx.t('action.continue')}</button>`;

/** Views with a form; the others (confirmation, email-change, notice, redirecting) show a result. */
const templates: Partial<Record<ViewName, (ctx: ViewContext) => unknown>> = { login, signup, forgot, recovery, invite, account };


/**
 * The whole panel of a view: a real heading (the dialog's label), the alert region for errors
 * and a status region for notices (both always present so screen readers announce changes,
 * defect 10), then the view's body.
 */
export function renderView(ctx: ViewContext, closable: boolean): TemplateResult {
  return html`<div class="gotrue-auth-header">
      <h2 class="gotrue-auth-title" id=${ctx.headingId}>${ctx.t(ctx.title)}</h2>
      ${closable
        ? html`<button class="gotrue-auth-close" type="button" aria-label=${ctx.t('action.close')} @click=${ctx.close}>×</button>`
        : nothing}
    </div>
    <p class="gotrue-auth-error" role="alert">${ctx.error}</p>
    <p class="gotrue-auth-notice" role="status">${ctx.notice}</p>
    ${(templates[ctx.view] ?? result)(ctx)}`;
}
