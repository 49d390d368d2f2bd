/**
 * A booking's availability check reads only the held bookings that can matter to it. These pin
 * down what must still be read: a held booking's buffers, the new meeting's own buffers, and
 * every booking of the event type in the local day or ISO week under a cap.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../../server/config/schema.js';
import { backends, disposeStores } from '../support/backends.js';
import { postJson, seed, testApp } from '../support/fixtures.js';
import { alwaysFreeMember, bookingBody, quickEvent } from '../../../harness/team-config.js';

afterAll(disposeStores);

function reachConfig(): ConfigInput {
  const events = [
    { ...quickEvent('long'), durationMinutes: 60, bufferAfterMinutes: 120 },
    quickEvent('short'),
    { ...quickEvent('padded'), bufferBeforeMinutes: 60 },
    { ...quickEvent('daily'), maxPerDay: 1 },
    { ...quickEvent('weekly'), maxPerWeek: 1 },
  ];
  return {
    members: [alwaysFreeMember('ana')],
    eventTypes: events,
    pools: [],
    pages: [{ slug: 'reach', title: { en: 'Reach' }, entries: events.map((e) => ({ event: e.id, host: { member: 'ana' } })) }],
  };
}

describe.each(backends.map((b) => [b.name, b] as const))('what a booking check reads on %s', (_name, backend) => {
  const setUp = async () => {
    const store = await backend.open();
    await seed(store, reachConfig());
    const { app } = testApp(store);
    let n = 0;
    return async (event: string, start: string) => {
      const response = await postJson(app, '/api/v1/pages/reach/bookings', bookingBody(event, Date.parse(start), `guest${++n}`));
      return response.status === 201 ? 'booked' : ((await response.json()) as { error: { code: string } }).error.code;
    };
  };

  it('keeps a held booking’s buffer free for other event types', async () => {
    const book = await setUp();
    expect(await book('long', '2026-12-01T09:00:00Z')).toBe('booked');
    expect(await book('short', '2026-12-01T11:45:00Z')).toBe('slot_unavailable');
    expect(await book('short', '2026-12-01T12:00:00Z')).toBe('booked');
  });

  it('refuses a start whose own buffer reaches a held booking', async () => {
    const book = await setUp();
    expect(await book('short', '2026-12-02T10:00:00Z')).toBe('booked');
    expect(await book('padded', '2026-12-02T11:00:00Z')).toBe('slot_unavailable');
    expect(await book('padded', '2026-12-02T11:15:00Z')).toBe('booked');
  });

  it('counts every booking of the local day under a daily cap, however far apart', async () => {
    const book = await setUp();
    expect(await book('daily', '2026-12-03T00:15:00Z')).toBe('booked');
    expect(await book('daily', '2026-12-03T23:30:00Z')).toBe('slot_unavailable');
    expect(await book('daily', '2026-12-04T00:15:00Z')).toBe('booked');
  });

  it('counts every booking of the ISO week under a weekly cap, days apart', async () => {
    const book = await setUp();
    expect(await book('weekly', '2026-12-07T00:15:00Z')).toBe('booked');
    expect(await book('weekly', '2026-12-13T23:30:00Z')).toBe('slot_unavailable');
    expect(await book('weekly', '2026-12-14T00:15:00Z')).toBe('booked');
  });
});
