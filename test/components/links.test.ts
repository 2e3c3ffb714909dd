// Email links and OAuth returns arrive in the URL fragment; the element
// handles them on connect and on hashchange.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import {
  API,
  AuthHarness,
  cleanUp,
  confirmedUser,
  dialogOf,
  mail,
  mount,
  recordEvents,
  uniqueEmail,
  until,
} from './harness.js';

async function signupUnconfirmed(api: string): Promise<string> {
  const email = uniqueEmail('link');
  const response = await fetch(`${api}/signup`, {
    method: 'POST',
    body: JSON.stringify({ email, password: 'pw-12345' }),
  });
  expect(response.status).to.equal(200);
  return email;
}

async function tokens(api: string, email: string, password: string) {
  const response = await fetch(`${api}/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', username: email, password }),
  });
  return (await response.json()) as { access_token: string; refresh_token: string; expires_in: number };
}

describe('<gotrue-auth> URL fragments', () => {
  afterEach(cleanUp);

  it('a confirmation link logs in (method confirmation), says so, and leaves no token in the URL', async () => {
    const email = await signupUnconfirmed(API.default);
    const { token } = await mail(API.default, email, 'confirmation');
    const el = await mount({ 'api-url': API.default });
    const events = recordEvents(el);
    location.hash = `confirmation_token=${token}`;
    await until(() => events.some((e) => e.type === 'gotrue:login'), 'no login');
    expect(events.find((e) => e.type === 'gotrue:login')!.detail.method).to.equal('confirmation');
    expect(location.hash).to.equal('');
    await until(() => el.textContent!.includes('Your email address is confirmed'), 'no notice');
    expect(dialogOf(el).open).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('a used confirmation link shows the catalogue error in the alert region', async () => {
    const el = await mount({ 'api-url': API.default });
    const events = recordEvents(el);
    location.hash = 'confirmation_token=AAAAAAAAAAAAAAAAAAAAAA';
    await until(() => events.some((e) => e.type === 'gotrue:error'), 'no error');
    await el.updateComplete;
    expect(new AuthHarness(el).alert.textContent).to.equal('This link is invalid or was already used.');
    expect(events.find((e) => e.type === 'gotrue:error')!.detail).to.deep.include({
      code: 'invalid_token',
      view: 'confirmation',
    });
  });

  it('a recovery link opens "set a new password", which saves it and logs in', async () => {
    const { email } = await confirmedUser(API.autoconfirm);
    await fetch(`${API.autoconfirm}/recover`, { method: 'POST', body: JSON.stringify({ email }) });
    const { token } = await mail(API.autoconfirm, email, 'recovery');
    location.hash = `recovery_token=${token}`;
    const el = await mount({ 'api-url': API.autoconfirm });
    const events = recordEvents(el);
    await until(() => new AuthHarness(el).hasForm('recovery'), 'no recovery form');
    const password = new AuthHarness(el).passwordInput;
    expect(password.autocomplete).to.equal('new-password');
    expect(new AuthHarness(el).usernameInput.value).to.equal(email);
    await expect(el).to.be.accessible();
    password.focus();
    await sendKeys({ type: 'brand new secret' });
    await sendKeys({ press: 'Enter' });
    await until(() => el.textContent!.includes('Your new password is saved.'), 'not saved');
    expect(events.map((e) => e.type)).not.to.include('gotrue:error');
    const answer = await tokens(API.autoconfirm, email, 'brand new secret');
    expect(answer.access_token).to.be.a('string');
  });

  it('a recovery link with `redirect` set shows "Set a new password"; the login and the redirect come after saving it', async () => {
    const { email } = await confirmedUser(API.autoconfirm);
    await fetch(`${API.autoconfirm}/recover`, { method: 'POST', body: JSON.stringify({ email }) });
    const { token } = await mail(API.autoconfirm, email, 'recovery');
    const logins: string[] = [];
    const onLogin = (event: Event) => logins.push((event as CustomEvent).detail.method);
    document.addEventListener('gotrue:login', onLogin);
    try {
      history.replaceState(null, '', `#recovery_token=${token}`);
      // A same-page path with a hash: following it changes the hash without leaving the test page.
      const el = await mount({
        'api-url': API.autoconfirm,
        redirect: `${location.pathname}${location.search}#after-login`,
      });
      const ui = new AuthHarness(el);
      expect(ui.heading.textContent).to.equal('Set a new password');
      expect(ui.hasForm('recovery')).to.equal(true);
      expect(logins).to.deep.equal([]);
      expect(location.hash).to.equal('');
      ui.passwordInput.focus();
      await sendKeys({ type: 'chosen after recovery' });
      await sendKeys({ press: 'Enter' });
      await until(() => location.hash === '#after-login', 'the redirect was not followed');
      expect(logins).to.deep.equal(['recovery']);
      expect(ui.noticeText).to.equal('Your new password is saved.');
      const answer = await tokens(API.autoconfirm, email, 'chosen after recovery');
      expect(answer.access_token).to.be.a('string');
    } finally {
      document.removeEventListener('gotrue:login', onLogin);
    }
  });

  it('an invite link asks for a password, with provider buttons, and accepting logs in', async () => {
    const operator = await (await fetch(`${API.providers}/__operator-token`)).text();
    const email = uniqueEmail('invitee');
    const invited = await fetch(`${API.providers}/invite`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator}` },
      body: JSON.stringify({ email }),
    });
    expect(invited.status).to.equal(200);
    const { token } = await mail(API.providers, email, 'invite');
    const el = await mount({ 'api-url': API.providers });
    const events = recordEvents(el);
    location.hash = `invite_token=${token}`;
    await until(() => new AuthHarness(el).hasForm('invite'), 'no invite form');
    expect(new AuthHarness(el).heading.textContent).to.equal('Accept your invitation');
    await until(() => new AuthHarness(el).providerButtons.length === 2, 'no providers');
    await expect(el).to.be.accessible();
    new AuthHarness(el).passwordInput.focus();
    await sendKeys({ type: 'invited secret' });
    await sendKeys({ press: 'Enter' });
    await until(() => events.some((e) => e.type === 'gotrue:login'), 'no login');
    expect(events.find((e) => e.type === 'gotrue:login')!.detail.method).to.equal('invite');
    expect(el.user!.email).to.equal(email);
  });

  it('a provider return logs in with method external', async () => {
    const { email, password } = await confirmedUser(API.autoconfirm);
    const answer = await tokens(API.autoconfirm, email, password);
    const el = await mount({ 'api-url': API.autoconfirm });
    const events = recordEvents(el);
    location.hash = new URLSearchParams({
      ...answer,
      expires_in: String(answer.expires_in),
      token_type: 'bearer',
    }).toString();
    await until(() => events.some((e) => e.type === 'gotrue:login'), 'no login');
    expect(events.find((e) => e.type === 'gotrue:login')!.detail.method).to.equal('external');
    expect(location.hash).to.equal('');
  });

  it('a provider return for a user with 10 KB of metadata logs in (a JWT over 8 KB)', async () => {
    const { email, password } = await confirmedUser(API.autoconfirm);
    const answer = await tokens(API.autoconfirm, email, password);
    const bio = 'x'.repeat(10_000);
    await fetch(`${API.autoconfirm}/user`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${answer.access_token}` },
      body: JSON.stringify({ data: { bio } }),
    });
    const big = await tokens(API.autoconfirm, email, password);
    expect(big.access_token.length).to.be.greaterThan(13_000);
    const el = await mount({ 'api-url': API.autoconfirm });
    const events = recordEvents(el);
    location.hash = new URLSearchParams({
      ...big,
      expires_in: String(big.expires_in),
      token_type: 'bearer',
    }).toString();
    await until(() => events.some((e) => e.type === 'gotrue:login'), 'no login');
    expect(el.user!.user_metadata.bio).to.equal(bio);
    expect(location.hash).to.equal('');
  });

  it('a refused fragment (a repeated token) is removed and said to be a dead link', async () => {
    const el = await mount({ 'api-url': API.default });
    const events = recordEvents(el);
    location.hash = 'recovery_token=first&recovery_token=second';
    await until(() => events.some((e) => e.type === 'gotrue:error'), 'no error');
    await el.updateComplete;
    expect(location.hash).to.equal('');
    expect(new AuthHarness(el).alertText).to.equal('This link is invalid or was already used.');
    expect(events.find((e) => e.type === 'gotrue:error')!.detail).to.deep.include({
      code: 'invalid_token',
      view: 'login',
    });
  });

  for (const [label, fragment, code, text] of [
    [
      'a login cancelled at the provider',
      'error=access_denied&error_description=Denied+by+user',
      'provider_cancelled',
      'The login was cancelled at the provider. Try again, or log in another way.',
    ],
    [
      'an invite accepted with another address at the provider',
      'error=invalid_request&error_description=Invited+email+does+not+match+emails+from+external+provider',
      'provider_email_mismatch',
      'The invitation was sent to another email address than the one the provider gave.',
    ],
    [
      'a code GoTrue could not exchange',
      'error=server_error&error_description=Unable+to+exchange+external+code%3A+4%2Fabc',
      'provider_exchange_failed',
      'The login provider could not complete the login. Try again.',
    ],
    [
      'any other provider error, with its description shown as text',
      'error=invalid_request&error_description=%3Cb%3EBad%3C%2Fb%3E+scope',
      'provider_error',
      'The login provider reported a problem: <b>Bad</b> scope',
    ],
  ] as const) {
    it(`says what happened for ${label}`, async () => {
      const el = await mount({ 'api-url': API.default });
      const events = recordEvents(el);
      location.hash = fragment;
      await until(() => events.some((e) => e.type === 'gotrue:error'), 'no error');
      await el.updateComplete;
      const ui = new AuthHarness(el);
      expect(ui.alertText).to.equal(text);
      expect(ui.alert.children.length, 'the description is text, not markup').to.equal(0);
      expect(events.find((e) => e.type === 'gotrue:error')!.detail).to.deep.equal({
        code,
        message: text,
        view: 'login',
      });
    });
  }

  it('a provider error is shown on the login view and reported', async () => {
    const el = await mount({ 'api-url': API.default });
    const events = recordEvents(el);
    location.hash = 'error=access_denied&error_description=The+user+has+denied+your+application+access.';
    await until(() => events.some((e) => e.type === 'gotrue:error'), 'no error');
    await el.updateComplete;
    expect(dialogOf(el).open).to.equal(true);
    expect(new AuthHarness(el).alert.textContent).to.not.equal('');
    expect(events.find((e) => e.type === 'gotrue:error')!.detail.view).to.equal('login');
  });

  it('an email change link asks to log in first, then confirms the new address', async () => {
    const { email, password } = await confirmedUser(API.autoconfirm);
    const answer = await tokens(API.autoconfirm, email, password);
    const newEmail = uniqueEmail('changed');
    await fetch(`${API.autoconfirm}/user`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${answer.access_token}` },
      body: JSON.stringify({ email: newEmail }),
    });
    const { token } = await mail(API.autoconfirm, newEmail, 'email_change');
    const el = await mount({ 'api-url': API.autoconfirm });
    location.hash = `email_change_token=${token}`;
    await until(() => el.textContent!.includes('Log in to confirm your new email address.'), 'no login request');
    new AuthHarness(el).emailInput.value = email;
    new AuthHarness(el).passwordInput.value = password;
    new AuthHarness(el).submitButton.click();
    await until(() => el.textContent!.includes(`Your email address is now ${newEmail}.`), 'not confirmed').catch(
      (error) => {
        throw new Error(
          `${error.message}: ${new AuthHarness(el).heading.textContent} | ${new AuthHarness(el).alertText} | ${el.querySelector('[role=status]')?.textContent}`,
        );
      },
    );
    await expect(el).to.be.accessible();
  });
});
