/**
 * The two published packages as a site gets them: both are built and packed (`npm pack`), then
 * installed into an empty folder outside the repository, the widget first on its own (as a site
 * that only needs the element), then the server and Vite as development dependencies. From there:
 * Node imports the widget, its types resolve under `bundler` and `node16`, a Vite app that imports
 * it builds and logs a user in, in Chromium, against `npx gotrue-auth-server` started from that
 * folder, and the widget's tarball and dependency tree hold nothing of the server.
 *
 * npm installs with `--prefer-offline`: what `npm ci` put in npm's cache is used, and only what is
 * missing there comes from the registry.
 */
import { builtPackages } from '../built-packages.js';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { launchBrowser } from '../e2e/browser.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
const WIDGET_DEPENDENCIES = ['@lit/context', 'jwt-decode', 'lit'];
const SERVER_ONLY =
  /^(@electric-sql\/pglite|@node-rs\/bcrypt.*|bcrypt.*|jose|find-my-way|tsx|esbuild|@esbuild\/.*|vite)$/;

interface Packed {
  filename: string;
  files: Array<{ path: string }>;
  size: number;
  unpackedSize: number;
}

let stage: string;
let site: string;
let widget: Packed;
let server: Packed;
let widgetInstalledBytes: number;
let widgetTree: string[];
/** The server package and the dependencies only it brings, in the site with everything installed. */
let serverInstalledBytes: number;
/** The CLI boots (its in-memory database takes seconds) while the other tests run. */
let cliStarting: Promise<{ url: string; child: ChildProcess }> | undefined;

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function sizeOf(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

function safeIsDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The folders of `name` and everything it depends on, as Node finds them from the site: a nested
 * node_modules first, then the site's.
 */
function closure(
  modules: string,
  name: string,
  found = new Map<string, string>(),
  from = modules,
): Map<string, string> {
  const dir = [join(from, 'node_modules', name), join(modules, name)].find(safeIsDir);
  if (!dir || found.has(dir)) return found;
  found.set(dir, name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
  };
  for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }))
    closure(modules, dependency, found, dir);
  return found;
}

