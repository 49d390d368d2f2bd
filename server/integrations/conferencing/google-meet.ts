/**
 * Google Meet, through the Calendar API: a Meet link is the conference of a calendar event, made
 * by `events.insert` with `conferenceData.createRequest` and `conferenceDataVersion=1`. The
 * event sits in the member's calendar (the member's reference is its calendar id, `primary` for
 * the account's own), reached with that account's OAuth refresh token.
 *
 * The event's id is derived from the booking's, so a create retried after a lost answer finds
 * the event it made (`409` → read it) instead of making a second one. Kairos sends its own
 * invites, so Google is told to send none (`sendUpdates=none`).
 */
import { z } from 'zod';
import { googleApi, type GoogleAccount, type ProviderApi } from './provider-api.js';
import { ConferencingError, type ConferencingProvider, type Meeting, type MeetingRequest } from './provider.js';

export type GoogleMeetSettings = GoogleAccount;

const event = z.object({
  id: z.string().min(1),
  hangoutLink: z.url().optional(),
  conferenceData: z
    .object({
      createRequest: z.object({ status: z.object({ statusCode: z.string() }) }).optional(),
      entryPoints: z.array(z.object({ entryPointType: z.string(), uri: z.string() })).optional(),
    })
    .optional(),
});

export class GoogleMeetProvider implements ConferencingProvider {
  readonly name = 'meet';
  private readonly api: ProviderApi;

  constructor(settings: GoogleMeetSettings) {
    this.api = googleApi(settings);
  }

  async create(request: MeetingRequest): Promise<Meeting> {
    const calendar = request.host;
    const id = eventId(request.bookingId);
    const body = {
      id,
      ...times(request),
      attendees: request.attendees.map((email) => ({ email })),
      conferenceData: { createRequest: { requestId: id, conferenceSolutionKey: { type: 'hangoutsMeet' } } },
    };
    let answer = await this.api.call('POST', `${eventsPath(calendar)}?conferenceDataVersion=1&sendUpdates=none`, body, event, [409]);
    // 409: this create ran before and its answer was lost; the event is there.
    answer ??= await this.api.call('GET', `${eventsPath(calendar)}/${id}`, undefined, event);
    return meetingOf(answer!, calendar);
  }

  async update(meeting: Meeting, request: MeetingRequest): Promise<Meeting> {
    const calendar = meeting.detail?.calendarId ?? request.host;
    const answer = await this.api.call('PATCH', `${eventsPath(calendar)}/${encodeURIComponent(meeting.id)}?conferenceDataVersion=1&sendUpdates=none`, times(request), event);
    return meetingOf(answer!, calendar);
  }

  async remove(meeting: Meeting, host: string): Promise<void> {
    const calendar = meeting.detail?.calendarId ?? host;
    // 410: Google's answer for an event deleted before.
    await this.api.call('DELETE', `${eventsPath(calendar)}/${encodeURIComponent(meeting.id)}?sendUpdates=none`, undefined, null, [404, 410]);
  }
}

const eventsPath = (calendar: string) => `/calendar/v3/calendars/${encodeURIComponent(calendar)}/events`;

function times(request: MeetingRequest) {
  return {
    summary: request.title,
    start: { dateTime: request.start, timeZone: request.timezone },
    end: { dateTime: request.end, timeZone: request.timezone },
  };
}

/** Event ids are 5–1024 characters of base32hex (`0-9a-v`): the booking id's bytes in hex are. */
export function eventId(bookingId: string): string {
  return `kairos${Buffer.from(bookingId, 'utf8').toString('hex')}`.replace(/[^0-9a-v]/g, '');
}

function meetingOf(answer: z.infer<typeof event>, calendarId: string): Meeting {
  const joinUrl = answer.hangoutLink ?? answer.conferenceData?.entryPoints?.find((e) => e.entryPointType === 'video')?.uri;
  if (!joinUrl) {
    // Google may still be making the conference (`statusCode: pending`): asking again later finds it.
    const status = answer.conferenceData?.createRequest?.status.statusCode ?? 'missing';
    throw new ConferencingError(`Google Calendar: the event has no Meet link yet (conference ${status})`, true);
  }
  return { id: answer.id, joinUrl, detail: { calendarId } };
}
