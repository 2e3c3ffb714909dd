/**
 * The journeys of a site's visitors, through the script tag only, against the local GoTrue: each
 * ends with what the user sees, the events the page heard and what is stored. The site runs the
 * functions in fixtures/functions, as Netlify would beside it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
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

/** `claims` echoes the caller's verified claims; `identity-signup` makes `member-…` addresses members. */
const FUNCTIONS = fileURLToPath(new URL('./fixtures/functions/', import.meta.url));

before(async () => {
  widget = await startWidgetSite({}, { functions: FUNCTIONS });
});

after(async () => {
  await widget?.close();
});

async function open(tab: Tab, view: string): Promise<void> {
  await tab.page.evaluate(
    (name) => (document.getElementById('auth') as HTMLElement & { open(view: string): Promise<void> }).open(name),
    view,
  );
}

/** Signs up through the element's own form, as a visitor would. */
async function signUp(tab: Tab, name: string, email: string): Promise<void> {
  await open(tab, 'signup');
  const form = dialog(tab.page);
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await form.getByRole('button', { name: 'Sign up', exact: true }).click();
}

test('1. sign up, confirm by mail, logged in with gotrue:login method confirmation', async (t) => {
  const tabs: Tab[] = [];
  await withArtifacts(t, tabs, async () => {
    const tab = await openTab(widget);
    tabs.push(tab);
    const email = uniqueEmail('signup');
    await signUp(tab, 'Grace Hopper', email);
    await dialog(tab.page).getByText(`We sent a confirmation link to ${email}`).waitFor();
    assert.equal(await stored(tab.page), null, 'nothing stored before confirmation');

    const mail = await mailTo(widget, email, 'confirmation');
    await tab.page.goto(throughProxy(widget, mail.link));
    await waitForWho(tab.page, `Logged in as ${email}`);
    assert.deepEqual(
      (await pageEvents(tab.page))
        .filter((event) => event.type === 'login')
        .map((event) => [event.method, event.email]),
      [['confirmation', email]],
    );
    assert.equal((await stored(tab.page))?.email, email);
    assert.equal(new URL(tab.page.url()).hash, '', 'the token left the address bar');
    assert.deepEqual(tab.problems.errors, []);
  });
});

test('2. remembered: a reload keeps the user (gotrue:init, no gotrue:login); not remembered: a new browser is logged out', async (t) => {
  const tabs: Tab[] = [];
  await withArtifacts(t, tabs, async () => {
    const email = await confirmedUser(widget, 'remember');
    const tab = await openTab(widget);
    tabs.push(tab);
    await logIn(tab.page, email);
    await waitForWho(tab.page, `Logged in as ${email}`);
    await tab.page.reload();
    await waitForWho(tab.page, `Logged in as ${email}`);
    const events = await pageEvents(tab.page);
    assert.deepEqual(
      events.map((event) => event.type),
      ['init'],
    );
    assert.equal(events[0]!.email, email);

    const once = await openTab(widget);
    tabs.push(once);
    await logIn(once.page, email, { remember: false });
    await waitForWho(once.page, `Logged in as ${email}`);
    assert.equal(await stored(once.page), null, 'nothing in localStorage');
    assert.equal((await stored(once.page, 'sessionStorage'))?.email, email);
    const fresh = await openTab(widget);
    tabs.push(fresh);
    await waitForWho(fresh.page, 'Not logged in.');
    assert.equal(await stored(fresh.page), null);
  });
});

test('3. wrong password, unconfirmed email and unknown email each say so in the form', async (t) => {
  const tabs: Tab[] = [];
  await withArtifacts(t, tabs, async () => {
    const email = await confirmedUser(widget, 'wrong');
    const unconfirmed = uniqueEmail('unconfirmed');
    await fetch(`${widget.site.url}/.netlify/identity/signup`, {
      method: 'POST',
      body: JSON.stringify({ email: unconfirmed, password: PASSWORD }),
    });
    const tab = await openTab(widget);
    tabs.push(tab);
    for (const [address, password, message] of [
      [email, 'not the password', 'Wrong email or password.'],
      [uniqueEmail('unknown'), PASSWORD, 'Wrong email or password.'],
      [unconfirmed, PASSWORD, 'Confirm your email address first'],
    ] as const) {
      await logIn(tab.page, address, { password });
      await dialog(tab.page).getByText(message).waitFor();
      assert.equal(await dialog(tab.page).getByLabel('Email').inputValue(), address, 'the email is still typed');
      assert.equal(await stored(tab.page), null);
    }
    await waitForWho(tab.page, 'Not logged in.');
  });
});

