/**
 * netlify-identity.js, the drop-in for netlify-identity-widget's script tag, in Chromium against
 * the local GoTrue: a page written for the widget's documented API runs on it unchanged, and a
 * session left by the real widget (netlify-identity-widget 2.0.3 from node_modules) is picked up
 * by the drop-in on the same origin, and the other way round.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, recordProblems, saveFailure, type PageProblems } from './browser.js';
import { buildScriptTag, ROOT, removeDir, startSite, type Site } from './site.js';

const PASSWORD = 'correct horse battery staple';
const REFERENCE = join(ROOT, 'node_modules/netlify-identity-widget/build/netlify-identity-widget.js');

/**
 * A site written against the widget's README: the script tag, a menu and a button, callbacks for
 * every event, and a call to the site's own API with `currentUser().jwt()`. `before` runs first
 * in the page (the widget needs to be told its site on a local host).
 */
function sitePage(script: string, before = ''): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Members</title>
    <link rel="icon" href="data:," />
    ${before}
    <script src="${script}"></script>
  </head>
  <body>
    <nav><div data-netlify-identity-menu></div></nav>
    <div data-netlify-identity-button>Members area</div>
    <p id="who">Loading…</p>
    <script>
      window.heard = [];
      const who = document.getElementById('who');
      netlifyIdentity.on('init', (user) => {
        heard.push('init ' + (user ? user.email : 'null'));
        who.textContent = user ? 'Welcome back, ' + user.email : 'Not logged in';
      });
      netlifyIdentity.on('login', (user) => {
        heard.push('login ' + user.email);
        who.textContent = 'Hello, ' + user.email;
        netlifyIdentity.close();
      });
      netlifyIdentity.on('logout', () => {
        heard.push('logout');
        who.textContent = 'Goodbye';
      });
      netlifyIdentity.on('open', (page) => heard.push('open ' + page));
      netlifyIdentity.on('close', () => heard.push('close'));
      netlifyIdentity.on('error', (error) => heard.push('error ' + error.message));
      // What a site does with the token: call its own API.
      window.whoAmI = async () => {
        const jwt = await netlifyIdentity.currentUser().jwt();
        const response = await fetch('/.netlify/identity/user', { headers: { Authorization: 'Bearer ' + jwt } });
        return (await response.json()).email;
      };
    </script>
  </body>
</html>`;
}

/** On 127.0.0.1 the widget asks for the site's URL once and keeps it here; a developer's browser has it. */
const TELL_REFERENCE_ITS_SITE = `<script>localStorage.setItem('netlifySiteURL', location.origin);</script>`;

/** The widget's module-style setup: `init(options)` called by the page before the script tag's own call. */
const OPTIONS_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Mitglieder</title>
    <link rel="icon" href="data:," />
    <script src="/netlify-identity.js"></script>
  </head>
  <body>
    <div data-netlify-identity-menu></div>
    <div id="modal-home"></div>
    <script>
      netlifyIdentity.init({
        container: '#modal-home',
        locale: 'de',
        namePlaceholder: 'Vollständiger Name',
        logo: '/logo.svg',
      });
    </script>
  </body>
</html>`;

let bundleDir: string;
let site: Site;
let browser: Browser;

