// Finds a Chrome/Chromium for the browser tests: CHROME_PATH, else the usual system paths.
import { existsSync } from 'node:fs';

const candidates = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export function findChrome() {
  return candidates.find((path) => path && existsSync(path));
}

export const installHint =
  'No Chrome/Chromium found: install one (Debian/Ubuntu: sudo apt-get install chromium) or set CHROME_PATH.';

/** Flags for headless Chromium as root on a machine with no network but loopback (TOOLCHAIN.md). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
