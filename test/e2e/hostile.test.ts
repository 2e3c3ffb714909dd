/**
 * Hostile input, through the script tag: markup and script in a user's name, in the error
 * texts of fragments and server answers and in the provider labels of the settings; redirect
 * targets off the site; tokens that must not leak into the address bar, history, console or
 * Referer; and a crafted `#access_token` that must never log anyone in. Nothing may execute, text shows as text. Cases are counted.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleOf } from './browser.js';
import {
  PASSWORD,
  confirmedUser,
  dialog,
  logIn,
  mailTo,
  openTab,
  pageEvents,
  startWidgetSite,
  stored,
  throughProxy,
  uniqueEmail,
  waitForWho,
  withArtifacts,
  type Tab,
  type WidgetSite,
} from './widget-page.js';

let widget: WidgetSite;
let cases = 0;

before(async () => {
  widget = await startWidgetSite();
});

after(async () => {
  await widget?.close();
});

/** Every payload calls `hit()` if it ever runs. */
const RUN = 'hit()';
const PAYLOADS: string[] = [
  `<script>${RUN}</script>`,
  `<img src=x onerror="${RUN}">`,
  `<svg onload="${RUN}">`,
  `"><img src=x onerror=${RUN}>`,
  `'><svg/onload=${RUN}>`,
  `</textarea><script>${RUN}</script>`,
  `</title><script>${RUN}</script>`,
  `<iframe srcdoc="<script>parent.${RUN}</script>">`,
  `<a href="javascript:${RUN}">x</a>`,
  `javascript:${RUN}`,
  `<body onload=${RUN}>`,
  `<details open ontoggle=${RUN}>`,
  `<input autofocus onfocus=${RUN}>`,
  `<video><source onerror=${RUN}></video>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${RUN}>`,
  `<object data="javascript:${RUN}">`,
  `<embed src="javascript:${RUN}">`,
  `<form><button formaction=javascript:${RUN}>x`,
  `<marquee onstart=${RUN}>`,
  `<style>@import 'javascript:${RUN}'</style>`,
  `\${${RUN}}`,
  `{{constructor.constructor('${RUN}')()}}`,
  `<template><script>${RUN}</script></template>`,
  `<noscript><p title="</noscript><img src=x onerror=${RUN}>">`,
  `<svg><script>${RUN}</script></svg>`,
  `<svg><a xlink:href="javascript:${RUN}"><text>x</text></a></svg>`,
  `<img src="x" onerror="&#104;&#105;&#116;()">`,
  `<img src=x onerror=\\u0068it()>`,
  `%3Cscript%3E${RUN}%3C%2Fscript%3E`,
  `&lt;script&gt;${RUN}&lt;/script&gt;`,
  `<scr<script>ipt>${RUN}</scr</script>ipt>`,
  `<meta http-equiv="refresh" content="0;url=javascript:${RUN}">`,
  `<link rel=import href="data:text/html,<script>${RUN}</script>">`,
  `<base href="javascript:${RUN}//">`,
  `<select onfocus=${RUN} autofocus>`,
  `<textarea onfocus=${RUN} autofocus>`,
  `<keygen onfocus=${RUN} autofocus>`,
  `<div style="background:url(javascript:${RUN})">`,
  `<x onclick=${RUN}>click</x>`,
  `" onmouseover="${RUN}" x="`,
  `' onfocus='${RUN}' autofocus x='`,
  `<svg><animate onbegin=${RUN} attributeName=x dur=1s>`,
  `<audio src=x onerror=${RUN}>`,
  `‮<b>right-to-left</b> ${RUN}`,
  `${'<b>'.repeat(50)}deep${'</b>'.repeat(50)}`,
];

/** A tab that counts executed payloads, and fails on any alert. */
async function guardedTab(url?: string): Promise<Tab> {
  const context = await widget.browser.newContext();
  await context.addInitScript(() => {
    (window as unknown as { hits: number }).hits = 0;
    (window as unknown as { hit(): void }).hit = () => (window as unknown as { hits: number }).hits++;
  });
  const tab = await openTab(widget, { context, ...(url ? { url } : {}) });
  tab.page.on('dialog', (opened) => {
    tab.problems.errors.push(`a dialog opened: ${opened.message()}`);
    void opened.dismiss();
  });
  return tab;
}

