/**
 * Vite dev: mounts the local GoTrue at `/.netlify/identity` on the dev server's own origin, as
 * Netlify does (gotrue-api.md §1.1), with SITE_URL defaulting to the dev server's URL so email
 * links in the outbox (`/.netlify/identity/_outbox`) come back to the page.
 */
import type { Plugin, ViteDevServer } from 'vite';
import { createGoTrue, type GoTrue, type GoTrueOptions } from './app.js';

export interface GoTrueVitePluginOptions extends GoTrueOptions {
  /** Mount path, default `/.netlify/identity`. */
  path?: string;
}

export function gotrueVitePlugin(options: GoTrueVitePluginOptions = {}): Plugin {
  const path = options.path ?? '/.netlify/identity';
  let gotrue: Promise<GoTrue> | undefined;
  return {
    name: 'gotrue-auth:local-identity',
    apply: 'serve',
    configureServer(server: ViteDevServer) {
      const start = (siteUrl: string) => {
        gotrue ??= createGoTrue({
          dataDir: '.gotrue',
          envFile: '.env',
          quiet: true,
          ...options,
          env: { GOTRUE_SITE_URL: siteUrl, ...options.env },
        });
        return gotrue;
      };
      server.httpServer?.once('listening', () => {
        const local = server.resolvedUrls?.local[0];
        if (local) void start(new URL(local).origin).catch((error: Error) => server.config.logger.error(`[gotrue] ${error.message}`));
      });
      server.middlewares.use(path, (req, res, next) => {
        const host = req.headers.host ?? `localhost:${server.config.server.port ?? 5173}`;
        start(`http://${host}`)
          .then((app) => app.handle(req, res, next))
          .catch(next);
      });
      server.httpServer?.once('close', () => {
        void gotrue?.then((app) => app.close());
      });
    },
  };
}
