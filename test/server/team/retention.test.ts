/**
 * Retention: with the setting at N days, the personal data of bookings that ended more than N
 * days before the (pinned) clock is erased as an admin's erasure would, booking by booking; every
 * text column of every table is read back to prove it. Bookings not yet due — a customer's recent
 * one, the future ones, a pending one — keep every byte, and pool stats do not move. Two runs at
 * once (two stores on one PostgreSQL schema: two processes) erase each booking once.
 */
import { sql } from 'kysely';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { PoolStats } from '../../../shared/api-schemas.js';
import { openStore, type Store } from '../../../server/store/connect.js';
import { applyRetention } from '../../../server/team/apply-retention.js';
import { setRetention } from '../../../server/team/retention-setting.js';
import { backends, disposeStores, PG_URL } from '../support/backends.js';
import { admin, demoRequest, NOW, postJson, seed, testApp, tokenOf } from '../support/fixtures.js';
import { needlesIn } from '../support/needles.js';

afterAll(disposeStores);

/** When retention runs: 30 days back is 16 December 2026, noon. */
const LATER = Date.parse('2027-01-15T12:00:00Z');

/** Zoé's old booking's own words, Max's (old, cancelled): all due. */
const zoeOld = { company: 'Zoe Oldcorp', utm: 'zoe-old-utm-17', phone: '+33 1 11 22 33 44' };
const max = { name: 'Max Otherperson', email: 'max.other@example.net', company: 'Othercorp Limited', reason: 'Max moved abroad' };
const zoe = { name: 'Zoé Clientèle', email: 'zoe.kept@example.org' };

type App = ReturnType<typeof testApp>['app'];

