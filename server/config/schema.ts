/**
 * The config file (docs/config.md): what `PUT /api/v1/admin/config` and `KAIROS_CONFIG` take.
 * These zod schemas are the single source of the config types used by the engine, the store
 * and the API.
 */
import { z } from '@hono/zod-openapi';
import { line, text, timeZone, url } from '../../shared/field-schemas.js';
import { conferencingProviderNames } from '../../shared/conferencing-providers.js';
import { crmProviderNames } from '../../shared/crm-providers.js';
import { maxLength } from '../../shared/field-rules.js';
import { weekdays } from './weekdays.js';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'ids are letters, digits, "-" and "_"');
const hhmm = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'times are "HH:MM"');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD');
const instant = z.iso.datetime({ offset: true });
const localeTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'not a locale tag');
/** A text in several locales: `{"en": "Product demo", "fr": "Démo produit"}`. It may span lines. */
export const localizedText = z.union([text(), z.record(line(), text())]);

/** `["09:00", "12:00"]`; an end at or before the start crosses midnight. */
export const timeRange = z.tuple([hhmm, hhmm]);
export const weekday = z.enum(weekdays);
export { weekdays };

export const calendarSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ics'), url: url() }),
  z.object({
    type: z.literal('caldav'),
    url: url(),
    username: line().optional(),
    /**
     * HTTP Basic password. A secret: stored sealed, exported as `"********"`, and `"********"`
     * sent back keeps the stored one of this calendar (`config/kept-secrets.ts`, docs/config.md "Secrets").
     */
    password: line().optional(),
    /**
     * Bookings are written into this calendar as events (`booking/write-calendars.ts`), updated
     * and removed with them. At most one of the member's calendars says so.
     */
    writeTo: z.boolean().optional(),
  }),
  /**
   * Busy time from Google Calendar's free/busy (`integrations/provider-busy.ts`): `id` is the
   * calendar id, the member's email when left out. Read with the server's Google account, the one
   * Meet and write-back use (`KAIROS_GOOGLE_*`, README "Busy time from Google and Microsoft 365").
   */
  z.object({ type: z.literal('google'), id: line().min(1).max(320).optional() }).strict(),
  /**
   * Busy time from Microsoft 365's `getSchedule`: `id` is the user id or UPN, the member's email
   * when left out. Read with the server's Entra app, the one Teams and write-back use (`KAIROS_TEAMS_*`).
   */
  z.object({ type: z.literal('microsoft'), id: line().min(1).max(320).optional() }).strict(),
]);

export const awaySchema = z
  .object({ from: date, to: date, handOverTo: id.optional(), note: line().max(500).optional() })
  .strict()
  .refine((a) => a.from <= a.to, { message: '"to" must not be before "from"', path: ['to'] });

export const busySchema = z.object({ start: instant, end: instant });

export const memberSchema = z.object({
  id,
  name: line().min(1).max(200),
  email: z.email(),
  timezone: timeZone,
  locale: localeTag.default('en-US'),
  weekly: z.partialRecord(weekday, z.array(timeRange)).default({}),
  overrides: z.array(z.object({ date, intervals: z.array(timeRange) })).default([]),
  busy: z.array(busySchema).default([]),
  calendars: z
    .array(calendarSchema)
    .default([])
    .refine((calendars) => calendars.filter((c) => c.type === 'caldav' && c.writeTo).length <= 1, 'bookings are written into one calendar at most: one "writeTo"'),
  /**
   * Who the member is at each conferencing provider whose meetings they host: a Zoom user id or
   * email, a Microsoft 365 user id or UPN, a Google calendar id, a Webex host email. Left out,
   * the member's email is used. References only: the providers' secrets come from the environment.
   */
  conferencing: z.partialRecord(z.enum(conferencingProviderNames).exclude(['jitsi']), line().min(1).max(320)).optional(),
  /**
   * Bookings written into the member's Google or Microsoft 365 calendar (`booking/write-calendars.ts`):
   * `id` is the Google calendar id or the Microsoft 365 user id or UPN, the member's email when left
   * out. The account's credentials come from the environment (README "Calendar write-back"). Used
   * instead of a CalDAV calendar's `writeTo` when both are set.
   */
  /**
   * Who the member is in each CRM their meetings are logged in: a HubSpot owner id, a Salesforce
   * user id (`005…`). Their bookings' meetings are theirs there (`hubspot_owner_id`, `OwnerId`).
   */
  crm: z.partialRecord(z.enum(crmProviderNames), z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'a CRM user id is letters and digits')).optional(),
  calendarWriteBack: z.object({ provider: z.enum(['google', 'microsoft']), id: line().min(1).max(320).optional() }).strict().optional(),
  /** At most this many minutes of meetings (of any event type) per local day. */
  maxBookedMinutesPerDay: z.number().int().min(5).max(24 * 60).optional(),
  /**
   * Days away (out of office), inclusive local days in the member's zone: no slots on them, pools
   * skip them, round robin neither counts them for nor against the member, and the member's own
   * page offers `handOverTo`'s times on them (docs/config.md, "away").
   */
  away: z.array(awaySchema).optional(),
});

