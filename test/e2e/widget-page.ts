/**
 * A site as a user of the widget builds it: one page that loads the built bundle with a plain
 * `<script src>` and listens for the element's events, served with the local GoTrue behind a
 * fault proxy. Tests drive it in Chromium and read what a user sees, what the page heard and
 * what is stored. A failed test leaves a screenshot and the page's console in test-results/.
 */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, recordProblems, saveFailure, type PageProblems } from './browser.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { buildScriptTag, removeDir, startSite, type Site } from './site.js';

export const PASSWORD = 'correct horse battery staple';

/** The page: the element, a line that says who is logged in, and a log of every `gotrue:*` event. */
export const WIDGET_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Widget site</title>
    <link rel="icon" href="data:," />
    <script src="/gotrue-auth.js"></script>
    <script>
      // Listening before the element is parsed: its gotrue:init comes a microtask after it connects.
      window.pageEvents = [];
      for (const type of ['init', 'login', 'logout', 'user', 'token', 'error']) {
        document.addEventListener('gotrue:' + type, (event) => {
          const who = document.getElementById('who');
          const detail = event.detail || {};
          window.pageEvents.push({ type, method: detail.method, reason: detail.reason, code: detail.code, email: detail.user && detail.user.email });
          if (type === 'login' || type === 'init' || type === 'user') who.textContent = detail.user ? 'Logged in as ' + detail.user.email : 'Not logged in.';
          if (type === 'logout') who.textContent = 'Logged out (' + detail.reason + ').';
        });
      }
    </script>
  </head>
  <body>
    <p id="who">Nobody yet.</p>
    <gotrue-auth id="auth"></gotrue-auth>
  </body>
</html>`;

/** The same page with a section only members see, at /members.html; in French at /fr.html. */
export const MEMBERS_PAGE = WIDGET_PAGE.replace(
  '</body>',
  `<gotrue-gate roles="member">
      <p id="members-only">Welcome to the members' corner.</p>
      <p slot="fallback" id="not-a-member">Members only.</p>
    </gotrue-gate>
  </body>`,
);

export interface WidgetSite {
  site: Site;
  proxy: FaultProxy;
  browser: Browser;
  /** The page's address, through the proxy. */
  url: string;
  close(): Promise<void>;
}

let bundle: { dir: string; users: number } | undefined;

/**
 * Builds the bundle (once per test file), starts GoTrue (with `env`, and the functions of the
 * `functions` folder when given) behind the fault proxy, and launches Chromium.
 */
export async function startWidgetSite(
  env: Record<string, string> = {},
  options: { functions?: string } = {},
): Promise<WidgetSite> {
  bundle ??= { dir: buildScriptTag(), users: 0 };
  bundle.users++;
  const bundleDir = bundle.dir;
  let proxy: FaultProxy | undefined;
  let site: Site | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await proxy?.close();
    await site?.close();
    if (bundle && --bundle.users === 0) {
      removeDir(bundleDir);
      bundle = undefined;
    }
  };
  try {
    proxy = await startFaultProxy();
    site = await startSite({
      bundleDir,
      pages: {
        '/site.html': WIDGET_PAGE,
        '/members.html': MEMBERS_PAGE,
        '/fr.html': WIDGET_PAGE.replace('<html lang="en">', '<html lang="fr">'),
      },
      env: { GOTRUE_SITE_URL: `${proxy.url}/site.html`, ...env },
      ...options,
    });
    proxy.upstream = site.url;
    browser = await launchBrowser();
  } catch (error) {
    // A server left listening would keep the test process from ever ending.
    await close();
    throw error;
  }
  return { site, proxy, browser, url: `${proxy.url}/site.html`, close };
}

export interface Tab {
  page: Page;
  problems: PageProblems;
}

/** A tab of `context` (default: a fresh browser context) on the site's page, or on `url`. */
export async function openTab(
  widget: WidgetSite,
  options: { context?: BrowserContext; url?: string } = {},
): Promise<Tab> {
  const context = options.context ?? (await widget.browser.newContext());
  const page = await context.newPage();
  const problems = await recordProblems(page);
  await page.goto(options.url ?? widget.url);
  await page.waitForFunction(() => customElements.get('gotrue-auth') !== undefined);
  return { page, problems };
}

/**
 * Runs a test's body; when it fails, saves the screenshot and console of each tab it opened.
 * `tabs` is read at failure time, so tabs opened inside the body count.
 */
export async function withArtifacts(t: TestContext, tabs: Tab[], body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    for (const [index, tab] of tabs.entries()) {
      if (!tab.page.isClosed()) t.diagnostic(`saved ${await saveFailure(`${t.name}-${index}`, tab.page)}`);
    }
    throw error;
  }
}

export function dialog(page: Page) {
  return page.locator('#auth').getByRole('dialog');
}

/** What the page's listeners heard, in order. */
export function pageEvents(
  page: Page,
): Promise<{ type: string; method?: string; reason?: string; code?: string; email?: string }[]> {
  return page.evaluate(() => (window as unknown as { pageEvents: never[] }).pageEvents);
}

export function stored(
  page: Page,
  area: 'localStorage' | 'sessionStorage' = 'localStorage',
): Promise<{ email: string; token: { refresh_token: string } } | null> {
  return page.evaluate((which) => JSON.parse(window[which].getItem('gotrue.user') ?? 'null'), area);
}

export async function waitForWho(page: Page, text: string | RegExp): Promise<void> {
  await page.locator('#who').filter({ hasText: text }).waitFor();
}

export function uniqueEmail(tag: string): string {
  return `${tag}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
}

