// Recipe: record each new user once, whichever way they came in: an email sign-up, an invite, or a
// provider such as GitHub. identity-signup.js and identity-login.js both call `recordOnce`:
// Netlify calls identity-signup for email sign-ups and identity-login for provider users (on their
// first login as on every later one), so only the pair sees every new user. The record is keyed by
// the user's id, so a later login, a retried event or a second function finds it there and adds
// nothing.
//
// The store is a JSON file (NEW_USERS_FILE, default .gotrue/new-users.json): enough to see the
// recipe work locally. A deployed function's disk does not last; put the same check-then-insert on
// your database there (an insert that ignores a duplicate id does it in one statement).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * @typedef {{ id: string, email: string, provider: string, recorded_at: string }} RecordedUser
 * @typedef {{ id: string, email: string, app_metadata?: { provider?: string } | null }} EventUser
 */

/** Where the records are kept. */
export function storeFile() {
  return globalThis.Netlify?.env.get('NEW_USERS_FILE') || '.gotrue/new-users.json';
}

/**
 * The users recorded so far, oldest first.
 * @returns {Promise<RecordedUser[]>}
 */
export async function recordedUsers(file = storeFile()) {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if (error.code === 'ENOENT') return [];
    throw error;
  }
}

// Each function loads its own copy of this module, so the queue that keeps two events from
// writing the file at once lives on the process, not in the module.
const QUEUE = Symbol.for('netlify-recipes.new-users-queue');

/**
 * Records `user` unless it is recorded already; resolves whether this call recorded it. A failure
 * to write is thrown, so the event function fails and GoTrue refuses the action rather than let
 * an unrecorded user in; the retry or the next login records them.
 * @param {EventUser} user
 * @returns {Promise<boolean>}
 */
export function recordOnce(user, file = storeFile()) {
  const previous = globalThis[QUEUE] ?? Promise.resolve();
  const run = previous.then(async () => {
    const users = await recordedUsers(file);
    if (users.some((u) => u.id === user.id)) return false;
    users.push({
      id: user.id,
      email: user.email,
      provider: user.app_metadata?.provider ?? 'email',
      recorded_at: new Date().toISOString(),
    });
    await mkdir(dirname(file), { recursive: true });
    // Written beside the file and renamed over it, so a reader never sees half of it.
    await writeFile(`${file}.tmp`, `${JSON.stringify(users, null, 2)}\n`);
    await rename(`${file}.tmp`, file);
    return true;
  });
  globalThis[QUEUE] = run.catch(() => {});
  return run;
}
