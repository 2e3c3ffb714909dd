/**
 * A small HTTP proxy in front of the test site that can misbehave on purpose: delay a request,
 * answer 5xx or an HTML error page, answer garbage or JSON of the wrong shape, drop the
 * connection, hold a real answer back, or never answer. Every refresh grant it forwards is
 * logged with the server's answer, so a test can tell whether a refresh token was spent twice,
 * and a request it never answers is logged when the browser closes its connection.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ProxiedRequest {
  method: string;
  /** Path and query, as the browser sent it. */
  path: string;
  body: string;
}

export type FaultAction =
  | { kind: 'status'; status: number; body?: string; type?: string }
  /** The connection closes without an answer, after `afterMs` (default at once). */
  | { kind: 'drop'; afterMs?: number }
  | { kind: 'never' }
  /** Forwarded after `ms`. */
  | { kind: 'delay'; ms: number }
  /** Forwarded at once (the server acts on it); its answer reaches the browser after `ms`. */
  | { kind: 'hold-answer'; ms: number };

export interface Fault {
  when(request: ProxiedRequest): boolean;
  action: FaultAction;
  /** Applies to this many matching requests, then the fault is spent; default unlimited. */
  times?: number;
}

export interface RefreshGrant {
  refreshToken: string;
  status: number;
  /** The OAuth `error` of a refused grant, e.g. `invalid_grant`. */
  error?: string;
}

export interface FaultProxy {
  url: string;
  /** Where requests go; set once the site behind the proxy has started. */
  upstream: string;
  faults: Fault[];
  /** Requests a fault was applied to. */
  readonly faulted: ProxiedRequest[];
  readonly grants: RefreshGrant[];
  /** Requests held by a `never` fault whose connection the browser closed. */
  readonly abandoned: ProxiedRequest[];
  /** Resolves with the request `fault` is next applied to. */
  applied(fault: Fault): Promise<ProxiedRequest>;
  /** Resolves with the next refresh grant the server answers. */
  nextGrant(): Promise<RefreshGrant>;
  close(): Promise<void>;
}

export const isIdentity = (request: ProxiedRequest): boolean => request.path.startsWith('/.netlify/identity/');
export const isRefreshGrant = (request: ProxiedRequest): boolean =>
  request.path.startsWith('/.netlify/identity/token') && request.body.includes('grant_type=refresh_token');

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startFaultProxy(): Promise<FaultProxy> {
  const sockets = new Set<Socket>();
  const appliedWaiters = new Map<Fault, ((request: ProxiedRequest) => void)[]>();
  let grantWaiters: ((grant: RefreshGrant) => void)[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  function forward(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    holdMs: number,
    seen: ProxiedRequest,
  ): void {
    const upstream = new URL(req.url ?? '/', proxy.upstream);
    const outgoing = request(
      upstream,
      // The Host header stays the browser's: the server builds its own links from it.
      { method: req.method, headers: req.headers },
      (answer) => {
        void readBody(answer).then((answerBody) => {
          if (isRefreshGrant(seen)) {
            let error: string | undefined;
            try {
              error = (JSON.parse(answerBody.toString('utf8')) as { error?: string }).error;
            } catch {
              /* not JSON */
            }
            const refreshToken = new URLSearchParams(seen.body).get('refresh_token') ?? '';
            const grant = { refreshToken, status: answer.statusCode ?? 0, ...(error ? { error } : {}) };
            proxy.grants.push(grant);
            const waiting = grantWaiters;
            grantWaiters = [];
            for (const resolve of waiting) resolve(grant);
          }
          const send = (): void => {
            if (res.destroyed) return;
            res.writeHead(answer.statusCode ?? 502, answer.headers).end(answerBody);
          };
          if (holdMs > 0) later(holdMs, send);
          else send();
        });
      },
    );
    outgoing.on('error', () => res.destroy());
    outgoing.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const seen: ProxiedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', body: body.toString('utf8') };
    const fault = proxy.faults.find((candidate) => (candidate.times ?? 1) > 0 && candidate.when(seen));
    if (!fault) return forward(req, res, body, 0, seen);
    if (fault.times !== undefined) fault.times--;
    proxy.faulted.push(seen);
    for (const resolve of appliedWaiters.get(fault) ?? []) resolve(seen);
    appliedWaiters.delete(fault);
    const { action } = fault;
    switch (action.kind) {
      case 'status':
        res
          .writeHead(action.status, { 'content-type': action.type ?? 'text/html; charset=utf-8' })
          .end(action.body ?? `<html><body><h1>${action.status}</h1></body></html>`);
        return;
      case 'drop':
        later(action.afterMs ?? 0, () => req.socket.destroy());
        return;
      case 'never':
        res.on('close', () => proxy.abandoned.push(seen));
        return;
      case 'delay':
        later(action.ms, () => forward(req, res, body, 0, seen));
        return;
      case 'hold-answer':
        forward(req, res, body, action.ms, seen);
        return;
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: FaultProxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    upstream: '',
    faults: [],
    faulted: [],
    grants: [],
    abandoned: [],
    applied(fault) {
      return new Promise((resolve) => appliedWaiters.set(fault, [...(appliedWaiters.get(fault) ?? []), resolve]));
    },
    nextGrant() {
      return new Promise((resolve) => grantWaiters.push(resolve));
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
