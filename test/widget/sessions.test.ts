/** Several sessions booked at once, against the real server: a course's picks as a list, a weekly series' dates, every session confirmed and managed. */
import { expect, oneEvent } from '@open-wc/testing';
import type { BookingResponse } from '../../shared/api-schemas.js';
import { api, fill, find, findAll, pickFirstDay, submit, tokenOf, until, widget } from './widget-driver.js';

const visitor = { name: 'Ana Estudante', email: 'ana.student@example.com' };

describe('multi-session booking (real server)', () => {
  it('collects a course’s three times as a list, lets one go, and books all three together', async () => {
    const el = await widget({ page: 'course', event: 'course', locale: 'en-US', timezone: 'UTC' });
    await pickFirstDay(el);
    await until(() => findAll(el, 'button.slot').length >= 4, 'four times');
    // Fresh each time: a picked time leaves the list, and the buttons after it move up.
    const times = () => findAll<HTMLButtonElement>(el, 'button.slot');
    const offered = times().length;
    const picked: string[] = [];
    el.addEventListener('kairos-slot-selected', (e) => picked.push((e as CustomEvent<{ start: string }>).detail.start));
    const status = () => find(el, '.picks [role="status"]')?.textContent!.trim();
    const next = () => find<HTMLButtonElement>(el, '.picks button[part="button"]')!;
    times()[0]!.click();
    await until(() => status() === '1 of 3 chosen', '1 of 3 chosen');
    times()[0]!.click();
    await until(() => status() === '2 of 3 chosen', '2 of 3 chosen');
    expect(next().disabled).to.equal(true);
    expect(times()).to.have.length(offered - 2);
    times()[1]!.click();
    await until(() => status() === '3 of 3 chosen', '3 of 3 chosen');
    // Letting the second go brings it back among the times; another is taken instead.
    findAll<HTMLButtonElement>(el, '.picks li button')[1]!.click();
    await until(() => status() === '2 of 3 chosen' && times().length === offered - 2, 'one let go');
    times()[1]!.click();
    await until(() => status() === '3 of 3 chosen' && !next().disabled, 'three again');
    expect(findAll(el, '.picks li')).to.have.length(3);
    next().click();
    const summary = await until(() => find(el, 'kairos-booking-form .summary'), 'the form');
    expect(summary.textContent!.split(' · ')).to.have.length(4);
    await fill(el, visitor);
    const booked = oneEvent(el, 'kairos-booked');
    submit(el);
    const detail = (await booked).detail as BookingResponse;
    const confirmation = await until(() => find(el, 'kairos-confirmation'), 'the confirmation');
    expect(confirmation.querySelectorAll('.sessions li')).to.have.length(3);
    // Its file holds every session; a Google or Outlook link would add only the first.
    expect([...confirmation.querySelectorAll<HTMLAnchorElement>('.calendar-links a')].map((a) => new URL(a.href).pathname.endsWith('/invite.ics'))).to.deep.equal([true]);
    const manageUrl = confirmation.querySelector<HTMLAnchorElement>('a[part="manage-link"]')!.href;
    const stored = await api<BookingResponse>(`bookings/${detail.id}?token=${tokenOf({ manageUrl })}`);
    // The first, third and fourth times of the day: the second was let go.
    expect(picked).to.have.length(4);
    expect(stored.sessions!.map((s) => s.start)).to.deep.equal([picked[0]!, picked[2]!, picked[3]!].sort());
  });

  it('shows a weekly series’ dates in the form before booking', async () => {
    const el = await widget({ page: 'course', event: 'advising', locale: 'en-US', timezone: 'UTC' });
    await pickFirstDay(el);
    (await until(() => find<HTMLButtonElement>(el, 'button.slot'), 'a time')).click();
    const summary = await until(() => find(el, 'kairos-booking-form .summary'), 'the form');
    const parts = summary.textContent!.split(' · ');
    expect(parts).to.have.length(4);
    expect(parts[0]).to.equal('Advising');
  });
});
