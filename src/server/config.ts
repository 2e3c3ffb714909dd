/**
 * Server configuration read from GoTrue's own environment variable names, with
 * safe local defaults. Sources, later wins: `.env` file, `process.env`, the `env` option.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { PROVIDERS, type Provider } from '../core/wire.js';

export type Env = Record<string, string | undefined>;

export interface ProviderConfig {
  enabled: boolean;
  clientId: string;
  secret: string;
  redirectUri: string;
  /** Self-hosted GitLab / GitHub Enterprise base URL. */
  url: string;
}

export interface MailKindConfig {
  subject: string;
  path: string;
}

export type MailKind = 'confirmation' | 'invite' | 'recovery' | 'email_change';

export interface Config {
  siteUrl: string;
  jwtSecret: string;
  jwtExpSeconds: number;
  jwtAud: string;
  adminGroup: string;
  defaultGroup: string;
  refreshTokenLifetimeSeconds: number;
  disableSignup: boolean;
  autoconfirm: boolean;
  emailDisabled: boolean;
  samlName: string;
  smtpMaxFrequencyMs: number;
  smtpAdminEmail: string;
  confirmationMaxAgeMs: number;
  recoveryMaxAgeMs: number;
  inviteMaxAgeMs: number;
  mail: Record<MailKind, MailKindConfig>;
  providers: Record<Provider, ProviderConfig>;
  externalRedirectUrl: string;
  cookieKey: string;
  cookieDurationSeconds: number;
  rateLimitHeader: string;
  operatorToken: string;
  webhook: { url: string; secret: string; events: string[]; retries: number; timeoutSec: number };
  /** `EXPORT_SECRET` header value required by `GET /admin/users/export` when set, as GoTrue's API_EXPORT_SECRET. */
  exportSecret: string;
  /** Local only: bcrypt cost, GoTrue's is 10. Lower it only in tests. */
  bcryptCost: number;
  /** Local only: body size limit for JSON and form bodies (bytes). */
  maxBodyBytes: number;
}

const SUBJECTS: Record<MailKind, string> = {
  confirmation: 'Confirm Your Signup',
  invite: 'You have been invited',
  recovery: 'Reset Your Password',
  email_change: 'Confirm Email Change',
};

/** Go's `time.ParseDuration` for the units GoTrue configs use: `15m`, `1s`, `1h30m`, `500ms`. */
export function parseGoDuration(text: string): number {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== trimmed) {
    throw new Error(`time: invalid duration "${text}"`);
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * (units[p[2] as string] ?? 0), 0);
}

