/**
 * The logged-in session: who is logged in, a fresh access token on demand, and the same state in
 * every tab. It refreshes before the token expires, tells a restored session from a login, spends
 * each single-use refresh token once across tabs, keeps the session through network errors, and
 * logs out everywhere a user deleted on the server. Importing it touches no browser global.
 */
import { AuthError, transportError } from './errors.js';
import { type SessionClock, RefreshTimer, systemClock } from './refresh-timer.js';
import { type AuthedFetchOptions, assertTokenOrigin } from './token-origins.js';
import { SessionStore } from './session-storage.js';
import {
  type LoginMethod,
  type SessionClient,
  type SessionEvent,
  type SessionOptions,
  codeOf,
  endReasonOf,
  isTransient,
} from './session-types.js';
import {
  type EndReason,
  type RefreshLock,
  type TabChannel,
  type TabMessage,
  createRefreshLock,
  openTabChannel,
} from './tab-sync.js';
import { type User, userFromTokens, withToken, withWireUser } from './user.js';
import type { TokenResponse, UserUpdateRequest } from './wire.js';

export type { User } from './user.js';
export type { SessionClock } from './refresh-timer.js';
export type { AuthedFetchOptions } from './token-origins.js';
export type { LoginMethod, LogoutReason, SessionClient, SessionEvent, SessionOptions } from './session-types.js';

/** After a transient failure a token this far from expiry is still worth handing out. */
const STILL_USABLE_MS = 10_000;
/** How often a tab without a cross-tab lock looks for the token another tab was refreshing. */
const ROTATION_POLL_MS = 250;

/** A promise settled from outside: the outcome of the next retry, shared by everyone waiting. */
interface Retry {
  promise: Promise<string>;
  resolve(token: string): void;
  reject(error: unknown): void;
}