async function hits(tab: Tab): Promise<number> {
  return tab.page.evaluate(() => (window as unknown as { hits: number }).hits);
}

test(`${PAYLOADS.length} payloads in a fragment's error_description show as text and never run`, async (t) => {
  assert.ok(PAYLOADS.length >= 40);
  const tabs: Tab[] = [];
  await withArtifacts(t, tabs, async () => {
    const tab = await guardedTab();
    tabs.push(tab);
    for (const payload of PAYLOADS) {
      const fragment = new URLSearchParams({ error: 'server_error', error_description: payload }).toString();
      await tab.page.goto(`${widget.url}#${fragment}`);
      await dialog(tab.page).getByText('The login provider reported a problem:').waitFor();
      const shown = await dialog(tab.page).getByText('The login provider reported a problem:').textContent();
      assert.ok(shown?.includes(payload.trim()), `shown as text: ${payload}`);
      assert.equal(await hits(tab), 0, `never ran: ${payload}`);
      cases++;
    }
    assert.deepEqual(tab.problems.errors, []);
  });
});

test(`${PAYLOADS.length} payloads as a user's name show as text in the account view and never run`, async (t) => {
  const tabs: Tab[] = [];
  await withArtifacts(t, tabs, async () => {
    const email = await confirmedUser(widget, 'hostile-name');
    const tab = await guardedTab();
    tabs.push(tab);
    await logIn(tab.page, email);
    await waitForWho(tab.page, `Logged in as ${email}`);
    const token = await tab.page.evaluate(() =>
      (document.getElementById('auth') as HTMLElement & { jwt(): Promise<string> }).jwt(),
    );
    for (const payload of PAYLOADS) {
      const update = await fetch(`${widget.site.url}/.netlify/identity/user`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify({ data: { full_name: payload, nickname: payload } }),
      });
      assert.equal(update.status, 200);
      await tab.page.reload();
      // The page learns the new name from its check with the server after the reload.
      await tab.page.waitForFunction(
        (name) => JSON.parse(localStorage.getItem('gotrue.user') ?? '{}').user_metadata?.full_name === name,
        payload,
      );
      await tab.page.evaluate(() =>
        (document.getElementById('auth') as HTMLElement & { open(view: string): Promise<void> }).open('account'),
      );
      await tab.page.waitForFunction(
        (name) => (document.querySelector('#auth input[name=name]') as HTMLInputElement | null)?.value === name,
        payload,
      );
      assert.equal(await hits(tab), 0, `never ran: ${payload}`);
      cases++;
    }
  });
});

test(`${PAYLOADS.length} payloads as a server's error text never run`, async (t) => {
  const tabs: Tab[] = [];
  await withArtifacts(t, tabs, async () => {
    const tab = await guardedTab();
    tabs.push(tab);
    await tab.page.evaluate(() =>
      (document.getElementById('auth') as HTMLElement & { open(view: string): Promise<void> }).open('login'),
    );
    await dialog(tab.page).getByLabel('Email').fill(uniqueEmail('hostile-error'));
    await dialog(tab.page).getByLabel('Password', { exact: true }).fill(PASSWORD);
    for (const payload of PAYLOADS) {
      const fault = {
        when: (request: { path: string }) => request.path.startsWith('/.netlify/identity/token'),
        action: {
          kind: 'status',
          status: 422,
          type: 'application/json',
          body: JSON.stringify({ code: 422, msg: payload }),
        } as const,
      };
      widget.proxy.faults.push(fault);
      await dialog(tab.page).getByRole('button', { name: 'Log in', exact: true }).click();
      await tab.page.locator('#auth [role=alert]').first().waitFor();
      widget.proxy.faults.splice(widget.proxy.faults.indexOf(fault), 1);
      await dialog(tab.page).getByRole('button', { name: 'Log in', exact: true }).waitFor({ state: 'visible' });
      assert.equal(await hits(tab), 0, `never ran: ${payload}`);
      cases++;
    }
  });
});

