/**
 * The widget's events as docs/embed.md has them: the `kairos-*` ones reach the host page (they
 * bubble out of the shadow root); the steps' own events stay inside the widget.
 */
import { expect, oneEvent } from '@open-wc/testing';
import { fill, pickFirstDay, pickFirstSlot, submit, widget } from './widget-driver.js';

const contract = ['kairos-ready', 'kairos-event-selected', 'kairos-date-selected', 'kairos-slot-selected', 'kairos-booked'];
const stepEvents = ['entry', 'day', 'month', 'slot', 'zone', 'book', 'back', 'invalid', 'cancel-booking', 'reschedule', 'move'];

describe('events', () => {
  it('fires the documented events at the document, and none of the steps’ own', async () => {
    const heard: string[] = [];
    const listen = (e: Event) => heard.push(`${e.type}${e.bubbles && e.composed ? '' : ' (stays in the widget)'}`);
    for (const name of [...contract, ...stepEvents]) document.addEventListener(name, listen);
    try {
      // Page `later` books weeks ahead, so this booking takes none of the times the other suites pick first.
      const el = await widget({ page: 'later', locale: 'en-US', timezone: 'UTC' });
      await pickFirstDay(el);
      await pickFirstSlot(el);
      await fill(el, { name: 'Ana', email: 'events@example.com' });
      const booked = oneEvent(el, 'kairos-booked');
      submit(el);
      await booked;
      expect(heard).to.deep.equal(contract);
    } finally {
      for (const name of [...contract, ...stepEvents]) document.removeEventListener(name, listen);
    }
  });
});
