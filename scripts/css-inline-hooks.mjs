// Module hooks registered by css-inline.mjs: a `.css?inline` import becomes a module whose
// default export is the stylesheet's text.
import { readFile } from 'node:fs/promises';

const INLINE_CSS = /\.css\?inline$/;

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !INLINE_CSS.test(url)) return nextLoad(url, context);
  const text = await readFile(new URL(url.replace(/\?inline$/, '')), 'utf8');
  return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
}
