/** The widget reserves its space: the host page's content below it does not move as the page and slots arrive. */
import { expect, fixture, html } from '@open-wc/testing';
import { find, pickFirstDay, until } from './widget-driver.js';
import type { KairosBooking } from '../../widget/kairos-booking.js';

/** Layout shift scores (the Web Vitals CLS entries) recorded while `run` goes. */
async function shiftsDuring(run: () => Promise<void>): Promise<number[]> {
  const shifts: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) shifts.push((entry as PerformanceEntry & { value: number }).value);
  });
  observer.observe({ type: 'layout-shift' });
  try {
    await run();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100)));
    return [...shifts, ...observer.takeRecords().map((e) => (e as PerformanceEntry & { value: number }).value)];
  } finally {
    observer.disconnect();
  }
}

describe('layout', () => {
  it('does not move the host page while the page and its slots arrive', async () => {
    const shifts = await shiftsDuring(async () => {
      const host = await fixture(html`<div>
        <kairos-booking page="solo" locale="en-US" timezone="UTC"></kairos-booking>
        <p style="font-size:40px">Content of the host page below the widget</p>
      </div>`);
      const el = host.querySelector('kairos-booking') as KairosBooking;
      await until(() => find(el, '.day[aria-disabled="false"]'), 'the month');
      await pickFirstDay(el);
    });
    expect(shifts.reduce((a, b) => a + b, 0), `shifts: ${shifts.join(', ')}`).to.be.lessThan(0.01);
  });

  it('would notice a shift (the measure is live)', async () => {
    const shifts = await shiftsDuring(async () => {
      const host = await fixture(html`<div><div id="grow"></div><p style="font-size:40px">Pushed down</p></div>`);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
      (host.querySelector('#grow') as HTMLElement).style.height = '300px';
    });
    expect(shifts.reduce((a, b) => a + b, 0)).to.be.greaterThan(0.01);
  });
});
