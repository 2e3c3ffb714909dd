// The widget bench's report: medians with min–max per widget, ratios ours/theirs, the targets met or
// not, and a PNG bar chart of the ratios (an SVG drawn in the bench's own Chromium and screenshotted).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** What each row measures; `target` is the highest ratio ours/theirs the issue asks for. */
const METRICS = [
  { key: 'transferBytes', label: 'script bytes transferred', unit: 'B', target: 0.5 },
  { key: 'brotli', label: 'script file, brotli q11', unit: 'B' },
  { key: 'readyNoSession', label: 'navigation → ready, no session', unit: 'ms' },
  { key: 'readyStoredSession', label: 'navigation → ready, stored session', unit: 'ms', target: 0.5 },
  { key: 'clickToInput', label: 'click "Log in" → first input focused+visible', unit: 'ms', target: 0.5 },
  { key: 'submitToLogin', label: 'submit → login event', unit: 'ms', target: 0.6 },
  { key: 'requestsBeforeLogin', label: 'API requests before login', unit: '' },
  { key: 'submitApiWaitMs', label: 'submit → login: waiting on the API', unit: 'ms' },
  { key: 'submitToLoginOwnMs', label: 'submit → login: the rest (widget and page)', unit: 'ms' },
  { key: 'heapBytes', label: 'JS heap after init (after GC)', unit: 'B', target: 0.5 },
  { key: 'longTaskMs', label: 'long-task time during load', unit: 'ms', target: 0.5 },
  { key: 'refreshRequests', label: 'refresh in 2 tabs: API requests', unit: '' },
  { key: 'refreshGrants', label: 'refresh in 2 tabs: refresh-token grants', unit: '' },
  { key: 'refreshDuplicatedRuns', label: 'refresh in 2 tabs: runs sending a token twice', unit: 'runs', total: true },
  { key: 'tabsLoggedInAfterRefresh', label: 'refresh in 2 tabs: tabs still logged in', unit: 'of 2' },
];

function stats(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1), n: sorted.length };
}

/** Per-run values of a metric for one widget's runs. */
function values(key, runs, size) {
  switch (key) {
    case 'brotli':
      return runs.map(() => size.brotli);
    // Focus if the widget ever gave it; else the moment the input showed, which flatters a widget
    // that leaves the user to click into the field.
    case 'clickToInput':
      return runs.map((r) => r.clickToInputFocused ?? r.clickToInputVisible);
    case 'refreshDuplicatedRuns':
      return [runs.filter((r) => r.refreshDuplicated).length];
    default:
      return runs.map((r) => r[key]);
  }
}

export function summarise(raw, sizes) {
  return METRICS.map((metric) => {
    const ours = stats(values(metric.key, raw.ours, sizes.ours));
    const theirs = stats(values(metric.key, raw.theirs, sizes.theirs));
    const ratio = ours && theirs && theirs.median > 0 ? ours.median / theirs.median : null;
    const row = { ...metric, ours, theirs, ratio };
    if (metric.key === 'clickToInput') {
      row.neverFocused = {
        ours: raw.ours.filter((r) => r.clickToInputFocused === null).length,
        theirs: raw.theirs.filter((r) => r.clickToInputFocused === null).length,
      };
    }
    if (metric.target !== undefined) {
      row.met =
        ratio === null
          ? ours?.median === 0 && theirs?.median === 0
            ? null
            : ours?.median === 0
          : ratio <= metric.target;
    }
    return row;
  });
}

/** Figures that include what the page itself costs the browser, and the baseline page's key for it. */
const PAGE_INCLUDED = [
  { key: 'readyNoSession', page: 'ready', label: 'navigation → ready, no session', unit: 'ms' },
  { key: 'readyStoredSession', page: 'ready', label: 'navigation → ready, stored session', unit: 'ms' },
  { key: 'heapBytes', page: 'heapBytes', label: 'JS heap after init (after GC)', unit: 'B' },
  { key: 'longTaskMs', page: 'longTaskMs', label: 'long-task time during load', unit: 'ms' },
];

/**
 * Each widget's median less the median of the same page without a widget: the widget's own cost,
 * which the ratios above dilute by the page's share. Informational; the targets stay on the totals.
 */
export function summariseAbovePage(raw) {
  return PAGE_INCLUDED.map((metric) => {
    const page = stats(raw.none.map((r) => r[metric.page]));
    const ours = stats(raw.ours.map((r) => r[metric.key]));
    const theirs = stats(raw.theirs.map((r) => r[metric.key]));
    if (!page || !ours || !theirs) return { ...metric, page, ours: null, theirs: null, ratio: null };
    const oursAbove = ours.median - page.median;
    const theirsAbove = theirs.median - page.median;
    return {
      ...metric,
      page: page.median,
      ours: oursAbove,
      theirs: theirsAbove,
      ratio: theirsAbove > 0 ? oursAbove / theirsAbove : null,
    };
  });
}

