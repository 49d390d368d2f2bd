/**
 * HubSpot, through a private app's access token (`Authorization: Bearer`; scopes
 * `crm.objects.contacts.read` and `crm.objects.contacts.write`, which the meetings API takes
 * too). CRM API v3: contacts found by `POST /crm/v3/objects/contacts/search` on `email`, added
 * by `POST /crm/v3/objects/contacts`; a booking is a meeting engagement,
 * `POST /crm/v3/objects/meetings` associated with the contact (type 200, meeting → contact,
 * `HUBSPOT_DEFINED`) and `PATCH /crm/v3/objects/meetings/{id}` after, its `hs_meeting_outcome`
 * following the booking (SCHEDULED, RESCHEDULED, CANCELED, NO_SHOW).
 *
 * Rate limits: a `429`, with `Retry-After` when HubSpot sends one, else the length of the
 * window it counts in (`X-HubSpot-RateLimit-Interval-Milliseconds`).
 */
import { z } from 'zod';
import { ProviderApi, type RateLimitRule } from '../conferencing/provider-api.js';
import { joinName, splitName, type CrmMeeting, type CrmPerson, type CrmProvider } from './provider.js';

export interface HubSpotSettings {
  accessToken: string;
  /** `https://api.hubapi.com` */
  apiUrl?: string;
  now: () => number;
  timeoutMs?: number;
}

const objectAnswer = z.object({ id: z.string().min(1), properties: z.record(z.string(), z.string().nullable()).optional() });
const searchAnswer = z.object({ total: z.number().int().min(0), results: z.array(objectAnswer) });

/** HubSpot's association type of a meeting to a contact. */
const MEETING_TO_CONTACT = 200;

const outcomes: Record<CrmMeeting['outcome'], string> = { scheduled: 'SCHEDULED', rescheduled: 'RESCHEDULED', cancelled: 'CANCELED', no_show: 'NO_SHOW' };

/** HubSpot counts requests per window: a 429 without `Retry-After` waits for the next window. */
const rateLimit: RateLimitRule = ({ status, headers }) => {
  if (status !== 429) return undefined;
  const window = Number(headers.get('x-hubspot-ratelimit-interval-milliseconds'));
  return Number.isFinite(window) && window > 0 ? { retryAfterMs: window } : {};
};

export class HubSpotProvider implements CrmProvider {
  readonly name = 'hubspot';
  private readonly api: ProviderApi;

  constructor(settings: HubSpotSettings) {
    this.api = new ProviderApi('HubSpot', {
      baseUrl: settings.apiUrl ?? 'https://api.hubapi.com',
      grant: { accessToken: settings.accessToken },
      now: settings.now,
      rateLimit,
      ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
    });
  }

  async findOrCreateContact(person: CrmPerson): Promise<string> {
    const found = await this.api.call(
      'POST',
      '/crm/v3/objects/contacts/search',
      { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: person.email }] }], properties: ['email'], limit: 1 },
      searchAnswer,
    );
    if (found!.results[0]) return found!.results[0].id;
    const { first, last } = splitName(person.name);
    const properties = { email: person.email, firstname: first, lastname: last, ...(person.phone ? { phone: person.phone } : {}) };
    try {
      return (await this.api.call('POST', '/crm/v3/objects/contacts', { properties }, objectAnswer))!.id;
    } catch (error) {
      // Search lags behind writes by a few seconds: a contact added meanwhile is refused as a
      // conflict that names it ("Contact already exists. Existing ID: 123").
      const existing = /Existing ID: ?(\d+)/.exec((error as Error).message);
      if ((error as { answer?: unknown }).answer === 409 && existing) return existing[1]!;
      throw error;
    }
  }

  async createMeeting(contactId: string, meeting: CrmMeeting): Promise<string> {
    const body = {
      properties: properties(meeting),
      associations: [{ to: { id: contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: MEETING_TO_CONTACT }] }],
    };
    return (await this.api.call('POST', '/crm/v3/objects/meetings', body, objectAnswer))!.id;
  }

  async updateMeeting(meetingId: string, meeting: CrmMeeting): Promise<void> {
    await this.api.call('PATCH', `/crm/v3/objects/meetings/${encodeURIComponent(meetingId)}`, { properties: properties(meeting) }, objectAnswer);
  }

  async readContact(recordId: string): Promise<Partial<CrmPerson> | undefined> {
    const answer = await this.api.call('GET', `/crm/v3/objects/contacts/${encodeURIComponent(recordId)}?properties=email,firstname,lastname,phone`, undefined, objectAnswer, [404]);
    if (!answer) return undefined;
    const p = answer.properties ?? {};
    const name = joinName(p.firstname, p.lastname);
    return { ...(p.email ? { email: p.email } : {}), ...(name ? { name } : {}), ...(p.phone ? { phone: p.phone } : {}) };
  }
}

function properties(meeting: CrmMeeting): Record<string, string> {
  return {
    hs_timestamp: meeting.start,
    hs_meeting_title: meeting.title,
    hs_meeting_body: meeting.description,
    hs_meeting_start_time: meeting.start,
    hs_meeting_end_time: meeting.end,
    hs_meeting_outcome: outcomes[meeting.outcome],
    hs_meeting_location: meeting.location,
    ...(meeting.owner ? { hubspot_owner_id: meeting.owner } : {}),
  };
}
