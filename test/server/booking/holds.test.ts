/**
 * Holding a time while the visitor fills the form (issue #12, rule 3), through the HTTP API on
 * SQLite and PostgreSQL: a hold hides the time from other visitors and refuses it to their holds
 * and bookings, the booking that carries it wins it and ends it, and an expired or released hold
 * is nothing. The clock is pinned; it moves only where a test says so.
 */
import fc from 'fast-check';
import pino from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { configSchema, type ConfigInput } from '../../../server/config/schema.js';
import { startRetentionJob } from '../../../server/process/retention-job.js';
import type { Store } from '../../../server/store/connect.js';
import { hashHoldToken } from '../../../server/store/holds.js';
import { backends, disposeStores } from '../support/backends.js';
import { demoRequest, NOW, postJson, seed, teamConfig, testApp } from '../support/fixtures.js';
import { bodyFor, contentType, segmentFor } from '../support/fuzz-inputs.js';
import { sendAndCheck } from '../support/rejection.js';

afterAll(disposeStores);

const MINUTE = 60_000;
const AT = '2026-12-01T09:00:00Z';

/** The test team plus a page `holds`: Ana's demo, Cy's five-seat group session, the round-robin sales pool's quick call (held 10 minutes). */
function holdsConfig(): ConfigInput {
  const config = teamConfig();
  config.eventTypes!.push({ id: 'quick', title: 'Quick call', durationMinutes: 30, slotIntervalMinutes: 30, holdMinutes: 10 });
  config.pages!.push({
    slug: 'holds',
    title: 'Holds',
    locale: 'en-US',
    entries: [
      { event: 'demo', host: { member: 'ana' } },
      { event: 'group', host: { member: 'cy' } },
      { event: 'quick', host: { pool: 'sales' } },
    ],
  });
  return config;
}

type App = ReturnType<typeof testApp>['app'];
type Held = { holdId: string; expiresAt: string };

const hold = (app: App, start = AT, event = 'demo') => postJson(app, '/api/v1/pages/holds/holds', { event, start });
const held = async (app: App, start = AT, event = 'demo') => {
  const response = await hold(app, start, event);
  expect(response.status).toBe(201);
  return (await response.json()) as Held;
};
const release = (app: App, id: string) => app.request(`/api/v1/pages/holds/holds/${id}`, { method: 'DELETE' });
const book = (app: App, overrides: Record<string, unknown> = {}, start = AT) => postJson(app, '/api/v1/pages/holds/bookings', demoRequest(start, overrides));
const codeOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

async function slotsOn(app: App, event = 'demo', day = '2026-12-01') {
  const response = await app.request(`/api/v1/pages/holds/slots?event=${event}&from=${day}&to=${day}&timezone=UTC`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { slots: { start: string; seatsLeft: number }[] }).slots;
}
const offers = async (app: App, start = AT, event = 'demo') => (await slotsOn(app, event)).some((s) => Date.parse(s.start) === Date.parse(start));
const holdRows = (store: Store) => store.db.selectFrom('holds').selectAll().orderBy('member_id').execute();

describe('the hold’s length in the config', () => {
  it('takes 1 to 60 minutes, and nothing else', () => {
    const withHold = (holdMinutes: unknown) => {
      const config = holdsConfig();
      (config.eventTypes![0] as Record<string, unknown>).holdMinutes = holdMinutes;
      return configSchema.safeParse(config).success;
    };
    expect([1, 60, undefined].map(withHold)).toEqual([true, true, true]);
    expect([0, 61, 2.5, '5', -1].map(withHold)).toEqual([false, false, false, false, false]);
  });
});

