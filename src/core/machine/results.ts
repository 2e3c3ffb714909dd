/**
 * What requests came to, fed back by the runner as `result` events. A result always updates what
 * is true (a login that finishes after the dialog closed still logs in), but changes the view only
 * when the view that asked for it is still showing.
 */
import type { LoginMethod } from '../session-types.js';
import type { Account, Effect, MachineState, Result, Transition } from './types.js';
import { capabilities, isOpen, isSubmitting, show, unchanged, viewName, withError } from './views.js';

export function applyResult(state: MachineState, event: Result): Transition {
  if (event.op === 'settings') {
    // Opening never waits for settings; without them defaults stay and the next open asks again.
    if (!event.ok) return unchanged({ ...state, settingsStatus: 'failed' });
    const next: MachineState = { ...state, settings: event.value, settingsStatus: 'loaded' };
    // Settings may arrive after the signup view opened: say why it is not there.
    if (next.view.name === 'signup' && !capabilities(next.settings).signup && !isSubmitting(next)) {
      return unchanged({ ...next, view: { name: 'login', error: null, notice: 'notice.signupDisabled' } });
    }
    return unchanged(next);
  }
  const mine = state.pending?.op === event.op;
  const here = mine && isSubmitting(state);
  const settled: MachineState = mine ? { ...state, pending: null } : state;
  const forms = { ...settled.form, password: '' };

  if (!event.ok) {
    // A failed provider redirect is no view's error: the page was about to leave.
    const view = event.op === 'redirect' ? null : viewName(settled);
    const emit: Effect = { op: 'emit', event: { type: 'error', error: event.error, view } };
    if (here) {
      // The form values stay as typed, so nothing is lost; only the error is added.
      return { state: { ...settled, view: withError(settled.view, event.error) }, effects: [emit] };
    }
    // An OAuth return that cannot be used has no view yet: show it on the login view.
    if (mine && state.pending?.visible && event.op === 'external' && !settled.account && !isOpen(settled)) {
      return show(settled, { name: 'login', error: event.error, notice: null }, [emit]);
    }
    return { state: settled, effects: [emit] };
  }

  switch (event.op) {
    case 'redirect':
      return unchanged(state);
    case 'signup':
      // Waiting for its confirmation link; with autoconfirm the runner logged in at once.
      if (!event.value) {
        return here
          ? show({ ...settled, form: forms }, { name: 'notice', notice: 'notice.checkEmail' })
          : unchanged(settled);
      }
      return loggedIn(settled, event.op, event.value);
    case 'login':
    case 'confirmation':
    case 'recovery':
    case 'invite':
    case 'external':
      return loggedIn(settled, event.op, event.value);
    case 'recover':
      return here ? show(settled, { name: 'notice', notice: 'notice.recoverySent' }) : unchanged(settled);
    case 'update-user':
    case 'set-password':
    case 'email-change': {
      // Never logged in without a session: an update landing after a logout changes nothing.
      if (!settled.account) return unchanged(settled);
      const account = event.value;
      const next: MachineState = { ...settled, account };
      if (!here) return unchanged({ ...next, form: forms });
      if (event.op === 'set-password') {
        // A recovery link is done once its new password is saved: only now is it a login.
        return show({ ...next, form: forms }, { name: 'notice', notice: 'notice.passwordUpdated' }, [
          announceLogin('recovery'),
        ]);
      }
      if (event.op === 'email-change') return show(next, { name: 'notice', notice: 'notice.emailChanged' });
      const notice =
        // The session's own `user` event may have updated the account first: the typed address
        // being the pending one is what says an email change was just asked for.
        account.newEmail &&
        (account.newEmail !== state.account?.newEmail || state.form.email.trim() === account.newEmail)
          ? 'notice.emailChangeSent'
          : state.form.password
            ? 'notice.passwordUpdated'
            : 'notice.saved';
      return unchanged({
        ...next,
        form: { ...next.form, name: account.name, email: account.email, password: '' },
        view: { name: 'account', error: null, notice },
      });
    }
    case 'logout':
      // The session was cleared when the logout started; the server has now been told too.
      return unchanged(settled);
  }
}

const LOGIN_METHODS: Record<'login' | 'signup' | 'confirmation' | 'recovery' | 'invite' | 'external', LoginMethod> = {
  login: 'password',
  signup: 'signup',
  confirmation: 'confirmation',
  recovery: 'recovery',
  invite: 'invite',
  external: 'external',
};

function announceLogin(method: LoginMethod): Effect {
  return { op: 'emit', event: { type: 'login', method } };
}

/**
 * A sign-in finished: the account is set, the page hears of the login, and the view moves on
 * unless something else is busy. A recovery link signs in to let the user choose a new password:
 * that login is announced when the password is saved, unless the view to save it is gone.
 */
function loggedIn(settled: MachineState, op: keyof typeof LOGIN_METHODS, account: Account): Transition {
  const next: MachineState = { ...settled, account, form: { ...settled.form, password: '' } };
  const settingPassword = op === 'recovery' && next.view.name === 'recovery';
  const announced = withEffects(settingPassword ? null : announceLogin(LOGIN_METHODS[op]));
  if (next.deferredEmailChange && !next.pending) return announced(applyEmailChange(next, next.deferredEmailChange));
  if (!isOpen(next)) return announced(unchanged(next));
  if (settingPassword) return unchanged({ ...next, view: { name: 'recovery', phase: 'ready', error: null } });
  if (op === 'confirmation' && next.view.name === 'confirmation') {
    return announced(show(next, { name: 'notice', notice: 'notice.confirmed' }));
  }
  // Logged in: the dialog goes away rather than stay on a "logged in" screen, unless it is busy
  // with something else.
  return announced(next.pending ? unchanged(next) : show(next, { name: 'closed' }));
}

/** The login is announced after the view it leads to: a listener that opens a view comes last. */
function withEffects(effect: Effect | null): (transition: Transition) => Transition {
  return (transition) => (effect ? { ...transition, effects: [...transition.effects, effect] } : transition);
}

export function applyEmailChange(state: MachineState, token: string, open = isOpen(state)): Transition {
  const next: MachineState = {
    ...state,
    deferredEmailChange: null,
    pending: { op: 'email-change', view: 'email-change', visible: open },
  };
  const effect: Effect = { op: 'email-change', update: { email_change_token: token } };
  // Only shown when the dialog is open: a login that finished after a close must not reopen it.
  if (!open) return { state: next, effects: [effect] };
  return show(next, { name: 'email-change', error: null }, [effect]);
}
