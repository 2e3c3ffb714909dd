/**
 * Server results fed back by the runner. A result always updates what is true (a login that
 * finishes after the dialog closed still logs in), but changes the view only when the view that
 * asked for it is still showing.
 */
import type { Event, MachineState, Transition } from './types.js';
import { isOpen, show, unchanged, viewName, withError } from './views.js';

type ResultEvent = Extract<
  Event,
  { type: 'logged-in' | 'signup-unconfirmed' | 'recovery-sent' | 'user-updated' | 'logged-out' | 'failed' }
>;

export function applyResult(state: MachineState, event: ResultEvent): Transition {
  const mine = state.pending?.op === event.op;
  const here = mine && state.pending?.visible === true && state.pending.view === state.view.name && isOpen(state);
  const settled: MachineState = mine ? { ...state, pending: null } : state;
  const forms = { ...settled.form, password: '' };

  switch (event.type) {
    case 'logged-in': {
      const next: MachineState = { ...settled, account: event.account, form: forms };
      if (next.deferredEmailChange && !next.pending) return applyEmailChange(next, next.deferredEmailChange);
      if (!isOpen(next)) return unchanged(next);
      if (event.method === 'recovery' && next.view.name === 'recovery') {
        return unchanged({ ...next, view: { name: 'recovery', phase: 'ready', error: null } });
      }
      if (event.method === 'confirmation' && next.view.name === 'confirmation') {
        return show(next, { name: 'notice', notice: 'notice.confirmed' });
      }
      // Logged in: the dialog goes away (PRODUCT.md defect 4), unless it is busy with something else.
      return next.pending ? unchanged(next) : show(next, { name: 'closed' });
    }
    case 'signup-unconfirmed':
      return here ? show({ ...settled, form: forms }, { name: 'notice', notice: 'notice.checkEmail' }) : unchanged(settled);
    case 'recovery-sent':
      return here ? show(settled, { name: 'notice', notice: 'notice.recoverySent' }) : unchanged(settled);
    case 'user-updated': {
      // Never logged in without a session: an update landing after a logout changes nothing.
      if (!settled.account) return unchanged(settled);
      const next: MachineState = { ...settled, account: event.account };
      if (!here) return unchanged({ ...next, form: forms });
      if (event.op === 'set-password') return show({ ...next, form: forms }, { name: 'notice', notice: 'notice.passwordUpdated' });
      if (event.op === 'confirm-email-change') return show(next, { name: 'notice', notice: 'notice.emailChanged' });
      const notice =
        // The session's own `user` event may have updated the account first: the typed address
        // being the pending one is what says an email change was just asked for.
        event.account.newEmail &&
        (event.account.newEmail !== state.account?.newEmail || state.form.email.trim() === event.account.newEmail)
          ? 'notice.emailChangeSent'
          : state.form.password
            ? 'notice.passwordUpdated'
            : 'notice.saved';
      return unchanged({
        ...next,
        form: { ...next.form, name: event.account.name, email: event.account.email, password: '' },
        view: { name: 'account', error: null, notice },
      });
    }
    case 'logged-out': {
      const next: MachineState = { ...settled, account: null, form: forms };
      return isOpen(next) && !next.pending ? show(next, { name: 'closed' }) : unchanged(next);
    }
    case 'failed': {
      const emit = { type: 'emit', event: { type: 'error', error: event.error, view: viewName(settled) } } as const;
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
  }
}

export function applyEmailChange(state: MachineState, token: string, open = isOpen(state)): Transition {
  const next: MachineState = { ...state, deferredEmailChange: null, pending: { op: 'confirm-email-change', view: 'email-change', visible: open } };
  const effect = { type: 'updateUser', op: 'confirm-email-change', update: { email_change_token: token } } as const;
  // Only shown when the dialog is open: a login that finished after a close must not reopen it.
  if (!open) return { state: next, effects: [effect] };
  return show(next, { name: 'email-change', error: null }, [effect]);
}
