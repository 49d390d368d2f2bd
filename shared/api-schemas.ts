/**
 * The public API's request and response schemas (docs/http-api.md). They validate requests, generate
 * the OpenAPI document, and are the types the widget imports (type-only).
 */
import { z } from '@hono/zod-openapi';
import { bookingStatuses } from './booking-status.js';
import { crmProviderNames } from './crm-providers.js';
import { emailPattern, isPhoneNumber, maxLength } from './field-rules.js';
import { line, text, timeZone } from './field-schemas.js';

/** Every `code` an error answer can carry, and what it means (docs/http-api.md lists them by status). */
export const errorCodes = {
  bad_request: 'the body is not valid JSON',
  invalid_token: 'the token does not hold: a manage token that is not this booking’s, a personal link’s token that is forged, expired or for another page, or a sign-in token already used or expired',
  unauthorized: 'no valid admin or member key in `Authorization: Bearer <key>`, nor a signed-in session’s cookie',
  forbidden: 'a member key on an admin-only route, or handing over a place that is not its own',
  origin_not_allowed: 'a browser request from an origin the page does not allow',
  not_found: 'no such page, event on the page, booking, pool, member or route',
  slot_unavailable: 'the time was taken meanwhile, or the member is not free then',
  invalid_state: 'the booking’s status does not allow the change',
  too_late: 'the booking has already started',
  payload_too_large: 'the request body is over the size limit',
  headers_too_large: 'the request’s headers are over 16 KB together',
  request_timeout: 'the request took too long to arrive',
  unsupported_media_type: 'the request body is not `application/json`',
  validation_failed: 'a parameter or field is missing or wrong; `fields` names each one',
  refused: 'the page’s routing rules refuse these answers; `message` says why, in the visitor’s language',
  idempotency_key_reused: 'the idempotency key was already used for another request (another page or another body)',
  rate_limited: 'too many booking requests from this address (or sign-in link requests for this email); `Retry-After` says when to try again',
  provider_unavailable: 'an outside service the request needs (the CRM a personal link is prefilled from) did not answer in time, or failed; `Retry-After` says when to try again',
  csrf_failed: 'a write with the session cookie but without the session’s `X-CSRF-Token` header (a form another site posted, say)',
  internal: 'the server failed (a bug: it is logged)',
} as const;
export type ErrorCode = keyof typeof errorCodes;

export const errorCodeSchema = z.enum(Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]]).openapi('ErrorCode', {
  description: Object.entries(errorCodes)
    .map(([code, meaning]) => `\`${code}\`: ${meaning}`)
    .join('\n'),
});

export const errorSchema = z
  .object({
    error: z.object({
      code: errorCodeSchema,
      message: z.string().openapi({ description: 'What went wrong, in English, for people.', example: 'the request is not valid' }),
      fields: z
        .record(z.string(), z.string())
        .optional()
        .openapi({
          description: 'On some `422`s: each refused field by its path in the request, with what is wrong with it.',
          example: { email: 'Invalid email address', 'answers.company': 'required' },
        }),
    }),
  })
  .openapi('Error', { description: 'Every error on an `/api/` path has this shape.' });

/** A calendar day: `2026-02-30` has the shape but names no day (Date would roll it into March). */
export const dateParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD')
  .refine((day) => {
    const midnight = Date.parse(`${day}T00:00:00Z`);
    return !Number.isNaN(midnight) && new Date(midnight).toISOString().slice(0, 10) === day;
  }, 'no such day');
export const timezoneParam = timeZone.openapi({ description: 'An IANA time zone.', example: 'Europe/Paris' });
export const instantParam = z.iso
  .datetime({ offset: true })
  .openapi({ description: 'An ISO-8601 instant, with `Z` or an offset.', example: '2026-12-01T09:00:00Z' });

function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

export const fieldSchema = z
  .object({
    id: z.string().openapi({ description: 'The answer’s key in a booking’s `answers`.', example: 'company' }),
    type: z.enum(['text', 'email', 'phone', 'textarea', 'select', 'checkbox', 'consent']),
    label: z.string().openapi({ description: 'In the page’s locale.', example: 'Company' }),
    required: z.boolean(),
    options: z
      .array(z.object({ value: z.string(), label: z.string() }))
      .optional()
      .openapi({ description: 'A `select`’s choices; `value` is what the answer holds.' }),
  })
  .openapi('Field', { description: 'A booking form field, after the name and email every booking asks.' });

