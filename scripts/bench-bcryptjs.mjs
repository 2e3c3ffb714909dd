// `npm run bench`, server section: the password hashing the local server had before it moved to
// @node-rs/bcrypt, so that both are measured in one run. Imported with `--import` into a server
// child, this module registers itself as a module hook that hands that child
// bench-bcryptjs-shim.mjs wherever the server imports '@node-rs/bcrypt'.
import { register } from 'node:module';

const SHIM = new URL('./bench-bcryptjs-shim.mjs', import.meta.url).href;

/** Module-hook side: only the one specifier changes. */
export async function resolve(specifier, context, nextResolve) {
  if (specifier === '@node-rs/bcrypt') return { url: SHIM, shortCircuit: true };
  return nextResolve(specifier, context);
}

// Imported by `--import` (not as the hooks module, whose `register` global is the loader's own).
if (!process.env.GOTRUE_AUTH_BENCH_HOOKS_LOADED) {
  process.env.GOTRUE_AUTH_BENCH_HOOKS_LOADED = '1';
  register(import.meta.url);
}
