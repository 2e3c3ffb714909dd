// `npm run bench`, widget section: <gotrue-auth> side by side with netlify-identity-widget 2.0.3.
// Two identical static pages each load one widget by its script tag, against the local GoTrue server
// behind a proxy that delays every API request; headless Chromium at a 4x CPU slowdown drives them in
// turn (A B A B ...), and the medians are compared as ratios ours/theirs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { BUDGET_BYTES, buildScriptTag } from './build.mjs';
import { CHROMIUM_ARGS, findChrome, installHint } from './find-chrome.mjs';
import { startBenchSite } from './bench-site.mjs';
import { OPERATOR, startChild } from './bench-server.mjs';
import { printAbovePageTable, printWidgetTable, renderChart, summarise, summariseAbovePage } from './bench-report.mjs';

const HOST = 'bench.localhost';
const PASSWORD = 'bench-widget-pw';
const CPU_SLOWDOWN = 4;
/** How long a step may take at a 4x slowdown on a loaded machine before the run is called failed. */
const STEP_TIMEOUT_MS = 30_000;
/** Their widget never focuses an input: after it shows one, wait this long for focus before saying "never". */
const FOCUS_GRACE_MS = 2_000;
/** Long tasks are summed from navigation start until this long after both `load` and ready. */
const SETTLE_MS = 500;

/** The bench page without a widget: no script tag, an inline mark where the element would be. */
export const BASELINE = { name: 'none', element: "<script>bench.mark('ready')</script>" };

export const WIDGETS = [
  { name: 'ours', label: '<gotrue-auth>', file: 'gotrue-auth.js', element: '<gotrue-auth></gotrue-auth>', frame: null },
  {
    name: 'theirs',
    label: 'netlify-identity-widget 2.0.3',
    file: 'netlify-identity-widget.js',
    element: '',
    frame: '#netlify-identity-widget',
  },
];

async function admin(api, method, path, body) {
  const answer = await fetch(`${api}${path}`, {
    method,
    headers: { Authorization: `Bearer ${OPERATOR}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!answer.ok) throw new Error(`${method} ${path}: ${answer.status} ${await answer.text()}`);
  return answer.json();
}

/** A stored session in the `gotrue.user` format both widgets read, freshly issued for `email`. */
async function storedSession(api, origin, email) {
  const answer = await fetch(`${api}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `grant_type=password&username=${encodeURIComponent(email)}&password=${PASSWORD}`,
  });
  if (!answer.ok) throw new Error(`login of ${email} failed: ${answer.status}`);
  const token = await answer.json();
  const user = await (
    await fetch(`${api}/user`, { headers: { Authorization: `Bearer ${token.access_token}` } })
  ).json();
  const { exp } = JSON.parse(Buffer.from(token.access_token.split('.')[1], 'base64url').toString('utf8'));
  return {
    ...user,
    url: `${origin}/.netlify/identity`,
    token: { ...token, expires_at: exp * 1000 },
  };
}

async function throttledPage(context) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  return { page, cdp };
}

const waitForMark = (page, name, timeout = STEP_TIMEOUT_MS) =>
  page.waitForFunction((n) => n in window.bench.marks(), name, { timeout, polling: 'raf' });

/**
 * The same page with no widget at all, marking "ready" where the parser reaches the element's place:
 * what the browser spends on the page itself, which both widgets' figures include.
 */
async function runBaseline(browser, site) {
  const context = await browser.newContext();
  try {
    const { page, cdp } = await throttledPage(context);
    await page.goto(`http://${HOST}:${site.port}/${BASELINE.name}/`, { waitUntil: 'load', timeout: STEP_TIMEOUT_MS });
    await waitForMark(page, 'ready');
    await page.waitForTimeout(SETTLE_MS);
    const { marks, longTasks } = await page.evaluate(() => ({
      marks: window.bench.marks(),
      longTasks: window.bench.longTasks(),
    }));
    await cdp.send('HeapProfiler.collectGarbage');
    return {
      ready: marks.ready,
      longTaskMs: longTasks.ms,
      heapBytes: (await cdp.send('Runtime.getHeapUsage')).usedSize,
    };
  } finally {
    await context.close();
  }
}

