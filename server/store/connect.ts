/**
 * Opens the store from `KAIROS_DATABASE_URL`: `sqlite:./data/kairos.db` (default),
 * `sqlite::memory:`, or `postgres://…`. Applies migrations before returning.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import { postgresFeed, sqliteFeed, type ActivityFeed } from './activity-feed.js';
import type { Database } from './database.js';
import { migrate } from './migrations.js';
import { resealStoredSecrets } from './reseal-secrets.js';
import { keyFileFor, loadSecretKeys, secretKeys, useSecretKeys, type KeySource } from './secret-keys.js';
import { cachingStatements } from './statement-cache.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Word of each activity entry recorded, once committed (`activity-feed.ts`). */
  activity: ActivityFeed;
  /** Where the key sealing the config's secrets came from (`secret-keys.ts`), for the start's log. */
  secretKeySource: KeySource;
  close(): Promise<void>;
}

/**
 * `env` gives `KAIROS_SECRET_KEYS` (the process's environment unless a caller passes its own): the
 * keys are set up before migrating, since migration 0025 seals with them.
 */
export interface StoreOptions {
  schema?: string;
  poolSize?: number;
  env?: Record<string, string | undefined>;
}

/**
 * Sets up the ring for this database's secrets. Once migrated, the store seals again under the
 * ring's first key whatever an older key sealed (`reseal-secrets.ts`): rotation needs no command.
 */
function settleSecretKeys(url: string, env: Record<string, string | undefined>): KeySource {
  const { keys, source } = loadSecretKeys(env, keyFileFor(url));
  useSecretKeys(keys);
  return source;
}

/** The schema unqualified names resolve to: the first of the `search_path` that exists. */
async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL: no schema of the search_path exists; create one or set search_path');
  return schema;
}

export async function openStore(url = 'sqlite:./data/kairos.db', options: StoreOptions = {}): Promise<Store> {
  const secretKeySource = settleSecretKeys(url, options.env ?? process.env);
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    if (options.schema) {
      const schema = options.schema;
      pool.on('connect', (client) => {
        client.query(`set search_path to "${schema}"`);
      });
      const client = await pool.connect();
      await client.query(`create schema if not exists "${schema}"`);
      await client.query(`set search_path to "${schema}"`);
      client.release();
    }
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    let schema: string;
    try {
      schema = options.schema ?? (await currentSchema(db));
      await migrate(db, schema);
      await resealStoredSecrets(db, secretKeys());
    } catch (error) {
      await db.destroy();
      throw error;
    }
    const activity = postgresFeed(url, schema);
    return { db, dialect: 'postgres', activity, secretKeySource, close: closing(activity, db) };
  }
  if (!url.startsWith('sqlite:')) throw new Error(`unsupported database URL: ${url}`);
  const file = url.slice('sqlite:'.length);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // Reads at scale (the console's searches and stream at 100,000 bookings, a 2 GB file) spend
  // their time fetching pages: SQLite's own cache is 2 MB by default, and each miss is a read
  // call. A 64 MB cache, and the file's first GB read through a memory map (no call, no copy),
  // took a common word's 4,600 bookings from the search index from 17 to 10 ms.
  database.pragma('cache_size = -65536');
  database.pragma('mmap_size = 1073741824');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(database) }) });
  await migrate(db);
  await resealStoredSecrets(db, secretKeys());
  const optimizing = keepStatistics(database);
  const activity = sqliteFeed(db);
  const close = closing(activity, db);
  return {
    db,
    dialect: 'sqlite',
    activity,
    secretKeySource,
    close: async () => {
      clearInterval(optimizing);
      await close();
    },
  };
}

const HOUR = 3_600_000;

/**
 * SQLite's query planner chooses between indexes by their statistics, which SQLite gathers only
 * when asked (`ANALYZE`); without them it guesses, and on a large database guesses wrong: the
 * activity stream's notification part sorted every sent email instead of reading its index in
 * order (seconds instead of milliseconds at 100,000 bookings, `npm run bench -- console`). As
 * SQLite advises for long-lived connections: `optimize` with 0x10002 on opening (every table, a
 * bounded sample each), then hourly, which analyses again only the tables that grew or shrank a
 * lot since. Each is a no-op when nothing changed.
 */
function keepStatistics(database: SQLite.Database): NodeJS.Timeout {
  database.pragma('optimize=0x10002');
  return setInterval(() => database.pragma('optimize'), HOUR).unref();
}

/** The feed first: its subscribers end (and its `LISTEN` connection closes) before the pool does. */
const closing = (activity: ActivityFeed, db: Kysely<Database>) => async () => {
  await activity.close();
  await db.destroy();
};
