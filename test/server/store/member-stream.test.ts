/**
 * Each member's own activity stream (`store/member-stream.ts`), kept by the database: after
 * bookings are made, emails sent, a webhook given up, a booking reassigned and a customer erased,
 * it holds exactly one key for each member of each entry's booking — what the whole stream says,
 * read independently — and a member's pages read from it are those read from the whole stream,
 * every way, on both stores.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readActivity, type ActivityEntry, type ActivityFilter } from '../../../server/store/activity-stream.js';
import type { Store } from '../../../server/store/connect.js';
import { bookTheWeek, deliverAt, goneWebhook, MINUTE } from '../support/activity-data.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, NOW, seed, testApp } from '../support/fixtures.js';

afterAll(disposeStores);

describe.each(backends.map((b) => [b.name, b] as const))('members’ own streams on %s', (_name, backend) => {
  let store: Store;
  let test: ReturnType<typeof testApp>;
  let ids: Awaited<ReturnType<typeof bookTheWeek>>;
  let gone: Server;

  beforeAll(async () => {
    store = await backend.open();
    await seed(store);
    gone = await goneWebhook(store);
    test = testApp(store);
    ids = await bookTheWeek(test);
  });
  afterAll(() => new Promise<void>((resolve) => gone.close(() => resolve())));

  const read = (filter: Omit<ActivityFilter, 'limit'>, options: Parameters<typeof readActivity>[3] = {}, limit = 100, after?: ActivityEntry) =>
    readActivity(store.db, store.dialect, { ...filter, limit, ...(after ? { olderThan: { at: after.at, id: after.id } } : {}) }, options);

  /** What the whole stream says each member's stream must hold: a key for each member of each entry's booking. */
  const expected = async () => {
    const keys = (await read({}, {}, 10_000)).flatMap((e) => (e.booking ? e.booking.members.map((m) => `${m.id} ${e.id} ${e.at}`) : []));
    return keys.sort();
  };
  const held = async () => {
    const rows = await store.db.selectFrom('member_stream').select(['member_id', 'id', 'at']).execute();
    return rows.map((r) => `${r.member_id} ${r.id} ${r.at}`).sort();
  };
  const membersOf = async (booking: string) => (await read({ booking })).at(0)!.booking!.members.map((m) => m.id);

  it('holds a key for each member of each entry’s booking once the bookings are made', async () => {
    const keys = await held();
    expect(keys.length).toBeGreaterThan(0);
    expect(keys).toEqual(await expected());
  });

  it('gains the notifications sent and given up, and only those', async () => {
    const before = (await held()).length;
    await deliverAt(store, NOW + 10 * MINUTE);
    const all = await read({}, {}, 10_000);
    expect(all.some((e) => e.type === 'notification_sent')).toBe(true);
    expect(all.some((e) => e.type === 'webhook_failed')).toBe(true);
    expect((await held()).length).toBeGreaterThan(before);
    expect(await held()).toEqual(await expected());
  });

  it('moves every entry of a reassigned booking, the earlier ones too, to the member who takes it', async () => {
    const [from] = await membersOf(ids.today);
    const to = from === 'ana' ? 'bo' : 'ana';
    const before = (await read({ booking: ids.today })).length;
    const res = await admin(test.app, 'POST', `/api/v1/admin/bookings/${ids.today}/reassign`, { member: to });
    expect(res.status).toBe(200);
    const taken = await read({ member: to, booking: ids.today });
    // The entries from before (created, its emails) and the reassignment itself.
    expect(taken.length).toBe(before + 1);
    expect(taken.some((e) => e.type === 'created')).toBe(true);
    expect(await read({ member: from!, booking: ids.today })).toEqual([]);
    expect(await held()).toEqual(await expected());
  });

  it('loses the erased customer’s notifications and keeps the rest', async () => {
    const res = await admin(test.app, 'DELETE', `/api/v1/admin/customers/${encodeURIComponent('max@beispiel.de')}`);
    expect(res.status).toBe(200);
    expect(await held()).toEqual(await expected());
  });

  const filters: [string, Omit<ActivityFilter, 'limit'>][] = [
    ['a member', { member: 'cy' }],
    ['another member', { member: 'bo' }],
    ['a member key', { assignedTo: 'ana' }],
    ['a member key and the same member', { assignedTo: 'cy', member: 'cy' }],
    ['a member key and another member', { assignedTo: 'cy', member: 'ana' }],
    ['a member and a status', { member: 'cy', statuses: ['cancelled'] }],
    ['a member and a search', { member: 'cy', search: { id: 'gus', terms: ['gus'] } }],
    ['a member and a time', { member: 'bo', startAfter: NOW }],
    ['a member nobody is', { member: 'nobody' }],
  ];

  it.each(filters)('reads %s from the member’s stream as from the whole stream, every way', async (_what, filter) => {
    const whole = await read(filter, { everyEntry: true });
    for (const only of [undefined, 'check', 'counted', 'bookings'] as const) {
      expect([only, (await read(filter, only ? { only } : {})).map((e) => e.id)]).toEqual([only, whole.map((e) => e.id)]);
    }
  });

  it.each([1, 2])('pages a member’s stream without gaps or repeats, %i at a time', async (limit) => {
    const whole = await read({ member: 'cy' }, { everyEntry: true });
    expect(whole.length).toBeGreaterThan(2);
    const seen: ActivityEntry[] = [];
    for (;;) {
      const page = await read({ member: 'cy' }, {}, limit, seen.at(-1));
      seen.push(...page);
      if (page.length < limit) break;
    }
    expect(seen).toEqual(whole);
  });
});
