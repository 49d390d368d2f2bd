/**
 * Slots follow the routing rules (real server, page `routed`: France and Belgium go to Noa, who is
 * free 13:00–14:00 UTC only; `XX` is refused), the first slots are asked for alongside the page,
 * and focus follows the visitor to every new step.
 */
import { expect, oneEvent } from '@open-wc/testing';
import { fill, find, findAll, pickFirstDay, pickFirstSlot, submit, until, widget } from './widget-driver.js';

const shownTimes = (el: Parameters<typeof find>[0]) => findAll(el, 'button.slot').map((b) => b.textContent!.trim());

/** Records every API request the widget starts, and when the page's answer arrived. */
function recordRequests(): { log: string[]; stop(): void } {
  const original = window.fetch;
  const log: string[] = [];
  window.fetch = (input, init) => {
    const url = new URL(String(input), location.href);
    log.push(`start ${url.pathname}${url.search}`);
    const response = original(input, init);
    if (!url.pathname.includes('/slots') && !url.pathname.includes('/bookings')) void response.then(() => log.push('page answered'));
    return response;
  };
  return { log, stop: () => (window.fetch = original) };
}

describe('routing and speed', () => {
  it('shows the routed host’s times once a lead form says where the visitor is', async () => {
    const form = document.createElement('form');
    form.id = 'lead-routing';
    form.innerHTML = '<input name="name" value="Lou"><input name="email" value="lou@example.fr"><input name="country" value="FR"><button>Go</button>';
    document.body.append(form);
    try {
      const el = await widget({ page: 'routed', locale: 'en-GB', timezone: 'UTC', 'hour-cycle': 'h23', 'prefill-from': '#lead-routing' });
      await pickFirstDay(el);
      expect(shownTimes(el).length).to.be.greaterThan(1);
      form.requestSubmit();
      // The chosen day is let go while the routed host's month loads.
      await until(() => !find(el, '[aria-selected="true"]'), 'the month reloading');
      await pickFirstDay(el);
      await until(() => shownTimes(el).length && shownTimes(el).every((t) => t === '13:00'), 'only Noa’s 13:00');
      await pickFirstSlot(el);
      await fill(el, { company: 'Lou SARL', consent: true });
      const booked = oneEvent(el, 'kairos-booked');
      submit(el);
      expect((await booked).detail.hosts).to.deep.equal([{ name: 'Noa Dubois' }]);
    } finally {
      form.remove();
    }
  });

  it('tells a visitor the rules refuse why, before any time is chosen, in their language', async () => {
    const failed = new Promise<CustomEvent>((resolve) => document.addEventListener('kairos-error', (e) => resolve(e as CustomEvent), { once: true }));
    const el = await widget({ page: 'routed', locale: 'fr', timezone: 'UTC', prefill: '{"country":"XX"}' });
    expect((await failed).detail).to.deep.equal({ code: 'refused', message: 'Nous ne servons pas encore votre pays.' });
    await until(() => find(el, '[role="alert"]'), 'the refusal');
    expect(find(el, '[role="alert"]')!.textContent).to.equal('Nous ne servons pas encore votre pays.');
  });

  it('asks for the first slots alongside the page, and only once', async () => {
    const recorder = recordRequests();
    try {
      const el = await widget({ page: 'solo', locale: 'en-US', timezone: 'UTC' });
      await until(() => find(el, '.day[aria-disabled="false"]'), 'the month');
      const thisMonth = new Date().toISOString().slice(0, 7);
      const firstMonth = recorder.log.filter((line) => line.startsWith('start /api/v1/pages/solo/slots') && line.includes(`from=${thisMonth}`));
      expect(firstMonth, recorder.log.join('\n')).to.have.length(1);
      expect(recorder.log.indexOf(firstMonth[0]), recorder.log.join('\n')).to.be.lessThan(recorder.log.indexOf('page answered'));
    } finally {
      recorder.stop();
    }
  });

  it('moves focus to the heading of every step a child element draws', async () => {
    const el = await widget({ page: 'widget-test', locale: 'en-US', timezone: 'UTC' });
    const focused = (text: string) =>
      until(() => el.shadowRoot!.activeElement?.tagName === 'H2' && el.shadowRoot!.activeElement.textContent!.trim() === text, `focus on “${text}”`);
    findAll(el, 'button.entry')[0].click();
    await focused('Consultation');
    find<HTMLButtonElement>(el, 'button.link')!.click();
    await focused('Choose a meeting');
    findAll(el, 'button.entry')[0].click();
    await pickFirstDay(el);
    await pickFirstSlot(el);
    await focused('Your details');
    await fill(el, { name: 'Ada', email: 'ada@example.com', company: 'Analytical', consent: true });
    submit(el);
    await until(() => find(el, 'kairos-confirmation h2'), 'the confirmation');
    await focused(find(el, 'kairos-confirmation h2')!.textContent!.trim());
  });
});
