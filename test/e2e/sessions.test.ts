/**
 * Sessions that survive: access tokens that live 10 s, three tabs of one browser each asking for
 * a token every 2 s, and the API failing in every way a network can, one phase after another:
 * answering 503, dropping connections, holding one refresh answer past the client's 15 s
 * timeout, a refresh grant never answered at all, and the browser offline across an expiry. No
 * tab may ever be logged out, no refresh token may be spent twice, and every tab must hold a
 * working token again once the API is back.
 * Time is the subject here, so phases last as long as the faults they apply (about 20 s each).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext } from 'playwright-core';
import { isIdentity, isRefreshGrant } from './fault-proxy.js';
import {
  confirmedUser,
  logIn,
  openTab,
  pageEvents,
  startWidgetSite,
  waitForWho,
  withArtifacts,
  type Tab,
  type WidgetSite,
} from './widget-page.js';

const TOKEN_SECONDS = 10;
const FAULT_MS = 20_000;

let widget: WidgetSite;
let context: BrowserContext;
const tabs: Tab[] = [];

interface JwtLog {
  ok: number;
  /** Tokens handed out already expired. */
  expired: number;
  errors: Record<string, number>;
  /** When the last token was handed out, and until when it was good. */
  lastOkAt: number;
  lastExp: number;
}

before(async () => {
  widget = await startWidgetSite({ GOTRUE_JWT_EXP: String(TOKEN_SECONDS) });
  const email = await confirmedUser(widget, 'tabs3');
  context = await widget.browser.newContext();
  for (let i = 0; i < 3; i++) tabs.push(await openTab(widget, { context }));
  await logIn(tabs[0]!.page, email);
  for (const tab of tabs) await waitForWho(tab.page, `Logged in as ${email}`);
  // Each tab calls jwt() every 2 s, as a page calling its functions would.
  for (const tab of tabs) {
    await tab.page.evaluate(() => {
      const log: JwtLog = { ok: 0, expired: 0, errors: {}, lastOkAt: 0, lastExp: 0 };
      (window as unknown as { jwtLog: JwtLog }).jwtLog = log;
      const auth = document.getElementById('auth') as HTMLElement & { jwt(): Promise<string> };
      setInterval(() => {
        auth.jwt().then(
          (jwt) => {
            const exp =
              (JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp: number }).exp *
              1000;
            log.ok++;
            if (exp <= Date.now()) log.expired++;
            log.lastOkAt = Date.now();
            log.lastExp = exp;
          },
          (error: { code?: string }) => {
            log.errors[error.code ?? 'unknown'] = (log.errors[error.code ?? 'unknown'] ?? 0) + 1;
          },
        );
      }, 2000);
    });
  }
});

after(async () => {
  await context?.close();
  await widget?.close();
});

function jwtLog(tab: Tab): Promise<JwtLog> {
  return tab.page.evaluate(() => (window as unknown as { jwtLog: JwtLog }).jwtLog);
}

/** Every tab got a token good for a while yet, after `since`. */
async function allRecovered(since: number): Promise<void> {
  for (const tab of tabs) {
    await tab.page.waitForFunction(
      (after) => {
        const log = (window as unknown as { jwtLog: JwtLog }).jwtLog;
        return log.lastOkAt > after && log.lastExp > Date.now();
      },
      since,
      { timeout: 40_000 },
    );
  }
}

/** Nobody logged out, no refresh token spent twice, none refused. */
async function assertSessionKept(): Promise<void> {
  for (const tab of tabs) {
    const events = await pageEvents(tab.page);
    assert.deepEqual(
      events.filter((event) => event.type === 'logout'),
      [],
      'no tab was logged out',
    );
  }
  const spent = widget.proxy.grants.map((grant) => grant.refreshToken);
  assert.equal(
    new Set(spent).size,
    spent.length,
    `no refresh token spent twice: ${JSON.stringify(widget.proxy.grants)}`,
  );
  assert.deepEqual(
    widget.proxy.grants.filter((grant) => grant.error),
    [],
    'no grant refused',
  );
}

