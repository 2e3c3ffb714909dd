/**
 * `npm run build` as a package user sees it: the script-tag file within its size budget, ES
 * modules that keep lit external and import without side effects in Node, .d.ts files, the
 * element manifest, the server package beside the widget's, and a build that fails loudly when
 * the bundle grows over budget.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });
/** The classic `<script src>` files: everything bundled in, unlike the npm modules. */
const SCRIPT_TAG_FILES = ['gotrue-auth.js', 'netlify-identity.js'];

/** Where --out-dir puts the two packages: <dir>/gotrue-auth and <dir>/gotrue-auth-server. */
let packagesDir: string;
let outDir: string;
let serverDir: string;
let output: string;
let status: number | null;

function runBuild(args: string[]) {
  return spawnSync(process.execPath, ['scripts/build.mjs', ...args], { cwd: ROOT, encoding: 'utf8' });
}

before(() => {
  // Inside the project (not /tmp), so the built modules resolve lit from its node_modules.
  const cache = join(ROOT, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  packagesDir = mkdtempSync(join(cache, 'gotrue-auth-packages-'));
  outDir = join(packagesDir, 'gotrue-auth/dist');
  serverDir = join(packagesDir, 'gotrue-auth-server/dist');
  // Every output is written before the budget is checked, so the tests below look at the files
  // even when the first one fails on size.
  const result = runBuild(['--out-dir', packagesDir]);
  output = result.stdout + result.stderr;
  status = result.status;
  // As npm installs them: the server package finds the gotrue-auth package it depends on (this
  // build's, not whatever the repository's workspace link points at).
  mkdirSync(join(packagesDir, 'gotrue-auth-server/node_modules'), { recursive: true });
  symlinkSync(
    join(packagesDir, 'gotrue-auth'),
    join(packagesDir, 'gotrue-auth-server/node_modules/gotrue-auth'),
    'dir',
  );
});

after(() => removeDir(packagesDir));

test('the build prints raw, gzip and brotli sizes of each output and the budget line', () => {
  assert.match(output, /script-tag bundle: [\d.]+ KB brotli \(budget 24\.0 KB\)( OVER BUDGET)?\n/, output);
  for (const file of ['gotrue-auth.js', 'index.js', 'core.js'])
    assert.match(output, new RegExp(`^${file.replace('.', '\\.')}\\s+[\\d.]+ KB\\s+[\\d.]+ KB\\s+[\\d.]+ KB$`, 'm'));
});

test('the script-tag bundle is within its 24 KB brotli budget, so the build succeeds', () => {
  const match = /script-tag bundle: ([\d.]+) KB brotli/.exec(output);
  assert.ok(match, output);
  assert.ok(Number(match[1]) <= 24, `the script-tag bundle is ${match[1]} KB brotli, over its 24 KB budget`);
  assert.equal(status, 0);
});

test('the script-tag file is one classic script with everything inside', () => {
  const bundle = readFileSync(join(outDir, 'gotrue-auth.js'), 'utf8');
  assert.doesNotMatch(bundle, /^\s*(import|export)\s/m, 'no module syntax: works in a plain <script src>');
  assert.doesNotMatch(bundle, /Lit is in dev mode/, 'the production build of lit');
  assert.match(bundle, /customElements/);
  assert.match(bundle, /gotrue-auth/);
});

test('the script-tag file carries the stylesheet minified, with nesting and light-dark() kept as written', () => {
  const bundle = readFileSync(join(outDir, 'gotrue-auth.js'), 'utf8');
  assert.doesNotMatch(bundle, /Cascade contract/, 'no CSS comments');
  assert.match(bundle, /\.gotrue-auth-title\{grid-column:1;margin:0;font-size:1\.25em;/, 'declarations without spaces');
  assert.match(bundle, /&\[theme=light\]\{color-scheme:light\}/, 'the theme rule is its own nested rule');
  assert.match(bundle, /light-dark\(/);
  assert.doesNotMatch(bundle, /--lightningcss-/, 'no fallbacks for browsers without light-dark()');
});

test('the npm build keeps lit and jwt-decode external and imports cleanly in Node', async () => {
  const modules = readdirSync(outDir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.js') && !SCRIPT_TAG_FILES.includes(file));
  assert.ok(
    modules.every((file) => !file.includes('node_modules')),
    `no dependency copied in: ${modules.join(', ')}`,
  );
  const sources = modules.map((file) => readFileSync(join(outDir, file), 'utf8')).join('\n');
  assert.match(sources, /from "lit(\/[\w./-]+)?"/, 'lit is imported by its package name');
  assert.doesNotMatch(sources, /litHtmlVersions|reactiveElementVersions/, "lit's own code is not inside");
  assert.match(
    readFileSync(join(outDir, 'index.js'), 'utf8'),
    /^defineGotrueAuth\(\);$/m,
    'the package entry registers the tag',
  );
  const classModule = readFileSync(join(outDir, 'components/gotrue-auth.js'), 'utf8');
  assert.doesNotMatch(classModule, /customElements\.define/, 'the class module registers nothing');

  // Importing in Node (SSR, tests) must neither throw nor touch the DOM (an import with side effects breaks SSR and bundlers).
  const packageEntry = await import(pathToFileURL(join(outDir, 'index.js')).href);
  assert.equal(typeof packageEntry.GotrueAuth, 'function');
  const core = await import(pathToFileURL(join(outDir, 'core.js')).href);
  assert.equal(typeof core.GoTrueClient, 'function');
});

test('the netlify-identity-widget drop-in is a classic script within its budget, and its npm subpath imports cleanly in Node', async () => {
  const match = /netlify-identity drop-in: ([\d.]+) KB brotli \(budget ([\d.]+) KB\)\n/.exec(output);
  assert.ok(match, output);
  assert.ok(
    Number(match[1]) <= Number(match[2]),
    `the drop-in is ${match[1]} KB brotli, over its ${match[2]} KB budget`,
  );
  const dropIn = readFileSync(join(outDir, 'netlify-identity.js'), 'utf8');
  assert.doesNotMatch(dropIn, /^\s*(import|export)\s/m, 'no module syntax: works in a plain <script src>');
  assert.match(dropIn, /netlifyIdentity/);
  // `gotrue-auth/netlify-identity`: the object, with no element made and no global set at import.
  const subpath = await import(pathToFileURL(join(outDir, 'compat/index.js')).href);
  assert.equal(typeof subpath.default.init, 'function');
  assert.equal(typeof subpath.default.currentUser, 'function');
  assert.equal('netlifyIdentity' in globalThis, false);
  assert.ok(existsSync(join(outDir, 'types/compat/index.d.ts')));
});

test('the local server is built for its own package (gotrue-auth-server, its /vite and the bin)', async () => {
  const server = await import(pathToFileURL(join(serverDir, 'index.js')).href);
  assert.equal(typeof server.startServer, 'function');
  assert.equal(typeof server.createGoTrue, 'function');
  const vite = await import(pathToFileURL(join(serverDir, 'vite.js')).href);
  assert.equal(typeof vite.gotrueVitePlugin, 'function');
  const cli = await import(pathToFileURL(join(serverDir, 'cli.js')).href);
  assert.equal(typeof cli.main, 'function', 'bin/gotrue-auth-server.js calls main()');
});

test('type declarations and the element manifest are written', () => {
  assert.ok(existsSync(join(outDir, 'types/index.d.ts')));
  assert.ok(existsSync(join(outDir, 'types/core/index.d.ts')));
  assert.ok(!existsSync(join(outDir, 'types/server')), 'the server is not in the widget package');
  assert.ok(existsSync(join(serverDir, 'types/index.d.ts')));
  assert.ok(existsSync(join(packagesDir, 'gotrue-auth/custom-elements.json')));
  const manifest = JSON.parse(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8'));
  const declarations = manifest.modules.flatMap((module: { declarations?: unknown[] }) => module.declarations ?? []);
  const element = declarations.find((declaration: { tagName?: string }) => declaration.tagName === 'gotrue-auth');
  assert.ok(element, 'custom-elements.json declares <gotrue-auth>');
  const events = (element.events ?? []).map((event: { name: string }) => event.name);
  assert.ok(events.includes('gotrue:login'), `events: ${events.join(', ')}`);
  const attributes = (element.attributes ?? []).map((attribute: { name: string }) => attribute.name);
  assert.ok(
    attributes.includes('api-url') && attributes.includes('providers-only'),
    `attributes: ${attributes.join(', ')}`,
  );
  assert.ok(!attributes.includes('machine'), 'internal state is not an attribute');
});

test('the build fails, saying why, when the bundle is over budget', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gotrue-auth-over-'));
  try {
    const result = runBuild(['--script-tag-only', '--out-dir', dir, '--budget', '1024']);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /script-tag bundle: [\d.]+ KB brotli \(budget 1\.0 KB\) OVER BUDGET/);
  } finally {
    removeDir(dir);
  }
});
