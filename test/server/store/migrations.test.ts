/** Schema migrations: what they do to rows written before them. */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../server/store/connect.js';
import { migrate } from '../../../server/store/migrations.js';
import { backends, disposeStores, PG_URL } from '../support/backends.js';
import { demoRequest, postJson, seed, testApp } from '../support/fixtures.js';
import { createPostgresSchema } from '../../../harness/postgres-schema.js';

afterAll(disposeStores);

describe('migrations', () => {
  it('hashes the idempotency keys stored plain before 0002, and replays still find their booking', async () => {
    const store = await backends[0]!.open();
    await seed(store);
    const { app } = testApp(store);
    const request = demoRequest('2026-12-01T09:00:00Z', { idempotencyKey: 'stored-plain-0001' });
    const first = await (await postJson(app, '/api/v1/pages/sales/bookings', request)).json();
    // Put the database back as 0001 left it: the key in plain text, 0002 and every later
    // migration not yet run (so later migrations must bear running again on what they made, as
    // they must anyway now that a late-arriving number runs after later ones).
    await store.db.updateTable('bookings').set({ idempotency_key: 'stored-plain-0001' }).execute();
    await sql`delete from kysely_migration where name > '0001_initial'`.execute(store.db);
    await migrate(store.db);
    const row = await store.db.selectFrom('bookings').select('idempotency_key').executeTakeFirstOrThrow();
    expect(row.idempotency_key).toBe(createHash('sha256').update('stored-plain-0001').digest('hex'));
    const again = await postJson(app, '/api/v1/pages/sales/bookings', request);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(first);
  });

  it('replays a booking keyed before 0007, which kept no request fingerprint, only to the same email on the same page', async () => {
    const store = await backends[0]!.open();
    await seed(store);
    const { app } = testApp(store);
    const request = demoRequest('2026-12-01T09:00:00Z', { idempotencyKey: 'keyed-before-0007' });
    const first = await (await postJson(app, '/api/v1/pages/sales/bookings', request)).json();
    await store.db.updateTable('bookings').set({ idempotency_fingerprint: null }).execute();
    const again = await postJson(app, '/api/v1/pages/sales/bookings', { ...request, name: 'Zoé C.' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(first);
    const other = await postJson(app, '/api/v1/pages/sales/bookings', { ...request, email: 'mallory@example.org' });
    expect(other.status).toBe(422);
    expect((await other.json()).error.code).toBe('idempotency_key_reused');
    const otherPage = await postJson(app, '/api/v1/pages/solo/bookings', { ...request, event: 'group', answers: {} });
    expect((await otherPage.json()).error.code).toBe('idempotency_key_reused');
  });
});

describe.each(backends.map((b) => [b.name, b] as const))('migration 0012 on %s', (_name, backend) => {
  it('fills in the history of the places no pool drew, from the bookings made before it, once', async () => {
    const store = await backend.open();
    await seed(store);
    const { app } = testApp(store);
    const made = async (page: string, body: object) => ((await (await postJson(app, `/api/v1/pages/${page}/bookings`, body)).json()) as { id: string }).id;
    const group = await made('solo', { ...demoRequest('2026-12-01T09:00:00Z'), event: 'group', answers: {} });
    const office = await made('solo', { ...demoRequest('2026-12-01T10:00:00Z'), event: 'office', answers: {} });
    const demo = await made('sales', demoRequest('2026-12-01T11:00:00Z'));
    await store.db.updateTable('bookings').set({ status: 'declined' }).where('id', '=', office).execute();
    const schema = store.dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(store.db)).rows[0]!.s : undefined;
    const history = () => store.db.selectFrom('member_assignments').select(['member_id', 'booking_id', 'outcome']).orderBy('booking_id').execute();
    // As before 0012: no member history at all.
    await store.db.deleteFrom('member_assignments').execute();
    await sql`delete from kysely_migration where name >= '0012'`.execute(store.db);
    await migrate(store.db, schema);
    const filled = [
      { member_id: 'cy', booking_id: group, outcome: 'held' },
      { member_id: 'cy', booking_id: office, outcome: 'cancelled' },
    ].sort((a, b) => (a.booking_id < b.booking_id ? -1 : 1));
    expect(await history()).toEqual(filled);
    expect(filled.map((f) => f.booking_id)).not.toContain(demo);
    await sql`delete from kysely_migration where name >= '0012'`.execute(store.db);
    await migrate(store.db, schema);
    expect(await history()).toEqual(filled);
  });
});

describe.skipIf(!backends.some((b) => b.name === 'postgres'))('opening PostgreSQL without a schema option', () => {
  const searchPath = (url: string, schema: string) => `${url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;

  it('migrates the connection’s current schema, though another schema of the database is migrated already', async () => {
    const other = await createPostgresSchema('kairos_migrated');
    const own = await createPostgresSchema('kairos_current');
    try {
      await (await openStore(PG_URL, { schema: other.schema })).close();
      const store = await openStore(searchPath(PG_URL, own.schema));
      try {
        const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = ${own.schema}`.execute(store.db);
        expect(tables.rows.map((t) => t.table_name)).toEqual(expect.arrayContaining(['kysely_migration', 'bookings', 'settings']));
        await seed(store);
      } finally {
        await store.close();
      }
    } finally {
      await other.drop();
      await own.drop();
    }
  });

  it('refuses to start when the search path names no schema that exists', async () => {
    await expect(openStore(searchPath(PG_URL, 'kairos_no_such_schema'))).rejects.toThrow(/search_path/);
  });
});

describe.each(backends.map((b) => [b.name, b] as const))('migrations out of order and 0020 on %s', (_name, backend) => {
  it('runs a migration that arrives after a later-numbered one has run (numbers are handed out before merging)', async () => {
    const store = await backend.open();
    // As if 0017 came to this database only after 0020 had run.
    await sql`delete from kysely_migration where name = '0017_booking_guests'`.execute(store.db);
    await migrate(store.db, backend.name === 'postgres' ? ((await sql<{ s: string }>`select current_schema() as s`.execute(store.db)).rows[0]!.s) : undefined);
    const names = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db)).rows.map((r) => r.name);
    expect(names).toContain('0017_booking_guests');
    expect(names).toContain('0020_pool_members');
  });

  it('counts the members already in pools at 0020 as having always been there', async () => {
    const store = await backend.open();
    await seed(store);
    await store.db.deleteFrom('pool_members').execute();
    await sql`delete from kysely_migration where name = '0020_pool_members'`.execute(store.db);
    await migrate(store.db, backend.name === 'postgres' ? ((await sql<{ s: string }>`select current_schema() as s`.execute(store.db)).rows[0]!.s) : undefined);
    const rows = await store.db.selectFrom('pool_members').select(['pool', 'member_id', 'joined_at']).execute();
    expect(rows.length).toBeGreaterThan(2);
    expect(new Set(rows.map((r) => r.joined_at))).toEqual(new Set(['1970-01-01T00:00:00.000Z']));
  });
});
