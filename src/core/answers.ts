/**
 * Checks of GoTrue's success answers: a body that is not what the endpoint promises is not
 * GoTrue talking (a dev server's index.html, a captive portal) and fails as `bad_response`.
 */
import { transportError } from './errors.js';
import type { Settings, TokenResponse, WireUser } from './wire.js';

type Shape = Record<string, unknown>;

export function isObject(value: unknown): value is Shape {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function unexpected(): never {
  throw transportError('bad_response');
}

/** `/token` and `/verify` answer with exactly these keys; anything else is not a session. */
export function readTokens(body: unknown): TokenResponse {
  if (
    !isObject(body) ||
    typeof body.access_token !== 'string' ||
    body.access_token === '' ||
    typeof body.refresh_token !== 'string' ||
    typeof body.expires_in !== 'number' ||
    !Number.isFinite(body.expires_in)
  ) {
    unexpected();
  }
  return {
    access_token: body.access_token,
    token_type: 'bearer',
    expires_in: body.expires_in,
    refresh_token: body.refresh_token,
  };
}

export function readUser(body: unknown): WireUser {
  if (!isObject(body) || typeof body.id !== 'string' || typeof body.email !== 'string') unexpected();
  return body as unknown as WireUser;
}

export function readSettings(body: unknown): Settings {
  if (!isObject(body) || !isObject(body.external)) unexpected();
  return {
    external: body.external as Settings['external'],
    external_labels: isObject(body.external_labels) ? (body.external_labels as Settings['external_labels']) : {},
    disable_signup: body.disable_signup === true,
    autoconfirm: body.autoconfirm === true,
  };
}

/** Void endpoints answer `{}` (`/recover`, admin delete) or nothing (`/logout` 204). */
export function readNothing(body: unknown): void {
  if (body !== undefined && !isObject(body)) unexpected();
}
