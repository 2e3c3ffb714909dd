/**
 * When a provider does not vouch for the user's email, GoTrue mails a confirmation link and sends
 * the browser back to the site with no fragment at all, so the page cannot tell that return from
 * an ordinary visit. The tab notes when it leaves for a provider; a page that then loads with no
 * fragment of ours, by that navigation (not a reload or the back button), is that return.
 */
import type { StorageArea } from './session-storage.js';

const KEY = 'gotrue.provider-sign-in';
/** Longer than anyone spends on a provider's consent page; an older note is stale. */
const FRESH_MS = 30 * 60_000;

/** Notes that this tab is leaving for a provider now (in `sessionStorage` unless given another area). */
export function noteProviderDeparture(now: number, storage?: StorageArea): void {
  try {
    (storage ?? sessionStorage).setItem(KEY, String(now));
  } catch {
    /* no storage (a sandboxed frame, a full quota, no DOM): the return will look like any visit */
  }
}

/** Removes the note; true when this tab left for a provider within the last half hour. */
export function takeProviderDeparture(now: number, storage?: StorageArea): boolean {
  try {
    const area = storage ?? sessionStorage;
    const left = area.getItem(KEY);
    area.removeItem(KEY);
    // No note reads as 0, long ago; a garbled one as NaN, which is never fresh.
    return now - Number(left) < FRESH_MS;
  } catch {
    return false;
  }
}
