/** Manage mode against the real server: the page a confirmation email's link opens. */
import { expect, oneEvent } from '@open-wc/testing';
import type { BookingResponse } from '../../shared/api-schemas.js';
import { api, bookDirectly, find, pickFirstDay, slotsOf, tokenOf, until, widget } from './widget-driver.js';

async function booked(offset: number): Promise<BookingResponse> {
  const slots = await slotsOf('widget-test', 'consult', 'UTC', new Date(Date.now() + 20 * 86_400_000));
  return bookDirectly('widget-test', 'consult', slots[offset].start, `manage${offset}@example.com`);
}

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
    await until(() => find(el, 'kairos-manage-booking .notice'), 'the cancelled notice');
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
    await until(() => find(el, 'kairos-confirmation'), 'the confirmation');
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
});
