/**
 * One Session (and client) per API on a page. Several `<gotrue-auth>` elements with the same
 * API URL, audience and cookie setting hold the same Session: one `GET /user` when the page
 * loads, one refresh timer, one BroadcastChannel, so elements of one page do not talk to each
 * other as if they were tabs. The Session is disposed when the last holder lets go.
 */
import { GoTrueClient, type ClientOptions } from './client.js';
import { Session } from './session.js';

export interface SharedSession<H> {
  client: GoTrueClient;
  session: Session;
  /** Everyone holding this Session, first holder first. */
  holders: H[];
}

const shared = new Map<string, SharedSession<unknown>>();

/**
 * The page's Session for `options`, created (and its stored session restored) by the first
 * holder. Returns it with `release`, which lets go of it once.
 */
export function holdSession<H>(options: ClientOptions, holder: H): SharedSession<H> & { release(): void } {
  const key = [options.apiUrl, options.audience, options.cookie].join('\n');
  let entry = shared.get(key) as SharedSession<H> | undefined;
  if (!entry) {
    const client = new GoTrueClient(options);
    entry = { client, session: new Session({ client }), holders: [] };
    shared.set(key, entry);
    entry.session.restore();
  }
  const held = entry;
  held.holders.push(holder);
  return {
    ...held,
    release() {
      const at = held.holders.indexOf(holder);
      if (at < 0) return;
      held.holders.splice(at, 1);
      if (!held.holders.length) {
        shared.delete(key);
        held.session.dispose();
      }
    },
  };
}
