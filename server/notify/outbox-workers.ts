/**
 * The outbox workers alive now, each known by its heartbeat row. A worker claims rows in its own
 * name (`outbox.ts`); when a process dies holding claims (`kill -9`, a crash, its host gone) its
 * heartbeat stops, and once the grace has passed any other worker — a restarted process first of
 * all — takes those rows back, instead of waiting out their lease. A worker that stops cleanly
 * removes its row, so its claims are free at once.
 *
 * Heartbeats are written with the worker's clock and judged with the claimant's: processes that
 * share a database need clocks within the grace of each other (NTP keeps them far closer).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';

/** How often a running worker says it is alive. */
export const HEARTBEAT_MS = 1_000;
/**
 * How long a worker may stay silent before its claims are taken: several heartbeats, so that a
 * busy event loop is not taken for a death. Taking the claims of a worker that was only slow
 * sends those rows twice, never loses them.
 */
export const GRACE_MS = 5_000;

const at = (instant: number) => new Date(instant).toISOString();

/** Records `id` as alive at `now`; a worker whose row was cleared as gone comes back with it. */
export async function beat(db: Kysely<Database>, id: string, now: number): Promise<void> {
  await db
    .insertInto('outbox_workers')
    .values({ id, started_at: at(now), heartbeat_at: at(now) })
    .onConflict((oc) => oc.column('id').doUpdateSet({ heartbeat_at: at(now) }))
    .execute();
}

/** A worker starting: alive from `now`; the rows of workers long silent are cleared (their claims stay free for the taking). */
export async function registerWorker(db: Kysely<Database>, id: string, now: number): Promise<void> {
  await db.deleteFrom('outbox_workers').where('heartbeat_at', '<=', at(now - GRACE_MS)).execute();
  await beat(db, id, now);
}

/** A worker stopping cleanly, its batch settled: whatever it still held is free at once. */
export async function retireWorker(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('outbox_workers').where('id', '=', id).execute();
}

/** The ids of the workers alive at `now`, as a subquery for the claim. */
export function liveWorkers(db: Kysely<Database>, now: number) {
  return db.selectFrom('outbox_workers').select('id').where('heartbeat_at', '>', at(now - GRACE_MS));
}
