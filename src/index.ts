/**
 * The ESM entry of the package: the element class, its types, the core building blocks and the
 * message catalogue. Importing it registers `<gotrue-auth>` in a browser and does nothing else;
 * in Node it only exports (no window/document access at load).
 *
 * For the build engineer: bundle THIS module (src/index.ts) for both the ES build and the
 * script-tag IIFE; it already self-registers. English is the only locale it includes.
 */
import { defineGotrueAuth } from './define.js';

export { GotrueAuth } from './components/gotrue-auth.js';
export type { GotrueAuthEventDetail, GotrueAuthEventName, ViewName } from './components/emit.js';
export { defineGotrueAuth, TAG } from './define.js';
export {
  registerLocale,
  locale,
  resolveLocale,
  type Catalogue,
  type MessageId,
  type Translate,
} from './core/i18n/index.js';
export { AuthError, isAuthError, type AuthErrorCode } from './core/errors.js';
export { GoTrueClient, type ClientOptions } from './core/client.js';
export type { User, LoginMethod, LogoutReason, SessionEvent } from './core/session.js';

defineGotrueAuth();
