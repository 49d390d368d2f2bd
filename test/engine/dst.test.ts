/**
 * Daylight saving and odd offsets, with the member in the zone (their rules) and with the visitor
 * in the zone (their days and working hours), on the days of each 2026 transition.
 */
import { describe, expect, it } from 'vitest';
import { availability, filterLocalWorkingHours, hostSlots, zonedDayRange, type Slot } from '../../server/engine/index.js';
import { HOUR, MINUTE, at, event, everyDay, iso, state } from './factories.js';

const NOW = at('2026-01-01T00:00:00Z');

/** "HH:MM" on the zone's clock. */
function clock(zone: string, t: number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(t);
}

/** Real hours of availability on one local day for a member with one daily rule. */
function hoursOn(zone: string, date: string, rule: [string, string]): number {
  const { start, end } = zonedDayRange(date, date, zone);
  return availability(everyDay('m', zone, rule), start, end).reduce((sum, i) => sum + (i.end - i.start), 0) / HOUR;
}

/** Local start times of 30-minute slots on one local day for a member with one daily rule. */
function slotClock(zone: string, date: string, rule: [string, string]): string[] {
  const { start, end } = zonedDayRange(date, date, zone);
  const s = state([everyDay('m', zone, rule)]);
  return hostSlots({ host: { member: 'm' }, event: event({ horizonDays: 400 }), state: s, from: start, to: end, now: NOW }).map((x) => clock(zone, x.start));
}

describe('member zone: a spring-forward day loses the hour that does not exist', () => {
  it.each([
    ['Europe/Paris', '2026-03-29', ['01:00', '04:00'], 2],
    ['America/New_York', '2026-03-08', ['01:00', '04:00'], 2],
    ['Australia/Lord_Howe', '2026-10-04', ['01:00', '04:00'], 2.5],
    ['Pacific/Chatham', '2026-09-27', ['02:00', '05:00'], 2],
  ] as const)('%s on %s: %j lasts %d real hours', (zone, date, rule, hours) => {
    expect(hoursOn(zone, date, [...rule])).toBe(hours);
  });

  it('never starts a slot at a local time that does not exist', () => {
    expect(slotClock('Europe/Paris', '2026-03-29', ['01:00', '04:00'])).toEqual(['01:00', '01:30', '03:00', '03:30']);
    expect(slotClock('America/New_York', '2026-03-08', ['01:00', '04:00'])).toEqual(['01:00', '01:30', '03:00', '03:30']);
    expect(slotClock('Australia/Lord_Howe', '2026-10-04', ['01:00', '03:00'])).toEqual(['01:00', '01:30', '02:30']);
    // 02:30 + 30 real minutes is 04:00 on Chatham's clock: the grid steps in real time.
    expect(slotClock('Pacific/Chatham', '2026-09-27', ['02:00', '05:00'])).toEqual(['02:00', '02:30', '04:00', '04:30']);
  });

  it('starts a rule that begins inside the gap at the end of the gap', () => {
    const { start, end } = zonedDayRange('2026-03-29', '2026-03-29', 'Europe/Paris');
    const [window] = availability(everyDay('m', 'Europe/Paris', ['02:30', '04:00']), start, end);
    expect(iso(window.start)).toBe('2026-03-29T01:00:00Z');
    expect(clock('Europe/Paris', window.start)).toBe('03:00');
  });
});

describe('member zone: a fall-back day lives the repeated hour twice', () => {
  it.each([
    ['America/New_York', '2026-11-01', ['01:00', '03:00'], 3],
    ['Europe/Paris', '2026-10-25', ['01:00', '04:00'], 4],
    ['Australia/Lord_Howe', '2026-04-05', ['01:00', '03:00'], 2.5],
    ['Pacific/Chatham', '2026-04-05', ['02:00', '05:00'], 4],
  ] as const)('%s on %s: %j lasts %d real hours', (zone, date, rule, hours) => {
    expect(hoursOn(zone, date, [...rule])).toBe(hours);
  });

  it('offers the repeated local times twice, at different instants', () => {
    expect(slotClock('America/New_York', '2026-11-01', ['01:00', '03:00'])).toEqual(['01:00', '01:30', '01:00', '01:30', '02:00', '02:30']);
  });
});

