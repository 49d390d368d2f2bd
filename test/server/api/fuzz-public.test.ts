/**
 * Fuzzing the public API (docs/http-api.md) through `app.request()`, on SQLite and on PostgreSQL:
 * malformed JSON, wrong types, 1 MiB strings, bad dates, instants and zones, unicode, NUL and
 * other control characters (alone or inside otherwise valid values), prototype keys, unknown
 * fields, path traversal in ids, repeated query keys, with and without a browser's Origin.
 * Every answer is a 2xx or a contract-shaped 4xx, and a rejected request writes nothing.
 * Fixed seed, bounded runs.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { demoRequest, NOW, postJson, seed, testApp, tokenOf } from '../support/fixtures.js';
import { bodyFor, contentType, demoStart, HUGE, queryFor, segmentFor, withTaintedField } from '../support/fuzz-inputs.js';
import { sendAndCheck, type Sent } from '../support/rejection.js';

const SEED = 20261201;
const RUNS = 150;
const start = '2026-12-02T10:00:00Z';
/** Sometimes a browser's Origin (the `sales` page's own allowed one), so the CORS look-up sees the junk too. */
const origin = fc.option(fc.constant('https://www.example.com'), { nil: undefined, freq: 3 });

afterAll(disposeStores);

describe.each(backends.map((b) => [b.name, b] as const))('the public API on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];
  let booking: { id: string; token: string };

  beforeAll(async () => {
    store = await backend.open();
    await seed(store);
    app = testApp(store).app;
    const made = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest('2026-12-03T10:00:00Z'));
    expect(made.status).toBe(201);
    const body = (await made.json()) as { id: string; manageUrl: string };
    booking = { id: body.id, token: tokenOf(body) };
  });

  const check = (request: Sent) => sendAndCheck(app, store, request);

  const bookingRoute = (suffix: string) => segmentFor(booking.id).map((id) => `/api/v1/bookings/${id}${suffix}`);

  function property(requests: fc.Arbitrary<Sent>) {
    return fc.assert(
      fc.asyncProperty(requests, async (request) => {
        await check(request);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }

  describe('fuzzing the public API', () => {
    it('answers page requests with the page or a contract error', () =>
      property(fc.record({ method: fc.constant('GET'), path: fc.tuple(segmentFor('sales'), queryFor({ locale: 'fr' })).map(([p, q]) => `/api/v1/pages/${p}${q}`), origin })));

    it('answers slot requests with slots or a contract error', () =>
      property(
        fc.record({
          method: fc.constant('GET'),
          path: fc
            .tuple(segmentFor('sales'), queryFor({ event: 'demo', from: '2026-12-01', to: '2026-12-14', timezone: 'Europe/Paris', answers: '{"country":"FR"}', locale: 'fr' }))
            .map(([p, q]) => `/api/v1/pages/${p}/slots${q}`),
          origin,
        }),
      ));

    it('books, or refuses without writing anything, whatever the booking request', () =>
      property(
        fc.record({
          method: fc.constant('POST'),
          path: segmentFor('sales').map((p) => `/api/v1/pages/${p}/bookings`),
          // A key per slot: a replay would answer with the first booking and never write what was sent.
          body: demoStart(1, 20).chain((at) => bodyFor(demoRequest(at, { answers: { company: 'ACME', country: 'US' }, source: { utm_source: 'x' }, idempotencyKey: `fuzz-${at}` }))),
          contentType,
          origin,
        }),
      ));

    it('refuses a valid booking request with a control character in any of its texts, and stores nothing', () =>
      fc.assert(
        fc.asyncProperty(
          demoStart(1, 20).chain((at) => withTaintedField(demoRequest(at, { phone: '+33 1 23 45 67 89', source: { utm_source: 'news' }, idempotencyKey: `taint-${at}` }))),
          origin,
          async (body, from) => {
            const sent = { method: 'POST', path: '/api/v1/pages/sales/bookings', body: JSON.stringify(body), ...(from ? { origin: from } : {}) };
            expect(await check(sent), sent.body).toBe(422);
          },
        ),
        { seed: SEED, numRuns: RUNS },
      ));

    it('shows a booking to its token holder and nothing to anyone else', () =>
      property(
        fc.record({
          method: fc.constant('GET'),
          path: fc.tuple(fc.constantFrom('', '/invite.ics'), segmentFor(booking.id), queryFor({ token: booking.token })).map(([s, id, q]) => `/api/v1/bookings/${id}${s}${q}`),
          origin,
        }),
      ));

    it('refuses malformed cancel and reschedule requests without changing the booking', () =>
      property(
        fc.oneof(
          fc.record({ method: fc.constant('POST'), path: bookingRoute('/reschedule'), body: bodyFor({ token: booking.token, start: '2026-12-04T11:00:00Z' }), contentType, origin }),
          // A wrong token with a valid body: the cancel must not go through.
          fc.record({ method: fc.constant('POST'), path: bookingRoute('/cancel'), body: bodyFor({ token: 'not-the-token', reason: 'fuzz' }), contentType, origin }),
        ),
      ));

    it('answers unknown routes and methods under /api with a contract 404', () =>
      property(
        fc.record({
          method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
          path: fc.array(segmentFor('v1'), { minLength: 1, maxLength: 4 }).map((segments) => `/api/${segments.join('/')}/nowhere`),
        }),
      ));
  });

  describe('named hostile requests', () => {
    it('refuses a 1 MiB booking body with 413 payload_too_large', async () => {
      const response = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest(start, { name: HUGE }));
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    });

    it('refuses prototype keys in answers without polluting Object.prototype', async () => {
      const body = `{"event":"demo","start":"${start}","timezone":"UTC","locale":"en","name":"P","email":"p@example.org","answers":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}}`;
      const status = await check({ method: 'POST', path: '/api/v1/pages/sales/bookings', body });
      expect(status).toBe(422);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('reads a repeated query parameter as invalid, not as its first or last value', async () => {
      expect(await check({ method: 'GET', path: '/api/v1/pages/sales/slots?event=demo&event=demo&from=2026-12-01&to=2026-12-02&timezone=UTC' })).toBe(422);
    });

    it('refuses days that do not exist with 422 validation_failed naming the field', async () => {
      const ranges = [
        { field: 'to', from: '2026-02-27', to: '2026-02-30' },
        { field: 'from', from: '2026-11-31', to: '2026-12-02' },
        { field: 'from', from: '2026-13-01', to: '2026-12-02' },
        { field: 'to', from: '2026-12-01', to: '2026-12-00' },
      ];
      for (const { field, ...range } of ranges) {
        const day = range[field as keyof typeof range];
        const response = await app.request(`/api/v1/pages/sales/slots?event=demo&from=${range.from}&to=${range.to}&timezone=UTC`);
        expect(response.status, day).toBe(422);
        const { error } = (await response.json()) as { error: { code: string; fields: Record<string, string> } };
        expect(error.code).toBe('validation_failed');
        expect(Object.keys(error.fields), day).toEqual([field]);
      }
    });

    it('does not serve files for a traversal in a booking id', async () => {
      expect(await check({ method: 'GET', path: `/api/v1/bookings/..%2F..%2Fpackage.json?token=${booking.token}` })).toBe(404);
    });

    it('keeps the clock pinned, so slots found are in the future of the test clock', () => {
      expect(Date.parse(start)).toBeGreaterThan(NOW);
    });
  });
});
