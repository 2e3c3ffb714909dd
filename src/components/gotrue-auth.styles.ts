/**
 * The element's stylesheet, written as CSS in `gotrue-auth.css` (read its header for what a page
 * may override). The build inlines it as a minified string; web-test-runner and Node tests load it
 * as text through small hooks (web-test-runner.config.mjs, scripts/css-inline-hooks.mjs).
 */
import css from './gotrue-auth.css?inline';

export const styles: string = css;

/**
 * Adds the stylesheet to the document or shadow root holding the element, once. It is adopted as
 * a constructable stylesheet (no `<style>` element, no inline `style`), so the element works under
 * a CSP of `default-src 'self'`. Appending keeps the host page's own adopted sheets.
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