const sessionsShape = z
  .object({ mode: z.enum(['pick', 'weekly']), count: z.number().int(), exact: z.boolean().optional() })
  .openapi('Sessions');

export const pageEntrySchema = z
  .object({
    event: z.string().openapi({ description: 'The event type’s id.', example: 'demo' }),
    title: z.string(),
    description: z.string().optional(),
    durationMinutes: z.number().int(),
    location: z.object({ type: z.enum(['video', 'phone', 'in_person']) }),
    seats: z.number().int().openapi({ description: 'Above 1, a group session: one start takes this many bookings.' }),
    requiresApproval: z.boolean().openapi({ description: 'Bookings are `pending` until a member or admin approves them.' }),
    host: z.object({ kind: z.enum(['member', 'pool', 'panel']) }),
    hosts: z
      .array(z.object({ name: z.string() }))
      .optional()
      .openapi({ description: 'Who hosts it, when known before booking: the member, or a panel’s named members (a pool’s host is chosen at booking).' }),
    fields: z.array(fieldSchema).optional().openapi({ description: 'This entry’s booking form.' }),
    guests: z.number().int().optional().openapi({ description: 'How many guests’ email addresses a visitor may add; left out when none.' }),
    sessions: sessionsShape.optional().openapi({
      description:
        'Several sessions booked at once, all or none. `pick`: the visitor picks `count` starts (`exact: false`: 1 to `count`) and sends them as `starts`; `weekly`: the visitor picks the first, and the slot’s `sessions` lists every start of the series.',
    }),
  })
  .openapi('PageEntry', { description: 'What can be booked on a page: an event type with its host.' });

export const pageResponseSchema = z
  .object({
    page: z.string().openapi({ description: 'The page’s slug.', example: 'sales' }),
    title: z.string(),
    description: z.string().optional(),
    locale: z.string().openapi({ description: 'The shipped locale the texts are in.', example: 'fr' }),
    locales: z.array(z.string()).openapi({ description: 'Every shipped locale.' }),
    entries: z.array(pageEntrySchema),
    fields: z.array(fieldSchema).openapi({ description: 'Fields of every entry, by field id; an entry’s own list is in `entries[].fields`.' }),
    texts: z
      .record(z.string(), z.string())
      .openapi({ description: 'The page’s rewording of the widget’s messages in this locale, by message id.', example: { 'done.heading': 'C’est noté !' } }),
    theme: z
      .record(z.string(), z.string())
      .openapi({ description: 'The widget’s CSS custom properties.', example: { '--kairos-accent': '#4f46e5' } }),
    localWorkingHours: z
      .object({ start: z.string(), end: z.string() })
      .optional()
      .openapi({ description: 'Slots are offered only within these hours of the visitor’s clock.' }),
    routingFields: z
      .array(z.string())
      .openapi({ description: 'Answers the page’s routing rules read: send them with a slots request to see the routed host’s times.' }),
    afterBooking: z
      .object({
        redirectUrl: z.url().optional().openapi({
          description: 'The page’s thank-you page (http or https), opened once booked with `booking_id`, `event`, `start` and `status` as query parameters.',
          example: 'https://www.example.com/thanks',
        }),
        message: z.string().optional().openapi({ description: 'The page’s own message on the confirmation, in the page’s locale.' }),
      })
      .optional()
      .openapi({ description: 'What the widget does once a booking is made, unless its embed attributes (`redirect-url`, `booked-message`) say otherwise.' }),
  })
  .openapi('Page');

const answersValue = z.record(line().max(64), z.union([text().max(maxLength.answer), z.boolean()]));

/** Answers known before the form (a lead form's, the URL's), as a JSON object in one query parameter. */
export const answersParam = z
  .string()
  .max(4000)
  .openapi({
    description: 'A JSON object of the answers the page’s routing rules read (`routingFields`): the slots are then the routed host’s.',
    example: '{"country":"FR"}',
  })
  .refine((json) => {
    try {
      return answersValue.safeParse(JSON.parse(json)).success;
    } catch {
      return false;
    }
  }, 'a JSON object of answers (text or true/false)')
  .transform((json) => answersValue.parse(JSON.parse(json)));

