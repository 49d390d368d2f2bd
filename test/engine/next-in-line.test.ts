/**
 * Next in line and why: always the pool's first in distribution order, and the reason names the
 * criterion that really put them before the runner-up, with the figures it compared.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distributionOrder, memberFigures, nextInLine, poolStats, weeklyAssigned, type PoolAssignment } from '../../server/engine/index.js';
import { assignment, at, pool } from './factories.js';

const ids = ['ana', 'bo', 'cy', 'dee'];
const outcomes: PoolAssignment['outcome'][] = ['held', 'completed', 'cancelled', 'reassigned_away', 'no_show'];

const historyArb = fc.array(
  fc.record({
    member: fc.constantFrom(...ids),
    minute: fc.integer({ min: 0, max: 30 }),
    outcome: fc.constantFrom(...outcomes),
  }),
  { maxLength: 12 },
).map((list) => list.map((a) => ({ ...assignment(a.member, '2026-12-01T00:00:00Z', a.outcome), assignedAt: at('2026-12-01T00:00:00Z') + a.minute * 60_000 })));

const poolArb = fc.record({
  method: fc.constantFrom('round_robin', 'pooled', 'priority' as const),
  members: fc.subarray(ids, { minLength: 2 }),
  priorities: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: ids.length, maxLength: ids.length }),
  autocorrect: fc.record({ cancellations: fc.boolean(), reassignments: fc.boolean(), noShows: fc.boolean() }),
});

describe('next in line', () => {
  it('is the first of the distribution order, and the runner-up its second, told apart by the criterion it names', () => {
    fc.assert(
      fc.property(poolArb, historyArb, (p, history) => {
        const team = pool('team', p.method, p.members, {
          members: p.members.map((member) => ({ member, priority: p.priorities[ids.indexOf(member)]! })),
          autocorrect: p.autocorrect,
        });
        const next = nextInLine(team, history)!;
        const order = distributionOrder(team, history);
        expect(next.member).toBe(order[0]);
        if (next.reason.kind === 'only_member') throw new Error('two members at least');
        expect(next.reason.runnerUp.member).toBe(order[1]);
        const stats = new Map(poolStats(team, history).map((s) => [s.member, s]));
        const [first, second] = [stats.get(order[0]!)!, stats.get(order[1]!)!];
        const priority = (m: string) => p.priorities[ids.indexOf(m)]!;
        const { kind } = next.reason;
        if (kind === 'fewest_credited') expect(first.credited).toBeLessThan(second.credited);
        if (kind === 'priority') expect(priority(first.member)).toBeGreaterThan(priority(second.member));
        if (kind === 'longest_waiting') expect(first.lastAssignedAt ?? -Infinity).toBeLessThan(second.lastAssignedAt ?? -Infinity);
        if (kind === 'id_order') expect(first.member < second.member).toBe(true);
        // The criteria weighed before the deciding one tied.
        if (p.method === 'round_robin' && kind !== 'fewest_credited') expect(first.credited).toBe(second.credited);
        if (p.method === 'priority' && kind !== 'priority') expect(priority(first.member)).toBe(priority(second.member));
        if (kind === 'id_order') expect(first.lastAssignedAt).toBe(second.lastAssignedAt);
        if (next.reason.credited !== undefined) expect([next.reason.credited, next.reason.runnerUp.credited]).toEqual([first.credited, second.credited]);
      }),
      { seed: 20261130, numRuns: 300 },
    );
  });

  it('has no runner-up in a pool of one, and nobody in a pool left without members', () => {
    expect(nextInLine(pool('team', 'round_robin', ['ana']), [])).toEqual({ member: 'ana', reason: { kind: 'only_member' } });
    expect(nextInLine({ ...pool('team', 'pooled', ['ana']), members: [] }, [])).toBeNull();
  });
});

describe('a member’s own figures', () => {
  it('takes back every cancellation, reassignment away and no-show, and keeps the last assignment', () => {
    const places = (['held', 'completed', 'cancelled', 'reassigned_away', 'no_show'] as const).map((outcome, i) => ({ outcome, assignedAt: at('2026-12-01T00:00:00Z') + i }));
    expect(memberFigures('cy', places)).toEqual({ member: 'cy', assigned: 5, credited: 2, cancelled: 1, reassignedAway: 1, noShows: 1, lastAssignedAt: at('2026-12-01T00:00:00Z') + 4 });
  });
});

describe('weekly series', () => {
  it('lists every week touching the days, Monday first in the zone, with every member', () => {
    const places = [
      { member: 'ana', assignedAt: at('2026-11-29T23:30:00Z') },
      { member: 'bo', assignedAt: at('2026-12-09T12:00:00Z') },
    ];
    expect(weeklyAssigned(places, ['ana', 'bo'], 'UTC', '2026-11-26', '2026-12-10')).toEqual([
      { start: '2026-11-23', counts: { ana: 1, bo: 0 } },
      { start: '2026-11-30', counts: { ana: 0, bo: 0 } },
      { start: '2026-12-07', counts: { ana: 0, bo: 1 } },
    ]);
    expect(weeklyAssigned(places, ['ana', 'bo'], 'Asia/Tokyo', '2026-11-26', '2026-12-10')[1]).toEqual({ start: '2026-11-30', counts: { ana: 1, bo: 0 } });
  });
});
