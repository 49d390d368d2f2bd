/**
 * Bookings written into members' own CalDAV calendars, against a real Radicale (`support/radicale.ts`)
 * on each store: the booking appears from the outbox, moves with a reschedule, leaves with a
 * cancel, changes calendars with a reassignment; a changed event (412) is written over; a calendar
 * that refuses is said in the activity and the booking stands; our own events block no time twice.
 */
import ICAL from 'ical.js';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { calendarHandler, ownBookingEvent } from '../../../server/booking/write-calendars.js';
import { CalendarBusy } from '../../../server/integrations/calendar-busy.js';
import { createMailer, deliverDue } from '../../../server/notify/index.js';
import { webhookDirectory } from '../../../server/store/config-repository.js';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, demoRequest, postJson, PUBLIC_URL, seed, teamConfig, testApp, tokenOf } from '../support/fixtures.js';
import { silentLog } from '../support/notify-fixtures.js';
import { basic, davRequest, radicaleMissing, startRadicale, type Radicale } from '../support/radicale.js';

if (radicaleMissing) console.log(`Skipping the calendar write-back suite: ${radicaleMissing}`);

afterAll(disposeStores);

const users = { ana: 'ana-secret', bo: 'bo-secret' } as const;
type User = keyof typeof users;

interface StoredEvent {
  uid: string;
  start: string;
  summary: string;
  status: string;
  sequence: number;
}

