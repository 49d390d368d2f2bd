/**
 * The booking flow as a visitor sees it at a phone's width and a desktop's (the widget's own
 * width decides, not the window's): the day's times as a step of their own on narrow widths, the
 * summary of what is booked, group sessions' places, a refusal that does not break the calendar,
 * and the small things (week start while loading, one-line times, one hour format, focus ring).
 */
import { expect, fixture, oneEvent } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { KairosBooking } from '../../widget/kairos-booking.js';
import { fill, find, findAll, pickFirstDay, pickFirstSlot, submit, until, widget } from './widget-driver.js';

const active = (el: KairosBooking) => el.shadowRoot!.activeElement as HTMLElement | null;

async function sized(width: number, attributes: Record<string, string>): Promise<KairosBooking> {
  const el = await widget(attributes);
  el.style.width = `${width}px`;
  await until(() => find(el, '.day[aria-disabled="false"]'), 'the month');
  return el;
}

/** A CSS colour as drawn over `background` (so a translucent ring counts as what it looks like). */
function drawn(color: string, background: string): number[] {
  const ctx = Object.assign(document.createElement('canvas'), { width: 1, height: 1 }).getContext('2d')!;
  for (const fill of [background, color]) {
    ctx.fillStyle = fill;
    ctx.fillRect(0, 0, 1, 1);
  }
  return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)];
}

