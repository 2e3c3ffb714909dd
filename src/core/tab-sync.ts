/**
 * What keeps the tabs of one site in step: a message channel for session changes, and a lock so
 * only one tab at a time spends the single-use refresh token (`gotrue-api.md` §4.4; PRODUCT.md
 * defect 5). Nothing here runs at module load; every browser API is looked up when used.
 */
import type { StorageArea } from './session-storage.js';
import type { User } from './user.js';

/** How a session ended, as told to other tabs. */
export type EndReason = 'user' | 'expired' | 'revoked';
const END_REASONS: readonly EndReason[] = ['user', 'expired', 'revoked'];

export type TabMessage =
  | { type: 'session'; change: 'login' | 'token' | 'user'; user: User }
  | { type: 'logout'; reason: EndReason };

export const CHANNEL_NAME = 'gotrue-auth';

/**
 * Names of the channel, the lock and the fallback keys. Sessions stored under another key than
 * the default (another GoTrue instance on the same origin) get their own, so they never mix.
 */
export function syncNames(storageKey: string): { channel: string; lock: string; message: string; lease: string } {
  const base = storageKey === 'gotrue.user' ? CHANNEL_NAME : `${CHANNEL_NAME}:${storageKey}`;
  return { channel: base, lock: `${base}:refresh`, message: `${base}:message`, lease: `${base}:refresh-lease` };
}

export interface TabChannel {
  post(message: TabMessage): void;
  close(): void;
}

function isTabMessage(value: unknown): value is TabMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Partial<Record<string, unknown>>;
  if (message.type === 'logout') return END_REASONS.includes(message.reason as EndReason);
  if (message.type !== 'session' || typeof message.user !== 'object' || message.user === null) return false;
  const user = message.user as { id?: unknown; token?: { access_token?: unknown; refresh_token?: unknown } };
  return (
    typeof user.id === 'string' &&
    typeof user.token?.access_token === 'string' &&
    typeof user.token.refresh_token === 'string'
  );
}

/**
 * Opens the channel to the other tabs: BroadcastChannel where it exists, else `storage` events
 * on a message key of the shared storage. Messages from this same channel never come back.
 */
export function openTabChannel(
  onMessage: (message: TabMessage) => void,
  storage: StorageArea | null,
  storageKey: string,
): TabChannel {
  const names = syncNames(storageKey);
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(names.channel);
    channel.onmessage = (event: MessageEvent) => {
      if (isTabMessage(event.data)) onMessage(event.data);
    };
    // Node has BroadcastChannel too; an open one must not keep a process alive.
    (channel as { unref?: () => void }).unref?.();
    return { post: (message) => channel.postMessage(message), close: () => channel.close() };
  }
  const target = typeof window === 'object' && window !== null ? window : null;
  if (!target || !storage) return { post: () => {}, close: () => {} };
  const listener = (event: StorageEvent) => {
    if (event.key !== names.message || event.newValue === null) return;
    try {
      const data: unknown = JSON.parse(event.newValue);
      if (typeof data === 'object' && data !== null && isTabMessage((data as { message?: unknown }).message)) {
        onMessage((data as { message: TabMessage }).message);
      }
    } catch {
      /* not one of ours */
    }
  };
  target.addEventListener('storage', listener);
  return {
    post: (message) => {
      try {
        // A nonce makes every write a change, so repeated messages still fire events.
        storage.setItem(names.message, JSON.stringify({ message, nonce: Math.random() }));
        storage.removeItem(names.message);
      } catch {
        /* storage full or blocked: other tabs catch up on their next refresh */
      }
    },
    close: () => target.removeEventListener('storage', listener),
  };
}

/** Runs one refresh at a time across every tab of the origin. */
export interface RefreshLock {
  run<T>(task: () => Promise<T>): Promise<T>;
}

type LockManagerLike = Pick<LockManager, 'request'>;

function browserLocks(): LockManagerLike | null {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks && typeof nav.locks.request === 'function' ? nav.locks : null;
}

/**
 * The Web Locks API serialises across tabs and releases a lock when its tab dies. Without it
 * (old browsers), tabs take a short lease in shared storage; without storage, only this tab's
 * refreshes are serialised.
 * `locks: null` asks for the fallback explicitly.
 */
export function createRefreshLock(
  options: { locks?: LockManagerLike | null; storage?: StorageArea | null; storageKey: string },
): RefreshLock {
  const names = syncNames(options.storageKey);
  const locks = options.locks === undefined ? browserLocks() : options.locks;
  let tail: Promise<unknown> = Promise.resolve();
  const inTab = <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => {});
    return run;
  };
  if (locks) {
    // The lock's promise settles with the task's own result.
    return {
      run: <T>(task: () => Promise<T>) =>
        locks.request(names.lock, { mode: 'exclusive' }, () => task()) as unknown as Promise<T>,
    };
  }
  const storage = options.storage ?? null;
  if (!storage) return { run: inTab };
  return { run: (task) => inTab(() => withLease(storage, names.lease, task)) };
}

/** Longer than the client's 15 s request timeout, so a live holder never loses its lease. */
const LEASE_MS = 20_000;
const SETTLE_MS = 30;
const POLL_MS = 50;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function leaseOwner(storage: StorageArea, key: string, now: number): string | null {
  try {
    const lease = JSON.parse(storage.getItem(key) ?? 'null') as { owner?: unknown; until?: unknown } | null;
    if (lease && typeof lease.owner === 'string' && typeof lease.until === 'number' && lease.until > now) {
      return lease.owner;
    }
  } catch {
    /* a corrupt lease is no lease */
  }
  return null;
}

async function withLease<T>(storage: StorageArea, key: string, task: () => Promise<T>): Promise<T> {
  const owner = `${Date.now()}-${Math.random()}`;
  for (;;) {
    if (leaseOwner(storage, key, Date.now()) === null) {
      try {
        storage.setItem(key, JSON.stringify({ owner, until: Date.now() + LEASE_MS }));
      } catch {
        return task(); // storage refuses writes: serialised in this tab only
      }
      // Two tabs may take a free lease at once: the last write wins, the other sees it and waits.
      await sleep(SETTLE_MS);
      if (leaseOwner(storage, key, Date.now()) === owner) break;
    } else {
      await sleep(POLL_MS);
    }
  }
  try {
    return await task();
  } finally {
    if (leaseOwner(storage, key, Date.now()) === owner) storage.removeItem(key);
  }
}
