// Email links and OAuth returns arrive in the URL fragment (gotrue-api.md §5, §6); the element
// handles them on connect and on hashchange.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import {
  API,
  until,
  cleanUp, confirmedUser, dialogOf, find, mail, mount, recordEvents, uniqueEmail,
} from './harness.js';

async function signupUnconfirmed(api: string): Promise<string> {
  const email = uniqueEmail('link');
  const response = await fetch(`${api}/signup`, { method: 'POST', body: JSON.stringify({ email, password: 'pw-12345' }) });
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
    expect(find(el, '[role=alert]').textContent).to.equal('This link is invalid or was already used.');
    expect(events.find((e) => e.type === 'gotrue:error')!.detail).to.deep.include({ code: 'invalid_token', view: 'confirmation' });
  });

  it('a recovery link opens "set a new password", which saves it and logs in', async () => {
    const { email } = await confirmedUser(API.autoconfirm);
    await fetch(`${API.autoconfirm}/recover`, { method: 'POST', body: JSON.stringify({ email }) });
    const { token } = await mail(API.autoconfirm, email, 'recovery');
    location.hash = `recovery_token=${token}`;
    const el = await mount({ 'api-url': API.autoconfirm });
    const events = recordEvents(el);
    await until(() => el.querySelector('form[data-action=recovery]'), 'no recovery form');
    const password = find<HTMLInputElement>(el, 'input[name=password]');
    expect(password.autocomplete).to.equal('new-password');
    expect(find<HTMLInputElement>(el, 'input[name=username]').value).to.equal(email);
    await expect(el).to.be.accessible();
    password.focus();
    await sendKeys({ type: 'brand new secret' });
    await sendKeys({ press: 'Enter' });
    await until(() => el.textContent!.includes('Your new password is saved.'), 'not saved');
    expect(events.map((e) => e.type)).not.to.include('gotrue:error');
    const answer = await tokens(API.autoconfirm, email, 'brand new secret');
    expect(answer.access_token).to.be.a('string');
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
    await until(() => el.querySelector('form[data-action=invite]'), 'no invite form');
    expect(find(el, 'h2').textContent).to.equal('Accept your invitation');
    await until(() => el.querySelectorAll('.gotrue-auth-provider').length === 2, 'no providers');
    await expect(el).to.be.accessible();
    find<HTMLInputElement>(el, 'input[name=password]').focus();
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
    location.hash = new URLSearchParams({ ...answer, expires_in: String(answer.expires_in), token_type: 'bearer' }).toString();
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
    location.hash = new URLSearchParams({ ...big, expires_in: String(big.expires_in), token_type: 'bearer' }).toString();
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
    expect(find(el, '[role=alert]').textContent).to.equal('This link is invalid or was already used.');
    expect(events.find((e) => e.type === 'gotrue:error')!.detail).to.deep.include({ code: 'invalid_token', view: 'login' });
  });

  it('a provider error is shown on the login view and reported', async () => {
    const el = await mount({ 'api-url': API.default });
    const events = recordEvents(el);
    location.hash = 'error=access_denied&error_description=The+user+has+denied+your+application+access.';
    await until(() => events.some((e) => e.type === 'gotrue:error'), 'no error');
    await el.updateComplete;
    expect(dialogOf(el).open).to.equal(true);
    expect(find(el, '[role=alert]').textContent).to.not.equal('');
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
    find<HTMLInputElement>(el, 'input[name=email]').value = email;
    find<HTMLInputElement>(el, 'input[name=password]').value = password;
    find<HTMLButtonElement>(el, 'button[type=submit]').click();
    await until(() => el.textContent!.includes(`Your email address is now ${newEmail}.`), 'not confirmed').catch((error) => {
      throw new Error(`${error.message}: ${el.querySelector('h2')?.textContent} | ${el.querySelector('[role=alert]')?.textContent} | ${el.querySelector('[role=status]')?.textContent}`);
    });
    await expect(el).to.be.accessible();
  });
});
