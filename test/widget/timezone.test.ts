/** The visitor's zone: shown with its offset in the visitor's language, searchable, and changeable. */
import { expect } from '@open-wc/testing';
import { find, findAll, pickFirstDay, until, widget } from './widget-driver.js';
import type { KairosBooking } from '../../widget/kairos-booking.js';

const zoneButton = (el: KairosBooking) => find<HTMLButtonElement>(el, 'kairos-timezone-picker button.link')!;

async function search(el: KairosBooking, query: string): Promise<string[]> {
  const input = await until(() => find<HTMLInputElement>(el, '#zone-query'), 'the zone search');
  input.value = query;
  input.dispatchEvent(new Event('input'));
  await (find(el, 'kairos-timezone-picker') as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  return findAll(el, '.zone-option').map((b) => b.textContent!.replace(/\s+/g, ' ').trim());
}

describe('time zone', () => {
  it('shows the detected zone with its offset as the visitor’s language writes it', async () => {
    const el = await widget({ page: 'solo', locale: 'fr', timezone: 'Asia/Tokyo' });
    await until(() => zoneButton(el), 'the zone button');
    expect(zoneButton(el).textContent!.replace(/\s+/g, ' ').trim()).to.equal('Fuseau horaire : Tokyo (UTC+9)');
  });

  it('finds zones by their current names, their former ones, and the English offset', async () => {
    const el = await widget({ page: 'solo', locale: 'en-US', timezone: 'UTC' });
    zoneButton(el).click();
    expect(await search(el, 'kolkata')).to.deep.equal(['Asia/Kolkata GMT+5:30']);
    expect(await search(el, 'calcutta')).to.deep.equal(['Asia/Kolkata GMT+5:30']);
    expect(await search(el, 'kyiv')).to.have.length(1);
    expect(await search(el, 'lord howe')).to.have.length(1);
    expect(await search(el, 'GMT+5:45')).to.include('Asia/Kathmandu GMT+5:45');
    expect(await search(el, 'no such place')).to.deep.equal([]);
    expect(find(el, '.zone-search p')!.textContent).to.equal('No time zone matches.');
  });

  it('shows every time in the chosen zone once the visitor changes it', async () => {
    const el = await widget({ page: 'solo', locale: 'en-GB', timezone: 'UTC', 'hour-cycle': 'h23' });
    await pickFirstDay(el);
    const inUtc = findAll(el, 'button.slot').map((b) => b.textContent!.trim());
    zoneButton(el).click();
    await search(el, 'kolkata');
    find<HTMLButtonElement>(el, '.zone-option')!.click();
    await until(() => zoneButton(el).textContent!.includes('Kolkata'), 'the new zone');
    expect(find(el, '[role="status"]')!.textContent).to.equal('Times are now shown in Asia/Kolkata.');
    await pickFirstDay(el);
    const inKolkata = findAll(el, 'button.slot').map((b) => b.textContent!.trim());
    // Kolkata is UTC+5:30 all year: every time moves by 5 h 30 min (solo's hours are 09:00–12:00 local).
    expect(inUtc.every((t) => t.endsWith(':00'))).to.equal(true);
    expect(inKolkata.length).to.be.greaterThan(0);
    expect(inKolkata.every((t) => t.endsWith(':30'))).to.equal(true);
  });
});
