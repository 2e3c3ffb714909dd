// docs/functions.md shows the exact JSON functions receive. Its generated blocks come from this
// real run (values that change each run are replaced by fixed ones), so the page cannot drift:
// this test fails when they differ. `UPDATE_FUNCTIONS_DOC=1` rewrites them.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeProtectedHeader, decodeJwt } from 'jose';
import type { Received } from './fixtures/record.js';
import { accessToken, login, postJson, providerLogin, serverWithFunctions, type TestServer } from './helpers.js';

const DOC = fileURLToPath(new URL('../../docs/functions.md', import.meta.url));
const CAPTURE = fileURLToPath(new URL('./fixtures/capture', import.meta.url));
const state = globalThis as { functionsTestEvents?: Received[] };
beforeEach(() => {
  state.functionsTestEvents = [];
});

/** Takes the calls recorded since the last take. */
function take(): Received[] {
  const calls = state.functionsTestEvents ?? [];
  state.functionsTestEvents = [];
  return calls;
}

/** Fixed stand-ins for what changes on every run. */
function stable(s: TestServer, value: unknown): string {
  const port = new URL(s.url).port;
  const ids = new Map<string, string>();
  return JSON.stringify(value, null, 2)
    .replaceAll(`127.0.0.1:${port}`, 'localhost:8888')
    .replace(/ey[\w-]+\.[\w-]+\.[\w-]+/g, '<JWT>')
    .replace(
      /\b(?!00000000-0000-0000-0000-000000000000)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g,
      (id) => {
        if (!ids.has(id)) ids.set(id, `${String(ids.size + 1).padStart(8, '0')}-aaaa-4bbb-8ccc-dddddddddddd`);
        return ids.get(id) as string;
      },
    )
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '2026-11-27T10:00:00Z')
    .replace(/"(exp|iat)": \d+/g, '"$1": 1795000000')
    .replace(/"[0-9a-f]{64}"/g, '"<hex SHA-256 of the body>"');
}

const FETCH_HEADERS = [
  'user-agent',
  'accept',
  'accept-encoding',
  'accept-language',
  'sec-fetch-mode',
  'connection',
  'content-length',
];

