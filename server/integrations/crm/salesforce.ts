/**
 * Salesforce, through a connected app (or external client app) with the OAuth 2.0 client
 * credentials flow: `POST {My Domain}/services/oauth2/token` with `grant_type=client_credentials`
 * answers an access token and the org's `instance_url`, where the REST API lives; the app acts
 * as its run-as user. The answer has no `expires_in` (a session ends after its org's time of
 * inactivity), so the token is kept until a `401 INVALID_SESSION_ID` asks for a new one.
 *
 * REST API: the customer is found by email with SOQL (`GET /query?q=`) among Contacts first, then
 * among unconverted Leads, and added as a Lead when neither knows them. The booking is an Event
 * (`POST /sobjects/Event`) on that person (`WhoId`), moved with `PATCH /sobjects/Event/{id}`. A
 * cancelled or missed booking keeps its Event, its subject marked `[Cancelled]` or `[No-show]` (in the host's language when the meeting says so):
 * the team sees in the CRM that the meeting was booked and did not take place.
 *
 * Limits: the org's API request limit answers `403 REQUEST_LIMIT_EXCEEDED`, taken as "try again
 * later" like a 429.
 */
import { z } from 'zod';
import { ProviderApi, type RateLimitRule } from '../conferencing/provider-api.js';
import { joinName, splitName, type CrmMeeting, type CrmPerson, type CrmProvider } from './provider.js';

export interface SalesforceSettings {
  /** The org's My Domain login URL, e.g. `https://acme.my.salesforce.com` (the client credentials flow takes no other). */
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  /** REST API version, e.g. `v62.0`. */
  apiVersion?: string;
  now: () => number;
  timeoutMs?: number;
}

export const DEFAULT_SALESFORCE_API_VERSION = 'v62.0';

/** How long a token is kept without a `401`: shorter than the shortest session timeout an org can set past its default of two hours. */
const TOKEN_LIFETIME_MS = 30 * 60_000;

/** A Lead needs a company; Salesforce's own Web-to-Lead fills the same placeholder when a form has none. */
export const UNKNOWN_COMPANY = '[not provided]';

const queryAnswer = z.object({ totalSize: z.number().int().min(0), records: z.array(z.object({ Id: z.string().min(1) })) });
const createdAnswer = z.object({ id: z.string().min(1), success: z.literal(true) });
const personRecord = z.object({ Id: z.string(), Email: z.string().nullish(), FirstName: z.string().nullish(), LastName: z.string().nullish(), Phone: z.string().nullish() });

const rateLimit: RateLimitRule = ({ status, body }) => (status === 403 && body.includes('REQUEST_LIMIT_EXCEEDED') ? {} : undefined);

const marks: Record<CrmMeeting['outcome'], string> = { scheduled: '', rescheduled: '', cancelled: 'Cancelled', no_show: 'No-show' };

/** `[Annulé] ` before a cancelled or missed meeting's subject, in the host's words when given. */
const mark = (meeting: CrmMeeting) => (marks[meeting.outcome] ? `[${meeting.outcomeLabel ?? marks[meeting.outcome]}] ` : '');

export class SalesforceProvider implements CrmProvider {
  readonly name = 'salesforce';
  private readonly api: ProviderApi;
  private readonly data: string;
  private instanceUrl: string | undefined;

  constructor(settings: SalesforceSettings) {
    const login = settings.loginUrl.replace(/\/+$/, '');
    this.data = `/services/data/${settings.apiVersion ?? DEFAULT_SALESFORCE_API_VERSION}`;
    this.api = new ProviderApi('Salesforce', {
      // Asked after the token: the token's answer says where the org lives.
      baseUrl: () => this.instanceUrl ?? login,
      now: settings.now,
      rateLimit,
      ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
      grant: () => ({
        url: `${login}/services/oauth2/token`,
        form: { grant_type: 'client_credentials', client_id: settings.clientId, client_secret: settings.clientSecret },
        lifetimeMs: TOKEN_LIFETIME_MS,
        answered: (answer) => {
          if (typeof answer.instance_url === 'string' && /^https?:\/\//.test(answer.instance_url)) this.instanceUrl = answer.instance_url;
        },
      }),
    });
  }

  async findOrCreateContact(person: CrmPerson): Promise<string> {
    const email = soqlString(person.email);
    for (const soql of [`SELECT Id FROM Contact WHERE Email = ${email} ORDER BY CreatedDate LIMIT 1`, `SELECT Id FROM Lead WHERE Email = ${email} AND IsConverted = false ORDER BY CreatedDate LIMIT 1`]) {
      const found = await this.api.call('GET', `${this.data}/query?q=${encodeURIComponent(soql)}`, undefined, queryAnswer);
      if (found!.records[0]) return found!.records[0].Id;
    }
    const { first, last } = splitName(person.name);
    const lead = {
      // LastName is required: a customer with no name at all is known by their address.
      LastName: (last || person.email).slice(0, 80),
      ...(first ? { FirstName: first.slice(0, 40) } : {}),
      Email: person.email,
      ...(person.phone ? { Phone: person.phone.slice(0, 40) } : {}),
      Company: (person.company?.trim() || UNKNOWN_COMPANY).slice(0, 255),
      LeadSource: 'Kairos',
    };
    return (await this.api.call('POST', `${this.data}/sobjects/Lead`, lead, createdAnswer))!.id;
  }

  async createMeeting(contactId: string, meeting: CrmMeeting): Promise<string> {
    return (await this.api.call('POST', `${this.data}/sobjects/Event`, { WhoId: contactId, ...event(meeting) }, createdAnswer))!.id;
  }

  async updateMeeting(meetingId: string, meeting: CrmMeeting): Promise<void> {
    // 204 No Content.
    await this.api.call('PATCH', `${this.data}/sobjects/Event/${encodeURIComponent(meetingId)}`, event(meeting), null);
  }

  async readContact(recordId: string): Promise<Partial<CrmPerson> | undefined> {
    // The id's first three characters name its object: 00Q a Lead, 003 a Contact.
    const object = recordId.startsWith('00Q') ? 'Lead' : 'Contact';
    const path = `${this.data}/sobjects/${object}/${encodeURIComponent(recordId)}?fields=Email,FirstName,LastName,Phone`;
    const record = await this.api.call('GET', path, undefined, personRecord, [404]);
    if (!record) return undefined;
    const name = joinName(record.FirstName, record.LastName);
    return { ...(record.Email ? { email: record.Email } : {}), ...(name ? { name } : {}), ...(record.Phone ? { phone: record.Phone } : {}) };
  }
}

/**
 * A SOQL string literal: quotes around, and the reserved characters (`'` and `\`) escaped with a
 * backslash, as are the line breaks and tabs SOQL has escapes for — so an address can never end
 * the literal and add to the query.
 */
export function soqlString(value: string): string {
  const escaped = value.replace(/[\\'"\n\r\t\f\b]/g, (c) => ({ '\\': '\\\\', "'": "\\'", '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\f': '\\f', '\b': '\\b' })[c]!);
  return `'${escaped}'`;
}

function event(meeting: CrmMeeting) {
  return {
    Subject: `${mark(meeting)}${meeting.title}`.slice(0, 255),
    StartDateTime: meeting.start,
    EndDateTime: meeting.end,
    Location: meeting.location.slice(0, 255),
    Description: meeting.description.slice(0, 32_000),
    ...(meeting.owner ? { OwnerId: meeting.owner } : {}),
  };
}
