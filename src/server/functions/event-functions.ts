/**
 * Identity event functions (`identity-validate`, `identity-signup`, `identity-login` and their
 * `-background` variants) called in-process through the functions runtime, with the same body
 * and signature header GoTrue sends them over HTTP on Netlify.
 */
import type { WebhookEvent } from '../../core/wire.js';
import type { FunctionsRuntime } from './runtime.js';

/** The events Netlify delivers to identity event functions. */
export const FUNCTION_EVENTS: readonly WebhookEvent[] = ['validate', 'signup', 'login'];

export interface EventDelivery {
  /** Shown in logs and errors. */
  name: string;
  /** Sends the signed body; resolves the status and text answered. */
  deliver(body: string, headers: Record<string, string>): Promise<{ status: number; text: string }>;
}

/** The event functions present for `event`, the blocking one first. */
export function eventFunctions(runtime: FunctionsRuntime, event: WebhookEvent): EventDelivery[] {
  if (!FUNCTION_EVENTS.includes(event)) return [];
  return [`identity-${event}`, `identity-${event}-background`]
    .filter((name) => runtime.has(name))
    .map((name) => ({
      name,
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
