/**
 * What every route handler gets: the running instance's services and the current request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from './config.js';
import type { Database } from './database.js';
import type { EventHooks } from './hooks.js';
import type { KeyedLock } from './keyed-lock.js';
import type { Outbox } from './outbox.js';

export interface Instance {
  config: Config;
  db: Database;
  outbox: Outbox;
  hooks: EventHooks;
  now(): number;
  log(line: string): void;
  /** bcrypt hash of the empty string, for the dummy compare that keeps login timing flat, as GoTrue does for unknown users. */
  dummyHash: string;
  /** Token buckets of GOTRUE_RATE_LIMIT_HEADER, one per header value. */
  buckets: Map<string, { tokens: number; at: number }>;
  /** Serialises work on one user (key: `aud\u0000email` or a token). */
  lock: KeyedLock;
}

export interface RouteRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string | undefined>;
  /** Path prefix the API is mounted under (`/.netlify/identity` in Vite), `''` at the root. */
  base: string;
}

export type Handler = (app: Instance, r: RouteRequest) => Promise<void>;
