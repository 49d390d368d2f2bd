import { describe, expect, it } from 'vitest';
import { availability, zonedDayRange } from '../../server/engine/index.js';
import { iso, member } from './factories.js';

/** Availability over local days `[from, to]` of the member's zone, as ISO pairs. */
function windows(m: ReturnType<typeof member>, from: string, to = from): [string, string][] {
  const { start, end } = zonedDayRange(from, to, m.timezone);
  return availability(m, start, end).map((i) => [iso(i.start), iso(i.end)]);
}

describe('availability', () => {
  it('turns weekly rules in the member’s zone into UTC intervals', () => {
    const ana = member('ana', { timezone: 'Europe/Lisbon', weekly: { mon: [['09:00', '12:00'], ['13:00', '17:00']] } });
    // 2026-12-07 is a Monday; Lisbon is on UTC in winter.
    expect(windows(ana, '2026-12-07')).toEqual([
      ['2026-12-07T09:00:00Z', '2026-12-07T12:00:00Z'],
      ['2026-12-07T13:00:00Z', '2026-12-07T17:00:00Z'],
    ]);
    const bo = member('bo', { timezone: 'Asia/Tokyo', weekly: { mon: [['09:00', '17:00']] } });
    expect(windows(bo, '2026-12-07')).toEqual([['2026-12-07T00:00:00Z', '2026-12-07T08:00:00Z']]);
  });

  it('gives nothing on a weekday without rules', () => {
    expect(windows(member('ana'), '2026-12-12')).toEqual([]);
  });

  it('merges rules that touch or overlap into one interval', () => {
    const ana = member('ana', { weekly: { mon: [['13:00', '17:00'], ['09:00', '13:00'], ['10:00', '11:00']] } });
    expect(windows(ana, '2026-12-07')).toEqual([['2026-12-07T09:00:00Z', '2026-12-07T17:00:00Z']]);
  });

  it('lets a date override replace the day’s rules', () => {
    const ana = member('ana', { overrides: [{ date: '2026-12-08', intervals: [['14:00', '15:30']] }] });
    expect(windows(ana, '2026-12-07', '2026-12-08')).toEqual([
      ['2026-12-07T09:00:00Z', '2026-12-07T17:00:00Z'],
      ['2026-12-08T14:00:00Z', '2026-12-08T15:30:00Z'],
    ]);
  });

  it('takes a day off with an empty override', () => {
    const ana = member('ana', { overrides: [{ date: '2026-12-24', intervals: [] }] });
    expect(windows(ana, '2026-12-24')).toEqual([]);
    expect(windows(ana, '2026-12-23')).toHaveLength(1);
  });

  it('adds hours on a normally free day with an override', () => {
    const ana = member('ana', { overrides: [{ date: '2026-12-12', intervals: [['10:00', '12:00']] }] });
    expect(windows(ana, '2026-12-12')).toEqual([['2026-12-12T10:00:00Z', '2026-12-12T12:00:00Z']]);
  });

  it('runs a rule that crosses midnight into the next day', () => {
    const night = member('night', { weekly: { mon: [['22:00', '02:00']] } });
    expect(windows(night, '2026-12-07', '2026-12-08')).toEqual([['2026-12-07T22:00:00Z', '2026-12-08T02:00:00Z']]);
  });

  it('joins a rule crossing midnight to the next day’s morning rule', () => {
    const night = member('night', { weekly: { mon: [['22:00', '02:00']], tue: [['00:00', '06:00']] } });
    expect(windows(night, '2026-12-07', '2026-12-08')).toEqual([['2026-12-07T22:00:00Z', '2026-12-08T06:00:00Z']]);
  });

  it('reads an end of 24:00 as the end of the day', () => {
    const late = member('late', { weekly: { mon: [['20:00', '24:00']] } });
    expect(windows(late, '2026-12-07', '2026-12-08')).toEqual([['2026-12-07T20:00:00Z', '2026-12-08T00:00:00Z']]);
  });

  it('stops a rule crossing midnight at the start of an overridden day', () => {
    const night = member('night', {
      weekly: { mon: [['22:00', '02:00']] },
      overrides: [{ date: '2026-12-08', intervals: [] }],
    });
    expect(windows(night, '2026-12-07', '2026-12-08')).toEqual([['2026-12-07T22:00:00Z', '2026-12-08T00:00:00Z']]);
  });

  it('includes the tail of yesterday’s rule when the range starts at midnight', () => {
    const night = member('night', { weekly: { mon: [['22:00', '02:00']] } });
    expect(windows(night, '2026-12-08')).toEqual([['2026-12-08T00:00:00Z', '2026-12-08T02:00:00Z']]);
  });

  it('clips to the asked range', () => {
    const ana = member('ana');
    const from = Date.parse('2026-12-07T10:00:00Z');
    const to = Date.parse('2026-12-07T11:30:00Z');
    expect(availability(ana, from, to)).toEqual([{ start: from, end: to }]);
  });
});
