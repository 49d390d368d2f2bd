/**
 * Properties of slots over random members (odd zones, midnight-crossing rules, overrides), busy
 * time, bookings and event settings. The oracles read wall clocks through Intl directly, not
 * through the engine's own conversion.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assign, hostSlots, type HeldBooking, type MemberSchedule, type Slot } from '../../server/engine/index.js';
import { weekdays, type TimeRange } from '../../server/config/schema.js';
import { scenarioArb, type Scenario } from './arbitraries.js';
import { DAY, HOUR, MINUTE, pool } from './factories.js';

const clocks = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

/** The zone's offset at `t`, read by Intl; memoised per quarter hour, as clocks only change on quarter hours. */
function offset(zone: string, t: number): number {
  const quarter = Math.floor(t / (15 * MINUTE)) * 15 * MINUTE;
  const key = `${zone} ${quarter}`;
  let known = offsets.get(key);
  if (known === undefined) {
    let f = clocks.get(zone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
      clocks.set(zone, f);
    }
    const p = Object.fromEntries(f.formatToParts(quarter).map((x) => [x.type, Number(x.value)]));
    known = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - quarter;
    offsets.set(key, known);
  }
  return known;
}

/** Local day number and minute of the day on the zone's clock. */
function wall(zone: string, t: number): { day: number; minute: number } {
  const local = t + offset(zone, t);
  return { day: Math.floor(local / DAY), minute: Math.floor((local % DAY) / MINUTE) };
}

