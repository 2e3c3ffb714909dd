/** Form pieces the views share: one helper per kind of field, each with named options. */
import { html, nothing, type TemplateResult } from 'lit';
import type { MessageId } from '../../core/i18n/index.js';
import type { OpenableView } from '../../core/machine/types.js';
import type { FormAction, ViewContext } from './context.js';
import { providerMark, revealIcon } from './icons.js';

/**
 * A labelled input. The label wraps the input, so no ids are needed and several elements can
 * share a page; `autocomplete` tokens let password managers fill and save.
 */
function input(
  ctx: ViewContext,
  options: {
    label: MessageId;
    name: 'name' | 'email' | 'password';
    type: 'text' | 'email' | 'password';
    autocomplete: string;
    required: boolean;
  },
): TemplateResult {
  const { label, name, type, autocomplete, required } = options;
  return html`<label class="gotrue-auth-field"
    ><span>${ctx.t(label)}</span
    ><input name=${name} type=${type} autocomplete=${autocomplete} .value=${ctx.form[name]} ?required=${required}
  /></label>`;
}

/**
 * The email address. `username` where it identifies the account (login, signup, forgot), so a
 * password manager files the password under it; `email` where a new address is typed (account).
 */
export function emailField(ctx: ViewContext, options: { autocomplete: 'username' | 'email' }): TemplateResult {
  return input(ctx, {
    label: 'field.email',
    name: 'email',
    type: 'email',
    autocomplete: options.autocomplete,
    required: true,
  });
}

/**
 * A password: the current one to log in, or a new one to choose (then `new-password`, so managers
 * offer and save one), with a button that shows what was typed. The button sits outside the
 * label, so the input's name stays "Password".
 */
export function passwordField(
  ctx: ViewContext,
  options: { purpose: 'current' | 'new'; label?: 'field.password' | 'field.newPassword'; required?: boolean },
): TemplateResult {
  const { purpose, label = 'field.password', required = true } = options;
  return html`<div class="gotrue-auth-secret">
    ${input(ctx, { label, name: 'password', type: 'password', autocomplete: `${purpose}-password`, required })}
    <button
      class="gotrue-auth-reveal"
      type="button"
      aria-pressed="false"
      aria-label=${ctx.t('action.showPassword')}
      @click=${toggleReveal}
    >
      ${revealIcon}
    </button>
  </div>`;
}

/**
 * Whether the password shows is the input's own `type`, like an open `<details>`: it lasts while
 * the view shows and is gone with it. Lit leaves the attribute alone until the template's value
 * changes, which it never does.
 */
function toggleReveal(event: Event): void {
  const button = event.currentTarget as HTMLButtonElement;
  const field = button.parentElement!.querySelector('input')!;
  const show = field.type === 'password';
  field.type = show ? 'text' : 'password';
  button.setAttribute('aria-pressed', String(show));
}

/** Passwords are hidden again before a form is sent, so a password manager sees a password field. */
function concealPasswords(form: HTMLFormElement): void {
  for (const button of form.querySelectorAll('.gotrue-auth-reveal[aria-pressed="true"]')) {
    (button as HTMLButtonElement).click();
  }
}

export function nameField(ctx: ViewContext, options: { required: boolean }): TemplateResult {
  return input(ctx, {
    label: 'field.name',
    name: 'name',
    type: 'text',
    autocomplete: 'name',
    required: options.required,
  });
}

/**
 * A hidden username beside a new password, so a password manager saves the new password under
 * the right account (set-new-password and account views).
 */
export function hiddenUsername(ctx: ViewContext): TemplateResult {
  return html`<input
    type="email"
    name="username"
    autocomplete="username"
    hidden
    readonly
    .value=${ctx.user?.email ?? ''}
  />`;
}

/** "Remember me", offered unless the page set `remember="false"`. */
export function rememberField(ctx: ViewContext): TemplateResult | typeof nothing {
  if (!ctx.remember) return nothing;
  return html`<label class="gotrue-auth-check"
    ><input type="checkbox" name="remember" .checked=${ctx.form.remember} /><span
      >${ctx.t('field.remember')}</span
    ></label
  >`;
}

/**
 * The submit button: disabled and `aria-busy` while the view waits for the server, with busy text
 * after a spinner (the stylesheet's, still for visitors who prefer reduced motion).
 */
export function submit(ctx: ViewContext, label: MessageId): TemplateResult {
  return html`<button class="gotrue-auth-button" type="submit" ?disabled=${ctx.busy} aria-busy=${ctx.busy}>
    ${ctx.busy ? ctx.t('busy') : ctx.t(label)}
  </button>`;
}

/** A form whose `data-action` tells the element which machine event its fields make. */
export function form(ctx: ViewContext, action: FormAction, body: unknown): TemplateResult {
  const onSubmit = (event: SubmitEvent): void => {
    concealPasswords(event.currentTarget as HTMLFormElement);
    ctx.onSubmit(event);
  };
  return html`<form class="gotrue-auth-form" data-action=${action} @submit=${onSubmit} @input=${ctx.onInput}>
    ${body}
  </form>`;
}

export function link(ctx: ViewContext, label: MessageId, view: OpenableView): TemplateResult {
  return html`<button class="gotrue-auth-link" type="button" @click=${() => ctx.go(view)}>${ctx.t(label)}</button>`;
}

/** Provider buttons from `/settings`, then an "or" before the email form when both show. */
export function providers(ctx: ViewContext, options: { separator: boolean }): TemplateResult | typeof nothing {
  if (!ctx.providers.length) return nothing;
  return html`<div class="gotrue-auth-providers">
      ${ctx.providers.map(
        (provider) =>
          html`<button
            class="gotrue-auth-provider"
            type="button"
            data-provider=${provider}
            ?disabled=${ctx.busy}
            @click=${() => ctx.provider(provider)}
          >
            ${providerMark(provider)} ${ctx.t('action.provider', { provider: ctx.providerLabel(provider) })}
          </button>`,
      )}
    </div>
    ${options.separator ? html`<p class="gotrue-auth-separator">${ctx.t('separator')}</p>` : nothing}`;
}
