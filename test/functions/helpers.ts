// Shared setup for the functions tests: a local server on 127.0.0.1 with a functions folder, users
// made through its admin API, and tokens from its own login.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { startServer, type RunningServer } from '../../src/server/index.js';
import type { FunctionsOptions } from '../../src/server/functions/runtime.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures/functions', import.meta.url));
export const JWT_SECRET = 'functions-test-secret';

const running: RunningServer[] = [];
after(() => Promise.all(running.map((s) => s.close())));

export interface TestServer extends RunningServer {
  logs: string[];
}

export async function serverWithFunctions(
  functions: FunctionsOptions = {},
  env: Record<string, string> = {},
): Promise<TestServer> {
  const logs: string[] = [];
  const server = await startServer({
    quiet: true,
    useProcessEnv: false,
    env: { GOTRUE_SITE_URL: 'http://localhost:8888', GOTRUE_BCRYPT_COST: '4', GOTRUE_JWT_SECRET: JWT_SECRET, ...env },
    functions: { dir: FIXTURES, log: (line) => logs.push(line), ...functions },
  });
  running.push(server);
  return Object.assign(server, { logs });
}

/** A confirmed user with password `secret-pw`; `app_metadata` is set after creation, as GoTrue ignores it there. */
export async function createUser(
  server: RunningServer,
  email: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string }> {
  const { app_metadata, ...fields } = extra;
  const headers = { Authorization: `Bearer ${server.operatorToken}`, 'Content-Type': 'application/json' };
  const answer = await fetch(`${server.url}/admin/users`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ email, password: 'secret-pw', confirm: true, ...fields }),
  });
  assert.equal(answer.status, 200, await answer.clone().text());
  const user = (await answer.json()) as { id: string };
  if (app_metadata) {
    const updated = await fetch(`${server.url}/admin/users/${user.id}`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ app_metadata }),
    });
    assert.equal(updated.status, 200, await updated.clone().text());
  }
  return user;
}

export async function login(server: RunningServer, email: string, password = 'secret-pw'): Promise<Response> {
  return fetch(`${server.url}/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', username: email, password }),
  });
}

export async function accessToken(server: RunningServer, email: string): Promise<string> {
  const answer = await login(server, email);
  assert.equal(answer.status, 200, await answer.clone().text());
  return ((await answer.json()) as { access_token: string }).access_token;
}

/** A token with the claims of a real one, signed with `secret` and expiring at `exp`. */
export function craftedToken(claims: Record<string, unknown>, secret: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}

export function postJson(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } };
}

/**
 * "Continue with GitHub" through the server's local stand-in for GitHub, as `email`. The stand-in
 * binds its flow to a cookie of the browser that started it, so this carries that cookie along.
 */
export async function providerLogin(s: RunningServer, email: string, name: string): Promise<void> {
  assert.match(await providerLanding(s, email, name), /#access_token=/);
}

/** Where the browser lands after "Continue with GitHub" as `email`: the site, with GoTrue's fragment. */
export async function providerLanding(s: RunningServer, email: string, name: string): Promise<string> {
  let cookie = '';
  const follow = async (url: string | URL): Promise<string> => {
    const response = await fetch(url, { redirect: 'manual', headers: { Cookie: cookie } });
    assert.equal(response.status, 302, `${url} redirects`);
    const set = response.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0] ?? '';
    return new URL(response.headers.get('location') ?? '', url).href;
  };
  const consent = new URL(await follow(`${s.url}/authorize?provider=github`));
  const approve = new URL(`${s.url}/_fake-oauth/github/approve`);
  approve.search = new URLSearchParams({
    state: consent.searchParams.get('state') ?? '',
    email,
    name,
    verified: 'true',
  }).toString();
  return follow(await follow(approve));
}
