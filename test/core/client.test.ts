import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { createAdminApi } from '../../src/core/admin.js';
import { GoTrueClient } from '../../src/core/client.js';
import { AuthError, type AuthErrorCode, errorFromAnswer } from '../../src/core/errors.js';
import { answers, type Answer } from './fixtures/gotrue-answers.js';
import { clientAnswering, rejection, stubFetch } from './fixtures/stub-fetch.js';

const ACCESS = 'eyJhbGciOiJIUzI1NiJ9.user.sig';
const ADMIN = 'local-operator-token';

type Call = (client: GoTrueClient) => Promise<unknown>;
const call = {
  settings: (c: GoTrueClient) => c.settings(),
  signup: (c: GoTrueClient) => c.signup('bob@example.com', 'pw'),
  login: (c: GoTrueClient) => c.login('alice@example.com', 'pw'),
  refresh: (c: GoTrueClient) => c.refresh('Y8Kg0zCjF14PJ-SGu3M9Fw'),
  confirm: (c: GoTrueClient) => c.verify('signup', 'kbYyg5vawuSs0AaHmn-Hig'),
  acceptInvite: (c: GoTrueClient) => c.verify('signup', 'GCE5dXSnpDjY76HlwZw1dw', 'ivy-pw'),
  recoverToken: (c: GoTrueClient) => c.verify('recovery', 'hqiyhgSLfGi1_vJC1GZY_Q'),
  recover: (c: GoTrueClient) => c.recover('alice@example.com'),
  getUser: (c: GoTrueClient) => c.getUser(ACCESS),
  updateUser: (c: GoTrueClient) => c.updateUser(ACCESS, { email_change_token: 'izkQLGfeNuBF9c3vpRT1PQ' }),
  logout: (c: GoTrueClient) => c.logout(ACCESS),
  invite: (c: GoTrueClient) => createAdminApi(c).invite(ADMIN, { email: 'ivy@example.com' }),
  adminList: (c: GoTrueClient) => createAdminApi(c).listUsers(ADMIN, { filter: 'ivy' }),
  adminGet: (c: GoTrueClient) => createAdminApi(c).getUser(ADMIN, '00000000-0000-0000-0000-000000000001'),
  adminCreate: (c: GoTrueClient) =>
    createAdminApi(c).createUser(ADMIN, { email: 'admincreated@example.com', password: 'pw' }),
} satisfies Record<string, Call>;

