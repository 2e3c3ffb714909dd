/**
 * The `<script src="netlify-identity.js">` entry: a drop-in for netlify-identity-widget's script
 * tag. It sets `window.netlifyIdentity` and, as the widget does, calls `init()` once the page is
 * parsed (at once when it already is), which puts a `<gotrue-auth>` dialog on the page and fills
 * the `[data-netlify-identity-menu]` / `[data-netlify-identity-button]` elements.
 */
import netlifyIdentity, { type NetlifyIdentity } from './index.js';

declare global {
  interface Window {
    netlifyIdentity?: NetlifyIdentity;
  }
}

// A second copy of the script keeps the first one's object, and its callbacks.
if (!window.netlifyIdentity) {
  window.netlifyIdentity = netlifyIdentity;
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => netlifyIdentity.init(), { once: true });
  } else {
    netlifyIdentity.init();
  }
}
