import { describe, expect, it } from 'vitest';
import type { Pool } from '../../server/config/schema.js';
import { assign, distributionOrder, hostSlots, poolStats, type EngineState } from '../../server/engine/index.js';
import { DAY, assignment, at, booking, event, iso, member, pool, state } from './factories.js';

const MONDAY = at('2026-12-07T00:00:00Z');
const NOW = at('2026-12-01T00:00:00Z');
const ev = event();

/** Ana works mornings, Bo afternoons, Cy all day (UTC, Monday to Friday). */
function team(method: Pool['method'], over: Partial<Pool> = {}, extra: Partial<EngineState> = {}): EngineState {
  return state(
    [
      member('ana', { weekly: { mon: [['09:00', '10:00']] } }),
      member('bo', { weekly: { mon: [['14:00', '15:00']] } }),
      member('cy', { weekly: { mon: [['09:00', '15:00']] } }),
    ],
    { pools: { team: pool('team', method, ['ana', 'bo', 'cy'], over) }, ...extra },
  );
}

function slotTimes(s: EngineState, from = MONDAY, to = MONDAY + DAY): string[] {
  return hostSlots({ host: { pool: 'team' }, event: ev, state: s, from, to, now: NOW }).map((x) => iso(x.start).slice(11, 16));
}

function assignee(s: EngineState, start: string): string | undefined {
  const result = assign({ pool: 'team' }, ev, at(start), s, NOW);
  return result.ok ? result.places[0].member : undefined;
}

describe('round robin', () => {
  it('shows only the slots of the member with the fewest credited bookings', () => {
    const s = team('round_robin');
    s.history = [assignment('ana', '2026-11-01T00:00:00Z'), assignment('cy', '2026-11-02T00:00:00Z')];
    expect(slotTimes(s)).toEqual(['14:00', '14:30']);
  });

  it('breaks ties by the longest idle member, then by id', () => {
    const s = team('round_robin');
    s.history = [assignment('bo', '2026-11-02T00:00:00Z'), assignment('ana', '2026-11-03T00:00:00Z'), assignment('cy', '2026-11-01T00:00:00Z')];
    expect(slotTimes(s)).toHaveLength(12);
    expect(assignee(s, '2026-12-07T09:00:00Z')).toBe('cy');
    s.history = [];
    expect(slotTimes(s)).toEqual(['09:00', '09:30']);
  });

  it('judges "a slot later" only inside what the state covers', () => {
    // Ana, first in line, works Mondays only; Bo works Tuesdays. Asked for Tuesday, Ana stays next
    // in line because of next Monday — but only a state that reaches next Monday can say so.
    const tuesday = MONDAY + DAY;
    const s = state([member('ana', { weekly: { mon: [['09:00', '10:00']] } }), member('bo', { weekly: { tue: [['09:00', '10:00']] } })], {
      pools: { team: pool('team', 'round_robin', ['ana', 'bo']) },
    });
    s.covers = { start: tuesday, end: tuesday + 7 * DAY };
    expect(slotTimes(s, tuesday, tuesday + DAY)).toEqual([]);
    s.covers = { start: tuesday, end: tuesday + DAY };
    expect(slotTimes(s, tuesday, tuesday + DAY)).toEqual(['09:00', '09:30']);
  });

  it('gives the next booking back to the member whose booking was cancelled', () => {
    const s = team('round_robin');
    s.history = [
      assignment('cy', '2026-11-01T00:00:00Z'),
      assignment('bo', '2026-11-02T00:00:00Z'),
      assignment('ana', '2026-11-03T00:00:00Z', 'cancelled'),
    ];
    expect(assignee(s, '2026-12-07T09:00:00Z')).toBe('ana');
  });

  it('keeps a cancelled booking credited when cancellations autocorrect is off', () => {
    const s = team('round_robin', { autocorrect: { cancellations: false, reassignments: true, noShows: true } });
    s.history = [
      assignment('cy', '2026-11-01T00:00:00Z'),
      assignment('bo', '2026-11-02T00:00:00Z'),
      assignment('ana', '2026-11-03T00:00:00Z', 'cancelled'),
    ];
    // All credited once: Cy has been idle longest.
    expect(assignee(s, '2026-12-07T09:00:00Z')).toBe('cy');
  });

  it('takes back credit for reassignments away and no-shows only when their flags are on', () => {
    const history = [
      assignment('ana', '2026-11-01T00:00:00Z', 'reassigned_away'),
      assignment('ana', '2026-11-02T00:00:00Z', 'no_show'),
      assignment('ana', '2026-11-03T00:00:00Z', 'completed'),
    ];
    const credited = (autocorrect: Pool['autocorrect']) =>
      poolStats(pool('team', 'round_robin', ['ana'], { autocorrect }), history)[0].credited;
    expect(credited({ cancellations: true, reassignments: true, noShows: true })).toBe(1);
    expect(credited({ cancellations: true, reassignments: false, noShows: true })).toBe(2);
    expect(credited({ cancellations: true, reassignments: true, noShows: false })).toBe(2);
  });

  it('shows the next member when next-in-line has no slot in the whole horizon', () => {
    const s = team('round_robin');
    s.members.ana = member('ana', { weekly: {} });
    expect(slotTimes(s)).toEqual(['14:00', '14:30']);
  });

  it('keeps next-in-line (and an empty range) when they have slots later in the horizon', () => {
    const s = team('round_robin');
    s.members.ana = member('ana', { weekly: { tue: [['09:00', '10:00']] } });
    expect(slotTimes(s)).toEqual([]);
    expect(slotTimes(s, MONDAY + DAY, MONDAY + 2 * DAY)).toEqual(['09:00', '09:30']);
  });

  it('gives the booking to the next member in line who is free at that start', () => {
    const s = team('round_robin');
    s.bookings = [booking('2026-12-07T09:00:00Z', ['ana'], { eventType: 'call' })];
    expect(assignee(s, '2026-12-07T09:00:00Z')).toBe('cy');
  });
});

