// Browser tests: every test/**/*.test.ts except the Node-only server suites.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS } from './scripts/find-chrome.mjs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

/**
 * Local GoTrue instances the component tests talk to, one per configuration, mounted on the
 * test server's own origin (as on Netlify). Each is created on its first request, so a
 * run that never touches one pays nothing for it.
 */
const IDENTITY_MOUNTS = {
  '/.netlify/identity': {},
  '/identity-autoconfirm': { GOTRUE_MAILER_AUTOCONFIRM: 'true' },
  '/identity-nosignup': { GOTRUE_DISABLE_SIGNUP: 'true' },
  '/identity-providers': {
    GOTRUE_EXTERNAL_GITHUB_ENABLED: 'true',
    GOTRUE_EXTERNAL_GITHUB_CLIENT_ID: 'local-github',
    GOTRUE_EXTERNAL_GITHUB_SECRET: 'local-github-secret',
    GOTRUE_EXTERNAL_GOOGLE_ENABLED: 'true',
    GOTRUE_EXTERNAL_GOOGLE_CLIENT_ID: 'local-google',
    GOTRUE_EXTERNAL_GOOGLE_SECRET: 'local-google-secret',
  },
};

/** Local only: lets a test invite users the way a site owner would. */
const OPERATOR_TOKEN = 'local-test-operator-token';

const identityInstances = new Map();

function identityInstance(prefix) {
  if (!identityInstances.has(prefix)) {
    // IDENTITY_SERVER_MODULE: another module exporting `createGoTrue`, to run the element tests
    // against a different GoTrue-compatible implementation.
    const created = tsImport(process.env.IDENTITY_SERVER_MODULE ?? './src/server/index.ts', import.meta.url).then(
      ({ createGoTrue }) =>
        createGoTrue({
          quiet: true,
          env: {
            GOTRUE_SITE_URL: 'http://localhost',
            GOTRUE_OPERATOR_TOKEN: OPERATOR_TOKEN,
            ...IDENTITY_MOUNTS[prefix],
          },
        }),
    );
    // A failed start is reported on each request (503), and not retried within this run.
    created.catch(() => {});
    identityInstances.set(prefix, created);
  }
  return identityInstances.get(prefix);
}

/** Koa middleware handing `<prefix>/*` to a GoTrue instance as a plain node (req, res) handler. */
async function identityMiddleware(ctx, next) {
  const prefix = Object.keys(IDENTITY_MOUNTS).find(
    (candidate) => ctx.url === candidate || ctx.url.startsWith(`${candidate}/`) || ctx.url.startsWith(`${candidate}?`),
  );
  if (!prefix) return next();
  let instance;
  try {
    instance = await identityInstance(prefix);
  } catch (error) {
    ctx.status = 503;
    ctx.body = `local GoTrue for ${prefix} failed to start: ${error.message}`;
    return;
  }
  // Test-only: the operator token, so a test can send an invite as the site owner would.
  if (ctx.url === `${prefix}/__operator-token`) {
    ctx.body = OPERATOR_TOKEN;
    return;
  }
  ctx.respond = false;
  ctx.req.url = ctx.url.slice(prefix.length) || '/';
  await new Promise((resolve) => {
    ctx.res.once('close', resolve);
    ctx.res.once('finish', resolve);
    instance.handle(ctx.req, ctx.res, () => {
      ctx.res.statusCode = 404;
      ctx.res.end('404 page not found');
    });
  });
}

const identityServers = {
  name: 'local-gotrue',
  // The first in-memory database of a process compiles Postgres's WebAssembly: 10 to 25 s on a
  // loaded 2-core machine, against under a second for each later one. Paid here, before the
  // first test's clock starts, not by whichever test happens to make the first request.
  async serverStart() {
    await identityInstance('/.netlify/identity').catch(() => {});
  },
  async serverStop() {
    const instances = await Promise.allSettled(identityInstances.values());
    await Promise.all(
      instances.filter((result) => result.status === 'fulfilled').map((result) => result.value.close()),
    );
  },
};

/** `import text from './file.css?inline'` gives the stylesheet's text, as it does under Vite. */
const cssInline = {
  name: 'css-inline',
  async serve(context) {
    if (!context.path.endsWith('.css') || !context.URL.searchParams.has('inline')) return undefined;
    const text = await readFile(fileURLToPath(new URL(`.${context.path}`, import.meta.url)), 'utf8');
    return { body: `export default ${JSON.stringify(text)};`, type: 'js' };
  },
};

const executablePath = process.env.CHROME_PATH;

/**
 * The test server's port: WTR_PORT when set, else one the OS hands out. (web-test-runner's own
 * default counts up from 8000, so two runs started together on one machine could pick the same.)
 */
async function testServerPort() {
  if (process.env.WTR_PORT) return Number(process.env.WTR_PORT);
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export default {
  files: ['test/**/*.test.ts', '!test/server/**', '!test/functions/**', '!test/e2e/**', '!test/node/**'],
  port: await testServerPort(),
  nodeResolve: { exportConditions: ['development', 'browser'] },
  // One page at a time: pages share an origin, so a login in one test file would reach the
  // others through localStorage and the cross-tab sync, exactly as it does between real tabs.
  concurrency: 1,
  // A ceiling, not a speed test: the element tests start local GoTrue instances on a busy machine.
  testFramework: { config: { timeout: 20000 } },
  middleware: [identityMiddleware],
  plugins: [
    identityServers,
    cssInline,
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: CHROMIUM_ARGS,
      },
    }),
  ],
  filterBrowserLogs: ({ args }) => !String(args[0] ?? '').includes('Lit is in dev mode'),
};
