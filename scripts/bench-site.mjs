// The widget bench's web server: the bench pages (bench/site/page.html, one per widget and one with none), their
// script files (brotli or gzip, as the browser asks, like a CDN), and a proxy that forwards
// `/.netlify/identity/*` to the local GoTrue server after a fixed delay, logging every API request.
import { readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const SITE = new URL('../bench/site/', import.meta.url);
const API_PREFIX = '/.netlify/identity';

/** A script served as a CDN would: precompressed at maximum quality, chosen by `Accept-Encoding`. */
function compressedScript(bytes) {
  return {
    identity: bytes,
    gzip: gzipSync(bytes, { level: 9 }),
    br: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  };
}

/**
 * @param {{ widgets: Array<{ name: string, file: string, bytes: Buffer, element: string }>, baseline?: { name: string, element: string }, apiUrl: string, delayMs: number }} options
 */
export async function startBenchSite({ widgets, baseline, apiUrl, delayMs }) {
  const template = readFileSync(new URL('page.html', SITE), 'utf8');
  const files = new Map();
  const text = (body, type) => ({ type, body: { identity: Buffer.from(body) } });
  files.set('/probe.js', text(readFileSync(new URL('probe.js', SITE)), 'text/javascript'));
  for (const widget of widgets) {
    const page = template
      .replaceAll('%WIDGET%', widget.file)
      .replaceAll('%NAME%', widget.name)
      .replaceAll('%ELEMENT%', widget.element);
    files.set(`/${widget.name}/`, text(page, 'text/html; charset=utf-8'));
    files.set(
      `/adapter-${widget.name}.js`,
      text(readFileSync(new URL(`adapter-${widget.name}.js`, SITE)), 'text/javascript'),
    );
    files.set(`/${widget.file}`, { type: 'text/javascript', body: compressedScript(widget.bytes) });
  }
  if (baseline) {
    const page = template
      .replace(/^\s*<script src="\/(%WIDGET%|adapter-%NAME%\.js)"><\/script>\n/gm, '')
      .replaceAll('%ELEMENT%', baseline.element);
    files.set(`/${baseline.name}/`, text(page, 'text/html; charset=utf-8'));
  }

  /** Every API request: when it reached the proxy (wall clock, ms), its method, path and form body. */
  const apiLog = [];
  const api = new URL(apiUrl);

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path.startsWith(`${API_PREFIX}/`)) return proxy(req, res);
    const file = files.get(path);
    if (!file || req.method !== 'GET') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const accepted = String(req.headers['accept-encoding'] ?? '');
    const encoding = ['br', 'gzip'].find((e) => file.body[e] && accepted.includes(e)) ?? 'identity';
    const headers = { 'Content-Type': file.type, 'Cache-Control': 'no-store', Vary: 'Accept-Encoding' };
    if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
    res.writeHead(200, headers).end(file.body[encoding]);
  });

  function proxy(req, res) {
    const chunks = [];
    const entry = { at: Date.now(), method: req.method, path: req.url.slice(API_PREFIX.length), body: '' };
    apiLog.push(entry);
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      entry.body = body.toString('utf8');
      setTimeout(() => {
        const upstream = request(
          new URL(entry.path, api),
          { method: req.method, headers: { ...req.headers, host: api.host, 'content-length': body.length } },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', (error) => res.writeHead(502, { 'Content-Type': 'text/plain' }).end(error.message));
        upstream.end(body);
      }, delayMs);
    });
  }

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    apiLog,
    sizes: Object.fromEntries(
      widgets.map((w) => {
        const body = files.get(`/${w.file}`).body;
        return [w.name, { raw: body.identity.length, gzip: body.gzip.length, brotli: body.br.length }];
      }),
    ),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