test('3b. signups disabled hide signup; autoconfirm logs in right after signup', async (t) => {
  const tabs: Tab[] = [];
  const closed = await startWidgetSite({ GOTRUE_DISABLE_SIGNUP: 'true' });
  const auto = await startWidgetSite({ GOTRUE_MAILER_AUTOCONFIRM: 'true' });
  try {
    await withArtifacts(t, tabs, async () => {
      const shut = await openTab(closed);
      tabs.push(shut);
      await open(shut, 'login');
      await dialog(shut.page).getByRole('heading', { name: 'Log in' }).waitFor();
      assert.equal(await dialog(shut.page).getByText('No account? Sign up').count(), 0, 'no way to sign up');

      const tab = await openTab(auto);
      tabs.push(tab);
      const email = uniqueEmail('auto');
      await signUp(tab, 'Auto Confirmed', email);
      await waitForWho(tab.page, `Logged in as ${email}`);
      assert.deepEqual(
        (await pageEvents(tab.page)).filter((event) => event.type === 'login').map((event) => event.method),
        ['signup'],
      );
    });
  } finally {
    await closed.close();
    await auto.close();
  }
});

test('4. forgot password: mail, link, new password, logged in; the old password fails, the new works; a spent link says so', async (t) => {
  const tabs: Tab[] = [];
  await withArtifacts(t, tabs, async () => {
    const email = await confirmedUser(widget, 'recover');
    const tab = await openTab(widget);
    tabs.push(tab);
    await open(tab, 'forgot');
    await dialog(tab.page).getByLabel('Email').fill(email);
    await dialog(tab.page).getByRole('button', { name: 'Send reset link' }).click();
    await dialog(tab.page).getByText(`If ${email} has an account`).waitFor();

    const mail = await mailTo(widget, email, 'recovery');
    await tab.page.goto(throughProxy(widget, mail.link));
    await dialog(tab.page).getByRole('heading', { name: 'Set a new password' }).waitFor();
    await dialog(tab.page).getByLabel('New password').fill('a brand new secret');
    await dialog(tab.page).getByRole('button', { name: 'Save password' }).click();
    await dialog(tab.page).getByText('Your new password is saved.').waitFor();
    await waitForWho(tab.page, `Logged in as ${email}`);
    assert.deepEqual(
      (await pageEvents(tab.page)).filter((event) => event.type === 'login').map((event) => event.method),
      ['recovery'],
      JSON.stringify(await pageEvents(tab.page)),
    );

    const api = `${widget.site.url}/.netlify/identity/token`;
    const grant = (password: string) =>
      fetch(api, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', username: email, password }),
      });
    assert.equal((await grant(PASSWORD)).status, 400, 'the old password fails');
    assert.equal((await grant('a brand new secret')).status, 200, 'the new one works');

    const again = await openTab(widget, { url: throughProxy(widget, mail.link) });
    tabs.push(again);
    await dialog(again.page).getByText('This link is invalid or was already used.').waitFor();
  });
});

