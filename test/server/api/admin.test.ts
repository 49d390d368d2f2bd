import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../../server/config/schema.js';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, demoRequest, postJson, seed, teamConfig, testApp } from '../support/fixtures.js';

afterAll(disposeStores);

describe.each(backends.map((b) => [b.name, b] as const))('admin API on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];
  let clock: ReturnType<typeof testApp>['clock'];
  beforeEach(async () => {
    store = await backend.open();
    await seed(store);
    ({ app, clock } = testApp(store));
  });

  const bookDemo = async (start: string, overrides: Record<string, unknown> = {}) => {
    const res = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest(start, overrides));
    expect(res.status).toBe(201);
    return res.json();
  };
  const requestOffice = async (start: string) => {
    const res = await postJson(app, '/api/v1/pages/solo/bookings', { ...demoRequest(start), event: 'office', answers: {} });
    expect(res.status).toBe(201);
    return res.json();
  };

  it('refuses requests without the admin key, or with a wrong one, with 401', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: 'Basic abc' }] as Record<string, string>[]) {
      const res = await app.request('/api/v1/admin/config', { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect((await res.json()).error.code).toBe('unauthorized');
    }
  });

  it('exports the config it imported, and re-imports an edit by id', async () => {
    const exported = await (await admin(app, 'GET', '/api/v1/admin/config')).json();
    const expected = configSchema.parse(teamConfig());
    expect(exported.members).toEqual([...expected.members].sort((a, b) => a.id.localeCompare(b.id)));
    expect(exported.pages.map((p: { slug: string }) => p.slug)).toEqual(['sales', 'solo']);
    exported.members[0].name = 'Ana Renamed';
    const put = await admin(app, 'PUT', '/api/v1/admin/config', exported);
    expect(put.status).toBe(200);
    expect((await put.json()).imported).toMatchObject({ members: 3, pages: 2 });
    const again = await (await admin(app, 'GET', '/api/v1/admin/config')).json();
    expect(again.members[0].name).toBe('Ana Renamed');
    expect(again.members).toHaveLength(3);
    expect(again).toEqual(exported);
  });

  it('refuses a config that does not validate or refers to what it does not define, naming the fields', async () => {
    const invalid = await admin(app, 'PUT', '/api/v1/admin/config', { members: [{ id: 'x', name: 'X', email: 'x@example.com', timezone: 'Nowhere/City' }] });
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).error.fields).toHaveProperty(['members.0.timezone']);
    const dangling = await admin(app, 'PUT', '/api/v1/admin/config', {
      pages: [{ slug: 'ghost', title: 'Ghost', entries: [{ event: 'missing', host: { pool: 'nobody' } }] }],
    });
    expect(dangling.status).toBe(422);
    expect((await dangling.json()).error.fields).toEqual({
      'pages.0.entries.0.event': 'unknown event type "missing"',
      'pages.0.entries.0.host.pool': 'unknown pool "nobody"',
    });
  });

  it('books on behalf of a customer', async () => {
    const res = await admin(app, 'POST', '/api/v1/admin/bookings', { ...demoRequest('2026-12-01T09:00:00Z'), page: 'sales' });
    expect(res.status).toBe(201);
    const booking = await res.json();
    const activity = await store.db.selectFrom('activity').select(['type', 'actor']).where('booking_id', '=', booking.id).execute();
    expect(activity).toEqual([{ type: 'created', actor: 'admin' }]);
  });

  it('approves a pending request once, then refuses to approve it again', async () => {
    const pending = await requestOffice('2026-12-01T10:00:00Z');
    const res = await admin(app, 'POST', `/api/v1/admin/bookings/${pending.id}/approve`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: pending.id, status: 'confirmed', sequence: 1, members: [{ id: 'cy', name: 'Cy Brooks', pool: null }] });
    const again = await admin(app, 'POST', `/api/v1/admin/bookings/${pending.id}/approve`);
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('invalid_state');
  });

  it('declines a pending request with a reason, freeing its time', async () => {
    const pending = await requestOffice('2026-12-01T10:00:00Z');
    const res = await admin(app, 'POST', `/api/v1/admin/bookings/${pending.id}/decline`, { reason: 'Fully booked' });
    expect(await res.json()).toMatchObject({ status: 'declined', reason: 'Fully booked' });
    await requestOffice('2026-12-01T10:00:00Z');
  });

  it('holds a pending request’s time until it is decided', async () => {
    await requestOffice('2026-12-01T10:00:00Z');
    const res = await postJson(app, '/api/v1/pages/solo/bookings', { ...demoRequest('2026-12-01T10:00:00Z'), event: 'office', answers: {} });
    expect(res.status).toBe(409);
  });

  it('reassigns a booking to a free member and records who it was taken from', async () => {
    const booking = await bookDemo('2026-12-01T09:00:00Z');
    const [from] = (await store.db.selectFrom('booking_members').select('member_id').where('booking_id', '=', booking.id).execute()).map((r) => r.member_id);
    const to = from === 'ana' ? 'bo' : 'ana';
    const res = await admin(app, 'POST', `/api/v1/admin/bookings/${booking.id}/reassign`, { member: to });
    expect(res.status).toBe(200);
    expect((await res.json()).members).toEqual([{ id: to, name: expect.any(String), pool: 'sales' }]);
    const assignments = await store.db.selectFrom('pool_assignments').select(['member_id', 'outcome']).where('booking_id', '=', booking.id).orderBy('member_id').execute();
    expect(assignments).toEqual(
      [
        { member_id: from, outcome: 'reassigned_away' },
        { member_id: to, outcome: 'held' },
      ].sort((a, b) => a.member_id.localeCompare(b.member_id)),
    );
  });

  it('gives a booking to one of two members reassigning it at once, and refuses the other', async () => {
    const booking = await bookDemo('2026-12-01T09:00:00Z');
    const [from] = (await store.db.selectFrom('booking_members').select('member_id').where('booking_id', '=', booking.id).execute()).map((r) => r.member_id);
    const others = ['ana', 'bo', 'cy'].filter((m) => m !== from);
    // Both hand over `from`'s place: whichever comes second, at once or just after, finds it gone.
    const answers = await Promise.all(others.map((member) => admin(app, 'POST', `/api/v1/admin/bookings/${booking.id}/reassign`, { member, replace: from })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 422]);
    const winner = others[answers.findIndex((r) => r.status === 200)]!;
    const members = await store.db.selectFrom('booking_members').select('member_id').where('booking_id', '=', booking.id).execute();
    expect(members.map((m) => m.member_id)).toEqual([winner]);
    const reassigned = await store.db.selectFrom('activity').select('data').where('booking_id', '=', booking.id).where('type', '=', 'reassigned').execute();
    expect(reassigned.map((a) => JSON.parse(a.data))).toEqual([{ from, to: winner }]);
  });

  it('refuses to reassign to a member who is busy then', async () => {
    const first = await bookDemo('2026-12-01T09:00:00Z');
    const second = await bookDemo('2026-12-01T09:00:00Z');
    const taken = await store.db.selectFrom('booking_members').select('member_id').where('booking_id', '=', first.id).executeTakeFirstOrThrow();
    const res = await admin(app, 'POST', `/api/v1/admin/bookings/${second.id}/reassign`, { member: taken.member_id });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('slot_unavailable');
  });

  it('marks a no-show only once the booking has started, and counts it in the pool’s stats', async () => {
    const booking = await bookDemo('2026-12-01T09:00:00Z');
    const early = await admin(app, 'POST', `/api/v1/admin/bookings/${booking.id}/no-show`);
    expect(early.status).toBe(409);
    clock.now = Date.parse('2026-12-01T09:15:00Z');
    const res = await admin(app, 'POST', `/api/v1/admin/bookings/${booking.id}/no-show`);
    expect(await res.json()).toMatchObject({ status: 'no_show' });
    const stats = await (await admin(app, 'GET', '/api/v1/admin/pools/sales/stats?from=2026-11-01&to=2026-12-31')).json();
    expect(stats).toMatchObject({ pool: 'sales', method: 'round_robin', from: '2026-11-01', to: '2026-12-31' });
    const total = stats.members.reduce((n: number, m: { noShows: number }) => n + m.noShows, 0);
    expect(total).toBe(1);
    expect(stats.members.find((m: { noShows: number }) => m.noShows === 1)).toMatchObject({ assigned: 1, lastAssignedAt: '2026-11-30T12:00:00Z' });
  });

  it('answers 404 for the stats of an unknown pool and for actions on an unknown booking', async () => {
    expect((await admin(app, 'GET', '/api/v1/admin/pools/nope/stats')).status).toBe(404);
    expect((await admin(app, 'POST', '/api/v1/admin/bookings/nope/approve')).status).toBe(404);
  });
});
