/**
 * The write lock behind "no double booking, ever": every write that takes a member's time runs
 * its availability check and its inserts inside `writeTransaction`, so two writers for the same
 * member can never both see the slot free.
 *
 * - SQLite has one writer at a time anyway. Writes queue in the process and run one after
 *   another inside a shared `BEGIN IMMEDIATE` transaction, each in its own savepoint: a write
 *   that fails rolls back to its savepoint and leaves the others whole, and one `COMMIT` ends the
 *   batch (group commit). Every write sees the ones before it; none is answered before the commit
 *   that holds it. `BEGIN IMMEDIATE` takes the write lock at the start, so another process on the
 *   same file (with `busy_timeout`) cannot slip in between a check and its insert.
 * - PostgreSQL locks the members' rows `FOR UPDATE` in id order: writers for disjoint members run
 *   in parallel, writers sharing a member queue, and the fixed order rules out deadlocks. Under
 *   READ COMMITTED every later statement sees what the previous lock holder committed. A writer
 *   that does not yet know whose time it takes (a new booking on a pool) passes no members and
 *   locks them itself with `lockMembers` once it has chosen (`server/booking/assign-under-lock.ts`).
 */
import { sql, type Kysely } from 'kysely';
import { holdSignals, publishBatch } from './activity-feed.js';
import type { Store } from './connect.js';
import type { Database } from './database.js';

type Work<T> = (trx: Kysely<Database>) => Promise<T>;

/**
 * `teamLimited`: an event type with a team-wide limit whose count the write changes. Its lock is
 * taken before any member's (`lockTeamLimit`).
 */
export async function writeTransaction<T>(store: Store, memberIds: readonly string[], work: Work<T>, teamLimited?: string): Promise<T> {
  if (store.dialect === 'postgres') {
    return store.db.transaction().execute(async (trx) => {
      if (teamLimited !== undefined) await lockTeamLimit(store, trx, teamLimited);
      await lockMembers(store, trx, memberIds);
      return work(trx);
    });
  }
  let writer = writers.get(store.db);
  if (!writer) writers.set(store.db, (writer = new GroupCommit(store.db)));
  return writer.run(work);
}

/**
 * Locks the rows of `ids` for the rest of the transaction, in id order, waiting for any that another
 * transaction holds (PostgreSQL). Inside `writeTransaction` on SQLite the database's write lock
 * already covers every member.
 */
export async function lockMembers(store: Store, trx: Kysely<Database>, ids: readonly string[]): Promise<void> {
  const unique = [...new Set(ids)].sort();
  if (store.dialect === 'sqlite' || unique.length === 0) return;
  await trx.selectFrom('members').select('id').where('id', 'in', unique).orderBy('id').forUpdate().execute();
}

/**
 * Serialises the writers that count one event type's team-wide limit (PostgreSQL): they take
 * different members' time, so the members' locks alone would let two of them pass the limit at
 * once. A transaction-level advisory lock on the event type's id, always taken before any
 * member's lock, so the lock order stays fixed. SQLite's write lock already covers it.
 */
export async function lockTeamLimit(store: Store, trx: Kysely<Database>, eventType: string): Promise<void> {
  if (store.dialect === 'sqlite') return;
  await sql`select pg_advisory_xact_lock(hashtext(${`kairos.team-limit.${eventType}`}))`.execute(trx);
}

/**
 * Locks the first of `ids`, in their order, that no other transaction holds, and returns it;
 * `undefined` when every one is held. One statement: PostgreSQL sorts the rows, then tries their
 * locks in that order, passing over held ones, until the limit is met (`SKIP LOCKED LIMIT 1`).
 */
export async function lockFirstFree(store: Store, trx: Kysely<Database>, ids: readonly string[]): Promise<string | undefined> {
  if (store.dialect === 'sqlite' || ids.length === 0) return ids[0];
  const rows = await trx
    .selectFrom('members')
    .select('id')
    .where('id', 'in', [...ids])
    .orderBy(sql`array_position(${[...ids]}::text[], ${sql.ref('id')})`)
    .forUpdate()
    .skipLocked()
    .limit(1)
    .execute();
  return rows[0]?.id;
}

/** A batch is cut at this many writes, so one write's answer never waits behind a long queue. */
const MAX_BATCH = 64;

interface Job {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

const writers = new WeakMap<Kysely<Database>, GroupCommit>();

class GroupCommit {
  private readonly queue: Job[] = [];
  private draining = false;

  constructor(private readonly db: Kysely<Database>) {}

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const jobs = this.queue.splice(0, MAX_BATCH);
      // `batch` settles its jobs itself; this is for a store closed under them.
      await this.db.connection().execute((conn) => this.batch(conn, jobs)).catch((error: unknown) => jobs.forEach((job) => job.reject(error)));
    }
    this.draining = false;
  }

  /** Runs `jobs` in one transaction and settles each once the transaction has ended. */
  private async batch(conn: Kysely<Database>, jobs: Job[]): Promise<void> {
    const settled: (() => void)[] = [];
    try {
      await sql`begin immediate`.execute(conn);
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    // Activity signals wait for the commit; a write rolled back to its savepoint drops its own.
    const signals = holdSignals(conn);
    try {
      for (const job of jobs) {
        await sql`savepoint kairos_write`.execute(conn);
        const before = signals.length;
        try {
          const value = await job.work(conn);
          await sql`release kairos_write`.execute(conn);
          settled.push(() => job.resolve(value));
        } catch (error) {
          signals.length = before;
          await sql`rollback to kairos_write`.execute(conn);
          await sql`release kairos_write`.execute(conn);
          settled.push(() => job.reject(error));
        }
      }
      await sql`commit`.execute(conn);
    } catch (error) {
      // The transaction itself failed (I/O, a lost savepoint): nothing of the batch was written.
      publishBatch(conn, this.db, []);
      await sql`rollback`.execute(conn).catch(() => {});
      for (const job of jobs) job.reject(error);
      return;
    }
    publishBatch(conn, this.db, signals);
    for (const settle of settled) settle();
  }
}