/** One run of one widget: a first visit, a login, then a return visit in two tabs and a token refresh. */
async function runOnce(browser, widget, site, env) {
  const url = `http://${HOST}:${site.port}/${widget.name}/`;
  const result = {};
  const root = (page) => (widget.frame ? page.frameLocator(widget.frame) : page.locator('gotrue-auth'));

  // A first visit: nothing stored.
  let context = await browser.newContext();
  try {
    const { page, cdp } = await throttledPage(context);
    await page.goto(url, { waitUntil: 'load', timeout: STEP_TIMEOUT_MS });
    await waitForMark(page, 'ready');
    await page.waitForTimeout(SETTLE_MS);
    const first = await page.evaluate((file) => {
      const entry = performance.getEntriesByType('resource').find((e) => e.name.endsWith(`/${file}`));
      return {
        marks: window.bench.marks(),
        longTasks: window.bench.longTasks(),
        transferSize: entry?.transferSize ?? null,
      };
    }, widget.file);
    result.requestsBeforeReady = await page.evaluate((ready) => window.bench.apiRequests(0, ready), first.marks.ready);
    result.readyNoSession = first.marks.ready;
    result.longTaskMs = first.longTasks.ms;
    result.transferBytes = first.transferSize;
    await cdp.send('HeapProfiler.collectGarbage');
    result.heapBytes = (await cdp.send('Runtime.getHeapUsage')).usedSize;

    await page.evaluate(() => {
      window.bench.armClick('open-click');
      window.bench.watchInput();
    });
    await page.click('#login');
    await waitForMark(page, 'input-visible');
    await waitForMark(page, 'input-focused', FOCUS_GRACE_MS).catch(() => {});
    const opened = await page.evaluate(() => window.bench.marks());
    result.clickToInputVisible = opened['input-visible'] - opened['open-click'];
    result.clickToInputFocused = 'input-focused' in opened ? opened['input-focused'] - opened['open-click'] : null;

    await root(page).locator('input[type=email]').fill(env.loginEmail);
    await root(page).locator('input[type=password]').fill(PASSWORD);
    await page.evaluate(() => {
      window.bench.forget('login');
      window.bench.armClick('submit');
    });
    await root(page).locator('form button[type=submit]').first().click();
    await waitForMark(page, 'login');
    const submitted = await page.evaluate(() => window.bench.marks());
    result.submitToLogin = submitted.login - submitted.submit;
    // The requests the login waited for: answered before the event, in the page's own clock.
    result.requestsBeforeLoginPaths = await page.evaluate(
      ({ submit, login }) => window.bench.apiRequests(submit, login),
      submitted,
    );
    result.requestsBeforeLogin = result.requestsBeforeLoginPaths.length;
    result.submitApiWaitMs = await page.evaluate(
      ({ submit, login }) => window.bench.apiWaitMs(submit, login),
      submitted,
    );
    result.submitToLoginOwnMs = result.submitToLogin - result.submitApiWaitMs;
  } finally {
    await context.close();
  }

  // A return visit with a stored session, then a second tab, then a refresh in both at once.
  const session = await storedSession(env.api, `http://${HOST}:${site.port}`, env.sessionEmail);
  context = await browser.newContext();
  try {
    await context.addInitScript(
      ([key, value]) => {
        if (window === window.top && location.protocol === 'http:' && localStorage.getItem(key) === null) {
          localStorage.setItem(key, value);
        }
      },
      ['gotrue.user', JSON.stringify(session)],
    );
    const tabs = [];
    for (let i = 0; i < 2; i++) {
      const { page } = await throttledPage(context);
      await page.goto(url, { waitUntil: 'load', timeout: STEP_TIMEOUT_MS });
      await waitForMark(page, 'ready');
      tabs.push(page);
    }
    result.readyStoredSession = await tabs[0].evaluate(() => window.bench.marks().ready);
    await Promise.all(tabs.map((tab) => tab.waitForTimeout(SETTLE_MS)));
    const logged = site.apiLog.length;
    const outcomes = await Promise.all(
      tabs.map((tab) =>
        tab.evaluate(() =>
          Promise.resolve(window.benchWidget.refresh()).then(
            () => 'ok',
            (error) => String(error?.message ?? error),
          ),
        ),
      ),
    );
    // Whatever a tab does after its own refresh settles (the other tab's storage event, a retry).
    await tabs[0].waitForTimeout(SETTLE_MS);
    const requests = site.apiLog.slice(logged);
    const grants = requests.filter((r) => r.path.startsWith('/token') && r.body.includes('grant_type=refresh_token'));
    const sent = grants.map((r) => new URLSearchParams(r.body).get('refresh_token'));
    result.refreshRequests = requests.length;
    result.refreshGrants = grants.length;
    result.refreshDuplicated = new Set(sent).size < sent.length;
    result.tabsLoggedInAfterRefresh = (
      await Promise.all(tabs.map((tab) => tab.evaluate(() => window.benchWidget.email())))
    ).filter(Boolean).length;
    result.refreshOutcomes = outcomes;
  } finally {
    await context.close();
  }
  return result;
}

