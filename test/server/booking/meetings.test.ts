/**
 * A booking's video meeting at its provider, made from the outbox after the booking commits:
 * Zoom played by a local fake of its API, emails through a real in-process SMTP server, on each
 * store. The link reaches the booking, its emails and its invite; a move moves the meeting, a
 * cancel removes it; a provider that keeps failing leaves the booking at its fallback location.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { meetingHandler } from '../../../server/booking/set-up-meeting.js';
import { conferencingProviders } from '../../../server/integrations/conferencing/providers.js';
import { createMailer, deliverDue, MEETING_WAIT_MS, type Mailer } from '../../../server/notify/index.js';
import { webhookDirectory } from '../../../server/store/config-repository.js';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, demoRequest, postJson, PUBLIC_URL, seed, teamConfig, testApp, tokenOf } from '../support/fixtures.js';
import { inviteOf, silentLog, startSmtp } from '../support/notify-fixtures.js';
import { ProviderFake } from '../support/provider-fake.js';

afterAll(disposeStores);

const JOIN = 'https://us02web.zoom.us/j/85746065432?pwd=abc';
const created = { status: 201, body: { id: 85746065432, join_url: JOIN, start_url: 'https://us02web.zoom.us/s/85746065432' } };
const MEETINGS = /^\/v2\/users\/[^/]+\/meetings$/;
const MEETING = /^\/v2\/meetings\/85746065432$/;

function zoomConfig(fallback?: object) {
  const config = teamConfig();
  const demo = config.eventTypes!.find((e) => e.id === 'demo')!;
  demo.conferencing = { provider: 'zoom', ...(fallback ? { fallback } : {}) } as never;
  // Country FR routes to the EMEA pool, Bo alone: the host is known.
  config.members!.find((m) => m.id === 'bo')!.conferencing = { zoom: 'zoom-user-bo' };
  return config;
}

describe.each(backends.map((b) => [b.name, b] as const))('video meetings on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];
  let clock: ReturnType<typeof testApp>['clock'];
  let zoom: ProviderFake;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let mailer: Mailer;
  let deliver: (at?: number) => Promise<void>;

  async function start(config = zoomConfig()) {
    store = await backend.open();
    await seed(store, config);
    ({ app, clock } = testApp(store));
    zoom = await new ProviderFake().start();
    zoom.on('POST', /^\/oauth\/token$/, { status: 200, body: { access_token: 'tok', token_type: 'bearer', expires_in: 3599 } });
    zoom.on('POST', MEETINGS, created);
    zoom.on('PATCH', MEETING, { status: 204 });
    zoom.on('DELETE', MEETING, { status: 204 });
    const env = { KAIROS_ZOOM_ACCOUNT_ID: 'acc', KAIROS_ZOOM_CLIENT_ID: 'cid', KAIROS_ZOOM_CLIENT_SECRET: 'secret', KAIROS_ZOOM_OAUTH_URL: zoom.url, KAIROS_ZOOM_API_URL: zoom.url };
    const meetings = meetingHandler({ store, publicUrl: PUBLIC_URL, providers: conferencingProviders(env, { now: () => clock.now }) });
    smtp = await startSmtp();
    mailer = createMailer({ smtpUrl: smtp.url, mailFrom: 'k@example.com', publicUrl: PUBLIC_URL });
    deliver = async (at = clock.now) => {
      clock.now = at;
      await deliverDue(store, at, { mailer, webhooks: webhookDirectory(store.db), log: silentLog, meetings });
    };
  }

  async function stop() {
    mailer.close();
    await smtp.close();
    await zoom.close();
  }

  beforeEach(async () => start());
  afterEach(stop);

  const book = async () => {
    const res = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest('2026-12-01T10:00:00Z', { answers: { company: 'ACME', country: 'FR' } }));
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; manageUrl: string; location: Record<string, unknown> };
  };
  const read = async (booking: { id: string; manageUrl: string }) => (await (await app.request(`/api/v1/bookings/${booking.id}?token=${tokenOf(booking)}`)).json()) as { location: Record<string, unknown> };
  const activity = async (id: string) => (await store.db.selectFrom('activity').selectAll().where('booking_id', '=', id).orderBy('at').execute()).map((a) => ({ type: a.type, data: JSON.parse(a.data) as Record<string, unknown> }));
  const meetingRow = (id: string) => store.db.selectFrom('booking_meetings').selectAll().where('booking_id', '=', id).executeTakeFirstOrThrow();
  const mailTo = (address: string) => smtp.messages.filter((m) => m.to && JSON.stringify(m.to).includes(address));
  /** Delivers whatever falls due, in time order, until nothing is left pending. */
  const drain = async () => {
    for (;;) {
      const next = await store.db.selectFrom('outbox').select('due_at').where('status', '=', 'pending').orderBy('due_at').executeTakeFirst();
      if (!next) return;
      await deliver(Math.max(clock.now, Date.parse(next.due_at)));
    }
  };

  it('answers the booking at once, saying its link follows, and makes the Zoom meeting from the outbox', async () => {
    const booking = await book();
    expect(booking.location).toEqual({ type: 'video', provider: 'zoom', joinUrlPending: true });
    expect(zoom.requests).toHaveLength(0);

    await deliver();
    const [create] = zoom.sent('POST', MEETINGS);
    expect(create!.url).toBe('/v2/users/zoom-user-bo/meetings');
    // Titled in the host's language: Bo reads French.
    expect(JSON.parse(create!.body)).toMatchObject({ type: 2, start_time: '2026-12-01T10:00:00Z', duration: 30, topic: 'Démo produit' });
    expect((await read(booking)).location).toEqual({ type: 'video', provider: 'zoom', joinUrl: JOIN });
    expect(await meetingRow(booking.id)).toMatchObject({ provider: 'zoom', status: 'ready', meeting_id: '85746065432', join_url: JOIN, member_id: 'bo', host: 'zoom-user-bo' });
    expect((await activity(booking.id)).map((a) => a.type).sort()).toEqual(['created', 'meeting_created']);
  });

  it('tells the webhooks subscribed to booking.meeting_ready the booking with its link once it is made', async () => {
    await stop();
    const config = zoomConfig();
    config.webhooks = [{ url: 'https://hooks.example.com/kairos', events: ['booking.meeting_ready'], secret: 'whsec_dGVzdC1zZWNyZXQ=' }];
    await start(config);
    const booking = await book();
    const news = () => store.db.selectFrom('outbox').select(['payload']).where('kind', '=', 'webhook').where('topic', '=', 'booking.meeting_ready').execute();
    expect(await news()).toHaveLength(0);
    await deliver();
    const [row] = await news();
    const body = JSON.parse((JSON.parse(row!.payload) as { body: string }).body) as { type: string; data: { booking: { id: string; location: unknown } } };
    expect(body).toMatchObject({ type: 'booking.meeting_ready', data: { booking: { id: booking.id, location: { type: 'video', provider: 'zoom', joinUrl: JOIN } } } });
    // Only the news: the booking's own events go to the webhooks subscribed to them.
    expect(await store.db.selectFrom('outbox').select('topic').where('kind', '=', 'webhook').execute()).toEqual([{ topic: 'booking.meeting_ready' }]);
  });

  it('holds the confirmation a moment so it carries the link, in its text and its invite', async () => {
    const booking = await book();
    await deliver();
    expect(smtp.messages).toHaveLength(0);
    await deliver(clock.now + MEETING_WAIT_MS);
    const [confirmation] = mailTo('zoe@example.org');
    expect(confirmation!.subject).toMatch(/^Confirmed/);
    expect(confirmation!.text).toContain(JOIN);
    const event = inviteOf(confirmation!).getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('url')).toBe(JOIN);
    expect(event.getFirstPropertyValue('sequence')).toBe(1);
    expect(mailTo('bo@example.com')[0]!.text).toContain(JOIN);
    await drain();
    // The link was there in time: nobody gets a second email about it.
    expect(smtp.messages.filter((m) => m.subject?.startsWith('Where to meet'))).toHaveLength(0);
    void booking;
  });

  it('sends a link that comes after the first emails as an updated REQUEST with a higher SEQUENCE', async () => {
    zoom.on('POST', MEETINGS, { status: 503, body: 'unavailable' }, created);
    const booking = await book();
    await deliver();
    await deliver(clock.now + MEETING_WAIT_MS);
    const [first] = mailTo('zoe@example.org');
    expect(first!.text).toContain('Video call (the link follows by email)');
    expect(first!.text).not.toContain('zoom.us');
    const firstSequence = inviteOf(first!).getFirstSubcomponent('vevent')!.getFirstPropertyValue('sequence') as unknown as number;

    await drain();
    expect((await read(booking)).location).toMatchObject({ joinUrl: JOIN });
    const news = mailTo('zoe@example.org').filter((m) => m.subject?.startsWith('Where to meet'));
    expect(news).toHaveLength(1);
    expect(news[0]!.text).toContain(JOIN);
    const invite = inviteOf(news[0]!);
    expect(invite.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = invite.getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('sequence')).toBeGreaterThan(firstSequence);
    expect(event.getFirstPropertyValue('uid')).toBe(inviteOf(first!).getFirstSubcomponent('vevent')!.getFirstPropertyValue('uid'));
    // The host hears of it in their own language (Bo reads French).
    expect(mailTo('bo@example.com').some((m) => m.text?.includes(JOIN) && m.subject?.startsWith('Lieu du rendez-vous'))).toBe(true);
  });

  it('moves the Zoom meeting when the booking is rescheduled, and removes it when it is cancelled', async () => {
    const booking = await book();
    await drain();
    const moved = await postJson(app, `/api/v1/bookings/${booking.id}/reschedule`, { token: tokenOf(booking), start: '2026-12-02T14:00:00Z' });
    expect(moved.status).toBe(200);
    await drain();
    const [patch] = zoom.sent('PATCH', MEETING);
    expect(JSON.parse(patch!.body)).toMatchObject({ start_time: '2026-12-02T14:00:00Z', duration: 30 });
    expect((await read(booking)).location).toMatchObject({ joinUrl: JOIN });

    const cancelled = await postJson(app, `/api/v1/bookings/${booking.id}/cancel`, { token: tokenOf(booking) });
    expect(cancelled.status).toBe(200);
    await drain();
    expect(zoom.sent('DELETE', MEETING)).toHaveLength(1);
    expect((await meetingRow(booking.id)).status).toBe('removed');
    expect((await activity(booking.id)).map((a) => a.type).sort()).toEqual(['cancelled', 'created', 'meeting_created', 'meeting_removed', 'meeting_updated', 'rescheduled']);
  });

  it('moves the meeting to the new host’s Zoom account when the booking is reassigned', async () => {
    const booking = await book();
    await drain();
    zoom.on('POST', MEETINGS, { status: 201, body: { id: 99911122233, join_url: 'https://us02web.zoom.us/j/99911122233' } });
    const res = await admin(app, 'POST', `/api/v1/admin/bookings/${booking.id}/reassign`, { member: 'ana' });
    expect(res.status).toBe(200);
    await drain();
    // Ana names no Zoom user: her email is her Zoom login.
    expect(zoom.sent('POST', MEETINGS).map((r) => r.url)).toEqual(['/v2/users/zoom-user-bo/meetings', '/v2/users/ana%40example.com/meetings']);
    expect(zoom.sent('DELETE', MEETING)).toHaveLength(1);
    expect((await read(booking)).location).toEqual({ type: 'video', provider: 'zoom', joinUrl: 'https://us02web.zoom.us/j/99911122233' });
    expect(await meetingRow(booking.id)).toMatchObject({ member_id: 'ana', meeting_id: '99911122233' });
    // The reassignment's emails waited for the new link: nobody is sent the old one, then the new.
    const reassigned = mailTo('zoe@example.org').filter((m) => m.subject !== mailTo('zoe@example.org')[0]!.subject);
    expect(reassigned.map((m) => [m.subject, m.text?.includes('99911122233')])).toEqual([[expect.stringMatching(/^Host changed/), true]]);
  });

  it('makes no meeting for a booking cancelled before its provider answered', async () => {
    const booking = await book();
    await postJson(app, `/api/v1/bookings/${booking.id}/cancel`, { token: tokenOf(booking) });
    await drain();
    expect(zoom.sent('POST', MEETINGS)).toHaveLength(0);
    expect((await meetingRow(booking.id)).status).toBe('removed');
  });

  it('waits as long as Zoom says in Retry-After before asking again', async () => {
    zoom.on('POST', MEETINGS, { status: 429, headers: { 'retry-after': '120' }, body: { code: 429, message: 'Too many requests' } }, created);
    const booking = await book();
    await deliver();
    const row = await store.db.selectFrom('outbox').selectAll().where('booking_id', '=', booking.id).where('kind', '=', 'meeting').executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    expect(Date.parse(row.due_at) - clock.now).toBe(120_000);
  });

  it('leaves the booking at its fallback location when Zoom keeps failing, and says so in the activity', async () => {
    await stop();
    await start(zoomConfig({ type: 'phone', number: '+33 1 23 45 67 89' }));
    zoom.on('POST', MEETINGS, { status: 503, body: 'unavailable' });
    const booking = await book();
    await drain();
    expect(zoom.sent('POST', MEETINGS).length).toBe(6);
    expect((await read(booking)).location).toEqual({ type: 'phone', number: '+33 1 23 45 67 89' });
    const fallback = (await activity(booking.id)).find((a) => a.type === 'meeting_fallback');
    expect(fallback?.data).toMatchObject({ provider: 'zoom', location: 'phone', error: expect.stringContaining('HTTP 503') });
    expect((await meetingRow(booking.id)).status).toBe('fallback');
    const meetingOutbox = await store.db.selectFrom('outbox').selectAll().where('booking_id', '=', booking.id).where('kind', '=', 'meeting').executeTakeFirstOrThrow();
    expect(meetingOutbox.status).toBe('failed');
    // Everyone told "the link follows" is told where to meet instead.
    const news = mailTo('zoe@example.org').filter((m) => m.subject?.startsWith('Where to meet'));
    expect(news).toHaveLength(1);
    expect(news[0]!.text).toContain('+33 1 23 45 67 89');
    // A later move has no Zoom meeting to move.
    await postJson(app, `/api/v1/bookings/${booking.id}/reschedule`, { token: tokenOf(booking), start: '2026-12-02T14:00:00Z' });
    await drain();
    expect(zoom.sent('PATCH', MEETING)).toHaveLength(0);
  });

  it('falls back at once, with a Jitsi room, when Zoom refuses the request itself', async () => {
    zoom.on('POST', MEETINGS, { status: 404, body: { code: 1001, message: 'User does not exist: zoom-user-bo.' } });
    const booking = await book();
    await deliver();
    expect(zoom.sent('POST', MEETINGS)).toHaveLength(1);
    expect((await read(booking)).location).toEqual({ type: 'video', joinUrl: expect.stringMatching(/^https:\/\/meet\.jit\.si\/kairos-/) });
    const fallback = (await activity(booking.id)).find((a) => a.type === 'meeting_fallback');
    expect(fallback?.data.error).toContain('User does not exist');
    // The emails held for the link carry the fallback instead: no second email.
    await drain();
    const [confirmation] = mailTo('zoe@example.org');
    expect(confirmation!.text).toContain('https://meet.jit.si/kairos-');
    expect(mailTo('zoe@example.org')).toHaveLength(1);
  });

  it('never writes the provider’s secrets or tokens into the database', async () => {
    zoom.on('POST', MEETINGS, { status: 503, body: 'unavailable' }, created);
    await book();
    await drain();
    for (const table of ['outbox', 'outbox_attempts', 'activity', 'booking_meetings'] as const) {
      const text = JSON.stringify(await store.db.selectFrom(table).selectAll().execute());
      expect(text).not.toContain('secret');
      expect(text).not.toContain('"tok"');
    }
  });
});