/** WCAG's contrast ratio of two colours given as sRGB channels 0–255. */
function contrast(a: number[], b: number[]): number {
  const luminance = (rgb: number[]) => {
    const [r, g, bl] = rgb.map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('the date step at a phone’s width and a desktop’s', () => {
  it('on a narrow widget shows the chosen day’s times as their own step, focus on their heading, and back keeps the day', async () => {
    const el = await sized(390, { page: 'solo', locale: 'en-US', timezone: 'UTC' });
    const grid = find(el, 'kairos-month-grid')!;
    expect(grid.checkVisibility()).to.equal(true);
    expect(find(el, '.to-month')).to.equal(null);
    const day = await pickFirstDay(el);
    await until(() => active(el)?.id === 'slots-label', 'focus on the times’ heading');
    expect(grid.checkVisibility(), 'the month makes way for the times').to.equal(false);
    expect(findAll(el, 'button.slot').every((b) => b.checkVisibility())).to.equal(true);
    const back = find<HTMLButtonElement>(el, '.to-month')!;
    expect(back.checkVisibility()).to.equal(true);
    expect(back.textContent!.trim()).to.contain('Back to the calendar');
    back.click();
    await until(() => grid.checkVisibility(), 'the month again');
    expect(find(el, 'td[aria-selected="true"] .day')!.dataset.day, 'the day stays chosen').to.equal(day);
    await until(() => active(el)?.dataset.day === day, 'focus back on the chosen day');
    expect(find(el, '.to-month'), 'no way back where the month already is').to.equal(null);
  });

  it('on a wide widget keeps the month and the times side by side, focus where it was', async () => {
    const el = await sized(1000, { page: 'solo', locale: 'en-US', timezone: 'UTC' });
    await pickFirstDay(el);
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 50));
    const grid = find(el, 'kairos-month-grid')!.getBoundingClientRect();
    const times = find(el, 'kairos-slot-list')!.getBoundingClientRect();
    expect(find(el, 'kairos-month-grid')!.checkVisibility()).to.equal(true);
    expect(times.left).to.be.greaterThan(grid.right - 1);
    expect(find(el, '.to-month')!.checkVisibility(), 'no back button beside the month').to.equal(false);
    expect(active(el)?.id).to.not.equal('slots-label');
  });

  it('sums up what is booked: the page, the entry, its duration, location, host and description; beside the month when wide, its head above it and its details with the times when narrow', async () => {
    const el = await sized(1000, { page: 'solo', locale: 'en-US', timezone: 'UTC' });
    const panel = find(el, '.summary-panel')!;
    /** The texts shown, top to bottom. */
    const shown = (root: Element) => [...root.querySelectorAll('h2, p')].filter((p) => p.checkVisibility())
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top).map((p) => p.textContent!.trim());
    expect(shown(panel)).to.deep.equal(['Consult Mia', 'Consultation', '30 min · Video call', 'With Mia Jensen', 'A first talk about your project.']);
    expect(panel.getBoundingClientRect().right).to.be.at.most(find(el, 'kairos-month-grid')!.getBoundingClientRect().left);
    el.style.width = '390px';
    await new Promise((r) => requestAnimationFrame(r));
    expect(shown(panel)).to.deep.equal(['Consultation', '30 min · Video call']);
    expect(panel.getBoundingClientRect().bottom).to.be.at.most(find(el, 'kairos-month-grid')!.getBoundingClientRect().top);
    const details = find(el, '.times > .entry-details')!;
    expect(shown(details)).to.deep.equal(['Consult Mia', 'With Mia Jensen', 'A first talk about your project.']);
    expect(details.getBoundingClientRect().top).to.be.at.least(find(el, 'kairos-slot-list')!.getBoundingClientRect().bottom);
  });

  it('names no host where routing may give the entry another one', async () => {
    const el = await sized(1000, { page: 'routed', locale: 'en-US', timezone: 'UTC' });
    expect(find(el, '.summary-panel')!.textContent).to.contain('Consultation').and.not.contain('Mia Jensen');
  });

  it('says how many places are left on a group session’s times, and nothing on a one-to-one’s', async () => {
    const group = await sized(1000, { page: 'group', locale: 'en-US', timezone: 'UTC' });
    await pickFirstDay(group);
    const seats = findAll(group, 'button.slot .seats').map((s) => s.textContent!.trim());
    expect(seats.length).to.equal(findAll(group, 'button.slot').length);
    expect(seats[0]).to.equal('3 spots left');
    const solo = await sized(1000, { page: 'solo', locale: 'en-US', timezone: 'UTC' });
    await pickFirstDay(solo);
    expect(find(solo, 'button.slot .seats')).to.equal(null);
  });

  it('writes "1 spot left" and the places in the visitor’s language', async () => {
    const el = await sized(1000, { page: 'group', locale: 'fr', timezone: 'UTC' });
    await pickFirstDay(el);
    expect(find(el, 'button.slot .seats')!.textContent!.trim()).to.equal('3 places restantes');
  });

  it('keeps every time on one line at 390 px and in the popup', async () => {
    const el = await sized(390, { page: 'solo', locale: 'en-US', timezone: 'UTC' });
    await pickFirstDay(el);
    const oneLine = (root: KairosBooking) =>
      findAll(root, 'button.slot').every((b) => b.querySelector('.time')!.getClientRects().length === 1 && b.scrollWidth <= b.clientWidth && b.offsetHeight <= 44);
    expect(oneLine(el)).to.equal(true);
    const popup = await widget({ page: 'solo', locale: 'en-US', timezone: 'UTC', mode: 'popup' });
    popup.open();
    await until(() => find<HTMLDialogElement>(popup, 'dialog')!.open, 'the popup');
    await pickFirstDay(popup);
    expect(oneLine(popup)).to.equal(true);
    popup.close();
  });

  it('shows the hours the same way in the list and in the summary (German pads them in both)', async () => {
    const el = await sized(1000, { page: 'solo', locale: 'de', timezone: 'UTC' });
    await pickFirstDay(el);
    const label = find(el, 'button.slot .time')!.textContent!.trim();
    expect(label).to.match(/^\d\d:\d\d$/);
    await pickFirstSlot(el);
    expect(find(el, 'kairos-booking-form .summary')!.textContent).to.contain(`${label}–`);
  });

  it('draws a focus ring of at least 3:1 against the background, unlike the slots’ borders', async () => {
    const el = await sized(1000, { page: 'solo', locale: 'en-US', timezone: 'UTC' });
    await pickFirstDay(el);
    const slot = find<HTMLButtonElement>(el, 'button.slot')!;
    slot.focus();
    expect(slot.matches(':focus-visible')).to.equal(true);
    const style = getComputedStyle(slot);
    expect(parseFloat(style.outlineWidth)).to.be.at.least(2);
    const background = getComputedStyle(find(el, '.step')!).backgroundColor;
    const ring = drawn(style.outlineColor, background);
    expect(contrast(ring, drawn(background, '#fff'))).to.be.at.least(3);
    expect(ring).to.not.deep.equal(drawn(style.borderTopColor, background));
  });
});

