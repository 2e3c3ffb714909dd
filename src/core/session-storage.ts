/**
 * Where a session lives between page loads: `localStorage["gotrue.user"]` when the user asked to be
 * remembered (the key and format gotrue-js and netlify-identity-widget use), `sessionStorage` under
 * the same key when not, so it ends with the tab. Works without any Web Storage (Node, SSR,
 * storage blocked by privacy settings) by keeping the session in memory.
 */
import { type User, parseStoredUser } from './user.js';

export const STORAGE_KEY = 'gotrue.user';

/** The part of the Web Storage interface a session needs. */
export type StorageArea = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface StoredSession {
  user: User;
  /** True when it came from the persistent area (the user asked to be remembered). */
  remember: boolean;
}

/** A plain in-memory area, for runtimes without Web Storage. */
export function memoryStorage(): StorageArea {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
  };
}

/**
 * Touching `window.localStorage` can itself throw (sandboxed iframes, storage disabled), so the
 * lookup is guarded, and done at run time, never at module load (so bundlers and SSR can import it).
 */
function browserStorage(name: 'localStorage' | 'sessionStorage'): StorageArea | null {
  try {
    const area = (globalThis as Record<string, unknown>)[name] as StorageArea | undefined;
    return area ?? null;
  } catch {
    return null;
  }
}

export interface SessionStoreOptions {
  /** Persistent area; default `localStorage`, or memory when there is none. */
  persistent?: StorageArea | null;
  /** Tab-scoped area for sessions not remembered; default `sessionStorage`, or memory. */
  tab?: StorageArea | null;
  /** The storage key; default `gotrue.user`. */
  key?: string;
}

export class SessionStore {
  readonly #persistent: StorageArea;
  readonly #tab: StorageArea;
  readonly key: string;

  constructor(options: SessionStoreOptions = {}) {
    this.key = options.key ?? STORAGE_KEY;
    this.#persistent = options.persistent ?? browserStorage('localStorage') ?? memoryStorage();
    this.#tab = options.tab ?? browserStorage('sessionStorage') ?? memoryStorage();
  }

  /**
   * The session this tab should use. A tab-scoped one wins: it is this tab's own, more recent
   * choice. A corrupt value is removed so it cannot fail again on every load.
   */
  read(): StoredSession | null {
    const own = this.#readArea(this.#tab);
    if (own) return { user: own, remember: false };
    const shared = this.#readArea(this.#persistent);
    return shared ? { user: shared, remember: true } : null;
  }

  /** Reads one area only: the shared one is what other tabs write to. */
  readArea(remember: boolean): User | null {
    return this.#readArea(remember ? this.#persistent : this.#tab);
  }

  write(user: User, remember: boolean): void {
    const [target, other] = remember ? [this.#persistent, this.#tab] : [this.#tab, this.#persistent];
    safely(() => target.setItem(this.key, JSON.stringify(user)));
    // A session lives in one place only, or a stale copy would come back on the next load.
    safely(() => other.removeItem(this.key));
  }

  /** Removes the session from one area, or from both when `remember` is not given. */
  clear(remember?: boolean): void {
    if (remember !== false) safely(() => this.#persistent.removeItem(this.key));
    if (remember !== true) safely(() => this.#tab.removeItem(this.key));
  }

  #readArea(area: StorageArea): User | null {
    let json: string | null;
    try {
      json = area.getItem(this.key);
    } catch {
      return null;
    }
    const user = parseStoredUser(json);
    if (json !== null && user === null) safely(() => area.removeItem(this.key));
    return user;
  }
}

/** Quota errors or blocked storage must not break a login: the session still works in memory. */
function safely(write: () => void): void {
  try {
    write();
  } catch {
    /* kept in memory only */
  }
}
