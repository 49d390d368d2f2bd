/**
 * The invariant the store owns, checked straight in the database: no member holds two
 * overlapping bookings (pending or confirmed), except the seats of one group session (same
 * event, same start), and no session has more bookings than seats.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../server/store/database.js';

export async function countDoubleBookings(db: Kysely<Database>, seatsByEvent: Record<string, number> = {}): Promise<number> {
  const rows = await db
    .selectFrom('bookings as b')
    .innerJoin('booking_members as bm', 'bm.booking_id', 'b.id')
    .select(['bm.member_id', 'b.id', 'b.event_type', 'b.start_at', 'b.end_at'])
    .where('b.status', 'in', ['pending', 'confirmed'])
    .orderBy('bm.member_id')
    .orderBy('b.start_at')
    .execute();
  let doubles = 0;
  const sessions = new Map<string, number>();
  let last: (typeof rows)[number] | undefined;
  let latestEnd = '';
  for (const row of rows) {
    const session = `${row.member_id} ${row.event_type} ${row.start_at}`;
    sessions.set(session, (sessions.get(session) ?? 0) + 1);
    const sameMember = last?.member_id === row.member_id;
    const sameSession = sameMember && last!.event_type === row.event_type && last!.start_at === row.start_at;
    // Stored instants are ISO-8601 UTC text, so string order is time order.
    if (sameMember && !sameSession && row.start_at < latestEnd) doubles++;
    latestEnd = sameMember && latestEnd > row.end_at ? latestEnd : row.end_at;
    last = row;
  }
  for (const [session, count] of sessions) {
    const seats = seatsByEvent[session.split(' ')[1]!] ?? 1;
    if (count > seats) doubles += count - seats;
  }
  return doubles;
}
