/**
 * Fuzzing the admin API (docs/http-api.md) with a valid key, and its guard with broken keys, on
 * SQLite and on PostgreSQL: config imports with junk in any entity (NUL and other control
 * characters included), booking on behalf, reassign / approve / decline / no-show / cancel / ask to
 * reschedule and the candidates for a reassignment, pool stats, personal links, member schedules,
 * pool dashboards, member figures and member slots. Every answer is a 2xx or a contract-shaped 4xx, a rejected
 * request writes nothing, and no NUL is ever stored. Fixed seed, bounded runs.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { ADMIN_KEY, demoRequest, postJson, seed, teamConfig, testApp } from '../support/fixtures.js';
import { bodyFor, contentType, demoStart, junkText, mutatedBody, queryFor, segmentFor, withTaintedField } from '../support/fuzz-inputs.js';
import { sendAndCheck, type Sent } from '../support/rejection.js';

const SEED = 20261202;
const RUNS = 120;
const bearer = `Bearer ${ADMIN_KEY}`;

const authorization = fc.oneof(
  { weight: 8, arbitrary: fc.constant(bearer) },
  { weight: 1, arbitrary: fc.constantFrom('', 'Bearer', `Basic ${ADMIN_KEY}`, `Bearer ${ADMIN_KEY}x`, `Bearer  ${ADMIN_KEY} extra`, `bearer ${ADMIN_KEY.slice(1)}`) },
  { weight: 1, arbitrary: junkText.filter((t) => t.length < 200 && /^[\x20-\x7e]*$/.test(t)).map((t) => `Bearer ${t}`) },
);

/** The team config with one entity of one kind junked (fields replaced, dropped or added). */
const junkedConfig = fc
  .constantFrom('members', 'eventTypes', 'pools', 'pages' as const)
  .chain((kind) => {
    const config = teamConfig() as Record<string, Record<string, unknown>[]>;
    const [first, ...rest] = config[kind]!;
    return mutatedBody(first!).map((entity) => JSON.stringify({ ...config, [kind]: [entity, ...rest] }));
  });

/** The team config with a NUL in one text of one entity. */
const nulConfig = fc
  .constantFrom('members', 'eventTypes', 'pools', 'pages' as const)
  .chain((kind) => {
    const config = teamConfig() as Record<string, Record<string, unknown>[]>;
    const [first, ...rest] = config[kind]!;
    return withTaintedField(first!, fc.constant('\u0000')).map((entity) => ({ ...config, [kind]: [entity, ...rest] }));
  });

afterAll(disposeStores);

