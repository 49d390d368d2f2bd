/**
 * The activity stream's ways of reading a narrowed stream (`store/activity-walk.ts`): walking it
 * in time order, checking each entry's booking or checking against the bookings counted first,
 * or reading the bookings' entries by booking. Which one a read takes depends on how many
 * bookings match and how the walk goes, so every narrowing is read every way here and must give
 * the same entries, in the same order, page by page, notifications included — sent and given up
 * — on both stores.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readActivity, type ActivityEntry, type ActivityFilter } from '../../../server/store/activity-stream.js';
import type { Store } from '../../../server/store/connect.js';
import { bookTheWeek, deliverAt, goneWebhook, MINUTE } from '../support/activity-data.js';
import { backends, disposeStores } from '../support/backends.js';
import { NOW, seed, testApp } from '../support/fixtures.js';

const DAY = 24 * 60 * MINUTE;
afterAll(disposeStores);

describe.each(backends.map((b) => [b.name, b] as const))('the activity stream read each way on %s', (_name, backend) => {
  let store: Store;
  let ids: Awaited<ReturnType<typeof bookTheWeek>>;
  let gone: Server;

  beforeAll(async () => {
    store = await backend.open();
    await seed(store);
    // A receiver that is gone: the webhook is given up at its first attempt.
    gone = await goneWebhook(store);
    ids = await bookTheWeek(testApp(store));
    await deliverAt(store, NOW + 10 * MINUTE);
  });
  afterAll(() => new Promise<void>((resolve) => gone.close(() => resolve())));

  type Way = 'check' | 'counted' | 'bookings';
  const ways: Way[] = ['check', 'counted', 'bookings'];
  const read = (filter: Omit<ActivityFilter, 'limit'>, only?: Way, limit = 100, olderThan?: ActivityEntry) =>
    readActivity(store.db, store.dialect, { ...filter, limit, ...(olderThan ? { olderThan: { at: olderThan.at, id: olderThan.id } } : {}) }, only ? { only } : {});
  /** Every entry, a page of `limit` at a time, each page after the last entry of the one before. */
  const paged = async (filter: Omit<ActivityFilter, 'limit'>, only: Way, limit: number) => {
    const seen: ActivityEntry[] = [];
    for (;;) {
      const page = await read(filter, only, limit, seen.at(-1));
      seen.push(...page);
      if (page.length < limit) return seen;
    }
  };
  const kinds = (entries: ActivityEntry[]) => new Set(entries.map((e) => e.type));

  it('has activity, sent emails and a given-up webhook to read', async () => {
    const all = await read({});
    expect(kinds(all)).toEqual(new Set(['created', 'requested', 'cancelled', 'notification_sent', 'webhook_failed']));
  });

  const filters: [string, () => Omit<ActivityFilter, 'limit'>][] = [
    ['a status', () => ({ statuses: ['cancelled'] })],
    ['statuses', () => ({ statuses: ['pending', 'confirmed'] })],
    ['a member', () => ({ member: 'cy' })],
    ['a member key', () => ({ assignedTo: 'bo' })],
    ['a member key and a member', () => ({ assignedTo: 'cy', member: 'cy' })],
    ['a member key and another member', () => ({ assignedTo: 'cy', member: 'ana' })],
    ['a pool', () => ({ pool: 'sales' })],
    ['a page', () => ({ page: 'solo' })],
    ['an event type', () => ({ eventType: 'demo' })],
    ['a day', () => ({ startFrom: Date.parse('2026-12-01T00:00:00Z'), startBefore: Date.parse('2026-12-02T00:00:00Z') })],
    ['upcoming', () => ({ statuses: ['pending', 'confirmed'], startAfter: NOW + DAY })],
    ['a search word', () => ({ search: { id: 'globex', terms: ['globex'] } })],
    ['a booking id as search', () => ({ search: { id: ids.cancelled, terms: [ids.cancelled.toLowerCase()] } })],
    ['a booking', () => ({ booking: ids.cancelled })],
    ['several at once', () => ({ member: 'cy', page: 'solo', statuses: ['cancelled', 'pending'] })],
    ['nothing matching', () => ({ statuses: ['no_show'] })],
  ];

  it.each(filters)('reads %s the same every way, and the entries are those of the bookings it names', async (_what, filter) => {
    const inTimeOrder = await read(filter(), 'check');
    expect(await read(filter(), 'counted')).toEqual(inTimeOrder);
    expect(await read(filter(), 'bookings')).toEqual(inTimeOrder);
    expect(await read(filter())).toEqual(inTimeOrder);
    const unnarrowed = await read({});
    const named = new Set(inTimeOrder.map((e) => e.booking!.id));
    // Every entry of a named booking, in the unnarrowed stream's order.
    expect(inTimeOrder).toEqual(unnarrowed.filter((e) => e.booking && named.has(e.booking.id)));
  });

  it('finds notification entries by booking as walking', async () => {
    const cancelled = await read({ booking: ids.cancelled }, 'bookings');
    expect(kinds(cancelled)).toEqual(new Set(['created', 'cancelled', 'notification_sent', 'webhook_failed']));
    expect(await read({ booking: ids.cancelled }, 'check')).toEqual(cancelled);
    expect(await read({ booking: ids.cancelled }, 'counted')).toEqual(cancelled);
  });

  it.each([1, 2, 3])('pages every way without gaps or repeats, %i at a time', async (limit) => {
    for (const filter of [{ pool: 'sales' }, { statuses: ['cancelled', 'pending', 'confirmed'] as const }, { page: 'solo' }]) {
      const whole = await read(filter);
      for (const way of ways) expect(await paged(filter, way, limit)).toEqual(whole);
    }
  });
});
