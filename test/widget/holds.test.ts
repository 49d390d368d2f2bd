/**
 * Holding the picked time (issue #12, rule 3) against the real server: the widget holds the time
 * once it is picked and says until when, other visitors stop seeing it, the booking carries the
 * hold, and going back or leaving the page lets it go. Requests are recorded on their way to the
 * server, not answered in its place.
 */
import { expect, oneEvent } from '@open-wc/testing';
import type { KairosBooking } from '../../widget/kairos-booking.js';
import { api, bookDirectly, fill, find, findAll, pickFirstDay, pickFirstSlot, slotsOf, submit, until, widget } from './widget-driver.js';

const visitor = { name: 'Hana Hold', email: 'hana@example.com', company: 'Holding AG', consent: true };

interface Sent {
  method: string;
  url: string;
  body?: string;
  keepalive?: boolean;
}

let sent: Sent[] = [];
/** Hold answers take this much longer to come back (the hold is made at once): a slow network, played by the clock. */
let holdDelay = 0;
const realFetch = window.fetch;

beforeEach(() => {
  sent = [];
  holdDelay = 0;
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push({ method: init?.method ?? 'GET', url: String(input), body: init?.body as string | undefined, keepalive: init?.keepalive });
    const delay = String(input).endsWith('/holds') ? holdDelay : 0;
    const response = await realFetch(input, init);
    await new Promise((r) => setTimeout(r, delay));
    return response;
  };
});
afterEach(() => {
  window.fetch = realFetch;
});

const holdRequests = () => sent.filter((s) => s.method === 'POST' && s.url.endsWith('/holds'));
const releases = () => sent.filter((s) => s.method === 'POST' && s.url.endsWith('/release'));
const heldLine = (el: KairosBooking) => find(el, 'kairos-booking-form .notice:not(.skeleton-text)');
const offered = async (start: string) => (await slotsOf('widget-test', 'consult', 'UTC', new Date(Date.parse(start) - 86_400_000), 3)).some((s) => s.start === start);

async function pickAndHold(el: KairosBooking): Promise<string> {
  await pickFirstDay(el);
  const chosen = oneEvent(el, 'kairos-slot-selected');
  await pickFirstSlot(el);
  const { start } = (await chosen).detail as { start: string };
  await until(() => heldLine(el), 'the held line');
  return start;
}

