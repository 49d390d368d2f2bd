/**
 * Whether a booking change concerns the CRM, queued in the change's own transaction
 * (`notify-change.ts`) and carried out after it commits (`log-to-crm.ts`): the booking's event
 * type logs its bookings in a CRM, or the booking is already logged in one (an event type that
 * stopped logging still has its logged meetings kept in line).
 */
import type { Kysely } from 'kysely';
import type { WebhookEvent } from '../config/schema.js';
import { enqueueCrmSync } from '../notify/index.js';
import type { Booking } from '../store/booking.js';
import { hasCrmRecord } from '../store/booking-crm-records.js';
import type { ConfigSnapshot } from '../store/config-repository.js';
import type { Database } from '../store/database.js';

export async function queueCrmSync(trx: Kysely<Database>, config: ConfigSnapshot, type: WebhookEvent, booking: Booking, now: number): Promise<void> {
  if (!config.eventTypes.get(booking.eventType)?.crm && !(await hasCrmRecord(trx, booking.id))) return;
  await enqueueCrmSync(trx, booking.id, type.replace(/^booking\./, ''), now);
}
