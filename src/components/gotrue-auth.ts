import { LitElement, html, type PropertyDeclarations, type PropertyValues } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { errorText, type Catalogue } from '../core/i18n/index.js';
import type { Event as MachineEvent, MachineState, OpenableView, ViewName } from '../core/machine/types.js';
import { capabilities, isSubmitting } from '../core/machine/views.js';
import type { RunnerReport } from '../core/runner.js';
import type { User } from '../core/session.js';
import type { UnperformedChange } from '../core/shared-session.js';
import type { Metadata, UserUpdateRequest } from '../core/wire.js';
import { AuthContextProvider } from './auth-context.js';
import { DialogController } from './controllers/dialog-controller.js';
import { FragmentController } from './controllers/fragment-controller.js';
import { LanguageController } from './controllers/language-controller.js';
import { SessionController } from './controllers/session-controller.js';
import { emit } from './emit.js';
import { editEvent, formEvent } from './form-events.js';
import { adoptStyles } from './gotrue-auth.styles.js';
import { sameOriginPath } from './redirect.js';
import { enabledProviders, providerLabel, publicView, viewError, viewNotice, viewTitle } from './view-context.js';
import type { ViewContext } from './views/context.js';
import { renderView } from './views/index.js';

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
 * Email links and OAuth returns in the page's URL fragment are handled on connect and on
 * `hashchange`.
 *
 * Styling: there is no shadow root, so there are no `::part()`s. The page's own stylesheets reach
 * the markup through the stable class names listed as CSS classes, and the custom properties set
 * the theme. The built-in rules weigh one id, so that the page's own rules on `label`, `input` or
 * `*` do not reach the element: name the element by tag and id
 * (`gotrue-auth#login .gotrue-auth-button`) to win over them.
 *
 * @fires {CustomEvent<{ user: User | null }>} gotrue:init - Once, when the stored session (or `null`) is known.
 * @fires {CustomEvent<{ user: User; method: LoginAnnouncementMethod }>} gotrue:login - A real login, never a
 * restored session. `method`: `password`, `signup`, `confirmation`, `external`, `invite`, `recovery` (once
 * the new password is saved) or `other-tab`. Once per page: from the element that logged in, or for a login
 * in another tab from the first element sharing the session.
 * @fires {CustomEvent<{ reason: LogoutReason }>} gotrue:logout - `reason`: `user` (from the element whose
 * `logout()` or button was used), `expired`, `revoked` or `other-tab` (from the first element sharing the
 * session). Once per page.
 * @fires {CustomEvent<{ user: User }>} gotrue:user - The user's data changed; from every element, once per change.
 * @fires {CustomEvent<{ user: User }>} gotrue:token - The access token was refreshed; from every element.
 * @fires {CustomEvent<{ code: AuthErrorCode; message: string; view: ViewName | null }>} gotrue:error - An
 * action failed: its stable code, the translated text the form shows, and the view it failed on.
 * @fires {CustomEvent<{ view: ViewName }>} gotrue:open - The dialog opened on `view`.
 * @fires {CustomEvent<{ view: ViewName }>} gotrue:close - The dialog closed (also by Escape).
 *
 * @slot signup-fields - Extra signup inputs; their named values join `user_metadata`.
 * @slot logo - The site's logo above the title (an `<img>` with `alt=""`, an `<svg>`); it keeps the page's styles.
 *
 * @cssclass gotrue-auth-dialog - The `<dialog>` around a view (modal).
 * @cssclass gotrue-auth-panel - The `<section>` around a view (`mode="inline"`).
 * @cssclass gotrue-auth-header - The heading row: logo, title and close button.
 * @cssclass gotrue-auth-logo - The logo above the title.
 * @cssclass gotrue-auth-title - The view's `<h2>`.
 * @cssclass gotrue-auth-close - The close button.
 * @cssclass gotrue-auth-error - The alert region.
 * @cssclass gotrue-auth-notice - The status region.
 * @cssclass gotrue-auth-form - A form.
 * @cssclass gotrue-auth-field - A label with its input.
 * @cssclass gotrue-auth-check - "Remember me".
 * @cssclass gotrue-auth-secret - A password field.
 * @cssclass gotrue-auth-reveal - The "Show password" button of a password field.
 * @cssclass gotrue-auth-text - A line of text in a view ("Logged in as …").
 * @cssclass gotrue-auth-button - A submit button.
 * @cssclass gotrue-auth-providers - The list of provider buttons.
 * @cssclass gotrue-auth-provider - A "Continue with …" button.
 * @cssclass gotrue-auth-separator - The "or" line between providers and the email form.
 * @cssclass gotrue-auth-links - The row of links under a form.
 * @cssclass gotrue-auth-link - A link to another view.
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
export class GotrueAuth extends LitElement {
  static override properties: PropertyDeclarations = {
    apiUrl: { attribute: 'api-url' },
    mode: { reflect: true },
    locale: {},
    strings: { attribute: false },
    providers: {},
    providersOnly: { type: Boolean, attribute: 'providers-only' },
    remember: { converter: onUnlessOff },
    cookie: { type: Boolean },
    audience: {},
    closeOnLogin: { attribute: 'close-on-login', converter: onUnlessOff },
    redirect: {},
    fetchOrigins: { attribute: 'fetch-origins' },
    theme: { reflect: true },
    logo: {},
  };

