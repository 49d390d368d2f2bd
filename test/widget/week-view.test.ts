/** `layout="week"`: seven days' times side by side, week by week. */
import { expect, fixture, oneEvent } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { find, findAll, pickFirstSlot, slotsOf, until, widget } from './widget-driver.js';
import type { KairosBooking } from '../../widget/kairos-booking.js';

const columns = (el: KairosBooking) => findAll(el, '.week-day');
const heading = (el: KairosBooking) => find(el, '.month-head h3')!.textContent!;

describe('week view', () => {
  beforeEach(() => sessionStorage.clear());

  it('shows seven days from the locale’s first weekday, each with its own times', async () => {
    const el = await widget({ page: 'solo', locale: 'en-GB', timezone: 'UTC', layout: 'week', 'hour-cycle': 'h23' });
    await until(() => find(el, '.week[aria-busy="false"] .slot'), 'the week’s times');
    expect(find(el, 'kairos-month-grid')).to.equal(null);
    const days = columns(el);
    expect(days).to.have.length(7);
    // en-GB weeks start on Monday.
    expect(days[0]!.getAttribute('aria-label')).to.match(/^Monday/);
    const expected = await slotsOf('solo', 'consult', 'UTC', new Date(), 14);
    for (const day of days) {
      // Compared without a leading zero: the 24-hour clock's "09:00" is the locale's business.
      const times = [...day.querySelectorAll('button.slot')].map((b) => b.textContent!.replace(/^0/, ''));
      const wanted = expected.filter((s) => s.start.startsWith(day.dataset.day!)).map((s) => s.start.slice(11, 16).replace(/^0/, ''));
      expect({ day: day.dataset.day, times }).to.deep.equal({ day: day.dataset.day, times: wanted });
    }
    expect(findAll(el, '.week button.slot').length).to.be.greaterThan(0);
  });

  it('moves week by week, never before this one', async () => {
    const el = await widget({ page: 'solo', locale: 'en-US', timezone: 'UTC', layout: 'week' });
    await until(() => find(el, '.week[aria-busy="false"]'), 'the week');
    const [previous, next] = findAll<HTMLButtonElement>(el, '.month-head .nav');
    expect(previous!.disabled).to.equal(true);
    const first = heading(el);
    const firstDay = columns(el)[0]!.getAttribute('aria-label');
    expect(firstDay).to.match(/^Sunday/);
    next!.click();
    await until(() => heading(el) !== first && find(el, '.week[aria-busy="false"]'), 'the next week');
    expect(previous!.disabled).to.equal(false);
    previous!.click();
    await until(() => heading(el) === first, 'the first week again');
    expect(columns(el)[0]!.getAttribute('aria-label')).to.equal(firstDay);
  });

  it('books a time chosen in the week', async () => {
    const el = await widget({ page: 'solo', locale: 'en-US', timezone: 'UTC', layout: 'week' });
    await until(() => find(el, '.week[aria-busy="false"] .slot'), 'the week’s times');
    const day = find(el, '.week-day:has(.slot)')!.dataset.day!;
    // Asked before the pick: once picked, the time is held and no longer offered.
    const first = (await slotsOf('solo', 'consult', 'UTC', new Date(`${day}T00:00:00Z`), 1))[0]!;
    const selected = oneEvent(el, 'kairos-slot-selected');
    await pickFirstSlot(el);
    expect((await selected).detail).to.deep.equal({ event: 'consult', start: first.start });
  });
  for (const width of [1280, 390]) {
    it(`loads in the week’s own frame, never a month’s, as tall as the week it becomes (${width} px)`, async () => {
      await setViewport({ width, height: 800 });
      const el = document.createElement('kairos-booking') as KairosBooking;
      for (const [name, value] of Object.entries({ page: 'solo', locale: 'en-GB', timezone: 'UTC', layout: 'week' })) el.setAttribute(name, value);
      const frames: { view?: string; month: boolean; week: boolean }[] = [];
      const heights: number[] = [];
      const sizes = new ResizeObserver((entries) => heights.push(Math.round(entries[0]!.borderBoxSize[0]!.blockSize)));
      let watching = true;
      const watch = () => {
        if (!watching) return;
        const step = find(el, '.step');
        if (step) frames.push({ view: step.dataset.view, month: !!find(el, 'kairos-month-grid'), week: !!find(el, '.week') });
        requestAnimationFrame(watch);
      };
      sizes.observe(el);
      try {
        await fixture(el);
        watch();
        await until(() => find(el, '.week[aria-busy="false"] .slot'), 'the week’s times', 15_000);
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
      } finally {
        watching = false;
        sizes.disconnect();
        await setViewport({ width: 800, height: 600 });
      }
      expect(frames[0]?.view, 'the first frame is the loading one').to.equal('loading');
      expect(frames.filter((f) => f.month), 'frames with a month').to.deep.equal([]);
      expect(frames.every((f) => f.week), 'every frame shows a week').to.equal(true);
      expect(new Set(heights.filter((h) => h > 0)).size, `heights: ${heights.join(', ')}`).to.equal(1);
    });
  }
});
