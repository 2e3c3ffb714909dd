import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import {
  API,
  AuthHarness,
  cleanUp,
  dialogOf,
  find,
  mail,
  mount,
  recordEvents,
  recordRequests,
  uniqueEmail,
  until,
} from './harness.js';

async function fillSignup(el: HTMLElement, email: string): Promise<void> {
  new AuthHarness(el).nameInput.focus();
  await sendKeys({ type: 'Grace Hopper' });
  await sendKeys({ press: 'Tab' });
  await sendKeys({ type: email });
  await sendKeys({ press: 'Tab' });
  await sendKeys({ type: 'a long passphrase' });
}

describe('<gotrue-auth> signup view', () => {
  afterEach(cleanUp);

  it('renders name, email and new-password fields plus slotted extra fields, accessibly', async () => {
    const el = await mount(
      { 'api-url': API.default },
      '<label slot="signup-fields">Company <input name="company" /></label>',
    );
    // The slotted field is not shown until the signup view is.
    expect(el.querySelector('input[name=company]')!.checkVisibility()).to.equal(false);
    el.open('signup');
    await el.updateComplete;
    const form = find<HTMLFormElement>(el, 'form[data-action=signup]');
    const tokens = [...form.querySelectorAll('input')].map((input) => `${input.name}:${input.autocomplete}`);
    // The email is the account's username: a password manager files the new password under it.
    expect(tokens).to.deep.equal(['name:name', 'email:username', 'password:new-password', 'company:']);
    expect(document.activeElement).to.equal(form.querySelector('input[name=name]'));
    expect(new AuthHarness(el).heading.textContent).to.equal('Sign up');
    await expect(el).to.be.accessible();
  });

  it('with email confirmation on: one POST /signup, then "check your email", no login', async () => {
    const email = uniqueEmail('signup');
    const el = await mount(
      { 'api-url': API.default },
      '<label slot="signup-fields">Company <input name="company" /></label>',
    );
    el.open('signup', { metadata: { plan: 'pro' } });
    await el.updateComplete;
    const events = recordEvents(el);
    await fillSignup(el, email);
    find<HTMLInputElement>(el, 'input[name=company]').value = 'ACME';
    const recorder = recordRequests();
    await sendKeys({ press: 'Enter' });
    await until(() => new AuthHarness(el).noticeText.includes(email), 'no notice');
    recorder.stop();
    expect(recorder.requests.filter((r) => r.method === 'POST')).to.deep.equal([
      { method: 'POST', path: `${API.default}/signup` },
    ]);
    expect(new AuthHarness(el).heading.textContent).to.equal('Check your email');
    expect(events.map((e) => e.type)).not.to.include('gotrue:login');
    const confirmation = await mail(API.default, email, 'confirmation');
    expect(confirmation.token).to.be.a('string');
    await expect(el).to.be.accessible();
  });

  it('sends the name and extra metadata as user_metadata', async () => {
    const email = uniqueEmail('meta');
    const el = await mount(
      { 'api-url': API.autoconfirm },
      '<label slot="signup-fields">Company <input name="company" /></label>',
    );
    el.open('signup', { metadata: { plan: 'pro' } });
    await el.updateComplete;
    await fillSignup(el, email);
    find<HTMLInputElement>(el, 'input[name=company]').value = 'ACME';
    const login = new Promise<CustomEvent>((resolve) =>
      el.addEventListener('gotrue:login', (e) => resolve(e), { once: true }),
    );
    await sendKeys({ press: 'Enter' });
    const { detail } = await login;
    expect(detail.method).to.equal('signup');
    await until(() => el.user?.user_metadata['company'] === 'ACME', 'metadata not saved');
    expect(el.user!.user_metadata).to.deep.include({ full_name: 'Grace Hopper', plan: 'pro', company: 'ACME' });
  });

  it('with autoconfirm: logged in right after signup and the dialog closes', async () => {
    const email = uniqueEmail('auto');
    const el = await mount({ 'api-url': API.autoconfirm });
    el.open('signup');
    await el.updateComplete;
    const events = recordEvents(el);
    await fillSignup(el, email);
    await sendKeys({ press: 'Enter' });
    await until(() => events.some((e) => e.type === 'gotrue:login'), 'no login');
    expect(el.user!.email).to.equal(email);
    await el.updateComplete;
    expect(dialogOf(el).open).to.equal(false);
  });

  it('when signups are disabled: no signup link, and the signup view explains why', async () => {
    const el = await mount({ 'api-url': API.nosignup });
    el.open('login');
    await el.updateComplete;
    expect(el.querySelector('form[data-action=login]')).not.to.equal(null);
    await until(() => !el.textContent!.includes('No account? Sign up'), 'signup link still shown');
    el.close();
    el.open('signup');
    await el.updateComplete;
    expect(el.querySelector('form[data-action=signup]')).to.equal(null);
    expect(new AuthHarness(el).noticeText).to.equal(
      'Signing up is closed for this site. Ask its owner for an invitation.',
    );
    await expect(el).to.be.accessible();
  });

  it('moves between login, signup and forgot with the typed email kept', async () => {
    const el = await mount({ 'api-url': API.default });
    el.open('login');
    await el.updateComplete;
    await sendKeys({ type: 'kept@example.com' });
    new AuthHarness(el).linkButton('No account? Sign up').click();
    await el.updateComplete;
    expect(find<HTMLInputElement>(el, 'form[data-action=signup] input[name=email]').value).to.equal('kept@example.com');
    new AuthHarness(el).linkButton('Have an account? Log in').click();
    await el.updateComplete;
    find<HTMLButtonElement>(el, '.gotrue-auth-link').click();
    await el.updateComplete;
    expect(new AuthHarness(el).heading.textContent).to.equal('Reset your password');
    expect(find<HTMLInputElement>(el, 'form[data-action=recover] input[name=email]').value).to.equal(
      'kept@example.com',
    );
  });
});

describe('<gotrue-auth> forgot-password view', () => {
  afterEach(cleanUp);

  it('sends one POST /recover from the keyboard, then says a link is on its way', async () => {
    const email = uniqueEmail('forgot');
    await fetch(`${API.autoconfirm}/signup`, { method: 'POST', body: JSON.stringify({ email, password: 'pw' }) });
    const el = await mount({ 'api-url': API.autoconfirm });
    el.open('forgot');
    await el.updateComplete;
    expect(new AuthHarness(el).heading.textContent).to.equal('Reset your password');
    expect(new AuthHarness(el).emailInput.autocomplete).to.equal('username');
    await expect(el).to.be.accessible();
    const recorder = recordRequests();
    await sendKeys({ type: email });
    await sendKeys({ press: 'Enter' });
    await until(() => el.textContent!.includes(`If ${email} has an account`), 'no notice');
    recorder.stop();
    expect(recorder.requests.filter((r) => r.method === 'POST')).to.deep.equal([
      { method: 'POST', path: `${API.autoconfirm}/recover` },
    ]);
    expect(new AuthHarness(el).heading.textContent).to.equal('Check your email');
    await mail(API.autoconfirm, email, 'recovery');
    await expect(el).to.be.accessible();
  });
});
