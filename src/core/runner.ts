/**
 * Runs the state machine: holds the current state, performs its effects with the GoTrue client
 * and the Session, and feeds every outcome back as an event. All I/O of the dialog lives here;
 * every rejection is caught and becomes a `failed` event, so nothing is ever unhandled.
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
  type SignInMethod,
  type ViewError,
} from './machine.js';
import type { GoTrueClient } from './client.js';
import type { Session, User } from './session.js';

/** The client calls the runner makes. */
export type RunnerClient = Pick<GoTrueClient, 'settings' | 'signup' | 'login' | 'verify' | 'recover' | 'authorizeUrl'>;

/** The Session calls the runner makes; the real Session or a stand-in. */
export type RunnerSession = Pick<Session, 'user' | 'establish' | 'updateUser' | 'logout' | 'subscribe'>;

export interface RunnerOptions {
  client: RunnerClient;
  session: RunnerSession;
  /** Leaves the page for a provider (§4.10: navigate, never fetch). Default: `location.assign`. */
  navigate?: (url: string) => void;
  /** Dialog events for the host page: open, close, error. */
  onHostEvent?: (event: HostEvent) => void;
}

/** Effects that do I/O; `emit` is delivered at once instead. */
type Request = Exclude<Effect, { type: 'emit' }>;

export type StateListener = (state: MachineState, event: Event) => void;

export interface Runner {
  readonly state: MachineState;
  send(event: Event): void;
  /** Called after every event with the new state. Returns the unsubscribe function. */
  subscribe(listener: StateListener): () => void;
  /** Resolves once no request is in flight (tests and teardown wait on it). */
  idle(): Promise<void>;
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

const VERIFY_METHOD = { confirm: 'confirmation', 'verify-recovery': 'recovery', 'accept-invite': 'invite' } as const;

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
        for (const effect of result.effects) perform(effect);
      }
    } finally {
      dispatching = false;
    }
  }

  function perform(effect: Effect): void {
    if (effect.type === 'emit') {
      // Delivered at once, so the host hears `open` before the dialog paints.
      options.onHostEvent?.(effect.event);
      return;
    }
    const run = execute(effect).catch((error: unknown) => {
      const op = operationOf(effect);
      if (op) send({ type: 'failed', op, error: viewErrorOf(error) });
      else if (effect.type === 'loadSettings') send({ type: 'settings-failed', error: viewErrorOf(error) });
      else options.onHostEvent?.({ type: 'error', error: viewErrorOf(error), view: null });
    });
    const tracked = run.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }

  function loggedIn(op: Extract<Event, { type: 'logged-in' }>['op'], user: User, method: SignInMethod): void {
    send({ type: 'logged-in', op, account: accountOf(user), method });
  }

  async function execute(effect: Request): Promise<void> {
    switch (effect.type) {
      case 'loadSettings':
        send({ type: 'settings-loaded', settings: await client.settings() });
        return;
      case 'login': {
        const tokens = await client.login(effect.email, effect.password, { remember: effect.remember });
        loggedIn('login', session.establish(tokens, 'password', { remember: effect.remember }), 'password');
        return;
      }
      case 'signup': {
        const data = effect.name || effect.data ? { ...effect.data, ...(effect.name ? { full_name: effect.name } : {}) } : undefined;
        const user = await client.signup(effect.email, effect.password, data);
        // §4.3: signup never returns tokens, even with autoconfirm; log in with the password.
        if (!user.confirmed_at && !state.settings?.autoconfirm) {
          send({ type: 'signup-unconfirmed', op: 'signup' });
          return;
        }
        const tokens = await client.login(effect.email, effect.password, { remember: effect.remember });
        loggedIn('signup', session.establish(tokens, 'signup', { remember: effect.remember }), 'signup');
        return;
      }
      case 'recover':
        await client.recover(effect.email);
        send({ type: 'recovery-sent', op: 'recover' });
        return;
      case 'verify': {
        // §4.5: invites are verified as `signup` with a password; there is no `invite` type.
        const type = effect.op === 'verify-recovery' ? 'recovery' : 'signup';
        const tokens = await client.verify(type, effect.token, effect.password, { remember: effect.remember });
        const method = VERIFY_METHOD[effect.op];
        loggedIn(effect.op, session.establish(tokens, method, { remember: effect.remember }), method);
        return;
      }
      case 'establish':
        loggedIn('external', session.establish(effect.tokens, 'external'), 'external');
        return;
      case 'updateUser': {
        const user = await session.updateUser(effect.update);
        send({ type: 'user-updated', op: effect.op, account: accountOf(user) });
        return;
      }
      case 'logout':
        // §4.9: local state is cleared whatever the server answers; Session.logout does that.
        await session.logout().catch(() => undefined);
        send({ type: 'logged-out', op: 'logout' });
        return;
      case 'redirect':
        navigate(client.authorizeUrl(effect.provider, effect.inviteToken ? { inviteToken: effect.inviteToken } : {}));
        return;
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
    dispose() {
      disposed = true;
      unsubscribe();
      listeners.clear();
    },
  };
}

function operationOf(effect: Request): Extract<Event, { type: 'failed' }>['op'] | null {
  if ('op' in effect) return effect.op;
  if (effect.type === 'establish') return 'external';
  return effect.type === 'loadSettings' || effect.type === 'redirect' ? null : effect.type;
}
