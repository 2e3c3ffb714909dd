// <gotrue-button>, <gotrue-user> and <gotrue-gate>: what a visitor sees of the session outside the
// dialog, nested in <gotrue-auth> (through @lit/context) or anywhere else on the page.
import { expect } from '@open-wc/testing';
import { GoTrueClient } from '../../src/core/client.js';
import { Session } from '../../src/core/session.js';
import { registerLocale, type GotrueAuth } from '../../src/index.js';
import { API, AuthHarness, confirmedUser, dialogOf, logIn, mount, recordEvents, until } from './harness.js';

const api = API.autoconfirm;

// A language only these tests speak: it tells apart elements that share one session.
registerLocale('companions-test', { 'action.login': 'Connexion', 'action.logout': 'Déconnexion' });

/** The text a visitor sees in a companion: its shadow content, with each slot's assigned nodes or fallback. */
function seen(el: Element): string {
  const walk = (node: Node): string => {
    if (node instanceof HTMLSlotElement) return node.assignedNodes({ flatten: true }).map(walk).join('');
    if (node instanceof HTMLStyleElement) return '';
    if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
    return [...node.childNodes].map(walk).join('');
  };
  return walk(el.shadowRoot!).replace(/\s+/g, ' ').trim();
}

/** The `<button>` inside a `<gotrue-button>`. */
function innerButton(el: Element): HTMLButtonElement {
  const button = el.shadowRoot!.querySelector('button');
  if (!button) throw new Error('no button shown');
  return button;
}

function visible(el: Element | null): boolean {
  return el?.checkVisibility() ?? false;
}

/** A remembered session in storage, as a returning visitor has; the element that made it is gone. */
async function storedSession(name = 'Ada'): Promise<{ email: string; password: string }> {
  const account = await confirmedUser(api, name);
  const el = await mount({ 'api-url': api });
  const events = recordEvents(el);
  await logIn(el, account.email, account.password);
  // The login's GET /user completes the stored profile; after that nothing more is written.
  await until(() => events.some((e) => e.type === 'gotrue:user'), 'the login was not completed');
  el.remove();
  return account;
}

/** Another tab of the same site: its own Session on the same storage and channel. */
function otherTab(): Session {
  return new Session({ client: new GoTrueClient({ apiUrl: api }) });
}

async function setRoles(email: string, roles: string[]): Promise<void> {
  const operator = await (await fetch(`${api}/__operator-token`)).text();
  const headers = { authorization: `Bearer ${operator}` };
  const { users } = (await (
    await fetch(`${api}/admin/users?filter=${encodeURIComponent(email)}`, { headers })
  ).json()) as {
    users: { id: string; email: string }[];
  };
  const id = users.find((user) => user.email === email)!.id;
  const response = await fetch(`${api}/admin/users/${id}`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ app_metadata: { roles } }),
  });
  if (!response.ok) throw new Error(`role update failed: ${response.status}`);
}

