/**
 * The `redirect` attribute: only a same-origin path is followed after login. Anything else
 * (another origin, `//evil.example`, `javascript:`, `/\evil`) is ignored, so the attribute cannot
 * be turned into an open redirect or a script URL.
 */
export function sameOriginPath(value: string | null | undefined, origin: string): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  try {
    const url = new URL(value, origin);
    // `/.//evil.example` resolves to the path `//evil.example`, which `location.assign` would read
    // as another host: a path handed on never starts with two slashes.
    return url.origin === origin ? url.pathname.replace(/^\/+/, '/') + url.search + url.hash : null;
  } catch {
    return null;
  }
}
