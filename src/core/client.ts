/**
 * A typed client for the GoTrue HTTP API (`gotrue-api.md` §4 and §10). Stateless: it holds no
 * tokens; the Session decides which token to send. Every method rejects only with AuthError.
 * Importing this module touches no browser global, so it runs in Node and under SSR.
 */
import { AuthError, transportError } from './errors.js';
import { type ApiRequest, type Transport, endpointUrl, send } from './http.js';
import type {
  AdminCreateUserRequest,
  AdminListQuery,
  AdminUpdateUserRequest,
  AdminUserList,
  CookieMode,
  InviteRequest,
  Metadata,
  Provider,
  Settings,
  TokenResponse,
  UserUpdateRequest,
  WireUser,
} from './wire.js';

export interface ClientOptions {
  /** Base URL of the API; default `/.netlify/identity` (§1.1). A trailing slash is tolerated. */
  apiUrl?: string;
  /** Sent as `X-JWT-AUD` on every request (§1.5). */
  audience?: string;
  /** Ask GoTrue for the HttpOnly `nf_jwt` cookie via `X-Use-Cookie` (§7). */
  cookie?: boolean;
  /** Per-request limit in milliseconds; default 15000. */
  timeoutMs?: number;
  /** Injectable for tests and for runtimes with their own fetch. */
  fetch?: typeof fetch;
}

export const DEFAULT_API_URL = '/.netlify/identity';
export const DEFAULT_TIMEOUT_MS = 15_000;

type Shape = Record<string, unknown>;

