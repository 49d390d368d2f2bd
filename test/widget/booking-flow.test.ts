/** The whole visitor flow against the real server (in-memory database, fixture team). */
import { expect, oneEvent } from '@open-wc/testing';
import type { BookingResponse } from '../../shared/api-schemas.js';
import {
  api, bookDirectly, fill, find, findAll, pickFirstDay, pickFirstSlot, slotsOf, submit, tokenOf, until, widget,
} from './widget-driver.js';

const visitor = { name: 'Yuki Tanaka', email: 'yuki@example.com', company: 'Tanaka KK', consent: true };

describe('booking flow (real server)', () => {
  it('lists the page’s entries with duration, location type and description', async () => {
    const el = await widget({ page: 'widget-test', locale: 'en-US' });
    const entries = findAll(el, 'button.entry');
    expect(entries.map((e) => e.querySelector('strong')!.textContent)).to.deep.equal(['Consultation', 'Design review']);
    expect(entries[0].textContent).to.contain('30 min · Video call').and.contain('A first talk about your project.');
    expect(entries[1].textContent).to.contain('60 min · Phone call');
  });

  it('skips the entry list when the page has one entry', async () => {
    const el = await widget({ page: 'solo', locale: 'en-US' });
    expect(find(el, 'kairos-entry-list')).to.equal(null);
    expect(find(el, '.step h2')!.textContent).to.equal('Consultation');
  });

  it('books a slot shown in the visitor’s zone and fires each event with the documented details', async () => {
    const el = await widget({ page: 'widget-test', locale: 'en-US', timezone: 'Asia/Tokyo', 'hour-cycle': 'h23' });
    const seen: Record<string, unknown> = {};
    for (const name of ['kairos-event-selected', 'kairos-date-selected', 'kairos-slot-selected', 'kairos-booked']) {
      el.addEventListener(name, (e) => (seen[name] = (e as CustomEvent).detail));
    }
    findAll(el, 'button.entry')[0].click();
    expect(seen['kairos-event-selected']).to.deep.equal({ event: 'consult' });
    const day = await pickFirstDay(el);
    expect(seen['kairos-date-selected']).to.deep.equal({ date: day });
    const slot = await pickFirstSlot(el);
    const { start } = seen['kairos-slot-selected'] as { start: string };
    expect(seen['kairos-slot-selected']).to.deep.equal({ event: 'consult', start });
    // A 24-hour clock pads its hours in the list as in the summary's range ("09:00–09:30").
    const tokyo = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    expect(slot.textContent!.trim()).to.equal(tokyo.format(new Date(start)));

    await fill(el, visitor);
    const booked = oneEvent(el, 'kairos-booked');
    submit(el);
    const detail = (await booked).detail as BookingResponse;
    expect(detail).to.include({ status: 'confirmed', event: 'consult', start, timezone: 'Asia/Tokyo' });
    expect(detail.hosts).to.deep.equal([{ name: 'Mia Jensen' }]);
    expect(Object.keys(detail).sort()).to.deep.equal(['end', 'event', 'hosts', 'id', 'start', 'status', 'timezone']);

    const confirmation = await until(() => find(el, 'kairos-confirmation'), 'the confirmation');
    expect(confirmation.querySelector('h2')!.textContent).to.contain('You are booked');
    expect(confirmation.textContent).to.contain('Mia Jensen').and.contain('Consultation');
    const manageUrl = confirmation.querySelector<HTMLAnchorElement>('a[part="manage-link"]')!.href;
    const stored = await api<BookingResponse>(`bookings/${detail.id}?token=${tokenOf({ manageUrl })}`);
    expect(stored).to.include({ status: 'confirmed', start, timezone: 'Asia/Tokyo' });
    const links = [...confirmation.querySelectorAll<HTMLAnchorElement>('.calendar-links a')].map((a) => a.href);
    expect(links[0]).to.equal(stored.icsUrl);
    expect(links[1]).to.contain('calendar.google.com').and.contain(start.replace(/[-:]/g, '').replace(/\.\d+/, '').slice(0, 15));
    expect(links[2]).to.contain('outlook.live.com');
    // Outgoing links carry no Referer: on the manage page the URL holds the manage token.
    for (const a of confirmation.querySelectorAll<HTMLAnchorElement>('a[target="_blank"]')) expect(a.rel.split(' ')).to.include.members(['noopener', 'noreferrer']);
  });

  it('sends the visitor back to the chosen day’s fresh slots when the time was taken meanwhile', async () => {
    const el = await widget({ page: 'solo', locale: 'en-US', timezone: 'UTC' });
    const day = await pickFirstDay(el);
    const chosen = oneEvent(el, 'kairos-slot-selected');
    const taken = await pickFirstSlot(el);
    const { start } = (await chosen).detail as { start: string };
    // The widget's hold on the time lapses (let go here as on leaving the page), and another visitor takes it.
    await until(() => find(el, 'kairos-booking-form .notice:not(.skeleton-text)'), 'the hold');
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    const day0 = new Date(`${day}T00:00:00Z`);
    for (let i = 0; i < 100 && !(await slotsOf('solo', 'consult', 'UTC', day0, 1)).some((s) => s.start === start); i++) await new Promise((r) => setTimeout(r, 20));
    await bookDirectly('solo', 'consult', start);
    await fill(el, visitor);
    const failed = oneEvent(el, 'kairos-error');
    submit(el);
    expect((await failed).detail).to.include({ code: 'slot_unavailable' });
    const alert = await until(() => find(el, '[role="alert"]'), 'the error');
    expect(alert.textContent).to.contain('that time was just taken');
    expect(find(el, 'kairos-month-grid')).to.not.equal(null);
    const label = taken.textContent!.trim();
    // The day stays chosen (it still has times) and its times are asked for again, without a click.
    await until(() => find(el, 'button.slot') && !findAll(el, 'button.slot').some((b) => b.textContent!.trim() === label), 'the day’s fresh times');
    expect(find(el, 'td[aria-selected="true"] .day')!.dataset.day).to.equal(day);
    expect(findAll(el, 'button.slot').length).to.be.greaterThan(0);
  });

  it('shows a booking that needs approval as a pending request', async () => {
    const el = await widget({ page: 'widget-test', locale: 'en-US', event: 'review' });
    await pickFirstDay(el);
    await pickFirstSlot(el);
    await fill(el, { name: 'Ola Nordmann', email: 'ola@example.com' });
    const booked = oneEvent(el, 'kairos-booked');
    submit(el);
    expect((await booked).detail.status).to.equal('pending');
    const confirmation = await until(() => find(el, 'kairos-confirmation'), 'the confirmation');
    expect(confirmation.querySelector('h2')!.textContent).to.contain('Request sent');
    expect(confirmation.querySelector('.notice')!.textContent).to.contain('Not booked yet');
  });

  it('tells the visitor who they will meet when the page’s member is away and a colleague takes the time', async () => {
    const slots = await slotsOf('away', 'consult', 'UTC', new Date());
    expect(slots.length).to.be.greaterThan(0);
    expect(slots.every((s) => s.host?.name === 'Noa Dubois')).to.equal(true);
    const el = await widget({ page: 'away', locale: 'fr' });
    await pickFirstDay(el);
    await pickFirstSlot(el);
    // "With Noa Dubois" in French: the slot's host, not the page's member.
    expect(find(el, 'kairos-booking-form .summary')!.textContent).to.contain('Avec Noa Dubois');
  });
});
