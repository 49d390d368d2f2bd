/**
 * Step 2: a day, then a time. The month grid beside the chosen day's times, in the visitor's zone
 * (which they may change). On arrival it moves on to the first month with availability; a month
 * without any offers the next available day instead.
 *
 * Not an element but a part of the flow holding it: the month and day shown must outlive the
 * steps after it, so that "Back" returns to them, and the flow's element renders it.
 */
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { addDays, firstDayOfWeek } from '../calendar-month.js';
import type { Slot, SlotsController } from '../controllers/slots.js';
import type { StepsController } from '../controllers/steps.js';
import type { ZoneController } from '../controllers/zone.js';
import { emit, type WidgetEvent } from '../emit.js';
import { dayOf, type HourCycle } from '../time-format.js';
import { entryDetails, entrySummary, type DateStepEntry } from './entry-summary.js';
import { weekOf, weekView } from './week-view.js';
import './month-grid.js';
import type { SlotList } from './slot-list.js';
import './slot-list.js';
import { rememberHourCycle } from '../hour-cycle.js';
import { zoneName } from '../timezone-picker.js';

export type { DateStepEntry };

export interface DateStepHost extends ReactiveControllerHost, HTMLElement {
  hourCycle?: HourCycle;
  /** `week`: seven days' times side by side instead of a month and a day's times. */
  layout?: string;
}

export function dateHeading(): string {
  return msg('Choose a date and time', { id: 'date.heading' });
}

export class DateStep {
  entry?: DateStepEntry;
  /** The month shown, `YYYY-MM`. */
  month = '';
  private day?: string;
  /** When the month has no slot: the first later day that has one. */
  private nextDay?: string;
  /** `layout="week"`: a day of the week shown (which day starts a week is the locale's). */
  private week = '';
  /** On narrow widths the chosen day's times are a step of their own (`.open` hides the month). */
  private open = false;
  /** The month's slots could not be loaded (a routing refusal, the network): the error says why. */
  private failed = false;
  /** A course's times picked so far, in order (config `sessions`, mode `pick`): listed above the times, and no longer among them. */
  picked: readonly Slot[] = [];

  constructor(
    private readonly host: DateStepHost,
    private readonly slots: SlotsController,
    private readonly zones: ZoneController,
    private readonly steps: StepsController,
    private readonly chose: (slot: Slot) => void,
  ) {}

  /**
   * Shows the step for `entry` from this month on, or from the first month with availability; or
   * on `day` (a prefilled date, from today on), chosen when it has times.
   */
  async show(entry: DateStepEntry, day?: string): Promise<void> {
    this.entry = entry;
    this.open = false;
    this.back();
    const wanted = day && day >= this.zones.today ? day : undefined;
    await this.showMonth((wanted ?? this.zones.today).slice(0, 7), !wanted);
    if (this.host.layout === 'week') {
      const first = this.monthSlots()?.map((s) => dayOf(s.start, this.zones.zone)).find((d) => d >= this.zones.today);
      return this.showWeek(wanted ?? first ?? this.zones.today);
    }
    if (wanted && this.month === wanted.slice(0, 7) && this.monthSlots()?.some((s) => dayOf(s.start, this.zones.zone) === wanted)) this.pickDay(wanted);
  }

  /** Back to the step as it was left. */
  back(): void {
    this.steps.go('date', dateHeading());
  }

  /** The time chosen was taken meanwhile: the month again with fresh slots, the chosen day kept. */
  reload(): void {
    this.slots.clear();
    void this.showMonth(this.month, false, this.day);
  }

  /**
   * Shows a month; `jump` moves on to the first month with availability (on arrival), `keep` is
   * a day to keep chosen when it still has times.
   */
  async showMonth(month: string, jump = false, keep?: string): Promise<void> {
    const event = this.entry!.event;
    const { zone, today } = this.zones;
    this.month = month;
    this.day = keep;
    this.nextDay = undefined;
    if (!keep) this.open = false;
    this.host.requestUpdate();
    try {
      const slots = await this.slots.load(event, zone, month, today);
      if (this.failed) {
        // The answers that were refused have changed: the refusal no longer applies.
        this.failed = false;
        this.steps.clearError();
      }
      if (keep && this.day === keep && !slots.some((s) => dayOf(s.start, zone) === keep)) this.day = undefined, this.open = false;
      if (!slots.length) {
        const next = await this.slots.firstMonthWithSlots(event, zone, month, today);
        if (this.month !== month) return;
        if (next && jump) return this.showMonth(next);
        this.nextDay = next && this.monthSlots(next)!.map((s) => dayOf(s.start, zone)).sort()[0];
        this.host.requestUpdate();
      }
      this.slots.prefetch(event, zone, month, today);
    } catch (error) {
      this.failed = true;
      this.steps.fail(error, this.steps.view);
    }
  }

