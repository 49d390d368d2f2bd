/**
 * A pool's dashboard (`GET /admin/pools/{pool}/dashboard`) over real bookings made, cancelled,
 * reassigned and marked no-show through the API: its counts move as they should, and the member
 * it names next in line, for the reason it gives, is the one the next booking goes to.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/connect.js';
import type { PoolDashboardResponse } from '../../../shared/team-schemas.js';
import { MINUTE } from '../support/activity-data.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, demoRequest, postJson, seed, teamConfig, testApp, tokenOf } from '../support/fixtures.js';
import { memberKey, withKey } from '../support/member-key.js';

afterAll(disposeStores);

/** The team, with a `priority` pool (Bo first) and a `pooled` one, each booked on its own page. */
function team() {
  const config = teamConfig();
  config.pools!.push(
    { id: 'ranked', method: 'priority', members: [{ member: 'ana', priority: 1 }, { member: 'bo', priority: 2 }] },
    { id: 'idle', method: 'pooled', members: [{ member: 'ana' }, { member: 'bo' }] },
  );
  config.pages!.push(
    { slug: 'ranked', title: 'Ranked', entries: [{ event: 'demo', host: { pool: 'ranked' } }] },
    { slug: 'idle', title: 'Idle', entries: [{ event: 'demo', host: { pool: 'idle' } }] },
  );
  return config;
}

const at = (iso: string) => Date.parse(iso);

