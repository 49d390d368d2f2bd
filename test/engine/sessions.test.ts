/**
 * Several sessions booked together: picks checked in turn, weekly series kept on the host's
 * clock (DST inside the series moves the UTC instant, not the local time), all or none.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignPicks, assignWeekly, hostSlots, weeklySlots, weeklyStarts, WEEK, zonedDayRange, type SlotQuery } from '../../server/engine/index.js';
import { ZONES, eventArb, memberArb } from './arbitraries.js';
import { HOUR, MINUTE, at, booking, event, everyDay, iso, member, pool, state } from './factories.js';

const NOW = at('2026-03-01T00:00:00Z');

const formats = new Map<string, Intl.DateTimeFormat>();
/** "Mon 10:00" on the zone's clock. */
function clock(zone: string, t: number): string {
  let f = formats.get(zone);
  if (!f) formats.set(zone, (f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  return f.format(t);
}

describe('weekly series: the same local time every week', () => {
  it('keeps 10:00 in Paris across the spring change, so the UTC instant moves an hour earlier', () => {
    const starts = weeklyStarts('Europe/Paris', at('2026-03-16T09:00:00Z'), 4)!;
    expect(starts.map(iso)).toEqual(['2026-03-16T09:00:00Z', '2026-03-23T09:00:00Z', '2026-03-30T08:00:00Z', '2026-04-06T08:00:00Z']);
    expect(new Set(starts.map((s) => clock('Europe/Paris', s)))).toEqual(new Set(['Mon 10:00']));
  });

  it('keeps 09:00 in New York across the autumn change, so the UTC instant moves an hour later', () => {
    const starts = weeklyStarts('America/New_York', at('2026-10-26T13:00:00Z'), 3)!;
    expect(starts.map(iso)).toEqual(['2026-10-26T13:00:00Z', '2026-11-02T14:00:00Z', '2026-11-09T14:00:00Z']);
  });

  it('has no series whose later session falls in the hour that does not exist', () => {
    // Sunday 22 March 02:30 Paris exists; Sunday 29 March 02:30 does not.
    expect(weeklyStarts('Europe/Paris', at('2026-03-22T01:30:00Z'), 2)).toBeUndefined();
  });

  it('offers a start only when the member is free at that local time every week, DST between', () => {
    const m = everyDay('m', 'Europe/Paris', ['09:00', '12:00']);
    const s = state([m]);
    const q: SlotQuery = { host: { member: 'm' }, event: event({ durationMinutes: 60, horizonDays: 90 }), state: s, from: at('2026-03-16T00:00:00Z'), to: at('2026-03-17T00:00:00Z'), now: NOW };
    const kept = weeklySlots(q, hostSlots(q), 4);
    expect(kept.map((x) => clock('Europe/Paris', x.start))).toEqual(['Mon 09:00', 'Mon 10:00', 'Mon 11:00']);
    const made = assignWeekly(q.host, q.event, at('2026-03-16T09:00:00Z'), 4, s, NOW);
    expect(made.ok && made.starts.map(iso)).toEqual(['2026-03-16T09:00:00Z', '2026-03-23T09:00:00Z', '2026-03-30T08:00:00Z', '2026-04-06T08:00:00Z']);
  });

  it('drops a start when the member is away on the day of its last session', () => {
    const away = everyDay('m', 'Europe/Paris', ['09:00', '12:00']);
    away.overrides = [{ date: '2026-04-06', intervals: [] }];
    const q: SlotQuery = { host: { member: 'm' }, event: event({ durationMinutes: 60, horizonDays: 90 }), state: state([away]), from: at('2026-03-16T00:00:00Z'), to: at('2026-03-17T00:00:00Z'), now: NOW };
    expect(weeklySlots(q, hostSlots(q), 4)).toEqual([]);
    expect(weeklySlots(q, hostSlots(q), 3)).toHaveLength(3);
    const made = assignWeekly(q.host, q.event, at('2026-03-16T09:00:00Z'), 4, q.state, NOW);
    expect(made).toMatchObject({ ok: false, index: 3 });
  });

  it('drops a start whose last session lies beyond the horizon', () => {
    const q: SlotQuery = { host: { member: 'm' }, event: event({ horizonDays: 20 }), state: state([member('m')]), from: at('2026-03-02T00:00:00Z'), to: at('2026-03-03T00:00:00Z'), now: NOW };
    expect(hostSlots(q).length).toBeGreaterThan(0);
    expect(weeklySlots(q, hostSlots(q), 4)).toEqual([]);
    expect(weeklySlots(q, hostSlots(q), 3).length).toBeGreaterThan(0);
  });

  it('gives a pool’s series to one member, the first in line who is free every week', () => {
    const ana = member('ana');
    const bo = member('bo');
    // Ana is busy in the third week at that time; Bo is free all four.
    const s = state([ana, bo], { pools: { team: pool('team', 'priority', ['ana', 'bo'], { members: [{ member: 'ana', priority: 2 }, { member: 'bo', priority: 1 }] }) }, bookings: [booking('2026-03-16T10:00:00Z', ['ana'])] });
    const made = assignWeekly({ pool: 'team' }, event(), at('2026-03-02T10:00:00Z'), 4, s, NOW);
    expect(made.ok && made.places).toEqual([0, 1, 2, 3].map(() => [{ member: 'bo', pool: 'team' }]));
    const alone = assignWeekly({ pool: 'team' }, event(), at('2026-03-02T11:00:00Z'), 4, s, NOW);
    expect(alone.ok && alone.places[0]).toEqual([{ member: 'ana', pool: 'team' }]);
  });

  it('holds a panel to every member being free every week', () => {
    const s = state([member('ana'), member('bo')], { bookings: [booking('2026-03-23T10:00:00Z', ['bo'])] });
    const host = { panel: [{ member: 'ana' }, { member: 'bo' }] };
    const q: SlotQuery = { host, event: event(), state: s, from: at('2026-03-02T10:00:00Z'), to: at('2026-03-02T11:00:00Z'), now: NOW };
    expect(weeklySlots(q, hostSlots(q), 4).map((x) => iso(x.start))).toEqual(['2026-03-02T10:30:00Z']);
    expect(assignWeekly(host, q.event, at('2026-03-02T10:00:00Z'), 4, s, NOW)).toMatchObject({ ok: false, index: 3 });
  });
});

describe('picked sessions: all or none', () => {
  const s = state([member('m')]);

  it('takes every pick that is a slot', () => {
    const made = assignPicks({ member: 'm' }, event(), [at('2026-03-02T09:00:00Z'), at('2026-03-04T14:00:00Z')], s, NOW);
    expect(made.ok && made.places).toEqual([[{ member: 'm' }], [{ member: 'm' }]]);
  });

  it('refuses the whole request when one pick is taken', () => {
    const taken = state([member('m')], { bookings: [booking('2026-03-04T14:00:00Z', ['m'])] });
    expect(assignPicks({ member: 'm' }, event(), [at('2026-03-02T09:00:00Z'), at('2026-03-04T14:00:00Z')], taken, NOW)).toMatchObject({ ok: false, index: 1 });
  });

  it('refuses picks that overlap, or that only a buffer keeps apart', () => {
    expect(assignPicks({ member: 'm' }, event(), [at('2026-03-02T09:00:00Z'), at('2026-03-02T09:15:00Z')], s, NOW)).toMatchObject({ ok: false, index: 1 });
    const buffered = event({ bufferAfterMinutes: 15 });
    expect(assignPicks({ member: 'm' }, buffered, [at('2026-03-02T09:00:00Z'), at('2026-03-02T09:30:00Z')], s, NOW)).toMatchObject({ ok: false, index: 1 });
    expect(assignPicks({ member: 'm' }, buffered, [at('2026-03-02T09:00:00Z'), at('2026-03-02T10:00:00Z')], s, NOW).ok).toBe(true);
  });

  it('counts the picks against the caps together', () => {
    const capped = event({ maxPerDay: 1 });
    expect(assignPicks({ member: 'm' }, capped, [at('2026-03-02T09:00:00Z'), at('2026-03-02T14:00:00Z')], s, NOW)).toMatchObject({ ok: false, index: 1 });
    expect(assignPicks({ member: 'm' }, capped, [at('2026-03-02T09:00:00Z'), at('2026-03-03T14:00:00Z')], s, NOW).ok).toBe(true);
  });
});

describe('properties', () => {
  it('every session of a weekly series shows the first one’s local time, a week (± the DST change) apart', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: 0, max: 400 * 24 * 4 }), fc.integer({ min: 2, max: 8 }), (zone, quarter, count) => {
        const first = at('2026-01-01T00:00:00Z') + quarter * 15 * MINUTE;
        const starts = weeklyStarts(zone, first, count);
        if (!starts) return;
        expect(starts).toHaveLength(count);
        const local = clock(zone, first);
        for (let k = 1; k < count; k++) {
          expect(clock(zone, starts[k])).toBe(local);
          expect(Math.abs(starts[k] - starts[k - 1] - WEEK)).toBeLessThanOrEqual(HOUR);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a member’s start is offered for a series exactly when the whole series can be booked', () => {
    const noCaps = eventArb.map((e) => ({ ...e, maxPerDay: undefined, maxPerWeek: undefined, maxPerMonth: undefined, horizonDays: e.horizonDays + 28 }));
    fc.assert(
      fc.property(memberArb('m'), noCaps, fc.integer({ min: 2, max: 4 }), (m, e, count) => {
        const s = state([m]);
        const { start, end } = zonedDayRange('2026-10-22', '2026-10-25', 'UTC');
        const q: SlotQuery = { host: { member: 'm' }, event: e, state: s, from: start, to: end, now: at('2026-10-21T00:00:00Z') };
        const slots = hostSlots(q);
        const kept = new Set(weeklySlots(q, slots, count).map((x) => x.start));
        for (const slot of slots) {
          const made = assignWeekly(q.host, e, slot.start, count, s, q.now);
          expect(made.ok).toBe(kept.has(slot.start));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('picks are booked all or none: a refusal names the first pick that cannot be taken after the ones before it', () => {
    fc.assert(
      fc.property(memberArb('m'), eventArb, fc.uniqueArray(fc.integer({ min: 0, max: 10 * 24 * 4 }), { minLength: 2, maxLength: 4 }), (m, e, quarters) => {
        const s = state([m]);
        const now = at('2026-10-21T00:00:00Z');
        const starts = quarters.map((q) => at('2026-10-22T00:00:00Z') + q * 15 * MINUTE).sort((a, b) => a - b);
        const made = assignPicks({ member: 'm' }, e, starts, s, now);
        if (made.ok) {
          // Every pick was a slot of the member, and none overlaps the next one.
          for (let i = 0; i < starts.length; i++) {
            const one = hostSlots({ host: { member: 'm' }, event: e, state: s, from: starts[i], to: starts[i] + 1, now });
            expect(one.map((x) => x.start)).toEqual([starts[i]]);
            if (i > 0) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(e.durationMinutes * MINUTE);
          }
        } else {
          expect(made.index).toBeGreaterThanOrEqual(0);
          expect(made.index).toBeLessThan(starts.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});


