/**
 * GoTrue's event hooks: GOTRUE_WEBHOOK_* webhooks and, locally, Netlify-style identity
 * event functions (`<GOTRUE_FUNCTION_HOOKS_URL>/identity-signup` …) signed with the JWT secret.
 *
 * Real GoTrue refuses hooks on loopback/private addresses (502); this local server allows them so
 * a hook receiver or `netlify functions:serve` on 127.0.0.1 can be tested.
 */
import { createHash } from 'node:crypto';
import type { Metadata, WebhookEvent, WireUser } from '../core/wire.js';
import type { Config } from './config.js';
import { HttpError } from './http.js';
import { signPlain } from './jwt.js';

export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** Metadata a hook answered with; each present map replaces the stored one entirely, as in GoTrue. */
export interface HookAnswer {
  app_metadata?: Metadata;
  user_metadata?: Metadata;
}

interface Target {
  url: string;
  secret: string;
  /** A missing identity function (404) means "no hook", as on Netlify. */
  missingIsAccept: boolean;
}

const FUNCTION_EVENTS: WebhookEvent[] = ['validate', 'signup', 'login'];

export class EventHooks {
  constructor(
    private readonly config: Config,
    private readonly now: () => number,
  ) {}

  private target(event: WebhookEvent): Target | null {
    const { webhook, functionHooksUrl, jwtSecret } = this.config;
    if (webhook.url) return webhook.events.includes(event) ? { url: webhook.url, secret: webhook.secret, missingIsAccept: false } : null;
    if (functionHooksUrl && FUNCTION_EVENTS.includes(event)) {
      return { url: `${functionHooksUrl.replace(/\/+$/, '')}/identity-${event}`, secret: jwtSecret, missingIsAccept: true };
    }
    return null;
  }

  /** Delivers `event`; resolves the hook's metadata answer, or throws the HttpError GoTrue answers for a failed hook (422, 502, 504, 500). */
  async fire(event: WebhookEvent, user: WireUser): Promise<HookAnswer | null> {
    const target = this.target(event);
    if (!target) return null;
    const body = JSON.stringify({ event, instance_id: NIL_UUID, user });
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Netlify-Event': `identity_${event}` };
    if (target.secret) {
      const sha256 = createHash('sha256').update(body).digest('hex');
      headers['x-webhook-signature'] = await signPlain({ iss: 'gotrue', sub: NIL_UUID, iat: Math.floor(this.now() / 1000), sha256 }, target.secret);
    }
    const { retries, timeoutSec } = this.config.webhook;
    const attempts = Math.max(1, retries);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let response: Response;
      try {
        response = await fetch(target.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutSec * 1000) });
      } catch (error) {
        if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
          if (attempt === attempts) throw new HttpError(504, `Failed to perform webhook in time frame (${timeoutSec} seconds)`);
          continue;
        }
        throw new HttpError(502, `Failed to connect to ${target.url}`);
      }
      const text = await response.text().catch(() => '');
      if (target.missingIsAccept && response.status === 404) return null;
      if (response.status === 200 || response.status === 202 || response.status === 204) return parseAnswer(text);
    }
    throw new HttpError(422, 'Failed to handle signup webhook');
  }
}

function parseAnswer(text: string): HookAnswer | null {
  if (!text.trim()) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new HttpError(500, `Webhook returned malformed JSON: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object') return null;
  const answer: HookAnswer = {};
  const { app_metadata, user_metadata } = parsed as Record<string, unknown>;
  if (app_metadata && typeof app_metadata === 'object') answer.app_metadata = app_metadata as Metadata;
  if (user_metadata && typeof user_metadata === 'object') answer.user_metadata = user_metadata as Metadata;
  return answer;
}
