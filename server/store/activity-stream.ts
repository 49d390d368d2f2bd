/**
 * The activity stream read back: entries newest first, by (`at`, `id`), each with a summary of
 * the booking it concerns (the `activity` rows, and the notifications the outbox sent or gave up), narrowed by what the booking is (status, members, pool, page, event
 * type, start, free text). Which narrowing a request asks for is the use case's business
 * (`team/list-activity.ts`); this only reads.
 */
import { sql, type Expression, type Kysely, type SelectQueryBuilder } from 'kysely';
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
  /** Only this booking's entries. */
  booking?: string;
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

/**
 * Notification entries are derived from the outbox rather than written to `activity`: notify
 * writes only outbox rows (layering), and a sent row keeps `sent_at`, a failed one its attempts,
 * so the outbox already holds each entry's time and what it was; a table of its own written at
 * settle would copy that and need a migration. Each kind is read with the same narrowing, the
 * same cursor and the same limit, then the two are merged by (`at`, `id`): their ids cannot
 * collide (activity ids are 16 characters, a notification's is `outbox-` and the row's UUID), so
 * the order is total and the pages stay gap-free across both. Only emails sent or given up, and
 * webhooks given up, become entries; a sent webhook is routine and would drown the stream.
 */
export async function readActivity(db: Kysely<Database>, dialect: Dialect, filter: ActivityFilter): Promise<ActivityEntry[]> {
  const recorded = db
    .selectFrom('activity as e')
    .select(['e.id', 'e.type', 'e.actor', 'e.at', 'e.data', 'e.booking_id', sql<string | null>`null`.as('topic'), sql<Origin>`'activity'`.as('origin')]);
  const at = sql<string>`coalesce(e.sent_at, (select max(oa.at) from outbox_attempts oa where oa.outbox_id = e.id))`;
  const notified = db
    .selectFrom('outbox as e')
    .select([
      sql<string>`'outbox-' || e.id`.as('id'),
      sql<string>`case when e.status = 'sent' then 'notification_sent' when e.kind = 'email' then 'notification_failed' else 'webhook_failed' end`.as('type'),
      sql<string>`'system'`.as('actor'),
      at.as('at'),
      // The payload only to read the template and recipient role from; it never leaves the store.
      'e.payload as data',
      'e.booking_id',
      'e.topic',
      sql<Origin>`'outbox'`.as('origin'),
    ])
    .where('e.booking_id', 'is not', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('e.kind', '=', 'email'), eb('e.status', 'in', ['sent', 'failed'])]),
        eb.and([eb('e.kind', '=', 'webhook'), eb('e.status', '=', 'failed')]),
      ]),
    );
  // Each part is narrowed, ordered and cut to the limit on its own, so the activity part still
  // reads its (at, id) index; the merge below keeps the newest `limit` of the two.
  const part = (query: AnyQuery, entryAt: Expression<string>, entryId: Expression<string>) =>
    db.selectFrom(narrow(query.leftJoin('bookings as b', 'b.id', 'e.booking_id').select(bookingColumns), filter, dialect, entryAt, entryId)
      .orderBy(entryAt, 'desc').orderBy(entryId, 'desc').limit(filter.limit).as('p')).selectAll();
  const merged = part(recorded as AnyQuery, sql.ref('e.at'), sql.ref('e.id'))
    .unionAll(part(notified as AnyQuery, at, sql`'outbox-' || e.id`) as never);
  const rows = (await db
    .selectFrom(merged.as('m'))
    .selectAll()
    .orderBy('m.at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(filter.limit)
    .execute()) as unknown as StreamRow[];
  const members = await membersOf(db, [...new Set(rows.flatMap((r) => (r.booking_id && r.status ? [r.booking_id] : [])))]);
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    actor: r.actor,
    at: r.at,
    data: r.origin === 'outbox' ? notificationData(r.data, r.topic!) : (JSON.parse(r.data) as Record<string, unknown>),
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

type Origin = 'activity' | 'outbox';
// The two parts select from different tables under one alias (`e`): typed loosely while narrowed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyQuery = SelectQueryBuilder<any, any, any>;

const bookingColumns = ['b.status', 'b.page', 'b.event_type', 'b.start_at', 'b.end_at', 'b.name', 'b.email'] as const;

interface StreamRow {
  id: string;
  type: string;
  actor: string;
  at: string;
  data: string;
  booking_id: string | null;
  topic: string | null;
  origin: Origin;
  status: BookingStatus | null;
  page: string | null;
  event_type: string | null;
  start_at: string | null;
  end_at: string | null;
  name: string | null;
  email: string | null;
}

/** What a notification entry shows of its outbox row: never the message, its address or a manage link. */
function notificationData(payload: string, topic: string): Record<string, unknown> {
  const row = JSON.parse(payload) as { kind: string; template?: string; to?: { role?: string } };
  if (row.kind !== 'email') return { kind: 'webhook', topic };
  return { kind: 'email', template: row.template, recipient: row.to?.role ?? null };
}

/** The filter's conditions on a part whose entry table is `e` and whose booking is `b`. */
function narrow(query: AnyQuery, filter: ActivityFilter, dialect: Dialect, entryAt: Expression<string>, entryId: Expression<string>): AnyQuery {
  for (const member of [filter.assignedTo, filter.member]) {
    if (member === undefined) continue;
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom('booking_members as bm').select('bm.member_id').whereRef('bm.booking_id', '=', 'e.booking_id').where('bm.member_id', '=', member)),
    );
  }
  if (filter.pool !== undefined) {
    const pool = filter.pool;
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom('booking_members as bm').select('bm.member_id').whereRef('bm.booking_id', '=', 'e.booking_id').where('bm.pool', '=', pool)),
    );
  }
  if (filter.booking !== undefined) query = query.where('e.booking_id', '=', filter.booking);
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
    query = query.where((eb) => eb.or([eb(entryAt, '<', at), eb.and([eb(entryAt, '=', at), eb(entryId, '<', id)])]));
  }
  return query;
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
