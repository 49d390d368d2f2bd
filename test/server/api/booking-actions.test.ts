/**
 * The team's booking actions beside reassign / approve / decline / no-show: cancelling for the
 * customer (`POST …/cancel`) and asking the customer to choose a new time
 * (`POST …/ask-to-reschedule`), with the emails they send over real SMTP and the activity
 * entries the stream, its CSV and the booking detail show.
 */
import type { ParsedMail } from 'mailparser';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMailer, deliverDue } from '../../../server/notify/index.js';
import { webhookDirectory } from '../../../server/store/config-repository.js';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, demoRequest, postJson, PUBLIC_URL, seed, teamConfig, testApp, tokenOf } from '../support/fixtures.js';
import { silentLog, startSmtp } from '../support/notify-fixtures.js';

afterAll(disposeStores);

let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(() => smtp.close());

/** The team, with a reminder an hour before each demo (a request to reschedule must leave it be). */
function teamWithReminders() {
  const config = teamConfig();
  config.eventTypes![0]!.reminders = [{ minutesBefore: 60 }];
  return config;
}

describe.each(backends.map((b) => [b.name, b] as const))('booking actions on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];
  let clock: ReturnType<typeof testApp>['clock'];
  beforeEach(async () => {
    store = await backend.open();
    await seed(store, teamWithReminders());
    ({ app, clock } = testApp(store));
  });
  afterEach(() => {
    smtp.messages.length = 0;
  });

  const book = async (start: string, overrides: Record<string, unknown> = {}) => {
    const res = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest(start, overrides));
    expect(res.status).toBe(201);
    const booking = await res.json();
    const [member] = (await store.db.selectFrom('booking_members').select('member_id').where('booking_id', '=', booking.id).execute()).map((r) => r.member_id);
    return { id: booking.id as string, token: tokenOf(booking), member: member! };
  };
  const memberKey = async (member: string) => (await (await admin(app, 'POST', `/api/v1/admin/members/${member}/key`)).json()).key as string;
  const asMember = (key: string, method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  /** Sends what is due now over SMTP; answers the messages that arrived. */
  const sendDue = async (): Promise<ParsedMail[]> => {
    const before = smtp.messages.length;
    const mailer = createMailer({ smtpUrl: smtp.url, mailFrom: 'Kairos <bookings@example.com>', publicUrl: PUBLIC_URL });
    try {
      await deliverDue(store, clock.now, { mailer, webhooks: webhookDirectory(store.db), log: silentLog });
    } finally {
      mailer.close();
    }
    return smtp.messages.slice(before);
  };
  const mailTo = (mails: ParsedMail[], address: string) => {
    const found = mails.filter((m) => m.to !== undefined && !Array.isArray(m.to) && m.to.value[0]!.address === address);
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  const activityOf = (id: string, type: string) =>
    store.db.selectFrom('activity').select(['actor', 'data']).where('booking_id', '=', id).where('type', '=', type).execute();

  describe('cancelling for the customer', () => {
    it('cancels with the reason, as the admin’s act, and emails the customer the reason, escaped', async () => {
      const { id, member } = await book('2026-12-01T09:00:00Z');
      await sendDue();
      const reason = 'Ana is ill <b>& sorry</b>';
      const res = await admin(app, 'POST', `/api/v1/admin/bookings/${id}/cancel`, { reason });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id, status: 'cancelled', reason, sequence: 1 });
      expect(await activityOf(id, 'cancelled')).toEqual([{ actor: 'admin', data: JSON.stringify({ reason }) }]);

      const mails = await sendDue();
      const mail = mailTo(mails, 'zoe@example.org');
      expect(mail.subject).toMatch(/^Canceled: Product demo on /);
      expect(mail.text).toContain(`Reason: ${reason}`);
      expect(mail.html).toContain('Ana is ill &#60;b&#62;&#38; sorry&#60;/b&#62;');
      expect(mail.html).not.toContain('<b>&');
      mailTo(mails, `${member}@example.com`);
    });

    it('lets a member cancel their own booking, named in the activity, and answers 404 for another’s', async () => {
      const { id, member } = await book('2026-12-01T09:00:00Z');
      const other = member === 'ana' ? 'bo' : 'ana';
      const refused = await asMember(await memberKey(other), 'POST', `/api/v1/admin/bookings/${id}/cancel`, {});
      expect(refused.status).toBe(404);
      expect((await refused.json()).error.code).toBe('not_found');
      const res = await asMember(await memberKey(member), 'POST', `/api/v1/admin/bookings/${id}/cancel`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'cancelled', reason: null });
      expect(await activityOf(id, 'cancelled')).toEqual([{ actor: `member:${member}`, data: JSON.stringify({ reason: null }) }]);
    });

    it('refuses what the customer’s cancellation refuses a team member: a booking already cancelled, a declined request', async () => {
      const { id } = await book('2026-12-01T09:00:00Z');
      expect((await admin(app, 'POST', `/api/v1/admin/bookings/${id}/cancel`, {})).status).toBe(200);
      const again = await admin(app, 'POST', `/api/v1/admin/bookings/${id}/cancel`, {});
      expect(again.status).toBe(409);
      expect((await again.json()).error.code).toBe('invalid_state');
      const request = await postJson(app, '/api/v1/pages/solo/bookings', { ...demoRequest('2026-12-01T10:00:00Z'), event: 'office', answers: {} });
      const pending = (await request.json()).id;
      expect((await admin(app, 'POST', `/api/v1/admin/bookings/${pending}/decline`, {})).status).toBe(200);
      expect((await admin(app, 'POST', `/api/v1/admin/bookings/${pending}/cancel`, {})).status).toBe(409);
    });

    it('cancels a booking that has started, which its customer no longer can', async () => {
      const { id, token } = await book('2026-12-01T09:00:00Z');
      clock.now = Date.parse('2026-12-01T09:10:00Z');
      const customer = await postJson(app, `/api/v1/bookings/${id}/cancel`, { token });
      expect(customer.status).toBe(410);
      const res = await admin(app, 'POST', `/api/v1/admin/bookings/${id}/cancel`, { reason: 'did not happen' });
      expect(res.status).toBe(200);
      expect((await res.json()).status).toBe('cancelled');
    });
  });

  describe('asking the customer to choose a new time', () => {
    const ask = (id: string, body?: unknown) => admin(app, 'POST', `/api/v1/admin/bookings/${id}/ask-to-reschedule`, body);

    it('emails the customer, in the booking’s language, a new link to choose a time and the message, escaped; the booking stays as it is', async () => {
      const { id, token } = await book('2026-12-01T09:00:00Z', { locale: 'fr' });
      await sendDue();
      const before = await (await admin(app, 'GET', `/api/v1/admin/bookings/${id}`)).json();
      const reminders = () => store.db.selectFrom('outbox').select(['id', 'status']).where('booking_id', '=', id).where('topic', '=', 'reminder').orderBy('id').execute();
      const remindersBefore = await reminders();
      expect(remindersBefore.map((r) => r.status)).toEqual(['pending', 'pending']);

      const message = 'Désolé, <i>Ana</i> est malade & absente';
      const res = await ask(id, { message });
      expect(res.status).toBe(200);
      // The detail also gives the event type's form fields, which the action's answer does not.
      const { activity: _a, emails: _e, fields: _f, ...unchanged } = before;
      expect(await res.json()).toEqual(unchanged);
      expect(await reminders()).toEqual(remindersBefore);

      const mails = await sendDue();
      expect(mails).toHaveLength(1);
      const mail = mailTo(mails, 'zoe@example.org');
      expect(mail.subject).toMatch(/^Merci de choisir un nouvel horaire\u00a0: Démo produit le /);
      expect(mail.text).toContain('Nous souhaitons déplacer votre rendez-vous «\u00a0Démo produit\u00a0» avec ');
      expect(mail.text).toContain(`Message\u00a0: ${message}`);
      expect(mail.html).toContain('Désolé, &#60;i&#62;Ana&#60;/i&#62; est malade &#38; absente');
      expect(mail.html).not.toContain('<i>Ana');
      expect(mail.attachments.filter((a) => a.contentType.startsWith('text/calendar'))).toEqual([]);
      const link = new RegExp(`Choisir un nouvel horaire\u00a0: (${PUBLIC_URL}/manage/${id}\\?token=\\S+)`).exec(mail.text!)?.[1];
      expect(link).toBeDefined();
      expect(mail.html).toContain(`href="${link}"`);

      // The new link works, and so does the first one, which the earlier emails and the invite carry.
      const fresh = new URL(link!).searchParams.get('token')!;
      expect(fresh).not.toBe(token);
      for (const t of [fresh, token]) expect((await app.request(`/api/v1/bookings/${id}?token=${encodeURIComponent(t)}`)).status).toBe(200);
      const moved = await postJson(app, `/api/v1/bookings/${id}/reschedule`, { token: fresh, start: '2026-12-01T11:00:00Z' });
      expect(moved.status).toBe(200);
      expect((await moved.json()).start).toBe('2026-12-01T11:00:00Z');
      // Sent, the email keeps no working link.
      const row = await store.db.selectFrom('outbox').select('payload').where('booking_id', '=', id).where('topic', '=', 'reschedule_requested').executeTakeFirstOrThrow();
      expect(row.payload).not.toContain(fresh);
    });

    it('writes the request in English without a message when none is given', async () => {
      const { id } = await book('2026-12-01T09:00:00Z');
      await sendDue();
      expect((await ask(id)).status).toBe(200);
      const mail = mailTo(await sendDue(), 'zoe@example.org');
      expect(mail.subject).toMatch(/^Please choose a new time: Product demo on /);
      expect(mail.text).toContain('Choose a new time: http://kairos.test/manage/');
      expect(mail.text).not.toContain('Message:');
      expect(await activityOf(id, 'reschedule_requested')).toEqual([{ actor: 'admin', data: JSON.stringify({ message: null }) }]);
    });

    it('is recorded by its asker, and the stream, its filters, the CSV and the booking detail show it', async () => {
      const { id, member } = await book('2026-12-01T09:00:00Z');
      clock.now += 60_000;
      const res = await asMember(await memberKey(member), 'POST', `/api/v1/admin/bookings/${id}/ask-to-reschedule`, { message: 'Could we move it?' });
      expect(res.status).toBe(200);
      const entry = { type: 'reschedule_requested', actor: `member:${member}`, data: { message: 'Could we move it?' } };

      const stream = await (await admin(app, 'GET', `/api/v1/admin/activity?member=${member}&view=upcoming`)).json();
      expect(stream.items[0]).toMatchObject({ ...entry, at: '2026-11-30T12:01:00Z', booking: { id, status: 'confirmed' } });
      const cancelledOnly = await (await admin(app, 'GET', '/api/v1/admin/activity?status=cancelled')).json();
      expect(cancelledOnly.items).toEqual([]);

      const csv = await (await admin(app, 'GET', `/api/v1/admin/activity.csv?q=${id}`)).text();
      expect(csv.split('\r\n')[1]).toMatch(new RegExp(`^2026-11-30T12:01:00Z,reschedule_requested,member:${member},${id},confirmed,demo,sales,2026-12-01T09:00:00Z,`));

      const detail = await (await admin(app, 'GET', `/api/v1/admin/bookings/${id}`)).json();
      expect(detail.activity.map((a: { type: string }) => a.type)).toEqual(['created', 'reschedule_requested']);
      expect(detail.activity[1]).toMatchObject(entry);
      expect(detail.emails).toContainEqual({ template: 'rescheduleRequested', recipient: 'customer', status: 'pending', sentAt: null });

      await sendDue();
      const sent = await (await admin(app, 'GET', `/api/v1/admin/bookings/${id}`)).json();
      expect(sent.emails).toContainEqual({ template: 'rescheduleRequested', recipient: 'customer', status: 'sent', sentAt: '2026-11-30T12:01:00Z' });
      expect(sent.activity).toContainEqual(
        expect.objectContaining({ type: 'notification_sent', actor: 'system', data: { kind: 'email', template: 'rescheduleRequested', recipient: 'customer' } }),
      );
    });

    it('refuses, writing nothing, a booking that is cancelled, declined, has started or is another member’s', async () => {
      const cancelled = await book('2026-12-01T09:00:00Z');
      await admin(app, 'POST', `/api/v1/admin/bookings/${cancelled.id}/cancel`, {});
      const request = await postJson(app, '/api/v1/pages/solo/bookings', { ...demoRequest('2026-12-01T10:00:00Z'), event: 'office', answers: {} });
      const declined = (await request.json()).id;
      await admin(app, 'POST', `/api/v1/admin/bookings/${declined}/decline`, {});
      const started = await book('2026-12-01T11:00:00Z');
      const others = await book('2026-12-01T12:00:00Z');
      const outboxBefore = (await store.db.selectFrom('outbox').select('id').execute()).length;

      for (const id of [cancelled.id, declined]) {
        const res = await ask(id, { message: 'please' });
        expect(res.status).toBe(409);
        expect((await res.json()).error.code).toBe('invalid_state');
      }
      const stranger = await asMember(await memberKey(others.member === 'ana' ? 'bo' : 'ana'), 'POST', `/api/v1/admin/bookings/${others.id}/ask-to-reschedule`, {});
      expect(stranger.status).toBe(404);
      clock.now = Date.parse('2026-12-01T11:00:00Z');
      const late = await ask(started.id);
      expect(late.status).toBe(409);
      expect((await late.json()).error.code).toBe('invalid_state');

      expect(await store.db.selectFrom('manage_tokens').selectAll().execute()).toEqual([]);
      expect(await store.db.selectFrom('activity').select('id').where('type', '=', 'reschedule_requested').execute()).toEqual([]);
      expect((await store.db.selectFrom('outbox').select('id').execute()).length).toBe(outboxBefore);
    });

    it('loses its message when the customer is erased, and has nobody to ask after that', async () => {
      const { id } = await book('2026-12-01T09:00:00Z');
      expect((await ask(id, { message: 'Zoé, can we move it?' })).status).toBe(200);
      expect((await admin(app, 'DELETE', '/api/v1/admin/customers/zoe@example.org')).status).toBe(200);
      expect(await activityOf(id, 'reschedule_requested')).toEqual([{ actor: 'admin', data: '{}' }]);
      const res = await ask(id);
      expect(res.status).toBe(409);
      expect((await res.json()).error.code).toBe('invalid_state');
    });

    it('refuses a message over 2000 characters or with control characters', async () => {
      const { id } = await book('2026-12-01T09:00:00Z');
      for (const message of ['x'.repeat(2001), 'bell\u0007']) {
        const res = await ask(id, { message });
        expect(res.status).toBe(422);
        expect(Object.keys((await res.json()).error.fields)).toEqual(['message']);
      }
    });
  });
});
