// Several elements on one page (the demo has four) share one Session per API: one GET /user on
// load, one gotrue:user per element per change, and a login announced once per page.
import { expect } from '@open-wc/testing';
import {
  API,
  AuthHarness,
  cleanUp,
  confirmedUser,
  logIn,
  mount,
  recordEvents,
  recordRequests,
  until,
  watchSessionWrites,
} from './harness.js';
import { LitElement } from 'lit';
import { SessionController } from '../../src/components/controllers/session-controller.js';
import { GoTrueClient } from '../../src/core/client.js';
import { Session } from '../../src/core/session.js';
import type { GotrueAuth } from '../../src/index.js';

/** A host holding the session for `apiUrl`, recording what the controller tells it. */
class SessionHost extends LitElement {
  static override properties = { apiUrl: {} };
  apiUrl: string = API.autoconfirm;
  readonly heard: string[] = [];
  readonly session = new SessionController(this, {
    api: () => ({ apiUrl: this.apiUrl }),
    report: (report) => this.heard.push(`report:${report.type}`),
    announce: (change) => this.heard.push(`announce:${change.type}`),
    userChanged: (change) => this.heard.push(`changed:${change.type}`),
  });
}
customElements.define('session-host', SessionHost);

/** Another tab of the same site: its own Session on the same storage and channel. */
function otherTab(api: string): Session {
  return new Session({ client: new GoTrueClient({ apiUrl: api }) });
}

describe('SessionController', () => {
  afterEach(cleanUp);
  afterEach(() => document.querySelectorAll('session-host').forEach((host) => host.remove()));

  it('runs the machine while connected and lets the session go when disconnected', async () => {
    const { email, password } = await confirmedUser(API.autoconfirm);
    const host = document.createElement('session-host') as SessionHost;
    document.body.append(host);
    expect(host.session.state?.view.name).to.equal('closed');
    host.session.send({ type: 'open' });
    host.session.send({ type: 'submit', values: { email, password } });
    await host.session.settled();
    expect(host.session.user?.email).to.equal(email);
    expect(host.heard).to.include.members(['report:open', 'report:close', 'report:login']);
    host.remove();
    expect(host.session.state).to.equal(null);
    expect(host.session.user).to.equal(null);
  });

  it('holds the session of the API the host names now', async () => {
    const host = document.createElement('session-host') as SessionHost;
    document.body.append(host);
    const first = host.session.session;
    host.apiUrl = API.default;
    await host.updateComplete;
    expect(host.session.session).to.not.equal(first);
    expect(host.session.session).to.not.equal(null);
  });
});

function add(api: string): GotrueAuth {
  const el = document.createElement('gotrue-auth');
  el.setAttribute('api-url', api);
  document.body.append(el);
  return el;
}

