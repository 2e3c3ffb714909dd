/**
 * Email links and OAuth returns as the machine sees them: a `FragmentRoute` read from the page's
 * URL starts the matching flow (core/fragment.ts reads what GoTrue puts in the fragment).
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
      // GoTrue applies an email change token only with the user's JWT: ask for a login first.
      if (!state.account) {
        return show(
          { ...state, deferredEmailChange: target.token },
          { name: 'login', error: null, notice: 'notice.loginFirst' },
        );
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
    case 'provider_unconfirmed':
      return show(state, { name: 'notice', notice: 'notice.providerUnconfirmed' });
    case 'oauth_error': {
      const code = oauthErrorCode(target.error, target.error_description);
      const error = { code, message: target.error_description || target.error } as const;
      return show(state, withError(entryView(state, 'login'), error), [
        { op: 'emit', event: { type: 'error', error, view: state.account ? 'account' : 'login' } },
      ]);
    }
  }
}

/**
 * GoTrue's own descriptions in an OAuth error redirect, which say more than its `error` field
 * (GoTrue sends `server_error` for a failed code exchange and `invalid_request` for most others).
 */
const OAUTH_DESCRIPTIONS: ReadonlyArray<readonly [AuthErrorCode, RegExp]> = [
  ['provider_email_mismatch', /^Invited email does not match/],
  ['provider_exchange_failed', /^Unable to exchange external code/],
  // An invite token that no longer exists.
  ['user_not_found', /^User not found$/],
];

/**
 * A code for an OAuth error redirect: GoTrue's known texts first, then a provider's
 * `access_denied` (the user declined, or cancelled at the provider). Anything else is shown with
 * the description the server gave (`provider_error`), which is more use than a generic text.
 */
function oauthErrorCode(error: string, description = ''): AuthErrorCode {
  const known = OAUTH_DESCRIPTIONS.find(([, pattern]) => pattern.test(description))?.[0] ?? codeForMessage(description);
  if (known) return known;
  return error === 'access_denied' ? 'provider_cancelled' : 'provider_error';
}

/** Confirmation and recovery links: the view and the operation share the link's name. */
function startLink(state: MachineState, view: View & { name: 'confirmation' | 'recovery' }, token: string): Transition {
  const op = view.name;
  return show({ ...state, pending: { op, view: op, visible: true } }, view, [
    { op, token, remember: state.form.remember },
  ]);
}
