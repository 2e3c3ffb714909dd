// `npm run bench`: each section measures one part of the project and prints its own table; the raw
// numbers go to bench-results/bench.json (git-ignored), the widget chart to bench-results/widget-ratios.png.
// Add a section by appending to SECTIONS; `npm run bench -- <name>` runs only the named ones
// (`bundle`, the size report alone, runs only when named: the widget section reports the sizes).
//
//   --runs <n>      widget runs per widget (default 10; env BENCH_RUNS)
//   --delay <ms>    delay the proxy adds to every API request (default 100; env BENCH_DELAY_MS)
//   --out <dir>     where the JSON and the chart go (default bench-results; env BENCH_OUT)
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, type } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values: flags, positionals: wanted } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: process.env.BENCH_RUNS ?? '10' },
    delay: { type: 'string', default: process.env.BENCH_DELAY_MS ?? '100' },
    out: { type: 'string', default: process.env.BENCH_OUT ?? 'bench-results' },
  },
});
const runs = Number(flags.runs);
const delayMs = Number(flags.delay);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number ≥ 1, not ${flags.runs}`);
if (!Number.isFinite(delayMs) || delayMs < 0) throw new Error(`--delay must be milliseconds ≥ 0, not ${flags.delay}`);
const outDir = resolve(flags.out);

const SECTIONS = [
  {
    name: 'bundle',
    title: 'Script-tag bundle size (packages/gotrue-auth/dist/gotrue-auth.js)',
    onlyWhenNamed: true,
    run: async () => (await import('./bench-bundle.mjs')).benchBundle(),
  },
  {
    name: 'widget',
    title: '<gotrue-auth> beside netlify-identity-widget 2.0.3, in headless Chromium',
    run: async () => (await import('./bench-widget.mjs')).benchWidget({ runs, delayMs, outDir }),
  },
  {
    name: 'server',
    title: 'Local GoTrue server (src/server)',
    run: async () => (await import('./bench-server.mjs')).benchServer(),
  },
];

const chosen = wanted.length
  ? SECTIONS.filter((s) => wanted.includes(s.name))
  : SECTIONS.filter((s) => !s.onlyWhenNamed);
if (!chosen.length) {
  console.error(`No bench section named ${wanted.join(', ')}; sections: ${SECTIONS.map((s) => s.name).join(', ')}`);
  process.exit(1);
}

const started = performance.now();
const report = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, os: `${type()} ${release()}`, node: process.version },
  // Other work on the machine shifts absolute times (ratios measured side by side hold better).
  loadAverage: { start: loadavg()[0], end: null },
  sections: {},
};
let failed = false;
for (const section of chosen) {
  console.log(`\n== ${section.title} ==`);
  const sectionStarted = performance.now();
  try {
    report.sections[section.name] = (await section.run()) ?? null;
    console.log(`(${section.name}: ${((performance.now() - sectionStarted) / 1000).toFixed(0)} s)`);
  } catch (error) {
    failed = true;
    report.sections[section.name] = { error: error instanceof Error ? error.message : String(error) };
    console.error(`${section.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
report.loadAverage.end = loadavg()[0];
mkdirSync(outDir, { recursive: true });
writeFileSync(resolve(outDir, 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
const seconds = ((performance.now() - started) / 1000).toFixed(0);
const load = `load average ${report.loadAverage.start.toFixed(1)} at the start, ${report.loadAverage.end.toFixed(1)} at the end`;
console.log(
  `\nRaw numbers: ${resolve(outDir, 'bench.json')}; took ${seconds} s on ${report.machine.cpus} cores (${load}), Node ${process.version}`,
);
process.exit(failed ? 1 : 0);
