/**
 * Hands a booking change to the outbox, inside the transaction that made it: the use case knows
 * the booking, the config knows its event type, page and webhooks, and notify gets it all as
 * plain data.
 */
import type { Kysely } from 'kysely';
import type { EventType, WebhookEvent } from '../config/schema.js';
import { enqueue } from '../notify/index.js';
import type { Booking } from '../store/booking.js';
import type { ConfigSnapshot } from '../store/config-repository.js';
import type { Database } from '../store/database.js';
import type { BookingDeps } from './booking-deps.js';
import { manageUrl } from './links.js';
import { queueMeetingCall } from './meeting-calls.js';
import { queueCalendarSync } from './calendar-syncs.js';
import { queueCrmSync } from './crm-syncs.js';
import { textRecipient } from './text-recipient.js';
import { recordActivity } from '../store/activity.js';

export interface ChangeNotice {
  /** The plain manage token, known only when it was just issued (create, reschedule). */
  manageToken?: string;
  /** The booking before a reschedule or reassignment. */
  previous?: Booking;
  /** Every session of a multi-session booking the change made or ended together (`booking` among them). */
  sessions?: Booking[];
}

/** The booking's event type; one removed from the config since is titled by its id, with no fields or reminders (nor texts). */
export function eventOf(config: ConfigSnapshot, booking: Booking): Pick<EventType, 'title' | 'fields' | 'reminders' | 'sms'> {
  return config.eventTypes.get(booking.eventType) ?? { title: booking.eventType, fields: [], reminders: [] };
}

export async function notifyChange(
  trx: Kysely<Database>,
  deps: BookingDeps,
  config: ConfigSnapshot,
  type: WebhookEvent,
  booking: Booking,
  now: number,
  notice: ChangeNotice = {},
): Promise<void> {
  const event = eventOf(config, booking);
  const webhooks = [...config.webhooks.values()].filter((w) => !w.disabled).map((w) => w.webhook);
  let meetingPending = false;
  // Each session of a series has a meeting of its own.
  for (const session of notice.sessions ?? [booking]) {
    if (await queueMeetingCall(trx, type, session, config.eventTypes.get(session.eventType), now)) meetingPending = true;
  }
  // Each session's copy in its members' calendars too.
  for (const session of notice.sessions ?? [booking]) await queueCalendarSync(trx, config, type, session, now);
  // And each its meeting in the CRM.
  for (const session of notice.sessions ?? [booking]) await queueCrmSync(trx, config, type, session, now);
  const texting = textRecipient(config.eventTypes.get(booking.eventType), booking);
  // A number the customer agreed to be texted at, but that cannot be placed: said once, when booked.
  if (type === 'booking.created' && texting && 'skipped' in texting && texting.skipped === 'not_e164') {
    await recordActivity(trx, { bookingId: booking.id, type: 'sms_skipped', actor: 'system', now, data: { reason: 'the phone number cannot be made international (E.164): set sms.defaultCountryCode, or ask for the country code' } });
  }
  await enqueue(trx, {
    type,
    booking,
    event,
    page: config.pages.get(booking.page) ?? null,
    now,
    publicUrl: deps.publicUrl,
    ...(notice.manageToken ? { manageUrl: manageUrl(deps.publicUrl, booking.id, notice.manageToken) } : {}),
    ...(notice.previous ? { previous: notice.previous } : {}),
    ...(notice.sessions ? { sessions: notice.sessions } : {}),
    webhooks,
    meetingPending,
    ...(texting && 'to' in texting ? { textTo: texting.to } : {}),
  });
}
