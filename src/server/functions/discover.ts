/**
 * Finding a function's file the way Netlify does: in the functions folder, `name.<ext>`,
 * `name/index.<ext>` or `name/name.<ext>`. The folder is read on every lookup, so a function
 * added while the server runs is served on the next request.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const FUNCTION_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'] as const;

/** Netlify's function names: letters, digits, `-` and `_`. */
const NAME = /^[A-Za-z0-9_-]+$/;

export function isFunctionName(name: string): boolean {
  return NAME.test(name);
}

/** A name ending in `-background` runs as a background function: answered 202 at once. */
export function isBackground(name: string): boolean {
  return name.endsWith('-background');
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The file that holds function `name`, or null. */
export function findFunction(dir: string, name: string): string | null {
  if (!isFunctionName(name)) return null;
  const candidates = [
    ...FUNCTION_EXTENSIONS.map((ext) => join(dir, `${name}${ext}`)),
    ...FUNCTION_EXTENSIONS.map((ext) => join(dir, name, `index${ext}`)),
    ...FUNCTION_EXTENSIONS.map((ext) => join(dir, name, `${name}${ext}`)),
  ];
  return candidates.find(isFile) ?? null;
}

/** Every function in the folder, by name (for listings and startup messages). */
export function listFunctions(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir)) {
    const ext = FUNCTION_EXTENSIONS.find((e) => entry.endsWith(e));
    const name = ext ? entry.slice(0, -ext.length) : entry;
    if (found.has(name) || !isFunctionName(name) || entry.endsWith('.d.ts')) continue;
    const file = findFunction(dir, name);
    if (file) found.set(name, file);
  }
  return found;
}
