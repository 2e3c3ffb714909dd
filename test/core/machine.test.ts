import { expect } from '@open-wc/testing';
import {
  capabilities,
  initialState,
  isSubmitting,
  transition,
  type Account,
  type Effect,
  type Event,
  type MachineState,
} from '../../src/core/machine.js';
import type { Settings } from '../../src/core/wire.js';

const alice: Account = { email: 'alice@example.com', name: 'Alice', newEmail: null };

function settings(overrides: Partial<Settings> = {}, external: Partial<Settings['external']> = {}): Settings {
  return {
    external: {
      bitbucket: false,
      github: true,
      gitlab: false,
      google: false,
      facebook: false,
      saml: false,
      email: true,
      ...external,
    },
    external_labels: {},
    disable_signup: false,
    autoconfirm: false,
    ...overrides,
  };
}

/** Feeds events in order; returns the last state and every effect produced on the way. */
function run(events: Event[], from: MachineState = initialState): { state: MachineState; effects: Effect[] } {
  let state = from;
  const effects: Effect[] = [];
  for (const event of events) {
    const result = transition(state, event);
    state = result.state;
    effects.push(...result.effects);
  }
  return { state, effects };
}

const requests = (effects: Effect[]) => effects.filter((effect) => effect.op !== 'emit');
const emitted = (effects: Effect[]) => effects.flatMap((effect) => (effect.op === 'emit' ? [effect.event] : []));
const loggedIn = run([{ type: 'session', account: alice }]).state;

describe('machine: opening and closing', () => {
  it('opens on the login view at once and asks for settings without waiting for them', () => {
    const { state, effects } = run([{ type: 'open' }]);
    expect(state.view).to.deep.equal({ name: 'login', error: null, notice: null });
    expect(effects).to.deep.include({ op: 'settings' });
    expect(emitted(effects)).to.deep.equal([{ type: 'open', view: 'login' }]);
    expect(state.settingsStatus).to.equal('loading');
  });

  it('asks for settings once, and again on the next open after a failure', () => {
    const first = run([{ type: 'open' }, { type: 'close' }, { type: 'open' }]);
    expect(first.effects.filter((e) => e.op === 'settings')).to.have.length(1);
    const failed = run(
      [
        { type: 'result', op: 'settings', ok: false, error: { code: 'network', message: 'offline' } },
        { type: 'close' },
        { type: 'open' },
      ],
      first.state,
    );
    expect(failed.effects.filter((e) => e.op === 'settings')).to.have.length(1);
  });

  it('opens the account view when logged in, whatever view was asked for', () => {
    const { state } = run([{ type: 'open', view: 'signup' }], loggedIn);
    expect(state.view.name).to.equal('account');
    expect(state.form).to.include({ name: 'Alice', email: 'alice@example.com', password: '' });
  });

  it('closes from any view, tells the host page, and forgets the password', () => {
    const { state, effects } = run([
      { type: 'open' },
      { type: 'edit', values: { email: 'a@b.c', password: 'secret' } },
      { type: 'close' },
    ]);
    expect(state.view.name).to.equal('closed');
    expect(state.form).to.include({ email: 'a@b.c', password: '' });
    expect(emitted(effects)).to.deep.include({ type: 'close', view: 'login' });
    expect(run([{ type: 'close' }], state).effects).to.deep.equal([]);
  });

  it('keeps what was typed when moving between login, signup and forgot', () => {
    const { state } = run([
      { type: 'open' },
      { type: 'edit', values: { email: 'bob@example.com' } },
      { type: 'navigate', view: 'signup' },
      { type: 'navigate', view: 'forgot' },
    ]);
    expect(state.view.name).to.equal('forgot');
    expect(state.form.email).to.equal('bob@example.com');
  });
});

