/**
 * One HTTP exchange with GoTrue: builds the request (headers, JSON or form body), enforces the
 * timeout, parses the answer and turns every failure into an AuthError. Knows nothing of which
 * endpoint means what beyond the `Endpoint` name it hands to the error mapping.
 */
import { type Endpoint, errorFromAnswer, transportError } from './errors.js';
import type { CookieMode } from './wire.js';

export interface Transport {
  /** Base URL without a trailing slash, e.g. `/.netlify/identity`. */
  readonly baseUrl: string;
  /** Sent as `X-JWT-AUD` on every request. */
  readonly audience: string | undefined;
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
}

export interface ApiRequest {
  endpoint: Endpoint;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the base URL, starting with `/`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Sent as `application/x-www-form-urlencoded`; only `/token` reads this; every other endpoint reads JSON. */
  form?: Record<string, string>;
  bearer?: string;
  /** `X-Use-Cookie`, only honoured by `/token` and `/verify`. */
  cookie?: CookieMode;
  /**
   * This request's limit instead of the transport's. A refresh grant, which the server may have
   * acted on, gets a longer one: only its answer carries the next refresh token.
   */
  timeoutMs?: number;
}

/** The URL of a path below the base, with the query's defined values appended. */
export function endpointUrl(baseUrl: string, path: string, query: ApiRequest['query'] = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const search = params.toString();
  return `${baseUrl}${path}${search ? `?${search}` : ''}`;
}

function requestInit(transport: Transport, request: ApiRequest, signal: AbortSignal): RequestInit {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: string | undefined;
  if (request.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(request.form).toString();
  } else if (request.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(request.json);
  }
  if (request.bearer !== undefined) headers.Authorization = `Bearer ${request.bearer}`;
  if (transport.audience) headers['X-JWT-AUD'] = transport.audience;
  if (request.cookie) headers['X-Use-Cookie'] = request.cookie;
  // GoTrue answers CORS with `Allow-Origin: *`, which browsers refuse with 'include'.
  return { method: request.method, headers, body, signal, credentials: 'same-origin' };
}

/** JSON body of an answer; `undefined` when empty; `NOT_JSON` when it is something else. */
const NOT_JSON = Symbol('not json');

function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

async function exchange(transport: Transport, request: ApiRequest, signal: AbortSignal): Promise<unknown> {
  let text: string;
  let response: Response;
  // Everything that can throw before an answer is here (a stubbed fetch, a body JSON cannot
  // stringify), so the only rejections are AuthErrors.
  try {
    response = await transport.fetch(
      endpointUrl(transport.baseUrl, request.path, request.query),
      requestInit(transport, request, signal),
    );
    text = await response.text();
  } catch (cause) {
    throw transportError('network', { cause });
  }
  const body = parseBody(text);
  if (!response.ok) {
    throw errorFromAnswer(response.status, body === NOT_JSON ? undefined : body, request.endpoint);
  }
  // A dev server's index.html or a captive portal answers 200 too: that is not GoTrue talking.
  if (body === NOT_JSON) throw transportError('bad_response', { status: response.status });
  return body;
}

/**
 * Sends one request and resolves with the parsed JSON body of a 2xx answer (`undefined` when
 * the body is empty, as for `204` from `/logout`). Rejects only with AuthError.
 */
export function send(transport: Transport, request: ApiRequest): Promise<unknown> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Racing a timer, not trusting the signal alone: a fetch that ignores abort must still end.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(transportError('timeout'));
    }, request.timeoutMs ?? transport.timeoutMs);
  });
  return Promise.race([exchange(transport, request, controller.signal), deadline]).finally(() => clearTimeout(timer));
}