describe('pooled', () => {
  it('shows the union of the members’ slots', () => {
    expect(slotTimes(team('pooled'))).toHaveLength(12);
    const s = team('pooled');
    s.members.cy = member('cy', { weekly: {} });
    expect(slotTimes(s)).toEqual(['09:00', '09:30', '14:00', '14:30']);
  });

  it('gives the booking to the free member idle the longest', () => {
    const s = team('pooled');
    s.history = [assignment('ana', '2026-11-01T00:00:00Z'), assignment('cy', '2026-11-05T00:00:00Z')];
    expect(assignee(s, '2026-12-07T09:00:00Z')).toBe('ana');
    s.history.push(assignment('ana', '2026-11-06T00:00:00Z'));
    expect(assignee(s, '2026-12-07T09:00:00Z')).toBe('cy');
  });

  it('treats a member never assigned as idle the longest', () => {
    const s = team('pooled');
    s.history = [assignment('ana', '2026-11-01T00:00:00Z')];
    expect(assignee(s, '2026-12-07T09:00:00Z')).toBe('cy');
  });

  it('refuses with no_member_free when nobody in the pool is free', () => {
    const s = team('pooled');
    const result = assign({ pool: 'team' }, ev, at('2026-12-07T16:00:00Z'), s, NOW);
    expect(result).toMatchObject({ ok: false, reason: 'no_member_free' });
  });

  it('skips members the state does not know', () => {
    const s = team('pooled');
    delete s.members.cy;
    expect(slotTimes(s)).toEqual(['09:00', '09:30', '14:00', '14:30']);
    expect(assignee(s, '2026-12-07T09:00:00Z')).toBe('ana');
  });

  it('sends a group booking to the member already hosting a session at that start', () => {
    const s = team('pooled');
    const group = event({ seats: 4 });
    s.history = [assignment('ana', '2026-11-05T00:00:00Z')];
    s.bookings = [booking('2026-12-07T09:00:00Z', ['ana'])];
    const result = assign({ pool: 'team' }, group, at('2026-12-07T09:00:00Z'), s, NOW);
    expect(result).toEqual({ ok: true, places: [{ member: 'ana', pool: 'team' }] });
    const [first] = hostSlots({ host: { pool: 'team' }, event: group, state: s, from: MONDAY, to: MONDAY + DAY, now: NOW });
    expect(first.seatsLeft).toBe(4);
  });
});

