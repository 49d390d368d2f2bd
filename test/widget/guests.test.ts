/** Guests: the form offers to add their addresses when the entry takes guests, checks them, and books them. */
import { expect, oneEvent } from '@open-wc/testing';
import type { BookingResponse } from '../../shared/api-schemas.js';
import { api, fill, find, findAll, pickFirstDay, pickFirstSlot, submit, tokenOf, until, widget } from './widget-driver.js';

async function atTheForm(event: string, attributes: Record<string, string> = {}) {
  const el = await widget({ page: 'manage-test', event, locale: 'en-US', timezone: 'UTC', ...attributes });
  await pickFirstDay(el);
  await pickFirstSlot(el);
  return el;
}

describe('guests', () => {
  it('offers to add guests only on an entry that takes them', async () => {
    const withGuests = await atTheForm('team-call');
    expect(find(withGuests, 'label[for="field-guests"]')!.textContent).to.contain('Add guests');
    withGuests.remove();
    const without = await atTheForm('review');
    expect(find(without, '#field-guests')).to.equal(null);
  });

  it('says so, in the visitor’s language, when there are more guests than the entry takes or an address is wrong', async () => {
    const el = await atTheForm('team-call', { locale: 'de' });
    await fill(el, { name: 'Ana', email: 'ana@example.com', guests: 'a@example.com, b@example.com, c@example.com' });
    submit(el);
    await until(() => find(el, '#field-guests-error'), 'the guests error');
    expect(find(el, '#field-guests-error')!.textContent).to.equal('Höchstens 2 Gäste.');
    await fill(el, { guests: 'a@example.com, not-an-address' });
    submit(el);
    await until(() => find(el, '#field-guests-error')?.textContent === 'Bitte geben Sie eine gültige E-Mail-Adresse ein.', 'the address error');
    expect(find(el, '#field-guests')!.getAttribute('aria-invalid')).to.equal('true');
  });

  it('books the guests the visitor added, however they separated them, and a prefilled list too', async () => {
    const el = await atTheForm('team-call', { prefill: JSON.stringify({ guests: ['sam@example.net'] }) });
    expect(find<HTMLInputElement>(el, '#field-guests')!.value).to.equal('sam@example.net');
    await fill(el, { name: 'Ana Guestful', email: 'ana.guests@example.com', guests: 'sam@example.net;  lou@example.net\n' });
    const booked = oneEvent(el, 'kairos-booked');
    submit(el);
    const { id } = (await booked).detail as BookingResponse;
    await until(() => find(el, 'kairos-confirmation'), 'the confirmation');
    const manage = find<HTMLAnchorElement>(el, 'a[part~="manage-link"]')!.href;
    const stored = await api<BookingResponse>(`bookings/${id}?token=${tokenOf({ manageUrl: manage })}`);
    expect(stored.guests).to.deep.equal(['sam@example.net', 'lou@example.net']);
    expect(findAll(el, '[role="alert"]')).to.deep.equal([]);
  });
});
