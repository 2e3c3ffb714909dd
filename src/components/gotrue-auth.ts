import { html } from 'lit/html.js';
import { LightElement, type PropertyDeclarations, type PropertyValues } from './light-element.js';
import { takeFragmentRoute } from '../core/fragment.js';
import { errorText, locale } from '../core/i18n/index.js';
import type { Event as MachineEvent, HostEvent, MachineState, OpenableView } from '../core/machine/types.js';
import { capabilities } from '../core/machine/views.js';
import { createRunner, type Runner } from '../core/runner.js';
import type { Session, SessionEvent, User } from '../core/session.js';
import { holdSession, releaseSession, type SharedSession } from '../core/shared-session.js';
import type { Metadata } from '../core/wire.js';
import { emit, type ViewName } from './emit.js';
import { sameOriginPath } from './redirect.js';
import { adoptStyles } from './gotrue-auth.styles.js';
import { editEvent, formEvent } from './form-events.js';
import { renderView } from './views/index.js';
import type { ViewContext } from './views/context.js';
import { enabledProviders, providerLabel, publicView, viewError, viewNotice, viewTitle } from './view-context.js';

/** `remember="false"` / `close-on-login="off"`: these default on, so absence means true. */
const onUnlessOff = { fromAttribute: (value: string | null) => !/^(false|off|0)$/i.test(value ?? '') };

let instances = 0;

/**
 * @tagname gotrue-auth
 * @summary A login dialog for GoTrue / Netlify Identity: login, signup, password recovery, invite
 * acceptance, email confirmation and change, account settings and "Continue with" providers.
 *
 * Forms render in the light DOM, inside a native `<dialog>` (or in place with `mode="inline"`),
 * so password managers and autofill see real `<form>`s, `<label>`s and `autocomplete` tokens.
 *
 * @fires gotrue:init - `{ user }` once, when the stored session (or `null`) is known.
 * @fires gotrue:login - `{ user, method }` on a real login only, never for a restored session.
 * Once per page: elements with the same `api-url`, `audience` and `cookie` share one session,
 * and only the element that logged in fires it.
 * @fires gotrue:logout - `{ reason }`: `user`, `expired`, `revoked` or `other-tab`. Once per page:
 * from the element whose `logout()` was called, else (expiry, revocation, another tab) from the
 * first connected element sharing the session.
 * @fires gotrue:user - `{ user }` when the user's data changes; from every element, once per change.
 * @fires gotrue:token - `{ user }` when the access token is refreshed; from every element, once per change.
 * @fires gotrue:error - `{ code, message, view }`: an AuthError code, translated text, the view.
 * @fires gotrue:open - `{ view }` when the dialog opens.
 * @fires gotrue:close - `{ view }` when the dialog closes (also by Escape).
 *
 * @slot signup-fields - Extra signup inputs; their named values join `user_metadata`.
 *
 * Styling: there is no shadow root, so there are no `::part()`s; the page's own stylesheets reach
 * the markup through these stable class names, and the custom properties below set the theme.
 * `.gotrue-auth-dialog` the `<dialog>` (modal), `.gotrue-auth-panel` the `<section>` (inline),
 * `.gotrue-auth-header` the heading row with `.gotrue-auth-title` and `.gotrue-auth-close`,
 * `.gotrue-auth-error` the alert region, `.gotrue-auth-notice` the status region,
 * `.gotrue-auth-form`, `.gotrue-auth-field` (a label and its input), `.gotrue-auth-check`
 * ("Remember me"), `.gotrue-auth-button`, `.gotrue-auth-providers` around `.gotrue-auth-provider`
 * buttons, `.gotrue-auth-separator` ("or"), `.gotrue-auth-links` around `.gotrue-auth-link`s.
 * Scope rules with the element (`gotrue-auth .gotrue-auth-button`) to win over the defaults.
 *
 * @cssproperty --gotrue-auth-accent - Buttons, links and focus rings.
 * @cssproperty --gotrue-auth-on-accent - Text on accent buttons.
 * @cssproperty --gotrue-auth-radius - Corner radius of the panel, inputs and buttons.
 * @cssproperty --gotrue-auth-font - The `font` shorthand.
 * @cssproperty --gotrue-auth-background - Panel background.
 * @cssproperty --gotrue-auth-color - Text color.
 * @cssproperty --gotrue-auth-muted - Secondary text.
 * @cssproperty --gotrue-auth-border - Borders of the panel and inputs.
 * @cssproperty --gotrue-auth-error - Error text.
 * @cssproperty --gotrue-auth-backdrop - The modal backdrop.
 */
