/**
 * `POST /signup`, `POST /verify`, `POST /recover`.
 */
import { MESSAGES, type Metadata } from '../../core/wire.js';
import { cookieHeaders, hashPassword, issueTokens, requestAudience } from '../auth.js';
import type { Handler, Instance } from '../context.js';
import { emailSyntaxError } from '../email-address.js';
import { HttpError, readJson, sendJson } from '../http.js';
import type { HookAnswer } from '../hooks.js';
import {
  deleteUser,
  emailKey,
  findUserByEmail,
  findUserByToken,
  insertUser,
  mergeMetadata,
  newUserRow,
  normalizeMetadata,
  saveUser,
  secureToken,
  toWire,
  type UserRow,
} from '../users.js';
import { recordAudit } from '../audit.js';

/** A hook answer replaces each returned map entirely, not a merge, as in GoTrue. */
export function applyHookAnswer(user: UserRow, answer: HookAnswer | null): void {
  if (answer?.app_metadata) user.app_metadata = normalizeMetadata(answer.app_metadata);
  if (answer?.user_metadata) user.user_metadata = normalizeMetadata(answer.user_metadata);
}

/**
 * Stores a new user, runs the `validate` hook, then `finish` (the signup hook, a confirmation mail);
 * when any of them fails the user is deleted again, with anything issued to it, as GoTrue's
 * transaction rolls back: a refused sign-up leaves nothing behind.
 */
export async function createUser(
  app: Instance,
  user: UserRow,
  finish: () => Promise<void>,
  taken = new HttpError(400, MESSAGES.userExists),
): Promise<void> {
  if (!(await insertUser(app.db, user))) throw taken;
  try {
    applyHookAnswer(user, await app.hooks.fire('validate', toWire(user)));
    await finish();
  } catch (error) {
    await deleteUser(app.db, user.id);
    throw error;
  }
}

/** Sends a fresh confirmation mail, replacing the previous token. */
export async function sendConfirmation(app: Instance, user: UserRow): Promise<void> {
  user.confirmation_token = secureToken();
  user.confirmation_sent_at = app.now();
  await app.outbox.send('confirmation', user.email, user.confirmation_token);
}

function requireEmailProvider(app: Instance): void {
  if (app.config.emailDisabled) throw new HttpError(400, MESSAGES.unsupportedEmailProvider);
}

export const signup: Handler = async (app, r) => {
  requireEmailProvider(app);
  if (app.config.disableSignup) throw new HttpError(403, MESSAGES.signupDisabled);
  const body = await readJson(r.req, app.config.maxBodyBytes, 'Could not read Signup params', 'SignupParams', {
    email: 'string',
    password: 'string',
    data: 'object',
  });
  const email = String(body.email ?? '');
  const password = String(body.password ?? '');
  const data = (body.data as Metadata | null | undefined) ?? null;
  if (!password) throw new HttpError(422, MESSAGES.signupNeedsPassword);
  if (!email) throw new HttpError(422, MESSAGES.emailRequired);
  const syntax = emailSyntaxError(email);
  if (syntax) throw new HttpError(422, `Unable to validate email address: ${syntax}`);
  const aud = requestAudience(app, r);

  const user = await app.lock.run(`${aud}\u0000${emailKey(email)}`, async () => {
    const existing = await findUserByEmail(app.db, email, aud);
    if (existing) {
      if (existing.confirmed_at != null) throw new HttpError(400, MESSAGES.userExists);
      // Re-signup of an unconfirmed user: keep the first password, merge data, resend only
      // after SMTP_MAX_FREQUENCY, as GoTrue does.
      existing.user_metadata = mergeMetadata(existing.user_metadata, data ?? {});
      const sentAt = existing.confirmation_sent_at;
      if (app.config.autoconfirm) {
        // Autoconfirm confirms an existing unconfirmed user too, as GoTrue's signup does.
        applyHookAnswer(existing, await app.hooks.fire('signup', toWire(existing)));
        existing.confirmed_at = app.now();
      } else if (sentAt == null || app.now() - sentAt > app.config.smtpMaxFrequencyMs) {
        await sendConfirmation(app, existing);
      }
      existing.updated_at = app.now();
      await saveUser(app.db, existing);
      return existing;
    }
    const created = newUserRow(
      {
        email,
        aud,
        role: app.config.defaultGroup,
        encrypted_password: await hashPassword(app, password),
        app_metadata: { provider: 'email' },
        user_metadata: normalizeMetadata(data),
      },
      app.now(),
    );
    await createUser(app, created, async () => {
      if (app.config.autoconfirm) {
        applyHookAnswer(created, await app.hooks.fire('signup', toWire(created)));
        created.confirmed_at = app.now();
      } else {
        await sendConfirmation(app, created);
      }
      created.updated_at = app.now();
      await saveUser(app.db, created);
    });
    await recordAudit(app, 'user_signedup', created);
    return created;
  });
  sendJson(r.res, 200, toWire(user));
};

