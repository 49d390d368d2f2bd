/**
 * "No double booking, ever": many simultaneous requests for one slot, on one process, against a
 * file SQLite database and PostgreSQL. Exactly as many succeed as the slot has room for.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { backends, disposeStores } from '../support/backends.js';
import { demoRequest, postJson, seed, testApp } from '../support/fixtures.js';

afterAll(disposeStores);

const CONCURRENT = 200;

describe.each(backends.map((b) => [b.name, b] as const))('concurrent booking on %s', (_name, backend) => {
  const race = async (page: string, body: (i: number) => unknown) => {
    const store = await backend.open({ file: true, poolSize: 10 });
    await seed(store);
    const { app } = testApp(store);
    const responses = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => postJson(app, `/api/v1/pages/${page}/bookings`, body(i))));
    const statuses = responses.map((r) => r.status);
    const refused = await Promise.all(responses.filter((r) => r.status !== 201).map(async (r) => (await r.json()).error.code));
    const held = await store.db
      .selectFrom('bookings as b')
      .innerJoin('booking_members as bm', 'bm.booking_id', 'b.id')
      .select(['bm.member_id'])
      .where('b.status', 'in', ['pending', 'confirmed'])
      .execute();
    return { created: statuses.filter((s) => s === 201).length, refused, members: held.map((h) => h.member_id) };
  };

  it(`gives one member’s slot to exactly one of ${CONCURRENT} simultaneous requests`, async () => {
    // France routes to the EMEA pool, whose only member is Bo.
    const result = await race('sales', (i) => demoRequest('2026-12-01T09:00:00Z', { email: `c${i}@example.org`, answers: { company: 'ACME', country: 'FR' } }));
    expect(result.created).toBe(1);
    expect(result.refused).toEqual(Array(CONCURRENT - 1).fill('slot_unavailable'));
    expect(result.members).toEqual(['bo']);
  });

  it('fills a round-robin pool’s slot once per member', async () => {
    const result = await race('sales', (i) => demoRequest('2026-12-01T09:00:00Z', { email: `c${i}@example.org` }));
    expect(result.created).toBe(2);
    expect(result.members.sort()).toEqual(['ana', 'bo']);
    expect(new Set(result.refused)).toEqual(new Set(['slot_unavailable']));
  });

  it('gives a five-seat session to exactly five', async () => {
    const result = await race('solo', (i) => ({ ...demoRequest('2026-12-01T10:00:00Z', { email: `c${i}@example.org` }), event: 'group', answers: {} }));
    expect(result.created).toBe(5);
    expect(result.refused).toEqual(Array(CONCURRENT - 5).fill('slot_unavailable'));
    expect(result.members).toEqual(Array(5).fill('cy'));
  });

  it('answers simultaneous retries of one request with its one booking, not slot_unavailable', async () => {
    const store = await backend.open({ file: true, poolSize: 10 });
    await seed(store);
    const { app } = testApp(store);
    const request = demoRequest('2026-12-01T09:00:00Z', { answers: { company: 'ACME', country: 'FR' }, idempotencyKey: 'one-request-retried' });
    const responses = await Promise.all(Array.from({ length: 10 }, () => postJson(app, '/api/v1/pages/sales/bookings', request)));
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    expect(new Set(bodies.map((b) => b.manageUrl)).size).toBe(1);
  });
});
