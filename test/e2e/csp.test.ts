/**
 * CSP proof: the built script-tag bundle and the demo page work under the strictest policy a
 * site would set, `default-src 'self'` (no 'unsafe-inline', no 'unsafe-eval'), through every
 * main view, with no violation and no console error.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, recordProblems, type PageProblems } from './browser.js';
import { buildScriptTag, removeDir, startSite, type Site } from './site.js';

const CSP = "default-src 'self'";
const EMAIL = 'csp@example.com';
const PASSWORD = 'correct horse battery staple';

let bundleDir: string;
let site: Site;
let browser: Browser;

before(async () => {
  bundleDir = buildScriptTag();
  site = await startSite({
    bundleDir,
    headers: { 'content-security-policy': CSP },
    env: { GOTRUE_MAILER_AUTOCONFIRM: 'true' },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
  if (bundleDir) removeDir(bundleDir);
});

async function openView(page: Page, view: string, title: string): Promise<void> {
  await page.click(`button[data-open="${view}"]`);
  const dialog = page.locator('#auth').getByRole('dialog');
  await dialog.getByRole('heading', { name: title }).waitFor();
}

async function closeDialog(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.locator('#auth').getByRole('dialog').waitFor({ state: 'hidden' });
}

function assertClean(problems: PageProblems): void {
  assert.deepEqual(problems.violations, [], 'no CSP violations');
  assert.deepEqual(problems.errors, [], 'no console errors');
}

test('the served page really carries the strict policy', async () => {
  const response = await fetch(site.url);
  assert.equal(response.headers.get('content-security-policy'), CSP);
  assert.match(await response.text(), /<script src="\/gotrue-auth\.js"><\/script>/);
});

test("the script-tag bundle registers <gotrue-auth> and every view renders under default-src 'self'", async () => {
  const signup = await fetch(`${site.url}/.netlify/identity/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  assert.equal(signup.status, 200);

  const page = await browser.newPage();
  const problems = await recordProblems(page);
  await page.goto(site.url);
  assert.equal(await page.evaluate(() => typeof customElements.get('gotrue-auth')), 'function');
  // The classic script exposes its exports for pages without a bundler.
  assert.equal(await page.evaluate(() => typeof (window as unknown as { GoTrueAuth?: object }).GoTrueAuth), 'object');

  await openView(page, 'signup', 'Sign up');
  await closeDialog(page);
  await openView(page, 'forgot', 'Reset your password');
  await closeDialog(page);
  await openView(page, 'login', 'Log in');

  const dialog = page.locator('#auth').getByRole('dialog');
  await dialog.getByLabel('Email').fill(EMAIL);
  await dialog.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Log in', exact: true }).click();
  await page
    .getByTestId('user-status')
    .filter({ hasText: `Logged in as ${EMAIL}` })
    .waitFor();

  await openView(page, 'account', 'Your account');
  await closeDialog(page);

  // The inline instances rendered too (same stylesheet, no <style> element needed).
  assert.ok(await page.locator('#inline-auth form').count(), 'inline instance rendered a form');
  assertClean(problems);
  await page.close();
});

async function lastLink(to: string, kind: string): Promise<string> {
  const mails = (await (await fetch(`${site.url}/.netlify/identity/_outbox/messages`)).json()) as Array<{
    to: string;
    kind: string;
    link: string;
  }>;
  const mail = mails.filter((message) => message.to === to && message.kind === kind).pop();
  assert.ok(mail, `a ${kind} mail to ${to}`);
  return mail.link;
}

test('mailed links open the recovery and invite views under the same policy', async () => {
  const recover = await fetch(`${site.url}/.netlify/identity/recover`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: EMAIL }),
  });
  assert.equal(recover.status, 200);
  const invite = await fetch(`${site.url}/.netlify/identity/invite`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${site.operatorToken}` },
    body: JSON.stringify({ email: 'invited@example.com' }),
  });
  assert.equal(invite.status, 200);

  for (const [link, title] of [
    [await lastLink(EMAIL, 'recovery'), 'Set a new password'],
    [await lastLink('invited@example.com', 'invite'), 'Accept your invitation'],
  ] as const) {
    const page = await browser.newPage();
    const problems = await recordProblems(page);
    await page.goto(link);
    await page.locator('#auth').getByRole('dialog').getByRole('heading', { name: title }).waitFor();
    assert.equal(new URL(page.url()).hash, '', 'the token is gone from the address bar');
    assertClean(problems);
    await page.close();
  }
});
