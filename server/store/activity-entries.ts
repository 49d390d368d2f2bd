/**
 * Where the activity stream's entries come from, as keys: the `activity` rows, and the outbox
 * rows that are notifications. Notification entries are derived from the outbox rather than
 * written to `activity`: notify writes only outbox rows (layering), and a sent row keeps
 * `sent_at`, a given-up one `failed_at` (its last attempt), so the outbox already holds each
 * entry's time and what it was. Only emails sent or given up, and webhooks given up, become
 * entries; a sent webhook is routine and would drown the stream.
 *
 * Each kind is read on its own and the kinds merged by (`at`, `id`): their ids cannot collide
 * (activity ids are 16 characters, a notification's is `outbox-` and the row's UUID), so the
 * order is total and the pages stay gap-free across them. Every kind has its keys in an index in
 * time order and in one by booking (migration 0013; partial ones for the outbox: only the rows
 * that are entries), so reading keys never opens a row.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { AnyQuery } from './activity-narrowing.js';
import type { Database } from './database.js';

export type Origin = 'activity' | 'outbox';

/**
 * One kind of entry: a query of its keys whose table is `e` (`id`, `at` and `booking_id` of the
 * entry, `origin`, and `row_id`, the id of its row in its table), the entry's time and id as
 * expressions on `e`, and a column of `e` that orders as the id does.
 */
export interface EntrySource {
  keys: AnyQuery;
  at: Expression<string>;
  id: Expression<string>;
  orderId: Expression<string>;
  /** The keys of entries a walk found, again. */
  pick(found: readonly Found[]): AnyQuery;
}

/** An entry found: its row in its table, its time and its id in the stream. */
export interface Found {
  row_id: string;
  at: string;
  id: string;
}

export const OUTBOX_PREFIX = 'outbox-';

/** Activity, sent emails, and given-up emails and webhooks. */
export function entrySources(db: Kysely<Database>): EntrySource[] {
  const recorded = db.selectFrom('activity as e').select(['e.id', 'e.at', 'e.booking_id', sql<Origin>`'activity'`.as('origin'), 'e.id as row_id']);
  const outboxId = sql<string>`${sql.lit(OUTBOX_PREFIX)} || e.id`;
  const notification = (at: 'e.sent_at' | 'e.failed_at') =>
    db
      .selectFrom('outbox as e')
      .select([outboxId.as('id'), `${at} as at`, 'e.booking_id', sql<Origin>`'outbox'`.as('origin'), 'e.id as row_id'])
      .where('e.booking_id', 'is not', null);
  // Literals, not parameters: only then may either database read a partial index.
  const sent = notification('e.sent_at').where(sql<SqlBool>`e.kind = 'email' and e.status = 'sent'`);
  const failed = notification('e.failed_at').where(sql<SqlBool>`e.status = 'failed' and e.kind in ('email', 'webhook')`);
  // `outbox-` prefixes every notification's id alike, so the row's own id orders them as well,
  // and an index can hold it.
  // Found again by their rows' keys.
  const byRow = (keys: AnyQuery) => (found: readonly Found[]) => keys.where('e.id', 'in', found.map((f) => f.row_id));
  return [
    { keys: recorded as AnyQuery, at: sql.ref('e.at'), id: sql.ref('e.id'), orderId: sql.ref('e.id'), pick: byRow(recorded as AnyQuery) },
    { keys: sent as AnyQuery, at: sql.ref('e.sent_at'), id: outboxId, orderId: sql.ref('e.id'), pick: byRow(sent as AnyQuery) },
    { keys: failed as AnyQuery, at: sql.ref('e.failed_at'), id: outboxId, orderId: sql.ref('e.id'), pick: byRow(failed as AnyQuery) },
  ];
}

/** Every kind of entry of one member's bookings, from their own stream (`member-stream.ts`). */
export function memberSource(db: Kysely<Database>, member: string): EntrySource {
  const keys = db.selectFrom('member_stream as e').select(['e.id', 'e.at', 'e.booking_id', 'e.origin', 'e.row_id']).where('e.member_id', '=', member);
  // Found again in the part of the member's index the walk passed: their time bounds it.
  const pick = (found: readonly Found[]) => {
    const times = found.map((f) => f.at).sort();
    return keys.where('e.at', '>=', times[0]!).where('e.at', '<=', times.at(-1)!).where('e.id', 'in', found.map((f) => f.id)) as AnyQuery;
  };
  return { keys: keys as AnyQuery, at: sql.ref('e.at'), id: sql.ref('e.id'), orderId: sql.ref('e.id'), pick };
}
