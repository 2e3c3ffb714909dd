/**
 * The local GoTrue-compatible server (netlify/gotrue's HTTP API), three ways: `startServer()` listens on a
 * port; `createGoTrue()` is the same app as node/connect middleware; `gotrueVitePlugin()` (in
 * ./vite-plugin.ts) mounts it at /.netlify/identity in Vite dev.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostAllowed, sendHostRefusal, type AllowedHosts } from './allowed-hosts.js';
import { createGoTrue, type GoTrue, type GoTrueOptions } from './app.js';
import { parseRequestTarget, sendBadRequest } from './request-guard.js';

export { createGoTrue, type GoTrue, type GoTrueOptions } from './app.js';
export type { AllowedHosts } from './allowed-hosts.js';
export type { OutboxMessage } from './outbox.js';
export { gotrueVitePlugin, type GoTrueVitePluginOptions } from './vite-plugin.js';
export type { FunctionsOptions, FunctionsRuntime } from './functions/runtime.js';
export { formatInvokeReport, invokeEventFunction, type InvokeReport, type InvokeTarget } from './functions/invoke.js';

export interface ServerOptions extends GoTrueOptions {
  /** 0 = an ephemeral port (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Host names served besides `localhost`, `*.localhost`, IP addresses and `host`; a leading dot
   * allows subdomains; `true` serves any name (only behind something that checks it). Other names
   * get 403, so a site that points its own name at this machine (DNS rebinding) reads nothing.
   */
  allowedHosts?: AllowedHosts;
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:53211` */
  url: string;
  operatorToken: string;
  jwtSecret: string;
  app: GoTrue;
  handle(req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const app = await createGoTrue(options);
  const host = options.host ?? '127.0.0.1';
  const allowedHosts = options.allowedHosts === true ? true : [host, ...(options.allowedHosts ?? [])];
  // GoTrue (Go's HTTP server) reads up to 1 MiB of headers; Node stops at 16 KiB, which a JWT
  // carrying a user's larger metadata passes.
  const server = createServer({ maxHeaderSize: 1024 * 1024 }, (req, res) => {
    if (!parseRequestTarget(req.url)) sendBadRequest(res);
    else if (hostAllowed(req, allowedHosts)) app.handle(req, res);
    else sendHostRefusal(req, res);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
  } catch (error) {
    await app.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  app.announce(`http://${shownHost}:${port}`);
  let closed: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${port}`,
    operatorToken: app.operatorToken,
    jwtSecret: app.jwtSecret,
    app,
    handle: app.handle,
    close() {
      closed ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await app.close();
        server.closeAllConnections();
        await stopped;
      })();
      return closed;
    },
  };
}
