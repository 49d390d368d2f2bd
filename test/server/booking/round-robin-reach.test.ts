/**
 * Round robin shows the member next in line, and falls through to the next one only when
 * next-in-line has no slot anywhere in the horizon. That judgement must read the bookings of the
 * whole horizon, not only those around the asked days.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../../server/config/schema.js';
import { backends, disposeStores } from '../support/backends.js';
import { NOW, postJson, seed, testApp } from '../support/fixtures.js';
import { alwaysFreeMember, bookingBody, quickEvent } from '../../../harness/team-config.js';

afterAll(disposeStores);

/** Ana is first in line (no history, first by id) but free only on Sunday 20 December, 09:00–09:15. */
function config(): ConfigInput {
  const event = { ...quickEvent('demo'), horizonDays: 60 };
  return {
    members: [
      { ...alwaysFreeMember('ana'), weekly: {}, overrides: [{ date: '2026-12-20', intervals: [['09:00', '09:15']] }] },
      alwaysFreeMember('bo'),
    ],
    eventTypes: [event],
    pools: [{ id: 'sales', method: 'round_robin', members: [{ member: 'ana' }, { member: 'bo' }] }],
    pages: [
      { slug: 'sales', title: 'Sales', entries: [{ event: 'demo', host: { pool: 'sales' } }] },
      { slug: 'ana', title: 'Ana', entries: [{ event: 'demo', host: { member: 'ana' } }] },
    ],
  };
}

describe.each(backends.map((b) => [b.name, b] as const))('round robin next in line on %s', (_name, backend) => {
  it('moves past a member whose only slot in the horizon is taken, however far from the asked days', async () => {
    const store = await backend.open();
    await seed(store, config());
    const { app } = testApp(store);
    const firstWeek = async () => {
      const response = await app.request('/api/v1/pages/sales/slots?from=2026-12-01&to=2026-12-07&timezone=UTC');
      expect(response.status).toBe(200);
      return ((await response.json()) as { slots: unknown[] }).slots.length;
    };
    // Ana still has her slot on the 20th: she stays next in line, and the first week shows nothing.
    expect(NOW).toBeLessThan(Date.parse('2026-12-01T00:00:00Z'));
    expect(await firstWeek()).toBe(0);
    // Her slot on the 20th — 13 days past the asked week — is taken: Bo's times show.
    const taken = await postJson(app, '/api/v1/pages/ana/bookings', bookingBody('demo', Date.parse('2026-12-20T09:00:00Z')));
    expect(taken.status).toBe(201);
    expect(await firstWeek()).toBeGreaterThan(0);
  });

  it('keeps next-in-line in front for later weeks while they still have a slot this week', async () => {
    const store = await backend.open();
    const thisWeekOnly: ConfigInput = {
      ...config(),
      members: [
        { ...alwaysFreeMember('ana'), weekly: {}, overrides: [{ date: '2026-12-02', intervals: [['09:00', '10:00']] }] },
        alwaysFreeMember('bo'),
      ],
    };
    await seed(store, thisWeekOnly);
    const { app } = testApp(store);
    const slotsIn = async (from: string, to: string) => {
      const response = await app.request(`/api/v1/pages/sales/slots?from=${from}&to=${to}&timezone=UTC`);
      expect(response.status).toBe(200);
      return ((await response.json()) as { slots: unknown[] }).slots.length;
    };
    expect(await slotsIn('2026-12-01', '2026-12-07')).toBe(4);
    // Ana's Wednesday lies before the asked week: she is still next in line, and Bo's times stay hidden.
    expect(await slotsIn('2026-12-14', '2026-12-20')).toBe(0);
  });
});
