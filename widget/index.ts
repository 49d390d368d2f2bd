/**
 * The bundle's entry: defines `<kairos-booking>` and `window.Kairos`, the script-tag API
 * (`Kairos.open({page, event?, prefill?})` opens a popup without any markup on the page).
 */
import { KairosBooking } from './kairos-booking.js';
import type { Values } from './controllers/prefill.js';

if (!customElements.get('kairos-booking')) customElements.define('kairos-booking', KairosBooking);

export interface OpenOptions {
  page: string;
  event?: string;
  prefill?: Values;
}

const opened = new Map<string, KairosBooking>();

export const Kairos = {
  /** Opens a booking popup for a page (re-using the one opened before for the same page and event). */
  open({ page, event, prefill }: OpenOptions): KairosBooking {
    const key = `${page}|${event ?? ''}`;
    let el = opened.get(key);
    if (!el) {
      el = document.createElement('kairos-booking') as KairosBooking;
      el.setAttribute('page', page);
      if (event) el.setAttribute('event', event);
      el.setAttribute('mode', 'popup');
      el.launcher = false;
      opened.set(key, el);
    }
    if (prefill) el.prefill(prefill);
    if (!el.isConnected) document.body.append(el);
    el.open();
    return el;
  },
};

declare global {
  interface Window {
    Kairos: typeof Kairos;
  }
  interface HTMLElementTagNameMap {
    'kairos-booking': KairosBooking;
  }
}

window.Kairos = Kairos;
export { KairosBooking };
