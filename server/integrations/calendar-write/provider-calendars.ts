/**
 * Bookings written into Google Calendar and Microsoft 365 calendars, through their REST APIs with
 * the same OAuth client as their video meetings (`conferencing/provider-api.ts`: token cache, one
 * refresh on `401`, `429`/`Retry-After`, 5xx and timeouts retryable, secrets never in messages).
 *
 * - Google Calendar: `events.insert` (`POST /calendar/v3/calendars/{calendarId}/events`) with an id
 *   derived from the booking's, so a create retried after a lost answer finds its event (`409` →
 *   `events.patch`); `events.patch`; `events.delete`. `sendUpdates=none`: Kairos sends its own invites.
 * - Microsoft Graph: `POST /v1.0/users/{id}/events`, `PATCH` and `DELETE` `/v1.0/users/{id}/events/{eventId}`
 *   with an app's client credentials (application permission `Calendars.ReadWrite`).
 *
 * Neither gets attendees: the event is the member's own copy, and must not invite anyone.
 */
import { z } from 'zod';
import { googleApi, microsoftGraphApi, type GoogleAccount, type MicrosoftApp, type ProviderApi } from '../conferencing/provider-api.js';
import type { WrittenEvent } from './calendar-writer.js';

/** What a JSON calendar API is told of a booking. Instants are ISO-8601 UTC. */
export interface CalendarEventData {
  bookingId: string;
  summary: string;
  description: string;
  location: string;
  start: string;
  end: string;
  /** The IANA zone the member's calendar shows it in. */
  timezone: string;
}

/** One provider's calendars: `owner` is a Google calendar id, or a Microsoft 365 user id or UPN. */
export interface ProviderCalendar {
  readonly name: 'google' | 'microsoft';
  put(owner: string, event: CalendarEventData, written: WrittenEvent | undefined): Promise<WrittenEvent>;
  /** One already gone counts as removed. */
  remove(owner: string, written: WrittenEvent): Promise<void>;
}

const written = z.object({ id: z.string().min(1), etag: z.string().optional() });

export type GoogleCalendarSettings = GoogleAccount;

export class GoogleCalendar implements ProviderCalendar {
  readonly name = 'google';
  private readonly api: ProviderApi;

  constructor(settings: GoogleCalendarSettings) {
    this.api = googleApi(settings);
  }

  async put(calendar: string, event: CalendarEventData, previous: WrittenEvent | undefined): Promise<WrittenEvent> {
    const body = {
      summary: event.summary,
      description: event.description,
      location: event.location,
      start: { dateTime: event.start, timeZone: event.timezone },
      end: { dateTime: event.end, timeZone: event.timezone },
    };
    const id = previous?.href ?? bookingEventId(event.bookingId);
    if (!previous) {
      const made = await this.api.call('POST', `${eventsPath(calendar)}?sendUpdates=none`, { id, ...body }, written, [409]);
      // 409: made by an earlier try whose answer was lost; changed in place below.
      if (made) return { href: made.id, etag: made.etag ?? null };
    }
    const changed = await this.api.call('PATCH', `${eventsPath(calendar)}/${encodeURIComponent(id)}?sendUpdates=none`, body, written);
    return { href: changed!.id, etag: changed!.etag ?? null };
  }

  async remove(calendar: string, event: WrittenEvent): Promise<void> {
    // 410: Google's answer for an event deleted before.
    await this.api.call('DELETE', `${eventsPath(calendar)}/${encodeURIComponent(event.href)}?sendUpdates=none`, undefined, null, [404, 410]);
  }
}

const eventsPath = (calendar: string) => `/calendar/v3/calendars/${encodeURIComponent(calendar)}/events`;

/** Event ids are 5–1024 characters of base32hex (`0-9a-v`); apart from the Meet events' (`kairos…`), which may share the calendar. */
export function bookingEventId(bookingId: string): string {
  return `kb${Buffer.from(bookingId, 'utf8').toString('hex')}`;
}

export type MicrosoftCalendarSettings = MicrosoftApp;

export class MicrosoftCalendar implements ProviderCalendar {
  readonly name = 'microsoft';
  private readonly api: ProviderApi;

  constructor(settings: MicrosoftCalendarSettings) {
    this.api = microsoftGraphApi(settings);
  }

  async put(user: string, event: CalendarEventData, previous: WrittenEvent | undefined): Promise<WrittenEvent> {
    // Graph reads dateTime in the given zone: UTC instants, shown in the member's zone by Outlook.
    const body = {
      subject: event.summary,
      body: { contentType: 'text', content: event.description },
      location: { displayName: event.location },
      start: { dateTime: event.start.replace(/Z$/, ''), timeZone: 'UTC' },
      end: { dateTime: event.end.replace(/Z$/, ''), timeZone: 'UTC' },
      transactionId: event.bookingId,
    };
    const answer = previous
      ? await this.api.call('PATCH', `${eventsPath365(user)}/${encodeURIComponent(previous.href)}`, body, graphEvent)
      : await this.api.call('POST', eventsPath365(user), body, graphEvent);
    return { href: answer!.id, etag: answer!['@odata.etag'] ?? null };
  }

  async remove(user: string, event: WrittenEvent): Promise<void> {
    await this.api.call('DELETE', `${eventsPath365(user)}/${encodeURIComponent(event.href)}`, undefined, null, [404]);
  }
}

const graphEvent = z.object({ id: z.string().min(1), '@odata.etag': z.string().optional() });

const eventsPath365 = (user: string) => `/v1.0/users/${encodeURIComponent(user)}/events`;

/** The provider calendars this environment sets up: the same variables as Google Meet's and Teams' (README). */
export function providerCalendars(env: Record<string, string | undefined>, options: { now: () => number; timeoutMs?: number }): Map<string, ProviderCalendar> {
  const calendars = new Map<string, ProviderCalendar>();
  const common = { now: options.now, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) };
  const optional = (key: string, as: string) => (env[key] ? { [as]: env[key]! } : {});
  if (env.KAIROS_GOOGLE_CLIENT_ID && env.KAIROS_GOOGLE_CLIENT_SECRET && env.KAIROS_GOOGLE_REFRESH_TOKEN) {
    calendars.set('google', new GoogleCalendar({
      clientId: env.KAIROS_GOOGLE_CLIENT_ID, clientSecret: env.KAIROS_GOOGLE_CLIENT_SECRET, refreshToken: env.KAIROS_GOOGLE_REFRESH_TOKEN,
      ...optional('KAIROS_GOOGLE_OAUTH_URL', 'oauthUrl'), ...optional('KAIROS_GOOGLE_API_URL', 'apiUrl'), ...common,
    }));
  }
  if (env.KAIROS_TEAMS_TENANT_ID && env.KAIROS_TEAMS_CLIENT_ID && env.KAIROS_TEAMS_CLIENT_SECRET) {
    calendars.set('microsoft', new MicrosoftCalendar({
      tenantId: env.KAIROS_TEAMS_TENANT_ID, clientId: env.KAIROS_TEAMS_CLIENT_ID, clientSecret: env.KAIROS_TEAMS_CLIENT_SECRET,
      ...optional('KAIROS_TEAMS_LOGIN_URL', 'loginUrl'), ...optional('KAIROS_TEAMS_GRAPH_URL', 'graphUrl'), ...common,
    }));
  }
  return calendars;
}
