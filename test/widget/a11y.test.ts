/** axe finds no violation in any step (real server), in light and with a long locale. */
import { expect, oneEvent } from '@open-wc/testing';
import { fill, find, findAll, pickFirstDay, pickFirstSlot, submit, until, widget } from './widget-driver.js';

describe('accessibility (axe)', () => {
  // The first suite of a run pays for the server's start; the five axe runs below need the time.
  before(() => fetch('/api/v1/pages/widget-test'));

  it('has no violation in the entry list, date step, zone search, form with errors and confirmation', async () => {
    const el = await widget({ page: 'widget-test', locale: 'en-GB', timezone: 'Europe/London' });
    await expect(el).to.be.accessible();
    findAll(el, 'button.entry')[0].click();
    await pickFirstDay(el);
    await expect(el).to.be.accessible();
    find<HTMLButtonElement>(el, '.zone button')!.click();
    await until(() => find(el, '#zone-query'), 'the zone search');
    await expect(el).to.be.accessible();
    await pickFirstSlot(el);
    submit(el);
    await until(() => find(el, '#field-name-error'), 'the errors');
    await expect(el).to.be.accessible();
    await fill(el, { name: 'Ada', email: 'ada@example.com', company: 'Analytical', consent: true });
    const booked = oneEvent(el, 'kairos-booked');
    submit(el);
    await booked;
    await until(() => find(el, 'kairos-confirmation h2'), 'the confirmation');
    await expect(el).to.be.accessible();
  });

  it('has no violation in the open popup', async () => {
    const el = await widget({ page: 'solo', mode: 'popup', locale: 'es' });
    el.open();
    await until(() => find<HTMLDialogElement>(el, 'dialog[open]'), 'the dialog');
    await until(() => find(el, '.day'), 'the month grid');
    await expect(el).to.be.accessible();
  });

  it('moves focus to the heading of each new step and announces it', async () => {
    const el = await widget({ page: 'widget-test', locale: 'en-US' });
    findAll(el, 'button.entry')[0].click();
    await until(() => el.shadowRoot!.activeElement?.tagName === 'H2', 'focus on the heading');
    expect(el.shadowRoot!.activeElement!.textContent).to.equal('Consultation');
    expect(find(el, '[role="status"]')!.textContent).to.equal('Choose a date and time');
  });
});
