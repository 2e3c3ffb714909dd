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
import type { GotrueAuth } from '../../src/index.js';


function add(api: string): GotrueAuth {
  const el = document.createElement('gotrue-auth');
  el.setAttribute('api-url', api);
  document.body.append(el);
  return el;
}


describe('<gotrue-auth> elements sharing a page', () => {
  afterEach(cleanUp);

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