function bool(value: string | undefined, fallback = false): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 't', 'true', 'yes', 'on'].includes(value.trim().toLowerCase());
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got "${value}"`);
  return n;
}

function duration(name: string, value: string | undefined, fallback: string): number {
  try {
    return parseGoDuration(value && value.trim() ? value : fallback);
  } catch {
    throw new Error(`${name} must be a Go duration like 15m or 1s, got "${value}"`);
  }
}

/** Reads a `.env` file if present; a missing file is not an error. */
export function readDotEnv(path: string): Env {
  if (!existsSync(path)) return {};
  return parseEnv(readFileSync(path, 'utf8')) as Env;
}

/**
 * Why `url` cannot be the site URL, or '' when it can. Every mail link and OAuth landing is built
 * on it: a line break would end up in a Location header, and a `javascript:` or `data:` link in a
 * mail runs script instead of opening the site. URL parsers drop tabs and line breaks silently, so
 * the text is checked before parsing.
 */
export function siteUrlProblem(url: string): string {
  const shown = JSON.stringify(url);
  const expected = 'must be an http:// or https:// URL without spaces or control characters';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (/[\s\u0000-\u001f\u007f]/.test(url)) return `${expected}, got ${shown}`;
  try {
    const { protocol, hostname } = new URL(url);
    if ((protocol === 'http:' || protocol === 'https:') && hostname) return '';
  } catch {
    // reported below
  }
  return `${expected}, got ${shown}`;
}

/**
 * Builds the configuration. `secrets` supplies the generated JWT secret and operator token when
 * the environment sets none (they are persisted with the data, never fixed in code).
 */
export function loadConfig(env: Env, secrets: { jwtSecret: string; operatorToken: string }): Config {
  const providers = Object.fromEntries(
    PROVIDERS.map((p) => {
      const key = `GOTRUE_EXTERNAL_${p.toUpperCase()}`;
      return [
        p,
        {
          enabled: bool(env[`${key}_ENABLED`]),
          clientId: env[`${key}_CLIENT_ID`] ?? '',
          secret: env[`${key}_SECRET`] ?? '',
          redirectUri: env[`${key}_REDIRECT_URI`] ?? '',
          url: env[`${key}_URL`] ?? '',
        },
      ];
    }),
  ) as Record<Provider, ProviderConfig>;
  const mail = Object.fromEntries(
    (Object.keys(SUBJECTS) as MailKind[]).map((kind) => {
      const key = kind.toUpperCase();
      return [
        kind,
        {
          subject: env[`GOTRUE_MAILER_SUBJECTS_${key}`] || SUBJECTS[kind],
          path: env[`GOTRUE_MAILER_URL_PATHS_${key}`] || '/',
        },
      ];
    }),
  ) as Record<MailKind, MailKindConfig>;
  const siteUrl = env.GOTRUE_SITE_URL || 'http://localhost:5173';
  const problem = siteUrlProblem(siteUrl);
  if (problem) throw new Error(`GOTRUE_SITE_URL ${problem}`);
  return {
    siteUrl,
    jwtSecret: env.GOTRUE_JWT_SECRET || secrets.jwtSecret,
    jwtExpSeconds: int('GOTRUE_JWT_EXP', env.GOTRUE_JWT_EXP, 3600),
    jwtAud: env.GOTRUE_JWT_AUD ?? '',
    adminGroup: env.GOTRUE_JWT_ADMIN_GROUP_NAME || 'admin',
    defaultGroup: env.GOTRUE_JWT_DEFAULT_GROUP_NAME ?? '',
    refreshTokenLifetimeSeconds: int(
      'GOTRUE_JWT_REFRESH_TOKEN_LIFETIME',
      env.GOTRUE_JWT_REFRESH_TOKEN_LIFETIME,
      2_592_000,
    ),
    disableSignup: bool(env.GOTRUE_DISABLE_SIGNUP),
    autoconfirm: bool(env.GOTRUE_MAILER_AUTOCONFIRM),
    emailDisabled: bool(env.GOTRUE_EXTERNAL_EMAIL_DISABLED),
    samlName: env.GOTRUE_EXTERNAL_SAML_NAME ?? '',
    smtpMaxFrequencyMs: duration('GOTRUE_SMTP_MAX_FREQUENCY', env.GOTRUE_SMTP_MAX_FREQUENCY, '15m'),
    smtpAdminEmail: env.GOTRUE_SMTP_ADMIN_EMAIL || 'admin@example.com',
    confirmationMaxAgeMs: duration('GOTRUE_MAILER_CONFIRMATION_MAX_AGE', env.GOTRUE_MAILER_CONFIRMATION_MAX_AGE, '24h'),
    recoveryMaxAgeMs: duration('GOTRUE_MAILER_RECOVERY_MAX_AGE', env.GOTRUE_MAILER_RECOVERY_MAX_AGE, '24h'),
    inviteMaxAgeMs: duration('GOTRUE_MAILER_INVITE_MAX_AGE', env.GOTRUE_MAILER_INVITE_MAX_AGE, '168h'),
    mail,
    providers,
    externalRedirectUrl: env.GOTRUE_EXTERNAL_REDIRECT_URL ?? '',
    cookieKey: env.GOTRUE_COOKIE_KEY || 'nf_jwt',
    cookieDurationSeconds: int('GOTRUE_COOKIE_DURATION', env.GOTRUE_COOKIE_DURATION, 86400),
    rateLimitHeader: env.GOTRUE_RATE_LIMIT_HEADER ?? '',
    operatorToken: env.GOTRUE_OPERATOR_TOKEN || secrets.operatorToken,
    webhook: {
      url: env.GOTRUE_WEBHOOK_URL ?? '',
      secret: env.GOTRUE_WEBHOOK_SECRET ?? '',
      events: (env.GOTRUE_WEBHOOK_EVENTS ?? '')
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean),
      retries: int('GOTRUE_WEBHOOK_RETRIES', env.GOTRUE_WEBHOOK_RETRIES, 3),
      timeoutSec: int('GOTRUE_WEBHOOK_TIMEOUT_SEC', env.GOTRUE_WEBHOOK_TIMEOUT_SEC, 5),
    },
    exportSecret: env.GOTRUE_API_EXPORT_SECRET ?? '',
    bcryptCost: int('GOTRUE_BCRYPT_COST', env.GOTRUE_BCRYPT_COST, 10),
    maxBodyBytes: int('GOTRUE_MAX_BODY_BYTES', env.GOTRUE_MAX_BODY_BYTES, 1_048_576),
  };
}