async function phase(
  t: import('node:test').TestContext,
  fault: () => Promise<void> | void,
  heal: () => Promise<void> | void,
): Promise<void> {
  await withArtifacts(t, tabs, async () => {
    await fault();
    await new Promise((resolve) => setTimeout(resolve, FAULT_MS));
    const healed = Date.now();
    await heal();
    await allRecovered(healed);
    await assertSessionKept();
  });
}

test('three tabs, 10 s tokens, a token every 2 s: every token handed out is unexpired, refreshes are shared', async (t) => {
  await withArtifacts(t, tabs, async () => {
    const start = Date.now();
    await new Promise((resolve) => setTimeout(resolve, FAULT_MS));
    await allRecovered(start);
    await assertSessionKept();
    for (const tab of tabs) {
      const log = await jwtLog(tab);
      assert.ok(log.ok >= 8, `tokens handed out: ${log.ok}`);
      assert.equal(log.expired, 0, 'no expired token handed out');
      assert.deepEqual(log.errors, {});
    }
    // Two refreshes per token lifetime at most, for all three tabs together.
    assert.ok(
      widget.proxy.grants.length <= Math.ceil((2 * FAULT_MS) / (TOKEN_SECONDS * 1000)) + 2,
      `grants: ${widget.proxy.grants.length}`,
    );
  });
});

test('the API answering 503 for 20 s: the session survives and recovers', async (t) => {
  const fault = { when: isIdentity, action: { kind: 'status', status: 503 } as const };
  await phase(
    t,
    () => void widget.proxy.faults.push(fault),
    () => void widget.proxy.faults.splice(widget.proxy.faults.indexOf(fault), 1),
  );
  const refused = widget.proxy.faulted.filter(isRefreshGrant).length;
  // Callers share one refresh and its backoff: a handful of grants, not one per call per tab.
  assert.ok(refused <= 15, `refresh grants sent during the outage: ${refused}`);
});

test('connections dropped for 20 s: the session survives and recovers', async (t) => {
  const fault = { when: isIdentity, action: { kind: 'drop' } as const };
  await phase(
    t,
    () => void widget.proxy.faults.push(fault),
    () => void widget.proxy.faults.splice(widget.proxy.faults.indexOf(fault), 1),
  );
});

test('one refresh answered 20 s late (past the 15 s timeout): its token is used, nothing is sent twice', async (t) => {
  const grantsBefore = widget.proxy.grants.length;
  const fault = { when: isRefreshGrant, action: { kind: 'hold-answer', ms: FAULT_MS } as const, times: 1 };
  await phase(
    t,
    () => void widget.proxy.faults.push(fault),
    () => assert.equal(fault.times, 0, 'a refresh was held'),
  );
  assert.ok(widget.proxy.grants.length > grantsBefore);
});

/** `promise`, or a failure naming `what` after `ms`: a ceiling, not a wait. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ceiling = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
  });
  return Promise.race([promise, ceiling]).finally(() => clearTimeout(timer));
}

test('one refresh grant never answered: given up (its connection closed), sent once more, and every tab recovers', async (t) => {
  await withArtifacts(t, tabs, async () => {
    const fault = { when: isRefreshGrant, action: { kind: 'never' } as const, times: 1 };
    const held = widget.proxy.applied(fault);
    widget.proxy.faults.push(fault);
    const token = new URLSearchParams((await within(held, 30_000, 'a refresh grant')).body).get('refresh_token');
    // The session gives up on the grant after 60 s; the next one to reach the server is its retry.
    const retry = await within(widget.proxy.nextGrant(), 90_000, 'the grant sent again');
    assert.equal(retry.refreshToken, token, 'the same refresh token, sent again');
    assert.equal(retry.status, 200);
    assert.equal(widget.proxy.abandoned.length, 1, 'the held request was closed before the token was sent again');
    await allRecovered(Date.now());
    await assertSessionKept();
    const timedOut = await Promise.all(tabs.map(async (tab) => (await jwtLog(tab)).errors.timeout ?? 0));
    assert.ok(
      timedOut.some((count) => count > 0),
      `jwt() callers were told it timed out: ${JSON.stringify(timedOut)}`,
    );
  });
});

test('the browser offline for 20 s, across an expiry: the session survives and recovers', async (t) => {
  await phase(
    t,
    () => context.setOffline(true),
    () => context.setOffline(false),
  );
});
