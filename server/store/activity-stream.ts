/**
 * The activity stream read back: entries newest first, by (`at`, `id`), each with a summary of
 * the booking it concerns, narrowed by what the booking is (status, members, pool, page, event
 * type, start, free text). Which narrowing a request asks for is the use case's business
 * (`team/list-activity.ts`); this only reads.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from './connect.js';
import type { BookingStatus, Database } from './database.js';
import { fromStored, toStored } from './identifiers.js';
import { matchesTerms } from './booking-search.js';

export interface ActivityFilter {
  /** Only bookings this member is assigned to (a member key's own scope). */
  assignedTo?: string;
  /** Likewise, asked for in the query; both may be set. */
  member?: string;
  /** Only bookings with a member drawn from this pool. */
  pool?: string;
  /** At least one. */
  statuses?: readonly BookingStatus[];
  page?: string;
  eventType?: string;
  /** Bookings starting at or after this instant… */
  startFrom?: number;
  /** …and strictly before this one. */
  startBefore?: number;
  /** Bookings starting strictly after this instant. */
  startAfter?: number;
  /** Free text: the booking's id, or every word found in its index (`booking-search.ts`). */
  search?: { id: string; terms: readonly string[] };
  /** Entries older than this one, in the stream's order. */
  olderThan?: { at: string; id: string };
  limit: number;
}

export interface ActivityEntry {
  id: string;
  type: string;
  actor: string;
  /** Stored text, as the cursor carries it. */
  at: string;
  data: Record<string, unknown>;
  booking: {
    id: string;
    status: BookingStatus;
    page: string;
    event: string;
    start: number;
    end: number;
    name: string;
    email: string;
    members: { id: string; name: string; pool: string | null }[];
  } | null;
}

export async function readActivity(db: Kysely<Database>, dialect: Dialect, filter: ActivityFilter): Promise<ActivityEntry[]> {
  let query = db
    .selectFrom('activity as a')
    .leftJoin('bookings as b', 'b.id', 'a.booking_id')
    .select(['a.id', 'a.type', 'a.actor', 'a.at', 'a.data', 'a.booking_id', 'b.status', 'b.page', 'b.event_type', 'b.start_at', 'b.end_at', 'b.name', 'b.email']);
  for (const member of [filter.assignedTo, filter.member]) {
    if (member === undefined) continue;
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom('booking_members as bm').select('bm.member_id').whereRef('bm.booking_id', '=', 'a.booking_id').where('bm.member_id', '=', member)),
    );
  }
  if (filter.pool !== undefined) {
    const pool = filter.pool;
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom('booking_members as bm').select('bm.member_id').whereRef('bm.booking_id', '=', 'a.booking_id').where('bm.pool', '=', pool)),
    );
  }
  if (filter.statuses) query = query.where('b.status', 'in', [...filter.statuses]);
  if (filter.page !== undefined) query = query.where('b.page', '=', filter.page);
  if (filter.eventType !== undefined) query = query.where('b.event_type', '=', filter.eventType);
  if (filter.startFrom !== undefined) query = query.where('b.start_at', '>=', toStored(filter.startFrom));
  if (filter.startBefore !== undefined) query = query.where('b.start_at', '<', toStored(filter.startBefore));
  if (filter.startAfter !== undefined) query = query.where('b.start_at', '>', toStored(filter.startAfter));
  if (filter.search) {
    const { id, terms } = filter.search;
    query = query.where((eb) =>
      terms.length ? eb.or([eb('b.id', '=', id), matchesTerms(dialect, sql.ref('b.id'), terms)]) : eb('b.id', '=', id),
    );
  }
  if (filter.olderThan) {
    const { at, id } = filter.olderThan;
    query = query.where((eb) => eb.or([eb('a.at', '<', at), eb.and([eb('a.at', '=', at), eb('a.id', '<', id)])]));
  }
  const rows = await query.orderBy('a.at', 'desc').orderBy('a.id', 'desc').limit(filter.limit).execute();
  const members = await membersOf(db, [...new Set(rows.flatMap((r) => (r.booking_id && r.status ? [r.booking_id] : [])))]);
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    actor: r.actor,
    at: r.at,
    data: JSON.parse(r.data) as Record<string, unknown>,
    booking:
      r.booking_id && r.status
        ? {
            id: r.booking_id,
            status: r.status,
            page: r.page!,
            event: r.event_type!,
            start: fromStored(r.start_at!),
            end: fromStored(r.end_at!),
            name: r.name!,
            email: r.email!,
            members: members.get(r.booking_id) ?? [],
          }
        : null,
  }));
}

/** The members of each booking, by member id; a member since removed from the config keeps their id as name. */
async function membersOf(db: Kysely<Database>, bookingIds: string[]): Promise<Map<string, { id: string; name: string; pool: string | null }[]>> {
  const byBooking = new Map<string, { id: string; name: string; pool: string | null }[]>();
  if (bookingIds.length === 0) return byBooking;
  const rows = await db
    .selectFrom('booking_members as bm')
    .leftJoin('members as m', 'm.id', 'bm.member_id')
    .select(['bm.booking_id', 'bm.member_id', 'bm.pool', 'm.data'])
    .where('bm.booking_id', 'in', bookingIds)
    .orderBy('bm.booking_id')
    .orderBy('bm.member_id')
    .execute();
  for (const row of rows) {
    const name = row.data ? (JSON.parse(row.data) as { name: string }).name : row.member_id;
    const list = byBooking.get(row.booking_id) ?? [];
    list.push({ id: row.member_id, name, pool: row.pool });
    byBooking.set(row.booking_id, list);
  }
  return byBooking;
}
