/** Step 4: what was booked, when (in the visitor's zone), with whom, where, and calendar links. */
import { LitElement, html, nothing } from 'lit';
import { msg } from '@lit/localize';
import type { BookingResponse } from '../../shared/api-schemas.js';
import { googleCalendarUrl, outlookCalendarUrl } from '../calendar-links.js';
import { formatWhen, type HourCycle } from '../time-format.js';
import { locationLabel } from './entry-list.js';
import { sessionList } from './session-picks.js';

export function whereOf(booking: BookingResponse): string {
  const l = booking.location;
  // The meeting is being made at its provider (Zoom, Teams…): its link comes by email.
  if (!l.joinUrl && l.joinUrlPending) return msg('Video call (the link follows by email)', { id: 'done.linkFollows' });
  return l.joinUrl ?? l.address ?? l.number ?? locationLabel(l.type);
}

/** The step's heading, which says whether the booking is made or waits for the host. */
export function confirmationHeading(status: BookingResponse['status']): string {
  return status === 'pending' ? msg('Request sent', { id: 'done.pendingHeading' }) : msg('You are booked', { id: 'done.heading' });
}

export class Confirmation extends LitElement {
  static override properties = { booking: { attribute: false }, eventTitle: {}, locale: {}, zone: {}, hourCycle: {} };
  declare booking: BookingResponse;
  /** The event's title, as the page listed it. */
  declare eventTitle: string;
  declare locale: string;
  declare zone: string;
  declare hourCycle: HourCycle;

  protected override createRenderRoot() {
    return this;
  }

  protected override render() {
    const b = this.booking;
    const pending = b.status === 'pending';
    const series = b.sessions && b.sessions.length > 1 ? b.sessions : undefined;
    const when = series ? sessionList(series, this) : formatWhen(b.start, b.end, this.locale, this.zone, this.hourCycle);
    const hosts = new Intl.ListFormat(this.locale, { type: 'conjunction' }).format(b.hosts.map((h) => h.name));
    const calendarEvent = { title: this.eventTitle, start: b.start, end: b.end, details: b.manageUrl, location: whereOf(b) };
    return html`<h2 tabindex="-1">${confirmationHeading(b.status)}</h2>
      ${pending
        ? html`<p class="notice" part="notice">
            ${msg('Not booked yet: the host will confirm or decline your request, and you will get an email either way.', { id: 'done.pendingNext' })}
          </p>`
        : nothing}
      <dl class="details">
        <dt>${msg('What', { id: 'done.what' })}</dt><dd>${this.eventTitle}</dd>
        <dt>${msg('When', { id: 'done.when' })}</dt><dd>${when}</dd>
        ${hosts ? html`<dt>${msg('With', { id: 'done.with' })}</dt><dd>${hosts}</dd>` : nothing}
        <dt>${msg('Where', { id: 'done.where' })}</dt>
        <dd>${b.location.joinUrl
          ? html`<a part="join" href=${b.location.joinUrl} target="_blank" rel="noopener noreferrer">${msg('Join link', { id: 'done.join' })}</a>`
          : whereOf(b)}</dd>
      </dl>
      ${pending
        ? html`<p>${msg('We have emailed you the details of your request.', { id: 'done.pendingEmail' })}</p>`
        : html`<p>${msg('A confirmation was sent by email.', { id: 'done.email' })}</p>
            <nav class="calendar-links" aria-label=${msg('Add to calendar', { id: 'done.addToCalendar' })}>
              <a part="button calendar-link" class="button secondary" href=${b.icsUrl} download>${msg('Calendar file (.ics)', { id: 'done.ics' })}</a>
              ${series
                ? // Their links add one event; the file holds every session, and both calendars import it.
                  nothing
                : html`<a part="button calendar-link" class="button secondary" href=${googleCalendarUrl(calendarEvent)} target="_blank" rel="noopener noreferrer">Google Calendar</a>
                    <a part="button calendar-link" class="button secondary" href=${outlookCalendarUrl(calendarEvent)} target="_blank" rel="noopener noreferrer">Outlook</a>`}
            </nav>`}
      <p><a part="manage-link" href=${b.manageUrl}>${msg('Change or cancel this booking', { id: 'done.manage' })}</a></p>`;
  }
}
customElements.define('kairos-confirmation', Confirmation);
