/**
 * `GET /settings`, `GET /health` and the local-only outbox.
 */
import { PROVIDERS, type Health, type Settings } from '../../core/wire.js';
import type { Handler, Instance } from '../context.js';
import { sendJson } from '../http.js';
import { outboxPage } from '../outbox.js';
import { fakeProviders } from './fake-oauth.js';

export function settingsOf(app: Instance): Settings {
  const { config } = app;
  const external = {} as Settings['external'];
  for (const p of PROVIDERS) {
    if (p === 'saml') continue;
    external[p] = config.providers[p].enabled;
  }
  external.email = !config.emailDisabled;
  external.saml = config.providers.saml.enabled;
  return {
    external,
    external_labels: config.samlName ? { saml: config.samlName } : {},
    disable_signup: config.disableSignup,
    autoconfirm: config.autoconfirm,
  };
}

export const settings: Handler = async (app, r) => {
  sendJson(r.res, 200, settingsOf(app));
};

export const health: Handler = async (_app, r) => {
  const body: Health = {
    description: 'GoTrue is a user registration and authentication API',
    name: 'GoTrue',
    version: 'gotrue-auth-local',
  };
  sendJson(r.res, 200, body);
};

export const outboxHtml: Handler = async (app, r) => {
  const html = outboxPage(await app.outbox.list(), r.base, fakeProviders(app));
  r.res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  r.res.end(html);
};

export const outboxMessages: Handler = async (app, r) => {
  sendJson(r.res, 200, await app.outbox.list(), { 'Cache-Control': 'no-store' });
};

export const outboxClear: Handler = async (app, r) => {
  await app.outbox.clear();
  r.res.writeHead(204);
  r.res.end();
};