describe.each(backends.map((b) => [b.name, b] as const))('holds on %s', (_name, backend) => {
  async function setUp(overrides: Parameters<typeof testApp>[1] = {}) {
    const store = await backend.open();
    await seed(store, holdsConfig());
    return { store, ...testApp(store, overrides) };
  }

  it('holds a time for five minutes and hides it from other visitors’ slots', async () => {
    const { store, app } = await setUp();
    expect(await offers(app)).toBe(true);
    const h = await held(app);
    expect(h.holdId).toMatch(/^[\w-]{43}$/);
    expect(Date.parse(h.expiresAt)).toBe(NOW + 5 * MINUTE);
    expect(await offers(app)).toBe(false);
    // The neighbouring half hour is still offered: the hold takes only its own time.
    expect(await offers(app, '2026-12-01T09:30:00Z')).toBe(true);
    // Only the token's hash is kept.
    const rows = await holdRows(store);
    expect(rows.map((r) => [r.member_id, r.token_hash])).toEqual([['ana', hashHoldToken(h.holdId)]]);
    expect(JSON.stringify(rows)).not.toContain(h.holdId);
  });

  it('refuses a second hold on a held time with 409 slot_unavailable', async () => {
    const { app } = await setUp();
    await held(app);
    const second = await hold(app);
    expect(second.status).toBe(409);
    expect(await codeOf(second)).toBe('slot_unavailable');
  });

  it('gives the time to the booking that carries the hold, and ends the hold', async () => {
    const { store, app } = await setUp();
    const h = await held(app);
    const booked = await book(app, { holdId: h.holdId });
    expect(booked.status).toBe(201);
    expect(await holdRows(store)).toEqual([]);
  });

  it('refuses the held time to a booking without the hold', async () => {
    const { app } = await setUp();
    await held(app);
    const other = await book(app, { email: 'other@example.org' });
    expect(other.status).toBe(409);
    expect(await codeOf(other)).toBe('slot_unavailable');
    // Nor does another visitor's hold id open it.
    const mine = await held(app, '2026-12-01T10:00:00Z');
    expect((await book(app, { email: 'other@example.org', holdId: mine.holdId })).status).toBe(409);
  });

  it('refuses a held time to a reschedule', async () => {
    const { app } = await setUp();
    const made = (await (await book(app, {}, '2026-12-01T12:00:00Z')).json()) as { id: string; manageUrl: string };
    await held(app);
    const token = new URL(made.manageUrl).searchParams.get('token');
    const moved = await postJson(app, `/api/v1/bookings/${made.id}/reschedule`, { token, start: AT });
    expect(moved.status).toBe(409);
    expect(await codeOf(moved)).toBe('slot_unavailable');
  });

  it('ignores a hold once its expiry has come', async () => {
    const { app, clock } = await setUp();
    const h = await held(app);
    clock.now = Date.parse(h.expiresAt) - 1;
    expect(await offers(app)).toBe(false);
    clock.now = Date.parse(h.expiresAt);
    expect(await offers(app)).toBe(true);
    expect((await book(app, { email: 'other@example.org' })).status).toBe(201);
  });

  it('books on a hold that expired while the booking was on its way, unless someone took the time since', async () => {
    const { app, clock } = await setUp();
    const first = await held(app);
    clock.now = Date.parse(first.expiresAt) + 1;
    expect((await book(app, { holdId: first.holdId })).status).toBe(201);

    clock.now = NOW;
    const late = await held(app, '2026-12-01T11:00:00Z');
    clock.now = Date.parse(late.expiresAt) + 1;
    await held(app, '2026-12-01T11:00:00Z');
    const refused = await book(app, { holdId: late.holdId }, '2026-12-01T11:00:00Z');
    expect(refused.status).toBe(409);
    expect(await codeOf(refused)).toBe('slot_unavailable');
  });

  it('lets a released hold’s time go, and answers 204 to a release of one already gone', async () => {
    const { store, app } = await setUp();
    const h = await held(app);
    expect((await release(app, h.holdId)).status).toBe(204);
    expect(await holdRows(store)).toEqual([]);
    expect(await offers(app)).toBe(true);
    expect((await release(app, h.holdId)).status).toBe(204);
    // As a page that is closing lets it go: a body-less POST (no CORS preflight), from the page's own allowed origin.
    const again = await held(app);
    const closing = await app.request(`/api/v1/pages/holds/holds/${again.holdId}/release`, { method: 'POST' });
    expect(closing.status).toBe(204);
    expect(await holdRows(store)).toEqual([]);
    // Picking another time: the old one released, the new one held.
    const next = await held(app);
    expect((await release(app, next.holdId)).status).toBe(204);
    await held(app, '2026-12-01T09:30:00Z');
    expect(await offers(app)).toBe(true);
    expect(await offers(app, '2026-12-01T09:30:00Z')).toBe(false);
  });

  it('takes one seat of a group session per hold', async () => {
    const { app } = await setUp();
    const at = '2026-12-01T10:00:00Z';
    const seats = async () => (await slotsOn(app, 'group')).find((s) => Date.parse(s.start) === Date.parse(at))?.seatsLeft;
    expect(await seats()).toBe(5);
    await held(app, at, 'group');
    expect(await seats()).toBe(4);
    for (let i = 0; i < 4; i++) await held(app, at, 'group');
    expect(await seats()).toBeUndefined();
    expect((await hold(app, at, 'group')).status).toBe(409);
  });

  it('takes the pool member the booking would take now, then the next', async () => {
    const { store, app } = await setUp();
    const first = await held(app, AT, 'quick');
    const second = await held(app, AT, 'quick');
    expect((await hold(app, AT, 'quick')).status).toBe(409);
    const rows = await holdRows(store);
    expect(rows.map((r) => r.member_id)).toEqual(['ana', 'bo']);
    expect(Date.parse(first.expiresAt)).toBe(NOW + 10 * MINUTE);
    // Letting one go frees its member for the next visitor.
    await release(app, second.holdId);
    expect((await hold(app, AT, 'quick')).status).toBe(201);
  });

  it('refuses a hold on a time that was never free, with the booking’s code', async () => {
    const { app } = await setUp();
    const night = await hold(app, '2026-12-01T03:00:00Z');
    expect(night.status).toBe(409);
    expect(await codeOf(night)).toBe('slot_unavailable');
    expect((await postJson(app, '/api/v1/pages/holds/holds', { event: 'nope', start: AT })).status).toBe(404);
    expect((await postJson(app, '/api/v1/pages/nope/holds', { event: 'demo', start: AT })).status).toBe(404);
    expect((await postJson(app, '/api/v1/pages/holds/holds', { event: 'demo', start: 'tomorrow' })).status).toBe(422);
    // An id no hold can have names nothing, as any malformed id in a path does.
    expect((await release(app, 'not-a-hold')).status).toBe(404);
  });

  it('limits hold requests per client like bookings', async () => {
    const { app } = await setUp({ rateLimit: 2 });
    await held(app);
    await held(app, '2026-12-01T10:00:00Z');
    const third = await hold(app, '2026-12-01T11:00:00Z');
    expect(third.status).toBe(429);
    expect(await codeOf(third)).toBe('rate_limited');
    expect(third.headers.get('retry-after')).toBeTruthy();
    // Letting go is never limited: it only frees time.
    const first = await app.request('/api/v1/pages/holds/holds/' + 'A'.repeat(43) + '/release', { method: 'POST' });
    expect(first.status).toBe(204);
  });

  it('clears expired holds’ rows in the periodic job, and keeps live ones', async () => {
    const { store, app, clock } = await setUp();
    await held(app);
    clock.now = NOW + 3 * MINUTE;
    await held(app, '2026-12-01T10:00:00Z');
    const job = startRetentionJob({ store, now: () => NOW + 6 * MINUTE, log: pino({ level: 'silent' }), intervalMs: 60_000 });
    try {
      await vi.waitFor(async () => expect((await holdRows(store)).map((r) => r.start_at)).toEqual([new Date('2026-12-01T10:00:00Z').toISOString()]), { timeout: 5000, interval: 20 });
    } finally {
      await job.stop();
    }
  });

  it('gives one hold to one of many simultaneous visitors, and refuses their bookings', async () => {
    const store = await backend.open({ file: true, poolSize: 10 });
    await seed(store, holdsConfig());
    const { app } = testApp(store);
    const responses = await Promise.all(Array.from({ length: 40 }, () => hold(app)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(39).fill(409)]);
    const winner = (await responses.find((r) => r.status === 201)!.json()) as Held;
    const bookings = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => book(app, { email: `c${i}@example.org` })),
      book(app, { holdId: winner.holdId }),
    ]);
    expect(bookings.map((r) => r.status)).toEqual([...Array(10).fill(409), 201]);
    expect(await holdRows(store)).toEqual([]);
  });

  it('holds a pool’s two members for two of many simultaneous visitors', async () => {
    const store = await backend.open({ file: true, poolSize: 10 });
    await seed(store, holdsConfig());
    const { app } = testApp(store);
    const responses = await Promise.all(Array.from({ length: 30 }, () => hold(app, AT, 'quick')));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(2);
    expect((await holdRows(store)).map((r) => r.member_id)).toEqual(['ana', 'bo']);
  });

  it('answers fuzzed hold and release requests with a hold or a contract error, writing nothing when refused', async () => {
    const { store, app } = await setUp();
    const h = await held(app, '2026-12-02T09:00:00Z');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({
            method: fc.constant('POST'),
            path: segmentFor('holds').map((p) => `/api/v1/pages/${p}/holds`),
            body: bodyFor({ event: 'demo', start: '2026-12-03T10:00:00Z', answers: { country: 'US' }, locale: 'fr' }),
            contentType,
          }),
          fc.record({
            method: fc.constant('POST'),
            path: fc.tuple(segmentFor('holds'), segmentFor('B'.repeat(43))).map(([p, id]) => `/api/v1/pages/${p}/holds/${id}/release`),
          }),
          fc.record({
            method: fc.constant('DELETE'),
            path: fc.tuple(segmentFor('holds'), segmentFor('A'.repeat(43))).map(([p, id]) => `/api/v1/pages/${p}/holds/${id}`),
          }),
        ),
        async (request) => {
          await sendAndCheck(app, store, request);
        },
      ),
      { seed: 20261201, numRuns: 120 },
    );
    // None of it touched the hold held before.
    expect((await holdRows(store)).map((r) => r.token_hash)).toContain(hashHoldToken(h.holdId));
  });
});
