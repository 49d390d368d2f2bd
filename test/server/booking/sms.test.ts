/**
 * Texts by SMS to a booking's customer, end to end on each store: booked through the public API,
 * queued in the outbox with the booking, sent by the worker through the Twilio adapter to a local
 * fake of Twilio's Messages API. Only a customer who gave a number and ticked the SMS consent is
 * texted; reminders follow the booking's moves and vanish with it.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textHandler } from '../../../server/booking/send-text.js';
import { messageChannel } from '../../../server/integrations/sms/channels.js';
import { deliverDue, type Mailer } from '../../../server/notify/index.js';
import { webhookDirectory } from '../../../server/store/config-repository.js';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, demoRequest, postJson, seed, teamConfig, testApp, tokenOf } from '../support/fixtures.js';
import { silentLog } from '../support/notify-fixtures.js';
import { ProviderFake, type FakeRequest } from '../support/provider-fake.js';

afterAll(disposeStores);

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const MESSAGES = /^\/2010-04-01\/Accounts\/AC0123456789abcdef0123456789abcdef\/Messages\.json$/;
const created = { status: 201, body: { sid: 'SM1f0e8ae6ade43cb3c0ce4525424e404f', status: 'queued' } };
const START = '2026-12-01T10:00:00Z';
const HOUR = 3_600_000;

function smsConfig() {
  const config = teamConfig();
  const demo = config.eventTypes!.find((e) => e.id === 'demo')!;
  demo.fields = [...demo.fields!, { id: 'phone', type: 'phone', label: { en: 'Mobile' } }, { id: 'sms_ok', type: 'consent', label: { en: 'Text me about it' } }];
  demo.sms = { consentField: 'sms_ok', reminders: [{ minutesBefore: 60 }], defaultCountryCode: '+33' };
  // A weekly series of three, texted the same way.
  config.eventTypes!.push({ ...demo, id: 'advising', title: { en: 'Advising', fr: 'Conseil' }, sessions: { mode: 'weekly', count: 3 } });
  config.pages!.push({ slug: 'advising', title: 'Advising', locale: 'en-US', entries: [{ event: 'advising', host: { member: 'ana' } }] });
  return config;
}

/** Emails are another suite's business: here they go nowhere. */
const noMail: Mailer = { send: async () => undefined, close: () => undefined };