/** Within three hours of a clock change: DST rules there are specified by examples in dst.test.ts. */
function nearTransition(zone: string, t: number): boolean {
  return offset(zone, t - 3 * HOUR) !== offset(zone, t + 3 * HOUR);
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function rulesOf(m: MemberSchedule, day: number): TimeRange[] | undefined {
  const date = new Date(day * DAY).toISOString().slice(0, 10);
  return m.overrides.find((o) => o.date === date)?.intervals;
}

function rangesOn(m: MemberSchedule, day: number): [number, number][] {
  const ranges = rulesOf(m, day) ?? m.weekly[weekdays[(((day + 3) % 7) + 7) % 7]] ?? [];
  const nextOverridden = rulesOf(m, day + 1) !== undefined;
  return ranges.map(([s, e]) => {
    const start = minutes(s);
    let end = minutes(e);
    if (end <= start) end += 1440;
    return [start, nextOverridden ? Math.min(end, 1440) : end];
  });
}

/** Whether the member's rules (in their own zone) make them available at instant `t`. */
function withinRules(m: MemberSchedule, t: number): boolean {
  const { day, minute } = wall(m.timezone, t);
  return (
    rangesOn(m, day).some(([s, e]) => s <= minute && minute < e) ||
    rangesOn(m, day - 1).some(([s, e]) => s <= minute + 1440 && minute + 1440 < e)
  );
}

const padded = (b: HeldBooking) => ({ start: b.start - b.bufferBeforeMinutes * MINUTE, end: b.end + b.bufferAfterMinutes * MINUTE });

function memberSlots(sc: Scenario, id: string): Slot[] {
  return hostSlots({ host: { member: id }, event: sc.event, state: sc.state, from: sc.from, to: sc.to, now: sc.now });
}

describe('slot properties', () => {
  it('keeps every rule of a slot for any member, event type, busy time and bookings', () => {
    fc.assert(
      fc.property(scenarioArb(1), (sc) => {
        const { event, now, from, to } = sc;
        const m = sc.state.members.m0;
        const slots = memberSlots(sc, 'm0');
        const mine = sc.state.bookings.filter((b) => b.members.includes('m0'));
        const sameEvent = mine.filter((b) => b.eventType === event.id);
        const broken: string[] = [];
        const check = (ok: boolean, rule: string, slot: Slot) => {
          if (!ok) broken.push(`${rule} at ${new Date(slot.start).toISOString()}`);
        };
        for (let i = 0; i < slots.length; i++) {
          const slot = slots[i];
          const { start, end, seatsLeft } = slot;
          check(i === 0 || start > slots[i - 1].start, 'sorted and unique', slot);
          check(end - start === event.durationMinutes * MINUTE, 'duration', slot);
          check(start >= Math.max(from, now + event.minNoticeMinutes * MINUTE), 'notice and range start', slot);
          check(start <= now + event.horizonDays * DAY && start < to, 'horizon and range end', slot);
          // Inside the member's availability, read on their own clock.
          for (let t = start; t < end; t += 5 * MINUTE) {
            check(nearTransition(m.timezone, t) || withinRules(m, t), 'inside availability', slot);
          }
          // A group session at this start is joined; anything else starts a new meeting.
          const session = event.seats > 1 ? sameEvent.filter((b) => b.start === start) : [];
          const since = start - event.bufferBeforeMinutes * MINUTE;
          const until = end + event.bufferAfterMinutes * MINUTE;
          const blocking = [...m.busy, ...mine.filter((b) => !session.includes(b)).map(padded)];
          check(!blocking.some((b) => b.start < until && b.end > since), 'clear of busy time and buffers', slot);
          if (session.length > 0) {
            check(seatsLeft === event.seats - session.length && seatsLeft > 0, 'seats left in the session', slot);
            continue;
          }
          check(seatsLeft === event.seats, 'all seats in a new session', slot);
          const day = wall(m.timezone, start).day;
          const starts = new Set(sameEvent.map((b) => b.start));
          const onDay = [...starts].filter((s) => wall(m.timezone, s).day === day).length;
          const inWeek = [...starts].filter((s) => Math.floor((wall(m.timezone, s).day + 3) / 7) === Math.floor((day + 3) / 7)).length;
          const month = (d: number) => new Date(d * DAY).toISOString().slice(0, 7);
          const inMonth = [...starts].filter((s) => month(wall(m.timezone, s).day) === month(day)).length;
          check(event.maxPerDay === undefined || onDay < event.maxPerDay, 'maxPerDay', slot);
          check(event.maxPerWeek === undefined || inWeek < event.maxPerWeek, 'maxPerWeek', slot);
          check(event.maxPerMonth === undefined || inMonth < event.maxPerMonth, 'maxPerMonth', slot);
        }
        expect(broken).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('lets the member take every slot it offers', () => {
    fc.assert(
      fc.property(scenarioArb(1), (sc) => {
        for (const slot of memberSlots(sc, 'm0').slice(0, 5)) {
          expect(assign({ member: 'm0' }, sc.event, slot.start, sc.state, sc.now)).toEqual({ ok: true, places: [{ member: 'm0' }] });
        }
      }),
      { numRuns: 100 },
    );
  });
});

const ids = ['m0', 'm1', 'm2'];

function byStart(lists: Slot[][], combine: (seats: number[]) => number, keep: (count: number) => boolean): [number, number][] {
  const seats = new Map<number, number[]>();
  for (const list of lists) for (const s of list) seats.set(s.start, [...(seats.get(s.start) ?? []), s.seatsLeft]);
  return [...seats]
    .filter(([, all]) => keep(all.length))
    .sort((a, b) => a[0] - b[0])
    .map(([start, all]) => [start, combine(all)]);
}

const pairs = (slots: Slot[]) => slots.map((s) => [s.start, s.seatsLeft]);

describe('pool and panel laws', () => {
  const withPools = (sc: Scenario): Scenario => ({
    ...sc,
    state: {
      ...sc.state,
      pools: {
        pooled: pool('pooled', 'pooled', ids),
        priority: pool('priority', 'priority', ids),
        rr: pool('rr', 'round_robin', ids),
        pair: pool('pair', 'pooled', ['m1', 'm2']),
      },
    },
  });
  const slotsOf = (sc: Scenario, host: Parameters<typeof hostSlots>[0]['host']) =>
    hostSlots({ host, event: sc.event, state: sc.state, from: sc.from, to: sc.to, now: sc.now });

  it('offers the union of the members’ slots in a pooled or priority pool, with the most seats any member has', () => {
    fc.assert(
      fc.property(scenarioArb(3).map(withPools), (sc) => {
        const union = byStart(ids.map((id) => memberSlots(sc, id)), (s) => Math.max(...s), () => true);
        expect(pairs(slotsOf(sc, { pool: 'pooled' }))).toEqual(union);
        expect(pairs(slotsOf(sc, { pool: 'priority' }))).toEqual(union);
      }),
      { numRuns: 100 },
    );
  });

  it('offers exactly one member’s slots in a round-robin pool', () => {
    fc.assert(
      fc.property(scenarioArb(3).map(withPools), (sc) => {
        const rr = slotsOf(sc, { pool: 'rr' });
        if (rr.length > 0) expect(ids.some((id) => JSON.stringify(memberSlots(sc, id)) === JSON.stringify(rr))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('offers the intersection of its places’ slots in a panel', () => {
    fc.assert(
      fc.property(scenarioArb(3).map(withPools), (sc) => {
        const members = ids.map((id) => memberSlots(sc, id));
        const all = byStart(members, (s) => Math.min(...s), (n) => n === 3);
        expect(pairs(slotsOf(sc, { panel: ids.map((member) => ({ member })) }))).toEqual(all);
        const pair = slotsOf(sc, { pool: 'pair' });
        const withPool = byStart([members[0], pair], (s) => Math.min(...s), (n) => n === 2);
        expect(pairs(slotsOf(sc, { panel: [{ member: 'm0' }, { pool: 'pair' }] }))).toEqual(withPool);
      }),
      { numRuns: 100 },
    );
  });

  it('assigns every pooled slot to a member who has it, and every panel slot to distinct members', () => {
    fc.assert(
      fc.property(scenarioArb(3).map(withPools), (sc) => {
        for (const slot of slotsOf(sc, { pool: 'pooled' }).slice(0, 4)) {
          const result = assign({ pool: 'pooled' }, sc.event, slot.start, sc.state, sc.now);
          expect(result.ok).toBe(true);
          if (result.ok) expect(memberSlots(sc, result.places[0].member).some((s) => s.start === slot.start)).toBe(true);
        }
        const panel = { panel: [{ pool: 'pooled' }, { pool: 'pair' }] };
        for (const slot of slotsOf(sc, panel).slice(0, 4)) {
          const result = assign(panel, sc.event, slot.start, sc.state, sc.now);
          expect(result.ok).toBe(true);
          if (result.ok) expect(new Set(result.places.map((p) => p.member)).size).toBe(2);
        }
      }),
      { numRuns: 100 },
    );
  });
});