describe('machine: login', () => {
  const typed = run([
    { type: 'open' },
    { type: 'submit', values: { email: ' alice@example.com ', password: 'pw', remember: false } },
  ]);

  it('submits the trimmed email, the password and remember-me once', () => {
    expect(requests(typed.effects)).to.deep.include({
      op: 'login',
      email: 'alice@example.com',
      password: 'pw',
      remember: false,
    });
    expect(isSubmitting(typed.state)).to.equal(true);
  });

  it('ignores a second submit while the first is in flight', () => {
    const again = run([{ type: 'submit' }, { type: 'submit', values: { password: 'other' } }], typed.state);
    expect(requests(again.effects)).to.deep.equal([]);
  });

  it('shows the error on the login view and keeps every field as typed', () => {
    const error = {
      code: 'invalid_credentials',
      message: 'No user found with that email, or password invalid.',
    } as const;
    const { state, effects } = run([{ type: 'result', op: 'login', ok: false, error }], typed.state);
    expect(state.view).to.deep.equal({ name: 'login', error, notice: null });
    expect(state.form).to.deep.equal({ name: '', email: ' alice@example.com ', password: 'pw', remember: false });
    expect(isSubmitting(state)).to.equal(false);
    expect(emitted(effects)).to.deep.equal([{ type: 'error', error, view: 'login' }]);
  });

  it('closes the dialog once logged in (no "logged in as" screen)', () => {
    const { state, effects } = run([{ type: 'result', op: 'login', ok: true, value: alice }], typed.state);
    expect(state.account).to.deep.equal(alice);
    expect(state.view.name).to.equal('closed');
    expect(state.pending).to.equal(null);
    expect(state.form.password).to.equal('');
    // The login is announced after the close, so a listener that opens a view is not undone.
    expect(emitted(effects)).to.deep.equal([
      { type: 'close', view: 'login' },
      { type: 'login', method: 'password' },
    ]);
  });

  it('refuses an empty email or password before asking the server', () => {
    const noEmail = run([{ type: 'open' }, { type: 'submit', values: { email: '  ', password: 'pw' } }]);
    expect(requests(noEmail.effects).filter((e) => e.op === 'login')).to.deep.equal([]);
    expect(noEmail.state.view).to.have.nested.property('error.code', 'email_required');
    const noPassword = run([{ type: 'open' }, { type: 'submit', values: { email: 'a@b.c' } }]);
    expect(noPassword.state.view).to.have.nested.property('error.code', 'password_required');
  });

  it('a login that finishes after the dialog was closed still logs in, and does not reopen it', () => {
    const closed = run([{ type: 'close' }], typed.state);
    expect(closed.state.view.name).to.equal('closed');
    const done = run([{ type: 'result', op: 'login', ok: true, value: alice }], closed.state);
    expect(done.state.account).to.deep.equal(alice);
    expect(done.state.view.name).to.equal('closed');
    expect(emitted(done.effects)).to.deep.equal([{ type: 'login', method: 'password' }]);
  });

  it('a failure after close is reported to the host page but not shown', () => {
    const closed = run([{ type: 'close' }], typed.state);
    const error = { code: 'network', message: 'offline' } as const;
    const done = run([{ type: 'result', op: 'login', ok: false, error }], closed.state);
    expect(done.state.view.name).to.equal('closed');
    expect(done.state.pending).to.equal(null);
    expect(emitted(done.effects)).to.deep.equal([{ type: 'error', error, view: null }]);
  });
});

describe('machine: signup', () => {
  it('sends name, email and password, then says "check your email" without autoconfirm', () => {
    const { state, effects } = run([
      { type: 'open', view: 'signup' },
      { type: 'submit', values: { name: ' Bob ', email: 'bob@example.com', password: 'pw' } },
      { type: 'result', op: 'signup', ok: true, value: null },
    ]);
    expect(requests(effects)).to.deep.include({
      op: 'signup',
      email: 'bob@example.com',
      password: 'pw',
      remember: true,
      data: { full_name: 'Bob' },
    });
    expect(state.view).to.deep.equal({ name: 'notice', notice: 'notice.checkEmail' });
    expect(state.account).to.equal(null);
  });

  it('sends extra signup metadata from the page along', () => {
    const { effects } = run([
      { type: 'open', view: 'signup' },
      { type: 'submit', values: { email: 'bob@example.com', password: 'pw', metadata: { plan: 'pro' } } },
    ]);
    expect(requests(effects).find((e) => e.op === 'signup')).to.deep.include({ data: { plan: 'pro' } });
  });

  it('with autoconfirm, the runner logs in and the dialog closes', () => {
    const { state } = run([
      { type: 'open', view: 'signup' },
      { type: 'submit', values: { email: 'bob@example.com', password: 'pw' } },
      { type: 'result', op: 'signup', ok: true, value: { ...alice, email: 'bob@example.com' } },
    ]);
    expect(state.view.name).to.equal('closed');
    expect(state.account?.email).to.equal('bob@example.com');
  });

  it('is replaced by the login view with a notice when settings say signup is disabled', () => {
    const before = run([
      { type: 'result', op: 'settings', ok: true, value: settings({ disable_signup: true }) },
      { type: 'open', view: 'signup' },
    ]);
    expect(before.state.view).to.deep.equal({ name: 'login', error: null, notice: 'notice.signupDisabled' });
    const after = run([
      { type: 'open', view: 'signup' },
      { type: 'result', op: 'settings', ok: true, value: settings({ disable_signup: true }) },
    ]);
    expect(after.state.view).to.deep.equal({ name: 'login', error: null, notice: 'notice.signupDisabled' });
  });
});

