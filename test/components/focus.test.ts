// Focus follows what the dialog shows: a view that first waits for the server moves
// focus to its field or button once that appears, not leaving it on the close button.
import { expect } from '@open-wc/testing';
import { API, AuthHarness, cleanUp, confirmedUser, mail, mount, uniqueEmail, until } from './harness.js';

/** The focused element, named by what a user sees of it (a readable failure, unlike a DOM node). */
function focused(): string {
  const active = document.activeElement as HTMLElement | null;
  if (!active) return 'nothing';
  const name = active.getAttribute('name');
  return `${active.tagName.toLowerCase()}${name ? `[name=${name}]` : ''}.${active.className}`;
}

describe('<gotrue-auth> focus after email links', () => {
  afterEach(cleanUp);

  it('a recovery link focuses the new-password field once the link is verified', async () => {
    const { email } = await confirmedUser(API.autoconfirm);
    await fetch(`${API.autoconfirm}/recover`, { method: 'POST', body: JSON.stringify({ email }) });
    const { token } = await mail(API.autoconfirm, email, 'recovery');
    location.hash = `recovery_token=${token}`;
    const el = await mount({ 'api-url': API.autoconfirm });
    await until(() => new AuthHarness(el).hasForm('recovery'), 'no recovery form');
    await el.updateComplete;
    expect(
      new AuthHarness(el).form('recovery').querySelector('input[name=password]')!.matches(':focus'),
      focused(),
    ).to.equal(true);
  });

  it('an invite link focuses the password field, even with provider buttons above it', async () => {
    const operator = await (await fetch(`${API.providers}/__operator-token`)).text();
    const email = uniqueEmail('invitee');
    await fetch(`${API.providers}/invite`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator}` },
      body: JSON.stringify({ email }),
    });
    const { token } = await mail(API.providers, email, 'invite');
    const el = await mount({ 'api-url': API.providers });
    location.hash = `invite_token=${token}`;
    await until(() => new AuthHarness(el).providerButtons.length === 2, 'no providers');
    await el.updateComplete;
    expect(
      new AuthHarness(el).form('invite').querySelector('input[name=password]')!.matches(':focus'),
      focused(),
    ).to.equal(true);
  });

  it('a used confirmation link focuses "Continue" once its error shows', async () => {
    const el = await mount({ 'api-url': API.default });
    location.hash = 'confirmation_token=AAAAAAAAAAAAAAAAAAAAAA';
    await until(() => new AuthHarness(el).alertText, 'no error');
    await el.updateComplete;
    expect(new AuthHarness(el).continueButton.matches(':focus'), focused()).to.equal(true);
  });

  it('a used email change link focuses "Continue" once its error shows', async () => {
    const { email, password } = await confirmedUser(API.autoconfirm);
    const el = await mount({ 'api-url': API.autoconfirm });
    el.open('login');
    await el.updateComplete;
    new AuthHarness(el).emailInput.value = email;
    new AuthHarness(el).passwordInput.value = password;
    new AuthHarness(el).submitButton.click();
    await until(() => el.user, 'no login');
    location.hash = 'email_change_token=AAAAAAAAAAAAAAAAAAAAAA';
    await until(() => new AuthHarness(el).alertText, 'no error');
    await el.updateComplete;
    expect(new AuthHarness(el).continueButton.matches(':focus'), focused()).to.equal(true);
  });
});
