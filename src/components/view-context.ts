/**
 * Turns the machine's state into what a view template needs: translated error and notice text,
 * the provider list the page asked for, and whether forms and signup show.
 */
import { errorText, type MessageId, type Translate } from '../core/i18n/index.js';
import type { MachineState, View, ViewError, ViewName } from '../core/machine/types.js';
import { PROVIDER_NAMES, type Provider, type Settings } from '../core/wire.js';

/** The label of a provider button; SAML's comes from the settings' `external_labels.saml`. */
export function providerLabel(settings: Settings | null, provider: Provider): string {
  return settings?.external_labels?.[provider] || PROVIDER_NAMES[provider];
}

/**
 * The providers `/settings` enables (`capabilities`), limited and ordered by the `providers`
 * attribute when set (unknown names are dropped). None before settings arrive: a button for a
 * disabled provider would only lead to GoTrue's error page.
 */
export function enabledProviders(enabled: Provider[], wanted: string | null): Provider[] {
  if (!wanted) return enabled;
  const order = wanted.split(',').map((name) => name.trim().toLowerCase());
  return order.filter(
    (name, index): name is Provider => enabled.includes(name as Provider) && order.indexOf(name) === index,
  );
}

/** The error a view shows, translated; `vars.url` names the API for "nothing answered at". */
export function viewError(t: Translate, view: View, vars: Record<string, string>): string {
  const error: ViewError | null | undefined = 'error' in view ? view.error : null;
  return error ? errorText(t, error, vars) : '';
}

export function viewNotice(t: Translate, state: MachineState): string {
  const view = state.view;
  const id = 'notice' in view ? (view.notice as MessageId | null) : null;
  if (!id) return '';
  const email =
    id === 'notice.emailChangeSent'
      ? (state.account?.newEmail ?? state.form.email)
      : (state.account?.email ?? state.form.email);
  return t(id, { email });
}

/** The public name of the view showing, or null when the dialog is closed. */
export function publicView(view: View): ViewName | null {
  return view.name === 'closed' ? null : view.name;
}

/** The heading of a view: "Check your email" only for notices that ask for it, else "All set". */
export function viewTitle(view: Exclude<View, { name: 'closed' }>): MessageId {
  if (
    view.name === 'notice' &&
    !['notice.checkEmail', 'notice.recoverySent', 'notice.providerUnconfirmed'].includes(view.notice)
  )
    return 'title.done';
  // Titles are keyed by view name; the catalogue spells `email-change` in camel case.
  return view.name === 'email-change' ? 'title.emailChange' : `title.${view.name}`;
}
