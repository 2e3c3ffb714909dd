/**
 * The widget's state machine, as data: every view the dialog can show, every event that can
 * happen to it, and every effect it asks the runner to perform. `transition` (./transition.ts)
 * is a pure function over these types; the runner (../runner.ts) owns all I/O.
 *
 * Message strings are not part of the machine: views carry notice ids (keys of the i18n
 * catalogue) and AuthError codes; the element translates them.
 */
import type { AuthErrorCode } from '../errors.js';
import type { Metadata, Provider, Settings, TokenResponse, UserUpdateRequest } from '../wire.js';
import type { FragmentRoute } from '../fragment.js';
import type { LoginMethod } from '../session-types.js';

/** What the machine knows of the logged-in user: enough to render the account view. */
export interface Account {
  email: string;
  /** `user_metadata.full_name`, the field netlify-identity-widget uses; '' when unset. */
  name: string;
  /** An email change waiting for its link to be clicked (GoTrue sets `new_email`), or null. */
  newEmail: string | null;
}

/** An error shown on the view that failed: a stable code to translate, the raw text as fallback. */
export interface ViewError {
  code: AuthErrorCode;
  message: string;
}

/**
 * Everything a user can type, shared by all forms so that nothing typed is lost when they move
 * between login, signup and forgot-password, or when a submit fails.
 */
export interface FormValues {
  name: string;
  email: string;
  password: string;
  remember: boolean;
  /** Extra signup `user_metadata` from the page (`open('signup', { metadata })`, slotted inputs). */
  metadata?: Metadata;
}

/** Success and guidance messages; each is a key of the i18n catalogue. */
export type NoticeId =
  | 'notice.checkEmail' // signup without autoconfirm
  | 'notice.providerUnconfirmed' // back from a provider that did not vouch for the email: confirm by mail
  | 'notice.recoverySent' // POST /recover accepted
  | 'notice.emailChangeSent' // PUT /user {email}: "check your new inbox"
  | 'notice.emailChanged' // email change link applied
  | 'notice.confirmed' // signup confirmation link applied
  | 'notice.passwordUpdated' // new password saved (after recovery or from the account view)
  | 'notice.saved' // name saved
  | 'notice.signupDisabled' // settings say disable_signup
  | 'notice.loginFirst'; // an email change link arrived with no session

/** The dialog's views. `closed` is the dialog not shown. */
export type View =
  | { name: 'closed' }
  | { name: 'login'; error: ViewError | null; notice: 'notice.signupDisabled' | 'notice.loginFirst' | null }
  | { name: 'signup'; error: ViewError | null }
  | { name: 'forgot'; error: ViewError | null }
  /** Set a new password after a recovery link; `verifying` while the link's token is checked. */
  | { name: 'recovery'; phase: 'verifying' | 'ready'; error: ViewError | null }
  /** Accept an invite: choose a password (or a provider) for the invited address. */
  | { name: 'invite'; token: string; error: ViewError | null }
  /** A signup confirmation link being applied; `error` when it failed. */
  | { name: 'confirmation'; error: ViewError | null }
  /** An email change link being applied; `error` when it failed. */
  | { name: 'email-change'; error: ViewError | null }
  | {
      name: 'account';
      error: ViewError | null;
      notice: 'notice.emailChangeSent' | 'notice.passwordUpdated' | 'notice.saved' | null;
    }
  /** The browser is on its way to the provider through GoTrue's `/authorize`. */
  | { name: 'redirecting'; provider: Provider }
  /** A message that ends a flow, e.g. "check your email". */
  | { name: 'notice'; notice: NoticeId };

/** The name of a view the dialog shows; `closed` is not one (see `View['name']`). */
export type ViewName = Exclude<View['name'], 'closed'>;
/** Views the host page may ask for with `open()`. */
export type OpenableView = 'login' | 'signup' | 'forgot' | 'account';

/**
 * A request to the server in flight. Only one at a time: that is what stops a double submit.
 * The sign-ins are named after the `LoginMethod` they give the session (`login` gives `password`).
 */