export const slotsQuerySchema = z.object({
  event: line()
    .min(1)
    .max(64)
    .optional()
    .openapi({ description: 'The entry’s event type; the page’s first entry when left out, so slots can be asked while the page is on its way.', example: 'demo' }),
  from: dateParam.openapi({ description: 'The first day, in `timezone`.', example: '2026-12-01' }),
  to: dateParam.openapi({ description: 'The last day (inclusive), in `timezone`; at most 62 days after `from`.', example: '2026-12-14' }),
  timezone: timezoneParam,
  answers: answersParam.optional(),
  locale: line().max(35).optional().openapi({ description: 'The language of a routing refusal’s message.', example: 'fr' }),
});

export const slotSchema = z
  .object({
    start: z.string().openapi({ example: '2026-12-01T09:00:00Z' }),
    end: z.string().openapi({ example: '2026-12-01T09:30:00Z' }),
    seatsLeft: z.number().int().openapi({ description: 'More than 1 only for group sessions.', example: 1 }),
    host: z
      .object({ name: z.string() })
      .optional()
      .openapi({ description: 'Who the visitor will meet, when not the page’s member: a colleague who takes their meetings on their days away.', example: { name: 'Bo Chen' } }),
    sessions: z
      .array(z.string())
      .optional()
      .openapi({ description: 'Of a `weekly` entry: the start of every session of the series this slot begins (the same local time each week, on the host’s clock).' }),
  })
  .openapi('Slot', { description: 'A time the entry’s host can take (UTC instants).' });

export const slotsResponseSchema = z
  .object({ event: z.string(), timezone: z.string(), slots: z.array(slotSchema).openapi({ description: 'Sorted by start, unique.' }) })
  .openapi('Slots');

/** A hold's token: 256 random bits, base64url. */
const holdToken = z.string().regex(/^[\w-]{43}$/, 'not a hold id');

export const bookingRequestSchema = z
  .object({
    event: line().min(1).max(64).openapi({ description: 'One of the page’s entries, by event type id.', example: 'demo' }),
    start: instantParam.openapi({ description: 'A slot’s start; for a `weekly` entry, the series’ first.' }),
    starts: z
      .array(instantParam)
      .min(1)
      .max(12)
      .optional()
      .openapi({ description: 'A `pick` entry’s chosen starts, in order, `start` first: booked all or none (`409 slot_unavailable` when one is taken).' }),
    timezone: timezoneParam.openapi({ description: 'The customer’s time zone, for their emails and invite.' }),
    locale: line()
      .min(2)
      .max(35)
      .refine(isLanguageTag, 'not a BCP 47 language tag')
      .openapi({ description: 'A BCP 47 tag; the booking keeps the shipped locale closest to it, else the page’s.', example: 'fr' }),
    name: line().trim().min(1).max(maxLength.name).openapi({ example: 'Zoé Client' }),
    email: z.email({ pattern: emailPattern }).max(maxLength.email).openapi({ example: 'zoe@example.org' }),
    phone: line()
      .max(maxLength.phone)
      .refine((text) => text === '' || isPhoneNumber(text), 'not a phone number')
      .optional()
      .openapi({ description: 'Empty is the same as left out.', example: '+33 1 23 45 67 89' }),
    answers: answersValue.optional().openapi({
      description: 'The booking form’s answers by field id (text, or true/false for checkboxes and consents), and any answers routing rules read.',
      example: { company: 'ACME', country: 'FR' },
    }),
    consent: z.boolean().optional().openapi({ description: '`true` answers every consent field at once.' }),
    guests: z
      .array(z.email({ pattern: emailPattern }).max(maxLength.email))
      .max(maxLength.guests)
      .optional()
      .openapi({
        description: 'Guests’ email addresses, at most the entry’s `guests`: they get the invite and the booking’s emails, but not its manage link.',
        example: ['sam@example.org'],
      }),
    source: z
      .record(line().max(64), line().max(2000))
      .optional()
      .openapi({ description: 'Where the booking came from: `utm_*` parameters and the referrer.', example: { utm_source: 'newsletter' } }),
    idempotencyKey: line()
      .min(8)
      .max(128)
      .optional()
      .openapi({ description: 'Sent again with a retried request, it answers the first booking (`200`) instead of making another.' }),
    personalLink: line().max(4000).optional().openapi({ description: 'A personal link’s signed token (the link’s `kairos_invite` parameter).' }),
    holdId: holdToken
      .optional()
      .openapi({ description: 'The hold this visitor took on the time (`POST …/holds`): it does not block this booking, which ends it. An unknown or expired one is ignored.' }),
  })
  .openapi('BookingRequest');

