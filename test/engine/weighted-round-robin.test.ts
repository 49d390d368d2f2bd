/**
 * Weighted round robin and its calibration (server/engine/distribution.ts, calibration.ts): over
 * many bookings with cancellations, reassignments, no-shows and members joining, each member's
 * credited share (calibration included) stays within one meeting of `weight × total / sum of weights`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calibrations, distributionOrder, poolStats, type Absences, type PoolAssignment } from '../../server/engine/index.js';
import type { Pool } from '../../server/config/schema.js';
import { MINUTE, at } from './factories.js';

/** mulberry32: seeded, so a failure replays exactly. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weightedPool(weights: number[]): Pool {
  return {
    id: 'team',
    method: 'round_robin',
    members: weights.map((weight, i) => ({ member: `m${i}`, priority: 0, weight })),
    autocorrect: { cancellations: true, reassignments: true, noShows: true },
  };
}

/** Each member's distance from their share: credited plus calibration, minus `weight × total / sum of weights`. */
function distances(pool: Pool, history: PoolAssignment[], absences: Absences): Map<string, number> {
  const calibration = calibrations(pool, history, absences);
  const effective = new Map(poolStats(pool, history).map((s) => [s.member, s.credited + (calibration.get(s.member) ?? 0)]));
  const total = [...effective.values()].reduce((a, b) => a + b, 0);
  const weights = pool.members.reduce((a, m) => a + (m.weight ?? 1), 0);
  return new Map(pool.members.map((m) => [m.member, effective.get(m.member)! - ((m.weight ?? 1) * total) / weights]));
}

const BOOKINGS = 10_000;
/** Disruptions stop this many bookings before the end: the time autocorrect gets to make up the last ones. */
const QUIET_TAIL = 50;

interface Run {
  weights: number[];
  /** Members who join later: their weights, and the booking count at which each joins. */
  joiners: { weight: number; at: number }[];
  seed: number;
}

function simulate({ weights, joiners, seed }: Run) {
  const random = seeded(seed);
  const pool = weightedPool(weights);
  const joined: Record<string, number> = {};
  const history: PoolAssignment[] = [];
  const held: PoolAssignment[] = [];
  const counts = { cancelled: 0, reassigned: 0, noShows: 0, joined: 0 };
  let now = at('2026-12-01T00:00:00Z');
  const pending = [...joiners].sort((a, b) => a.at - b.at);
  for (let n = 0; n < BOOKINGS; n++) {
    now += 10 * MINUTE;
    while (pending.length > 0 && pending[0].at <= n) {
      const id = `m${pool.members.length}`;
      pool.members.push({ member: id, priority: 0, weight: pending.shift()!.weight });
      joined[id] = now;
      counts.joined++;
      now += MINUTE;
    }
    const [member] = distributionOrder(pool, history, { joined });
    const record: PoolAssignment = { pool: 'team', member, bookingId: `b${n}`, assignedAt: now, outcome: 'held' };
    history.push(record);
    held.push(record);
    if (n >= BOOKINGS - QUIET_TAIL) continue;
    const roll = random();
    if (roll >= 0.2 || held.length === 0) continue;
    const victim = held.splice(Math.floor(random() * held.length), 1)[0];
    if (roll < 0.1) {
      victim.outcome = 'cancelled';
      counts.cancelled++;
    } else if (roll < 0.15) {
      // An admin hands the booking to someone of their choosing, not the pool's.
      victim.outcome = 'reassigned_away';
      const others = pool.members.filter((m) => m.member !== victim.member);
      const again: PoolAssignment = { ...victim, member: others[Math.floor(random() * others.length)].member, assignedAt: now, outcome: 'held' };
      history.push(again);
      held.push(again);
      counts.reassigned++;
    } else {
      victim.outcome = 'no_show';
      counts.noShows++;
    }
  }
  return { pool, history, absences: { joined }, counts };
}

