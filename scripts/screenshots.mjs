// `npm run screenshots`: a PNG of every view in light, dark, narrow (phone) and right-to-left layouts, saved to
// screenshots/ (ignored by git), taken from the same dev server `npm run dev` starts.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { CHROMIUM_ARGS, findChrome, installHint } from './find-chrome.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'screenshots');
const PASSWORD = 'correct horse battery staple';

const LAYOUTS = [
  { name: 'light', viewport: { width: 1024, height: 800 }, colorScheme: 'light' },
  { name: 'dark', viewport: { width: 1024, height: 800 }, colorScheme: 'dark' },
  { name: 'narrow', viewport: { width: 360, height: 720 }, colorScheme: 'light', isMobile: true },
  { name: 'rtl', viewport: { width: 1024, height: 800 }, colorScheme: 'dark', dir: 'rtl' },
];

async function startDevServer(dataDir) {
  process.env.GOTRUE_AUTH_DATA_DIR = dataDir;
  const server = await createServer({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
  });
  await server.listen();
  return { server, url: server.resolvedUrls.local[0].replace(/\/$/, '') };
}

async function api(url, path, init = {}) {
  const response = await fetch(`${url}/.netlify/identity${path}`, init);
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

async function lastLink(url, to, kind) {
  const mails = await api(url, '/_outbox/messages');
  const mail = mails.filter((message) => message.to === to && message.kind === kind).pop();
  if (!mail) throw new Error(`no ${kind} mail to ${to} in the outbox`);
  return mail.link;
}

/** A confirmed user, made the way a visitor would: signup, then the link from the outbox. */
async function confirmedUser(url, email) {
  await api(url, '/signup', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD, data: { full_name: 'Ada Lovelace' } }),
  });
  const token = new URL(await lastLink(url, email, 'confirmation')).hash.split('=')[1];
  await api(url, '/verify', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'signup', token }),
  });
}

async function shoot(page, file) {
  await page.screenshot({ path: join(outDir, file), fullPage: false });
  console.log(`screenshots/${file}`);
}

async function openView(page, view) {
  await page.click(`button[data-open="${view}"]`);
  await page.locator('#auth dialog[open]').waitFor();
  // Let the open animation (if any) and fonts settle before the picture.
  await page.evaluate(() => document.fonts.ready);
}

async function closeDialog(page) {
  await page.keyboard.press('Escape');
  await page
    .locator('#auth dialog[open]')
    .waitFor({ state: 'detached' })
    .catch(() => {});
}

async function freshPage(browser, url, layout, path = '/') {
  const context = await browser.newContext({
    viewport: layout.viewport,
    colorScheme: layout.colorScheme,
    isMobile: layout.isMobile ?? false,
  });
  const page = await context.newPage();
  await page.goto(`${url}${path}`);
  // As a right-to-left site's markup would: the element follows the page's direction.
  if (layout.dir) await page.evaluate((dir) => (document.documentElement.dir = dir), layout.dir);
  await page.waitForFunction(() => customElements.get('gotrue-auth'));
  return page;
}

/** A view reached through a mailed link: recovery and invite. */
async function shootMailLink(browser, url, layout, link, title, file) {
  const page = await freshPage(browser, url, layout, new URL(link).pathname + new URL(link).hash);
  await page.locator('#auth dialog[open]').getByRole('heading', { name: title }).waitFor();
  await shoot(page, file);
  await page.context().close();
}

async function shootLayout(browser, url, layout, { email, operatorToken }) {
  const page = await freshPage(browser, url, layout);
  await shoot(page, `${layout.name}-page.png`);
  await page.locator('#providers-auth').screenshot({ path: join(outDir, `${layout.name}-providers-only.png`) });
  console.log(`screenshots/${layout.name}-providers-only.png`);
  await page.click('#toggle-brand');
  await page.locator('#themed').screenshot({ path: join(outDir, `${layout.name}-themed.png`) });
  console.log(`screenshots/${layout.name}-themed.png`);
  await page.click('#toggle-brand');

  for (const view of ['login', 'signup', 'forgot']) {
    await openView(page, view);
    await shoot(page, `${layout.name}-${view}.png`);
    await closeDialog(page);
  }

  await openView(page, 'signup');
  const dialog = page.locator('#auth dialog');
  await dialog.getByLabel('Name').fill('Grace Hopper');
  await dialog.getByLabel('Email').fill(`grace-${layout.name}@example.com`);
  await dialog.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Sign up', exact: true }).click();
  await dialog.getByText('We sent a confirmation link').waitFor();
  await shoot(page, `${layout.name}-signup-sent.png`);
  await closeDialog(page);

  await openView(page, 'login');
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByLabel('Password', { exact: true }).fill('wrong password');
  await dialog.getByRole('button', { name: 'Log in', exact: true }).click();
  await dialog.locator('.gotrue-auth-error:not(:empty)').waitFor();
  await shoot(page, `${layout.name}-login-error.png`);

  await dialog.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.getByTestId('user-status').filter({ hasText: email }).waitFor();
  await openView(page, 'account');
  await shoot(page, `${layout.name}-account.png`);
  await closeDialog(page);
  await page.goto(`${url}/demo/members.html`);
  await page.getByTestId('members-status').filter({ hasText: email }).waitFor();
  await shoot(page, `${layout.name}-members.png`);
  await page.context().close();

  await api(url, '/recover', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  await shootMailLink(
    browser,
    url,
    layout,
    await lastLink(url, email, 'recovery'),
    'Set a new password',
    `${layout.name}-recovery.png`,
  );

  const invitee = `invitee-${layout.name}@example.com`;
  await api(url, '/invite', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${operatorToken}` },
    body: JSON.stringify({ email: invitee }),
  });
  await shootMailLink(
    browser,
    url,
    layout,
    await lastLink(url, invitee, 'invite'),
    'Accept your invitation',
    `${layout.name}-invite.png`,
  );
}

async function main() {
  const executablePath = findChrome();
  if (!executablePath) throw new Error(installHint);
  mkdirSync(outDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'gotrue-auth-shots-'));
  const { server, url } = await startDevServer(dataDir);
  const browser = await chromium.launch({
    executablePath,
    args: CHROMIUM_ARGS,
  });
  try {
    // The local server's operator token, for the admin invite.
    const { loadSecrets } = await server.ssrLoadModule('/src/server/secrets.ts');
    const { operatorToken } = loadSecrets(dataDir);
    for (const layout of LAYOUTS) {
      // One user per layout: /recover answers 429 when asked twice within GOTRUE_SMTP_MAX_FREQUENCY.
      const email = `ada-${layout.name}@example.com`;
      await confirmedUser(url, email);
      await shootLayout(browser, url, layout, { email, operatorToken });
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
