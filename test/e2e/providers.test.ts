/**
 * Invitations and provider sign-in through the script tag, with the local server's stand-in
 * consent page for GitHub (no network): an invite accepted with a password or through the
 * provider, a provider login, a denied one, and one whose email the provider did not verify.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { en } from '../../src/core/i18n/en.js';
import fr from '../../src/core/i18n/locales/fr.js';
import {
  dialog,
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

before(async () => {
  widget = await startWidgetSite({ GOTRUE_EXTERNAL_GITHUB_ENABLED: 'true' });
});

after(async () => {
  await widget?.close();
});

async function invite(email: string): Promise<string> {
  const answer = await fetch(`${widget.site.url}/.netlify/identity/invite`, {
    method: 'POST',
    headers: { authorization: `Bearer ${widget.site.operatorToken}` },
    body: JSON.stringify({ email }),
  });
  assert.equal(answer.status, 200, 'invite sent');
  return throughProxy(widget, (await mailTo(widget, email, 'invite')).link);
}

/** On the stand-in consent page: continue as `email`, or deny. */
async function consent(page: Page, email: string, options: { verified?: boolean; deny?: boolean } = {}): Promise<void> {
  await page.getByRole('heading', { name: /Sign in with GitHub/ }).waitFor();
  if (options.deny) {
    await page.getByRole('button', { name: 'Deny' }).click();
    return;
  }
  await page.getByLabel('Email', { exact: true }).fill(email);
  if (options.verified === false) await page.getByLabel('Email verified by the provider').uncheck();
  await page.getByRole('button', { name: /^(Continue|Use another account)$/ }).click();
}

async function continueWithGitHub(tab: Tab): Promise<void> {
  await dialog(tab.page).getByRole('button', { name: 'Continue with GitHub' }).click();
}

async function logins(tab: Tab): Promise<(string | undefined)[]> {
  return (await pageEvents(tab.page)).filter((event) => event.type === 'login').map((event) => event.method);
}

test('5. an invitation accepted with a password logs the invited user in', async (t) => {
  const tabs: Tab[] = [];
  await withArtifacts(t, tabs, async () => {
    const email = uniqueEmail('invited');
    const tab = await openTab(widget, { url: await invite(email) });
    tabs.push(tab);
    await dialog(tab.page).getByRole('heading', { name: 'Accept your invitation' }).waitFor();
    await dialog(tab.page).getByLabel('Password', { exact: true }).fill('an invited secret');
    await dialog(tab.page).getByRole('button', { name: 'Accept invitation' }).click();
    await waitForWho(tab.page, `Logged in as ${email}`);
    assert.deepEqual(await logins(tab), ['invite']);
    assert.equal((await stored(tab.page))?.email, email);
  });
});

test('5b. the same kind of invitation accepted through the provider', async (t) => {
  const tabs: Tab[] = [];
  await withArtifacts(t, tabs, async () => {
    const email = uniqueEmail('invited-gh');
    const tab = await openTab(widget, { url: await invite(email) });
    tabs.push(tab);
    await dialog(tab.page).getByRole('heading', { name: 'Accept your invitation' }).waitFor();
    await continueWithGitHub(tab);
    await consent(tab.page, email);
    await waitForWho(tab.page, `Logged in as ${email}`);
    assert.equal(new URL(tab.page.url()).hash, '');
    assert.equal((await stored(tab.page))?.email, email);
  });
});

test('7. provider sign-in: back on the site logged in; denied: "cancelled"; unverified email: not logged in, a confirmation mailed', async (t) => {
  const tabs: Tab[] = [];
  await withArtifacts(t, tabs, async () => {
    const tab = await openTab(widget);
    tabs.push(tab);
    const open = () =>
      tab.page.evaluate(() =>
        (document.getElementById('auth') as HTMLElement & { open(view: string): Promise<void> }).open('login'),
      );

    await open();
    await continueWithGitHub(tab);
    await consent(tab.page, '', { deny: true });
    await dialog(tab.page).getByText('The login was cancelled at the provider.').waitFor();
    assert.equal(await stored(tab.page), null);

    const unverified = uniqueEmail('gh-unverified');
    await open();
    await continueWithGitHub(tab);
    await consent(tab.page, unverified, { verified: false });
    // GoTrue sends the browser back without a fragment and mails a confirmation link instead.
    await dialog(tab.page).getByRole('heading', { name: en['title.notice'] }).waitFor();
    await dialog(tab.page).getByText(en['notice.providerUnconfirmed']).waitFor();
    await waitForWho(tab.page, 'Not logged in.');
    assert.equal((await mailTo(widget, unverified, 'confirmation')).to, unverified);
    assert.equal(await stored(tab.page), null);
    // A reload of the page it came back to is an ordinary visit: no message.
    await tab.page.reload();
    await waitForWho(tab.page, 'Not logged in.');
    assert.equal(await dialog(tab.page).count(), 0, 'no dialog after a reload');

    const email = uniqueEmail('gh');
    await open();
    await continueWithGitHub(tab);
    await consent(tab.page, email);
    await waitForWho(tab.page, `Logged in as ${email}`);
    assert.deepEqual(await logins(tab), ['external']);
    assert.equal(new URL(tab.page.url()).hash, '', 'the token left the address bar');
    assert.deepEqual(tab.problems.errors, []);
  });
});

test('7b. an unverified provider email on a French page: "check your email" in French', async (t) => {
  const tabs: Tab[] = [];
  await withArtifacts(t, tabs, async () => {
    const tab = await openTab(widget, { url: `${widget.proxy.url}/fr.html` });
    tabs.push(tab);
    await tab.page.evaluate(() =>
      (document.getElementById('auth') as HTMLElement & { open(view: string): Promise<void> }).open('login'),
    );
    await dialog(tab.page)
      .getByRole('button', { name: fr['action.provider'].replace('{provider}', 'GitHub') })
      .click();
    const email = uniqueEmail('gh-fr');
    await consent(tab.page, email, { verified: false });
    await tab.page.waitForURL(/\/fr\.html/);
    await dialog(tab.page)
      .getByRole('heading', { name: fr['title.notice'] as string })
      .waitFor();
    await dialog(tab.page)
      .getByText(fr['notice.providerUnconfirmed'] as string)
      .waitFor();
    assert.equal((await mailTo(widget, email, 'confirmation')).to, email);
    assert.equal(await stored(tab.page), null);
    assert.deepEqual(tab.problems.errors, []);
  });
});
