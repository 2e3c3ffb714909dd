/**
 * Vite dev: mounts the local GoTrue at `/.netlify/identity` on the dev server's own origin, as
 * Netlify does, with SITE_URL defaulting to the dev server's URL so email
 * links in the outbox (`/.netlify/identity/_outbox`) come back to the page.
 */
import type { Plugin, ViteDevServer } from 'vite';
import { createGoTrue, type GoTrue, type GoTrueOptions } from './app.js';
import { readDotEnv } from './config.js';

export interface GoTrueVitePluginOptions extends GoTrueOptions {
  /** Mount path, default `/.netlify/identity`. */
  path?: string;
}

export function gotrueVitePlugin(options: GoTrueVitePluginOptions = {}): Plugin {
  const path = options.path ?? '/.netlify/identity';
  const envFile = options.envFile ?? '.env';
  let gotrue: Promise<GoTrue> | undefined;

  function start(devUrl: string): Promise<GoTrue> {
    const configured = options.env?.GOTRUE_SITE_URL || process.env.GOTRUE_SITE_URL || readDotEnv(envFile).GOTRUE_SITE_URL;
    gotrue ??= createGoTrue({
      dataDir: '.gotrue',
      quiet: true,
      ...options,
      envFile,
      env: { ...(configured ? {} : { GOTRUE_SITE_URL: devUrl }), ...options.env },
    }).then((app) => {
      app.announce(`${devUrl}${path}`); // admin commands on the same folder go through this server
      return app;
    });
    return gotrue;
  }

  return {
    name: 'gotrue-auth:local-identity',
    apply: 'serve',
    configureServer(server: ViteDevServer) {
      server.httpServer?.once('listening', () => {
        const local = server.resolvedUrls?.local[0];
        if (local) start(new URL(local).origin).catch((error: Error) => server.config.logger.error(`[gotrue] ${error.message}`));
      });
      server.middlewares.use(path, (req, res, next) => {
        // Before 'listening' (or without an HTTP server) the request's own host is the site.
        start(`http://${req.headers.host ?? 'localhost:5173'}`)
          .then((app) => app.handle(req, res, next))
          .catch(next);
      });
      server.httpServer?.once('close', () => {
        gotrue?.then((app) => app.close()).catch((error: Error) => server.config.logger.error(`[gotrue] ${error.message}`));
      });
    },
  };
}