describe.each(backends.map((b) => [b.name, b] as const))('texts by SMS on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];
  let clock: ReturnType<typeof testApp>['clock'];
  let twilio: ProviderFake;
  let deliver: (at?: number) => Promise<void>;

  beforeEach(async () => {
    store = await backend.open();
    await seed(store, smsConfig());
    ({ app, clock } = testApp(store));
    twilio = await new ProviderFake().start();
    twilio.on('POST', MESSAGES, created);
    const env = { KAIROS_TWILIO_ACCOUNT_SID: ACCOUNT, KAIROS_TWILIO_AUTH_TOKEN: 'token', KAIROS_TWILIO_FROM: '+15005550006', KAIROS_TWILIO_API_URL: twilio.url };
    const texts = textHandler({ store, channel: messageChannel(env, { timeoutMs: 1_000 }) });
    deliver = async (at = clock.now) => {
      clock.now = at;
      await deliverDue(store, at, { mailer: noMail, webhooks: webhookDirectory(store.db), log: silentLog, texts });
    };
  });
  afterEach(() => twilio.close());

  const book = async (overrides: Record<string, unknown> = {}) => {
    const res = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest(START, { locale: 'fr', phone: '06 12 34 56 78', ...overrides }));
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; manageUrl: string };
  };
  const texts = () => twilio.sent('POST', MESSAGES).map((r: FakeRequest) => Object.fromEntries(new URLSearchParams(r.body)));
  const smsRows = (id: string) => store.db.selectFrom('outbox').selectAll().where('booking_id', '=', id).where('kind', '=', 'sms').orderBy('due_at').execute();
  const activity = async (id: string) =>
    (await store.db.selectFrom('activity').selectAll().where('booking_id', '=', id).orderBy('at').execute()).map((a) => ({ type: a.type, data: JSON.parse(a.data) as Record<string, unknown> }));

  it('texts a weekly series once, naming its three sessions, and reminds of each', async () => {
    const res = await postJson(app, '/api/v1/pages/advising/bookings', demoRequest(START, { event: 'advising', locale: 'fr', phone: '06 12 34 56 78', answers: { company: 'ACME', country: 'FR', sms_ok: true } }));
    expect(res.status).toBe(201);
    const booking = (await res.json()) as { id: string; sessions?: { start: string }[] };
    expect(booking.sessions).toHaveLength(3);
    await deliver();
    expect(texts()).toHaveLength(1);
    expect(texts()[0]!.Body).toMatch(/^Confirmé : Conseil, mar\. 1 déc\. 2026, 11:00 UTC\+1, mar\. 8 déc\. 2026, 11:00 UTC\+1 et mar\. 15 déc\. 2026, 11:00 UTC\+1\./);
    const reminders = await store.db.selectFrom('outbox').select('due_at').where('kind', '=', 'sms').where('topic', '=', 'reminder').orderBy('due_at').execute();
    expect(reminders.map((r) => Date.parse(r.due_at))).toEqual(booking.sessions!.map((s) => Date.parse(s.start) - HOUR));
  });

  it('texts the confirmation in the visitor’s language and time zone, to the number made E.164, with the manage link', async () => {
    const booking = await book();
    await deliver();
    expect(texts()).toHaveLength(1);
    const [text] = texts();
    expect(text!.To).toBe('+33612345678');
    expect(text!.From).toBe('+15005550006');
    // 10:00 UTC is 11:00 in Paris; the words are French.
    expect(text!.Body).toMatch(/^Confirmé : Démo produit, .*1 déc\. 2026.* 11:00 UTC\+1\.\nModifier ou annuler : /);
    expect(text!.Body).toContain(booking.manageUrl);
    expect(text!.Body).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u00a0\u202f]/);
    const sms = (await activity(booking.id)).filter((a) => a.type === 'sms_sent');
    expect(sms).toEqual([{ type: 'sms_sent', data: { template: 'confirmed', phone: '+33612345678', channel: 'twilio', id: 'SM1f0e8ae6ade43cb3c0ce4525424e404f', status: 'queued' } }]);
    // Sent, the row no longer holds the manage link; the reminder still waits.
    const rows = await smsRows(booking.id);
    expect(rows.map((r) => [r.topic, r.status])).toEqual([['booking.created', 'sent'], ['reminder', 'pending']]);
    expect(rows[0]!.payload).not.toContain(tokenOf(booking));
  });

  it('texts nobody who did not tick the SMS consent, whatever number they gave', async () => {
    const booking = await book({ answers: { company: 'ACME', country: 'US', sms_ok: false } });
    await deliver();
    await deliver(Date.parse(START) - HOUR);
    expect(await smsRows(booking.id)).toEqual([]);
    expect(texts()).toEqual([]);
  });

  it('texts nobody who gave no number', async () => {
    const booking = await book({ phone: undefined });
    expect(await smsRows(booking.id)).toEqual([]);
  });

  it('takes the number the widget sends as the request’s phone for a required `phone` field, and refuses none', async () => {
    const config = smsConfig();
    const demo = config.eventTypes!.find((e) => e.id === 'demo')!;
    demo.fields!.find((f) => f.id === 'phone')!.required = true;
    await seed(store, config);
    const booking = await book();
    expect((await smsRows(booking.id)).map((r) => r.topic)).toEqual(['booking.created', 'reminder']);
    const missing = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest('2026-12-01T11:00:00Z', { phone: undefined }));
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ 'answers.phone': 'required' });
  });

  it('books a number that cannot be made E.164, texts nothing, and says so in the activity', async () => {
    const booking = await book({ phone: '+0 612 345 678' });
    expect(await smsRows(booking.id)).toEqual([]);
    // Both at the booking's instant: their order among themselves is the ids'.
    expect((await activity(booking.id)).map((a) => a.type).sort()).toEqual(['created', 'sms_skipped']);
  });

  it('sends the reminder at its time before the start, and not a moment sooner', async () => {
    const booking = await book();
    await deliver();
    const due = Date.parse(START) - HOUR;
    await deliver(due - 1);
    expect(texts()).toHaveLength(1);
    await deliver(due);
    expect(texts()).toHaveLength(2);
    expect(texts()[1]!.Body).toMatch(/^Rappel : Démo produit, .* 11:00 UTC\+1\.\nModifier ou annuler : /);
    expect((await activity(booking.id)).filter((a) => a.type === 'sms_sent').map((a) => a.data.template)).toEqual(['confirmed', 'reminder']);
  });

  it('on cancel, drops the pending reminder and texts the cancellation, without a manage link', async () => {
    const booking = await book();
    await deliver();
    const res = await postJson(app, `/api/v1/bookings/${booking.id}/cancel`, { token: tokenOf(booking) });
    expect(res.status).toBe(200);
    await deliver();
    expect(texts()[1]!.Body).toMatch(/^Annulé : Démo produit, .* 11:00 UTC\+1\.$/);
    const rows = await smsRows(booking.id);
    expect(rows.find((r) => r.topic === 'reminder')!.status).toBe('cancelled');
    await deliver(Date.parse(START) - HOUR);
    expect(texts()).toHaveLength(2);
  });

  it('on reschedule, texts the new time and moves the reminder with it', async () => {
    const booking = await book();
    await deliver();
    const res = await postJson(app, `/api/v1/bookings/${booking.id}/reschedule`, { token: tokenOf(booking), start: '2026-12-02T14:00:00Z' });
    expect(res.status).toBe(200);
    await deliver();
    expect(texts()[1]!.Body).toMatch(/^Nouvel horaire pour Démo produit : .*2 déc\. 2026.* 15:00 UTC\+1\./);
    const reminders = (await smsRows(booking.id)).filter((r) => r.topic === 'reminder');
    expect(reminders.map((r) => [r.status, r.due_at])).toEqual([
      ['cancelled', new Date(Date.parse(START) - HOUR).toISOString()],
      ['pending', '2026-12-02T13:00:00.000Z'],
    ]);
  });

  it('on reassign, sends no text (the time stays) and keeps one reminder at the same time', async () => {
    // Country FR routes to the EMEA pool, Bo alone; Ana takes it over.
    const booking = await book({ answers: { company: 'ACME', country: 'FR' } });
    await deliver();
    const res = await admin(app, 'POST', `/api/v1/admin/bookings/${booking.id}/reassign`, { member: 'ana' });
    expect(res.status).toBe(200);
    await deliver();
    expect(texts()).toHaveLength(1);
    const reminders = (await smsRows(booking.id)).filter((r) => r.topic === 'reminder');
    expect(reminders.map((r) => r.status).sort()).toEqual(['cancelled', 'pending']);
    expect(new Set(reminders.map((r) => r.due_at))).toEqual(new Set([new Date(Date.parse(START) - HOUR).toISOString()]));
    await deliver(Date.parse(START) - HOUR);
    expect(texts().map((t) => t.Body.split(',')[0])).toEqual(['Confirmé : Démo produit', 'Rappel : Démo produit']);
  });

  it('texts a request only once it is approved, and then plans its reminder', async () => {
    const config = smsConfig();
    const office = config.eventTypes!.find((e) => e.id === 'office')!;
    office.fields = [{ id: 'sms_ok', type: 'consent', label: { en: 'Text me' } }];
    office.sms = { consentField: 'sms_ok', reminders: [{ minutesBefore: 30 }], defaultCountryCode: '+33' };
    await seed(store, config);
    const res = await postJson(app, '/api/v1/pages/solo/bookings', demoRequest(START, { event: 'office', locale: 'en-GB', phone: '06 12 34 56 78', answers: {} }));
    expect(res.status).toBe(201);
    const request = (await res.json()) as { id: string; status: string };
    expect(request.status).toBe('pending');
    await deliver();
    expect(await smsRows(request.id)).toEqual([]);
    expect((await admin(app, 'POST', `/api/v1/admin/bookings/${request.id}/approve`)).status).toBe(200);
    await deliver();
    expect(texts().map((t) => t.Body)).toEqual(['Office hours on Tue, 1 Dec 2026, 11:00 CET is confirmed.']);
    expect((await smsRows(request.id)).map((r) => [r.topic, r.status])).toEqual([['booking.confirmed', 'sent'], ['reminder', 'pending']]);
  });

  it('gives up at once on a recipient who replied STOP, says so in the activity, and leaves the booking be', async () => {
    twilio.on('POST', MESSAGES, { status: 400, body: { code: 21610, message: 'Attempt to send to unsubscribed recipient', more_info: 'https://www.twilio.com/docs/errors/21610', status: 400 } });
    const booking = await book();
    await deliver();
    const [row] = await smsRows(booking.id);
    expect(row!.status).toBe('failed');
    expect(row!.attempts).toBe(1);
    const failed = (await activity(booking.id)).find((a) => a.type === 'sms_failed');
    expect(failed!.data).toMatchObject({ template: 'confirmed', phone: '+33612345678', code: 21610 });
    expect((await (await app.request(`/api/v1/bookings/${booking.id}?token=${tokenOf(booking)}`)).json()).status).toBe('confirmed');
  });

  it('tries a rate-limited text again no sooner than Twilio’s Retry-After', async () => {
    twilio.on('POST', MESSAGES, { status: 429, body: { code: 20429, message: 'Too Many Requests', status: 429 }, headers: { 'retry-after': '120' } }, created);
    const booking = await book();
    await deliver();
    const [row] = await smsRows(booking.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(Date.parse(row!.due_at)).toBe(clock.now + 120_000);
    await deliver(clock.now + 120_000);
    expect((await smsRows(booking.id))[0]!.status).toBe('sent');
    expect(texts()).toHaveLength(2);
  });

  it('puts the texts in the customer’s export, and takes their number out of the activity on erasure', async () => {
    const booking = await book();
    await deliver();
    const exported = (await (await admin(app, 'GET', `/api/v1/admin/customers/zoe%40example.org/export`)).json()) as {
      notifications: { kind: string; template: string; status: string; recipient: string }[];
      bookings: { activity: { type: string; data: Record<string, unknown> }[] }[];
    };
    // Queued at the same instant: their order among themselves is the ids'.
    expect(exported.notifications.filter((n) => n.kind === 'sms').map((n) => [n.template, n.status, n.recipient]).sort()).toEqual([
      ['confirmed', 'sent', 'customer'],
      ['reminder', 'pending', 'customer'],
    ]);
    expect(exported.bookings[0]!.activity.find((a) => a.type === 'sms_sent')!.data.phone).toBe('+33612345678');
    expect((await admin(app, 'DELETE', `/api/v1/admin/customers/zoe%40example.org`)).status).toBe(200);
    expect(await smsRows(booking.id)).toEqual([]);
    const sent = (await activity(booking.id)).find((a) => a.type === 'sms_sent')!;
    expect(sent.data).not.toHaveProperty('phone');
    expect(JSON.stringify(await activity(booking.id))).not.toContain('612345678');
  });
});

