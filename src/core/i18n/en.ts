/**
 * The English catalogue, and the source of every message id. Placeholders are `{name}`.
 * Error messages are keyed `error.<AuthError code>`, so a translated page never shows the
 * server's English text; the server's text is only a fallback, or a `{message}` placeholder.
 */
export const en = {
  'title.login': 'Log in',
  'title.signup': 'Sign up',
  'title.forgot': 'Reset your password',
  'title.recovery': 'Set a new password',
  'title.invite': 'Accept your invitation',
  'title.account': 'Your account',
  'title.confirmation': 'Email confirmation',
  'title.emailChange': 'Confirm your new email',
  'title.notice': 'Check your email',
  'title.redirecting': 'Continuing…',
  'title.done': 'All set',
  'field.name': 'Name',
  'field.email': 'Email',
  'field.password': 'Password',
  'field.newPassword': 'New password',
  'field.remember': 'Remember me',
  'action.login': 'Log in',
  'action.signup': 'Sign up',
  'action.recover': 'Send reset link',
  'action.setPassword': 'Save password',
  'action.accept': 'Accept invitation',
  'action.save': 'Save changes',
  'action.logout': 'Log out',
  'action.close': 'Close',
  'action.continue': 'Continue',
  'action.provider': 'Continue with {provider}',
  'action.showPassword': 'Show password',
  'link.signup': 'No account? Sign up',
  'link.login': 'Have an account? Log in',
  'link.forgot': 'Forgot password?',
  busy: 'Please wait…',
  separator: 'or',
  'notice.checkEmail': 'We sent a confirmation link to {email}. Open it to finish signing up.',
  'notice.providerUnconfirmed': 'Your provider did not confirm your email: open the link we sent you to log in.',
  'notice.recoverySent': 'If {email} has an account, a link to reset the password is on its way.',
  'notice.emailChangeSent': 'Check your new inbox: we sent a confirmation link to {email}.',
  'notice.emailChanged': 'Your email address is now {email}.',
  'notice.confirmed': 'Your email address is confirmed and you are logged in.',
  'notice.saved': 'Saved.',
  'notice.passwordUpdated': 'Your new password is saved.',
  'notice.signupDisabled': 'Signing up is closed for this site. Ask its owner for an invitation.',
  'notice.loginFirst': 'Log in to confirm your new email address.',
  'notice.loggedInAs': 'Logged in as {email}',
  'error.invalid_credentials': 'Wrong email or password.',
  'error.email_not_confirmed': 'Confirm your email address first: check your inbox for the link.',
  'error.signup_disabled': 'Signing up is closed for this site.',
  'error.user_exists': 'An account with this email already exists. Log in instead.',
  'error.invalid_token': 'This link is invalid or was already used.',
  'error.token_expired': 'This link has expired. Ask for a new one.',
  'error.password_required': 'Enter a password.',
  'error.email_required': 'Enter an email address.',
  'error.invalid_email': 'Enter a valid email address.',
  'error.rate_limited': 'Too many attempts. Try again in a few minutes.',
  'error.unauthorized': 'You are not allowed to do this. Log in again.',
  'error.user_not_found': 'No account was found for this link.',
  'error.provider_disabled': 'This login provider is not enabled.',
  'error.session_expired': 'Your session has expired. Log in again.',
  'error.webhook_rejected': 'The site refused this request.',
  'error.network': 'Could not reach the server. Check your connection.',
  'error.timeout': 'The server took too long to answer. Try again.',
  'error.server': 'The server had a problem. Try again later.',
  'error.bad_response': 'The server sent an unexpected answer.',
  'error.endpoint_not_found': 'No identity endpoint answered at {url}.',
  'error.provider_cancelled': 'The login was cancelled at the provider. Try again, or log in another way.',
  'error.provider_email_mismatch': 'The invitation was sent to another email address than the one the provider gave.',
  'error.provider_exchange_failed': 'The login provider could not complete the login. Try again.',
  'error.provider_error': 'The login provider reported a problem: {message}',
  'error.unknown': 'Something went wrong.',
};

export type MessageId = keyof typeof en;

/**
 * A message that counts: one text per plural category of the language (`Intl.PluralRules`),
 * chosen by the `count` placeholder. `other` is required: every language has it.
 */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralMessage;
/** A complete language: every message id, and nothing else. */
export type Catalogue = Record<MessageId, Message>;