async function capture(): Promise<Record<string, string>> {
  const s = await serverWithFunctions({ dir: CAPTURE }, { GOTRUE_EXTERNAL_GITHUB_ENABLED: 'true' });
  const blocks: Record<string, string> = {};
  const order: Array<[string, string[]]> = [];
  const names = () => take().map((c) => c.name);

  assert.equal(
    (
      await fetch(
        `${s.url}/signup`,
        postJson({ email: 'ada@example.com', password: 'secret-pw', data: { full_name: 'Ada Lovelace' } }),
      )
    ).status,
    200,
  );
  const [validate] = take();
  order.push(['Email signup (`POST /signup`)', [validate!.name]]);
  blocks['validate-body'] = stable(s, JSON.parse(validate!.body));
  blocks['event-headers'] = stable(s, {
    'content-type': 'application/json',
    'x-netlify-event': validate!.event,
    'x-webhook-signature': validate!.signature,
    'signature header': decodeProtectedHeader(validate!.signature!),
    'signature claims': decodeJwt(validate!.signature!),
  });

  const [mail] = (await (await fetch(`${s.url}/_outbox/messages`)).json()) as Array<{ token: string }>;
  assert.equal((await fetch(`${s.url}/verify`, postJson({ type: 'signup', token: mail!.token }))).status, 200);
  const [signup] = take();
  order.push(['Email confirmation (`POST /verify`, type `signup`)', [signup!.name]]);
  blocks['signup-body'] = stable(s, JSON.parse(signup!.body));

  const token = await accessToken(s, 'ada@example.com');
  const [loginCall] = take();
  order.push(['Login (`POST /token`, password grant)', [loginCall!.name]]);
  blocks['login-body'] = stable(s, JSON.parse(loginCall!.body));

  const invite = await fetch(
    `${s.url}/invite`,
    postJson({ email: 'grace@example.com' }, { Authorization: `Bearer ${s.operatorToken}` }),
  );
  assert.equal(invite.status, 200);
  order.push(['Invite (`POST /invite`)', names()]);
  const inviteMail = (
    (await (await fetch(`${s.url}/_outbox/messages`)).json()) as Array<{ to: string; token: string }>
  ).find((m) => m.to === 'grace@example.com');
  assert.equal(
    (await fetch(`${s.url}/verify`, postJson({ type: 'signup', token: inviteMail!.token, password: 'secret-pw' })))
      .status,
    200,
  );
  order.push(['Invite accepted (`POST /verify`, type `signup` with a password)', names()]);

  await providerLogin(s, 'octo@example.com', 'Octo Cat');
  const providerSignup = take();
  order.push(['Provider signup (first "Continue with GitHub")', providerSignup.map((c) => c.name)]);
  blocks['provider-signup-body'] = stable(s, JSON.parse(providerSignup.find((c) => c.name === 'identity-login')!.body));
  await providerLogin(s, 'octo@example.com', 'Octo Cat');
  order.push(['Provider login (later "Continue with GitHub")', names()]);
  const session = (await (await login(s, 'ada@example.com')).json()) as { access_token: string; refresh_token: string };
  take();
  const bearer = { Authorization: `Bearer ${session.access_token}` };
  assert.equal(
    (
      await fetch(`${s.url}/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: session.refresh_token }),
      })
    ).status,
    200,
  );
  assert.equal(
    (await fetch(`${s.url}/user`, { ...postJson({ data: { theme: 'dark' } }, bearer), method: 'PUT' })).status,
    200,
  );
  assert.equal((await fetch(`${s.url}/recover`, postJson({ email: 'ada@example.com' }))).status, 200);
  assert.equal((await fetch(`${s.url}/logout`, { method: 'POST', headers: bearer })).status, 204);
  order.push(['Token refresh, `PUT /user`, password recovery, logout', names()]);
  blocks['order'] = [
    '| Flow | Event functions called, in order |',
    '|---|---|',
    ...order.map(([flow, calls]) => `| ${flow} | ${calls.length ? calls.map((c) => `\`${c}\``).join(', ') : 'none'} |`),
  ].join('\n');

  const lambda = await fetch(`${s.url}/.netlify/functions/show-lambda/sub/path?page=2&tag=a&tag=b`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: '{"hello":"world"}',
  });
  const seen = (await lambda.json()) as {
    event: { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> };
    clientContext: { custom: { netlify: string } };
  };
  for (const name of FETCH_HEADERS) {
    delete seen.event.headers[name];
    delete seen.event.multiValueHeaders[name];
  }
  const custom = JSON.parse(Buffer.from(seen.clientContext.custom.netlify, 'base64').toString('utf8')) as unknown;
  seen.clientContext.custom.netlify = '<base64 of the JSON below>';
  blocks['lambda-event'] = stable(s, seen.event);
  blocks['client-context'] = stable(s, seen.clientContext);
  blocks['client-context-custom'] = stable(s, custom);
  const claims = decodeJwt((custom as { identity: { token: string } }).identity.token);
  blocks['admin-token-claims'] = stable(s, { ...claims, exp: claims.exp });

  const modern = await fetch(`${s.url}/.netlify/functions/show-modern?page=2`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  blocks['modern-context'] = stable(s, await modern.json());
  return blocks;
}

test('docs/functions.md shows the payloads and contexts of a real run', async () => {
  const blocks = await capture();
  let doc = readFileSync(DOC, 'utf8');
  const stale: string[] = [];
  for (const [name, body] of Object.entries(blocks)) {
    const fence = name === 'order' ? '' : '```json\n';
    const close = name === 'order' ? '' : '\n```';
    const pattern = new RegExp(`(<!-- generated: ${name} -->\\n)[\\s\\S]*?(<!-- end: ${name} -->)`);
    assert.match(doc, pattern, `docs/functions.md has a block for ${name}`);
    const next = doc.replace(pattern, (_m, open: string, end: string) => `${open}${fence}${body}${close}\n${end}`);
    if (next !== doc) stale.push(name);
    doc = next;
  }
  if (process.env.UPDATE_FUNCTIONS_DOC) writeFileSync(DOC, doc);
  else assert.deepEqual(stale, [], 'docs/functions.md is out of date: run this test with UPDATE_FUNCTIONS_DOC=1');
});