describe('priority', () => {
  it('gives the booking to the free member with the highest priority', () => {
    const s = team('priority', { members: [{ member: 'ana', priority: 1 }, { member: 'bo', priority: 5 }, { member: 'cy', priority: 3 }] });
    expect(assignee(s, '2026-12-07T14:00:00Z')).toBe('bo');
    expect(assignee(s, '2026-12-07T09:00:00Z')).toBe('cy');
    expect(slotTimes(s)).toHaveLength(12);
  });

  it('breaks priority ties by the longest idle member', () => {
    const s = team('priority', { members: [{ member: 'ana', priority: 2 }, { member: 'bo', priority: 1 }, { member: 'cy', priority: 2 }] });
    s.history = [assignment('ana', '2026-11-05T00:00:00Z'), assignment('cy', '2026-11-01T00:00:00Z')];
    expect(assignee(s, '2026-12-07T09:00:00Z')).toBe('cy');
  });
});

describe('pool stats', () => {
  it('counts assigned, cancelled, reassigned away, no-shows, credited and the last assignment per member', () => {
    const history = [
      assignment('ana', '2026-11-01T00:00:00Z'),
      assignment('ana', '2026-11-03T00:00:00Z', 'cancelled'),
      assignment('ana', '2026-11-02T00:00:00Z', 'no_show'),
      assignment('bo', '2026-11-04T00:00:00Z', 'reassigned_away'),
      assignment('bo', '2026-11-05T00:00:00Z', 'held', 'other-pool'),
    ];
    expect(poolStats(pool('team', 'round_robin', ['ana', 'bo', 'cy']), history)).toEqual([
      { member: 'ana', assigned: 3, cancelled: 1, reassignedAway: 0, noShows: 1, credited: 1, lastAssignedAt: at('2026-11-03T00:00:00Z') },
      { member: 'bo', assigned: 1, cancelled: 0, reassignedAway: 1, noShows: 0, credited: 0, lastAssignedAt: at('2026-11-04T00:00:00Z') },
      { member: 'cy', assigned: 0, cancelled: 0, reassignedAway: 0, noShows: 0, credited: 0, lastAssignedAt: null },
    ]);
  });

  it('counts a tally of assignments as the assignments it sums up', () => {
    const team = pool('team', 'round_robin', ['ana', 'bo']);
    const single = [
      assignment('ana', '2026-11-01T00:00:00Z'),
      assignment('ana', '2026-11-04T00:00:00Z'),
      assignment('ana', '2026-11-02T00:00:00Z', 'cancelled'),
      assignment('bo', '2026-11-03T00:00:00Z'),
    ];
    const tallied = [
      { pool: 'team', member: 'ana', counts: { held: 2, cancelled: 1 }, lastAssignedAt: at('2026-11-04T00:00:00Z') },
      assignment('bo', '2026-11-03T00:00:00Z'),
    ];
    expect(poolStats(team, tallied)).toEqual(poolStats(team, single));
  });

  it('orders pooled and priority pools the same from the latest assignments alone', () => {
    const single = [
      assignment('ana', '2026-11-01T00:00:00Z'),
      assignment('ana', '2026-11-04T00:00:00Z', 'cancelled'),
      assignment('bo', '2026-11-03T00:00:00Z'),
      assignment('bo', '2026-11-02T00:00:00Z'),
    ];
    const latest = [
      { pool: 'team', member: 'ana', lastAssignedAt: at('2026-11-04T00:00:00Z') },
      { pool: 'team', member: 'bo', lastAssignedAt: at('2026-11-03T00:00:00Z') },
    ];
    for (const method of ['pooled', 'priority'] as const) {
      const team = pool('team', method, ['ana', 'bo', 'cy']);
      expect(distributionOrder(team, latest)).toEqual(distributionOrder(team, single));
      expect(distributionOrder(team, latest)).toEqual(['cy', 'bo', 'ana']);
    }
  });
});
