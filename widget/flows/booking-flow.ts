/**
 * Booking: the page's entries, a date and time, the visitor's details, the confirmation. The page
 * and its first month of slots are asked for together; answers the visitor or a lead form gave
 * route the slots to the host the booking will go to.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { BookingResponse, HoldResponse, PageEntry, PageResponse } from '../../shared/api-schemas.js';
import { navigation, thankYouUrl } from '../after-booking.js';
import type { ApiClient } from '../api-client.js';
import { bookingRequest } from '../booking-request.js';
import { matchLocale, useLocale } from '../controllers/localize.js';
import type { PrefillController, Values } from '../controllers/prefill.js';
import { SlotsController, type Slot } from '../controllers/slots.js';
import type { StepsController } from '../controllers/steps.js';
import type { ZoneController } from '../controllers/zone.js';
import { bookedDetail, emit, type WidgetEvent } from '../emit.js';
import { asFailure, fieldsMessage } from '../error-message.js';
import { formatTime, formatWhen, type HourCycle } from '../time-format.js';
import { formHeading } from '../steps/booking-form.js';
import { confirmationHeading } from '../steps/confirmation.js';
import { DateStep } from '../steps/date-step.js';
import { entriesHeading } from '../steps/entry-list.js';
import { sessionPicks } from '../steps/session-picks.js';
import { withHosts } from '../steps/entry-summary.js';

/** The attributes of `<kairos-booking>` the flow reads. */
export interface BookingHost extends ReactiveControllerHost, HTMLElement {
  page: string;
  event?: string;
  locale?: string;
  hourCycle?: HourCycle;
  mode?: string;
  /** The site's own thank-you page, opened once a booking is made; else the page config's. */
  redirectUrl?: string;
  /** The site's own message on the confirmation; else the page config's. */
  bookedMessage?: string;
}

export class BookingFlow implements ReactiveController {
  /** The page, once loaded. */
  page?: PageResponse;
  private entry?: PageEntry;
  private chosenSlot?: Slot;
  private booking?: BookingResponse;
  private formErrors: Record<string, string> = {};
  /** The key of the last request sent, and what it carried: a retry of the same request reuses it. */
  private sent?: { key: string; body: string };
  private locale = 'en-US';
  /** What the visitor typed in the form, kept for routing when a slot was taken meanwhile. */
  private typed: Values = {};
  /** The routing answers slots are asked with: a hold takes the same host's time. */
  private routing: Values = {};
  /**
   * The chosen time held for the visitor (`POST …/holds`): `answer` once the server gave it. Other
   * visitors do not see the time meanwhile; the booking carries the hold, leaving lets it go.
   */
  private held?: { request: Promise<unknown>; answer?: HoldResponse };
  /** The last release on its way: a new hold waits for it, or the old hold would refuse it its own time. */
  private released: Promise<unknown> = Promise.resolve();
  private readonly slots: SlotsController;
  private readonly dates: DateStep;

  constructor(
    private readonly host: BookingHost,
    private readonly client: ApiClient,
    private readonly steps: StepsController,
    private readonly zones: ZoneController,
    private readonly prefills: PrefillController,
  ) {
    this.slots = new SlotsController(host, (q) => client.slots(this.slug, { ...q, locale: this.locale }));
    this.dates = new DateStep(host, this.slots, zones, steps, (slot) => this.pickSlot(slot));
    host.addController(this);
  }

  private get slug(): string {
    return this.host.page ?? '';
  }

  hostConnected(): void {
    addEventListener('pagehide', this.release);
    addEventListener('pageshow', this.back);
    void this.start();
  }

  hostDisconnected(): void {
    removeEventListener('pagehide', this.release);
    removeEventListener('pageshow', this.back);
    this.release();
  }

  /** Back to a page kept whole in the browser's cache: the hold let go on leaving is taken again. */
  private back = (event: PageTransitionEvent): void => {
    if (event.persisted && this.steps.view === 'form') this.hold(this.chosenSlot!);
  };

  private async start(): Promise<void> {
    const { host, prefills, zones } = this;
    const wanted = host.locale ?? matchLocale(navigator.languages);
    // The skeleton's weeks start on the day they will once the page arrives in this locale.
    this.locale = matchLocale([wanted ?? '']) ?? 'en-US';
    const event = host.event ?? (prefills.personalLink?.page === host.page ? prefills.personalLink?.event : undefined);
    const today = zones.today;
    const pageRequest = this.client.page(host.page, wanted);
    // The first month of slots is fetched alongside the page: the entry's when it is known, else
    // the first entry's (the server's default), which is the one shown when the page has one.
    if (event) this.slots.load(event, zones.zone, today.slice(0, 7), today).catch(() => undefined);
    else this.slots.preloadFirstEntry(zones.zone, today.slice(0, 7), today);
    try {
      const page = (this.page = await pageRequest);
      this.applyRouting();
      this.locale = matchLocale([host.locale ?? page.locale]) ?? 'en-US';
      await useLocale(this.locale, page.texts);
      emit(host, 'kairos-ready', { page: page.page });
      this.showFirstStep(page, event);
    } catch (error) {
      this.steps.fail(error);
    }
  }