describe('weighted round robin', () => {
  it('hands out 2:1 weights as two meetings to one for every one to the other', () => {
    const pool = weightedPool([2, 1]);
    const history: PoolAssignment[] = [];
    for (let n = 0; n < 9; n++) {
      const [member] = distributionOrder(pool, history);
      history.push({ pool: 'team', member, bookingId: `b${n}`, assignedAt: at('2026-12-01T00:00:00Z') + n * MINUTE, outcome: 'held' });
    }
    expect(history.map((a) => a.member).join(' ')).toBe('m0 m1 m0 m0 m1 m0 m0 m1 m0');
  });

  it('gives a weighted pooled pool’s bookings by share among those free, and leaves an unweighted one to longest idle', () => {
    const weighted: Pool = { ...weightedPool([2, 1]), method: 'pooled' };
    const history: PoolAssignment[] = [];
    for (let n = 0; n < 9; n++) {
      const [member] = distributionOrder(weighted, history);
      history.push({ pool: 'team', member, bookingId: `b${n}`, assignedAt: n, outcome: 'held' });
    }
    expect(history.filter((a) => a.member === 'm0')).toHaveLength(6);
    // Weights of 1: longest idle first, whatever the counts (m0 has more, but waited longer).
    const plain: Pool = { ...weightedPool([1, 1]), method: 'pooled' };
    const counts: PoolAssignment[] = [
      { pool: 'team', member: 'm0', bookingId: 'a', assignedAt: 1, outcome: 'held' },
      { pool: 'team', member: 'm0', bookingId: 'b', assignedAt: 2, outcome: 'held' },
      { pool: 'team', member: 'm1', bookingId: 'c', assignedAt: 3, outcome: 'held' },
    ];
    expect(distributionOrder(plain, counts)).toEqual(['m0', 'm1']);
    expect(distributionOrder({ ...plain, members: [{ member: 'm0', priority: 0, weight: 1 }, { member: 'm1', priority: 0, weight: 2 }] }, counts)[0]).toBe('m1');
  });

  it('orders an unweighted pool by fewest credited, as before weights', () => {
    const pool = weightedPool([1, 1, 1]);
    const t = at('2026-12-01T00:00:00Z');
    const history: PoolAssignment[] = [
      { pool: 'team', member: 'm0', bookingId: 'a', assignedAt: t, outcome: 'held' },
      { pool: 'team', member: 'm0', bookingId: 'b', assignedAt: t + 1, outcome: 'held' },
      { pool: 'team', member: 'm2', bookingId: 'c', assignedAt: t + 2, outcome: 'held' },
    ];
    expect(distributionOrder(pool, history)).toEqual(['m1', 'm2', 'm0']);
  });

  it('keeps every member within one meeting of their weighted share after every booking of an undisturbed run', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 2, maxLength: 7 }), (weights) => {
        const pool = weightedPool(weights);
        const history: PoolAssignment[] = [];
        for (let n = 0; n < 500; n++) {
          const [member] = distributionOrder(pool, history);
          history.push({ pool: 'team', member, bookingId: `b${n}`, assignedAt: n, outcome: 'held' });
          for (const d of distances(pool, history, {}).values()) expect(Math.abs(d)).toBeLessThan(1);
        }
      }),
      { numRuns: 40, seed: 12 },
    );
  });

  it('ends 10,000 bookings with cancellations, reassignments, no-shows and joiners with each share within one meeting', () => {
    fc.assert(
      fc.property(
        fc.record({
          weights: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 6 }),
          joiners: fc.array(fc.record({ weight: fc.integer({ min: 1, max: 5 }), at: fc.integer({ min: 100, max: BOOKINGS - 1000 }) }), { maxLength: 2 }),
          seed: fc.integer(),
        }),
        (run) => {
          const { pool, history, absences, counts } = simulate(run);
          for (const [member, d] of distances(pool, history, absences)) expect(Math.abs(d), member).toBeLessThanOrEqual(1);
          // The run really was disrupted.
          expect(counts.cancelled).toBeGreaterThan(500);
          expect(counts.reassigned).toBeGreaterThan(250);
          expect(counts.noShows).toBeGreaterThan(250);
          expect(counts.joined).toBe(run.joiners.length);
        },
      ),
      { numRuns: 2, seed: 2026 },
    );
  }, 120_000);
});

