/**
 * The emails about a booking, as the outbox holds them: what was (or is to be) sent to whom, and
 * how it went. Only the template and the recipient's role leave the store, never the message,
 * the address or a manage link the payload may carry.
 */
import type { Kysely } from 'kysely';
import type { Database, OutboxStatus } from './database.js';
import { fromStored } from './identifiers.js';

export interface BookingEmail {
  template: string;
  /** `customer`, `guest` or `member`; null for a message written out before its recipient was recorded. */
  recipient: 'customer' | 'guest' | 'member' | null;
  status: OutboxStatus;
  sentAt: number | null;
}

/** Oldest first (by when each was queued, then id, so equal times keep one order). */
export async function emailsAbout(db: Kysely<Database>, bookingId: string): Promise<BookingEmail[]> {
  const rows = await db
    .selectFrom('outbox')
    .select(['payload', 'status', 'sent_at'])
    .where('booking_id', '=', bookingId)
    .where('kind', '=', 'email')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => {
    const payload = JSON.parse(row.payload) as { template: string; to?: { role?: 'customer' | 'guest' | 'member' } };
    return { template: payload.template, recipient: payload.to?.role ?? null, status: row.status, sentAt: row.sent_at === null ? null : fromStored(row.sent_at) };
  });
}
