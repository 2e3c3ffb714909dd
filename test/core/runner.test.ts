/**
 * The runner with the real GoTrueClient and Session, against a GoTrue fake behind `fetch` that
 * answers with GoTrue's own shapes and messages (src/core/wire.ts). Each test drives the runner the way
 * the element does (events in, state out) and checks what the user ends up with.
 */
import { expect } from '@open-wc/testing';
import { GoTrueClient } from '../../src/core/client.js';
import { memoryStorage } from '../../src/core/session-storage.js';
import { Session, type LoginMethod, type SessionEvent } from '../../src/core/session.js';
import { createRunner, type Runner, type RunnerReport } from '../../src/core/runner.js';
import { MESSAGES } from '../../src/core/wire.js';
import { makeToken, wireUser } from './fixtures/session-fakes.js';

const API = 'https://site.example/.netlify/identity';

interface Account {
  password: string;
  confirmed: boolean;
  name: string;
}

/** Just enough GoTrue to walk every flow; `hold` keeps the next answer back until released. */
class FakeGoTrue {
  users = new Map<string, Account>([['alice@example.com', { password: 'pw', confirmed: true, name: 'Alice' }]]);
  links = new Map<string, { email: string; kind: 'signup' | 'recovery' | 'invite' }>();
  autoconfirm = false;
  calls: string[] = [];
  bodies: unknown[] = [];
  offline = false;
  private gate: Promise<void> | null = null;

  /** Holds the next answer back until the returned function is called. */
  hold(): () => void {
    let release!: () => void;
    this.gate = new Promise<void>((resolve) => (release = resolve));
    return () => release();
  }

  fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    const path = url.pathname.replace('/.netlify/identity', '');
    const method = init.method ?? 'GET';
    this.calls.push(`${method} ${path}`);
    const gate = this.gate;
    this.gate = null;
    if (gate) await gate;
    if (this.offline) throw new TypeError('Failed to fetch');
    const text = typeof init.body === 'string' ? init.body : '';
    const body = text.startsWith('{')
      ? (JSON.parse(text) as Record<string, string>)
      : Object.fromEntries(new URLSearchParams(text));
    this.bodies.push(body);
    return this.answer(method, path, body, new Headers(init.headers).get('Authorization'));
  };

  private json(status: number, body: unknown): Response {
    return new Response(status === 204 ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  }

  private tokens(email: string) {
    const name = this.users.get(email)?.name ?? '';
    const exp = Date.now() / 1000 + 3600;
    return {
      access_token: makeToken(exp, { email, user_metadata: { full_name: name } }),
      token_type: 'bearer',
      expires_in: 3600,
      refresh_token: `r-${email}`,
    };
  }

  private userOf(email: string) {
    return wireUser({ email, user_metadata: { full_name: this.users.get(email)?.name ?? '' } });
  }

  private answer(method: string, path: string, body: Record<string, string>, auth: string | null): Response {
    const bearerEmail = auth
      ? (JSON.parse(atob(auth.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { email: string }).email
      : null;
    switch (`${method} ${path}`) {
      case 'GET /settings':
        return this.json(200, {
          external: {
            bitbucket: false,
            github: true,
            gitlab: false,
            google: false,
            facebook: false,
            saml: false,
            email: true,
          },
          external_labels: {},
          disable_signup: false,
          autoconfirm: this.autoconfirm,
        });
      case 'POST /signup': {
        this.users.set(body.email!, { password: body.password!, confirmed: this.autoconfirm, name: '' });
        return this.json(
          200,
          wireUser({ email: body.email!, ...(this.autoconfirm ? {} : { confirmed_at: undefined }) }),
        );
      }
      case 'POST /token': {
        // Refresh tokens here are `r-<email>`; the session refreshes after a profile update, for a JWT with the new claims.
        if (body.grant_type === 'refresh_token') {
          const email = body.refresh_token?.slice(2) ?? '';
          return this.users.has(email)
            ? this.json(200, this.tokens(email))
            : this.json(400, { error: 'invalid_grant', error_description: MESSAGES.invalidRefreshToken });
        }
        const user = this.users.get(body.username!);
        if (!user || user.password !== body.password)
          return this.json(400, { error: 'invalid_grant', error_description: MESSAGES.noUserOrBadPassword });
        if (!user.confirmed)
          return this.json(400, { error: 'invalid_grant', error_description: MESSAGES.emailNotConfirmed });
        return this.json(200, this.tokens(body.username!));
      }
      case 'POST /verify': {
        const link = this.links.get(body.token!);
        if (!link) return this.json(404, { code: 404, msg: MESSAGES.userNotFound });
        if (link.kind === 'invite' && !body.password)
          return this.json(422, { code: 422, msg: MESSAGES.invitedNeedsPassword });
        this.links.delete(body.token!);
        this.users.set(link.email, { password: body.password ?? 'pw', confirmed: true, name: '' });
        return this.json(200, this.tokens(link.email));
      }
      case 'POST /recover':
        return this.json(200, {});
      case 'GET /user':
        if (auth?.endsWith('.forged')) return this.json(401, { code: 401, msg: 'Invalid token: signature is invalid' });
        return this.json(200, this.userOf(bearerEmail!));
      case 'PUT /user': {
        const user = this.users.get(bearerEmail!)!;
        if (body.password) user.password = body.password;
        if (body.email_change_token && body.email_change_token !== 'ec-token')
          return this.json(401, { code: 401, msg: MESSAGES.emailChangeMismatch });
        const email = body.email_change_token ? 'new@example.com' : bearerEmail!;
        return this.json(200, wireUser({ email, user_metadata: { full_name: user.name } }));
      }
      case 'POST /logout':
        return this.json(204, null);
      default:
        return this.json(404, { code: 404, msg: 'Not found' });
    }
  }
}

interface Harness {
  server: FakeGoTrue;
  session: Session;
  runner: Runner;
  host: RunnerReport[];
  logins: LoginMethod[];
  navigated: string[];
}

let open: Harness[] = [];

function harness(setup: (server: FakeGoTrue, session: Session) => void = () => {}): Harness {
  const server = new FakeGoTrue();
  const client = new GoTrueClient({ apiUrl: API, fetch: server.fetch });
  const session = new Session({ client, storage: memoryStorage(), tabStorage: memoryStorage(), locks: null });
  setup(server, session);
  const logins: LoginMethod[] = [];
  session.subscribe((event: SessionEvent) => {
    if (event.type === 'login') logins.push(event.method);
  });
  const host: RunnerReport[] = [];
  const navigated: string[] = [];
  const runner = createRunner({
    client,
    session,
    onHostEvent: (event) => host.push(event),
    navigate: (url) => navigated.push(url),
  });
  const made = { server, session, runner, host, logins, navigated };
  open.push(made);
  return made;
}

const unhandled: unknown[] = [];
const onUnhandled = (event: PromiseRejectionEvent) => unhandled.push(event.reason);

describe('runner with the real client and session', () => {
  beforeEach(() => {
    unhandled.length = 0;
    window.addEventListener('unhandledrejection', onUnhandled);
  });
  afterEach(async () => {
    for (const made of open) {
      await made.runner.idle();
      made.runner.dispose();
      made.session.dispose();
    }
    open = [];
    // Let any stray rejection surface before checking.
    await new Promise((resolve) => setTimeout(resolve, 0));
    window.removeEventListener('unhandledrejection', onUnhandled);
    expect(unhandled, 'unhandled promise rejections').to.deep.equal([]);
  });

  it('logs in with a password, closes the dialog and tells the host page', async () => {
    const { runner, session, server, host, logins } = harness();
    runner.send({ type: 'open' });
    expect(runner.state.view.name, 'open does not wait for settings').to.equal('login');
    runner.send({ type: 'submit', values: { email: 'alice@example.com', password: 'pw' } });
    await runner.idle();
    expect(session.user?.email).to.equal('alice@example.com');
    expect(runner.state.account).to.deep.equal({ email: 'alice@example.com', name: 'Alice', newEmail: null });
    expect(runner.state.view.name).to.equal('closed');
    expect(logins).to.deep.equal(['password']);
    expect(host.map((e) => e.type)).to.deep.equal(['open', 'close', 'login']);
    // The runner reports the login it performed, with the user it logged in.
    expect(host.at(-1)).to.deep.include({ type: 'login', method: 'password', user: session.user });
    expect(server.calls).to.include('POST /token');
  });

  it('shows a wrong password on the login view with the typed email kept', async () => {
    const { runner, session } = harness();
    runner.send({ type: 'open' });
    runner.send({ type: 'submit', values: { email: 'alice@example.com', password: 'nope' } });
    await runner.idle();
    expect(session.user).to.equal(null);
    expect(runner.state.view).to.deep.include({
      name: 'login',
      error: { code: 'invalid_credentials', message: MESSAGES.noUserOrBadPassword },
    });
    expect(runner.state.form).to.include({ email: 'alice@example.com', password: 'nope' });
  });

  it('turns a network failure into an error on the view, with no unhandled rejection', async () => {
    const { runner, server, host } = harness();
    runner.send({ type: 'open' });
    server.offline = true;
    runner.send({ type: 'submit', values: { email: 'alice@example.com', password: 'pw' } });
    await runner.idle();
    expect(runner.state.view).to.have.nested.property('error.code', 'network');
    expect(host.some((event) => event.type === 'error')).to.equal(true);
  });

  it('with autoconfirm, signs up then logs in with the password (method signup)', async () => {
    const { runner, server, logins } = harness((server) => (server.autoconfirm = true));
    runner.send({ type: 'open', view: 'signup' });
    runner.send({ type: 'submit', values: { name: 'Bob', email: 'bob@example.com', password: 'pw' } });
    await runner.idle();
    expect(server.calls.filter((call) => call !== 'GET /settings' && call !== 'GET /user')).to.deep.equal([
      'POST /signup',
      'POST /token',
    ]);
    expect(server.bodies).to.deep.include({ email: 'bob@example.com', password: 'pw', data: { full_name: 'Bob' } });
    expect(logins).to.deep.equal(['signup']);
    expect(runner.state.account?.email).to.equal('bob@example.com');
  });

  it('without autoconfirm, says "check your email" and stays logged out', async () => {
    const { runner, session } = harness();
    runner.send({ type: 'open', view: 'signup' });
    await runner.idle();
    runner.send({ type: 'submit', values: { email: 'carol@example.com', password: 'pw' } });
    await runner.idle();
    expect(runner.state.view).to.deep.equal({ name: 'notice', notice: 'notice.checkEmail' });
    expect(session.user).to.equal(null);
  });

  it('recovery link: verifies, logs in (method recovery), then saves the new password', async () => {
    const { runner, server, logins } = harness((server) =>
      server.links.set('rec', { email: 'alice@example.com', kind: 'recovery' }),
    );
    runner.send({ type: 'route', route: { type: 'recovery', token: 'rec' } });
    await runner.idle();
    expect(logins).to.deep.equal(['recovery']);
    expect(runner.state.view).to.deep.equal({ name: 'recovery', phase: 'ready', error: null });
    runner.send({ type: 'submit', values: { password: 'n3w' } });
    await runner.idle();
    expect(runner.state.view).to.deep.equal({ name: 'notice', notice: 'notice.passwordUpdated' });
    expect(server.users.get('alice@example.com')?.password).to.equal('n3w');
    expect(server.bodies).to.deep.include({ type: 'recovery', token: 'rec' });
  });

  it('invite link: asks for a password, verifies as signup with it (method invite)', async () => {
    const { runner, server, logins } = harness((server) =>
      server.links.set('inv', { email: 'ivy@example.com', kind: 'invite' }),
    );
    runner.send({ type: 'route', route: { type: 'invite', token: 'inv' } });
    expect(runner.state.view).to.deep.equal({ name: 'invite', token: 'inv', error: null });
    runner.send({ type: 'submit', values: { password: 'ivy-pw' } });
    await runner.idle();
    expect(server.bodies).to.deep.include({ type: 'signup', token: 'inv', password: 'ivy-pw' });
    expect(logins).to.deep.equal(['invite']);
    expect(runner.state.account?.email).to.equal('ivy@example.com');
  });

  it('confirmation link: verifies as signup (method confirmation) and says confirmed', async () => {
    const { runner, logins } = harness((server) =>
      server.links.set('ogvWj2MLgmXL8eQADnMOLg', { email: 'dan@example.com', kind: 'signup' }),
    );
    runner.send({ type: 'route', route: { type: 'confirmation', token: 'ogvWj2MLgmXL8eQADnMOLg' } });
    await runner.idle();
    expect(logins).to.deep.equal(['confirmation']);
    expect(runner.state.view).to.deep.equal({ name: 'notice', notice: 'notice.confirmed' });
  });

  it('shows a used confirmation link as an error', async () => {
    const { runner, session } = harness();
    runner.send({ type: 'route', route: { type: 'confirmation', token: 'used' } });
    await runner.idle();
    expect(runner.state.view).to.deep.equal({
      name: 'confirmation',
      error: { code: 'invalid_token', message: MESSAGES.userNotFound },
    });
    expect(session.user).to.equal(null);
  });

  it('OAuth return: establishes the session from the fragment tokens (method external)', async () => {
    const { runner, logins, session } = harness();
    const exp = Date.now() / 1000 + 3600;
    const access = makeToken(exp, { email: 'octo@example.com', user_metadata: { full_name: 'Octo' } });
    runner.send({
      type: 'route',
      route: {
        type: 'external_login',
        access_token: access,
        refresh_token: 'r',
        expires_in: 3600,
        token_type: 'bearer',
      },
    });
    await runner.idle();
    expect(logins).to.deep.equal(['external']);
    expect(session.user?.email).to.equal('octo@example.com');
    expect(runner.state).to.deep.include({ account: { email: 'octo@example.com', name: 'Octo', newEmail: null } });
    expect(runner.state.view.name).to.equal('closed');
  });

  it('a forged OAuth return (a token GoTrue rejects) neither logs in nor replaces the session', async () => {
    const { runner, logins, session, host } = harness();
    runner.send({ type: 'open' });
    runner.send({ type: 'submit', values: { email: 'alice@example.com', password: 'pw' } });
    await runner.idle();
    const real = session.user?.token.access_token;

    const parts = makeToken(Date.now() / 1000 + 3600, {
      email: 'mallory@example.com',
      app_metadata: { roles: ['admin'] },
    }).split('.');
    const forged = `${parts[0]}.${parts[1]}.forged`;
    runner.send({
      type: 'route',
      route: {
        type: 'external_login',
        access_token: forged,
        refresh_token: 'x',
        expires_in: 3600,
        token_type: 'bearer',
      },
    });
    await runner.idle();

    expect(logins).to.deep.equal(['password']);
    expect(session.user?.email).to.equal('alice@example.com');
    expect(session.user?.token.access_token).to.equal(real);
    expect(
      host.filter((event) => event.type === 'error').map((event) => event.type === 'error' && event.error.code),
    ).to.deep.equal(['unauthorized']);
  });

  it('email change link with no session: logs in first, then applies the token', async () => {
    const { runner, server } = harness();
    runner.send({ type: 'route', route: { type: 'email_change', token: 'ec-token' } });
    expect(runner.state.view).to.deep.include({ name: 'login', notice: 'notice.loginFirst' });
    runner.send({ type: 'submit', values: { email: 'alice@example.com', password: 'pw' } });
    await runner.idle();
    expect(server.bodies).to.deep.include({ email_change_token: 'ec-token' });
    expect(runner.state.view).to.deep.equal({ name: 'notice', notice: 'notice.emailChanged' });
    expect(runner.state.account?.email).to.equal('new@example.com');
  });

  it('a provider button navigates to /authorize, with the invite token on an invite', async () => {
    const { runner, navigated } = harness();
    runner.send({ type: 'route', route: { type: 'invite', token: 'inv' } });
    await runner.idle();
    runner.send({ type: 'provider', provider: 'github' });
    runner.send({ type: 'provider', provider: 'github' });
    await runner.idle();
    expect(navigated).to.have.length(1);
    const url = new URL(navigated[0]!);
    expect(url.pathname).to.equal('/.netlify/identity/authorize');
    expect(url.searchParams.get('provider')).to.equal('github');
    expect(url.searchParams.get('invite_token')).to.equal('inv');
  });

  it('a login finishing after the dialog closed still logs in and does not reopen it', async () => {
    const { runner, server, session, host } = harness();
    runner.send({ type: 'open' });
    await runner.idle();
    const release = server.hold();
    runner.send({ type: 'submit', values: { email: 'alice@example.com', password: 'pw' } });
    runner.send({ type: 'close' });
    release();
    await runner.idle();
    expect(session.user?.email).to.equal('alice@example.com');
    expect(runner.state.account?.email).to.equal('alice@example.com');
    expect(runner.state.view.name).to.equal('closed');
    expect(host.map((e) => e.type)).to.deep.equal(['open', 'close', 'login']);
  });

  it('double submit sends one request', async () => {
    const { runner, server } = harness();
    runner.send({ type: 'open' });
    await runner.idle();
    const release = server.hold();
    runner.send({ type: 'submit', values: { email: 'alice@example.com', password: 'pw' } });
    runner.send({ type: 'submit' });
    release();
    await runner.idle();
    expect(server.calls.filter((call) => call === 'POST /token')).to.have.length(1);
  });

  it('logs out from the account view, and follows a logout from elsewhere', async () => {
    const first = harness();
    first.runner.send({ type: 'open' });
    first.runner.send({ type: 'submit', values: { email: 'alice@example.com', password: 'pw' } });
    await first.runner.idle();
    first.runner.send({ type: 'open' });
    expect(first.runner.state.view.name).to.equal('account');
    first.runner.send({ type: 'logout' });
    await first.runner.idle();
    expect(first.session.user).to.equal(null);
    expect(first.runner.state.account).to.equal(null);
    expect(first.runner.state.view.name).to.equal('closed');
    expect(first.server.calls).to.include('POST /logout');

    const second = harness();
    second.runner.send({ type: 'open' });
    second.runner.send({ type: 'submit', values: { email: 'alice@example.com', password: 'pw' } });
    await second.runner.idle();
    second.runner.send({ type: 'open' });
    await second.session.logout();
    expect(second.runner.state.account).to.equal(null);
    expect(second.runner.state.view.name).to.equal('login');
  });

  it('forgot password: one POST /recover, then "a link is on its way"', async () => {
    const { runner, server } = harness();
    runner.send({ type: 'open', view: 'forgot' });
    runner.send({ type: 'submit', values: { email: 'alice@example.com' } });
    await runner.idle();
    expect(server.calls.filter((call) => call === 'POST /recover')).to.have.length(1);
    expect(server.bodies).to.deep.include({ email: 'alice@example.com' });
    expect(runner.state.view).to.deep.equal({ name: 'notice', notice: 'notice.recoverySent' });
  });

  it('opens without settings when /settings fails, and asks again on the next open', async () => {
    const { runner, server } = harness();
    server.offline = true;
    runner.send({ type: 'open' });
    await runner.idle();
    expect(runner.state.view.name).to.equal('login');
    expect(runner.state.settingsStatus).to.equal('failed');
    server.offline = false;
    runner.send({ type: 'close' });
    runner.send({ type: 'open' });
    await runner.idle();
    expect(runner.state.settingsStatus).to.equal('loaded');
    expect(server.calls.filter((call) => call === 'GET /settings')).to.have.length(2);
  });

  it('reports a provider navigation that throws as a host error, not an unhandled rejection', async () => {
    const server = new FakeGoTrue();
    const client = new GoTrueClient({ apiUrl: API, fetch: server.fetch });
    const session = new Session({ client, storage: memoryStorage(), tabStorage: memoryStorage(), locks: null });
    const host: RunnerReport[] = [];
    const runner = createRunner({
      client,
      session,
      onHostEvent: (event) => host.push(event),
      navigate: () => {
        throw new Error('navigation blocked');
      },
    });
    open.push({ server, session, runner, host, logins: [], navigated: [] });
    runner.send({ type: 'open' });
    await runner.idle();
    runner.send({ type: 'provider', provider: 'github' });
    await runner.idle();
    expect(host.at(-1)).to.deep.equal({
      type: 'error',
      error: { code: 'unknown', message: 'navigation blocked' },
      view: null,
    });
  });

  it('tells subscribers every new state until they unsubscribe', async () => {
    const { runner } = harness();
    const seen: string[] = [];
    const unsubscribe = runner.subscribe((state, event) => seen.push(`${event.type}:${state.view.name}`));
    runner.send({ type: 'open' });
    await runner.idle();
    unsubscribe();
    runner.send({ type: 'close' });
    expect(seen).to.deep.equal(['open:login', 'result:login']);
  });

  it('starts logged in when the session was restored before it', () => {
    const { runner } = harness((server, session) => {
      session.establish(
        {
          access_token: makeToken(Date.now() / 1000 + 3600, { email: 'alice@example.com' }),
          token_type: 'bearer',
          expires_in: 3600,
          refresh_token: 'r',
        },
        'password',
      );
    });
    expect(runner.state.account?.email).to.equal('alice@example.com');
  });
});
