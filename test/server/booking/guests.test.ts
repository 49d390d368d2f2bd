/** Guests: addresses a customer invites along, up to what the event type allows, told of every change but never given the manage link. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { emailOf, type OutboxPayload } from '../../../server/notify/index.js';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, demoRequest, postJson, seed, teamConfig, testApp, tokenOf } from '../support/fixtures.js';

afterAll(disposeStores);

/** An invite's ATTENDEE lines, unfolded (RFC 5545 §3.1: a long line goes on after a break and a space), in lower case. */
const attendeesOf = (ics: string) =>
  ics.replace(/\r\n[ \t]/g, '').toLowerCase().split('\r\n').filter((line) => line.startsWith('attendee'));

const sam = 'sam.guest@example.net';
const lou = 'lou.guest@example.net';

describe.each(backends.map((b) => [b.name, b] as const))('guests on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];
  beforeEach(async () => {
    store = await backend.open();
    const config = teamConfig();
    config.eventTypes![0]!.guests = { max: 2 };
    config.eventTypes![2]!.guests = { max: 1 };
    await seed(store, config);
    ({ app } = testApp(store));
  });

  const book = async (overrides: Record<string, unknown>, page = 'sales') => {
    const res = await postJson(app, `/api/v1/pages/${page}/bookings`, { ...demoRequest('2026-12-01T09:00:00Z'), ...overrides });
    return { status: res.status, body: await res.json() };
  };
  /** The emails queued for the booking, by recipient address, in the order queued. */
  const emails = async (id: string) => {
    const rows = await store.db.selectFrom('outbox').select('payload').where('booking_id', '=', id).where('kind', '=', 'email').orderBy('created_at').execute();
    return rows
      .map((r) => JSON.parse(r.payload) as OutboxPayload)
      .flatMap((p) => (p.kind === 'email' && 'to' in p && 'role' in p.to ? [{ template: p.template, to: p.to, email: emailOf(p) }] : []));
  };

  it('says on the page how many guests each entry takes, and nothing where it takes none', async () => {
    const sales = await (await app.request('/api/v1/pages/sales')).json();
    expect(sales.entries[0].guests).toBe(2);
    const solo = await (await app.request('/api/v1/pages/solo')).json();
    expect(solo.entries.find((e: { event: string }) => e.event === 'group')).not.toHaveProperty('guests');
    expect(solo.entries.find((e: { event: string }) => e.event === 'office').guests).toBe(1);
  });

  it('keeps each guest once, never the customer’s own address, and answers them with the booking', async () => {
    const { status, body } = await book({ guests: [sam, 'SAM.Guest@example.net', 'ZOE@example.org', lou] });
    expect(status).toBe(201);
    expect(body.guests).toEqual([sam, lou]);
    const row = await store.db.selectFrom('bookings').select('guests').where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.guests)).toEqual([sam, lou]);
    const read = await (await app.request(`/api/v1/bookings/${body.id}?token=${tokenOf(body)}`)).json();
    expect(read.guests).toEqual([sam, lou]);
    const detail = await (await admin(app, 'GET', `/api/v1/admin/bookings/${body.id}`)).json();
    expect(detail.guests).toEqual([sam, lou]);
    expect(detail.emails.filter((e: { recipient: string }) => e.recipient === 'guest')).toHaveLength(2);
  });

  it('refuses more guests than the event type takes, guests where it takes none, and an address that is not one, changing nothing', async () => {
    const tooMany = await book({ guests: [sam, lou, 'third@example.net'] });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error).toMatchObject({ code: 'validation_failed', fields: { guests: 'at most 2 guests' } });
    const none = await book({ event: 'group', start: '2026-12-01T10:00:00Z', answers: {}, guests: [sam] }, 'solo');
    expect(none.status).toBe(422);
    expect(none.body.error.fields).toEqual({ guests: 'this event takes no guests' });
    const bad = await book({ guests: ['not-an-address'] });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields)).toEqual([expect.stringMatching(/^guests/)]);
    expect(await store.db.selectFrom('bookings').select('id').execute()).toEqual([]);
  });

  it('sends each guest the confirmation with the invite as an attendee, and no manage link', async () => {
    const { body } = await book({ guests: [sam] });
    const mails = await emails(body.id);
    const toSam = mails.filter((m) => m.to.email === sam);
    expect(toSam.map((m) => [m.template, m.to.role])).toEqual([['confirmed', 'guest']]);
    const mail = toSam[0]!.email;
    // The customer booked in English (demoRequest): the guest is told who invited them.
    expect(mail.text).toMatch(/^Zoé Client invited you to Product demo with \S+ \S+\. The calendar invite is attached\./);
    expect(mail.text).not.toContain('token=');
    expect(mail.text).not.toContain('/manage/');
    expect(attendeesOf(mail.invite!.content).find((l) => l.endsWith(`:mailto:${sam}`))).toMatch(/role=opt-participant/);
    // Everyone's invite lists the guest; the members' emails name them too.
    const customer = mails.find((m) => m.to.role === 'customer')!.email;
    expect(attendeesOf(customer.invite!.content).filter((l) => l.endsWith(`:mailto:${sam}`))).toHaveLength(1);
    const member = mails.find((m) => m.to.role === 'member')!.email;
    expect(member.text).toContain(sam);
  });

  it('tells the guests of a reschedule and of a cancellation', async () => {
    const { body } = await book({ guests: [sam, lou] });
    await postJson(app, `/api/v1/bookings/${body.id}/reschedule`, { token: tokenOf(body), start: '2026-12-02T14:00:00Z' });
    await postJson(app, `/api/v1/bookings/${body.id}/cancel`, { token: tokenOf(body) });
    const toLou = (await emails(body.id)).filter((m) => m.to.email === lou);
    expect(toLou.map((m) => m.template)).toEqual(['confirmed', 'rescheduled', 'cancelled']);
    expect(toLou[2]!.email.invite!.method).toBe('CANCEL');
    expect(toLou.every((m) => !m.email.text.includes('token='))).toBe(true);
  });

  it('tells the guests of a request only once the host approves it', async () => {
    const { status, body } = await book({ event: 'office', start: '2026-12-01T10:00:00Z', answers: {}, guests: [sam] }, 'solo');
    expect(status).toBe(201);
    expect(body.status).toBe('pending');
    expect((await emails(body.id)).filter((m) => m.to.email === sam)).toEqual([]);
    expect((await admin(app, 'POST', `/api/v1/admin/bookings/${body.id}/approve`, {})).status).toBe(200);
    expect((await emails(body.id)).filter((m) => m.to.email === sam).map((m) => m.template)).toEqual(['approved']);
  });
});
