// axe finds nothing on any view, in light, dark and right-to-left: colours (contrast), names,
// roles and the dialog's labelling hold in every mode.
import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { GotrueAuth } from '../../src/index.js';
import { API, AuthHarness, cleanUp, confirmedUser, logIn, mail, mount, uniqueEmail, until } from './harness.js';

/** axe over the element in light, dark and right-to-left (dark and right-to-left together too). */
async function accessibleInEveryMode(el: GotrueAuth): Promise<void> {
  for (const [scheme, dir] of [
    ['light', null],
    ['dark', null],
    ['light', 'rtl'],
    ['dark', 'rtl'],
  ] as const) {
    await emulateMedia({ colorScheme: scheme });
    if (dir) el.setAttribute('dir', dir);
    else el.removeAttribute('dir');
    await el.updateComplete;
    expect(getComputedStyle(el.querySelector('dialog, section')!).direction).to.equal(dir ?? 'ltr');
    await expect(el, `${scheme}${dir ? ` ${dir}` : ''}`).to.be.accessible();
  }
}

async function operatorInvite(api: string): Promise<string> {
  const operator = await (await fetch(`${api}/__operator-token`)).text();
  const email = uniqueEmail('invitee');
  await fetch(`${api}/invite`, {
    method: 'POST',
    headers: { authorization: `Bearer ${operator}` },
    body: JSON.stringify({ email }),
  });
  return (await mail(api, email, 'invite')).token;
}

describe('<gotrue-auth> accessibility of every view, in light, dark and right-to-left', () => {
  afterEach(async () => {
    cleanUp();
    await emulateMedia({ colorScheme: 'no-preference' });
  });

  it('login, with provider buttons and an error shown', async () => {
    const el = await mount({
      'api-url': API.providers,
      logo: 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg"/%3E',
    });
    await el.open('login');
    const ui = new AuthHarness(el);
    await until(() => ui.providerButtons.length === 2, 'no provider buttons');
    ui.emailInput.value = 'nobody@example.com';
    ui.passwordInput.value = 'wrong password';
    ui.submitButton.click();
    await until(() => ui.alertText, 'no error');
    await accessibleInEveryMode(el);
  });

  it('login, inline, with the password shown', async () => {
    const el = await mount({ 'api-url': API.default, mode: 'inline' });
    el.querySelector<HTMLButtonElement>('.gotrue-auth-reveal')!.click();
    await accessibleInEveryMode(el);
  });

  it('signup, with the extra slotted field', async () => {
    const el = await mount(
      { 'api-url': API.providers },
      '<label slot="signup-fields">Company <input name="company" /></label>',
    );
    await el.open('signup');
    await until(() => new AuthHarness(el).providerButtons.length === 2, 'no provider buttons');
    await accessibleInEveryMode(el);
  });

  it('forgot password, then its "check your email" notice', async () => {
    const el = await mount({ 'api-url': API.default });
    await el.open('forgot');
    await accessibleInEveryMode(el);
    const ui = new AuthHarness(el);
    ui.emailInput.value = uniqueEmail('forgetful');
    ui.submitButton.click();
    await until(() => ui.noticeText, 'no notice');
    await accessibleInEveryMode(el);
  });

  it('account', async () => {
    const { email, password } = await confirmedUser();
    const el = await mount({ 'api-url': API.autoconfirm });
    await logIn(el, email, password);
    await el.open('account');
    await accessibleInEveryMode(el);
  });

  it('set a new password, from a recovery link', async () => {
    const { email } = await confirmedUser(API.autoconfirm);
    await fetch(`${API.autoconfirm}/recover`, { method: 'POST', body: JSON.stringify({ email }) });
    const { token } = await mail(API.autoconfirm, email, 'recovery');
    location.hash = `recovery_token=${token}`;
    const el = await mount({ 'api-url': API.autoconfirm });
    await until(() => new AuthHarness(el).hasForm('recovery'), 'no recovery form');
    await accessibleInEveryMode(el);
  });

  it('accept an invitation, with provider buttons', async () => {
    const token = await operatorInvite(API.providers);
    const el = await mount({ 'api-url': API.providers });
    location.hash = `invite_token=${token}`;
    await until(() => new AuthHarness(el).hasForm('invite'), 'no invite form');
    await until(() => new AuthHarness(el).providerButtons.length === 2, 'no provider buttons');
    await accessibleInEveryMode(el);
  });

  it('a link that failed, with its error and "Continue"', async () => {
    const el = await mount({ 'api-url': API.default });
    location.hash = 'confirmation_token=AAAAAAAAAAAAAAAAAAAAAA';
    await until(() => new AuthHarness(el).alertText, 'no error');
    await accessibleInEveryMode(el);
  });
});
