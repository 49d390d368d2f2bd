/** The append-only activity stream: what happened to a booking, by whom. */
import type { Kysely } from 'kysely';
import { signalActivity } from './activity-feed.js';
import type { Database } from './database.js';
import { fromStored, newId, toStored } from './identifiers.js';

/** `customer`, `system`, `admin`, or `member:<id>`. */
export type Actor = string;

export const memberActor = (member: string): Actor => `member:${member}`;

/** The member acting, when the actor is one; changes made by a member are limited to their own bookings. */
export function actingMember(actor: Actor): string | undefined {
  return actor.startsWith('member:') ? actor.slice('member:'.length) : undefined;
}

export async function recordActivity(
  db: Kysely<Database>,
  entry: { bookingId: string | null; type: string; actor: Actor; now: number; data?: Record<string, unknown> },
): Promise<void> {
  const row = { id: newId(), booking_id: entry.bookingId, at: toStored(entry.now), type: entry.type, actor: entry.actor };
  await db
    .insertInto('activity')
    .values({ ...row, data: JSON.stringify(entry.data ?? {}) })
    .execute();
  await signalActivity(db, { id: row.id, type: row.type, at: row.at, bookingId: row.booking_id });
}

/** When the booking's activity of `type` after `since` happened, oldest first. */
export async function activityTimes(db: Kysely<Database>, bookingId: string, type: string, since: number): Promise<number[]> {
  const rows = await db
    .selectFrom('activity')
    .select('at')
    .where('booking_id', '=', bookingId)
    .where('type', '=', type)
    .where('at', '>', toStored(since))
    .orderBy('at')
    .execute();
  return rows.map((r) => fromStored(r.at));
}
