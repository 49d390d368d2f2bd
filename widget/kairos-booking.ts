/**
 * @summary `<kairos-booking>`: book a meeting with a page's team, inline or in a popup, or manage
 * a booking (`booking-id` + `token`). The contract is CONTRACT §2.
 *
 * @event kairos-ready - `{page}`: the page is loaded and shown.
 * @event kairos-event-selected - `{event}`: an entry was chosen (or preselected).
 * @event kairos-date-selected - `{date}`: a day was chosen (`YYYY-MM-DD`, visitor's zone).
 * @event kairos-slot-selected - `{event, start}`: a time was chosen (`start` is UTC).
 * @event kairos-booked - `{id, status, event, start, end, timezone, hosts}`: the booking is made.
 * @event kairos-error - `{code, message}`: the API refused or could not be reached.
 *
 * @csspart button - every button (with a second name: `launcher`, `nav`, `submit`, `back`, …).
 * @csspart day - a day of the month grid (`day-available`, `day-selected` too).
 * @csspart slot - a time of the chosen day.
 * @csspart field - every input, select and textarea.
 * @csspart dialog - the popup's dialog. @csspart error - the error message. @csspart notice - notices.
 *
 * @cssprop --kairos-accent - buttons, selection, focus ring.
 * @cssprop --kairos-bg - background. @cssprop --kairos-fg - text.
 * @cssprop --kairos-radius - corner radius. @cssprop --kairos-font - font family.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { BookingResponse, PageEntry, PageResponse } from '../shared/api-schemas.js';
import { ApiClient, ApiFailure } from './api-client.js';
import { bundleUrl } from './bundle-url.js';
import { firstDayOfWeek } from './calendar-month.js';
import { matchLocale, useLocale } from './controllers/localize.js';
import { PrefillController, type Values } from './controllers/prefill.js';
import { SlotsController, type Slot } from './controllers/slots.js';
import { ThemeController } from './controllers/theme.js';
import { ZoneController } from './controllers/zone.js';
import { bookingRequest } from './booking-request.js';
import { PopupDialog } from './popup-dialog.js';
import { dayOf, formatWhen, type HourCycle } from './time-format.js';
import { durationLabel } from './steps/entry-list.js';
import { styles } from './kairos-booking.styles.js';
import './steps/entry-list.js';
import './steps/month-grid.js';
import './steps/slot-list.js';
import './steps/booking-form.js';
import './steps/confirmation.js';
import './steps/manage-booking.js';
import './timezone-picker.js';

type View = 'loading' | 'entries' | 'date' | 'form' | 'move' | 'done' | 'manage' | 'failed';

export class KairosBooking extends LitElement {
  static override styles = styles;
  static override properties = {
    page: {},
    event: {},
    locale: {},
    timezone: {},
    hourCycle: { attribute: 'hour-cycle' },
    mode: {},
    label: {},
    prefillJson: { attribute: 'prefill' },
    prefillFrom: { attribute: 'prefill-from' },
    api: {},
    bookingId: { attribute: 'booking-id' },
    token: {},
    view: { state: true },
    month: { state: true },
    day: { state: true },
    message: { state: true },
    announcement: { state: true },
    busy: { state: true },
  };
  /** The page's slug (required, except in manage mode). */
  declare page: string;
  /** Preselects an entry of the page by its event type id. */
  declare event?: string;
  /** A shipped locale; else the page's default, else the best match of the browser's languages. */
  declare locale?: string;
  /** An IANA zone; else the browser's. */
  declare timezone?: string;
  /** `h12` or `h23`; else the locale's habit. */
  declare hourCycle?: HourCycle;
  /** `inline` (default) or `popup`. */
  declare mode?: 'inline' | 'popup';
  /** The popup launcher's text. */
  declare label?: string;
  declare prefillJson?: string;
  /** A CSS selector of a lead form whose submission opens the widget prefilled. */
  declare prefillFrom?: string;
  /** The API's base URL; else the origin the script was loaded from. */
  declare api?: string;
  /** Manage mode: the booking to show, with its `token` from the `manageUrl`. */
  declare bookingId?: string;
  declare token?: string;
  /** Whether the popup shows its launcher button (`window.Kairos.open()` makes one without). */
  launcher = true;

  declare private view: View;
  declare private month: string;
  declare private day?: string;
  declare private message: string;
  declare private announcement: string;
  declare private busy: boolean;
  private client!: ApiClient;
  private pageData?: PageResponse;
  private entry?: PageEntry;
  private chosenSlot?: Slot;
  private booking?: BookingResponse;
  private nextDay?: string;
  private formErrors: Record<string, string> = {};
  private idempotencyKey = '';
  private activeLocale = 'en-US';
  private userMoved = false;
  private readonly prefills = new PrefillController(this);
  private readonly zones = new ZoneController(this);
  private readonly theme = new ThemeController(this, () => this.pageData?.theme);
  private readonly slots: SlotsController = new SlotsController(this, (q) => this.client.slots(this.slug, { ...q, locale: this.activeLocale }));
  /** What the visitor typed in the form, kept for routing when a slot was taken meanwhile. */
  private typed: Values = {};
  private readonly popup = new PopupDialog(this);

  constructor() {
    super();
    this.view = 'loading';
    this.message = '';
    this.announcement = '';
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const base = this.api ?? new URL(bundleUrl).origin;
    this.client = new ApiClient(base.endsWith('/') ? base : `${base}/`);
    void (this.bookingId ? this.startManage() : this.start());
  }

  /** Adds prefill values (by field id: `name`, `email`, `phone`, …). */
  prefill(values: Values): void {
    this.prefills.add(values);
  }

  /** Shows the widget: opens the popup, or brings the inline widget into view. */
  open(): void {
    if (this.mode === 'popup') void this.popup.open();
    else this.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  }

  close(): void {
    this.popup.close();
  }

  /** Back to the first step, forgetting the chosen time and any booking made. */
  reset(): void {
    this.booking = this.chosenSlot = this.day = undefined;
    this.formErrors = {};
    this.message = '';
    if (this.pageData) this.showFirstStep(this.pageData);
  }

  private get slug(): string {
    return this.page ?? this.booking?.page ?? '';
  }

  private get today(): string {
    return dayOf(Date.now(), this.zones.zone);
  }

  private async start(): Promise<void> {
    const wanted = this.locale ?? matchLocale(navigator.languages);
    const event = this.event ?? (this.prefills.invite?.page === this.page ? this.prefills.invite?.event : undefined);
    const today = this.today;
    const pageRequest = this.client.page(this.page, wanted);
    // The first month of slots is fetched alongside the page: the entry's when it is known, else
    // the first entry's (the server's default), which is the one shown when the page has one.
    if (event) this.slots.load(event, this.zones.zone, today.slice(0, 7), today).catch(() => undefined);
    else this.slots.preloadFirstEntry(this.zones.zone, today.slice(0, 7), today);
    try {
      const page = (this.pageData = await pageRequest);
      this.applyRouting();
      await this.useLocale(this.locale ?? page.locale, page.texts);
      this.emit('kairos-ready', { page: page.page });
      this.showFirstStep(page, event);
    } catch (error) {
      this.fail(error);
    }
  }

  private async startManage(): Promise<void> {
    try {
      this.booking = await this.client.booking(this.bookingId!, this.token ?? '');
      await this.useLocale(this.locale ?? this.booking.locale ?? matchLocale(navigator.languages) ?? 'en-US', {});
      this.view = 'manage';
    } catch (error) {
      this.fail(error);
    }
  }

  private async useLocale(locale: string, texts: Record<string, string>): Promise<void> {
    this.activeLocale = matchLocale([locale]) ?? 'en-US';
    await useLocale(this.activeLocale, texts);
  }

  private showFirstStep(page: PageResponse, event = this.event): void {
    const entry = page.entries.find((e) => e.event === event) ?? (page.entries.length === 1 ? page.entries[0] : undefined);
    if (entry) this.pickEntry(entry);
    else this.go('entries', msg('Choose a meeting', { id: 'entry.heading' }));
  }

  private pickEntry(entry: PageEntry): void {
    this.entry = entry;
    this.emit('kairos-event-selected', { event: entry.event });
    this.go('date', msg('Choose a date and time', { id: 'date.heading' }));
    void this.showMonth(this.today.slice(0, 7), true);
  }

  /**
   * Sends the answers the page's routing rules read along with slot requests, so the visitor sees
   * the times of the host the booking will go to. Only those answers leave the page in a URL.
   */
  private applyRouting(): void {
    const known: Values = { ...this.prefills.values, ...this.prefills.answers, ...this.typed };
    const fields = (this.pageData?.routingFields ?? []).filter((f) => known[f] !== undefined && known[f] !== '');
    this.slots.route(Object.fromEntries(fields.map((f) => [f, known[f]])));
  }

  /** A lead form was submitted into the widget: its answers may route to another host. */
  leadSubmitted(): void {
    this.applyRouting();
    if (this.view === 'date' && this.entry) void this.showMonth(this.month, true);
    this.open();
  }

  private monthSlots(month = this.month): Slot[] | undefined {
    return this.entry && this.slots.get(this.entry.event, this.zones.zone, month);
  }

  /** Shows a month; `jump` moves on to the first month with availability (on arrival). */
  private async showMonth(month: string, jump = false): Promise<void> {
    const event = this.entry!.event;
    const zone = this.zones.zone;
    this.month = month;
    this.day = this.nextDay = undefined;
    try {
      const slots = await this.slots.load(event, zone, month, this.today);
      if (!slots.length) {
        const next = await this.slots.firstMonthWithSlots(event, zone, month, this.today);
        if (this.month !== month) return;
        if (next && jump) return this.showMonth(next);
        this.nextDay = next && this.monthSlots(next)!.map((s) => dayOf(s.start, zone)).sort()[0];
        this.requestUpdate();
      }
      this.slots.prefetch(event, zone, month, this.today);
    } catch (error) {
      this.fail(error, this.view);
    }
  }

  private pickDay(day: string): void {
    if (!this.monthSlots(day.slice(0, 7))) return;
    if (!day.startsWith(this.month)) void this.showMonth(day.slice(0, 7));
    this.day = day;
    this.emit('kairos-date-selected', { date: day });
    const count = this.slotsOfDay().length;
    this.announcement = msg(str`Available times: ${count}`, { id: 'date.count' });
  }

  private slotsOfDay(): Slot[] {
    return (this.monthSlots(this.day!.slice(0, 7)) ?? []).filter((s) => dayOf(s.start, this.zones.zone) === this.day);
  }

  private pickSlot(slot: Slot): void {
    this.chosenSlot = slot;
    this.idempotencyKey = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
    this.message = '';
    this.emit('kairos-slot-selected', { event: this.entry!.event, start: slot.start });
    if (this.bookingId) this.go('move', msg('Confirm the new time', { id: 'move.heading' }));
    else this.go('form', msg('Your details', { id: 'form.heading' }));
  }

  private async book(values: Values): Promise<void> {
    this.busy = true;
    this.typed = values;
    try {
      const request = bookingRequest({
        event: this.entry!.event,
        start: this.chosenSlot!.start,
        timezone: this.zones.zone,
        locale: this.activeLocale,
        values,
        fields: this.entry!.fields ?? this.pageData!.fields,
        leadAnswers: this.prefills.answers,
        source: this.prefills.source,
        invite: this.prefills.invite?.token,
        idempotencyKey: this.idempotencyKey,
      });
      this.done(await this.client.book(this.slug, request));
    } catch (error) {
      this.refused(error);
    } finally {
      this.busy = false;
    }
  }

  private async move(): Promise<void> {
    this.busy = true;
    try {
      this.done(await this.client.reschedule(this.bookingId!, this.token ?? '', this.chosenSlot!.start));
    } catch (error) {
      this.refused(error);
    } finally {
      this.busy = false;
    }
  }

  private async cancel(reason: string): Promise<void> {
    this.busy = true;
    try {
      this.booking = await this.client.cancel(this.bookingId!, this.token ?? '', reason || undefined);
      this.go('manage', msg('This booking is cancelled.', { id: 'manage.cancelled' }));
    } catch (error) {
      this.fail(error, 'manage');
    } finally {
      this.busy = false;
    }
  }

  private done(booking: BookingResponse): void {
    this.booking = booking;
    const { id, status, event, start, end, timezone, hosts } = booking;
    this.emit('kairos-booked', { id, status, event, start, end, timezone, hosts });
    this.go('done', status === 'pending' ? msg('Request sent', { id: 'done.pendingHeading' }) : msg('You are booked', { id: 'done.heading' }));
  }

  /** A refused booking or move: a slot taken meanwhile goes back to fresh slots, field errors to their fields. */
  private refused(error: unknown): void {
    if (error instanceof ApiFailure && error.code === 'slot_unavailable') {
      this.fail(error, 'date', msg('Sorry, that time was just taken. Please choose another one.', { id: 'error.taken' }));
      this.slots.clear();
      this.applyRouting();
      void this.showMonth(this.month);
    } else if (error instanceof ApiFailure && error.code === 'validation_failed' && error.fields && this.view === 'form') {
      // The server names answers `answers.<field>`; the form knows them by field id.
      this.formErrors = Object.fromEntries(Object.entries(error.fields).map(([name, text]) => [name.replace(/^answers\./, ''), text]));
      this.fail(error, 'form', msg('Please check the highlighted fields.', { id: 'error.fields' }));
    } else this.fail(error, this.view);
  }

  /** Shows and announces an error, and tells the host page through `kairos-error`. */
  private fail(error: unknown, view: View = 'failed', text?: string): void {
    const e = error instanceof ApiFailure ? error : new ApiFailure(0, 'unknown', String(error));
    this.message =
      text ??
      (e.code === 'rate_limited'
        ? msg('Too many attempts. Please wait a minute and try again.', { id: 'error.rateLimited' })
        : e.code === 'network'
          ? msg('The booking service cannot be reached. Please check your connection.', { id: 'error.network' })
          : e.code === 'not_found' && view === 'failed'
            ? msg('This booking page does not exist.', { id: 'error.notFound' })
            : e.message);
    this.emit('kairos-error', { code: e.code, message: e.message });
    this.go(view, this.message);
  }

  private go(view: View, announcement: string): void {
    const moved = this.view !== 'loading' && this.view !== view;
    if (view !== this.view && view !== 'failed' && !this.message.includes(announcement)) this.message = '';
    this.view = view;
    this.announcement = announcement;
    this.userMoved = moved;
  }

  protected override updated(): void {
    // Focus follows the visitor to the new step's heading, but never on page load.
    if (this.userMoved) {
      this.userMoved = false;
      void this.focusHeading();
    }
  }

  /** Most steps are child elements, whose heading exists only after their own first render. */
  private async focusHeading(): Promise<void> {
    const children = [...this.renderRoot.querySelectorAll('.step > *')] as Partial<LitElement>[];
    await Promise.all(children.map((child) => child.updateComplete));
    this.renderRoot.querySelector<HTMLElement>('.step h2')?.focus();
  }

  private emit(name: string, detail: object): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  protected override render(): TemplateResult {
    const content = html`<div class="step" part="step">
        ${this.message ? html`<p class="error" part="error" role="alert">${this.message}</p>` : nothing}
        ${this.renderView()}
      </div>
      <p class="sr-only" role="status">${this.announcement}</p>`;
    return html`${this.mode === 'popup'
        ? this.popup.render(this.launcher ? (this.label ?? msg('Book a meeting', { id: 'popup.label' })) : null, this.pageData?.title ?? '', content)
        : content}`;
  }

  private renderView(): TemplateResult | typeof nothing {
    const locale = this.activeLocale;
    const zone = this.zones.zone;
    switch (this.view) {
      case 'loading':
        return this.renderLoading();
      case 'entries':
        return html`<kairos-entry-list .entries=${this.pageData!.entries} .locale=${locale} @pick=${(e: CustomEvent) => this.pickEntry(e.detail)}></kairos-entry-list>`;
      case 'date':
        return this.renderDate();
      case 'form':
      case 'move':
        return this.renderTimeChosen();
      case 'done':
        return html`<kairos-confirmation .booking=${this.booking!} .eventTitle=${this.entry?.title ?? this.booking!.title ?? ''}
          .locale=${locale} .zone=${zone} .hourCycle=${this.hourCycle}></kairos-confirmation>`;
      case 'manage':
        return html`<kairos-manage-booking .booking=${this.booking!} .locale=${locale} .zone=${zone} .hourCycle=${this.hourCycle}
          ?busy=${this.busy} @cancel-booking=${(e: CustomEvent) => this.cancel(e.detail)} @reschedule=${this.reschedule}></kairos-manage-booking>`;
      default:
        return nothing;
    }
  }

  private reschedule = (): void => {
    const b = this.booking!;
    const minutes = (Date.parse(b.end) - Date.parse(b.start)) / 60000;
    this.entry = { event: b.event, title: b.title ?? b.event, durationMinutes: minutes, location: { type: b.location.type }, seats: 1, requiresApproval: false, host: { kind: 'member' } };
    this.go('date', msg('Choose a date and time', { id: 'date.heading' }));
    void this.showMonth(this.today.slice(0, 7), true);
  };

  private renderDate(): TemplateResult {
    const locale = this.activeLocale;
    const zone = this.zones.zone;
    const slots = this.monthSlots();
    const many = (this.pageData?.entries.length ?? 0) > 1 && !this.bookingId;
    return html`<h2 tabindex="-1">${this.entry!.title}</h2>
      <p class="meta">${durationLabel(this.entry!.durationMinutes)}</p>
      ${many ? html`<button part="button back" class="link" @click=${() => this.go('entries', msg('Choose a meeting', { id: 'entry.heading' }))}>
        ${msg('All meetings', { id: 'date.allMeetings' })}</button>` : nothing}
      <div class="date-step">
        <kairos-month-grid .month=${this.month} .locale=${locale} .firstDay=${firstDayOfWeek(locale)} .today=${this.today}
          .selected=${this.day} .available=${slots && new Set(slots.map((s) => dayOf(s.start, zone)))}
          @pick=${(e: CustomEvent) => this.pickDay(e.detail)} @month=${(e: CustomEvent) => this.showMonth(e.detail)}></kairos-month-grid>
        <div class="times">
          <kairos-timezone-picker .zone=${zone} .locale=${locale} @zone=${(e: CustomEvent) => this.changeZone(e.detail)}></kairos-timezone-picker>
          <kairos-slot-list .day=${this.day} .month=${this.month} .nextDay=${this.nextDay} ?empty=${slots?.length === 0}
            .slots=${slots && (this.day ? this.slotsOfDay() : slots)} .locale=${locale} .zone=${zone}
            .hourCycle=${this.hourCycle} @pick=${(e: CustomEvent) => this.pickSlot(e.detail)} @day=${(e: CustomEvent) => this.pickDay(e.detail)}>
          </kairos-slot-list>
        </div>
      </div>`;
  }

  /**
   * The date step's own frame, empty: most pages open on it, so the host page below does not
   * move when the page and its slots arrive.
   */
  private renderLoading(): TemplateResult {
    const locale = this.activeLocale;
    return html`<div class="loading" aria-busy="true">
      <h2 class="skeleton-text" aria-hidden="true">&nbsp;</h2>
      <p class="meta skeleton-text" aria-hidden="true">&nbsp;</p>
      <div class="date-step">
        <kairos-month-grid .month=${this.today.slice(0, 7)} .locale=${locale} .firstDay=${firstDayOfWeek(locale)} .today=${this.today}></kairos-month-grid>
        <div class="times">
          <p class="zone skeleton-text" aria-hidden="true">&nbsp;</p>
          <kairos-slot-list></kairos-slot-list>
        </div>
      </div>
    </div>`;
  }

  private changeZone(zone: string): void {
    this.zones.set(zone);
    const name = zone.replace(/_/g, ' ');
    this.announcement = msg(str`Times are now shown in ${name}.`, { id: 'zone.changed' });
    void this.showMonth(this.month);
  }

  private renderTimeChosen(): TemplateResult {
    const when = formatWhen(this.chosenSlot!.start, this.chosenSlot!.end, this.activeLocale, this.zones.zone, this.hourCycle);
    const summary = `${this.entry!.title} · ${when}`;
    if (this.view === 'form') {
      return html`<kairos-booking-form .fields=${this.entry!.fields ?? this.pageData!.fields} .prefill=${this.prefills.values}
        .serverErrors=${this.formErrors} .summary=${summary} ?busy=${this.busy} .locale=${this.activeLocale}
        @book=${(e: CustomEvent) => this.book(e.detail)} @back=${this.backToDate}
        @invalid=${() => (this.announcement = msg('Please check the highlighted fields.', { id: 'error.fields' }))}></kairos-booking-form>`;
    }
    return html`<h2 tabindex="-1">${msg('Confirm the new time', { id: 'move.heading' })}</h2>
      <p class="summary">${summary}</p>
      <div class="actions">
        <button part="button back" class="secondary" @click=${this.backToDate}>${msg('Back', { id: 'form.back' })}</button>
        <button part="button submit" ?disabled=${this.busy} @click=${this.move}>${msg('Move booking', { id: 'move.confirm' })}</button>
      </div>`;
  }

  private backToDate = (): void => {
    this.go('date', msg('Choose a date and time', { id: 'date.heading' }));
  };
}
