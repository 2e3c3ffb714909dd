/**
 * Event hooks: GOTRUE_WEBHOOK_* webhooks and, locally, Netlify's identity
 * event functions (`identity-signup` … in the functions folder, called in-process) signed with
 * the JWT secret.
 *
 * Real GoTrue refuses hooks on loopback/private addresses (502); this local server allows them so
 * a hook receiver or `netlify functions:serve` on 127.0.0.1 can be tested.
 */
import type { Metadata, WebhookEvent, WireUser } from '../core/wire.js';
import type { Config } from './config.js';
import { HttpError } from './http.js';
import { eventFunctions, eventRequest } from './functions/event-functions.js';
import type { FunctionsRuntime } from './functions/runtime.js';

export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** Metadata a hook answered with; each present map replaces the stored one entirely, as in GoTrue. */
export interface HookAnswer {
  app_metadata?: Metadata;
  user_metadata?: Metadata;
}

interface Target {
  /** Named in logs and in the 502 of a receiver that cannot be reached. */
  name: string;
  secret: string;
  /** The event this receiver is told of, when not the one that happened (see event-functions.ts). */
  event?: WebhookEvent;
  deliver(
    body: string,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<{ status: number; text: string }>;
}

function webhookTarget(url: string, secret: string): Target {
  return {
    name: url,
    secret,
    async deliver(body, headers, signal) {
      const response = await fetch(url, { method: 'POST', headers, body, signal });
      return { status: response.status, text: await response.text().catch(() => '') };
    },
  };
}

export class EventHooks {
  constructor(
    private readonly config: Config,
    private readonly now: () => number,
    /** The local functions runtime, whose identity event functions are called in-process. */
    private readonly functions?: FunctionsRuntime,
  ) {}

  /** Identity event functions first (signed with the JWT secret), then the webhook of GOTRUE_WEBHOOK_*. */
  private targets(event: WebhookEvent, user: WireUser): Target[] {
    const { webhook, jwtSecret } = this.config;
    const targets: Target[] = this.functions
      ? eventFunctions(this.functions, event, user).map((f) => ({
          name: f.name,
          secret: jwtSecret,
          event: f.event,
          deliver: (body, headers) => f.deliver(body, headers),
        }))
      : [];
    if (webhook.url && webhook.events.includes(event)) targets.push(webhookTarget(webhook.url, webhook.secret));
    return targets;
  }

  /**
   * Delivers `event` to each receiver in turn, each seeing the user as the previous answer left
   * it; resolves the metadata answered, or throws the HttpError GoTrue answers with.
   */
  async fire(event: WebhookEvent, user: WireUser): Promise<HookAnswer | null> {
    let answer: HookAnswer | null = null;
    for (const target of this.targets(event, user)) {
      const next = await this.deliver(target, target.event ?? event, answer ? { ...user, ...answer } : user);
      if (next) answer = { ...(answer ?? {}), ...next };
    }
    return answer;
  }

  private async deliver(target: Target, event: WebhookEvent, user: WireUser): Promise<HookAnswer | null> {
    const { body, headers } = await eventRequest(event, user, target.secret, this.now());
    const { retries, timeoutSec } = this.config.webhook;
    const attempts = Math.max(1, retries);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let response: { status: number; text: string };
      const signal = AbortSignal.timeout(timeoutSec * 1000);
      try {
        response = await Promise.race([
          target.deliver(body, headers, signal),
          new Promise<never>((_, reject) =>
            signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }),
          ),
        ]);
      } catch (error) {
        if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
          if (attempt === attempts)
            throw new HttpError(504, `Failed to perform webhook in time frame (${timeoutSec} seconds)`);
          continue;
        }
        throw new HttpError(502, `Failed to connect to ${target.name}`);
      }
      if (response.status === 200 || response.status === 202 || response.status === 204)
        return parseAnswer(response.text);
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
