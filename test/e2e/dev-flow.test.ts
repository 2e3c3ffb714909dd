/**
 * What `npm run dev` gives a newcomer: the demo and the local server on one origin. Signing up in
 * the widget puts a confirmation mail in the outbox; clicking its link logs the user in, and
 * no token is left in the address bar.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { launchBrowser, recordProblems } from './browser.js';
import { ROOT, removeDir } from './site.js';

const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js');

interface OutboxMessage {
  to: string;
  subject: string;
  kind: string;
  link: string;
  token: string;
}

let dataDir: string;
let server: ViteDevServer;
let url: string;
let browser: Browser;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gotrue-auth-dev-'));
  // vite.config.ts reads this when the config is loaded, i.e. inside createServer.
  process.env.GOTRUE_AUTH_DATA_DIR = dataDir;
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
  delete process.env.GOTRUE_AUTH_DATA_DIR;
  if (dataDir) removeDir(dataDir);
});

async function outbox(): Promise<OutboxMessage[]> {
  const response = await fetch(`${url}/.netlify/identity/_outbox/messages`);
  assert.equal(response.status, 200);
  return (await response.json()) as OutboxMessage[];
}

/** Signs `email` up through the API (as the widget would) and returns its confirmation mail. */
async function signUpForMail(email: string, password: string): Promise<OutboxMessage> {
  const signup = await fetch(`${url}/.netlify/identity/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(signup.status, 200);
  const mail = (await outbox()).filter((message) => message.to === email).pop();
  assert.ok(mail, `no mail for ${email}`);
  return mail;
}

test('the dev server prints where the outbox is', () => {
  const lines: string[] = [];
  const info = server.config.logger.info;
  server.config.logger.info = (line) => lines.push(line);
  try {
    server.printUrls();
  } finally {
    server.config.logger.info = info;
  }
  assert.ok(
    lines.some((line) => line.includes(`${url}/.netlify/identity/_outbox`)),
    lines.join('\n'),
  );
});

test('signing up in the demo mails a confirmation link that logs the user in', async () => {
  const email = `newcomer-${Date.now()}@example.com`;
  const page = await browser.newPage();
  const problems = await recordProblems(page);
  await page.goto(url);

  await page.click('button[data-open="signup"]');
  const dialog = page.locator('#auth').getByRole('dialog');
  await dialog.getByLabel('Name').fill('Ada Newcomer');
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
  await dialog.getByRole('button', { name: 'Sign up', exact: true }).click();
  await dialog.getByText(`We sent a confirmation link to ${email}`).waitFor();

  const mail = (await outbox()).filter((message) => message.to === email).pop();
  assert.ok(mail, 'a mail to the new address is in the outbox');
  assert.equal(mail.kind, 'confirmation');
  assert.equal(mail.link, `${url}/#confirmation_token=${mail.token}`);

  // The visitor's way: the outbox page, then the link in the mail.
  await page.goto(`${url}/.netlify/identity/_outbox`);
  await page.locator(`a[href="${mail.link}"]`).first().click();

  await page
    .getByTestId('user-status')
    .filter({ hasText: `Logged in as Ada Newcomer <${email}>` })
    .waitFor();
  const login = page.getByTestId('event-log').locator('li[data-event="gotrue:login"]');
  await login.first().waitFor();
  assert.match(await login.first().innerText(), /"method": "confirmation"/);
  assert.equal(await login.count(), 1, 'one login, from the confirmation link only');

  assert.equal(new URL(page.url()).hash, '', 'no token left in the address bar');
  assert.ok(!page.url().includes(mail.token));
  assert.deepEqual(problems, { violations: [], errors: [] });
  await page.close();
});

test('"Continue with GitHub" goes through the local fake provider and comes back logged in', async () => {
  const page = await browser.newPage();
  const problems = await recordProblems(page);
  await page.goto(url);
  await page.click('button[data-open="login"]');
  await page.locator('#auth').getByRole('dialog').getByRole('button', { name: 'Continue with GitHub' }).click();

  // The server's stand-in for GitHub's consent screen.
  await page.getByLabel('Email', { exact: true }).fill('octocat@example.com');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();

  await page.getByTestId('user-status').filter({ hasText: 'octocat@example.com' }).waitFor();
  const login = page.getByTestId('event-log').locator('li[data-event="gotrue:login"]');
  assert.match(await login.first().innerText(), /"method": "external"/);
  assert.equal(new URL(page.url()).hash, '', 'no access token left in the address bar');
  assert.deepEqual(problems, { violations: [], errors: [] });
  await page.close();
});

