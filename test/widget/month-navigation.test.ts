/**
 * Arriving on a page whose first free time is weeks away (page `later`: 40 days' notice), the
 * JS API's `reset()`, the `kairos-ready` detail, and the `::part` names a site styles.
 */
import { expect, oneEvent, fixture } from '@open-wc/testing';
import { find, findAll, pickFirstDay, pickFirstSlot, until, widget } from './widget-driver.js';
import type { KairosBooking } from '../../widget/kairos-booking.js';

const monthOf = (date: Date) => date.toISOString().slice(0, 7);
const shownMonth = (el: KairosBooking) => find(el, '.day')!.dataset.day!.slice(0, 7);

describe('months, reset and parts', () => {
  it('opens on the first month with a free time, not on an empty one', async () => {
    const el = await widget({ page: 'later', locale: 'en-US', timezone: 'UTC' });
    const first = await until(() => find(el, '.day[aria-disabled="false"]'), 'an available day');
    const earliest = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    expect(first.dataset.day! >= earliest).to.equal(true);
    expect(shownMonth(el)).to.equal(first.dataset.day!.slice(0, 7));
    expect(shownMonth(el) > monthOf(new Date())).to.equal(true);
  });

  it('offers the next available date from an empty month, and goes there', async () => {
    const el = await widget({ page: 'later', locale: 'en-US', timezone: 'UTC' });
    const first = (await until(() => find(el, '.day[aria-disabled="false"]'), 'an available day')).dataset.day!;
    find<HTMLButtonElement>(el, 'button.nav')!.click();
    const next = await until(() => find<HTMLButtonElement>(el, '.slots.empty button'), 'the next available date');
    expect(find(el, '.slots.empty p')!.textContent).to.match(/^No times available in \w+ \d{4}\.$/);
    const long = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', dateStyle: 'long' }).format(new Date(`${first}T12:00:00Z`));
    expect(next.textContent!.trim()).to.equal(`Next available: ${long}`);
    next.click();
    await until(() => find(el, '.day[aria-selected="true"], [aria-selected="true"] .day'), 'the day chosen');
    expect(find(el, '[aria-selected="true"] .day')!.dataset.day).to.equal(first);
    await until(() => find(el, 'button.slot'), 'its times');
  });

  it('says which page is ready, and starts over on reset()', async () => {
    const el = document.createElement('kairos-booking') as KairosBooking;
    el.setAttribute('page', 'solo');
    el.setAttribute('timezone', 'UTC');
    const ready = oneEvent(el, 'kairos-ready');
    await fixture(el);
    expect((await ready).detail).to.deep.equal({ page: 'solo' });
    await pickFirstDay(el);
    await pickFirstSlot(el);
    el.reset();
    await until(() => find(el, 'kairos-month-grid') && !find(el, 'kairos-booking-form'), 'the date step again');
    expect(find(el, '[aria-selected="true"]')).to.equal(null);
  });

  it('names the parts a site can style', async () => {
    const el = await widget({ page: 'solo', locale: 'en-US', timezone: 'UTC' });
    await pickFirstDay(el);
    const parts = (name: string) => findAll(el, '[part]').filter((p) => p.getAttribute('part')!.split(' ').includes(name));
    expect(parts('day').length).to.be.greaterThan(27);
    expect(parts('slot').length).to.be.greaterThan(0);
    expect(parts('button').length).to.be.greaterThan(0);
    await pickFirstSlot(el);
    expect(parts('field').map((f) => f.id)).to.include.members(['field-name', 'field-email', 'field-company']);
  });
});