/** (server answer) -> (code the UI sees), one row per recorded GoTrue answer. */
const errorTable: Array<[string, Answer, Call, AuthErrorCode]> = [
  ['wrong password', answers.tokenWrongPassword, call.login, 'invalid_credentials'],
  ['login before confirming', answers.tokenBeforeConfirmation, call.login, 'email_not_confirmed'],
  ['signups disabled', answers.signupDisabled, call.signup, 'signup_disabled'],
  ['signup with a confirmed email', answers.signupDuplicate, call.signup, 'user_exists'],
  ['invite of a taken email', answers.inviteSameEmail, call.invite, 'user_exists'],
  ['admin create of a taken email', answers.inviteSameEmail, call.adminCreate, 'user_exists'],
  ['used confirmation link', answers.verifyUnknownToken, call.confirm, 'invalid_token'],
  ['blank verify token', answers.verifyWhitespaceToken, call.confirm, 'invalid_token'],
  ['rotated refresh token', answers.refreshRotated, call.refresh, 'invalid_token'],
  ['refresh without a token', answers.refreshMissing, call.refresh, 'invalid_token'],
  ['wrong email change token', answers.putUserWrongEmailChangeToken, call.updateUser, 'invalid_token'],
  ['expired confirmation link', answers.verifyConfirmationExpired, call.confirm, 'token_expired'],
  ['expired recovery link', answers.verifyRecoveryExpired, call.recoverToken, 'token_expired'],
  ['expired email change link', answers.putUserEmailChangeExpired, call.updateUser, 'token_expired'],
  ['expired refresh token', answers.refreshExpired, call.refresh, 'token_expired'],
  ['signup without password', answers.signupMissingPassword, call.signup, 'password_required'],
  ['invite accepted without password', answers.verifyInviteNoPassword, call.confirm, 'password_required'],
  ['signup without email', answers.signupMissingEmail, call.signup, 'email_required'],
  ['recover without email', answers.recoverMissingEmail, call.recover, 'email_required'],
  ['signup with a bad email', answers.signupInvalidEmail, call.signup, 'invalid_email'],
  ['recover twice in 15 min', answers.recoverAgain, call.recover, 'rate_limited'],
  ['31st login from one client', answers.tokenRateLimited, call.login, 'rate_limited'],
  ['GET /user without a token', answers.getUserNoHeader, call.getUser, 'unauthorized'],
  ['GET /user with a garbage token', answers.getUserGarbageToken, call.getUser, 'unauthorized'],
  ['GET /user with an expired token', answers.getUserExpiredToken, call.getUser, 'unauthorized'],
  ['token for another audience', answers.getUserAudienceMismatch, call.getUser, 'unauthorized'],
  ['app_metadata by a normal user', answers.putUserAppMetadata, call.updateUser, 'unauthorized'],
  ['invite by a normal user', answers.inviteAsNormalUser, call.invite, 'unauthorized'],
  ['GET /user of a deleted user', answers.getUserDeleted, call.getUser, 'user_not_found'],
  ['logout of a deleted user', answers.logoutDeleted, call.logout, 'user_not_found'],
  ['admin get of an unknown id', answers.adminGetUnknown, call.adminGet, 'user_not_found'],
  ['email logins disabled', answers.tokenEmailProviderDisabled, call.login, 'provider_disabled'],
  ['signup vetoed by a webhook', answers.signupWebhookRejected, call.signup, 'webhook_rejected'],
  ['login webhook unreachable (502)', answers.tokenWebhookUnreachable, call.login, 'webhook_rejected'],
  ['login webhook too slow (504)', answers.webhookTimeout, call.login, 'webhook_rejected'],
  ['admin filter on MariaDB (500)', answers.adminListFilterMariaDb, call.adminList, 'server'],
  ["a proxy's HTML 502 page", answers.proxyBadGateway, call.login, 'server'],
  ["a CDN's HTML 429 page", answers.cdnRateLimitPage, call.login, 'rate_limited'],
  ["a dev server's index.html with 200", answers.devServerIndexHtml, call.settings, 'bad_response'],
  ['a garbage body with 200', answers.garbage, call.getUser, 'bad_response'],
  ['an empty 200 from /token', answers.empty200, call.login, 'bad_response'],
  ['an empty 200 from /user', answers.empty200, call.getUser, 'bad_response'],
  ['a 200 /token without access_token', answers.tokenWithoutAccessToken, call.refresh, 'bad_response'],
  ['a 200 /user that is not a user', answers.userNotAnObject, call.getUser, 'bad_response'],
  ['an HTML 200 from /recover', answers.devServerIndexHtml, call.recover, 'bad_response'],
  ['a wrong apiUrl (text 404)', answers.notFoundPath, call.settings, 'endpoint_not_found'],
];

describe('GoTrueClient errors', () => {
  for (const [name, answer, run, code] of errorTable) {
    it(`${name} -> ${code}`, async () => {
      const { client } = clientAnswering(answer);
      const error = await rejection(run(client));
      expect(error.code).to.equal(code);
      if (answer.status >= 300) expect(error.status).to.equal(answer.status);
    });
  }

  it('maps /authorize answers the browser may land on', () => {
    const parse = (a: Answer) => JSON.parse(a.body) as unknown;
    expect(errorFromAnswer(404, parse(answers.authorizeUnknownInvite), 'authorize').code).to.equal('invalid_token');
    expect(errorFromAnswer(400, parse(answers.authorizeNotEnabled), 'authorize').code).to.equal('provider_disabled');
    expect(errorFromAnswer(400, parse(answers.authorizeUnknown), 'authorize').code).to.equal('provider_disabled');
  });

  it('keeps the server message, status and OAuth error for display and logs', async () => {
    const { client } = clientAnswering(answers.tokenWrongPassword);
    const error = await rejection(client.login('alice@example.com', 'wrong'));
    expect(error.serverMessage).to.equal('No user found with that email, or password invalid.');
    expect(error.oauthError).to.equal('invalid_grant');
    expect(error.status).to.equal(400);

    const { client: other } = clientAnswering(answers.verifyMalformedJson);
    const unknown = await rejection(other.verify('signup', 'x'));
    expect(unknown.code).to.equal('unknown');
    expect(unknown.message).to.equal('Could not read verification params: unexpected EOF');
  });

  it('reports a fetch that rejects as a network failure', async () => {
    const { fetch } = stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const error = await rejection(new GoTrueClient({ fetch }).settings());
    expect(error.code).to.equal('network');
    expect(error.transient).to.equal(true);
  });

  it('gives up on a server that never answers and aborts the request', async () => {
    const { fetch, sent } = stubFetch(() => new Promise<Response>(() => {}));
    const error = await rejection(new GoTrueClient({ fetch, timeoutMs: 20 }).login('a@example.com', 'pw'));
    expect(error.code).to.equal('timeout');
    expect(sent[0]!.signal.aborted).to.equal(true);
  });

  it('covers every error code the widget translates', () => {
    const covered = new Set<string>(errorTable.map((row) => row[3]));
    const required: AuthErrorCode[] = [
      'invalid_credentials',
      'email_not_confirmed',
      'signup_disabled',
      'user_exists',
      'invalid_token',
      'token_expired',
      'password_required',
      'email_required',
      'invalid_email',
      'rate_limited',
      'unauthorized',
      'user_not_found',
      'provider_disabled',
      'webhook_rejected',
      'server',
      'bad_response',
    ];
    expect(required.filter((code) => !covered.has(code))).to.deep.equal([]);
  });
});

