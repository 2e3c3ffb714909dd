/**
 * `netlifyIdentity`: the API of netlify-identity-widget (`init`, `open`, `close`, `on`/`off`,
 * `currentUser`, `logout`, `refresh`, `setLocale`, `gotrue`) on one `<gotrue-auth>` element, so a
 * site written against the widget swaps one script tag. The session is the same
 * `localStorage["gotrue.user"]` record, so users stay logged in across the swap, either way.
 *
 * Differences a page can notice (docs/migrating-from-netlify-identity-widget.md):
 * `login` fires for real logins only, never for a session restored on page load (`init` tells
 * that); `init` is replayed to a callback added after it fired; `init(options)` after the first
 * call applies the new options instead of being ignored.
 *
 * Creating an instance touches nothing; `init()` puts the element on the page.
 */
import type { GotrueAuth } from '../components/gotrue-auth.js';
import { defineGotrueAuth } from '../define.js';
import { GoTrueClient } from '../core/client.js';
import {
  loadLocale,
  locale as translator,
  negotiateLocale,
  onLocaleRegistered,
  resolveLocale,
} from '../core/i18n/index.js';
import type { ViewName } from '../core/machine/types.js';
import type { User } from '../core/user.js';
import type { Metadata, Settings, WireUser } from '../core/wire.js';
import { CONTROLS_SELECTOR, renderControl, takeControl, type Control, type ControlActions } from './controls.js';
import { identityUser, type NetlifyIdentityUser } from './user.js';

export type { NetlifyIdentityUser } from './user.js';

export type NetlifyIdentityEvent = 'init' | 'login' | 'logout' | 'open' | 'close' | 'error';
// The widget's callbacks take whatever each event carries: a user, a page name, an Error.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type NetlifyIdentityCallback = (...args: any[]) => void;

export interface InitOptions {
  /** The GoTrue API; default `/.netlify/identity` on the page's origin. */
  APIUrl?: string;
  /** The dialog's language (`de`, `pt-BR`, `zhCN`); default the page's `lang`, then the browser's. */
  locale?: string;
  /** A selector for the element the dialog is added to; default `<body>`. */
  container?: string;
  /** `false` or `true`: no logo (there is no Netlify logo); a string: the URL of the site's logo. */
  logo?: boolean | string;
  /** The label of the signup form's name field. */
  namePlaceholder?: string;
  /** The `Domain` of the `nf_jwt` cookie written for the page (`.example.com`: every subdomain). */
  cookieDomain?: string;
}

/** The subset of gotrue-js's client that needs no session: for custom forms beside the dialog. */
export interface NetlifyIdentityGoTrue {
  currentUser(): NetlifyIdentityUser | null;
  settings(): Promise<Settings>;
  signup(email: string, password: string, data?: Metadata): Promise<WireUser>;
  requestPasswordRecovery(email: string): Promise<void>;
}

/** The element's view names, as the widget called its pages in the `open` event. */
const PAGE_NAMES: Partial<Record<ViewName, string>> = { account: 'user', forgot: 'amnesia' };
/** The widget's own names of two languages. */
const LOCALE_NAMES: Record<string, string> = { zhCN: 'zh-CN', zhTW: 'zh-TW' };
/** Where the widget asks for a site URL instead of using the page's origin (its own list). */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '0.0.0.0', '[::1]']);
const OPEN_ACTIONS = new Set(['login', 'signup']);

function localeTagOf(name: string | undefined): string {
  return name ? (LOCALE_NAMES[name] ?? name) : '';
}

function isLocalHost(): boolean {
  return LOCAL_HOSTS.has(location.hostname);
}

/**
 * On a local host the widget talks to the Netlify site whose URL the developer gave it once,
 * kept in `localStorage.netlifySiteURL`; that choice is kept. Elsewhere, and on a local host
 * without it (the local server on the same origin), the API is `/.netlify/identity`.
 */
function defaultApiUrl(): string {
  if (!isLocalHost()) return '/.netlify/identity';
  let siteUrl: string | null = null;
  try {
    siteUrl = localStorage.getItem('netlifySiteURL');
  } catch {
    /* storage blocked: the page's origin */
  }
  return siteUrl ? `${siteUrl.replace(/\/+$/, '')}/.netlify/identity` : '/.netlify/identity';
}

function checkOptions(options: InitOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('netlifyIdentity.init(options) needs an object, e.g. { locale: "de" }');
  }
  for (const name of ['APIUrl', 'locale', 'container', 'namePlaceholder', 'cookieDomain'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'string') {
      throw new TypeError(`netlifyIdentity.init: ${name} must be a string`);
    }
  }
  if (options.cookieDomain && /[;\r\n]/.test(options.cookieDomain)) {
    throw new Error('netlifyIdentity.init: cookieDomain must not contain semicolons or line breaks');
  }
}

