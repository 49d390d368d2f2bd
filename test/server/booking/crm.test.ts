/**
 * Bookings logged in a CRM, each CRM played by a local fake of its documented API
 * (`support/provider-fake.ts`), on each store: a booking through the public API becomes one
 * meeting on the customer's contact, moved on a reschedule and marked cancelled on a cancel;
 * two rows of one booking run together still log one meeting; a CRM that keeps failing is given
 * up on in the activity, and the booking stands.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { crmHandler } from '../../../server/booking/log-to-crm.js';
import { crmProviders } from '../../../server/integrations/crm/providers.js';
import { createMailer, deliverDue } from '../../../server/notify/index.js';
import { crmDelaysMs } from '../../../server/notify/retry-schedule.js';
import { webhookDirectory } from '../../../server/store/config-repository.js';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, demoRequest, postJson, PUBLIC_URL, seed, teamConfig, testApp, tokenOf } from '../support/fixtures.js';
import { silentLog } from '../support/notify-fixtures.js';
import { ProviderFake } from '../support/provider-fake.js';

afterAll(disposeStores);

const SEARCH = /^\/crm\/v3\/objects\/contacts\/search$/;
const CONTACTS = /^\/crm\/v3\/objects\/contacts$/;
const MEETINGS = /^\/crm\/v3\/objects\/meetings$/;
const MEETING = /^\/crm\/v3\/objects\/meetings\/9001$/;
const OWNERS: Record<string, string> = { ana: '101', bo: '102', cy: '103' };

describe.each(backends.map((b) => [b.name, b] as const))('bookings logged in a CRM on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];
  let clock: ReturnType<typeof testApp>['clock'];
  let fake: ProviderFake;
  const mailer = createMailer({ outboxDir: join(tmpdir(), 'kairos-crm-mail'), mailFrom: 'k@example.com', publicUrl: PUBLIC_URL });

  async function start(provider: 'hubspot' | 'salesforce') {
    fake = await new ProviderFake().start();
    const config = teamConfig();
    config.eventTypes!.find((e) => e.id === 'demo')!.crm = { provider };
    // Who each member is in the CRMs: their meetings are theirs there.
    for (const [id, hubspot] of Object.entries(OWNERS)) config.members!.find((m) => m.id === id)!.crm = { hubspot, salesforce: `005${hubspot}` };
    store = await backend.open();
    await seed(store, config);
    ({ app, clock } = testApp(store));
  }
  afterEach(async () => fake?.close());

  const env = () => ({
    KAIROS_HUBSPOT_ACCESS_TOKEN: 'pat-secret-token', KAIROS_HUBSPOT_API_URL: fake.url,
    KAIROS_SALESFORCE_LOGIN_URL: `${fake.url}/login`, KAIROS_SALESFORCE_CLIENT_ID: 'sf-client', KAIROS_SALESFORCE_CLIENT_SECRET: 'sf-secret',
  });
  /** Runs the CRM rows due by `at` (the other rows are other suites'). */
  async function deliver(at = clock.now) {
    clock.now = at;
    await store.db.updateTable('outbox').set({ status: 'cancelled' }).where('status', '=', 'pending').where('kind', '!=', 'crm').execute();
    const crm = crmHandler({ store, providers: crmProviders(env(), { now: () => clock.now, timeoutMs: 3_000 }) });
    await deliverDue(store, at, { mailer, webhooks: webhookDirectory(store.db), log: silentLog, crm });
  }
  const book = async () => {
    const res = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest('2026-12-01T10:00:00Z', { phone: '+33612345678' }));
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; manageUrl: string };
  };
  const crmRows = () => store.db.selectFrom('outbox').select(['status', 'attempts', 'due_at', 'last_error', 'topic']).where('kind', '=', 'crm').orderBy('created_at').execute();
  const activity = async (id: string, type: string) => (await store.db.selectFrom('activity').select('data').where('booking_id', '=', id).where('type', '=', type).execute()).map((a) => JSON.parse(a.data) as Record<string, unknown>);
  const hubspot = () => {
    fake.on('POST', SEARCH, { status: 200, body: { total: 0, results: [] } });
    fake.on('POST', CONTACTS, { status: 201, body: { id: '502', properties: {} } });
    fake.on('POST', MEETINGS, { status: 201, body: { id: '9001', properties: {} } });
    fake.on('PATCH', MEETING, { status: 200, body: { id: '9001', properties: {} } });
  };

  it('logs a booking in HubSpot as a meeting on its new contact, moves it on a reschedule and marks it CANCELED on a cancel', async () => {
    await start('hubspot');
    hubspot();
    const booking = await book();
    await deliver();
    expect(JSON.parse(fake.sent('POST', CONTACTS)[0]!.body).properties).toMatchObject({ email: 'zoe@example.org', firstname: 'Zoé', lastname: 'Client', phone: '+33612345678' });
    const [made] = fake.sent('POST', MEETINGS).map((r) => JSON.parse(r.body));
    expect(made.properties).toMatchObject({ hs_meeting_start_time: '2026-12-01T10:00:00.000Z', hs_meeting_end_time: '2026-12-01T10:30:00.000Z', hs_meeting_outcome: 'SCHEDULED' });
    expect(made.properties.hs_meeting_title).toContain('Zoé Client');
    expect(made.properties.hs_meeting_body).toContain(booking.id);
    expect(made.associations[0].to).toEqual({ id: '502' });
    expect(await store.db.selectFrom('booking_crm_records').select(['provider', 'contact_id', 'meeting_id', 'outcome']).execute()).toEqual([{ provider: 'hubspot', contact_id: '502', meeting_id: '9001', outcome: 'scheduled' }]);
    expect(await activity(booking.id, 'crm_logged')).toEqual([{ provider: 'hubspot', contact: '502', meeting: '9001' }]);

    const moved = await postJson(app, `/api/v1/bookings/${booking.id}/reschedule`, { token: tokenOf(booking), start: '2026-12-02T14:00:00Z' });
    expect(moved.status).toBe(200);
    await deliver();
    const cancelled = await postJson(app, `/api/v1/bookings/${booking.id}/cancel`, { token: tokenOf((await moved.json()) as { manageUrl: string }) });
    expect(cancelled.status).toBe(200);
    await deliver();
    const [rescheduled, cancel] = fake.sent('PATCH', MEETING).map((r) => JSON.parse(r.body).properties);
    expect(rescheduled).toMatchObject({ hs_meeting_start_time: '2026-12-02T14:00:00.000Z', hs_meeting_outcome: 'RESCHEDULED' });
    expect(cancel.hs_meeting_outcome).toBe('CANCELED');
    // One contact, one meeting: the later rows changed the meeting the first one logged.
    expect(fake.sent('POST', MEETINGS)).toHaveLength(1);
    expect(fake.sent('POST', SEARCH)).toHaveLength(1);
    expect((await crmRows()).map((r) => [r.topic, r.status])).toEqual([['crm.created', 'sent'], ['crm.rescheduled', 'sent'], ['crm.cancelled', 'sent']]);
    expect(JSON.stringify(await store.db.selectFrom('outbox').select(['payload', 'last_error']).execute())).not.toContain('pat-secret-token');
  });

  it('gives the meeting to its host’s HubSpot owner, and to the new host’s on a reassignment', async () => {
    await start('hubspot');
    hubspot();
    const booking = await book();
    await deliver();
    const host = (await store.db.selectFrom('booking_members').select('member_id').where('booking_id', '=', booking.id).executeTakeFirstOrThrow()).member_id;
    expect(JSON.parse(fake.sent('POST', MEETINGS)[0]!.body).properties.hubspot_owner_id).toBe(OWNERS[host]);
    const other = host === 'ana' ? 'bo' : 'ana';
    const res = await admin(app, 'POST', `/api/v1/admin/bookings/${booking.id}/reassign`, { member: other });
    expect(res.status).toBe(200);
    await deliver();
    const [moved] = fake.sent('PATCH', MEETING).map((r) => JSON.parse(r.body).properties);
    expect(moved.hubspot_owner_id).toBe(OWNERS[other]);
    expect(fake.sent('POST', MEETINGS)).toHaveLength(1);
  });

  it('marks the HubSpot meeting NO_SHOW when the booking is marked a no-show', async () => {
    await start('hubspot');
    hubspot();
    const booking = await book();
    await deliver();
    const after = Date.parse('2026-12-01T10:45:00Z');
    clock.now = after;
    expect((await admin(app, 'POST', `/api/v1/admin/bookings/${booking.id}/no-show`)).status).toBe(200);
    await deliver(after);
    expect(JSON.parse(fake.sent('PATCH', MEETING)[0]!.body).properties.hs_meeting_outcome).toBe('NO_SHOW');
    expect(await store.db.selectFrom('booking_crm_records').select('outcome').execute()).toEqual([{ outcome: 'no_show' }]);
  });

  it('logs one meeting when a booking’s rows run in one batch, the second after the first', async () => {
    await start('hubspot');
    hubspot();
    // Slow enough that both rows are in flight together.
    fake.on('POST', MEETINGS, { status: 201, body: { id: '9001', properties: {} }, delayMs: 300 });
    const booking = await book();
    const moved = await postJson(app, `/api/v1/bookings/${booking.id}/reschedule`, { token: tokenOf(booking), start: '2026-12-02T14:00:00Z' });
    expect(moved.status).toBe(200);
    const first = clock.now;
    await deliver();
    expect(fake.sent('POST', MEETINGS)).toHaveLength(1);
    // Either may win the claim; the other waits for it.
    expect((await crmRows()).map((r) => r.status).sort()).toEqual(['pending', 'sent']);
    await deliver(first + 60_000);
    expect(fake.sent('POST', MEETINGS)).toHaveLength(1);
    expect(JSON.parse(fake.sent('PATCH', MEETING)[0]!.body).properties).toMatchObject({ hs_meeting_start_time: '2026-12-02T14:00:00.000Z', hs_meeting_outcome: 'RESCHEDULED' });
  });

  it('logs a booking in Salesforce as an Event on a new Lead, and marks it cancelled on a cancel', async () => {
    await start('salesforce');
    const data = '/services/data/v62.0';
    fake.on('POST', /^\/login\/services\/oauth2\/token$/, { status: 200, body: { access_token: '00D!sf-token', instance_url: fake.url, token_type: 'Bearer', issued_at: '1764583200000', signature: 's', id: 'x' } });
    fake.on('GET', /\/query$/, { status: 200, body: { totalSize: 0, done: true, records: [] } });
    fake.on('POST', /\/sobjects\/Lead$/, { status: 201, body: { id: '00Q5e000001AbCdEAK', success: true, errors: [] } });
    fake.on('POST', /\/sobjects\/Event$/, { status: 201, body: { id: '00U5e000002XyZaEAK', success: true, errors: [] } });
    fake.on('PATCH', /\/sobjects\/Event\/00U5e000002XyZaEAK$/, { status: 204 });
    const booking = await book();
    await deliver();
    expect(JSON.parse(fake.sent('POST', /\/sobjects\/Lead$/)[0]!.body)).toMatchObject({ LastName: 'Client', FirstName: 'Zoé', Email: 'zoe@example.org', Company: 'ACME' });
    const event = JSON.parse(fake.sent('POST', /\/sobjects\/Event$/)[0]!.body);
    expect(event).toMatchObject({ WhoId: '00Q5e000001AbCdEAK', StartDateTime: '2026-12-01T10:00:00.000Z', EndDateTime: '2026-12-01T10:30:00.000Z' });
    expect(Object.values(OWNERS).map((id) => `005${id}`)).toContain(event.OwnerId);
    expect(fake.sent('POST', /\/sobjects\/Event$/)[0]!.url).toBe(`${data}/sobjects/Event`);

    const cancelled = await postJson(app, `/api/v1/bookings/${booking.id}/cancel`, { token: tokenOf(booking) });
    expect(cancelled.status).toBe(200);
    await deliver();
    // Marked in the host's language: Ana's is Brazilian Portuguese, Bo's French, Cy's American English.
    const host = (await store.db.selectFrom('booking_members').select('member_id').where('booking_id', '=', booking.id).executeTakeFirstOrThrow()).member_id;
    const mark = ({ ana: 'Cancelada', bo: 'Annulé', cy: 'Canceled' } as Record<string, string>)[host];
    expect(JSON.parse(fake.sent('PATCH', /\/sobjects\/Event\//)[0]!.body).Subject).toBe(`[${mark}] ${event.Subject}`);
    expect(fake.sent('POST', /\/sobjects\/Event$/)).toHaveLength(1);
  });

  it('retries a CRM that fails on the outbox’s schedule, then gives up in the activity while the booking stands', async () => {
    await start('hubspot');
    hubspot();
    fake.on('POST', SEARCH, { status: 503, body: 'unavailable' });
    const booking = await book();
    let at = clock.now;
    await deliver(at);
    for (const delay of crmDelaysMs) {
      expect((await crmRows())[0]).toMatchObject({ status: 'pending' });
      at += delay;
      await deliver(at);
    }
    const [row] = await crmRows();
    expect(row).toMatchObject({ status: 'failed', attempts: crmDelaysMs.length + 1 });
    const [failure] = await activity(booking.id, 'crm_sync_failed');
    expect(failure).toMatchObject({ provider: 'hubspot' });
    expect(String(failure!.error)).toContain('HTTP 503');
    const shown = await app.request(`/api/v1/bookings/${booking.id}?token=${tokenOf(booking)}`);
    expect(((await shown.json()) as { status: string }).status).toBe('confirmed');
  });

  it('waits out HubSpot’s 429 as its Retry-After says', async () => {
    await start('hubspot');
    hubspot();
    fake.on('POST', MEETINGS, { status: 429, headers: { 'retry-after': '600' }, body: { errorType: 'RATE_LIMIT' } }, { status: 201, body: { id: '9001', properties: {} } });
    await book();
    const first = clock.now;
    await deliver();
    expect((await crmRows())[0]).toMatchObject({ status: 'pending', due_at: new Date(first + 600_000).toISOString() });
    await deliver(first + 600_000);
    expect((await crmRows())[0]).toMatchObject({ status: 'sent' });
    // The contact found before the 429 was kept: the second run did not look for it again.
    expect(fake.sent('POST', SEARCH)).toHaveLength(1);
  });

  it('says in the activity when the event type’s CRM is not set up on this server', async () => {
    await start('salesforce');
    const booking = await book();
    clock.now += 1;
    await store.db.updateTable('outbox').set({ status: 'cancelled' }).where('kind', '!=', 'crm').execute();
    await deliverDue(store, clock.now, { mailer, webhooks: webhookDirectory(store.db), log: silentLog, crm: crmHandler({ store, providers: new Map() }) });
    expect((await crmRows())[0]).toMatchObject({ status: 'failed' });
    expect(String((await activity(booking.id, 'crm_sync_failed'))[0]!.error)).toContain('not set up');
  });
});
