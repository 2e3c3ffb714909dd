/**
 * GoTrue's admin API (`/invite`, `/admin/users`), for servers and operator tools. Kept apart from
 * GoTrueClient so the script-tag bundle, which never administers users, does not carry it.
 *
 * ```ts
 * const admin = createAdminApi(new GoTrueClient({ apiUrl }));
 * await admin.deleteUser(operatorToken, id);
 * ```
 */
import type { GoTrueClient } from './client.js';
import { isObject, readNothing, readUser, unexpected } from './answers.js';
import { AuthError } from './errors.js';
import type { ApiRequest } from './http.js';
import type {
  AdminCreateUserRequest,
  AdminListQuery,
  AdminUpdateUserRequest,
  AdminUserList,
  InviteRequest,
  WireUser,
} from './wire.js';

/** Every call takes an operator token or the JWT of a user whose role is admin. */
export interface AdminApi {
  invite(token: string, body: InviteRequest): Promise<WireUser>;
  listUsers(token: string, query?: AdminListQuery): Promise<AdminUserList>;
  createUser(token: string, body: AdminCreateUserRequest): Promise<WireUser>;
  getUser(token: string, id: string): Promise<WireUser>;
  updateUser(token: string, id: string, body: AdminUpdateUserRequest): Promise<WireUser>;
  deleteUser(token: string, id: string): Promise<void>;
}

function readUserList(body: unknown): AdminUserList {
  if (!isObject(body) || !Array.isArray(body.users)) unexpected();
  return { aud: typeof body.aud === 'string' ? body.aud : '', users: body.users.map(readUser) };
}

/** An empty id would address the list route (`/admin/users/`), so it is refused before sending. */
function userPath(id: string): string {
  if (typeof id !== 'string' || id === '') throw new AuthError('user_not_found', 'A user id is required.');
  return `/admin/users/${encodeURIComponent(id)}`;
}

/** The admin calls, sent through `client` (its API URL, audience, timeout and fetch). */
export function createAdminApi(client: GoTrueClient): AdminApi {
  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    bearer: string,
    extra: Pick<ApiRequest, 'json' | 'query'> = {},
  ) => client.call({ endpoint: 'admin', method, path, bearer, ...extra });
  return {
    invite: async (token, body) => readUser(await call('POST', '/invite', token, { json: body })),
    listUsers: async (token, query = {}) => {
      const { page, per_page, sort, filter } = query;
      return readUserList(await call('GET', '/admin/users', token, { query: { page, per_page, sort, filter } }));
    },
    createUser: async (token, body) => readUser(await call('POST', '/admin/users', token, { json: body })),
    getUser: async (token, id) => readUser(await call('GET', userPath(id), token)),
    updateUser: async (token, id, body) => readUser(await call('PUT', userPath(id), token, { json: body })),
    deleteUser: async (token, id) => readNothing(await call('DELETE', userPath(id), token)),
  };
}