export class NetlifyIdentity {
  readonly #callbacks = new Map<string, Set<NetlifyIdentityCallback>>();
  #options: InitOptions = {};
  #auth: GotrueAuth | null = null;
  /** The element's first look at the stored session is done (`init` fired). */
  #ready = false;
  #controls: Control[] = [];

  /** Adds a callback; one added for `init` after it fired is called at once (a microtask later). */
  on(event: NetlifyIdentityEvent, callback: NetlifyIdentityCallback): void {
    if (typeof callback !== 'function') {
      throw new TypeError(`netlifyIdentity.on("${event}", callback) needs a function`);
    }
    let set = this.#callbacks.get(event);
    if (!set) this.#callbacks.set(event, (set = new Set()));
    set.add(callback);
    if (event === 'init' && this.#ready) {
      queueMicrotask(() => {
        if (set.has(callback)) this.#call(callback, [this.currentUser()]);
      });
    }
  }

  /** Removes one callback, or every callback of the event when none is given. */
  off(event: NetlifyIdentityEvent, callback?: NetlifyIdentityCallback): void {
    if (callback) this.#callbacks.get(event)?.delete(callback);
    else this.#callbacks.get(event)?.clear();
  }

  /**
   * Puts the dialog on the page and renders the `[data-netlify-identity-*]` controls. The script
   * tag calls it when the page is parsed; a later call applies its options to the same dialog.
   */
  init(options: InitOptions = {}): void {
    checkOptions(options);
    this.#options = { ...this.#options, ...options };
    if (this.#auth) {
      this.#configure(this.#auth);
    } else {
      const selector = this.#options.container;
      const container = selector ? document.querySelector(selector) : document.body;
      if (!container && document.readyState === 'loading') {
        // Called from the <head>, or before the container is parsed: once the page is.
        document.addEventListener('DOMContentLoaded', () => this.init(), { once: true });
        return;
      }
      if (!container) throw new Error(`netlifyIdentity.init: no element matches container "${selector}"`);
      this.#mount(container);
    }
    for (const host of document.querySelectorAll(CONTROLS_SELECTOR)) {
      if (!this.#controls.some((control) => control.host === host)) this.#controls.push(takeControl(host));
    }
    this.#renderControls();
  }

  /** Opens the dialog on `login` (default) or `signup`; on the account view when logged in. `metadata` joins a signup's `user_metadata`. */
  open(action: string = 'login', metadata?: Metadata): void {
    if (!OPEN_ACTIONS.has(action)) throw new Error(`Invalid action for open: ${action}`);
    if (metadata != null && typeof metadata !== 'object') {
      throw new TypeError('netlifyIdentity.open(action, metadata): metadata must be an object, e.g. { plan: "pro" }');
    }
    const auth = this.#element();
    const view = auth.user ? 'account' : (action as 'login' | 'signup');
    void auth.open(view, metadata && Object.keys(metadata).length ? { metadata } : {});
  }

  close(): void {
    void this.#auth?.close();
  }

  /** The logged-in user, or `null`. */
  currentUser(): NetlifyIdentityUser | null {
    const auth = this.#auth;
    return auth?.user ? identityUser(auth.user, auth) : null;
  }

  /** Logs out here and in the other tabs; `logout` fires. */
  logout(): Promise<void> {
    return this.#auth?.logout() ?? Promise.resolve();
  }

  /** The user's access token, refreshed first when it is about to expire, or when `force`. */
  refresh(force = false): Promise<string> {
    const auth = this.#auth;
    if (!auth?.user) return Promise.reject(new Error('netlifyIdentity.refresh(): nobody is logged in'));
    return auth.jwt(force);
  }

  /** Changes the language of the dialog and the controls. */
  setLocale(locale: string): void {
    if (!locale) return;
    this.#options.locale = locale;
    if (this.#auth) this.#configure(this.#auth);
    this.#renderControls();
  }

  /** gotrue-js's calls that need no session, on the same API as the dialog. */
  get gotrue(): NetlifyIdentityGoTrue {
    // The client holds no state: one per call follows a later init({ APIUrl }).
    const client = (): GoTrueClient => new GoTrueClient({ apiUrl: this.#apiUrl() });
    return {
      currentUser: () => this.currentUser(),
      settings: () => client().settings(),
      signup: (email, password, data) => client().signup(email, password, data),
      requestPasswordRecovery: (email) => client().recover(email),
    };
  }

  #apiUrl(): string {
    return this.#options.APIUrl || defaultApiUrl();
  }

  /** The dialog, put on the page first if `init()` has not run yet. */
  #element(): GotrueAuth {
    if (!this.#auth) this.init();
    if (!this.#auth) throw new Error('netlifyIdentity: the page has no <body> yet; call this once it is parsed');
    return this.#auth;
  }

  #mount(container: Element): void {
    defineGotrueAuth();
    const auth = document.createElement('gotrue-auth');
    auth.id = 'netlify-identity-widget';
    this.#listen(auth);
    // Before it connects: it holds the session of the API it has then.
    this.#configure(auth);
    this.#auth = auth;
    container.append(auth);
    onLocaleRegistered(() => this.#renderControls());
  }

  #configure(auth: GotrueAuth): void {
    const { locale, logo, namePlaceholder, cookieDomain } = this.#options;
    auth.apiUrl = this.#apiUrl();
    auth.locale = localeTagOf(locale);
    auth.logo = typeof logo === 'string' ? logo : '';
    auth.strings = namePlaceholder ? { 'field.name': namePlaceholder } : {};
    // As the widget: GoTrue's HttpOnly cookie on a deployed site, unless the page writes one for a parent domain.
    auth.cookie = !isLocalHost() && !cookieDomain;
  }

  #listen(auth: GotrueAuth): void {
    const user = (value: User | null): NetlifyIdentityUser | null => (value ? identityUser(value, auth) : null);
    auth.addEventListener('gotrue:init', ({ detail }) => {
      this.#ready = true;
      if (detail.user) this.#writeCookie(detail.user);
      this.#renderControls();
      this.#trigger('init', user(detail.user));
    });
    auth.addEventListener('gotrue:login', ({ detail }) => {
      this.#writeCookie(detail.user);
      this.#renderControls();
      this.#trigger('login', user(detail.user));
    });
    auth.addEventListener('gotrue:logout', () => {
      this.#writeCookie(null);
      this.#renderControls();
      this.#trigger('logout');
    });
    auth.addEventListener('gotrue:user', ({ detail }) => {
      this.#writeCookie(detail.user);
      this.#renderControls();
    });
    auth.addEventListener('gotrue:token', ({ detail }) => this.#writeCookie(detail.user));
    auth.addEventListener('gotrue:open', ({ detail }) => this.#trigger('open', PAGE_NAMES[detail.view] ?? detail.view));
    auth.addEventListener('gotrue:close', () => this.#trigger('close'));
    auth.addEventListener('gotrue:error', ({ detail }) => {
      this.#trigger('error', Object.assign(new Error(detail.message), { code: detail.code }));
    });
  }

  /**
   * The `nf_jwt` cookie the widget writes for the page, kept in step with the session: Netlify's
   * role-based redirects and functions read it. A cookie GoTrue set HttpOnly is not overwritten.
   */
  #writeCookie(user: User | null): void {
    const domain = this.#options.cookieDomain ? `; domain=${this.#options.cookieDomain}` : '';
    const secure = location.protocol === 'https:' ? '; secure' : '';
    const value = user ? user.token.access_token : '; expires=Thu, 01 Jan 1970 00:00:00 GMT';
    document.cookie = `nf_jwt=${value}; path=/${domain}${secure}; SameSite=Lax`;
  }

  #renderControls(): void {
    if (!this.#controls.length || !this.#auth) return;
    const auth = this.#auth;
    // The dialog's language rule: the chosen locale, else the page's lang, else the browser's languages.
    const asked = localeTagOf(this.#options.locale) || document.documentElement.lang;
    const key = asked ? resolveLocale(asked) : negotiateLocale(navigator.languages ?? [navigator.language]);
    void loadLocale(key);
    const t = translator(key);
    const actions: ControlActions = {
      open: (view) => void auth.open(view),
      logout: () => void auth.logout(),
    };
    // Before the session is known, the controls show the logged-out state, as the widget's did.
    for (const control of this.#controls) renderControl(control, this.#ready ? auth.user : null, t, actions);
  }

  #trigger(event: NetlifyIdentityEvent, ...args: unknown[]): void {
    for (const callback of [...(this.#callbacks.get(event) ?? [])]) this.#call(callback, args);
  }

  /** One callback's error must not stop the others: it is reported on its own, as an uncaught error. */
  #call(callback: NetlifyIdentityCallback, args: unknown[]): void {
    try {
      callback(...args);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}
