/**
 * The `<script src="gotrue-auth.js">` entry: everything bundled into one classic script that
 * registers `<gotrue-auth>` and its companions when it runs. Its exports land on `window.GoTrueAuth`, so a page
 * with no bundler can still reach the classes and the core (`GoTrueAuth.registerLocale`, …).
 */
import { defineGotrueAuth, defineGotrueCompanions } from './define.js';
import * as GoTrueAuth from './index.js';

export * from './index.js';

/** `true` under `npm run dev` (vite.config.ts), `false` in the built file (scripts/build.mjs). */
declare const __GOTRUE_AUTH_DEV__: boolean;

// Registered here, not only by index.ts: package.json `sideEffects` lists dist files only, so
// the bundler may treat src/index.ts as side-effect free and drop its own call.
defineGotrueAuth();
defineGotrueCompanions();

// The built file gets `window.GoTrueAuth` from its IIFE wrapper; the dev server loads this file
// as a module, so there it is set by hand, and demo pages work the same in both.
if (__GOTRUE_AUTH_DEV__) (globalThis as { GoTrueAuth?: typeof GoTrueAuth }).GoTrueAuth = GoTrueAuth;