describe.each(backends.map((b) => [b.name, b] as const))('pool dashboards on %s', (_name, backend) => {
  let store: Store;
  let test: ReturnType<typeof testApp>;
  beforeEach(async () => {
    store = await backend.open();
    await seed(store, team());
    test = testApp(store);
  });

  const dashboard = async (pool: string, query = '') => {
    const response = await admin(test.app, 'GET', `/api/v1/admin/pools/${pool}/dashboard${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as PoolDashboardResponse;
  };
  /** Books the page's demo at `start`, a minute after the previous change; answers who took it. */
  const book = async (page: string, start: string) => {
    const response = await postJson(test.app, `/api/v1/pages/${page}/bookings`, demoRequest(start));
    expect(response.status).toBe(201);
    const booking = await response.json();
    const row = await store.db.selectFrom('booking_members').select('member_id').where('booking_id', '=', booking.id).executeTakeFirstOrThrow();
    test.clock.now += MINUTE;
    return { id: booking.id as string, token: tokenOf(booking), member: row.member_id };
  };
  /** Books the page's next booking and checks it went to the dashboard's next in line. */
  const bookNext = async (page: string, pool: string, start: string) => {
    const { nextInLine } = await dashboard(pool);
    const made = await book(page, start);
    expect(made.member).toBe(nextInLine!.member);
    return made;
  };
  const figures = async (pool: string) => Object.fromEntries((await dashboard(pool)).members.map(({ id, name: _name, lastAssignedAt: _at, ...counts }) => [id, counts]));

  it('shows a fresh round-robin pool with no counts, weeks up to today, and its first member by id next', async () => {
    const fresh = await dashboard('sales');
    expect(fresh).toEqual({
      pool: { id: 'sales', name: 'sales', method: 'round_robin' },
      from: '2026-11-03',
      to: '2026-11-30',
      timezone: 'UTC',
      members: [
        { id: 'ana', name: 'Ana Silva', assigned: 0, credited: 0, cancelled: 0, reassignedAway: 0, noShows: 0, lastAssignedAt: null },
        { id: 'bo', name: 'Bo Laurent', assigned: 0, credited: 0, cancelled: 0, reassignedAway: 0, noShows: 0, lastAssignedAt: null },
      ],
      nextInLine: { member: 'ana', reason: { kind: 'id_order', credited: 0, lastAssignedAt: null, runnerUp: { member: 'bo', credited: 0, lastAssignedAt: null } } },
      weeks: ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30'].map((start) => ({ start, counts: { ana: 0, bo: 0 } })),
    });
  });

  it('follows round robin through bookings, a cancellation, a reassignment and a no-show, each next booking going to who it named', async () => {
    const first = await bookNext('sales', 'sales', '2026-12-01T09:00:00Z');
    expect(first.member).toBe('ana');
    expect((await dashboard('sales')).nextInLine).toEqual({ member: 'bo', reason: { kind: 'fewest_credited', credited: 0, runnerUp: { member: 'ana', credited: 1 } } });

    const second = await bookNext('sales', 'sales', '2026-12-01T10:00:00Z');
    expect(second.member).toBe('bo');
    // One each: Ana has waited longer.
    expect((await dashboard('sales')).nextInLine).toEqual({
      member: 'ana',
      reason: { kind: 'longest_waiting', credited: 1, lastAssignedAt: '2026-11-30T12:00:00Z', runnerUp: { member: 'bo', credited: 1, lastAssignedAt: '2026-11-30T12:01:00Z' } },
    });
    const third = await bookNext('sales', 'sales', '2026-12-01T11:00:00Z');
    expect(third.member).toBe('ana');

    // Bo's customer cancels: Bo's credit goes back, and Bo stays first until caught up.
    expect((await postJson(test.app, `/api/v1/bookings/${second.id}/cancel`, { token: second.token })).status).toBe(200);
    expect(await figures('sales')).toEqual({
      ana: { assigned: 2, credited: 2, cancelled: 0, reassignedAway: 0, noShows: 0 },
      bo: { assigned: 1, credited: 0, cancelled: 1, reassignedAway: 0, noShows: 0 },
    });
    expect((await dashboard('sales')).nextInLine).toEqual({ member: 'bo', reason: { kind: 'fewest_credited', credited: 0, runnerUp: { member: 'ana', credited: 2 } } });

    // Ana's first booking goes to Cy, outside the pool: Ana loses its credit.
    expect((await admin(test.app, 'POST', `/api/v1/admin/bookings/${first.id}/reassign`, { member: 'cy' })).status).toBe(200);
    expect((await figures('sales')).ana).toEqual({ assigned: 2, credited: 1, cancelled: 0, reassignedAway: 1, noShows: 0 });
    const fourth = await bookNext('sales', 'sales', '2026-12-02T09:00:00Z');
    expect(fourth.member).toBe('bo');

    // Ana's customer does not come to her 11:00 meeting: Ana's credit for it goes back.
    test.clock.now = at('2026-12-01T11:10:00Z');
    expect((await admin(test.app, 'POST', `/api/v1/admin/bookings/${third.id}/no-show`)).status).toBe(200);
    expect(await figures('sales')).toEqual({
      ana: { assigned: 2, credited: 0, cancelled: 0, reassignedAway: 1, noShows: 1 },
      bo: { assigned: 2, credited: 1, cancelled: 1, reassignedAway: 0, noShows: 0 },
    });
    expect((await dashboard('sales')).nextInLine).toEqual({ member: 'ana', reason: { kind: 'fewest_credited', credited: 0, runnerUp: { member: 'bo', credited: 1 } } });
    expect((await bookNext('sales', 'sales', '2026-12-03T09:00:00Z')).member).toBe('ana');

    const last = await dashboard('sales');
    expect(last).toMatchObject({ from: '2026-11-04', to: '2026-12-01' });
    expect(last.weeks.at(-1)).toEqual({ start: '2026-11-30', counts: { ana: 3, bo: 2 } });
    expect(last.members.map((m) => m.lastAssignedAt)).toEqual(['2026-12-01T11:10:00Z', '2026-11-30T12:03:00Z']);
  });

  it('counts only the places given in the days asked for', async () => {
    await book('sales', '2026-12-01T09:00:00Z');
    test.clock.now = at('2026-12-05T12:00:00Z');
    await book('sales', '2026-12-07T09:00:00Z');
    const december = await dashboard('sales', '?from=2026-12-01&to=2026-12-31');
    expect(december.members.map((m) => [m.id, m.assigned])).toEqual([['ana', 0], ['bo', 1]]);
    expect(december.weeks.map((w) => w.start)).toEqual(['2026-11-30', '2026-12-07', '2026-12-14', '2026-12-21', '2026-12-28']);
    expect(december.weeks[0]!.counts).toEqual({ ana: 0, bo: 1 });
    // Next in line weighs the pool's whole history, not the days shown: one each, Ana waited longer.
    expect(december.nextInLine!.member).toBe('ana');
  });

  it('puts a place in the week of the zone asked for', async () => {
    // Sunday 29 November, 23:30 UTC, is already Monday 30 November in Paris.
    test.clock.now = at('2026-11-29T23:30:00Z');
    await book('sales', '2026-12-01T09:00:00Z');
    const weeks = async (timezone: string) => (await dashboard('sales', `?from=2026-11-23&to=2026-11-30&timezone=${timezone}`)).weeks;
    expect(await weeks('UTC')).toEqual([{ start: '2026-11-23', counts: { ana: 1, bo: 0 } }, { start: '2026-11-30', counts: { ana: 0, bo: 0 } }]);
    expect(await weeks('Europe/Paris')).toEqual([{ start: '2026-11-23', counts: { ana: 0, bo: 0 } }, { start: '2026-11-30', counts: { ana: 1, bo: 0 } }]);
    // Today in Honolulu is still 29 November.
    expect(await dashboard('sales', '?timezone=Pacific/Honolulu')).toMatchObject({ from: '2026-11-02', to: '2026-11-29', timezone: 'Pacific/Honolulu' });
  });

  it('names the highest priority next in a priority pool, and the next booking goes there', async () => {
    const fresh = await dashboard('ranked');
    expect(fresh.pool.method).toBe('priority');
    expect(fresh.nextInLine).toEqual({ member: 'bo', reason: { kind: 'priority', priority: 2, runnerUp: { member: 'ana', priority: 1 } } });
    expect((await bookNext('ranked', 'ranked', '2026-12-01T09:00:00Z')).member).toBe('bo');
    expect((await bookNext('ranked', 'ranked', '2026-12-01T10:00:00Z')).member).toBe('bo');
  });

  it('names the longest idle next in a pooled pool, and the next booking goes there', async () => {
    expect((await bookNext('idle', 'idle', '2026-12-01T09:00:00Z')).member).toBe('ana');
    expect((await dashboard('idle')).nextInLine).toEqual({
      member: 'bo',
      reason: { kind: 'longest_waiting', lastAssignedAt: null, runnerUp: { member: 'ana', lastAssignedAt: '2026-11-30T12:00:00Z' } },
    });
    expect((await bookNext('idle', 'idle', '2026-12-01T10:00:00Z')).member).toBe('bo');
    expect((await bookNext('idle', 'idle', '2026-12-01T11:00:00Z')).member).toBe('ana');
  });

  it('says a pool of one has its only member next', async () => {
    expect((await dashboard('emea')).nextInLine).toEqual({ member: 'bo', reason: { kind: 'only_member' } });
  });

  it('is for admins: a member is forbidden, an unknown pool not found, a range the wrong way round or over a year refused', async () => {
    const key = await memberKey(test.app, 'ana');
    const forbidden = await withKey(test.app, key, 'GET', '/api/v1/admin/pools/sales/dashboard');
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).error.code).toBe('forbidden');
    expect((await admin(test.app, 'GET', '/api/v1/admin/pools/nope/dashboard')).status).toBe(404);
    for (const query of ['?from=2026-12-02&to=2026-12-01', '?from=2025-01-01&to=2026-01-02', '?timezone=Mars/Olympus', '?from=2026-02-30']) {
      const response = await admin(test.app, 'GET', `/api/v1/admin/pools/sales/dashboard${query}`);
      expect(response.status, query).toBe(422);
      expect((await response.json()).error.code).toBe('validation_failed');
    }
    expect((await admin(test.app, 'GET', '/api/v1/admin/pools/sales/dashboard?from=2025-01-01&to=2026-01-01')).status).toBe(200);
  });
});
