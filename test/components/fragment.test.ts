// The fragment controller: email links and OAuth returns are taken from the URL while the element
// is connected, and `ready` waits for them to be handled.
import { expect, oneEvent } from '@open-wc/testing';
import { LitElement } from 'lit';
import { FragmentController } from '../../src/components/controllers/fragment-controller.js';
import type { FragmentRoute } from '../../src/core/fragment.js';
import { API, AuthHarness, cleanUp, mail, mount, uniqueEmail } from './harness.js';

class FragmentHost extends LitElement {
  readonly routes: FragmentRoute[] = [];
  readonly fragment = new FragmentController(this, (route) => this.routes.push(route));
}
customElements.define('fragment-host', FragmentHost);

describe('FragmentController', () => {
  afterEach(cleanUp);
  afterEach(() => document.querySelectorAll('fragment-host').forEach((host) => host.remove()));

  it('takes the fragment the page has when connected, and each new one', async () => {
    history.replaceState(null, '', '#confirmation_token=first');
    const host = document.createElement('fragment-host') as FragmentHost;
    document.body.append(host);
    await host.fragment.taken;
    expect(host.routes).to.deep.equal([{ type: 'confirmation', token: 'first' }]);
    expect(location.hash).to.equal('');
    const changed = oneEvent(window, 'hashchange');
    location.hash = 'recovery_token=second';
    await changed;
    expect(host.routes.at(-1)).to.deep.equal({ type: 'recovery', token: 'second' });
    expect(location.hash).to.equal('');
  });

  it('leaves the page’s own fragments alone', async () => {
    history.replaceState(null, '', '#section-2');
    const host = document.createElement('fragment-host') as FragmentHost;
    document.body.append(host);
    await host.fragment.taken;
    expect(host.routes).to.deep.equal([]);
    expect(location.hash).to.equal('#section-2');
  });

  it('a removed host takes nothing', async () => {
    const host = document.createElement('fragment-host') as FragmentHost;
    document.body.append(host);
    await host.fragment.taken;
    host.remove();
    const changed = oneEvent(window, 'hashchange');
    location.hash = 'confirmation_token=left-for-others';
    await changed;
    expect(host.routes).to.deep.equal([]);
    expect(location.hash).to.equal('#confirmation_token=left-for-others');
  });
});

describe('<gotrue-auth> ready', () => {
  afterEach(cleanUp);

  it('settles after a confirmation link in the URL was verified: the user is logged in by then', async () => {
    const email = uniqueEmail('ready');
    const signup = await fetch(`${API.default}/signup`, {
      method: 'POST',
      body: JSON.stringify({ email, password: 'pw-12345' }),
    });
    expect(signup.status).to.equal(200);
    const { token } = await mail(API.default, email, 'confirmation');
    history.replaceState(null, '', `#confirmation_token=${token}`);
    const el = await mount({ 'api-url': API.default });
    // mount() awaited `ready`.
    expect(el.user?.email).to.equal(email);
    expect(new AuthHarness(el).noticeText).to.equal('Your email address is confirmed and you are logged in.');
  });

  it('settles after a used link failed, with its error showing', async () => {
    history.replaceState(null, '', '#confirmation_token=AAAAAAAAAAAAAAAAAAAAAA');
    const el = await mount({ 'api-url': API.default });
    expect(el.user).to.equal(null);
    expect(new AuthHarness(el).alertText).to.equal('This link is invalid or was already used.');
  });
});
