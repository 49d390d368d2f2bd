/**
 * `mode="popup"` and `mode="floating"`: a launcher button (in the page's flow, or fixed in a corner
 * of the window) and a native modal `<dialog>`. `showModal()` makes the rest of
 * the page inert (the focus trap) and closes on Escape; focus goes back to where it came from.
 */
import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';

function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active as HTMLElement | null;
}

export class PopupDialog {
  private returnFocus: HTMLElement | null = null;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
  }

  private get dialog(): HTMLDialogElement | null | undefined {
    return this.host.shadowRoot?.querySelector('dialog');
  }

  get isOpen(): boolean {
    return !!this.dialog?.open;
  }

  async open(): Promise<void> {
    await this.host.updateComplete;
    const dialog = this.dialog;
    if (!dialog?.isConnected || dialog.open) return;
    this.returnFocus = deepActiveElement();
    dialog.showModal();
  }

  close(): void {
    this.dialog?.close();
  }

  /**
   * The launcher (unless `label` is `null`) and the dialog holding `content`; `corner` makes the
   * launcher a floating button in that corner of the window (`mode="floating"`).
   */
  render(label: string | null, title: string, content: TemplateResult, corner?: string): TemplateResult {
    return html`${label === null
        ? ''
        : html`<button part="button launcher" class="launcher ${corner ? `floating ${corner}` : ''}" aria-haspopup="dialog"
            @click=${() => this.open()}>${label}</button>`}
      <dialog part="dialog" aria-labelledby="dialog-title" @close=${this.restoreFocus} @click=${this.onBackdrop}>
        <div class="dialog-head">
          <span id="dialog-title">${title}</span>
          <button part="button close" class="close" aria-label=${msg('Close', { id: 'popup.close' })} @click=${() => this.close()}>×</button>
        </div>
        ${content}
      </dialog>`;
  }

  private restoreFocus = (): void => {
    this.returnFocus?.focus();
    this.returnFocus = null;
  };

  /** A click on the dialog element itself, not its content, is a click on the backdrop. */
  private onBackdrop = (event: MouseEvent): void => {
    if (event.target === this.dialog) this.close();
  };
}
