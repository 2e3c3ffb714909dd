/**
 * Users and refresh tokens in the database, and their wire form: GoTrue's user object.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Metadata, WireUser } from '../core/wire.js';
import type { Database } from './database.js';

export interface UserRow {
  id: string;
  aud: string;
  role: string;
  email: string;
  encrypted_password: string;
  confirmed_at: number | null;
  invited_at: number | null;
  confirmation_token: string | null;
  confirmation_sent_at: number | null;
  recovery_token: string | null;
  recovery_sent_at: number | null;
  email_change_token: string | null;
  email_change: string | null;
  email_change_sent_at: number | null;
  app_metadata: Metadata | null;
  user_metadata: Metadata | null;
  created_at: number;
  updated_at: number;
}

type Queryable = Pick<Database, 'query'>;

/** 16 random bytes, URL-safe base64 without padding: 22 chars, like GoTrue's tokens. */
export function secureToken(): string {
  return randomBytes(16).toString('base64url');
}

/** The per-audience lookup key: emails match case-insensitively, like MySQL's `_ci` collation behind GoTrue. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** GoTrue's metadata merge: shallow, and `null` deletes a key; returns a new map with keys sorted like Go's encoder. */
export function mergeMetadata(base: Metadata | null, patch: Record<string, unknown>): Metadata {
  const merged: Metadata = { ...(base ?? {}) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return sortKeys(merged) as Metadata;
}

export function normalizeMetadata(value: Metadata | null | undefined): Metadata | null {
  return value ? (sortKeys(value) as Metadata) : null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** GoTrue's user object: optional timestamps left out until set, metadata `null` when absent. */
export function toWire(row: UserRow): WireUser {
  const user: WireUser = { id: row.id, aud: row.aud, role: row.role, email: row.email } as WireUser;
  if (row.confirmed_at != null) user.confirmed_at = iso(row.confirmed_at);
  if (row.invited_at != null) user.invited_at = iso(row.invited_at);
  if (row.confirmation_sent_at != null) user.confirmation_sent_at = iso(row.confirmation_sent_at);
  if (row.recovery_sent_at != null) user.recovery_sent_at = iso(row.recovery_sent_at);
  if (row.email_change) user.new_email = row.email_change;
  if (row.email_change_sent_at != null) user.email_change_sent_at = iso(row.email_change_sent_at);
  user.app_metadata = normalizeMetadata(row.app_metadata);
  user.user_metadata = normalizeMetadata(row.user_metadata);
  user.created_at = iso(row.created_at);
  user.updated_at = iso(row.updated_at);
  return user;
}

interface RawRow extends Omit<UserRow, 'app_metadata' | 'user_metadata'> {
  app_metadata: string | null;
  user_metadata: string | null;
}

function fromRaw({ search_name: _, ...raw }: RawRow & { search_name?: unknown }): UserRow {
  return {
    ...raw,
    app_metadata: raw.app_metadata == null ? null : (JSON.parse(raw.app_metadata) as Metadata),
    // GoTrue answers `null` only while creating a user without metadata; read back, it is `{}`.
    user_metadata: raw.user_metadata == null ? {} : ((JSON.parse(raw.user_metadata) as Metadata | null) ?? {}),
  };
}

const COLUMNS = [
  'id',
  'aud',
  'role',
  'email',
  'encrypted_password',
  'confirmed_at',
  'invited_at',
  'confirmation_token',
  'confirmation_sent_at',
  'recovery_token',
  'recovery_sent_at',
  'email_change_token',
  'email_change',
  'email_change_sent_at',
  'app_metadata',
  'user_metadata',
  'created_at',
  'updated_at',
] as const;

async function one(db: Queryable, sql: string, params: unknown[]): Promise<UserRow | null> {
  const result = await db.query<RawRow>(sql, params);
  const raw = result.rows[0];
  return raw ? fromRaw(raw) : null;
}

export function findUserById(db: Queryable, id: string): Promise<UserRow | null> {
  return one(db, 'select * from users where id = $1', [id]);
}

/** Postgres text cannot hold NUL: such a value was never stored, so lookups of it find nothing. */
function storable(...values: string[]): boolean {
  return values.every((v) => !v.includes('\u0000'));
}

export async function findUserByEmail(db: Queryable, email: string, aud: string): Promise<UserRow | null> {
  if (!storable(email, aud)) return null;
  return one(db, 'select * from users where aud = $1 and email_key = $2', [aud, emailKey(email)]);
}

export async function findUserByToken(
  db: Queryable,
  column: 'confirmation_token' | 'recovery_token',
  token: string,
): Promise<UserRow | null> {
  if (!storable(token)) return null;
  return one(db, `select * from users where ${column} = $1`, [token]);
}

export function newUserRow(fields: Partial<UserRow> & { email: string; aud: string }, now: number): UserRow {
  return {
    id: randomUUID(),
    role: '',
    encrypted_password: '',
    confirmed_at: null,
    invited_at: null,
    confirmation_token: null,
    confirmation_sent_at: null,
    recovery_token: null,
    recovery_sent_at: null,
    email_change_token: null,
    email_change: null,
    email_change_sent_at: null,
    app_metadata: null,
    user_metadata: null,
    created_at: now,
    updated_at: now,
    ...fields,
  };
}

/**
 * What the admin search matches the filter against: `user_metadata.full_name`, lower-cased, as
 * JSON string text. Postgres text cannot hold a NUL (and its JSON functions fail on a `\u0000`
 * anywhere in a document), so a name with one is kept escaped, and the filter is escaped alike.
 */
export function searchName(metadata: Metadata | null): string {
  const name = metadata?.full_name;
  if (name === undefined || name === null) return '';
  return searchText(typeof name === 'string' ? name : JSON.stringify(name));
}

function searchText(text: string): string {
  return JSON.stringify(text.toLowerCase()).slice(1, -1);
}

/** Fills `search_name` for users stored before it existed. */
export async function backfillSearchNames(db: Queryable): Promise<void> {
  const missing = await db.query<{ id: string; user_metadata: string | null }>(
    'select id, user_metadata from users where search_name is null',
  );
  for (const row of missing.rows) {
    const metadata = row.user_metadata == null ? null : (JSON.parse(row.user_metadata) as Metadata);
    await db.query('update users set search_name = $2 where id = $1', [row.id, searchName(metadata)]);
  }
}

function values(row: UserRow): unknown[] {
  return COLUMNS.map((c) =>
    c === 'app_metadata' || c === 'user_metadata' ? (row[c] == null ? null : JSON.stringify(row[c])) : row[c],
  );
}

/** Inserts a user; resolves `false` when the email is already taken in that audience. */
export async function insertUser(db: Queryable, row: UserRow): Promise<boolean> {
  const placeholders = COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
  const result = await db.query(
    `insert into users (${COLUMNS.join(', ')}, email_key, search_name) values (${placeholders}, $${COLUMNS.length + 1}, $${COLUMNS.length + 2})
     on conflict (aud, email_key) do nothing`,
    [...values(row), emailKey(row.email), searchName(row.user_metadata)],
  );
  return (result.affectedRows ?? 0) === 1;
}

export async function saveUser(db: Queryable, row: UserRow): Promise<void> {
  const sets = COLUMNS.slice(1)
    .map((c, i) => `${c} = $${i + 2}`)
    .join(', ');
  await db.query(
    `update users set ${sets}, email_key = $${COLUMNS.length + 1}, search_name = $${COLUMNS.length + 2} where id = $1`,
    [...values(row), emailKey(row.email), searchName(row.user_metadata)],
  );
}

export async function deleteUser(db: Queryable, id: string): Promise<boolean> {
  await db.query('delete from refresh_tokens where user_id = $1', [id]);
  const result = await db.query('delete from users where id = $1', [id]);
  return (result.affectedRows ?? 0) === 1;
}

export async function issueRefreshToken(db: Queryable, userId: string, now: number): Promise<string> {
  const token = secureToken();
  await db.query('insert into refresh_tokens (token, user_id, created_at) values ($1, $2, $3)', [token, userId, now]);
  return token;
}

/**
 * Revokes a refresh token atomically: of many concurrent uses only one sees it unrevoked
 * (GoTrue's refresh token rotation). Returns the token row as it was, or null when unknown/used.
 */
export async function revokeRefreshToken(
  db: Queryable,
  token: string,
): Promise<{ user_id: string; created_at: number } | null> {
  if (!storable(token)) return null;
  const result = await db.query<{ user_id: string; created_at: number }>(
    'update refresh_tokens set revoked = true where token = $1 and revoked = false returning user_id, created_at',
    [token],
  );
  return result.rows[0] ?? null;
}

/** The user a refresh token was issued to, used or not; null when it is unknown. */
export async function refreshTokenOwner(db: Queryable, token: string): Promise<string | null> {
  if (!storable(token)) return null;
  const result = await db.query<{ user_id: string }>('select user_id from refresh_tokens where token = $1', [token]);
  return result.rows[0]?.user_id ?? null;
}

export async function deleteRefreshTokens(db: Queryable, userId: string): Promise<void> {
  await db.query('delete from refresh_tokens where user_id = $1', [userId]);
}

export interface UserListQuery {
  aud: string;
  /** Rows to skip; past what Postgres can skip nothing is found. */
  offset: bigint;
  limit: number;
  ascending: boolean;
  filter: string;
}

/** Postgres' largest OFFSET (bigint). */
export const MAX_OFFSET = 2n ** 63n - 1n;

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Users of an audience, newest first unless `ascending`; `filter` matches email or full name, ignoring case. */
export async function listUsers(db: Queryable, q: UserListQuery): Promise<{ users: UserRow[]; total: number }> {
  const params: unknown[] = [q.aud];
  let where = 'aud = $1';
  if (q.filter) {
    const email = q.filter.toLowerCase();
    params.push(storable(email) ? likePattern(email) : null, likePattern(searchText(q.filter)));
    where += ' and (email_key like $2 or search_name like $3)';
  }
  const total = await db.query<{ n: number }>(`select count(*)::int as n from users where ${where}`, params);
  if (q.offset > MAX_OFFSET) return { users: [], total: total.rows[0]?.n ?? 0 };
  const rows = await db.query<RawRow>(
    `select * from users where ${where} order by created_at ${q.ascending ? 'asc' : 'desc'}, id limit ${q.limit} offset ${q.offset}`,
    params,
  );
  return { users: rows.rows.map(fromRaw), total: total.rows[0]?.n ?? 0 };
}
