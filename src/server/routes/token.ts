/**
 * `POST /token`: form fields, OAuth-style errors with HTTP 400, password and refresh_token
 * grants, optional per-header rate limit.
 */
import { MESSAGES } from '../../core/wire.js';
import { checkPassword, cookieHeaders, issueTokens, requestAudience } from '../auth.js';
import type { Handler, Instance, RouteRequest } from '../context.js';
import { HttpError, OAuthError, readForm, sendJson } from '../http.js';
import { findUserByEmail, findUserById, refreshTokenOwner, revokeRefreshToken, saveUser, toWire } from '../users.js';
import { applyHookAnswer } from './account.js';
import { recordAudit } from '../audit.js';

const BURST = 30;
const REFILL_MS = (5 * 60_000) / BURST;

/** Token bucket per value of GOTRUE_RATE_LIMIT_HEADER: 30 burst, 30 per 5 minutes, as GoTrue's. */
function rateLimit(app: Instance, r: RouteRequest): void {
  const header = app.config.rateLimitHeader;
  if (!header) return;
  const key = String(r.req.headers[header.toLowerCase()] ?? '');
  const now = app.now();
  const bucket = app.buckets.get(key) ?? { tokens: BURST, at: now };
  bucket.tokens = Math.min(BURST, bucket.tokens + (now - bucket.at) / REFILL_MS);
  bucket.at = now;
  app.buckets.set(key, bucket);
  if (bucket.tokens < 1) throw new HttpError(429, MESSAGES.rateLimited);
  bucket.tokens -= 1;
}

async function passwordGrant(app: Instance, r: RouteRequest, form: URLSearchParams): Promise<void> {
  const email = form.get('username') ?? '';
  const password = form.get('password') ?? '';
  const user = await findUserByEmail(app.db, email, requestAudience(app, r));
  if (!user) {
    await checkPassword(password, app.dummyHash); // same work as a real check: timing does not tell who has an account
    throw new OAuthError('invalid_grant', MESSAGES.noUserOrBadPassword);
  }
  // Checked before the password, as GoTrue does (observed).
  if (user.confirmed_at == null) throw new OAuthError('invalid_grant', MESSAGES.emailNotConfirmed);
  // OAuth-only users have no password at all: nothing may log in as them here.
  const matches = await checkPassword(password, user.encrypted_password || app.dummyHash);
  if (!matches || !user.encrypted_password) throw new OAuthError('invalid_grant', MESSAGES.noUserOrBadPassword);
  const answer = await app.hooks.fire('login', toWire(user));
  if (answer) {
    applyHookAnswer(user, answer);
    user.updated_at = app.now();
    await saveUser(app.db, user);
  }
  const tokens = await issueTokens(app, user);
  await recordAudit(app, 'login', user);
  sendJson(r.res, 200, tokens, cookieHeaders(app, r, tokens));
}

async function refreshGrant(app: Instance, r: RouteRequest, form: URLSearchParams): Promise<void> {
  const token = form.get('refresh_token') ?? '';
  if (!token) throw new OAuthError('invalid_request', MESSAGES.refreshTokenRequired);
  const owner = await refreshTokenOwner(app.db, token);
  if (!owner) throw new OAuthError('invalid_grant', MESSAGES.invalidRefreshToken);
  // Revoking the old token and storing the new one happen under the user's lock, which logout
  // takes too: a logout then falls before the revocation (the token is gone) or after the new
  // token is stored (and deletes it), never in between.
  const { user, tokens } = await app.lock.run(`user\u0000${owner}`, async () => {
    // One atomic update: of many concurrent uses of one token exactly one wins (GoTrue's rotation).
    const used = await revokeRefreshToken(app.db, token);
    if (!used) {
      const known = await app.db.query('select 1 from refresh_tokens where token = $1', [token]);
      throw new OAuthError('invalid_grant', MESSAGES.invalidRefreshToken, known.rows.length > 0);
    }
    if (app.now() - used.created_at > app.config.refreshTokenLifetimeSeconds * 1000) {
      throw new OAuthError('invalid_grant', MESSAGES.refreshTokenExpired, true);
    }
    const found = await findUserById(app.db, used.user_id);
    if (!found) throw new OAuthError('invalid_grant', MESSAGES.invalidRefreshToken);
    return { user: found, tokens: await issueTokens(app, found) };
  });
  await recordAudit(app, 'token_refreshed', user);
  sendJson(r.res, 200, tokens, cookieHeaders(app, r, tokens));
}

export const token: Handler = async (app, r) => {
  rateLimit(app, r);
  if (app.config.emailDisabled) throw new HttpError(400, MESSAGES.unsupportedEmailProvider);
  const form = await readForm(r.req, r.url, app.config.maxBodyBytes);
  const grant = form.get('grant_type') ?? '';
  if (grant === 'password') return passwordGrant(app, r, form);
  if (grant === 'refresh_token') return refreshGrant(app, r, form);
  throw new OAuthError('unsupported_grant_type');
};
