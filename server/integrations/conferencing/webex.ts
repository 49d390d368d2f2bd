/**
 * Webex, through an integration's OAuth refresh token (the account that schedules; with the
 * admin scope it schedules for others by `hostEmail`, the member's reference). Webex may answer
 * a refresh with a new refresh token: it is kept for the next one (in memory; see the README).
 * `POST /v1/meetings`, `PATCH` and `DELETE /v1/meetings/{meetingId}`.
 */
import { z } from 'zod';
import { ProviderApi } from './provider-api.js';
import type { ConferencingProvider, Meeting, MeetingRequest } from './provider.js';

export interface WebexSettings {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** `https://webexapis.com` */
  apiUrl?: string;
  now: () => number;
  timeoutMs?: number;
}

const meeting = z.object({ id: z.string().min(1), webLink: z.url() });

export class WebexProvider implements ConferencingProvider {
  readonly name = 'webex';
  private readonly api: ProviderApi;

  constructor(settings: WebexSettings) {
    const base = (settings.apiUrl ?? 'https://webexapis.com').replace(/\/+$/, '');
    let refreshToken = settings.refreshToken;
    this.api = new ProviderApi('Webex', {
      baseUrl: base,
      now: settings.now,
      ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
      grant: () => ({
        url: `${base}/v1/access_token`,
        form: { grant_type: 'refresh_token', client_id: settings.clientId, client_secret: settings.clientSecret, refresh_token: refreshToken },
        rotated: (token) => (refreshToken = token),
      }),
    });
  }

  async create(request: MeetingRequest): Promise<Meeting> {
    const body = { ...times(request), timezone: request.timezone, ...(request.host.includes('@') ? { hostEmail: request.host } : {}), invitees: request.attendees.map((email) => ({ email })) };
    // Webex would mail its own invitation to the invitees: Kairos sends one already.
    const answer = await this.api.call('POST', '/v1/meetings', { ...body, sendEmail: false }, meeting);
    return { id: answer!.id, joinUrl: answer!.webLink };
  }

  async update(existing: Meeting, request: MeetingRequest): Promise<Meeting> {
    const answer = await this.api.call('PATCH', `/v1/meetings/${encodeURIComponent(existing.id)}`, { ...times(request), sendEmail: false }, meeting);
    return { id: answer!.id, joinUrl: answer!.webLink };
  }

  async remove(existing: Meeting): Promise<void> {
    await this.api.call('DELETE', `/v1/meetings/${encodeURIComponent(existing.id)}?sendEmail=false`, undefined, null, [404]);
  }
}

function times(request: MeetingRequest) {
  return { title: request.title.slice(0, 128), start: request.start, end: request.end };
}
