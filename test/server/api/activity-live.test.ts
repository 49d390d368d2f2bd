/** `GET /api/v1/admin/activity/events`: word of each entry after its commit, a member key's scope, across processes, and the end of the stream. */
import { sql } from 'kysely';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../server/store/connect.js';
import { book } from '../support/activity-data.js';
import { backends, disposeStores, PG_URL } from '../support/backends.js';
import { eventReader } from '../support/event-reader.js';
import { ADMIN_KEY, admin, demoRequest, seed, testApp } from '../support/fixtures.js';

afterAll(disposeStores);

const watch = async (key: string, app: ReturnType<typeof testApp>['app']) => {
  const res = await app.request('/api/v1/admin/activity/events', { headers: { authorization: `Bearer ${key}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  return eventReader(res);
};

describe.each(backends.map((b) => [b.name, b] as const))('the live activity stream on %s', (_name, backend) => {
  let store: Store;
  let test: ReturnType<typeof testApp>;
  beforeEach(async () => {
    store = await backend.open();
    await seed(store);
    test = testApp(store);
  });

  const issueKey = async (member: string): Promise<string> => (await (await admin(test.app, 'POST', `/api/v1/admin/members/${member}/key`)).json()).key;

  it('sends an `activity` event for a booking made through the API, without personal data', async () => {
    const events = await watch(ADMIN_KEY, test.app);
    const booking = await book(test.app, 'sales', demoRequest('2026-12-01T10:00:00Z'));
    const event = await events.next();
    expect(event).toEqual({ event: 'activity', id: expect.any(String), data: { id: expect.any(String), type: 'created', at: '2026-11-30T12:00:00Z', bookingId: booking.id } });
    expect((event!.data as { id: string }).id).toBe(event!.id);
    await events.cancel();
  });

  it('sends a member key only the events of bookings its member is assigned to', async () => {
    const cy = await watch(await issueKey('cy'), test.app);
    await book(test.app, 'sales', demoRequest('2026-12-01T10:00:00Z'));
    const mine = await book(test.app, 'solo', { ...demoRequest('2026-12-03T10:00:00Z'), event: 'office', answers: {} });
    expect(await cy.next()).toMatchObject({ event: 'activity', data: { type: 'requested', bookingId: mine.id } });
    expect(await cy.quiet(300)).toBe(true);
    await cy.cancel();
  });

  it('ends the stream when the store closes', async () => {
    const events = await watch(ADMIN_KEY, test.app);
    await store.close();
    expect(await events.next()).toBeNull();
  });
});

// Two stores on one schema: two processes' worth of connections, each with its own LISTEN.
describe.each(backends.filter((b) => b.name === 'postgres').map((b) => [b.name, b] as const))('the live activity stream across processes on %s', (_name, backend) => {
  it('reaches a subscriber of another process on the same database', async () => {
    const store = await backend.open();
    await seed(store);
    const test = testApp(store);
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db);
    const other = await openStore(PG_URL, { schema: rows[0]!.schema });
    try {
      const elsewhere = testApp(other);
      const events = await watch(ADMIN_KEY, elsewhere.app);
      const booking = await book(test.app, 'sales', demoRequest('2026-12-01T10:00:00Z'));
      expect(await events.next()).toMatchObject({ data: { type: 'created', bookingId: booking.id } });
      await other.close();
      expect(await events.next()).toBeNull();
    } finally {
      await other.close().catch(() => undefined);
    }
  });
});