/**
 * @param {{ runs?: number, delayMs?: number, outDir: string }} options
 */
export async function benchWidget({ runs = 10, delayMs = 100, outDir }) {
  const executablePath = findChrome();
  if (!executablePath) throw new Error(installHint);
  const buildDir = mkdtempSync(join(tmpdir(), 'gotrue-auth-bench-'));
  const { child, url: api } = await startChild();
  let site;
  let browser;
  try {
    const ours = readFileSync(await buildScriptTag(buildDir));
    const theirs = readFileSync(fileURLToPath(import.meta.resolve('netlify-identity-widget')));
    site = await startBenchSite({
      widgets: WIDGETS.map((w) => ({ ...w, bytes: w.name === 'ours' ? ours : theirs })),
      baseline: BASELINE,
      apiUrl: api,
      delayMs,
    });
    const env = { api, loginEmail: 'bench-login@example.com', sessionEmail: 'bench-session@example.com' };
    for (const email of [env.loginEmail, env.sessionEmail]) {
      await admin(api, 'POST', '/admin/users', { email, password: PASSWORD, confirm: true });
    }
    browser = await chromium.launch({
      executablePath,
      args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
    });
    const raw = { ours: [], theirs: [], none: [] };
    for (let i = 0; i < runs; i++) {
      for (const widget of WIDGETS) raw[widget.name].push(await runOnce(browser, widget, site, env));
      raw.none.push(await runBaseline(browser, site));
      if (process.stdout.isTTY) process.stdout.write(`\rwidget runs: ${i + 1}/${runs}${i + 1 === runs ? '\n' : ''}`);
    }
    const summary = summarise(raw, site.sizes);
    printWidgetTable(summary, { runs, delayMs, cpuSlowdown: CPU_SLOWDOWN });
    console.log('');
    const abovePage = summariseAbovePage(raw);
    printAbovePageTable(abovePage);
    const over = site.sizes.ours.brotli - BUDGET_BYTES;
    console.log(
      `${over <= 0 ? 'met    ' : 'NOT met'}  gotrue-auth.js within its ${BUDGET_BYTES} B brotli budget: ${site.sizes.ours.brotli} B`,
    );
    const chart = await renderChart(browser, summary, outDir);
    return {
      settings: { runs, delayMs, cpuSlowdown: CPU_SLOWDOWN, chromium: browser.version() },
      sizes: site.sizes,
      summary,
      abovePage,
      raw,
      chart,
    };
  } finally {
    await browser?.close();
    await site?.close();
    child.kill('SIGTERM');
    await once(child, 'exit');
    rmSync(buildDir, { recursive: true, force: true });
  }
}