/**
 * The parts of a member that say when they can meet and what keeps them busy elsewhere, as a
 * member (or an admin) reads and replaces them (`GET|PUT /api/v1/admin/members/{member}/schedule`).
 * All four are required there: a replace that left one out would silently clear it.
 */
export const scheduleParts = ['timezone', 'weekly', 'overrides', 'calendars'] as const;
export const scheduleSchema = memberSchema
  .pick({ timezone: true, weekly: true, overrides: true, calendars: true })
  .required()
  // Days away came later than the console's schedule screen: left out, they are kept as stored.
  .extend({ away: z.array(awaySchema).optional() })
  .strict();

export const fieldSchema = z.object({
  id,
  type: z.enum(['text', 'email', 'phone', 'textarea', 'select', 'checkbox', 'consent']),
  label: localizedText,
  required: z.boolean().default(false),
  options: z.array(z.object({ value: line(), label: localizedText })).optional(),
});

export const locationSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('video'), provider: z.enum(['jitsi', 'custom']).default('jitsi'), url: url().optional() }),
  z.object({ type: z.literal('phone'), number: line().optional() }),
  z.object({ type: z.literal('in_person'), address: text().optional() }),
]);

/** Weekly hours of an event type's own, in their own zone: the shape of a member's working hours. */
export const eventScheduleSchema = z
  .object({
    timezone: timeZone,
    weekly: z.partialRecord(weekday, z.array(timeRange)).default({}),
    overrides: z.array(z.object({ date, intervals: z.array(timeRange) })).default([]),
  })
  .strict();

export const capPeriod = z.enum(['day', 'week', 'month', 'year']);

/** A cap on the meetings of one event type across the whole team. */
export const teamLimitSchema = z
  .object({
    max: z.number().int().min(1),
    per: capPeriod,
    /** The calendar the periods are counted in; else the event type's schedule's zone, else UTC. */
    timezone: timeZone.optional(),
  })
  .strict();

/**
 * A course of several sessions booked together, all or none. `pick`: the visitor chooses `count`
 * times (`exact: false`: from 1 up to `count`); `weekly`: the visitor chooses the first, and the
 * series repeats at the same wall-clock time of the host's zone every week, `count` times in all.
 */
export const sessionsSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('pick'), count: z.number().int().min(2).max(12), exact: z.boolean().default(true) }).strict(),
  z.object({ mode: z.literal('weekly'), count: z.number().int().min(2).max(12) }).strict(),
]);

/**
 * Texts by SMS to the visitor (README "SMS", docs/config.md "sms"): sent only to a visitor who gave
 * a phone number (the form's `phone`, else its first `phone` field) and ticked the consent field
 * `consentField` (a `consent` field of the event type); without that tick, never. The number is
 * made E.164 on the server; a national one needs `defaultCountryCode`.
 */
export const smsSchema = z
  .object({
    /** The id of the event type's `consent` field by which the visitor agrees to texts. */
    consentField: id,
    /** A text when the booking is confirmed, rescheduled or canceled (default true). */
    confirmations: z.boolean().default(true),
    /** Texts this many minutes before the start (as `reminders` are emails). */
    reminders: z.array(z.object({ minutesBefore: z.number().int().min(1) }).strict()).max(5).default([]),
    /** `+` and the country calling code numbers typed without one are in (`+33`); left out, only international numbers get texts. */
    defaultCountryCode: z.string().regex(/^\+[1-9][0-9]{0,2}$/, 'a + and a country calling code, like +33').optional(),
  })
  .strict();

