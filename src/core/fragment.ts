/**
 * The URL-fragment router: GoTrue puts email-link tokens (§5) and OAuth results (§6) in the
 * fragment. Pure functions over strings, so nothing here touches `location` at import time.
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
  | { type: 'none' };

/** Longest token accepted; a longer value is hostile or broken, and is not sent to the server. */
export const MAX_TOKEN_LENGTH = 8192;
/** An error description is shown to the user, so it is cut to a readable length. */
export const MAX_DESCRIPTION_LENGTH = 500;
const MAX_ERROR_CODE_LENGTH = 100;

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
 * `#` (§6): `#section#access_token=…`; the last one is GoTrue's.
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
  return value !== undefined && value.length <= MAX_TOKEN_LENGTH && /^[\x21-\x7e]+$/.test(value);
}

/**
 * The fragment's fields when they are ours, `undefined` when not. Repeated keys give null rather
 * than "first wins": a second token appended to a link is either a mistake or an attack, and
 * guessing could verify the wrong one.
 */
function ownedParams(hash: string): Map<string, string> | null | undefined {
  const fields = new Map<string, string>();
  let repeated = false;
  for (const [key, value] of new URLSearchParams(splitHash(hash).candidate)) {
    repeated ||= fields.has(key);
    fields.set(key, value);
  }
  if (!ROUTE_KEYS.some((key) => fields.has(key))) return undefined;
  const state = fields.get('state');
  if (state !== undefined && isImplicitState(state)) return undefined;
  return repeated ? null : fields;
}

/**
 * True when the fragment carries GoTrue fields, valid or not, so it must be removed from the URL.
 * False for other apps' fragments (`#section-2`, `#/route`) and for implicit-flow CMS returns.
 */
export function isOwnFragment(hash: string): boolean {
  return ownedParams(hash) !== undefined;
}

/** The route a `location.hash` asks for; `none` when it is not ours or is malformed. */
export function parseFragment(hash: string): FragmentRoute {
  const fields = ownedParams(hash);
  if (!fields) return { type: 'none' };
  const present = ROUTE_KEYS.filter((key) => fields.has(key));
  if (present.length !== 1) return { type: 'none' };
  const [key] = present;

  if (key === 'error') {
    const error = fields.get('error') ?? '';
    if (!error.trim() || error.length > MAX_ERROR_CODE_LENGTH) return { type: 'none' };
    const description = fields.get('error_description')?.trim().slice(0, MAX_DESCRIPTION_LENGTH);
    return description ? { type: 'oauth_error', error, error_description: description } : { type: 'oauth_error', error };
  }

  if (key === 'access_token') {
    const access = fields.get('access_token');
    const refresh = fields.get('refresh_token');
    const expiresIn = Number(fields.get('expires_in'));
    if (!isToken(access) || !isToken(refresh)) return { type: 'none' };
    if (!Number.isSafeInteger(expiresIn) || expiresIn <= 0) return { type: 'none' };
    if ((fields.get('token_type') ?? '').toLowerCase() !== 'bearer') return { type: 'none' };
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
  if (!isToken(token)) return { type: 'none' };
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
 * in the address bar or the history, and no history entry is added (the reference widget set
 * `location.hash = ""`, which adds one: PRODUCT.md defect 9). Returns whether it replaced.
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
