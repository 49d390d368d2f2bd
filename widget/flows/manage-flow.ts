/**
 * Managing a booking, opened from its confirmation's `manageUrl` (`booking-id` + `token`): the
 * booking as it stands, under its page's title and theme, cancelled with a reason, or moved to
 * another time through the date step.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { BookingResponse, PageResponse } from '../../shared/api-schemas.js';
import type { ApiClient } from '../api-client.js';
import { matchLocale, useLocale } from '../controllers/localize.js';
import { SlotsController, type Slot } from '../controllers/slots.js';
import type { StepsController } from '../controllers/steps.js';
import type { ZoneController } from '../controllers/zone.js';
import { bookedDetail, emit, type WidgetEvent, type WidgetEvents } from '../emit.js';
import { asFailure } from '../error-message.js';
import { formatChoice, formatWhen, type HourCycle } from '../time-format.js';
import { DateStep } from '../steps/date-step.js';
import { cancelledNotice, rescheduledHeading } from '../steps/manage-booking.js';
import { moveHeading } from '../steps/move-step.js';

/** The attributes of `<kairos-booking>` the flow reads. */
export interface ManageHost extends ReactiveControllerHost, HTMLElement {
  bookingId?: string;
  token?: string;
  page?: string;
  locale?: string;
  hourCycle?: HourCycle;
}

export class ManageFlow implements ReactiveController {
  /** The booking's page (its title, texts and theme), once loaded; a page removed since leaves it unset. */
  page?: PageResponse;
  private booking?: BookingResponse;
  /** Where the booking stood before the visitor moved it. */
  private previous?: BookingResponse;
  private chosenSlot?: Slot;
  private locale = 'en-US';
  private readonly dates: DateStep;

  constructor(
    private readonly host: ManageHost,
    private readonly client: ApiClient,
    private readonly steps: StepsController,
    private readonly zones: ZoneController,
  ) {
    const slots = new SlotsController(host, (q) => client.slots(host.page ?? this.booking?.page ?? '', { ...q, locale: this.locale }));
    this.dates = new DateStep(host, slots, zones, steps, (slot) => this.pickSlot(slot));
    steps.managing = true;
    host.addController(this);
  }

  private get id(): string {
    return this.host.bookingId!;
  }

  private get token(): string {
    return this.host.token ?? '';
  }

  hostConnected(): void {
    void this.start();
  }

  private async start(): Promise<void> {
    try {
      const b = (this.booking = await this.client.booking(this.id, this.token));
      this.locale = matchLocale([this.host.locale ?? b.locale ?? matchLocale(navigator.languages) ?? 'en-US']) ?? 'en-US';
      this.page = b.page ? await this.client.page(b.page, this.locale).catch(() => undefined) : undefined;
      await useLocale(this.locale, this.page?.texts ?? {});
      this.steps.go('manage', '');
    } catch (error) {
      // Said in the language the visitor would have read the booking in.
      await useLocale(matchLocale([this.host.locale ?? '', ...navigator.languages]) ?? 'en-US', {});
      this.steps.fail(error);
    }
  }

  private cancel({ reason, id = this.id, all }: WidgetEvents['cancel-booking']): Promise<void> {
    return this.steps.whileBusy(async () => {
      try {
        const cancelled = await this.client.cancel(id, this.token, reason || undefined, all ? 'all' : undefined);
        // Another session of the series than the one shown: the one shown, with the list, again.
        this.booking = cancelled.id === this.id ? cancelled : await this.client.booking(this.id, this.token);
        this.previous = undefined;
        // One session of several cancelled: the list says so.
        this.steps.go('manage', this.booking.status === 'cancelled' ? cancelledNotice() : '');
      } catch (error) {
        this.steps.fail(error, 'manage');
      }
    });
  }

  private reschedule(): void {
    const b = this.booking!;
    this.dates.show({ event: b.event, title: b.title ?? b.event, durationMinutes: (Date.parse(b.end) - Date.parse(b.start)) / 60000 });
  }

  private pickSlot(slot: Slot): void {
    this.chosenSlot = slot;
    emit(this.host, 'kairos-slot-selected', { event: this.booking!.event, start: slot.start });
    this.steps.go('move', moveHeading());
  }

  private move(): Promise<void> {
    return this.steps.whileBusy(async () => {
      try {
        const before = this.booking;
        this.booking = await this.client.reschedule(this.id, this.token, this.chosenSlot!.start);
        this.previous = before;
        emit(this.host, 'kairos-booked', bookedDetail(this.booking));
        this.steps.go('manage', rescheduledHeading());
      } catch (error) {
        // A time taken meanwhile: back to the date step, with fresh slots.
        const taken = asFailure(error).code === 'slot_unavailable';
        this.steps.fail(error, taken ? 'date' : this.steps.view);
        if (taken) this.dates.reload();
      }
    });
  }

  render(): TemplateResult | typeof nothing {
    const { locale } = this;
    const { zone } = this.zones;
    const { hourCycle } = this.host;
    switch (this.steps.view) {
      case 'loading':
        return this.dates.renderLoading(locale);
      case 'manage':
        return html`<kairos-manage-booking .booking=${this.booking!} .previous=${this.previous} .pageTitle=${this.page?.title}
          .bookUrl=${this.client.bookUrl(this.booking!.page)} .locale=${locale} .zone=${zone} .hourCycle=${hourCycle} ?busy=${this.steps.busy}
          @cancel-booking=${(e: WidgetEvent<'cancel-booking'>) => this.cancel(e.detail)} @reschedule=${() => this.reschedule()}></kairos-manage-booking>`;
      case 'date':
        return this.dates.render(locale);
      case 'move':
        return html`<kairos-move-step .summary=${formatChoice(this.dates.entry!.title, this.chosenSlot!, locale, zone, hourCycle)}
          .current=${formatWhen(this.booking!.start, this.booking!.end, locale, zone, hourCycle)}
          ?busy=${this.steps.busy} @move=${() => this.move()} @back=${() => this.dates.back()}></kairos-move-step>`;
      default:
        return nothing;
    }
  }
}
