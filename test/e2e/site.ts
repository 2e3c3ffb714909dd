/**
 * A production-like site for end-to-end tests: the demo pages served as static files with the
 * built script-tag bundle in place of the dev entry, the local GoTrue mounted on the same origin
 * at /.netlify/identity (where Netlify serves it), the site's functions at /.netlify/functions
 * when a test brings some, any response headers a test wants (a CSP), and any extra pages a test
 * brings (each loading the bundle with its own script tag).
 */
import { scriptTagFiles } from '../built-packages.js';
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGoTrue } from '../../src/server/index.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const IDENTITY_PATH = '/.netlify/identity';
const FUNCTIONS_PATH = '/.netlify/functions';
const DEV_ENTRY = /<script type="module" src="\/src\/gotrue-auth\.iife\.ts"><\/script>/;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** The script-tag files (from this run's build) in a fresh temporary directory, as `npm run build` writes them. */
export const buildScriptTag = scriptTagFiles;

/** The demo page as a site would ship it: one classic `<script src>` instead of the dev module. */
function productionHtml(file: string): string {
  const html = readFileSync(join(ROOT, file), 'utf8');
  if (!DEV_ENTRY.test(html)) throw new Error(`${file} no longer loads /src/gotrue-auth.iife.ts`);
  return html.replace(DEV_ENTRY, '<script src="/gotrue-auth.js"></script>');
}

export interface Site {
  url: string;
  operatorToken: string;
  close(): Promise<void>;
}

export async function startSite(options: {
  bundleDir: string;
  headers?: Record<string, string>;
  env?: Record<string, string>;
  /** Extra HTML pages by path, e.g. `{ '/e2e.html': '<!doctype html>…' }`. */
  pages?: Record<string, string>;
  /** A functions folder, served at /.netlify/functions with its identity event functions called. */
  functions?: string;
}): Promise<Site> {
  let identity: Awaited<ReturnType<typeof createGoTrue>> | undefined = undefined;

  function serveFile(req: IncomingMessage, res: ServerResponse): void {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://site').pathname);
    let body: string | Buffer;
    try {
      if (options.pages?.[path] !== undefined) body = options.pages[path];
      else if (path === '/' || path === '/index.html') body = productionHtml('index.html');
      else if (/^\/demo\/[\w-]+\.html$/.test(path)) body = productionHtml(path.slice(1));
      // The script-tag file, its source map and its language files (gotrue-auth.<tag>.json).
      else if (/^\/gotrue-auth(\.js|\.js\.map|\.[\w-]+\.json)$/.test(path))
        body = readFileSync(join(options.bundleDir, path));
      else if (/^\/demo\/[\w-]+\.(js|css|svg)$/.test(path)) body = readFileSync(join(ROOT, normalize(path)));
      else throw new Error('not found');
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const type = TYPES[extname(path)] ?? TYPES['.html']!;
    res.writeHead(200, { ...options.headers, 'content-type': type, 'cache-control': 'no-store' }).end(body);
  }

  const server = createServer((req, res) => {
    // The runtime reads the whole path: a function's URL and the identity URL it hands out.
    if (identity && options.functions && (req.url === FUNCTIONS_PATH || req.url?.startsWith(`${FUNCTIONS_PATH}/`))) {
      identity.handle(req, res, () => res.writeHead(404).end('404 page not found'));
      return;
    }
    if (
      identity &&
      (req.url === IDENTITY_PATH ||
        req.url?.startsWith(`${IDENTITY_PATH}/`) ||
        req.url?.startsWith(`${IDENTITY_PATH}?`))
    ) {
      req.url = req.url.slice(IDENTITY_PATH.length) || '/';
      identity.handle(req, res, () => res.writeHead(404).end('404 page not found'));
      return;
    }
    serveFile(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    // basePath: links the server builds for itself (the provider stand-in's pages) keep the mount path.
    identity = await createGoTrue({
      quiet: true,
      basePath: IDENTITY_PATH,
      env: { GOTRUE_SITE_URL: url, ...options.env },
      ...(options.functions ? { functions: { dir: options.functions, identityPath: IDENTITY_PATH } } : {}),
    });
  } catch (error) {
    // A server left listening would keep the test process from ever ending.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }

  return {
    url,
    operatorToken: identity.operatorToken,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await identity?.close();
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
