/**
 * A member's own figures (`GET /admin/members/{member}/stats`): every place they were given —
 * booked with them directly, handed to them, drawn by a pool — over real bookings, for the member
 * themselves or an admin.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/connect.js';
import type { MemberStatsResponse } from '../../../shared/team-schemas.js';
import { book, MINUTE } from '../support/activity-data.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, demoRequest, postJson, seed, testApp, tokenOf } from '../support/fixtures.js';
import { memberKey, withKey } from '../support/member-key.js';

afterAll(disposeStores);

describe.each(backends.map((b) => [b.name, b] as const))('member figures on %s', (_name, backend) => {
  let store: Store;
  let test: ReturnType<typeof testApp>;
  beforeEach(async () => {
    store = await backend.open();
    await seed(store);
    test = testApp(store);
  });

  const stats = async (member: string, query = '') => {
    const response = await admin(test.app, 'GET', `/api/v1/admin/members/${member}/stats${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as MemberStatsResponse;
  };
  const solo = (event: 'office' | 'group', start: string) => book(test.app, 'solo', { ...demoRequest(start), event, answers: {} });

  it('counts the places of a member outside every pool: booked, declined, cancelled, and one handed to them', async () => {
    const request = await solo('office', '2026-12-01T10:00:00Z');
    test.clock.now += MINUTE;
    const group = await solo('group', '2026-12-02T09:00:00Z');
    test.clock.now += MINUTE;
    await solo('group', '2026-12-03T09:00:00Z');
    test.clock.now += MINUTE;
    const demo = await book(test.app, 'sales', demoRequest('2026-12-01T09:00:00Z'));
    test.clock.now = Date.parse('2026-12-01T08:00:00Z');
    expect((await admin(test.app, 'POST', `/api/v1/admin/bookings/${request.id}/decline`, {})).status).toBe(200);
    expect((await postJson(test.app, `/api/v1/bookings/${group.id}/cancel`, { token: tokenOf(group) })).status).toBe(200);
    expect((await admin(test.app, 'POST', `/api/v1/admin/bookings/${demo.id}/reassign`, { member: 'cy' })).status).toBe(200);

    expect(await stats('cy')).toEqual({
      member: { id: 'cy', name: 'Cy Brooks', assigned: 4, credited: 2, cancelled: 2, reassignedAway: 0, noShows: 0, lastAssignedAt: '2026-12-01T08:00:00Z' },
      from: '2026-11-04',
      to: '2026-12-01',
      timezone: 'UTC',
      weeks: ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30'].map((start) => ({ start, counts: { cy: start === '2026-11-30' ? 4 : 0 } })),
    });
    // The demo left Ana's hands (the `sales` pool drew her): her own figures say so.
    expect((await stats('ana')).member).toMatchObject({ assigned: 1, credited: 0, reassignedAway: 1 });
    // Cy hands the group session on to Bo: it counts as reassigned away from Cy, and given to Bo.
    const [, , kept] = await store.db.selectFrom('bookings').select('id').orderBy('created_at').execute();
    expect((await admin(test.app, 'POST', `/api/v1/admin/bookings/${kept!.id}/reassign`, { member: 'bo' })).status).toBe(200);
    expect((await stats('cy')).member).toMatchObject({ assigned: 4, credited: 1, reassignedAway: 1 });
    expect((await stats('bo')).member).toMatchObject({ assigned: 1, credited: 1 });
  });

  it('counts a no-show, and only the days asked for, in their zone', async () => {
    const group = await solo('group', '2026-12-01T09:00:00Z');
    test.clock.now = Date.parse('2026-12-01T09:30:00Z');
    expect((await admin(test.app, 'POST', `/api/v1/admin/bookings/${group.id}/no-show`)).status).toBe(200);
    expect((await stats('cy')).member).toMatchObject({ assigned: 1, credited: 0, noShows: 1 });
    // Made at noon UTC on 30 November: 1 December already in Kiritimati (UTC+14).
    expect((await stats('cy', '?from=2026-12-01&to=2026-12-06')).member.assigned).toBe(0);
    const east = await stats('cy', '?from=2026-12-01&to=2026-12-06&timezone=Pacific/Kiritimati');
    expect(east.member.assigned).toBe(1);
    expect(east.weeks).toEqual([{ start: '2026-11-30', counts: { cy: 1 } }]);
  });

  it('lets a member read their own figures only: another’s answers as one that does not exist', async () => {
    await solo('office', '2026-12-01T10:00:00Z');
    const cy = await memberKey(test.app, 'cy');
    const own = await withKey(test.app, cy, 'GET', '/api/v1/admin/members/cy/stats');
    expect(own.status).toBe(200);
    expect(((await own.json()) as MemberStatsResponse).member.assigned).toBe(1);
    const absent = await withKey(test.app, cy, 'GET', '/api/v1/admin/members/nobody/stats');
    const other = await withKey(test.app, cy, 'GET', '/api/v1/admin/members/ana/stats');
    expect([absent.status, other.status]).toEqual([404, 404]);
    expect(await other.json()).toEqual(await absent.json());
    expect((await withKey(test.app, cy, 'GET', '/api/v1/admin/members/cy/stats?from=2026-12-02&to=2026-12-01')).status).toBe(422);
  });
});