describe('machine: forgot password and recovery link', () => {
  it('sends the recovery mail and says so', () => {
    const { state, effects } = run([
      { type: 'open', view: 'forgot' },
      { type: 'submit', values: { email: 'alice@example.com' } },
      { type: 'result', op: 'recover', ok: true },
    ]);
    expect(requests(effects)).to.deep.include({ op: 'recover', email: 'alice@example.com' });
    expect(state.view).to.deep.equal({ name: 'notice', notice: 'notice.recoverySent' });
  });

  it('verifies the recovery token, then asks for and saves a new password', () => {
    const link = run([{ type: 'route', route: { type: 'recovery', token: 'rt' } }]);
    expect(link.state.view).to.deep.equal({ name: 'recovery', phase: 'verifying', error: null });
    expect(requests(link.effects)).to.deep.include({ op: 'recovery', token: 'rt', remember: true });
    // Submitting before the token is verified does nothing.
    expect(requests(run([{ type: 'submit', values: { password: 'x' } }], link.state).effects)).to.deep.equal([]);

    const ready = run([{ type: 'result', op: 'recovery', ok: true, value: alice }], link.state);
    expect(ready.state.view).to.deep.equal({ name: 'recovery', phase: 'ready', error: null });
    // Not a login yet: the link is only done once the new password is saved.
    expect(emitted(ready.effects)).to.deep.equal([]);
    const saved = run([{ type: 'submit', values: { password: 'new-pw' } }], ready.state);
    expect(requests(saved.effects)).to.deep.equal([{ op: 'set-password', update: { password: 'new-pw' } }]);
    const done = run([{ type: 'result', op: 'set-password', ok: true, value: alice }], saved.state);
    expect(done.state.view).to.deep.equal({ name: 'notice', notice: 'notice.passwordUpdated' });
    expect(emitted(done.effects)).to.deep.equal([{ type: 'login', method: 'recovery' }]);
  });

  it('shows an expired recovery link as an error on the recovery view', () => {
    const error = { code: 'token_expired', message: 'Recovery token expired' } as const;
    const { state } = run([
      { type: 'route', route: { type: 'recovery', token: 'old' } },
      { type: 'result', op: 'recovery', ok: false, error },
    ]);
    expect(state.view).to.deep.equal({ name: 'recovery', phase: 'verifying', error });
    expect(state.account).to.equal(null);
  });
});

