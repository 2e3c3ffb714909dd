/**
 * Loading a function's module: TypeScript and JavaScript alike through tsx's `tsImport`, so no
 * build step is needed. A module is loaded again when its file's modification time changes, so
 * an edit takes effect on the next request.
 */
import { statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

type Module = Record<string, unknown>;

const cache = new Map<string, { mtimeMs: number; module: Promise<Module> }>();

async function tsImport(file: string): Promise<Module> {
  let api: { tsImport(specifier: string, parent: string): Promise<Module> };
  try {
    api = (await import('tsx/esm/api')) as typeof api;
  } catch {
    throw new Error('running functions needs the "tsx" package: npm install --save-dev tsx');
  }
  // Every call gets its own module namespace, so the files it imports are read afresh too.
  return api.tsImport(pathToFileURL(file).href, import.meta.url);
}

/** The module of `file`, loaded afresh when the file changed since the last load. */
export function loadFunctionModule(file: string): Promise<Module> {
  const { mtimeMs } = statSync(file);
  const cached = cache.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.module;
  const module = tsImport(file);
  cache.set(file, { mtimeMs, module });
  module.catch(() => {
    // A file that failed to load is tried again on the next request, not served from the cache.
    if (cache.get(file)?.module === module) cache.delete(file);
  });
  return module;
}

export type FunctionForm =
  | { kind: 'lambda'; handler: (event: unknown, context: unknown, callback?: unknown) => unknown }
  | { kind: 'modern'; handler: (request: Request, context: unknown) => unknown; config: Record<string, unknown> };

/**
 * Which of Netlify's two forms a module has: `handler` (Lambda-compatible, also as a CommonJS
 * `exports.handler`) or a default export function taking `(Request, Context)`.
 */
export function functionForm(module: Module): FunctionForm | null {
  // A file Node reads as CommonJS (a `.ts` outside a `"type": "module"` package) arrives with its
  // exports object as the default export.
  const cjs = module.default && typeof module.default === 'object' ? (module.default as Module) : undefined;
  const fallback = (cjs ? cjs.default : module.default) as ((...args: unknown[]) => unknown) | undefined;
  const handler = module.handler ?? cjs?.handler;
  if (typeof handler === 'function') return { kind: 'lambda', handler: handler as never };
  if (typeof fallback === 'function') {
    const exported = module.config ?? cjs?.config;
    const config = (exported && typeof exported === 'object' ? exported : {}) as Record<string, unknown>;
    return { kind: 'modern', handler: fallback as never, config };
  }
  return null;
}