describe.each(backends.map((b) => [b.name, b] as const))('retention on %s', (_name, backend) => {
  let store: Store;
  let app: App;
  let due: string[];
  let notDue: string[];

  const book = async (page: string, body: Record<string, unknown>) => {
    const response = await postJson(app, `/api/v1/pages/${page}/bookings`, body);
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; manageUrl: string };
  };

  beforeEach(async () => {
    store = await backend.open();
    await seed(store);
    let clock: ReturnType<typeof testApp>['clock'];
    ({ app, clock } = testApp(store));
    const zoeOldBooking = await book(
      'sales',
      demoRequest('2026-12-01T09:00:00Z', { ...zoe, phone: zoeOld.phone, answers: { company: zoeOld.company, country: 'US' }, source: { utm_source: zoeOld.utm } }),
    );
    const maxBooking = await book('sales', demoRequest('2026-12-02T09:00:00Z', { name: max.name, email: max.email, answers: { company: max.company, country: 'US' } }));
    clock.now += 60_000;
    expect((await postJson(app, `/api/v1/bookings/${maxBooking.id}/cancel`, { token: tokenOf(maxBooking), reason: max.reason })).status).toBe(200);
    const zoeRecent = await book('sales', demoRequest('2026-12-28T09:00:00Z', { ...zoe, answers: { company: 'Zoe Newcorp', country: 'US' } }));
    const future = await book('sales', demoRequest('2027-01-20T09:00:00Z', { name: 'Fay Future', email: 'fay@example.org' }));
    const pending = await book('solo', { ...demoRequest('2027-01-21T10:00:00Z', { name: 'Pat Pending', email: 'pat@example.org' }), event: 'office', answers: {} });
    due = [zoeOldBooking.id, maxBooking.id];
    notDue = [zoeRecent.id, future.id, pending.id];
  });

  const setDays = async (days: number | null) => {
    const response = await admin(app, 'PUT', '/api/v1/admin/settings/retention', { days });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ days });
  };
  const rowsOf = async (ids: string[]) => ({
    bookings: await store.db.selectFrom('bookings').selectAll().where('id', 'in', ids).orderBy('id').execute(),
    outbox: await store.db.selectFrom('outbox').selectAll().where('booking_id', 'in', ids).orderBy('id').execute(),
    activity: await store.db.selectFrom('activity').selectAll().where('booking_id', 'in', ids).orderBy('id').execute(),
    consents: await store.db.selectFrom('consents').selectAll().where('booking_id', 'in', ids).orderBy('booking_id').execute(),
  });
  const erasures = async () =>
    (await store.db.selectFrom('activity').select(['booking_id', 'actor', 'data']).where('type', '=', 'customer_erased').orderBy('at').orderBy('id').execute()).map((e) => ({
      ...e,
      data: JSON.parse(e.data) as { bookings: string[] } & Record<string, unknown>,
    }));
  const poolStats = async () => (await (await admin(app, 'GET', '/api/v1/admin/pools/sales/stats')).json()) as PoolStats;

  it('erases every trace of the bookings that ended more than N days ago', async () => {
    await setDays(30);
    const needles = [...Object.values(zoeOld), ...Object.values(max)];
    expect((await needlesIn(store, needles)).length).toBeGreaterThan(0);

    const run = await applyRetention({ store }, { now: LATER });
    expect(run).toEqual({ days: 30, bookings: due });
    expect(await needlesIn(store, needles)).toEqual([]);
    const { bookings } = await rowsOf(due);
    expect(bookings.map((b) => [b.name, b.email, b.phone, b.answers, b.source, b.reason])).toEqual(due.map(() => ['', '', null, '{}', '{}', null]));
    // Nothing is cancelled: Zoé's old meeting still took place, Max's was still cancelled.
    expect(bookings.map((b) => b.status).sort()).toEqual(['cancelled', 'confirmed']);
  });

  it('leaves every byte of the bookings not yet due: a customer’s recent one, future ones, a pending one', async () => {
    await setDays(30);
    const before = await rowsOf(notDue);
    await applyRetention({ store }, { now: LATER });
    expect(await rowsOf(notDue)).toEqual(before);
    const export_ = (await (await admin(app, 'GET', `/api/v1/admin/customers/${encodeURIComponent(zoe.email)}/export`)).json()) as { bookings: { id: string; name: string }[] };
    expect(export_.bookings.map((b) => [b.id, b.name])).toEqual([[notDue[0], zoe.name]]);
  });

  it('keeps the pool stats as they were', async () => {
    await setDays(30);
    const before = await poolStats();
    expect(before.members.some((m) => m.assigned > 0)).toBe(true);
    await applyRetention({ store }, { now: LATER });
    expect(await poolStats()).toEqual(before);
  });

  it('records each batch as customer_erased by system, with the retention, and a second run erases nothing', async () => {
    await setDays(30);
    await applyRetention({ store }, { now: LATER, batchSize: 1 });
    // Both at the run's instant: in the order of the meetings.
    const entries = (await erasures()).sort((a, b) => due.indexOf(a.data.bookings[0]!) - due.indexOf(b.data.bookings[0]!));
    expect(entries).toEqual([
      { booking_id: null, actor: 'system', data: { bookings: [due[0]], outboxRows: expect.any(Number), activityEntries: 1, retention: 30 } },
      { booking_id: null, actor: 'system', data: { bookings: [due[1]], outboxRows: expect.any(Number), activityEntries: 2, retention: 30 } },
    ]);
    expect(entries.every((e) => (e.data.outboxRows as number) > 0)).toBe(true);
    expect(await applyRetention({ store }, { now: LATER + 60 * 60_000 })).toEqual({ days: 30, bookings: [] });
    expect(await erasures()).toHaveLength(2);
  });

  it('erases nothing while the setting keeps data, nor once it is set back to keep', async () => {
    const before = await rowsOf([...due, ...notDue]);
    expect(await applyRetention({ store }, { now: Date.parse('2036-01-01T00:00:00Z') })).toEqual({ days: null, bookings: [] });
    await setDays(30);
    await setDays(null);
    expect(await applyRetention({ store }, { now: Date.parse('2036-01-01T00:00:00Z') })).toEqual({ days: null, bookings: [] });
    expect(await rowsOf([...due, ...notDue])).toEqual(before);
  });

  it('counts N days from the end of the meeting', async () => {
    await setRetention({ store, publicUrl: '', secret: '' }, { days: 30, actor: 'admin', now: NOW });
    // Zoé's old demo ended at 09:30 on 1 December: due from 09:30 on 31 December, not a minute before.
    const zoeEnd = Date.parse('2026-12-01T09:30:00Z') + 30 * 24 * 60 * 60_000;
    expect((await applyRetention({ store }, { now: zoeEnd })).bookings).toEqual([]);
    expect((await applyRetention({ store }, { now: zoeEnd + 1 })).bookings).toEqual([due[0]]);
  });

  it('erases each booking once when two processes run it at the same moment', async () => {
    // Due as well: a dozen more old bookings, for the two runs to share.
    for (let day = 3; day <= 14; day++) due.push((await book('sales', demoRequest(`2026-12-${String(day).padStart(2, '0')}T09:00:00Z`, { email: `old${day}@example.org` }))).id);
    await setDays(30);
    const other = backend.name === 'postgres' ? await secondStore(store) : store;
    try {
      const runs = await Promise.all([applyRetention({ store }, { now: LATER, batchSize: 2 }), applyRetention({ store: other }, { now: LATER, batchSize: 2 })]);
      const erased = runs.flatMap((r) => r.bookings);
      expect(erased.sort()).toEqual([...due].sort());
      const entries = await erasures();
      expect(entries.flatMap((e) => e.data.bookings).sort()).toEqual([...due].sort());
      // No run picked a booking only to find it erased by the other.
      expect(entries.filter((e) => e.data.bookings.length === 0)).toEqual([]);
    } finally {
      if (other !== store) await other.close();
    }
    expect(await store.db.selectFrom('bookings').select('id').where('email', '<>', '').orderBy('start_at').execute()).toEqual(notDue.map((id) => ({ id })));
  });
});

/** Another connection pool on the same PostgreSQL schema: a second server process as the database sees it. */
async function secondStore(store: Store): Promise<Store> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db);
  return openStore(PG_URL, { schema: rows[0]!.schema });
}
