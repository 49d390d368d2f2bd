/** The bookings' search index (`booking-search.ts`) stays in step with the bookings, whoever writes them. */
import { sql } from 'kysely';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { matchesTerms, searchTerms } from '../../../server/store/booking-search.js';
import type { Store } from '../../../server/store/connect.js';
import { migrate } from '../../../server/store/migrations.js';
import { bookTheWeek } from '../support/activity-data.js';
import { backends, disposeStores } from '../support/backends.js';
import { seed, testApp } from '../support/fixtures.js';

afterAll(disposeStores);

describe.each(backends.map((b) => [b.name, b] as const))('the booking search index on %s', (_name, backend) => {
  let store: Store;
  let ids: Awaited<ReturnType<typeof bookTheWeek>>;
  beforeEach(async () => {
    store = await backend.open();
    await seed(store);
    ids = await bookTheWeek(testApp(store));
  });

  const found = async (q: string) => {
    const rows = await store.db
      .selectFrom('bookings')
      .select('id')
      .where(matchesTerms(store.dialect, sql.ref('id'), searchTerms(q)))
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  };
  const entries = async () => (await sql<{ n: number | string }>`select count(*) as n from booking_search`.execute(store.db)).rows[0]!.n;

  it('follows a change of the customer’s details, made by hand in SQL', async () => {
    await store.db.updateTable('bookings').set({ email: 'someone@elsewhere.io', answers: '{"company":"Initech"}' }).where('id', '=', ids.emea).execute();
    expect(await found('beispiel')).toEqual([]);
    expect(await found('globex')).toEqual([]);
    expect(await found('elsewhere')).toEqual([ids.emea]);
    expect(await found('initech')).toEqual([ids.emea]);
    expect(Number(await entries())).toBe(4);
  });

  it('forgets a deleted booking', async () => {
    await store.db.deleteFrom('bookings').where('id', '=', ids.emea).execute();
    expect(await found('globex')).toEqual([]);
    expect(Number(await entries())).toBe(3);
  });

  it('indexes the bookings made before migration 0009 when it runs', async () => {
    await sql`delete from booking_search`.execute(store.db);
    expect(await found('globex')).toEqual([]);
    await sql`delete from kysely_migration where name > '0001_initial'`.execute(store.db);
    await migrate(store.db, store.dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(store.db)).rows[0]!.s : undefined);
    expect(await found('globex')).toEqual([ids.emea]);
    expect(Number(await entries())).toBe(4);
  });

  it('searches only words: query syntax in the text is taken as words', async () => {
    expect(await found('globex" OR "acme')).toEqual([]);
    expect(await found('glob* | acme:*')).toEqual([]);
    expect(await found('glob* acme')).toEqual([]);
    expect(await found('"globex"')).toEqual([ids.emea]);
  });
});

describe('the booking search index on sqlite, FTS5', () => {
  it('keeps no trace of an erased customer’s words in the index’s pages', async () => {
    const store = await backends.find((b) => b.name === 'sqlite')!.open();
    await seed(store);
    const ids = await bookTheWeek(testApp(store));
    // Without secure-delete FTS5 only marks words deleted; the pages (`booking_search_data`) keep them until a merge.
    const pagesHold = async (word: string) =>
      (await sql<{ n: number }>`select count(*) as n from booking_search_data where instr(block, cast(${word} as blob)) > 0`.execute(store.db)).rows[0]!.n;
    expect(await pagesHold('beispiel')).toBeGreaterThan(0);
    await store.db.deleteFrom('bookings').where('id', '=', ids.emea).execute();
    expect(await pagesHold('beispiel')).toBe(0);
    expect(await pagesHold('globex')).toBe(0);
  });
});
