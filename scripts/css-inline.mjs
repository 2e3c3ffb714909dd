// `node --import ./scripts/css-inline.mjs`: lets Node import `./file.css?inline` as the file's
// text, as Vite and web-test-runner do, so tests that import the element run in Node too.
import { register } from 'node:module';

register('./css-inline-hooks.mjs', import.meta.url);
