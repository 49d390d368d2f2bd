/**
 * Fills a fresh store with the console benchmark's data (`console-data.ts`): the store opens and
 * migrates it and imports the team's config as the server does; then the rows go straight into
 * its tables in batches, past the use cases (what is measured is reading them back). The search
 * index fills itself, from the triggers on `bookings`, as it does when the server books.
 *
 * SQLite: prepared statements on the file, one transaction per batch. PostgreSQL: one
 * `insert … select from unnest(…)` per table per batch, in the benchmark's own schema.
 */
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { configSchema } from '../server/config/schema.js';
import { importConfig } from '../server/store/config-repository.js';
import { openStore } from '../server/store/connect.js';
import { issueMemberKey } from '../server/store/member-keys.js';
import { consoleConfig } from './console-config.js';
import { bookingMaker, emptyRows, type Facts, type Rows } from './console-data.js';

const BATCH = 2_000;
const SEED = 20261201;

export interface Seeded {
  facts: Facts;
  /** Rows per table, counted in the database afterwards. */
  counts: Record<string, number>;
  memberKey: string;
  /** Seeding all targets together took this long. */
  seedSeconds: number;
}

/** Every column of each table, in one order for every row (absent values are null). */
const columns: Record<keyof Rows, string[]> = {
  bookings: ['id', 'uid', 'page', 'event_type', 'host', 'status', 'start_at', 'end_at', 'buffer_before', 'buffer_after', 'timezone', 'locale', 'name', 'email', 'phone', 'answers', 'source', 'location', 'manage_token_hash', 'idempotency_key', 'idempotency_fingerprint', 'sequence', 'reason', 'created_at', 'updated_at'],
  booking_members: ['booking_id', 'member_id', 'pool'],
  pool_assignments: ['id', 'pool', 'member_id', 'booking_id', 'assigned_at', 'outcome'],
  activity: ['id', 'booking_id', 'at', 'type', 'actor', 'data'],
  outbox: ['id', 'kind', 'booking_id', 'topic', 'payload', 'due_at', 'status', 'attempts', 'last_error', 'locked_until', 'claimed_by', 'created_at', 'sent_at', 'failed_at'],
  outbox_attempts: ['id', 'outbox_id', 'at', 'ok', 'error'],
};
const tables = Object.keys(columns) as (keyof Rows)[];

type Writer = { write(rows: Rows): Promise<void>; close(): Promise<void> };

function sqliteWriter(file: string): Writer {
  const db = new SQLite(file);
  // Seeding is not measured: no journal while it runs, the WAL back afterwards, as the store runs.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const inserts = Object.fromEntries(
    tables.map((t) => [t, db.prepare(`insert into ${t} (${columns[t].join(', ')}) values (${columns[t].map(() => '?').join(', ')})`)]),
  );
  const writeTable = db.transaction((t: keyof Rows, rows: Rows) => {
    const insert = inserts[t]!;
    for (const row of rows[t] as unknown as Record<string, unknown>[]) insert.run(columns[t].map((c) => row[c] ?? null));
  });
  return {
    async write(rows) {
      // A table at a time, letting the PostgreSQL writer send its next statement in between.
      for (const t of tables) {
        writeTable(t, rows);
        await new Promise(setImmediate);
      }
    },
    close: async () => {
      db.pragma('journal_mode = WAL');
      db.close();
    },
  };
}

async function postgresWriter(url: string, schema: string): Promise<Writer> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`set search_path to "${schema}"`);
  await client.query('set synchronous_commit = off');
  return {
    async write(rows) {
      await client.query('begin');
      for (const t of tables) {
        const list = rows[t] as unknown as Record<string, unknown>[];
        const cols = columns[t];
        // Plain parameters, sent as they are: pg escapes nothing, and PostgreSQL parses nothing but the statement.
        const perStatement = Math.floor(60_000 / cols.length);
        for (let from = 0; from < list.length; from += perStatement) {
          const part = list.slice(from, from + perStatement);
          const values = part.map((_, r) => `(${cols.map((_c, c) => `$${r * cols.length + c + 1}`).join(', ')})`).join(', ');
          await client.query(`insert into ${t} (${cols.join(', ')}) values ${values}`, part.flatMap((row) => cols.map((c) => row[c] ?? null)));
        }
      }
      await client.query('commit');
    },
    close: () => client.end(),
  };
}

export type Target = { sqlite: string } | { postgres: string; schema: string };

const urlOf = (target: Target) => ('sqlite' in target ? `sqlite:${target.sqlite}` : target.postgres);

/** Migrates the store as it opens, imports the team's config, and issues `member` a key. */
async function prepare(target: Target, member: string, now: number): Promise<string> {
  const store = await openStore(urlOf(target), 'schema' in target ? { schema: target.schema, poolSize: 1 } : {});
  try {
    await importConfig(store.db, configSchema.parse(consoleConfig()), now);
    return (await issueMemberKey(store.db, member, now))!;
  } finally {
    await store.close();
  }
}

/**
 * Seeds `count` bookings, with times around `now`, into each target (a SQLite file, a PostgreSQL
 * schema), the same rows into every one, made once.
 */
export async function seedConsole(targets: Target[], options: { count: number; now: number; member: string }): Promise<Seeded[]> {
  const started = performance.now();
  const memberKeys = await Promise.all(targets.map((t) => prepare(t, options.member, options.now)));
  const writers = await Promise.all(targets.map((t) => ('sqlite' in t ? sqliteWriter(t.sqlite) : postgresWriter(t.postgres, t.schema))));
  const facts: Facts = { surnames: new Map(), companies: new Map(), emails: [], phones: [], bookingIds: [], rareBookings: 0 };
  const make = bookingMaker(SEED, options.now);
  try {
    for (let first = 0; first < options.count; first += BATCH) {
      const rows = emptyRows();
      for (let i = first; i < Math.min(options.count, first + BATCH); i++) make(i, rows, facts);
      await Promise.all(writers.map((w) => w.write(rows)));
    }
  } finally {
    await Promise.all(writers.map((w) => w.close()));
  }
  const counts = await Promise.all(targets.map(finish));
  const seedSeconds = Math.round((performance.now() - started) / 100) / 10;
  return targets.map((_, i) => ({ facts, counts: counts[i]!, memberKey: memberKeys[i]!, seedSeconds }));
}

/**
 * Counts the rows; on PostgreSQL, first vacuums and gathers the planner's statistics, as
 * autovacuum soon would after such a load (the search index's pending entries merged into it,
 * the tables' pages marked all-visible).
 */
async function finish(target: Target): Promise<Record<string, number>> {
  const counted = [...tables, 'booking_search'];
  if ('schema' in target) {
    const client = new pg.Client({ connectionString: target.postgres });
    await client.connect();
    try {
      await client.query(`set search_path to "${target.schema}"`);
      await client.query('vacuum analyze');
      const counts: Record<string, number> = {};
      for (const t of counted) counts[t] = Number((await client.query(`select count(*) as n from ${t}`)).rows[0].n);
      return counts;
    } finally {
      await client.end();
    }
  }
  const db = new SQLite(target.sqlite, { readonly: true });
  try {
    return Object.fromEntries(counted.map((t) => [t, (db.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}
