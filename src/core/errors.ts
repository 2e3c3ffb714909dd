/**
 * One error type for everything that can go wrong talking to GoTrue. `code` is stable and is what
 * the UI translates; `message` keeps the server's own text as a fallback for display.
 */

export const ERROR_CODES = [
  'invalid_credentials',
  'email_not_confirmed',
  'signup_disabled',
  'user_exists',
  'invalid_token',
  'token_expired',
  'password_required',
  'email_required',
  'invalid_email',
  'rate_limited',
  'unauthorized',
  'user_not_found',
  'provider_disabled',
  'session_expired',
  'webhook_rejected',
  'network',
  'timeout',
  'server',
  'bad_response',
  'unknown',
] as const;

export type AuthErrorCode = (typeof ERROR_CODES)[number];

export interface AuthErrorInit {
  /** HTTP status, when the server answered. */
  status?: number;
  /** The server's own message (`msg` or `error_description`), kept for display as a fallback. */
  serverMessage?: string;
  /** The OAuth `error` field of a `/token` answer, e.g. `invalid_grant`. */
  oauthError?: string;
  cause?: unknown;
}

export class AuthError extends Error {
  override readonly name = 'AuthError';
  readonly code: AuthErrorCode;
  readonly status: number | undefined;
  readonly serverMessage: string | undefined;
  readonly oauthError: string | undefined;

  constructor(code: AuthErrorCode, message: string, init: AuthErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.status = init.status;
    this.serverMessage = init.serverMessage;
    this.oauthError = init.oauthError;
  }

  /**
   * A failure worth retrying later: the server was unreachable, slow, or broken. A transient
   * failure must never end a session (PRODUCT.md defect 6).
   */
  get transient(): boolean {
    return (
      this.code === 'network' ||
      this.code === 'timeout' ||
      this.code === 'server' ||
      this.code === 'bad_response' ||
      this.code === 'rate_limited'
    );
  }
}

export function isAuthError(value: unknown): value is AuthError {
  return value instanceof AuthError;
}