export function printAbovePageTable(rows) {
  const head = ['above a page with no widget', 'page alone', '<gotrue-auth>', 'netlify-identity-widget', 'ours/theirs'];
  const fmt = (value, unit) => (value === null ? '–' : number(value, unit));
  const body = rows.map((row) => [
    row.label,
    fmt(row.page, row.unit),
    fmt(row.ours, row.unit),
    fmt(row.theirs, row.unit),
    row.ratio === null ? '–' : `${row.ratio.toFixed(2)}×`,
  ]);
  printColumns(head, body);
}

function printColumns(head, body) {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(head));
  for (const r of body) console.log(line(r));
}

const number = (value, unit) => {
  if (unit === 'B') return value >= 10_000 ? `${(value / 1024).toFixed(1)} KB` : `${Math.round(value)} B`;
  if (unit === 'ms') return `${value.toFixed(0)} ms`;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
};

function cell(s, unit, total) {
  if (!s) return '–';
  if (total) return `${s.median} ${unit}`;
  const spread = s.min === s.max ? '' : ` (${number(s.min, unit)}–${number(s.max, unit)})`;
  const suffix = unit === 'of 2' ? ' of 2' : '';
  return `${number(s.median, unit)}${suffix}${spread}`;
}

export function printWidgetTable(summary, { runs, delayMs, cpuSlowdown }) {
  console.log(
    `${runs} runs per widget, alternating; API delay ${delayMs} ms; CPU ${cpuSlowdown}x slower; median (min–max)`,
  );
  const head = ['metric', '<gotrue-auth>', 'netlify-identity-widget', 'ours/theirs'];
  const body = summary.map((row) => [
    row.label,
    cell(row.ours, row.unit, row.total),
    cell(row.theirs, row.unit, row.total),
    row.ratio === null ? '–' : `${row.ratio.toFixed(2)}×`,
  ]);
  printColumns(head, body);
  const click = summary.find((r) => r.key === 'clickToInput');
  for (const [name, count] of Object.entries(click.neverFocused)) {
    if (count)
      console.log(`${name}: no input was focused in ${count} of ${runs} runs; its time is to the input showing`);
  }
  console.log('');
  for (const row of summary.filter((r) => r.target !== undefined)) {
    const verdict = row.met === null ? 'n/a    ' : row.met ? 'met    ' : 'NOT met';
    const ratio = row.ratio === null ? 'no ratio' : `${row.ratio.toFixed(2)}×`;
    console.log(`${verdict}  ${row.label} ≤ ${row.target}×: ${ratio}`);
  }
}

const escape = (text) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Horizontal bars of ours/theirs per metric, a line at 1× and a tick at each target. */
function chartSvg(summary) {
  const rows = summary.filter((r) => r.ratio !== null && !r.total);
  const labelWidth = 330;
  const plot = 480;
  const rowHeight = 30;
  const top = 50;
  const max = Math.max(1.5, ...rows.map((r) => r.ratio), ...rows.map((r) => r.target ?? 0)) * 1.1;
  const x = (ratio) => labelWidth + (ratio / max) * plot;
  const height = top + rows.length * rowHeight + 40;
  const bars = rows
    .map((r, i) => {
      const y = top + i * rowHeight;
      const colour = r.met === false ? '#dc2626' : r.met ? '#16a34a' : '#6b7280';
      const target =
        r.target === undefined
          ? ''
          : `<line x1="${x(r.target)}" x2="${x(r.target)}" y1="${y + 2}" y2="${y + rowHeight - 6}" stroke="#111" stroke-width="2" stroke-dasharray="3 2"/>`;
      return `<text x="${labelWidth - 10}" y="${y + 17}" text-anchor="end">${escape(r.label)}</text>
<rect x="${labelWidth}" y="${y + 4}" width="${Math.max(1, x(r.ratio) - labelWidth)}" height="${rowHeight - 12}" fill="${colour}"/>
<text x="${x(r.ratio) + 6}" y="${y + 17}">${r.ratio.toFixed(2)}×</text>${target}`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + plot + 80}" height="${height}" font-family="Liberation Sans, Arial, sans-serif" font-size="13">
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="24" font-size="16" font-weight="bold">&lt;gotrue-auth&gt; / netlify-identity-widget 2.0.3 (median ratio; lower is better)</text>
${bars}
<line x1="${x(1)}" x2="${x(1)}" y1="${top - 6}" y2="${height - 30}" stroke="#111"/>
<text x="${x(1)}" y="${height - 14}" text-anchor="middle">1× (same)</text>
<text x="${labelWidth + plot + 70}" y="${height - 14}" text-anchor="end" fill="#555">dashed: target</text>
</svg>`;
}

/** Writes widget-ratios.svg's rendering as widget-ratios.png in `outDir`; returns the PNG's path. */
export async function renderChart(browser, summary, outDir) {
  mkdirSync(outDir, { recursive: true });
  const page = await browser.newPage();
  try {
    await page.setContent(`<!doctype html><body style="margin:0">${chartSvg(summary)}</body>`);
    const file = join(outDir, 'widget-ratios.png');
    await page.locator('svg').screenshot({ path: file });
    return file;
  } finally {
    await page.close();
  }
}
