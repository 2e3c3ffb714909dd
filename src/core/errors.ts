/**
 * One error type for everything that can go wrong talking to GoTrue. `code` is stable and is what
 * the UI translates; `message` keeps the server's own text as a fallback for display.
 */

import { en } from './i18n/en.js';

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
  'endpoint_not_found',
  'provider_cancelled',
  'provider_email_mismatch',
  'provider_exchange_failed',
  'provider_error',
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
    // The Error options: `cause` is kept when init has one.
    super(message, init);
    this.code = code;
    this.status = init.status;
    this.serverMessage = init.serverMessage;
    this.oauthError = init.oauthError;
  }

  /**
   * A failure worth retrying later: the server was unreachable, slow, or broken. A transient
   * failure must never end a session: a network blip is not a logout.
   */
  get transient(): boolean {
    return TRANSIENT.includes(this.code);
  }
}

export function isAuthError(value: unknown): value is AuthError {
  return value instanceof AuthError;
}

/**
 * Which call a failed answer came from. The same status means different things on different
 * endpoints: a 404 "User not found" from `/verify` is a dead link, from `GET /user` a deleted user.
 */
export type Endpoint =
  'settings' | 'signup' | 'login' | 'refresh' | 'verify' | 'recover' | 'user' | 'logout' | 'authorize' | 'admin';

/**
 * Server messages that mean one code on every endpoint, recognised by a short distinctive
 * part of GoTrue's text; wire.ts `MESSAGES` has the full strings (the local server sends them).
 * Some have a variable tail (an email parser's error, a provider's name, a webhook's URL), so a
 * start or an end is matched, not the whole.
 */
const BY_MESSAGE: ReadonlyArray<readonly [AuthErrorCode, RegExp]> = [
  ['invalid_credentials', /^No user found with that email/],
  ['email_not_confirmed', /^Email not confirmed/],
  // Refresh, confirmation, recovery and email change tokens.
  ['token_expired', /token expired$/i],
  [
    'invalid_token',
    /^Invalid Refresh Token|^refresh_token required|^Verify requires a token|^Email Change Token didn't/,
  ],
  ['signup_disabled', /^Signups not allowed/],
  ['user_exists', /already (been )?registered/],
  ['password_required', /(a valid|specify a) password$/],
  ['email_required', /^An email address is required|requires an email$/],
  ['rate_limited', /^Rate limit exceeded/],
  // `/logout` with the token of a deleted user.
  ['user_not_found', /^Invalid user$/],
  // `X-JWT-AUD` names another audience than the token's.
  ['unauthorized', /^Token audience/],
  ['invalid_email', /^Unable to validate email/],
  ['provider_disabled', /^Unsupported (email )?provider|^SAML Provider is not enabled/],
  ['webhook_rejected', /webhook|^Failed to connect to/i],
  // Not GoTrue's: a URL fragment with GoTrue's fields that fragment.ts refused. To the user, a dead link.
  ['invalid_token', /^Link refused: /],
];

const TRANSIENT: readonly AuthErrorCode[] = [
  'network',
  'timeout',
  'server',
  'bad_response',
  'endpoint_not_found',
  'rate_limited',
];

/** The code a GoTrue message means wherever it comes from, if it is one of those. */
export function codeForMessage(message: string): AuthErrorCode | undefined {
  return BY_MESSAGE.find(([, pattern]) => pattern.test(message))?.[0];
}

function codeForStatus(status: number, endpoint: Endpoint): AuthErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 403) return endpoint === 'signup' ? 'signup_disabled' : 'unauthorized';
  if (status === 429) return 'rate_limited';
  if (status === 404) {
    // `/verify` and `/authorize?invite_token=`: a consumed, superseded or unknown email-link token
    // is "User not found".
    if (endpoint === 'verify' || endpoint === 'authorize') return 'invalid_token';
    return endpoint === 'user' || endpoint === 'admin' ? 'user_not_found' : 'unknown';
  }
  if (status >= 500) return 'server';
  return 'unknown';
}

/**
 * An AuthError for a failure that is not a GoTrue answer (network, timeout, garbage, a proxy's
 * page), with the English catalogue's text as its message.
 */
export function transportError(
  code: 'network' | 'timeout' | 'bad_response' | 'endpoint_not_found' | 'server' | 'rate_limited',
  init: AuthErrorInit = {},
): AuthError {
  return new AuthError(code, en[`error.${code}`], init);
}

/**
 * Maps a non-2xx answer to an AuthError. GoTrue speaks two error shapes: the HTTPError
 * `{code,msg}` everywhere, and the OAuth `{error,error_description}` on `/token` (always 400).
 * Anything else (an HTML proxy page, `404 page not found` text) is not GoTrue talking.
 */
export function errorFromAnswer(status: number, body: unknown, endpoint: Endpoint): AuthError {
  const fields = (typeof body === 'object' && body) as Record<string, unknown> | null;
  const oauthError = fields && typeof fields.error === 'string' ? fields.error : undefined;
  const text = fields && (oauthError ? fields.error_description : fields.msg);
  const serverMessage = typeof text === 'string' ? text : undefined;
  if (!oauthError && serverMessage === undefined) return notGoTrue(status);
  const code =
    (serverMessage && codeForMessage(serverMessage)) ||
    // An unknown `invalid_grant` is a bad password on login and a dead token on refresh.
    (oauthError === 'invalid_grant'
      ? endpoint === 'refresh'
        ? 'invalid_token'
        : 'invalid_credentials'
      : codeForStatus(status, endpoint));
  return new AuthError(code, serverMessage ?? oauthError!, { status, serverMessage, oauthError });
}

/**
 * A failed answer in no GoTrue shape: a proxy or CDN spoke. Its status still says something; a
 * plain 404 means nothing serves the API at that URL (a wrong `api-url`, Identity not enabled).
 */
function notGoTrue(status: number): AuthError {
  const code =
    status === 429 ? 'rate_limited' : status >= 500 ? 'server' : status === 404 ? 'endpoint_not_found' : 'bad_response';
  return transportError(code, { status });
}
