/**
 * When a session refreshes on its own: shortly before the access token expires, so a page that
 * stays open never holds an expired JWT, and after a transient failure with growing pauses, so an
 * outage is neither hammered nor a logout. One timer at a time.
 */
import type { StoredToken } from './user.js';

/** Time as the session sees it; injectable so tests need not wait. */
export interface SessionClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: SessionClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms) as unknown as { unref?: () => void };
    // In Node a pending refresh must not keep the process alive.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
};

export interface RefreshPolicy {
  /** Refresh this long before `exp`; at most a quarter of the token's lifetime. */
  marginMs: number;
  /** Up to this much earlier again, at random, so tabs do not all wake at once. */
  jitterMs: number;
  /** First pause after a failure, doubled per further failure up to `maxRetryMs`. */
  retryMs: number;
  maxRetryMs: number;
}

/** setTimeout fires at once for delays beyond 2^31-1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class RefreshTimer {
  readonly #clock: SessionClock;
  readonly #random: () => number;
  readonly #policy: RefreshPolicy;
  readonly #onDue: () => void;
  #handle: unknown = undefined;

  constructor(clock: SessionClock, random: () => number, policy: RefreshPolicy, onDue: () => void) {
    this.#clock = clock;
    this.#random = random;
    this.#policy = policy;
    this.#onDue = onDue;
  }

  /**
   * How close to expiry a token counts as due. A short-lived token (GOTRUE_JWT_EXP of a few
   * minutes) would otherwise always be "about to expire" and refresh on every call.
   */
  margin(token: StoredToken): number {
    return Math.min(this.#policy.marginMs, (token.expires_in * 1000) / 4);
  }

  get pending(): boolean {
    return this.#handle !== undefined;
  }

  /** Due `margin` plus a random part of the jitter before the token expires. */
  scheduleBefore(token: StoredToken): void {
    const margin = this.margin(token);
    const jitter = this.#random() * Math.min(this.#policy.jitterMs, margin);
    this.#set(token.expires_at - this.#clock.now() - margin - jitter);
  }

  /** Due after the pause for the `failures`-th failure in a row, ±25 % so tabs spread out. */
  scheduleRetry(failures: number): void {
    const { retryMs, maxRetryMs } = this.#policy;
    const base = Math.min(retryMs * 2 ** Math.max(0, failures - 1), maxRetryMs);
    this.#set(base * (0.75 + this.#random() * 0.5));
  }

  clear(): void {
    if (this.#handle !== undefined) this.#clock.clearTimeout(this.#handle);
    this.#handle = undefined;
  }

  #set(delay: number): void {
    this.clear();
    const handle = this.#clock.setTimeout(
      () => {
        if (this.#handle !== handle) return;
        this.#handle = undefined;
        this.#onDue();
      },
      Math.min(Math.max(0, delay), MAX_TIMER_MS),
    );
    this.#handle = handle;
  }
}