export const eventTypeSchema = z.object({
  id,
  title: localizedText,
  description: localizedText.optional(),
  durationMinutes: z.number().int().min(5).max(24 * 60),
  slotIntervalMinutes: z.number().int().min(5).max(24 * 60).optional(),
  /** `clock` (when left out): starts on the interval's marks of the member's clock; `window`: stepping from each availability range's start. */
  slotAlignment: z.enum(['clock', 'window']).optional(),
  /** Shifts the clock's marks by this many minutes (taken modulo the interval): 5 → :05, :20, … */
  slotOffsetMinutes: z.number().int().min(0).max(24 * 60 - 1).optional(),
  /** Used instead of the members' weekly hours (their date overrides still limit it). */
  schedule: eventScheduleSchema.optional(),
  bufferBeforeMinutes: z.number().int().min(0).max(24 * 60).default(0),
  bufferAfterMinutes: z.number().int().min(0).max(24 * 60).default(0),
  minNoticeMinutes: z.number().int().min(0).default(0),
  horizonDays: z.number().int().min(1).max(730).default(60),
  maxPerDay: z.number().int().min(1).optional(),
  maxPerWeek: z.number().int().min(1).optional(),
  maxPerMonth: z.number().int().min(1).optional(),
  maxPerYear: z.number().int().min(1).optional(),
  teamLimit: teamLimitSchema.optional(),
  seats: z.number().int().min(1).max(1000).default(1),
  requiresApproval: z.boolean().default(false),
  location: locationSchema.default({ type: 'video', provider: 'jitsi' }),
  /**
   * A video meeting made for each booking at a provider, in the first assigned member's account
   * (README, "Video meetings"). Until it is made the booking's location says its link follows; a
   * provider that keeps failing leaves the booking at `fallback` (a Jitsi room unless said otherwise).
   */
  conferencing: z.object({ provider: z.enum(conferencingProviderNames), fallback: locationSchema.optional() }).strict().optional(),
  /**
   * The CRM its bookings are logged in (README, "CRM"): the customer found by email or added, the
   * booking logged as a meeting on them and kept in line when it moves, changes hands, is
   * cancelled or missed. The CRM's credentials come from the environment, never from here.
   */
  crm: z.object({ provider: z.enum(crmProviderNames) }).strict().optional(),
  fields: z.array(fieldSchema).default([]),
  reminders: z.array(z.object({ minutesBefore: z.number().int().min(1) })).default([]),
  /** How many guests’ addresses a visitor may add; left out or 0, none. */
  guests: z.object({ max: z.number().int().min(0).max(maxLength.guests) }).strict().optional(),
  /** How long a time a visitor picked is held for them while they fill the form; left out, 5. */
  holdMinutes: z.number().int().min(1).max(60).optional(),
  /** Several sessions booked at once (a course, a weekly series); left out, one. */
  sessions: sessionsSchema.optional(),
  sms: smsSchema.optional(),
}).superRefine((event, ctx) => {
  // A consent that names no consent field would silently text nobody, ever: said at import instead.
  if (event.sms && !event.fields.some((f) => f.id === event.sms!.consentField && f.type === 'consent')) {
    ctx.addIssue({ code: 'custom', path: ['sms', 'consentField'], message: `"${event.sms.consentField}" is not a consent field of this event type` });
  }
});

export const poolMethod = z.enum(['round_robin', 'pooled', 'priority']);

export const poolSchema = z.object({
  id,
  method: poolMethod,
  members: z
    .array(
      z.object({
        member: id,
        priority: z.number().int().default(0),
        /** Round robin and pooled: the member's share of the pool's bookings is `weight / sum of weights` (1 when left out). */
        weight: z.number().int().min(1).max(1000).optional(),
      }),
    )
    .min(1),
  autocorrect: z
    .object({
      cancellations: z.boolean().default(true),
      reassignments: z.boolean().default(true),
      noShows: z.boolean().default(true),
    })
    .default({ cancellations: true, reassignments: true, noShows: true }),
  /**
   * Round robin counts bookings since the period began: `none`, the last 365 days; `monthly`,
   * since the first of the month in `timezone`.
   */
  resetPeriod: z.enum(['none', 'monthly']).optional(),
  /** The zone a monthly period starts in (UTC when left out). */
  timezone: timeZone.optional(),
});