  /** Back to the first step, forgetting the chosen time and any booking made. */
  reset(): void {
    this.release();
    this.booking = this.chosenSlot = undefined;
    this.formErrors = {};
    this.steps.clearError();
    if (this.page) this.showFirstStep(this.page);
  }

  /** A lead form was submitted into the widget: its answers may route to another host. */
  leadSubmitted(): void {
    this.applyRouting();
    if (this.steps.view === 'date') void this.dates.showMonth(this.dates.month, true);
  }

  private showFirstStep(page: PageResponse, event = this.host.event): void {
    const entry = page.entries.find((e) => e.event === event) ?? (page.entries.length === 1 ? page.entries[0] : undefined);
    if (entry) this.pickEntry(entry);
    else this.steps.go('entries', entriesHeading());
  }

  private pickEntry(entry: PageEntry): void {
    this.entry = entry;
    this.dates.picked = [];
    emit(this.host, 'kairos-event-selected', { event: entry.event });
    void this.dates.show(entry, this.prefills.date);
  }

  /**
   * Sends the answers the page's routing rules read along with slot requests, so the visitor sees
   * the times of the host the booking will go to. Only those answers leave the page in a URL.
   */
  private applyRouting(): void {
    const known: Values = { ...this.prefills.values, ...this.prefills.answers, ...this.typed };
    const fields = (this.page?.routingFields ?? []).filter((f) => known[f] !== undefined && known[f] !== '');
    this.slots.route((this.routing = Object.fromEntries(fields.map((f) => [f, known[f]]))));
  }

  /** The chosen event and time, and who takes it when a colleague stands in for the page's member (their days away). */
  private pickSlot(slot: Slot): void {
    emit(this.host, 'kairos-slot-selected', { event: this.entry!.event, start: slot.start });
    if (this.entry!.sessions?.mode === 'pick') {
      // A course: the time joins the picks (once), and the visitor goes on when they have enough.
      if (!this.dates.picked.some((p) => p.start === slot.start) && this.dates.picked.length < this.entry!.sessions.count) {
        this.dates.picked = [...this.dates.picked, slot]
          // ISO instants in UTC sort as text.
          .sort((a, b) => (a.start < b.start ? -1 : 1));
      }
      this.host.requestUpdate();
      return;
    }
    this.toForm(slot);
  }

  private toForm(slot: Slot): void {
    this.chosenSlot = slot;
    this.steps.go('form', formHeading());
    this.hold(slot);
  }

  /** The sessions the choice stands for: a course's picks, a weekly series' dates, or the one time. */
  private sessions(): readonly { start: string; end: string }[] {
    const slot = this.chosenSlot!;
    if (this.dates.picked.length) return this.dates.picked;
    const length = Date.parse(slot.end) - Date.parse(slot.start);
    return (slot.sessions ?? [slot.start]).map((start) => ({ start, end: new Date(Date.parse(start) + length).toISOString() }));
  }

  /**
   * Holds `slot` for the visitor. Taken by someone else since the slots came: they are told, and
   * see the day's times again. Any other failure leaves the form as it is: the booking still
   * checks the time.
   */
  private hold(slot: Slot): void {
    this.release();
    const held: NonNullable<BookingFlow['held']> = (this.held = {
      request: this.released.then(() => this.client.hold(this.slug, { event: this.entry!.event, start: slot.start, answers: this.routing })).then(
        (answer) => {
          // Let go on the way: gone at once.
          if (this.held !== held) return this.client.release(this.slug, answer.holdId);
          held.answer = answer;
          this.host.requestUpdate();
        },
        (error) => {
          if (this.held !== held) return;
          this.held = undefined;
          if (asFailure(error).code === 'slot_unavailable' && this.steps.view === 'form') this.refused(error);
        },
      ),
    });
  }

  /** Lets the held time go (the visitor went back, left, or starts over). */
  private release = (): void => {
    const { held } = this;
    this.held = undefined;
    // One still on its way is let go once it comes: its request settles after that release.
    if (held) this.released = held.answer ? this.client.release(this.slug, held.answer.holdId) : held.request;
  };

  /**
   * The idempotency key for a request with `values` on the chosen slot: the last one again when
   * nothing changed (a retry after a lost answer gets the booking it made), a new one otherwise —
   * the server refuses a key sent with a different request.
   */
  private keyFor(values: Values): string {
    const body = JSON.stringify([this.entry?.event, this.chosenSlot?.start, this.dates.picked.map((p) => p.start), this.zones.zone, this.locale, values]);
    if (this.sent?.body !== body) {
      this.sent = { key: Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(''), body };
    }
    return this.sent.key;
  }

