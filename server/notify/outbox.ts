/**
 * Claiming and settling outbox rows. A claimed row carries a lease (`locked_until`) and the name
 * of the worker that claimed it (`claimed_by`): no other worker takes the row until the lease
 * runs out or that worker is gone (its heartbeat stopped, `outbox-workers.ts`), so the rows of a
 * killed process come back within seconds. Claims are serialised so two workers never lease the
 * same row: PostgreSQL skips rows another claim has locked (`FOR UPDATE SKIP LOCKED`), SQLite
 * takes the write lock up front (`BEGIN IMMEDIATE`) so the select and the update see no one in
 * between.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Store } from '../store/connect.js';
import type { Database, OutboxTable } from '../store/database.js';
import { liveWorkers } from './outbox-workers.js';
import { retryDelay } from './retry-schedule.js';

export type OutboxRow = Selectable<OutboxTable>;

export interface ClaimOptions {
  limit: number;
  /** Longer than a whole batch can take to deliver. */
  leaseMs: number;
  /** The claiming worker (`outbox-workers.ts`); a claim without one holds its rows for the lease alone. */
  owner?: string;
}

export async function claimDue(store: Store, now: number, options: ClaimOptions): Promise<OutboxRow[]> {
  const at = new Date(now).toISOString();
  const lease = new Date(now + options.leaseMs).toISOString();
  const claim = async (db: Kysely<Database>, lock: boolean) => {
    let query = db
      .selectFrom('outbox')
      .selectAll()
      .where('status', '=', 'pending')
      .where('due_at', '<=', at)
      .where((eb) =>
        eb.or([
          eb('locked_until', 'is', null),
          eb('locked_until', '<=', at),
          // Claimed by a worker that is gone: it died holding the row.
          eb.and([eb('claimed_by', 'is not', null), eb('claimed_by', 'not in', liveWorkers(db, now))]),
        ]),
      )
      .orderBy('due_at')
      .orderBy('id')
      .limit(options.limit);
    if (lock) query = query.forUpdate().skipLocked();
    const rows = await query.execute();
    if (rows.length === 0) return [];
    const claimed_by = options.owner ?? null;
    await db.updateTable('outbox').set({ locked_until: lease, claimed_by }).where('id', 'in', rows.map((r) => r.id)).execute();
    return rows.map((row) => ({ ...row, locked_until: lease, claimed_by }));
  };

  if (store.dialect === 'postgres') return store.db.transaction().execute((trx) => claim(trx, true));
  return store.db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      const rows = await claim(connection, false);
      await sql`commit`.execute(connection);
      return rows;
    } catch (error) {
      await sql`rollback`.execute(connection);
      throw error;
    }
  });
}

export type Outcome =
  | { ok: true }
  /** `final`: no point retrying (the receiver is gone, or the row's target no longer exists). */
  | { ok: false; error: string; final?: boolean; retryAfterMs?: number };

/**
 * Records the attempt and moves the row on: sent, due again later, or failed for good. A row
 * sent keeps `sentPayload` instead of its payload when one is given.
 */
export async function settle(db: Kysely<Database>, row: OutboxRow, now: number, outcome: Outcome, sentPayload?: string): Promise<OutboxRow['status']> {
  const at = new Date(now).toISOString();
  const attempts = row.attempts + 1;
  const scheduled = outcome.ok || outcome.final ? null : retryDelay(row.kind, attempts, now - Date.parse(row.created_at));
  // A receiver that said when to come back (`Retry-After`) is not asked before then.
  const delay = scheduled === null || outcome.ok ? scheduled : Math.max(scheduled, outcome.retryAfterMs ?? 0);
  const status = outcome.ok ? 'sent' : delay === null ? 'failed' : 'pending';
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('outbox_attempts')
      .values({ id: randomUUID(), outbox_id: row.id, at, ok: outcome.ok ? 1 : 0, error: outcome.ok ? null : outcome.error })
      .execute();
    await trx
      .updateTable('outbox')
      .set({
        status,
        attempts,
        locked_until: null,
        claimed_by: null,
        last_error: outcome.ok ? null : outcome.error,
        ...(outcome.ok ? { sent_at: at } : {}),
        ...(status === 'failed' ? { failed_at: at } : {}),
        // A row done with, sent or given up, keeps no manage link.
        ...(status !== 'pending' && sentPayload !== undefined ? { payload: sentPayload } : {}),
        ...(delay !== null ? { due_at: new Date(now + delay).toISOString() } : {}),
      })
      .where('id', '=', row.id)
      // Only the claim holder settles: a worker whose lease ran out, or that was taken for gone,
      // must not overwrite a newer claim.
      .where('locked_until', '=', row.locked_until)
      .where((eb) => (row.claimed_by === null ? eb('claimed_by', 'is', null) : eb('claimed_by', '=', row.claimed_by)))
      .execute();
  });
  return status;
}
