/**
 * The `redirect` attribute: only a same-origin path is followed after login. Anything else
 * (another origin, `//evil.example`, `javascript:`, `/\evil`) is ignored, so the attribute cannot
 * be turned into an open redirect or a script URL.
 */
export function sameOriginPath(value: string | null | undefined, origin: string): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  try {
    const url = new URL(value, origin);
    return url.origin === origin ? url.pathname + url.search + url.hash : null;
  } catch {
    return null;
  }
}