describe('texts without a gateway', () => {
  it('fail at once, saying in the activity that none is set up', async () => {
    const store = await backends[0]!.open();
    await seed(store, smsConfig());
    const { app, clock } = testApp(store);
    const res = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest(START, { phone: '+33 6 12 34 56 78' }));
    const booking = (await res.json()) as { id: string };
    await deliverDue(store, clock.now, { mailer: noMail, webhooks: webhookDirectory(store.db), log: silentLog, texts: textHandler({ store, channel: undefined }) });
    const failed = await store.db.selectFrom('activity').selectAll().where('booking_id', '=', booking.id).where('type', '=', 'sms_failed').execute();
    expect(JSON.parse(failed[0]!.data)).toMatchObject({ template: 'confirmed', error: 'no SMS gateway is set up (README "SMS")' });
  });
});

describe('the sms config', () => {
  it('is refused when its consent field is not a consent field of the event type', async () => {
    const { configSchema } = await import('../../../server/config/schema.js');
    const config = smsConfig();
    const demo = config.eventTypes!.find((e) => e.id === 'demo')!;
    expect(configSchema.safeParse(config).success).toBe(true);
    demo.sms = { consentField: 'company' };
    const parsed = configSchema.safeParse(config);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(['eventTypes', 0, 'sms', 'consentField']);
    demo.sms = { consentField: 'sms_ok', defaultCountryCode: '33' };
    expect(configSchema.safeParse(config).success).toBe(false);
  });
});