function expired(app: Instance, sentAt: number | null, maxAgeMs: number): boolean {
  return sentAt != null && app.now() - sentAt > maxAgeMs;
}

export const verify: Handler = async (app, r) => {
  const body = await readJson(r.req, app.config.maxBodyBytes, 'Could not read verification params', 'VerifyParams', {
    type: 'string',
    token: 'string',
    password: 'string',
  });
  const token = String(body.token ?? '');
  const type = String(body.type ?? '');
  const password = String(body.password ?? '');
  if (!token.trim()) throw new HttpError(422, MESSAGES.verifyNeedsToken);
  if (type !== 'signup' && type !== 'recovery') throw new HttpError(422, MESSAGES.verifyNeedsType);

  const user = await app.lock.run(`token\u0000${token}`, async () => {
    if (type === 'signup') {
      const found = await findUserByToken(app.db, 'confirmation_token', token);
      if (!found) throw new HttpError(404, MESSAGES.userNotFound);
      const invited = found.invited_at != null;
      if (
        expired(app, found.confirmation_sent_at, invited ? app.config.inviteMaxAgeMs : app.config.confirmationMaxAgeMs)
      ) {
        throw new HttpError(422, MESSAGES.confirmationExpired);
      }
      // An invite is accepted as `signup` + password ; a normal signup ignores `password`.
      if (invited && !found.encrypted_password) {
        if (!password) throw new HttpError(422, MESSAGES.invitedNeedsPassword);
        found.encrypted_password = await hashPassword(app, password);
      }
      applyHookAnswer(found, await app.hooks.fire('signup', toWire(found)));
      found.confirmed_at = app.now();
      found.confirmation_token = null;
      found.updated_at = app.now();
      await saveUser(app.db, found);
      await recordAudit(app, invited ? 'invite_accepted' : 'user_signedup', found);
      return found;
    }
    const found = await findUserByToken(app.db, 'recovery_token', token);
    if (!found) throw new HttpError(404, MESSAGES.userNotFound);
    if (expired(app, found.recovery_sent_at, app.config.recoveryMaxAgeMs))
      throw new HttpError(422, MESSAGES.recoveryExpired);
    found.recovery_token = null;
    if (found.confirmed_at == null) {
      try {
        applyHookAnswer(found, await app.hooks.fire('signup', toWire(found)));
      } catch {
        throw new HttpError(500, 'Database error updating user'); // GoTrue's answer for any failure here
      }
      found.confirmed_at = app.now();
    }
    found.updated_at = app.now();
    await saveUser(app.db, found);
    return found;
  });
  const tokens = await issueTokens(app, user);
  sendJson(r.res, 200, tokens, cookieHeaders(app, r, tokens));
};

export const recover: Handler = async (app, r) => {
  requireEmailProvider(app);
  const body = await readJson(r.req, app.config.maxBodyBytes, 'Could not read verification params', 'RecoverParams', {
    email: 'string',
  });
  const email = String(body.email ?? '');
  if (!email) throw new HttpError(422, MESSAGES.recoveryNeedsEmail);
  const aud = requestAudience(app, r);
  await app.lock.run(`${aud}\u0000${emailKey(email)}`, async () => {
    const user = await findUserByEmail(app.db, email, aud);
    if (!user) return; // unknown emails get the same 200 {}, so nobody learns who has an account
    if (user.recovery_sent_at != null && app.now() - user.recovery_sent_at < app.config.smtpMaxFrequencyMs) {
      throw new HttpError(429, MESSAGES.recoverRateLimited);
    }
    user.recovery_token = secureToken();
    user.recovery_sent_at = app.now();
    await app.outbox.send('recovery', user.email, user.recovery_token);
    await saveUser(app.db, user);
    await recordAudit(app, 'user_recovery_requested', user);
  });
  sendJson(r.res, 200, {});
};
