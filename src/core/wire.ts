/**
 * The GoTrue wire contract: request and response bodies of every endpoint the widget and the
 * local server speak (docs/gotrue-behaviour.md says what GoTrue does with them). Both sides
 * import these types, so the client and the server cannot drift apart silently.
 */

/** A JSON object of user or app metadata; `null` when the user has none. */
export type Metadata = Record<string, unknown>;

/** Application metadata; `roles` is where GoTrue keeps roles. */
export interface AppMetadata extends Metadata {
  provider?: string;
  roles?: string[];
}

/** GoTrue's user object. Optional timestamps are left out by the server until they are set. */
export interface WireUser {
  id: string;
  aud: string;
  role: string;
  email: string;
  confirmed_at?: string;
  invited_at?: string;
  confirmation_sent_at?: string;
  recovery_sent_at?: string;
  new_email?: string;
  email_change_sent_at?: string;
  last_sign_in_at?: string;
  app_metadata: AppMetadata | null;
  user_metadata: Metadata | null;
  created_at: string;
  updated_at: string;
}

/** `POST /token` and `POST /verify` success body: no user, no `expires_at`. */
export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token: string;
}

/** The claims of a GoTrue access token, exactly: no `iat`, `iss`, `jti` or `role`. */
export interface AccessTokenClaims {
  aud?: string;
  exp: number;
  sub: string;
  email: string;
  app_metadata: AppMetadata | null;
  user_metadata: Metadata | null;
}

/** The external providers GoTrue knows, in `/settings` order. */
export const PROVIDERS = ['bitbucket', 'github', 'gitlab', 'google', 'facebook', 'saml'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** How each provider writes its own name. */
export const PROVIDER_NAMES: Record<Provider, string> = {
  bitbucket: 'Bitbucket',
  github: 'GitHub',
  gitlab: 'GitLab',
  google: 'Google',
  facebook: 'Facebook',
  saml: 'SAML',
};

/** `GET /settings`. */
export interface Settings {
  external: Record<Provider | 'email', boolean>;
  external_labels: Partial<Record<Provider, string>>;
  disable_signup: boolean;
  autoconfirm: boolean;
}

/** `GET /health`. */
export interface Health {
  description: string;
  name: string;
  version: string;
}

/** `POST /signup` body. */
export interface SignupRequest {
  email: string;
  password: string;
  data?: Metadata;
}

/** `POST /token` form fields; sent form-encoded, never as JSON. */
export type TokenRequest =
  | { grant_type: 'password'; username: string; password: string }
  | { grant_type: 'refresh_token'; refresh_token: string };

/** `POST /verify` body: only `signup` and `recovery` exist; an invite is `signup` + password. */
export interface VerifyRequest {
  type: 'signup' | 'recovery';
  token: string;
  password?: string;
}

/** `POST /recover` body. */
export interface RecoverRequest {
  email: string;
}

/** `PUT /user` body. A `null` value inside `data` deletes that key. */
export interface UserUpdateRequest {
  email?: string;
  password?: string;
  data?: Record<string, unknown>;
  email_change_token?: string;
  app_metadata?: Record<string, unknown>;
}

/** `POST /invite` body. */
export interface InviteRequest {
  email: string;
  data?: Metadata;
}

/** `POST /admin/users` body. */
export interface AdminCreateUserRequest {
  email: string;
  password?: string;
  aud?: string;
  role?: string;
  confirm?: boolean;
  user_metadata?: Metadata;
  app_metadata?: Metadata;
}

/** `PUT /admin/users/{id}` body. */
export interface AdminUpdateUserRequest {
  role?: string;
  confirm?: boolean;
  password?: string;
  email?: string;
  app_metadata?: Metadata;
  user_metadata?: Metadata;
}

/** `GET /admin/users`. */
export interface AdminUserList {
  aud: string;
  users: WireUser[];
}

/** Query of `GET /admin/users`. */
export interface AdminListQuery {
  page?: number;
  per_page?: number;
  sort?: string;
  filter?: string;
}

/** GoTrue's HTTPError body, on every endpoint; 5xx answers add `error_id`. */
export interface HttpErrorBody {
  code: number;
  msg: string;
  error_id?: string;
}

/** The OAuth error body, only from `/token`, always HTTP 400. */
export interface OAuthErrorBody {
  error: string;
  error_description?: string;
}

/** Webhook events and the body GoTrue posts. */
export type WebhookEvent = 'validate' | 'signup' | 'login' | 'usermodified' | 'userdeleted';
export interface WebhookPayload {
  event: WebhookEvent;
  instance_id: string;
  user: WireUser;
}

/** The `X-Use-Cookie` header values: `1` = persistent cookie, `session` = session cookie. */
export type CookieMode = '1' | 'session';

/** Exact server message strings the client maps to typed codes, and the server sends. */
export const MESSAGES = {
  noUserOrBadPassword: 'No user found with that email, or password invalid.',
  emailNotConfirmed: 'Email not confirmed',
  invalidRefreshToken: 'Invalid Refresh Token',
  refreshTokenExpired: 'Refresh token expired',
  refreshTokenRequired: 'refresh_token required',
  signupDisabled: 'Signups not allowed for this instance',
  userExists: 'A user with this email address has already been registered',
  emailTaken: 'Email address already registered by another user',
  signupNeedsPassword: 'Signup requires a valid password',
  emailRequired: 'An email address is required',
  userNotFound: 'User not found',
  verifyNeedsToken: 'Verify requires a token',
  verifyNeedsType: 'Verify requires a verification type',
  invitedNeedsPassword: 'Invited users must specify a password',
  confirmationExpired: 'Confirmation token expired',
  recoveryExpired: 'Recovery token expired',
  emailChangeExpired: 'Email change token expired',
  emailChangeMismatch: "Email Change Token didn't match token on file",
  recoveryNeedsEmail: 'Password recovery requires an email',
  recoverRateLimited: 'Rate limit exceeded, try again later',
  rateLimited: 'Rate limit exceeded',
  bearerRequired: 'This endpoint requires a Bearer token',
  invalidUser: 'Invalid user',
  userNotAllowed: 'User not allowed',
  invalidAdminUser: 'Invalid admin user',
  appMetadataNeedsAdmin: 'Updating app_metadata requires admin privileges',
  audienceMismatch: "Token audience doesn't match request audience",
  unsupportedEmailProvider: 'Unsupported email provider',
  providerNotEnabled: 'Unsupported provider: Provider is not enabled',
  webhookFailed: 'Failed to handle signup webhook',
} as const;
