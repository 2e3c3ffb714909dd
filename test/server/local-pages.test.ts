// The local server's own pages (the outbox and the stand-in provider's consent page) on a 375 px
// phone in Chromium: laid out for the phone's width with nothing to scroll sideways, long addresses
// wrapped and prose never cut mid-word, drawn like the widget in light and dark, with the
// provider's proper name and buttons that say whom they continue as. Pictures of each page go to
// screenshots/local-pages/ (ignored by git).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/server/index.js';
// @ts-expect-error: a plain .mjs script without type declarations.
import { CHROMIUM_ARGS, findChrome } from '../../scripts/find-chrome.mjs';

const SHOTS = fileURLToPath(new URL('../../screenshots/local-pages', import.meta.url));
const SITE = 'http://localhost:8888';
const LONG_EMAIL = 'ada.lovelace.countess.of.lovelace.and.first.programmer@analytical-engine.example.com';
const LONG_GITHUB_EMAIL = 'grace.brewster.murray.hopper.rear.admiral.and.compiler.pioneer@navy.example.com';

let server: RunningServer;
let browser: Browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer({
    quiet: true,
    useProcessEnv: false,
    env: {
      GOTRUE_SITE_URL: SITE,
      GOTRUE_BCRYPT_COST: '4',
      GOTRUE_EXTERNAL_GITHUB_ENABLED: 'true',
      GOTRUE_EXTERNAL_GITLAB_ENABLED: 'true',
      GOTRUE_MAILER_SUBJECTS_INVITE: 'You are invited <img src=x id=injected>',
    },
  });
  const executablePath = (findChrome() as string | undefined) ?? '/usr/bin/chromium';
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS as string[] });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A phone: 375 px wide, and, like a phone's browser, it lays a page out 980 px wide unless told otherwise. */
async function phone(colorScheme: 'light' | 'dark'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    colorScheme,
  });
  // The site the provider flow returns to is not running: answer for it.
  await context.route(`${SITE}/**`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>site</title>' }),
  );
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

interface Layout {
  clientWidth: number;
  scrollWidth: number;
  breakAll: string[];
  anywhere: string[];
  font: string;
  background: string;
  color: string;
}

/** What the phone shows: widths, which elements may break words anywhere, and the page's colours. */
function layout(page: Page): Promise<Layout> {
  // No named functions inside: the test's TypeScript compiler would wrap them in a helper the page lacks.
  return page.evaluate(() => {
    const all = [...document.querySelectorAll<HTMLElement>('body *')].map((el) => ({
      name: `${el.tagName.toLowerCase()}.${el.className}`,
      style: getComputedStyle(el),
    }));
    const body = getComputedStyle(document.body);
    return {
      clientWidth: document.documentElement.clientWidth,
      scrollWidth: document.documentElement.scrollWidth,
      breakAll: all.filter((el) => el.style.wordBreak === 'break-all').map((el) => el.name),
      anywhere: all.filter((el) => el.style.overflowWrap === 'anywhere').map((el) => el.name),
      font: body.fontFamily,
      background: body.backgroundColor,
      color: body.color,
    };
  });
}

function assertPhoneLayout(shown: Layout, where: string): void {
  assert.equal(shown.clientWidth, 375, `${where}: laid out for the phone's width (viewport meta)`);
  assert.ok(
    shown.scrollWidth <= shown.clientWidth,
    `${where}: nothing to scroll sideways (${shown.scrollWidth} > ${shown.clientWidth})`,
  );
  assert.deepEqual(shown.breakAll, [], `${where}: no word is cut anywhere`);
  assert.ok(
    shown.anywhere.every((el) => el.endsWith('.address') || el === 'span.'),
    `${where}: only addresses and links break anywhere: ${shown.anywhere.join(', ')}`,
  );
  assert.match(shown.font, /^system-ui, sans-serif$/, `${where}: the widget's font`);
}

const SCHEMES = { light: 'rgb(255, 255, 255)', dark: 'rgb(17, 24, 39)' } as const;

