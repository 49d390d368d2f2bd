/**
 * The API's own description (`/api/v1/openapi.json`, and `/api/docs` made from it): it passes an
 * OpenAPI linter, every body and answer is a schema a reader can follow, each error answer says
 * which codes it carries — and those are the codes the server really answers with, checked by
 * making it refuse requests of every kind.
 */
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, demoRequest, postJson, seed, testApp, tokenOf } from '../support/fixtures.js';

afterAll(disposeStores);

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  enum?: string[];
  properties?: Record<string, Schema>;
}
interface Operation {
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

type App = ReturnType<typeof testApp>['app'];

let store: Store;
let app: App;
let spec: Spec;

beforeAll(async () => {
  store = await backends.find((b) => b.name === 'sqlite')!.open();
  await seed(store);
  app = testApp(store).app;
  spec = await (await app.request('/api/v1/openapi.json')).json();
});

const operations = () =>
  Object.entries(spec.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })));

/** The codes `errors()` narrowed an error answer's `error.code` to. */
const codesOf = (schema: Schema | undefined) => schema?.allOf?.find((part) => part.properties?.error)?.properties?.error?.properties?.code?.enum ?? [];

/** The codes the document lists for `method url` answering `status`. */
function documentedCodes(method: string, url: string, status: number): string[] {
  const path = new URL(url, 'http://x').pathname.replace(/^\/api/, '');
  const template = Object.keys(spec.paths).find((p) => new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+').replace(/\./g, '\\.')}$`).test(path));
  const op = template ? spec.paths[template]?.[method.toLowerCase()] : undefined;
  return codesOf(op?.responses[String(status)]?.content?.['application/json']?.schema);
}

describe('the OpenAPI document', () => {
  it('passes the Redocly linter’s strict recommended rules', async () => {
    // The project is private and states no licence; every parameter must say what it is.
    const config = await createConfig({ extends: ['recommended-strict'], rules: { 'info-license': 'off', 'parameter-description': 'error' } });
    const problems = await lintFromString({ source: JSON.stringify(spec, null, 2), absoluteRef: 'openapi.json', config });
    expect(problems.map((p) => `${p.ruleId} at ${p.location.map((l) => l.pointer).join(', ')}: ${p.message}`)).toEqual([]);
  });

  it('names the schema of every JSON request body, so readers see its fields', () => {
    const bodies = operations().flatMap(({ route, op }) => (op.requestBody ? [[route, op.requestBody.content['application/json']?.schema.$ref]] : []));
    expect(bodies.length).toBeGreaterThan(5);
    expect(bodies.filter(([, ref]) => !ref)).toEqual([]);
  });

  it('lists, for every error answer of every route, the codes it can carry', () => {
    const known = new Set(spec.components.schemas.ErrorCode!.enum);
    const answers = operations().flatMap(({ route, op }) =>
      Object.entries(op.responses)
        .filter(([status]) => Number(status) >= 400)
        .map(([status, response]) => ({ answer: `${route} ${status}`, codes: codesOf(response.content?.['application/json']?.schema) })),
    );
    expect(answers.length).toBeGreaterThan(50);
    expect(answers.filter(({ codes }) => codes.length === 0)).toEqual([]);
    expect(answers.filter(({ codes }) => codes.some((code) => !known.has(code)))).toEqual([]);
  });
});

describe('the error codes it documents', () => {
  /** A booking of the sales demo at `start`, with its manage token. */
  const book = async (start: string) => {
    const res = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest(start));
    expect(res.status).toBe(201);
    const booking = await res.json();
    return { id: booking.id as string, token: tokenOf(booking) };
  };
  const asKey = (key: string, method: string, path: string) => app.request(path, { method, headers: { authorization: `Bearer ${key}` } });

  const refusals: [string, string, string, () => Response | Promise<Response>][] = [
    ['a page that does not exist', 'GET', '/api/v1/pages/nope', () => app.request('/api/v1/pages/nope')],
    ['a page asked from a foreign site', 'GET', '/api/v1/pages/sales', () => app.request('/api/v1/pages/sales', { headers: { origin: 'https://evil.example' } })],
    ['slots for a range ending before it starts', 'GET', '/api/v1/pages/sales/slots', () => app.request('/api/v1/pages/sales/slots?from=2026-12-02&to=2026-12-01&timezone=UTC')],
    [
      'slots for answers a routing rule refuses',
      'GET',
      '/api/v1/pages/sales/slots',
      () => app.request(`/api/v1/pages/sales/slots?from=2026-12-01&to=2026-12-01&timezone=UTC&answers=${encodeURIComponent('{"country":"other"}')}`),
    ],
    [
      'a booking whose body is not JSON',
      'POST',
      '/api/v1/pages/sales/bookings',
      () => app.request('/api/v1/pages/sales/bookings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"event":' }),
    ],
    [
      'a booking sent as a form',
      'POST',
      '/api/v1/pages/sales/bookings',
      () => app.request('/api/v1/pages/sales/bookings', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'event=demo' }),
    ],
    [
      'a booking over the body limit',
      'POST',
      '/api/v1/pages/sales/bookings',
      () => postJson(testApp(store, { bodyLimit: 1024 }).app, '/api/v1/pages/sales/bookings', demoRequest('2026-12-01T09:00:00Z', { name: 'x'.repeat(2000) })),
    ],
    ['a booking with a forged personal link', 'POST', '/api/v1/pages/sales/bookings', () => postJson(app, '/api/v1/pages/sales/bookings', demoRequest('2026-12-01T09:00:00Z', { personalLink: 'e30.forged' }))],
    [
      'a booking of a time taken meanwhile',
      'POST',
      '/api/v1/pages/sales/bookings',
      async () => {
        await book('2026-12-01T10:00:00Z');
        await book('2026-12-01T10:00:00Z');
        return postJson(app, '/api/v1/pages/sales/bookings', demoRequest('2026-12-01T10:00:00Z'));
      },
    ],
    ['a booking without a required answer', 'POST', '/api/v1/pages/sales/bookings', () => postJson(app, '/api/v1/pages/sales/bookings', demoRequest('2026-12-01T11:00:00Z', { answers: { country: 'US' } }))],
    [
      'a booking whose answers a routing rule refuses',
      'POST',
      '/api/v1/pages/sales/bookings',
      () => postJson(app, '/api/v1/pages/sales/bookings', demoRequest('2026-12-01T11:00:00Z', { answers: { company: 'ACME', country: 'other' } })),
    ],
    [
      'one booking too many from one address',
      'POST',
      '/api/v1/pages/sales/bookings',
      async () => {
        const limited = testApp(store, { rateLimit: 1 }).app;
        await postJson(limited, '/api/v1/pages/sales/bookings', { event: 'demo' });
        return postJson(limited, '/api/v1/pages/sales/bookings', { event: 'demo' });
      },
    ],
    ['a booking read with a wrong token', 'GET', '/api/v1/bookings/x', async () => app.request(`/api/v1/bookings/${(await book('2026-12-02T09:00:00Z')).id}?token=wrong`)],
    ['an invite read with a wrong token', 'GET', '/api/v1/bookings/x/invite.ics', async () => app.request(`/api/v1/bookings/${(await book('2026-12-02T10:00:00Z')).id}/invite.ics?token=wrong`)],
    [
      'a booking cancelled twice',
      'POST',
      '/api/v1/bookings/x/cancel',
      async () => {
        const { id, token } = await book('2026-12-02T11:00:00Z');
        await postJson(app, `/api/v1/bookings/${id}/cancel`, { token });
        return postJson(app, `/api/v1/bookings/${id}/cancel`, { token });
      },
    ],
    [
      'a booking cancelled once it has started',
      'POST',
      '/api/v1/bookings/x/cancel',
      async () => {
        const { id, token } = await book('2026-12-02T12:00:00Z');
        const later = testApp(store, { now: () => Date.parse('2026-12-02T12:10:00Z') }).app;
        return postJson(later, `/api/v1/bookings/${id}/cancel`, { token });
      },
    ],
    ['a cancellation without its token', 'POST', '/api/v1/bookings/x/cancel', () => postJson(app, '/api/v1/bookings/nope/cancel', {})],
    [
      'a booking moved to a time nobody has',
      'POST',
      '/api/v1/bookings/x/reschedule',
      async () => {
        const { id, token } = await book('2026-12-02T13:00:00Z');
        return postJson(app, `/api/v1/bookings/${id}/reschedule`, { token, start: '2026-12-03T03:00:00Z' });
      },
    ],
    ['the admin API without a key', 'GET', '/api/v1/admin/config', () => app.request('/api/v1/admin/config')],
    [
      'the config exported with a member key',
      'GET',
      '/api/v1/admin/config',
      async () => asKey((await (await admin(app, 'POST', '/api/v1/admin/members/ana/key')).json()).key, 'GET', '/api/v1/admin/config'),
    ],
    ['a config that refers to an unknown event type', 'PUT', '/api/v1/admin/config', () => admin(app, 'PUT', '/api/v1/admin/config', { pages: [{ slug: 'p', title: 'P', entries: [{ event: 'nope', host: { member: 'ana' } }] }] })],
    [
      'a confirmed booking approved',
      'POST',
      '/api/v1/admin/bookings/x/approve',
      async () => admin(app, 'POST', `/api/v1/admin/bookings/${(await book('2026-12-02T14:00:00Z')).id}/approve`),
    ],
    [
      'a booking given to an unknown member',
      'POST',
      '/api/v1/admin/bookings/x/reassign',
      async () => admin(app, 'POST', `/api/v1/admin/bookings/${(await book('2026-12-02T15:00:00Z')).id}/reassign`, { member: 'nobody' }),
    ],
    [
      'the candidates for another member’s place, asked by a member',
      'GET',
      '/api/v1/admin/bookings/x/candidates',
      async () => asKey((await (await admin(app, 'POST', '/api/v1/admin/members/cy/key')).json()).key, 'GET', '/api/v1/admin/bookings/x/candidates?replace=ana'),
    ],
    [
      'the candidates for a cancelled booking',
      'GET',
      '/api/v1/admin/bookings/x/candidates',
      async () => {
        const { id } = await book('2026-12-02T16:00:00Z');
        await admin(app, 'POST', `/api/v1/admin/bookings/${id}/cancel`, {});
        return admin(app, 'GET', `/api/v1/admin/bookings/${id}/candidates`);
      },
    ],
    [
      'a booking cancelled twice by the admin',
      'POST',
      '/api/v1/admin/bookings/x/cancel',
      async () => {
        const { id } = await book('2026-12-04T09:00:00Z');
        await admin(app, 'POST', `/api/v1/admin/bookings/${id}/cancel`, {});
        return admin(app, 'POST', `/api/v1/admin/bookings/${id}/cancel`, { reason: 'again' });
      },
    ],
    [
      'a cancelled booking’s customer asked to reschedule',
      'POST',
      '/api/v1/admin/bookings/x/ask-to-reschedule',
      async () => {
        const { id } = await book('2026-12-04T10:00:00Z');
        await admin(app, 'POST', `/api/v1/admin/bookings/${id}/cancel`, {});
        return admin(app, 'POST', `/api/v1/admin/bookings/${id}/ask-to-reschedule`, {});
      },
    ],
    [
      'a request to reschedule with a message too long',
      'POST',
      '/api/v1/admin/bookings/x/ask-to-reschedule',
      async () => admin(app, 'POST', `/api/v1/admin/bookings/${(await book('2026-12-04T11:00:00Z')).id}/ask-to-reschedule`, { message: 'x'.repeat(2001) }),
    ],
    ['the directory without a key', 'GET', '/api/v1/admin/directory', () => app.request('/api/v1/admin/directory')],
    ['the stats of a pool that does not exist', 'GET', '/api/v1/admin/pools/nope/stats', () => admin(app, 'GET', '/api/v1/admin/pools/nope/stats')],
    ['a link to a page that does not exist', 'POST', '/api/v1/admin/links', () => admin(app, 'POST', '/api/v1/admin/links', { page: 'nope' })],
    [
      'a colleague’s schedule read with a member key',
      'GET',
      '/api/v1/admin/members/x/schedule',
      async () => asKey((await (await admin(app, 'POST', '/api/v1/admin/members/ana/key')).json()).key, 'GET', '/api/v1/admin/members/bo/schedule'),
    ],
    ['a schedule without its overrides and calendars', 'PUT', '/api/v1/admin/members/x/schedule', () => admin(app, 'PUT', '/api/v1/admin/members/cy/schedule', { timezone: 'UTC', weekly: {} })],
    ['a calendar test for a member who does not exist', 'POST', '/api/v1/admin/members/x/calendar-test', () => admin(app, 'POST', '/api/v1/admin/members/nobody/calendar-test', { calendar: { type: 'ics', url: 'https://example.com/x.ics' } })],
    ['a calendar test of a calendar with no URL', 'POST', '/api/v1/admin/members/x/calendar-test', () => admin(app, 'POST', '/api/v1/admin/members/cy/calendar-test', { calendar: { type: 'ics' } })],
    ['the dashboard of a pool that does not exist', 'GET', '/api/v1/admin/pools/x/dashboard', () => admin(app, 'GET', '/api/v1/admin/pools/nope/dashboard')],
    [
      'a pool’s dashboard with a member key',
      'GET',
      '/api/v1/admin/pools/x/dashboard',
      async () => asKey((await (await admin(app, 'POST', '/api/v1/admin/members/bo/key')).json()).key, 'GET', '/api/v1/admin/pools/sales/dashboard'),
    ],
    [
      'a booking on behalf of an entry the member cannot host',
      'POST',
      '/api/v1/admin/bookings',
      async () => {
        const key = (await (await admin(app, 'POST', '/api/v1/admin/members/cy/key')).json()).key;
        return app.request('/api/v1/admin/bookings', {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ ...demoRequest('2026-12-04T12:00:00Z'), page: 'sales' }),
        });
      },
    ],
    [
      'a colleague’s slots asked by a member',
      'GET',
      '/api/v1/admin/members/x/slots',
      async () => asKey((await (await admin(app, 'POST', '/api/v1/admin/members/ana/key')).json()).key, 'GET', '/api/v1/admin/members/bo/slots?page=sales&from=2026-12-01&to=2026-12-01&timezone=UTC'),
    ],
    ['a member’s slots over too many days', 'GET', '/api/v1/admin/members/x/slots', () => admin(app, 'GET', '/api/v1/admin/members/ana/slots?page=sales&from=2026-12-01&to=2027-02-01&timezone=UTC')],
    ['a member’s figures over days the wrong way round', 'GET', '/api/v1/admin/members/x/stats', () => admin(app, 'GET', '/api/v1/admin/members/cy/stats?from=2026-12-02&to=2026-12-01')],
  ];

  const statuses = new Set<number>();

  it.each(refusals)('answers %s with a status and code its route documents', async (_case, method, url, send) => {
    const res = await send();
    statuses.add(res.status);
    expect(res.status).toBeGreaterThanOrEqual(400);
    const { error } = await res.json();
    expect({ status: res.status, code: error.code, documented: documentedCodes(method, url, res.status) }).toEqual({
      status: res.status,
      code: error.code,
      documented: expect.arrayContaining([error.code]),
    });
  });

  it('has made the server answer every error status the document knows', () => {
    expect([...statuses].sort()).toEqual([400, 401, 403, 404, 409, 410, 413, 415, 422, 429]);
  });
});

describe('/api/docs', () => {
  let html: string;
  beforeAll(async () => {
    html = await (await app.request('/api/docs')).text();
  });
  const section = (id: string) => html.slice(html.indexOf(`<section id="${id}">`), html.indexOf('</section>', html.indexOf(`<section id="${id}">`)));

  it('shows the fields of a request body', () => {
    const cancel = section('cancelBooking');
    expect(cancel).toContain('<a href="#CancelRequest">CancelRequest</a>');
    expect(cancel).toContain('<td><code>token</code></td>');
    expect(cancel).toContain('<td><code>reason</code></td>');
    expect(section('importConfig')).toContain('<td><code>members[].weekly</code></td>');
  });

  it('shows the error codes of each answer of a route', () => {
    const reschedule = section('rescheduleBooking');
    expect(reschedule).toContain('<code>409</code> <code>invalid_state</code>, <code>slot_unavailable</code>');
    expect(reschedule).toContain('<code>410</code> <code>too_late</code>');
  });

  it('tells public routes from those that need a key', () => {
    expect(section('getPage')).toContain('public');
    expect(section('exportConfig')).toContain('admin key');
    expect(section('approveBooking')).toContain('admin or member key');
  });
});
