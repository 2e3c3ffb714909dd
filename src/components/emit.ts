/**
 * The element's public events: one helper so every event bubbles out of shadow roots and carries
 * a typed, never-null detail.
 */
import type { AuthErrorCode } from '../core/errors.js';
import type { ViewName } from '../core/machine/types.js';
import type { LoginMethod, LogoutReason, User } from '../core/session.js';

export type { ViewName };

/** How a user came to be logged in: a method of this page, or `other-tab` for a login in another tab. */
export type LoginAnnouncementMethod = LoginMethod | 'other-tab';

export interface GotrueAuthEventDetail {
  'gotrue:init': { user: User | null };
  'gotrue:login': { user: User; method: LoginAnnouncementMethod };
  'gotrue:logout': { reason: LogoutReason };
  'gotrue:user': { user: User };
  'gotrue:token': { user: User };
  'gotrue:error': { code: AuthErrorCode; message: string; view: ViewName | null };
  'gotrue:open': { view: ViewName };
  'gotrue:close': { view: ViewName };
}

export type GotrueAuthEventName = keyof GotrueAuthEventDetail;

export function emit<K extends GotrueAuthEventName>(
  target: EventTarget,
  type: K,
  detail: GotrueAuthEventDetail[K],
): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

/** Every `gotrue:*` event as listeners receive it. */
export type GotrueAuthEventMap = { [K in GotrueAuthEventName]: CustomEvent<GotrueAuthEventDetail[K]> };

// They bubble and are composed: typed wherever a page listens, on the element, `document` or `window`.
declare global {
  /* eslint-disable @typescript-eslint/no-empty-object-type -- the members come from GotrueAuthEventMap. */
  interface HTMLElementEventMap extends GotrueAuthEventMap {}
  interface DocumentEventMap extends GotrueAuthEventMap {}
  interface WindowEventMap extends GotrueAuthEventMap {}
  /* eslint-enable @typescript-eslint/no-empty-object-type */
}
