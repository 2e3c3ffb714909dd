/**
 * Routes of modern functions: `export const config = { path: '/api/items/:id', method: 'GET' }`
 * serves the function at that path (and no longer at `/.netlify/functions/<name>`), with named
 * segments in `context.params`. Patterns use URLPattern's common forms: `:name` for one segment
 * and `*` for the rest of the path.
 */

export interface RouteConfig {
  path?: string | string[];
  method?: string | string[];
}

/** A pattern as a regular expression, and the param name of each of its groups (`*` are numbered). */
function compile(pattern: string): { regex: RegExp; names: string[] } {
  let source = '';
  const names: string[] = [];
  let wildcards = 0;
  for (const part of pattern.split(/(:[A-Za-z_]\w*|\*)/)) {
    if (part === '*') {
      source += '(.*)';
      names.push(String(wildcards++));
    } else if (part.startsWith(':')) {
      source += '([^/]+)';
      names.push(part.slice(1));
    } else {
      source += part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return { regex: new RegExp(`^${source}/?$`), names };
}

/** The routed paths a function's config declares. */
export function configuredPaths(config: RouteConfig): string[] {
  const { path } = config;
  return (Array.isArray(path) ? path : path ? [path] : []).filter(
    (p): p is string => typeof p === 'string' && p.startsWith('/'),
  );
}

/** The params of `pathname` for a function with `config`, or null when it does not answer there. */
export function matchRoute(config: RouteConfig, method: string, pathname: string): Record<string, string> | null {
  const methods =
    config.method === undefined
      ? []
      : (Array.isArray(config.method) ? config.method : [config.method]).map((m) => m.toUpperCase());
  if (methods.length && !methods.includes(method.toUpperCase())) return null;
  for (const pattern of configuredPaths(config)) {
    const { regex, names } = compile(pattern);
    const match = regex.exec(pathname);
    if (!match) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      params[name] = decodeURIComponent(match[i + 1] ?? '');
    });
    return params;
  }
  return null;
}
