/**
 * Styles for the light-DOM markup of `<gotrue-auth>`, scoped by the tag name. They are adopted as
 * a constructable stylesheet (no `<style>` element, no inline `style`), so the element works under
 * a CSP of `default-src 'self'`. Every hook below is documented on the element class.
 */
import { css } from 'lit';

export const styles = css`
  gotrue-auth {
    --_accent: var(--gotrue-auth-accent, #2563eb);
    --_on-accent: var(--gotrue-auth-on-accent, #fff);
    --_bg: var(--gotrue-auth-background, #fff);
    --_fg: var(--gotrue-auth-color, #1f2937);
    --_muted: var(--gotrue-auth-muted, #6b7280);
    --_border: var(--gotrue-auth-border, #d1d5db);
    --_error: var(--gotrue-auth-error, #b91c1c);
    --_radius: var(--gotrue-auth-radius, 0.5rem);
    font: var(--gotrue-auth-font, 1rem/1.5 system-ui, sans-serif);
    color: var(--_fg);
  }
  @media (prefers-color-scheme: dark) {
    gotrue-auth:not([theme='light']) {
      --_bg: var(--gotrue-auth-background, #111827);
      --_fg: var(--gotrue-auth-color, #f3f4f6);
      --_muted: var(--gotrue-auth-muted, #9ca3af);
      --_border: var(--gotrue-auth-border, #374151);
      --_error: var(--gotrue-auth-error, #fca5a5);
      --_accent: var(--gotrue-auth-accent, #60a5fa);
      --_on-accent: var(--gotrue-auth-on-accent, #111827);
    }
  }
  gotrue-auth[theme='dark'] {
    --_bg: var(--gotrue-auth-background, #111827);
    --_fg: var(--gotrue-auth-color, #f3f4f6);
    --_muted: var(--gotrue-auth-muted, #9ca3af);
    --_border: var(--gotrue-auth-border, #374151);
    --_error: var(--gotrue-auth-error, #fca5a5);
    --_accent: var(--gotrue-auth-accent, #60a5fa);
    --_on-accent: var(--gotrue-auth-on-accent, #111827);
  }
  gotrue-auth:not([mode='inline']) {
    display: contents;
  }
  gotrue-auth[mode='inline'] {
    display: block;
  }
  gotrue-auth > [slot] {
    display: none;
  }
  .gotrue-auth-dialog,
  .gotrue-auth-panel {
    box-sizing: border-box;
    width: min(24rem, 100%);
    padding: 1.5rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    font: inherit;
  }
  .gotrue-auth-dialog {
    width: min(24rem, calc(100% - 2rem));
  }
  .gotrue-auth-dialog::backdrop {
    background: var(--gotrue-auth-backdrop, rgb(0 0 0 / 0.5));
  }
  .gotrue-auth-header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 1rem;
    margin-bottom: 1rem;
  }
  .gotrue-auth-title {
    margin: 0;
    font-size: 1.25rem;
  }
  .gotrue-auth-logo {
    max-height: 2rem;
  }
  .gotrue-auth-form,
  .gotrue-auth-providers {
    display: grid;
    gap: 0.75rem;
    margin: 0 0 1rem;
  }
  .gotrue-auth-field {
    display: grid;
    gap: 0.25rem;
  }
  .gotrue-auth-check {
    display: flex;
    gap: 0.5rem;
    align-items: center;
  }
  gotrue-auth input:not([type='checkbox']) {
    box-sizing: border-box;
    width: 100%;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: transparent;
    color: inherit;
    font: inherit;
  }
  .gotrue-auth-button,
  .gotrue-auth-provider {
    padding: 0.5rem 1rem;
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_on-accent);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  .gotrue-auth-provider {
    background: transparent;
    color: inherit;
    border-color: var(--_border);
  }
  .gotrue-auth-button[aria-busy='true'] {
    cursor: progress;
    opacity: 0.7;
  }
  .gotrue-auth-link,
  .gotrue-auth-close {
    padding: 0;
    border: 0;
    background: none;
    color: var(--_accent);
    font: inherit;
    text-decoration: underline;
    cursor: pointer;
  }
  .gotrue-auth-close {
    color: var(--_muted);
    text-decoration: none;
    font-size: 1.5rem;
    line-height: 1;
  }
  .gotrue-auth-links {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.5rem;
  }
  .gotrue-auth-separator {
    margin: 0 0 1rem;
    text-align: center;
    color: var(--_muted);
  }
  .gotrue-auth-error {
    color: var(--_error);
  }
  .gotrue-auth-error:empty,
  .gotrue-auth-notice:empty {
    display: none;
  }
  gotrue-auth :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
`;

/**
 * Adds the stylesheet to the document or shadow root holding the element, once. Appending keeps
 * the host page's own adopted sheets.
 */
export function adoptStyles(root: Node): void {
  const target = root as Document | ShadowRoot;
  const sheet = styles.styleSheet;
  if (!sheet || !('adoptedStyleSheets' in target)) return;
  if (!target.adoptedStyleSheets.includes(sheet)) {
    target.adoptedStyleSheets = [...target.adoptedStyleSheets, sheet];
  }
}
