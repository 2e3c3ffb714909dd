/**
 * `POST /invite` and `/admin/users…`, for the operator token, system-user JWTs
 * and users whose DB role is GOTRUE_JWT_ADMIN_GROUP_NAME.
 */
import { MESSAGES, type Metadata } from '../../core/wire.js';
import { hashPassword, isUuid, requireAdmin } from '../auth.js';
import type { Handler, Instance, RouteRequest } from '../context.js';
import { emailSyntaxError } from '../email-address.js';
import { HttpError, readJson, sendJson } from '../http.js';
import {
  deleteUser,
  emailKey,
  findUserByEmail,
  findUserById,
  insertUser,
  listUsers,
  mergeMetadata,
  newUserRow,
  normalizeMetadata,
  saveUser,
  secureToken,
  toWire,
  type UserRow,
} from '../users.js';
import { createUser } from './account.js';
import { listAudit, recordAudit } from '../audit.js';

function checkEmail(email: string): void {
  if (!email) throw new HttpError(422, MESSAGES.emailRequired);
  const syntax = emailSyntaxError(email);
  if (syntax) throw new HttpError(422, `Unable to validate email address: ${syntax}`);
}

export const invite: Handler = async (app, r) => {
  const { aud, actor } = await requireAdmin(app, r);
  const body = await readJson(r.req, app.config.maxBodyBytes, 'Could not read Invite params', 'InviteParams', {
    email: 'string',
    data: 'object',
  });
  const email = String(body.email ?? '');
  checkEmail(email);
  const user = await app.lock.run(`${aud}\u0000${emailKey(email)}`, async () => {
    if (await findUserByEmail(app.db, email, aud)) throw new HttpError(422, MESSAGES.emailTaken);
    // Invites ignore DISABLE_SIGNUP and never set confirmation_sent_at, so they do not expire.
    const row = newUserRow(
      {
        email,
        aud,
        role: app.config.defaultGroup,
        invited_at: app.now(),
        confirmation_token: secureToken(),
        app_metadata: { provider: 'email' },
        user_metadata: normalizeMetadata(body.data as Metadata | null),
      },
      app.now(),
    );
    await createUser(
      app,
      row,
      async () => {
        await saveUser(app.db, row);
        await app.outbox.send('invite', row.email, row.confirmation_token as string);
      },
      new HttpError(422, MESSAGES.emailTaken),
    );
    await recordAudit(app, 'user_invited', actor, { user_id: row.id, user_email: row.email });
    return row;
  });
  sendJson(r.res, 200, toWire(user));
};

const MAX_UINT64 = 2n ** 64n - 1n;

/** A page or page size read as GoTrue reads it (Go's `strconv.ParseUint`), with its error texts. */
function positiveInt(value: string | null, fallback: number, name: string): bigint {
  if (value === null || value === '') return BigInt(fallback);
  if (!/^\d+$/.test(value))
    throw new HttpError(
      400,
      `Bad Pagination Parameters: strconv.ParseUint: parsing ${JSON.stringify(value)}: invalid syntax`,
    );
  const n = BigInt(value);
  if (n > MAX_UINT64)
    throw new HttpError(
      400,
      `Bad Pagination Parameters: strconv.ParseUint: parsing ${JSON.stringify(value)}: value out of range`,
    );
  if (n < 1n) throw new HttpError(400, `Bad Pagination Parameters: ${name} must be at least 1`);
  return n;
}

/** Page and page size (at most 1000), and the rows to skip for them. */
function pagination(q: URLSearchParams): { page: bigint; perPage: number; offset: bigint } {
  const page = positiveInt(q.get('page'), 1, 'page');
  const size = positiveInt(q.get('per_page'), 50, 'per_page');
  const perPage = Number(size < 1000n ? size : 1000n);
  return { page, perPage, offset: (page - 1n) * BigInt(perPage) };
}

export const listAdminUsers: Handler = (app, r) => listUsersAnswer(app, r, false);

/** `GET /admin/users/export`: the list with password hashes, behind EXPORT_SECRET when configured. */
export const exportAdminUsers: Handler = async (app, r) => {
  const secret = app.config.exportSecret;
  if (secret && r.req.headers['export_secret'] !== secret && r.req.headers['export-secret'] !== secret) {
    throw new HttpError(401, 'Invalid export secret');
  }
  return listUsersAnswer(app, r, true);
};

async function listUsersAnswer(app: Instance, r: RouteRequest, withHashes: boolean): Promise<void> {
  const { aud } = await requireAdmin(app, r);
  const q = r.url.searchParams;
  const { page, perPage, offset } = pagination(q);
  let ascending = false;
  const sort = q.get('sort');
  if (sort) {
    const [field = '', direction = 'desc'] = sort.trim().split(/\s+/);
    if (field !== 'created_at') throw new HttpError(400, `Bad Sort Parameters: bad field for sort '${field}'`);
    if (!['asc', 'desc'].includes(direction.toLowerCase()))
      throw new HttpError(
        400,
        `Bad Sort Parameters: bad direction for sort '${direction}', only 'asc' and 'desc' allowed`,
      );
    ascending = direction.toLowerCase() === 'asc';
  }
  const { users, total } = await listUsers(app.db, {
    aud,
    offset,
    limit: perPage,
    ascending,
    filter: q.get('filter') ?? '',
  });
  const last = BigInt(Math.max(1, Math.ceil(total / perPage)));
  const link = (n: bigint, rel: string) => `<${r.base}/admin/users?page=${n}&per_page=${perPage}>; rel="${rel}"`;
  const links: string[] = [];
  if (page < last) links.push(link(page + 1n, 'next'));
  if (page > 1n) links.push(link(page - 1n, 'prev'));
  links.push(link(last, 'last'));
  const wire = users.map((u) => (withHashes ? { ...toWire(u), encrypted_password: u.encrypted_password } : toWire(u)));
  sendJson(r.res, 200, { aud, users: wire }, { Link: links.join(', '), 'X-Total-Count': String(total) });
}