describe.each(backends.map((b) => [b.name, b] as const))('the admin API on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];
  /** A confirmed booking of the `sales` pool and a pending one (office hours need approval). */
  const ids = { confirmed: '', pending: '' };

  beforeAll(async () => {
    store = await backend.open();
    await seed(store);
    app = testApp(store).app;
    const made = async (page: string, body: object) => {
      const response = await postJson(app, `/api/v1/pages/${page}/bookings`, body);
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };
    ids.confirmed = await made('sales', demoRequest('2026-12-03T10:00:00Z'));
    ids.pending = await made('solo', { event: 'office', start: '2026-12-03T10:00:00Z', timezone: 'UTC', locale: 'fr', name: 'Léa', email: 'lea@example.org' });
  });

  const check = (sent: Sent) => sendAndCheck(app, store, sent);

  function property(requests: fc.Arbitrary<Sent>) {
    return fc.assert(
      fc.asyncProperty(requests, async (sent) => {
        await check(sent);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }

  const post = (path: fc.Arbitrary<string>, body: fc.Arbitrary<string>) => fc.record({ method: fc.constant('POST'), path, body, contentType, authorization });
  const bookingAction = (action: string) => fc.tuple(segmentFor(ids.confirmed), segmentFor(ids.pending)).chain(([a, b]) => fc.constantFrom(a, b)).map((id) => `/api/v1/admin/bookings/${id}/${action}`);

  describe('fuzzing the admin API with a valid key', () => {
    it('imports a config or refuses it whole, whatever is wrong in it', () =>
      property(
        fc.record({
          method: fc.constant('PUT'),
          path: fc.constant('/api/v1/admin/config'),
          body: fc.oneof(junkedConfig, bodyFor(teamConfig() as Record<string, unknown>)),
          contentType,
          authorization,
        }),
      ));

    it('stores no NUL from a config import, wherever in the config it was sent', () =>
      fc.assert(
        fc.asyncProperty(nulConfig, async (config) => {
          const status = await check({ method: 'PUT', path: '/api/v1/admin/config', body: JSON.stringify(config), authorization: bearer });
          // A key of a nested object that the schema does not know is dropped with its NUL: that import may succeed.
          if (status === 200) {
            const exported = await (await app.request('/api/v1/admin/config', { headers: { authorization: bearer } })).text();
            expect(exported).not.toContain('\\u0000');
          }
        }),
        { seed: SEED, numRuns: RUNS },
      ));

    it('books on behalf of a customer, or refuses without writing', () =>
      property(post(fc.constant('/api/v1/admin/bookings'), demoStart(21, 31).chain((at) => bodyFor({ page: 'sales', ...demoRequest(at) })))));

    it('reassigns, approves, declines, marks no-shows, cancels and asks to reschedule, or refuses without changing the booking', () =>
      property(
        fc.oneof(
          post(bookingAction('reassign'), bodyFor({ member: 'bo', replace: 'ana' })),
          post(bookingAction('decline'), bodyFor({ reason: 'fuzz' })),
          post(bookingAction('cancel'), bodyFor({ reason: 'fuzz' })),
          post(bookingAction('ask-to-reschedule'), bodyFor({ message: 'fuzz' })),
          fc.record({ method: fc.constant('POST'), path: fc.constantFrom('approve', 'no-show', 'decline', 'cancel', 'ask-to-reschedule').chain(bookingAction), authorization }),
          fc.record({
            method: fc.constant('GET'),
            path: fc.tuple(bookingAction('candidates'), queryFor({ replace: 'ana' })).map(([path, q]) => `${path}${q}`),
            authorization,
          }),
        ),
      ));

    it('answers pool stats and config export with data or a contract error', () =>
      property(
        fc.oneof(
          fc.record({
            method: fc.constant('GET'),
            path: fc.tuple(segmentFor('sales'), queryFor({ from: '2026-11-01', to: '2026-12-31' })).map(([pool, q]) => `/api/v1/admin/pools/${pool}/stats${q}`),
            authorization,
          }),
          fc.record({ method: fc.constant('GET'), path: fc.constant('/api/v1/admin/config'), authorization }),
        ),
      ));

    it('replaces a member’s schedule or refuses it without writing; answers dashboards, figures and a member’s slots with data or a contract error', () =>
      property(
        fc.oneof(
          fc.record({
            method: fc.constant('PUT'),
            path: segmentFor('cy').map((member) => `/api/v1/admin/members/${member}/schedule`),
            body: bodyFor({
              timezone: 'Europe/Paris',
              weekly: { mon: [['09:00', '17:00']] },
              overrides: [{ date: '2026-12-24', intervals: [['10:00', '12:00']] }],
              calendars: [{ type: 'caldav', url: 'https://dav.example.com/cy/', username: 'cy', password: 'pw' }],
            }),
            contentType,
            authorization,
          }),
          fc.record({
            method: fc.constant('GET'),
            path: fc
              .tuple(fc.constantFrom('pools/sales/dashboard', 'members/cy/stats'), queryFor({ from: '2026-11-01', to: '2026-12-31', timezone: 'Europe/Paris' }))
              .map(([route, q]) => `/api/v1/admin/${route}${q}`),
            authorization,
          }),
          fc.record({
            method: fc.constant('GET'),
            path: fc
              .tuple(segmentFor('ana'), queryFor({ page: 'sales', event: 'demo', from: '2026-12-01', to: '2026-12-07', timezone: 'Europe/Paris' }))
              .map(([member, q]) => `/api/v1/admin/members/${member}/slots${q}`),
            authorization,
          }),
        ),
      ));

    it('signs personal links only for pages and events that exist', () =>
      property(post(fc.constant('/api/v1/admin/links'), bodyFor({ page: 'sales', event: 'demo', prefill: { name: 'Zoé' }, expiresAt: '2026-12-31T00:00:00Z' }))));

    it('sets the retention or refuses it, whatever the body', () =>
      property(fc.record({ method: fc.constant('PUT'), path: fc.constant('/api/v1/admin/settings/retention'), body: bodyFor({ days: 365 }), contentType, authorization })));
  });

  describe('the admin guard', () => {
    it('refuses every admin route without a valid key, with 401 and no write', async () => {
      const routes: Sent[] = [
        { method: 'PUT', path: '/api/v1/admin/config', body: JSON.stringify(teamConfig()) },
        { method: 'POST', path: '/api/v1/admin/bookings', body: JSON.stringify({ page: 'sales', ...demoRequest('2026-12-04T11:00:00Z') }) },
        { method: 'POST', path: `/api/v1/admin/bookings/${ids.pending}/approve` },
        { method: 'GET', path: '/api/v1/admin/config' },
      ];
      for (const route of routes) {
        for (const key of [undefined, 'Bearer wrong', `Bearer ${ADMIN_KEY}\u00e9`]) {
          expect(await check({ ...route, ...(key === undefined ? {} : { authorization: key }) })).toBe(401);
        }
      }
    });
  });
});
