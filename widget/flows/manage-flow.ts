/**
 * Managing a booking, opened from its confirmation's `manageUrl` (`booking-id` + `token`): the
 * booking as it stands, cancelled with a reason, or moved to another time through the date step.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { BookingResponse } from '../../shared/api-schemas.js';
import type { ApiClient } from '../api-client.js';
import { matchLocale, useLocale } from '../controllers/localize.js';
import { SlotsController, type Slot } from '../controllers/slots.js';
import type { StepsController } from '../controllers/steps.js';
import type { ZoneController } from '../controllers/zone.js';
import { bookedDetail, emit, type WidgetEvent } from '../emit.js';
import { asFailure } from '../error-message.js';
import { formatChoice, type HourCycle } from '../time-format.js';
import { confirmationHeading } from '../steps/confirmation.js';
import { DateStep } from '../steps/date-step.js';
import { cancelledNotice } from '../steps/manage-booking.js';
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
  private booking?: BookingResponse;
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
      this.booking = await this.client.booking(this.id, this.token);
      this.locale = matchLocale([this.host.locale ?? this.booking.locale ?? matchLocale(navigator.languages) ?? 'en-US']) ?? 'en-US';
      await useLocale(this.locale, {});
      this.steps.go('manage', '');
    } catch (error) {
      this.steps.fail(error);
    }
  }

  private cancel(reason: string): Promise<void> {
    return this.steps.whileBusy(async () => {
      try {
        this.booking = await this.client.cancel(this.id, this.token, reason || undefined);
        this.steps.go('manage', cancelledNotice());
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
        this.booking = await this.client.reschedule(this.id, this.token, this.chosenSlot!.start);
        emit(this.host, 'kairos-booked', bookedDetail(this.booking));
        this.steps.go('done', confirmationHeading(this.booking.status));
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
        return html`<kairos-manage-booking .booking=${this.booking!} .locale=${locale} .zone=${zone} .hourCycle=${hourCycle} ?busy=${this.steps.busy}
          @cancel-booking=${(e: WidgetEvent<'cancel-booking'>) => this.cancel(e.detail)} @reschedule=${() => this.reschedule()}></kairos-manage-booking>`;
      case 'date':
        return this.dates.render(locale);
      case 'move':
        return html`<kairos-move-step .summary=${formatChoice(this.dates.entry!.title, this.chosenSlot!, locale, zone, hourCycle)}
          ?busy=${this.steps.busy} @move=${() => this.move()} @back=${() => this.dates.back()}></kairos-move-step>`;
      case 'done':
        return html`<kairos-confirmation .booking=${this.booking!} .eventTitle=${this.dates.entry!.title}
          .locale=${locale} .zone=${zone} .hourCycle=${hourCycle}></kairos-confirmation>`;
      default:
        return nothing;
    }
  }
}
