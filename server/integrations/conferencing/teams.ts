/**
 * Microsoft Teams, through Microsoft Graph with an app registration's client credentials: the
 * app makes online meetings for the tenant's users (an application access policy must allow it
 * for them, see the README). `POST /v1.0/users/{userId}/onlineMeetings`, `PATCH` and `DELETE`
 * `/v1.0/users/{userId}/onlineMeetings/{meetingId}`.
 */
import { z } from 'zod';
import { microsoftGraphApi, type MicrosoftApp, type ProviderApi } from './provider-api.js';
import type { ConferencingProvider, Meeting, MeetingRequest } from './provider.js';

export type TeamsSettings = MicrosoftApp;

const onlineMeeting = z.object({ id: z.string().min(1), joinWebUrl: z.url() });

export class TeamsProvider implements ConferencingProvider {
  readonly name = 'teams';
  private readonly api: ProviderApi;

  constructor(settings: TeamsSettings) {
    this.api = microsoftGraphApi(settings);
  }

  async create(request: MeetingRequest): Promise<Meeting> {
    const answer = await this.api.call('POST', `/v1.0/users/${encodeURIComponent(request.host)}/onlineMeetings`, times(request), onlineMeeting);
    return { id: answer!.id, joinUrl: answer!.joinWebUrl };
  }

  async update(meeting: Meeting, request: MeetingRequest): Promise<Meeting> {
    const answer = await this.api.call('PATCH', `/v1.0/users/${encodeURIComponent(request.host)}/onlineMeetings/${encodeURIComponent(meeting.id)}`, times(request), onlineMeeting);
    return { id: answer!.id, joinUrl: answer!.joinWebUrl };
  }

  async remove(meeting: Meeting, host: string): Promise<void> {
    await this.api.call('DELETE', `/v1.0/users/${encodeURIComponent(host)}/onlineMeetings/${encodeURIComponent(meeting.id)}`, undefined, null, [404]);
  }
}

function times(request: MeetingRequest) {
  return { subject: request.title, startDateTime: request.start, endDateTime: request.end };
}
