/** fast-check generators of engine inputs: members in odd zones, event types, bookings, busy time. */
import fc from 'fast-check';
import type { EngineState, EventRules, HeldBooking, MemberSchedule } from '../../server/engine/index.js';
import { weekdays } from '../../server/config/schema.js';
import { DAY, MINUTE, at } from './factories.js';

export const ZONES = [
  'UTC',
  'Europe/Paris',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'America/Sao_Paulo',
] as const;

/** Around Europe's and North America's autumn transitions, so many runs cross one. */
export const BASE = at('2026-10-22T00:00:00Z');

const hhmm = fc.integer({ min: 0, max: 24 * 12 - 1 }).map((five) => {
  const m = five * 5;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
});
const range = fc.tuple(hhmm, hhmm);
const dayRules = fc.array(range, { maxLength: 2 });

export const memberArb = (id: string): fc.Arbitrary<MemberSchedule> =>
  fc.record({
    id: fc.constant(id),
    timezone: fc.constantFrom(...ZONES),
    weekly: fc.tuple(...weekdays.map(() => dayRules)).map((days) => Object.fromEntries(weekdays.map((d, i) => [d, days[i]]))),
    overrides: fc.uniqueArray(
      fc.record({ day: fc.integer({ min: 0, max: 14 }), intervals: dayRules }),
      { maxLength: 3, selector: (o) => o.day },
    ).map((list) => list.map(({ day, intervals }) => ({ date: new Date(BASE + day * DAY).toISOString().slice(0, 10), intervals }))),
    busy: fc.array(
      fc.tuple(fc.integer({ min: 0, max: 14 * 24 * 12 }), fc.integer({ min: 1, max: 36 })).map(([s, n]) => ({
        start: BASE + s * 5 * MINUTE,
        end: BASE + (s + n) * 5 * MINUTE,
      })),
      { maxLength: 5 },
    ),
  });

export const eventArb: fc.Arbitrary<EventRules> = fc.record({
  id: fc.constant('demo'),
  durationMinutes: fc.integer({ min: 1, max: 24 }).map((n) => n * 5),
  slotIntervalMinutes: fc.option(fc.integer({ min: 1, max: 12 }).map((n) => n * 5), { nil: undefined }),
  bufferBeforeMinutes: fc.constantFrom(0, 0, 5, 15),
  bufferAfterMinutes: fc.constantFrom(0, 0, 10, 30),
  minNoticeMinutes: fc.constantFrom(0, 60, 240, 1440),
  horizonDays: fc.integer({ min: 1, max: 14 }),
  maxPerDay: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  maxPerWeek: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
  maxPerMonth: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
  seats: fc.constantFrom(1, 1, 2, 3),
  slotAlignment: fc.constantFrom(undefined, 'clock', 'window'),
  slotOffsetMinutes: fc.option(fc.integer({ min: 0, max: 1439 }), { nil: undefined }),
});

/** Held bookings on a 15-minute grid (so some share starts: group sessions), `demo` or `call`. */
export const bookingsArb = (memberIds: string[]): fc.Arbitrary<HeldBooking[]> =>
  fc.array(
    fc.record({
      slot: fc.integer({ min: 0, max: 14 * 24 * 4 }),
      minutes: fc.constantFrom(15, 30, 60),
      eventType: fc.constantFrom('demo', 'demo', 'call'),
      bufferBeforeMinutes: fc.constantFrom(0, 10),
      bufferAfterMinutes: fc.constantFrom(0, 15),
      members: fc.subarray(memberIds, { minLength: 1 }),
    }),
    { maxLength: 12 },
  ).map((list) =>
    list.map(({ slot, minutes, ...b }, i) => ({ id: `b${i}`, start: BASE + slot * 15 * MINUTE, end: BASE + slot * 15 * MINUTE + minutes * MINUTE, ...b })),
  );

export interface Scenario {
  state: EngineState;
  event: EventRules;
  now: number;
  from: number;
  to: number;
}

/** A state of `count` members, an event type, `now` and a range of a few days after it. */
export const scenarioArb = (count: number): fc.Arbitrary<Scenario> => {
  const ids = Array.from({ length: count }, (_, i) => `m${i}`);
  return fc
    .record({
      members: fc.tuple(...ids.map(memberArb)),
      bookings: bookingsArb(ids),
      event: eventArb,
      nowMinutes: fc.integer({ min: -2 * 24 * 60, max: 3 * 24 * 60 }),
      fromHours: fc.integer({ min: 0, max: 4 * 24 }),
      spanHours: fc.integer({ min: 1, max: 8 * 24 }),
    })
    .map(({ members, bookings, event, nowMinutes, fromHours, spanHours }) => ({
      state: { members: Object.fromEntries(members.map((m) => [m.id, m])), pools: {}, bookings, history: [], covers: { start: -8.64e15, end: 8.64e15 } },
      event,
      now: BASE + nowMinutes * MINUTE,
      from: BASE + fromHours * 60 * MINUTE,
      to: BASE + (fromHours + spanHours) * 60 * MINUTE,
    }));
};
