/**
 * `gotrue-auth-server invoke <event> --email <address>`, and the same from code: calls an identity
 * event function with the payload GoTrue would send for a real stored user, and reports the
 * request, the answer and what the answer would change. Nothing is saved.
 */
import type { WebhookEvent, WireUser } from '../../core/wire.js';
import { loadConfig, readDotEnv, type Config, type Env } from '../config.js';
import { loadSecrets } from '../secrets.js';
import { eventRequest, FUNCTION_EVENTS } from './event-functions.js';
import { FUNCTIONS_PATH, type FunctionsRuntime } from './runtime.js';

export interface InvokeTarget {
  /** The running server's API, e.g. `http://127.0.0.1:9999`. */
  url: string;
  operatorToken: string;
  config: Config;
  functions: FunctionsRuntime;
}

type MetadataKey = 'app_metadata' | 'user_metadata';

export interface InvokeReport {
  function: string;
  request: {
    method: 'POST';
    url: string;
    headers: Record<string, string>;
    body: { event: WebhookEvent; instance_id: string; user: WireUser };
  };
  answer: { status: number; body: string };
  /** Whether GoTrue would go on with the action (200, 202 or 204) or refuse it. */
  outcome: 'accepted' | 'blocked';
  /** The stored maps the answer would replace. */
  changes: Partial<Record<MetadataKey, { before: unknown; after: unknown }>>;
  /** Why the answer blocks the action, in GoTrue's words. */
  error?: string;
}

async function storedUser(target: InvokeTarget, email: string): Promise<WireUser> {
  const answer = await fetch(`${target.url}/admin/users?filter=${encodeURIComponent(email)}&per_page=1000`, {
    headers: { Authorization: `Bearer ${target.operatorToken}` },
  });
  if (!answer.ok) throw new Error(`the admin API answered ${answer.status}: ${await answer.text()}`);
  const { users } = (await answer.json()) as { users: WireUser[] };
  const user = users.find((u) => u.email.toLowerCase() === email.toLowerCase());
  if (!user) throw new Error(`no user with the address ${email}`);
  return user;
}

export async function invokeEventFunction(target: InvokeTarget, event: string, email: string): Promise<InvokeReport> {
  if (!FUNCTION_EVENTS.includes(event as WebhookEvent))
    throw new Error(`unknown event "${event}": use ${FUNCTION_EVENTS.join(', ')}`);
  const { functions } = target;
  const name = [`identity-${event}`, `identity-${event}-background`].find((n) => functions.has(n));
  if (!name) throw new Error(`no identity-${event} function in ${functions.dir}`);
  const user = await storedUser(target, email);
  const { body, headers } = await eventRequest(event as WebhookEvent, user, target.config.jwtSecret, Date.now());
  functions.origin = new URL(target.url).origin;
  const url = new URL(`${FUNCTIONS_PATH}/${name}`, functions.origin);
  const answer = await functions.call(name, {
    method: 'POST',
    url,
    headers: Object.entries(headers).map(([n, v]) => [n.toLowerCase(), v]),
    body: Buffer.from(body),
  });
  await functions.settle(); // a background function has finished (and logged any failure) by the time the report is read
  const text = answer.body.toString('utf8');
  const report: InvokeReport = {
    function: name,
    request: { method: 'POST', url: url.href, headers, body: JSON.parse(body) as InvokeReport['request']['body'] },
    answer: { status: answer.status, body: text },
    outcome: [200, 202, 204].includes(answer.status) ? 'accepted' : 'blocked',
    changes: {},
  };
  if (report.outcome === 'blocked') {
    report.error = '422 Failed to handle signup webhook';
    return report;
  }
  if (!text.trim()) return report;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    return { ...report, outcome: 'blocked', error: `500 Webhook returned malformed JSON: ${(error as Error).message}` };
  }
  for (const key of ['app_metadata', 'user_metadata'] as const) {
    const value = parsed?.[key];
    if (value && typeof value === 'object') report.changes[key] = { before: user[key], after: value };
  }
  return report;
}

/**
 * The configuration a server on `dataDir` runs with (`.env` file, then GOTRUE_* from the
 * environment, then `overrides`), so the CLI signs as that server does.
 */
export function serverConfig(dataDir: string, envFile: string, overrides: Env = {}): Config {
  const gotrue = (source: Env) => Object.fromEntries(Object.entries(source).filter(([k]) => k.startsWith('GOTRUE_')));
  return loadConfig({ ...gotrue(readDotEnv(envFile)), ...gotrue(process.env), ...overrides }, loadSecrets(dataDir));
}

/** The report as the CLI prints it: the request, the answer, then what it does. */
export function formatInvokeReport(report: InvokeReport): string {
  const lines = [`POST ${report.request.url}`];
  for (const [name, value] of Object.entries(report.request.headers)) lines.push(`${name}: ${value}`);
  lines.push('', JSON.stringify(report.request.body, null, 2), '', `<- ${report.answer.status}`);
  if (report.answer.body) lines.push(report.answer.body);
  lines.push('');
  if (report.outcome === 'blocked') {
    lines.push(`Blocked: GoTrue would answer ${report.error} and keep nothing of the ${report.request.body.event}.`);
  } else {
    const changed = Object.entries(report.changes);
    if (!changed.length) lines.push('Accepted: nothing would change.');
    for (const [key, change] of changed) {
      lines.push(
        `Accepted: ${key} would be replaced`,
        `  was: ${JSON.stringify(change.before)}`,
        `  now: ${JSON.stringify(change.after)}`,
      );
    }
  }
  lines.push('(invoke saves nothing)');
  return lines.join('\n');
}
