/**
 * What keeps the tabs of one site in step: a message channel for session changes, and a lock so
 * only one tab at a time spends the single-use refresh token (GoTrue revokes it on use, so a second
 * tab spending the same one would be refused and could log the user out). Nothing here runs at
 * module load; every browser API is looked up when used.
 */
import type { User } from './user.js';

/** How a session ended, as told to other tabs. */
export type EndReason = 'user' | 'expired' | 'revoked';
const END_REASONS: readonly EndReason[] = ['user', 'expired', 'revoked'];

export type TabMessage =
  { type: 'session'; change: 'login' | 'token' | 'user'; user: User } | { type: 'logout'; reason: EndReason };

export const CHANNEL_NAME = 'gotrue-auth';

/**
 * Names of the channel and the lock. Sessions stored under another key than the default (another
 * GoTrue instance on the same origin) get their own, so they never mix.
 */
export function syncNames(storageKey: string): { channel: string; lock: string } {
  const base = storageKey === 'gotrue.user' ? CHANNEL_NAME : `${CHANNEL_NAME}:${storageKey}`;
  return { channel: base, lock: `${base}:refresh` };
}

export interface TabChannel {
  post(message: TabMessage): void;
  close(): void;
}

/**
 * Only tabs of this origin running this code post here; a tab still on an older release may
 * send another shape, so a message without a known reason or a user with tokens is ignored.
 */
function isTabMessage(
  value: { type?: unknown; reason?: unknown; user?: { token?: { refresh_token?: unknown } } } | null,
): boolean {
  return value?.type === 'logout'
    ? END_REASONS.includes(value.reason as EndReason)
    : typeof value?.user?.token?.refresh_token === 'string';
}

/**
 * Opens the channel to the other tabs: a BroadcastChannel (Baseline since 2022). Where it is
 * missing, tabs are not told at once; each still re-reads storage before it spends a refresh
 * token, so none of them spends one twice. Messages from this same channel never come back.
 */
export function openTabChannel(onMessage: (message: TabMessage) => void, storageKey: string): TabChannel {
  if (typeof BroadcastChannel !== 'function') return { post: () => {}, close: () => {} };
  const channel = new BroadcastChannel(syncNames(storageKey).channel);
  channel.onmessage = (event: MessageEvent) => {
    if (isTabMessage(event.data)) onMessage(event.data);
  };
  // Node has BroadcastChannel too; an open one must not keep a process alive.
  (channel as { unref?: () => void }).unref?.();
  return { post: (message) => channel.postMessage(message), close: () => channel.close() };
}

/** Runs one refresh at a time across every tab of the origin. */
export interface RefreshLock {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** True when the lock holds across tabs (Web Locks); false when it serialises this tab only. */
  readonly crossTab: boolean;
}

type LockManagerLike = Pick<LockManager, 'request'>;

function browserLocks(): LockManagerLike | null {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks && typeof nav.locks.request === 'function' ? nav.locks : null;
}

// Without Web Locks, one chain for every session of this tab (realm).
let tail: Promise<unknown> = Promise.resolve();

/**
 * The Web Locks API (Baseline since 2022) serialises across tabs and releases a lock when its tab
 * dies. Without it, refreshes are serialised within this tab only; the session re-reads storage
 * before spending a refresh token, so it follows a tab that refreshed first instead of racing it.
 * `locks: null` asks for the fallback explicitly.
 */
export function createRefreshLock(options: { locks?: LockManagerLike | null; storageKey: string }): RefreshLock {
  const locks = options.locks === undefined ? browserLocks() : options.locks;
  if (locks) {
    // The lock's promise settles with the task's own result.
    const name = syncNames(options.storageKey).lock;
    return {
      crossTab: true,
      run: <T>(task: () => Promise<T>) => locks.request(name, () => task()) as unknown as Promise<T>,
    };
  }
  return {
    crossTab: false,
    run: <T>(task: () => Promise<T>) => {
      const run = tail.then(task, task);
      tail = run.catch(() => {});
      return run;
    },
  };
}
