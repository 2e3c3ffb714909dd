/**
 * The framework examples in examples/ as their users run them: each imports `gotrue-auth` by its
 * package name, is built by its own tool (Vite with the framework's plugin, or Astro), and is
 * served with the local GoTrue on the same origin at /.netlify/identity. In Chromium a user logs
 * in through the element's dialog and the page, rendered by the framework, shows who logged in
 * and how, from the `gotrue:login` event's detail; a reload shows the restored session and
 * "Log out" the `gotrue:logout`.
 *
 * The typings are checked too: the React example and a file of right and wrong uses
 * (test/e2e/fixtures/types) against the package's own .d.ts, by tsc, in one program.
 */
import { builtPackages } from '../built-packages.js';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createGoTrue, type GoTrue } from '../../src/server/index.js';
import { launchBrowser, recordProblems, saveFailure } from './browser.js';
import { ROOT, removeDir } from './site.js';

const EXAMPLES = ['react', 'vue', 'svelte', 'astro'] as const;
type Example = (typeof EXAMPLES)[number];
const IDENTITY_PATH = '/.netlify/identity';
const EMAIL = 'ada@example.com';
const PASSWORD = 'correct horse battery staple';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

const outDir = mkdtempSync(join(ROOT, 'node_modules/.cache/gotrue-auth-examples-'));
const built = new Map<Example, string>();
const buildSeconds = new Map<Example, number>();
let server: Server;
let identity: GoTrue;
let url: string;
let browser: Browser;

function run(command: string, args: string[], cwd = ROOT): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${output}`);
  return output;
}

/** Built as its own `npm run build` would, under `/<name>/` so that one server holds them all. */
async function buildExample(name: Example): Promise<string> {
  const root = join(ROOT, 'examples', name);
  const out = join(outDir, name);
  const started = Date.now();
  if (name === 'astro') {
    const { build } = await import('astro');
    await build({ root, outDir: out, base: `/${name}/`, logLevel: 'warn' });
  } else {
    const { build } = await import('vite');
    await build({ root, base: `/${name}/`, logLevel: 'warn', build: { outDir: out, emptyOutDir: true } });
  }
  buildSeconds.set(name, (Date.now() - started) / 1000);
  return out;
}

function serveExample(path: string): { body: Buffer; type: string } | undefined {
  const [, name, rest = ''] = /^\/([a-z]+)\/(.*)$/.exec(path) ?? [];
  const dir = built.get(name as Example);
  if (!dir) return undefined;
  const file = normalize(join(dir, rest === '' || rest.endsWith('/') ? `${rest}index.html` : rest));
  if (!file.startsWith(dir)) return undefined;
  try {
    return { body: readFileSync(file), type: TYPES[extname(file)] ?? 'application/octet-stream' };
  } catch {
    return undefined;
  }
}

before(async () => {
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  // The package as `gotrue-auth` resolves to it: its exports point at the built files.
  builtPackages();
  for (const name of EXAMPLES) built.set(name, await buildExample(name));

  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://site').pathname);
    if (path === IDENTITY_PATH || path.startsWith(`${IDENTITY_PATH}/`)) {
      req.url = req.url!.slice(IDENTITY_PATH.length) || '/';
      identity.handle(req, res, () => res.writeHead(404).end('404 page not found'));
      return;
    }
    const file = serveExample(path);
    // Chromium asks every origin for an icon: no icon, and no 404 in the page's console either.
    if (path === '/favicon.ico') res.writeHead(204).end();
    else if (!file) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    else res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  identity = await createGoTrue({ quiet: true, basePath: IDENTITY_PATH, env: { GOTRUE_SITE_URL: url } });
  const created = await fetch(`${url}${IDENTITY_PATH}/admin/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${identity.operatorToken}` },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD, confirm: true }),
  });
  assert.equal(created.status, 200, await created.text());
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await identity?.close();
  removeDir(outDir);
  console.log(
    `example builds: ${[...buildSeconds].map(([name, seconds]) => `${name} ${seconds.toFixed(1)} s`).join(', ')}`,
  );
});

/** The page's own line about the user, rendered by the framework (the element has status regions too). */
const who = (page: Page) => page.locator('main > p[role="status"]');

for (const name of EXAMPLES) {
  test(`${name}: a user logs in through <gotrue-auth> and the page shows gotrue:login's user and method`, async (t) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = await recordProblems(page);
    try {
      await page.goto(`${url}/${name}/`);
      await who(page).filter({ hasText: 'Not logged in.' }).waitFor();

      await page.getByRole('button', { name: 'Log in', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Log in' });
      await dialog.getByLabel('Email').fill(EMAIL);
      await dialog.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await dialog.getByRole('button', { name: 'Log in', exact: true }).click();
      await who(page)
        .filter({ hasText: `Logged in as ${EMAIL} (password)` })
        .waitFor();
      await dialog.waitFor({ state: 'hidden' });

      await page.reload();
      await who(page)
        .filter({ hasText: `Logged in as ${EMAIL} (restored)` })
        .waitFor();

      await page.getByRole('button', { name: 'Log out', exact: true }).click();
      await who(page).filter({ hasText: 'Not logged in.' }).waitFor();
      assert.deepEqual(problems.errors, []);
    } catch (error) {
      t.diagnostic(`saved ${await saveFailure(t.name, page)}`);
      throw error;
    } finally {
      await context.close();
    }
  });
}

test('the element typings: the React example, and right and wrong uses in TSX, DOM, Svelte and Vue types', () => {
  // One program of both: every `@ts-expect-error` there must meet an error, and nothing else may fail.
  run(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'test/e2e/fixtures/types/tsconfig.json']);
});
