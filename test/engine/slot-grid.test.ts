/**
 * Slots on the clock: starts sit on the marks of the member's wall clock (the interval from local
 * midnight, shifted by `slotOffsetMinutes`) unless the event type keeps stepping from each
 * window's start. Examples in odd zones and on DST days, then properties whose oracle reads wall
 * clocks through Intl and checks each start against `memberCanTake` (every rule but the grid).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostSlots, memberCanTake, zonedDayRange, type EventRules, type MemberSchedule } from '../../server/engine/index.js';
import { availabilityWindows } from '../../server/engine/availability.js';
import { localDayOf } from '../../server/engine/zoned-time.js';
import { scenarioArb, type Scenario } from './arbitraries.js';
import { DAY, MINUTE, at, event, everyDay, state } from './factories.js';

const NOW = at('2026-01-01T00:00:00Z');

/** "HH:MM" on the zone's clock. */
function clock(zone: string, t: number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(t);
}

/** Local start times on one local day for a member with these daily ranges. */
function startsOn(zone: string, date: string, ev: Partial<EventRules>, ...ranges: [string, string][]): string[] {
  const { start, end } = zonedDayRange(date, date, zone);
  const s = state([everyDay('m', zone, ...ranges)]);
  return hostSlots({ host: { member: 'm' }, event: event({ horizonDays: 400, ...ev }), state: s, from: start, to: end, now: NOW }).map((x) => clock(zone, x.start));
}

describe('slots on the member’s clock', () => {
  it('offers the quarter hours of a 15-minute interval, not steps from a window starting at 09:10', () => {
    expect(startsOn('Europe/Paris', '2026-12-07', { slotIntervalMinutes: 15 }, ['09:10', '10:10'])).toEqual(['09:15', '09:30']);
  });

  it('keeps stepping from the window’s start in window alignment', () => {
    expect(startsOn('Europe/Paris', '2026-12-07', { slotIntervalMinutes: 15, slotAlignment: 'window' }, ['09:10', '10:10'])).toEqual(['09:10', '09:25', '09:40']);
  });

  it('shifts the marks by the start offset', () => {
    expect(startsOn('Europe/Paris', '2026-12-07', { slotIntervalMinutes: 15, slotOffsetMinutes: 5 }, ['09:00', '10:00'])).toEqual(['09:05', '09:20']);
    // An offset past the interval is taken modulo the interval.
    expect(startsOn('Europe/Paris', '2026-12-07', { slotIntervalMinutes: 15, slotOffsetMinutes: 20 }, ['09:00', '10:00'])).toEqual(['09:05', '09:20']);
  });

  it.each([
    ['Asia/Kolkata', '+05:30'],
    ['Asia/Kathmandu', '+05:45'],
    ['Australia/Eucla', '+08:45'],
  ])('reads the marks on the wall clock of %s (%s), not on UTC’s', (zone) => {
    expect(startsOn(zone, '2026-12-07', { durationMinutes: 60 }, ['09:10', '12:00'])).toEqual(['10:00', '11:00']);
  });

  it('restarts an interval that does not divide the day at each local midnight', () => {
    expect(startsOn('UTC', '2026-12-07', { durationMinutes: 25 }, ['00:00', '01:40'])).toEqual(['00:00', '00:25', '00:50', '01:15']);
    const { start } = zonedDayRange('2026-12-08', '2026-12-08', 'UTC');
    const s = state([everyDay('m', 'UTC', ['23:00', '01:00'])]);
    const slots = hostSlots({ host: { member: 'm' }, event: event({ durationMinutes: 25, horizonDays: 400 }), state: s, from: start - 60 * MINUTE, to: start + 60 * MINUTE, now: NOW });
    // 23:20 and 23:45 on the day's marks (… 22:55, 23:20, 23:45), then 00:00, 00:25 on the next day's.
    expect(slots.map((x) => clock('UTC', x.start))).toEqual(['23:20', '23:45', '00:00', '00:25']);
  });

  it('stays on the marks across a spring-forward day', () => {
    expect(startsOn('Europe/Paris', '2026-03-29', { durationMinutes: 60 }, ['00:30', '05:00'])).toEqual(['01:00', '03:00', '04:00']);
    // Lord Howe moves by 30 minutes: 02:00 becomes 02:30, and hourly marks stay on the hour.
    expect(startsOn('Australia/Lord_Howe', '2026-10-04', { durationMinutes: 60 }, ['00:30', '05:00'])).toEqual(['01:00', '03:00', '04:00']);
  });

  it('offers the repeated hour twice on a fall-back day, on the marks both times', () => {
    expect(startsOn('America/New_York', '2026-11-01', { durationMinutes: 60 }, ['00:30', '03:00'])).toEqual(['01:00', '01:00', '02:00']);
    expect(startsOn('Australia/Lord_Howe', '2026-04-05', { durationMinutes: 60 }, ['00:30', '03:00'])).toEqual(['01:00', '02:00']);
  });
});

