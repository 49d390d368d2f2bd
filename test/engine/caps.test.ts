/**
 * Longer limits: month and year caps per member, a member's booked minutes per day, and an event
 * type's team-wide limit — each closes its period to new meetings, counted on the right calendar,
 * and all of them hold at once (a property over random bookings).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assign, hostSlots, type EngineState, type EventRules } from '../../server/engine/index.js';
import { DAY, HOUR, MINUTE, at, booking, event, everyDay, member, pool, state } from './factories.js';

const NOW = at('2026-11-20T00:00:00Z');

function days(s: EngineState, ev: EventRules, from: string, to: string, host: { member: string } | { pool: string } = { member: 'ana' }): string[] {
  const slots = hostSlots({ host, event: ev, state: s, from: at(from), to: at(to), now: NOW });
  return [...new Set(slots.map((x) => new Date(x.start).toISOString().slice(0, 10)))];
}

describe('month and year caps', () => {
  it('closes the rest of the member’s calendar month once it holds maxPerMonth meetings', () => {
    const s = state([everyDay('ana', 'UTC', ['09:00', '10:00'])], { bookings: [booking('2026-11-28T09:00:00Z', ['ana']), booking('2026-11-29T09:00:00Z', ['ana'])] });
    expect(days(s, event({ maxPerMonth: 2 }), '2026-11-28T00:00:00Z', '2026-12-02T00:00:00Z')).toEqual(['2026-12-01']);
    expect(days(s, event({ maxPerMonth: 3 }), '2026-11-28T00:00:00Z', '2026-12-02T00:00:00Z')).toEqual(['2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01']);
  });

  it('counts months on the member’s own calendar', () => {
    // 23:30 UTC on 30 November is already 1 December in Paris.
    const s = state([everyDay('ana', 'Europe/Paris', ['00:00', '24:00'])], { bookings: [booking('2026-11-30T23:30:00Z', ['ana'])] });
    const slots = hostSlots({ host: { member: 'ana' }, event: event({ maxPerMonth: 1 }), state: s, from: at('2026-11-30T22:00:00Z'), to: at('2026-12-01T02:00:00Z'), now: NOW });
    expect(slots.map((x) => new Date(x.start).toISOString().slice(11, 16))).toEqual(['22:00', '22:30']);
  });

  it('closes the year once it holds maxPerYear meetings, and the next year opens', () => {
    const s = state([everyDay('ana', 'UTC', ['09:00', '10:00'])], { bookings: [booking('2026-03-02T09:00:00Z', ['ana'])] });
    expect(days(s, event({ maxPerYear: 1, horizonDays: 400 }), '2026-12-30T00:00:00Z', '2027-01-02T00:00:00Z')).toEqual(['2027-01-01']);
  });

  it('refuses a booking at a slot the cap closed', () => {
    const s = state([everyDay('ana', 'UTC', ['09:00', '10:00'])], { bookings: [booking('2026-11-28T09:00:00Z', ['ana'])] });
    expect(assign({ member: 'ana' }, event({ maxPerMonth: 1 }), at('2026-11-30T09:00:00Z'), s, NOW)).toMatchObject({ ok: false, reason: 'slot_unavailable' });
  });
});

describe('booked minutes per day', () => {
  it('closes a day once another meeting would pass the member’s booked minutes, counting every event type', () => {
    const ana = everyDay('ana', 'UTC', ['09:00', '17:00']);
    ana.maxBookedMinutesPerDay = 90;
    const s = state([ana], { bookings: [booking('2026-11-30T09:00:00Z', ['ana'], { eventType: 'call', end: at('2026-11-30T10:00:00Z') })] });
    // 60 booked + 30 fits 90; 60 + 45 does not.
    expect(days(s, event(), '2026-11-30T00:00:00Z', '2026-12-02T00:00:00Z')).toEqual(['2026-11-30', '2026-12-01']);
    expect(days(s, event({ durationMinutes: 45 }), '2026-11-30T00:00:00Z', '2026-12-02T00:00:00Z')).toEqual(['2026-12-01']);
    expect(days(s, event({ durationMinutes: 120 }), '2026-11-30T00:00:00Z', '2026-12-02T00:00:00Z')).toEqual([]);
  });

  it('counts a group session once, however many seats are taken', () => {
    const ana = everyDay('ana', 'UTC', ['09:00', '17:00']);
    ana.maxBookedMinutesPerDay = 60;
    const s = state([ana], { bookings: [booking('2026-11-30T09:00:00Z', ['ana']), booking('2026-11-30T09:00:00Z', ['ana'])] });
    expect(days(s, event({ seats: 3 }), '2026-11-30T00:00:00Z', '2026-12-01T00:00:00Z')).toEqual(['2026-11-30']);
  });
});

describe('team-wide limit', () => {
  const team = () =>
    state([everyDay('ana', 'UTC', ['09:00', '10:00']), everyDay('bo', 'UTC', ['09:00', '10:00'])], {
      pools: { team: pool('team', 'pooled', ['ana', 'bo']) },
      bookings: [booking('2026-11-30T09:00:00Z', ['ana']), booking('2026-12-01T09:00:00Z', ['bo'])],
    });

  it('closes the period for every member once the team holds the limit', () => {
    const ev = event({ teamLimit: { max: 2, per: 'week' } });
    // Week of Monday 30 November: two meetings already, by two members.
    expect(days(team(), ev, '2026-11-30T00:00:00Z', '2026-12-09T00:00:00Z', { pool: 'team' })).toEqual(['2026-12-07', '2026-12-08']);
    expect(assign({ member: 'ana' }, ev, at('2026-12-03T09:00:00Z'), team(), NOW)).toMatchObject({ ok: false });
  });

  it('counts periods in the limit’s zone', () => {
    const s = team();
    // 09:00 and 20:00 UTC on 30 November: one day in UTC, but 29 and 30 November in Honolulu.
    s.bookings = [booking('2026-11-30T09:00:00Z', ['ana']), booking('2026-11-30T20:00:00Z', ['bo'])];
    const per = (timezone: string) => event({ teamLimit: { max: 2, per: 'day', timezone } });
    expect(days(s, per('UTC'), '2026-11-30T00:00:00Z', '2026-12-03T00:00:00Z', { pool: 'team' })).toEqual(['2026-12-01', '2026-12-02']);
    expect(days(s, per('Pacific/Honolulu'), '2026-11-30T00:00:00Z', '2026-12-03T00:00:00Z', { pool: 'team' })).toEqual(['2026-11-30', '2026-12-01', '2026-12-02']);
  });

  it('counts in the event type’s own schedule’s zone when the limit names none', () => {
    const s = team();
    s.bookings = [booking('2026-11-30T09:00:00Z', ['ana']), booking('2026-11-30T20:00:00Z', ['bo'])];
    const hours = { timezone: 'Pacific/Honolulu', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])), overrides: [] };
    const ev = event({ schedule: hours as EventRules['schedule'], teamLimit: { max: 2, per: 'day' } });
    // Neither Honolulu day holds two: nothing closes, as it would on UTC's 30 November.
    expect(days(s, ev, '2026-11-30T00:00:00Z', '2026-12-01T00:00:00Z', { pool: 'team' })).toEqual(['2026-11-30']);
    expect(days(s, { ...ev, teamLimit: { max: 2, per: 'day', timezone: 'UTC' } }, '2026-11-30T00:00:00Z', '2026-12-01T00:00:00Z', { pool: 'team' })).toEqual([]);
  });
});

describe('every cap at once', () => {
  it('never offers a slot that would break any cap', () => {
    const evArb = fc.record({
      maxPerDay: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      maxPerWeek: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
      maxPerMonth: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
      maxPerYear: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
      team: fc.option(fc.record({ max: fc.integer({ min: 1, max: 8 }), per: fc.constantFrom('day', 'week', 'month', 'year' as const) }), { nil: undefined }),
      minutes: fc.option(fc.integer({ min: 6, max: 48 }).map((n) => n * 10), { nil: undefined }),
      zone: fc.constantFrom('UTC', 'Europe/Paris', 'Asia/Kathmandu', 'America/New_York'),
    });
    const bookingsArb = fc.array(fc.record({ day: fc.integer({ min: 0, max: 70 }), hour: fc.integer({ min: 8, max: 16 }), who: fc.constantFrom('ana', 'bo'), type: fc.constantFrom('demo', 'call') }), { maxLength: 25 });
    fc.assert(
      fc.property(evArb, bookingsArb, fc.integer({ min: 0, max: 60 }), (caps, list, startDay) => {
        const base = at('2026-11-01T00:00:00Z');
        const members = ['ana', 'bo'].map((id) => ({ ...member(id, { timezone: caps.zone }), ...(caps.minutes ? { maxBookedMinutesPerDay: caps.minutes } : {}) }));
        const seen = new Set<string>();
        const bookings = list
          .filter((b) => !seen.has(`${b.who} ${b.day} ${b.hour}`) && seen.add(`${b.who} ${b.day} ${b.hour}`))
          .map((b, i) => booking(new Date(base + b.day * DAY + b.hour * HOUR).toISOString(), [b.who], { id: `x${i}`, eventType: b.type }));
        const ev = event({
          maxPerDay: caps.maxPerDay,
          maxPerWeek: caps.maxPerWeek,
          maxPerMonth: caps.maxPerMonth,
          maxPerYear: caps.maxPerYear,
          teamLimit: caps.team && { ...caps.team, timezone: caps.zone },
          horizonDays: 400,
        });
        const s = state(members, { bookings, pools: { team: pool('team', 'pooled', ['ana', 'bo']) } });
        const from = base + startDay * DAY;
        const offered = hostSlots({ host: { pool: 'team' }, event: ev, state: s, from, to: from + 14 * DAY, now: base - DAY });
        // A spread of the offered slots: assigning each one is the costly part.
        const sample = offered.filter((_, i) => i % Math.max(1, Math.floor(offered.length / 8)) === 0);
        for (const slot of sample) {
          const result = assign({ pool: 'team' }, ev, slot.start, s, base - DAY);
          expect(result.ok).toBe(true);
          if (!result.ok) continue;
          const who = result.places[0].member;
          // Book it, then count every period holding it: none may be over its cap.
          const after = [...bookings, booking(new Date(slot.start).toISOString(), [who], { id: 'new' })];
          const fmt = (t: number) => new Intl.DateTimeFormat('en-CA', { timeZone: caps.zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
          const dayOf = (t: number) => fmt(t);
          const weekOf = (t: number) => Math.floor((Date.parse(`${fmt(t)}T00:00:00Z`) / DAY + 3) / 7);
          const same = (f: (t: number) => unknown, t: number) => (b: { start: number }) => f(b.start) === f(t);
          const mine = after.filter((b) => b.members.includes(who));
          const ofType = mine.filter((b) => b.eventType === 'demo');
          const periods: [number | undefined, (t: number) => unknown][] = [
            [ev.maxPerDay, dayOf],
            [ev.maxPerWeek, weekOf],
            [ev.maxPerMonth, (t) => dayOf(t).slice(0, 7)],
            [ev.maxPerYear, (t) => dayOf(t).slice(0, 4)],
          ];
          for (const [max, f] of periods) if (max !== undefined) expect(ofType.filter(same(f, slot.start)).length).toBeLessThanOrEqual(max);
          if (caps.minutes) {
            const booked = mine.filter(same(dayOf, slot.start)).reduce((sum, b) => sum + (b.end - b.start) / MINUTE, 0);
            expect(booked).toBeLessThanOrEqual(caps.minutes);
          }
          if (caps.team) {
            const f = { day: dayOf, week: weekOf, month: (t: number) => dayOf(t).slice(0, 7), year: (t: number) => dayOf(t).slice(0, 4) }[caps.team.per];
            expect(after.filter((b) => b.eventType === 'demo').filter(same(f, slot.start)).length).toBeLessThanOrEqual(caps.team.max);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
