/**
 * Every way the API can fail a form, for each form a visitor submits (login, signup, password
 * reset, invitation, account): a clear message in the form, what was typed still there, the
 * button usable again, no uncaught error or console error from the page, and a session that
 * existed left as it was. The number of cases is printed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Fault, FaultAction, ProxiedRequest } from './fault-proxy.js';
import {
  PASSWORD,
  confirmedUser,
  dialog,
  logIn,
  mailTo,
  openTab,
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

const MESSAGES = {
  network: 'Could not reach the server. Check your connection.',
  server: 'The server had a problem. Try again later.',
  badResponse: 'The server sent an unexpected answer.',
  timeout: 'The server took too long to answer. Try again.',
};

/** The faults every form meets, with what the user must read. */
const FAULTS: { name: string; action: FaultAction; message: string }[] = [
  { name: 'server down (connection dropped)', action: { kind: 'drop' }, message: MESSAGES.network },
  { name: '500 with an HTML page', action: { kind: 'status', status: 500 }, message: MESSAGES.server },
  { name: '502 from a proxy', action: { kind: 'status', status: 502 }, message: MESSAGES.server },
  {
    name: '503',
    action: { kind: 'status', status: 503, body: '{"code":503,"msg":"Service Unavailable"}', type: 'application/json' },
    message: MESSAGES.server,
  },
  {
    name: 'malformed JSON',
    action: { kind: 'status', status: 200, body: '{"access_token": "abc', type: 'application/json' },
    message: MESSAGES.badResponse,
  },
  {
    name: 'JSON of the wrong shape',
    action: { kind: 'status', status: 200, body: '{"hello":"world"}', type: 'application/json' },
    message: MESSAGES.badResponse,
  },
];

/** Console lines the browser itself writes for a failed request are not the page's errors. */
function pageErrors(tab: Tab): string[] {
  return tab.problems.errors.filter((line) => !/Failed to load resource|net::ERR_/.test(line));
}

interface FormCase {
  view: string;
  button: string;
  field: string;
  path: (request: ProxiedRequest) => boolean;
  /** Faults this form's request does not fail on: `POST /recover` answers with an empty object, so any object will do. */
  accepts?: string[];
  /** Opens the form on `tab` and types into it; returns the value the checked field must keep. */
  fill(tab: Tab): Promise<string>;
  loggedIn?: boolean;
}

const apiPath = (path: string, method?: string) => (request: ProxiedRequest) =>
  request.path.startsWith(`/.netlify/identity${path}`) && (!method || request.method === method);

async function open(page: Page, view: string): Promise<void> {
  await page.evaluate(
    (name) => (document.getElementById('auth') as HTMLElement & { open(view: string): Promise<void> }).open(name),
    view,
  );
}

/** Submits with `action` applied to the form's request and checks what the user is left with. */
async function submitThrough(
  tab: Tab,
  form: FormCase,
  typed: string,
  action: FaultAction,
  message: string,
): Promise<void> {
  const fault: Fault = { when: form.path, action };
  widget.proxy.faults.push(fault);
  try {
    await dialog(tab.page).getByRole('button', { name: form.button, exact: true }).click();
    await dialog(tab.page).getByText(message).waitFor({ timeout: 25_000 });
  } finally {
    widget.proxy.faults.splice(widget.proxy.faults.indexOf(fault), 1);
  }
  assert.equal(
    await dialog(tab.page).getByLabel(form.field, { exact: true }).inputValue(),
    typed,
    'what was typed is still there',
  );
  assert.equal(
    await dialog(tab.page).getByRole('button', { name: form.button, exact: true }).isEnabled(),
    true,
    'the button is usable again',
  );
  assert.deepEqual(pageErrors(tab), [], 'no console error or uncaught exception');
  if (form.loggedIn) assert.ok(await stored(tab.page), 'the session is untouched');
  else assert.equal(await stored(tab.page), null);
  cases++;
}

