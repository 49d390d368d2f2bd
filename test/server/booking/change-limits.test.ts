/**
 * Limits on changing a booking, since every change emails the customer and its members: a
 * booking moves at most five times a day (counted in the database), a client IP makes at most
 * `KAIROS_RATE_LIMIT` cancels and reschedules a minute, and a move to the booking's own time is
 * refused rather than announced.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { demoRequest, postJson, seed, testApp, tokenOf } from '../support/fixtures.js';
import { fingerprint } from '../support/rejection.js';

afterAll(disposeStores);

/** What the Node adapter hands Hono for a request from `address` (read by getConnInfo). */
const fromIp = (address: string) => ({ incoming: { socket: { remoteAddress: address, remotePort: 5000, remoteFamily: 'IPv4' } } });

const DAY = 86_400_000;
/** Ten days after "now", well clear of the booking starting while the clock moves a day on. */
const at = (time: string) => `2026-12-10T${time}:00Z`;

describe.each(backends.map((b) => [b.name, b] as const))('limits on changing a booking on %s', (_name, backend) => {
  async function setUp(rateLimit = 0) {
    const store: Store = await backend.open();
    await seed(store);
    const { app, clock } = testApp(store, { rateLimit });
    const book = async (start: string) => {
      const body = await (await postJson(app, '/api/v1/pages/sales/bookings', demoRequest(start))).json();
      return { id: body.id as string, token: tokenOf(body) };
    };
    return { store, app, clock, book };
  }

  type App = Awaited<ReturnType<typeof setUp>>['app'];
  const reschedule = (app: App, booking: { id: string; token: string }, start: string, ip = '10.0.0.1') =>
    postJson(app, `/api/v1/bookings/${booking.id}/reschedule`, { token: booking.token, start }, {}, fromIp(ip));
  const cancel = (app: App, booking: { id: string; token: string }, ip = '10.0.0.1') =>
    postJson(app, `/api/v1/bookings/${booking.id}/cancel`, { token: booking.token }, {}, fromIp(ip));

  it('refuses a move to the booking’s own start with 422 naming start, sending and recording nothing', async () => {
    const { store, app, book } = await setUp();
    const booking = await book(at('09:00'));
    const before = await fingerprint(store);
    const res = await reschedule(app, booking, at('09:00'));
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe('validation_failed');
    expect(Object.keys(error.fields)).toEqual(['start']);
    expect(await fingerprint(store)).toBe(before);
  });

  it('refuses a booking’s sixth move within a day with 429 and Retry-After, sending nothing, and takes it once the day has passed', async () => {
    const { store, app, clock, book } = await setUp();
    const booking = await book(at('09:00'));
    const firstMove = clock.now;
    for (const [i, time] of ['09:30', '10:00', '10:30', '11:00', '11:30'].entries()) {
      expect((await reschedule(app, booking, at(time))).status, time).toBe(200);
      clock.now += 60_000 * (i + 1);
    }
    const before = await fingerprint(store);
    const sixth = await reschedule(app, booking, at('12:00'));
    expect(sixth.status).toBe(429);
    expect((await sixth.json()).error.code).toBe('rate_limited');
    expect(Number(sixth.headers.get('retry-after'))).toBe((firstMove + DAY - clock.now) / 1000);
    expect(await fingerprint(store)).toBe(before);
    clock.now = firstMove + DAY;
    expect((await reschedule(app, booking, at('12:00'))).status).toBe(200);
  });

  it('limits each booking on its own: another booking of the same customer still moves', async () => {
    const { app, book } = await setUp();
    const moved = await book(at('09:00'));
    const other = await book(at('14:00'));
    for (const time of ['09:30', '10:00', '10:30', '11:00', '11:30']) expect((await reschedule(app, moved, at(time))).status).toBe(200);
    expect((await reschedule(app, moved, at('12:00'))).status).toBe(429);
    expect((await reschedule(app, other, at('14:30'))).status).toBe(200);
  });

  it('keeps counting a booking’s moves across a restart, or in another process, since they are counted in the database', async () => {
    const { store, app, book } = await setUp();
    const booking = await book(at('09:00'));
    for (const time of ['09:30', '10:00', '10:30', '11:00', '11:30']) expect((await reschedule(app, booking, at(time))).status).toBe(200);
    const restarted = testApp(store).app;
    expect((await reschedule(restarted, booking, at('12:00'))).status).toBe(429);
  });

  it('still lets the customer cancel a booking that has used up its moves', async () => {
    const { app, book } = await setUp();
    const booking = await book(at('09:00'));
    for (const time of ['09:30', '10:00', '10:30', '11:00', '11:30']) expect((await reschedule(app, booking, at(time))).status).toBe(200);
    const res = await cancel(app, booking);
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe('cancelled');
  });

  it('limits cancels and reschedules per client IP to the per-minute budget, with Retry-After, and not for another IP', async () => {
    const { app, clock, book } = await setUp(2);
    const booking = await book(at('09:00'));
    const stranger = { id: booking.id, token: 'not-the-token' };
    expect((await reschedule(app, booking, at('09:30'))).status).toBe(200);
    expect((await cancel(app, stranger)).status).toBe(403);
    const limited = await reschedule(app, booking, at('10:00'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect((await limited.json()).error.code).toBe('rate_limited');
    expect((await cancel(app, stranger)).status).toBe(429);
    expect((await cancel(app, stranger, '10.0.0.2')).status).toBe(403);
    clock.now += 60_000;
    expect((await reschedule(app, booking, at('10:00'))).status).toBe(200);
  });

  it('does not limit changes per IP when the limit is 0', async () => {
    const { app, book } = await setUp(0);
    const booking = await book(at('09:00'));
    const stranger = { id: booking.id, token: 'not-the-token' };
    for (let i = 0; i < 40; i++) expect((await cancel(app, stranger)).status).toBe(403);
  });
});