describe('<gotrue-auth> elements sharing a page', () => {
  afterEach(cleanUp);

  it('a login in another tab is one gotrue:login (method other-tab), as its logout is one gotrue:logout', async () => {
    const { email, password } = await confirmedUser(API.autoconfirm);
    const a = await mount({ 'api-url': API.autoconfirm });
    const b = await mount({ 'api-url': API.autoconfirm });
    const eventsA = recordEvents(a);
    const eventsB = recordEvents(b);
    const tab = otherTab(API.autoconfirm);
    try {
      tab.establish(await new GoTrueClient({ apiUrl: API.autoconfirm }).login(email, password), 'password');
      await until(() => a.user?.email === email && b.user?.email === email, 'the other tab’s login did not arrive');
      // The other tab completes the profile with GET /user and tells this one: that is the last of it.
      await until(() => eventsB.some((e) => e.type === 'gotrue:user'), 'the completed profile did not arrive');
      const logins = [...eventsA, ...eventsB].filter((e) => e.type === 'gotrue:login');
      expect(logins.map((e) => e.detail.method)).to.deep.equal(['other-tab']);
      expect(logins[0]!.detail.user.email).to.equal(email);
      await tab.logout();
      await until(() => a.user === null && b.user === null, 'the other tab’s logout did not arrive');
      const logouts = [...eventsA, ...eventsB].filter((e) => e.type === 'gotrue:logout');
      expect(logouts.map((e) => e.detail.reason)).to.deep.equal(['other-tab']);
    } finally {
      tab.dispose();
    }
  });

  it('no page script can make an element announce a login: the session’s events are private', async () => {
    const el = await mount({ 'api-url': API.autoconfirm });
    expect((el as unknown as Record<string, unknown>)['sessionEvent']).to.equal(undefined);
    expect(
      Object.getOwnPropertyNames(Object.getPrototypeOf(el)).filter((name) => /session|announce/i.test(name)),
    ).to.deep.equal([]);
  });

  it('two elements with a stored session make one GET /user, and fire no gotrue:user when nothing changed', async () => {
    const { email, password } = await confirmedUser(API.autoconfirm);
    const first = await mount({ 'api-url': API.autoconfirm });
    const firstEvents = recordEvents(first);
    await logIn(first, email, password);
    // The login's own GET /user completes the profile: that is a change.
    await until(() => firstEvents.some((e) => e.type === 'gotrue:user'), 'the login was not completed');
    first.remove();
    const recorder = recordRequests();
    const writes = watchSessionWrites();
    const a = add(API.autoconfirm);
    const b = add(API.autoconfirm);
    const eventsA = recordEvents(a);
    const eventsB = recordEvents(b);
    await Promise.all([a.ready, b.ready]);
    expect(a.user?.email).to.equal(email);
    expect(b.user?.email).to.equal(email);
    // The session stores what GET /user answered; a change would be announced right then.
    await until(() => writes.count > 0, 'the stored session was never checked');
    writes.stop();
    recorder.stop();
    const userRequests = recorder.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/user'));
    expect(userRequests.length).to.equal(1);
    expect(eventsA.map((e) => e.type)).to.deep.equal(['gotrue:init']);
    expect(eventsB.map((e) => e.type)).to.deep.equal(['gotrue:init']);
  });

  it('a login in one element shows in the other; gotrue:login fires once, from the element that logged in', async () => {
    const { email, password } = await confirmedUser(API.autoconfirm);
    const a = await mount({ 'api-url': API.autoconfirm });
    const b = await mount({ 'api-url': API.autoconfirm, mode: 'inline' });
    const eventsA = recordEvents(a);
    const eventsB = recordEvents(b);
    const heardOnPage: string[] = [];
    const onLogin = (event: Event) => heardOnPage.push((event.target as Element).getAttribute('mode') ?? 'modal');
    document.addEventListener('gotrue:login', onLogin);
    try {
      await logIn(a, email, password);
      await until(() => b.user !== null, 'the other element did not see the login');
      await until(() => new AuthHarness(b).hasForm('account'), 'the inline element shows no account');
      // Both elements hear the completed profile in the same turn.
      await until(() => eventsB.some((e) => e.type === 'gotrue:user'), 'no user event in the other element');
      expect(heardOnPage).to.deep.equal(['modal']);
      expect(eventsA.filter((e) => e.type === 'gotrue:login').length).to.equal(1);
      expect(eventsB.filter((e) => e.type === 'gotrue:login').length).to.equal(0);
      expect(eventsA.filter((e) => e.type === 'gotrue:user').length).to.equal(1);
      expect(eventsB.filter((e) => e.type === 'gotrue:user').length).to.equal(1);

      const heardLogout: string[] = [];
      const onLogout = (event: Event) => heardLogout.push((event as CustomEvent).detail.reason);
      document.addEventListener('gotrue:logout', onLogout);
      await b.logout();
      document.removeEventListener('gotrue:logout', onLogout);
      expect(a.user).to.equal(null);
      expect(heardLogout).to.deep.equal(['user']);
      expect(eventsB.filter((e) => e.type === 'gotrue:logout').length).to.equal(1);
    } finally {
      document.removeEventListener('gotrue:login', onLogin);
    }
  });
});
