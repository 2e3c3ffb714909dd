// `npm test`: browser tests (web-test-runner, headless Chromium), then the Node suites of the
// local server (node --test). Fails at once, in one line, when no browser is installed.
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { findChrome, installHint } from './find-chrome.mjs';

const args = process.argv.slice(2);
const browserOnly = args.includes('--browser-only');
const serverOnly = args.includes('--server-only');

function run(command, commandArgs, env = {}) {
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function listTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => join(dir, file))
    .sort();
}

if (!serverOnly) {
  const chrome = findChrome();
  if (!chrome) {
    console.error(installHint);
    process.exit(1);
  }
  run('node_modules/.bin/wtr', ['--config', 'web-test-runner.config.mjs'], { CHROME_PATH: chrome });
}

if (!browserOnly) {
  const nodeTests = [...listTests('test/node'), ...listTests('test/server'), ...listTests('test/functions'), ...listTests('test/e2e')];
  if (nodeTests.length) run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...nodeTests]);
}
