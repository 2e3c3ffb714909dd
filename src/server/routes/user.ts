/**
 * `GET /user`, `PUT /user`, `POST /logout`.
 */
import { MESSAGES } from '../../core/wire.js';
import { bearer, hashPassword, isAdmin, isUuid, parseClaims, requestAudience, requireUser } from '../auth.js';
import type { Handler } from '../context.js';
import { recordAudit } from '../audit.js';
import { emailSyntaxError } from '../email-address.js';
import { clearingCookie, HttpError, readJson, sendJson } from '../http.js';
import {
  deleteRefreshTokens,
  findUserByEmail,
  findUserById,
  mergeMetadata,
  saveUser,
  secureToken,
  toWire,
} from '../users.js';

export const getUser: Handler = async (app, r) => {
  const { user } = await requireUser(app, r);
  sendJson(r.res, 200, toWire(user));
};

export const updateUser: Handler = async (app, r) => {
  const { claims, user: caller } = await requireUser(app, r);
  const body = await readJson(r.req, app.config.maxBodyBytes, 'Could not read User Update params', 'UserUpdateParams', {
    email: 'string',
    password: 'string',
    data: 'object',
    email_change_token: 'string',
    app_metadata: 'object',
  });
  const aud = requestAudience(app, r, claims);
  const updated = await app.lock.run(`user\u0000${caller.id}`, async () => {
    // Everything is applied to a copy and saved once at the end: an error leaves the user as it was.
    const user = (await findUserById(app.db, caller.id)) ?? caller;
    let mail: { to: string; token: string } | null = null;
    if (typeof body.password === 'string' && body.password)
      user.encrypted_password = await hashPassword(app, body.password);
    if (body.data && typeof body.data === 'object')
      user.user_metadata = mergeMetadata(user.user_metadata, body.data as Record<string, unknown>);
    if (body.app_metadata && typeof body.app_metadata === 'object') {
      if (!isAdmin(app, claims, user, aud)) throw new HttpError(401, MESSAGES.appMetadataNeedsAdmin);
      user.app_metadata = mergeMetadata(user.app_metadata, body.app_metadata as Record<string, unknown>);
    }
    const changeToken = typeof body.email_change_token === 'string' ? body.email_change_token : '';
    const email = typeof body.email === 'string' ? body.email : '';
    if (changeToken) {
      if (
        user.email_change_sent_at != null &&
        app.now() - user.email_change_sent_at > app.config.confirmationMaxAgeMs
      ) {
        throw new HttpError(422, MESSAGES.emailChangeExpired);
      }
      if (!user.email_change_token || changeToken !== user.email_change_token || !user.email_change) {
        throw new HttpError(401, MESSAGES.emailChangeMismatch);
      }
      // Another account may have taken the address since the mail went out.
      const taken = await findUserByEmail(app.db, user.email_change, user.aud);
      if (taken && taken.id !== user.id) throw new HttpError(422, MESSAGES.emailTaken);
      user.email = user.email_change;
      user.email_change = null;
      user.email_change_token = null;
    } else if (email && email !== user.email) {
      const syntax = emailSyntaxError(email);
      if (syntax) throw new HttpError(422, `Unable to validate email address: ${syntax}`);
      const other = await findUserByEmail(app.db, email, user.aud);
      if (other && other.id !== user.id) throw new HttpError(422, MESSAGES.emailTaken);
      // Two steps, as in GoTrue: the login email changes only when the token from this mail comes back.
      user.email_change = email;
      user.email_change_token = secureToken();
      user.email_change_sent_at = app.now();
      mail = { to: email, token: user.email_change_token };
    }
    user.updated_at = app.now();
    await saveUser(app.db, user);
    if (mail) await app.outbox.send('email_change', mail.to, mail.token);
    await recordAudit(app, 'user_modified', user, { user_id: user.id, user_email: user.email });
    return user;
  });
  sendJson(r.res, 200, toWire(updated));
};

export const logout: Handler = async (app, r) => {
  const claims = parseClaims(app, bearer(r, true));
  const user = typeof claims.sub === 'string' && isUuid(claims.sub) ? await findUserById(app.db, claims.sub) : null;
  if (!user) throw new HttpError(401, MESSAGES.invalidUser, true);
  // Every refresh token of the user goes, on every device, as in GoTrue; access tokens live until exp.
  // Under the lock a refresh takes while it swaps tokens, so none it issues outlives this.
  await app.lock.run(`user\u0000${user.id}`, () => deleteRefreshTokens(app.db, user.id));
  await recordAudit(app, 'logout', user);
  r.res.writeHead(204, { 'Set-Cookie': clearingCookie(app.config.cookieKey, app.now()) });
  r.res.end();
};
