/** Manage mode against the real server: the page a confirmation email's link opens. */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { BookingResponse } from '../../shared/api-schemas.js';
import { useLocale } from '../../widget/controllers/localize.js';
import type { ManageBooking } from '../../widget/steps/manage-booking.js';
import { api, bookDirectly, find, findAll, pickFirstDay, slotsOf, tokenOf, until, widget } from './widget-driver.js';

async function booked(offset: number, page = 'widget-test', event = 'consult'): Promise<BookingResponse> {
  const slots = await slotsOf(page, event, 'UTC', new Date(Date.now() + 20 * 86_400_000));
  return bookDirectly(page, event, slots[offset].start, `manage${offset}@example.com`);
}

async function asAdmin(path: string, body: object): Promise<void> {
  const response = await fetch(`/api/v1/admin/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer widget-test-admin-key' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
}

const statusOf = (el: HTMLElement) => el.shadowRoot!.querySelector<HTMLElement>('[part~="status"]')!;

describe('manage mode (real server)', () => {
  it('shows the booking and cancels it with a reason', async () => {
    const booking = await booked(0);
    const el = await widget({ 'booking-id': booking.id, token: tokenOf(booking), locale: 'en-US', timezone: 'UTC' });
    expect(find(el, 'kairos-manage-booking h2')!.textContent).to.equal('Consultation');
    expect(find(el, '.details')!.textContent).to.contain('Mia Jensen');
    find<HTMLButtonElement>(el, '[part~="cancel"]')!.click();
    const reason = await until(() => find<HTMLTextAreaElement>(el, '#cancel-reason'), 'the reason field');
    expect(el.shadowRoot!.activeElement).to.equal(reason);
    reason.value = 'Something came up';
    find<HTMLButtonElement>(el, '[part~="confirm-cancel"]')!.click();
    await until(() => statusOf(el).dataset.status === 'cancelled', 'the cancelled status');
    expect(statusOf(el).textContent).to.equal('Cancelled');
    const stored = await api<BookingResponse>(`bookings/${booking.id}?token=${tokenOf(booking)}`);
    expect(stored.status).to.equal('cancelled');
    expect(find(el, '[part~="reschedule"]')).to.equal(null);
  });

  it('reschedules through the date and time step', async () => {
    const booking = await booked(1);
    const el = await widget({ 'booking-id': booking.id, token: tokenOf(booking), locale: 'en-US', timezone: 'UTC' });
    find<HTMLButtonElement>(el, '[part~="reschedule"]')!.click();
    await pickFirstDay(el);
    const slot = find<HTMLButtonElement>(el, 'button.slot')!;
    slot.click();
    const confirm = await until(() => find<HTMLButtonElement>(el, '[part~="submit"]'), 'the confirm button');
    const moved = oneEvent(el, 'kairos-booked');
    confirm.click();
    const detail = (await moved).detail as BookingResponse;
    expect(detail.id).to.equal(booking.id);
    expect(detail.start).to.not.equal(booking.start);
    const stored = await api<BookingResponse>(`bookings/${booking.id}?token=${tokenOf(booking)}`);
    expect(stored.start).to.equal(detail.start);
    // It ends on the booking as moved: the old time struck through beside the new one.
    await until(() => find(el, 'kairos-manage-booking del'), 'the rescheduled booking');
    expect(find(el, 'kairos-manage-booking h2')!.textContent).to.equal('Your booking was rescheduled');
    expect(find(el, 'kairos-manage-booking del')!.textContent).to.contain(new Date(booking.start).getUTCDate().toString());
    expect(find(el, '.notice')!.textContent).to.contain('An updated invitation was sent');
  });

  it('shows the current time struck through beside the new one before moving', async () => {
    const booking = await booked(3);
    const el = await widget({ 'booking-id': booking.id, token: tokenOf(booking), locale: 'en-US', timezone: 'UTC' });
    find<HTMLButtonElement>(el, '[part~="reschedule"]')!.click();
    await pickFirstDay(el);
    find<HTMLButtonElement>(el, 'button.slot')!.click();
    await until(() => find(el, 'kairos-move-step del'), 'the move step');
    const [current, chosen] = findAll(el, 'kairos-move-step dd');
    expect(current!.querySelector('del')!.textContent).to.contain(new Date(booking.start).getUTCFullYear().toString());
    expect(chosen!.textContent).to.contain('Consultation');
    expect(findAll(el, 'kairos-move-step dt').map((dt) => dt.textContent)).to.deep.equal(['Current time', 'New time']);
  });

  it('shows a confirmed booking under its page’s title and theme, with its join link', async () => {
    const booking = await booked(0, 'manage-test');
    const el = await widget({ 'booking-id': booking.id, token: tokenOf(booking), locale: 'fr', timezone: 'UTC' });
    await until(() => find(el, '.meta'), 'the page title');
    expect(find(el, '.meta')!.textContent).to.equal('Parler à Mia');
    expect(statusOf(el).dataset.status).to.equal('confirmed');
    expect(statusOf(el).textContent).to.equal('Confirmée');
    const join = find<HTMLAnchorElement>(el, 'a[part~="join"]')!;
    expect(join.href).to.equal(booking.location.joinUrl);
    expect(getComputedStyle(el).getPropertyValue('--kairos-accent').trim()).to.equal('#0f766e');
  });

  it('offers to book again once cancelled, and shows no join link', async () => {
    const booking = await booked(1, 'manage-test');
    await api(`bookings/${booking.id}/cancel`, { token: tokenOf(booking) });
    const el = await widget({ 'booking-id': booking.id, token: tokenOf(booking), locale: 'en-US', timezone: 'UTC' });
    expect(statusOf(el).dataset.status).to.equal('cancelled');
    expect(find(el, 'a[part~="join"]')).to.equal(null);
    expect(find(el, '.details')!.textContent).to.not.contain(booking.location.joinUrl!);
    expect(find(el, '[part~="reschedule"]')).to.equal(null);
    const again = find<HTMLAnchorElement>(el, 'a[part~="book-again"]')!;
    expect(new URL(again.href).pathname).to.equal('/book/manage-test');
  });

  it('says a request awaits approval, and reads declined once the host declines it', async () => {
    const booking = await booked(0, 'manage-test', 'review');
    const pending = await widget({ 'booking-id': booking.id, token: tokenOf(booking), locale: 'de', timezone: 'UTC' });
    expect(statusOf(pending).dataset.status).to.equal('pending');
    expect(statusOf(pending).textContent).to.equal('Wartet auf Bestätigung');
    pending.remove();
    await asAdmin(`bookings/${booking.id}/decline`, { reason: 'Fully booked' });
    const declined = await widget({ 'booking-id': booking.id, token: tokenOf(booking), locale: 'de', timezone: 'UTC' });
    expect(statusOf(declined).dataset.status).to.equal('declined');
    expect(statusOf(declined).textContent).to.equal('Abgelehnt');
    expect(find(declined, 'a[part~="book-again"]')!.textContent).to.equal('Erneut buchen');
  });

  it('shows a booking whose time is over as past, with nothing left to change', async () => {
    const booking = await booked(2, 'manage-test');
    await useLocale('en-US');
    const step = await fixture<ManageBooking>(html`<kairos-manage-booking .booking=${booking} .locale=${'en-US'} .zone=${'UTC'}
      .now=${Date.parse(booking.end) + 1}></kairos-manage-booking>`);
    expect(step.querySelector<HTMLElement>('[part~="status"]')!.dataset.status).to.equal('past');
    expect(step.querySelector('[part~="status"]')!.textContent).to.equal('Past');
    expect(step.querySelector('button')).to.equal(null);
    step.now = Date.parse(booking.start) - 1;
    await step.updateComplete;
    expect(step.querySelector<HTMLElement>('[part~="status"]')!.dataset.status).to.equal('confirmed');
  });

  it('says in the visitor’s language that a link’s token is wrong, never the server’s English', async () => {
    const booking = await booked(3, 'manage-test');
    const el = document.createElement('kairos-booking');
    el.setAttribute('booking-id', booking.id);
    el.setAttribute('token', 'not-the-token');
    el.setAttribute('locale', 'fr');
    const failed = oneEvent(el, 'kairos-error');
    await fixture(el);
    expect((await failed).detail.code).to.equal('invalid_token');
    const alert = await until(() => find(el, '[role="alert"]'), 'the alert');
    expect(alert.textContent).to.equal('Ce lien n’est pas valide ou a expiré. Utilisez le lien de votre dernier e-mail.');
  });

  it('says a booking that does not exist was not found, in the visitor’s language', async () => {
    const el = document.createElement('kairos-booking');
    el.setAttribute('booking-id', 'no-such-booking');
    el.setAttribute('token', 'whatever');
    el.setAttribute('locale', 'de');
    const failed = oneEvent(el, 'kairos-error');
    await fixture(el);
    expect((await failed).detail.code).to.equal('not_found');
    const alert = await until(() => find(el, '[role="alert"]'), 'the alert');
    expect(alert.textContent).to.equal('Diese Buchung wurde nicht gefunden. Bitte verwenden Sie den Link aus Ihrer letzten E-Mail.');
  });

  it('words a refused cancellation in the visitor’s language', async () => {
    const booking = await booked(4, 'manage-test');
    const el = await widget({ 'booking-id': booking.id, token: tokenOf(booking), locale: 'fr', timezone: 'UTC' });
    // Cancelled meanwhile in another tab: the server refuses with its own English words.
    await api(`bookings/${booking.id}/cancel`, { token: tokenOf(booking) });
    find<HTMLButtonElement>(el, '[part~="cancel"]')!.click();
    (await until(() => find<HTMLButtonElement>(el, '[part~="confirm-cancel"]'), 'the confirm button')).click();
    const alert = await until(() => find(el, '[role="alert"]'), 'the alert');
    expect(alert.textContent).to.equal('Cette réservation ne peut plus être modifiée.');
  });

  it('sends the visitor back to fresh slots when the new time was taken meanwhile', async () => {
    const booking = await booked(2);
    const el = await widget({ 'booking-id': booking.id, token: tokenOf(booking), locale: 'en-US', timezone: 'UTC' });
    find<HTMLButtonElement>(el, '[part~="reschedule"]')!.click();
    // Next month's times, so that the booking made meanwhile takes none the other suites pick first.
    const shown = (await until(() => find(el, '.day[aria-disabled="false"]'), 'this month')).dataset.day!.slice(0, 7);
    find<HTMLButtonElement>(el, 'button.nav[aria-label="Next month"]')!.click();
    await until(() => !find(el, '.day')!.dataset.day!.startsWith(shown), 'the next month');
    await pickFirstDay(el);
    const chosen = oneEvent(el, 'kairos-slot-selected');
    find<HTMLButtonElement>(el, 'button.slot')!.click();
    const { start } = (await chosen).detail as { start: string };
    await bookDirectly('widget-test', 'consult', start, 'faster@example.com');
    const failed = oneEvent(el, 'kairos-error');
    (await until(() => find<HTMLButtonElement>(el, '[part~="submit"]'), 'the confirm button')).click();
    expect((await failed).detail).to.include({ code: 'slot_unavailable' });
    expect((await until(() => find(el, '[role="alert"]'), 'the error')).textContent).to.contain('that time was just taken');
    await until(() => find(el, 'kairos-month-grid .day[aria-disabled="false"]'), 'fresh days');
    const stored = await api<BookingResponse>(`bookings/${booking.id}?token=${tokenOf(booking)}`);
    expect(stored.start).to.equal(booking.start);
  });

  it('says the video link follows by email while the booking’s meeting is being made at its provider', async () => {
    const booking = await booked(0, 'meeting-test', 'zoom-call');
    expect(booking.location).to.deep.equal({ type: 'video', provider: 'zoom', joinUrlPending: true });
    const el = await widget({ 'booking-id': booking.id, token: tokenOf(booking), locale: 'en-US', timezone: 'UTC' });
    await until(() => find(el, 'kairos-manage-booking .details'), 'the booking');
    expect(find(el, 'kairos-manage-booking .details')!.textContent).to.contain('Video call (the link follows by email)');
    expect(find(el, '[part~="join"]')).to.equal(null);
    const fr = await widget({ 'booking-id': booking.id, token: tokenOf(booking), locale: 'fr', timezone: 'UTC' });
    await until(() => find(fr, 'kairos-manage-booking .details'), 'the booking in French');
    expect(find(fr, 'kairos-manage-booking .details')!.textContent).to.contain('Visioconférence (le lien suit par e-mail)');
  });
});