function nextRetry(): Retry {
  let resolve!: (token: string) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<string>((res, rej) => ((resolve = res), (reject = rej)));
  // Nobody may be waiting when it fails.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

function notLoggedIn(): AuthError {
  return new AuthError('session_expired', 'Not logged in.');
}

/**
 * One per page (per GoTrue instance). Typical use:
 *
 * ```ts
 * const session = new Session({ client: new GoTrueClient() });
 * session.subscribe((event) => render(session.user));
 * session.restore();                                   // logged in at once if a session is stored
 * session.establish(await client.login(email, password), 'password');
 * await session.authedFetch('/.netlify/functions/orders');
 * ```
 */
export class Session {
  readonly #client: SessionClient;
  readonly #store: SessionStore;
  readonly #lock: RefreshLock;
  readonly #channel: TabChannel;
  readonly #clock: SessionClock;
  readonly #timer: RefreshTimer;
  readonly #fetch: typeof fetch | undefined;
  readonly #listeners = new Set<(event: SessionEvent) => void>();

  #user: User | null = null;
  #remember = true;
  /** Bumped on every local login and logout, so answers for an older session are dropped. */
  #epoch = 0;
  #inflight: Promise<string> | null = null;
  #failures = 0;
  /** After a failed refresh, until its retry: callers wait for that retry rather than send their own. */
  #retry: Retry | null = null;
  /** A refresh token whose grant failed without an answer: the server may have spent it. */
  #unanswered: string | null = null;
  readonly #waitMs: number;
  readonly #giveUpMs: number;
  #disposed = false;

  constructor(options: SessionOptions) {
    this.#client = options.client;
    this.#store = new SessionStore({ persistent: options.storage, tab: options.tabStorage, key: options.storageKey });
    const storageKey = this.#store.key;
    this.#lock = createRefreshLock({ locks: options.locks, storageKey });
    this.#channel = openTabChannel((message) => this.#onTabMessage(message), storageKey);
    this.#clock = options.clock ?? systemClock;
    this.#timer = new RefreshTimer(
      this.#clock,
      options.random ?? Math.random,
      {
        marginMs: options.refreshMarginMs ?? 60_000,
        jitterMs: options.refreshJitterMs ?? 15_000,
        retryMs: options.retryDelayMs ?? 1_000,
        maxRetryMs: options.maxRetryDelayMs ?? 60_000,
      },
      () => this.#refreshInBackground(),
    );
    this.#fetch = options.fetch;
    this.#waitMs = options.refreshWaitMs ?? 15_000;
    // setTimeout fires at once past 2^31-1 ms.
    this.#giveUpMs = Math.min(options.refreshGiveUpMs ?? 60_000, 2 ** 31 - 1);
    // Not in Node, where there is no `online` to hear.
    globalThis.addEventListener?.('online', this.#onOnline);
  }

  get user(): User | null {
    return this.#user;
  }

  /** True when the session is kept across browser restarts (localStorage), false for this tab only. */
  get remembered(): boolean {
    return this.#remember;
  }

  /**
   * Picks up a stored session, usable at once; no `login` event, since nobody just logged in.
   * Checks it with the server in the background: refreshed if expired, then `GET /user`.
   */
  restore(): User | null {
    const stored = this.#store.read();
    // Restoring the session already in use (an element reconnected) keeps its refresh in flight.
    if (this.#user?.id !== stored?.user.id) this.#startEpoch();
    this.#user = stored?.user ?? null;
    this.#remember = stored?.remember ?? true;
    if (this.#user) {
      this.#schedule();
      void this.#validate();
    }
    return this.#user;
  }

  /** Logs in from a token answer: logged in at once from the JWT claims, completed by `GET /user`. */
  establish(tokens: TokenResponse, method: LoginMethod, opts: { remember?: boolean } = {}): User {
    const remember = opts.remember ?? true;
    const replacedShared = !remember && this.#store.readArea(true) !== null;
    const user = userFromTokens(tokens, this.#client.apiUrl ?? '', this.#clock.now());
    this.#startEpoch();
    this.#user = user;
    this.#remember = remember;
    this.#store.write(user, remember);
    this.#emit({ type: 'login', user, method });
    if (remember) this.#post({ type: 'session', change: 'login', user });
    // A tab-only login removed the remembered session other tabs were using.
    else if (replacedShared) this.#post({ type: 'logout', reason: 'user' });
    this.#schedule();
    void this.#validate();
    return user;
  }

  /**
   * A fresh access token. Refreshes when it expires within the margin (or always with `force`),
   * sharing one refresh between concurrent callers and, through the lock, between tabs.
   */
  jwt(force = false): Promise<string> {
    const user = this.#user;
    if (!user) return Promise.reject(notLoggedIn());
    const margin = this.#margin(user);
    if (!force && this.#remaining(user) > margin) return Promise.resolve(user.token.access_token);
    // Waiting out a failed refresh's backoff: a token that still works is handed out as it is.
    if (!force && this.#retry && this.#remaining(user) > STILL_USABLE_MS)
      return Promise.resolve(user.token.access_token);
    const need: RefreshNeed = force ? { replace: user.token.refresh_token } : { within: margin };
    return this.#waitAtMost(this.#refresh(need)).catch((error: unknown) => {
      // A network blip before expiry need not fail a call the current token can still make.
      const current = this.#user;
      if (!force && isTransient(error) && current && this.#remaining(current) > STILL_USABLE_MS) {
        return current.token.access_token;
      }
      throw error;
    });
  }

  /**
   * `fetch` with `Authorization: Bearer <fresh token>`; other headers are kept. The token goes
   * only to the page's origin, the API's origin and the origins named in `allowOrigins`; a request
   * to any other origin rejects with a `SecurityError` DOMException before anything is sent.
   * A redirect to another origin loses the header on the way: the Fetch standard removes
   * `Authorization` then (https://fetch.spec.whatwg.org/#http-redirect-fetch).
   */
  async authedFetch(
    input: RequestInfo | URL,
    init: RequestInit = {},
    options: AuthedFetchOptions = {},
  ): Promise<Response> {
    assertTokenOrigin(input, this.#client.apiUrl, options);
    const token = await this.jwt();
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set('Authorization', `Bearer ${token}`);
    // The page's fetch when it is called, so a page that wraps fetch later is still heard.
    return (this.#fetch ?? fetch)(input, { ...init, headers });
  }

  /** `PUT /user`; the stored user and every tab see the answer. */
  async updateUser(update: UserUpdateRequest): Promise<User> {
    const token = await this.jwt();
    const epoch = this.#epoch;
    try {
      const wire = await this.#client.updateUser(token, update);
      const current = this.#user;
      if (!current || epoch !== this.#epoch) throw notLoggedIn();
      const user = withWireUser(current, wire);
      if (!this.#commit(user, 'user', current.token.refresh_token)) throw notLoggedIn();
      // GoTrue does not re-issue tokens on `PUT /user`, so the JWT the page sends its functions
      // would carry the old metadata or email until the next refresh; get one with the new claims now.
      if (update.data !== undefined || update.email_change_token !== undefined || update.app_metadata !== undefined) {
        this.#refresh({ replace: user.token.refresh_token }).catch(() => undefined);
      }
      return user;
    } catch (error) {
      if (codeOf(error) === 'user_not_found' && epoch === this.#epoch) this.#end('revoked');
      throw error;
    }
  }

  /**
   * Logs out here and in every tab at once, whatever the server says (a refused logout still ends
   * the session here), then asks the server to revoke the refresh tokens.
   */
  async logout(): Promise<void> {
    const user = this.#user;
    if (!user) return;
    this.#end('user');
    try {
      let token = user.token.access_token;
      // GoTrue's `/logout` needs an unexpired JWT; without one the refresh tokens would stay valid.
      if (this.#remaining(user) <= STILL_USABLE_MS) {
        token = (await this.#client.refresh(user.token.refresh_token)).access_token;
      }
      await this.#client.logout(token);
    } catch {
      /* already logged out locally; the server forgets the tokens when they expire */
    }
  }

  subscribe(listener: (event: SessionEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops timers and cross-tab listening; the stored session stays for the next page. */
  dispose(): void {
    this.#disposed = true;
    this.#timer.clear();
    globalThis.removeEventListener?.('online', this.#onOnline);
    this.#channel.close();
    this.#listeners.clear();
  }

  /**
   * The caller's wait for `refresh`, at most `refreshWaitMs`. Giving up waiting abandons nothing:
   * the refresh goes on, and its answer is used when it comes.
   */
  #waitAtMost(refresh: Promise<string>): Promise<string> {
    let handle: unknown;
    const deadline = new Promise<never>((_, reject) => {
      handle = this.#clock.setTimeout(() => reject(transportError('timeout')), this.#waitMs);
    });
    return Promise.race([refresh, deadline]).finally(() => this.#clock.clearTimeout(handle));
  }

  /** One refresh at a time; while a failed one waits to be retried, everyone waits for that retry. */
  #refresh(need: RefreshNeed): Promise<string> {
    if (this.#inflight) return this.#inflight;
    if (this.#retry) return this.#retry.promise;
    return this.#startRefresh(need);
  }

  #startRefresh(need: RefreshNeed): Promise<string> {
    const epoch = this.#epoch;
    const run = this.#lock
      .run(() => this.#refreshLocked(need, epoch))
      .then(
        (token) => {
          this.#failures = 0;
          this.#settleRetry(epoch, null, token);
          return token;
        },
        (error: unknown) => {
          if (epoch === this.#epoch && this.#user && endReasonOf(error) === null) {
            this.#failures++;
            this.#scheduleRetry();
            this.#settleRetry(epoch, nextRetry(), error);
          }
          throw error;
        },
      );
    this.#inflight = run;
    const settled = (): void => {
      if (this.#inflight === run) this.#inflight = null;
    };
    run.then(settled, settled);
    return run;
  }

  /** Tells those waiting for a retry how it went; `next` is what later callers wait for. */
  #settleRetry(epoch: number, next: Retry | null, outcome: unknown): void {
    if (epoch !== this.#epoch) return;
    const waiting = this.#retry;
    this.#retry = next;
    if (!waiting) return;
    if (next) waiting.reject(outcome);
    else waiting.resolve(outcome as string);
  }

  /**
   * Runs while holding the cross-tab refresh lock, for as long as the grant takes: a grant the
   * server may have acted on is not sent again while its answer may still come, since only that
   * answer carries the next refresh token. Another tab, or this tab's next refresh, waits for it.
   * After `refreshGiveUpMs` without an answer the request is aborted and counts as lost.
   */
  async #refreshLocked(need: RefreshNeed, epoch: number): Promise<string> {
    if (epoch !== this.#epoch || !this.#user) throw notLoggedIn();
    // Another tab may have rotated the token while this one waited: adopt it rather than spend
    // the old refresh token, which GoTrue has already revoked.
    this.#adoptStored();
    const user = this.#user;
    if (!user) throw notLoggedIn();
    const fresh = 'replace' in need ? user.token.refresh_token !== need.replace : this.#remaining(user) > need.within;
    if (fresh) return user.token.access_token;

    const spent = user.token.refresh_token;
    let tokens: TokenResponse;
    try {
      // A connection that never closes must not hold the session (and the cross-tab lock) forever.
      // Giving up aborts the request, so its answer can no longer arrive: sending the token again
      // then is safe, and tells whether the server had spent it.
      tokens = await this.#client.refresh(spent, { remember: this.#remember, timeoutMs: this.#giveUpMs });
    } catch (error) {
      const reason = endReasonOf(error);
      if (epoch !== this.#epoch) throw error;
      if (reason === null) {
        this.#unanswered = spent;
        throw error;
      }
      // Another tab may have rotated it meanwhile: not a logout.
      if (await this.#rotatedElsewhere(spent, epoch)) {
        if (epoch !== this.#epoch || !this.#user) throw notLoggedIn();
        return this.#user.token.access_token;
      }
      // Refused after a grant of ours whose answer was lost: that grant spent the token, so the
      // session has run out rather than been revoked.
      this.#end(reason === 'revoked' && this.#unanswered === spent ? 'expired' : reason);
      throw error;
    }
    if (epoch !== this.#epoch || !this.#user) throw notLoggedIn();
    const next = withToken(this.#user, tokens, this.#clock.now());
    if (!this.#commit(next, 'token', spent)) {
      if (!this.#user) throw notLoggedIn();
      return this.#user.token.access_token;
    }
    return next.token.access_token;
  }

  /**
   * True when the session no longer holds `spent`: another tab rotated it (or the session ended).
   * With Web Locks no other tab can be spending it now, so storage is read once. Without them,
   * another tab may have sent the same token a moment earlier and still wait for its answer: that
   * answer is waited for (as long as a refresh may take), not raced.
   */
  async #rotatedElsewhere(spent: string, epoch: number): Promise<boolean> {
    const rotated = (): boolean => {
      if (epoch === this.#epoch) this.#adoptStored();
      return epoch !== this.#epoch || this.#user?.token.refresh_token !== spent;
    };
    if (rotated() || this.#lock.crossTab) return rotated();
    for (let waited = 0; waited < this.#waitMs; waited += ROTATION_POLL_MS) {
      await new Promise<void>((resolve) => this.#clock.setTimeout(resolve, ROTATION_POLL_MS));
      if (rotated()) return true;
    }
    return false;
  }

  /** Takes the stored session when another tab replaced ours; true when it did. */
  #adoptStored(): boolean {
    const current = this.#user;
    const stored = this.#store.readArea(this.#remember);
    if (!current || !stored || stored.token.refresh_token === current.token.refresh_token) return false;
    if (stored.token.expires_at < current.token.expires_at) return false;
    this.#adopt(stored, stored.id === current.id);
    return true;
  }

  /** Takes a newer state of the session from elsewhere: a `token` event when the user is the same. */
  #adopt(user: User, sameUser: boolean): void {
    this.#user = user;
    // Another tab got through: whoever waited for this tab's retry takes its token.
    if (sameUser && this.#retry) {
      this.#failures = 0;
      this.#settleRetry(this.#epoch, null, user.token.access_token);
    }
    this.#schedule();
    this.#emit({ type: sameUser ? 'token' : 'user', user });
  }

  /** Checks a session with the server: a deleted user is logged out. */
  async #validate(): Promise<void> {
    const epoch = this.#epoch;
    try {
      let token = await this.jwt();
      let wire;
      try {
        wire = await this.#client.getUser(token);
      } catch (error) {
        // A JWT the server no longer accepts (e.g. a rotated secret): one new token, one retry.
        if (codeOf(error) !== 'unauthorized') throw error;
        token = await this.jwt(true);
        wire = await this.#client.getUser(token);
      }
      const current = this.#user;
      if (epoch !== this.#epoch || !current || current.id !== wire.id) return;
      this.#commit(withWireUser(current, wire), 'user', current.token.refresh_token);
    } catch (error) {
      if (epoch === this.#epoch && this.#user && codeOf(error) === 'user_not_found') this.#end('revoked');
      // Anything else leaves the session as it is; refresh failures were handled by jwt().
    }
  }

  /**
   * Stores a newer state of this session, but only over this session's own record (the one
   * holding refresh token `expected`). A late answer must not bring back a session that was
   * logged out meanwhile, nor overwrite a newer login, by another tab or another Session object
   * on this page (a removed element's, say). False when it stepped aside.
   */
  #commit(user: User, change: 'token' | 'user', expected: string): boolean {
    const stored = this.#store.readArea(this.#remember);
    if (!stored) {
      this.#end('other-tab', false);
      return false;
    }
    if (stored.token.refresh_token !== expected && change === 'user' && stored.id === user.id) {
      // Another tab refreshed meanwhile: its token, with this newer profile.
      user = { ...user, token: stored.token };
    } else if (stored.token.refresh_token !== expected) {
      this.#adopt(stored, this.#user?.id === stored.id);
      return false;
    }
    this.#user = user;
    this.#store.write(user, this.#remember);
    this.#emit({ type: change, user });
    if (this.#remember) this.#post({ type: 'session', change, user });
    if (change === 'token') this.#schedule();
    return true;
  }

  /** Ends the session in this tab and, unless told by another tab, in every tab. */
  #end(reason: EndReason | 'other-tab', tell = reason !== 'other-tab'): void {
    const remember = this.#remember;
    this.#startEpoch();
    this.#user = null;
    if (tell) {
      this.#store.clear(remember);
      if (remember) this.#post({ type: 'logout', reason: reason === 'other-tab' ? 'user' : reason });
    }
    this.#emit({ type: 'logout', reason });
  }

  #onTabMessage(message: TabMessage): void {
    if (this.#disposed) return;
    // A session not remembered belongs to this tab alone; other tabs' changes do not touch it.
    if (this.#user && !this.#remember) return;
    if (message.type === 'logout') {
      if (this.#user) this.#end(message.reason === 'user' ? 'other-tab' : message.reason, false);
      return;
    }
    const sameUser = this.#user?.id === message.user.id;
    if (!sameUser) this.#startEpoch();
    this.#remember = true;
    this.#failures = 0;
    // Logging in elsewhere is not a login here: this tab just learns who the user is.
    this.#adopt(message.user, sameUser && message.change === 'token');
  }

  /** A new session (or none): work still running for the previous one must not touch it. */
  #startEpoch(): void {
    this.#epoch++;
    this.#inflight = null;
    this.#failures = 0;
    this.#retry?.reject(notLoggedIn());
    this.#retry = null;
    this.#unanswered = null;
    this.#timer.clear();
  }

  #margin(user: User): number {
    return this.#timer.margin(user.token);
  }

  #remaining(user: User): number {
    return user.token.expires_at - this.#clock.now();
  }

  /** Refreshes proactively, before anybody needs the token. */
  #schedule(): void {
    const user = this.#user;
    if (user && !this.#disposed) this.#timer.scheduleBefore(user.token);
    else this.#timer.clear();
  }

  /** A transient failure is retried with backoff, never a logout. */
  #scheduleRetry(): void {
    if (this.#user && !this.#disposed) this.#timer.scheduleRetry(this.#failures);
  }

  #refreshInBackground(): void {
    const user = this.#user;
    if (!user) return;
    // The due retry itself: not one more caller waiting for it.
    const need = { within: 2 * this.#margin(user) };
    (this.#inflight ?? this.#startRefresh(need)).then(
      () => {
        if (!this.#timer.pending) this.#schedule();
      },
      () => {
        /* retried or ended by #refresh */
      },
    );
  }

  /** Back online while waiting to retry: no need to wait out the backoff. */
  readonly #onOnline = (): void => {
    // Not heard once disposed.
    if (!this.#user || this.#failures === 0) return;
    this.#timer.clear();
    this.#refreshInBackground();
  };

  #post(message: TabMessage): void {
    if (!this.#disposed) this.#channel.post(message);
  }

  #emit(event: SessionEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        // One broken listener must not stop the others or the session. Rethrown on its own, as
        // an EventTarget reports a listener's error (the window's error event, Node's
        // uncaughtException).
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

/**
 * Why a refresh is wanted: the token expires within `within` ms, or the session still holds the
 * refresh token `replace` (a forced refresh). Compared by refresh token because GoTrue's JWT has
 * no `iat` or `jti`: two access tokens issued in the same second are byte-identical, while every
 * refresh rotates the refresh token.
 */
type RefreshNeed = { within: number } | { replace: string };