describe('machine: invite, confirmation and email change links', () => {
  it('accepts an invite with a password (verified as type signup)', () => {
    const { state, effects } = run([
      { type: 'route', route: { type: 'invite', token: 'inv' } },
      { type: 'submit', values: { password: 'pw' } },
    ]);
    expect(requests(effects)).to.deep.include({ op: 'invite', token: 'inv', password: 'pw', remember: true });
    const done = run([{ type: 'result', op: 'invite', ok: true, value: alice }], state);
    expect(done.state.account).to.deep.equal(alice);
    expect(done.state.view.name).to.equal('closed');
  });

  it('accepts an invite through a provider, passing the invite token', () => {
    const { effects, state } = run([
      { type: 'result', op: 'settings', ok: true, value: settings() },
      { type: 'route', route: { type: 'invite', token: 'inv' } },
      { type: 'provider', provider: 'github' },
    ]);
    expect(requests(effects)).to.deep.include({ op: 'redirect', provider: 'github', inviteToken: 'inv' });
    expect(state.view).to.deep.equal({ name: 'redirecting', provider: 'github' });
  });

  it('confirms a signup and says so', () => {
    const { state, effects } = run([
      { type: 'route', route: { type: 'confirmation', token: 'ogvWj2MLgmXL8eQADnMOLg' } },
      { type: 'result', op: 'confirmation', ok: true, value: alice },
    ]);
    expect(requests(effects)).to.deep.include({ op: 'confirmation', token: 'ogvWj2MLgmXL8eQADnMOLg', remember: true });
    expect(state.view).to.deep.equal({ name: 'notice', notice: 'notice.confirmed' });
  });

  it('applies an email change at once when logged in', () => {
    const { state, effects } = run(
      [
        { type: 'route', route: { type: 'email_change', token: 'ec' } },
        { type: 'result', op: 'email-change', ok: true, value: { ...alice, email: 'new@example.com' } },
      ],
      loggedIn,
    );
    expect(requests(effects)).to.deep.include({ op: 'email-change', update: { email_change_token: 'ec' } });
    expect(state.view).to.deep.equal({ name: 'notice', notice: 'notice.emailChanged' });
    expect(state.account?.email).to.equal('new@example.com');
  });

  it('asks for a login first when an email change link arrives with no session, then applies it', () => {
    const first = run([{ type: 'route', route: { type: 'email_change', token: 'ec' } }]);
    expect(first.state.view).to.deep.equal({ name: 'login', error: null, notice: 'notice.loginFirst' });
    expect(requests(first.effects).filter((e) => e.op === 'email-change')).to.deep.equal([]);
    const login = run(
      [
        { type: 'submit', values: { email: 'alice@example.com', password: 'pw' } },
        { type: 'result', op: 'login', ok: true, value: alice },
      ],
      first.state,
    );
    expect(requests(login.effects)).to.deep.include({ op: 'email-change', update: { email_change_token: 'ec' } });
    expect(login.state.view.name).to.equal('email-change');
    expect(login.state.deferredEmailChange).to.equal(null);
  });
});

describe('machine: OAuth returns and providers', () => {
  const tokens = { access_token: 'a.b.c', refresh_token: 'r', expires_in: 3600, token_type: 'bearer' } as const;

  it('establishes the session from an OAuth return without opening the dialog', () => {
    const start = run([{ type: 'route', route: { type: 'external_login', ...tokens } }]);
    expect(requests(start.effects)).to.deep.equal([{ op: 'external', tokens }]);
    expect(start.state.view.name).to.equal('closed');
    const done = run([{ type: 'result', op: 'external', ok: true, value: alice }], start.state);
    expect(done.state.account).to.deep.equal(alice);
    expect(done.state.view.name).to.equal('closed');
  });

  it('shows an unusable OAuth return on the login view', () => {
    const error = { code: 'bad_response', message: 'not a JWT' } as const;
    const { state } = run([
      { type: 'route', route: { type: 'external_login', ...tokens } },
      { type: 'result', op: 'external', ok: false, error },
    ]);
    expect(state.view).to.deep.equal({ name: 'login', error, notice: null });
  });

  it('shows an OAuth error redirect with its description', () => {
    const { state, effects } = run([
      {
        type: 'route',
        route: {
          type: 'oauth_error',
          error: 'access_denied',
          error_description: 'The user has denied your application access.',
        },
      },
    ]);
    expect(state.view).to.deep.equal({
      name: 'login',
      error: { code: 'provider_cancelled', message: 'The user has denied your application access.' },
      notice: null,
    });
    expect(emitted(effects).map((e) => e.type)).to.deep.equal(['open', 'error']);
  });

  it('redirects to an enabled provider once, and refuses a disabled one', () => {
    const ready = run([{ type: 'result', op: 'settings', ok: true, value: settings() }, { type: 'open' }]).state;
    const go = run(
      [
        { type: 'provider', provider: 'github' },
        { type: 'provider', provider: 'github' },
      ],
      ready,
    );
    expect(requests(go.effects)).to.deep.equal([{ op: 'redirect', provider: 'github' }]);
    const refused = run([{ type: 'provider', provider: 'google' }], ready);
    expect(requests(refused.effects)).to.deep.equal([]);
    expect(refused.state.view).to.have.nested.property('error.code', 'provider_disabled');
  });

  it('providers-only: no email form is submitted, providers are listed', () => {
    const onlyProviders = settings({}, { email: false, gitlab: true });
    expect(capabilities(onlyProviders)).to.deep.equal({ email: false, signup: true, providers: ['github', 'gitlab'] });
    const { state, effects } = run([
      { type: 'result', op: 'settings', ok: true, value: onlyProviders },
      { type: 'open' },
      { type: 'submit', values: { email: 'a@b.c', password: 'pw' } },
    ]);
    expect(requests(effects).filter((e) => e.op === 'login')).to.deep.equal([]);
    expect(state.view).to.have.nested.property('error.code', 'provider_disabled');
  });
});

