// `npm test`: the type-check and lint, the browser tests (web-test-runner, headless Chromium), the
// Node suites (local server, Node imports), then the end-to-end suites (the built bundle in
// Chromium). Every step runs even when an earlier one failed, so one red browser test does not
// hide the state of the rest; the run exits non-zero if any step failed, and ends with one line
// per step.
//
//   --browser-only   the browser tests only (`npm run test:browser`)
//   --server-only    the Node suites only (`npm run test:server`)
//   --no-lint        skip the type-check and lint (they run on their own as `npm run typecheck` / `lint`)
//
// Ports: every server the tests start listens on a port the OS picks, and web-test-runner takes
// WTR_PORT when set (see web-test-runner.config.mjs), so two runs can share a machine.
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { findChrome, installHint } from './find-chrome.mjs';

const args = process.argv.slice(2);
const browserOnly = args.includes('--browser-only');
const serverOnly = args.includes('--server-only');
const checks = !browserOnly && !serverOnly && !args.includes('--no-lint');

const results = [];

function step(name, command, commandArgs, env = {}) {
  console.log(`\n== ${name} ==`);
  const started = Date.now();
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env: { ...process.env, ...env } });
  const passed = result.status === 0;
  results.push({ name, passed, seconds: (Date.now() - started) / 1000 });
}

function listTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => join(dir, file))
    .sort();
}

const bin = (name) => join('node_modules', '.bin', name);

if (checks) {
  step('type-check', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  step('lint', bin('eslint'), ['--cache', '--cache-location', 'node_modules/.cache/eslint/', '.']);
  step('formatting', bin('prettier'), ['--check', '.']);
}

if (!serverOnly) {
  const chrome = findChrome();
  if (chrome) step('browser tests', bin('wtr'), ['--config', 'web-test-runner.config.mjs'], { CHROME_PATH: chrome });
  else {
    console.error(`\n== browser tests ==\n${installHint}`);
    results.push({ name: 'browser tests (no browser)', passed: false, seconds: 0 });
  }
}

if (!browserOnly) {
  // css-inline.mjs: the element imports its stylesheet as `./gotrue-auth.css?inline`.
  const loaders = ['--import', 'tsx', '--import', './scripts/css-inline.mjs'];
  // Both packages, built once into packages/ for every suite that serves or packs them
  // (test/built-packages.ts); the size budget is checked by test/e2e/build.test.ts.
  step('build', process.execPath, ['scripts/build.mjs', '--budget', String(1024 * 1024)]);
  if (results.at(-1).passed) process.env.GOTRUE_AUTH_TEST_BUILT = '1';
  const nodeTests = [...listTests('test/node'), ...listTests('test/server'), ...listTests('test/functions')];
  if (nodeTests.length)
    step('Node suites', process.execPath, [...loaders, '--test', '--test-concurrency=1', ...nodeTests]);
  // End to end: ends with `e2e: N passed, M failed` and the fault and hostile-input case counts;
  // a failed test leaves a screenshot and the page's console in test-results/.
  const e2eTests = listTests('test/e2e');
  if (e2eTests.length) {
    const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
    reporters.push('--test-reporter=./test/e2e/summary-reporter.mjs', '--test-reporter-destination=stdout');
    step('end to end', process.execPath, [...loaders, '--test', '--test-concurrency=1', ...reporters, ...e2eTests]);
  }
}

console.log('');
for (const { name, passed, seconds } of results) {
  console.log(`${passed ? 'pass' : 'FAIL'}  ${name} (${seconds.toFixed(0)} s)`);
}
process.exit(results.every((result) => result.passed) ? 0 : 1);
