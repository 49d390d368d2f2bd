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
  static override properties = { summary: {}, busy: { type: Boolean } };
  /** What and when, as the visitor chose it. */
  declare summary: string;
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
      <p class="summary">${this.summary}</p>
      <div class="actions">
        <button part="button back" class="secondary" @click=${() => emit(this, 'back')}>${msg('Back', { id: 'form.back' })}</button>
        <button part="button submit" ?disabled=${this.busy} @click=${() => emit(this, 'move')}>${msg('Move booking', { id: 'move.confirm' })}</button>
      </div>`;
  }
}
customElements.define('kairos-move-step', MoveStep);