describe('machine: account', () => {
  const open = run([{ type: 'open' }], loggedIn).state;

  it('changes the name through user_metadata.full_name and says saved', () => {
    const { state, effects } = run([{ type: 'submit', values: { name: 'Alice Liddell' } }], open);
    expect(requests(effects)).to.deep.equal([{ op: 'update-user', update: { data: { full_name: 'Alice Liddell' } } }]);
    const done = run(
      [{ type: 'result', op: 'update-user', ok: true, value: { ...alice, name: 'Alice Liddell' } }],
      state,
    );
    expect(done.state.view).to.deep.equal({ name: 'account', error: null, notice: 'notice.saved' });
    expect(done.state.form.name).to.equal('Alice Liddell');
  });

  it('changes the email and says "check your new inbox"', () => {
    const { state, effects } = run([{ type: 'submit', values: { email: 'new@example.com' } }], open);
    expect(requests(effects)).to.deep.equal([{ op: 'update-user', update: { email: 'new@example.com' } }]);
    const done = run(
      [{ type: 'result', op: 'update-user', ok: true, value: { ...alice, newEmail: 'new@example.com' } }],
      state,
    );
    expect(done.state.view).to.deep.equal({ name: 'account', error: null, notice: 'notice.emailChangeSent' });
  });

  it('changes the password and clears the field', () => {
    const { state, effects } = run([{ type: 'submit', values: { password: 'n3w' } }], open);
    expect(requests(effects)).to.deep.equal([{ op: 'update-user', update: { password: 'n3w' } }]);
    const done = run([{ type: 'result', op: 'update-user', ok: true, value: alice }], state);
    expect(done.state.view).to.deep.equal({ name: 'account', error: null, notice: 'notice.passwordUpdated' });
    expect(done.state.form.password).to.equal('');
  });

  it('sends nothing when nothing changed', () => {
    expect(run([{ type: 'submit' }], open).effects).to.deep.equal([]);
  });

  it('logs out at once and closes, announcing it before the server answers', () => {
    const started = run([{ type: 'logout' }, { type: 'logout' }], open);
    expect(requests(started.effects)).to.deep.equal([{ op: 'logout' }]);
    expect(emitted(started.effects)).to.deep.equal([
      { type: 'close', view: 'account' },
      { type: 'logout', reason: 'user' },
    ]);
    expect(started.state.account).to.equal(null);
    expect(started.state.view.name).to.equal('closed');
    const done = run([{ type: 'result', op: 'logout', ok: true }], started.state);
    expect(done.effects).to.deep.equal([]);
    expect(done.state.pending).to.equal(null);
  });

  it('a logout wins over a save in flight', () => {
    const saving = run([{ type: 'submit', values: { name: 'Alice Liddell' } }], open).state;
    const { state, effects } = run([{ type: 'logout' }], saving);
    expect(requests(effects)).to.deep.equal([{ op: 'logout' }]);
    expect(state.account).to.equal(null);
  });

  it('"Saved." goes as soon as the next save starts', () => {
    const saved = run(
      [
        { type: 'submit', values: { name: 'Alice Liddell' } },
        { type: 'result', op: 'update-user', ok: true, value: { ...alice, name: 'Alice Liddell' } },
      ],
      open,
    );
    expect(saved.state.view).to.deep.include({ name: 'account', notice: 'notice.saved' });
    const again = run([{ type: 'submit', values: { name: 'Alice L.' } }], saved.state);
    expect(again.state.view).to.deep.include({ name: 'account', notice: null });
    expect(isSubmitting(again.state)).to.equal(true);
  });

  it('moves to the login view when another tab logs out', () => {
    const { state } = run([{ type: 'session', account: null }], open);
    expect(state.account).to.equal(null);
    expect(state.view.name).to.equal('login');
  });
});

