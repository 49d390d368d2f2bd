/**
 * @summary `<kairos-booking>`: book a meeting with a page's team, inline or in a popup, or manage
 * a booking (`booking-id` + `token`). Documented in docs/embed.md.
 *
 * @event kairos-ready - `{page}`: the page is loaded and shown.
 * @event kairos-event-selected - `{event}`: an entry was chosen (or preselected).
 * @event kairos-date-selected - `{date}`: a day was chosen (`YYYY-MM-DD`, visitor's zone).
 * @event kairos-slot-selected - `{event, start}`: a time was chosen (`start` is UTC).
 * @event kairos-booked - `{id, status, event, start, end, timezone, hosts}`: the booking is made.
 * @event kairos-error - `{code, message}`: the API refused or could not be reached.
 * @event kairos-view-changed - `{view}`: another step is shown (`entries`, `date`, `form`, `done`, …).
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
import { msg } from '@lit/localize';
import { ApiClient } from './api-client.js';
import { bundleUrl } from './bundle-url.js';
import { PrefillController, type Values } from './controllers/prefill.js';
import { StepsController } from './controllers/steps.js';
import { ThemeController } from './controllers/theme.js';
import { ZoneController } from './controllers/zone.js';
import { BookingFlow } from './flows/booking-flow.js';
import { ManageFlow } from './flows/manage-flow.js';
import { PopupDialog } from './popup-dialog.js';
import { rememberedHourCycle } from './hour-cycle.js';
import type { HourCycle } from './time-format.js';
import { styles } from './kairos-booking.styles.js';

export class KairosBooking extends LitElement {
  static override styles = styles;
  static override properties = {
    page: {},
    event: {},
    locale: {},
    timezone: {},
    hourCycle: { attribute: 'hour-cycle' },
    mode: {},
    position: {},
    layout: {},
    label: {},
    prefillJson: { attribute: 'prefill' },
    prefillFrom: { attribute: 'prefill-from' },
    api: {},
    redirectUrl: { attribute: 'redirect-url' },
    bookedMessage: { attribute: 'booked-message' },
    bookingId: { attribute: 'booking-id' },
    token: {},
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
  /** `inline` (default), `popup` (a button opening a dialog) or `floating` (that button fixed in a corner). */
  declare mode?: 'inline' | 'popup' | 'floating';
  /** `floating` mode's corner: `bottom-right` (default) or `bottom-left`. */
  declare position?: 'bottom-right' | 'bottom-left';
  /** `month` (default: a month, then a day's times) or `week` (seven days' times side by side). */
  declare layout?: 'month' | 'week';
  /** The popup launcher's text. */
  declare label?: string;
  /** The `prefill` attribute: a JSON object of values by field id. */
  declare prefillJson?: string;
  /** A CSS selector of a lead form whose submission opens the widget prefilled. */
  declare prefillFrom?: string;
  /** The API's base URL; else the origin the script was loaded from. */
  declare api?: string;
  /**
   * A thank-you page opened once a booking is made, told `booking_id`, `event`, `start` and
   * `status`; else the page config's `afterBooking.redirectUrl` (empty: none).
   */
  declare redirectUrl?: string;
  /** The site's own message, shown on the confirmation; else the page config's `afterBooking.message`. */
  declare bookedMessage?: string;
  /** Manage mode: the booking to show, with its `token` from the `manageUrl`. */
  declare bookingId?: string;
  /** Manage mode: the booking's manage token. */
  declare token?: string;
  /** Whether the popup shows its launcher button (`window.Kairos.open()` makes one without). */
  launcher = true;

  private readonly prefills = new PrefillController(this);
  private readonly zones = new ZoneController(this);
  private readonly steps = new StepsController(this);
  private readonly theme = new ThemeController(this, () => this.flow?.page?.theme);
  private readonly popup = new PopupDialog(this);
  /** Booking, or managing a booking; chosen once the attributes are known, it starts on every connect. */
  private flow?: BookingFlow | ManageFlow;

  override connectedCallback(): void {
    this.hourCycle = rememberedHourCycle() ?? this.hourCycle;
    if (!this.flow) {
      const base = this.api ?? new URL(bundleUrl).origin;
      const client = new ApiClient(base.endsWith('/') ? base : `${base}/`);
      this.flow = this.bookingId
        ? new ManageFlow(this, client, this.steps, this.zones)
        : new BookingFlow(this, client, this.steps, this.zones, this.prefills);
    }
    super.connectedCallback();
  }

  private get inDialog(): boolean {
    return this.mode === 'popup' || this.mode === 'floating';
  }

  private get booking(): BookingFlow | undefined {
    return this.flow instanceof BookingFlow ? this.flow : undefined;
  }

  /** Adds prefill values (by field id: `name`, `email`, `phone`, …). */
  prefill(values: Values): void {
    this.prefills.add(values);
  }

  /** Shows the widget: opens the popup, or brings the inline widget into view. */
  open(): void {
    if (this.inDialog) void this.popup.open();
    else this.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  }

  close(): void {
    this.popup.close();
  }

  /** Back to the first step, forgetting the chosen time and any booking made. */
  reset(): void {
    this.booking?.reset();
  }

  /** A lead form was submitted into the widget: its answers may route to another host. */
  leadSubmitted(): void {
    this.booking?.leadSubmitted();
    this.open();
  }

  protected override render(): TemplateResult {
    const page = this.booking?.page;
    const content = this.steps.render(this.flow!.render());
    const corner = this.mode === 'floating' ? (this.position === 'bottom-left' ? 'bottom-left' : 'bottom-right') : undefined;
    return html`${this.inDialog
        ? this.popup.render(this.launcher ? (this.label ?? msg('Book a meeting', { id: 'popup.label' })) : null, page?.title ?? '', content, corner)
        : content}`;
  }
}
