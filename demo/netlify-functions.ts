/**
 * `npm run dev` runs demo/functions/<name>.js at /.netlify/functions/<name>, the way Netlify
 * runs functions (the `export default (request) => Response` form), and tells the local GoTrue
 * to call them as identity event functions (identity-signup, …; gotrue-api.md §9).
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Plugin, ViteDevServer } from 'vite';

export const FUNCTIONS_PATH = '/.netlify/functions';

type NetlifyFunction = (request: Request) => Response | Promise<Response>;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(await readBody(req));
  return new Request(new URL((req as { originalUrl?: string }).originalUrl ?? req.url ?? '/', origin), { method, headers, body });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * The plugin, and the GoTrue settings that point the local server's function hooks at it. The
 * hooks URL is a getter: it is read when the local GoTrue starts, once the dev server listens
 * and its port is known.
 */
export function netlifyFunctions(options: { root: string; dir: string }): { plugin: Plugin; identityEnv: Record<string, string> } {
  let devServer: ViteDevServer | undefined;
  const identityEnv = {
    get GOTRUE_FUNCTION_HOOKS_URL(): string {
      const address = devServer?.httpServer?.address() as AddressInfo | null | undefined;
      if (!address) return '';
      const host = ['::', '0.0.0.0'].includes(address.address) ? '127.0.0.1' : address.address;
      return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}${FUNCTIONS_PATH}`;
    },
  };
  const plugin: Plugin = {
    name: 'gotrue-auth:netlify-functions',
    apply: 'serve',
    configureServer(server) {
      devServer = server;
      server.middlewares.use(FUNCTIONS_PATH, (req, res) => {
        const name = /^\/([\w-]+)(?:[/?]|$)/.exec(req.url ?? '')?.[1];
        const file = name && join(options.dir, `${name}.js`);
        if (!file || !existsSync(join(options.root, file))) {
          // A missing event function means "accept" to GoTrue (§9), as on Netlify.
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"msg":"No such function"}');
          return;
        }
        const origin = `http://${req.headers.host ?? 'localhost'}`;
        Promise.all([server.ssrLoadModule(`/${file}`), toRequest(req, origin)])
          .then(([module, request]) => (module.default as NetlifyFunction)(request))
          .then((response) => send(res, response))
          .catch((error: Error) => {
            server.config.logger.error(`[functions] ${name}: ${error.message}`);
            if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ msg: `Function ${name} failed` }));
          });
      });
    },
  };
  return { plugin, identityEnv };
}
