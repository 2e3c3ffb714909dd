// `theme` against the system's color-scheme preference: unset follows it, `light` and `dark` win.
import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { API, AuthHarness, cleanUp, mount } from './harness.js';

async function dialogScheme(attributes: Record<string, string>): Promise<{ scheme: string; background: string; hostDisplay: string }> {
  const el = await mount({ 'api-url': API.default, ...attributes });
  await el.open();
  const style = getComputedStyle(new AuthHarness(el).dialog);
  return { scheme: style.colorScheme, background: style.backgroundColor, hostDisplay: getComputedStyle(el).display };
}

const WHITE = 'rgb(255, 255, 255)';

describe('<gotrue-auth> theme', () => {
  afterEach(cleanUp);
  after(() => emulateMedia({ colorScheme: 'light' }));

  it('follows a dark system preference when unset', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const { background } = await dialogScheme({});
    expect(background).to.not.equal(WHITE);
  });

  it('theme="light" is light even when the system prefers dark', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const { scheme, background } = await dialogScheme({ theme: 'light' });
    expect(scheme).to.equal('light');
    expect(background).to.equal(WHITE);
  });

  it('theme="dark" is dark even when the system prefers light', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const { scheme, background } = await dialogScheme({ theme: 'dark' });
    expect(scheme).to.equal('dark');
    expect(background).to.not.equal(WHITE);
  });

  it('the modal element takes no box of its own in the page (display: contents)', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const { hostDisplay } = await dialogScheme({});
    expect(hostDisplay).to.equal('contents');
  });
});