describe('GoTrueClient requests', () => {
  it('logs in with a form-encoded password grant, never JSON (GoTrue does not read JSON on /token)', async () => {
    const { client, sent } = clientAnswering(answers.tokenPassword);
    const tokens = await client.login('alice+1795406649@example.com', 'p@ss w+rd&=');
    const request = sent[0]!;
    expect(request.method).to.equal('POST');
    expect(request.path).to.equal('/.netlify/identity/token');
    expect(request.search.toString()).to.equal('');
    expect(request.headers.get('content-type')).to.equal('application/x-www-form-urlencoded');
    expect(request.body).to.equal(
      'grant_type=password&username=alice%2B1795406649%40example.com&password=p%40ss+w%2Brd%26%3D',
    );
    expect(() => JSON.parse(request.body)).to.throw();
    expect(tokens).to.deep.equal({
      access_token: 'eyJhbGciOiJIU…',
      token_type: 'bearer',
      expires_in: 3600,
      refresh_token: 'Ey6PGgMbO5MF8VNSHC94WQ',
    });
  });

  it('refreshes with a form-encoded refresh_token grant', async () => {
    const { client, sent } = clientAnswering(answers.tokenRefresh);
    const tokens = await client.refresh('vsy4dKY8uRei_XpQT6H0gw');
    expect(sent[0]!.headers.get('content-type')).to.equal('application/x-www-form-urlencoded');
    expect(sent[0]!.body).to.equal('grant_type=refresh_token&refresh_token=vsy4dKY8uRei_XpQT6H0gw');
    expect(tokens.refresh_token).to.equal('Y8Kg0zCjF14PJ-SGu3M9Fw');
  });

  it('sends JSON bodies to signup, verify, recover and PUT /user', async () => {
    const signup = clientAnswering(answers.signup);
    const user = await signup.client.signup('alice@example.com', 'secret-pw-1', { full_name: 'Alice A' });
    expect(user.email).to.equal('alice+1795406649@example.com');
    expect(signup.sent[0]!.headers.get('content-type')).to.equal('application/json');
    expect(JSON.parse(signup.sent[0]!.body)).to.deep.equal({
      email: 'alice@example.com',
      password: 'secret-pw-1',
      data: { full_name: 'Alice A' },
    });

    const invite = clientAnswering(answers.verifySignup);
    await invite.client.verify('signup', 'GCE5dXSnpDjY76HlwZw1dw', 'ivy-pw');
    expect(JSON.parse(invite.sent[0]!.body)).to.deep.equal({
      type: 'signup',
      token: 'GCE5dXSnpDjY76HlwZw1dw',
      password: 'ivy-pw',
    });

    const recover = clientAnswering(answers.recover);
    expect(await recover.client.recover('alice@example.com')).to.equal(undefined);
    expect(JSON.parse(recover.sent[0]!.body)).to.deep.equal({ email: 'alice@example.com' });

    const update = clientAnswering(answers.getUser);
    await update.client.updateUser(ACCESS, { data: { plan: null, theme: 'dark' } });
    expect(update.sent[0]!.method).to.equal('PUT');
    expect(JSON.parse(update.sent[0]!.body)).to.deep.equal({ data: { plan: null, theme: 'dark' } });
  });

  it('sends the user token as a Bearer and accepts the empty 204 of logout', async () => {
    const user = clientAnswering(answers.getUser);
    expect((await user.client.getUser(ACCESS)).id).to.equal('9ee3c989-f2e6-4a2b-bddc-aa93eb47a0e6');
    expect(user.sent[0]!.headers.get('authorization')).to.equal(`Bearer ${ACCESS}`);

    const logout = clientAnswering(answers.logout);
    expect(await logout.client.logout(ACCESS)).to.equal(undefined);
    expect(logout.sent[0]!.method).to.equal('POST');
    expect(logout.sent[0]!.headers.get('authorization')).to.equal(`Bearer ${ACCESS}`);
  });

  it('sends X-JWT-AUD on every request when an audience is set, and never otherwise', async () => {
    const withAudience = clientAnswering(answers.settings, { audience: 'api.netlify.com' });
    await withAudience.client.settings();
    await rejection(withAudience.client.login('a@example.com', 'pw'));
    expect(withAudience.sent.map((r) => r.headers.get('x-jwt-aud'))).to.deep.equal([
      'api.netlify.com',
      'api.netlify.com',
    ]);

    const without = clientAnswering(answers.settings);
    await without.client.settings();
    expect(without.sent[0]!.headers.has('x-jwt-aud')).to.equal(false);
  });

  it('asks for the nf_jwt cookie only in cookie mode, and only on /token and /verify', async () => {
    const cookie = clientAnswering(answers.tokenPassword, { cookie: true });
    await cookie.client.login('a@example.com', 'pw', { remember: true });
    await cookie.client.login('a@example.com', 'pw');
    await cookie.client.refresh('r', { remember: false });
    await cookie.client.verify('recovery', 't', undefined, { remember: true });
    expect(cookie.sent.map((r) => r.headers.get('x-use-cookie'))).to.deep.equal(['1', 'session', 'session', '1']);

    const userCalls = clientAnswering(answers.getUser, { cookie: true });
    await userCalls.client.getUser(ACCESS);
    expect(userCalls.sent[0]!.headers.has('x-use-cookie')).to.equal(false);

    const plain = clientAnswering(answers.tokenPassword);
    await plain.client.login('a@example.com', 'pw', { remember: true });
    expect(plain.sent[0]!.headers.has('x-use-cookie')).to.equal(false);
  });

  it("never sends credentials cross-origin, since GoTrue's CORS is '*'", async () => {
    const { client, sent } = clientAnswering(answers.settings);
    const settings = await client.settings();
    expect(sent[0]!.credentials).to.equal('same-origin');
    expect(settings.external.github).to.equal(true);
    expect(settings.autoconfirm).to.equal(false);
  });

  it('uses /.netlify/identity by default and tolerates a trailing slash', async () => {
    const byDefault = stubFetch(answers.settings);
    await new GoTrueClient({ fetch: byDefault.fetch }).settings();
    expect(byDefault.sent[0]!.path).to.equal('/.netlify/identity/settings');

    const slashed = stubFetch(answers.settings);
    const client = new GoTrueClient({ apiUrl: 'http://127.0.0.1:9999/', fetch: slashed.fetch });
    await client.settings();
    expect(client.apiUrl).to.equal('http://127.0.0.1:9999');
    expect(slashed.sent[0]!.path).to.equal('/settings');
  });

  it('builds /authorize URLs to navigate to, resolved against the page', () => {
    const relative = new GoTrueClient();
    expect(relative.authorizeUrl('github')).to.equal(`${location.origin}/.netlify/identity/authorize?provider=github`);
    const absolute = new GoTrueClient({ apiUrl: 'https://id.example/' });
    expect(absolute.authorizeUrl('gitlab', { inviteToken: 'a+b/c' })).to.equal(
      'https://id.example/authorize?provider=gitlab&invite_token=a%2Bb%2Fc',
    );
  });
});

