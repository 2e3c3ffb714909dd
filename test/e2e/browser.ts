/**
 * End-to-end support: Debian's Chromium driven by playwright-core (no browser download), and a
 * record of everything a page did wrong: CSP violations, console errors, uncaught exceptions.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// @ts-expect-error: a plain .mjs script without type declarations.
import { CHROMIUM_ARGS, findChrome, installHint } from '../../scripts/find-chrome.mjs';

/** The same browser the component tests use: CHROME_PATH, else the usual system paths. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = (findChrome as () => string | undefined)();
  if (!executablePath) throw new Error(installHint as string);
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

export interface PageProblems {
  /** `securitypolicyviolation` events: "<directive> blocked <uri>". */
  violations: string[];
  /** console.error lines and uncaught exceptions. */
  errors: string[];
}

const consoles = new WeakMap<Page, string[]>();

/** Every console line of a page recorded by `recordProblems`, in order: what a failed test saves. */
export function consoleOf(page: Page): string[] {
  return consoles.get(page) ?? [];
}

/** Starts recording a page's problems; read the arrays after the interaction. */
export async function recordProblems(page: Page): Promise<PageProblems> {
  const problems: PageProblems = { violations: [], errors: [] };
  const lines: string[] = [];
  consoles.set(page, lines);
  // Fail in seconds, not Playwright's 30 s: every wait here is for a local server.
  page.setDefaultTimeout(10_000);
  await page.exposeFunction('__reportViolation', (line: string) => problems.violations.push(line));
  // Init scripts are injected by the browser, not the page, so the CSP under test does not block them.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportViolation(line: string): void }).__reportViolation;
      report(
        `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  page.on('console', (message) => {
    lines.push(`${message.type()}: ${message.text()}`);
    if (message.type() === 'error') problems.errors.push(`console: ${message.text()} at ${message.location().url}`);
  });
  page.on('pageerror', (error) => {
    problems.errors.push(`uncaught: ${error.message}`);
    lines.push(`uncaught: ${error.message}`);
  });
  return problems;
}

/** Where a failed end-to-end test leaves its screenshot and console (git-ignored). */
export const FAILURE_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

/** Saves what the user saw and what the page logged, named after the test. */
export async function saveFailure(name: string, page: Page): Promise<string> {
  const base = join(FAILURE_DIR, name.replace(/[^\w-]+/g, '-').slice(0, 100));
  mkdirSync(FAILURE_DIR, { recursive: true });
  await page.screenshot({ path: `${base}.png`, fullPage: true }).catch(() => undefined);
  writeFileSync(`${base}.console.txt`, `${page.url()}\n${consoleOf(page).join('\n')}\n`);
  return base;
}
