/**
 * Zoom, through a Server-to-Server OAuth app (account credentials grant): the app acts for the
 * account's users, so a member only names their Zoom user (id or email). Meetings API v2:
 * `POST /v2/users/{userId}/meetings`, `PATCH /v2/meetings/{meetingId}`, `DELETE /v2/meetings/{meetingId}`.
 */
import { z } from 'zod';
import { ProviderApi } from './provider-api.js';
import type { ConferencingProvider, Meeting, MeetingRequest } from './provider.js';

export interface ZoomSettings {
  accountId: string;
  clientId: string;
  clientSecret: string;
  /** `https://zoom.us` */
  oauthUrl?: string;
  /** `https://api.zoom.us` */
  apiUrl?: string;
  now: () => number;
  timeoutMs?: number;
}

/** A created meeting: Zoom's id is a number, too large for some JSON readers only past 2^53, which Zoom's 11-digit ids are not. */
const created = z.object({ id: z.union([z.number().int(), z.string().min(1)]), join_url: z.url() });

export class ZoomProvider implements ConferencingProvider {
  readonly name = 'zoom';
  private readonly api: ProviderApi;

  constructor(settings: ZoomSettings) {
    const oauth = (settings.oauthUrl ?? 'https://zoom.us').replace(/\/+$/, '');
    this.api = new ProviderApi('Zoom', {
      baseUrl: settings.apiUrl ?? 'https://api.zoom.us',
      now: settings.now,
      ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
      grant: () => ({
        url: `${oauth}/oauth/token?grant_type=account_credentials&account_id=${encodeURIComponent(settings.accountId)}`,
        form: {},
        basic: { user: settings.clientId, password: settings.clientSecret },
      }),
    });
  }

  async create(request: MeetingRequest): Promise<Meeting> {
    const answer = await this.api.call('POST', `/v2/users/${encodeURIComponent(request.host)}/meetings`, { ...schedule(request), type: 2 }, created);
    return { id: String(answer!.id), joinUrl: answer!.join_url };
  }

  async update(meeting: Meeting, request: MeetingRequest): Promise<Meeting> {
    // Zoom answers 204 with no body: the join link stays the same.
    await this.api.call('PATCH', `/v2/meetings/${encodeURIComponent(meeting.id)}`, schedule(request), null);
    return meeting;
  }

  async remove(meeting: Meeting): Promise<void> {
    // 404: Zoom's "meeting does not exist" (code 3001): already gone.
    await this.api.call('DELETE', `/v2/meetings/${encodeURIComponent(meeting.id)}`, undefined, null, [404]);
  }
}

/** A scheduled meeting (type 2) at the booking's time; Zoom reads `start_time` ending in Z as UTC. */
function schedule(request: MeetingRequest) {
  return {
    topic: request.title.slice(0, 200),
    start_time: request.start.replace(/\.\d{3}Z$/, 'Z'),
    duration: Math.round((Date.parse(request.end) - Date.parse(request.start)) / 60_000),
    timezone: request.timezone,
  };
}