describe('GoTrueClient admin', () => {
  it('sends the admin token on every admin call', async () => {
    const { client, sent } = clientAnswering(answers.adminCreate);
    await createAdminApi(client).createUser(ADMIN, {
      email: 'admincreated@example.com',
      password: 'pw',
      confirm: true,
      role: 'admin',
    });
    await createAdminApi(client).getUser(ADMIN, '1f8cf01e-261d-496d-9eb7-4e5c0e694dcb');
    await createAdminApi(client).updateUser(ADMIN, '1f8cf01e-261d-496d-9eb7-4e5c0e694dcb', {
      app_metadata: { plan: 'gold' },
    });
    expect(sent.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
      'POST /.netlify/identity/admin/users',
      'GET /.netlify/identity/admin/users/1f8cf01e-261d-496d-9eb7-4e5c0e694dcb',
      'PUT /.netlify/identity/admin/users/1f8cf01e-261d-496d-9eb7-4e5c0e694dcb',
    ]);
    expect(sent.every((r) => r.headers.get('authorization') === `Bearer ${ADMIN}`)).to.equal(true);
    expect(JSON.parse(sent[2]!.body)).to.deep.equal({ app_metadata: { plan: 'gold' } });
  });

  it('invites a user by email with metadata', async () => {
    const { client, sent } = clientAnswering(answers.invite);
    const user = await createAdminApi(client).invite(ADMIN, {
      email: 'invitee@example.com',
      data: { full_name: 'Ivy' },
    });
    expect(user.invited_at).to.equal('2026-11-23T04:04:43.623577885Z');
    expect(sent[0]!.path).to.equal('/.netlify/identity/invite');
    expect(sent[0]!.headers.get('authorization')).to.equal(`Bearer ${ADMIN}`);
    expect(JSON.parse(sent[0]!.body)).to.deep.equal({ email: 'invitee@example.com', data: { full_name: 'Ivy' } });
  });

  it('lists users with paging, sort and filter in the query', async () => {
    const { client, sent } = clientAnswering(answers.adminList);
    const list = await createAdminApi(client).listUsers(ADMIN, {
      page: 2,
      per_page: 2,
      sort: 'created_at asc',
      filter: 'ivy',
    });
    expect(list.users.map((u) => u.email)).to.deep.equal([
      'invitee+1795406683@example.com',
      'alice2+1795406655@example.com',
    ]);
    expect(Object.fromEntries(sent[0]!.search)).to.deep.equal({
      page: '2',
      per_page: '2',
      sort: 'created_at asc',
      filter: 'ivy',
    });
  });

  it('deletes a user, escaping the id into one path segment', async () => {
    const { client, sent } = clientAnswering(answers.adminDelete);
    expect(await createAdminApi(client).deleteUser(ADMIN, '../settings')).to.equal(undefined);
    expect(sent[0]!.method).to.equal('DELETE');
    expect(sent[0]!.path).to.equal('/.netlify/identity/admin/users/..%2Fsettings');
  });

  it('reports a non-UUID id as the server says it', async () => {
    const { client } = clientAnswering(answers.adminGetNotUuid);
    const error = await rejection(createAdminApi(client).getUser(ADMIN, 'zzz'));
    expect(error.serverMessage).to.equal('user_id must be an UUID');
    expect(error.status).to.equal(400);
  });
});