describe('holding the picked time (real server)', () => {
  it('holds the time once picked, says until when, and hides it from other visitors', async () => {
    const el = await widget({ page: 'widget-test', event: 'consult', locale: 'en-US', timezone: 'UTC', 'hour-cycle': 'h23' });
    const start = await pickAndHold(el);
    expect(JSON.parse(holdRequests()[0].body!)).to.deep.include({ event: 'consult', start });
    // The server's clock stands at midnight UTC: five minutes from then.
    expect(heldLine(el)!.textContent).to.equal('We’re holding this time for you until 00:05.');
    expect(await offered(start)).to.equal(false);
  });

  it('keeps the line’s room while the hold is on its way, so the form does not move', async () => {
    const el = await widget({ page: 'widget-test', event: 'consult', locale: 'en-US', timezone: 'UTC' });
    await pickFirstDay(el);
    holdDelay = 300;
    find<HTMLButtonElement>(el, 'button.slot')!.click();
    await until(() => find(el, 'kairos-booking-form form'), 'the form');
    const name = () => find(el, '#field-name')!.getBoundingClientRect().top;
    const pending = find(el, 'kairos-booking-form .notice');
    expect(pending?.classList.contains('skeleton-text')).to.equal(true);
    const before = name();
    await until(() => heldLine(el), 'the held line');
    expect(name()).to.equal(before);
  });

  it('lets the time go when the visitor goes back', async () => {
    const el = await widget({ page: 'widget-test', event: 'consult', locale: 'en-US', timezone: 'UTC' });
    const start = await pickAndHold(el);
    find<HTMLButtonElement>(el, 'kairos-booking-form button.secondary')!.click();
    await until(() => releases().length === 1, 'the release');
    expect(releases()[0].keepalive).to.equal(true);
    await until(async () => await offered(start), 'the time offered again');
    expect(await offered(start)).to.equal(true);
  });

  it('holds the same time again after going back before the first hold had answered', async () => {
    const el = await widget({ page: 'widget-test', event: 'consult', locale: 'en-US', timezone: 'UTC' });
    await pickFirstDay(el);
    holdDelay = 300;
    const chosen = oneEvent(el, 'kairos-slot-selected');
    await pickFirstSlot(el);
    const { start } = (await chosen).detail as { start: string };
    find<HTMLButtonElement>(el, 'kairos-booking-form button.secondary')!.click();
    holdDelay = 0;
    const slot = await until(() => findAll<HTMLButtonElement>(el, 'button.slot')[0], 'the day’s times');
    slot.click();
    await until(() => heldLine(el), 'the held line');
    expect(find(el, '[role="alert"]')).to.equal(null);
    expect(holdRequests().map((h) => JSON.parse(h.body!).start)).to.deep.equal([start, start]);
    expect(releases()).to.have.length(1);
    expect(await offered(start)).to.equal(false);
  });

  it('lets the time go when the page is hidden', async () => {
    const el = await widget({ page: 'widget-test', event: 'consult', locale: 'en-US', timezone: 'UTC' });
    await pickAndHold(el);
    const start = JSON.parse(holdRequests()[0].body!).start as string;
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    await until(() => releases().length === 1, 'the release');
    expect(el.isConnected).to.equal(true);
    for (let i = 0; i < 50 && !(await offered(start)); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await offered(start)).to.equal(true);
  });

  it('holds the time again when the visitor comes back to the page from the browser’s cache', async () => {
    const el = await widget({ page: 'widget-test', event: 'consult', locale: 'en-US', timezone: 'UTC' });
    const start = await pickAndHold(el);
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    await until(() => releases().length === 1, 'the release');
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await until(() => holdRequests().length === 2, 'the hold taken again');
    expect(JSON.parse(holdRequests()[1].body!)).to.deep.include({ start });
    await until(() => heldLine(el), 'the held line');
    expect(await offered(start)).to.equal(false);
  });

  it('books with its hold, which the booking ends', async () => {
    const el = await widget({ page: 'widget-test', event: 'consult', locale: 'en-US', timezone: 'UTC' });
    const start = await pickAndHold(el);
    await fill(el, visitor);
    const booked = oneEvent(el, 'kairos-booked');
    submit(el);
    expect((await booked).detail).to.include({ start, status: 'confirmed' });
    const booking = sent.find((s) => s.url.endsWith('/bookings'))!;
    const holdAnswer = JSON.parse(booking.body!) as { holdId?: string };
    expect(holdAnswer.holdId).to.match(/^[\w-]{43}$/);
    // Released by the booking itself: nothing for the widget to let go afterwards.
    el.remove();
    expect(releases()).to.deep.equal([]);
  });

  it('books a time whose hold is still on its way, waiting for the hold instead of being refused by it', async () => {
    const el = await widget({ page: 'widget-test', event: 'consult', locale: 'en-US', timezone: 'UTC' });
    await pickFirstDay(el);
    holdDelay = 300;
    await pickFirstSlot(el);
    await fill(el, visitor);
    const booked = oneEvent(el, 'kairos-booked');
    submit(el);
    expect((await booked).detail).to.include({ status: 'confirmed' });
    const booking = sent.find((s) => s.url.endsWith('/bookings'))!;
    // Sent only once the hold had answered: it carries the hold.
    expect((JSON.parse(booking.body!) as { holdId?: string }).holdId).to.match(/^[\w-]{43}$/);
  });

  it('tells the visitor a time taken before their hold, and shows the day’s fresh times', async () => {
    const el = await widget({ page: 'widget-test', event: 'consult', locale: 'en-US', timezone: 'UTC' });
    const day = await pickFirstDay(el);
    const first = (await slotsOf('widget-test', 'consult', 'UTC', new Date(`${day}T00:00:00Z`), 1)).find((s) => s.start.startsWith(day))!;
    await bookDirectly('widget-test', 'consult', first.start, 'quicker@example.com');
    const failed = oneEvent(el, 'kairos-error');
    const label = find<HTMLButtonElement>(el, 'button.slot')!.textContent!.trim();
    find<HTMLButtonElement>(el, 'button.slot')!.click();
    expect((await failed).detail).to.include({ code: 'slot_unavailable' });
    expect((await until(() => find(el, '[role="alert"]'), 'the error')).textContent).to.contain('that time was just taken');
    await until(() => find(el, 'button.slot') && !findAll(el, 'button.slot').some((b) => b.textContent!.trim() === label), 'the day’s fresh times');
    expect(find(el, 'kairos-booking-form')).to.equal(null);
  });

  it('is refused another visitor’s held time, and the API says so', async () => {
    const el = await widget({ page: 'widget-test', event: 'consult', locale: 'en-US', timezone: 'UTC' });
    const start = await pickAndHold(el);
    let refused = '';
    await api('pages/widget-test/bookings', { event: 'consult', start, timezone: 'UTC', locale: 'en-US', name: 'Other', email: 'other@example.com', answers: { company: 'X' }, consent: true }).catch(
      (error: Error) => (refused = error.message),
    );
    expect(refused).to.match(/^409 .*slot_unavailable/);
  });
});
