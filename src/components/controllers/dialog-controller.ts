/**
 * The native `<dialog>` of the modal mode: shown with `showModal()` when the machine shows a view,
 * closed when it is `closed`. Focus goes to the view's first field (else its first button) and,
 * when the dialog closes, back to what had it before. Escape and the browser's own closing go
 * through the host's machine, so `gotrue:close` fires either way.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class DialogController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #dismiss: () => void;
  #opener: HTMLElement | null = null;
  /** The view whose first control has been focused. */
  #focusedView = '';

  /** `dismiss` asks the host's machine to close: called on Escape and when the browser closed the dialog. */
  constructor(host: ReactiveControllerHost & HTMLElement, dismiss: () => void) {
    this.#host = host;
    this.#dismiss = dismiss;
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.#opener = null;
    this.#focusedView = '';
  }

  /** Brings `dialog` in line with the view the host shows (null: closed); call it after each render. */
  show(dialog: HTMLDialogElement, view: string | null): void {
    if (view === null) {
      this.#focusedView = '';
      if (!dialog.open) return;
      dialog.close();
      const opener = this.#opener;
      this.#opener = null;
      if (opener?.isConnected) opener.focus();
      return;
    }
    if (!dialog.open) {
      const active = document.activeElement;
      this.#opener = active instanceof HTMLElement && !this.#host.contains(active) ? active : null;
      dialog.showModal();
    }
    // Each view is focused once. A view waiting for the server (a link being verified) has
    // nothing to focus yet: focus moves on when its form or button appears.
    if (view !== this.#focusedView && focusFirstControl(dialog)) this.#focusedView = view;
  }

  /** Escape: the machine closes the dialog, not the browser. */
  readonly onCancel = (event: Event): void => {
    event.preventDefault();
    this.#dismiss();
  };

  /**
   * The browser closed the dialog. A `close` event is queued even when `show()` closed it, and
   * may arrive after the dialog was opened again: then it is open, and the event is old news.
   */
  readonly onClose = (event: Event): void => {
    if (!(event.currentTarget as HTMLDialogElement).open) this.#dismiss();
  };
}

/** The view's first field, else its first button or link; not the close button. False when there is none yet. */
function focusFirstControl(root: HTMLElement): boolean {
  const target =
    root.querySelector<HTMLElement>('form input:not([hidden]):not([type=checkbox])') ??
    root.querySelector<HTMLElement>('.gotrue-auth-provider, .gotrue-auth-button, .gotrue-auth-link');
  target?.focus();
  return !!target;
}
