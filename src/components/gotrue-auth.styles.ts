/**
 * Styles for the light-DOM markup of `<gotrue-auth>`, scoped by the tag name. They are adopted as
 * a constructable stylesheet (no `<style>` element, no inline `style`), so the element works under
 * a CSP of `default-src 'self'`. Dark mode follows `prefers-color-scheme` through `color-scheme`
 * and `light-dark()`; `theme="light|dark"` forces one. Every hook is documented on the class.
 */
export const styles = `
gotrue-auth{color-scheme:light dark;--_a:var(--gotrue-auth-accent,light-dark(#2563eb,#60a5fa));font:var(--gotrue-auth-font,1rem/1.5 system-ui,sans-serif);color:var(--gotrue-auth-color,light-dark(#1f2937,#f3f4f6));display:contents;
&[theme=light]{color-scheme:light}
&[theme=dark]{color-scheme:dark}
&[mode=inline]{display:block}
&>[slot]{display:none}
& input:not([type=checkbox]){padding:.5rem .75rem;border:1px solid var(--gotrue-auth-border,light-dark(#d1d5db,#374151));border-radius:var(--gotrue-auth-radius,.5rem);background:none;color:inherit;font:inherit}
& [aria-busy=true]{cursor:progress;opacity:.7}
& p:empty{display:none}
& :focus-visible{outline:2px solid var(--_a);outline-offset:2px}}
.gotrue-auth-dialog,.gotrue-auth-panel{box-sizing:border-box;width:min(24rem,100%);padding:1.5rem;border:1px solid var(--gotrue-auth-border,light-dark(#d1d5db,#374151));border-radius:var(--gotrue-auth-radius,.5rem);background:var(--gotrue-auth-background,light-dark(#fff,#111827));color:inherit}
.gotrue-auth-dialog::backdrop{background:var(--gotrue-auth-backdrop,#0008)}
.gotrue-auth-header{display:flex;align-items:center;justify-content:space-between;gap:1rem;margin-bottom:1rem}
.gotrue-auth-title{margin:0;font-size:1.25rem}
.gotrue-auth-form,.gotrue-auth-providers{display:grid;gap:.75rem;margin:0 0 1rem}
.gotrue-auth-field{display:grid;gap:.25rem}
.gotrue-auth-check{display:flex;gap:.5rem;align-items:center}
.gotrue-auth-button,.gotrue-auth-provider{padding:.5rem 1rem;border:1px solid var(--_a);border-radius:var(--gotrue-auth-radius,.5rem);background:var(--_a);color:var(--gotrue-auth-on-accent,light-dark(#fff,#111827));font:inherit;font-weight:600;cursor:pointer}
.gotrue-auth-provider{background:none;color:inherit;border-color:var(--gotrue-auth-border,light-dark(#d1d5db,#374151))}
.gotrue-auth-link,.gotrue-auth-close{padding:0;border:0;background:none;color:var(--_a);font:inherit;text-decoration:underline;cursor:pointer}
.gotrue-auth-close{color:var(--gotrue-auth-muted,light-dark(#6b7280,#9ca3af));text-decoration:none;font-size:1.5rem;line-height:1}
.gotrue-auth-links{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem}
.gotrue-auth-separator{margin:0 0 1rem;text-align:center;color:var(--gotrue-auth-muted,light-dark(#6b7280,#9ca3af))}
.gotrue-auth-error{color:var(--gotrue-auth-error,light-dark(#b91c1c,#fca5a5))}
`;

/**
 * Adds the stylesheet to the document or shadow root holding the element, once. Appending keeps
 * the host page's own adopted sheets.
 */
let sheet: CSSStyleSheet | undefined;

export function adoptStyles(root: Node): void {
  const target = root as Document | ShadowRoot;
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(styles);
  }
  if ('adoptedStyleSheets' in target && !target.adoptedStyleSheets.includes(sheet)) {
    target.adoptedStyleSheets = [...target.adoptedStyleSheets, sheet];
  }
}