function isObject(value: unknown): value is Shape {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unexpected(): never {
  throw transportError('bad_response');
}

/** §4.4: `/token` and `/verify` answer with exactly these keys; anything else is not a session. */
function readTokens(body: unknown): TokenResponse {
  if (
    !isObject(body) ||
    typeof body.access_token !== 'string' ||
    body.access_token === '' ||
    typeof body.refresh_token !== 'string' ||
    typeof body.expires_in !== 'number' ||
    !Number.isFinite(body.expires_in)
  ) {
    unexpected();
  }
  return {
    access_token: body.access_token,
    token_type: 'bearer',
    expires_in: body.expires_in,
    refresh_token: body.refresh_token,
  };
}

function readUser(body: unknown): WireUser {
  if (!isObject(body) || typeof body.id !== 'string' || typeof body.email !== 'string') unexpected();
  return body as unknown as WireUser;
}

function readSettings(body: unknown): Settings {
  if (!isObject(body) || !isObject(body.external)) unexpected();
  return {
    external: body.external as Settings['external'],
    external_labels: isObject(body.external_labels) ? (body.external_labels as Settings['external_labels']) : {},
    disable_signup: body.disable_signup === true,
    autoconfirm: body.autoconfirm === true,
  };
}

function readUserList(body: unknown): AdminUserList {
  if (!isObject(body) || !Array.isArray(body.users)) unexpected();
  return { aud: typeof body.aud === 'string' ? body.aud : '', users: body.users.map(readUser) };
}

/** Void endpoints answer `{}` (`/recover`, admin delete) or nothing (`/logout` 204). */
function readNothing(body: unknown): void {
  if (body !== undefined && !isObject(body)) unexpected();
}

export class GoTrueClient {
  readonly apiUrl: string;
  private readonly transport: Transport;
  private readonly cookie: boolean;

  constructor(options: ClientOptions = {}) {
    const { timeoutMs } = options;
    if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
      throw new RangeError(`GoTrueClient: timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}`);
    }
    if (options.apiUrl != null && typeof options.apiUrl !== 'string') {
      throw new TypeError('GoTrueClient: apiUrl must be a URL string, e.g. "/.netlify/identity"');
    }
    // An empty or removed `api-url` attribute means "the default", not "the page's origin root".
    this.apiUrl = (options.apiUrl?.trim() || DEFAULT_API_URL).replace(/\/+$/, '');
    this.cookie = options.cookie ?? false;
    const injected = options.fetch;
    this.transport = {
      baseUrl: this.apiUrl,
      audience: options.audience || undefined,
      // setTimeout fires at once past 2^31-1 ms; a longer limit means "practically none".
      timeoutMs: Math.min(timeoutMs ?? DEFAULT_TIMEOUT_MS, 2 ** 31 - 1),
      // Looked up per call, never at construction: keeps SSR imports safe and calls unbound-safe.
      fetch: injected ?? ((input, init) => globalThis.fetch(input, init)),
    };
  }

  private call(request: ApiRequest): Promise<unknown> {
    return send(this.transport, request);
  }

  /** §7: only `/token` and `/verify` set the cookie; `1` persists it, `session` does not. */
  private cookieMode(remember: boolean | undefined): CookieMode | undefined {
    if (!this.cookie) return undefined;
    return remember ? '1' : 'session';
  }

  async settings(): Promise<Settings> {
    return readSettings(await this.call({ endpoint: 'settings', method: 'GET', path: '/settings' }));
  }

  /** §4.3: answers with the user, never tokens, even with autoconfirm. */
  async signup(email: string, password: string, data?: Metadata): Promise<WireUser> {
    const json = data === undefined ? { email, password } : { email, password, data };
    return readUser(await this.call({ endpoint: 'signup', method: 'POST', path: '/signup', json }));
  }

  /** §4.4: password grant, form-encoded, the email goes in `username`. */
  async login(email: string, password: string, opts: { remember?: boolean } = {}): Promise<TokenResponse> {
    const body = await this.call({
      endpoint: 'login',
      method: 'POST',
      path: '/token',
      form: { grant_type: 'password', username: email, password },
      cookie: this.cookieMode(opts.remember),
    });
    return readTokens(body);
  }

  /** §4.4: refresh tokens are single-use; the answer carries the next one. */
  async refresh(refreshToken: string, opts: { remember?: boolean } = {}): Promise<TokenResponse> {
    const body = await this.call({
      endpoint: 'refresh',
      method: 'POST',
      path: '/token',
      form: { grant_type: 'refresh_token', refresh_token: refreshToken },
      cookie: this.cookieMode(opts.remember),
    });
    return readTokens(body);
  }

  /** §4.5: an invite is accepted as `signup` plus a password; there is no `invite` type. */
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
      cookie: this.cookieMode(opts.remember),
    });
    return readTokens(body);
  }

  /** §4.6: `{}` for unknown emails too. */
  async recover(email: string): Promise<void> {
    readNothing(await this.call({ endpoint: 'recover', method: 'POST', path: '/recover', json: { email } }));
  }

  async getUser(accessToken: string): Promise<WireUser> {
    return readUser(await this.call({ endpoint: 'user', method: 'GET', path: '/user', bearer: accessToken }));
  }

  /** §4.8: `data` keys set to `null` are deleted; tokens are not re-issued. */
  async updateUser(accessToken: string, update: UserUpdateRequest): Promise<WireUser> {
    const body = await this.call({ endpoint: 'user', method: 'PUT', path: '/user', bearer: accessToken, json: update });
    return readUser(body);
  }

  /** §4.9: 204 with an empty body; revokes every refresh token of the user. */
  async logout(accessToken: string): Promise<void> {
    readNothing(await this.call({ endpoint: 'logout', method: 'POST', path: '/logout', bearer: accessToken }));
  }

  /**
   * §4.10: a URL to navigate to, never to fetch: GoTrue sends the browser back to the Referer.
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

  /** §10: every call takes an operator token or the JWT of a user whose role is admin. */
  readonly admin = {
    invite: async (token: string, body: InviteRequest): Promise<WireUser> =>
      readUser(await this.call({ endpoint: 'admin', method: 'POST', path: '/invite', bearer: token, json: body })),

    listUsers: async (token: string, query: AdminListQuery = {}): Promise<AdminUserList> => {
      const { page, per_page, sort, filter } = query;
      const body = await this.call({
        endpoint: 'admin',
        method: 'GET',
        path: '/admin/users',
        bearer: token,
        query: { page, per_page, sort, filter },
      });
      return readUserList(body);
    },

    createUser: async (token: string, body: AdminCreateUserRequest): Promise<WireUser> =>
      readUser(await this.call({ endpoint: 'admin', method: 'POST', path: '/admin/users', bearer: token, json: body })),

    getUser: async (token: string, id: string): Promise<WireUser> =>
      readUser(await this.call({ endpoint: 'admin', method: 'GET', path: userPath(id), bearer: token })),

    updateUser: async (token: string, id: string, body: AdminUpdateUserRequest): Promise<WireUser> =>
      readUser(await this.call({ endpoint: 'admin', method: 'PUT', path: userPath(id), bearer: token, json: body })),

    deleteUser: async (token: string, id: string): Promise<void> => {
      readNothing(await this.call({ endpoint: 'admin', method: 'DELETE', path: userPath(id), bearer: token }));
    },
  };
}

/** An empty id would address the list route (`/admin/users/`), so it is refused before sending. */
function userPath(id: string): string {
  if (typeof id !== 'string' || id === '') throw new AuthError('user_not_found', 'A user id is required.');
  return `/admin/users/${encodeURIComponent(id)}`;
}
