/**
 * Registers `<gotrue-auth>` and its companions. Guarded twice: `customElements` does not exist in
 * Node or under SSR, where importing must stay free of side effects, and a second copy of the bundle on a page must not throw.
 */
import { GotrueAuth } from './components/gotrue-auth.js';
import { GotrueButton } from './components/gotrue-button.js';
import { GotrueGate } from './components/gotrue-gate.js';
import { GotrueUser } from './components/gotrue-user.js';

export const TAG = 'gotrue-auth';

function define(tag: string, element: CustomElementConstructor): void {
  const registry = globalThis.customElements;
  if (registry && !registry.get(tag)) registry.define(tag, element);
}

export function defineGotrueAuth(tag: string = TAG): void {
  define(tag, GotrueAuth);
}

/**
 * Registers `<gotrue-button>`, `<gotrue-user>` and `<gotrue-gate>`. They find `<gotrue-auth>` by
 * that tag name, so they follow only an element registered under it.
 */
export function defineGotrueCompanions(): void {
  define('gotrue-button', GotrueButton);
  define('gotrue-user', GotrueUser);
  define('gotrue-gate', GotrueGate);
}
