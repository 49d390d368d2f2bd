/** After booking: the host page's own thank-you page (`redirect-url`) or its own message (`booked-message`). */
import { expect, oneEvent } from '@open-wc/testing';
import { navigation, thankYouUrl } from '../../widget/after-booking.js';
import { fill, find, pickFirstDay, pickFirstSlot, submit, until, widget } from './widget-driver.js';
import type { KairosBooking } from '../../widget/kairos-booking.js';

async function book(el: KairosBooking, email: string) {
  await pickFirstDay(el);
  await pickFirstSlot(el);
  await fill(el, { name: 'Ana', email });
  const booked = oneEvent(el, 'kairos-booked');
  submit(el);
  return (await booked).detail as { id: string; event: string; start: string; status: string };
}

describe('after booking', () => {
  const go = navigation.go;
  afterEach(() => (navigation.go = go));

  it('opens the page’s thank-you URL with the booking’s id, event, start and status', async () => {
    const opened: string[] = [];
    navigation.go = (url) => opened.push(url);
    // Page `later` books weeks ahead, so this booking takes none of the times the other suites pick first.
    const el = await widget({ page: 'later', locale: 'en-US', timezone: 'UTC', 'redirect-url': '/thanks?from=widget' });
    const booking = await book(el, 'redirect@example.com');
    await until(() => opened.length, 'the redirect');
    const url = new URL(opened[0]!);
    expect(url.origin + url.pathname).to.equal(`${location.origin}/thanks`);
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({
      from: 'widget', booking_id: booking.id, event: 'later', start: booking.start, status: booking.status,
    });
  });

  it('never follows a redirect URL that is not http(s)', () => {
    const booking = { id: 'b1', event: 'demo', start: '2026-12-01T09:00:00Z', status: 'confirmed' as const };
    expect(thankYouUrl('javascript:alert(1)', booking)).to.equal(undefined);
    expect(thankYouUrl('https://example.com/thanks#top', booking)).to.equal(
      'https://example.com/thanks?booking_id=b1&event=demo&start=2026-12-01T09%3A00%3A00Z&status=confirmed#top',
    );
  });

  it('shows the page’s own message on the confirmation, as text', async () => {
    const el = await widget({ page: 'later', locale: 'en-US', timezone: 'UTC', 'booked-message': 'Thanks! <b>Our</b> team will call you.' });
    await book(el, 'message@example.com');
    const message = await until(() => find(el, '[part~="booked-message"]'), 'the page’s message');
    expect(message.textContent).to.equal('Thanks! <b>Our</b> team will call you.');
    expect(find(el, 'kairos-confirmation h2')!.textContent).to.equal('You are booked');
  });

  describe('from the page’s config (`afterBooking`), when the embed says nothing', () => {
    it('opens the page’s thank-you page with the booking’s id, event, start and status, and shows its message in the visitor’s language', async () => {
      const opened: string[] = [];
      navigation.go = (url) => opened.push(url);
      const el = await widget({ page: 'thanks', locale: 'fr', timezone: 'UTC' });
      const booking = await book(el, 'page-config@example.com');
      await until(() => opened.length, 'the redirect');
      const url = new URL(opened[0]!);
      expect(url.origin + url.pathname).to.equal('https://www.example.com/merci');
      expect(Object.fromEntries(url.searchParams)).to.deep.equal({
        from: 'config', booking_id: booking.id, event: 'later', start: booking.start, status: booking.status,
      });
      const message = await until(() => find(el, '[part~="booked-message"]'), 'the page’s message');
      expect(message.textContent).to.equal('À bientôt, de la part de la page.');
    });

    it('lets the embed’s attributes win over the page’s, an empty redirect-url turning the page’s off', async () => {
      const opened: string[] = [];
      navigation.go = (url) => opened.push(url);
      const el = await widget({ page: 'thanks', locale: 'en-US', timezone: 'UTC', 'redirect-url': '/own-thanks', 'booked-message': 'The site’s own words.' });
      await book(el, 'attribute-wins@example.com');
      await until(() => opened.length, 'the redirect');
      expect(new URL(opened[0]!).pathname).to.equal('/own-thanks');
      expect((await until(() => find(el, '[part~="booked-message"]'), 'the message')).textContent).to.equal('The site’s own words.');

      const none = await widget({ page: 'thanks', locale: 'en-US', timezone: 'UTC', 'redirect-url': '' });
      await book(none, 'no-redirect@example.com');
      await until(() => find(none, 'kairos-confirmation h2'), 'the confirmation');
      await new Promise((r) => setTimeout(r, 50));
      expect(opened).to.have.length(1);
      expect(find(none, '[part~="booked-message"]')!.textContent).to.equal('See you soon, from the page.');
    });
  });
});