describe('calibration of a member who joins', () => {
  it('credits a joiner with the pool’s average weighted share, so they do not take every meeting until caught up', () => {
    const pool = weightedPool([1, 1]);
    const history: PoolAssignment[] = [];
    const t0 = at('2026-12-01T00:00:00Z');
    for (let n = 0; n < 40; n++) history.push({ pool: 'team', member: `m${n % 2}`, bookingId: `b${n}`, assignedAt: t0 + n * MINUTE, outcome: 'held' });
    pool.members.push({ member: 'm2', priority: 0, weight: 2 });
    const joined = { m2: t0 + 100 * MINUTE };
    // 20 each over weights 1 + 1: the joiner of weight 2 starts credited with 2 × 40 / 2.
    expect(calibrations(pool, history, { joined }).get('m2')).toBe(40);
    const next: string[] = [];
    for (let n = 0; n < 8; n++) {
      const [member] = distributionOrder(pool, history, { joined });
      next.push(member);
      history.push({ pool: 'team', member, bookingId: `n${n}`, assignedAt: t0 + (200 + n) * MINUTE, outcome: 'held' });
    }
    expect(next.filter((m) => m === 'm2')).toHaveLength(4);
  });

  it('gives a joiner with no calibration every meeting until caught up (what calibration prevents)', () => {
    const t0 = at('2026-12-01T00:00:00Z');
    const run = (absences: Absences) => {
      const pool = weightedPool([1, 1, 1]);
      const history: PoolAssignment[] = Array.from({ length: 20 }, (_, n) => ({ pool: 'team', member: `m${n % 2}`, bookingId: `b${n}`, assignedAt: t0 + n * MINUTE, outcome: 'held' as const }));
      const next: string[] = [];
      for (let n = 0; n < 6; n++) {
        const [member] = distributionOrder(pool, history, absences);
        next.push(member);
        history.push({ pool: 'team', member, bookingId: `n${n}`, assignedAt: t0 + (100 + n) * MINUTE, outcome: 'held' });
      }
      return next.filter((m) => m === 'm2').length;
    };
    expect(run({})).toBe(6);
    expect(run({ joined: { m2: t0 + 30 * MINUTE } })).toBe(2);
  });

  it('gives nothing to members who joined together, before any booking of the period', () => {
    const pool = weightedPool([1, 3]);
    const t0 = at('2026-12-01T00:00:00Z');
    const history: PoolAssignment[] = [{ pool: 'team', member: 'm0', bookingId: 'b', assignedAt: t0 + MINUTE, outcome: 'held' }];
    expect([...calibrations(pool, history, { joined: { m0: t0, m1: t0 } }).values()]).toEqual([0, 0]);
  });
});

describe('calibration for days away', () => {
  const t0 = at('2026-12-01T00:00:00Z');
  const away = { m0: [{ start: at('2026-12-10T00:00:00Z'), end: at('2026-12-15T00:00:00Z') }] };

  function bookWhileAway(weights: number[], meetings: number, withCalibration: boolean) {
    const pool = weightedPool(weights);
    const history: PoolAssignment[] = [];
    const absences = withCalibration ? { away } : {};
    const book = (member: string, start: number) =>
      history.push({ pool: 'team', member, bookingId: `b${history.length}`, assignedAt: t0 + history.length * MINUTE, outcome: 'held', start });
    // Before: everyone is there.
    for (let n = 0; n < 30; n++) book(distributionOrder(pool, history, absences)[0], at('2026-12-05T10:00:00Z'));
    const before = distances(pool, history, absences).get('m0')!;
    // Away: meetings on their days away go to the others, in the pool's order.
    for (let n = 0; n < meetings; n++) book(distributionOrder(pool, history, absences).find((m) => m !== 'm0')!, at('2026-12-12T10:00:00Z'));
    return { pool, history, absences, before, after: distances(pool, history, absences).get('m0')! };
  }

  it('neither punishes nor rewards the absence: the member’s distance to their share is what it was when they left', () => {
    for (const weights of [[1, 1, 1], [2, 1, 1], [1, 3, 2, 1]]) {
      const { before, after } = bookWhileAway(weights, 25, true);
      expect(after).toBeCloseTo(before, 9);
    }
  });

  it('without calibration the member would come back 25 meetings × their share behind', () => {
    const { before, after } = bookWhileAway([2, 1, 1], 25, false);
    expect(before - after).toBeCloseTo((2 * 25) / 4, 9);
  });

  it('after coming back the member takes their weighted share, not every meeting', () => {
    const { pool, history, absences } = bookWhileAway([1, 1, 1], 30, true);
    const next: string[] = [];
    for (let n = 0; n < 9; n++) {
      const [member] = distributionOrder(pool, history, absences);
      next.push(member);
      history.push({ pool: 'team', member, bookingId: `x${n}`, assignedAt: t0 + (1000 + n) * MINUTE, outcome: 'held', start: at('2026-12-20T10:00:00Z') });
    }
    expect(next.filter((m) => m === 'm0').length).toBeGreaterThanOrEqual(2);
    expect(next.filter((m) => m === 'm0').length).toBeLessThanOrEqual(4);
  });

  it('counts only meetings on the days away, not meetings booked while away for later', () => {
    const pool = weightedPool([1, 1]);
    const history: PoolAssignment[] = [
      { pool: 'team', member: 'm1', bookingId: 'on', assignedAt: t0, outcome: 'held', start: at('2026-12-11T09:00:00Z') },
      { pool: 'team', member: 'm1', bookingId: 'later', assignedAt: at('2026-12-11T08:00:00Z'), outcome: 'held', start: at('2026-12-20T09:00:00Z') },
      { pool: 'team', member: 'm1', bookingId: 'gone', assignedAt: t0, outcome: 'cancelled', start: at('2026-12-12T09:00:00Z') },
    ];
    expect(calibrations(pool, history, { away }).get('m0')).toBe(1);
  });
});
