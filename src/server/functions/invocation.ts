/**
 * One call of a function, independent of the form it is written in, and what it answers. The
 * per-request globals Netlify gives functions (`Netlify.context`, `netlifyIdentityContext`) read
 * the current call from an AsyncLocalStorage, so concurrent calls each see their own.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IdentityContext } from './identity.js';

export interface Invocation {
  name: string;
  method: string;
  /** The full URL the caller asked for. */
  url: URL;
  /** Lower-case names; repeated headers keep every value. */
  headers: Array<[string, string]>;
  body: Buffer;
  ip: string;
  requestId: string;
  identity: IdentityContext;
  /** Values of the named segments of a `config.path` route. */
  params: Record<string, string>;
  /** The site's own origin, e.g. `http://127.0.0.1:8888`. */
  siteUrl: string;
  /** Promises passed to `context.waitUntil`, awaited before the server closes. */
  waitUntil(promise: Promise<unknown>): void;
}

export interface FunctionAnswer {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
}

export interface CallState {
  identity: IdentityContext;
  /** The modern `Context` of the call, or null for a Lambda-compatible function. */
  context: unknown;
}

export const currentCall = new AsyncLocalStorage<CallState>();

const NETLIFY_ENV = {
  get: (name: string): string | undefined => process.env[name],
  has: (name: string): boolean => process.env[name] !== undefined,
  set: (name: string, value: string): void => {
    process.env[name] = value;
  },
  delete: (name: string): void => {
    delete process.env[name];
  },
  toObject: (): Record<string, string> =>
    Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)),
};

let installed = false;

/**
 * Defines the globals once per process: `Netlify.env` (the process environment, as `netlify dev`
 * gives it), `Netlify.context` and `netlifyIdentityContext` (the current call's, null outside one).
 */
export function installNetlifyGlobals(): void {
  if (installed) return;
  installed = true;
  const netlify = {
    env: NETLIFY_ENV,
    get context(): unknown {
      return currentCall.getStore()?.context ?? null;
    },
  };
  Object.defineProperty(globalThis, 'Netlify', {
    configurable: true,
    enumerable: false,
    value: netlify,
    writable: true,
  });
  Object.defineProperty(globalThis, 'netlifyIdentityContext', {
    configurable: true,
    enumerable: false,
    get: () => currentCall.getStore()?.identity,
  });
}