  /** The week holding `day`, with the slots of the months it may span. */
  private async showWeek(day: string): Promise<void> {
    const { zone, today } = this.zones;
    this.week = day;
    this.host.requestUpdate();
    try {
      for (const d of this.weekBounds()) await this.slots.load(this.entry!.event, zone, d.slice(0, 7), today);
    } catch (error) {
      this.steps.fail(error, this.steps.view);
    }
  }

  /** Six days either side of the week's day: every day of its week, whichever day starts it. */
  private weekBounds(): string[] {
    return [addDays(this.week, -6), this.week, addDays(this.week, 6)];
  }

  private weekSlots(): Slot[] | undefined {
    const months = [...new Set(this.weekBounds().map((d) => d.slice(0, 7)))].map((m) => this.monthSlots(m));
    return months.every(Boolean) ? months.flat() as Slot[] : undefined;
  }

  private monthSlots(month = this.month): Slot[] | undefined {
    return this.entry && this.slots.get(this.entry.event, this.zones.zone, month);
  }

  private slotsOfDay(): Slot[] {
    return (this.monthSlots(this.day!.slice(0, 7)) ?? []).filter((s) => dayOf(s.start, this.zones.zone) === this.day && !this.picked.some((p) => p.start === s.start));
  }

  private pickDay(day: string): void {
    if (!this.monthSlots(day.slice(0, 7))) return;
    if (!day.startsWith(this.month)) void this.showMonth(day.slice(0, 7));
    this.day = day;
    this.open = true;
    emit(this.host, 'kairos-date-selected', { date: day });
    const count = this.slotsOfDay().length;
    this.steps.announce(msg(str`Available times: ${count}`, { id: 'date.count' }));
    void this.focusAfterUpdate('#slots-label');
  }

  /** Phone: from the day's times back to the month, the day still chosen. */
  private closeTimes(): void {
    this.open = false;
    void this.focusAfterUpdate('.day[tabindex="0"]');
  }

  /**
   * Moves focus once drawn; to the day's times only in the narrow layout, where the month and the
   * times take turns (the container query decides: the month grid is then hidden).
   */
  private async focusAfterUpdate(selector: string): Promise<void> {
    this.host.requestUpdate();
    await this.host.updateComplete;
    const root = this.host.shadowRoot!;
    await root.querySelector<SlotList>('kairos-slot-list')?.updateComplete;
    if (!this.open || !root.querySelector('kairos-month-grid')?.checkVisibility()) root.querySelector<HTMLElement>(selector)?.focus();
  }

  /** Another zone shows the same day's times, as that day has them there (if it still has any). */
  private async changeZone(zone: string, locale: string): Promise<void> {
    this.zones.set(zone);
    const name = zoneName(zone, locale);
    this.steps.announce(msg(str`Times are now shown in ${name}.`, { id: 'zone.changed' }));
    if (this.host.layout === 'week') return this.showWeek(this.week);
    await this.showMonth(this.month, false, this.day);
  }

  private changeHourCycle(cycle: 'h12' | 'h23'): void {
    this.host.hourCycle = cycle;
    rememberHourCycle(cycle);
    this.host.requestUpdate();
  }

  /**
   * The step; `pageTitle` heads the summary when it says more than the entry's title, and
   * `allMeetings`, when given, is what the link back to the page's entries does. `picks` (a
   * course's) goes right above the times, where the visitor adds to it.
   */
  render(locale: string, allMeetings?: () => void, pageTitle?: string, picks: TemplateResult | typeof nothing = nothing): TemplateResult {
    const summary = entrySummary(this.entry!, locale, pageTitle, allMeetings);
    const details = entryDetails(this.entry!, locale, pageTitle);
    return this.host.layout === 'week' ? this.renderWeek(locale, summary, details, picks) : this.renderMonth(locale, summary, details, picks);
  }