export const holdRequestSchema = z
  .object({
    event: bookingRequestSchema.shape.event,
    start: instantParam.openapi({ description: 'A slot’s start, as `GET …/slots` gives them.' }),
    answers: answersValue.optional().openapi({ description: 'Answers the page’s routing rules read, as sent with the slots request: the hold takes the routed host’s time.' }),
    locale: line().max(35).optional().openapi({ description: 'The language of a routing refusal’s message.', example: 'fr' }),
  })
  .openapi('HoldRequest');

export const holdResponseSchema = z
  .object({
    holdId: z.string().openapi({ description: 'The hold’s token: send it with the booking (`holdId`), or `DELETE` it to let the time go. Shown only here.' }),
    expiresAt: z.string().openapi({ description: 'From this instant on the hold is nothing.', example: '2026-12-01T09:05:00Z' }),
  })
  .openapi('Hold');

export const bookingStatusSchema = z.enum(bookingStatuses);

export const bookingResponseSchema = z
  .object({
    id: z.string(),
    status: bookingStatusSchema,
    event: z.string(),
    title: z.string().optional(),
    start: z.string().openapi({ example: '2026-12-01T09:00:00Z' }),
    end: z.string().openapi({ example: '2026-12-01T09:30:00Z' }),
    timezone: z.string(),
    locale: z.string().optional(),
    page: z.string().optional(),
    name: z.string().optional(),
    guests: z.array(z.string()).optional().openapi({ description: 'The guests’ email addresses, when there are any.' }),
    hosts: z.array(z.object({ name: z.string() })).openapi({ description: 'The assigned members.' }),
    location: z
      .object({
        type: z.enum(['video', 'phone', 'in_person']),
        joinUrl: z.string().optional(),
        address: z.string().optional(),
        number: z.string().optional(),
        provider: z.string().optional().openapi({ description: 'The conferencing provider the video meeting is made with (`zoom`, `teams`, `meet`, `webex`, `goto`), when it is one.' }),
        joinUrlPending: z
          .boolean()
          .optional()
          .openapi({ description: 'The provider is still making the meeting: `joinUrl` follows by email (and in this booking, once made).' }),
      })
      .openapi('Location'),
    manageUrl: z.string().openapi({ description: 'The customer’s manage page; its `token` parameter is the manage token.' }),
    icsUrl: z.string().openapi({ description: 'The booking’s iCalendar invite.' }),
    sessions: z
      .array(
        z.object({
          id: z.string(),
          status: bookingStatusSchema,
          start: z.string(),
          end: z.string(),
          hosts: z.array(z.object({ name: z.string() })),
        }),
      )
      .optional()
      .openapi({ description: 'Every session of a multi-session booking, this one included, by start (the same manage token manages each).' }),
  })
  .openapi('Booking');

const manageToken = line().min(1).max(200).openapi({ description: 'The manage token: the `token` parameter of the booking’s `manageUrl`.' });

export const cancelRequestSchema = z
  .object({
    token: manageToken,
    reason: text().max(maxLength.reason).optional().openapi({ description: 'Shown in the cancellation emails.' }),
    scope: z
      .enum(['one', 'all'])
      .optional()
      .openapi({ description: 'Of a multi-session booking: `one` (the default) cancels this session, `all` every session not yet started.' }),
  })
  .openapi('CancelRequest');
export const rescheduleRequestSchema = z
  .object({ token: manageToken, start: instantParam.openapi({ description: 'A slot’s start, as `GET …/slots` gives them.' }) })
  .openapi('RescheduleRequest');

