/**
 * What a view needs to render: already-derived state plus the element's action handlers. Views
 * are pure templates over this; they never call the network or touch tokens.
 */
import type { FormValues, OpenableView, ViewName } from '../../core/machine/types.js';
import type { MessageId, Translate } from '../../core/i18n/index.js';
import type { User } from '../../core/session.js';
import type { Provider } from '../../core/wire.js';

/** What a form does, by its `data-action`; the element turns its fields into the machine's `submit`. */
export type FormAction = 'login' | 'signup' | 'recover' | 'recovery' | 'invite' | 'account';

export interface ViewContext {
  t: Translate;
  view: ViewName;
  title: MessageId;
  /** Unique per element instance, for the heading id the dialog is labelled by. */
  headingId: string;
  /** The view waits for the server (the machine's `isSubmitting`). */
  busy: boolean;
  /** The translated error text of the last failed action, shown in the alert region. */
  error: string;
  /** A translated notice ("check your email", "saved"). */
  notice: string;
  user: User | null;
  /** Provider buttons to show, in order. */
  providers: Provider[];
  providerLabel(provider: Provider): string;
  /** Show the email + password forms (false in providers-only mode or with email disabled). */
  emailForms: boolean;
  signupAllowed: boolean;
  remember: boolean;
  /** The site's logo above the title: what the page put in `slot="logo"`, else an image from the `logo` URL. */
  logo: { nodes: Node[]; src: string };
  /** Extra signup inputs the page slotted in with `slot="signup-fields"`. */
  signupFields: Node[];
  /** Recovery view: the link's token is still being checked. */
  verifying: boolean;
  /** What the user typed so far, kept across views and failed submits. */
  form: FormValues;
  onSubmit(event: SubmitEvent): void;
  onInput(event: Event): void;
  go(view: OpenableView): void;
  provider(provider: Provider): void;
  logout(): void;
  close(): void;
}