  private renderWeek(locale: string, summary: TemplateResult, details: TemplateResult | typeof nothing, picks: TemplateResult | typeof nothing): TemplateResult {
    return html`<div class="week-step">
      ${summary}
      ${picks}
      ${this.renderZone(locale)}
      ${this.week
        ? weekView({ start: weekOf(this.week, firstDayOfWeek(locale)), today: this.zones.today, slots: this.weekSlots(), locale, zone: this.zones.zone,
            hourCycle: this.host.hourCycle, chose: this.chose, go: (start) => this.showWeek(start) })
        : this.weekFrame(locale)}
      ${details}
    </div>`;
  }

  private renderZone(locale: string): TemplateResult {
    return html`<kairos-timezone-picker .zone=${this.zones.zone} .locale=${locale} .hourCycle=${this.host.hourCycle}
      @zone=${(e: WidgetEvent<'zone'>) => this.changeZone(e.detail, locale)}
      @hour-cycle=${(e: WidgetEvent<'hour-cycle'>) => this.changeHourCycle(e.detail)}></kairos-timezone-picker>`;
  }

  private renderMonth(locale: string, summary: TemplateResult, details: TemplateResult | typeof nothing, picks: TemplateResult | typeof nothing): TemplateResult {
    const zone = this.zones.zone;
    const slots = this.failed ? [] : this.monthSlots();
    return html`<div class="date-step${this.open ? ' open' : ''}">
        ${summary}
        <kairos-month-grid .month=${this.month} .locale=${locale} .firstDay=${firstDayOfWeek(locale)} .today=${this.zones.today}
          .selected=${this.day} .available=${slots && new Set(slots.map((s) => dayOf(s.start, zone)))}
          @day=${(e: WidgetEvent<'day'>) => this.pickDay(e.detail)} @month=${(e: WidgetEvent<'month'>) => this.showMonth(e.detail)}></kairos-month-grid>
        <div class="times">
          ${this.open && this.day
            ? html`<button part="button back" class="link to-month" @click=${() => this.closeTimes()}>
                <span aria-hidden="true">‹ </span>${msg('Back to the calendar', { id: 'date.toMonth' })}
              </button>`
            : nothing}
          ${picks}
          ${this.renderZone(locale)}
          ${this.failed
            ? html`<div class="slots"></div>`
            : html`<kairos-slot-list .day=${this.day} .month=${this.month} .nextDay=${this.nextDay} ?empty=${slots?.length === 0}
                .slots=${slots && (this.day ? this.slotsOfDay() : slots)} .seats=${this.entry!.seats ?? 1} .locale=${locale} .zone=${zone}
                .hourCycle=${this.host.hourCycle} @slot=${(e: WidgetEvent<'slot'>) => this.chose(e.detail)} @day=${(e: WidgetEvent<'day'>) => this.pickDay(e.detail)}>
              </kairos-slot-list>`}
          ${details}
        </div>
      </div>`;
  }

  /**
   * The step's own frame, empty, in the layout the step will have: most pages open on it, so the
   * host page below does not move when the page and its slots arrive.
   */
  renderLoading(locale: string): TemplateResult {
    const today = this.zones.today;
    const head = html`<div class="summary-panel">
      <h2 class="skeleton-text" aria-hidden="true">&nbsp;</h2>
      <p class="meta skeleton-text" aria-hidden="true">&nbsp;</p>
    </div>`;
    const zone = html`<p class="zone skeleton-text" aria-hidden="true">&nbsp;</p>`;
    if (this.host.layout === 'week') {
      return html`<div class="loading week-step" aria-busy="true">${head}${zone}${this.weekFrame(locale)}</div>`;
    }
    return html`<div class="loading date-step" aria-busy="true">
      ${head}
      <kairos-month-grid .month=${today.slice(0, 7)} .locale=${locale} .firstDay=${firstDayOfWeek(locale)} .today=${today}></kairos-month-grid>
      <div class="times">
        ${zone}
        <kairos-slot-list></kairos-slot-list>
      </div>
    </div>`;
  }

  /** The week view while its slots are on their way: this week, from the locale's first day. */
  private weekFrame(locale: string): TemplateResult {
    return weekView({ start: weekOf(this.zones.today, firstDayOfWeek(locale)), today: this.zones.today, slots: undefined, locale,
      zone: this.zones.zone, hourCycle: this.host.hourCycle, chose: this.chose, go: () => undefined });
  }
}
