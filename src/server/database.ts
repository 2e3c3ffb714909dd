/**
 * The embedded database: PGlite (Postgres in WebAssembly, no native build). File-backed in a data
 * folder the user can see and delete, or in memory for tests.
 *
 * A fresh in-memory PGlite takes ~3.5 s to initialise on this class of machine; loading a dump of
 * an already-initialised database takes 0.5–2 s. So the first in-memory start of a schema version
 * writes such a dump to the OS temp folder and later starts (any process) load it, and all
 * in-memory instances of one process share one PGlite, each in its own Postgres schema: a second
 * instance starts in milliseconds. The shared PGlite closes when its last instance does.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

const SCHEMA = `
create table if not exists users (
  id uuid primary key,
  aud text not null default '',
  role text not null default '',
  email text not null,
  email_key text not null,
  encrypted_password text not null default '',
  confirmed_at double precision,
  invited_at double precision,
  confirmation_token text,
  confirmation_sent_at double precision,
  recovery_token text,
  recovery_sent_at double precision,
  email_change_token text,
  email_change text,
  email_change_sent_at double precision,
  app_metadata text,
  user_metadata text,
  created_at double precision not null,
  updated_at double precision not null
);
-- What the admin search compares the filter with (see users.ts); older data folders get it here.
alter table users add column if not exists search_name text;
create unique index if not exists users_aud_email on users (aud, email_key);
create index if not exists users_confirmation_token on users (confirmation_token);
create index if not exists users_recovery_token on users (recovery_token);
create table if not exists refresh_tokens (
  token text primary key,
  user_id uuid not null,
  revoked boolean not null default false,
  created_at double precision not null
);
create index if not exists refresh_tokens_user on refresh_tokens (user_id);
create table if not exists mails (
  id serial primary key,
  recipient text not null,
  sender text not null,
  subject text not null,
  kind text not null,
  link text not null,
  token text not null,
  html text not null,
  sent_at double precision not null
);
create table if not exists audit_log (
  id serial primary key,
  action text not null,
  actor_id text not null,
  actor_email text not null,
  payload text not null,
  created_at double precision not null
);
`;

/** The slice of PGlite the server uses; in-memory instances get a schema-scoped view. */
export interface Database {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[]; affectedRows?: number }>;
  close(): Promise<void>;
}

/** The installed PGlite build, so an upgrade never loads a dump made by another version. */
function pgliteBuild(): string {
  try {
    const stats = statSync(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
    return `${stats.size}-${stats.mtimeMs}`;
  } catch {
    return 'unknown';
  }
}

const SCHEMA_HASH = createHash('sha256').update(SCHEMA).update(pgliteBuild()).digest('hex').slice(0, 12);
let memoryDump: Promise<Blob> | undefined;

async function freshDump(): Promise<Blob> {
  const cacheFile = join(tmpdir(), `gotrue-auth-pglite-${SCHEMA_HASH}.tar`);
  if (existsSync(cacheFile)) {
    try {
      return new Blob([readFileSync(cacheFile)]);
    } catch {
      // unreadable cache: rebuild below
    }
  }
  const db = await PGlite.create();
  await db.exec(SCHEMA);
  const dump = await db.dumpDataDir('none');
  await db.close();
  try {
    const temp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temp, Buffer.from(await dump.arrayBuffer()));
    renameSync(temp, cacheFile); // atomic: parallel processes never read half a file
  } catch {
    // no writable temp folder: every process initialises its own
  }
  return dump;
}

async function createMemoryPGlite(): Promise<PGlite> {
  memoryDump ??= freshDump();
  try {
    return await PGlite.create({ loadDataDir: await memoryDump });
  } catch {
    memoryDump = undefined;
    return PGlite.create();
  }
}

let shared: { pg: Promise<PGlite>; users: number; next: number } | undefined;

async function openMemory(): Promise<Database> {
  shared ??= { pg: createMemoryPGlite(), users: 0, next: 0 };
  const current = shared;
  current.users++;
  const schema = `gotrue_${process.pid}_${++current.next}`;
  let pg: PGlite;
  try {
    pg = await current.pg;
    await pg.transaction(async (tx) => {
      await tx.exec(`create schema ${schema}; set local search_path to ${schema}; ${SCHEMA}`);
    });
  } catch (error) {
    current.users--;
    if (shared === current) shared = undefined;
    throw error;
  }
  let closed = false;
  return {
    // One transaction per query: PGlite runs them one at a time, so `set local` cannot leak.
    query: <T>(sql: string, params?: unknown[]) =>
      pg.transaction(async (tx) => {
        await tx.exec(`set local search_path to ${schema}`);
        return tx.query<T>(sql, params);
      }),
    async close() {
      if (closed) return;
      closed = true;
      current.users--;
      if (current.users > 0) {
        await pg.exec(`drop schema ${schema} cascade`);
        return;
      }
      if (shared === current) shared = undefined;
      await pg.close();
    },
  };
}

/** Opens (and creates when needed) the database; `dir` omitted means in memory. */
export async function openDatabase(dir?: string): Promise<Database> {
  if (!dir) return openMemory();
  mkdirSync(dir, { recursive: true });
  // relaxedDurability stays false: every commit is written through before the query resolves.
  const db = await PGlite.create(dir, { relaxedDurability: false });
  await db.exec(SCHEMA);
  return db;
}