  private book(values: Values): Promise<void> {
    this.typed = values;
    return this.steps.whileBusy(async () => {
      try {
        // A hold still on its way would block its own booking.
        await this.held?.request;
        // …and one refused sent the visitor back to the day's times.
        if (this.steps.view !== 'form') return;
        const request = bookingRequest({
          event: this.entry!.event,
          start: this.chosenSlot!.start,
          timezone: this.zones.zone,
          locale: this.locale,
          values,
          fields: this.entry!.fields ?? this.page!.fields,
          leadAnswers: this.prefills.answers,
          source: this.prefills.source,
          personalLink: this.prefills.personalLink?.token,
          idempotencyKey: this.keyFor(values),
          holdId: this.held?.answer?.holdId,
          starts: this.dates.picked.map((p) => p.start),
        });
        this.booking = await this.client.book(this.slug, request);
        // The booking ended the hold.
        this.held = undefined;
        emit(this.host, 'kairos-booked', bookedDetail(this.booking));
        this.steps.go('done', confirmationHeading(this.booking.status));
        // The embed's attribute wins over the page's config; an empty one turns the page's off.
        const redirect = this.host.redirectUrl ?? this.page!.afterBooking?.redirectUrl;
        const thanks = redirect && thankYouUrl(redirect, this.booking);
        if (thanks) navigation.go(thanks);
      } catch (error) {
        this.refused(error);
      }
    });
  }

  /** A slot taken meanwhile goes back to fresh slots, the server's field errors to their fields. */
  private refused(error: unknown): void {
    const failure = asFailure(error);
    if (failure.code === 'slot_unavailable') {
      this.release();
      // Which pick was taken is not said: the course is picked again on fresh times.
      this.dates.picked = [];
      this.steps.fail(failure, 'date');
      this.applyRouting();
      this.dates.reload();
      return;
    }
    if (failure.code === 'validation_failed' && this.steps.view === 'form') {
      // The server names answers `answers.<field>`; the form knows them by field id.
      this.formErrors = Object.fromEntries(Object.entries(failure.fields).map(([name, text]) => [name.replace(/^answers\./, ''), text]));
    }
    this.steps.fail(failure, this.steps.view);
  }

  /** The form's line about the hold: empty while it is on its way, none without one. */
  private heldUntil(locale: string): string | undefined {
    const until = this.held?.answer?.expiresAt;
    return until ? msg(str`We’re holding this time for you until ${formatTime(until, locale, this.zones.zone, this.host.hourCycle)}.`, { id: 'form.held' }) : this.held && '';
  }

  /** The form's line on what is being booked: "Course · <each session's time>", and the colleague met instead, if any. */
  private summary(locale: string): string {
    const standIn = this.chosenSlot!.host;
    return [this.entry!.title, ...this.sessions().map((s) => formatWhen(s.start, s.end, locale, this.zones.zone, this.host.hourCycle)), ...(standIn ? [withHosts(standIn.name)] : [])].join(' · ');
  }

  private renderPicks(locale: string): TemplateResult | typeof nothing {
    const sessions = this.entry?.sessions;
    if (sessions?.mode !== 'pick') return nothing;
    const { picked: picks } = this.dates;
    const ready = sessions.exact === false ? picks.length > 0 : picks.length === sessions.count;
    const clock = { locale, zone: this.zones.zone, hourCycle: this.host.hourCycle };
    return sessionPicks(picks, sessions.count, ready, clock, (slot) => {
      this.dates.picked = picks.filter((p) => p !== slot);
      this.host.requestUpdate();
    }, () => this.toForm(picks[0]!));
  }

  render(): TemplateResult | typeof nothing {
    const { entry, locale } = this;
    switch (this.steps.view) {
      case 'loading':
        return this.dates.renderLoading(locale);
      case 'entries':
        return html`<kairos-entry-list .entries=${this.page!.entries} .locale=${locale}
          @entry=${(e: WidgetEvent<'entry'>) => this.pickEntry(e.detail)}></kairos-entry-list>`;
      case 'date':
        return this.dates.render(locale, this.page!.entries.length > 1 ? () => this.steps.go('entries', entriesHeading()) : undefined, this.host.mode === 'popup' || this.host.mode === 'floating' ? undefined : this.page!.title, this.renderPicks(locale));
      case 'form':
        return html`<kairos-booking-form .fields=${entry!.fields ?? this.page!.fields} .guests=${entry!.guests ?? 0} .prefill=${this.prefills.values}
          .answered=${this.prefills.answers}
          .serverErrors=${this.formErrors} .summary=${this.summary(locale)}
          .held=${this.heldUntil(locale)}
          ?busy=${this.steps.busy} .locale=${locale} @book=${(e: WidgetEvent<'book'>) => this.book(e.detail)}
          @back=${() => (this.release(), this.dates.back())} @invalid=${() => this.steps.announce(fieldsMessage())}></kairos-booking-form>`;
      case 'done': {
        const message = this.host.bookedMessage ?? this.page!.afterBooking?.message;
        return html`${message ? html`<p class="notice" part="notice booked-message">${message}</p>` : nothing}
          <kairos-confirmation .booking=${this.booking!} .eventTitle=${entry?.title ?? this.booking!.title ?? ''}
          .locale=${locale} .zone=${this.zones.zone} .hourCycle=${this.host.hourCycle}></kairos-confirmation>`;
      }
      default:
        return nothing;
    }
  }
}