export type ApiError = z.infer<typeof errorSchema>;
export type PageResponse = z.infer<typeof pageResponseSchema>;
export type PageEntry = z.infer<typeof pageEntrySchema>;
export type PageField = z.infer<typeof fieldSchema>;
export type SlotsResponse = z.infer<typeof slotsResponseSchema>;
export type BookingRequest = z.infer<typeof bookingRequestSchema>;
export type BookingResponse = z.infer<typeof bookingResponseSchema>;
export type HoldRequest = z.infer<typeof holdRequestSchema>;
export type HoldResponse = z.infer<typeof holdResponseSchema>;

export const pageParamsSchema = z.object({ page: line().min(1).max(64).openapi({ description: 'The page’s slug.', example: 'sales' }) });
export const pageQuerySchema = z.object({
  locale: line().max(35).optional().openapi({ description: 'The visitor’s language (a BCP 47 tag); else the page’s own.', example: 'fr' }),
});
export const holdParamsSchema = pageParamsSchema.extend({ id: holdToken.openapi({ description: 'The hold’s token (`holdId`).' }) });
export const bookingParamsSchema = z.object({ id: line().min(1).max(64).openapi({ description: 'The booking’s id.' }) });
export const tokenQuerySchema = z.object({ token: manageToken });

/** Booking on behalf of a customer: the public request plus the page it is made on. */
export const adminBookingRequestSchema = bookingRequestSchema
  .extend({ page: line().min(1).max(64) })
  .omit({ personalLink: true, holdId: true })
  .openapi('AdminBookingRequest');

