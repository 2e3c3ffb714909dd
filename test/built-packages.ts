// The two packages, built once for a whole `npm test` run: scripts/test.mjs builds them into
// packages/ before the Node and end-to-end suites and says so with GOTRUE_AUTH_TEST_BUILT. A test
// file run on its own builds them itself, the first time it asks.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** Where `npm run build` assembles gotrue-auth/ and gotrue-auth-server/. */
export const PACKAGES_DIR = join(ROOT, 'packages');

/** packages/, with both packages built from the current source. */
export function builtPackages(): string {
  if (process.env.GOTRUE_AUTH_TEST_BUILT !== '1') {
    // The size budget is build.test.ts's concern: here only the behaviour of the built files counts.
    const result = spawnSync(process.execPath, ['scripts/build.mjs', '--budget', String(1024 * 1024)], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`);
    process.env.GOTRUE_AUTH_TEST_BUILT = '1';
  }
  return PACKAGES_DIR;
}

/**
 * A fresh temporary copy of the widget package's dist/ (both script-tag files, their language
 * files, the modules), for a test site to serve and remove when done.
 */
export function scriptTagFiles(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gotrue-auth-bundle-'));
  cpSync(join(builtPackages(), 'gotrue-auth', 'dist'), dir, { recursive: true });
  return dir;
}
