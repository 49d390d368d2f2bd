/**
 * Word that an activity entry was recorded, for live subscribers (`team/watch-activity.ts`), only
 * once the transaction that recorded it has committed.
 *
 * - PostgreSQL: `recordActivity` calls `pg_notify` inside its transaction, which PostgreSQL
 *   delivers at commit (and drops on rollback) to every process; each process holds one `LISTEN`
 *   connection, opened at the first subscriber. Several stores may share a database in separate
 *   schemas (tests do), so the signal carries its schema and a feed passes on only its own.
 * - SQLite: one process writes, so the feed is in process. A signal recorded inside
 *   `writeTransaction` waits in its batch and is emitted after the `COMMIT`
 *   (`transaction.ts`); one of a write that rolled back to its savepoint is dropped.
 *
 * The signal carries no personal data: subscribers refetch what they may see.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';

export interface ActivitySignal {
  id: string;
  type: string;
  /** Stored text, as `activity.at`. */
  at: string;
  bookingId: string | null;
}

export interface ActivitySubscriber {
  signal(signal: ActivitySignal): void;
  /** The feed closed (the store closes, or the `LISTEN` connection was lost): no more signals come. */
  end(): void;
}

export interface ActivityFeed {
  /** Resolves once signals are being received; the function it gives unsubscribes. */
  subscribe(subscriber: ActivitySubscriber): Promise<() => void>;
  close(): Promise<void>;
}

const CHANNEL = 'kairos_activity';

/** Called by `recordActivity` with the connection it wrote on, right after the write. */
export async function signalActivity(db: Kysely<Database>, signal: ActivitySignal): Promise<void> {
  const batch = pendingBatches.get(db);
  if (batch) {
    batch.push(signal);
    return;
  }
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const payload = sql`json_build_object('schema', current_schema(), 'id', ${signal.id}::text, 'type', ${signal.type}::text, 'at', ${signal.at}::text, 'bookingId', ${signal.bookingId}::text)::text`;
    await sql`select pg_notify(${CHANNEL}, ${payload})`.execute(db);
    return;
  }
  // SQLite outside a write batch: the statement committed on its own.
  localFeeds.get(db)?.emit([signal]);
}

const pendingBatches = new WeakMap<Kysely<Database>, ActivitySignal[]>();

/**
 * For SQLite's group commit: signals recorded on `conn` wait in the array this returns (the
 * caller drops those of a rolled-back write) until `publishBatch`.
 */
export function holdSignals(conn: Kysely<Database>): ActivitySignal[] {
  const batch: ActivitySignal[] = [];
  pendingBatches.set(conn, batch);
  return batch;
}

/** Ends holding on `conn`; `committed` signals go to the feed of `db` (none after a failed commit). */
export function publishBatch(conn: Kysely<Database>, db: Kysely<Database>, committed: readonly ActivitySignal[]): void {
  pendingBatches.delete(conn);
  if (committed.length) localFeeds.get(db)?.emit(committed);
}

const localFeeds = new WeakMap<Kysely<Database>, LocalFeed>();

class LocalFeed implements ActivityFeed {
  protected readonly subscribers = new Set<ActivitySubscriber>();

  emit(signals: readonly ActivitySignal[]): void {
    for (const subscriber of [...this.subscribers]) for (const signal of signals) subscriber.signal(signal);
  }

  async subscribe(subscriber: ActivitySubscriber): Promise<() => void> {
    this.subscribers.add(subscriber);
    return () => void this.subscribers.delete(subscriber);
  }

  protected endAll(): void {
    const ending = [...this.subscribers];
    this.subscribers.clear();
    for (const subscriber of ending) subscriber.end();
  }

  async close(): Promise<void> {
    this.endAll();
  }
}

/** The in-process feed of a SQLite store's `db`. */
export function sqliteFeed(db: Kysely<Database>): ActivityFeed {
  const feed = new LocalFeed();
  localFeeds.set(db, feed);
  return feed;
}

/** The feed of a PostgreSQL store: one `LISTEN` connection, opened at the first subscriber. */
export function postgresFeed(connectionString: string, schema: string): ActivityFeed {
  return new ListeningFeed(connectionString, schema);
}

class ListeningFeed extends LocalFeed {
  private listening: Promise<pg.Client> | undefined;
  private closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly schema: string,
  ) {
    super();
  }

  override async subscribe(subscriber: ActivitySubscriber): Promise<() => void> {
    if (this.closed) throw new Error('the activity feed is closed');
    this.listening ??= this.listen();
    await this.listening;
    return super.subscribe(subscriber);
  }

  private async listen(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.connectionString });
    const lost = () => {
      // Subscribers end (an EventSource reconnects); the next subscriber opens a new connection.
      if (this.listening) this.listening = undefined;
      client.end().catch(() => undefined);
      this.endAll();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      const { schema, ...signal } = JSON.parse(message.payload) as ActivitySignal & { schema: string };
      if (schema === this.schema) this.emit([signal]);
    });
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
    } catch (error) {
      this.listening = undefined;
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    return client;
  }

  override async close(): Promise<void> {
    this.closed = true;
    const listening = this.listening;
    this.listening = undefined;
    this.endAll();
    const client = await listening?.catch(() => undefined);
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  }
}