test(`${PAYLOADS.length} payloads as provider labels (external_labels of GET /settings) show as text and never run`, async (t) => {
  const tabs: Tab[] = [];
  await withArtifacts(t, tabs, async () => {
    const tab = await guardedTab();
    tabs.push(tab);
    for (const payload of PAYLOADS) {
      const fault = {
        when: (request: { method: string; path: string }) =>
          request.method === 'GET' && request.path.startsWith('/.netlify/identity/settings'),
        action: {
          kind: 'status',
          status: 200,
          type: 'application/json',
          body: JSON.stringify({
            external: { email: true, github: true, saml: true },
            external_labels: { github: payload, saml: payload },
            disable_signup: false,
            autoconfirm: false,
          }),
        } as const,
      };
      widget.proxy.faults.push(fault);
      try {
        // Settings are read once per page: each label needs a fresh page.
        await tab.page.reload();
        await tab.page.evaluate(() =>
          (document.getElementById('auth') as HTMLElement & { open(view: string): Promise<void> }).open('login'),
        );
        const providers = dialog(tab.page).getByRole('button', { name: /^Continue with / });
        await providers.nth(1).waitFor();
        const labels = await providers.allTextContents();
        assert.equal(
          labels.filter((label) => label.includes(`Continue with ${payload}`)).length,
          2,
          `both labels shown as text: ${payload} in ${JSON.stringify(labels)}`,
        );
      } finally {
        widget.proxy.faults.splice(widget.proxy.faults.indexOf(fault), 1);
      }
      assert.equal(await hits(tab), 0, `never ran: ${payload}`);
      cases++;
    }
    assert.deepEqual(tab.problems.errors, []);
  });
});

test('redirect targets off the site are never followed after a login', async (t) => {
  const tabs: Tab[] = [];
  await withArtifacts(t, tabs, async () => {
    const email = await confirmedUser(widget, 'hostile-redirect');
    const tab = await guardedTab();
    tabs.push(tab);
    const targets = [
      'https://evil.example/',
      '//evil.example/',
      '/\\evil.example/',
      '\\/evil.example/',
      '%2F%2Fevil.example/',
      'https:evil.example',
      ' //evil.example',
      `javascript:${RUN}`,
      'JaVaScRiPt:hit()',
      'data:text/html,<script>parent.hit()</script>',
    ];
    for (const target of targets) {
      await tab.page.evaluate((value) => document.getElementById('auth')!.setAttribute('redirect', value), target);
      await logIn(tab.page, email);
      await waitForWho(tab.page, `Logged in as ${email}`);
      assert.equal(new URL(tab.page.url()).origin, widget.proxy.url, `stayed on the site: ${target}`);
      assert.equal(await hits(tab), 0);
      await tab.page.evaluate(() =>
        (document.getElementById('auth') as HTMLElement & { logout(): Promise<void> }).logout(),
      );
      cases++;
    }
  });
});

test('after a link is handled: no token in the address, history, console or the next Referer', async (t) => {
  const tabs: Tab[] = [];
  await withArtifacts(t, tabs, async () => {
    const email = uniqueEmail('hostile-leak');
    await fetch(`${widget.site.url}/.netlify/identity/signup`, {
      method: 'POST',
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    const mail = await mailTo(widget, email, 'confirmation');
    const tab = await guardedTab();
    tabs.push(tab);
    const historyBefore = await tab.page.evaluate(() => history.length);
    await tab.page.goto(throughProxy(widget, mail.link));
    await waitForWho(tab.page, `Logged in as ${email}`);
    const { access_token: accessToken, refresh_token: refreshToken } = (
      (await stored(tab.page)) as unknown as { token: { access_token: string; refresh_token: string } }
    ).token;
    const secrets = [mail.token, accessToken, refreshToken];
    const href = tab.page.url();
    assert.ok(!secrets.some((secret) => href.includes(secret)), 'no token in location');
    assert.equal(
      await tab.page.evaluate(() => history.length),
      historyBefore + 1,
      'only the visit itself is in history',
    );
    assert.ok(
      !consoleOf(tab.page).some((line) => secrets.some((secret) => line.includes(secret))),
      'no token in the console',
    );
    await tab.page.evaluate(() => location.assign('/site.html?next'));
    await tab.page.waitForURL(/\?next$/);
    const referrer = await tab.page.evaluate(() => document.referrer);
    assert.ok(!secrets.some((secret) => referrer.includes(secret)), `no token in the Referer: ${referrer}`);
    cases += 4;
  });
});

test('a crafted #access_token logs nobody in and never replaces a stored session', async (t) => {
  const tabs: Tab[] = [];
  await withArtifacts(t, tabs, async () => {
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const forged = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'attacker', email: 'attacker@evil.example', exp: Math.floor(Date.now() / 1000) + 3600 })}.forged`;
    const fragment = `access_token=${forged}&token_type=bearer&expires_in=3600&refresh_token=stolen`;

    const anonymous = await guardedTab(`${widget.url}#${fragment}`);
    tabs.push(anonymous);
    await waitForWho(anonymous.page, 'Not logged in.');
    await anonymous.page.waitForFunction(() => location.hash === '');
    assert.equal(await stored(anonymous.page), null);
    cases++;

    const email = await confirmedUser(widget, 'hostile-forged');
    const victim = await guardedTab();
    tabs.push(victim);
    await logIn(victim.page, email);
    await waitForWho(victim.page, `Logged in as ${email}`);
    const logins = (await pageEvents(victim.page)).filter((event) => event.type === 'login').length;
    await victim.page.goto(`${widget.url}#${fragment}`);
    await victim.page.waitForFunction(() => location.hash === '');
    await waitForWho(victim.page, `Logged in as ${email}`);
    assert.equal((await stored(victim.page))?.email, email);
    assert.equal(
      (await pageEvents(victim.page)).filter((event) => event.type === 'login').length,
      logins,
      'no login event',
    );
    assert.equal(
      await victim.page.evaluate(
        () => (document.getElementById('auth') as HTMLElement & { user: { email: string } | null }).user?.email,
      ),
      email,
    );
    cases++;
  });
});