function forms(): FormCase[] {
  return [
    {
      view: 'login',
      button: 'Log in',
      field: 'Email',
      path: apiPath('/token'),
      async fill(tab) {
        const email = uniqueEmail('fault-login');
        await dialog(tab.page).getByLabel('Email').fill(email);
        await dialog(tab.page).getByLabel('Password', { exact: true }).fill(PASSWORD);
        return email;
      },
    },
    {
      view: 'signup',
      button: 'Sign up',
      field: 'Name',
      path: apiPath('/signup'),
      async fill(tab) {
        await dialog(tab.page).getByLabel('Name').fill('Fault Tolerant');
        await dialog(tab.page).getByLabel('Email').fill(uniqueEmail('fault-signup'));
        await dialog(tab.page).getByLabel('Password', { exact: true }).fill(PASSWORD);
        return 'Fault Tolerant';
      },
    },
    {
      view: 'forgot',
      button: 'Send reset link',
      field: 'Email',
      path: apiPath('/recover'),
      accepts: ['JSON of the wrong shape'],
      async fill(tab) {
        const email = uniqueEmail('fault-forgot');
        await dialog(tab.page).getByLabel('Email').fill(email);
        return email;
      },
    },
    {
      view: 'account',
      button: 'Save changes',
      field: 'Name',
      path: apiPath('/user', 'PUT'),
      loggedIn: true,
      async fill(tab) {
        await dialog(tab.page).getByLabel('Name').fill('Renamed Under Fire');
        return 'Renamed Under Fire';
      },
    },
    {
      // The form a recovery link opens: the link already logged the user in, so PUT /user saves it.
      view: 'recovery',
      button: 'Save password',
      field: 'New password',
      path: apiPath('/user', 'PUT'),
      loggedIn: true,
      async fill(tab) {
        await dialog(tab.page).getByLabel('New password').fill('a recovered secret');
        return 'a recovered secret';
      },
    },
    {
      view: 'invite',
      button: 'Accept invitation',
      field: 'Password',
      path: apiPath('/verify'),
      async fill(tab) {
        await dialog(tab.page).getByLabel('Password', { exact: true }).fill('an invited secret');
        return 'an invited secret';
      },
    },
  ];
}

async function tabFor(form: FormCase): Promise<Tab> {
  if (form.view === 'invite') {
    const email = uniqueEmail('fault-invite');
    const invite = await fetch(`${widget.site.url}/.netlify/identity/invite`, {
      method: 'POST',
      headers: { authorization: `Bearer ${widget.site.operatorToken}` },
      body: JSON.stringify({ email }),
    });
    assert.equal(invite.status, 200);
    const tab = await openTab(widget, { url: throughProxy(widget, (await mailTo(widget, email, 'invite')).link) });
    await dialog(tab.page).getByRole('heading', { name: 'Accept your invitation' }).waitFor();
    return tab;
  }
  if (form.view === 'recovery') {
    const email = await confirmedUser(widget, 'fault-recovery');
    const recover = await fetch(`${widget.site.url}/.netlify/identity/recover`, {
      method: 'POST',
      body: JSON.stringify({ email }),
    });
    assert.equal(recover.status, 200);
    const tab = await openTab(widget, { url: throughProxy(widget, (await mailTo(widget, email, 'recovery')).link) });
    await dialog(tab.page).getByRole('heading', { name: 'Set a new password' }).waitFor();
    await dialog(tab.page).getByLabel('New password').waitFor();
    return tab;
  }
  const tab = await openTab(widget);
  if (form.loggedIn) {
    const email = await confirmedUser(widget, 'fault-account');
    await logIn(tab.page, email);
    await waitForWho(tab.page, `Logged in as ${email}`);
  }
  await open(tab.page, form.view);
  return tab;
}

for (const form of forms()) {
  test(`${form.view}: ${FAULTS.map((fault) => fault.name).join(', ')}`, async (t) => {
    const tabs: Tab[] = [];
    await withArtifacts(t, tabs, async () => {
      const tab = await tabFor(form);
      tabs.push(tab);
      const typed = await form.fill(tab);
      for (const fault of FAULTS.filter((candidate) => !form.accepts?.includes(candidate.name))) {
        await t.test(fault.name, () => submitThrough(tab, form, typed, fault.action, fault.message));
      }
      await tab.page.context().close();
    });
  });
}

