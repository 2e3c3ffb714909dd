/**
 * The frame of the local server's own pages (the outbox and the stand-in provider's consent page):
 * readable on a phone, and drawn like the <gotrue-auth> element, with its font, colours, button
 * shapes and 44 px targets, light or dark as the system prefers. Values are escaped by the callers.
 */

const STYLE = `
:root {
  color-scheme: light dark;
  --accent: light-dark(#2563eb, #60a5fa);
  --on-accent: light-dark(#fff, #111827);
  --text: light-dark(#1f2937, #f3f4f6);
  --muted: light-dark(#4b5563, #9ca3af);
  --border: #6b7280;
  --radius: 0.5em;
  --target: 2.75em;
}
body {
  margin: 0;
  padding: 1.5em 1em;
  background: light-dark(#fff, #111827);
  color: var(--text);
  font: medium/1.5 system-ui, sans-serif;
  overflow-wrap: break-word;
}
main { max-inline-size: 48em; margin-inline: auto; }
main.narrow { max-inline-size: 28em; }
h1 { margin: 0 0 0.75em; font-size: 1.5em; line-height: 1.3; }
h2 { margin: 1.5em 0 0.5em; font-size: 1.125em; line-height: 1.3; }
p { margin: 0 0 1em; }
a { color: var(--accent); }
code { font-size: 0.9em; }
.muted { color: var(--muted); }
/* Addresses and links have no spaces to break at: these, and only these, may break anywhere. */
.address { overflow-wrap: anywhere; }
.note {
  padding: 0.75em 1em;
  border: 2px solid #b45309;
  border-radius: var(--radius);
  background: light-dark(#fffbeb, #451a03);
}
.stack { display: grid; gap: 0.75em; margin: 0 0 1em; }
ol.mails { margin: 0; padding: 0; list-style: none; }
.mail { padding-block: 0.75em; border-block-start: 1px solid var(--border); }
.mail h2, .mail p { margin: 0 0 0.25em; }
label { display: grid; gap: 0.25em; }
input:not([type='checkbox']) {
  box-sizing: border-box;
  inline-size: 100%;
  min-block-size: var(--target);
  padding: 0.5em 0.75em;
  border: 1px solid var(--border);
  border-radius: var(--radius);
  background: none;
  color: inherit;
  font: inherit;
}
label.check { display: flex; gap: 0.5em; align-items: center; min-block-size: var(--target); }
label.check input { inline-size: 1.25em; block-size: 1.25em; margin: 0; accent-color: var(--accent); }
.button {
  box-sizing: border-box;
  display: inline-flex;
  align-items: center;
  justify-content: center;
  inline-size: 100%;
  min-block-size: var(--target);
  padding: 0.5em 1em;
  border: 1px solid var(--accent);
  border-radius: var(--radius);
  background: var(--accent);
  color: var(--on-accent);
  font: inherit;
  font-weight: 600;
  text-align: center;
  text-decoration: none;
  cursor: pointer;
}
.button.secondary { border-color: var(--border); background: none; color: inherit; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
`;

/** A whole page: `title` (escaped already) names it; a `narrow` column suits a form. */
export function localPage(title: string, body: string, column: 'narrow' | 'wide'): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${STYLE}</style></head>
<body><main class="${column}">
${body}
</main></body></html>`;
}
