/**
 * Which origins may receive the user's access token from `authedFetch`: the page's own, the
 * GoTrue API's, and those the caller names. A JWT sent elsewhere lets its receiver act as the user
 * until it expires, so a URL that reaches another origin by mistake (a typo, a URL taken from
 * user input or a query string) must fail loudly rather than leak it.
 */

export interface AuthedFetchOptions {
  /**
   * Origins besides the page's and the API's that may receive the token, written as origins:
   * `https://api.example.com` (scheme, host and port when not the default; no path).
   */
  allowOrigins?: readonly string[];
}

/** The page's URL when there is a page; Node and workers without `location` have none. */
function pageHref(): string | undefined {
  return (globalThis as { location?: { href?: string } }).location?.href;
}

/** The origin of `url` read against the page, or null when it has none (relative without a page, `data:`, `file:`). */
function originOf(url: string, base: string | undefined): string | null {
  try {
    const { origin } = new URL(url, base);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** An entry of `allowOrigins` as an origin; a TypeError when it is a host alone or a URL with a path. */
function allowedOrigin(entry: string): string {
  let url: URL | undefined;
  try {
    url = new URL(entry);
  } catch {
    // reported below
  }
  if (!url || url.origin === 'null' || url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new TypeError(
      `authedFetch: allowOrigins entry ${JSON.stringify(entry)} is not an origin; write it as scheme and host, e.g. "https://api.example.com".`,
    );
  }
  return url.origin;
}

/**
 * Throws unless a request to `input` may carry the token: a DOMException named `SecurityError`
 * (the name the platform gives its own cross-origin refusals) whose message names the origin and
 * how to allow it. Called before anything is sent, so a refused request makes none at all.
 */
export function assertTokenOrigin(
  input: RequestInfo | URL,
  apiUrl: string | undefined,
  options: AuthedFetchOptions = {},
): void {
  const base = pageHref();
  const allowed = new Set((options.allowOrigins ?? []).map(allowedOrigin));
  const url = input instanceof Request ? input.url : String(input);
  const target = originOf(url, base);
  const page = base === undefined ? null : originOf(base, undefined);
  const api = apiUrl === undefined ? null : originOf(apiUrl, base);
  if (target !== null && (target === page || target === api || allowed.has(target))) return;
  const where = target ?? JSON.stringify(url);
  throw new DOMException(
    `authedFetch: the user's token is sent only to this page's origin and the GoTrue API's; ${where} is neither. ` +
      `To send it there, name the origin: authedFetch(url, init, { allowOrigins: ['${target ?? 'https://…'}'] }) ` +
      `or <gotrue-auth fetch-origins="${target ?? 'https://…'}">.`,
    'SecurityError',
  );
}