describe('GoTrueClient input', () => {
  it('refuses options that cannot work, saying which one', () => {
    expect(() => new GoTrueClient({ timeoutMs: 0 })).to.throw(RangeError, /timeoutMs/);
    expect(() => new GoTrueClient({ timeoutMs: Number.NaN })).to.throw(RangeError, /timeoutMs/);
    expect(() => new GoTrueClient({ apiUrl: 42 as unknown as string })).to.throw(TypeError, /apiUrl/);
  });

  it('treats an empty apiUrl (an empty api-url attribute) as the default', () => {
    expect(new GoTrueClient({ apiUrl: ' ' }).apiUrl).to.equal('/.netlify/identity');
    expect(new GoTrueClient({ apiUrl: null as unknown as string }).apiUrl).to.equal('/.netlify/identity');
  });

  it('refuses an empty admin user id instead of hitting the list route', async () => {
    const { client, sent } = clientAnswering(answers.adminList);
    const error = await rejection(createAdminApi(client).deleteUser(ADMIN, ''));
    expect(error.code).to.equal('user_not_found');
    expect(sent).to.deep.equal([]);
  });

  it('form-encodes any email and password so the server reads them back unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.emailAddress(), fc.string({ unit: 'grapheme' }), async (email, password) => {
        const { client, sent } = clientAnswering(answers.tokenPassword);
        await client.login(email, password);
        const form = new URLSearchParams(sent[0]!.body);
        expect([...form.keys()]).to.deep.equal(['grant_type', 'username', 'password']);
        expect(form.get('username')).to.equal(email);
        expect(form.get('password')).to.equal(password);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects only with AuthError, whatever the server answers', async () => {
    const status = fc.integer({ min: 200, max: 599 }).filter((s) => s !== 204 && s !== 205 && s !== 304);
    const body = fc.oneof(fc.string(), fc.json(), fc.constant(answers.tokenWrongPassword.body));
    await fc.assert(
      fc.asyncProperty(status, body, async (code, text) => {
        const { client } = clientAnswering({ status: code, body: text });
        for (const run of [call.login, call.getUser, call.recover, call.adminList]) {
          await run(client).catch((error: unknown) => expect(error).to.be.instanceOf(AuthError));
        }
      }),
      { numRuns: 100 },
    );
  });
});