/** Who a page entry books with. */
export const hostSchema = z.union([
  z.object({ member: id }).strict(),
  z.object({ pool: id }).strict(),
  z.object({ panel: z.array(z.union([z.object({ member: id }).strict(), z.object({ pool: id }).strict()])).min(1) }).strict(),
]);

export const ruleSchema = z
  .object({
    event: id.optional(),
    when: z.object({
      field: line().min(1),
      equals: line().optional(),
      in: z.array(line()).optional(),
      contains: line().optional(),
    }),
    host: hostSchema.optional(),
    refuse: localizedText.optional(),
  })
  .refine((r) => (r.host === undefined) !== (r.refuse === undefined), 'a rule gives either a host or a refusal');

/** A page's own thank-you page: http(s) only, so a `javascript:` URL is never opened. */
const thankYouUrl = url().refine((u) => /^https?:\/\//i.test(u), 'must be an http or https URL');

export const pageSchema = z.object({
  slug: id,
  title: localizedText,
  description: localizedText.optional(),
  locale: localeTag.default('en-US'),
  allowedOrigins: z.array(line()).default([]),
  entries: z.array(z.object({ event: id, host: hostSchema })).min(1),
  rules: z.array(ruleSchema).default([]),
  localWorkingHours: z.object({ start: hhmm, end: hhmm }).optional(),
  texts: z.record(line(), z.record(line(), text())).default({}),
  theme: z.record(line(), line()).default({}),
  /**
   * What the widget does once a booking is made, unless its embed says otherwise (`redirect-url`,
   * `booked-message`): open the page's thank-you page, or show its message on the confirmation.
   */
  afterBooking: z.object({ redirectUrl: thankYouUrl.optional(), message: localizedText.optional() }).optional(),
});

export const webhookEvents = [
  'booking.created',
  'booking.confirmed',
  'booking.rescheduled',
  'booking.reassigned',
  'booking.cancelled',
  'booking.declined',
  'booking.no_show',
] as const;

/**
 * News of a booking that is no change of its own, told to webhooks only: its video meeting's
 * link arrived after the booking was made (or it fell back to another place, or a move gave it a
 * new link) — `booking/set-up-meeting.ts`.
 */
export const bookingNews = ['booking.meeting_ready'] as const;

export const webhookSchema = z.object({
  id: id.optional(),
  url: url(),
  events: z.array(z.enum([...webhookEvents, ...bookingNews])).min(1),
  /**
   * The Standard Webhooks signing secret. Stored sealed, exported as `"********"`, and
   * `"********"` sent back keeps the stored one of the webhook with this id (docs/config.md "Secrets").
   */
  secret: line().min(8),
});

export const configSchema = z.object({
  members: z.array(memberSchema).default([]),
  eventTypes: z.array(eventTypeSchema).default([]),
  pools: z.array(poolSchema).default([]),
  pages: z.array(pageSchema).default([]),
  webhooks: z.array(webhookSchema).default([]),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type Member = z.infer<typeof memberSchema>;
export type Schedule = z.infer<typeof scheduleSchema>;
export type Away = z.infer<typeof awaySchema>;
export type Calendar = z.infer<typeof calendarSchema>;
export type EventType = z.infer<typeof eventTypeSchema>;
export type EventSchedule = z.infer<typeof eventScheduleSchema>;
export type CapPeriod = z.infer<typeof capPeriod>;
export type TeamLimit = z.infer<typeof teamLimitSchema>;
export type Sessions = z.infer<typeof sessionsSchema>;
export type Pool = z.infer<typeof poolSchema>;
export type PoolMethod = z.infer<typeof poolMethod>;
export type Host = z.infer<typeof hostSchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type Page = z.infer<typeof pageSchema>;
export type Field = z.infer<typeof fieldSchema>;
export type Location = z.infer<typeof locationSchema>;
export type Webhook = z.infer<typeof webhookSchema>;
export type WebhookEvent = (typeof webhookEvents)[number];
/** What a webhook can be sent: a booking change, or news of a booking. */
export type WebhookTopic = WebhookEvent | (typeof bookingNews)[number];
export type { Weekday } from './weekdays.js';
export type TimeRange = z.infer<typeof timeRange>;
export type LocalizedText = z.infer<typeof localizedText>;
