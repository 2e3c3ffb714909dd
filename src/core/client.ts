/**
 * A typed client for the GoTrue HTTP API (docs/gotrue-behaviour.md lists what it relies on).
 * Stateless: it holds no tokens; the Session decides which token to send. Every method rejects
 * only with AuthError.
 * Importing this module touches no browser global, so it runs in Node and under SSR.
 */
import { readNothing, readSettings, readTokens, readUser } from './answers.js';
import { type ApiRequest, type Transport, endpointUrl, send } from './http.js';
import type { CookieMode, Metadata, Provider, Settings, TokenResponse, UserUpdateRequest, WireUser } from './wire.js';

export interface ClientOptions {
  /**
   * Base URL of the API; default `/.netlify/identity`, where Netlify serves it on the site's own
   * origin. A trailing slash is tolerated.
   */
  apiUrl?: string;
  /** Sent as `X-JWT-AUD` on every request; GoTrue then looks users up in that audience. */
  audience?: string;
  /** Ask GoTrue for the HttpOnly `nf_jwt` cookie via `X-Use-Cookie`. */
  cookie?: boolean;
  /** Per-request limit in milliseconds; default 15000. */
  timeoutMs?: number;
  /** Injectable for tests and for runtimes with their own fetch. */
  fetch?: typeof fetch;
}

export const DEFAULT_API_URL = '/.netlify/identity';
export const DEFAULT_TIMEOUT_MS = 15_000;

export class GoTrueClient {
  readonly apiUrl: string;
  readonly #transport: Transport;
  readonly #cookie: boolean;

  constructor(options: ClientOptions = {}) {
    const { timeoutMs } = options;
    if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
      throw new RangeError(`GoTrueClient: timeoutMs must be a positive number, got ${timeoutMs}`);
    }
    if (options.apiUrl != null && typeof options.apiUrl !== 'string') {
      throw new TypeError('GoTrueClient: apiUrl must be a string');
    }
    // An empty or removed `api-url` attribute means "the default", not "the page's origin root".
    this.apiUrl = (options.apiUrl?.trim() || DEFAULT_API_URL).replace(/\/+$/, '');
    this.#cookie = options.cookie ?? false;
    const injected = options.fetch;
    this.#transport = {
      baseUrl: this.apiUrl,
      audience: options.audience || undefined,
      // setTimeout fires at once past 2^31-1 ms; a longer limit means "practically none".
      timeoutMs: Math.min(timeoutMs ?? DEFAULT_TIMEOUT_MS, 2 ** 31 - 1),
      // Looked up per call, never at construction: keeps SSR imports safe and calls unbound-safe.
      fetch: injected ?? ((input, init) => globalThis.fetch(input, init)),
    };
  }

  /** One request to this API with this client's transport; the admin API (./admin.ts) uses it too. */
  call(request: ApiRequest): Promise<unknown> {
    return send(this.#transport, request);
  }

  /** Only `/token` and `/verify` set the cookie; `1` persists it, `session` does not. */
  #cookieMode(remember: boolean | undefined): CookieMode | undefined {
    if (!this.#cookie) return undefined;
    return remember ? '1' : 'session';
  }

  async settings(): Promise<Settings> {
    return readSettings(await this.call({ endpoint: 'settings', method: 'GET', path: '/settings' }));
  }

  /** Answers with the user, never tokens, even with autoconfirm. */
  async signup(email: string, password: string, data?: Metadata): Promise<WireUser> {
    const json = data === undefined ? { email, password } : { email, password, data };
    return readUser(await this.call({ endpoint: 'signup', method: 'POST', path: '/signup', json }));
  }

  /** The password grant: form-encoded, the email goes in `username`. */
  async login(email: string, password: string, opts: { remember?: boolean } = {}): Promise<TokenResponse> {
    const body = await this.call({
      endpoint: 'login',
      method: 'POST',
      path: '/token',
      form: { grant_type: 'password', username: email, password },
      cookie: this.#cookieMode(opts.remember),
    });
    return readTokens(body);
  }

  /**
   * Refresh tokens are single-use: the answer carries the next one. `opts.timeoutMs` waits longer
   * for that answer than the client's own limit.
   */
  async refresh(refreshToken: string, opts: { remember?: boolean; timeoutMs?: number } = {}): Promise<TokenResponse> {
    const body = await this.call({
      endpoint: 'refresh',
      method: 'POST',
      path: '/token',
      form: { grant_type: 'refresh_token', refresh_token: refreshToken },
      cookie: this.#cookieMode(opts.remember),
      timeoutMs: opts.timeoutMs,
    });
    return readTokens(body);
  }

  /** An invite is accepted as `signup` plus a password: GoTrue has no `invite` type. */
  async verify(
    type: 'signup' | 'recovery',
    token: string,
    password?: string,
    opts: { remember?: boolean } = {},
  ): Promise<TokenResponse> {
    const json = password === undefined ? { type, token } : { type, token, password };
    const body = await this.call({
      endpoint: 'verify',
      method: 'POST',
      path: '/verify',
      json,
      cookie: this.#cookieMode(opts.remember),
    });
    return readTokens(body);
  }

  /** GoTrue answers `{}` for unknown emails too. */
  async recover(email: string): Promise<void> {
    readNothing(await this.call({ endpoint: 'recover', method: 'POST', path: '/recover', json: { email } }));
  }

  async getUser(accessToken: string): Promise<WireUser> {
    return readUser(await this.call({ endpoint: 'user', method: 'GET', path: '/user', bearer: accessToken }));
  }

  /** `data` keys set to `null` are deleted; tokens are not re-issued. */
  async updateUser(accessToken: string, update: UserUpdateRequest): Promise<WireUser> {
    const body = await this.call({ endpoint: 'user', method: 'PUT', path: '/user', bearer: accessToken, json: update });
    return readUser(body);
  }

  /** 204 with an empty body; revokes every refresh token of the user, on every device. */
  async logout(accessToken: string): Promise<void> {
    readNothing(await this.call({ endpoint: 'logout', method: 'POST', path: '/logout', bearer: accessToken }));
  }

  /**
   * A URL to navigate to, never to fetch: GoTrue sends the browser back to the Referer.
   * A relative apiUrl is resolved against the page's location when there is one.
   */
  authorizeUrl(provider: Provider, opts: { inviteToken?: string } = {}): string {
    const url = endpointUrl(this.apiUrl, '/authorize', { provider, invite_token: opts.inviteToken });
    const base = (globalThis as { location?: { href?: string } }).location?.href;
    if (!base) return url;
    try {
      return new URL(url, base).href;
    } catch {
      return url; // an opaque page (about:blank, srcdoc) cannot resolve a path: leave it relative
    }
  }
}
