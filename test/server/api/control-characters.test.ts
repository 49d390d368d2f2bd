/**
 * NUL and the other C0 control characters in request text. PostgreSQL refuses a NUL in any text
 * it is sent (SQLite stores it), so validation refuses them first, the same way on both stores:
 * `422 validation_failed` naming the field in a body or query, `404 not_found` for an id in a
 * path. Tabs and line breaks stay allowed where text may span lines (a reason, a textarea
 * answer, a description); a name or a one-line answer takes none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, ADMIN_KEY, demoRequest, postJson, seed, teamConfig, testApp, tokenOf } from '../support/fixtures.js';
import { fingerprint } from '../support/rejection.js';

afterAll(disposeStores);

const NUL = '\u0000';
const BELL = '\u0007';
const start = '2026-12-01T09:00:00Z';

interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

describe.each(backends.map((b) => [b.name, b] as const))('control characters on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];
  let booking: { id: string; token: string };
  // One store per backend: every refusal is checked to write nothing, so the tests share it.
  beforeAll(async () => {
    store = await backend.open({ poolSize: 2 });
    const config = teamConfig();
    config.eventTypes![0]!.fields!.push({ id: 'notes', type: 'textarea', label: 'Notes', required: false });
    await seed(store, config);
    ({ app } = testApp(store));
    const made = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest('2026-12-03T10:00:00Z'));
    expect(made.status).toBe(201);
    const body = (await made.json()) as { id: string; manageUrl: string };
    booking = { id: body.id, token: tokenOf(body) };
  });

  /** Sends the request; it must be refused with `status`, `code` and (for 422) `field` named, writing nothing. */
  async function expectRefused(send: () => Response | Promise<Response>, status: number, code: string, field?: string) {
    const before = await fingerprint(store);
    const response = await send();
    const body = (await response.json()) as ErrorBody;
    expect({ status: response.status, code: body.error?.code }).toEqual({ status, code });
    if (field !== undefined) expect(Object.keys(body.error.fields ?? {})).toContain(field);
    expect(await fingerprint(store)).toBe(before);
  }

  const book = (overrides: Record<string, unknown>) => () => postJson(app, '/api/v1/pages/sales/bookings', demoRequest(start, overrides));

  it.each([
    ['name', { name: `Zoé${NUL}Client` }],
    ['name', { name: 'Zoé\nClient' }],
    ['name', { name: 'Zoé\tClient' }],
    ['email', { email: `zoe${NUL}@example.org` }],
    ['phone', { phone: `+33 1${NUL}23 45 67` }],
    ['event', { event: `demo${NUL}` }],
    ['locale', { locale: `fr${NUL}` }],
    ['timezone', { timezone: `UTC${NUL}` }],
    ['idempotencyKey', { idempotencyKey: `fuzz-key${NUL}1` }],
    ['answers.company', { answers: { company: `ACME${NUL}`, country: 'US' } }],
    ['answers.company', { answers: { company: 'ACME\nInc', country: 'US' } }],
    ['answers.notes', { answers: { company: 'ACME', country: 'US', notes: `call${BELL} me` } }],
    ['answers', { answers: { company: 'ACME', country: 'US', [`x${NUL}`]: 'y' } }],
    ['source.utm_source', { source: { utm_source: `news${NUL}letter` } }],
    ['personalLink', { personalLink: `token${NUL}` }],
  ])('refuses a booking whose %s holds a control character', async (field, overrides) => {
    await expectRefused(book(overrides), 422, 'validation_failed', field);
  });

  it('takes tabs and line breaks in a textarea answer, and keeps them', async () => {
    const notes = 'First line\nSecond line\r\n\tindented';
    const response = await book({ answers: { company: 'ACME', country: 'US', notes } })();
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const row = await store.db.selectFrom('bookings').select('answers').where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.answers).notes).toBe(notes);
  });

  it('refuses a control character in a cancel reason, and keeps line breaks in one', async () => {
    const cancel = (reason: string) => () => postJson(app, `/api/v1/bookings/${booking.id}/cancel`, { token: booking.token, reason });
    await expectRefused(cancel(`moving${NUL}house`), 422, 'validation_failed', 'reason');
    await expectRefused(cancel(`moving${BELL}house`), 422, 'validation_failed', 'reason');
    const response = await cancel('Moving house.\nSorry!\tBye')();
    expect(response.status).toBe(200);
    const row = await store.db.selectFrom('bookings').select('reason').where('id', '=', booking.id).executeTakeFirstOrThrow();
    expect(row.reason).toBe('Moving house.\nSorry!\tBye');
  });

  it('refuses a control character in a manage token or a slots query, naming the parameter', async () => {
    await expectRefused(() => app.request(`/api/v1/bookings/${booking.id}?token=${encodeURIComponent(`${booking.token}${NUL}`)}`), 422, 'validation_failed', 'token');
    await expectRefused(() => postJson(app, `/api/v1/bookings/${booking.id}/reschedule`, { token: `x${NUL}`, start }), 422, 'validation_failed', 'token');
    const slots = (query: string) => () => app.request(`/api/v1/pages/sales/slots?from=2026-12-01&to=2026-12-02&timezone=UTC&${query}`);
    await expectRefused(slots(`event=demo%00`), 422, 'validation_failed', 'event');
    await expectRefused(slots(`locale=fr%00`), 422, 'validation_failed', 'locale');
    await expectRefused(slots(`answers=${encodeURIComponent(JSON.stringify({ country: `FR${NUL}` }))}`), 422, 'validation_failed', 'answers');
    await expectRefused(() => app.request('/api/v1/pages/sales?locale=fr%00'), 422, 'validation_failed', 'locale');
  });

  it.each([
    ['GET', '/api/v1/bookings/{id}?token=t'],
    ['GET', '/api/v1/bookings/{id}/invite.ics?token=t'],
    ['POST', '/api/v1/bookings/{id}/cancel'],
    ['POST', '/api/v1/bookings/{id}/reschedule'],
    ['GET', '/api/v1/pages/{id}'],
    ['GET', '/api/v1/pages/{id}/slots?event=demo&from=2026-12-01&to=2026-12-02&timezone=UTC'],
    ['POST', '/api/v1/pages/{id}/bookings'],
    ['POST', '/api/v1/admin/bookings/{id}/approve'],
    ['POST', '/api/v1/admin/bookings/{id}/decline'],
    ['POST', '/api/v1/admin/bookings/{id}/no-show'],
    ['POST', '/api/v1/admin/bookings/{id}/reassign'],
    ['GET', '/api/v1/admin/pools/{id}/stats'],
    ['POST', '/api/v1/admin/members/{id}/key'],
  ])('answers %s %s with 404 when the id holds a NUL or a control character', async (method, template) => {
    const bodies: Record<string, unknown> = {
      cancel: { token: booking.token },
      reschedule: { token: booking.token, start },
      bookings: demoRequest(start),
      reassign: { member: 'bo' },
      decline: {},
    };
    const body = bodies[template.split('?')[0]!.split('/').pop()!];
    for (const id of ['a%00b', `${booking.id}%00`, `${booking.id}%0A`, 'sales%07']) {
      await expectRefused(
        () =>
          app.request(template.replace('{id}', id), {
            method,
            headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) },
            ...(body ? { body: JSON.stringify(body) } : {}),
          }),
        404,
        'not_found',
      );
    }
  });

  it('answers a cross-origin request for a page or booking id holding a NUL without reaching the database', async () => {
    for (const path of ['/api/v1/pages/sales%00', '/api/v1/pages/sales%00/slots', `/api/v1/bookings/${booking.id}%00?token=t`]) {
      await expectRefused(() => app.request(path, { headers: { origin: 'https://www.example.com' } }), 403, 'origin_not_allowed');
    }
  });

  it('refuses a control character in an admin request body, naming the field', async () => {
    const approve = await admin(app, 'POST', `/api/v1/admin/bookings/${booking.id}/decline`, { reason: `no${NUL}` });
    expect(approve.status).toBe(422);
    expect(((await approve.json()) as ErrorBody).error.fields).toHaveProperty('reason');
    await expectRefused(() => admin(app, 'POST', `/api/v1/admin/bookings/${booking.id}/reassign`, { member: `bo${NUL}` }), 422, 'validation_failed', 'member');
    await expectRefused(() => admin(app, 'POST', '/api/v1/admin/bookings', { page: `sales${NUL}`, ...demoRequest(start) }), 422, 'validation_failed', 'page');
    await expectRefused(() => admin(app, 'POST', '/api/v1/admin/bookings', { page: 'sales', ...demoRequest(start, { name: `A${NUL}` }) }), 422, 'validation_failed', 'name');
    await expectRefused(() => admin(app, 'POST', '/api/v1/admin/links', { page: 'sales', prefill: { name: `Zoé${NUL}` } }), 422, 'validation_failed', 'prefill.name');
  });

  it.each([
    ['members.0.name', (c: ReturnType<typeof teamConfig>) => void (c.members![0]!.name = `Ana${NUL}`)],
    ['members.0.name', (c: ReturnType<typeof teamConfig>) => void (c.members![0]!.name = 'Ana\nSilva')],
    ['members.0.calendars.0.url', (c: ReturnType<typeof teamConfig>) => void (c.members![0]!.calendars = [{ type: 'ics', url: `https://cal.example.com/a${NUL}.ics` }])],
    ['eventTypes.0.title.en', (c: ReturnType<typeof teamConfig>) => void (c.eventTypes![0]!.title = { en: `Demo${BELL}` })],
    ['eventTypes.0.fields.0.label', (c: ReturnType<typeof teamConfig>) => void (c.eventTypes![0]!.fields![0]!.label = `Company${NUL}`)],
    ['pages.0.texts.fr.confirm.title', (c: ReturnType<typeof teamConfig>) => void (c.pages![0]!.texts = { fr: { 'confirm.title': `noté${NUL}` } })],
    ['pages.0.rules.0.when.equals', (c: ReturnType<typeof teamConfig>) => void (c.pages![0]!.rules![0]!.when.equals = `other${NUL}`)],
    ['pages.0.allowedOrigins.0', (c: ReturnType<typeof teamConfig>) => void (c.pages![0]!.allowedOrigins = [`https://www.example.com${NUL}`])],
  ])('refuses a config import whose %s holds a control character', async (field, junk) => {
    const config = teamConfig();
    junk(config);
    await expectRefused(() => admin(app, 'PUT', '/api/v1/admin/config', config), 422, 'validation_failed', field);
  });

  it('imports a description that spans lines', async () => {
    const config = teamConfig();
    config.eventTypes![0]!.description = { en: 'Thirty minutes.\n\tBring questions.' };
    expect((await admin(app, 'PUT', '/api/v1/admin/config', config)).status).toBe(200);
  });
});
