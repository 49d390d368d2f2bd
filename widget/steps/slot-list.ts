/**
 * Step 2b: the chosen day's slots in the visitor's zone. Its box keeps its height while slots load
 * (skeletons), so nothing below jumps; an empty month offers the next available date instead.
 */
import { LitElement, html } from 'lit';
import { msg, str } from '@lit/localize';
import type { Slot } from '../controllers/slots.js';
import { emit } from '../emit.js';
import { formatDay, formatMonth, formatTime, type HourCycle } from '../time-format.js';

/** "3 spots left", in the locale's plural. */
function seatsLeft(count: number, locale: string): string {
  return new Intl.PluralRules(locale).select(count) === 'one'
    ? msg(str`${count} spot left`, { id: 'slots.seatsOne' })
    : msg(str`${count} spots left`, { id: 'slots.seatsOther' });
}

/**
 * @fires slot - `detail` is the chosen slot.
 * @fires day - the offered next available day was chosen; `detail` is the day.
 */
export class SlotList extends LitElement {
  static override properties = {
    day: {},
    month: {},
    slots: { attribute: false },
    nextDay: {},
    empty: { type: Boolean },
    locale: {},
    zone: {},
    hourCycle: {},
    seats: { type: Number },
  };
  /** The chosen day, if any. */
  declare day: string | undefined;
  declare month: string;
  /** That day's slots; `undefined` while loading. */
  declare slots: Slot[] | undefined;
  /** The month has no slot at all. */
  declare empty: boolean;
  /** When the month has no slot: the first later day that has one, if known. */
  declare nextDay: string | undefined;
  declare locale: string;
  declare zone: string;
  declare hourCycle: HourCycle;
  /** Above 1, a group session: each time says how many places are left. */
  declare seats: number;

  protected override createRenderRoot() {
    return this;
  }

  protected override render() {
    if (!this.slots) {
      return html`<div class="slots" aria-busy="true">
        <p class="skeleton-line"></p>
        <ul class="slot-grid" role="list">${[0, 1, 2, 3, 4, 5].map(() => html`<li><span class="slot skeleton"></span></li>`)}</ul>
      </div>`;
    }
    if (this.empty) {
      const month = formatMonth(this.month, this.locale);
      return html`<div class="slots empty">
        <p>${msg(str`No times available in ${month}.`, { id: 'slots.empty' })}</p>
        ${this.nextDay
          ? html`<button part="button next-available" class="secondary" @click=${() => emit(this, 'day', this.nextDay!)}>
              ${msg(str`Next available: ${formatDay(this.nextDay, this.locale, 'long')}`, { id: 'slots.next' })}
            </button>`
          : html`<p>${msg('No times are available in the coming months.', { id: 'slots.none' })}</p>`}
      </div>`;
    }
    if (!this.day) {
      return html`<div class="slots prompt"><p>${msg('Choose a day to see the available times.', { id: 'slots.prompt' })}</p></div>`;
    }
    return html`<div class="slots">
      <h3 id="slots-label" tabindex="-1">${formatDay(this.day, this.locale)}</h3>
      <ul class="slot-grid" role="list" aria-labelledby="slots-label">
        ${this.slots.map(
          (slot) => html`<li><button part="slot" class="slot" @click=${() => emit(this, 'slot', slot)}>
            <span class="time">${formatTime(slot.start, this.locale, this.zone, this.hourCycle)}</span>
            ${this.seats > 1 ? html`<span class="seats">${seatsLeft(slot.seatsLeft, this.locale)}</span>` : ''}
          </button></li>`,
        )}
      </ul>
    </div>`;
  }
}
customElements.define('kairos-slot-list', SlotList);
