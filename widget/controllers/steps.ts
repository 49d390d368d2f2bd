/**
 * Where the visitor is in a flow: the step shown, the error above it, what the live region last
 * said, and whether a request is on its way. Both flows (booking, managing a booking) move through
 * it; focus follows the visitor to each new step's heading, but never on page load.
 */
import { html, nothing, type LitElement, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { emit } from '../emit.js';
import { asFailure, visitorMessage } from '../error-message.js';
import type { View } from '../view.js';

export type { View };

export class StepsController implements ReactiveController {
  private current: View = 'loading';
  /** The error shown above the step, in the visitor's language. */
  private message = '';
  /** What the live region says: the new step's heading, a count of times, a zone change. */
  private announcement = '';
  private requesting = false;
  private moved = false;
  /** The flow manages a booking: a missing one is a booking, not a page. */
  managing = false;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  get view(): View {
    return this.current;
  }

  /** A request is on its way: the step's buttons wait for it. */
  get busy(): boolean {
    return this.requesting;
  }

  /** Shows `view`; a new one is told to the host page (`kairos-view-changed`), for its funnel. */
  go(view: View, announcement: string): void {
    this.moved = this.current !== 'loading' && this.current !== view;
    if (view !== this.current) emit(this.host, 'kairos-view-changed', { view });
    if (view !== this.current && view !== 'failed' && !this.message.includes(announcement)) this.message = '';
    this.current = view;
    this.announcement = announcement;
    this.host.requestUpdate();
  }

  announce(text: string): void {
    this.announcement = text;
    this.host.requestUpdate();
  }

  /** Shows and announces an error on `view`, and tells the host page through `kairos-error`. */
  fail(error: unknown, view: View = 'failed'): void {
    const failure = asFailure(error);
    this.message = visitorMessage(failure, view, this.managing);
    emit(this.host, 'kairos-error', { code: failure.code, message: failure.message });
    this.go(view, this.message);
  }

  clearError(): void {
    this.message = '';
    this.host.requestUpdate();
  }

  /** Runs a request (which handles its own failures) with the step's buttons disabled meanwhile. */
  async whileBusy(request: () => Promise<void>): Promise<void> {
    this.requesting = true;
    this.host.requestUpdate();
    try {
      await request();
    } finally {
      this.requesting = false;
      this.host.requestUpdate();
    }
  }

  hostUpdated(): void {
    if (this.moved) {
      this.moved = false;
      void this.focusHeading();
    }
  }

  /** Most steps are child elements, whose heading exists only after their own first render. */
  private async focusHeading(): Promise<void> {
    const root = this.host.shadowRoot!;
    const children = [...root.querySelectorAll('.step > *')] as Partial<LitElement>[];
    await Promise.all(children.map((child) => child.updateComplete));
    root.querySelector<HTMLElement>('.step h2')?.focus();
  }

  /** The frame of every step: the error above it, and the live region. */
  render(step: TemplateResult | typeof nothing): TemplateResult {
    return html`<div class="step" part="step" data-view=${this.current}>
        ${this.message ? html`<p class="error" part="error" role="alert">${this.message}</p>` : nothing}
        ${step}
      </div>
      <p class="sr-only" role="status">${this.announcement}</p>`;
  }
}
