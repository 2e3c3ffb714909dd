#!/usr/bin/env node
// Installed from npm, this runs the compiled dist/cli.js. In the repository (an npm workspace
// link, so not under node_modules once symlinks are resolved) it runs the TypeScript source through
// tsx instead: `npx gotrue-auth-server` works right after `npm install`, with no build, and never
// runs a stale build.
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = realpathSync(fileURLToPath(import.meta.url));
const source = new URL('../../../src/server/cli.ts', import.meta.url);
const compiled = new URL('../dist/cli.js', import.meta.url);
const inRepository = !/[/\\]node_modules[/\\]/.test(here) && existsSync(source);

async function load() {
  if (inRepository) {
    const { register } = await import('tsx/esm/api');
    register();
    return import(source.href);
  }
  if (!existsSync(compiled)) throw new Error('dist/cli.js is missing: this copy of gotrue-auth-server was not built');
  return import(compiled.href);
}

try {
  const cli = await load();
  await cli.main(process.argv.slice(2));
} catch (error) {
  console.error(`gotrue-auth-server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
