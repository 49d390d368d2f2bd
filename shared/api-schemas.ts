/**
 * The public API's request and response schemas (CONTRACT §3). They validate requests, generate
 * the OpenAPI document, and are the types the widget imports (type-only).
 */
import { z } from '@hono/zod-openapi';
import { line, text, timeZone } from './field-rules.js';

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
    }),
  })
  .openapi('Error');

/** A calendar day: `2026-02-30` has the shape but names no day (Date would roll it into March). */
export const dateParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD')
  .refine((day) => {
    const midnight = Date.parse(`${day}T00:00:00Z`);
    return !Number.isNaN(midnight) && new Date(midnight).toISOString().slice(0, 10) === day;
  }, 'no such day');
export const timezoneParam = timeZone;
export const instantParam = z.iso.datetime({ offset: true });

function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

export const fieldSchema = z.object({
  id: z.string(),
  type: z.enum(['text', 'email', 'phone', 'textarea', 'select', 'checkbox', 'consent']),
  label: z.string(),
  required: z.boolean(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
});

export const pageEntrySchema = z.object({
  event: z.string(),
  title: z.string(),
  description: z.string().optional(),
  durationMinutes: z.number().int(),
  location: z.object({ type: z.enum(['video', 'phone', 'in_person']) }),
  seats: z.number().int(),
  requiresApproval: z.boolean(),
  host: z.object({ kind: z.enum(['member', 'pool', 'panel']) }),
  fields: z.array(fieldSchema).optional(),
});

export const pageResponseSchema = z
  .object({
    page: z.string(),
    title: z.string(),
    description: z.string().optional(),
    locale: z.string(),
    locales: z.array(z.string()),
    entries: z.array(pageEntrySchema),
    /** Fields of every entry, by field id; an entry's own list is in `entries[].fields`. */
    fields: z.array(fieldSchema),
    texts: z.record(z.string(), z.string()),
    theme: z.record(z.string(), z.string()),
    localWorkingHours: z.object({ start: z.string(), end: z.string() }).optional(),
    /** Answers the page's routing rules read: send them with a slots request to see the routed host's times. */
    routingFields: z.array(z.string()),
  })
  .openapi('Page');

const answersValue = z.record(line().max(64), z.union([text().max(5000), z.boolean()]));

/** Answers known before the form (a lead form's, the URL's), as a JSON object in one query parameter. */
export const answersParam = z
  .string()
  .max(4000)
  .refine((json) => {
    try {
      return answersValue.safeParse(JSON.parse(json)).success;
    } catch {
      return false;
    }
  }, 'a JSON object of answers (text or true/false)')
  .transform((json) => answersValue.parse(JSON.parse(json)));

export const slotsQuerySchema = z.object({
  /** Defaults to the page's first entry, so a widget can ask for slots while the page is still on its way. */
  event: line().min(1).max(64).optional(),
  from: dateParam,
  to: dateParam,
  timezone: timezoneParam,
  /** Routing rules pick the host from these, exactly as they will for the booking. */
  answers: answersParam.optional(),
  /** The language of a routing refusal's message. */
  locale: line().max(35).optional(),
});

export const slotSchema = z.object({ start: z.string(), end: z.string(), seatsLeft: z.number().int() });

export const slotsResponseSchema = z
  .object({ event: z.string(), timezone: z.string(), slots: z.array(slotSchema) })
  .openapi('Slots');

export const bookingRequestSchema = z
  .object({
    event: line().min(1).max(64),
    start: instantParam,
    timezone: timezoneParam,
    /** A BCP 47 tag; the booking keeps the shipped locale closest to it, else the page's. */
    locale: line().min(2).max(35).refine(isLanguageTag, 'not a BCP 47 language tag'),
    name: line().trim().min(1).max(200),
    email: z.email().max(254),
    phone: line().max(40).optional(),
    answers: answersValue.optional(),
    consent: z.boolean().optional(),
    source: z.record(line().max(64), line().max(2000)).optional(),
    idempotencyKey: line().min(8).max(128).optional(),
    /** A personalised link's signed token (`kairos_invite`). */
    invite: line().max(4000).optional(),
  })
  .openapi('BookingRequest');

export const bookingStatusSchema = z.enum(['pending', 'confirmed', 'cancelled', 'declined', 'completed', 'no_show']);

export const bookingResponseSchema = z
  .object({
    id: z.string(),
    status: bookingStatusSchema,
    event: z.string(),
    title: z.string().optional(),
    start: z.string(),
    end: z.string(),
    timezone: z.string(),
    locale: z.string().optional(),
    page: z.string().optional(),
    name: z.string().optional(),
    hosts: z.array(z.object({ name: z.string() })),
    location: z.object({
      type: z.enum(['video', 'phone', 'in_person']),
      joinUrl: z.string().optional(),
      address: z.string().optional(),
      number: z.string().optional(),
    }),
    manageUrl: z.string(),
    icsUrl: z.string(),
  })
  .openapi('Booking');

export const cancelRequestSchema = z.object({ token: line().min(1).max(200), reason: text().max(2000).optional() });
export const rescheduleRequestSchema = z.object({ token: line().min(1).max(200), start: instantParam });

export type ApiError = z.infer<typeof errorSchema>;
export type PageResponse = z.infer<typeof pageResponseSchema>;
export type PageEntry = z.infer<typeof pageEntrySchema>;
export type PageField = z.infer<typeof fieldSchema>;
export type SlotsResponse = z.infer<typeof slotsResponseSchema>;
export type BookingRequest = z.infer<typeof bookingRequestSchema>;
export type BookingResponse = z.infer<typeof bookingResponseSchema>;

export const pageParamsSchema = z.object({ page: line().min(1).max(64) });
export const pageQuerySchema = z.object({ locale: line().max(35).optional() });
export const bookingParamsSchema = z.object({ id: line().min(1).max(64) });
export const tokenQuerySchema = z.object({ token: line().min(1).max(200) });

/** Booking on behalf of a customer: the public request plus the page it is made on. */
export const adminBookingRequestSchema = bookingRequestSchema
  .extend({ page: line().min(1).max(64) })
  .omit({ invite: true })
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
    answers: z.record(z.string(), z.union([z.string(), z.boolean()])),
    source: z.record(z.string(), z.string()),
    members: z.array(z.object({ id: z.string(), name: z.string(), pool: z.string().nullable() })),
    location: bookingResponseSchema.shape.location,
    sequence: z.number().int(),
    reason: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('AdminBooking');

export const reassignRequestSchema = z.object({
  member: line().min(1).max(64),
  /** Which assigned member to replace; may be left out when the booking has one member. */
  replace: line().min(1).max(64).optional(),
});
export const declineRequestSchema = z.object({ reason: text().max(2000).optional() });

export const poolParamsSchema = z.object({ pool: line().min(1).max(64) });
export const poolStatsQuerySchema = z.object({ from: dateParam.optional(), to: dateParam.optional() });
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
    page: line().min(1).max(64),
    event: line().min(1).max(64).optional(),
    /** Values may span lines: a prefilled textarea. */
    prefill: z.record(line().max(64), text().max(2000)).default({}),
    expiresAt: instantParam.optional(),
  })
  .openapi('LinkRequest');
export const linkResponseSchema = z.object({ url: z.string(), token: z.string() }).openapi('Link');

export const memberParamsSchema = z.object({ member: line().min(1).max(64) });
export const memberKeySchema = z
  .object({
    member: z.string(),
    /** Shown this once; only its SHA-256 is kept. */
    key: z.string(),
  })
  .openapi('MemberKey');

export type AdminBooking = z.infer<typeof adminBookingSchema>;
export type PoolStats = z.infer<typeof poolStatsSchema>;
