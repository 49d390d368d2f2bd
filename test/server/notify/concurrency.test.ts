/**
 * Two workers on one database: every outbox row must be delivered exactly once. On PostgreSQL
 * they have a connection pool each, as two server processes would (claims use FOR UPDATE SKIP
 * LOCKED). On SQLite they share the process's one connection, as SQLite is run embedded: claims
 * use BEGIN IMMEDIATE. (Two better-sqlite3 connections in one process cannot wait on each other:
 * the busy handler blocks the very event loop that would release the lock.)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createMailer, deliverDue, enqueue } from '../../../server/notify/index.js';
import { openStore, type Store } from '../../../server/store/connect.js';
import { member, seedBooking, seedConfig, silentLog, T0 } from '../support/notify-fixtures.js';
import { webhookDirectory } from '../../../server/store/config-repository.js';
import { bookingChange } from '../support/booking-change.js';

const PG_URL = process.env.KAIROS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresUnreachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const pgDown = await postgresUnreachable();
if (pgDown) console.warn(`notify-concurrency: PostgreSQL suite skipped, ${PG_URL} unreachable: ${pgDown}`);

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Two handles on one fresh database: two pools on PostgreSQL, the same store on SQLite. */
async function twoStores(kind: 'sqlite' | 'postgres'): Promise<[Store, Store]> {
  if (kind === 'postgres') {
    const schema = `notify_${randomBytes(6).toString('hex')}`;
    const a = await openStore(PG_URL, { schema, poolSize: 4 });
    const b = await openStore(PG_URL, { schema, poolSize: 4 });
    cleanups.push(async () => {
      await a.close();
      await b.close();
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    });
    return [a, b];
  }
  const dir = mkdtempSync(join(tmpdir(), 'kairos-notify-'));
  const store = await openStore(`sqlite:${join(dir, 'kairos.db')}`);
  cleanups.push(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return [store, store];
}

async function drain(store: Store, outboxDir: string): Promise<number> {
  const mailer = createMailer({ outboxDir, mailFrom: 'k@example.com', publicUrl: 'https://book.example.com' });
  let sent = 0;
  for (;;) {
    const report = await deliverDue(store, T0, { mailer, webhooks: webhookDirectory(store.db), log: silentLog, batchSize: 5 });
    if (report.claimed === 0) return sent;
    sent += report.sent;
  }
}

describe.each([
  { kind: 'sqlite' as const, skip: false },
  { kind: 'postgres' as const, skip: Boolean(pgDown) },
])('two workers on one $kind database', ({ kind, skip }) => {
  it.skipIf(skip)('deliver every outbox row exactly once', async () => {
    const [a, b] = await twoStores(kind);
    await seedConfig(a.db, { members: [member({ id: 'ana' }), member({ id: 'bo' })] });
    for (let i = 0; i < 20; i++) {
      const id = `bk${String(i).padStart(2, '0')}`;
      await seedBooking(a.db, { id, members: ['ana', 'bo'], email: `customer${i}@example.org` });
      await enqueue(a.db, await bookingChange(a.db, { type: 'booking.created', bookingId: id, now: T0, publicUrl: 'https://book.example.com' }));
    }
    const dirA = mkdtempSync(join(tmpdir(), 'kairos-outbox-a-'));
    const dirB = mkdtempSync(join(tmpdir(), 'kairos-outbox-b-'));
    const [sentA, sentB] = await Promise.all([drain(a, dirA), drain(b, dirB)]);

    expect(sentA + sentB).toBe(60);
    const files = [...readdirSync(dirA), ...readdirSync(dirB)];
    expect(files).toHaveLength(60);
    expect(new Set(files).size).toBe(60);
    const rows = await a.db.selectFrom('outbox').select(['status', 'attempts']).execute();
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    expect(await a.db.selectFrom('outbox_attempts').select('id').execute()).toHaveLength(60);
    rmSync(dirA, { recursive: true });
    rmSync(dirB, { recursive: true });
  });
});