export const adminBookingSchema = z
  .object({
    id: z.string(),
    status: bookingStatusSchema,
    page: z.string(),
    event: z.string(),
    start: z.string(),
    end: z.string(),
    timezone: z.string(),
    locale: z.string(),
    name: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    guests: z.array(z.string()),
    answers: z.record(z.string(), z.union([z.string(), z.boolean()])),
    source: z.record(z.string(), z.string()),
    members: z.array(z.object({ id: z.string(), name: z.string(), pool: z.string().nullable() })),
    location: bookingResponseSchema.shape.location,
    sequence: z.number().int(),
    reason: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('AdminBooking');

export const reassignRequestSchema = z
  .object({
    member: line().min(1).max(64).openapi({ description: 'The member who takes the place; free at the booking’s time.', example: 'bo' }),
    replace: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .openapi({ description: 'Which assigned member to replace; may be left out when the booking has one member, or with a member key (its own place).' }),
  })
  .openapi('ReassignRequest');
export const declineRequestSchema = z
  .object({ reason: text().max(maxLength.reason).optional().openapi({ description: 'Shown in the customer’s email.' }) })
  .openapi('DeclineRequest');

export const poolParamsSchema = z.object({ pool: line().min(1).max(64).openapi({ description: 'The pool’s id.', example: 'sales' }) });
export const poolStatsQuerySchema = z.object({
  from: dateParam.optional().openapi({ description: 'Count assignments from this day (UTC).', example: '2026-12-01' }),
  to: dateParam.optional().openapi({ description: 'Up to this day, inclusive (UTC).', example: '2026-12-31' }),
});
export const poolStatsSchema = z
  .object({
    pool: z.string(),
    method: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    members: z.array(
      z.object({
        member: z.string(),
        assigned: z.number().int(),
        cancelled: z.number().int(),
        reassignedAway: z.number().int(),
        noShows: z.number().int(),
        credited: z.number(),
        lastAssignedAt: z.string().nullable(),
      }),
    ),
  })
  .openapi('PoolStats');

export const linkRequestSchema = z
  .object({
    page: line().min(1).max(64).openapi({ description: 'The page’s slug.', example: 'sales' }),
    event: line().min(1).max(64).optional().openapi({ description: 'Preselects this entry.', example: 'demo' }),
    prefill: z
      .record(line().max(64), text().max(2000))
      .default({})
      .openapi({ description: 'Prefill values by field id (`name`, `email`, `phone`, …).', example: { name: 'Zoé Client', email: 'zoe@example.org' } }),
    expiresAt: instantParam.optional().openapi({ description: 'After this, bookings made with the link are refused (`400 invalid_token`).' }),
    crm: z
      .object({
        provider: z.enum(crmProviderNames).openapi({ description: 'A CRM set up on this server (README, "CRM").' }),
        recordId: line()
          .min(1)
          .max(64)
          .regex(/^[A-Za-z0-9_-]+$/, 'a CRM record id is letters, digits, `-` and `_`')
          .openapi({ description: 'A HubSpot contact id, or a Salesforce Contact or Lead id.', example: '0035e00000AbCdEAAV' }),
      })
      .strict()
      .optional()
      .openapi({ description: 'Prefills `name`, `email` and `phone` from this CRM record; `prefill` overrides what it says. `404 not_found` when the CRM has no such record, `503 provider_unavailable` when it cannot be read now.' }),
  })
  .openapi('LinkRequest');
export const linkResponseSchema = z
  .object({
    url: z.string().openapi({ description: 'The server’s booking page for it: `/book/{page}?kairos_invite=<token>`.' }),
    token: z.string().openapi({ description: 'The signed token, for a `kairos_invite` parameter on any page that embeds the widget.' }),
  })
  .openapi('Link');

export const memberParamsSchema = z.object({ member: line().min(1).max(64).openapi({ description: 'The member’s id.', example: 'ana' }) });
export const memberKeySchema = z
  .object({
    member: z.string(),
    key: z.string().openapi({ description: 'Shown this once; only its SHA-256 is kept. It acts as the member on booking changes.' }),
  })
  .openapi('MemberKey');

/** GDPR: a customer, by the email their bookings were made with (any case). */
export const customerParamsSchema = z.object({
  email: z.email({ pattern: emailPattern }).max(maxLength.email).openapi({ description: 'The customer’s email, matched without case.', example: 'zoe@example.org' }),
});
export const customerExportSchema = z
  .object({
    email: z.string().openapi({ description: 'The address asked for, in lower case.' }),
    exportedAt: z.string(),
    bookings: z.array(
      adminBookingSchema.extend({
        activity: z
          .array(z.object({ at: z.string(), type: z.string(), actor: z.string(), data: z.record(z.string(), z.unknown()) }))
          .openapi({ description: 'What happened to the booking, oldest first: its status history.' }),
      }),
    ),
    notifications: z
      .array(
        z.object({
          id: z.string(),
          booking: z.string(),
          kind: z.enum(['email', 'webhook', 'sms']),
          topic: z.string(),
          template: z.string().nullable(),
          recipient: z.enum(['customer', 'guest', 'member']).nullable(),
          status: z.string(),
          createdAt: z.string(),
          dueAt: z.string(),
          sentAt: z.string().nullable(),
        }),
      )
      .openapi({ description: 'The emails and webhooks about the bookings, queued or sent; never their content or manage links.' }),
    consents: z
      .array(
        z.object({
          booking: z.string(),
          field: z.string(),
          label: z.string().openapi({
            description: 'The text shown, recorded with the booking; for bookings made before consents were recorded, the config’s current label.',
          }),
          given: z.boolean(),
          at: z.string().openapi({ description: 'When: the booking’s creation.' }),
        }),
      )
      .openapi({ description: 'Each consent field answered, per booking.' }),
  })
  .openapi('CustomerExport', { description: 'Everything stored about one customer. Empty lists when nothing is.' });
export const customerErasureSchema = z
  .object({
    erased: z.object({
      bookings: z.number().int().openapi({ description: 'Bookings whose personal data was cleared; they stay, anonymous, in counts and stats.' }),
      outboxRows: z.number().int().openapi({ description: 'Emails and webhooks about them, queued or sent, deleted.' }),
      activityEntries: z.number().int().openapi({ description: 'Activity entries whose personal details were removed.' }),
    }),
  })
  .openapi('CustomerErasure');

export type AdminBooking = z.infer<typeof adminBookingSchema>;
export type PoolStats = z.infer<typeof poolStatsSchema>;

/** The activity stream's narrowing (docs/http-api.md), as `GET /admin/activity` takes it and a saved filter keeps it. */
const activityFilterShape = {
  q: line()
    .max(200)
    .optional()
    .openapi({ description: 'Free text: a booking’s id, or words of the customer’s name, email, phone or answers (each word matches the start of a word).', example: 'acme' }),
  view: z
    .enum(['today', 'upcoming', 'requests'])
    .optional()
    .openapi({ description: '`today`: bookings meeting today (in `timezone`); `upcoming`: starting later and still held (pending or confirmed); `requests`: pending approval.' }),
  status: bookingStatusSchema.optional().openapi({ description: 'Bookings in this status.' }),
  member: line().min(1).max(64).optional().openapi({ description: 'Bookings this member is assigned to.', example: 'ana' }),
  pool: line().min(1).max(64).optional().openapi({ description: 'Bookings with a member drawn from this pool.', example: 'sales' }),
  page: line().min(1).max(64).optional().openapi({ description: 'Bookings made on this page.', example: 'sales' }),
  event: line().min(1).max(64).optional().openapi({ description: 'Bookings of this event type.', example: 'demo' }),
  from: dateParam.optional().openapi({ description: 'Bookings starting on or after this day (in `timezone`).', example: '2026-12-01' }),
  to: dateParam.optional().openapi({ description: 'Bookings starting on or before this day (inclusive, in `timezone`).', example: '2026-12-31' }),
  timezone: timezoneParam.optional().openapi({ description: 'The zone of `today`, `from` and `to`; UTC when left out.' }),
};
const fromNotAfterTo = (query: { from?: string | undefined; to?: string | undefined }) => !query.from || !query.to || query.from <= query.to;
const fromNotAfterToIssue = { message: '`to` is before `from`', path: ['to'] };

export const activityFilterSchema = z.strictObject(activityFilterShape).refine(fromNotAfterTo, fromNotAfterToIssue).openapi('ActivityFilter');

export const activityQuerySchema = z
  .object({
    ...activityFilterShape,
    cursor: line().max(200).optional().openapi({ description: 'The `nextCursor` of the previous page.' }),
    limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: 'Entries per page, 1–200.', example: 50 }),
  })
  .refine(fromNotAfterTo, fromNotAfterToIssue);

