/** Form pieces every view shares, kept tiny for the size budget. */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { MessageId } from '../../core/i18n/index.js';
import type { OpenableView } from '../../core/machine/types.js';
import type { ViewContext } from './context.js';

/**
 * A labelled input. The label wraps the input, so no ids are needed and several elements can
 * share a page; `autocomplete` tokens let password managers fill and save (defect 1).
 */
export function field(
  ctx: ViewContext,
  label: MessageId,
  name: string,
  type: string,
  autocomplete: string,
  value: string,
  required = true,
): TemplateResult {
  return html`<label class="gotrue-auth-field"
    ><span>${ctx.t(label)}</span
    ><input name=${name} type=${type} autocomplete=${autocomplete} .value=${value} ?required=${required}
  /></label>`;
}

/** The submit button: disabled and `aria-busy` while the action runs, with busy text. */
export function submit(ctx: ViewContext, label: MessageId): TemplateResult {
  return html`<button class="gotrue-auth-button" type="submit" ?disabled=${ctx.busy} aria-busy=${ctx.busy}>
    ${ctx.busy ? ctx.t('busy') : ctx.t(label)}
  </button>`;
}

/** A form whose `data-action` tells the element which machine event its fields make. */
export function form(ctx: ViewContext, action: string, body: unknown): TemplateResult {
  return html`<form class="gotrue-auth-form" data-action=${action} @submit=${ctx.onSubmit} @input=${ctx.onInput}>
    ${body}
  </form>`;
}

export function link(ctx: ViewContext, label: MessageId, view: OpenableView): TemplateResult {
  return html`<button class="gotrue-auth-link" type="button" @click=${() => ctx.go(view)}>${ctx.t(label)}</button>`;
}

/** Provider buttons from `/settings`, then an "or" before the email form when both show. */
export function providers(ctx: ViewContext): TemplateResult | typeof nothing {
  if (!ctx.providers.length) return nothing;
  return html`<div class="gotrue-auth-providers">
      ${ctx.providers.map(
        (provider) => html`<button
          class="gotrue-auth-provider"
          type="button"
          data-provider=${provider}
          ?disabled=${ctx.busy}
          @click=${() => ctx.provider(provider)}
        >
          ${ctx.t('action.provider', { provider: ctx.providerLabel(provider) })}
        </button>`,
      )}
    </div>
    ${ctx.emailForms ? html`<p class="gotrue-auth-separator">${ctx.t('separator')}</p>` : nothing}`;
}

/**
 * A hidden username field beside a new password, so a password manager saves the new password
 * under the right account (set-new-password and account views).
 */
export function username(ctx: ViewContext): TemplateResult {
  return html`<input type="email" name="username" autocomplete="username" hidden readonly .value=${ctx.user?.email ?? ''} />`;
}
