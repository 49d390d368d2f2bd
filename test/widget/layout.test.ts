/**
 * The widget reserves its space: the host page's content below it does not move as the page and
 * slots arrive, on a desktop (the summary beside the calendar) and on a phone (the summary above
 * it), for a page whose summary has a description and hosts.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendMouse, setViewport } from '@web/test-runner-commands';
import { find, until } from './widget-driver.js';
import type { KairosBooking } from '../../widget/kairos-booking.js';

/** Layout shift scores (the Web Vitals CLS entries, those after input left out as CLS does) while `run` goes. */
async function shiftsDuring(run: () => Promise<void>): Promise<number[]> {
  type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean };
  const shifts: number[] = [];
  const keep = (entries: PerformanceEntry[]) => {
    for (const entry of entries as Shift[]) if (!entry.hadRecentInput) shifts.push(entry.value);
  };
  const observer = new PerformanceObserver((list) => keep(list.getEntries()));
  observer.observe({ type: 'layout-shift' });
  try {
    await run();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100)));
    keep(observer.takeRecords());
    return shifts;
  } finally {
    observer.disconnect();
  }
}

/** A visitor's click (the browser's input, so what follows it is not counted, as CLS does not). */
async function click(target: Element): Promise<void> {
  const box = target.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

const sizes = [
  { name: 'desktop', width: 1280, height: 800 },
  // The widget is then about 700 px wide: the summary spans the top, the month and the times share the row below.
  { name: 'tablet', width: 720, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];

describe('layout', () => {
  after(() => setViewport({ width: 800, height: 600 }));

  it('would notice a shift (the measure is live)', async () => {
    const shifts = await shiftsDuring(async () => {
      const host = await fixture(html`<div><div id="grow"></div><p style="font-size:40px">Pushed down</p></div>`);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
      (host.querySelector('#grow') as HTMLElement).style.height = '300px';
    });
    expect(shifts.reduce((a, b) => a + b, 0)).to.be.greaterThan(0.01);
  });

  for (const size of sizes) {
    it(`does not move the host page while the page and its slots arrive (${size.name}, ${size.width} px)`, async () => {
      await setViewport(size);
      // The last test's clicks are no longer recent input (500 ms), which CLS would leave out.
      await new Promise((r) => setTimeout(r, 600));
      const shifts = await shiftsDuring(async () => {
        const host = await fixture(html`<div>
          <kairos-booking page="solo" locale="en-US" timezone="UTC"></kairos-booking>
          <p style="font-size:40px">Content of the host page below the widget</p>
        </div>`);
        const el = host.querySelector('kairos-booking') as KairosBooking;
        await until(() => find(el, '.entry-details .description'), 'the summary', 15_000);
        const day = await until(() => find(el, '.day[aria-disabled="false"]'), 'the month');
        await click(day);
        await until(() => find(el, '.slot:not(.skeleton)'), 'slots of the day');
      });
      expect(shifts.reduce((a, b) => a + b, 0), `shifts: ${shifts.join(', ')}`).to.be.lessThan(0.01);
    });

    it(`is as tall while loading as once the page and its slots are shown (${size.name}, ${size.width} px)`, async () => {
      await setViewport(size);
      const heights: number[] = [];
      const el = document.createElement('kairos-booking') as KairosBooking;
      for (const [name, value] of Object.entries({ page: 'solo', locale: 'en-US', timezone: 'UTC' })) el.setAttribute(name, value);
      const observer = new ResizeObserver((entries) => heights.push(Math.round(entries[0]!.borderBoxSize[0]!.blockSize)));
      observer.observe(el);
      try {
        await fixture(el);
        await until(() => find(el, '.entry-details .description'), 'the summary', 15_000);
        await until(() => find(el, '.day[aria-disabled="false"]'), 'the month');
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
      } finally {
        observer.disconnect();
      }
      expect(new Set(heights.filter((h) => h > 0)).size, `heights: ${heights.join(', ')}`).to.equal(1);
    });
  }

});
