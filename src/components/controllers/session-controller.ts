/**
 * The element's hold on the page's shared Session, and its own runner of the state machine.
 * Connected: holds the Session for the API the host names and starts a runner on it; disconnected:
 * lets both go, so a removed element keeps no timers and writes nothing behind the page's back.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ClientOptions } from '../../core/client.js';
import type { Event as MachineEvent, MachineState } from '../../core/machine/types.js';
import { createRunner, type Runner, type RunnerReport } from '../../core/runner.js';
import type { User } from '../../core/session.js';
import { holdSession, releaseSession, type SessionHolder, type SharedSession } from '../../core/shared-session.js';
import { noteProviderDeparture } from '../../core/provider-return.js';

export interface SessionControllerOptions extends SessionHolder {
  /** The API the host names, read when connecting and by `sync()`. */
  api(): ClientOptions;
  /** What this element's runner performed: dialog events, errors, logins and logouts. */
  report(report: RunnerReport): void;
  /** Every new machine state, after the host was asked to render it. */
  changed?(state: MachineState, event: MachineEvent): void;
}

export class SessionController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: SessionControllerOptions;
  /** Only the shared session calls these; the controller's own surface stays small. */
  readonly #holder: SessionHolder;
  #held: SharedSession | null = null;
  #heldKey = '';
  #runner: Runner | null = null;

  constructor(host: ReactiveControllerHost, options: SessionControllerOptions) {
    this.#host = host;
    this.#options = options;
    this.#holder = {
      announce: (change) => options.announce(change),
      userChanged: (change) => options.userChanged(change),
    };
    host.addController(this);
  }

  /** The machine's state; null while disconnected. */
  get state(): MachineState | null {
    return this.#runner?.state ?? null;
  }

  get user(): User | null {
    return this.#held?.session.user ?? null;
  }

  /** The Session while connected, for the page's own calls (`jwt()`, `fetch()`). */
  get session(): SharedSession['session'] | null {
    return this.#held?.session ?? null;
  }

  /** The one way into the machine: every user action and link becomes an event here. */
  send(event: MachineEvent): void {
    this.#runner?.send(event);
  }

  /** Resolves once the machine waits for no request. */
  settled(): Promise<void> {
    return this.#runner?.settled() ?? Promise.resolve();
  }

  /** Resolves once no request is in flight, background settings loads included. */
  idle(): Promise<void> {
    return this.#runner?.idle() ?? Promise.resolve();
  }

  hostConnected(): void {
    const api = this.#options.api();
    const held = (this.#held = holdSession(api, this.#holder));
    this.#heldKey = JSON.stringify(api);
    const runner = (this.#runner = createRunner({
      client: held.client,
      session: held.session,
      // Noted first: a provider that does not vouch for the email sends the browser back with nothing.
      navigate: (url) => {
        noteProviderDeparture(Date.now());
        location.assign(url);
      },
      onHostEvent: (report) => this.#options.report(report),
    }));
    runner.subscribe((state, event) => {
      this.#host.requestUpdate();
      this.#options.changed?.(state, event);
    });
    // Settings load in the background, so opening the dialog never waits for the network.
    runner.send({ type: 'load-settings' });
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#runner?.dispose();
    if (this.#held) releaseSession(this.#held, this.#holder);
    this.#runner = this.#held = null;
  }

  /**
   * Before each render: another API URL, audience or cookie setting is another Session, taken up
   * now so that this render already shows its state.
   */
  hostUpdate(): void {
    if (!this.#held || JSON.stringify(this.#options.api()) === this.#heldKey) return;
    this.hostDisconnected();
    this.hostConnected();
  }
}