export type Operation =
  | 'login'
  | 'signup'
  | 'recover'
  | 'confirmation'
  | 'recovery'
  | 'invite'
  | 'external'
  | 'update-user'
  | 'set-password'
  | 'email-change'
  | 'logout';

export interface Pending {
  op: Operation;
  /** The view that started it: its result is shown there, if that view is still showing. */
  view: View['name'];
  /**
   * False once the user closed the dialog: the outcome still counts (a login still logs in) but
   * must not reopen the dialog or change what it shows.
   */
  visible: boolean;
}

export interface MachineState {
  view: View;
  form: FormValues;
  /** Logged in exactly when this is non-null. */
  account: Account | null;
  settings: Settings | null;
  settingsStatus: 'idle' | 'loading' | 'loaded' | 'failed';
  pending: Pending | null;
  /** An email change token that waits for a login before it can be applied (it needs a session). */
  deferredEmailChange: string | null;
  /** A link that arrived (hashchange) while a request was in flight; taken up when it settles. */
  queuedRoute: FragmentRoute | null;
}

export type Event =
  // User actions, translated by the element.
  | { type: 'open'; view?: OpenableView }
  | { type: 'close' }
  | { type: 'navigate'; view: 'login' | 'signup' | 'forgot' | 'account' }
  | { type: 'edit'; values: Partial<FormValues> }
  | { type: 'submit'; values?: Partial<FormValues> }
  | { type: 'provider'; provider: Provider }
  | { type: 'logout' }
  /** Fetch `/settings` now, in the background, so a later open shows providers at once. */
  | { type: 'load-settings' }
  // The page's URL fragment, read once at startup (fragment.ts).
  | { type: 'route'; route: FragmentRoute }
  // What a request effect came to, fed back by the runner.
  | Result
  // The session changed outside the machine: restored at startup, another tab, expiry, revocation.
  | { type: 'session'; account: Account | null };

/**
 * What the host page hears of what this machine did: the dialog opening and closing, errors, and
 * the logins and logouts its requests performed. Changes nobody on the page performed (expiry,
 * revocation, another tab) are not the machine's: the shared session announces those.
 */
export type HostEvent =
  | { type: 'open'; view: ViewName }
  | { type: 'close'; view: ViewName }
  | { type: 'error'; error: ViewError; view: ViewName | null }
  /** A sign-in this machine asked for is complete (for recovery: the new password is saved). */
  | { type: 'login'; method: LoginMethod }
  | { type: 'logout'; reason: 'user' };

/** The I/O the runner performs, named by `op`; its outcome comes back as a `Result` of that `op`. */
export type Request =
  | { op: 'settings' }
  | { op: 'login'; email: string; password: string; remember: boolean }
  /** `data.full_name` is sent when a name was typed; autoconfirm then logs in at once. */
  | { op: 'signup'; email: string; password: string; remember: boolean; data?: Metadata }
  | { op: 'recover'; email: string }
  | { op: 'confirmation' | 'recovery' | 'invite'; token: string; password?: string; remember: boolean }
  | { op: 'external'; tokens: TokenResponse }
  | { op: 'update-user' | 'set-password' | 'email-change'; update: UserUpdateRequest }
  | { op: 'logout' }
  | { op: 'redirect'; provider: Provider; inviteToken?: string };

/** A request's outcome: its value, or the error it failed with. */
export type Result =
  | ({ type: 'result'; ok: true } & (
      | { op: 'settings'; value: Settings }
      /** The account now logged in. */
      | { op: 'login' | 'confirmation' | 'recovery' | 'invite' | 'external'; value: Account }
      /** Null while the address waits for its confirmation link. */
      | { op: 'signup'; value: Account | null }
      | { op: 'update-user' | 'set-password' | 'email-change'; value: Account }
      | { op: 'recover' | 'logout' | 'redirect'; value?: unknown }
    ))
  | { type: 'result'; ok: false; op: Request['op']; error: ViewError };

export type Effect = Request | { op: 'emit'; event: HostEvent };

export interface Transition {
  state: MachineState;
  effects: Effect[];
}
