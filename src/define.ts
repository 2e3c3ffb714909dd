/**
 * Registers `<gotrue-auth>`. Guarded twice: `customElements` does not exist in Node or under
 * SSR, where importing must stay free of side effects, and a second copy of the bundle on a page must not throw.
 */
import { GotrueAuth } from './components/gotrue-auth.js';

export const TAG = 'gotrue-auth';

export function defineGotrueAuth(tag: string = TAG): void {
  const registry = globalThis.customElements;
  if (registry && !registry.get(tag)) registry.define(tag, GotrueAuth);
}
