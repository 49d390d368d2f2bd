/**
 * The visitor's zone: shown by its name in the visitor's language with its offset, found by name,
 * city, country, abbreviation or offset, and changeable without losing the chosen day; beside it,
 * the 12/24-hour switch.
 */
import { expect } from '@open-wc/testing';
import { find, findAll, pickFirstDay, until, widget } from './widget-driver.js';
import type { KairosBooking } from '../../widget/kairos-booking.js';

const zoneButton = (el: KairosBooking) => find<HTMLButtonElement>(el, 'kairos-timezone-picker button.link')!;
const text = (e: Element) => e.textContent!.replace(/\s+/g, ' ').trim();

/** Each row found: its name, offset and cities, as the visitor reads it. */
async function search(el: KairosBooking, query: string): Promise<string[]> {
  const input = await until(() => find<HTMLInputElement>(el, '#zone-query'), 'the zone search');
  await until(() => find(el, '.zone-list[aria-busy="false"]'), 'the zone index');
  input.value = query;
  input.dispatchEvent(new Event('input'));
  await (find(el, 'kairos-timezone-picker') as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  return findAll(el, '.zone-option').map(text);
}

async function openPicker(attributes: Record<string, string>): Promise<KairosBooking> {
  const el = await widget({ page: 'solo', ...attributes });
  await until(() => zoneButton(el), 'the zone button');
  zoneButton(el).click();
  return el;
}

describe('time zone', () => {
  beforeEach(() => sessionStorage.clear());

  it('shows the detected zone by its name and offset as the visitor’s language writes them', async () => {
    const el = await widget({ page: 'solo', locale: 'fr', timezone: 'Asia/Tokyo' });
    await until(() => zoneButton(el), 'the zone button');
    expect(text(zoneButton(el))).to.equal('Fuseau horaire : heure normale du Japon (UTC+9)');
  });

  it('finds a zone by its generic name and shows its main cities', async () => {
    const el = await openPicker({ locale: 'en-US', timezone: 'UTC' });
    const pacific = await search(el, 'Pacific Time');
    expect(pacific[0]).to.match(/^Pacific Time GMT-[78] Los Angeles, /);
    expect(pacific.some((row) => /Auckland|Honolulu/.test(row))).to.equal(false);
  });

  it('finds India before Indiana, by country and by city, current and former names', async () => {
    const el = await openPicker({ locale: 'en-US', timezone: 'UTC' });
    const india = await search(el, 'India');
    expect(india[0]).to.equal('India Standard Time GMT+5:30 Kolkata, Colombo');
    // Indiana's zones still come, after India.
    expect(india.slice(1).some((row) => row.startsWith('Eastern Time'))).to.equal(true);
    expect(await search(el, 'kolkata')).to.deep.equal(['India Standard Time GMT+5:30 Kolkata, Colombo']);
    expect(await search(el, 'calcutta')).to.deep.equal([]);
    expect((await search(el, 'germany'))[0]).to.match(/^Central European Time GMT\+[12] Berlin, Paris, Rome/);
    expect((await search(el, 'berlin'))[0]).to.match(/^Central European Time/);
    expect(await search(el, 'kyiv')).to.have.length(1);
    expect(await search(el, 'lord howe')).to.have.length(1);
  });

  it('finds zones by the abbreviations people type, not by letters inside city names', async () => {
    const el = await openPicker({ locale: 'en-US', timezone: 'UTC' });
    const est = await search(el, 'EST');
    expect(est).to.have.length(1);
    expect(est[0]).to.match(/^Eastern Time GMT-[45] New York, Toronto/);
    expect((await search(el, 'pst'))[0]).to.match(/^Pacific Time/);
    expect((await search(el, 'CET'))[0]).to.match(/^Central European Time/);
    const ist = await search(el, 'IST');
    expect(ist.map((row) => row.split(' GMT')[0])).to.include.members(['India Standard Time', 'Israel Time', 'Ireland Time']);
  });

  it('finds zones by offset, however it is written', async () => {
    const el = await openPicker({ locale: 'en-US', timezone: 'UTC' });
    expect(await search(el, '+5:30')).to.deep.equal(['India Standard Time GMT+5:30 Kolkata, Colombo']);
    expect(await search(el, 'UTC+5:45')).to.deep.equal(['Nepal Time GMT+5:45 Kathmandu']);
    expect(await search(el, 'GMT+09:00')).to.include('Japan Standard Time GMT+9 Tokyo');
    const minus8 = await search(el, 'UTC-8');
    expect(minus8.every((row) => row.includes('GMT-8'))).to.equal(true);
    expect(await search(el, 'no such place')).to.deep.equal([]);
    expect(find(el, '.zone-search p')!.textContent).to.equal('No time zone matches.');
  });

  it('lists the visitor’s own zone first, then their locale’s region’s', async () => {
    const el = await openPicker({ locale: 'en-US', timezone: 'Asia/Tokyo' });
    const rows = await search(el, '');
    expect(rows[0]).to.match(/^Japan Standard Time/);
    expect(find(el, '.zone-option')!.getAttribute('aria-current')).to.equal('true');
    // The browser's language is en-US: the United States' zones come next.
    expect(rows.slice(1, 4).join(' | ')).to.match(/Eastern Time|Central Time|Pacific Time|Mountain Time/);
  });

  it('names the zones in the visitor’s language', async () => {
    const el = await openPicker({ locale: 'de', timezone: 'UTC' });
    expect((await search(el, 'Mitteleuropäische'))[0]).to.match(/^Mitteleuropäische Zeit GMT\+[12] Berlin/);
    // The English names are found too.
    expect((await search(el, 'Pacific Time'))[0]).to.match(/^Nordamerikanische Westküstenzeit/);
  });

  it('shows every time in the chosen zone once the visitor changes it, on the same day', async () => {
    const el = await widget({ page: 'solo', locale: 'en-GB', timezone: 'UTC', 'hour-cycle': 'h23' });
    // Not today: it may already be tomorrow in Kolkata.
    const later = await until(() => findAll(el, '.day[aria-disabled="false"]')[2], 'a day after tomorrow');
    const day = later.dataset.day!;
    later.click();
    await until(() => find(el, '.slot:not(.skeleton)'), 'slots of the day');
    const inUtc = findAll(el, 'button.slot').map((b) => b.textContent!.trim());
    zoneButton(el).click();
    await search(el, 'kolkata');
    find<HTMLButtonElement>(el, '.zone-option')!.click();
    await until(() => zoneButton(el).textContent!.includes('India'), 'the new zone');
    expect(find(el, '[role="status"]')!.textContent).to.equal('Times are now shown in India Standard Time.');
    await until(() => find(el, `td[aria-selected="true"] .day[data-day="${day}"]`), 'the same day, still chosen');
    const inKolkata = await until(() => {
      const times = findAll(el, 'button.slot').map((b) => b.textContent!.trim());
      return times.length > 0 && times.every((t) => t.endsWith(':30')) && times;
    }, 'the day’s times in Kolkata');
    // Kolkata is UTC+5:30 all year: every time moves by 5 h 30 min (solo's hours are 09:00–12:00 local).
    expect(inUtc.every((t) => t.endsWith(':00'))).to.equal(true);
    expect(inKolkata.length).to.be.greaterThan(0);
  });
});

describe('12/24-hour switch', () => {
  // The choice lasts for the session: the suites after this one must not inherit it.
  beforeEach(() => sessionStorage.clear());
  afterEach(() => sessionStorage.clear());

  const clock = (el: KairosBooking) => findAll<HTMLButtonElement>(el, '.clock button');

  it('starts on the locale’s clock and switches every time shown', async () => {
    const el = await widget({ page: 'solo', locale: 'en-US', timezone: 'UTC' });
    await pickFirstDay(el);
    expect(clock(el).map((b) => `${b.textContent} ${b.getAttribute('aria-pressed')}`)).to.deep.equal(['12h true', '24h false']);
    expect(find(el, 'button.slot')!.textContent).to.match(/[AP]M/);
    clock(el)[1]!.click();
    await until(() => !/[AP]M/.test(find(el, 'button.slot')!.textContent!), '24-hour times');
    expect(clock(el).map((b) => b.getAttribute('aria-pressed'))).to.deep.equal(['false', 'true']);
  });

  it('remembers the visitor’s choice for the session, over the page’s default', async () => {
    const first = await widget({ page: 'solo', locale: 'de', timezone: 'UTC' });
    await pickFirstDay(first);
    expect(find(first, 'button.slot')!.textContent).not.to.match(/AM|PM/);
    clock(first)[0]!.click();
    await until(() => /AM|PM/.test(find(first, 'button.slot')!.textContent!), '12-hour times');
    const second = await widget({ page: 'solo', locale: 'de', timezone: 'UTC', 'hour-cycle': 'h23' });
    await pickFirstDay(second);
    expect(find(second, 'button.slot')!.textContent).to.match(/AM|PM/);
    expect(clock(second)[0]!.getAttribute('aria-pressed')).to.equal('true');
  });
});
