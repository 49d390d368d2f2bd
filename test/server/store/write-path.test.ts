/**
 * The booking write path's two shortcuts, and that neither bends correctness: SQLite writes that
 * queue together commit together (group commit), and the config is read from memory only while
 * the database's `config_version` says it is current.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../server/store/connect.js';
import { configSnapshot, getPage, importConfig } from '../../../server/store/config-repository.js';
import type { Database } from '../../../server/store/database.js';
import { writeTransaction } from '../../../server/store/transaction.js';
import { backends, disposeStores, PG_URL } from '../support/backends.js';
import { NOW, postJson, seed, testApp } from '../support/fixtures.js';
import { createPostgresSchema } from '../../../harness/postgres-schema.js';
import { bookingBody, dayStart, pooledTeamConfig } from '../../../harness/team-config.js';

afterAll(disposeStores);

describe('SQLite group commit', () => {
  it('commits writes queued together in one transaction, rolls back only the one that failed, and answers each after its commit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kairos-group-'));
    const file = join(dir, 'kairos.db');
    const store = await openStore(`sqlite:${file}`);
    const reader = new SQLite(file, { readonly: true });
    const committed = (key: string) => reader.prepare('select count(*) as n from settings where key = ?').get(key) as { n: number };
    try {
      const seenBefore: number[] = [];
      const settled = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          writeTransaction(store, [], async (trx) => {
            await trx.insertInto('settings').values({ key: `k${i}`, value: String(i) }).execute();
            // What the writes before this one left, seen from inside and from another connection.
            const inside = await trx.selectFrom('settings').select('key').where('key', 'like', 'k%').execute();
            seenBefore.push(inside.length);
            if (i === 3) throw new Error('job 3 fails');
            return { i, committedAlready: committed(`k${i - 1}`).n };
          }),
        ),
      );
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      // Each saw its predecessors' rows (but not job 3's, rolled back to its savepoint)…
      expect(seenBefore).toEqual([1, 2, 3, 4, 4, 5]);
      // …which another connection could not yet see: they were one uncommitted transaction.
      const values = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      expect(values.filter((v) => v.i > 0).map((v) => v.committedAlready)).toEqual([0, 0, 0, 0]);
      // Once answered, all of them are on disk, and job 3's row is not.
      expect(['k0', 'k1', 'k2', 'k3', 'k4', 'k5'].map((k) => committed(k).n)).toEqual([1, 1, 1, 0, 1, 1]);
    } finally {
      reader.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a write queued on a closed store instead of leaving it unanswered', async () => {
    const store = await openStore('sqlite::memory:');
    await store.close();
    await expect(writeTransaction(store, [], async () => 'written')).rejects.toThrow();
  });

  it('serves writes one at a time: a check and its insert never interleave with another write', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      const order: string[] = [];
      await Promise.all(
        ['a', 'b', 'c'].map((name) =>
          writeTransaction(store, [], async (trx) => {
            order.push(`${name}:check`);
            await trx.selectFrom('settings').select('key').execute();
            await new Promise((resolve) => setTimeout(resolve, 5));
            await trx.insertInto('settings').values({ key: name, value: name }).execute();
            order.push(`${name}:insert`);
          }),
        ),
      );
      expect(order).toEqual(['a:check', 'a:insert', 'b:check', 'b:insert', 'c:check', 'c:insert']);
    } finally {
      await store.close();
    }
  });
});

describe.each(backends)('config snapshot on $name', (backend) => {
  it('sees a config row changed by plain SQL at the next read', async () => {
    const store = await backend.open();
    await seed(store);
    const before = await getPage(store.db, 'sales');
    expect(before?.slug).toBe('sales');
    expect(await configSnapshot(store.db)).toBe(await configSnapshot(store.db));
    const changed = JSON.stringify({ ...before, title: { en: 'Changed by hand' } });
    await sql`update pages set data = ${changed} where id = 'sales'`.execute(store.db);
    expect((await getPage(store.db, 'sales'))?.title).toEqual({ en: 'Changed by hand' });
    await sql`delete from pages where id = 'sales'`.execute(store.db);
    expect(await getPage(store.db, 'sales')).toBeUndefined();
  });

  it('hands out frozen documents, so no caller can change what the next request reads', async () => {
    const store = await backend.open();
    await seed(store);
    const page = (await getPage(store.db, 'sales'))!;
    expect(() => {
      (page.title as Record<string, string>).en = 'mutated';
    }).toThrow(TypeError);
    expect(Object.isFrozen(page.entries[0])).toBe(true);
  });
});

describe.skipIf(!backends.some((b) => b.name === 'postgres'))('config snapshot across processes on PostgreSQL', () => {
  it('counts a change made from a session whose search_path is elsewhere', async () => {
    const store = await backends.find((b) => b.name === 'postgres')!.open();
    await seed(store);
    const { schema } = (await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db)).rows[0]!;
    const before = await configSnapshot(store.db);
    await store.db.connection().execute(async (conn) => {
      await sql`set search_path to public`.execute(conn);
      try {
        await sql`update ${sql.table(`${schema}.pages`)} set updated_at = 'by hand' where id = 'sales'`.execute(conn);
      } finally {
        await sql`set search_path to ${sql.id(schema)}`.execute(conn);
      }
    });
    expect(await configSnapshot(store.db)).not.toBe(before);
  });

  it('sees an import made through another connection pool, and keeps two databases apart', async () => {
    const shared = await createPostgresSchema('kairos_snapshot');
    const other = await backends.find((b) => b.name === 'postgres')!.open();
    const first = await openStore(PG_URL, { schema: shared.schema, poolSize: 2 });
    const second = await openStore(PG_URL, { schema: shared.schema, poolSize: 2 });
    try {
      await seed(first);
      await seed(other);
      expect((await getPage(second.db, 'sales'))?.title).toEqual((await getPage(first.db, 'sales'))?.title);
      const page = (await getPage(first.db, 'sales'))!;
      await importConfig(first.db, { members: [], eventTypes: [], pools: [], webhooks: [], pages: [{ ...page, title: { en: 'Imported elsewhere' } }] }, Date.now());
      expect((await getPage(second.db, 'sales'))?.title).toEqual({ en: 'Imported elsewhere' });
      expect((await getPage(other.db, 'sales'))?.title).not.toEqual({ en: 'Imported elsewhere' });
    } finally {
      await first.close();
      await second.close();
      await shared.drop();
    }
  });
});

describe.skipIf(!backends.some((b) => b.name === 'postgres'))('PostgreSQL locks only the members a new booking takes', () => {
  const start = dayStart(NOW, 2) + 9 * 3_600_000;

  /** A pooled page of three, and a second connection holding `m001`'s row lock as another booking would. */
  type Release = (beforeCommit?: (trx: Kysely<Database>) => Promise<void>) => Promise<void>;
  async function withM001Locked(run: (book: (who: string) => Promise<{ status: number; member?: string }>, release: Release) => Promise<void>) {
    const store = await backends.find((b) => b.name === 'postgres')!.open({ poolSize: 4 });
    await seed(store, pooledTeamConfig(3));
    const { app } = testApp(store);
    const book = async (who: string) => {
      const response = await postJson(app, '/api/v1/pages/team/bookings', bookingBody('call', start, who));
      const body = (await response.json()) as { hosts?: { name: string }[] };
      return { status: response.status, ...(body.hosts ? { member: body.hosts[0]!.name } : {}) };
    };
    let finish!: () => void;
    const holding = new Promise<void>((resolve) => (finish = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    let beforeCommit: ((trx: Kysely<Database>) => Promise<void>) | undefined;
    const holder = store.db.transaction().execute(async (trx) => {
      await trx.selectFrom('members').select('id').where('id', '=', 'm001').forUpdate().execute();
      locked();
      await holding;
      await beforeCommit?.(trx);
    });
    await lockTaken;
    const release: Release = async (commit) => {
      beforeCommit = commit;
      finish();
      await holder;
    };
    try {
      await run(book, release);
    } finally {
      finish();
      await holder.catch(() => undefined);
    }
  }

  it('passes over a member another booking is locking and takes the next one, without waiting', async () => {
    await withM001Locked(async (book, release) => {
      // m001 is first in line (none has been assigned yet); its lock is held for as long as this test wants.
      const first = await Promise.race([book('skips'), new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 3_000))]);
      expect(first).toEqual({ status: 201, member: 'Member m002' });
      await release();
    });
  });

  it('waits for the lock when only that member is left, then re-checks what its holder committed', async () => {
    await withM001Locked(async (book, release) => {
      expect(await book('takes-m002')).toMatchObject({ status: 201 });
      expect(await book('takes-m003')).toMatchObject({ status: 201 });
      // Only m001 can take the slot now: this booking waits for its lock…
      const waiting = book('waits');
      await new Promise((resolve) => setTimeout(resolve, 300));
      // …while the holder books m001 at that very slot and commits.
      await release(async (trx) => {
        const at = new Date(start).toISOString();
        await trx
          .insertInto('bookings')
          .values({
            ...{ id: 'by-holder', uid: 'by-holder@test', page: 'team', event_type: 'call', host: '{"pool":"team"}', status: 'confirmed' },
            ...{ start_at: at, end_at: new Date(start + 15 * 60_000).toISOString(), buffer_before: 0, buffer_after: 0, timezone: 'UTC', locale: 'en-US' },
            ...{ name: 'Holder', email: 'holder@example.org', phone: null, guests: '[]', answers: '{}', source: '{}', location: '{"type":"phone"}' },
            ...{ manage_token_hash: 'x', idempotency_key: null, sequence: 0, reason: null, created_at: at, updated_at: at },
          })
          .execute();
        await trx.insertInto('booking_members').values({ booking_id: 'by-holder', member_id: 'm001', pool: 'team' }).execute();
      });
      expect(await waiting).toEqual({ status: 409 });
    });
  });
});
