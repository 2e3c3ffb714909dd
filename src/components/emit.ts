/**
 * The element's public events: one helper so every event bubbles out of shadow roots and carries
 * a typed, never-null detail.
 */
import type { ViewName as MachineViewName } from '../core/machine/types.js';
import type { LoginMethod, LogoutReason, User } from '../core/session.js';

/** The views `gotrue:open` / `gotrue:close` / `gotrue:error` report: the machine's, minus `closed`. */
export type ViewName = Exclude<MachineViewName, 'closed'>;

export interface GotrueAuthEventDetail {
  'gotrue:init': { user: User | null };
  'gotrue:login': { user: User; method: LoginMethod };
  'gotrue:logout': { reason: LogoutReason };
  'gotrue:user': { user: User };
  'gotrue:token': { user: User };
  'gotrue:error': { code: string; message: string; view: ViewName | null };
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

declare global {
  interface HTMLElementEventMap {
    'gotrue:init': CustomEvent<GotrueAuthEventDetail['gotrue:init']>;
    'gotrue:login': CustomEvent<GotrueAuthEventDetail['gotrue:login']>;
    'gotrue:logout': CustomEvent<GotrueAuthEventDetail['gotrue:logout']>;
    'gotrue:user': CustomEvent<GotrueAuthEventDetail['gotrue:user']>;
    'gotrue:token': CustomEvent<GotrueAuthEventDetail['gotrue:token']>;
    'gotrue:error': CustomEvent<GotrueAuthEventDetail['gotrue:error']>;
    'gotrue:open': CustomEvent<GotrueAuthEventDetail['gotrue:open']>;
    'gotrue:close': CustomEvent<GotrueAuthEventDetail['gotrue:close']>;
  }
}