/** Every event in the collection, read back with a calendar-query REPORT. */
async function eventsIn(url: string, user: User): Promise<StoredEvent[]> {
  const response = await fetch(url, {
    method: 'REPORT',
    headers: { authorization: basic(user, users[user]), depth: '1', 'content-type': 'application/xml; charset=utf-8' },
    body: `<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter></C:filter>
</C:calendar-query>`,
  });
  expect(response.status).toBe(207);
  const text = await response.text();
  return [...text.matchAll(/<(?:\w+:)?calendar-data[^>]*>([\s\S]*?)<\/(?:\w+:)?calendar-data>/g)].map((match) => {
    const ics = match[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&#13;/g, '\r');
    const calendar = new ICAL.Component(ICAL.parse(ics));
    expect(calendar.getFirstPropertyValue('method')).toBeNull();
    const event = calendar.getFirstSubcomponent('vevent')!;
    return {
      uid: String(event.getFirstPropertyValue('uid')),
      start: (event.getFirstPropertyValue('dtstart') as unknown as InstanceType<typeof ICAL.Time>).toJSDate().toISOString(),
      summary: String(event.getFirstPropertyValue('summary')),
      status: String(event.getFirstPropertyValue('status')),
      sequence: Number(event.getFirstPropertyValue('sequence')),
    };
  });
}

describe.skipIf(radicaleMissing !== undefined)('calendar write-back (Radicale)', () => {
  let radicale: Radicale;
  beforeAll(async () => {
    radicale = await startRadicale(users);
  });
  afterAll(async () => {
    await radicale?.stop();
  });

  describe.each(backends.map((b) => [b.name, b] as const))('on %s', (_name, backend) => {
    let store: Store;
    let app: ReturnType<typeof testApp>['app'];
    let clock: ReturnType<typeof testApp>['clock'];
    let calendars: Record<User, string>;

    /** A fresh calendar per member and test; `password` overrides Bo's, to make his calendar refuse. */
    async function start(options: { boPassword?: string } = {}) {
      calendars = { ana: `${radicale.url}/ana/${randomUUID()}/`, bo: `${radicale.url}/bo/${randomUUID()}/` };
      for (const user of ['ana', 'bo'] as const) await davRequest('MKCALENDAR', calendars[user], [user, users[user]]);
      const config = teamConfig();
      for (const user of ['ana', 'bo'] as const) {
        const password = user === 'bo' ? (options.boPassword ?? users.bo) : users[user];
        config.members!.find((m) => m.id === user)!.calendars = [{ type: 'caldav', url: calendars[user], username: user, password, writeTo: true }];
      }
      store = await backend.open();
      await seed(store, config);
      ({ app, clock } = testApp(store));
    }

    const mailer = createMailer({ outboxDir: join(tmpdir(), 'kairos-write-back-mail'), mailFrom: 'k@example.com', publicUrl: PUBLIC_URL });
    const calendarsHandler = () => calendarHandler({ store, publicUrl: PUBLIC_URL, caldav: { timeoutMs: 5_000 } });
    /** Runs every calendar row due by `at` (emails and webhooks are another suite's). */
    async function drainCalendars(at = clock.now) {
      for (;;) {
        const next = await store.db.selectFrom('outbox').select('due_at').where('status', '=', 'pending').where('kind', '=', 'calendar').orderBy('due_at').executeTakeFirst();
        if (!next || Date.parse(next.due_at) > at) return;
        await store.db.updateTable('outbox').set({ status: 'cancelled' }).where('status', '=', 'pending').where('kind', '!=', 'calendar').execute();
        await deliverDue(store, Math.max(clock.now, Date.parse(next.due_at)), { mailer, webhooks: webhookDirectory(store.db), log: silentLog, calendars: calendarsHandler() });
      }
    }
    const book = async () => {
      const res = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest('2026-12-01T10:00:00Z', { answers: { company: 'ACME', country: 'FR' } }));
      expect(res.status).toBe(201);
      return (await res.json()) as { id: string; manageUrl: string };
    };
    const activity = async (id: string) => (await store.db.selectFrom('activity').selectAll().where('booking_id', '=', id).orderBy('at').execute()).map((a) => ({ type: a.type, data: JSON.parse(a.data) as Record<string, unknown> }));
    const uidOf = async (id: string) => (await store.db.selectFrom('bookings').select('uid').where('id', '=', id).executeTakeFirstOrThrow()).uid;

    it('writes the booking into the member’s calendar, moves it with a reschedule and removes it with a cancel', async () => {
      await start();
      const booking = await book();
      const uid = await uidOf(booking.id);
      // Nothing is written inside the booking's request: the outbox does it.
      expect(await eventsIn(calendars.bo, 'bo')).toEqual([]);

      await drainCalendars();
      const [written] = await eventsIn(calendars.bo, 'bo');
      // In Bo's language, with the customer's name, as members' invites say it.
      expect(written).toMatchObject({ uid, start: '2026-12-01T10:00:00.000Z', summary: 'Démo produit – Zoé Client', status: 'CONFIRMED' });
      expect(await eventsIn(calendars.ana, 'ana')).toEqual([]);
      const row = await store.db.selectFrom('booking_calendar_events').selectAll().where('booking_id', '=', booking.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ member_id: 'bo', calendar: calendars.bo, href: `${calendars.bo}${encodeURIComponent(uid)}.ics` });
      expect(row.etag).toMatch(/^"/);

      const moved = await postJson(app, `/api/v1/bookings/${booking.id}/reschedule`, { token: tokenOf(booking), start: '2026-12-02T14:00:00Z' });
      expect(moved.status).toBe(200);
      await drainCalendars();
      const after = await eventsIn(calendars.bo, 'bo');
      expect(after).toHaveLength(1);
      expect(after[0]).toMatchObject({ uid, start: '2026-12-02T14:00:00.000Z' });
      expect(after[0]!.sequence).toBeGreaterThan(written!.sequence);
      const newRow = await store.db.selectFrom('booking_calendar_events').select('etag').where('booking_id', '=', booking.id).executeTakeFirstOrThrow();
      expect(newRow.etag).not.toBe(row.etag);

      const cancelled = await postJson(app, `/api/v1/bookings/${booking.id}/cancel`, { token: tokenOf((await moved.json()) as { manageUrl: string }) });
      expect(cancelled.status).toBe(200);
      await drainCalendars();
      expect(await eventsIn(calendars.bo, 'bo')).toEqual([]);
      expect(await store.db.selectFrom('booking_calendar_events').selectAll().where('booking_id', '=', booking.id).execute()).toEqual([]);
    });

    it('moves the event from the old member’s calendar to the new one’s on a reassignment', async () => {
      await start();
      const booking = await book();
      await drainCalendars();
      expect(await eventsIn(calendars.bo, 'bo')).toHaveLength(1);
      const res = await admin(app, 'POST', `/api/v1/admin/bookings/${booking.id}/reassign`, { member: 'ana' });
      expect(res.status).toBe(200);
      await drainCalendars();
      expect(await eventsIn(calendars.bo, 'bo')).toEqual([]);
      const [event] = await eventsIn(calendars.ana, 'ana');
      // Ana reads Portuguese; the title has none, so the default.
      expect(event).toMatchObject({ uid: await uidOf(booking.id), start: '2026-12-01T10:00:00.000Z' });
    });

    it('writes over an event changed in the calendar since (412), once read again', async () => {
      await start();
      const booking = await book();
      await drainCalendars();
      const row = await store.db.selectFrom('booking_calendar_events').selectAll().where('booking_id', '=', booking.id).executeTakeFirstOrThrow();
      // Bo moves the event by hand in his calendar app: its ETag is no longer the one Kairos wrote.
      const edited = await (await fetch(row.href, { headers: { authorization: basic('bo', users.bo) } })).text();
      const put = await fetch(row.href, { method: 'PUT', headers: { authorization: basic('bo', users.bo), 'content-type': 'text/calendar' }, body: edited.replace(/DTSTART:20261201T100000Z/, 'DTSTART:20261201T093000Z') });
      expect([201, 204]).toContain(put.status);
      expect(put.headers.get('etag')).not.toBe(row.etag);
      expect((await eventsIn(calendars.bo, 'bo'))[0]!.start).toBe('2026-12-01T09:30:00.000Z');

      const moved = await postJson(app, `/api/v1/bookings/${booking.id}/reschedule`, { token: tokenOf(booking), start: '2026-12-03T11:00:00Z' });
      expect(moved.status).toBe(200);
      await drainCalendars();
      const events = await eventsIn(calendars.bo, 'bo');
      expect(events.map((e) => e.start)).toEqual(['2026-12-03T11:00:00.000Z']);
      // Written over on the first try: the 412 was answered by reading the event again, not by the outbox's retry.
      expect((await store.db.selectFrom('outbox').select(['status', 'attempts']).where('kind', '=', 'calendar').execute())).toEqual([{ status: 'sent', attempts: 1 }, { status: 'sent', attempts: 1 }]);
    });

    it('says in the activity that a refusing calendar could not be written, and the booking stands', async () => {
      await start({ boPassword: 'wrong' });
      const booking = await book();
      await drainCalendars();
      const failed = (await activity(booking.id)).filter((a) => a.type === 'calendar_write_failed');
      expect(failed).toHaveLength(1);
      expect(failed[0]!.data).toMatchObject({ member: 'bo', calendar: new URL(radicale.url).host, error: 'CalDAV PUT answered HTTP 401' });
      expect(JSON.stringify(failed)).not.toContain('wrong');
      const res = await app.request(`/api/v1/bookings/${booking.id}?token=${tokenOf(booking)}`);
      expect(((await res.json()) as { status: string }).status).toBe('confirmed');
      const [row] = await store.db.selectFrom('outbox').select(['status', 'attempts']).where('kind', '=', 'calendar').execute();
      // A refusal is not retried: a wrong password stays wrong until someone fixes it.
      expect(row).toEqual({ status: 'failed', attempts: 1 });
    });

    it('rewrites the event without the customer once they are erased, in the member’s language', async () => {
      await start();
      const booking = await book();
      await drainCalendars();
      const row = await store.db.selectFrom('booking_calendar_events').selectAll().where('booking_id', '=', booking.id).executeTakeFirstOrThrow();
      const raw = async () => (await fetch(row.href, { headers: { authorization: basic('bo', users.bo) } })).text();
      // Written with the customer, as members' invites say it.
      expect(await raw()).toMatch(/Zoé Client/);
      expect(await raw()).toMatch(/ACME/);

      const erased = await admin(app, 'DELETE', '/api/v1/admin/customers/zoe%40example.org');
      expect(erased.status).toBe(200);
      // Not at once: a write under way when the erasure committed finishes first.
      await drainCalendars(clock.now + 59_000);
      expect(await raw()).toMatch(/Zoé Client/);
      await drainCalendars(clock.now + 60_000);
      const [event] = await eventsIn(calendars.bo, 'bo');
      expect(event).toMatchObject({ uid: await uidOf(booking.id), start: '2026-12-01T10:00:00.000Z', summary: 'Démo produit (client effacé)', status: 'CONFIRMED' });
      const text = (await raw()).replace(/\r\n[ \t]/g, '');
      for (const personal of ['Zoé', 'Client', 'zoe@example.org', 'ACME', 'Entreprise']) expect(text).not.toContain(personal);
      // Still Kairos's event of the booking, changed in place: one event, the row's new version.
      expect(await eventsIn(calendars.bo, 'bo')).toHaveLength(1);
      const after = await store.db.selectFrom('booking_calendar_events').select('etag').where('booking_id', '=', booking.id).executeTakeFirstOrThrow();
      expect(after.etag).not.toBe(row.etag);
      const rows = await store.db.selectFrom('outbox').select(['topic', 'status']).where('kind', '=', 'calendar').where('booking_id', '=', booking.id).execute();
      expect(rows).toEqual([{ topic: 'calendar.erased', status: 'sent' }]);
    });

    it('blocks no time twice: busy time read back from the calendar skips the events of our bookings', async () => {
      await start();
      await book();
      await drainCalendars();
      await davRequest('PUT', `${calendars.bo}lunch.ics`, ['bo', users.bo], ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', 'UID:lunch@elsewhere.example', 'DTSTAMP:20261101T000000Z', 'DTSTART:20261201T120000Z', 'DTEND:20261201T130000Z', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n'));
      const member = { id: 'bo', timezone: 'UTC', calendars: [{ type: 'caldav' as const, url: calendars.bo, username: 'bo', password: users.bo, writeTo: true }] } as never;
      const window = [Date.parse('2026-12-01T00:00:00Z'), Date.parse('2026-12-02T00:00:00Z'), clock.now] as const;
      const own = await new CalendarBusy({ log: silentLog, ownEvent: ownBookingEvent(PUBLIC_URL) }).busyFor(member, ...window);
      expect(own).toEqual([{ start: Date.parse('2026-12-01T12:00:00Z'), end: Date.parse('2026-12-01T13:00:00Z') }]);
      // Without the rule the booking's own event would block its time a second time.
      const all = await new CalendarBusy({ log: silentLog }).busyFor(member, ...window);
      expect(all).toContainEqual({ start: Date.parse('2026-12-01T10:00:00Z'), end: Date.parse('2026-12-01T10:30:00Z') });
    });
  });
});
