/**
 * Invariants of the state machine over random event sequences. The machine runs against a
 * model of its world: every request effect waits in an "in flight" list until the sequence
 * resolves it (success or failure), and a model session is changed only by those resolutions and
 * by other tabs, exactly as the runner and the Session do it.
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import {
  initialState,
  isSubmitting,
  transition,
  type Account,
  type Effect,
  type Event,
  type MachineState,
} from '../../src/core/machine.js';
import type { FragmentRoute } from '../../src/core/fragment.js';
import { PROVIDERS, type Settings } from '../../src/core/wire.js';

type Step =
  | { kind: 'user'; event: Event }
  | { kind: 'resolve'; pick: number; ok: boolean }
  | { kind: 'other-tab'; loggedIn: boolean };

type Request = Exclude<Effect, { op: 'emit' | 'redirect' }>;

const account = (email: string): Account => ({ email, name: '', newEmail: null });
const text = fc.constantFrom('', ' ', 'a@b.c', 'alice@example.com', 'pw', '<b>x</b>');

const settingsArb: fc.Arbitrary<Settings> = fc
  .record({
    email: fc.boolean(),
    providers: fc.subarray([...PROVIDERS]),
    disable_signup: fc.boolean(),
    autoconfirm: fc.boolean(),
  })
  .map(({ email, providers, disable_signup, autoconfirm }) => ({
    external: {
      ...Object.fromEntries(PROVIDERS.map((p) => [p, providers.includes(p)])),
      email,
    } as Settings['external'],
    external_labels: {},
    disable_signup,
    autoconfirm,
  }));

const routeArb: fc.Arbitrary<FragmentRoute> = fc.oneof(
  fc.constantFrom<FragmentRoute>(
    { type: 'none' },
    { type: 'confirmation', token: 'c' },
    { type: 'recovery', token: 'r' },
    { type: 'invite', token: 'i' },
    { type: 'email_change', token: 'e' },
    { type: 'external_login', access_token: 'a.b.c', refresh_token: 'r', expires_in: 3600, token_type: 'bearer' },
    { type: 'oauth_error', error: 'access_denied', error_description: 'denied' },
  ),
);

const userEvent: fc.Arbitrary<Event> = fc.oneof(
  fc.record({
    type: fc.constant('open' as const),
    view: fc.constantFrom('login', 'signup', 'forgot', 'account', undefined),
  }),
  fc.constant({ type: 'close' as const }),
  fc.record({ type: fc.constant('navigate' as const), view: fc.constantFrom('login', 'signup', 'forgot', 'account') }),
  fc.record({
    type: fc.constant('edit' as const),
    values: fc.record({ name: text, email: text, password: text, remember: fc.boolean() }, { requiredKeys: [] }),
  }),
  fc.record({
    type: fc.constant('submit' as const),
    values: fc.record({ name: text, email: text, password: text }, { requiredKeys: [] }),
  }),
  fc.constant({ type: 'submit' as const }),
  fc.record({ type: fc.constant('provider' as const), provider: fc.constantFrom(...PROVIDERS) }),
  fc.constant({ type: 'logout' as const }),
  fc.constant({ type: 'load-settings' as const }),
  fc.record({ type: fc.constant('route' as const), route: routeArb }),
  fc.record({
    type: fc.constant('result' as const),
    op: fc.constant('settings' as const),
    ok: fc.constant(true as const),
    value: settingsArb,
  }),
);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: userEvent.map((event) => ({ kind: 'user' as const, event })) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('resolve' as const), pick: fc.nat(), ok: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('other-tab' as const), loggedIn: fc.boolean() }) },
);

/** The world around the machine: requests in flight and a session, as the runner keeps them. */
class World {
  state: MachineState = initialState;
  session: Account | null = null;
  inFlight: Request[] = [];
  autoconfirm = false;

  send(event: Event): Effect[] {
    const { state, effects } = transition(this.state, event);
    this.state = state;
    for (const effect of effects) {
      // Session.logout clears local state at once, whatever the server says later.
      if (effect.op === 'logout') this.session = null;
      if (effect.op !== 'emit' && effect.op !== 'redirect') this.inFlight.push(effect);
    }
    return effects;
  }

  /** The event the runner sends back when `request` settles. */
  resolve(request: Request, ok: boolean): Event {
    const { op } = request;
    const error = { code: 'network', message: 'offline' } as const;
    // The session was cleared when the logout started; the server's answer changes nothing.
    if (op === 'logout') return { type: 'result', op, ok: true };
    // Session.updateUser fails when there is no session any more.
    const updates = op === 'update-user' || op === 'set-password' || op === 'email-change';
    if (updates && !this.session)
      return { type: 'result', op, ok: false, error: { code: 'session_expired', message: 'Not logged in.' } };
    if (!ok) return { type: 'result', op, ok: false, error };
    switch (op) {
      case 'settings':
        return { type: 'result', op, ok, value: this.state.settings ?? fc.sample(settingsArb, 1)[0]! };
      case 'recover':
        return { type: 'result', op, ok };
      case 'update-user':
      case 'set-password':
      case 'email-change':
        return { type: 'result', op, ok, value: this.session! };
      default:
        // Signup without autoconfirm waits for its confirmation link; everything else logs in.
        if (op === 'signup' && !this.autoconfirm) return { type: 'result', op, ok, value: null };
        this.session = account('user@example.com');
        return { type: 'result', op, ok, value: this.session };
    }
  }

