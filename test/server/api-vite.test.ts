// The Vite plugin: the local GoTrue answers on the dev server's own origin at /.netlify/identity,
// and email links point back at that dev server unless a SITE_URL is configured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'vite';
import { gotrueVitePlugin } from '../../src/server/vite-plugin.js';

async function devServer(env: Record<string, string>, envFile?: string) {
  const server = await createServer({
    configFile: false,
    root: import.meta.dirname,
    logLevel: 'silent',
    server: { port: 0, host: '127.0.0.1' },
    plugins: [
      gotrueVitePlugin({ dataDir: undefined, useProcessEnv: false, envFile, env: { GOTRUE_BCRYPT_COST: '4', ...env } }),
    ],
  });
  await server.listen();
  return { server, url: (server.resolvedUrls?.local[0] ?? '').replace(/\/$/, '') };
}

test('mounted at /.netlify/identity with email links back to the dev server', async () => {
  const { server, url } = await devServer({});
  try {
    const settings = await fetch(`${url}/.netlify/identity/settings`);
    assert.equal(settings.status, 200);
    assert.equal(((await settings.json()) as { external: { email: boolean } }).external.email, true);
    await fetch(`${url}/.netlify/identity/signup`, {
      method: 'POST',
      body: JSON.stringify({ email: 'vite@example.com', password: 'pw' }),
    });
    const [mail] = (await (await fetch(`${url}/.netlify/identity/_outbox/messages`)).json()) as Array<{ link: string }>;
    assert.match(mail?.link ?? '', new RegExp(`^${url.replace(/[.]/g, '\\.')}/#confirmation_token=[\\w-]{22}$`));
    const unknown = await fetch(`${url}/.netlify/identity/nope`);
    assert.equal(
      await unknown.text(),
      '404 page not found',
      'unknown API paths stay GoTrue 404s, not the SPA fallback',
    );
  } finally {
    await server.close();
  }
});

test('a GOTRUE_SITE_URL from the .env file wins over the dev server URL', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gotrue-vite-'));
  writeFileSync(join(dir, '.env'), 'GOTRUE_SITE_URL=https://my-site.example\n');
  const { server, url } = await devServer({}, join(dir, '.env'));
  try {
    await fetch(`${url}/.netlify/identity/signup`, {
      method: 'POST',
      body: JSON.stringify({ email: 'vite@example.com', password: 'pw' }),
    });
    const [mail] = (await (await fetch(`${url}/.netlify/identity/_outbox/messages`)).json()) as Array<{ link: string }>;
    assert.match(mail?.link ?? '', /^https:\/\/my-site\.example\/#confirmation_token=/);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
