// The dialog controller: the native <dialog> follows the view the element shows, focus goes in
// and comes back, and open()/close() settle once the dialog has opened or closed.
import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { LitElement, html } from 'lit';
import { DialogController } from '../../src/components/controllers/dialog-controller.js';
import { API, AuthHarness, cleanUp, confirmedUser, mount, recordEvents, until } from './harness.js';

/** A host that shows a one-field form while `view` is set, and counts the dismissals asked of it. */
class DialogHost extends LitElement {
  static override properties = { view: {} };
  view: string | null = null;
  dismissed = 0;
  readonly dialog = new DialogController(this, () => {
    // Without user activation Chromium's Escape cannot be vetoed: cancel, then close, both dismiss.
    if (this.view === null) return;
    this.dismissed++;
    this.view = null;
  });

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render(): unknown {
    return html`<dialog @cancel=${this.dialog.onCancel} @close=${this.dialog.onClose} aria-label="Test">
      ${this.view ? html`<form><input name="field" aria-label=${this.view} /></form>` : ''}
    </dialog>`;
  }

  protected override updated(): void {
    this.dialog.show(this.querySelector('dialog')!, this.view);
  }
}
customElements.define('dialog-host', DialogHost);

async function dialogHost(): Promise<{ host: DialogHost; opener: HTMLButtonElement }> {
  const opener = document.createElement('button');
  opener.textContent = 'Open';
  const host = document.createElement('dialog-host') as DialogHost;
  document.body.append(opener, host);
  await host.updateComplete;
  opener.focus();
  return { host, opener };
}

describe('DialogController', () => {
  afterEach(() => document.querySelectorAll('dialog-host, body > button').forEach((node) => node.remove()));

  it('shows a modal dialog with focus on its first field, and gives focus back to the opener on close', async () => {
    const { host, opener } = await dialogHost();
    host.view = 'first';
    await host.updateComplete;
    const dialog = host.querySelector('dialog')!;
    expect(dialog.matches(':modal')).to.equal(true);
    expect(document.activeElement).to.equal(host.querySelector('input'));
    host.view = null;
    await host.updateComplete;
    expect(dialog.open).to.equal(false);
    expect(document.activeElement).to.equal(opener);
  });

  it('asks the host to close on Escape instead of closing by itself', async () => {
    const { host } = await dialogHost();
    host.view = 'first';
    await host.updateComplete;
    await sendKeys({ press: 'Escape' });
    await until(() => host.dismissed === 1, 'Escape was not heard');
    await host.updateComplete;
    expect(host.querySelector('dialog')!.open).to.equal(false);
  });

  it('ignores the close event of an earlier close once the dialog is open again', async () => {
    const { host } = await dialogHost();
    host.view = 'first';
    await host.updateComplete;
    const dialog = host.querySelector('dialog')!;
    const closeEvent = oneEvent(dialog, 'close');
    host.view = null;
    await host.updateComplete;
    host.view = 'second';
    await host.updateComplete;
    await closeEvent;
    await host.updateComplete;
    expect(host.dismissed).to.equal(0);
    expect(dialog.open).to.equal(true);
  });
});

describe('<gotrue-auth> dialog', () => {
  afterEach(cleanUp);

  it('open() and close() settle once the dialog has opened or closed', async () => {
    const el = await mount({ 'api-url': API.default });
    const ui = new AuthHarness(el);
    await el.open('signup');
    expect(ui.dialog.open).to.equal(true);
    expect(ui.heading.textContent).to.equal('Sign up');
    await el.close();
    expect(ui.dialog.open).to.equal(false);
  });

  it('close() then open() at once shows the new view: the first close event does not close it again', async () => {
    const el = await mount({ 'api-url': API.default });
    const ui = new AuthHarness(el);
    await el.open('login');
    const closeEvent = oneEvent(ui.dialog, 'close');
    const events = recordEvents(el);
    el.close();
    await el.updateComplete;
    el.open('forgot');
    await el.updateComplete;
    await closeEvent;
    await el.updateComplete;
    expect(ui.dialog.open).to.equal(true);
    expect(ui.heading.textContent).to.equal('Reset your password');
    expect(events.map((e) => e.type)).to.deep.equal(['gotrue:close', 'gotrue:open']);
  });

  it("open('account') from a gotrue:login listener shows the account view", async () => {
    const { email, password } = await confirmedUser(API.autoconfirm);
    const el = await mount({ 'api-url': API.autoconfirm });
    const ui = new AuthHarness(el);
    el.addEventListener('gotrue:login', () => void el.open('account'));
    await el.open();
    ui.emailInput.value = email;
    ui.passwordInput.value = password;
    ui.submitButton.click();
    await until(() => el.user !== null, 'no login');
    await until(() => ui.hasForm('account'), 'the account view did not open');
    expect(ui.dialog.open).to.equal(true);
    expect(ui.heading.textContent).to.equal('Your account');
  });
});
