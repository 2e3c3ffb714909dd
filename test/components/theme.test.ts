// The built-in stylesheet as a page sees it: `theme` pins the colour scheme whatever the OS
// prefers, the host has no box of its own, and the live regions stay in the accessibility tree.
import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { API, AuthHarness, cleanUp, mount } from './harness.js';

const LIGHT = { text: 'rgb(31, 41, 55)', background: 'rgb(255, 255, 255)', scheme: 'light' };
const DARK = { text: 'rgb(243, 244, 246)', background: 'rgb(17, 24, 39)', scheme: 'dark' };

describe('<gotrue-auth> theme and layout', () => {
  afterEach(async () => {
    cleanUp();
    await emulateMedia({ colorScheme: 'no-preference' });
  });

  it('theme="light" shows light colours when the OS prefers dark', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    expect(matchMedia('(prefers-color-scheme: dark)').matches).to.equal(true);
    const el = await mount({ 'api-url': API.default, theme: 'light' });
    el.open();
    await el.updateComplete;
    const dialog = new AuthHarness(el).dialog;
    expect(getComputedStyle(el).colorScheme).to.equal(LIGHT.scheme);
    expect(getComputedStyle(dialog).color).to.equal(LIGHT.text);
    expect(getComputedStyle(dialog).backgroundColor).to.equal(LIGHT.background);
  });

  it('theme="dark" shows dark colours when the OS prefers light', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const el = await mount({ 'api-url': API.default, theme: 'dark' });
    el.open();
    await el.updateComplete;
    const dialog = new AuthHarness(el).dialog;
    expect(getComputedStyle(dialog).color).to.equal(DARK.text);
    expect(getComputedStyle(dialog).backgroundColor).to.equal(DARK.background);
  });

  it('without theme, follows the OS preference', async () => {
    const el = await mount({ 'api-url': API.default });
    el.open();
    await el.updateComplete;
    const dialog = new AuthHarness(el).dialog;
    await emulateMedia({ colorScheme: 'dark' });
    expect(getComputedStyle(dialog).backgroundColor).to.equal(DARK.background);
    await emulateMedia({ colorScheme: 'light' });
    expect(getComputedStyle(dialog).backgroundColor).to.equal(LIGHT.background);
  });

  it('the host has no box of its own (display: contents) unless mode="inline"', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const modal = await mount({ 'api-url': API.default, theme: 'light' });
    expect(getComputedStyle(modal).display).to.equal('contents');
    const inline = await mount({ 'api-url': API.default, mode: 'inline' });
    expect(getComputedStyle(inline).display).to.equal('block');
  });

  it('keeps the empty alert and status regions in the accessibility tree, without taking room', async () => {
    const el = await mount({ 'api-url': API.default, mode: 'inline' });
    const ui = new AuthHarness(el);
    for (const [selector, region] of [
      ['alert', ui.alert],
      ['status', ui.status],
    ] as const) {
      expect(region.textContent!.trim(), selector).to.equal('');
      expect(getComputedStyle(region).display, selector).to.not.equal('none');
      expect(region.getBoundingClientRect().height, selector).to.equal(0);
      expect(getComputedStyle(region).marginBottom, selector).to.equal('0px');
    }
  });
});
