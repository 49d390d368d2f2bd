/** Manage mode: a booking opened from its `manageUrl`, to cancel with a reason or reschedule. */
import { LitElement, html, nothing } from 'lit';
import { msg } from '@lit/localize';
import type { BookingResponse } from '../../shared/api-schemas.js';
import { maxLength } from '../../shared/field-rules.js';
import { emit } from '../emit.js';
import { formatWhen, type HourCycle } from '../time-format.js';
import { whereOf } from './confirmation.js';

export function cancelledNotice(): string {
  return msg('This booking is cancelled.', { id: 'manage.cancelled' });
}

/**
 * @fires cancel-booking - `detail` is the visitor's reason (may be empty).
 * @fires reschedule - the visitor wants to pick another time.
 */
export class ManageBooking extends LitElement {
  static override properties = {
    booking: { attribute: false },
    busy: { type: Boolean },
    locale: {},
    zone: {},
    hourCycle: {},
    confirming: { state: true },
  };
  declare booking: BookingResponse;
  declare busy: boolean;
  declare locale: string;
  declare zone: string;
  declare hourCycle: HourCycle;
  declare confirming: boolean;

  constructor() {
    super();
    this.confirming = false;
    this.busy = false;
  }

  protected override createRenderRoot() {
    return this;
  }

  protected override render() {
    const b = this.booking;
    const over = b.status === 'cancelled' || b.status === 'declined';
    return html`<h2 tabindex="-1">${b.title ?? b.event}</h2>
      ${over ? html`<p class="notice" part="notice">${cancelledNotice()}</p>` : nothing}
      ${b.status === 'pending' ? html`<p class="notice" part="notice">${msg('Waiting for the host to confirm.', { id: 'manage.pending' })}</p>` : nothing}
      <dl class="details">
        <dt>${msg('When', { id: 'done.when' })}</dt><dd>${formatWhen(b.start, b.end, this.locale, this.zone, this.hourCycle)}</dd>
        ${b.hosts.length ? html`<dt>${msg('With', { id: 'done.with' })}</dt><dd>${b.hosts.map((h) => h.name).join(', ')}</dd>` : nothing}
        <dt>${msg('Where', { id: 'done.where' })}</dt><dd>${whereOf(b)}</dd>
      </dl>
      ${over ? nothing : this.confirming ? this.renderCancel() : this.renderActions()}`;
  }

  private renderActions() {
    return html`<div class="actions">
      <button part="button reschedule" @click=${() => emit(this, 'reschedule')}>
        ${msg('Reschedule', { id: 'manage.reschedule' })}
      </button>
      <button part="button cancel" class="secondary" @click=${this.askReason}>${msg('Cancel booking', { id: 'manage.cancel' })}</button>
    </div>`;
  }

  private renderCancel() {
    return html`<form @submit=${this.cancel}>
      <div class="field">
        <label for="cancel-reason">${msg('Reason for cancelling (optional)', { id: 'manage.reason' })}</label>
        <textarea id="cancel-reason" part="field" rows="3" maxlength=${maxLength.reason}></textarea>
      </div>
      <div class="actions">
        <button type="button" part="button back" class="secondary" @click=${() => (this.confirming = false)}>
          ${msg('Keep booking', { id: 'manage.keep' })}
        </button>
        <button type="submit" part="button confirm-cancel" ?disabled=${this.busy}>${msg('Confirm cancellation', { id: 'manage.confirmCancel' })}</button>
      </div>
    </form>`;
  }

  private askReason = async () => {
    this.confirming = true;
    await this.updateComplete;
    this.querySelector<HTMLElement>('#cancel-reason')?.focus();
  };

  private cancel = (event: SubmitEvent) => {
    event.preventDefault();
    const reason = this.querySelector<HTMLTextAreaElement>('#cancel-reason')!.value.trim();
    emit(this, 'cancel-booking', reason);
  };
}
customElements.define('kairos-manage-booking', ManageBooking);
