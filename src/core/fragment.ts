/**
 * The URL-fragment router: GoTrue puts email-link tokens (`#confirmation_token=…`) and OAuth
 * results (`#access_token=…`, `#error=…`) in the fragment. Pure functions over strings, so nothing
 * here touches `location` at import time.
 */

export type FragmentRoute =
  | { type: 'confirmation'; token: string }
  | { type: 'recovery'; token: string }
  | { type: 'invite'; token: string }
  | { type: 'email_change'; token: string }
  | {
      type: 'external_login';
      access_token: string;
      refresh_token: string;
      expires_in: number;
      token_type: 'bearer';
      state?: string;
    }
  | { type: 'oauth_error'; error: string; error_description?: string }
  /**
   * Back from a provider with no fragment at all: the provider did not vouch for the email, so
   * GoTrue mailed a confirmation link instead of logging in. Never parsed from a fragment; the
   * page knows it left for a provider (provider-return.ts).
   */
  | { type: 'provider_unconfirmed' }
  | { type: 'none' };

/**
 * Longest fragment accepted, in characters. GoTrue puts all of a user's metadata in the access
 * token, so a genuine OAuth return can be tens of kilobytes long. The cap is what GoTrue can read
 * back: Go's HTTP server, which GoTrue runs on, reads at most 1 MiB of request headers by default
 * (https://pkg.go.dev/net/http#DefaultMaxHeaderBytes), so a longer token could never be used.
 */
export const MAX_FRAGMENT_LENGTH = 1_048_576;
/** An error description is shown to the user, so it is cut to a readable length. */
export const MAX_DESCRIPTION_LENGTH = 500;
const MAX_ERROR_CODE_LENGTH = 100;

/**
 * Every refused fragment's description starts with this. The fragment still carried GoTrue's
 * fields, so it is removed from the address like any other; the user is told the link did not
 * work (errors.ts maps this text to `invalid_token`) rather than left with nothing happening.
 */
const REFUSED_PREFIX = 'Link refused: ';

/**
 * A fragment of ours that cannot be used, as the OAuth error route the page already shows.
 * `invalid_request` is OAuth's code for a request that is malformed or repeats a parameter
 * (RFC 6749, section 4.1.2.1).
 */
function refused(reason: string): FragmentRoute {
  return { type: 'oauth_error', error: 'invalid_request', error_description: REFUSED_PREFIX + reason };
}

const LINK_KEYS = {
  confirmation_token: 'confirmation',
  recovery_token: 'recovery',
  invite_token: 'invite',
  email_change_token: 'email_change',
} as const;

/** Keys that make a fragment ours: exactly one of them decides the route. */
const ROUTE_KEYS = ['access_token', 'error', ...Object.keys(LINK_KEYS)] as const;

/**
 * The part of a hash GoTrue wrote. A redirect target that already had a fragment ends up with two
 * `#`, since GoTrue appends its own to the target as it is: `#section#access_token=…`; the last
 * one is GoTrue's.
 */
function splitHash(hash: string): { kept: string; candidate: string } {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const last = raw.lastIndexOf('#');
  return last < 0 ? { kept: '', candidate: raw } : { kept: raw.slice(0, last), candidate: raw.slice(last + 1) };
}

/**
 * True when `state` marks an implicit OAuth flow that belongs to someone else: Decap / Netlify CMS
 * put `{"auth_type":"implicit","nonce":…}` there (JSON, sometimes URL-encoded twice), so the
 * key/value pair is looked for in the decoded text rather than parsed.
 */
