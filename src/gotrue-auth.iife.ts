/**
 * The `<script src="gotrue-auth.js">` entry: everything bundled into one classic script that
 * registers `<gotrue-auth>` when it runs. Its exports land on `window.GoTrueAuth`, so a page
 * with no bundler can still reach the classes and the core (`GoTrueAuth.GoTrueClient`, …).
 */
import { defineGotrueAuth } from './define.js';

export * from './index.js';

// Registered here, not only by index.ts: package.json `sideEffects` lists dist files only, so
// the bundler may treat src/index.ts as side-effect free and drop its own call.
defineGotrueAuth();
