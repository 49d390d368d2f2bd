/**
 * The activity stream read back: entries newest first, by (`at`, `id`), each with a summary of
 * the booking it concerns (the `activity` rows, and the notifications the outbox sent or gave
 * up), narrowed by what the booking is (status, members, pool, page, event type, start, free
 * text). Which narrowing a request asks for is the use case's business (`team/list-activity.ts`);
 * this only reads.
 *
 * Each kind of entry gives the keys of its newest entries that pass the filter, from indexes that
 * hold those keys (`activity-walk.ts` says how); the newest `limit` of them are kept, and only
 * those are joined to their rows and their booking.
 */
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Origin } from './activity-entries.js';
import type { ActivityFilter } from './activity-narrowing.js';
import { pageParts, type WalkOptions } from './activity-walk.js';
import type { Dialect } from './connect.js';
import type { BookingStatus, Database } from './database.js';
import { fromStored } from './identifiers.js';

export type { ActivityFilter };

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

export async function readActivity(db: Kysely<Database>, dialect: Dialect, filter: ActivityFilter, options: WalkOptions = {}): Promise<ActivityEntry[]> {
  const { parts, creator } = await pageParts(db, dialect, filter, options);
  const newest = db
    .selectFrom(parts.map((part) => db.selectFrom(part.as('p')).selectAll()).reduce((all, part) => all.unionAll(part as never)).as('k'))
    .selectAll()
    .orderBy('k.at', 'desc')
    .orderBy('k.id', 'desc')
    .limit(filter.limit);
  // Only the page's entries are joined to their rows and bookings.
  const rows = (await creator
    .selectFrom(newest.as('m'))
    .leftJoin('activity as a', (join) => join.on(sql<SqlBool>`m.origin = 'activity'`).onRef('a.id', '=', 'm.row_id'))
    .leftJoin('outbox as o', (join) => join.on(sql<SqlBool>`m.origin = 'outbox'`).onRef('o.id', '=', 'm.row_id'))
    .leftJoin('bookings as b', 'b.id', 'm.booking_id')
    .select(['m.id', 'm.at', 'm.booking_id', 'm.origin', 'a.type', 'a.actor', 'a.data', 'o.kind', 'o.status as outbox_status', 'o.payload', 'o.topic'])
    .select(['b.status', 'b.page', 'b.event_type', 'b.start_at', 'b.end_at', 'b.name', 'b.email'])
    .orderBy('m.at', 'desc')
    .orderBy('m.id', 'desc')
    .execute()) as StreamRow[];
  const members = await membersOf(db, [...new Set(rows.flatMap((r) => (r.booking_id && r.status ? [r.booking_id] : [])))]);
  return rows.map((r) => {
    const { type, actor, data } = r.origin === 'outbox' ? notification(r) : { type: r.type!, actor: r.actor!, data: JSON.parse(r.data!) as Record<string, unknown> };
    return { id: r.id, type, actor, at: r.at, data, booking: bookingOf(r, members) };
  });
}

function bookingOf(r: StreamRow, members: Map<string, { id: string; name: string; pool: string | null }[]>): ActivityEntry['booking'] {
  return r.booking_id && r.status
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
    : null;
}

interface StreamRow {
  id: string;
  at: string;
  booking_id: string | null;
  origin: Origin;
  /** An activity entry's own. */
  type: string | null;
  actor: string | null;
  data: string | null;
  /** A notification's outbox row. */
  kind: string | null;
  outbox_status: string | null;
  payload: string | null;
  topic: string | null;
  status: BookingStatus | null;
  page: string | null;
  event_type: string | null;
  start_at: string | null;
  end_at: string | null;
  name: string | null;
  email: string | null;
}

/**
 * A notification entry, by `system`, from its outbox row. The payload only to read the template
 * and recipient role from: never the message, its address or a manage link.
 */
function notification(r: StreamRow): { type: string; actor: string; data: Record<string, unknown> } {
  const type = r.outbox_status === 'sent' ? 'notification_sent' : r.kind === 'email' ? 'notification_failed' : 'webhook_failed';
  const payload = JSON.parse(r.payload!) as { kind: string; template?: string; to?: { role?: string } };
  const data = payload.kind !== 'email' ? { kind: 'webhook', topic: r.topic } : { kind: 'email', template: payload.template, recipient: payload.to?.role ?? null };
  return { type, actor: 'system', data };
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