test('the outbox on a phone: long addresses wrap, nothing scrolls sideways, proper provider names, light and dark', async () => {
  const invite = await fetch(`${server.url}/invite`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.operatorToken}` },
    body: JSON.stringify({ email: LONG_EMAIL }),
  });
  assert.equal(invite.status, 200);
  for (const scheme of ['light', 'dark'] as const) {
    const { context, page } = await phone(scheme);
    try {
      await page.goto(`${server.url}/_outbox`);
      await page.getByRole('heading', { name: 'Outbox' }).waitFor();
      await page.getByText(LONG_EMAIL).waitFor();
      const link = page.getByRole('link', { name: /#invite_token=/ });
      assert.match((await link.getAttribute('href')) ?? '', /^http:\/\/localhost:8888\/#invite_token=[\w-]{22}$/);
      assert.equal(
        await page.getByRole('heading', { name: 'You are invited <img src=x id=injected>' }).count(),
        1,
        'the subject is shown as text',
      );
      assert.equal(await page.locator('#injected').count(), 0, 'and never becomes markup');
      const note = await page.getByRole('note').innerText();
      assert.match(note, /GitHub, GitLab/, 'providers by their proper names');

      const shown = await layout(page);
      assertPhoneLayout(shown, `outbox (${scheme})`);
      assert.equal(shown.background, SCHEMES[scheme], `follows prefers-color-scheme: ${scheme}`);
      await page.screenshot({ path: join(SHOTS, `outbox-${scheme}.png`), fullPage: true });
    } finally {
      await context.close();
    }
  }
});

test('the stand-in consent page on a phone: GitHub by name, "Continue as …" apart from "Use another account", light and dark', async () => {
  const { context, page } = await phone('light');
  try {
    // First time: nobody has come through GitHub yet, so the page asks for an account.
    await page.goto(`${server.url}/authorize?provider=github`);
    await page.getByRole('heading', { name: 'Sign in with GitHub' }).waitFor();
    assert.equal(await page.title(), 'Sign in with GitHub (local stand-in)');
    assert.doesNotMatch(await page.locator('body').innerText(), /\bgithub\b/, 'never the lowercase id');
    const flow = (await context.cookies()).find((c) => c.name === 'gotrue_fake_oauth');
    assert.equal(flow?.httpOnly, true, 'the flow cookie is out of reach of scripts');
    assert.equal(await page.getByRole('button', { name: /^Continue as / }).count(), 0);
    assertPhoneLayout(await layout(page), 'consent, no accounts yet');
    await page.screenshot({ path: join(SHOTS, 'consent-first-light.png'), fullPage: true });
    await page.getByLabel('Email', { exact: true }).fill(LONG_GITHUB_EMAIL);
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.waitForURL(`${SITE}/#access_token=*`);
  } finally {
    await context.close();
  }

  for (const scheme of ['light', 'dark'] as const) {
    const { context: again, page: second } = await phone(scheme);
    try {
      await second.goto(`${server.url}/authorize?provider=github`);
      const known = second.getByRole('button', { name: `Continue as ${LONG_GITHUB_EMAIL}`, exact: true });
      await known.waitFor();
      const another = second.getByRole('button', { name: 'Use another account', exact: true });
      assert.equal(await another.count(), 1, 'the typed-in account has its own label');
      assert.equal(await second.getByRole('button', { name: 'Continue', exact: true }).count(), 0);
      assert.equal(await second.getByRole('button', { name: 'Deny', exact: true }).count(), 1);

      const shown = await layout(second);
      assertPhoneLayout(shown, `consent with an account (${scheme})`);
      assert.equal(shown.background, SCHEMES[scheme], `follows prefers-color-scheme: ${scheme}`);
      const button = await known.evaluate((el) => {
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return { radius: style.borderRadius, height: box.height, width: box.width, font: style.fontFamily };
      });
      assert.equal(button.radius, '8px', "the widget's button corners");
      assert.ok(button.height >= 44, `a 44 px target (${button.height})`);
      assert.ok(button.width <= 375, 'the long address wraps inside the button');
      assert.match(button.font, /system-ui/);
      await second.screenshot({ path: join(SHOTS, `consent-accounts-${scheme}.png`), fullPage: true });
      if (scheme === 'dark') {
        await known.click();
        await second.waitForURL(`${SITE}/#access_token=*`);
      }
    } finally {
      await again.close();
    }
  }
});
