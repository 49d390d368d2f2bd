import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customerInvite, mailBooking } from '../../../server/notify/index.js';
import { readBooking } from '../../../server/store/booking-rows.js';
import { configSnapshot } from '../../../server/store/config-repository.js';
import { openStore, type Store } from '../../../server/store/connect.js';
import { eventType, member, parseIcs, seedBooking, seedConfig } from '../support/notify-fixtures.js';

/** The customer's current invite of a booking, as `GET …/invite.ics` answers it. */
async function bookingInvite(id: string, publicUrl: string): Promise<string> {
  const booking = (await readBooking(store.db, id))!;
  const config = await configSnapshot(store.db);
  const mail = mailBooking(booking, config.eventTypes.get(booking.eventType)!, config.pages.get(booking.page) ?? null);
  return customerInvite(mail, new Date(booking.updatedAt).toISOString(), publicUrl);
}

const publicUrl = 'https://book.example.com';
let store: Store;

beforeEach(async () => {
  store = await openStore('sqlite::memory:');
  await seedConfig(store.db, {
    members: [member({ id: 'ana', name: 'Ana Weber', email: 'ana@example.com' }), member({ id: 'bo', name: 'Bo Costa', email: 'bo@example.com' })],
    eventTypes: [eventType({ title: { en: 'Site visit', de: 'Vor-Ort-Termin' }, location: { type: 'in_person' } })],
  });
});
afterEach(() => store.close());

const event = (ics: string) => parseIcs(ics).getFirstSubcomponent('vevent')!;

describe('the invite of a booking', () => {
  it('is a REQUEST for the current time, with the booking UID, its SEQUENCE and every participant', async () => {
    await seedBooking(store.db, { members: ['ana', 'bo'], sequence: 3, locale: 'de', location: { type: 'in_person', address: 'Hauptstraße 1, Berlin' } });
    const ics = await bookingInvite('bk1', publicUrl);
    const calendar = parseIcs(ics);
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const vevent = event(ics);
    expect(vevent.getFirstPropertyValue('uid')).toBe('bk1@kairos.test');
    expect(vevent.getFirstPropertyValue('sequence')).toBe(3);
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(vevent.getFirstPropertyValue('summary')).toBe('Vor-Ort-Termin');
    expect(vevent.getFirstPropertyValue('location')).toBe('Hauptstraße 1, Berlin');
    expect(vevent.getFirstProperty('dtstamp')!.toICALString()).toBe('DTSTAMP:20261201T080000Z');
    expect(vevent.getFirstProperty('dtstart')!.toICALString()).toBe('DTSTART:20261203T090000Z');
    const attendees = vevent.getAllProperties('attendee');
    expect(attendees.map((a) => [a.getParameter('cn'), String(a.getFirstValue()).toLowerCase()])).toEqual([
      ['Claire Dupont', 'mailto:claire@example.org'],
      ['Ana Weber', 'mailto:ana@example.com'],
      ['Bo Costa', 'mailto:bo@example.com'],
    ]);
    expect(vevent.getFirstProperty('organizer')!.getParameter('cn')).toBe('Ana Weber');
  });

  it('is a tentative REQUEST while the booking awaits approval', async () => {
    await seedBooking(store.db, { status: 'pending', members: ['ana'] });
    expect(event(await bookingInvite('bk1', publicUrl)).getFirstPropertyValue('status')).toBe('TENTATIVE');
  });

  it('is a CANCEL at the booking’s SEQUENCE (raised by the cancel or decline itself) once the booking is cancelled or declined', async () => {
    await seedBooking(store.db, { id: 'bk1', status: 'cancelled', members: ['ana'], sequence: 2 });
    await seedBooking(store.db, { id: 'bk2', status: 'declined', members: ['ana'], sequence: 1 });
    for (const [id, sequence] of [['bk1', 2], ['bk2', 1]] as const) {
      const ics = await bookingInvite(id, publicUrl);
      expect(parseIcs(ics).getFirstPropertyValue('method')).toBe('CANCEL');
      expect(event(ics).getFirstPropertyValue('uid')).toBe(`${id}@kairos.test`);
      expect(event(ics).getFirstPropertyValue('sequence')).toBe(sequence);
      expect(event(ics).getFirstPropertyValue('status')).toBe('CANCELLED');
    }
  });

  it('escapes commas, semicolons and newlines, and folds long lines, so customer text comes back intact', async () => {
    const name = 'Dupont, Claire; "CEO"';
    const reason = `Sorry, can't make it; moving house.\nTry again next week?\n${'Very long explanation '.repeat(8)}— merci, à bientôt ✨`;
    const address = 'Rue de la Paix 12; 3rd floor, door B\n75002 Paris';
    await seedBooking(store.db, { status: 'cancelled', name, reason, members: ['ana'], locale: 'en-US', location: { type: 'in_person', address } });
    const ics = await bookingInvite('bk1', publicUrl);

    const lines = ics.split('\r\n');
    expect(lines.every((line) => Buffer.byteLength(line, 'utf8') <= 75)).toBe(true);
    expect(lines.some((line) => line.startsWith(' '))).toBe(true);
    expect(ics.replace(/\r\n /g, '')).toContain('LOCATION:Rue de la Paix 12\\; 3rd floor\\, door B\\n75002 Paris');

    const vevent = event(ics);
    expect(vevent.getFirstPropertyValue('location')).toBe(address);
    expect(vevent.getFirstPropertyValue('description')).toBe(`Reason: ${reason}`);
    expect(vevent.getAllProperties('attendee')[0].getParameter('cn')).toBe(name);
  });
});
