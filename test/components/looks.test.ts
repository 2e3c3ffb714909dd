// What a visitor sees of the element's own look: provider marks, the site's logo, the show-password
// button, the busy spinner, 44 px targets, focus rings, narrow and zoomed layouts, right-to-left.
import { expect } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import { registerLocale, type GotrueAuth } from '../../src/index.js';
import { API, AuthHarness, cleanUp, holdRequests, mount, until } from './harness.js';

const LOGO = 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" width="120" height="200"/%3E';

async function openLogin(attributes: Record<string, string> = {}, children = ''): Promise<GotrueAuth> {
  const el = await mount({ 'api-url': API.providers, ...attributes }, children);
  await el.open('login');
  await until(() => new AuthHarness(el).providerButtons.length === 2, 'no provider buttons');
  await el.updateComplete;
  return el;
}

const box = (element: Element) => element.getBoundingClientRect();

/** Every control a visitor can press or type into, in the view showing. */
function controls(el: Element): HTMLElement[] {
  return [...el.querySelectorAll<HTMLElement>('dialog button, dialog input:not([hidden]), .gotrue-auth-check')];
}

describe('<gotrue-auth> looks', () => {
  afterEach(async () => {
    cleanUp();
    document.documentElement.removeAttribute('dir');
    document.documentElement.style.removeProperty('zoom');
    await emulateMedia({ colorScheme: 'no-preference', reducedMotion: 'no-preference' });
    await setViewport({ width: 800, height: 600 });
  });

  it("provider buttons show the provider's mark, hidden from screen readers, and its name as text", async () => {
    const el = await openLogin();
    for (const [provider, name] of [
      ['github', 'Continue with GitHub'],
      ['google', 'Continue with Google'],
    ]) {
      const button = new AuthHarness(el).providerButton(provider!);
      const mark = button.querySelector('svg')!;
      expect(mark, provider).to.not.equal(null);
      expect(mark.getAttribute('aria-hidden')).to.equal('true');
      expect(mark.querySelectorAll('path').length).to.be.greaterThan(0);
      expect(box(mark).width, provider).to.equal(20);
      expect(button.textContent!.trim()).to.equal(name);
    }
    // Google's mark in its four colours, GitHub's in the text colour.
    const google = [...new AuthHarness(el).providerButton('google').querySelectorAll('path')];
    expect(new Set(google.map((path) => getComputedStyle(path).fill)).size).to.equal(4);
    const github = new AuthHarness(el).providerButton('github');
    expect(getComputedStyle(github.querySelector('path')!).fill).to.equal(getComputedStyle(github).color);
  });

  it('shows the logo attribute as a decorative image above the title', async () => {
    const el = await openLogin({ logo: LOGO });
    const logo = el.querySelector<HTMLImageElement>('dialog img.gotrue-auth-logo')!;
    expect(logo.getAttribute('src')).to.equal(LOGO);
    expect(logo.alt).to.equal('');
    await until(() => logo.complete, 'logo not loaded');
    expect(box(logo).bottom).to.be.at.most(box(new AuthHarness(el).heading).top);
    // A tall image is kept to 48 px (3em) high.
    expect(box(logo).height).to.equal(48);
  });

  it('shows the page\'s slot="logo" above the title, in place of the attribute, with the page\'s styles', async () => {
    const style = document.createElement('style');
    style.textContent = '.site-logo { display: block; width: 30px; height: 30px; background: rgb(1, 2, 3); }';
    document.head.append(style);
    try {
      const el = await openLogin(
        { logo: LOGO },
        '<span slot="logo" class="site-logo" role="img" aria-label="Acme"></span>',
      );
      const logo = el.querySelector<HTMLElement>('dialog .site-logo')!;
      expect(logo, 'slotted logo not in the dialog').to.not.equal(null);
      expect(el.querySelector('dialog img')).to.equal(null);
      expect(getComputedStyle(logo).backgroundColor).to.equal('rgb(1, 2, 3)');
      expect(box(logo).width).to.equal(30);
      expect(box(logo).bottom).to.be.at.most(box(new AuthHarness(el).heading).top);
    } finally {
      style.remove();
    }
  });

  it('a "Show password" toggle button reveals and hides the password, and hides it again on submit', async () => {
    const el = await openLogin();
    const ui = new AuthHarness(el);
    const toggle = el.querySelector<HTMLButtonElement>('button.gotrue-auth-reveal')!;
    expect(toggle.type).to.equal('button');
    expect(toggle.getAttribute('aria-label')).to.equal('Show password');
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    // The field keeps its own name: the toggle is outside its label.
    expect(ui.passwordInput.labels![0]!.textContent!.trim()).to.equal('Password');
    // Visible, over the inline end of the input.
    expect(toggle.checkVisibility()).to.equal(true);
    expect(Math.round(box(toggle).right)).to.equal(Math.round(box(ui.passwordInput).right));

    ui.passwordInput.focus();
    await sendKeys({ type: 'hunter2' });
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.equal(toggle);
    await sendKeys({ press: 'Space' });
    expect(ui.passwordInput.type).to.equal('text');
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    expect(ui.passwordInput.value).to.equal('hunter2');
    await sendKeys({ press: 'Enter' });
    expect(ui.passwordInput.type).to.equal('password');
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');

    toggle.click();
    expect(ui.passwordInput.type).to.equal('text');
    ui.emailInput.value = 'nobody@example.com';
    ui.submitButton.click();
    // A password manager sees a password field when the form is sent.
    expect(ui.passwordInput.type).to.equal('password');
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
  });

  it('the submitting button is busy, with a spinner that stands still for reduced motion', async () => {
    const el = await openLogin();
    const ui = new AuthHarness(el);
    const held = holdRequests((method, path) => method === 'POST' && path.endsWith('/token'));
    try {
      ui.emailInput.value = 'nobody@example.com';
      ui.passwordInput.value = 'wrong password';
      ui.submitButton.click();
      await until(() => ui.submitButton.getAttribute('aria-busy') === 'true', 'not busy');
      const spinner = getComputedStyle(ui.submitButton, '::before');
      expect(spinner.content).to.equal('""');
      expect(spinner.animationName).to.equal('gotrue-auth-spin');
      expect(spinner.width).to.equal('16px');
      await emulateMedia({ reducedMotion: 'reduce' });
      expect(getComputedStyle(ui.submitButton, '::before').animationName).to.equal('none');
      expect(getComputedStyle(ui.submitButton, '::before').content).to.equal('""');
      held.release();
      await until(() => ui.alertText, 'no error');
      expect(getComputedStyle(ui.submitButton, '::before').content).to.equal('none');
    } finally {
      held.release();
      held.stop();
    }
  });

  it('every control is at least 44 px high and wide, in login and signup', async () => {
    const el = await openLogin();
    const small = () =>
      controls(el)
        .filter((control) => !control.matches('[type=checkbox]'))
        .map((control) => ({ control: control.outerHTML.slice(0, 60), ...box(control).toJSON() }))
        .filter(({ width, height }) => width < 44 || height < 44);
    expect(small()).to.deep.equal([]);
    await el.open('signup');
    expect(small()).to.deep.equal([]);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`shows a focus ring in the accent colour, clear of the background, in ${theme}`, async () => {
      await emulateMedia({ colorScheme: theme });
      const el = await openLogin();
      const ui = new AuthHarness(el);
      const background = getComputedStyle(ui.dialog).backgroundColor;
      ui.emailInput.focus();
      for (const key of ['Tab', 'Tab', 'Tab', 'Tab']) {
        await sendKeys({ press: key });
        const focused = document.activeElement!;
        const style = getComputedStyle(focused);
        expect(focused.matches(':focus-visible'), focused.outerHTML).to.equal(true);
        expect(style.outlineStyle, focused.outerHTML).to.equal('solid');
        expect(style.outlineWidth).to.equal('2px');
        expect(style.outlineColor).to.equal(getComputedStyle(ui.submitButton).backgroundColor);
        expect(contrast(style.outlineColor, background)).to.be.at.least(3);
      }
    });
  }

  for (const [name, width, zoom] of [
    ['320 px wide', 320, ''],
    ['200 % zoom', 800, '2'],
  ] as const) {
    it(`holds its layout at ${name}: nothing wider than the dialog, the dialog within the window`, async () => {
      await setViewport({ width, height: 700 });
      if (zoom) document.documentElement.style.setProperty('zoom', zoom);
      const el = await openLogin({ logo: LOGO });
      for (const view of ['login', 'signup'] as const) {
        await el.open(view);
        const dialog = new AuthHarness(el).dialog;
        expect(dialog.scrollWidth, `${view}: horizontal scroll`).to.be.at.most(dialog.clientWidth);
        expect(box(dialog).left).to.be.at.least(0);
        expect(box(dialog).right).to.be.at.most(document.documentElement.getBoundingClientRect().right + 1);
        const outside = controls(el).filter(
          (control) => box(control).left < box(dialog).left || box(control).right > box(dialog).right,
        );
        expect(outside.map((control) => control.outerHTML.slice(0, 60))).to.deep.equal([]);
      }
    });
  }

  for (const where of ['page', 'element'] as const) {
    it(`mirrors the layout with dir="rtl" on the ${where}, with Arabic text`, async () => {
      registerLocale('ar', {
        'title.login': 'تسجيل الدخول',
        'field.email': 'البريد الإلكتروني',
        'field.password': 'كلمة المرور',
        'field.remember': 'تذكرني',
        'link.forgot': 'نسيت كلمة المرور؟',
      });
      if (where === 'page') document.documentElement.setAttribute('dir', 'rtl');
      const el = await openLogin(where === 'element' ? { dir: 'rtl', locale: 'ar' } : { locale: 'ar' });
      const ui = new AuthHarness(el);
      expect(ui.heading.textContent).to.equal('تسجيل الدخول');
      const dialog = box(ui.dialog);
      const title = box(ui.heading);
      const close = box(ui.closeButton!);
      // The title starts at the right, the close button sits in the left corner.
      expect(title.right).to.be.closeTo(dialog.right - 25, 2);
      expect(close.left).to.be.lessThan(title.left);
      // The show-password button sits at the input's left end.
      const toggle = box(el.querySelector('.gotrue-auth-reveal')!);
      expect(Math.round(toggle.left)).to.equal(Math.round(box(ui.passwordInput).left));
      expect(getComputedStyle(ui.passwordInput).paddingLeft).to.equal('44px');
      // The checkbox is at the right of "Remember me"; "Forgot password?" comes first, at the right.
      const checkbox = box(ui.rememberCheckbox!);
      const rememberText = box(el.querySelector('.gotrue-auth-check span')!);
      expect(checkbox.left).to.be.greaterThan(rememberText.right);
      expect(box(ui.linkButton('نسيت كلمة المرور؟')).right).to.be.closeTo(dialog.right - 25, 2);
      expect(getComputedStyle(ui.emailInput).direction).to.equal('rtl');
    });
  }
});

/** WCAG contrast ratio of two `rgb()` colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, bl] = color
      .match(/[\d.]+/g)!
      .slice(0, 3)
      .map(Number) as [number, number, number];
    const channel = (c: number) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(bl);
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
