/**
 * One Session (and client) per API on a page. Several `<gotrue-auth>` elements with the same
 * API URL, audience and cookie setting hold the same Session: one `GET /user` when the page
 * loads, one refresh timer, one BroadcastChannel, so elements of one page do not talk to each
 * other as if they were tabs. The Session is disposed when the last holder lets go.
 *
 * Logins and logouts made on this page are reported by the runner that made them. The shared
 * session announces only what nobody here did: an expired or revoked session, and a login or
 * logout in another tab. It tells its first holder, so the page hears each of them once.
 */
import { GoTrueClient, type ClientOptions } from './client.js';
import { Session } from './session.js';
import type { LogoutReason } from './session-types.js';
import type { User } from './user.js';

/** A change to the session that no runner on this page performed. */
export type UnperformedChange =
  { type: 'login'; user: User; method: 'other-tab' } | { type: 'logout'; reason: Exclude<LogoutReason, 'user'> };

/** Hears the shared Session while it holds it. */
export interface SessionHolder {
  /** A login or logout nobody on this page performed; told to one holder only. */
  announce(change: UnperformedChange): void;
  /** The user's data changed (`user`) or its access token was refreshed (`token`); told to every holder. */
  userChanged(change: { type: 'user' | 'token'; user: User }): void;
}

export interface SharedSession {
  client: GoTrueClient;
  session: Session;
}

interface Entry extends SharedSession {
  holders: SessionHolder[];
}

const shared = new Map<string, Entry>();

/** The user's data without its token, keys sorted: what a `gotrue:user` reports as changed. */
function profileOf(user: User | null): string {
  if (!user) return '';
  const { token: _token, ...profile } = user;
  return JSON.stringify(profile, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)))
      : value,
  );
}

/**
 * The page's Session for `options`, created (and its stored session restored) by the first
 * holder; let go of it with `releaseSession`, once per `holdSession`.
 */
export function holdSession(options: ClientOptions, holder: SessionHolder): SharedSession {
  // The element passes exactly the API URL, audience and cookie setting, always in that order.
  const key = JSON.stringify(options);
  let entry = shared.get(key);
  // An entry without holders was disposed: its successor starts afresh.
  if (!entry?.holders.length) {
    const client = new GoTrueClient(options);
    const created: Entry = (entry = { client, session: new Session({ client }), holders: [] });
    shared.set(key, created);
    let known = created.session.restore();
    let profile = profileOf(known);
    created.session.subscribe((event) => {
      const before = known;
      known = event.type === 'logout' ? null : event.user;
      const previous = profile;
      profile = profileOf(known);
      switch (event.type) {
        case 'login':
          // Only a runner on this page logs in: it reports the login itself.
          return;
        case 'logout':
          if (event.reason !== 'user') created.holders[0]?.announce({ type: 'logout', reason: event.reason });
          return;
        case 'token':
          created.holders.forEach((holder) => holder.userChanged({ type: 'token', user: event.user }));
          return;
        case 'user':
          // Someone else (another tab) logged in: this tab learns who, and tells it once.
          if (before?.id !== event.user.id)
            created.holders[0]?.announce({ type: 'login', user: event.user, method: 'other-tab' });
          // A check with the server that found nothing new is no change.
          else if (profile !== previous)
            created.holders.forEach((holder) => holder.userChanged({ type: 'user', user: event.user }));
      }
    });
  }
  entry.holders.push(holder);
  return entry;
}

export function releaseSession(held: SharedSession, holder: SessionHolder): void {
  const entry = [...shared.values()].find((candidate) => candidate.session === held.session);
  const index = entry?.holders.indexOf(holder) ?? -1;
  if (!entry || index < 0) return;
  entry.holders.splice(index, 1);
  if (!entry.holders.length) entry.session.dispose();
}
