// Shared set-up for the element tests: mount against a local GoTrue mounted by
// web-test-runner.config.mjs, record the requests the page makes, read the local outbox.
import { waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { GotrueAuth } from '../../src/index.js';

export const API = {
  default: '/.netlify/identity',
  autoconfirm: '/identity-autoconfirm',
  nosignup: '/identity-nosignup',
  providers: '/identity-providers',
} as const;

export function uniqueEmail(tag: string): string {
  return `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export interface RecordedRequest {
  method: string;
  path: string;
}

/** The headers of each request made while recording, in order. */
export const recordedHeaders: Headers[] = [];

/** Wraps window.fetch to list the requests made, in order; `stop()` puts fetch back. */
export function recordRequests(): { requests: RecordedRequest[]; stop(): void } {
  const original = window.fetch;
  const requests: RecordedRequest[] = [];
  window.fetch = (input, init) => {
    const request = new Request(input, init);
    requests.push({ method: request.method, path: new URL(request.url).pathname });
    recordedHeaders.push(request.headers);
    return original.call(window, input, init);
  };
  recordedHeaders.length = 0;
  return { requests, stop: () => (window.fetch = original) };
}

/**
 * Holds back the page's requests that `matches` (method and path) until `release()`, so a test can
 * look at what the user sees while a request is in flight. `stop()` puts fetch back.
 */
export function holdRequests(matches: (method: string, path: string) => boolean): {
  readonly held: number;
  release(): void;
  stop(): void;
} {
  const original = window.fetch;
  let open: () => void = () => {};
  let gate = new Promise<void>((resolve) => (open = resolve));
  let held = 0;
  window.fetch = async (input, init) => {
    const request = new Request(input, init);
    if (matches(request.method, new URL(request.url).pathname)) {
      held++;
      await gate;
    }
    return original.call(window, input, init);
  };
  return {
    get held() {
      return held;
    },
    release() {
      open();
      gate = new Promise<void>((resolve) => (open = resolve));
    },
    stop: () => (window.fetch = original),
  };
}

/**
 * Counts the session's writes to storage from now on: the session stores what the server
 * answered right before it tells the page about it, so a test can wait for a check to be done.
 */
export function watchSessionWrites(): { readonly count: number; stop(): void } {
  const original = Storage.prototype.setItem;
  let count = 0;
  Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
    if (key === 'gotrue.user') count++;
    return original.call(this, key, value);
  };
  return {
    get count() {
      return count;
    },
    stop: () => (Storage.prototype.setItem = original),
  };
}

/** Every `gotrue:*` event the element fires, in order. */
export function recordEvents(el: EventTarget): { type: string; detail: any }[] {
  const events: { type: string; detail: any }[] = [];
  for (const type of ['init', 'login', 'logout', 'user', 'token', 'error', 'open', 'close']) {
    el.addEventListener(`gotrue:${type}`, (event) =>
      events.push({ type: event.type, detail: (event as CustomEvent).detail }),
    );
  }
  return events;
}

/**
 * `waitUntil` with room for a real server on a busy 2-core machine: a ceiling for a step that
 * makes requests, not a speed assertion.
 */
export function until(predicate: () => unknown, message: string): Promise<void> {
  return waitUntil(predicate, message, { timeout: 8000, interval: 20 });
}

/** Mounts a `<gotrue-auth>` with the given attributes and waits until it is ready. */
export async function mount(attributes: Record<string, string> = {}, children = ''): Promise<GotrueAuth> {
  // The local instance starts on its first request (about 2 s): warm it before the test's clock.
  // A test of a server that is down expects this to fail.
  if (attributes['api-url']) await fetch(`${attributes['api-url']}/settings`).catch(() => undefined);
  const el = document.createElement('gotrue-auth');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.innerHTML = children;
  document.body.append(el);
  await el.ready;
  await el.updateComplete;
  return el;
}

export interface OutboxMessage {
  to: string;
  kind: string;
  token: string;
  link: string;
}

/** The newest mail of `kind` to `to`, waiting for it to arrive. */
export async function mail(api: string, to: string, kind: string): Promise<OutboxMessage> {
  let found: OutboxMessage | undefined;
  await waitUntil(
    async () => {
      const messages = (await (await fetch(`${api}/_outbox/messages`)).json()) as OutboxMessage[];
      found = messages.filter((m) => m.to === to && m.kind === kind).pop();
      return found !== undefined;
    },
    `no ${kind} mail to ${to}`,
    { timeout: 4000, interval: 50 },
  );
  return found!;
}

/** A confirmed user with a password, made through the autoconfirm instance's /signup. */
export async function confirmedUser(
  api: string = API.autoconfirm,
  name = 'Ada',
): Promise<{ email: string; password: string }> {
  const email = uniqueEmail('user');
  const password = 'correct horse';
  const response = await fetch(`${api}/signup`, {
    method: 'POST',
    body: JSON.stringify({ email, password, data: { full_name: name } }),
  });
  if (!response.ok) throw new Error(`signup failed: ${response.status}`);
  return { email, password };
}

/** The first element matching `selector` inside the element, failing clearly when missing. */
export function find<T extends Element = HTMLElement>(el: Element, selector: string): T {
  const found = el.querySelector<T>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

/** Logs in through the element's own login form, as a user would. */
export async function logIn(el: GotrueAuth, email: string, password: string): Promise<void> {
  const ui = new AuthHarness(el);
  await el.open();
  ui.emailInput.value = email;
  ui.passwordInput.value = password;
  ui.submitButton.click();
  await until(() => el.user !== null, 'no login');
}

/**
 * What a user of `<gotrue-auth>` sees and touches, by role: the one place that knows the markup's
 * selectors, so a change of markup touches this class only.
 */
export class AuthHarness {
  constructor(readonly el: Element) {}

  /** The native dialog of the modal mode. */
  get dialog(): HTMLDialogElement {
    return find<HTMLDialogElement>(this.el, 'dialog');
  }

  /** The inline mode's panel. */
  get panel(): HTMLElement {
    return find(this.el, 'section.gotrue-auth-panel');
  }

  /** The view's heading, which labels the dialog. */
  get heading(): HTMLHeadingElement {
    return find<HTMLHeadingElement>(this.el, 'h2');
  }

  /** The form of the view showing, or the one doing `action`. */
  form(action?: 'login' | 'signup' | 'recover' | 'recovery' | 'invite' | 'account'): HTMLFormElement {
    return find<HTMLFormElement>(this.el, action ? `form[data-action=${action}]` : 'form');
  }

  hasForm(action: 'login' | 'signup' | 'recover' | 'recovery' | 'invite' | 'account'): boolean {
    return this.el.querySelector(`form[data-action=${action}]`) !== null;
  }

  get emailInput(): HTMLInputElement {
    return find<HTMLInputElement>(this.el, 'input[name=email]');
  }

  get passwordInput(): HTMLInputElement {
    return find<HTMLInputElement>(this.el, 'input[name=password]');
  }

  get nameInput(): HTMLInputElement {
    return find<HTMLInputElement>(this.el, 'input[name=name]');
  }

  /** The hidden username beside a new password, for password managers. */
  get usernameInput(): HTMLInputElement {
    return find<HTMLInputElement>(this.el, 'input[name=username]');
  }

  get rememberCheckbox(): HTMLInputElement | null {
    return this.el.querySelector<HTMLInputElement>('input[name=remember]');
  }

  get submitButton(): HTMLButtonElement {
    return find<HTMLButtonElement>(this.el, 'button[type=submit]');
  }

  /** "Continue" after a link's result or a notice. */
  get continueButton(): HTMLButtonElement {
    return find<HTMLButtonElement>(this.el, 'button.gotrue-auth-button');
  }

  get closeButton(): HTMLButtonElement | null {
    return this.el.querySelector<HTMLButtonElement>('.gotrue-auth-close');
  }

  /** A text button of the view ("Forgot password?", "Log out"), by its text. */
  linkButton(text: string): HTMLButtonElement {
    const found = [...this.el.querySelectorAll<HTMLButtonElement>('button.gotrue-auth-link')].find(
      (b) => b.textContent!.trim() === text,
    );
    if (!found) throw new Error(`no button "${text}"`);
    return found;
  }

  providerButton(provider: string): HTMLButtonElement {
    return find<HTMLButtonElement>(this.el, `.gotrue-auth-provider[data-provider=${provider}]`);
  }

  get providerButtons(): HTMLButtonElement[] {
    return [...this.el.querySelectorAll<HTMLButtonElement>('.gotrue-auth-provider')];
  }

  /** The alert region (errors), always present. */
  get alert(): HTMLElement {
    return find(this.el, '[role=alert]');
  }

  /** The error shown; '' when none is (or nothing is rendered yet). */
  get alertText(): string {
    return this.el.querySelector('[role=alert]')?.textContent!.trim() ?? '';
  }

  /** The status region (notices), always present. */
  get status(): HTMLElement {
    return find(this.el, '[role=status]');
  }

  /** The notice shown in the status region ("Saved."); '' when none is. */
  get noticeText(): string {
    return this.el.querySelector('[role=status]')?.textContent!.trim() ?? '';
  }

  /** Whether the element shows `text` anywhere. */
  shows(text: string): boolean {
    return this.el.textContent!.includes(text);
  }
}

export function dialogOf(el: Element): HTMLDialogElement {
  return new AuthHarness(el).dialog;
}

export function cleanUp(): void {
  document.querySelectorAll('gotrue-auth').forEach((el) => el.remove());
  localStorage.clear();
  sessionStorage.clear();
  history.replaceState(null, '', location.pathname + location.search);
}

// Test files run one after another on the same origin: start every test from a clean page too.
beforeEach(cleanUp);
