import { describe, expect, it } from 'vitest';
import { hostSlots, type EngineState, type EventRules } from '../../server/engine/index.js';
import { DAY, HOUR, MINUTE, at, booking, event, iso, member, state } from './factories.js';

const MONDAY = '2026-12-07';
const NOW = at('2026-12-01T00:00:00Z');

/** Slot starts (ISO) of member `ana` over one UTC day. */
function starts(s: EngineState, ev: EventRules, day = MONDAY, now = NOW): string[] {
  const from = at(`${day}T00:00:00Z`);
  return hostSlots({ host: { member: 'ana' }, event: ev, state: s, from, to: from + DAY, now }).map((x) => iso(x.start).slice(11, 16));
}

const morning = (over = {}) => state([member('ana', { weekly: { mon: [['09:00', '11:00']] }, ...over })]);

describe('slots of one member', () => {
  it('steps by the duration from the start of each window', () => {
    expect(starts(morning(), event())).toEqual(['09:00', '09:30', '10:00', '10:30']);
  });

  it('steps by the slot interval when it is set', () => {
    expect(starts(morning(), event({ durationMinutes: 60, slotIntervalMinutes: 15 }))).toEqual(['09:00', '09:15', '09:30', '09:45', '10:00']);
  });

  it('starts on the marks of the member’s clock, whatever minute a window starts at', () => {
    const s = state([member('ana', { weekly: { mon: [['09:10', '10:10'], ['13:45', '14:45']] } })]);
    expect(starts(s, event())).toEqual(['09:30', '14:00']);
  });

  it('starts the grid at each window when the event type asks for window alignment', () => {
    const s = state([member('ana', { weekly: { mon: [['09:10', '10:10'], ['13:45', '14:45']] } })]);
    expect(starts(s, event({ slotAlignment: 'window' }))).toEqual(['09:10', '09:40', '13:45', '14:15']);
  });

  it('only offers a start when the whole meeting fits in the window', () => {
    const s = state([member('ana', { weekly: { mon: [['09:00', '10:15']] } })]);
    expect(starts(s, event({ durationMinutes: 30, slotIntervalMinutes: 15 }))).toEqual(['09:00', '09:15', '09:30', '09:45']);
  });

  it('gives each slot its end and the seats of the event type', () => {
    const from = at(`${MONDAY}T00:00:00Z`);
    const [first] = hostSlots({ host: { member: 'ana' }, event: event({ durationMinutes: 45 }), state: morning(), from, to: from + DAY, now: NOW });
    expect(first).toEqual({ start: at(`${MONDAY}T09:00:00Z`), end: at(`${MONDAY}T09:45:00Z`), seatsLeft: 1 });
  });

  it('leaves out times an external busy interval covers', () => {
    const s = morning({ busy: [{ start: at(`${MONDAY}T09:30:00Z`), end: at(`${MONDAY}T10:00:00Z`) }] });
    expect(starts(s, event())).toEqual(['09:00', '10:00', '10:30']);
  });

  it('leaves out times a held booking covers, padded by that booking’s own buffers', () => {
    const s = morning();
    s.bookings = [booking(`${MONDAY}T09:30:00Z`, ['ana'], { eventType: 'call', bufferAfterMinutes: 5 })];
    // Busy 09:30–10:05: 10:00 would touch the buffer.
    expect(starts(s, event({ slotIntervalMinutes: 15 }))).toEqual(['09:00', '10:15', '10:30']);
  });

  it('keeps the new booking’s own buffers clear of busy time', () => {
    const s = morning({ busy: [{ start: at(`${MONDAY}T10:00:00Z`), end: at(`${MONDAY}T10:20:00Z`) }] });
    const ev = event({ slotIntervalMinutes: 15, bufferBeforeMinutes: 10, bufferAfterMinutes: 15 });
    // 09:15–09:45 + 15 min after ends at 10:00; 10:30 − 10 min before starts at 10:20, when busy ends.
    expect(starts(s, ev)).toEqual(['09:00', '09:15', '10:30']);
  });

  it('lets buffers reach outside availability', () => {
    expect(starts(morning(), event({ bufferBeforeMinutes: 30, bufferAfterMinutes: 30 }))).toEqual(['09:00', '09:30', '10:00', '10:30']);
  });

  it('ignores other members’ bookings', () => {
    const s = morning();
    s.bookings = [booking(`${MONDAY}T09:00:00Z`, ['bo'])];
    expect(starts(s, event())).toHaveLength(4);
  });

  it('offers nothing before now plus the minimum notice', () => {
    expect(starts(morning(), event({ minNoticeMinutes: 90 }), MONDAY, at(`${MONDAY}T08:45:00Z`))).toEqual(['10:30']);
  });

  it('offers nothing past now plus the horizon', () => {
    expect(starts(morning(), event({ horizonDays: 6 }), MONDAY, at('2026-12-01T09:30:00Z'))).toEqual(['09:00', '09:30']);
    expect(starts(morning(), event({ horizonDays: 5 }))).toEqual([]);
  });

  it('stops offering a day once the member has maxPerDay sessions on their local day', () => {
    // Tokyo's Monday runs from Sunday 15:00 UTC to Monday 15:00 UTC.
    const s = state([member('ana', { timezone: 'Asia/Tokyo', weekly: { mon: [['09:00', '12:00']], tue: [['09:00', '10:00']] } })]);
    s.bookings = [booking('2026-12-07T00:00:00Z', ['ana']), booking('2026-12-07T01:00:00Z', ['ana'])];
    const ev = event({ maxPerDay: 2 });
    const from = at('2026-12-06T00:00:00Z');
    const slots = hostSlots({ host: { member: 'ana' }, event: ev, state: s, from, to: from + 3 * DAY, now: NOW });
    expect(slots.map((x) => iso(x.start))).toEqual(['2026-12-08T00:00:00Z', '2026-12-08T00:30:00Z']);
  });

  it('counts only bookings of the same event type towards the caps', () => {
    const s = morning();
    s.bookings = [booking(`${MONDAY}T10:30:00Z`, ['ana'], { eventType: 'call' })];
    expect(starts(s, event({ maxPerDay: 1 }))).toEqual(['09:00', '09:30', '10:00']);
  });

  it('stops offering a week once the member has maxPerWeek sessions in that ISO week of their zone', () => {
    const s = state([member('ana')]);
    // Monday and Tuesday of the week of 2026-12-07; the next week starts again.
    s.bookings = [booking('2026-12-07T09:00:00Z', ['ana']), booking('2026-12-08T09:00:00Z', ['ana'])];
    const ev = event({ maxPerWeek: 2 });
    expect(starts(s, ev, '2026-12-11')).toEqual([]);
    expect(starts(s, ev, '2026-12-14')).toHaveLength(16);
  });

  it('offers the seats left in a group session, and nothing once it is full', () => {
    const s = morning();
    const ev = event({ seats: 3 });
    s.bookings = [booking(`${MONDAY}T09:00:00Z`, ['ana']), booking(`${MONDAY}T09:00:00Z`, ['ana'])];
    const from = at(`${MONDAY}T00:00:00Z`);
    const query = { host: { member: 'ana' }, event: ev, state: s, from, to: from + DAY, now: NOW };
    expect(hostSlots(query).map((x) => [iso(x.start).slice(11, 16), x.seatsLeft])).toEqual([
      ['09:00', 1],
      ['09:30', 3],
      ['10:00', 3],
      ['10:30', 3],
    ]);
    s.bookings.push(booking(`${MONDAY}T09:00:00Z`, ['ana']));
    expect(hostSlots(query).map((x) => iso(x.start).slice(11, 16))).toEqual(['09:30', '10:00', '10:30']);
  });

  it('lets a group session block the member for other event types', () => {
    const s = morning();
    s.bookings = [booking(`${MONDAY}T09:00:00Z`, ['ana'], { eventType: 'webinar' })];
    expect(starts(s, event({ id: 'call', seats: 1 }))).toEqual(['09:30', '10:00', '10:30']);
  });

  it('does not start a new group session that overlaps an existing one', () => {
    const s = morning();
    s.bookings = [booking(`${MONDAY}T09:00:00Z`, ['ana'], { end: at(`${MONDAY}T10:00:00Z`) })];
    const ev = event({ seats: 5, durationMinutes: 60, slotIntervalMinutes: 30 });
    expect(starts(s, ev)).toEqual(['09:00', '10:00']);
  });

  it('lets joining a session go over the daily cap, since it adds no meeting', () => {
    const s = morning();
    s.bookings = [booking(`${MONDAY}T09:00:00Z`, ['ana'])];
    expect(starts(s, event({ seats: 4, maxPerDay: 1 }))).toEqual(['09:00']);
  });

  it('offers nothing for a member the state does not know', () => {
    const from = at(`${MONDAY}T00:00:00Z`);
    expect(hostSlots({ host: { member: 'ghost' }, event: event(), state: morning(), from, to: from + DAY, now: NOW })).toEqual([]);
  });

  it('returns sorted, unique starts when windows of neighbouring days overlap', () => {
    const s = state([member('ana', { weekly: { mon: [['22:00', '02:00']], tue: [['01:00', '03:00']] } })]);
    const from = at(`${MONDAY}T00:00:00Z`);
    const slots = hostSlots({ host: { member: 'ana' }, event: event({ durationMinutes: 60 }), state: s, from, to: from + 2 * DAY, now: NOW });
    expect(slots.map((x) => iso(x.start).slice(5, 16))).toEqual(['12-07T22:00', '12-07T23:00', '12-08T00:00', '12-08T01:00', '12-08T02:00']);
    expect(slots.every((x, i) => i === 0 || x.start > slots[i - 1].start)).toBe(true);
    expect(slots[0].end - slots[0].start).toBe(HOUR);
    expect(MINUTE).toBe(60_000);
  });
});