describe('a refusal, the loading frame and the confirmation', () => {
  it('does not leave the calendar grey when routing refuses the lead form’s answer, and drops the refusal once it is corrected', async () => {
    const form = document.createElement('form');
    form.id = 'lead-refused';
    form.innerHTML = '<input name="email" value="lou@example.org"><input name="country" value="XX"><button>Go</button>';
    document.body.append(form);
    try {
      const el = await sized(1000, { page: 'routed', locale: 'en-US', timezone: 'UTC', 'prefill-from': '#lead-refused' });
      form.requestSubmit();
      const alert = await until(() => find(el, '[role="alert"]'), 'the refusal');
      expect(alert.textContent).to.equal('We cannot serve your country yet.');
      await until(() => find(el, 'kairos-month-grid table[aria-busy="false"]'), 'the month drawn, not its skeleton');
      expect(findAll(el, '.skeleton, .skeleton-line'), 'no grey placeholders').to.have.length(0);
      expect(findAll(el, '.day[aria-disabled="false"]')).to.have.length(0);
      (form.elements.namedItem('country') as HTMLInputElement).value = 'FR';
      form.requestSubmit();
      await until(() => find(el, '.day[aria-disabled="false"]'), 'the routed host’s days');
      expect(find(el, '[role="alert"]'), 'the old refusal is gone').to.equal(null);
    } finally {
      form.remove();
    }
  });

  it('starts the loading frame’s weeks on the locale’s first day, as the month will', async () => {
    const original = window.fetch;
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    window.fetch = async (input, init) => {
      if (!String(input).includes('/slots')) await gate;
      return original(input, init);
    };
    try {
      for (const [locale, first] of [['en-GB', 'Monday'], ['fr', 'lundi'], ['de', 'Montag'], ['en-US', 'Sunday']]) {
        const el = document.createElement('kairos-booking') as KairosBooking;
        Object.assign(el, { page: 'solo', locale, timezone: 'UTC' });
        await fixture(el);
        await until(() => find(el, '.loading th'), 'the loading frame');
        expect(find(el, 'th')!.getAttribute('abbr'), `${locale} while loading`).to.equal(first);
      }
    } finally {
      release();
      window.fetch = original;
    }
    const el = await sized(1000, { page: 'solo', locale: 'de', timezone: 'UTC' });
    expect(find(el, 'th')!.getAttribute('abbr')).to.equal('Montag');
  });

  it('leaves no empty room under the entry list', async () => {
    const el = await widget({ page: 'widget-test', locale: 'en-US', timezone: 'UTC' });
    const step = find(el, '.step')!.getBoundingClientRect();
    const list = find(el, 'ul.entries')!.getBoundingClientRect();
    expect(step.bottom - list.bottom).to.be.at.most(21);
  });

  it('tells a visitor whose booking awaits approval what happens next, with no calendar buttons and no empty room', async () => {
    const el = await widget({ page: 'widget-test', locale: 'en-US', event: 'review', timezone: 'UTC' });
    await pickFirstDay(el);
    await pickFirstSlot(el);
    await fill(el, { name: 'Ola Nordmann', email: 'ola.next@example.com' });
    const booked = oneEvent(el, 'kairos-booked');
    submit(el);
    expect((await booked).detail.status).to.equal('pending');
    const confirmation = await until(() => find(el, 'kairos-confirmation'), 'the confirmation');
    expect(confirmation.querySelector('.notice')!.textContent).to.contain('the host will confirm or decline your request, and you will get an email');
    expect(confirmation.querySelector('.calendar-links')).to.equal(null);
    expect(confirmation.textContent).to.not.contain('A confirmation was sent');
    const step = find(el, '.step')!.getBoundingClientRect();
    expect(step.bottom - confirmation.lastElementChild!.getBoundingClientRect().bottom).to.be.at.most(21 + 12);
  });
});

describe('the popup on a phone', () => {
  after(() => setViewport({ width: 800, height: 600 }));

  it('fills the screen and keeps its height from step to step', async () => {
    await setViewport({ width: 390, height: 844 });
    const el = await widget({ page: 'widget-test', locale: 'en-US', timezone: 'UTC', mode: 'popup' });
    el.open();
    const dialog = find<HTMLDialogElement>(el, 'dialog')!;
    await until(() => dialog.open, 'the popup');
    const size = () => {
      const r = dialog.getBoundingClientRect();
      return [r.left, r.top, r.width, r.height];
    };
    expect(size()).to.deep.equal([0, 0, 390, 844]);
    findAll(el, 'button.entry')[0].click();
    await pickFirstDay(el);
    expect(size()).to.deep.equal([0, 0, 390, 844]);
    await pickFirstSlot(el);
    expect(size()).to.deep.equal([0, 0, 390, 844]);
    el.close();
  });
});