export interface Mail {
  to: string;
  kind: string;
  link: string;
  token: string;
}

/** The newest mail of `kind` to `to` in the local outbox. */
export async function mailTo(widget: WidgetSite, to: string, kind: string): Promise<Mail> {
  const mails = (await (await fetch(`${widget.site.url}/.netlify/identity/_outbox/messages`)).json()) as Mail[];
  const mail = mails.filter((message) => message.to === to && message.kind === kind).pop();
  assert.ok(mail, `a ${kind} mail to ${to}`);
  return mail;
}

/** A link from a mail, opened on the site's page behind the proxy. */
export function throughProxy(widget: WidgetSite, link: string): string {
  const url = new URL(link);
  return `${widget.url}${url.search}${url.hash}`;
}

/** A confirmed user, signed up through the API as a site's own backend might. */
export async function confirmedUser(
  widget: WidgetSite,
  tag: string,
  data: Record<string, unknown> = {},
): Promise<string> {
  const email = uniqueEmail(tag);
  const api = `${widget.site.url}/.netlify/identity`;
  const signup = await fetch(`${api}/signup`, {
    method: 'POST',
    body: JSON.stringify({ email, password: PASSWORD, data }),
  });
  assert.equal(signup.status, 200, 'signup');
  const body = (await signup.json()) as { confirmed_at?: string };
  if (!body.confirmed_at) {
    const mail = await mailTo(widget, email, 'confirmation');
    const verify = await fetch(`${api}/verify`, {
      method: 'POST',
      body: JSON.stringify({ type: 'signup', token: mail.token }),
    });
    assert.equal(verify.status, 200, 'confirmation');
  }
  return email;
}

/** Logs in through the element's own form, as a user would. */
export async function logIn(
  page: Page,
  email: string,
  options: { remember?: boolean; password?: string } = {},
): Promise<void> {
  await page.evaluate(() =>
    (document.getElementById('auth') as HTMLElement & { open(view: string): Promise<void> }).open('login'),
  );
  const form = dialog(page);
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password', { exact: true }).fill(options.password ?? PASSWORD);
  if (options.remember === false) await form.getByLabel('Remember me').uncheck();
  await form.getByRole('button', { name: 'Log in', exact: true }).click();
}
