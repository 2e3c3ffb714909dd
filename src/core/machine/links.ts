/**
 * Email links (§5) and OAuth returns (§6) as the machine sees them: a `FragmentRoute` read from
 * the page's URL starts the matching flow.
 */
import { type AuthErrorCode, codeForMessage } from '../errors.js';
import type { FragmentRoute } from '../fragment.js';
import { applyEmailChange } from './results.js';
import type { MachineState, Transition, View } from './types.js';
import { entryView, show, unchanged, withError } from './views.js';

export function route(state: MachineState, target: FragmentRoute): Transition {
  if (target.type === 'none') return unchanged(state);
  // A link arriving (hashchange) while a request is in flight waits for it to settle.
  if (state.pending) return unchanged({ ...state, queuedRoute: target });
  switch (target.type) {
    case 'confirmation':
      return startLink(state, { name: 'confirmation', error: null }, target.token);
    case 'recovery':
      return startLink(state, { name: 'recovery', phase: 'verifying', error: null }, target.token);
    case 'invite':
      return show(state, { name: 'invite', token: target.token, error: null });
    case 'email_change': {
      // Applying an email change needs a session (§5): ask for a login first, then apply it.
      if (!state.account) {
        return show({ ...state, deferredEmailChange: target.token }, { name: 'login', error: null, notice: 'notice.loginFirst' });
      }
      return applyEmailChange(state, target.token, true);
    }
    case 'external_login': {
      const { access_token, refresh_token, expires_in, token_type } = target;
      return {
        state: { ...state, pending: { op: 'external', view: state.view.name, visible: true } },
        effects: [{ op: 'external', tokens: { access_token, refresh_token, expires_in, token_type } }],
      };
    }
    case 'oauth_error': {
      const code = oauthErrorCode(target.error, target.error_description);
      const error = { code, message: target.error_description ?? target.error } as const;
      return show(state, withError(entryView(state, 'login'), error), [
        { op: 'emit', event: { type: 'error', error, view: state.account ? 'account' : 'login' } },
      ]);
    }
  }
}

/**
 * A code for an OAuth error redirect (§4.11): GoTrue's own failures by their text where the
 * `error` field says too little, then the provider's `access_denied` and server errors.
 */
function oauthErrorCode(error: string, description = ''): AuthErrorCode {
  const known = codeForMessage(description);
  if (known) return known;
  // An invite token that no longer exists.
  if (description === 'User not found') return 'user_not_found';
  if (error === 'access_denied' || error === 'unauthorized_client') return 'unauthorized';
  return error === 'server_error' || error === 'temporarily_unavailable' ? 'server' : 'unknown';
}

/** Confirmation and recovery links: the view and the operation share the link's name. */
function startLink(state: MachineState, view: View & { name: 'confirmation' | 'recovery' }, token: string): Transition {
  const op = view.name;
  return show({ ...state, pending: { op, view: op, visible: true } }, view, [
    { op, token, remember: state.form.remember },
  ]);
}
