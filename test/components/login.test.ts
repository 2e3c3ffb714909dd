import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import {
  API,
  AuthHarness,
  cleanUp,
  confirmedUser,
  dialogOf,
  mount,
  recordEvents,
  recordRequests,
  until,
} from './harness.js';

async function typeInto(input: HTMLInputElement, text: string): Promise<void> {
  input.focus();
  await sendKeys({ type: text });
}

describe('<gotrue-auth> login view', () => {
  afterEach(cleanUp);

  it('opens a labelled modal dialog at once, focus on the email field, forms in the light DOM', async () => {
    const opener = document.createElement('button');
    opener.textContent = 'Log in';
    document.body.append(opener);
    const el = await mount({ 'api-url': API.default });
    const events = recordEvents(el);
    const recorder = recordRequests();
    opener.focus();
    el.open('login');
    await el.updateComplete;
    recorder.stop();
    // Opening never waits for the network: no request was made for it.
    expect(recorder.requests).to.deep.equal([]);
    const dialog = dialogOf(el);
    expect(dialog.open).to.equal(true);
    expect(dialog.matches(':modal')).to.equal(true);
    const heading = document.getElementById(dialog.getAttribute('aria-labelledby')!)!;
    expect(heading.tagName).to.equal('H2');
    expect(heading.textContent).to.equal('Log in');
    // Password managers see these: real form controls in the document tree.
    const email = document.querySelector<HTMLInputElement>('gotrue-auth form[data-action=login] input[name=email]')!;
    const password = document.querySelector<HTMLInputElement>('gotrue-auth form input[name=password]')!;
    expect(email.autocomplete).to.equal('username');
    expect(email.type).to.equal('email');
    expect(password.autocomplete).to.equal('current-password');
    expect(email.form!.elements.namedItem('password')).to.equal(password);
    expect(email.closest('label')!.textContent).to.contain('Email');
    expect(document.activeElement).to.equal(email);
    expect(events.map((e) => e.type)).to.deep.equal(['gotrue:open']);
    expect(events[0]!.detail).to.deep.equal({ view: 'login' });
    opener.remove();
  });

  it('has no axe violations', async () => {
    const el = await mount({ 'api-url': API.default });
    el.open('login');
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('logs in with the keyboard in one POST /token, then closes and returns focus', async () => {
    const { email, password } = await confirmedUser();
    const opener = document.createElement('button');
    document.body.append(opener);
    const el = await mount({ 'api-url': API.autoconfirm });
    await until(() => el.querySelector('dialog') !== null, 'no dialog');
    opener.focus();
    el.open();
    await el.updateComplete;
    const events = recordEvents(el);
    const recorder = recordRequests();
    const requestsAtLogin: number[] = [];
    el.addEventListener('gotrue:login', () => requestsAtLogin.push(recorder.requests.length));
    await sendKeys({ type: email });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: password });
    await sendKeys({ press: 'Enter' });
    await until(() => events.some((e) => e.type === 'gotrue:login'), 'no login');
    recorder.stop();
    // One request for the login; the session's background GET /user has started, not finished.
    expect(recorder.requests.slice(0, requestsAtLogin[0])).to.deep.equal([
      { method: 'POST', path: `${API.autoconfirm}/token` },
      { method: 'GET', path: `${API.autoconfirm}/user` },
    ]);
    const login = events.find((e) => e.type === 'gotrue:login')!;
    expect(login.detail.method).to.equal('password');
    expect(login.detail.user.email).to.equal(email);
    expect(el.user?.email).to.equal(email);
    await el.updateComplete;
    expect(dialogOf(el).open).to.equal(false);
    expect(events.map((e) => e.type)).to.include('gotrue:close');
    expect(document.activeElement).to.equal(opener);
    opener.remove();
  });

  it('announces a wrong password from the catalogue and keeps what was typed', async () => {
    const { email } = await confirmedUser();
    const el = await mount({ 'api-url': API.autoconfirm });
    el.open();
    await el.updateComplete;
    const events = recordEvents(el);
    await typeInto(new AuthHarness(el).emailInput, email);
    await typeInto(new AuthHarness(el).passwordInput, 'wrong password');
    new AuthHarness(el).submitButton.click();
    await el.updateComplete;
    const button = new AuthHarness(el).submitButton;
    expect(button.disabled).to.equal(true);
    expect(button.getAttribute('aria-busy')).to.equal('true');
    expect(button.textContent!.trim()).to.equal('Please wait…');
    await until(() => events.some((e) => e.type === 'gotrue:error'), 'no error');
    await el.updateComplete;
    const alert = new AuthHarness(el).alert;
    expect(alert.textContent).to.equal('Wrong email or password.');
    expect(events.find((e) => e.type === 'gotrue:error')!.detail).to.deep.equal({
      code: 'invalid_credentials',
      message: 'Wrong email or password.',
      view: 'login',
    });
    expect(new AuthHarness(el).emailInput.value).to.equal(email);
    expect(new AuthHarness(el).passwordInput.value).to.equal('wrong password');
    expect(new AuthHarness(el).submitButton.disabled).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('closes on Escape with gotrue:close and focus back on the opener', async () => {
    const opener = document.createElement('button');
    document.body.append(opener);
    const el = await mount({ 'api-url': API.default });
    const events = recordEvents(el);
    opener.focus();
    el.open();
    await el.updateComplete;
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(dialogOf(el).open).to.equal(false);
    expect(events.map((e) => e.type)).to.deep.equal(['gotrue:open', 'gotrue:close']);
    expect(events[1]!.detail).to.deep.equal({ view: 'login' });
    expect(document.activeElement).to.equal(opener);
    opener.remove();
  });

  it('restores a stored session on reload with gotrue:init and no gotrue:login', async () => {
    const { email, password } = await confirmedUser();
    const first = await mount({ 'api-url': API.autoconfirm });
    first.open();
    await first.updateComplete;
    new AuthHarness(first).emailInput.value = email;
    new AuthHarness(first).passwordInput.value = password;
    new AuthHarness(first).submitButton.click();
    await until(() => first.user !== null, 'no login');
    first.remove();

    // A new element stands for the next page load: same storage, fresh element.
    const seen: { type: string; detail: any }[] = [];
    const listen = (event: Event) => seen.push({ type: event.type, detail: (event as CustomEvent).detail });
    document.addEventListener('gotrue:init', listen);
    document.addEventListener('gotrue:login', listen);
    const second = await mount({ 'api-url': API.autoconfirm });
    document.removeEventListener('gotrue:init', listen);
    document.removeEventListener('gotrue:login', listen);
    expect(seen.map((e) => e.type)).to.deep.equal(['gotrue:init']);
    expect(seen[0]!.detail.user.email).to.equal(email);
    expect(second.user?.email).to.equal(email);
  });

  it('fires gotrue:init with a null user when nobody is logged in', async () => {
    const seen: unknown[] = [];
    const listen = (event: Event) => seen.push((event as CustomEvent).detail);
    document.addEventListener('gotrue:init', listen);
    await mount({ 'api-url': API.default });
    document.removeEventListener('gotrue:init', listen);
    expect(seen).to.deep.equal([{ user: null }]);
  });
});
