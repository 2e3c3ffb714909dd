/**
 * The ESM entry of the package: the element classes, their types, the core building blocks and the
 * message catalogue. Importing it registers `<gotrue-auth>` and its companions (`<gotrue-button>`,
 * `<gotrue-user>`, `<gotrue-gate>`) in a browser and does nothing else;
 * in Node it only exports (no window/document access at load). The script-tag file bundles it
 * too (gotrue-auth.iife.ts). English is the only language it includes.
 */
import { defineGotrueAuth, defineGotrueCompanions } from './define.js';

export { GotrueAuth } from './components/gotrue-auth.js';
export { GotrueButton } from './components/gotrue-button.js';
export { GotrueGate } from './components/gotrue-gate.js';
export { GotrueUser, type UserField } from './components/gotrue-user.js';
export { authContext, type AuthState } from './components/auth-context.js';
export type {
  GotrueAuthEventDetail,
  GotrueAuthEventMap,
  GotrueAuthEventName,
  LoginAnnouncementMethod,
  ViewName,
} from './components/emit.js';
export { defineGotrueAuth, defineGotrueCompanions, TAG } from './define.js';
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
// Also what brings the elements' typings for React, Svelte and Vue templates into a program.
export type {
  GotrueAuthAttributes,
  GotrueAuthEventHandlers,
  GotrueButtonAttributes,
  GotrueElementAttributes,
  GotrueGateAttributes,
  GotrueUserAttributes,
} from './jsx.js';

defineGotrueAuth();
defineGotrueCompanions();