async function npm(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('npm', args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

async function pack(name: string): Promise<Packed> {
  const folder = join(builtPackages(), name);
  // The build has run; `prepack` would build again.
  const output = await npm(folder, ['pack', '--ignore-scripts', '--json', '--pack-destination', stage]);
  const [packed] = JSON.parse(output) as Packed[];
  assert.ok(packed, output);
  return packed;
}

before(async () => {
  stage = mkdtempSync(join(tmpdir(), 'gotrue-auth-pack-'));
  builtPackages();
  [widget, server] = await Promise.all([pack('gotrue-auth'), pack('gotrue-auth-server')]);

  site = join(stage, 'site');
  mkdirSync(site);
  writeFileSync(join(site, 'package.json'), JSON.stringify({ name: 'site', private: true, type: 'module' }));
  await npm(site, ['install', ...NPM_FLAGS, join(stage, widget.filename)]);
  widgetInstalledBytes = sizeOf(join(site, 'node_modules'));
  widgetTree = [...closure(join(site, 'node_modules'), 'gotrue-auth').values()].sort();

  // What a Vite site adds for development, at the versions this repository is tested with.
  const version = (name: string) =>
    (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  await npm(site, [
    'install',
    ...NPM_FLAGS,
    '--save-dev',
    join(stage, server.filename),
    `vite@${version('vite')}`,
    `@types/node@${version('@types/node')}`,
  ]);
  const modules = join(site, 'node_modules');
  const shared = new Set([...closure(modules, 'gotrue-auth').keys(), ...closure(modules, 'vite').keys()]);
  serverInstalledBytes = [...closure(modules, 'gotrue-auth-server').keys()]
    .filter((dir) => !shared.has(dir))
    .reduce((sum, dir) => sum + sizeOf(dir), 0);
  cliStarting = startCli();
  cliStarting.catch(() => {}); // reported by the test that awaits it
});

after(async () => {
  const cli = await cliStarting?.catch(() => undefined);
  if (cli) await stopCli(cli.child);
  if (stage) rmSync(stage, { recursive: true, force: true });
});

test('importing gotrue-auth and gotrue-auth/core in Node does not throw', async () => {
  const script = [
    "const widget = await import('gotrue-auth');",
    "const core = await import('gotrue-auth/core');",
    'console.log(typeof widget.GotrueAuth, typeof core.GoTrueClient);',
  ].join('\n');
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: site });
  assert.equal(stdout.trim(), 'function function');
});

test('the widget package holds no server code, and depends on Lit and jwt-decode only', () => {
  console.log(
    `gotrue-auth: tarball ${mb(widget.size)}, unpacked ${mb(widget.unpackedSize)}, ` +
      `installed with its dependencies ${mb(widgetInstalledBytes)} (${widgetTree.length} packages); ` +
      `gotrue-auth-server: tarball ${mb(server.size)}, installed with the dependencies only it brings ${mb(serverInstalledBytes)}`,
  );
  const manifest = JSON.parse(readFileSync(join(site, 'node_modules/gotrue-auth/package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  assert.deepEqual(Object.keys(manifest.dependencies).sort(), WIDGET_DEPENDENCIES);

  const serverOnly = widgetTree.filter((name) => SERVER_ONLY.test(name));
  assert.deepEqual(serverOnly, [], `server dependencies in the widget's tree: ${serverOnly.join(', ')}`);

  const files = widget.files.map((file) => file.path);
  assert.ok(files.includes('dist/gotrue-auth.js'), 'the script-tag file is in the package');
  assert.ok(files.includes('custom-elements.json'));
  const serverFiles = files.filter((path) => /(^|\/)(server|cli|vite)(\/|\.|$)|^bin\//.test(path));
  assert.deepEqual(serverFiles, [], 'no server files in the widget tarball');
  const code = files
    .filter((path) => path.endsWith('.js'))
    .map((path) => readFileSync(join(site, 'node_modules/gotrue-auth', path), 'utf8'))
    .join('\n');
  assert.doesNotMatch(code, /from\s*["'](node:|@electric-sql|@node-rs|jose|find-my-way|tsx)/, 'no server imports');
});

test('the server package takes the wire contract from the installed gotrue-auth, not a copy', () => {
  const files = server.files.map((file) => file.path);
  assert.ok(files.includes('bin/gotrue-auth-server.js'));
  assert.ok(
    !files.some((path) => path.startsWith('dist/core') || path.startsWith('dist/components')),
    'no widget copy',
  );
  const modules = join(site, 'node_modules/gotrue-auth-server');
  const code = files
    .filter((path) => path.endsWith('.js') && path.startsWith('dist/'))
    .map((path) => readFileSync(join(modules, path), 'utf8'))
    .join('\n');
  assert.match(code, /from "gotrue-auth\/core"/);
  assert.ok(!safeIsDir(join(modules, 'node_modules/gotrue-auth')), 'one gotrue-auth in the site, shared');
});

test('types resolve from the installed packages under moduleResolution bundler and node16', async () => {
  writeFileSync(
    join(site, 'types.ts'),
    [
      "import { GotrueAuth } from 'gotrue-auth';",
      "import { GoTrueClient, type WireUser } from 'gotrue-auth/core';",
      "import { startServer } from 'gotrue-auth-server';",
      "import { gotrueVitePlugin } from 'gotrue-auth-server/vite';",
      '',
      "const element: GotrueAuth = document.createElement('gotrue-auth');",
      "element.addEventListener('gotrue:login', (event) => console.log(event.detail.method));",
      'export const user: WireUser | null = null;',
      'export const client = GoTrueClient;',
      '',
      '// Each line below is a type error only if the declarations it goes through were found: an',
      '// import that did not resolve would make them `any`, and the unused @ts-expect-error fail.',
      '// @ts-expect-error: not a view',
      "void element.open('nowhere');",
      "element.addEventListener('gotrue:logout', (event) => {",
      '  // @ts-expect-error: the detail of gotrue:logout has a reason, not a method',
      '  console.log(event.detail.method);',
      '});',
      '// @ts-expect-error: a port is a number',
      "void startServer({ port: '9999' });",
      '// @ts-expect-error: the mount path is a string',
      'gotrueVitePlugin({ path: 1 });',
      '',
    ].join('\n'),
  );
  const tsc = join(ROOT, 'node_modules/.bin/tsc');
  // skipLibCheck, as most projects set it: checking all of @types/node and Vite's declarations
  // costs most of a minute here, and the lines above already fail on a declaration that does not resolve.
  const common = ['--noEmit', '--strict', '--skipLibCheck', '--target', 'es2022', '--lib', 'es2022,dom,dom.iterable'];
  const settings = [
    ['--module', 'esnext', '--moduleResolution', 'bundler'],
    ['--module', 'node16', '--moduleResolution', 'node16'],
  ];
  await Promise.all(
    settings.map(async (setting) => {
      const result = await run(tsc, [...common, ...setting, 'types.ts'], { cwd: site }).catch(
        (error: { stdout: string }) => ({ stdout: error.stdout, failed: true }),
      );
      assert.ok(!('failed' in result), `${setting.join(' ')}:\n${result.stdout}`);
    }),
  );
});

/** Starts `npx gotrue-auth-server` in the site folder and resolves with its URL once it answers. */
function startCli(): Promise<{ url: string; child: ChildProcess }> {
  // Users are confirmed at signup, so the test can sign one up through the API and log in.
  const child = spawn('npx', ['gotrue-auth-server', '--port', '0', '--memory', '--quiet'], {
    cwd: site,
    env: { ...process.env, GOTRUE_MAILER_AUTOCONFIRM: 'true' },
    // Its own process group: stopping it stops npx and the server below it.
    detached: true,
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GoTrue API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) resolve({ url: match[1], child });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`gotrue-auth-server exited (${code}) before listening:\n${output}`)));
  });
}

function stopCli(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid, 'SIGTERM');
  return exited;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
};

/** The built site as static files on 127.0.0.1. */
async function serveStatic(dir: string): Promise<Server> {
  const http = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const file = join(dir, normalize(path.endsWith('/') ? `${path}index.html` : path));
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return http;
}

test('a Vite app importing gotrue-auth builds, and logs in against npx gotrue-auth-server', async (t) => {
  assert.ok(cliStarting);
  const cli = await cliStarting;
  const app = join(site, 'app');
  mkdirSync(app);
  writeFileSync(
    join(app, 'index.html'),
    `<!doctype html><html lang="en"><body>
<button id="login">Log in</button><p id="status">logged out</p>
<gotrue-auth api-url="${cli.url}"></gotrue-auth>
<script type="module" src="./main.js"></script>
</body></html>`,
  );
  writeFileSync(
    join(app, 'main.js'),
    [
      "import 'gotrue-auth';",
      "const auth = document.querySelector('gotrue-auth');",
      "document.querySelector('#login').addEventListener('click', () => auth.open('login'));",
      "auth.addEventListener('gotrue:login', (event) => {",
      "  document.querySelector('#status').textContent = `logged in as ${event.detail.user.email}`;",
      '});',
      '',
    ].join('\n'),
  );
  await run(join(site, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: app });

  const signup = await fetch(`${cli.url}/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ada@example.com', password: 'correct horse' }),
  });
  assert.equal(signup.status, 200, await signup.text());

  const http = await serveStatic(join(app, 'dist'));
  t.after(() => new Promise<void>((resolve) => http.close(() => resolve())));
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const page = await browser.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`http://127.0.0.1:${(http.address() as AddressInfo).port}/`);
  await page.locator('#login').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Email').fill('ada@example.com');
  await dialog.getByLabel('Password', { exact: true }).fill('correct horse');
  await dialog.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.getByText('logged in as ada@example.com').waitFor();
});
