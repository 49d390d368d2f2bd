/**
 * Step 2a: a month as a WAI-ARIA APG date grid. One day is tabbable (roving tabindex); arrows move
 * by day and week, Home/End to the week's ends, PageUp/PageDown by month (with Shift by year).
 * Days without slots stay focusable but are `aria-disabled`, as the pattern asks.
 */
import { LitElement, html } from 'lit';
import { msg } from '@lit/localize';
import { addDays, addMonths, monthWeeks, weekdayOf } from '../calendar-month.js';
import { emit } from '../emit.js';
import { formatDay, formatMonth, weekdayNames } from '../time-format.js';

/**
 * @fires day - a day with slots was chosen; `detail` is the day (`YYYY-MM-DD`).
 * @fires month - another month is wanted; `detail` is the month (`YYYY-MM`).
 */
export class MonthGrid extends LitElement {
  static override properties = {
    month: {},
    locale: {},
    firstDay: { type: Number },
    available: { attribute: false },
    selected: {},
    today: {},
    focusDay: { state: true },
  };
  declare month: string;
  declare locale: string;
  declare firstDay: number;
  /** Days that have slots; `undefined` while the month loads. */
  declare available: Set<string> | undefined;
  declare selected: string | undefined;
  declare today: string;
  declare focusDay: string | undefined;
  private moveFocus = false;

  protected override createRenderRoot() {
    return this;
  }

  /**
   * The tabbable day: the chosen one, else the month's first day with times (once they are known),
   * unless the visitor is moving through the grid with the keyboard.
   */
  protected override willUpdate(changed: Map<string, unknown>): void {
    const moving = this.contains((this.getRootNode() as Document | ShadowRoot).activeElement);
    if ((changed.has('month') || changed.has('available')) && !(moving && this.focusDay?.startsWith(this.month))) {
      const first = [...(this.available ?? [])].sort().find((d) => d.startsWith(this.month));
      this.focusDay = this.selected?.startsWith(this.month) ? this.selected : (first ?? `${this.month}-01`);
    }
  }

  protected override updated(): void {
    // After a key moved into another month, focus waits for the parent to show that month.
    const day = this.moveFocus && this.querySelector<HTMLElement>('.day[tabindex="0"]');
    if (day) {
      this.moveFocus = false;
      day.focus();
    }
  }

  protected override render() {
    const names = weekdayNames(this.locale, this.firstDay, 'short');
    const long = weekdayNames(this.locale, this.firstDay, 'long');
    const canGoBack = this.month > this.today.slice(0, 7);
    return html`<div class="month-head">
        <button part="button nav" class="nav" aria-label=${msg('Previous month', { id: 'grid.previous' })}
          ?disabled=${!canGoBack} @click=${() => this.go(addMonths(this.month, -1))}>‹</button>
        <h3 id="month-label" aria-live="polite">${formatMonth(this.month, this.locale)}</h3>
        <button part="button nav" class="nav" aria-label=${msg('Next month', { id: 'grid.next' })}
          @click=${() => this.go(addMonths(this.month, 1))}>›</button>
      </div>
      <table role="grid" aria-labelledby="month-label" aria-busy=${this.available ? 'false' : 'true'} @keydown=${this.onKey}
        @focusin=${(e: FocusEvent) => (this.focusDay = (e.target as HTMLElement).dataset.day ?? this.focusDay)}>
        <thead><tr>${names.map((n, i) => html`<th scope="col" abbr=${long[i]}>${n}</th>`)}</tr></thead>
        <tbody>
          ${monthWeeks(this.month, this.firstDay).map(
            (week) => html`<tr>${week.map((day) => (day ? this.renderDay(day) : html`<td></td>`))}</tr>`,
          )}
        </tbody>
      </table>`;
  }

  private renderDay(day: string) {
    const open = !!this.available?.has(day);
    const selected = day === this.selected;
    return html`<td role="gridcell" aria-selected=${selected ? 'true' : 'false'}>
      <button part=${`day${open ? ' day-available' : ''}${selected ? ' day-selected' : ''}`} class="day"
        tabindex=${day === this.focusDay ? 0 : -1} aria-disabled=${open ? 'false' : 'true'}
        aria-current=${day === this.today ? 'date' : 'false'} aria-label=${formatDay(day, this.locale)} data-day=${day}
        @click=${() => open && emit(this, 'day', day)}>${Number(day.slice(8))}</button>
    </td>`;
  }

  private go(month: string): void {
    emit(this, 'month', month);
  }

  private onKey = (event: KeyboardEvent): void => {
    const day = this.focusDay!;
    const weekStart = addDays(day, -((weekdayOf(day) - this.firstDay + 7) % 7));
    const month = (n: number) => {
      const target = addMonths(day.slice(0, 7), n);
      const last = Number(addDays(`${addMonths(target, 1)}-01`, -1).slice(8));
      return `${target}-${String(Math.min(Number(day.slice(8)), last)).padStart(2, '0')}`;
    };
    const moves: Record<string, () => string> = {
      ArrowLeft: () => addDays(day, -1),
      ArrowRight: () => addDays(day, 1),
      ArrowUp: () => addDays(day, -7),
      ArrowDown: () => addDays(day, 7),
      Home: () => weekStart,
      End: () => addDays(weekStart, 6),
      PageUp: () => month(event.shiftKey ? -12 : -1),
      PageDown: () => month(event.shiftKey ? 12 : 1),
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const target = move();
    if (target < this.today.slice(0, 8) + '01') return;
    this.focusDay = target;
    this.moveFocus = true;
    if (!target.startsWith(this.month)) this.go(target.slice(0, 7));
  };
}
customElements.define('kairos-month-grid', MonthGrid);
