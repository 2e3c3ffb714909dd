/**
 * Runs the state machine: holds the current state, performs its effects with the GoTrue client
 * and the Session, and feeds every outcome back as a `result` event. All I/O of the dialog lives
 * here; every rejection is caught and becomes a failed result, so nothing is ever unhandled.
 * It reports what it performed (`onHostEvent`): the dialog's events, errors, and the logins and
 * logouts its own requests made. docs/architecture.md follows one click through it.
 */
import { isAuthError } from './errors.js';
import {
  initialState,
  transition,
  type Account,
  type Effect,
  type Event,
  type HostEvent,
  type MachineState,
  type Request,
  type ViewError,
} from './machine.js';
import type { GoTrueClient } from './client.js';
import type { LoginMethod, Session, User } from './session.js';
import type { TokenResponse } from './wire.js';

/** The client calls the runner makes. */
export type RunnerClient = Pick<
  GoTrueClient,
  'settings' | 'signup' | 'login' | 'verify' | 'recover' | 'getUser' | 'authorizeUrl'
>;

/** The Session calls the runner makes; the real Session or a stand-in. */
export type RunnerSession = Pick<Session, 'user' | 'establish' | 'updateUser' | 'logout' | 'subscribe'>;

export interface RunnerOptions {
  client: RunnerClient;
  session: RunnerSession;
  /** Leaves the page for a provider (`/authorize` is navigated to, never fetched). Default: `location.assign`. */
  navigate?: (url: string) => void;
  /** What the runner performed, for the host page: the dialog's open, close and errors, logins, logouts. */
  onHostEvent?: (event: RunnerReport) => void;
}

/** A machine's host event as the runner reports it: a login carries the user it logged in. */
export type RunnerReport = Exclude<HostEvent, { type: 'login' }> | { type: 'login'; method: LoginMethod; user: User };

export type StateListener = (state: MachineState, event: Event) => void;

export interface Runner {
  readonly state: MachineState;
  send(event: Event): void;
  /** Called after every event with the new state. Returns the unsubscribe function. */
  subscribe(listener: StateListener): () => void;
  /** Resolves once no request is in flight (tests and teardown wait on it). */
  idle(): Promise<void>;
  /** Resolves once the machine waits for no request (background settings loads aside). */
  settled(): Promise<void>;
  /** Stops listening to the session; results still in flight are dropped. */
  dispose(): void;
}

/** The machine's view of a session user. */
export function accountOf(user: User): Account {
  const name = user.user_metadata?.full_name;
  return { email: user.email, name: typeof name === 'string' ? name : '', newEmail: user.new_email ?? null };
}

export function viewErrorOf(error: unknown): ViewError {
  if (isAuthError(error)) return { code: error.code, message: error.message };
  return { code: 'unknown', message: error instanceof Error ? error.message : String(error) };
}

/**
 * The dialog without a DOM. A page (or the element) wires it like this:
 *
 * ```ts
 * const client = new GoTrueClient({ apiUrl: '/.netlify/identity' });
 * const session = new Session({ client });
 * session.restore();
 * const runner = createRunner({ client, session, onHostEvent: console.log });
 * runner.subscribe((state) => render(state));
 * runner.send({ type: 'route', route: takeFragmentRoute() }); // email links, OAuth returns
 * runner.send({ type: 'open' });
 * ```
 */
export function createRunner(options: RunnerOptions): Runner {
  const { client, session } = options;
  const navigate = options.navigate ?? ((url: string) => globalThis.location.assign(url));
  const listeners = new Set<StateListener>();
  const inFlight = new Set<Promise<void>>();
  const queue: Event[] = [];
  /** Callers of `settled()`, told when nothing is pending any more (or the runner is disposed). */
  const waiters = new Set<() => void>();
  let state: MachineState = initialState;
  let dispatching = false;
  let disposed = false;

  function send(event: Event): void {
    if (disposed) return;
    queue.push(event);
    // Effects and session listeners may send while an event is being handled: queue, in order.
    if (dispatching) return;
    dispatching = true;
    try {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const result = transition(state, next);
        state = result.state;
        for (const listener of listeners) listener(state, next);
        if (!state.pending) settle();
        for (const effect of result.effects) perform(effect);
      }
    } finally {
      dispatching = false;
    }
  }

  function settle(): void {
    for (const resolve of waiters) resolve();
    waiters.clear();
  }

  function perform(effect: Effect): void {
    if (effect.op === 'emit') {
      // Delivered at once, so the host hears `open` before the dialog paints.
      const { event } = effect;
      if (event.type !== 'login') options.onHostEvent?.(event);
      else if (session.user) options.onHostEvent?.({ ...event, user: session.user });
      return;
    }
    const { op } = effect;
    const run = execute(effect).then(
      (value) => send({ type: 'result', op, ok: true, value } as Event),
      (error: unknown) => send({ type: 'result', op, ok: false, error: viewErrorOf(error) }),
    );
    const tracked = run.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }

  /** What a request comes to: the settings, the account now logged in or updated, or nothing. */
  async function execute(request: Request): Promise<unknown> {
    const remember = 'remember' in request ? { remember: request.remember } : {};
    const signIn = (tokens: TokenResponse, method: LoginMethod) =>
      accountOf(session.establish(tokens, method, remember));
    switch (request.op) {
      case 'settings':
        return client.settings();
      case 'login':
        return signIn(await client.login(request.email, request.password, remember), 'password');
      case 'signup': {
        const user = await client.signup(request.email, request.password, request.data);
        // GoTrue's signup never returns tokens, even with autoconfirm: log in with the password.
        if (!user.confirmed_at && !state.settings?.autoconfirm) return null;
        return signIn(await client.login(request.email, request.password, remember), 'signup');
      }
      case 'recover':
        return client.recover(request.email);
      case 'confirmation':
      case 'recovery':
      case 'invite': {
        // GoTrue verifies invites as `signup` with a password; there is no `invite` type.
        const type = request.op === 'recovery' ? 'recovery' : 'signup';
        return signIn(await client.verify(type, request.token, request.password, remember), request.op);
      }
      case 'external': {
        // Anyone can craft a `#access_token=` link: GoTrue must accept the token before it may
        // replace the stored session (gotrue-js also asks GET /user first).
        const { tokens } = request;
        await client.getUser(tokens.access_token);
        return signIn(tokens, 'external');
      }
      case 'update-user':
      case 'set-password':
      case 'email-change':
        return accountOf(await session.updateUser(request.update));
      case 'logout':
        // Local state is cleared whatever the server answers; Session.logout does that first
        // (synchronously) and never rejects.
        return session.logout();
      case 'redirect':
        return navigate(
          client.authorizeUrl(request.provider, request.inviteToken ? { inviteToken: request.inviteToken } : {}),
        );
    }
  }

  const unsubscribe = session.subscribe((event) => {
    send({ type: 'session', account: event.type === 'logout' ? null : accountOf(event.user) });
  });
  if (session.user) send({ type: 'session', account: accountOf(session.user) });

  return {
    get state() {
      return state;
    },
    send,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
    settled() {
      if (!state.pending || disposed) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.add(resolve));
    },
    dispose() {
      disposed = true;
      settle();
      unsubscribe();
      listeners.clear();
    },
  };
}
