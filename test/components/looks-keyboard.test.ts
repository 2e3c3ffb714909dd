// Keyboard only: login, signup, recovery and invite done with keys alone, no clicks, from the
// page's own "Log in" button to the logged-in page, with visible focus at every stop.
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { GotrueAuth } from '../../src/index.js';
import { API, AuthHarness, cleanUp, confirmedUser, mail, mount, uniqueEmail } from './harness.js';

/**
 * A ceiling for a step that types, hashes a password on the local server and renders, on a busy
 * 2-core machine (keys are sent one by one from the test runner): not a speed assertion.
 */
function until(predicate: () => unknown, message: string): Promise<void> {
  return waitUntil(predicate, message, { timeout: 20000, interval: 20 });
}

/** What has focus, as a visitor would name it. */
function focusName(): string {
  const active = document.activeElement as HTMLElement | null;
  if (!active) return 'nothing';
  return (active.getAttribute('aria-label') ??
    (active instanceof HTMLInputElement
      ? (active.labels?.[0]?.textContent ?? active.name)
      : active.textContent))!.trim();
}

/** Presses Tab until the focused control is named `name` (at most a view's worth of stops). */
async function tabTo(name: string): Promise<void> {
  const seen: string[] = [];
  for (let stop = 0; stop < 15 && focusName() !== name; stop++) {
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement!.matches(':focus-visible'), focusName()).to.equal(true);
    seen.push(focusName());
  }
  expect(focusName(), `Tab never reached "${name}": ${seen.join(' → ')}`).to.equal(name);
}

/** A page button that opens the element on `view`, focused as a keyboard user would leave it. */
function pageButton(el: GotrueAuth, view: 'login' | 'signup'): HTMLButtonElement {
  const button = document.createElement('button');
  button.textContent = `Open ${view}`;
  button.addEventListener('click', () => void el.open(view));
  document.body.append(button);
  button.focus();
  return button;
}

describe('<gotrue-auth> keyboard only', function () {
  this.timeout(60000);

  afterEach(() => {
    cleanUp();
    document.querySelectorAll('body > button').forEach((button) => button.remove());
  });

  it('logs in: Enter on the page button, type, Tab, show the password with Space, Enter; focus returns to the page', async () => {
    const { email, password } = await confirmedUser();
    const el = await mount({ 'api-url': API.autoconfirm });
    const opener = pageButton(el, 'login');
    await sendKeys({ press: 'Enter' });
    await until(() => focusName() === 'Email', 'focus not on Email');
    await sendKeys({ type: email });
    await sendKeys({ press: 'Tab' });
    expect(focusName()).to.equal('Password');
    await sendKeys({ type: password });
    await tabTo('Show password');
    await sendKeys({ press: 'Space' });
    expect(new AuthHarness(el).passwordInput.type).to.equal('text');
    await tabTo('Remember me');
    await tabTo('Log in');
    await sendKeys({ press: 'Enter' });
    await until(() => el.user !== null, 'no login');
    expect(el.user!.email).to.equal(email);
    await until(() => document.activeElement === opener, 'focus not back on the page button');
  });

  it('signs up: from the login view to signup by Tab and Enter, then the fields and Enter', async () => {
    const el = await mount({ 'api-url': API.autoconfirm });
    pageButton(el, 'login');
    await sendKeys({ press: 'Enter' });
    await until(() => focusName() === 'Email', 'focus not on Email');
    await tabTo('No account? Sign up');
    await sendKeys({ press: 'Enter' });
    await until(() => focusName() === 'Name', 'focus not on Name');
    const email = uniqueEmail('keys');
    await sendKeys({ type: 'Grace Hopper' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: email });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'typed by keyboard' });
    await sendKeys({ press: 'Enter' });
    await until(() => el.user !== null, 'no login after signup');
    expect(el.user!.email).to.equal(email);
  });

  it('sets a new password from a recovery link: type, Enter, then Enter on "Continue"', async () => {
    const { email } = await confirmedUser(API.autoconfirm);
    await fetch(`${API.autoconfirm}/recover`, { method: 'POST', body: JSON.stringify({ email }) });
    const { token } = await mail(API.autoconfirm, email, 'recovery');
    location.hash = `recovery_token=${token}`;
    const el = await mount({ 'api-url': API.autoconfirm });
    await until(() => focusName() === 'New password', 'focus not on New password');
    await sendKeys({ type: 'chosen by keyboard' });
    await sendKeys({ press: 'Enter' });
    await until(() => el.user !== null && new AuthHarness(el).noticeText !== '', 'password not saved');
    const response = await fetch(`${API.autoconfirm}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username: email, password: 'chosen by keyboard' }),
    });
    expect(response.status).to.equal(200);
    await until(() => focusName() === 'Continue', 'focus not on Continue');
    await sendKeys({ press: 'Enter' });
    await until(() => !new AuthHarness(el).dialog.open, 'dialog still open');
  });

  it('accepts an invitation: past the provider buttons to the password, type, Enter', async () => {
    const operator = await (await fetch(`${API.providers}/__operator-token`)).text();
    const email = uniqueEmail('invitee');
    await fetch(`${API.providers}/invite`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator}` },
      body: JSON.stringify({ email }),
    });
    const { token } = await mail(API.providers, email, 'invite');
    location.hash = `invite_token=${token}`;
    const el = await mount({ 'api-url': API.providers });
    await until(() => focusName() === 'Password', 'focus not on Password');
    await sendKeys({ type: 'invited by keyboard' });
    await tabTo('Accept invitation');
    await sendKeys({ press: 'Enter' });
    await until(() => el.user !== null, 'no login after accepting');
    expect(el.user!.email).to.equal(email);
  });
});