/** The minute of the local day at `t`, read by Intl. */
function minuteOfDay(zone: string, t: number): number {
  const [h, m] = clock(zone, t).split(':').map(Number);
  return h * 60 + m;
}

/** The starts the grid allows in `[from, to)`, by brute force: every minute on the clock's marks, or each window's steps. */
function gridStarts(m: MemberSchedule, ev: EventRules, from: number, to: number): number[] {
  const stride = ev.slotIntervalMinutes ?? ev.durationMinutes;
  if (ev.slotAlignment === 'window') {
    const starts: number[] = [];
    for (const w of availabilityWindows(m, localDayOf(m.timezone, from) - 2, localDayOf(m.timezone, to) + 1)) {
      for (let t = w.start; t + ev.durationMinutes * MINUTE <= w.end; t += stride * MINUTE) if (t >= from && t < to) starts.push(t);
    }
    return starts;
  }
  const shift = (ev.slotOffsetMinutes ?? 0) % stride;
  const starts: number[] = [];
  for (let t = Math.ceil(from / MINUTE) * MINUTE; t < to; t += MINUTE) {
    if ((((minuteOfDay(m.timezone, t) - shift) % stride) + stride) % stride === 0) starts.push(t);
  }
  return starts;
}

describe('slot grid properties', () => {
  /** The member's slots are the grid's starts (and open sessions) that `memberCanTake`: the grid is the only rule slots add. */
  const sameAsGrid = (sc: Scenario) => {
    const m = sc.state.members.m0;
    // Shorter ranges: the oracle asks the engine once per candidate minute.
    const to = Math.min(sc.to, sc.from + 2 * DAY);
    const sessions = sc.event.seats > 1 ? sc.state.bookings.filter((b) => b.eventType === sc.event.id && b.members.includes('m0')).map((b) => b.start) : [];
    const candidates = [...new Set([...gridStarts(m, sc.event, sc.from, to), ...sessions.filter((t) => t >= sc.from && t < to)])].sort((a, b) => a - b);
    const expected = candidates.filter((t) => memberCanTake('m0', sc.event, t, sc.state, sc.now));
    const offered = hostSlots({ host: { member: 'm0' }, event: sc.event, state: sc.state, from: sc.from, to, now: sc.now }).map((s) => s.start);
    expect(offered.map((t) => new Date(t).toISOString())).toEqual(expected.map((t) => new Date(t).toISOString()));
  };

  it('offers exactly the grid’s starts that the member can take, plus open group sessions, in either alignment', () => {
    fc.assert(fc.property(scenarioArb(1), sameAsGrid), { numRuns: 60 });
  });

  it('offers in window alignment what stepping from each window’s start always offered', () => {
    fc.assert(fc.property(scenarioArb(1).map((sc) => ({ ...sc, event: { ...sc.event, slotAlignment: 'window' as const } })), sameAsGrid), { numRuns: 200 });
  });

  it('starts every slot that is not a group session on a mark of the member’s wall clock', () => {
    fc.assert(
      fc.property(scenarioArb(1), (sc: Scenario) => {
        const ev: EventRules = { ...sc.event, slotAlignment: 'clock' };
        const m = sc.state.members.m0;
        const stride = ev.slotIntervalMinutes ?? ev.durationMinutes;
        const shift = (ev.slotOffsetMinutes ?? 0) % stride;
        const sessions = new Set(sc.state.bookings.filter((b) => b.eventType === ev.id).map((b) => b.start));
        for (const slot of hostSlots({ host: { member: 'm0' }, event: ev, state: sc.state, from: sc.from, to: sc.to, now: sc.now })) {
          if (ev.seats > 1 && sessions.has(slot.start)) continue;
          expect((((minuteOfDay(m.timezone, slot.start) - shift) % stride) + stride) % stride, clock(m.timezone, slot.start)).toBe(0);
        }
      }),
      { numRuns: 200 },
    );
  });
});
