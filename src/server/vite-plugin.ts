/**
 * Vite dev: mounts the local GoTrue at `/.netlify/identity` on the dev server's own origin, as
 * Netlify does, with SITE_URL defaulting to the dev server's URL so email
 * links in the outbox (`/.netlify/identity/_outbox`) come back to the page.
 */
import { resolve } from 'node:path';
import type { Plugin, ViteDevServer } from 'vite';
import { createGoTrue, type GoTrue, type GoTrueOptions } from './app.js';
import { readDotEnv } from './config.js';
import { FUNCTIONS_PATH, type FunctionsOptions } from './functions/runtime.js';

export interface GoTrueVitePluginOptions extends Omit<GoTrueOptions, 'functions'> {
  /** Mount path, default `/.netlify/identity`. */
  path?: string;
  /**
   * The functions folder served at `/.netlify/functions/<name>` (default `netlify/functions`
   * under Vite's root), or `false` for none.
   */
  functions?: string | FunctionsOptions | false;
}

export function gotrueVitePlugin(options: GoTrueVitePluginOptions = {}): Plugin {
  const path = options.path ?? '/.netlify/identity';
  const envFile = options.envFile ?? '.env';
  let gotrue: Promise<GoTrue> | undefined;

  let root = process.cwd();

  function functionsOption(): FunctionsOptions | undefined {
    if (options.functions === false) return undefined;
    const given = typeof options.functions === 'string' ? { dir: options.functions } : (options.functions ?? {});
    return {
      env: readDotEnv(envFile),
      ...given,
      dir: resolve(root, given.dir ?? 'netlify/functions'),
      identityPath: path,
    };
  }

  function start(devUrl: string): Promise<GoTrue> {
    const configured =
      options.env?.GOTRUE_SITE_URL || process.env.GOTRUE_SITE_URL || readDotEnv(envFile).GOTRUE_SITE_URL;
    gotrue ??= createGoTrue({
      dataDir: '.gotrue',
      quiet: true,
      ...options,
      envFile,
      env: { ...(configured ? {} : { GOTRUE_SITE_URL: devUrl }), ...options.env },
      functions: functionsOption(),
    }).then((app) => {
      app.announce(`${devUrl}${path}`); // admin commands on the same folder go through this server
      return app;
    });
    return gotrue;
  }

  return {
    name: 'gotrue-auth:local-identity',
    apply: 'serve',
    configResolved(config) {
      root = config.root;
    },
    configureServer(server: ViteDevServer) {
      server.httpServer?.once('listening', () => {
        const local = server.resolvedUrls?.local[0];
        if (local)
          start(new URL(local).origin).catch((error: Error) => server.config.logger.error(`[gotrue] ${error.message}`));
      });
      server.middlewares.use(path, (req, res, next) => {
        // Before 'listening' (or without an HTTP server) the request's own host is the site.
        start(`http://${req.headers.host ?? 'localhost:5173'}`)
          .then((app) => app.handle(req, res, next))
          .catch(next);
      });
      if (options.functions !== false) {
        server.middlewares.use(FUNCTIONS_PATH, (req, res, next) => {
          start(`http://${req.headers.host ?? 'localhost:5173'}`)
            .then((app) => (app.functions ? app.functions.handle(req, res) : next()))
            .catch(next);
        });
        // Modern functions with a `config.path` answer there, before Vite's own files.
        server.middlewares.use((req, res, next) => {
          start(`http://${req.headers.host ?? 'localhost:5173'}`)
            .then((app) => (app.functions ? app.functions.handleRoute(req, res, next) : next()))
            .catch(next);
        });
      }
      server.httpServer?.once('close', () => {
        gotrue
          ?.then((app) => app.close())
          .catch((error: Error) => server.config.logger.error(`[gotrue] ${error.message}`));
      });
    },
  };
}
