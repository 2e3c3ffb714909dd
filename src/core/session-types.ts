/**
 * The session's public contract: its events, options and the client calls it makes, plus the rule
 * for which failures end a session. Kept apart from the implementation in `session.ts`.
 */
import type { GoTrueClient } from './client.js';
import type { SessionClock } from './refresh-timer.js';
import type { StorageArea } from './session-storage.js';
import type { EndReason } from './tab-sync.js';
import type { User } from './user.js';

export type LoginMethod = 'password' | 'signup' | 'confirmation' | 'recovery' | 'invite' | 'external';
export type LogoutReason = 'user' | 'expired' | 'revoked' | 'other-tab';
export type SessionEvent =
  | { type: 'login'; user: User; method: LoginMethod }
  | { type: 'logout'; reason: LogoutReason }
  | { type: 'user'; user: User }
  | { type: 'token'; user: User };

/** The calls a session makes; the real GoTrueClient or a stub. */
export type SessionClient = Pick<GoTrueClient, 'refresh' | 'getUser' | 'logout' | 'updateUser'> & {
  readonly apiUrl?: string;
};

export interface SessionOptions {
  client: SessionClient;
  /** Where remembered sessions live; default `localStorage` (memory when there is none). */
  storage?: StorageArea | null;
  /** Where sessions that are not remembered live; default `sessionStorage`. */
  tabStorage?: StorageArea | null;
  /**
   * Storage key, default `gotrue.user` (shared with gotrue-js and netlify-identity-widget). Tabs
   * share sessions, messages and the refresh lock per key, so a second GoTrue instance on the same
   * origin needs its own.
   */
  storageKey?: string;
  /** The Web Locks manager; default `navigator.locks`; `null` serialises refreshes in this tab only. */
  locks?: Pick<LockManager, 'request'> | null;
  /** Used by `authedFetch`; default the global `fetch`. */
  fetch?: typeof fetch;
  clock?: SessionClock;
  /** Source of jitter, in [0, 1). */
  random?: () => number;
  /** Refresh this long before `exp` (default 60 s, as gotrue-js; at most a quarter of the lifetime). */
  refreshMarginMs?: number;
  /** Up to this much earlier again, at random, so tabs do not all wake at once (default 15 s). */
  refreshJitterMs?: number;
  /** First retry after a transient refresh failure (default 1 s), doubling up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /**
   * How long `jwt()` waits for a refresh before it rejects with `timeout` (default 15 s). The
   * refresh itself goes on: its answer carries the only valid refresh token, so it is used when it comes.
   */
  refreshWaitMs?: number;
  /**
   * How long a refresh grant may go unanswered before it is given up (default 60 s, in real time):
   * its request is aborted, so no answer can arrive any more, and the grant is retried with
   * backoff. Until then the grant is never sent again; a slow answer within this time is used.
   */
  refreshGiveUpMs?: number;
}

/** Error fields read by duck typing: errors may come from another copy of this module (another frame). */
export function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

export function isTransient(error: unknown): boolean {
  return (error as { transient?: unknown } | null)?.transient === true;
}

/**
 * GoTrue's `invalid_grant` on refresh ("Invalid Refresh Token" / "Refresh token expired") and the
 * 404 of `GET /user` for a deleted user are final; everything else may pass and is retried.
 */
export function endReasonOf(error: unknown): EndReason | null {
  switch (codeOf(error)) {
    case 'token_expired':
      return 'expired';
    case 'invalid_token':
    case 'user_not_found':
      return 'revoked';
    default:
      return null;
  }
}