  /** Base URL of the GoTrue API. */
  apiUrl = '/.netlify/identity';
  /** `modal` (default): a dialog opened with `open()`; `inline`: rendered in place. */
  mode: 'modal' | 'inline' = 'modal';
  /**
   * BCP 47 language tag of the UI; defaults to the nearest `lang` attribute, then the browser's
   * languages. Shipped languages load on first use; `pt-BR` falls back to `pt`, then English.
   */
  locale = '';
  /** Your own texts for some message ids (`{ 'title.login': 'Members' }`), over any language's; property only. */
  strings: Partial<Catalogue> = {};
  /** Comma list limiting and ordering the providers enabled in `/settings`. */
  providers = '';
  /** Only provider buttons, no email forms. */
  providersOnly = false;
  /** Offer "Remember me" (on by default; `remember="false"` hides it and keeps sessions to this tab). */
  remember = true;
  /** Ask GoTrue for the HttpOnly `nf_jwt` cookie (the `X-Use-Cookie` header). */
  cookie = false;
  /** Sent as `X-JWT-AUD`, for a GoTrue serving several audiences. */
  audience = '';
  /** Close the dialog after a login (default on). */
  closeOnLogin = true;
  /** A same-origin path to go to after a login made here; anything else is ignored. */
  redirect = '';
  /** `light` or `dark` forces a color scheme; unset follows `prefers-color-scheme`. */
  theme = '';
  /** Space-separated origins besides the page's and the API's that `fetch()` may send the JWT to. */
  fetchOrigins = '';
  /** URL of an image shown above the title, decorative (the title names the dialog); `slot="logo"` wins over it. */
  logo = '';