/** What a successful submit of `form` shows, for the double-submit case; `email` is the user's. */
async function succeeded(tab: Tab, form: FormCase, email: string): Promise<void> {
  if (form.view === 'login') await waitForWho(tab.page, `Logged in as ${email}`);
  else await dialog(tab.page).getByText('Your new password is saved.').waitFor();
}

for (const form of forms().filter((candidate) => ['login', 'recovery'].includes(candidate.view))) {
  test(`${form.view}: an answer that never comes, offline mid-submit, a double submit`, async (t) => {
    const tabs: Tab[] = [];
    await withArtifacts(t, tabs, async () => {
      const tab = await tabFor(form);
      tabs.push(tab);
      const typed = await form.fill(tab);
      const button = () => dialog(tab.page).getByRole('button', { name: form.button, exact: true });

      await t.test('an answer that never comes', () =>
        submitThrough(tab, form, typed, { kind: 'never' }, MESSAGES.timeout),
      );

      await t.test('offline mid-submit', async () => {
        // The request is on its way when the network goes: its connection dies with it.
        widget.proxy.faults.push({ when: form.path, action: { kind: 'drop', afterMs: 1000 }, times: 1 });
        await button().click();
        await tab.page.context().setOffline(true);
        try {
          await dialog(tab.page).getByText(MESSAGES.network).waitFor();
        } finally {
          await tab.page.context().setOffline(false);
        }
        assert.equal(await dialog(tab.page).getByLabel(form.field, { exact: true }).inputValue(), typed);
        assert.equal(await button().isEnabled(), true);
        assert.deepEqual(pageErrors(tab), []);
        if (form.loggedIn) assert.ok(await stored(tab.page), 'the session is untouched');
        else assert.equal(await stored(tab.page), null);
        cases++;
      });

      await t.test('a double submit sends one request', async () => {
        const email =
          form.view === 'login'
            ? await confirmedUser(widget, 'double')
            : await tab.page.evaluate(
                () => (document.getElementById('auth') as HTMLElement & { user: { email: string } }).user.email,
              );
        if (form.view === 'login') await dialog(tab.page).getByLabel('Email').fill(email);
        const before = widget.proxy.faulted.length;
        const slow: Fault = { when: form.path, action: { kind: 'delay', ms: 500 } };
        widget.proxy.faults.push(slow);
        try {
          await button().dblclick();
          await succeeded(tab, form, email);
        } finally {
          widget.proxy.faults.splice(widget.proxy.faults.indexOf(slow), 1);
        }
        assert.equal(widget.proxy.faulted.length - before, 1, `one ${form.view} request`);
        assert.deepEqual(pageErrors(tab), []);
        cases++;
      });
    });
  });
}

test('login: a wrong api-url names the URL that did not answer', async (t) => {
  const tabs: Tab[] = [];
  await withArtifacts(t, tabs, async () => {
    const login = forms()[0]!;
    const other = await openTab(widget);
    tabs.push(other);
    await other.page.evaluate(() => document.getElementById('auth')!.setAttribute('api-url', '/no-identity-here'));
    await open(other.page, 'login');
    const email = await login.fill(other);
    await dialog(other.page).getByRole('button', { name: 'Log in', exact: true }).click();
    await dialog(other.page)
      .getByText(`No identity endpoint answered at ${widget.proxy.url}/no-identity-here.`)
      .waitFor();
    assert.equal(await dialog(other.page).getByLabel('Email').inputValue(), email);
    assert.deepEqual(pageErrors(other), []);
    cases++;
  });
});

test('fault cases counted', (t) => {
  t.diagnostic(`fault cases: ${cases}`);
  const perForm = forms().map((form) => FAULTS.filter((fault) => !form.accepts?.includes(fault.name)).length);
  // Every form's faults, then three interruptions each for login and recovery, then the wrong api-url.
  const expected = perForm.reduce((sum, count) => sum + count, 0) + 2 * 3 + 1;
  assert.equal(cases, expected, `fault cases: ${cases}`);
});
