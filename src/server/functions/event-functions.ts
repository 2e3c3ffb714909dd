/**
 * Identity event functions (`identity-validate`, `identity-signup`, `identity-login` and their
 * `-background` variants) called in-process through the functions runtime, with the same body
 * and signature header GoTrue sends them over HTTP on Netlify.
 */
import { createHash } from 'node:crypto';
import type { WebhookEvent, WireUser } from '../../core/wire.js';
import { signPlain } from '../jwt.js';
import type { FunctionsRuntime } from './runtime.js';

/** GoTrue's instance id in single-instance mode: the nil UUID. */
const INSTANCE_ID = '00000000-0000-0000-0000-000000000000';

/**
 * The request GoTrue sends for `event`: the JSON body `{ event, instance_id, user }` and, with a
 * secret, `x-webhook-signature`: an HS256 JWT whose `sha256` claim is the hash of the exact body.
 */
export async function eventRequest(
  event: WebhookEvent,
  user: WireUser,
  secret: string,
  nowMs: number,
): Promise<{ body: string; headers: Record<string, string> }> {
  const body = JSON.stringify({ event, instance_id: INSTANCE_ID, user });
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-Netlify-Event': `identity_${event}`,
  };
  if (secret) {
    const sha256 = createHash('sha256').update(body).digest('hex');
    headers['x-webhook-signature'] = await signPlain(
      { iss: 'gotrue', sub: INSTANCE_ID, iat: Math.floor(nowMs / 1000), sha256 },
      secret,
    );
  }
  return { body, headers };
}

/** The events Netlify delivers to identity event functions. */
export const FUNCTION_EVENTS: readonly WebhookEvent[] = ['validate', 'signup', 'login'];

export interface EventDelivery {
  /** Shown in logs and errors. */
  name: string;
  /** The event named in the body and headers sent to this function. */
  event: WebhookEvent;
  /** Sends the signed body; resolves the status and text answered. */
  deliver(body: string, headers: Record<string, string>): Promise<{ status: number; text: string }>;
}

/**
 * Netlify calls `identity-signup` for email sign-ups only: a user who signs up through a provider
 * (GitHub, Google, …) gets `identity-login` instead, on that first login as on every later one.
 */
function functionEvent(event: WebhookEvent, user: WireUser): WebhookEvent {
  const provider = user.app_metadata?.provider;
  return event === 'signup' && typeof provider === 'string' && provider !== 'email' ? 'login' : event;
}

/** The event functions present for `event`, the blocking one first. */
export function eventFunctions(runtime: FunctionsRuntime, event: WebhookEvent, user: WireUser): EventDelivery[] {
  if (!FUNCTION_EVENTS.includes(event)) return [];
  const sent = functionEvent(event, user);
  if (sent !== event && runtime.has(`identity-${event}`)) {
    const instead = runtime.has(`identity-${sent}`)
      ? `identity-${sent} is called instead; give provider users their roles there.`
      : `Add an identity-${sent} function to give provider users their roles: Netlify calls that one for them.`;
    runtime.note(
      `identity-${event} was not called for ${user.email}, who signed up through ${String(user.app_metadata?.provider)}: ` +
        `Netlify calls it for email sign-ups only. ${instead}`,
    );
  }
  return [`identity-${sent}`, `identity-${sent}-background`]
    .filter((name) => runtime.has(name))
    .map((name) => ({
      name,
      event: sent,
      async deliver(body, headers) {
        const url = new URL(`/.netlify/functions/${name}`, runtime.origin);
        const answer = await runtime.call(name, {
          method: 'POST',
          url,
          headers: Object.entries(headers).map(([n, v]) => [n.toLowerCase(), v]),
          body: Buffer.from(body),
        });
        return { status: answer.status, text: answer.body.toString('utf8') };
      },
    }));
}
