/**
 * `gotrue-auth/netlify-identity`: netlify-identity-widget's module API on `<gotrue-auth>`.
 *
 * ```js
 * import netlifyIdentity from 'gotrue-auth/netlify-identity';
 * netlifyIdentity.on('login', (user) => console.log(user.email));
 * netlifyIdentity.init({ locale: 'de' });
 * ```
 *
 * Importing it has no side effects (no element, no `window.netlifyIdentity`, no DOM access):
 * `init()` puts the dialog on the page, and `open()` does so itself when needed. The script-tag
 * file (`netlify-identity.js`) sets `window.netlifyIdentity` and calls `init()` on its own.
 */
import { NetlifyIdentity } from './netlify-identity.js';

export {
  NetlifyIdentity,
  type InitOptions,
  type NetlifyIdentityCallback,
  type NetlifyIdentityEvent,
  type NetlifyIdentityGoTrue,
  type NetlifyIdentityUser,
} from './netlify-identity.js';

/** The page's one `netlifyIdentity`, as the widget's module exports it. */
const netlifyIdentity = new NetlifyIdentity();
export default netlifyIdentity;
