import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import {
  API,
  AuthHarness,
  cleanUp,
  confirmedUser,
  dialogOf,
  holdRequests,
  logIn,
  mail,
  mount,
  recordEvents,
  uniqueEmail,
  until,
} from './harness.js';
import type { GotrueAuth } from '../../src/index.js';

async function loggedIn(attributes: Record<string, string> = {}): Promise<{ el: GotrueAuth; email: string }> {
  const { email, password } = await confirmedUser(API.autoconfirm, 'Ada Lovelace');
  const el = await mount({ 'api-url': API.autoconfirm, ...attributes });
  await logIn(el, email, password);
  return { el, email };
}

describe('<gotrue-auth> account view', () => {
  afterEach(cleanUp);

  it('shows who is logged in with name and email filled in, accessibly', async () => {
    const { el, email } = await loggedIn();
    await until(() => !dialogOf(el).open, 'dialog stayed open after login');
    el.open();
    await el.updateComplete;
    expect(new AuthHarness(el).heading.textContent).to.equal('Your account');
    expect(el.textContent).to.contain(`Logged in as ${email}`);
    expect(new AuthHarness(el).nameInput.value).to.equal('Ada Lovelace');
    expect(new AuthHarness(el).nameInput.autocomplete).to.equal('name');
    expect(new AuthHarness(el).passwordInput.autocomplete).to.equal('new-password');
    // A password manager files a new password under the account's username.
    expect(new AuthHarness(el).usernameInput.autocomplete).to.equal('username');
    expect(new AuthHarness(el).usernameInput.value).to.equal(email);
    await expect(el).to.be.accessible();
  });

  it('saves a new name with one PUT /user and fires gotrue:user', async () => {
    const { el } = await loggedIn();
    el.open('account');
    await el.updateComplete;
    const events = recordEvents(el);
    const name = new AuthHarness(el).nameInput;
    name.focus();
    name.select();
    await sendKeys({ type: 'Ada King' });
    await sendKeys({ press: 'Enter' });
    await until(() => el.textContent!.includes('Saved.'), 'not saved');
    await until(
      () => events.some((e) => e.type === 'gotrue:user' && e.detail.user.user_metadata.full_name === 'Ada King'),
      'no user event',
    );
    expect(el.user!.user_metadata['full_name']).to.equal('Ada King');
  });

  it('"Saved." goes as soon as the next save starts, and comes back when it is done', async () => {
    const { el } = await loggedIn();
    const ui = new AuthHarness(el);
    await el.open('account');
    ui.nameInput.value = 'Ada King';
    ui.submitButton.click();
    await until(() => ui.noticeText === 'Saved.', 'not saved');
    const hold = holdRequests((method, path) => method === 'PUT' && path.endsWith('/user'));
    try {
      ui.nameInput.value = 'Ada, Countess of Lovelace';
      ui.submitButton.click();
      await until(() => hold.held === 1, 'no second save');
      await el.updateComplete;
      expect(ui.noticeText).to.equal('');
      expect(ui.submitButton.disabled).to.equal(true);
      hold.release();
      await until(() => ui.noticeText === 'Saved.', 'the second save was not confirmed');
    } finally {
      hold.stop();
    }
  });

  it('an email change says to check the new inbox', async () => {
    const { el } = await loggedIn();
    el.open('account');
    await el.updateComplete;
    const newEmail = uniqueEmail('new');
    const email = new AuthHarness(el).emailInput;
    email.focus();
    email.select();
    await sendKeys({ type: newEmail });
    await sendKeys({ press: 'Enter' });
    await until(
      () => el.textContent!.includes(`Check your new inbox: we sent a confirmation link to ${newEmail}.`),
      'no notice',
    );
    await mail(API.autoconfirm, newEmail, 'email_change');
  });

  it('logs out with gotrue:logout {reason: user}', async () => {
    const { el } = await loggedIn();
    el.open('account');
    await el.updateComplete;
    const events = recordEvents(el);
    new AuthHarness(el).linkButton('Log out').click();
    await until(() => events.some((e) => e.type === 'gotrue:logout'), 'no logout');
    expect(events.find((e) => e.type === 'gotrue:logout')!.detail).to.deep.equal({ reason: 'user' });
    expect(el.user).to.equal(null);
    expect(localStorage.getItem('gotrue.user')).to.equal(null);
  });

  it('close-on-login="false" keeps the dialog open on the account view', async () => {
    const { el } = await loggedIn({ 'close-on-login': 'false' });
    await until(() => new AuthHarness(el).heading.textContent === 'Your account', 'no account view');
    expect(dialogOf(el).open).to.equal(true);
  });

  it('jwt() and fetch() give the page a bearer token for its own functions', async () => {
    const { el, email } = await loggedIn();
    const jwt = await el.jwt();
    expect(jwt.split('.')).to.have.length(3);
    const response = await el.fetch(`${API.autoconfirm}/user`);
    expect(response.status).to.equal(200);
    expect((await response.json()).email).to.equal(email);
  });
});