describe('machine: settings', () => {
  it('loads settings ahead of the first open, once', () => {
    const { state, effects } = run([{ type: 'load-settings' }, { type: 'load-settings' }, { type: 'open' }]);
    expect(effects.filter((e) => e.op === 'settings')).to.have.length(1);
    const loaded = run(
      [{ type: 'result', op: 'settings', ok: true, value: settings() }, { type: 'load-settings' }],
      state,
    );
    expect(loaded.effects).to.deep.equal([]);
    expect(capabilities(loaded.state.settings).providers).to.deep.equal(['github']);
  });
});

describe('machine: OAuth error codes', () => {
  const codeOf = (error: string, error_description?: string) => {
    const route =
      error_description === undefined
        ? { type: 'oauth_error' as const, error }
        : { type: 'oauth_error' as const, error, error_description };
    const { state } = run([{ type: 'route', route }]);
    return state.view.name === 'login' ? state.view.error?.code : null;
  };

  it("translates GoTrue's OAuth error redirects to codes the catalogue knows", () => {
    expect(codeOf('access_denied', 'The user has denied your application access.')).to.equal('provider_cancelled');
    expect(codeOf('access_denied')).to.equal('provider_cancelled');
    expect(codeOf('access_denied', 'Signups not allowed for this instance')).to.equal('signup_disabled');
    expect(codeOf('invalid_request', 'User not found')).to.equal('user_not_found');
    expect(codeOf('server_error', 'Unable to exchange external code for github provider')).to.equal(
      'provider_exchange_failed',
    );
    expect(codeOf('invalid_request', 'Invited email does not match emails from external provider')).to.equal(
      'provider_email_mismatch',
    );
  });

  it("keeps the server's description for any other error, to show it", () => {
    const { state } = run([
      {
        type: 'route',
        route: { type: 'oauth_error', error: 'invalid_request', error_description: 'Authorization code missing' },
      },
    ]);
    expect(state.view).to.have.deep.property('error', {
      code: 'provider_error',
      message: 'Authorization code missing',
    });
  });
});

describe('machine: a link arriving while a request is in flight', () => {
  const busy = run([
    { type: 'open' },
    { type: 'submit', values: { email: 'alice@example.com', password: 'pw' } },
  ]).state;

  it('waits for the request to settle, then is taken up', () => {
    const queued = run([{ type: 'route', route: { type: 'recovery', token: 'rt' } }], busy);
    expect(requests(queued.effects)).to.deep.equal([]);
    const settled = run(
      [{ type: 'result', op: 'login', ok: false, error: { code: 'network', message: 'offline' } }],
      queued.state,
    );
    expect(requests(settled.effects)).to.deep.equal([{ op: 'recovery', token: 'rt', remember: true }]);
    expect(settled.state.view).to.deep.equal({ name: 'recovery', phase: 'verifying', error: null });
  });

  it('an OAuth error behind a failed request opens the account view with what was typed kept', () => {
    const saving = run(
      [
        { type: 'open', view: 'account' },
        { type: 'submit', values: { name: 'Alice Liddell', email: 'alice@example.com', password: 'new secret' } },
        { type: 'route', route: { type: 'oauth_error', error: 'access_denied', error_description: 'denied' } },
      ],
      loggedIn,
    ).state;
    // The account view is no longer showing when the request fails, so the link reopens it.
    const elsewhere: MachineState = { ...saving, view: { name: 'notice', notice: 'notice.saved' } };
    const failed = run(
      [{ type: 'result', op: 'update-user', ok: false, error: { code: 'network', message: 'offline' } }],
      elsewhere,
    );
    expect(failed.state.view).to.deep.include({ name: 'account' });
    expect(failed.state.form).to.deep.equal(elsewhere.form);
    expect(failed.state.form.name).to.equal('Alice Liddell');
  });

  it('is dropped when the user closes the dialog, so nothing reopens it', () => {
    const closed = run(
      [
        { type: 'route', route: { type: 'invite', token: 'inv' } },
        { type: 'close' },
        { type: 'result', op: 'login', ok: true, value: alice },
      ],
      busy,
    );
    expect(closed.state.view.name).to.equal('closed');
    expect(closed.state.queuedRoute).to.equal(null);
  });
});