export class GotrueAuth extends LightElement {
  // Declared here rather than with decorators: the decorator helpers cost the script-tag bundle
  // about half a kilobyte; the manifest analyzer reads `static properties` just the same.
  static override properties: PropertyDeclarations = {
    apiUrl: { attribute: 'api-url' },
    mode: { reflect: true },
    locale: {},
    providers: {},
    providersOnly: { type: Boolean, attribute: 'providers-only' },
    remember: { converter: onUnlessOff },
    cookie: { type: Boolean },
    audience: {},
    closeOnLogin: { attribute: 'close-on-login', converter: onUnlessOff },
    redirect: {},
    fetchOrigins: { attribute: 'fetch-origins' },
    theme: { reflect: true },
    machine: { state: true },
  };

  /** Base URL of the GoTrue API. */
  apiUrl = '/.netlify/identity';
  /** `modal` (default): a dialog opened with `open()`; `inline`: rendered in place. */
  mode: 'modal' | 'inline' = 'modal';
  /** BCP 47 language tag of the UI; defaults to the page's `lang`. */
  locale = '';
  /** Comma list limiting and ordering the providers enabled in `/settings`. */
  providers = '';
  /** Only provider buttons, no email forms. */
  providersOnly = false;
  /** Offer "Remember me" (on by default; `remember="false"` hides it and keeps sessions short). */
  remember = true;
  /** Ask GoTrue for the HttpOnly `nf_jwt` cookie (`X-Use-Cookie`, §7). */
  cookie = false;
  /** Sent as `X-JWT-AUD` (§1.5). */
  audience = '';
  /** Close the dialog after a login (default on). */
  closeOnLogin = true;
  /** A same-origin path to go to after a login; anything else is ignored. */
  redirect = '';
  /** `light` or `dark` forces a color scheme; unset follows `prefers-color-scheme`. */
  theme = '';
  /** Space-separated origins besides the page's and the API's that `fetch()` may send the JWT to. */
  fetchOrigins = '';

  private machine: MachineState | null = null;

  #session: Session | null = null;
  #held: SharedSession<GotrueAuth> | null = null;
  #loggingOut = false;
  #runner: Runner | null = null;
  readonly #headingId = `gotrue-auth-title-${++instances}`;
  #opener: HTMLElement | null = null;
  /** The open view whose first field has been focused. */
  #focusedView = '';
  #signupFields: Node[] = [];
  #initialized = false;
  #signupMetadata: Metadata = {};
  #resolveReady: () => void = () => {};
  readonly #readyPromise = new Promise<void>((resolve) => (this.#resolveReady = resolve));

  /** The logged-in user, or null. */
  get user(): User | null {
    return this.#session?.user ?? null;
  }

  /** Resolves once the stored session is restored and the URL fragment handled. */
  get ready(): Promise<void> {
    return this.#readyPromise;
  }