test('identity-signup makes @members.test users members: the members page opens and the function sees the role', async () => {
  const email = `ada-${Date.now()}@members.test`;
  const mail = await signUpForMail(email, 'correct horse battery staple');

  const page = await browser.newPage();
  const problems = await recordProblems(page);
  await page.goto(mail.link);
  await page.getByTestId('user-status').filter({ hasText: '(roles: member)' }).waitFor();
  // The dialog confirms the address; closing it gives the page back.
  await page.keyboard.press('Escape');
  await page.locator('#auth').getByRole('dialog').waitFor({ state: 'hidden' });

  await page.click('#call-function');
  await page
    .locator('#function-result')
    .filter({ hasText: `200: the function sees ${email} (roles: member)` })
    .waitFor();

  await page.goto(`${url}/demo/members.html`);
  await page.getByRole('heading', { name: 'Welcome, member' }).waitFor();
  assert.equal(await page.locator('#members-denied').isVisible(), false);
  assert.deepEqual(problems, { violations: [], errors: [] });
  await page.close();
});

test('the options instance logs in for this tab only, then follows its same-origin redirect', async () => {
  const email = `opt-${Date.now()}@members.test`;
  const mail = await signUpForMail(email, 'pw-options');
  const token = new URL(mail.link).hash.split('=')[1];
  await fetch(`${url}/.netlify/identity/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'signup', token }),
  });

  const page = await browser.newPage();
  const problems = await recordProblems(page);
  await page.goto(url);
  await page.click('#options-login');
  const dialog = page.locator('#options-auth').getByRole('dialog');
  // remember="false": no "Remember me" box; providers="github": only that button.
  assert.equal(await dialog.getByLabel('Remember me').count(), 0);
  assert.deepEqual(
    (await dialog.locator('.gotrue-auth-provider').allTextContents()).map((text) => text.trim()),
    ['Continue with GitHub'],
  );
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByLabel('Password', { exact: true }).fill('pw-options');
  await dialog.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${url}/demo/members.html`);
  await page.getByRole('heading', { name: 'Welcome, member' }).waitFor();
  // Not remembered: the session sits in sessionStorage, not localStorage.
  assert.equal(await page.evaluate(() => localStorage.getItem('gotrue.user')), null);
  assert.notEqual(await page.evaluate(() => sessionStorage.getItem('gotrue.user')), null);
  assert.deepEqual(problems, { violations: [], errors: [] });
  await page.close();
});

test('the members page stays closed to visitors and to users without the role', async () => {
  const page = await browser.newPage();
  await page.goto(`${url}/demo/members.html`);
  await page.getByTestId('members-status').filter({ hasText: 'Log in to see' }).waitFor();
  assert.equal(await page.locator('#members-content').isVisible(), false);

  const email = `bob-${Date.now()}@example.com`;
  const mail = await signUpForMail(email, 'correct horse battery staple');
  await page.goto(mail.link.replace(`${url}/`, `${url}/demo/members.html`));
  await page.getByTestId('members-status').filter({ hasText: 'You do not have the "member" role yet.' }).waitFor();
  assert.equal(await page.locator('#members-content').isVisible(), false);
  assert.equal(await page.getByRole('heading', { name: 'How to become a member locally' }).isVisible(), true);
  await page.close();
});

test("the demo's language picker and dark-mode switch restyle and translate every instance", async () => {
  const page = await browser.newPage();
  const problems = await recordProblems(page);
  await page.goto(url);
  await page.selectOption('#locale', 'fr');
  await page.click('#toggle-dark');
  assert.equal(await page.locator('gotrue-auth[theme="dark"]').count(), await page.locator('gotrue-auth').count());

  await page.click('button[data-open="login"]');
  const dialog = page.locator('#auth').getByRole('dialog');
  await dialog.getByRole('heading', { name: 'Connexion' }).waitFor();
  await dialog.getByLabel('Mot de passe', { exact: true }).waitFor();
  // Ids the French catalogue leaves out fall back to English instead of showing an id.
  assert.doesNotMatch(await dialog.innerText(), /\b(title|field|action|link|notice|error)\.\w+/);
  assert.deepEqual(problems, { violations: [], errors: [] });
  await page.close();
});

test('the demo page and its dialogs pass axe in light and dark', async () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    const page = await browser.newPage({ colorScheme });
    await page.goto(url);
    await page.waitForFunction(() => customElements.get('gotrue-auth'));
    await page.addScriptTag({ path: AXE });
    const violations = () =>
      page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run(
                context: Document,
                options: object,
              ): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }>;
            };
          }
        ).axe;
        // The demo shows two inline instances, both titled "Log in"; a real page has one.
        const result = await axe.run(document, { rules: { 'landmark-unique': { enabled: false } } });
        return result.violations.map(
          (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
        );
      });
    assert.deepEqual(await violations(), [], `${colorScheme} page`);
    for (const view of ['login', 'signup', 'forgot']) {
      await page.click(`button[data-open="${view}"]`);
      await page.locator('#auth dialog[open]').waitFor();
      assert.deepEqual(await violations(), [], `${colorScheme} ${view} dialog`);
      await page.keyboard.press('Escape');
      await page.locator('#auth dialog[open]').waitFor({ state: 'detached' });
    }
    await page.close();
  }
});
