/** The activity stream's use case: its views, filters and search, on both stores. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActivity } from '../../../server/team/list-activity.js';
import type { Store } from '../../../server/store/connect.js';
import { activityQuerySchema } from '../../../shared/api-schemas.js';
import { bookTheWeek } from '../support/activity-data.js';
import { backends, disposeStores } from '../support/backends.js';
import { NOW, seed, testApp } from '../support/fixtures.js';

afterAll(disposeStores);

describe.each(backends.map((b) => [b.name, b] as const))('the activity stream on %s', (_name, backend) => {
  let store: Store;
  let ids: Awaited<ReturnType<typeof bookTheWeek>>;
  beforeAll(async () => {
    store = await backend.open();
    await seed(store);
    ids = await bookTheWeek(testApp(store));
  });

  /** The entries the query finds, as `type booking-name` in the stream's order. */
  const stream = async (query: Record<string, string> = {}, actor = 'admin') => {
    const page = await listActivity({ store }, { actor, query: activityQuerySchema.parse(query), now: NOW });
    const names = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
    return page.items.map((e) => `${e.type} ${names[e.booking!.id]}`);
  };

  it('lists every entry newest first', async () => {
    expect(await stream()).toEqual(['cancelled cancelled', 'created cancelled', 'requested request', 'created emea', 'created today']);
  });

  it('gives each entry its actor, time, data and the booking it concerns as it is now', async () => {
    const page = await listActivity({ store }, { actor: 'admin', query: activityQuerySchema.parse({}), now: NOW });
    const cancelled = page.items[0]!;
    expect(cancelled).toMatchObject({ type: 'cancelled', actor: 'customer', at: '2026-11-30T12:04:00.000Z', data: { reason: 'sick' } });
    expect(cancelled.booking).toEqual({
      id: ids.cancelled,
      status: 'cancelled',
      event: 'group',
      page: 'solo',
      start: Date.parse('2026-12-01T09:00:00Z'),
      end: Date.parse('2026-12-01T10:00:00Z'),
      name: 'Gus Group',
      email: 'gus@example.net',
      members: [{ id: 'cy', name: 'Cy Brooks', pool: null }],
    });
  });

  it('today: the activity of bookings meeting on the UTC day of now', async () => {
    expect(await stream({ view: 'today' })).toEqual(['created today']);
  });

  it('today in a time zone: that zone’s day of now (Honolulu’s 30 November runs to 10:00 UTC on 1 December)', async () => {
    expect(await stream({ view: 'today', timezone: 'Pacific/Honolulu' })).toEqual(['cancelled cancelled', 'created cancelled', 'created today']);
  });

  it('upcoming: bookings starting later that still hold', async () => {
    expect(await stream({ view: 'upcoming' })).toEqual(['requested request', 'created emea', 'created today']);
  });

  it('requests: bookings pending approval', async () => {
    expect(await stream({ view: 'requests' })).toEqual(['requested request']);
  });

  it('a view and a status filter must both hold', async () => {
    expect(await stream({ view: 'requests', status: 'confirmed' })).toEqual([]);
    expect(await stream({ view: 'upcoming', status: 'confirmed' })).toEqual(['created emea', 'created today']);
  });

  it('filters by status, member, pool, page and event type', async () => {
    expect(await stream({ status: 'cancelled' })).toEqual(['cancelled cancelled', 'created cancelled']);
    expect(await stream({ member: 'cy' })).toEqual(['cancelled cancelled', 'created cancelled', 'requested request']);
    expect(await stream({ pool: 'emea' })).toEqual(['created emea']);
    expect(await stream({ page: 'sales' })).toEqual(['created emea', 'created today']);
    expect(await stream({ event: 'office' })).toEqual(['requested request']);
  });

  it('filters by the days the meeting starts, inclusive', async () => {
    expect(await stream({ from: '2026-12-02', to: '2026-12-03' })).toEqual(['requested request', 'created emea']);
    expect(await stream({ from: '2026-12-02' })).toEqual(['requested request', 'created emea']);
    expect(await stream({ to: '2026-12-01' })).toEqual(['cancelled cancelled', 'created cancelled', 'created today']);
    expect(await stream({ from: '2026-12-01', to: '2026-12-01' })).toEqual(['cancelled cancelled', 'created cancelled']);
  });

  it('searches the answers, the email, the name and the phone by word prefix', async () => {
    expect(await stream({ q: 'globex' })).toEqual(['created emea']);
    expect(await stream({ q: 'GLOB hamb' })).toEqual(['created emea']);
    expect(await stream({ q: 'max@beispiel.de' })).toEqual(['created emea']);
    expect(await stream({ q: 'beispiel' })).toEqual(['created emea']);
    expect(await stream({ q: 'Zoé' })).toEqual(['created today']);
    expect(await stream({ q: '4930123' })).toEqual(['created emea']);
    expect(await stream({ q: '+49 30' })).toEqual(['created emea']);
    expect(await stream({ q: 'acme' })).toEqual(['created today']);
    expect(await stream({ q: 'globex acme' })).toEqual([]);
  });

  it('finds a booking by its id', async () => {
    expect(await stream({ q: ids.request })).toEqual(['requested request']);
  });

  it('search and filters must all hold', async () => {
    expect(await stream({ q: 'example', member: 'cy' })).toEqual(['cancelled cancelled', 'created cancelled', 'requested request']);
    expect(await stream({ q: 'example', page: 'sales' })).toEqual(['created today']);
    expect(await stream({ q: 'example net', page: 'sales' })).toEqual([]);
  });

  it('shows a member only the activity of bookings they are assigned to', async () => {
    expect(await stream({}, 'member:cy')).toEqual(['cancelled cancelled', 'created cancelled', 'requested request']);
    expect(await stream({ member: 'bo' }, 'member:cy')).toEqual([]);
  });
});
