/**
 * How the form's inline errors go away. Leaving a field happens on the mousedown of the next click;
 * an error vanishing then would move the form under the pointer and lose that click, so a flagged
 * field is cleared while it is being corrected instead.
 */
import { expect, oneEvent } from '@open-wc/testing';
import { find, pickFirstDay, pickFirstSlot, submit, widget } from './widget-driver.js';
import type { KairosBooking } from '../../widget/kairos-booking.js';
import type { BookingForm } from '../../widget/steps/booking-form.js';

async function refusedEmptyForm(): Promise<KairosBooking> {
  const el = await widget({ page: 'solo', locale: 'en-US', timezone: 'UTC' });
  await pickFirstDay(el);
  await pickFirstSlot(el);
  const invalid = oneEvent(find(el, 'kairos-booking-form')!, 'invalid');
  submit(el);
  await invalid;
  return el;
}

/** The error shown under a field, `''` when none (a string, so a failure reads well). */
const errorOf = (el: KairosBooking, id: string) => find(el, `#field-${id}-error`)?.textContent ?? '';

const rendered = (el: KairosBooking) => find<BookingForm>(el, 'kairos-booking-form')!.updateComplete;

async function typeInto(el: KairosBooking, id: string, value: string): Promise<void> {
  const input = find<HTMLInputElement>(el, `#field-${id}`)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await rendered(el);
}

describe('form errors', () => {
  it('clears a flagged field as soon as its value is right, before the visitor leaves it', async () => {
    const el = await refusedEmptyForm();
    expect(errorOf(el, 'company')).to.equal('Please fill in this field.');
    await typeInto(el, 'company', 'Acme');
    expect(errorOf(el, 'company')).to.equal('');
    expect(find(el, '#field-company')!.getAttribute('aria-invalid')).to.equal('false');
  });

  it('clears a flagged consent as soon as it is checked', async () => {
    const el = await refusedEmptyForm();
    find<HTMLInputElement>(el, '#field-consent')!.click();
    await rendered(el);
    expect(errorOf(el, 'consent')).to.equal('');
  });

  it('keeps a flagged field flagged, with the current problem, while it is still wrong', async () => {
    const el = await refusedEmptyForm();
    await typeInto(el, 'email', 'ana@');
    expect(errorOf(el, 'email')).to.equal('Please enter a valid email address.');
  });
});
