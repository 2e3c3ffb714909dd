/**
 * Connects one `<gotrue-auth>` to the core: the Session (tokens, storage, refresh), the runner
 * (machine + effects) and the page's URL fragment. It only forwards: every decision lives in
 * the machine, every request in the runner and the session.
 */
import type { GoTrueClient } from '../core/client.js';
import { takeFragmentRoute } from '../core/fragment.js';
import { errorText, locale } from '../core/i18n/index.js';
import type { Event as MachineEvent, HostEvent, MachineState } from '../core/machine/types.js';
import { createRunner, type Runner } from '../core/runner.js';
import { Session, type User } from '../core/session.js';
import { emit } from './emit.js';

export interface ControllerOptions {
  client: GoTrueClient;
  onState(state: MachineState, event: MachineEvent): void;
  /** A real login happened (never a restore). */
  onLogin(): void;
  /** The UI language, for the text of `gotrue:error`. */
  language(): string;
}

export class Controller {
  readonly session: Session;
  private runner: Runner | null = null;

  constructor(
    private readonly host: HTMLElement,
    private readonly options: ControllerOptions,
  ) {
    this.session = new Session({ client: options.client });
  }

  get state(): MachineState | null {
    return this.runner?.state ?? null;
  }

  send(event: MachineEvent): void {
    this.runner?.send(event);
  }

  /**
   * First connect: restore the stored session (usable at once) and announce it with
   * `gotrue:init`, never `gotrue:login` (defect 3); then take the URL fragment and start loading
   * `/settings` in the background, so opening the dialog never waits for the network.
   */
  connect(): Promise<User | null> {
    addEventListener('hashchange', this.onHashChange);
    const { host, options } = this;
    const user = this.session.restore();
    this.session.subscribe((event) => {
      if (event.type === 'login') {
        emit(host, 'gotrue:login', { user: event.user, method: event.method });
        options.onLogin();
      } else if (event.type === 'logout') emit(host, 'gotrue:logout', { reason: event.reason });
      else emit(host, `gotrue:${event.type}`, { user: event.user });
    });
    const runner = createRunner({
      client: options.client,
      session: this.session,
      onHostEvent: (event) => this.hostEvent(event),
    });
    this.runner = runner;
    runner.subscribe(options.onState);
    options.onState(runner.state, { type: 'load-settings' });
    // An OAuth return logs in without waiting for the network: take the fragment once the page is
    // parsed, so `gotrue:login` listeners in module or deferred scripts after the element hear it.
    // While 'interactive' DOMContentLoaded may be past already; then `load` is still to come.
    if (document.readyState === 'complete') this.onHashChange();
    else {
      const take = (): void => {
        document.removeEventListener('DOMContentLoaded', take);
        removeEventListener('load', take);
        this.onHashChange();
      };
      document.addEventListener('DOMContentLoaded', take);
      addEventListener('load', take);
    }
    runner.send({ type: 'load-settings' });
    return Promise.resolve(user);
  }

  /** Stops timers, storage and tab listeners: a removed element must not keep a session alive. */
  dispose(): void {
    removeEventListener('hashchange', this.onHashChange);
    this.runner?.dispose();
    this.session.dispose();
  }

  private onHashChange = (): void => {
    const route = takeFragmentRoute();
    if (route.type !== 'none') this.send({ type: 'route', route });
  };

  private hostEvent(event: HostEvent): void {
    if (event.type === 'error') {
      const message = errorText(locale(this.options.language()), event.error.code, event.error.message);
      emit(this.host, 'gotrue:error', { code: event.error.code, message, view: event.view });
    } else {
      emit(this.host, `gotrue:${event.type}`, { view: event.view });
    }
  }
}
