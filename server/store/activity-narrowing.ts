/**
 * The conditions an activity filter puts on the booking an entry concerns (`b`), and the
 * bookings a filter names, found on the bookings' own indexes (the search index, the start, the
 * status, a member's bookings). How the stream is read under them is `activity-walk.ts`'s.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { bookingsMatching, entryMatches } from './booking-search.js';
import type { Dialect } from './connect.js';
import type { BookingStatus, Database } from './database.js';
import { toStored } from './identifiers.js';

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
  /** Only this booking's entries. */
  booking?: string;
  /** Entries older than this one, in the stream's order. */
  olderThan?: { at: string; id: string };
  limit: number;
}

// The parts select from different tables under one alias (`e`): typed loosely while narrowed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyQuery = SelectQueryBuilder<any, any, any>;

/** Whether the filter narrows the stream by booking at all. */
export function narrowsBookings(filter: ActivityFilter): boolean {
  const { assignedTo, member, pool, booking, statuses, page, eventType, startFrom, startBefore, startAfter, search } = filter;
  return [assignedTo, member, pool, booking, statuses, page, eventType, startFrom, startBefore, startAfter, search].some((v) => v !== undefined);
}

/** The CTE a `check` reads a search's bookings from: the statement computes it once (`activity-walk.ts`). */
export const SEARCHED = 'searched';

/**
 * The filter's conditions on the booking `b`, as one condition (true when the filter has none),
 * written for one of two uses. To `find` the bookings, a member's bookings and a search's are
 * sets to read them from (the index by member, the search index). To `check` one booking after
 * another (an entry's, `activity-walk.ts`), a member is one seek per booking, and the search on
 * SQLite a set the statement computed (`SEARCHED`; FTS5 cannot look a booking up by its id), on
 * PostgreSQL each booking's own entry matched by its key (`entryMatches`).
 */
export function bookingCondition(filter: ActivityFilter, dialect: Dialect, use: 'find' | 'check') {
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
    const all: Expression<SqlBool>[] = [];
    const assigned = (column: 'bm.member_id' | 'bm.pool', value: string) =>
      eb.exists(eb.selectFrom('booking_members as bm').select('bm.member_id').whereRef('bm.booking_id', '=', 'b.id').where(column, '=', value));
    for (const member of [filter.assignedTo, filter.member]) {
      if (member === undefined) continue;
      all.push(use === 'find' ? eb('b.id', 'in', eb.selectFrom('booking_members as bm').select('bm.booking_id').where('bm.member_id', '=', member)) : assigned('bm.member_id', member));
    }
    // A pool's bookings are many, and unindexed by pool: each booking is checked.
    if (filter.pool !== undefined) all.push(assigned('bm.pool', filter.pool));
    if (filter.booking !== undefined) all.push(eb('b.id', '=', filter.booking));
    if (filter.statuses) all.push(eb('b.status', 'in', [...filter.statuses]));
    if (filter.page !== undefined) all.push(eb('b.page', '=', filter.page));
    if (filter.eventType !== undefined) all.push(eb('b.event_type', '=', filter.eventType));
    if (filter.startFrom !== undefined) all.push(eb('b.start_at', '>=', toStored(filter.startFrom)));
    if (filter.startBefore !== undefined) all.push(eb('b.start_at', '<', toStored(filter.startBefore)));
    if (filter.startAfter !== undefined) all.push(eb('b.start_at', '>', toStored(filter.startAfter)));
    if (filter.search) {
      const { id, terms } = filter.search;
      const matching = bookingsMatching(dialect, terms);
      if (!terms.length) all.push(eb('b.id', '=', id));
      else if (use === 'find') all.push(sql<SqlBool>`b.id in (select ${id} union all ${matching})`);
      else if (dialect === 'postgres') all.push(eb.or([eb('b.id', '=', id), entryMatches(sql.ref('b.id'), terms)]));
      else all.push(eb.or([eb('b.id', '=', id), sql<SqlBool>`b.id in (select booking_id from ${sql.table(SEARCHED)})`]));
    }
    return eb.and(all);
  };
}

/** Entries older than `cursor`, in the stream's order, on a query whose entry time and id are `at` and `id`. */
export function olderThan(query: AnyQuery, cursor: ActivityFilter['olderThan'], at: Expression<string>, id: Expression<string>): AnyQuery {
  if (!cursor) return query;
  // The first bound alone is what an index on the time can seek to; the second is the order.
  return query.where(at, '<=', cursor.at).where((eb) => eb.or([eb(at, '<', cursor.at), eb.and([eb(at, '=', cursor.at), eb(id, '<', cursor.id)])]));
}

/** The ids of the bookings the filter names, when they are `most` or fewer; otherwise undefined. */
export async function bookingsNamed(db: Kysely<Database>, dialect: Dialect, filter: ActivityFilter, most: number): Promise<string[] | undefined> {
  const query = setAlone(db, dialect, filter) ?? db.selectFrom('bookings as b').select('b.id as id').where(bookingCondition(filter, dialect, 'find') as never);
  const rows = (await query.limit(most + 1).execute()) as { id: string }[];
  return rows.length <= most ? [...new Set(rows.map((r) => r.id))] : undefined;
}

/**
 * A filter that names only a member's bookings, or only a search's: read from the index by member
 * or the search index alone, with no booking opened (every booking has its members' rows and its
 * search entry, and they go with it).
 */
function setAlone(db: Kysely<Database>, dialect: Dialect, filter: ActivityFilter): AnyQuery | undefined {
  const { assignedTo, member, search, pool, booking, statuses, page, eventType, startFrom, startBefore, startAfter } = filter;
  if ([pool, booking, statuses, page, eventType, startFrom, startBefore, startAfter].some((v) => v !== undefined)) return undefined;
  const members = [assignedTo, member].filter((m) => m !== undefined);
  if (search && !members.length && search.terms.length) {
    return db.selectFrom('bookings').select('id').where('id', '=', search.id).unionAll(sql<{ id: string }>`${bookingsMatching(dialect, search.terms)}` as never) as AnyQuery;
  }
  if (search || !members.length) return undefined;
  const of = (m: string) => db.selectFrom('booking_members').where('member_id', '=', m);
  return members.slice(1).reduce((query, m) => query.where('booking_id', 'in', of(m).select('booking_id')), of(members[0]!).select('booking_id as id')) as AnyQuery;
}

/** The CTE a statement holds the bookings counted in, as `id`s (`namedBookings`). */
export const NAMED = 'named';

/**
 * The body of the `NAMED` CTE: `ids`, passed as one parameter (an array on PostgreSQL, a JSON
 * array on SQLite), so the statement's text, and SQLite's cached statement, is the same however
 * many, and each statement reads them once.
 */
export function namedBookings(dialect: Dialect, ids: readonly string[]) {
  if (dialect === 'postgres') return sql`(select unnest(${[...ids]}::text[]) as id)`;
  return sql`(select value as id from json_each(${JSON.stringify(ids)}))`;
}

/** True when `column` is one of the bookings counted (`NAMED`). */
export function isNamed(column: Expression<string | null>): Expression<SqlBool> {
  return sql<SqlBool>`${column} in (select id from ${sql.table(NAMED)})`;
}
