import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emailOf, enqueue } from '../../../server/notify/index.js';
import { openStore, type Store } from '../../../server/store/connect.js';
import { member, outboxRows, parseIcs, seedBooking, seedConfig, T0 } from '../support/notify-fixtures.js';
import { bookingChange } from '../support/booking-change.js';

const publicUrl = 'https://book.example.com/';
let store: Store;

beforeEach(async () => {
  store = await openStore('sqlite::memory:');
  await seedConfig(store.db, {
    members: [
      member({ id: 'ana', name: 'Ana', locale: 'de', timezone: 'Europe/Berlin' }),
      member({ id: 'bo', name: 'Bo', locale: 'nl', timezone: 'Europe/Amsterdam' }),
    ],
  });
});
afterEach(() => store.close());

/** The emails in the outbox as `template → recipient`, with the invite's method. */
async function emails() {
  return (await outboxRows(store.db))
    .filter((r) => r.kind === 'email')
    .map((r) => ({ template: r.data.template, email: emailOf(r.data) }))
    .map(({ template, email }) => ({ template, to: email.to.address, subject: email.subject, invite: email.invite?.method, text: email.text, ics: email.invite?.content }));
}

describe('what a booking change puts in the outbox', () => {
  it('acknowledges a request to the customer and asks each member for approval, without invites', async () => {
    await seedBooking(store.db, { status: 'pending', members: ['ana', 'bo'], locale: 'es' });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl }));
    expect((await emails()).map(({ template, to, invite }) => ({ template, to, invite }))).toEqual([
      { template: 'requested', to: 'claire@example.org', invite: undefined },
      { template: 'approvalNeeded', to: 'ana@example.com', invite: undefined },
      { template: 'approvalNeeded', to: 'bo@example.com', invite: undefined },
    ]);
    const [customer, ana, bo] = await emails();
    expect(customer.subject).toMatch(/^Solicitud recibida: Product demo el /);
    expect(ana.subject).toMatch(/^Freigabe erforderlich: Produktdemo mit Claire Dupont am /);
    expect(bo.subject).toMatch(/^Goedkeuring nodig: /);
  });

  it('sends the approval with an invite to the customer and the members', async () => {
    await seedBooking(store.db, { status: 'confirmed', members: ['ana'], locale: 'pt-BR', timezone: 'America/Sao_Paulo' });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.confirmed', bookingId: 'bk1', now: T0, publicUrl }));
    const [customer, ana] = await emails();
    expect(customer).toMatchObject({ template: 'approved', invite: 'REQUEST' });
    expect(customer.subject).toBe('Solicitação aprovada: Product demo em qui., 3 de dez. de 2026, 06:00 BRT');
    expect(ana).toMatchObject({ template: 'booked', invite: 'REQUEST' });
  });

  it('tells the customer of the new host, invites the new member and withdraws the old one', async () => {
    await seedBooking(store.db, { members: ['bo'], sequence: 2 });
    await enqueue(store.db, await bookingChange(store.db, {
      type: 'booking.reassigned',
      bookingId: 'bk1',
      now: T0,
      publicUrl,
      previous: { start: '2026-12-03T09:00:00.000Z', end: '2026-12-03T09:30:00.000Z', members: ['ana'] },
    }));
    const sent = await emails();
    expect(sent.map(({ template, to, invite }) => ({ template, to, invite }))).toEqual([
      { template: 'reassigned', to: 'claire@example.org', invite: 'REQUEST' },
      { template: 'assigned', to: 'bo@example.com', invite: 'REQUEST' },
      { template: 'unassigned', to: 'ana@example.com', invite: 'CANCEL' },
    ]);
    expect(sent[0].text).toContain('avec Bo.');
    const withdrawn = parseIcs(sent[2].ics!).getFirstSubcomponent('vevent')!;
    // The reassignment raised the booking to 2: the withdrawal outranks the old member's invite (1).
    expect(withdrawn.getFirstPropertyValue('sequence')).toBe(2);
    expect(sent[2].subject).toMatch(/^Neu zugewiesen: Produktdemo mit Claire Dupont/);
  });

  it('shows the previous time in the reschedule email and invites with the new time', async () => {
    await seedBooking(store.db, { members: ['ana'], start: '2026-12-04T14:00:00.000Z', sequence: 1, locale: 'en-GB', timezone: 'Europe/London' });
    await enqueue(store.db, await bookingChange(store.db, {
      type: 'booking.rescheduled',
      bookingId: 'bk1',
      now: T0,
      publicUrl,
      manageToken: 'new-token',
      previous: { start: '2026-12-03T09:00:00.000Z', end: '2026-12-03T09:30:00.000Z', members: ['ana'] },
    }));
    const [customer, ana] = await emails();
    expect(customer.template).toBe('rescheduled');
    expect(customer.subject).toBe('Rescheduled: Product demo is now on Fri, 4 Dec 2026, 14:00 GMT');
    expect(customer.text).toContain('Previously: Thursday, 3 December 2026, 09:00–09:30 GMT');
    expect(customer.text).toContain('https://book.example.com/manage/bk1?token=new-token');
    const event = parseIcs(customer.ics!).getFirstSubcomponent('vevent')!;
    expect(event.getFirstProperty('dtstart')!.toICALString()).toBe('DTSTART:20261204T140000Z');
    expect(event.getFirstPropertyValue('sequence')).toBe(1);
    expect(ana).toMatchObject({ template: 'rescheduled', invite: 'REQUEST' });
    expect(ana.subject).toMatch(/^Verschoben: Produktdemo ist jetzt am Fr\., 4\. Dez\. 2026, 15:00 MEZ$/);
  });

  it('tells only the customer of a declined request, with a CANCEL', async () => {
    await seedBooking(store.db, { status: 'declined', members: ['ana'], reason: 'Fully booked that week' });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.declined', bookingId: 'bk1', now: T0, publicUrl }));
    const sent = await emails();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ template: 'declined', to: 'claire@example.org', invite: 'CANCEL' });
    expect(sent[0].text).toContain('Motif\u00a0: Fully booked that week');
  });

  it('sends no email for a no-show', async () => {
    await seedBooking(store.db, { status: 'no_show', members: ['ana'] });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.no_show', bookingId: 'bk1', now: T0, publicUrl }));
    expect(await emails()).toEqual([]);
  });

  it('writes nothing when the booking transaction rolls back', async () => {
    await seedBooking(store.db, { members: ['ana'] });
    await expect(
      store.db.transaction().execute(async (trx) => {
        await enqueue(trx, await bookingChange(trx, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl }));
        expect(await trx.selectFrom('outbox').select('id').execute()).toHaveLength(2);
        throw new Error('slot taken meanwhile');
      }),
    ).rejects.toThrow('slot taken meanwhile');
    expect(await outboxRows(store.db)).toEqual([]);
  });
});
