// "Continue with GitHub" tried locally with no network: a provider enabled without a client id
// gets the built-in fake consent page, and the round trip lands on the site with GoTrue's callback
// fragment (keys sorted, `+` for spaces), including invites and a denied consent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { startServer, type RunningServer } from '../../src/server/index.js';

let server: RunningServer;

before(async () => {
  server = await startServer({
    quiet: true,
    useProcessEnv: false,
    env: { GOTRUE_SITE_URL: 'http://localhost:8888', GOTRUE_BCRYPT_COST: '4', GOTRUE_EXTERNAL_GITHUB_ENABLED: 'true' },
  });
});
after(() => server.close());

/** A browser's cookie jar for one server: the fake provider binds its flow to a cookie. */
let cookie = '';

async function follow(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, { redirect: 'manual', headers: { ...headers, Cookie: cookie } });
  assert.equal(response.status, 302, `${url} redirects`);
  const set = response.headers.get('set-cookie');
  if (set) cookie = set.split(';')[0] ?? '';
  return new URL(response.headers.get('location') ?? '', url).href;
}

/** Starts a fake GitHub flow in this "browser"; returns the consent page URL. */
async function startGitHub(authorizeQuery = ''): Promise<URL> {
  return new URL(
    await follow(`${server.url}/authorize?provider=github${authorizeQuery}`, {
      Referer: 'http://localhost:8888/login',
    }),
  );
}

/** /authorize → fake consent → approve as `identity` → /callback; returns where the browser lands. */
async function loginWithGitHub(identity: Record<string, string>, authorizeQuery = ''): Promise<string> {
  const consent = await startGitHub(authorizeQuery);
  assert.equal(`${consent.origin}${consent.pathname}`, `${server.url}/_fake-oauth/github/authorize`);
  assert.equal(consent.searchParams.get('redirect_uri'), '/callback');
  assert.equal(consent.searchParams.get('scope'), 'user:email');
  const state = consent.searchParams.get('state') ?? '';
  const approve = new URL(`${server.url}/_fake-oauth/github/approve`);
  for (const [k, v] of Object.entries({ ...identity, state })) approve.searchParams.set(k, v);
  const callback = await follow(approve.href);
  assert.ok(callback.startsWith(`${server.url}/callback?`), 'the fake provider only ever returns to this server');
  return follow(callback);
}

test('settings list the fake provider as enabled and the consent page offers to continue', async () => {
  const settings = (await (await fetch(`${server.url}/settings`)).json()) as { external: Record<string, boolean> };
  assert.equal(settings.external.github, true);
  assert.equal(settings.external.google, false);
  const madeUp = await fetch(`${server.url}/_fake-oauth/github/authorize?state=x%22%3E%3Cscript%3E`);
  assert.equal(madeUp.status, 403, 'a state this browser did not get from /authorize shows nothing');
  assert.ok(!(await madeUp.text()).includes('<script>'));
  const consent = await startGitHub();
  const html = await (await fetch(consent, { headers: { Cookie: cookie } })).text();
  assert.match(html, /<title>Sign in with GitHub \(local stand-in\)<\/title>/);
  assert.match(html, /<button class="button">Continue<\/button>/);
  assert.match(html, /<input type="hidden" name="state" value="[\w.-]+">/, 'the state is carried in the forms');
  const disabled = await fetch(`${server.url}/_fake-oauth/google/authorize`);
  assert.equal(disabled.status, 404);
});

test('a first login creates a github user and lands on the referring page with sorted token fragment', async () => {
  const landing = await loginWithGitHub({ email: 'octo@example.com', name: 'Octo Cat', verified: 'true' });
  const [target, fragment = ''] = landing.split('#');
  assert.equal(target, 'http://localhost:8888/login');
  const params = new URLSearchParams(fragment);
  assert.deepEqual([...params.keys()], ['access_token', 'expires_in', 'refresh_token', 'token_type']);
  assert.equal(params.get('token_type'), 'bearer');
  const claims = decodeJwt(params.get('access_token') ?? '');
  assert.equal(claims.email, 'octo@example.com');
  assert.deepEqual(claims.app_metadata, { provider: 'github' });
  assert.deepEqual(claims.user_metadata, { full_name: 'Octo Cat' });

  const refreshed = await fetch(`${server.url}/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: params.get('refresh_token') ?? '' }),
  });
  assert.equal(refreshed.status, 200, 'the refresh token from the fragment works');

  const page = await (await fetch(await startGitHub(), { headers: { Cookie: cookie } })).text();
  assert.match(
    page,
    /Continue as <span class="address">octo@example\.com<\/span>/,
    'known github users get a one-click button',
  );
});

test('denying consent lands with the provider error in the fragment, spaces as +', async () => {
  const landing = await loginWithGitHub({ deny: '1' });
  assert.equal(
    landing,
    'http://localhost:8888/login#error=access_denied&error_description=The+user+has+denied+your+application+access.',
  );
});

test('an unverified provider email gets a confirmation mail and lands with no fragment', async () => {
  const landing = await loginWithGitHub({ email: 'unverified@example.com', name: 'U' });
  assert.equal(landing, 'http://localhost:8888/login');
  const mails = (await (await fetch(`${server.url}/_outbox/messages`)).json()) as Array<{ to: string; kind: string }>;
  assert.deepEqual(mails.at(-1) && [mails.at(-1)!.to, mails.at(-1)!.kind], ['unverified@example.com', 'confirmation']);
});

test('an invite is accepted through the provider only with the invited email', async () => {
  const invite = await fetch(`${server.url}/invite`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.operatorToken}` },
    body: JSON.stringify({ email: 'ivy@example.com' }),
  });
  assert.equal(invite.status, 200);
  const mails = (await (await fetch(`${server.url}/_outbox/messages`)).json()) as Array<{
    kind: string;
    token: string;
  }>;
  const token = mails.filter((m) => m.kind === 'invite').at(-1)?.token ?? '';

  const wrong = await loginWithGitHub(
    { email: 'someone-else@example.com', name: 'X', verified: 'true' },
    `&invite_token=${token}`,
  );
  assert.equal(
    wrong,
    'http://localhost:8888/login#error=invalid_request&error_description=Invited+email+does+not+match+emails+from+external+provider',
  );

  const right = await loginWithGitHub(
    { email: 'ivy@example.com', name: 'Ivy', verified: 'true' },
    `&invite_token=${token}`,
  );
  const claims = decodeJwt(new URLSearchParams(right.split('#')[1]).get('access_token') ?? '');
  assert.equal(claims.email, 'ivy@example.com');
  assert.deepEqual(claims.app_metadata, { provider: 'github' });

  const used = await fetch(`${server.url}/authorize?provider=github&invite_token=${token}`, { redirect: 'manual' });
  assert.deepEqual(await used.json(), { code: 404, msg: 'User not found' }, 'the invite token is used up');
});

test('a tampered state is refused before any redirect', async () => {
  const consent = await startGitHub();
  const state = consent.searchParams.get('state') ?? '';
  const answer = await fetch(`${server.url}/callback?code=x&state=${state.slice(0, -2)}xx`, {
    redirect: 'manual',
    headers: { Cookie: cookie },
  });
  assert.equal(answer.status, 400);
  assert.deepEqual(await answer.json(), { code: 400, msg: 'OAuth state is invalid: signature is invalid' });
});