  /** Performs one step; returns the event the machine received, or null when there was none. */
  step(step: Step): Event | null {
    if (step.kind === 'user') {
      this.send(step.event);
      return step.event;
    }
    if (step.kind === 'other-tab') {
      this.session = step.loggedIn ? account('tab@example.com') : null;
      const event: Event = { type: 'session', account: this.session };
      this.send(event);
      return event;
    }
    if (!this.inFlight.length) return null;
    const [request] = this.inFlight.splice(step.pick % this.inFlight.length, 1);
    const event = this.resolve(request!, step.ok);
    this.send(event);
    return event;
  }
}

const operations = (requests: Request[]) => requests.filter((r) => r.op !== 'settings');
const isResult = (event: Event) => event.type === 'result' && event.op !== 'settings';

describe('machine properties over random event sequences', () => {
  const runs = { numRuns: 1000 };

  it('is never logged in without a session, nor logged out with one', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), fc.boolean(), (steps, autoconfirm) => {
        const world = new World();
        world.autoconfirm = autoconfirm;
        for (const step of steps) {
          world.step(step);
          expect(world.state.account === null).to.equal(world.session === null);
          // Views that act on the session only show while there is one.
          const view = world.state.view;
          if (view.name === 'account' || (view.name === 'recovery' && view.phase === 'ready')) {
            expect(world.state.account, `${view.name} view without a session`).not.to.equal(null);
          }
        }
      }),
      runs,
    );
  });

  it('every submitting state ends once its request settles', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        (steps, outcomes) => {
          const world = new World();
          for (const step of steps) {
            world.step(step);
            // Something waiting is always backed by a request in flight.
            if (world.state.pending) expect(operations(world.inFlight).length).to.be.greaterThan(0);
            // A queued link only waits for a request; it never waits for nothing.
            if (world.state.queuedRoute) expect(world.state.pending).not.to.equal(null);
          }
          // Settle everything: a result may start one follow-up (an email change after a login).
          for (let i = 0; world.inFlight.length && i < 20; i++)
            world.step({ kind: 'resolve', pick: 0, ok: outcomes[i]! });
          expect(world.inFlight).to.deep.equal([]);
          expect(world.state.pending).to.equal(null);
          expect(isSubmitting(world.state)).to.equal(false);
        },
      ),
      runs,
    );
  });

  it('the dialog can always be closed, with no request made by closing', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        const world = new World();
        for (const step of steps) {
          world.step(step);
          const { state, effects } = transition(world.state, { type: 'close' });
          expect(state.view.name).to.equal('closed');
          expect(isSubmitting(state)).to.equal(false);
          expect(effects.every((effect) => effect.op === 'emit' && effect.event.type === 'close')).to.equal(true);
        }
      }),
      runs,
    );
  });

  it('a double submit never produces a second request; one operation is in flight at most, beside a logout', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        const world = new World();
        for (const step of steps) {
          world.step(step);
          // A logout wins over a request in flight, whose result then changes nothing.
          expect(operations(world.inFlight).filter((r) => r.op !== 'logout').length).to.be.at.most(1);
          expect(world.inFlight.filter((r) => r.op === 'logout').length).to.be.at.most(1);
          const first = transition(world.state, { type: 'submit' });
          const firstRequests = first.effects.filter((e) => e.op !== 'emit' && e.op !== 'settings');
          if (firstRequests.length) {
            const second = transition(first.state, { type: 'submit' });
            expect(second.effects.filter((e) => e.op !== 'emit')).to.deep.equal([]);
          }
        }
      }),
      runs,
    );
  });

  it('a failed request keeps every field as typed; a closed dialog keeps no password', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        const world = new World();
        for (const step of steps) {
          const before = world.state.form;
          const event = world.step(step);
          // Also when a link queued behind the request is taken up once it settles.
          if (event?.type === 'result' && !event.ok) expect(world.state.form).to.deep.equal(before);
          if (event?.type === 'close') expect(world.state.form.password).to.equal('');
        }
      }),
      runs,
    );
  });

  it('a result arriving after the user closed the dialog never reopens it', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        const world = new World();
        let closedByUser = false;
        for (const step of steps) {
          const event = world.step(step);
          if (!event) continue;
          if (event.type === 'close') closedByUser = true;
          else if (event.type === 'open' || event.type === 'route') closedByUser = false;
          else if (closedByUser && isResult(event)) expect(world.state.view.name).to.equal('closed');
        }
      }),
      runs,
    );
  });
});