describe('member zone: fixed and unusual offsets', () => {
  it('places Kolkata’s 09:00 at 03:30 UTC all year', () => {
    for (const date of ['2026-01-15', '2026-07-15']) {
      const { start, end } = zonedDayRange(date, date, 'Asia/Kolkata');
      const [window] = availability(everyDay('m', 'Asia/Kolkata', ['09:00', '17:00']), start, end);
      expect(iso(window.start)).toBe(`${date}T03:30:00Z`);
    }
  });

  it('places Chatham’s 09:00 at 19:15 or 20:15 UTC the day before, by season', () => {
    const on = (date: string) => {
      const { start, end } = zonedDayRange(date, date, 'Pacific/Chatham');
      return iso(availability(everyDay('m', 'Pacific/Chatham', ['09:00', '10:00']), start, end)[0].start);
    };
    expect(on('2026-01-15')).toBe('2026-01-14T19:15:00Z');
    expect(on('2026-07-15')).toBe('2026-07-14T20:15:00Z');
  });

  it('keeps São Paulo on −03:00 in November, where it used to change clocks', () => {
    expect(hoursOn('America/Sao_Paulo', '2026-11-01', ['00:00', '24:00'])).toBe(24);
    const { start } = zonedDayRange('2026-11-01', '2026-11-01', 'America/Sao_Paulo');
    expect(iso(start)).toBe('2026-11-01T03:00:00Z');
  });

  it('keeps a weekly rule at the same local time on both sides of a transition', () => {
    const { start, end } = zonedDayRange('2026-03-27', '2026-03-31', 'Europe/Paris');
    const windows = availability(everyDay('m', 'Europe/Paris', ['09:00', '17:00']), start, end);
    expect(windows.map((w) => `${clock('Europe/Paris', w.start)}-${clock('Europe/Paris', w.end)}`)).toEqual(Array(5).fill('09:00-17:00'));
    expect(windows.map((w) => iso(w.start).slice(11, 16))).toEqual(['08:00', '08:00', '07:00', '07:00', '07:00']);
  });

  it('keeps a rule crossing midnight whole over a transition night', () => {
    const { start, end } = zonedDayRange('2026-03-28', '2026-03-29', 'Europe/Paris');
    const windows = availability(everyDay('m', 'Europe/Paris', ['22:00', '04:00']), start, end);
    // Saturday 22:00 CET to Sunday 04:00 CEST is 5 real hours.
    expect(iso(windows[1].start)).toBe('2026-03-28T21:00:00Z');
    expect(windows[1].end - windows[1].start).toBe(5 * HOUR);
  });
});

describe('visitor zone', () => {
  it.each([
    ['Europe/Paris', '2026-03-29', 23],
    ['Europe/Paris', '2026-10-25', 25],
    ['America/New_York', '2026-03-08', 23],
    ['America/New_York', '2026-11-01', 25],
    ['Australia/Lord_Howe', '2026-10-04', 23.5],
    ['Australia/Lord_Howe', '2026-04-05', 24.5],
    ['Pacific/Chatham', '2026-09-27', 23],
    ['Pacific/Chatham', '2026-04-05', 25],
    ['Asia/Kolkata', '2026-03-29', 24],
    ['America/Sao_Paulo', '2026-11-01', 24],
  ] as const)('%s: the local day %s lasts %d hours', (zone, date, hours) => {
    const { start, end } = zonedDayRange(date, date, zone);
    expect((end - start) / HOUR).toBe(hours);
  });

  /** Every 30 minutes over two UTC days around the date. */
  function halfHours(date: string): Slot[] {
    const from = at(`${date}T00:00:00Z`) - 24 * HOUR;
    return Array.from({ length: 96 }, (_, i) => ({ start: from + i * 30 * MINUTE, end: from + (i + 1) * 30 * MINUTE, seatsLeft: 1 }));
  }

  it.each([
    ['Europe/Paris', '2026-03-29'],
    ['Europe/Paris', '2026-10-25'],
    ['America/New_York', '2026-03-08'],
    ['America/New_York', '2026-11-01'],
    ['Australia/Lord_Howe', '2026-10-04'],
    ['Australia/Lord_Howe', '2026-04-05'],
    ['Pacific/Chatham', '2026-09-27'],
    ['Pacific/Chatham', '2026-04-05'],
    ['Asia/Kolkata', '2026-03-29'],
    ['America/Sao_Paulo', '2026-11-01'],
  ] as const)('%s on %s: keeps slots that start and end within 08:00–20:00 on the visitor’s clock', (zone, date) => {
    const all = halfHours(date);
    const kept = filterLocalWorkingHours(all, { start: '08:00', end: '20:00' }, zone);
    expect(kept.length).toBeGreaterThan(0);
    for (const slot of kept) {
      expect(clock(zone, slot.start) >= '08:00').toBe(true);
      expect(clock(zone, slot.end) <= '20:00').toBe(true);
      expect(clock(zone, slot.end) > clock(zone, slot.start)).toBe(true);
    }
    const dropped = all.filter((s) => !kept.includes(s));
    expect(dropped.length).toBeGreaterThan(0);
    for (const slot of dropped) {
      const inside = clock(zone, slot.start) >= '08:00' && clock(zone, slot.end) <= '20:00' && clock(zone, slot.end) > clock(zone, slot.start);
      expect(inside).toBe(false);
    }
  });
});
