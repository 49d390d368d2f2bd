/**
 * Booking on behalf of a customer as a member (docs/http-api.md, "Booking on behalf"): with
 * themselves as the host, on an entry they can host, when they are free; and the member's own
 * slots that such a booking can take. Admins book as before (admin.test.ts).
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../../server/config/schema.js';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, demoRequest, postJson, seed, teamConfig, testApp } from '../support/fixtures.js';
import { memberKey, withKey } from '../support/member-key.js';
import { signIn, withSession } from '../support/session.js';

afterAll(disposeStores);

/** The test team, with Ana's calendar busy 13:00–14:00 on 1 December and a `duo` page: a call with Cy and one of pool `sales`. */
function team(): ConfigInput {
  const config = teamConfig();
  config.members![0] = { ...config.members![0]!, busy: [{ start: '2026-12-01T13:00:00Z', end: '2026-12-01T14:00:00Z' }] };
  config.eventTypes!.push({ id: 'call', title: 'Call', durationMinutes: 30, slotIntervalMinutes: 30, location: { type: 'phone' } });
  config.pages!.push({ slug: 'duo', title: 'Duo', entries: [{ event: 'call', host: { panel: [{ member: 'cy' }, { pool: 'sales' }] } }] });
  return config;
}

describe.each(backends.map((b) => [b.name, b] as const))('booking on behalf as a member on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];
  beforeEach(async () => {
    store = await backend.open();
    await seed(store, team());
    ({ app } = testApp(store));
  });

  const onBehalf = (key: string, start: string, overrides: Record<string, unknown> = {}) =>
    withKey(app, key, 'POST', '/api/v1/admin/bookings', { ...demoRequest(start), page: 'sales', ...overrides });
  const call = (start: string) => ({ ...demoRequest(start), page: 'duo', event: 'call', answers: {} });
  /** A demo booked by a visitor through the `sales` pool, and the member it went to. */
  const bookPublic = async (start: string) => {
    const res = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest(start));
    expect(res.status).toBe(201);
    const { id } = await res.json();
    return { id: id as string, member: (await placesOf(id))[0]!.member_id };
  };
  const placesOf = (id: string) => store.db.selectFrom('booking_members').select(['member_id', 'pool']).where('booking_id', '=', id).orderBy('member_id').execute();
  const bookingCount = async () => (await store.db.selectFrom('bookings').select('id').execute()).length;
  const errorOf = async (res: Response, status: number) => {
    expect(res.status).toBe(status);
    return (await res.json()).error;
  };

  it('gives a member the pool’s booking though the pool would pick a colleague, and counts it as the pool’s', async () => {
    // Ana took the first demo: Bo is next in line.
    expect((await bookPublic('2026-12-01T09:00:00Z')).member).toBe('ana');
    const res = await onBehalf(await memberKey(app, 'ana'), '2026-12-01T10:00:00Z');
    expect(res.status).toBe(201);
    const booking = await res.json();
    expect(booking).toMatchObject({ status: 'confirmed', event: 'demo', start: '2026-12-01T10:00:00Z', hosts: [{ name: 'Ana Silva' }] });
    expect(await placesOf(booking.id)).toEqual([{ member_id: 'ana', pool: 'sales' }]);
    const history = await store.db.selectFrom('pool_assignments').select(['pool', 'member_id', 'outcome']).where('booking_id', '=', booking.id).execute();
    expect(history).toEqual([{ pool: 'sales', member_id: 'ana', outcome: 'held' }]);
    const activity = await store.db.selectFrom('activity').select(['type', 'actor']).where('booking_id', '=', booking.id).execute();
    expect(activity).toEqual([{ type: 'created', actor: 'member:ana' }]);
    // Round robin sees Ana two ahead: Bo gets the next two, not one.
    expect((await bookPublic('2026-12-01T11:00:00Z')).member).toBe('bo');
    expect((await bookPublic('2026-12-01T11:30:00Z')).member).toBe('bo');
  });

  it('refuses with 409 a time the member is not free, though a colleague is', async () => {
    const key = await memberKey(app, 'ana');
    expect((await onBehalf(key, '2026-12-01T09:00:00Z')).status).toBe(201);
    for (const start of ['2026-12-01T09:00:00Z', '2026-12-01T13:00:00Z', '2026-12-01T18:00:00Z']) {
      expect((await errorOf(await onBehalf(key, start, { email: 'lee@example.org' }), 409)).code).toBe('slot_unavailable');
    }
    expect(await bookingCount()).toBe(1);
    // The pool itself still has Bo then.
    expect((await bookPublic('2026-12-01T09:00:00Z')).member).toBe('bo');
    expect((await bookPublic('2026-12-01T13:00:00Z')).member).toBe('bo');
  });

  it('refuses with 422 on `event` an entry the member cannot host, saying why, and books nothing', async () => {
    const ana = await memberKey(app, 'ana');
    const refusals = [
      // Office hours are Cy's.
      [ana, { page: 'solo', event: 'office', answers: {} }, 'it books with another member'],
      // Cy is not in `sales`.
      [await memberKey(app, 'cy'), {}, 'it books with a pool cy is not in'],
      // A French customer is routed to `emea`, which Ana is not in.
      [ana, { answers: { company: 'ACME', country: 'FR' } }, 'it books with a pool ana is not in'],
    ] as const;
    for (const [key, overrides, why] of refusals) {
      const error = await errorOf(await onBehalf(key, '2026-12-01T10:00:00Z', overrides), 422);
      expect(error.code).toBe('validation_failed');
      expect(error.fields).toEqual({ event: expect.stringContaining(why) });
    }
    expect(await bookingCount()).toBe(0);
    // Bo is in `emea`: the routed host is his to take.
    const res = await onBehalf(await memberKey(app, 'bo'), '2026-12-01T10:00:00Z', { answers: { company: 'ACME', country: 'FR' } });
    expect(res.status).toBe(201);
    expect(await placesOf((await res.json()).id)).toEqual([{ member_id: 'bo', pool: 'emea' }]);
  });

  it('puts a member in their pool’s place on a panel, and chooses the other places as usual', async () => {
    const byBo = await withKey(app, await memberKey(app, 'bo'), 'POST', '/api/v1/admin/bookings', call('2026-12-01T09:00:00Z'));
    expect(byBo.status).toBe(201);
    expect(await placesOf((await byBo.json()).id)).toEqual([
      { member_id: 'bo', pool: 'sales' },
      { member_id: 'cy', pool: null },
    ]);
    // Cy is on the panel by name; `sales` picks Ana, who is behind Bo.
    const byCy = await withKey(app, await memberKey(app, 'cy'), 'POST', '/api/v1/admin/bookings', call('2026-12-01T10:00:00Z'));
    expect(byCy.status).toBe(201);
    expect(await placesOf((await byCy.json()).id)).toEqual([
      { member_id: 'ana', pool: 'sales' },
      { member_id: 'cy', pool: null },
    ]);
  });

  it('books with a member’s session as with their key, once the CSRF token is there', async () => {
    const session = await signIn(app, store, 'bo@example.com');
    const body = { ...demoRequest('2026-12-01T09:00:00Z'), page: 'sales' };
    expect((await errorOf(await withSession(app, { cookie: session.cookie }, 'POST', '/api/v1/admin/bookings', body), 403)).code).toBe('csrf_failed');
    const res = await withSession(app, session, 'POST', '/api/v1/admin/bookings', body);
    expect(res.status).toBe(201);
    const { id } = await res.json();
    expect(await placesOf(id)).toEqual([{ member_id: 'bo', pool: 'sales' }]);
    const activity = await store.db.selectFrom('activity').select('actor').where('booking_id', '=', id).execute();
    expect(activity).toEqual([{ actor: 'member:bo' }]);
  });

  it('takes the member’s time once when they and visitors book it at once', async () => {
    const shared = await backend.open({ file: true, poolSize: 10 });
    await seed(shared, team());
    const raced = testApp(shared).app;
    const key = await memberKey(raced, 'ana');
    const body = (i: number) => ({ ...demoRequest('2026-12-01T09:00:00Z'), email: `c${i}@example.org` });
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 ? withKey(raced, key, 'POST', '/api/v1/admin/bookings', { ...body(i), page: 'sales' }) : postJson(raced, '/api/v1/pages/sales/bookings', body(i)),
      ),
    );
    const refused = await Promise.all(responses.filter((r) => r.status !== 201).map(async (r) => (await r.json()).error.code));
    expect(new Set(refused)).toEqual(new Set(['slot_unavailable']));
    const held = await shared.db.selectFrom('booking_members').innerJoin('activity', 'activity.booking_id', 'booking_members.booking_id').select(['member_id', 'actor']).execute();
    // The pool's two members, once each; whatever the member's key took is Ana's.
    expect(held.map((h) => h.member_id).sort()).toEqual(['ana', 'bo']);
    expect(held.filter((h) => h.actor === 'member:ana').every((h) => h.member_id === 'ana')).toBe(true);
    expect(responses.filter((r) => r.status === 201)).toHaveLength(2);
  });

  it('lets an admin book any entry, with whoever its host gives', async () => {
    const res = await admin(app, 'POST', '/api/v1/admin/bookings', { ...demoRequest('2026-12-01T10:00:00Z'), page: 'solo', event: 'office', answers: {} });
    expect(res.status).toBe(201);
    expect(await placesOf((await res.json()).id)).toEqual([{ member_id: 'cy', pool: null }]);
  });

  describe('a member’s own slots', () => {
    const slotsPath = (member: string, query = 'page=sales&event=demo&from=2026-12-01&to=2026-12-01&timezone=UTC') => `/api/v1/admin/members/${member}/slots?${query}`;
    const startsOf = async (res: Response) => {
      expect(res.status).toBe(200);
      return ((await res.json()).slots as { start: string }[]).map((s) => s.start.slice(11, 16));
    };
    /** 09:00 to 16:30, every half hour. */
    const workday = Array.from({ length: 16 }, (_, i) => `${String(9 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`);

    it('lists the member’s free times on the entry, which booking on behalf takes, and no other', async () => {
      expect((await bookPublic('2026-12-01T09:00:00Z')).member).toBe('ana');
      const key = await memberKey(app, 'ana');
      const res = await withKey(app, key, 'GET', slotsPath('ana'));
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = await res.json();
      expect(body.event).toBe('demo');
      expect(body.timezone).toBe('UTC');
      expect(body.slots[0]).toEqual({ start: '2026-12-01T09:30:00Z', end: '2026-12-01T10:00:00Z', seatsLeft: 1 });
      // Not 09:00 (booked), nor 13:00 and 13:30 (her calendar).
      expect(body.slots.map((s: { start: string }) => s.start.slice(11, 16))).toEqual(workday.filter((t) => !['09:00', '13:00', '13:30'].includes(t)));
      // Bo's are the whole day: his own, not the pool's or Ana's.
      expect(await startsOf(await admin(app, 'GET', slotsPath('bo')))).toEqual(workday);

      const first = await onBehalf(key, body.slots[0].start);
      expect(first.status).toBe(201);
      expect((await first.json()).hosts).toEqual([{ name: 'Ana Silva' }]);
      expect((await errorOf(await onBehalf(key, '2026-12-01T13:00:00Z'), 409)).code).toBe('slot_unavailable');
    });

    it('answers a colleague’s slots as if they did not exist; an admin sees anyone’s', async () => {
      const key = await memberKey(app, 'ana');
      const nobody = await errorOf(await withKey(app, key, 'GET', slotsPath('nobody')), 404);
      expect(await errorOf(await withKey(app, key, 'GET', slotsPath('bo')), 404)).toEqual(nobody);
      expect(nobody.code).toBe('not_found');
      const session = await signIn(app, store, 'bo@example.com');
      expect(await startsOf(await withSession(app, { cookie: session.cookie }, 'GET', slotsPath('bo')))).toEqual(workday);
      expect(await errorOf(await withSession(app, session, 'GET', slotsPath('ana')), 404)).toEqual(nobody);
      expect(await errorOf(await admin(app, 'GET', slotsPath('nobody')), 404)).toEqual(nobody);
    });

    it('checks its query as the public slots do, and refuses an entry the member cannot host', async () => {
      const key = await memberKey(app, 'ana');
      const queries = [
        'page=sales&event=demo&from=2026-12-01&to=2027-02-01&timezone=UTC',
        'page=sales&from=2026-12-02&to=2026-12-01&timezone=UTC',
        'page=sales&from=2026-12-01&to=2026-12-01&timezone=Nowhere/City',
        'page=sales&from=2026-12-01&to=2026-12-01&timezone=UTC&answers=%7B%22country%22%3A%22other%22%7D',
        'page=nope&from=2026-12-01&to=2026-12-01&timezone=UTC',
        'page=sales&event=office&from=2026-12-01&to=2026-12-01&timezone=UTC',
      ];
      for (const query of queries) {
        const mine = await withKey(app, key, 'GET', slotsPath('ana', query));
        const page = new URLSearchParams(query).get('page');
        const visitors = await app.request(`/api/v1/pages/${page}/slots?${query.replace(/^page=[^&]*&/, '')}`);
        expect(mine.status, query).toBeGreaterThanOrEqual(400);
        expect({ status: mine.status, body: await mine.json() }, query).toEqual({ status: visitors.status, body: await visitors.json() });
      }
      expect((await errorOf(await withKey(app, key, 'GET', '/api/v1/admin/members/ana/slots?from=2026-12-01&to=2026-12-01&timezone=UTC'), 422)).fields).toHaveProperty('page');
      const notHers = await errorOf(await withKey(app, key, 'GET', slotsPath('ana', 'page=solo&event=office&from=2026-12-01&to=2026-12-01&timezone=UTC')), 422);
      expect(notHers).toMatchObject({ code: 'validation_failed', fields: { event: 'ana cannot host this entry: it books with another member' } });
    });
  });
});
