/**
 * Languages with the script-tag build: the built gotrue-auth.js carries English only; a page in
 * another language fetches exactly one more file, gotrue-auth.<tag>.json from next to the script
 * (not next to the page), under `default-src 'self'`; a language file that cannot be fetched
 * leaves the dialog in English with a console warning and no uncaught error.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, recordProblems, type PageProblems } from './browser.js';
import { buildScriptTag, removeDir, startSite, type Site } from './site.js';

let bundleDir: string;
let site: Site;
let browser: Browser;

before(async () => {
  bundleDir = buildScriptTag();
  site = await startSite({ bundleDir, headers: { 'content-security-policy': "default-src 'self'" } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
  if (bundleDir) removeDir(bundleDir);
});

/** Opens `path` with the login dialog showing in English, then records the paths of every request from then on. */
async function openInEnglish(path: string): Promise<{ page: Page; problems: PageProblems; requests: string[] }> {
  const page = await browser.newPage();
  const problems = await recordProblems(page);
  await page.goto(`${site.url}${path}`);
  await page.evaluate(async () => {
    const el = document.querySelector('#auth') as HTMLElement & { ready: Promise<void>; open(): Promise<void> };
    await el.ready;
    await el.open();
  });
  await heading(page, 'Log in').waitFor();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  return { page, problems, requests };
}

function heading(page: Page, name: string) {
  return page.locator('#auth').getByRole('dialog').getByRole('heading', { name, exact: true });
}

async function setLocale(page: Page, tag: string): Promise<void> {
  await page.evaluate((value) => document.querySelector('#auth')!.setAttribute('locale', value), tag);
}

test('the script-tag file carries English only', () => {
  const bundle = readFileSync(join(bundleDir, 'gotrue-auth.js'), 'utf8');
  assert.match(bundle, /Forgot password\?/);
  for (const text of ['Passwort vergessen?', 'Mot de passe oublié', 'パスワードをお忘れですか'])
    assert.ok(!bundle.includes(text), `"${text}" is not in gotrue-auth.js`);
});

test('a German dialog fetches gotrue-auth.de.json from next to the script, once, and nothing else', async () => {
  // A page in a folder: the file comes from next to /gotrue-auth.js, not from /demo/.
  const { page, problems, requests } = await openInEnglish('/demo/members.html');
  await setLocale(page, 'de');
  await heading(page, 'Anmelden').waitFor();
  assert.equal(await page.locator('#auth dialog').getAttribute('lang'), 'de');
  assert.deepEqual(requests, ['/gotrue-auth.de.json']);

  // Back to English and to German again: German is in memory now.
  await setLocale(page, 'en');
  await heading(page, 'Log in').waitFor();
  await setLocale(page, 'de-AT');
  await heading(page, 'Anmelden').waitFor();
  assert.deepEqual(requests, ['/gotrue-auth.de.json']);
  assert.deepEqual(problems, { violations: [], errors: [] });
  await page.close();
});

test('a language file that cannot be fetched leaves the dialog in English, with a warning and no uncaught error', async () => {
  rmSync(join(bundleDir, 'gotrue-auth.it.json'));
  const { page, problems, requests } = await openInEnglish('/demo/members.html');
  const warning = page.waitForEvent(
    'console',
    (message) => message.type() === 'warning' && message.text().includes('"it"'),
  );
  await setLocale(page, 'it');
  await warning;
  assert.deepEqual(requests, ['/gotrue-auth.it.json']);
  await heading(page, 'Log in').waitFor();
  assert.equal(await page.locator('#auth dialog').getAttribute('lang'), 'en');
  // The browser reports the 404 itself; nothing else may go wrong.
  const unexpected = problems.errors.filter((line) => !/Failed to load resource: .* 404/.test(line));
  assert.deepEqual(unexpected, []);
  assert.deepEqual(problems.violations, []);
  await page.close();
});
