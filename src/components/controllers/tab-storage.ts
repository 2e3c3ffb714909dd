/** The tab's `sessionStorage`, or null where reading it throws (a sandboxed frame, storage blocked). */
import type { StorageArea } from '../../core/session-storage.js';

export function tabStorage(): StorageArea | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}
