/**
 * One Session (and client) per API on a page. Several `<gotrue-auth>` elements with the same
 * API URL, audience and cookie setting hold the same Session: one `GET /user` when the page
 * loads, one refresh timer, one BroadcastChannel, so elements of one page do not talk to each
 * other as if they were tabs. The Session is disposed when the last holder lets go.
 */
import { GoTrueClient, type ClientOptions } from './client.js';
import { Session, type SessionEvent } from './session.js';

/** Hears the shared Session's events while it holds it. */
export interface SessionHolder {
  sessionEvent(event: SessionEvent): void;
}

export interface SharedSession<H extends SessionHolder> {
  client: GoTrueClient;
  session: Session;
  /** Everyone holding this Session, first holder first. */
  holders: H[];
}

const shared = new Map<string, SharedSession<SessionHolder>>();

/**
 * The page's Session for `options`, created (and its stored session restored) by the first
 * holder, which from then on hears its events; let go of it with `releaseSession`, once.
 */
export function holdSession<H extends SessionHolder>(options: ClientOptions, holder: H): SharedSession<H> {
  // The element passes exactly the API URL, audience and cookie setting, always in that order.
  const key = JSON.stringify(options);
  let entry = shared.get(key) as SharedSession<H> | undefined;
  // An entry without holders was disposed: its successor starts afresh.
  if (!entry?.holders.length) {
    const client = new GoTrueClient(options);
    const held: SharedSession<H> = (entry = { client, session: new Session({ client }), holders: [] });
    shared.set(key, held);
    held.session.subscribe((event) => held.holders.forEach((h) => h.sessionEvent(event)));
    held.session.restore();
  }
  entry.holders.push(holder);
  return entry;
}

export function releaseSession<H extends SessionHolder>({ session, holders }: SharedSession<H>, holder: H): void {
  holders.splice(holders.indexOf(holder), 1);
  if (!holders.length) session.dispose();
}