  readonly #session = new SessionController(this, {
    api: () => ({ apiUrl: this.apiUrl, audience: this.audience || undefined, cookie: this.cookie }),
    report: (report) => this.#report(report),
    announce: (change) => this.#announce(change),
    userChanged: ({ type, user }) => emit(this, `gotrue:${type}`, { user }),
    changed: (state, event) => this.#followState(state, event),
  });
  readonly #fragment = new FragmentController(this, (route) => this.#session.send({ type: 'route', route }));
  readonly #dialog = new DialogController(this, () => {
    if (this.#session.state?.view.name !== 'closed') this.#session.send({ type: 'close' });
  });
  readonly #language = new LanguageController(
    this,
    () => this.locale,
    () => this.strings,
  );

  readonly #headingId = `gotrue-auth-title-${++instances}`;
  #signupFields: Node[] = [];
  #logoNodes: Node[] = [];
  #signupMetadata: Metadata = {};
  /** Whether the dialog showed a view before the latest machine event. */
  #wasOpen = false;
  #initialized = false;
  #resolveReady: () => void = () => {};
  readonly #ready = new Promise<void>((resolve) => (this.#resolveReady = resolve));

  constructor() {
    super();
    // Shares the user and language with <gotrue-button>, <gotrue-user> and <gotrue-gate>. Added
    // after the field controllers, so on connect it reads a session already restored.
    new AuthContextProvider(this);
  }

  /** The logged-in user, or null. */
  get user(): User | null {
    return this.#session.user;
  }

  /** Resolves once the stored session is restored and the URL fragment handled (taken and verified, or failed). */
  get ready(): Promise<void> {
    return this.#ready;
  }

  /** Renders into the light DOM: forms must be visible to password managers and autofill. */
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    adoptStyles(this.getRootNode());
    // Light DOM has no <slot>: the page's extra fields are moved into the signup form when it shows.
    if (!this.#signupFields.length) this.#signupFields = [...this.querySelectorAll(':scope > [slot="signup-fields"]')];
    if (!this.#logoNodes.length) this.#logoNodes = [...this.querySelectorAll(':scope > [slot="logo"]')];
    const user = this.user;
    // A microtask later, so a page that adds listeners right after inserting the element hears
    // it; once per element, even if it is moved around the page.
    queueMicrotask(() => {
      if (this.#initialized) return;
      this.#initialized = true;
      emit(this, 'gotrue:init', { user });
    });
    void this.#fragment.taken.then(() => this.#session.settled()).then(this.#resolveReady);
  }

  /**
   * Opens the dialog on `view`: `login`, `signup`, `forgot` or `account` (default: login, or
   * account when logged in); `options.metadata` joins the new user's `user_metadata` on signup.
   * Settles once it shows.
   */
  async open(view?: OpenableView, options: { metadata?: Metadata } = {}): Promise<void> {
    this.#signupMetadata = options.metadata ?? {};
    this.#session.send({ type: 'open', view });
    await this.#rendered();
  }

  /** Closes the dialog; settles once it is closed. */
  async close(): Promise<void> {
    this.#session.send({ type: 'close' });
    await this.#rendered();
  }

  /** Logs out here and in the other tabs; local state is cleared whatever the server answers. */
  async logout(): Promise<void> {
    this.#session.send({ type: 'logout' });
    await this.#session.settled();
  }

  /** A fresh access token (refreshed first when it is about to expire, or when `force`). */
  jwt(force: boolean = false): Promise<string> {
    return this.#session.session?.jwt(force) ?? Promise.reject(new Error('<gotrue-auth> is not connected'));
  }

  /**
   * `PUT /user` for the logged-in user: a new `email` or `password`, or `data` merged into
   * `user_metadata`. Resolves with the user as the server now has it (also stored and sent to the
   * other tabs, with a `gotrue:user` event); rejects when nobody is logged in.
   */
  updateUser(update: UserUpdateRequest): Promise<User> {
    return this.#session.session?.updateUser(update) ?? Promise.reject(new Error('<gotrue-auth> is not connected'));
  }

  /**
   * `fetch` with `Authorization: Bearer <fresh JWT>`, for the site's own functions: only to the
   * page's origin, the API's and those in `fetch-origins`; other origins reject with a `SecurityError`.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    // A removed attribute sets null.
    const allowOrigins = (this.fetchOrigins || '').split(/\s+/).filter(Boolean);
    return (
      this.#session.session?.authedFetch(input, init, { allowOrigins }) ??
      Promise.reject(new Error('<gotrue-auth> is not connected'))
    );
  }

  /** Every update the machine asked for has rendered (a `send` may queue one behind another). */
  async #rendered(): Promise<void> {
    if (!this.isConnected) return;
    do await this.updateComplete;
    while (this.isUpdatePending);
  }

  /** What this element's runner performed, told to the page. */
  #report(report: RunnerReport): void {
    switch (report.type) {
      case 'open':
      case 'close':
        emit(this, `gotrue:${report.type}`, { view: report.view });
        return;
      case 'error':
        emit(this, 'gotrue:error', {
          code: report.error.code,
          message: errorText(this.#language.t, report.error, this.#errorVars()),
          view: report.view,
        });
        return;
      case 'logout':
        emit(this, 'gotrue:logout', { reason: report.reason });
        return;
      case 'login': {
        emit(this, 'gotrue:login', { user: report.user, method: report.method });
        const path = sameOriginPath(this.redirect, location.origin);
        if (path) location.assign(path);
      }
    }
  }

  /** A change nobody on this page performed; the shared session tells one element only. */
  #announce(change: UnperformedChange): void {
    if (change.type === 'login') emit(this, 'gotrue:login', { user: change.user, method: change.method });
    else emit(this, 'gotrue:logout', { reason: change.reason });
  }

  #followState(next: MachineState, event: MachineEvent): void {
    const wasOpen = this.#wasOpen;
    this.#wasOpen = next.view.name !== 'closed';
    // Inline there is nothing to close: a closed machine shows its entry view (login or account).
    if (this.mode === 'inline' && next.view.name === 'closed') {
      this.#session.send({ type: 'open' });
      return;
    }
    // The machine closes the dialog after a login; `close-on-login="false"` keeps it open on
    // the account view instead.
    if (event.type === 'result' && next.account && wasOpen && next.view.name === 'closed' && !this.closeOnLogin) {
      this.#session.send({ type: 'open', view: 'account' });
    }
  }

  /** Placeholders of error texts: `{url}`, the API that did not answer. */
  #errorVars(): { url: string } {
    try {
      return { url: new URL(this.apiUrl, location.href).href };
    } catch {
      return { url: this.apiUrl };
    }
  }

  #context(machine: MachineState, view: ViewName): ViewContext {
    const t = this.#language.t;
    const settings = machine.settings;
    const caps = capabilities(settings);
    const send = (event: MachineEvent): void => this.#session.send(event);
    return {
      t,
      view,
      title: viewTitle(machine.view as Exclude<MachineState['view'], { name: 'closed' }>),
      headingId: this.#headingId,
      busy: isSubmitting(machine),
      error: viewError(t, machine.view, this.#errorVars()),
      notice: viewNotice(t, machine),
      form: machine.form,
      user: this.user,
      providers: enabledProviders(caps.providers, this.providers || null),
      providerLabel: (provider) => providerLabel(settings, provider),
      emailForms: !this.providersOnly && caps.email,
      signupAllowed: caps.signup,
      remember: this.remember,
      signupFields: this.#signupFields,
      logo: { nodes: this.#logoNodes, src: this.logo },
      verifying: machine.view.name === 'recovery' && machine.view.phase === 'verifying',
      onSubmit: (event) => {
        event.preventDefault();
        send(formEvent(event.target as HTMLFormElement, this.#signupMetadata, this.remember));
      },
      onInput: (event) => {
        const edit = editEvent(event.target as HTMLInputElement);
        if (edit) send(edit);
      },
      go: (target) => send({ type: 'navigate', view: target }),
      provider: (provider) => send({ type: 'provider', provider }),
      logout: () => send({ type: 'logout' }),
      close: () => send({ type: 'close' }),
    };
  }

  protected override render(): unknown {
    const machine = this.#session.state;
    const view = machine ? publicView(machine.view) : null;
    const body = machine && view ? renderView(this.#context(machine, view), this.mode !== 'inline') : '';
    if (this.mode === 'inline') {
      return html`<section
        class="gotrue-auth-panel"
        aria-labelledby=${this.#headingId}
        lang=${this.#language.lang}
        dir=${ifDefined(this.#language.dir)}
      >
        ${body}
      </section>`;
    }
    return html`<dialog
      class="gotrue-auth-dialog"
      aria-labelledby=${this.#headingId}
      lang=${this.#language.lang}
      dir=${ifDefined(this.#language.dir)}
      @cancel=${this.#dialog.onCancel}
      @close=${this.#dialog.onClose}
    >
      ${body}
    </dialog>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const machine = this.#session.state;
    if (changed.has('mode') && this.mode === 'inline' && machine?.view.name === 'closed')
      this.#session.send({ type: 'open' });
    if (this.mode === 'inline') return;
    const dialog = this.querySelector<HTMLDialogElement>(':scope > dialog');
    if (dialog && machine) this.#dialog.show(dialog, publicView(machine.view));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gotrue-auth': GotrueAuth;
  }
}
