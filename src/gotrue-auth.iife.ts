/**
 * The `<script src="gotrue-auth.js">` entry: everything bundled into one classic script that
 * registers `<gotrue-auth>` when it runs. Its exports land on `window.GoTrueAuth`, so a page
 * with no bundler can still reach the classes and the core (`GoTrueAuth.GoTrueClient`, …).
 */
export * from './index.js';
