/**
 * Small state helpers shared by the transitions: showing a view (with the open/close events it
 * implies), what the server's settings allow, and validation of what was typed.
 */
import { PROVIDERS, type Provider, type Settings } from '../wire.js';
import type { AuthErrorCode } from '../errors.js';
import { en } from '../i18n/en.js';
import type { Effect, FormValues, MachineState, Transition, View, ViewError, ViewName } from './types.js';

export const emptyForm: FormValues = { name: '', email: '', password: '', remember: true };

export const initialState: MachineState = {
  view: { name: 'closed' },
  form: emptyForm,
  account: null,
  settings: null,
  settingsStatus: 'idle',
  pending: null,
  deferredEmailChange: null,
  queuedRoute: null,
};

/** What `GET /settings` allows. Before settings arrive, email login and signup are assumed. */
export interface Capabilities {
  /** Email + password forms; false means providers-only (`external.email: false`). */
  email: boolean;
  signup: boolean;
  providers: Provider[];
}

export function capabilities(settings: Settings | null): Capabilities {
  if (!settings) return { email: true, signup: true, providers: [] };
  return {
    email: settings.external.email !== false,
    signup: !settings.disable_signup,
    providers: PROVIDERS.filter((provider) => settings.external[provider] === true),
  };
}

/**
 * The one "busy" rule: true while the showing view waits for the server. Its buttons are
 * disabled and say so; a link being verified shows its progress.
 */
export function isSubmitting(state: MachineState): boolean {
  return state.pending !== null && state.pending.visible && state.pending.view === state.view.name && isOpen(state);
}

export function isOpen(state: MachineState): boolean {
  return state.view.name !== 'closed';
}

export function unchanged(state: MachineState): Transition {
  return { state, effects: [] };
}

/**
 * Moves to `view`, emitting `open` / `close` for the host page when the dialog appears or goes,
 * and asking for settings on opening (never waiting for them).
 */
export function show(state: MachineState, view: View, effects: Effect[] = []): Transition {
  const before = state.view.name;
  let next: MachineState = { ...state, view };
  const out: Effect[] = [];
  if (view.name === 'account' && before !== 'account' && state.account) {
    next.form = { ...state.form, name: state.account.name, email: state.account.email, password: '' };
  }
  if (before === 'closed' && view.name !== 'closed') {
    out.push({ op: 'emit', event: { type: 'open', view: view.name } });
    // Reopened by the user: a request still in flight may show its outcome again.
    if (next.pending) next = { ...next, pending: { ...next.pending, visible: true } };
    if (state.settingsStatus === 'idle' || state.settingsStatus === 'failed') {
      next = { ...next, settingsStatus: 'loading' };
      out.push({ op: 'settings' });
    }
  } else if (view.name === 'closed') {
    // A closed dialog keeps no password in memory, and what is in flight may no longer change it
    // (an OAuth return in flight must not open it), even when it was closed already.
    next = {
      ...next,
      form: { ...next.form, password: '' },
      pending: next.pending && { ...next.pending, visible: false },
    };
    if (before !== 'closed') out.push({ op: 'emit', event: { type: 'close', view: before } });
  }
  return { state: next, effects: [...out, ...effects] };
}

/** The view to show for an entry point, respecting the session and the settings. */
export function entryView(state: MachineState, wanted: 'login' | 'signup' | 'forgot' | 'account'): View {
  if (state.account) return { name: 'account', error: null, notice: null };
  if (wanted === 'signup') {
    return capabilities(state.settings).signup
      ? { name: 'signup', error: null }
      : { name: 'login', error: null, notice: 'notice.signupDisabled' };
  }
  if (wanted === 'forgot') return { name: 'forgot', error: null };
  return { name: 'login', error: null, notice: null };
}

/** The same view with `error` set, for views that show errors; other views are left as they are. */
export function withError(view: View, error: ViewError | null): View {
  if (!('error' in view)) return view;
  // A view with a notice (login, account) shows either the error or the notice, never both.
  return ('notice' in view ? { ...view, error, notice: error ? null : view.notice } : { ...view, error }) as View;
}

/** An error found before any request; the English catalogue's text is its fallback message. */
export function localError(code: AuthErrorCode): ViewError {
  return { code, message: en[`error.${code}`] };
}

export function viewName(state: MachineState): ViewName | null {
  return state.view.name === 'closed' ? null : state.view.name;
}