  /** Renders into the light DOM: forms must be visible to password managers and autofill (defect 1). */
  override connectedCallback(): void {
    super.connectedCallback();
    adoptStyles(this.getRootNode());
    // Light DOM has no <slot>: the page's extra fields are moved into the signup form when it shows.
    if (!this.#signupFields.length) this.#signupFields = [...this.querySelectorAll(':scope > [slot="signup-fields"]')];
    this.#start();
  }

  /**
   * Connects to the API the attributes name; again when `api-url`, `audience` or `cookie` change.
   * The stored session is restored (usable at once) and announced with `gotrue:init`, never
   * `gotrue:login` (defect 3); then the URL fragment is taken and `/settings` loads in the
   * background, so opening the dialog never waits for the network. Every decision lives in the
   * machine, every request in the runner and the session.
   */
  #start(): void {
    const { client, session } = (this.#held = holdSession({ apiUrl: this.apiUrl, audience: this.audience || undefined, cookie: this.cookie }, this));
    this.#session = session;
    const user = session.user;
    const runner = (this.#runner = createRunner({ client, session, onHostEvent: (event) => this.#hostEvent(event) }));
    runner.subscribe((next, event) => this.#onState(next, event));
    this.#onState(runner.state, { type: 'load-settings' });
    addEventListener('hashchange', this.#onHashChange);
    // An OAuth return logs in without waiting for the network: take the fragment once the page is
    // parsed, so `gotrue:login` listeners in module or deferred scripts after the element hear it.
    // While 'interactive' DOMContentLoaded may be past already; then `load` is still to come.
    if (document.readyState === 'complete') this.#onHashChange();
    else {
      // Whichever comes first. The controller serves as the listeners' options: its `signal`
      // removes both at once.
      const taken = new AbortController();
      const take = (): void => {
        taken.abort();
        this.#onHashChange();
      };
      document.addEventListener('DOMContentLoaded', take, taken);
      addEventListener('load', take, taken);
    }
    runner.send({ type: 'load-settings' });
    // A microtask later, so a page that adds listeners right after inserting the element hears
    // it; once per element, even if it is moved around the page.
    queueMicrotask(() => {
      if (!this.#initialized) emit(this, 'gotrue:init', { user });
      this.#initialized = true;
      this.#resolveReady();
    });
  }

  /** A removed element lets go of its session: no timers, no storage writes behind the page's back. */
  disconnectedCallback(): void {
    this.#stop();
  }

  #stop(): void {
    removeEventListener('hashchange', this.#onHashChange);
    this.#runner?.dispose();
    if (this.#held) releaseSession(this.#held, this);
    this.#runner = this.#session = this.machine = this.#held = null;
  }

  /**
   * Elements on one page with the same API share one Session (core/shared-session.ts), so a
   * login or logout is announced by one of them only: the element that performed it, else (a
   * logout by expiry, revocation or another tab) the first connected one.
   */
  /** The shared Session's events, heard by every element holding it. */
  sessionEvent(event: SessionEvent): void {
    if (event.type === 'login') {
      if (!this.#announces(event)) return;
      emit(this, 'gotrue:login', { user: event.user, method: event.method });
      this.#afterLogin();
    } else if (event.type === 'logout') {
      if (this.#announces(event)) emit(this, 'gotrue:logout', { reason: event.reason });
    } else emit(this, `gotrue:${event.type}`, { user: event.user });
  }

  #announces(event: SessionEvent): boolean {
    // A login is the outcome of a request in some element's machine; a logout is asked with logout().
    const performs = (el: GotrueAuth): boolean => (event.type === 'login' ? !!el.machine?.pending : el.#loggingOut);
    const holders = this.#held!.holders;
    return (holders.find(performs) ?? holders[0]) === this;
  }

  #onHashChange = (): void => {
    const route = takeFragmentRoute();
    if (route.type !== 'none') this.#send({ type: 'route', route });
  };

  #send(event: MachineEvent): void {
    this.#runner?.send(event);
  }

  #hostEvent(event: HostEvent): void {
    if (event.type === 'error') {
      const message = errorText(locale(this.#language), event.error.code, event.error.message);
      emit(this, 'gotrue:error', { code: event.error.code, message, view: event.view });
    } else {
      emit(this, `gotrue:${event.type}`, { view: event.view });
    }
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (this.hasUpdated && this.isConnected && (changed.has('apiUrl') || changed.has('audience') || changed.has('cookie'))) {
      this.#stop();
      this.#start();
    }
  }

  /** Opens the dialog on a view (default: login, or account when logged in). */
  open(view?: OpenableView, options: { metadata?: Metadata } = {}): void {
    this.#signupMetadata = options.metadata ?? {};
    const active = document.activeElement;
    this.#opener = active instanceof HTMLElement && !this.contains(active) ? active : null;
    this.#send({ type: 'open', view });
  }

  close(): void {
    this.#send({ type: 'close' });
  }

  /** Logs out; local state is cleared whatever the server answers. */
  async logout(): Promise<void> {
    // The session announces the logout synchronously, before its request to the server.
    this.#loggingOut = true;
    const done = this.#session?.logout();
    this.#loggingOut = false;
    await done;
  }

  /** A fresh access token (refreshed first when it is about to expire, or when `force`). */
  jwt(force = false): Promise<string> {
    return this.#session?.jwt(force) ?? Promise.reject(new Error('<gotrue-auth> is not connected'));
  }

  /**
   * `fetch` with `Authorization: Bearer <fresh JWT>`, for the site's own functions: only to the
   * page's origin, the API's and those in `fetch-origins`; other origins reject with a `SecurityError`.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    // A removed attribute sets null.
    const allowOrigins = (this.fetchOrigins || '').split(/\s+/).filter(Boolean);
    return this.#session?.authedFetch(input, init, { allowOrigins }) ?? Promise.reject(new Error('<gotrue-auth> is not connected'));
  }

  #onState(next: MachineState, event: MachineEvent): void {
    const wasOpen = !!this.machine && this.machine.view.name !== 'closed';
    this.machine = next;
    // Inline there is nothing to close: a closed machine shows its entry view (login or account).
    if (this.mode === 'inline' && next.view.name === 'closed') {
      this.#send({ type: 'open' });
      return;
    }
    // The machine closes the dialog after a login (defect 4); `close-on-login="false"` keeps it
    // open on the account view instead.
    if (event.type === 'result' && next.account && wasOpen && next.view.name === 'closed' && !this.closeOnLogin) {
      this.#send({ type: 'open', view: 'account' });
    }
  }

  #afterLogin(): void {
    const path = sameOriginPath(this.redirect, location.origin);
    if (path) location.assign(path);
  }

  get #language(): string {
    return this.locale || this.closest('[lang]')?.getAttribute('lang') || 'en';
  }

  #context(machine: MachineState, view: ViewName): ViewContext {
    const t = locale(this.#language);
    const settings = machine.settings;
    const caps = capabilities(settings);
    const pending = machine.pending;
    return {
      t,
      view,
      title: viewTitle(machine.view as Parameters<typeof viewTitle>[0]),
      headingId: this.#headingId,
      busy: pending !== null && pending.view === view,
      error: viewError(t, machine.view),
      notice: viewNotice(t, machine),
      form: machine.form,
      user: this.user,
      providers: enabledProviders(caps.providers, this.providers || null),
      providerLabel: (provider) => providerLabel(settings, provider),
      emailForms: !this.providersOnly && caps.email,
      signupAllowed: caps.signup,
      remember: this.remember,
      signupFields: this.#signupFields,
      verifying: machine.view.name === 'recovery' && machine.view.phase === 'verifying',
      onSubmit: (event) => {
        event.preventDefault();
        this.#send(formEvent(event.target as HTMLFormElement, this.#signupMetadata, this.remember));
      },
      onInput: (event) => {
        const edit = editEvent(event.target as HTMLInputElement);
        if (edit) this.#send(edit);
      },
      go: (target) => this.#send({ type: 'navigate', view: target }),
      provider: (provider) => this.#send({ type: 'provider', provider }),
      logout: () => void this.logout(),
      close: () => this.close(),
    };
  }

  protected override render(): unknown {
    const machine = this.machine;
    const view = machine ? publicView(machine.view) : null;
    const body = machine && view ? renderView(this.#context(machine, view), this.mode !== 'inline') : '';
    if (this.mode === 'inline') {
      return html`<section class="gotrue-auth-panel" aria-labelledby=${this.#headingId}>${body}</section>`;
    }
    return html`<dialog
      class="gotrue-auth-dialog"
      aria-labelledby=${this.#headingId}
      @cancel=${this.#onCancel}
      @close=${this.#onDialogClose}
    >${body}</dialog>`;
  }

  protected override updated(): void {
    const name = this.machine?.view.name;
    const open = !!name && name !== 'closed';
    if (this.mode === 'inline') return;
    const dialog = this.querySelector<HTMLDialogElement>(':scope > dialog');
    if (!dialog) return;
    // close() on a closed dialog does nothing (no close event).
    if (!open) {
      dialog.close();
      this.#focusedView = '';
      return;
    }
    if (!dialog.open) dialog.showModal();
    // Each view the dialog shows is focused once. A view waiting for the server (a link being
    // verified) has nothing to focus yet, so showModal() left focus on the close button: it
    // moves on when the form or button appears.
    if (name !== this.#focusedView && this.#focusFirstField()) this.#focusedView = name;
  }

  /**
   * Focus goes to the view's first field, else its first button, not the close button
   * (defect 10); false when the view shows neither yet.
   */
  #focusFirstField(): boolean {
    const target =
      this.querySelector<HTMLElement>('form input:not([hidden]):not([type=checkbox])') ??
      this.querySelector<HTMLElement>('.gotrue-auth-provider, .gotrue-auth-button, .gotrue-auth-link');
    target?.focus();
    return !!target;
  }

  /** Escape: let the machine close the dialog, so `gotrue:close` fires. */
  #onCancel = (event: Event): void => {
    event.preventDefault();
    this.close();
  };

  /** The dialog closed (by the machine or the browser): focus returns to what opened it. */
  #onDialogClose = (): void => {
    if (this.machine && this.machine.view.name !== 'closed') this.close();
    const opener = this.#opener;
    this.#opener = null;
    if (opener?.isConnected) opener.focus();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'gotrue-auth': GotrueAuth;
  }
}
