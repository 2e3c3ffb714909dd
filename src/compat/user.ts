/**
 * The user object netlify-identity-widget hands out (`currentUser()`, the `init` and `login`
 * callbacks): the stored user's fields (`id`, `email`, `user_metadata`, `app_metadata`, `token`,
 * `url`, …) with gotrue-js's `jwt()`, `update()`, `logout()` and `tokenDetails()`, backed by a
 * `<gotrue-auth>`. The methods are not enumerable, so `JSON.stringify(user)` is the record kept in
 * `localStorage["gotrue.user"]`, as with gotrue-js.
 */
import type { GotrueAuth } from '../components/gotrue-auth.js';
import { AuthError } from '../core/errors.js';
import type { StoredToken, User } from '../core/user.js';
import type { UserUpdateRequest } from '../core/wire.js';

export interface NetlifyIdentityUserMethods {
  /** A fresh access token, refreshed first when it is about to expire, or when `force`. */
  jwt(force?: boolean): Promise<string>;
  /** `PUT /user`: `email`, `password`, or `data` merged into `user_metadata`; resolves with this user, updated. */
  update(attributes: UserUpdateRequest): Promise<NetlifyIdentityUser>;
  /** Logs out here and in the other tabs. */
  logout(): Promise<void>;
  /** The stored token: `access_token`, `refresh_token`, `expires_at` (ms), … */
  tokenDetails(): StoredToken;
}

export type NetlifyIdentityUser = User & NetlifyIdentityUserMethods;

/**
 * A copy of `user` with the methods above. Once that user has logged out, its methods reject
 * rather than act for whoever is logged in next.
 */
export function identityUser(user: User, auth: GotrueAuth): NetlifyIdentityUser {
  const copy = { ...user } as NetlifyIdentityUser;
  const stillLoggedIn = (): void => {
    if (auth.user?.id !== copy.id) throw new AuthError('session_expired', 'This user is no longer logged in.');
  };
  const methods: NetlifyIdentityUserMethods = {
    async jwt(force = false) {
      stillLoggedIn();
      const token = await auth.jwt(force);
      // gotrue-js keeps `user.token` current on its one user object; this copy follows suit.
      if (auth.user) copy.token = auth.user.token;
      return token;
    },
    async update(attributes) {
      if (typeof attributes !== 'object' || attributes === null) {
        throw new TypeError('user.update(attributes) needs an object such as { data: { full_name: "Ada" } }');
      }
      stillLoggedIn();
      Object.assign(copy, await auth.updateUser(attributes));
      return copy;
    },
    async logout() {
      stillLoggedIn();
      await auth.logout();
    },
    tokenDetails: () => copy.token,
  };
  for (const [name, value] of Object.entries(methods)) {
    Object.defineProperty(copy, name, { value, configurable: true, writable: true });
  }
  return copy;
}
