#!/usr/bin/env node
// From a git clone (src/ present, tsx installed) the TypeScript source runs directly, so no build
// step is needed; the published package has no src/ and runs the compiled dist/server/cli.js.
import { existsSync } from 'node:fs';

const source = new URL('../src/server/cli.ts', import.meta.url);
const compiled = new URL('../dist/server/cli.js', import.meta.url);

async function load() {
  if (existsSync(source)) {
    try {
      const { register } = await import('tsx/esm/api');
      register();
      return await import(source.href);
    } catch (error) {
      if (!existsSync(compiled)) throw error;
    }
  }
  if (!existsSync(compiled)) {
    throw new Error('dist/server/cli.js is missing: run `npm run build` (or install tsx to run from source)');
  }
  return import(compiled.href);
}

try {
  const cli = await load();
  await cli.main(process.argv.slice(2));
} catch (error) {
  console.error(`gotrue-auth-server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