before(async () => {
  bundleDir = buildScriptTag();
  site = await startSite({
    bundleDir,
    env: { GOTRUE_MAILER_AUTOCONFIRM: 'true' },
    pages: {
      '/netlify-identity.js': readFileSync(join(bundleDir, 'netlify-identity.js'), 'utf8'),
      '/netlify-identity-widget.js': readFileSync(REFERENCE, 'utf8'),
      '/ours.html': sitePage('/netlify-identity.js'),
      '/reference.html': sitePage('/netlify-identity-widget.js', TELL_REFERENCE_ITS_SITE),
      '/options.html': OPTIONS_PAGE,
      '/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>',
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
  if (bundleDir) removeDir(bundleDir);
});

interface Tab {
  page: Page;
  problems: PageProblems;
}

/**
 * Runs `body` in a fresh browser context (empty storage) on one of the site's pages; when it
 * fails, saves the screenshot and console as `name`.
 */
async function onSite(name: string, path: string, body: (tab: Tab) => Promise<void>): Promise<void> {
  const page = await (await browser.newContext()).newPage();
  const problems = await recordProblems(page);
  try {
    await page.goto(`${site.url}${path}`);
    await body({ page, problems });
  } catch (error) {
    if (!page.isClosed()) await saveFailure(name, page);
    throw error;
  } finally {
    await page.context().close();
  }
}

let counter = 0;
async function confirmedUser(): Promise<string> {
  const email = `compat-${Date.now().toString(36)}-${++counter}@example.com`;
  const response = await fetch(`${site.url}/.netlify/identity/signup`, {
    method: 'POST',
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  assert.equal(response.status, 200, 'signup (autoconfirmed)');
  return email;
}

const who = (page: Page, text: string) => page.locator('#who').filter({ hasText: text }).waitFor();
const heard = (page: Page) => page.evaluate(() => (window as unknown as { heard: string[] }).heard);
const stored = (page: Page) =>
  page.evaluate(() => JSON.parse(localStorage.getItem('gotrue.user') ?? 'null') as Record<string, unknown> | null);
const dialog = (page: Page) => page.locator('#netlify-identity-widget').getByRole('dialog');

/** Logs in through the drop-in's dialog, as a user would. */
async function logInOnOurs(page: Page, email: string): Promise<void> {
  await page.locator('.netlify-identity-menu .netlify-identity-login').click();
  await dialog(page).getByLabel('Email').fill(email);
  await dialog(page).getByLabel('Password', { exact: true }).fill(PASSWORD);
  await dialog(page).getByRole('button', { name: 'Log in', exact: true }).click();
}

test('a page written for netlify-identity-widget logs in, calls its API with jwt(), updates the user and logs out on the drop-in', () =>
  onSite('compat-login', '/ours.html', async ({ page, problems }) => {
    const email = await confirmedUser();
    await who(page, 'Not logged in');
    assert.equal(await page.evaluate(() => window.netlifyIdentity!.currentUser()), null, 'nobody before login');
    // The menu the widget renders, with its class names, logged out.
    assert.deepEqual(await page.locator('.netlify-identity-menu button').allTextContents().then(trim), [
      'Sign up',
      'Log in',
    ]);

    await logInOnOurs(page, email);
    await who(page, `Hello, ${email}`);
    await dialog(page).waitFor({ state: 'hidden' });
    await page.locator('.netlify-identity-user').filter({ hasText: email }).waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { whoAmI(): Promise<string> }).whoAmI()), email);
    const user = await page.evaluate(() => {
      const { id, email, token, app_metadata, user_metadata } = window.netlifyIdentity!.currentUser()!;
      return { id, email, token, app_metadata, user_metadata };
    });
    assert.equal(user.email, email);
    assert.match(user.id, /^[0-9a-f-]{36}$/);
    assert.equal(typeof user.token.access_token, 'string');
    assert.ok(user.token.expires_at > Date.now(), 'expires_at in milliseconds');
    assert.deepEqual(user.app_metadata, { provider: 'email' });
    assert.equal((await stored(page))?.email, email, 'the session is where the widget keeps it');
    assert.equal(
      await page.evaluate(() => window.netlifyIdentity!.refresh(true).then((jwt) => jwt.split('.').length)),
      3,
    );

    // user.update() saves metadata; the menu shows the new name.
    const updated = await page.evaluate(() =>
      window.netlifyIdentity!.currentUser()!.update({ data: { full_name: 'Ada Lovelace' } }),
    );
    assert.equal(updated.user_metadata.full_name, 'Ada Lovelace');
    await page.locator('.netlify-identity-user').filter({ hasText: 'Ada Lovelace' }).waitFor();

    await page.locator('.netlify-identity-menu .netlify-identity-logout').click();
    await who(page, 'Goodbye');
    assert.equal(await page.evaluate(() => window.netlifyIdentity!.currentUser()), null);
    assert.equal(await stored(page), null);
    await page.locator('.netlify-identity-menu .netlify-identity-login').waitFor();
    assert.deepEqual(await heard(page), ['init null', 'open login', 'close', `login ${email}`, 'logout']);
    assert.deepEqual(problems.errors, []);
  }));

test('open("signup", metadata) signs up and logs in with the metadata; a wrong password reaches on("error")', () =>
  onSite('compat-signup', '/ours.html', async ({ page }) => {
    const email = `compat-signup-${Date.now().toString(36)}@example.com`;
    await who(page, 'Not logged in');

    await page.evaluate(() => window.netlifyIdentity!.open('login'));
    await dialog(page).getByLabel('Email').fill(email);
    await dialog(page).getByLabel('Password', { exact: true }).fill('not the password');
    await dialog(page).getByRole('button', { name: 'Log in', exact: true }).click();
    await page.waitForFunction(() =>
      (window as unknown as { heard: string[] }).heard.some((line) => /^error /.test(line)),
    );
    await page.evaluate(() => window.netlifyIdentity!.close());
    await dialog(page).waitFor({ state: 'hidden' });

    await page.evaluate(() => window.netlifyIdentity!.open('signup', { plan: 'pro' }));
    await dialog(page).getByLabel('Name').fill('Grace Hopper');
    await dialog(page).getByLabel('Email').fill(email);
    await dialog(page).getByLabel('Password', { exact: true }).fill(PASSWORD);
    await dialog(page).getByRole('button', { name: 'Sign up', exact: true }).click();
    await who(page, `Hello, ${email}`);
    const metadata = await page.evaluate(() => window.netlifyIdentity!.currentUser()!.user_metadata);
    assert.deepEqual(metadata, { full_name: 'Grace Hopper', plan: 'pro' });

    // The widget's button keeps the page's own label; logged in, it opens the account view.
    const button = page.locator('[data-netlify-identity-button] .netlify-identity-button');
    assert.equal((await button.textContent())?.trim(), 'Members area');
    await button.click();
    await dialog(page).getByRole('heading', { name: 'Your account' }).waitFor();
    const lines = await heard(page);
    assert.deepEqual(lines.slice(0, 2), ['init null', 'open login']);
    assert.match(lines[2] ?? '', /^error .+/);
    assert.deepEqual(lines.slice(3), ['close', 'open signup', 'close', `login ${email}`, 'open user']);
    await assert.rejects(
      page.evaluate(() => window.netlifyIdentity!.open('settings')),
      /Invalid action for open: settings/,
    );
  }));

test('a session left by netlify-identity-widget is picked up by the drop-in: init has the user, login does not fire', () =>
  onSite('compat-from-reference', '/reference.html', async ({ page }) => {
    const email = await confirmedUser();
    await who(page, 'Not logged in');
    // The real widget's own form, in its iframe.
    await page.evaluate(() => window.netlifyIdentity!.open('login'));
    const frame = page.frameLocator('#netlify-identity-widget');
    await frame.locator('input[name="email"]').fill(email);
    await frame.locator('input[name="password"]').fill(PASSWORD);
    await frame.locator('button[type="submit"]').click();
    await who(page, `Hello, ${email}`);
    assert.equal((await stored(page))?.email, email, 'the widget stored its session');

    await page.goto(`${site.url}/ours.html`);
    await who(page, `Welcome back, ${email}`);
    assert.deepEqual(await heard(page), [`init ${email}`], 'a restored session is not a login');
    assert.equal(await page.evaluate(() => (window as unknown as { whoAmI(): Promise<string> }).whoAmI()), email);
    await page.locator('.netlify-identity-user').filter({ hasText: email }).waitFor();
    await page.locator('.netlify-identity-menu .netlify-identity-logout').click();
    await who(page, 'Goodbye');
    assert.equal(await stored(page), null);
  }));

test('a session left by the drop-in is picked up by netlify-identity-widget', () =>
  onSite('compat-to-reference', '/ours.html', async ({ page }) => {
    const email = await confirmedUser();
    await who(page, 'Not logged in');
    await logInOnOurs(page, email);
    await who(page, `Hello, ${email}`);

    await page.goto(`${site.url}/reference.html`);
    // The widget announces a restored session twice: init with the user, then a login.
    await who(page, `Hello, ${email}`);
    assert.deepEqual(await heard(page), [`init ${email}`, `login ${email}`]);
    assert.equal(await page.evaluate(() => (window as unknown as { whoAmI(): Promise<string> }).whoAmI()), email);
  }));

test('init() options: container, locale, namePlaceholder and logo; a later init() and setLocale() apply; nf_jwt follows the session; gotrue', () =>
  onSite('compat-options', '/options.html', async ({ page, problems }) => {
    const email = await confirmedUser();
    const menu = page.locator('.netlify-identity-menu button');
    await menu.filter({ hasText: 'Anmelden' }).waitFor();
    assert.deepEqual(trim(await menu.allTextContents()), ['Registrieren', 'Anmelden']);
    assert.equal(await page.locator('#modal-home > gotrue-auth#netlify-identity-widget').count(), 1);
    // A callback added after init fired still hears it.
    const late = await page.evaluate(
      () => new Promise((resolve) => window.netlifyIdentity!.on('init', (user) => resolve(user ? user.email : null))),
    );
    assert.equal(late, null);

    await page.evaluate(() => window.netlifyIdentity!.open('signup'));
    await dialog(page).getByRole('heading', { name: 'Registrieren' }).waitFor();
    await dialog(page).getByLabel('Vollständiger Name').waitFor();
    assert.equal(await dialog(page).locator('img').getAttribute('src'), '/logo.svg');
    await page.evaluate(() => window.netlifyIdentity!.close());

    // The widget ignored init() once it had run; the drop-in applies the new options.
    await page.evaluate(() => window.netlifyIdentity!.init({ locale: 'fr' }));
    await menu.filter({ hasText: 'Se connecter' }).waitFor();
    await page.evaluate(() => window.netlifyIdentity!.setLocale('en'));
    await menu.filter({ hasText: 'Log in' }).waitFor();

    await logInOnOurs(page, email);
    await page.locator('.netlify-identity-user').filter({ hasText: email }).waitFor();
    const cookie = async () => (await page.context().cookies()).find((entry) => entry.name === 'nf_jwt');
    assert.equal((await cookie())?.value, await page.evaluate(() => window.netlifyIdentity!.refresh()));
    await page.evaluate(() => window.netlifyIdentity!.logout());
    assert.equal(await cookie(), undefined, 'nf_jwt is removed with the session');

    // `gotrue`: the client calls that need no session, for a site's own forms.
    const viaClient = await page.evaluate(async (address) => {
      const gotrue = window.netlifyIdentity!.gotrue;
      const settings = await gotrue.settings();
      const user = await gotrue.signup(address, 'another good password', { full_name: 'Via Client' });
      await gotrue.requestPasswordRecovery(address);
      return { autoconfirm: settings.autoconfirm, email: user.email, current: gotrue.currentUser() };
    }, `client-${email}`);
    assert.deepEqual(viaClient, { autoconfirm: true, email: `client-${email}`, current: null });

    await assert.rejects(
      page.evaluate(() => window.netlifyIdentity!.init({ cookieDomain: '.example.com; path=/admin' })),
      /cookieDomain must not contain semicolons/,
    );
    assert.deepEqual(problems.errors, []);
  }));

function trim(lines: string[]): string[] {
  return lines.map((line) => line.trim());
}
