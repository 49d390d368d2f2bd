/** Managing a booking, after the date step: confirm moving it to the time chosen. */
import { LitElement, html } from 'lit';
import { msg } from '@lit/localize';
import { emit } from '../emit.js';

export function moveHeading(): string {
  return msg('Confirm the new time', { id: 'move.heading' });
}

/**
 * @fires move - the visitor confirms the new time.
 * @fires back - the visitor wants another time.
 */
export class MoveStep extends LitElement {
  static override properties = { summary: {}, current: {}, busy: { type: Boolean } };
  /** What and when, as the visitor chose it. */
  declare summary: string;
  /** When the booking is now, shown struck through beside the new time. */
  declare current: string;
  declare busy: boolean;

  constructor() {
    super();
    this.busy = false;
  }

  protected override createRenderRoot() {
    return this;
  }

  protected override render() {
    return html`<h2 tabindex="-1">${moveHeading()}</h2>
      <dl class="details">
        <dt>${msg('Current time', { id: 'move.current' })}</dt><dd><del>${this.current}</del></dd>
        <dt>${msg('New time', { id: 'move.new' })}</dt><dd class="summary">${this.summary}</dd>
      </dl>
      <div class="actions">
        <button part="button back" class="secondary" @click=${() => emit(this, 'back')}>${msg('Back', { id: 'form.back' })}</button>
        <button part="button submit" ?disabled=${this.busy} @click=${() => emit(this, 'move')}>${msg('Move booking', { id: 'move.confirm' })}</button>
      </div>`;
  }
}
customElements.define('kairos-move-step', MoveStep);
