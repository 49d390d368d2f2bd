/**
 * `npm run bench -- engine`: time `hostSlots` on fixed, seeded data — one member, pooled pages of
 * 10 / 50 / 200 members and a panel of 3 members + 2 pools of 10, each over 60 days with a 15-min
 * slot interval, 200 held bookings and 200 external busy intervals. `now` is fixed. `rules-50x60d`
 * is the pooled page of 50 under the longer rules at once: an event type's own schedule, marks
 * shifted by 5 minutes, month and year caps, a team-wide monthly limit and members' daily minutes.
 * `weighted-rr-10x60d` is a weighted round robin of 10 (weights 1–3, a year of 2,000 single
 * assignments with cancellations, reassignments and no-shows, two members who joined mid-period
 * and two with days away, so calibration runs). `holds-10x60d` is the pooled page of 10 while 50
 * visitors hold times mid-form: live holds reach the engine as held bookings of their member, so
 * this is what the store's read hands it (`store/engine-state.ts`), 200 bookings and 50 holds.
 */
import type { Pool } from '../server/config/schema.js';
import { DAY, hostSlots, type EngineState, type EventRules, type HeldBooking, type Host, type MemberSchedule, type PoolAssignment } from '../server/engine/index.js';
import { seeded } from './seeded.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const MINUTE = 60_000;
const EUROPE = ['Europe/Paris', 'Europe/London', 'Europe/Berlin'];
const ZONES = ['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'Europe/London'];
const WARM_UP = 10;
const ITERATIONS = 60;

const event: EventRules = {
  id: 'demo',
  durationMinutes: 30,
  slotIntervalMinutes: 15,
  bufferBeforeMinutes: 5,
  bufferAfterMinutes: 10,
  minNoticeMinutes: 240,
  horizonDays: 60,
  seats: 1,
  maxPerDay: 6,
  maxPerWeek: 20,
};

function member(i: number, zones: string[]): MemberSchedule {
  const late = i % 3 === 0;
  const day: [string, string][] = late ? [['10:00', '13:00'], ['14:00', '19:00']] : [['09:00', '12:30'], ['13:30', '17:00']];
  return {
    id: `m${i}`,
    timezone: zones[i % zones.length],
    weekly: { mon: day, tue: day, wed: day, thu: day, fri: i % 2 ? [['09:00', '13:00']] : day },
    overrides: [{ date: '2026-12-24', intervals: [] }, { date: '2026-12-31', intervals: [] }],
    busy: [],
  };
}

function state(memberCount: number, seed: number, zones = ZONES): EngineState {
  const random = seeded(seed);
  const members = Array.from({ length: memberCount }, (_, i) => member(i, zones));
  const at = () => NOW + Math.floor(random() * 60 * 24 * 4) * 15 * MINUTE;
  const pick = () => members[Math.floor(random() * members.length)].id;
  for (let i = 0; i < 200; i++) {
    const start = at();
    members[Math.floor(random() * members.length)].busy.push({ start, end: start + (1 + Math.floor(random() * 8)) * 15 * MINUTE });
  }
  const bookings: HeldBooking[] = Array.from({ length: 200 }, (_, i) => {
    const start = at();
    return { id: `b${i}`, eventType: i % 4 ? 'demo' : 'call', start, end: start + 30 * MINUTE, bufferBeforeMinutes: 5, bufferAfterMinutes: 10, members: [pick()] };
  });
  const pool = (id: string, ids: string[], method: Pool['method']): Pool => ({
    id,
    method,
    members: ids.map((m, i) => ({ member: m, priority: i % 3 })),
    autocorrect: { cancellations: true, reassignments: true, noShows: true },
  });
  const ids = members.map((m) => m.id);
  return {
    members: Object.fromEntries(members.map((m) => [m.id, m])),
    pools: {
      all: pool('all', ids, 'pooled'),
      first: pool('first', ids.slice(3, 13), 'round_robin'),
      second: pool('second', ids.slice(13, 23), 'priority'),
    },
    bookings,
    history: [],
    // The bench's bookings are all there are.
    covers: { start: -8.64e15, end: 8.64e15 },
  };
}

/** A round robin of 10 with weights, a year of history, joiners and days away. */
function weighted(seed: number): EngineState {
  const base = state(10, seed);
  const random = seeded(seed + 1);
  const ids = Object.keys(base.members);
  const outcomes: PoolAssignment['outcome'][] = ['held', 'held', 'held', 'completed', 'completed', 'cancelled', 'reassigned_away', 'no_show'];
  const history: PoolAssignment[] = Array.from({ length: 2000 }, (_, i) => {
    const assignedAt = NOW - 365 * DAY + Math.floor(random() * 365 * DAY);
    return {
      pool: 'weighted',
      member: ids[Math.floor(random() * ids.length)],
      bookingId: `h${i}`,
      assignedAt,
      outcome: outcomes[Math.floor(random() * outcomes.length)],
      start: assignedAt + Math.floor(random() * 30) * DAY,
    };
  });
  base.members.m1.away = [{ from: '2026-12-14', to: '2026-12-18', handOverTo: 'm2' }];
  base.members.m4.away = [{ from: '2026-11-02', to: '2026-11-06' }, { from: '2026-12-21', to: '2027-01-03' }];
  return {
    ...base,
    pools: {
      weighted: {
        id: 'weighted',
        method: 'round_robin',
        members: ids.map((m, i) => ({ member: m, priority: 0, weight: 1 + (i % 3) })),
        autocorrect: { cancellations: true, reassignments: true, noShows: true },
      },
    },
    history,
    joined: { weighted: { m8: NOW - 100 * DAY, m9: NOW - 20 * DAY } },
  };
}

/** The pooled 10, with `count` live holds among the bookings, as the store reads them. */
function withHolds(s: EngineState, count: number, seed: number): EngineState {
  const random = seeded(seed);
  const ids = Object.keys(s.members);
  const holds: HeldBooking[] = Array.from({ length: count }, (_, i) => {
    const start = NOW + Math.floor(random() * 60 * 24 * 4) * 15 * MINUTE;
    return { id: `hold:h${i}`, eventType: 'demo', start, end: start + 30 * MINUTE, bufferBeforeMinutes: 5, bufferAfterMinutes: 10, members: [ids[Math.floor(random() * ids.length)]] };
  });
  return { ...s, bookings: [...s.bookings, ...holds] };
}

interface Scenario {
  name: string;
  host: Host;
  state: EngineState;
  event?: EventRules;
}

const ruled: EventRules = {
  ...event,
  slotOffsetMinutes: 5,
  schedule: { timezone: 'Europe/Paris', weekly: { mon: [['08:00', '20:00']], tue: [['08:00', '20:00']], wed: [['08:00', '20:00']], thu: [['08:00', '20:00']], fri: [['08:00', '12:00']] }, overrides: [] },
  maxPerMonth: 30,
  maxPerYear: 300,
  teamLimit: { max: 150, per: 'month' },
};

let ruledState: EngineState | undefined;
let weightedState: EngineState | undefined;
let heldState: EngineState | undefined;

function withDailyMinutes(s: EngineState): EngineState {
  for (const m of Object.values(s.members)) m.maxBookedMinutesPerDay = 240;
  return s;
}

const scenarios: Scenario[] = [
  { name: 'member-1x60d', host: { member: 'm0' }, state: state(1, 1) },
  { name: 'pooled-10x60d', host: { pool: 'all' }, state: state(10, 10) },
  { name: 'pooled-50x60d', host: { pool: 'all' }, state: state(50, 50) },
  { name: 'pooled-200x60d', host: { pool: 'all' }, state: state(200, 200) },
  {
    name: 'panel-3+2x10',
    host: { panel: [{ member: 'm0' }, { member: 'm1' }, { member: 'm2' }, { pool: 'first' }, { pool: 'second' }] },
    // A panel meets at once, so its members share working hours.
    state: state(23, 23, EUROPE),
  },
  {
    name: 'rules-50x60d',
    host: { pool: 'all' },
    // Built when its turn comes, last: its members' extra field must not change how today's scenarios run.
    get state() {
      return (ruledState ??= withDailyMinutes(state(50, 50)));
    },
    event: ruled,
  },
  {
    name: 'weighted-rr-10x60d',
    host: { pool: 'weighted' },
    // Built when its turn comes, as rules-50x60d: its members' days away must not change how today's scenarios run.
    get state() {
      return (weightedState ??= weighted(10));
    },
  },
  {
    name: 'holds-10x60d',
    host: { pool: 'all' },
    get state() {
      return (heldState ??= withHolds(state(10, 10), 50, 11));
    },
  },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function run(): Promise<Record<string, { p50Ms: number; p95Ms: number; slots: number }>> {
  const results: Record<string, { p50Ms: number; p95Ms: number; slots: number }> = {};
  const rows: string[] = [];
  for (const { name, host, state, event: rules = event } of scenarios) {
    const query = { host, event: rules, state, from: NOW, to: NOW + 60 * DAY, now: NOW };
    let slots = 0;
    for (let i = 0; i < WARM_UP; i++) slots = hostSlots(query).length;
    const times: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const t0 = performance.now();
      hostSlots(query);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const round = (ms: number) => Math.round(ms * 1000) / 1000;
    results[name] = { p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), slots };
    rows.push(`${name.padEnd(20)} ${results[name].p50Ms.toFixed(3).padStart(9)} ${results[name].p95Ms.toFixed(3).padStart(9)} ${String(slots).padStart(7)}`);
  }
  console.log(`${'scenario'.padEnd(20)} ${'p50 ms'.padStart(9)} ${'p95 ms'.padStart(9)} ${'slots'.padStart(7)}`);
  for (const row of rows) console.log(row);
  return results;
}
