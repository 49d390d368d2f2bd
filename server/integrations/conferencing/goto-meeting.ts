/**
 * GoTo Meeting, through an OAuth client and the refresh token of the organiser's account (GoTo
 * rotates refresh tokens: the newest is kept for the next refresh, in memory; see the README).
 * The client is sent as HTTP Basic to the token endpoint, as GoTo documents.
 * `POST /meetings`, `PUT` and `DELETE /meetings/{meetingId}` under `/G2M/rest/v2`.
 */
import { z } from 'zod';
import { ProviderApi } from './provider-api.js';
import type { ConferencingProvider, Meeting, MeetingRequest } from './provider.js';

export interface GoToSettings {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** `https://authentication.logmeininc.com` */
  authUrl?: string;
  /** `https://api.getgo.com/G2M/rest/v2` */
  apiUrl?: string;
  now: () => number;
  timeoutMs?: number;
}

/** GoTo answers a create with a list of one meeting. */
const created = z.array(z.object({ meetingid: z.union([z.number().int(), z.string().min(1)]), joinURL: z.url() })).min(1);

export class GoToMeetingProvider implements ConferencingProvider {
  readonly name = 'goto';
  private readonly api: ProviderApi;

  constructor(settings: GoToSettings) {
    const auth = (settings.authUrl ?? 'https://authentication.logmeininc.com').replace(/\/+$/, '');
    let refreshToken = settings.refreshToken;
    this.api = new ProviderApi('GoTo Meeting', {
      baseUrl: settings.apiUrl ?? 'https://api.getgo.com/G2M/rest/v2',
      now: settings.now,
      ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
      grant: () => ({
        url: `${auth}/oauth/token`,
        form: { grant_type: 'refresh_token', refresh_token: refreshToken },
        basic: { user: settings.clientId, password: settings.clientSecret },
        rotated: (token) => (refreshToken = token),
      }),
    });
  }

  async create(request: MeetingRequest): Promise<Meeting> {
    const body = { ...times(request), passwordrequired: false, conferencecallinfo: 'VoIP', meetingtype: 'scheduled', timezonekey: '' };
    const [answer] = (await this.api.call('POST', '/meetings', body, created))!;
    return { id: String(answer!.meetingid), joinUrl: answer!.joinURL };
  }

  async update(meeting: Meeting, request: MeetingRequest): Promise<Meeting> {
    // 204, no body: the join link stays the same.
    await this.api.call('PUT', `/meetings/${encodeURIComponent(meeting.id)}`, times(request), null);
    return meeting;
  }

  async remove(meeting: Meeting): Promise<void> {
    await this.api.call('DELETE', `/meetings/${encodeURIComponent(meeting.id)}`, undefined, null, [404]);
  }
}

function times(request: MeetingRequest) {
  return { subject: request.title.slice(0, 100), starttime: request.start.replace(/\.\d{3}Z$/, 'Z'), endtime: request.end.replace(/\.\d{3}Z$/, 'Z') };
}
