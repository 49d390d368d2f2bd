/**
 * Manage mode: a booking opened from its `manageUrl`, with its status, to cancel with a reason or
 * reschedule; once cancelled or declined it offers to book again, and once moved it says so.
 */
import { LitElement, html, nothing } from 'lit';
import { msg } from '@lit/localize';
import type { BookingResponse } from '../../shared/api-schemas.js';
import { maxLength } from '../../shared/field-rules.js';
import { emit, type Cancelling } from '../emit.js';
import { formatWhen, type HourCycle } from '../time-format.js';
import { whereOf } from './confirmation.js';
import { sessionList } from './session-picks.js';

export function cancelledNotice(): string {
  return msg('This booking is cancelled.', { id: 'manage.cancelled' });
}

export function rescheduledHeading(): string {
  return msg('Your booking was rescheduled', { id: 'manage.rescheduled' });
}

/** The status a visitor reads: a booking whose time is over is past, whatever else it was. */
export type ShownStatus = 'confirmed' | 'pending' | 'declined' | 'cancelled' | 'past';

export function shownStatus(b: BookingResponse, now: number): ShownStatus {
  if (b.status === 'cancelled' || b.status === 'declined') return b.status;
  if (b.status === 'completed' || b.status === 'no_show' || Date.parse(b.end) <= now) return 'past';
  return b.status;
}

function statusLabel(status: ShownStatus): string {
  return {
    confirmed: () => msg('Confirmed', { id: 'status.confirmed' }),
    pending: () => msg('Awaiting approval', { id: 'status.pending' }),
    declined: () => msg('Declined', { id: 'status.declined' }),
    cancelled: () => msg('Cancelled', { id: 'status.cancelled' }),
    past: () => msg('Past', { id: 'status.past' }),
  }[status]();
}

/**
 * @fires cancel-booking - `detail` is `{reason}` (may be empty); of a multi-session booking with the session's `id`, or `all`.
 * @fires reschedule - the visitor wants to pick another time.
 * @csspart status - the booking's status (`data-status`: confirmed, pending, declined, cancelled, past).
 * @csspart join - the meeting's join link. @csspart book-again - the page's booking link, once over.
 */
export class ManageBooking extends LitElement {
  static override properties = {
    booking: { attribute: false },
    previous: { attribute: false },
    pageTitle: {},
    bookUrl: {},
    busy: { type: Boolean },
    locale: {},
    zone: {},
    hourCycle: {},
    now: { type: Number },
    confirming: { state: true },
  };
  /** Of a multi-session booking, what the visitor is about to cancel: one session's id, or all. */
  private cancelling?: Cancelling;
  declare booking: BookingResponse;
  /** The booking before the visitor moved it, if they just did. */
  declare previous?: BookingResponse;
  /** The page the booking was made on, as its title reads in the visitor's language. */
  declare pageTitle?: string;
  /** The page's booking link, offered once the booking is cancelled or declined. */
  declare bookUrl?: string;
  declare busy: boolean;
  declare locale: string;
  declare zone: string;
  declare hourCycle: HourCycle;
  /** The time that decides whether the booking is past (ms since the epoch). */
  declare now?: number;
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
    const now = this.now ?? Date.now();
    const status = shownStatus(b, now);
    const over = status === 'cancelled' || status === 'declined';
    const when = (x: BookingResponse) => formatWhen(x.start, x.end, this.locale, this.zone, this.hourCycle);
    const moved = this.previous && !over;
    const series = b.sessions && b.sessions.length > 1 ? b.sessions : undefined;
    const cancelOne = (s: NonNullable<BookingResponse['sessions']>[number]) => {
      const shown = shownStatus({ ...b, ...s }, now);
      return shown === 'confirmed' || shown === 'pending'
        ? html` <button class="secondary" @click=${() => this.askReason({ id: s.id })}>${msg('Cancel', { id: 'manage.cancelSession' })}</button>`
        : html` (${statusLabel(shown)})`;
    };
    return html`${this.pageTitle ? html`<p class="meta">${this.pageTitle}</p>` : nothing}
      <h2 tabindex="-1">${moved ? rescheduledHeading() : (b.title ?? b.event)}</h2>
      <p class="status" part="status" data-status=${status}>${statusLabel(status)}</p>
      ${status === 'pending' || moved
        ? html`<p class="notice" part="notice">${status === 'pending'
            ? msg('Waiting for the host to confirm.', { id: 'manage.pending' })
            : msg('An updated invitation was sent by email.', { id: 'manage.movedEmail' })}</p>`
        : nothing}
      <dl class="details">
        <dt>${msg('When', { id: 'done.when' })}</dt>
        <dd>${series ? sessionList(series, this, cancelOne) : html`${moved ? html`<del>${when(this.previous!)}</del><br />` : nothing}${when(b)}`}</dd>
        ${b.hosts.length ? html`<dt>${msg('With', { id: 'done.with' })}</dt><dd>${b.hosts.map((h) => h.name).join(', ')}</dd>` : nothing}
        ${over && b.location.joinUrl
          ? nothing
          : html`<dt>${msg('Where', { id: 'done.where' })}</dt>
              <dd>${b.location.joinUrl
                ? html`<a part="join" href=${b.location.joinUrl} target="_blank" rel="noopener noreferrer">${b.location.joinUrl}</a>`
                : whereOf(b)}</dd>`}
      </dl>
      ${over
        ? this.bookUrl
          ? html`<p><a part="button book-again" class="button" href=${this.bookUrl}>${msg('Book again', { id: 'manage.bookAgain' })}</a></p>`
          : nothing
        : status === 'past'
          ? nothing
          : this.confirming
            ? this.renderCancel()
            : this.renderActions()}`;
  }

  private renderActions() {
    // Of several sessions, the booking is all of them: each session has its own button above.
    const all = (this.booking.sessions?.length ?? 0) > 1;
    return html`<div class="actions">
      <button part="button reschedule" @click=${() => emit(this, 'reschedule')}>
        ${msg('Reschedule', { id: 'manage.reschedule' })}
      </button>
      <button part="button cancel" class="secondary" @click=${() => this.askReason({ all })}>${msg('Cancel booking', { id: 'manage.cancel' })}</button>
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

  private askReason = async (cancelling?: Cancelling) => {
    this.cancelling = cancelling;
    this.confirming = true;
    await this.updateComplete;
    this.querySelector<HTMLElement>('#cancel-reason')?.focus();
  };

  private cancel = (event: SubmitEvent) => {
    event.preventDefault();
    const reason = this.querySelector<HTMLTextAreaElement>('#cancel-reason')!.value.trim();
    emit(this, 'cancel-booking', { reason, ...this.cancelling });
  };
}
customElements.define('kairos-manage-booking', ManageBooking);
