/**
 * `transition(state, event) -> { state, effects }`: the whole behaviour of the dialog as a pure
 * function. User actions are handled here, links in ./links.ts, server results in ./results.ts.
 */
import type { AuthErrorCode } from '../errors.js';
import type { Provider } from '../wire.js';
import { route } from './links.js';
import { applyResult } from './results.js';
import type { Event, FormValues, MachineState, OpenableView, Operation, Request, Transition, View } from './types.js';
import { capabilities, entryView, isOpen, localError, show, unchanged, withError } from './views.js';

export function transition(state: MachineState, event: Event): Transition {
  switch (event.type) {
    case 'open':
      return open(state, event.view ?? 'login');
    case 'close':
      // A queued link is dropped too: it would open the dialog the user just closed.
      return show({ ...state, queuedRoute: null }, { name: 'closed' });
    case 'navigate':
      if (!isOpen(state) || state.pending) return unchanged(state);
      return show(state, entryView(state, event.view));
    case 'edit':
      return unchanged({ ...state, form: { ...state.form, ...event.values } });
    case 'submit':
      return submit({ ...state, form: { ...state.form, ...event.values } });
    case 'provider':
      return redirect(state, event.provider);
    case 'logout':
      return logout(state);
    case 'route':
      return route(state, event.route);
    case 'load-settings':
      if (state.settingsStatus === 'loading' || state.settingsStatus === 'loaded') return unchanged(state);
      return { state: { ...state, settingsStatus: 'loading' }, effects: [{ op: 'settings' }] };
    case 'session':
      return sessionChanged(state, event.account);
    case 'result': {
      const settled = applyResult(state, event);
      const queued = settled.state.queuedRoute;
      if (settled.state.pending || !queued) return settled;
      const next = route({ ...settled.state, queuedRoute: null }, queued);
      // A failed request keeps what was typed, even when the link behind it shows another view
      // (an OAuth error opens the account view, which would fill the form from the account).
      const form = event.ok ? next.state.form : settled.state.form;
      return { state: { ...next.state, form }, effects: [...settled.effects, ...next.effects] };
    }
  }
}

function open(state: MachineState, wanted: OpenableView): Transition {
  // A view waiting for the server stays; opening again must not hide what is in flight.
  if (isOpen(state) && state.pending) return unchanged(state);
  return show(state, entryView(state, wanted));
}

function submit(state: MachineState): Transition {
  // One request at a time: a second submit while one is in flight is ignored (double click).
  if (state.pending) return unchanged(state);
  const { form, view } = state;
  const caps = capabilities(state.settings);
  const email = form.email.trim();
  const fail = (code: AuthErrorCode): Transition => unchanged({ ...state, view: withError(view, localError(code)) });
  /** Starts `request` once the fields it needs were typed; nothing is asked of the server before. */
  const start = (needs: readonly ('email' | 'password')[], request: Request & { op: Operation }): Transition => {
    if (needs.includes('email') && !email) return fail('email_required');
    if (needs.includes('password') && !form.password) return fail('password_required');
    // The outcome of the last request (an error, "Saved.") is not this one's: it goes.
    const cleared = 'notice' in view ? ({ ...view, error: null, notice: null } as View) : withError(view, null);
    return {
      state: { ...state, view: cleared, pending: { op: request.op, view: view.name, visible: true } },
      effects: [request],
    };
  };

  switch (view.name) {
    case 'login':
      if (!caps.email) return fail('provider_disabled');
      return start(['email', 'password'], { op: 'login', email, password: form.password, remember: form.remember });
    case 'signup': {
      if (!caps.signup) return fail('signup_disabled');
      if (!caps.email) return fail('provider_disabled');
      const name = form.name.trim();
      const data = name ? { ...form.metadata, full_name: name } : form.metadata;
      return start(['email', 'password'], {
        op: 'signup',
        email,
        password: form.password,
        remember: form.remember,
        ...(data ? { data } : {}),
      });
    }
    case 'forgot':
      return start(['email'], { op: 'recover', email });
    case 'recovery':
      if (view.phase !== 'ready' || !state.account) return unchanged(state);
      return start(['password'], { op: 'set-password', update: { password: form.password } });
    case 'invite':
      return start(['password'], { op: 'invite', token: view.token, password: form.password, remember: form.remember });
    case 'account': {
      if (!state.account) return unchanged(state);
      const update = accountUpdate(state.account, form);
      if (!update) return unchanged(state);
      return start([], { op: 'update-user', update });
    }
    default:
      // closed, confirmation, email-change, redirecting, notice: nothing to submit.
      return unchanged(state);
  }
}

/** One PUT /user with everything that changed (GoTrue applies it in one transaction), or null. */
function accountUpdate(account: NonNullable<MachineState['account']>, form: FormValues) {
  const update: { data?: { full_name: string }; email?: string; password?: string } = {};
  const name = form.name.trim();
  const email = form.email.trim();
  if (name !== account.name) update.data = { full_name: name };
  if (email && email !== account.email && email !== account.newEmail) update.email = email;
  if (form.password) update.password = form.password;
  return Object.keys(update).length ? update : null;
}

function redirect(state: MachineState, provider: Provider): Transition {
  // Provider buttons exist only in an open dialog; a click that lands after a close is dropped.
  if (state.pending || !isOpen(state) || state.view.name === 'redirecting') return unchanged(state);
  const known = capabilities(state.settings).providers;
  if (state.settings && !known.includes(provider)) {
    return unchanged({ ...state, view: withError(state.view, localError('provider_disabled')) });
  }
  // An invite can be accepted through a provider too: `/authorize` takes the invite token.
  const inviteToken = state.view.name === 'invite' ? state.view.token : undefined;
  return show(state, { name: 'redirecting', provider }, [
    inviteToken ? { op: 'redirect', provider, inviteToken } : { op: 'redirect', provider },
  ]);
}

/**
 * Logging out clears the session at once, whatever the server answers later, so it is announced
 * now; the dialog closes. It wins over a request in flight, whose result then changes nothing.
 */
function logout(state: MachineState): Transition {
  if (!state.account || state.pending?.op === 'logout') return unchanged(state);
  const next: MachineState = {
    ...state,
    account: null,
    pending: { op: 'logout', view: state.view.name, visible: false },
  };
  return show(next, { name: 'closed' }, [{ op: 'logout' }, { op: 'emit', event: { type: 'logout', reason: 'user' } }]);
}

function sessionChanged(state: MachineState, account: MachineState['account']): Transition {
  if (!account) {
    const next: MachineState = { ...state, account: null };
    const loggedInOnly =
      state.view.name === 'account' || (state.view.name === 'recovery' && state.view.phase === 'ready');
    // Even with a request in flight: a view acting on a session that is gone would only fail.
    return loggedInOnly ? show(next, { name: 'login', error: null, notice: null }) : unchanged(next);
  }
  const next: MachineState = { ...state, account };
  // Logged in from another tab while this one shows a login form: show the account instead.
  const anonymousOnly = state.view.name === 'login' || state.view.name === 'signup' || state.view.name === 'forgot';
  return anonymousOnly && !state.pending ? show(next, { name: 'account', error: null, notice: null }) : unchanged(next);
}
