/**
 * Whether a booking change concerns anyone's own calendar, queued in the change's own transaction
 * (`notify-change.ts`) and carried out after it commits (`write-calendars.ts`): a member of the
 * booking writes bookings into a calendar (`writeTo` in their config), or the booking already has
 * an event in someone's calendar (a member reassigned away, a calendar no longer written to).
 */
import type { Kysely } from 'kysely';
import type { Member, WebhookEvent } from '../config/schema.js';
import { enqueueCalendarSync } from '../notify/index.js';
import type { Booking } from '../store/booking.js';
import { bookingsWithCalendarEvents, hasCalendarEvents } from '../store/booking-calendar-events.js';
import type { ConfigSnapshot } from '../store/config-repository.js';
import type { Database } from '../store/database.js';
import type { CaldavCalendar } from '../integrations/caldav.js';

/** Where a member's bookings are written: a CalDAV calendar, or their calendar at Google or Microsoft 365. */
export type WriteTarget = { kind: 'caldav'; key: string; calendar: CaldavCalendar } | { kind: 'google' | 'microsoft'; key: string; owner: string };

/**
 * The calendar the member's bookings are written into, if they named one. `key` is what the
 * event's row keeps of it: the CalDAV calendar's URL, or `google:<calendar id>`, `microsoft:<user>`.
 */
export function writeTarget(member: Pick<Member, 'calendars' | 'calendarWriteBack' | 'email'> | undefined): WriteTarget | undefined {
  if (!member) return undefined;
  if (member.calendarWriteBack) {
    const owner = member.calendarWriteBack.id ?? member.email;
    return { kind: member.calendarWriteBack.provider, key: `${member.calendarWriteBack.provider}:${owner}`, owner };
  }
  const calendar = member.calendars.find((c): c is CaldavCalendar => c.type === 'caldav' && c.writeTo === true);
  return calendar && { kind: 'caldav', key: calendar.url, calendar };
}

export async function queueCalendarSync(trx: Kysely<Database>, config: ConfigSnapshot, type: WebhookEvent, booking: Booking, now: number): Promise<void> {
  // A no-show changes nothing of the event: it took place.
  if (type === 'booking.no_show') return;
  const writes = booking.members.some((m) => writeTarget(config.members.get(m.id)) !== undefined);
  if (!writes && !(await hasCalendarEvents(trx, booking.id))) return;
  await enqueueCalendarSync(trx, booking.id, type.replace(/^booking\./, ''), now);
}

/**
 * How long after an erasure its bookings' events are rewritten: a write of one of them already
 * under way when the erasure commits read the customer's data before it, and must be over (each
 * calendar call gives up within seconds) so the rewrite is what stays in the calendar.
 */
export const ERASURE_REWRITE_DELAY_MS = 60_000;

/**
 * After an erasure (`team/erase-customer.ts`), in its transaction: the erased bookings that have
 * events in members' calendars get them written again, now without the customer
 * (`write-calendars.ts` words an erased booking's event without them).
 */
export async function queueErasureRewrites(trx: Kysely<Database>, bookingIds: readonly string[], now: number): Promise<number> {
  const ids = await bookingsWithCalendarEvents(trx, bookingIds);
  for (const id of ids) await enqueueCalendarSync(trx, id, 'erased', now, now + ERASURE_REWRITE_DELAY_MS);
  return ids.length;
}
