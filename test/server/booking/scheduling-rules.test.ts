/**
 * Slots on the clock, an event type's own schedule and the longer limits, through the API on each
 * store: what the slots offer, a booking takes; what they leave out, a booking is refused.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../../server/config/schema.js';
import { backends, disposeStores } from '../support/backends.js';
import { postJson, seed, testApp } from '../support/fixtures.js';
import { alwaysFreeMember, bookingBody, quickEvent } from '../../../harness/team-config.js';

afterAll(disposeStores);

const workday: [string, string][] = [['09:10', '11:00']];
const weekdays = { mon: workday, tue: workday, wed: workday, thu: workday, fri: workday };

function rulesConfig(): ConfigInput {
  const event = (id: string, over: object = {}) => ({ ...quickEvent(id, { horizonDays: 90 }), durationMinutes: 30, ...over });
  const events = [
    event('clock'),
    event('window', { slotAlignment: 'window' }),
    event('offset', { slotOffsetMinutes: 5 }),
    event('evening', { schedule: { timezone: 'Europe/Paris', weekly: { tue: [['19:00', '20:00']], wed: [['19:00', '20:00']] } } }),
    event('monthly', { maxPerMonth: 1 }),
    event('team', { teamLimit: { max: 1, per: 'month', timezone: 'Europe/Paris' } }),
    event('short', { durationMinutes: 45 }),
  ];
  return {
    members: [
      { id: 'ana', name: 'Ana', email: 'ana@example.com', timezone: 'UTC', weekly: weekdays, overrides: [{ date: '2026-12-09', intervals: [] }] },
      { ...alwaysFreeMember('bo'), maxBookedMinutesPerDay: 60 },
    ],
    eventTypes: events,
    pools: [{ id: 'both', method: 'pooled', members: [{ member: 'ana' }, { member: 'bo' }] }],
    pages: [
      {
        slug: 'rules',
        title: { en: 'Rules' },
        entries: [
          ...['clock', 'window', 'offset', 'evening', 'monthly'].map((e) => ({ event: e, host: { member: 'ana' } })),
          { event: 'team', host: { pool: 'both' } },
          { event: 'short', host: { member: 'bo' } },
        ],
      },
    ],
  };
}

describe.each(backends.map((b) => [b.name, b] as const))('scheduling rules on %s', (_name, backend) => {
  const setUp = async () => {
    const store = await backend.open();
    await seed(store, rulesConfig());
    const { app } = testApp(store);
    let n = 0;
    const book = async (event: string, start: string) => {
      const response = await postJson(app, '/api/v1/pages/rules/bookings', bookingBody(event, Date.parse(start), `guest${++n}`));
      return response.status === 201 ? 'booked' : ((await response.json()) as { error: { code: string } }).error.code;
    };
    const slots = async (event: string, from: string, to = from) => {
      const response = await app.request(`/api/v1/pages/rules/slots?event=${event}&from=${from}&to=${to}&timezone=UTC`);
      expect(response.status).toBe(200);
      return ((await response.json()) as { slots: { start: string }[] }).slots.map((s) => s.start.slice(0, 16));
    };
    /** Books, then gives a function that moves that booking and answers how it went. */
    const booked = async (event: string, start: string) => {
      const made = await postJson(app, '/api/v1/pages/rules/bookings', bookingBody(event, Date.parse(start), `guest${++n}`));
      expect(made.status).toBe(201);
      const { id, manageUrl } = (await made.json()) as { id: string; manageUrl: string };
      const token = new URL(manageUrl).searchParams.get('token');
      return async (to: string) => {
        const response = await postJson(app, `/api/v1/bookings/${id}/reschedule`, { token, start: to });
        return response.status === 200 ? 'moved' : ((await response.json()) as { error: { code: string } }).error.code;
      };
    };
    return { book, slots, booked };
  };

  it('offers the member’s clock marks and refuses a start off them', async () => {
    const { book, slots } = await setUp();
    expect((await slots('clock', '2026-12-01')).map((s) => s.slice(11))).toEqual(['09:15', '09:30', '09:45', '10:00', '10:15', '10:30']);
    expect((await slots('offset', '2026-12-01')).map((s) => s.slice(11))).toEqual(['09:20', '09:35', '09:50', '10:05', '10:20']);
    expect(await book('clock', '2026-12-01T09:10:00Z')).toBe('slot_unavailable');
    expect(await book('clock', '2026-12-01T09:15:00Z')).toBe('booked');
  });

  it('moves a booking only onto the member’s clock marks', async () => {
    const { booked } = await setUp();
    const move = await booked('clock', '2026-12-01T09:15:00Z');
    expect(await move('2026-12-02T09:10:00Z')).toBe('slot_unavailable');
    expect(await move('2026-12-02T09:15:00Z')).toBe('moved');
  });

  it('refuses to move a booking into a month already at its cap, and lets it move within its own', async () => {
    const { book, booked } = await setUp();
    expect(await book('monthly', '2026-12-01T09:15:00Z')).toBe('booked');
    const move = await booked('monthly', '2027-01-04T09:15:00Z');
    expect(await move('2026-12-03T09:15:00Z')).toBe('slot_unavailable');
    expect(await move('2027-01-12T09:15:00Z')).toBe('moved');
  });

  it('keeps stepping from the window’s start for an event type aligned on windows', async () => {
    const { book, slots } = await setUp();
    expect((await slots('window', '2026-12-01')).map((s) => s.slice(11))).toEqual(['09:10', '09:25', '09:40', '09:55', '10:10', '10:25']);
    expect(await book('window', '2026-12-01T09:10:00Z')).toBe('booked');
  });

  it('offers an event type’s own schedule instead of the member’s hours, closed on the member’s day off', async () => {
    const { book, slots } = await setUp();
    expect(await slots('evening', '2026-12-08', '2026-12-10')).toEqual(['2026-12-08T18:00', '2026-12-08T18:15', '2026-12-08T18:30']);
    expect(await book('evening', '2026-12-09T18:00:00Z')).toBe('slot_unavailable');
    expect(await book('evening', '2026-12-08T18:30:00Z')).toBe('booked');
  });

  it('closes the member’s month under maxPerMonth, for slots and bookings', async () => {
    const { book, slots } = await setUp();
    expect(await book('monthly', '2026-12-01T09:15:00Z')).toBe('booked');
    expect(await slots('monthly', '2026-12-02', '2026-12-31')).toEqual([]);
    expect(await book('monthly', '2026-12-15T09:15:00Z')).toBe('slot_unavailable');
    expect((await slots('monthly', '2027-01-04'))[0]).toBe('2027-01-04T09:15');
    expect(await book('monthly', '2027-01-04T09:15:00Z')).toBe('booked');
  });

  it('closes the month for the whole team under a team-wide limit, even for members still free', async () => {
    const { book, slots } = await setUp();
    expect(await book('team', '2026-12-01T09:15:00Z')).toBe('booked');
    // The limit counts Paris months: 23:00 UTC on 31 December is already January there.
    expect(await slots('team', '2026-12-02', '2026-12-31')).toEqual(['2026-12-31T23:00', '2026-12-31T23:15', '2026-12-31T23:30']);
    expect(await book('team', '2026-12-02T15:00:00Z')).toBe('slot_unavailable');
  });

  it('lets only one of two simultaneous bookings through a team-wide limit', async () => {
    const { book } = await setUp();
    // Two members free at different times: their own locks alone would let both in.
    const results = await Promise.all([book('team', '2026-12-02T09:15:00Z'), book('team', '2026-12-03T15:00:00Z')]);
    expect(results.sort()).toEqual(['booked', 'slot_unavailable']);
  });

  it('stops a member’s day at their booked minutes', async () => {
    const { book, slots } = await setUp();
    expect(await book('short', '2026-12-01T08:00:00Z')).toBe('booked');
    // 45 booked + 45 would pass 60.
    expect(await slots('short', '2026-12-01')).toEqual([]);
    expect(await book('short', '2026-12-01T14:00:00Z')).toBe('slot_unavailable');
    expect(await book('short', '2026-12-02T14:00:00Z')).toBe('booked');
  });
});