export const activityEntrySchema = z
  .object({
    id: z.string(),
    type: z.string().openapi({ description: '`created`, `requested`, `approved`, `declined`, `cancelled`, `rescheduled`, `reassigned`, `no_show`, `reschedule_requested`, …; from the outbox, by `system`: `notification_sent`, `notification_failed` (an email given up), `webhook_failed` (a webhook given up).', example: 'created' }),
    at: z.string().openapi({ example: '2026-11-30T12:00:00Z' }),
    actor: z.string().openapi({ description: '`customer`, `system`, `admin` or `member:<id>`.', example: 'customer' }),
    data: z.record(z.string(), z.unknown()).openapi({ description: 'What the entry’s type records (a reschedule’s `from` and `to`, a decline’s `reason`, …; a notification’s `kind` and its `template` and `recipient` role, or a webhook’s `topic`, never its content).' }),
    booking: z
      .object({
        id: z.string(),
        status: bookingStatusSchema,
        event: z.string(),
        page: z.string(),
        start: z.string(),
        end: z.string(),
        name: z.string(),
        email: z.string(),
        members: z.array(z.object({ id: z.string(), name: z.string(), pool: z.string().nullable() })),
      })
      .nullable()
      .openapi({ description: 'The booking as it is now; null for an entry about no booking.' }),
  })
  .openapi('ActivityEntry');

export const activityPageSchema = z
  .object({
    items: z.array(activityEntrySchema).openapi({ description: 'Newest first.' }),
    nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next, older entries; null on the last page.' }),
  })
  .openapi('ActivityPage');

export const savedFilterRequestSchema = z
  .object({ name: line().trim().min(1).max(100).openapi({ example: 'My requests' }), query: activityFilterSchema })
  .openapi('SavedFilterRequest');
export const savedFilterSchema = z.object({ id: z.string(), name: z.string(), query: activityFilterSchema }).openapi('SavedFilter');
export const savedFiltersSchema = z.object({ items: z.array(savedFilterSchema) }).openapi('SavedFilters');
export const filterParamsSchema = z.object({ id: line().min(1).max(64).openapi({ description: 'The saved filter’s id.' }) });

export type ActivityQuery = z.infer<typeof activityQuerySchema>;
export type ActivityFilterQuery = z.infer<typeof activityFilterSchema>;
export type ActivityPage = z.infer<typeof activityPageSchema>;

