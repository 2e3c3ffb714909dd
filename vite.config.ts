/**
 * `npm run dev`: the demo (index.html, demo/) with the local GoTrue server mounted on the same
 * origin at /.netlify/identity, where Netlify serves Identity, so the element needs no
 * configuration and email links in the outbox come back to this page.
 *
 * netlify/functions/* run at /.netlify/functions/* through the local server's functions runtime
 * (identity-signup grants the `member` role; docs/functions.md).
 * GOTRUE_AUTH_DATA_DIR picks where the local server keeps its users (default .gotrue/, ignored
 * by git); tests point it at a temporary directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { defineConfig, type Plugin, type ViteDevServer } from 'vite';
import { gotrueVitePlugin } from './src/server/vite-plugin.js';

const IDENTITY_PATH = '/.netlify/identity';

/** Prints the outbox address next to Vite's own URLs, so the first mail is one click away. */
function outboxUrl(): Plugin {
  return {
    name: 'gotrue-auth:outbox-url',
    apply: 'serve',
    configureServer(server: ViteDevServer) {
      const printUrls = server.printUrls.bind(server);
      server.printUrls = () => {
        printUrls();
        const local = server.resolvedUrls?.local[0];
        if (local) server.config.logger.info(`  ➜  Outbox:  ${new URL(`${IDENTITY_PATH}/_outbox`, local).href}`);
      };
    },
  };
}

/** Pages without an icon link (the outbox) ask for /favicon.ico: answer with the demo's icon. */
function favicon(): Plugin {
  return {
    name: 'gotrue-auth:favicon',
    apply: 'serve',
    configureServer(server: ViteDevServer) {
      server.middlewares.use('/favicon.ico', (_req, res) => {
        res.writeHead(302, { location: '/demo/favicon.svg' }).end();
      });
    },
  };
}

/**
 * What the demo turns on in the local GoTrue unless the environment or .env sets it:
 * "Continue with GitHub" through the server's local fake provider (no client id = fake consent
 * page, no network).
 */
const DEMO_IDENTITY_DEFAULTS: Record<string, string> = {
  GOTRUE_EXTERNAL_GITHUB_ENABLED: 'true',
};

// The local server reads .env too, below the settings passed here: leave alone what a user set there.
const dotEnv = existsSync('.env') ? readFileSync('.env', 'utf8') : '';
const setByUser = (name: string) =>
  process.env[name] !== undefined || new RegExp(`^\\s*${name}\\s*=`, 'm').test(dotEnv);

const identityEnv = Object.fromEntries(Object.entries(DEMO_IDENTITY_DEFAULTS).filter(([name]) => !setByUser(name)));

export default defineConfig({
  appType: 'mpa',
  // src/gotrue-auth.iife.ts sets window.GoTrueAuth itself in dev, as the built file's wrapper does.
  define: { __GOTRUE_AUTH_DEV__: 'true' },
  plugins: [
    // Also serves netlify/functions at /.netlify/functions and calls its identity event functions.
    gotrueVitePlugin({ dataDir: process.env.GOTRUE_AUTH_DATA_DIR ?? '.gotrue', env: identityEnv }),
    outboxUrl(),
    favicon(),
  ],
});
