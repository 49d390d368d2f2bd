/**
 * `layout="week"`: seven days' times side by side, as Cal.com's week layout has them, for teams
 * with many short slots. A part of the date step (which holds the week shown and its slots), not
 * an element of its own: it only lays out what it is given.
 */
import { html, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import { addDays, weekdayOf } from '../calendar-month.js';
import type { Slot } from '../controllers/slots.js';
import { dayOf, formatDay, formatTime, weekdayNames, type HourCycle } from '../time-format.js';

/** The first day of the week holding `day`, weeks starting on `firstDay` (0 = Sunday). */
export const weekOf = (day: string, firstDay: number) => addDays(day, -((weekdayOf(day) - firstDay + 7) % 7));

export interface WeekViewOptions {
  /** The week's first day. */
  start: string;
  today: string;
  /** The week's slots; `undefined` while loading. */
  slots: Slot[] | undefined;
  locale: string;
  zone: string;
  hourCycle: HourCycle;
  chose: (slot: Slot) => void;
  /** Another week is wanted: its first day. */
  go: (start: string) => void;
}

export function weekView({ start, today, slots, locale, zone, hourCycle, chose, go }: WeekViewOptions): TemplateResult {
  const days = Array.from({ length: 7 }, (_, i) => addDays(start, i));
  const names = weekdayNames(locale, weekdayOf(start), 'short');
  const range = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', day: 'numeric' })
    .formatRange(new Date(`${start}T12:00:00Z`), new Date(`${days[6]}T12:00:00Z`));
  return html`<div class="month-head">
      <button part="button nav" class="nav" aria-label=${msg('Previous week', { id: 'week.previous' })} ?disabled=${start <= today}
        @click=${() => go(addDays(start, -7))}>‹</button>
      <h3 aria-live="polite">${range}</h3>
      <button part="button nav" class="nav" aria-label=${msg('Next week', { id: 'week.next' })} @click=${() => go(addDays(start, 7))}>›</button>
    </div>
    <ul class="week" role="list" aria-busy=${slots ? 'false' : 'true'}>
      ${days.map((day, i) => {
        const times = slots?.filter((s) => dayOf(s.start, zone) === day) ?? [];
        return html`<li class="week-day" data-day=${day} aria-label=${formatDay(day, locale)}>
          <p class="week-date" aria-hidden="true">${names[i]} <b>${Number(day.slice(8))}</b></p>
          ${slots
            ? times.length
              ? times.map((s) => html`<button part="slot" class="slot" @click=${() => chose(s)}>${formatTime(s.start, locale, zone, hourCycle)}</button>`)
              : html`<p class="meta">–</p>`
            : [0, 1, 2, 3].map(() => html`<span class="slot skeleton"></span>`)}
        </li>`;
      })}
    </ul>`;
}
