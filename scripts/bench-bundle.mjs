// Bundle section of `npm run bench`: builds the script-tag file into a temp folder and prints its
// raw / gzip / brotli bytes against the budget, next to the reference widget's measured size.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { BUDGET_BYTES, buildScriptTag, measure } from './build.mjs';

// netlify-identity-widget 2.0.3 as published on npm, measured with the same settings.
const REFERENCE = { raw: 178950, gzip: 56834, brotli: 48736 };

export async function benchBundle() {
  const dir = mkdtempSync(join(tmpdir(), 'gotrue-auth-bench-'));
  try {
    const size = measure(await buildScriptTag(dir));
    const row = (name, s) =>
      `${name.padEnd(34)}${String(s.raw).padStart(9)}${String(s.gzip).padStart(9)}${String(s.brotli).padStart(9)}`;
    console.log(`${'bytes'.padEnd(34)}${'raw'.padStart(9)}${'gzip'.padStart(9)}${'brotli'.padStart(9)}`);
    console.log(row('gotrue-auth.js (script tag)', size));
    console.log(row('netlify-identity-widget 2.0.3', REFERENCE));
    const verdict = size.brotli <= BUDGET_BYTES ? 'within' : `OVER by ${size.brotli - BUDGET_BYTES} B`;
    console.log(
      `budget ${BUDGET_BYTES} B brotli: ${verdict}; ${(REFERENCE.brotli / size.brotli).toFixed(1)}x smaller than the reference`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
