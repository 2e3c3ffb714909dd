// `netlifyIdentity` from gotrue-auth/netlify-identity, module style: what a page's code gets back
// from each call, the controls it renders, and the errors bad input gets.
import { expect } from '@open-wc/testing';
import { NetlifyIdentity, type NetlifyIdentityUser } from '../../src/compat/index.js';
import type { GotrueAuth } from '../../src/components/gotrue-auth.js';
import { API, AuthHarness, confirmedUser, until } from '../components/harness.js';

let identity: NetlifyIdentity;
let hosts: HTMLElement[] = [];

function dialogElement(): GotrueAuth {
  const el = document.getElementById('netlify-identity-widget');
  if (!el) throw new Error('no dialog on the page');
  return el as GotrueAuth;
}

/** Logs in through the dialog's own form, as a visitor would. */
async function logInThroughDialog(email: string, password: string): Promise<void> {
  identity.open('login');
  const ui = new AuthHarness(dialogElement());
  await until(() => ui.hasForm('login'), 'the login form did not show');
  ui.emailInput.value = email;
  ui.passwordInput.value = password;
  ui.submitButton.click();
  await until(() => identity.currentUser(), 'no login');
}

/** A `[data-netlify-identity-*]` element of the page, before init() takes it over. */
function control(attribute: string, text = ''): HTMLElement {
  const host = document.createElement('div');
  host.setAttribute(attribute, '');
  host.textContent = text;
  document.body.append(host);
  hosts.push(host);
  return host;
}

const buttons = (host: Element) => [...host.querySelectorAll('button')].map((button) => button.textContent?.trim());

beforeEach(() => {
  identity = new NetlifyIdentity();
});

afterEach(async () => {
  await identity.logout();
  document.getElementById('netlify-identity-widget')?.remove();
  hosts.forEach((host) => host.remove());
  hosts = [];
  localStorage.removeItem('gotrue.user');
});

describe('netlifyIdentity (module)', () => {
  it('creates nothing until init(); open() puts the dialog on the page itself', async () => {
    expect(document.getElementById('netlify-identity-widget')).to.equal(null);
    expect(identity.currentUser()).to.equal(null);
    identity.init({ APIUrl: API.autoconfirm });
    expect(dialogElement().apiUrl).to.equal(API.autoconfirm);
    dialogElement().remove();

    const late = new NetlifyIdentity();
    late.open('signup');
    await until(() => document.getElementById('netlify-identity-widget')?.querySelector('dialog[open]'), 'no dialog');
  });

  it('says what is wrong with bad input', () => {
    expect(() => identity.init(null as never)).to.throw(TypeError, /needs an object/);
    expect(() => identity.init({ APIUrl: 5 as never })).to.throw(TypeError, /APIUrl must be a string/);
    expect(() => identity.init({ cookieDomain: '.example.com\nSet-Cookie: x' })).to.throw(/cookieDomain must not/);
    expect(() => identity.init({ container: '#nowhere' })).to.throw(/no element matches container "#nowhere"/);
    expect(() => identity.on('login', 'not a function' as never)).to.throw(TypeError, /needs a function/);
    expect(() => identity.open('account')).to.throw('Invalid action for open: account');
    expect(() => identity.open('signup', 'pro' as never)).to.throw(TypeError, /metadata must be an object/);
  });

  it('calls each callback with what the widget passed; off() removes one or all', async () => {
    const account = await confirmedUser(API.autoconfirm, 'Ada');
    const heard: string[] = [];
    const kept = (user: NetlifyIdentityUser) => heard.push(`kept ${user.email}`);
    const removed = () => heard.push('removed');
    identity.on('login', kept);
    identity.on('login', removed);
    identity.off('login', removed);
    identity.on('logout', (...args: unknown[]) => heard.push(`logout with ${args.length} arguments`));
    identity.on('close', () => heard.push('close'));
    identity.off('close');
    identity.init({ APIUrl: API.autoconfirm });
    await new Promise<void>((resolve) => identity.on('init', () => resolve()));

    await logInThroughDialog(account.email, account.password);
    await identity.logout();
    expect(heard).to.deep.equal([`kept ${account.email}`, 'logout with 0 arguments']);
  });

  it('hands out a user whose JSON is the stored record and whose methods stop working once it logged out', async () => {
    const account = await confirmedUser(API.autoconfirm, 'Ada');
    identity.init({ APIUrl: API.autoconfirm });
    await logInThroughDialog(account.email, account.password);
    const user = identity.currentUser()!;
    await until(() => identity.currentUser()?.created_at, 'the profile was not completed');
    const stored = JSON.parse(localStorage.getItem('gotrue.user')!);
    expect(Object.keys(JSON.parse(JSON.stringify(identity.currentUser())))).to.have.members(Object.keys(stored));
    expect(user.tokenDetails().access_token).to.equal(stored.token.access_token);
    expect(await user.jwt()).to.equal(stored.token.access_token);
    let updateError: unknown;
    await user.update(undefined as never).catch((error: unknown) => (updateError = error));
    expect(updateError).to.be.instanceOf(TypeError);

    await user.logout();
    expect(identity.currentUser()).to.equal(null);
    let jwtError: { code?: string } | undefined;
    await user.jwt().catch((error: { code?: string }) => (jwtError = error));
    expect(jwtError?.code).to.equal('session_expired');
    let refreshError: unknown;
    await identity.refresh().catch((error: unknown) => (refreshError = error));
    expect(String(refreshError)).to.match(/nobody is logged in/);
  });

  it("renders the menu and button with the widget's class names; a button without its own text logs out", async () => {
    const account = await confirmedUser(API.autoconfirm, 'Ada Lovelace');
    const menu = control('data-netlify-identity-menu');
    const plain = control('data-netlify-identity-button');
    const labelled = control('data-netlify-identity-button', ' Members ');
    identity.init({ APIUrl: API.autoconfirm });
    await new Promise<void>((resolve) => identity.on('init', () => resolve()));
    expect(buttons(menu)).to.deep.equal(['Sign up', 'Log in']);
    expect(menu.querySelector('ul.netlify-identity-menu > li.netlify-identity-item > .netlify-identity-signup')).to
      .exist;
    expect(buttons(plain)).to.deep.equal(['Log in']);
    expect(buttons(labelled)).to.deep.equal(['Members']);

    await logInThroughDialog(account.email, account.password);
    await until(() => menu.querySelector('.netlify-identity-user'), 'the menu did not show the user');
    expect(menu.querySelector('.netlify-identity-user-details')?.textContent?.replace(/\s+/g, ' ').trim()).to.equal(
      'Logged in as Ada Lovelace',
    );
    expect(buttons(plain)).to.deep.equal(['Log out']);
    expect(buttons(labelled)).to.deep.equal(['Members']);

    plain.querySelector('button')!.click();
    await until(() => identity.currentUser() === null, 'the button did not log out');
    await until(() => buttons(menu).join() === 'Sign up,Log in', 'the menu did not show the logged-out state');
  });
});
