/**
 * `prefill`'s Calendly-shaped keys (`answers` by field id, `notes`, `date`) and the
 * `kairos-view-changed` event a host page tracks its funnel with.
 */
import { expect, oneEvent } from '@open-wc/testing';
import { fill, find, pickFirstDay, pickFirstSlot, slotsOf, submit, until, widget } from './widget-driver.js';

describe('prefill: answers, notes and date', () => {
  it('opens on the prefilled day, in its month, and fills the answers by field id', async () => {
    // A day with times in the month after this one: the widget must go there itself.
    const next = new Date();
    next.setUTCDate(1);
    next.setUTCMonth(next.getUTCMonth() + 1);
    const slots = await slotsOf('solo', 'consult', 'UTC', next, 27);
    const day = slots[slots.length - 1]!.start.slice(0, 10);
    const prefill = { answers: { company: 'Acme', topic: 'tech' }, notes: 'Bring the specs', date: day };
    const el = await widget({ page: 'solo', locale: 'en-US', timezone: 'UTC', prefill: JSON.stringify(prefill) });
    await until(() => find(el, `td[aria-selected="true"] .day[data-day="${day}"]`), 'the prefilled day, chosen');
    const month = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
    expect(find(el, '#month-label')!.textContent).to.equal(month);
    await pickFirstSlot(el);
    expect(find<HTMLInputElement>(el, '#field-company')!.value).to.equal('Acme');
    expect(find<HTMLSelectElement>(el, '#field-topic')!.value).to.equal('tech');
    expect(find<HTMLTextAreaElement>(el, '#field-notes')!.value).to.equal('Bring the specs');
  });

  it('opens on the first month with times when the prefilled date is over', async () => {
    const el = await widget({ page: 'solo', locale: 'en-US', timezone: 'UTC', prefill: '{"date": "2001-01-01"}' });
    await until(() => find(el, '.day[aria-disabled="false"]'), 'available days');
    expect(find(el, 'td[aria-selected="true"]')).to.equal(null);
    expect(find(el, '#month-label')!.textContent).not.to.contain('2001');
  });
});

describe('kairos-view-changed', () => {
  it('tells the host page each step the visitor reaches, once each', async () => {
    const views: string[] = [];
    const listen = (e: Event) => views.push((e as CustomEvent<{ view: string }>).detail.view);
    document.addEventListener('kairos-view-changed', listen);
    try {
      // Page `later` books weeks ahead, so this booking takes none of the times the other suites pick first.
      const el = await widget({ page: 'later', locale: 'en-US', timezone: 'UTC' });
      await pickFirstDay(el);
      await pickFirstSlot(el);
      await fill(el, { name: 'Ana', email: 'funnel@example.com' });
      const booked = oneEvent(el, 'kairos-booked');
      submit(el);
      await booked;
      await until(() => views.includes('done'), 'the last step');
      expect(views).to.deep.equal(['date', 'form', 'done']);
    } finally {
      document.removeEventListener('kairos-view-changed', listen);
    }
  });
});
