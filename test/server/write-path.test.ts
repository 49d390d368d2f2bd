/**
 * The booking write path's two shortcuts, and that neither bends correctness: SQLite writes that
 * queue together commit together (group commit), and the config is read from memory only while
 * the database's `config_version` says it is current.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/store/connect.js';
import { configSnapshot, getPage, importConfig } from '../../server/store/config-repository.js';
import { writeTransaction } from '../../server/store/transaction.js';
import { backends, disposeStores, PG_URL } from './backends.js';
import { seed } from './fixtures.js';
import { createPostgresSchema } from './support/postgres-schema.js';

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