function isImplicitState(state: string): boolean {
  let text = state;
  try {
    text = decodeURIComponent(state);
  } catch {
    // Not encoded a second time: match the text as it is.
  }
  return /auth_type["']?\s*[:=]\s*["']?implicit\b/.test(text);
}

function isToken(value: string | undefined): value is string {
  // Printable ASCII without spaces: GoTrue's tokens are URL-safe base64 and JWTs.
  return value !== undefined && /^[\x21-\x7e]+$/.test(value);
}

interface OwnedFields {
  fields: Map<string, string>;
  /** The first key that appears more than once, if any. */
  repeated: string | undefined;
  length: number;
}

/** The fragment's fields when they are ours, `undefined` when not (another app's, a CMS return). */
function ownedParams(hash: string): OwnedFields | undefined {
  const { candidate } = splitHash(hash);
  const fields = new Map<string, string>();
  let repeated: string | undefined;
  for (const [key, value] of new URLSearchParams(candidate)) {
    if (fields.has(key)) repeated ??= key;
    fields.set(key, value);
  }
  if (!ROUTE_KEYS.some((key) => fields.has(key))) return undefined;
  const state = fields.get('state');
  if (state !== undefined && isImplicitState(state)) return undefined;
  return { fields, repeated, length: candidate.length };
}

/**
 * True when the fragment carries GoTrue fields, valid or not, so it must be removed from the URL.
 * False for other apps' fragments (`#section-2`, `#/route`) and for implicit-flow CMS returns.
 */
export function isOwnFragment(hash: string): boolean {
  return ownedParams(hash) !== undefined;
}

/**
 * The route a `location.hash` asks for: `none` when it is not ours; an `oauth_error` with
 * `invalid_request` and a description starting with "Link refused: " when it is ours but cannot be
 * used (too long, a key repeated, two routes at once, a field missing or malformed).
 */
export function parseFragment(hash: string): FragmentRoute {
  const owned = ownedParams(hash);
  if (!owned) return { type: 'none' };
  const { fields, repeated } = owned;
  if (owned.length > MAX_FRAGMENT_LENGTH)
    return refused(`the URL fragment is longer than ${MAX_FRAGMENT_LENGTH} characters.`);
  // Not "first wins": a second token appended to a link is a mistake or an attack, and guessing
  // could verify the wrong one.
  if (repeated !== undefined) return refused(`"${repeated}" appears more than once.`);
  const present = ROUTE_KEYS.filter((key) => fields.has(key));
  if (present.length !== 1) return refused(`it carries both ${present.map((key) => `"${key}"`).join(' and ')}.`);
  const [key] = present;

  if (key === 'error') {
    const error = fields.get('error') ?? '';
    if (!error.trim() || error.length > MAX_ERROR_CODE_LENGTH)
      return refused('"error" is empty or too long to be an OAuth error code.');
    const description = fields.get('error_description')?.trim().slice(0, MAX_DESCRIPTION_LENGTH);
    return description
      ? { type: 'oauth_error', error, error_description: description }
      : { type: 'oauth_error', error };
  }

  if (key === 'access_token') {
    const access = fields.get('access_token');
    const refresh = fields.get('refresh_token');
    const expiresIn = Number(fields.get('expires_in'));
    if (!isToken(access)) return refused('"access_token" is missing or not a token.');
    if (!isToken(refresh)) return refused('"refresh_token" is missing or not a token.');
    if (!Number.isSafeInteger(expiresIn) || expiresIn <= 0)
      return refused('"expires_in" is not a positive whole number of seconds.');
    if ((fields.get('token_type') ?? '').toLowerCase() !== 'bearer') return refused('"token_type" is not "bearer".');
    const state = fields.get('state');
    const route: FragmentRoute = {
      type: 'external_login',
      access_token: access,
      refresh_token: refresh,
      expires_in: expiresIn,
      token_type: 'bearer',
    };
    return state === undefined ? route : { ...route, state };
  }

  const token = fields.get(key!);
  if (!isToken(token)) return refused(`"${key}" is empty or not a token.`);
  return { type: LINK_KEYS[key as keyof typeof LINK_KEYS], token };
}

/**
 * The URL with GoTrue's part of the fragment removed (path, query and any fragment of the page's
 * own kept), or null when there is nothing of ours to remove.
 */
export function withoutFragment(href: string): string | null {
  const hashAt = href.indexOf('#');
  if (hashAt < 0) return null;
  const hash = href.slice(hashAt);
  if (!isOwnFragment(hash)) return null;
  const { kept } = splitHash(hash);
  return href.slice(0, hashAt) + (kept ? `#${kept}` : '');
}

/**
 * Removes GoTrue's fragment through `replace` (normally `history.replaceState`), so no token stays
 * in the address bar or the history, and no history entry is added (setting `location.hash = ""`,
 * as netlify-identity-widget does, adds one). Returns whether it replaced.
 */
export function clearFragment(href: string, replace: (url: string) => void): boolean {
  const url = withoutFragment(href);
  if (url === null) return false;
  replace(url);
  return true;
}

/**
 * Reads the route of the current page and removes its fragment: the one call a page makes at
 * startup. `location` and `history` default to the browser's, read only when called.
 */
export function takeFragmentRoute(
  location: Pick<Location, 'href'> = globalThis.location,
  history: Pick<History, 'replaceState' | 'state'> = globalThis.history,
): FragmentRoute {
  const { href } = location;
  const url = withoutFragment(href);
  if (url === null) return { type: 'none' };
  history.replaceState(history.state, '', url);
  return parseFragment(href.slice(href.indexOf('#')));
}
