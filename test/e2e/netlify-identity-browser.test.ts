/**
 * `@netlify/identity` in the browser against the local server under `npm run dev`: its signup(),
 * login(), getUser() and logout() talk to /.netlify/identity on the page's origin, as on Netlify.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { launchBrowser } from './browser.js';
import { ROOT, removeDir } from './site.js';

let dataDir: string;
let server: ViteDevServer;
let url: string;
let browser: Browser;
const saved = { ...process.env };

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gotrue-auth-nfid-'));
  Object.assign(process.env, {
    GOTRUE_AUTH_DATA_DIR: dataDir,
    GOTRUE_MAILER_AUTOCONFIRM: 'true',
    GOTRUE_BCRYPT_COST: '4',
  });
  server = await createServer({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'silent',
    server: { host: '127.0.0.1', port: 0, hmr: false },
  });
  await server.listen();
  url = server.resolvedUrls!.local[0]!.replace(/\/$/, '');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  process.env = saved;
  if (dataDir) removeDir(dataDir);
});

interface Lib {
  signup(email: string, password: string, data?: Record<string, unknown>): Promise<{ email: string }>;
  login(email: string, password: string): Promise<{ email: string; name?: string }>;
  getUser(): Promise<{ email: string } | null>;
  logout(): Promise<void>;
}

test('signup(), login(), getUser() and logout() of @netlify/identity work in a page against the local server', async () => {
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000); // the first load pre-bundles the library
  await page.goto(`${url}/test/e2e/fixtures/netlify-identity.html`);
  await page.waitForFunction(() => 'netlifyIdentityLib' in window);
  const result = await page.evaluate(async () => {
    const lib = (window as unknown as { netlifyIdentityLib: Lib }).netlifyIdentityLib;
    const signedUp = await lib.signup('page@example.com', 'secret-pw', { full_name: 'Page User' });
    const loggedIn = await lib.login('page@example.com', 'secret-pw');
    const current = await lib.getUser();
    await lib.logout();
    const after = await lib.getUser();
    return {
      signedUp: signedUp.email,
      loggedIn: loggedIn.email,
      name: loggedIn.name,
      current: current?.email ?? null,
      after,
    };
  });
  assert.deepEqual(result, {
    signedUp: 'page@example.com',
    loggedIn: 'page@example.com',
    name: 'Page User',
    current: 'page@example.com',
    after: null,
  });
  await page.close();
});