test('very long inputs are refused clearly; unicode emails and passwords work or are refused clearly', async (t) => {
  const tabs: Tab[] = [];
  await withArtifacts(t, tabs, async () => {
    const tab = await guardedTab();
    tabs.push(tab);
    const open = (view: string) =>
      tab.page.evaluate(
        (name) => (document.getElementById('auth') as HTMLElement & { open(view: string): Promise<void> }).open(name),
        view,
      );
    const alert = tab.page.locator('#auth [role=alert]').first();

    // A 10,000-character email and password: an error in the form, the input kept, nothing stored.
    const longEmail = `${'a'.repeat(10_000)}@example.com`;
    await open('login');
    await dialog(tab.page).getByLabel('Email').fill(longEmail);
    await dialog(tab.page).getByLabel('Password', { exact: true }).fill('p'.repeat(10_000));
    await dialog(tab.page).getByRole('button', { name: 'Log in', exact: true }).click();
    await alert.waitFor();
    assert.ok(((await alert.textContent()) ?? '').trim().length > 0, 'a message says why');
    assert.equal(await dialog(tab.page).getByLabel('Email').inputValue(), longEmail);
    assert.equal(await stored(tab.page), null);
    cases++;

    // A unicode password works.
    const email = uniqueEmail('unicode');
    const password = 'pässwörd 密码 🔑 ok';
    const signup = await fetch(`${widget.site.url}/.netlify/identity/signup`, {
      method: 'POST',
      body: JSON.stringify({ email, password }),
    });
    assert.equal(signup.status, 200);
    const mail = await mailTo(widget, email, 'confirmation');
    await fetch(`${widget.site.url}/.netlify/identity/verify`, {
      method: 'POST',
      body: JSON.stringify({ type: 'signup', token: mail.token }),
    });
    await logIn(tab.page, email, { password });
    await waitForWho(tab.page, `Logged in as ${email}`);
    await tab.page.evaluate(() =>
      (document.getElementById('auth') as HTMLElement & { logout(): Promise<void> }).logout(),
    );
    cases++;

    // An email with a unicode local part is refused by the form itself, with the browser's message.
    await logIn(tab.page, 'zoë@example.com');
    const refusal = await dialog(tab.page)
      .getByLabel('Email')
      .evaluate((input) => (input as HTMLInputElement).validationMessage);
    assert.ok(refusal.length > 0, 'the browser says why');
    assert.equal(await stored(tab.page), null);
    assert.equal(await hits(tab), 0);
    cases++;
    assert.deepEqual(
      tab.problems.errors.filter((line) => !/Failed to load resource/.test(line)),
      [],
    );
  });
});

test('hostile cases counted', (t) => {
  t.diagnostic(`hostile cases: ${cases}`);
  assert.ok(cases >= 4 * PAYLOADS.length, `hostile cases: ${cases}`);
});
