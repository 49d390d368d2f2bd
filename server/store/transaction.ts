/**
 * The write lock behind "no double booking, ever": every write that takes a member's time runs
 * its availability check and its inserts inside `writeTransaction`, so two writers for the same
 * member can never both see the slot free.
 *
 * - SQLite has one writer at a time anyway; `BEGIN IMMEDIATE` takes the write lock at the start
 *   of the transaction rather than at its first write, so a reader-turned-writer cannot act on a
 *   stale read (plain `BEGIN` would let two transactions read, then one fail or both write).
 *   Within one process kysely's single connection already serialises; across processes the
 *   database lock (with `busy_timeout`) does.
 * - PostgreSQL locks the members' rows `FOR UPDATE` in id order: writers for disjoint members run
 *   in parallel, writers sharing a member queue, and the fixed order rules out deadlocks. Under
 *   READ COMMITTED every later statement sees what the previous lock holder committed.
 */
import { sql, type Kysely } from 'kysely';
import type { Store } from './connect.js';
import type { Database } from './database.js';

export async function writeTransaction<T>(
  store: Store,
  memberIds: readonly string[],
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (store.dialect === 'postgres') {
    return store.db.transaction().execute(async (trx) => {
      const ids = [...new Set(memberIds)].sort();
      if (ids.length > 0) {
        await trx.selectFrom('members').select('id').where('id', 'in', ids).orderBy('id').forUpdate().execute();
      }
      return work(trx);
    });
  }
  return store.db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    }
  });
}
