/**
 * End-to-end support: Debian's Chromium driven by playwright-core (no browser download), and a
 * record of everything a page did wrong: CSP violations, console errors, uncaught exceptions.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';

// @ts-expect-error: a plain .mjs script without type declarations.
import { CHROMIUM_ARGS } from '../../scripts/find-chrome.mjs';

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`No Chromium at ${executablePath}: install one or set CHROME_PATH.`);
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

export interface PageProblems {
  /** `securitypolicyviolation` events: "<directive> blocked <uri>". */
  violations: string[];
  /** console.error lines and uncaught exceptions. */
  errors: string[];
}

/** Starts recording a page's problems; read the arrays after the interaction. */
export async function recordProblems(page: Page): Promise<PageProblems> {
  const problems: PageProblems = { violations: [], errors: [] };
  // Fail in seconds, not Playwright's 30 s: every wait here is for a local server.
  page.setDefaultTimeout(10_000);
  await page.exposeFunction('__reportViolation', (line: string) => problems.violations.push(line));
  // Init scripts are injected by the browser, not the page, so the CSP under test does not block them.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportViolation(line: string): void }).__reportViolation;
      report(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.errors.push(`console: ${message.text()} at ${message.location().url}`);
  });
  page.on('pageerror', (error) => problems.errors.push(`uncaught: ${error.message}`));
  return problems;
}
