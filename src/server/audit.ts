/**
 * The admin audit log (`GET /admin/audit`): who did what, with GoTrue's action names and log
 * types. The entries' contents are this server's own; no client depends on them.
 */
import type { Instance } from './context.js';
import { MAX_OFFSET, type UserRow } from './users.js';

export type AuditAction =
  | 'login'
  | 'logout'
  | 'invite_accepted'
  | 'user_signedup'
  | 'user_invited'
  | 'user_deleted'
  | 'user_modified'
  | 'user_recovery_requested'
  | 'token_revoked'
  | 'token_refreshed';

const LOG_TYPES: Record<AuditAction, string> = {
  login: 'account',
  logout: 'account',
  invite_accepted: 'account',
  user_signedup: 'team',
  user_invited: 'team',
  user_deleted: 'team',
  token_revoked: 'token',
  token_refreshed: 'token',
  user_modified: 'user',
  user_recovery_requested: 'user',
};

/** `actor` null = the operator or a system-user token. */
export async function recordAudit(
  app: Instance,
  action: AuditAction,
  actor: UserRow | null,
  traits?: Record<string, string>,
): Promise<void> {
  const payload = { log_type: LOG_TYPES[action], ...(traits ? { traits } : {}) };
  await app.db.query(
    'insert into audit_log (action, actor_id, actor_email, payload, created_at) values ($1, $2, $3, $4, $5)',
    [
      action,
      actor?.id ?? '00000000-0000-0000-0000-000000000000',
      actor?.email ?? '',
      JSON.stringify(payload),
      app.now(),
    ],
  );
}

export interface AuditQuery {
  scope: 'action' | 'author' | 'type' | '';
  value: string;
  /** Rows to skip; past what Postgres can skip nothing is found. */
  offset: bigint;
  limit: number;
}

export async function listAudit(app: Instance, q: AuditQuery): Promise<unknown[]> {
  // Postgres text cannot hold a NUL, so nothing stored matches one (and it cannot be a parameter).
  if (q.value.includes('\u0000') || q.offset > MAX_OFFSET) return [];
  const where =
    q.scope === 'action'
      ? 'action = $1'
      : q.scope === 'author'
        ? '(actor_email ilike $1 or actor_id = $2)'
        : q.scope === 'type'
          ? `payload::json->>'log_type' = $1`
          : 'true';
  const params = q.scope === 'author' ? [`%${q.value}%`, q.value] : q.scope ? [q.value] : [];
  const rows = await app.db.query<{
    id: number;
    action: string;
    actor_id: string;
    actor_email: string;
    payload: string;
    created_at: number;
  }>(`select * from audit_log where ${where} order by id desc limit ${q.limit} offset ${q.offset}`, params);
  return rows.rows.map((e) => ({
    id: e.id,
    payload: {
      action: e.action,
      actor_id: e.actor_id,
      actor_username: e.actor_email,
      ...(JSON.parse(e.payload) as object),
    },
    created_at: new Date(e.created_at).toISOString(),
  }));
}