test('6. account view: a new name reaches the JWT; a new email is confirmed from the new inbox; a new password works', async (t) => {
  const tabs: Tab[] = [];
  await withArtifacts(t, tabs, async () => {
    const email = await confirmedUser(widget, 'account', { full_name: 'Ada Lovelace' });
    const tab = await openTab(widget);
    tabs.push(tab);
    await logIn(tab.page, email);
    await waitForWho(tab.page, `Logged in as ${email}`);
    await open(tab, 'account');
    await dialog(tab.page).getByLabel('Name').fill('Ada King');
    await dialog(tab.page).getByRole('button', { name: 'Save changes' }).click();
    await dialog(tab.page).getByText('Saved.').waitFor();
    await tab.page.waitForFunction(async () => {
      const jwt = await (document.getElementById('auth') as HTMLElement & { jwt(): Promise<string> }).jwt();
      return (
        JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).user_metadata.full_name ===
        'Ada King'
      );
    });

    const newEmail = uniqueEmail('moved');
    await dialog(tab.page).getByLabel('Email').fill(newEmail);
    await dialog(tab.page).getByRole('button', { name: 'Save changes' }).click();
    await dialog(tab.page).getByText(`Check your new inbox: we sent a confirmation link to ${newEmail}.`).waitFor();
    const mail = await mailTo(widget, newEmail, 'email_change');
    await tab.page.goto(throughProxy(widget, mail.link));
    await dialog(tab.page).getByText(`Your email address is now ${newEmail}.`).waitFor();
    await tab.page.waitForFunction(
      (address) => JSON.parse(localStorage.getItem('gotrue.user') ?? '{}').email === address,
      newEmail,
    );

    await open(tab, 'account');
    await dialog(tab.page).getByLabel('New password').fill('changed in the account view');
    await dialog(tab.page).getByRole('button', { name: 'Save changes' }).click();
    await dialog(tab.page).getByText('Your new password is saved.').waitFor();
    const grant = (password: string) =>
      fetch(`${widget.site.url}/.netlify/identity/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', username: newEmail, password }),
      });
    assert.equal((await grant(PASSWORD)).status, 400, 'the old password fails');
    assert.equal((await grant('changed in the account view')).status, 200, 'the new one works');
  });
});

test('8. a logout in one tab logs the other out (other-tab); a login in one shows the user in the other', async (t) => {
  const tabs: Tab[] = [];
  await withArtifacts(t, tabs, async () => {
    const email = await confirmedUser(widget, 'tabs');
    const context = await widget.browser.newContext();
    const [a, b] = [await openTab(widget, { context }), await openTab(widget, { context })];
    tabs.push(a, b);
    await logIn(a.page, email);
    await waitForWho(b.page, `Logged in as ${email}`);
    await a.page.evaluate(() =>
      (document.getElementById('auth') as HTMLElement & { logout(): Promise<void> }).logout(),
    );
    await waitForWho(b.page, 'Logged out (other-tab).');
    assert.equal(await stored(b.page), null);
    await context.close();
  });
});

test('10. a user deleted on the server is logged out in every open tab, storage cleared', async (t) => {
  const tabs: Tab[] = [];
  await withArtifacts(t, tabs, async () => {
    const email = await confirmedUser(widget, 'deleted');
    const context = await widget.browser.newContext();
    const [a, b] = [await openTab(widget, { context }), await openTab(widget, { context })];
    tabs.push(a, b);
    await logIn(a.page, email);
    await waitForWho(b.page, `Logged in as ${email}`);
    const users = (await (
      await fetch(`${widget.site.url}/.netlify/identity/admin/users`, {
        headers: { authorization: `Bearer ${widget.site.operatorToken}` },
      })
    ).json()) as { users: { id: string; email: string }[] };
    const id = users.users.find((user) => user.email === email)!.id;
    const deleted = await fetch(`${widget.site.url}/.netlify/identity/admin/users/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${widget.site.operatorToken}` },
    });
    assert.equal(deleted.status, 200);
    // The next check with the server (here: a reload's GET /user) finds the user gone.
    await b.page.reload();
    for (const tab of [a, b]) await waitForWho(tab.page, /Logged out \((revoked|other-tab)\)\.|Not logged in\./);
    assert.equal(await stored(a.page), null);
    await context.close();
  });
});

test('11. el.fetch() hands a function the verified claims, a forged token none; a role granted by identity-signup opens a gate', async (t) => {
  const tabs: Tab[] = [];
  await withArtifacts(t, tabs, async () => {
    const members = `${widget.proxy.url}/members.html`;
    const tab = await openTab(widget, { url: members });
    tabs.push(tab);
    await tab.page.locator('#not-a-member').waitFor();
    assert.equal(await tab.page.locator('#members-only').isVisible(), false, 'no members section logged out');

    const email = uniqueEmail('member');
    await signUp(tab, 'Member Person', email);
    await dialog(tab.page).getByText(`We sent a confirmation link to ${email}`).waitFor();
    const link = new URL((await mailTo(widget, email, 'confirmation')).link);
    await tab.page.goto(`${members}${link.hash}`);
    await waitForWho(tab.page, `Logged in as ${email}`);
    await tab.page.locator('#members-only').waitFor();
    assert.equal(await tab.page.locator('#not-a-member').isVisible(), false, 'the fallback is gone');

    const { answer, id } = await tab.page.evaluate(async () => {
      const auth = document.getElementById('auth') as HTMLElement & {
        fetch(input: string): Promise<Response>;
        user: { id: string };
      };
      const response = await auth.fetch('/.netlify/functions/claims');
      return { answer: { status: response.status, body: await response.json() }, id: auth.user.id };
    });
    assert.equal(answer.status, 200);
    const claims = (answer.body as { user: { email: string; sub: string; app_metadata: { roles?: string[] } } }).user;
    assert.equal(claims.email, email);
    assert.equal(claims.sub, id);
    assert.deepEqual(claims.app_metadata.roles, ['member']);

    // The real token with its claims changed: the signature no longer matches, so no user.
    const forged = await tab.page.evaluate(async () => {
      const auth = document.getElementById('auth') as HTMLElement & { jwt(): Promise<string> };
      const [header, payload, signature] = (await auth.jwt()).split('.') as [string, string, string];
      const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
      claims.email = 'attacker@evil.example';
      const tampered = btoa(JSON.stringify(claims)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      const response = await fetch('/.netlify/functions/claims', {
        headers: { authorization: `Bearer ${header}.${tampered}.${signature}` },
      });
      return response.json();
    });
    assert.deepEqual(forged, { user: null });
    assert.deepEqual(tab.problems.errors, []);
  });
});

test('11b. without the role, the gate stays shut after login and the function still sees the user', async (t) => {
  const tabs: Tab[] = [];
  await withArtifacts(t, tabs, async () => {
    const email = await confirmedUser(widget, 'visitor');
    const tab = await openTab(widget, { url: `${widget.proxy.url}/members.html` });
    tabs.push(tab);
    await logIn(tab.page, email);
    await waitForWho(tab.page, `Logged in as ${email}`);
    await tab.page.locator('#not-a-member').waitFor();
    assert.equal(await tab.page.locator('#members-only').isVisible(), false);
    const claims = await tab.page.evaluate(async () => {
      const auth = document.getElementById('auth') as HTMLElement & { fetch(input: string): Promise<Response> };
      return (await auth.fetch('/.netlify/functions/claims')).json();
    });
    assert.equal((claims as { user: { email: string } }).user.email, email);
  });
});
