/**
 * The form in the browser and the server's booking schema judge the visitor's contact details
 * alike: a number or address the server takes is never refused in the form (the visitor could not
 * book at all), and one it refuses is caught in the form, in the visitor's language.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { bookingRequestSchema } from '../../shared/api-schemas.js';
import type { PageField } from '../../shared/api-schemas.js';
import type { BookingForm } from '../../widget/steps/booking-form.js';
import '../../widget/steps/booking-form.js';

const phoneField: PageField = { id: 'phone', type: 'phone', label: 'Phone', required: false };
const valid = { event: 'consult', start: '2026-12-01T09:00:00Z', timezone: 'UTC', locale: 'en-US', name: 'Ana', email: 'ana@example.com' };

async function form(): Promise<BookingForm> {
  return fixture<BookingForm>(html`<kairos-booking-form .fields=${[phoneField]} .summary=${''} .locale=${'en-US'}></kairos-booking-form>`);
}

/** Whether the form flags `id` after a submit with `value` in it (and valid answers elsewhere). */
async function formRefuses(el: BookingForm, id: 'email' | 'phone', value: string): Promise<boolean> {
  const values: Record<string, string> = { name: valid.name, email: valid.email, phone: '', [id]: value };
  for (const [field, text] of Object.entries(values)) el.querySelector<HTMLInputElement>(`#field-${field}`)!.value = text;
  el.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  await el.updateComplete;
  return !!el.querySelector(`#field-${id}-error`)?.textContent;
}

const serverRefuses = (request: object) => !bookingRequestSchema.safeParse({ ...valid, ...request }).success;

describe('field rules shared by the form and the server', () => {
  it('refuses exactly the phone numbers the server refuses', async () => {
    const el = await form();
    const numbers = [
      '+33 1 23 45 67 89',
      '(555) 123-4567',
      '+1.555.123.4567',
      '030/1234567',
      '112',
      '555\u00a01234',
      '1'.repeat(41),
      'call me',
      '12',
      '++33 1 23',
    ];
    const verdicts = [];
    for (const phone of numbers) verdicts.push({ phone, form: await formRefuses(el, 'phone', phone), server: serverRefuses({ phone }) });
    expect(verdicts.filter((v) => v.form !== v.server)).to.deep.equal([]);
  });

  it('refuses exactly the email addresses the server refuses', async () => {
    const el = await form();
    const addresses = [
      'ana@example.com',
      'ana.silva+demo@example.co.uk',
      'a@b.c',
      'ana@localhost',
      'a..b@example.com',
      'josé@example.com',
      'ana@example',
      'ana@@example.com',
    ];
    const verdicts = [];
    for (const email of addresses) verdicts.push({ email, form: await formRefuses(el, 'email', email), server: serverRefuses({ email }) });
    expect(verdicts.filter((v) => v.form !== v.server)).to.deep.equal([]);
  });

  it('lets the visitor type as much as the server takes, and no more', async () => {
    const el = await form();
    const maxOf = (id: string) => Number(el.querySelector(`#field-${id}`)!.getAttribute('maxlength'));
    const filler = { name: 'a', email: '@example.com', phone: '1' };
    const fit = (id: keyof typeof filler, length: number) => (id === 'email' ? 'a'.repeat(length - filler.email.length) + filler.email : filler[id].repeat(length));
    for (const id of ['name', 'email', 'phone'] as const) {
      const max = maxOf(id);
      expect({ id, takesMax: serverRefuses({ [id]: fit(id, max) }) }).to.deep.equal({ id, takesMax: false });
      expect({ id, refusesMore: serverRefuses({ [id]: fit(id, max + 1) }) }).to.deep.equal({ id, refusesMore: true });
    }
  });
});
