/**
 * Bookings written into Google Calendar and Microsoft 365, each played by a local fake of its
 * documented API (`support/provider-fake.ts`), on each store: insert/patch/delete with the
 * booking, a refused token refreshed once (401), a `429` waited out as its `Retry-After` says,
 * a `5xx` retried on the outbox's schedule and, when it keeps failing, said in the activity.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { calendarHandler } from '../../../server/booking/write-calendars.js';
import { applyRetention } from '../../../server/team/apply-retention.js';
import { setRetention } from '../../../server/team/retention-setting.js';
import { bookingEventId, providerCalendars } from '../../../server/integrations/calendar-write/provider-calendars.js';
import { createMailer, deliverDue } from '../../../server/notify/index.js';
import { calendarDelaysMs } from '../../../server/notify/retry-schedule.js';
import { webhookDirectory } from '../../../server/store/config-repository.js';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, demoRequest, postJson, PUBLIC_URL, seed, teamConfig, testApp, tokenOf } from '../support/fixtures.js';
import { silentLog } from '../support/notify-fixtures.js';
import { ProviderFake } from '../support/provider-fake.js';

afterAll(disposeStores);

const token = { status: 200, body: { access_token: 'access-1', token_type: 'Bearer', expires_in: 3599 } };

describe.each(backends.map((b) => [b.name, b] as const))('calendar write-back to Google and Microsoft 365 on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];
  let clock: ReturnType<typeof testApp>['clock'];
  let fake: ProviderFake;
  const mailer = createMailer({ outboxDir: join(tmpdir(), 'kairos-write-back-mail'), mailFrom: 'k@example.com', publicUrl: PUBLIC_URL });

  async function start(writeBack: { provider: 'google' | 'microsoft'; id?: string }) {
    fake = await new ProviderFake().start();
    const config = teamConfig();
    config.members!.find((m) => m.id === 'bo')!.calendarWriteBack = writeBack;
    store = await backend.open();
    await seed(store, config);
    ({ app, clock } = testApp(store));
  }
  afterEach(async () => fake?.close());

  const env = () => ({
    KAIROS_GOOGLE_CLIENT_ID: 'g-client', KAIROS_GOOGLE_CLIENT_SECRET: 'g-secret', KAIROS_GOOGLE_REFRESH_TOKEN: 'g-refresh', KAIROS_GOOGLE_OAUTH_URL: fake.url, KAIROS_GOOGLE_API_URL: fake.url,
    KAIROS_TEAMS_TENANT_ID: 'tenant', KAIROS_TEAMS_CLIENT_ID: 'm-client', KAIROS_TEAMS_CLIENT_SECRET: 'm-secret', KAIROS_TEAMS_LOGIN_URL: fake.url, KAIROS_TEAMS_GRAPH_URL: fake.url,
  });
  /** Runs the calendar rows due by `at` (the other rows are other suites'). */
  async function deliver(at = clock.now) {
    clock.now = at;
    await store.db.updateTable('outbox').set({ status: 'cancelled' }).where('status', '=', 'pending').where('kind', '!=', 'calendar').execute();
    const calendars = calendarHandler({ store, publicUrl: PUBLIC_URL, providers: providerCalendars(env(), { now: () => clock.now, timeoutMs: 3_000 }) });
    await deliverDue(store, at, { mailer, webhooks: webhookDirectory(store.db), log: silentLog, calendars });
  }
  const book = async () => {
    const res = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest('2026-12-01T10:00:00Z', { answers: { company: 'ACME', country: 'FR' } }));
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; manageUrl: string };
  };
  const calendarRows = () => store.db.selectFrom('outbox').select(['status', 'attempts', 'due_at', 'last_error']).where('kind', '=', 'calendar').orderBy('created_at').execute();
  const failures = async (id: string) => (await store.db.selectFrom('activity').select(['type', 'data']).where('booking_id', '=', id).where('type', '=', 'calendar_write_failed').execute()).map((a) => JSON.parse(a.data) as Record<string, unknown>);

  it('inserts the booking into the member’s Google calendar, patches it on a reschedule and deletes it on cancel', async () => {
    await start({ provider: 'google', id: 'bo-work@group.calendar.google.com' });
    const EVENTS = /^\/calendar\/v3\/calendars\/bo-work%40group\.calendar\.google\.com\/events$/;
    fake.on('POST', /^\/token$/, token);
    fake.on('POST', EVENTS, { status: 200, body: { id: 'will-be-replaced', etag: '"1"' } });
    const booking = await book();
    const id = bookingEventId(booking.id);
    fake.on('POST', EVENTS, { status: 200, body: { id, etag: '"1"' } });
    const EVENT = new RegExp(`^/calendar/v3/calendars/bo-work%40group\\.calendar\\.google\\.com/events/${id}$`);
    fake.on('PATCH', EVENT, { status: 200, body: { id, etag: '"2"' } });
    fake.on('DELETE', EVENT, { status: 204 });
    await deliver();

    const [insert] = fake.sent('POST', EVENTS);
    expect(insert!.url).toContain('sendUpdates=none');
    expect(insert!.headers.authorization).toBe('Bearer access-1');
    const body = JSON.parse(insert!.body) as Record<string, unknown>;
    expect(id).toMatch(/^[0-9a-v]{5,1024}$/);
    expect(body).toMatchObject({ id, summary: 'Démo produit – Zoé Client', start: { dateTime: '2026-12-01T10:00:00.000Z', timeZone: 'UTC' }, end: { dateTime: '2026-12-01T10:30:00.000Z' } });
    expect(body).not.toHaveProperty('attendees');
    const [grant] = fake.sent('POST', /^\/token$/);
    expect(new URLSearchParams(grant!.body).get('grant_type')).toBe('refresh_token');
    expect(await store.db.selectFrom('booking_calendar_events').select(['calendar', 'href', 'etag']).execute()).toEqual([{ calendar: 'google:bo-work@group.calendar.google.com', href: id, etag: '"1"' }]);

    const moved = await postJson(app, `/api/v1/bookings/${booking.id}/reschedule`, { token: tokenOf(booking), start: '2026-12-02T14:00:00Z' });
    expect(moved.status).toBe(200);
    await deliver();
    const [patch] = fake.sent('PATCH', EVENT);
    expect(JSON.parse(patch!.body)).toMatchObject({ start: { dateTime: '2026-12-02T14:00:00.000Z' } });

    const cancelled = await postJson(app, `/api/v1/bookings/${booking.id}/cancel`, { token: tokenOf((await moved.json()) as { manageUrl: string }) });
    expect(cancelled.status).toBe(200);
    await deliver();
    expect(fake.sent('DELETE', EVENT)).toHaveLength(1);
    expect(await store.db.selectFrom('booking_calendar_events').selectAll().execute()).toEqual([]);
    expect((await calendarRows()).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('writes into Microsoft 365 with client credentials, a refused token refreshed once (401), moved and deleted with the booking', async () => {
    await start({ provider: 'microsoft' });
    const EVENTS = /^\/v1\.0\/users\/bo%40example\.com\/events$/;
    const EVENT = /^\/v1\.0\/users\/bo%40example\.com\/events\/AAMkAD1$/;
    fake.on('POST', /^\/tenant\/oauth2\/v2\.0\/token$/, token, { status: 200, body: { access_token: 'access-2', expires_in: 3599 } });
    fake.on('POST', EVENTS, { status: 401, body: { error: { code: 'InvalidAuthenticationToken' } } }, { status: 201, body: { id: 'AAMkAD1', '@odata.etag': 'W/"a"' } });
    fake.on('PATCH', EVENT, { status: 200, body: { id: 'AAMkAD1', '@odata.etag': 'W/"b"' } });
    fake.on('DELETE', EVENT, { status: 204 });
    const booking = await book();
    await deliver();
    const posts = fake.sent('POST', EVENTS);
    expect(posts.map((p) => p.headers.authorization)).toEqual(['Bearer access-1', 'Bearer access-2']);
    const grants = fake.sent('POST', /token$/).map((g) => new URLSearchParams(g.body));
    expect(grants.map((g) => g.get('grant_type'))).toEqual(['client_credentials', 'client_credentials']);
    expect(grants[0]!.get('scope')).toBe('https://graph.microsoft.com/.default');
    expect(JSON.parse(posts[1]!.body)).toMatchObject({ subject: 'Démo produit – Zoé Client', start: { dateTime: '2026-12-01T10:00:00.000', timeZone: 'UTC' }, transactionId: booking.id });

    const moved = await postJson(app, `/api/v1/bookings/${booking.id}/reschedule`, { token: tokenOf(booking), start: '2026-12-02T14:00:00Z' });
    expect(moved.status).toBe(200);
    await deliver();
    expect(JSON.parse(fake.sent('PATCH', EVENT)[0]!.body)).toMatchObject({ end: { dateTime: '2026-12-02T14:30:00.000' } });
    const cancelled = await postJson(app, `/api/v1/bookings/${booking.id}/cancel`, { token: tokenOf((await moved.json()) as { manageUrl: string }) });
    expect(cancelled.status).toBe(200);
    await deliver();
    expect(fake.sent('DELETE', EVENT)).toHaveLength(1);
    // Secrets stay out of what is recorded.
    expect(JSON.stringify(await calendarRows())).not.toMatch(/m-secret|access-/);
  });

  it('waits as long as a 429’s Retry-After says, then writes', async () => {
    await start({ provider: 'google' });
    fake.on('POST', /^\/token$/, token);
    fake.on('POST', /\/events$/, { status: 429, headers: { 'retry-after': '600' }, body: { error: { code: 429, message: 'Rate Limit Exceeded' } } }, { status: 200, body: { id: 'x1', etag: '"1"' } });
    await book();
    const first = clock.now;
    await deliver();
    const [row] = await calendarRows();
    expect(row).toMatchObject({ status: 'pending', attempts: 1, due_at: new Date(first + 600_000).toISOString() });
    expect(row!.last_error).toContain('HTTP 429');
    await deliver(first + 600_000);
    expect((await calendarRows())[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('retries a 5xx on the outbox’s schedule and, when it keeps failing, says so in the activity; the booking stands', async () => {
    await start({ provider: 'google' });
    fake.on('POST', /^\/token$/, token);
    fake.on('POST', /\/events$/, { status: 503, body: 'backend error' });
    const booking = await book();
    let at = clock.now;
    await deliver(at);
    for (const delay of calendarDelaysMs) {
      expect(await failures(booking.id)).toEqual([]);
      at += delay;
      await deliver(at);
    }
    expect((await calendarRows())[0]).toMatchObject({ status: 'failed', attempts: calendarDelaysMs.length + 1 });
    const [failure] = await failures(booking.id);
    expect(failure).toMatchObject({ member: 'bo', calendar: 'google:bo@example.com' });
    expect(String(failure!.error)).toContain('HTTP 503');
    const res = await app.request(`/api/v1/bookings/${booking.id}?token=${tokenOf(booking)}`);
    expect(((await res.json()) as { status: string }).status).toBe('confirmed');
  });

  it.each([
    ['google', /\/calendar\/v3\/calendars\/bo%40example\.com\/events/, 'summary', 'description'],
    ['microsoft', /\/v1\.0\/users\/bo%40example\.com\/events/, 'subject', 'body'],
  ] as const)('writes the %s event again without the customer once they are erased', async (provider, events, title, text) => {
    await start({ provider });
    fake.on('POST', /token$/, token);
    fake.on('POST', events, { status: 201, body: { id: 'ev1', etag: '"1"', '@odata.etag': 'W/"1"' } });
    fake.on('PATCH', events, { status: 200, body: { id: 'ev1', etag: '"2"', '@odata.etag': 'W/"2"' } });
    const booking = await book();
    await deliver();
    const [insert] = fake.sent('POST', events);
    expect(insert!.body).toContain('Zoé Client');
    expect(insert!.body).toContain('ACME');

    const erased = await admin(app, 'DELETE', '/api/v1/admin/customers/zoe%40example.org');
    expect(erased.status).toBe(200);
    await deliver(clock.now + 60_000);
    const patches = fake.sent('PATCH', events);
    expect(patches).toHaveLength(1);
    expect(patches[0]!.url.split('?')[0]).toMatch(/\/ev1$/);
    const body = JSON.parse(patches[0]!.body) as Record<string, unknown>;
    // In Bo's language (French), and nothing of the customer anywhere in what is sent.
    expect(body[title]).toBe('Démo produit (client effacé)');
    expect(JSON.stringify(body[text])).not.toMatch(/Entreprise|Pays/);
    for (const personal of ['Zoé', 'Client', 'zoe@example.org', 'ACME']) expect(patches[0]!.body).not.toContain(personal);
    expect(await calendarRows()).toMatchObject([{ status: 'sent' }]);
    expect(await store.db.selectFrom('booking_calendar_events').select(['booking_id', 'href']).execute()).toEqual([{ booking_id: booking.id, href: 'ev1' }]);
  });

  it('rewrites the event when retention erases the booking, as an admin’s erasure does', async () => {
    await start({ provider: 'microsoft' });
    const EVENTS = /^\/v1\.0\/users\/bo%40example\.com\/events/;
    fake.on('POST', /token$/, token);
    fake.on('POST', EVENTS, { status: 201, body: { id: 'ev1', '@odata.etag': 'W/"1"' } });
    fake.on('PATCH', EVENTS, { status: 200, body: { id: 'ev1', '@odata.etag': 'W/"2"' } });
    await book();
    await deliver();
    await setRetention({ store, publicUrl: PUBLIC_URL, secret: '' }, { days: 1, actor: 'admin', now: clock.now });
    // The meeting (1 December, 10:30 its end) is a day and a minute past.
    const later = Date.parse('2026-12-02T10:31:00Z');
    expect((await applyRetention({ store }, { now: later })).bookings).toHaveLength(1);
    await deliver(later + 60_000);
    const [patch] = fake.sent('PATCH', EVENTS);
    expect(JSON.parse(patch!.body)).toMatchObject({ subject: 'Démo produit (client effacé)' });
    expect(patch!.body).not.toMatch(/Zoé|ACME/);
  });

  it('says at once that Google Calendar is not set up here, without retrying', async () => {
    await start({ provider: 'google' });
    const booking = await book();
    const calendars = calendarHandler({ store, publicUrl: PUBLIC_URL, providers: new Map() });
    await store.db.updateTable('outbox').set({ status: 'cancelled' }).where('kind', '!=', 'calendar').execute();
    await deliverDue(store, clock.now, { mailer, webhooks: webhookDirectory(store.db), log: silentLog, calendars });
    expect((await calendarRows())[0]).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await failures(booking.id))[0]).toMatchObject({ error: 'Google Calendar is not set up on this server (its KAIROS_ variables are missing)' });
  });
});