// The booking detail (`GET /api/v1/admin/bookings/{id}`): the booking, its activity and its emails.
export const bookingEmailSchema = z
  .object({
    template: z.string().openapi({ description: 'Which message: `confirmed`, `booked`, `reminder`, `cancelled`, …', example: 'confirmed' }),
    recipient: z.enum(['customer', 'guest', 'member']).nullable().openapi({ description: 'Who it went to, by role; never the address.' }),
    status: z.enum(['pending', 'sent', 'failed', 'cancelled']).openapi({ description: '`failed`: given up after its retries; `cancelled`: superseded (a reminder of a moved booking).' }),
    sentAt: z.string().nullable().openapi({ example: '2026-11-30T12:00:05Z' }),
  })
  .openapi('BookingEmail');
export const bookingDetailSchema = adminBookingSchema
  .extend({
    activity: z.array(activityEntrySchema.omit({ booking: true })).openapi({ description: 'What happened to the booking, notifications included, oldest first.' }),
    emails: z.array(bookingEmailSchema).openapi({ description: 'The emails about the booking, oldest first; never their content.' }),
    fields: z
      .array(
        z.object({
          id: z.string(),
          label: z.string(),
          options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
        }),
      )
      .openapi({ description: 'The event type’s form fields, to read `answers` by: labelled in `locale`, else the booking’s locale. Empty when the event type is no longer configured.' }),
  })
  .openapi('BookingDetail');
export const bookingDetailQuerySchema = z.object({
  locale: line().max(35).optional().openapi({ description: 'The reader’s language (a BCP 47 tag) for the form fields’ labels; else the booking’s.', example: 'de' }),
});

// The activity stream live (`GET /admin/activity/events`) and as CSV (`GET /admin/activity.csv`).
/** The `data` of a live `activity` event (the route sends `text/event-stream`, so this types it rather than documents it). */
export const activityEventSchema = z
  .object({
    id: z.string().openapi({ description: 'The entry’s id.' }),
    type: z.string().openapi({ example: 'created' }),
    at: z.string().openapi({ example: '2026-11-30T12:00:00Z' }),
    bookingId: z.string().nullable(),
  })
  .openapi('ActivityEvent', { description: 'The `data` of an `activity` event: enough to refetch; no personal data.' });
export const activityCsvQuerySchema = z.object(activityFilterShape).refine(fromNotAfterTo, fromNotAfterToIssue);
export type ActivityEvent = z.infer<typeof activityEventSchema>;

// Sign-in (`/api/v1/auth/*`): people sign in with an emailed one-time link and get a session.
const signInToken = line().min(1).max(200).openapi({ description: 'The `token` of the sign-in link.' });
export const signInLinkRequestSchema = z
  .object({ email: z.email({ pattern: emailPattern }).max(maxLength.email).openapi({ example: 'ana@example.com' }) })
  .openapi('SignInLinkRequest');
export const signInRequestSchema = z
  .object({
    token: signInToken,
    email: z
      .email({ pattern: emailPattern })
      .max(maxLength.email)
      .optional()
      .openapi({ description: 'Only with a first-admin link: the new admin’s email, where their next sign-in links go.' }),
  })
  .openapi('SignInRequest');
export const signOutRequestSchema = z
  .object({ everywhere: z.boolean().optional().openapi({ description: 'End every session of the person, not only this one.' }) })
  .openapi('SignOutRequest');
export const signedInSchema = z
  .object({
    person: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
    role: z.enum(['admin', 'member']),
    csrf: z.string().openapi({ description: 'Send it as `X-CSRF-Token` with every write made with the session cookie.' }),
  })
  .openapi('SignedIn');
export const sessionSchema = signedInSchema
  .extend({
    sessions: z.array(z.object({ createdAt: z.string(), lastSeenAt: z.string(), current: z.boolean() })).openapi({
      description: 'Every open session of the person, oldest first; `current` marks the one asking.',
    }),
  })
  .openapi('Session');
export const memberInviteSchema = z.object({ member: z.string(), invited: z.literal(true) }).openapi('MemberInvite');

/** Retention (docs/http-api.md#retention): customers' data erased N days after their meeting, or kept. */
export const retentionSchema = z
  .object({
    days: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .nullable()
      .openapi({ description: 'Days after a booking’s end at which its customer’s personal data is erased; `null` keeps it.', example: 365 }),
  })
  .openapi('Retention');
export type Retention = z.infer<typeof retentionSchema>;