/**
 * The same client against the project's local GoTrue, mounted by web-test-runner on this page's
 * origin (web-test-runner.config.mjs): proves the client and the server agree on the wire.
 */
describe('GoTrueClient against the local server', function () {
  // The first request to a mount starts its in-memory database (about 5 s on 2 cores).
  this.timeout(30_000);
  const unique = () => `client-${Date.now()}-${Math.random().toString(36).slice(2, 8)}+tag@example.com`;

  it('signs up, logs in, reads and updates the user, refreshes and logs out (autoconfirm)', async () => {
    const client = new GoTrueClient({ apiUrl: '/identity-autoconfirm' });
    expect((await client.settings()).autoconfirm).to.equal(true);
    const email = unique();
    const created = await client.signup(email, 'p@ss w+rd&=', { full_name: 'Client Test' });
    expect(created.email).to.equal(email);

    expect((await rejection(client.login(email, 'wrong'))).code).to.equal('invalid_credentials');
    expect((await rejection(client.signup(email, 'other'))).code).to.equal('user_exists');

    const tokens = await client.login(email.toUpperCase(), 'p@ss w+rd&=');
    expect(tokens.token_type).to.equal('bearer');
    const user = await client.getUser(tokens.access_token);
    expect(user.user_metadata).to.deep.equal({ full_name: 'Client Test' });
    const updated = await client.updateUser(tokens.access_token, { data: { full_name: null, theme: 'dark' } });
    expect(updated.user_metadata).to.deep.equal({ theme: 'dark' });

    const next = await client.refresh(tokens.refresh_token);
    expect(next.refresh_token).not.to.equal(tokens.refresh_token);
    expect((await rejection(client.refresh(tokens.refresh_token))).code).to.equal('invalid_token');
    await client.logout(next.access_token);
    expect((await rejection(client.refresh(next.refresh_token))).code).to.equal('invalid_token');
    expect((await rejection(client.getUser('abc.def.ghi'))).code).to.equal('unauthorized');
  });

  it('confirms a signup through the emailed token and refuses it a second time', async () => {
    const client = new GoTrueClient();
    const email = unique();
    await client.signup(email, 'pw');
    expect((await rejection(client.login(email, 'pw'))).code).to.equal('email_not_confirmed');
    const outbox = (await (await fetch('/.netlify/identity/_outbox/messages')).json()) as Array<{
      to: string;
      kind: string;
      token: string;
    }>;
    const mail = outbox.filter((m) => m.to === email && m.kind === 'confirmation').at(-1);
    expect(mail, 'confirmation mail in the outbox').to.not.equal(undefined);
    const tokens = await client.verify('signup', mail!.token);
    expect((await client.getUser(tokens.access_token)).confirmed_at).to.be.a('string');
    expect((await rejection(client.verify('signup', mail!.token))).code).to.equal('invalid_token');
  });

  it('refuses signup where signups are disabled', async () => {
    const client = new GoTrueClient({ apiUrl: '/identity-nosignup' });
    expect((await rejection(client.signup(unique(), 'pw'))).code).to.equal('signup_disabled');
  });
});