describe('companion elements', () => {
  // The local instance starts on its first request: warm it before any test's clock starts.
  before(async function () {
    this.timeout(60_000);
    await fetch(`${api}/settings`);
  });

  let page: HTMLElement;
  beforeEach(() => {
    page = document.createElement('div');
    document.body.append(page);
  });
  afterEach(() => page.remove());

  function auth(attributes: Record<string, string> = {}, children = ''): GotrueAuth {
    const el = document.createElement('gotrue-auth');
    el.setAttribute('api-url', api);
    for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
    el.innerHTML = children;
    page.append(el);
    return el;
  }

  it('nested in <gotrue-auth>: "Log in" opens the dialog; then the name, "Log out", the email and the content', async () => {
    const { email, password } = await confirmedUser(api, 'Ada Lovelace');
    const el = auth(
      {},
      `<gotrue-button></gotrue-button>
       <gotrue-user field="email"></gotrue-user>
       <gotrue-gate><p id="secret">Members only</p><p slot="fallback" id="teaser">Log in to read</p></gotrue-gate>`,
    );
    await el.ready;
    const button = el.querySelector('gotrue-button')!;
    const user = el.querySelector('gotrue-user')!;
    await until(() => seen(button) === 'Log in', 'no "Log in"');
    expect(seen(user)).to.equal('');
    expect(visible(page.querySelector('#secret'))).to.equal(false);
    expect(visible(page.querySelector('#teaser'))).to.equal(true);

    innerButton(button).click();
    await until(() => dialogOf(el).open, 'the dialog did not open');
    const ui = new AuthHarness(el);
    ui.emailInput.value = email;
    ui.passwordInput.value = password;
    ui.submitButton.click();
    await until(() => seen(button) === 'Ada Lovelace Log out', 'the button does not show the user');
    expect(seen(user)).to.equal(email);
    expect(visible(page.querySelector('#secret'))).to.equal(true);
    expect(visible(page.querySelector('#teaser'))).to.equal(false);

    innerButton(button).click();
    await until(() => el.user === null && seen(button) === 'Log in', 'did not log out');
    expect(seen(user)).to.equal('');
    expect(visible(page.querySelector('#secret'))).to.equal(false);
  });

  it('nested through a shadow root, it follows its own <gotrue-auth>, not the page’s first', async () => {
    // The page's first element speaks another language: the button shows whose labels it uses.
    auth({ locale: 'companions-test' });
    const outer = auth();
    const wrapper = document.createElement('div');
    const shadow = wrapper.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<gotrue-button></gotrue-button>';
    outer.append(wrapper);
    const button = shadow.querySelector('gotrue-button')!;
    await until(() => seen(button) === 'Log in', 'the nested button does not follow the enclosing element');
    innerButton(button).click();
    await until(() => dialogOf(outer).open, 'the enclosing element did not open');
    expect(dialogOf(page.querySelector('gotrue-auth')!).open).to.equal(false);
  });

  it('`for` wins over nesting', async () => {
    auth({ id: 'named', locale: 'companions-test' });
    const outer = auth({}, '<gotrue-button for="named"></gotrue-button>');
    await outer.ready;
    await until(() => seen(outer.querySelector('gotrue-button')!) === 'Connexion', 'the named element is not followed');
  });

  it('standalone: follows the page’s first <gotrue-auth>, or the one `for` names, also once it appears', async () => {
    page.innerHTML = `
      <gotrue-button id="first-button"></gotrue-button>
      <gotrue-button id="named-button" for="second"></gotrue-button>`;
    const first = auth({ id: 'first' });
    await first.ready;
    const firstButton = page.querySelector('#first-button')!;
    const named = page.querySelector('#named-button')!;
    await until(() => seen(firstButton) === 'Log in', 'the first element is not followed');
    // No element has that id yet: nothing to show.
    expect(seen(named)).to.equal('');

    const second = auth({ id: 'second', locale: 'companions-test' });
    await until(() => seen(named) === 'Connexion', 'the button does not follow the named element');
    expect(seen(firstButton)).to.equal('Log in');
    innerButton(named).click();
    await until(() => dialogOf(second).open, 'the named element did not open');
    expect(dialogOf(first).open).to.equal(false);
    await second.close();

    named.setAttribute('for', 'first');
    await until(() => seen(named) === 'Log in', 'the button did not switch elements');
  });

  it('standalone, before any <gotrue-auth>: shows nothing, then follows one added later', async () => {
    const { email } = await storedSession('Ada');
    page.innerHTML = `
      <gotrue-button></gotrue-button>
      <gotrue-user field="email"></gotrue-user>
      <gotrue-gate><p id="secret">Members only</p><p slot="fallback" id="teaser">Log in</p></gotrue-gate>`;
    const button = page.querySelector('gotrue-button')!;
    await button.updateComplete;
    expect(seen(button)).to.equal('');
    expect(visible(page.querySelector('#secret'))).to.equal(false);
    expect(visible(page.querySelector('#teaser'))).to.equal(false);

    const el = auth();
    await until(() => seen(button) === 'Ada Log out', 'the late element was not followed');
    expect(seen(page.querySelector('gotrue-user')!)).to.equal(email);
    expect(visible(page.querySelector('#secret'))).to.equal(true);

    // It leaves the page: the companions know nothing again, and follow the next one added.
    el.remove();
    await until(() => seen(button) === '', 'the removed element is still followed');
    expect(visible(page.querySelector('#secret'))).to.equal(false);
    auth({ locale: 'companions-test' });
    await until(() => seen(button) === 'Ada Déconnexion', 'the next element was not followed');
  });

  it('a gate never shows protected content, nor its fallback, before the session is known', async () => {
    await storedSession('Ada');
    const frames: { secret: boolean; teaser: boolean; admin: boolean; adminTeaser: boolean; known: boolean }[] = [];
    page.innerHTML = `
      <gotrue-gate><p id="secret">Members only</p><p slot="fallback" id="teaser">Log in</p></gotrue-gate>
      <gotrue-gate roles="admin"><p id="admin">Admins only</p><p slot="fallback" id="admin-teaser">Admins only</p></gotrue-gate>`;
    let el: GotrueAuth | null = null;
    const look = (): void => {
      frames.push({
        secret: visible(page.querySelector('#secret')),
        teaser: visible(page.querySelector('#teaser')),
        admin: visible(page.querySelector('#admin')),
        adminTeaser: visible(page.querySelector('#admin-teaser')),
        known: el !== null,
      });
    };
    // Every mutation in the page and every frame, from the moment the gates are in it.
    const observer = new MutationObserver(look);
    observer.observe(page, { subtree: true, childList: true, attributes: true });
    look();
    let watching = true;
    const everyFrame = (): void => {
      look();
      if (watching) requestAnimationFrame(everyFrame);
    };
    requestAnimationFrame(everyFrame);
    try {
      // A few frames with no <gotrue-auth> on the page: nothing may show.
      await new Promise((resolve) => setTimeout(resolve, 200));
      el = auth();
      await until(() => visible(page.querySelector('#secret')), 'the content never showed');
      await until(() => visible(page.querySelector('#admin-teaser')), 'the admin fallback never showed');
      await el.ready;
      look();
    } finally {
      watching = false;
      observer.disconnect();
    }
    const before = frames.filter((frame) => !frame.known);
    expect(before.length).to.be.greaterThan(3);
    expect(before.every((frame) => !frame.secret && !frame.teaser && !frame.admin && !frame.adminTeaser)).to.equal(
      true,
    );
    // Logged in without the role: the admin content never showed, nor the logged-out fallback.
    expect(frames.some((frame) => frame.admin)).to.equal(false);
    expect(frames.some((frame) => frame.teaser)).to.equal(false);
  });

  it('roles: a token refresh that grants one opens a role gate; <gotrue-user field="roles"> lists them', async () => {
    const { email } = await storedSession('Ada');
    page.innerHTML = `
      <gotrue-user field="roles"></gotrue-user>
      <gotrue-gate roles="admin, editor"><p id="secret">Editors</p><p slot="fallback" id="teaser">Ask for access</p></gotrue-gate>`;
    const el = auth();
    await el.ready;
    await until(() => visible(page.querySelector('#teaser')), 'no fallback without the role');
    expect(visible(page.querySelector('#secret'))).to.equal(false);

    await setRoles(email, ['editor', 'reviewer']);
    // Granted on the server: the JWT the page holds does not say so until it is refreshed.
    expect(visible(page.querySelector('#secret'))).to.equal(false);
    await el.jwt(true);
    await until(() => visible(page.querySelector('#secret')), 'the refreshed roles did not open the gate');
    expect(visible(page.querySelector('#teaser'))).to.equal(false);
    expect(seen(page.querySelector('gotrue-user')!)).to.equal('editor, reviewer');

    await setRoles(email, ['reviewer']);
    await el.jwt(true);
    await until(() => visible(page.querySelector('#teaser')), 'a removed role left the gate open');
    expect(visible(page.querySelector('#secret'))).to.equal(false);
  });

  it('a logout in another tab closes gates and turns the button back to "Log in"', async () => {
    await storedSession('Ada');
    page.innerHTML = `
      <gotrue-button></gotrue-button>
      <gotrue-gate><p id="secret">Members only</p><p slot="fallback" id="teaser">Log in</p></gotrue-gate>`;
    const el = auth();
    await el.ready;
    const button = page.querySelector('gotrue-button')!;
    await until(() => visible(page.querySelector('#secret')), 'the content did not show');
    const tab = otherTab();
    try {
      tab.restore();
      await tab.logout();
      await until(() => el.user === null, 'the other tab’s logout did not arrive');
      await until(() => seen(button) === 'Log in', 'the button still shows the user');
      expect(visible(page.querySelector('#secret'))).to.equal(false);
      expect(visible(page.querySelector('#teaser'))).to.equal(true);
    } finally {
      tab.dispose();
    }
  });

  it('the button’s labels: slots replace them, and they speak the element’s language', async () => {
    page.innerHTML = `
      <gotrue-button id="slotted"><span slot="login">Members’ area</span><span slot="logout">Leave</span></gotrue-button>
      <gotrue-button id="translated"></gotrue-button>`;
    const el = auth({ locale: 'companions-test' });
    await el.ready;
    const slotted = page.querySelector('#slotted')!;
    const translated = page.querySelector('#translated')!;
    await until(() => seen(slotted) === 'Members’ area', 'the login slot is not shown');
    await until(() => seen(translated) === 'Connexion', 'the label is not translated');
    el.locale = '';
    await until(() => seen(translated) === 'Log in', 'the label did not follow the element’s language');

    const { email, password } = await confirmedUser(api, 'Ada');
    await logIn(el, email, password);
    await until(() => seen(slotted) === 'Ada Leave', 'the logout slot is not shown');
    expect(seen(translated)).to.equal('Ada Log out');
  });

  it('has no axe violations, logged out or in', async () => {
    page.innerHTML = `
      <gotrue-button></gotrue-button>
      <gotrue-user></gotrue-user>
      <gotrue-user field="avatar"></gotrue-user>
      <gotrue-gate roles="admin, editor"><p>Editors</p><p slot="fallback">Ask for access</p></gotrue-gate>`;
    const el = auth();
    await el.ready;
    const button = page.querySelector('gotrue-button')!;
    await until(() => seen(button) === 'Log in', 'no "Log in"');
    await expect(page).to.be.accessible();
    const { email, password } = await confirmedUser(api, 'Ada');
    await logIn(el, email, password);
    await until(() => seen(button) === 'Ada Log out', 'not logged in');
    await expect(page).to.be.accessible();
  });

  it('<gotrue-user>: name, email, avatar with the name as alt text; nothing for a missing field', async () => {
    const email = `avatar-${Date.now().toString(36)}@example.com`;
    const avatar = `${location.origin}/demo/favicon.svg`;
    await fetch(`${api}/signup`, {
      method: 'POST',
      body: JSON.stringify({ email, password: 'correct horse', data: { full_name: 'Ada', avatar_url: avatar } }),
    });
    page.innerHTML = `
      <gotrue-user id="name"></gotrue-user>
      <gotrue-user id="email" field="email"></gotrue-user>
      <gotrue-user id="avatar" field="avatar"></gotrue-user>
      <gotrue-user id="roles" field="roles"></gotrue-user>`;
    const el = auth();
    await el.ready;
    await logIn(el, email, 'correct horse');
    await until(() => seen(page.querySelector('#name')!) === 'Ada', 'no name');
    expect(seen(page.querySelector('#email')!)).to.equal(email);
    expect(seen(page.querySelector('#roles')!)).to.equal('');
    const img = page.querySelector('#avatar')!.shadowRoot!.querySelector('img')!;
    expect(img.getAttribute('src')).to.equal(avatar);
    expect(img.alt).to.equal('Ada');
    expect(img.getAttribute('part')).to.equal('avatar');
    await el.logout();
    await until(() => seen(page.querySelector('#email')!) === '', 'the email stayed after logout');
    expect(page.querySelector('#avatar')!.shadowRoot!.querySelector('img')).to.equal(null);
  });
});