const ADMIN_USER_FIELDS = {
  email: 'string',
  password: 'string',
  aud: 'string',
  role: 'string',
  confirm: 'boolean',
  user_metadata: 'object',
  app_metadata: 'object',
} as const;

export const createAdminUser: Handler = async (app, r) => {
  const admin = await requireAdmin(app, r);
  const body = await readJson(
    r.req,
    app.config.maxBodyBytes,
    'Could not decode admin user params',
    'adminUserParams',
    ADMIN_USER_FIELDS,
  );
  if (app.config.emailDisabled) throw new HttpError(400, MESSAGES.unsupportedEmailProvider);
  const aud = typeof body.aud === 'string' && body.aud ? body.aud : admin.aud;
  const email = String(body.email ?? '');
  checkEmail(email);
  // No password stores the hash of "", a GoTrue quirk; `app_metadata` in the body is ignored (observed).
  const row = newUserRow(
    {
      email,
      aud,
      role: typeof body.role === 'string' && body.role ? body.role : app.config.defaultGroup,
      encrypted_password: await hashPassword(app, String(body.password ?? '')),
      app_metadata: { provider: 'email' },
      user_metadata: normalizeMetadata(body.user_metadata as Metadata | null),
      confirmed_at: body.confirm === true ? app.now() : null,
    },
    app.now(),
  );
  if (!(await insertUser(app.db, row))) throw new HttpError(422, MESSAGES.emailTaken);
  sendJson(r.res, 200, toWire(row));
};

async function userParam(app: Instance, id: string | undefined): Promise<UserRow> {
  if (!id || !isUuid(id)) throw new HttpError(400, 'user_id must be an UUID');
  const user = await findUserById(app.db, id);
  if (!user) throw new HttpError(404, MESSAGES.userNotFound);
  return user;
}

export const getAdminUser: Handler = async (app, r) => {
  await requireAdmin(app, r);
  sendJson(r.res, 200, toWire(await userParam(app, r.params.id)));
};

/** Hooks fired after the commit (`usermodified`, `userdeleted`) only log failures, as in GoTrue. */
function fireAfterCommit(app: Instance, event: 'usermodified' | 'userdeleted', user: UserRow): void {
  app.hooks
    .fire(event, toWire(user))
    .catch((error: unknown) => app.log(`${event} hook failed: ${(error as Error).message}`));
}

export const updateAdminUser: Handler = async (app, r) => {
  const { actor } = await requireAdmin(app, r);
  const found = await userParam(app, r.params.id);
  const body = await readJson(
    r.req,
    app.config.maxBodyBytes,
    'Could not decode admin user params',
    'adminUserParams',
    ADMIN_USER_FIELDS,
  );
  const user = await app.lock.run(`user\u0000${found.id}`, async () => {
    const row = (await findUserById(app.db, found.id)) ?? found;
    if (typeof body.role === 'string' && body.role) row.role = body.role;
    if (body.confirm === true && row.confirmed_at == null) row.confirmed_at = app.now();
    if (typeof body.password === 'string' && body.password)
      row.encrypted_password = await hashPassword(app, body.password);
    if (typeof body.email === 'string' && body.email) row.email = body.email;
    if (body.app_metadata && typeof body.app_metadata === 'object')
      row.app_metadata = mergeMetadata(row.app_metadata, body.app_metadata as Record<string, unknown>);
    if (body.user_metadata && typeof body.user_metadata === 'object')
      row.user_metadata = mergeMetadata(row.user_metadata, body.user_metadata as Record<string, unknown>);
    row.updated_at = app.now();
    try {
      await saveUser(app.db, row);
    } catch {
      throw new HttpError(500, 'Error updating user');
    }
    return row;
  });
  await recordAudit(app, 'user_modified', actor, { user_id: user.id, user_email: user.email });
  fireAfterCommit(app, 'usermodified', user);
  sendJson(r.res, 200, toWire(user));
};

export const deleteAdminUser: Handler = async (app, r) => {
  const { actor } = await requireAdmin(app, r);
  const user = await userParam(app, r.params.id);
  // Under the user's lock, like logout, so a refresh running now cannot leave a token behind.
  if (!(await app.lock.run(`user\u0000${user.id}`, () => deleteUser(app.db, user.id))))
    throw new HttpError(500, 'Database error deleting user');
  await recordAudit(app, 'user_deleted', actor, { user_id: user.id, user_email: user.email });
  fireAfterCommit(app, 'userdeleted', user);
  sendJson(r.res, 200, {});
};

export const audit: Handler = async (app, r) => {
  await requireAdmin(app, r);
  const q = r.url.searchParams;
  const query = (q.get('query') ?? '').trim();
  const match = /^(action|author|type):(.*)$/.exec(query);
  if (query && !match) throw new HttpError(400, `Invalid query scope: ${query}`);
  const { perPage, offset } = pagination(q);
  const scope = (match?.[1] ?? '') as 'action' | 'author' | 'type' | '';
  sendJson(r.res, 200, await listAudit(app, { scope, value: (match?.[2] ?? '').trim(), offset, limit: perPage }));
};
