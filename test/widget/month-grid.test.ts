import { expect, fixture, html } from '@open-wc/testing';
import '../../widget/steps/month-grid.js';
import type { MonthGrid } from '../../widget/steps/month-grid.js';

async function grid(props: Partial<MonthGrid> = {}) {
  const el = await fixture<MonthGrid>(html`<kairos-month-grid .month=${'2026-12'} .locale=${'en-GB'} .firstDay=${1}
    .today=${'2026-12-02'} .available=${new Set(['2026-12-03', '2026-12-10', '2026-12-31'])}></kairos-month-grid>`);
  Object.assign(el, props);
  await el.updateComplete;
  return el;
}

const focused = (el: MonthGrid) => (document.activeElement as HTMLElement).dataset.day;

function press(el: MonthGrid, key: string, shiftKey = false) {
  el.querySelector('table')!.dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey, bubbles: true }));
  return el.updateComplete;
}

describe('month grid', () => {
  it('makes only the first available day tabbable (roving tabindex)', async () => {
    const el = await grid();
    const tabbable = [...el.querySelectorAll('.day')].filter((d) => d.getAttribute('tabindex') === '0');
    expect(tabbable.map((d) => (d as HTMLElement).dataset.day)).to.deep.equal(['2026-12-03']);
  });

  it('makes the first day with times tabbable once they arrive, not the 1st or today, unless focus is in the grid', async () => {
    const el = await grid({ available: undefined });
    el.available = new Set(['2026-12-09', '2026-12-17']);
    await el.updateComplete;
    const tabbable = () => el.querySelector<HTMLElement>('.day[tabindex="0"]')!.dataset.day;
    expect(tabbable()).to.equal('2026-12-09');
    el.querySelector<HTMLElement>('[data-day="2026-12-20"]')!.focus();
    el.available = new Set(['2026-12-09', '2026-12-17', '2026-12-22']);
    await el.updateComplete;
    expect(tabbable()).to.equal('2026-12-20');
  });

  it('starts weeks on the locale’s first day', async () => {
    const monday = await grid();
    expect(monday.querySelector('th')!.textContent).to.equal('Mon');
    const sunday = await grid({ locale: 'en-US', firstDay: 0 });
    expect(sunday.querySelector('th')!.textContent).to.equal('Sun');
  });

  it('marks days without slots as disabled but keeps them reachable by keyboard', async () => {
    const el = await grid();
    const fourth = el.querySelector<HTMLElement>('[data-day="2026-12-04"]')!;
    expect(fourth.getAttribute('aria-disabled')).to.equal('true');
    el.querySelector<HTMLElement>('[data-day="2026-12-03"]')!.focus();
    await press(el, 'ArrowRight');
    expect(focused(el)).to.equal('2026-12-04');
  });

  it('moves by day, week and to the ends of the week with arrows, Home and End', async () => {
    const el = await grid();
    el.querySelector<HTMLElement>('[data-day="2026-12-03"]')!.focus();
    await press(el, 'ArrowDown');
    expect(focused(el)).to.equal('2026-12-10');
    await press(el, 'ArrowLeft');
    expect(focused(el)).to.equal('2026-12-09');
    await press(el, 'Home');
    expect(focused(el)).to.equal('2026-12-07');
    await press(el, 'End');
    expect(focused(el)).to.equal('2026-12-13');
    await press(el, 'ArrowUp');
    expect(focused(el)).to.equal('2026-12-06');
  });

  it('asks for the next month on PageDown and focuses the same day there once it is shown', async () => {
    const el = await grid();
    const asked: string[] = [];
    el.addEventListener('month', (e) => asked.push((e as CustomEvent).detail));
    el.querySelector<HTMLElement>('[data-day="2026-12-31"]')!.focus();
    await press(el, 'PageDown');
    expect(asked).to.deep.equal(['2027-01']);
    el.month = '2027-01';
    await el.updateComplete;
    expect(focused(el)).to.equal('2027-01-31');
    await press(el, 'PageUp');
    expect(asked.at(-1)).to.equal('2026-12');
    await press(el, 'PageDown', true);
    expect(asked.at(-1)).to.equal('2027-12');
  });

  it('does not go back before the current month', async () => {
    const el = await grid();
    const asked: string[] = [];
    el.addEventListener('month', (e) => asked.push((e as CustomEvent).detail));
    el.querySelector<HTMLElement>('[data-day="2026-12-03"]')!.focus();
    await press(el, 'PageUp');
    expect(asked).to.deep.equal([]);
    expect(el.querySelector<HTMLButtonElement>('.nav')!.disabled).to.equal(true);
  });

  it('picks only days that have slots', async () => {
    const el = await grid();
    const picked: string[] = [];
    el.addEventListener('day', (e) => picked.push((e as CustomEvent).detail));
    el.querySelector<HTMLElement>('[data-day="2026-12-04"]')!.click();
    el.querySelector<HTMLElement>('[data-day="2026-12-10"]')!.click();
    expect(picked).to.deep.equal(['2026-12-10']);
  });
});
