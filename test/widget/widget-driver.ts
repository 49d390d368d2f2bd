/** Drives `<kairos-booking>` in tests the way a visitor would, and talks to the real API beside it. */
import { fixture, oneEvent } from '@open-wc/testing';
import type { BookingResponse, SlotsResponse } from '../../shared/api-schemas.js';
import '../../widget/index.js';
import type { KairosBooking } from '../../widget/kairos-booking.js';

export function find<T extends HTMLElement = HTMLElement>(el: KairosBooking, selector: string): T | null {
  return el.shadowRoot!.querySelector<T>(selector);
}

export function findAll<T extends HTMLElement = HTMLElement>(el: KairosBooking, selector: string): T[] {
  return [...el.shadowRoot!.querySelectorAll<T>(selector)];
}

/** Waits until `probe` returns something truthy (the widget renders after network answers). */
export async function until<T>(probe: () => T | null | undefined | false, what: string, ms = 5000): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Renders a widget and waits for `kairos-ready` (or, in manage mode, for its first step). */
export async function widget(attributes: Record<string, string>): Promise<KairosBooking> {
  const el = document.createElement('kairos-booking');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  if ('booking-id' in attributes) {
    await fixture(el);
    await until(() => find(el, 'kairos-manage-booking h2'), 'the booking');
    return el;
  }
  const ready = oneEvent(el, 'kairos-ready');
  await fixture(el);
  await ready;
  await until(() => find(el, '.step h2'), 'the first step');
  return el;
}

export async function pickFirstDay(el: KairosBooking): Promise<string> {
  const day = await until(() => find(el, '.day[aria-disabled="false"]'), 'an available day');
  day.click();
  await until(() => find(el, '.slot:not(.skeleton)'), 'slots of the day');
  return day.dataset.day!;
}

export async function pickFirstSlot(el: KairosBooking): Promise<HTMLButtonElement> {
  const slot = await until(() => find<HTMLButtonElement>(el, 'button.slot'), 'a slot');
  slot.click();
  await until(() => find(el, 'kairos-booking-form form'), 'the form');
  return slot;
}

export async function fill(el: KairosBooking, values: Record<string, string | boolean>): Promise<void> {
  for (const [id, value] of Object.entries(values)) {
    const input = find<HTMLInputElement>(el, `#field-${id}`)!;
    if (typeof value === 'boolean') input.checked = value;
    else input.value = value;
  }
}

export function submit(el: KairosBooking): void {
  find<HTMLButtonElement>(el, 'kairos-booking-form button[type="submit"]')!.click();
}

export async function api<T>(path: string, body?: object): Promise<T> {
  const response = await fetch(`/api/v1/${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${response.status} ${JSON.stringify(json)}`);
  return json as T;
}

export async function slotsOf(page: string, event: string, timezone: string, from: Date, days = 20) {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const to = new Date(from.getTime() + days * 86_400_000);
  const q = new URLSearchParams({ event, from: day(from), to: day(to), timezone });
  return (await api<SlotsResponse>(`pages/${page}/slots?${q}`)).slots;
}

/** Books straight through the API, as another visitor would meanwhile. */
export async function bookDirectly(page: string, event: string, start: string, email = 'other@example.com') {
  return api<BookingResponse>(`pages/${page}/bookings`, {
    event, start, timezone: 'UTC', locale: 'en-US', name: 'Other Visitor', email,
    answers: { company: 'Elsewhere Ltd' }, consent: true,
  });
}

export const tokenOf = (booking: Pick<BookingResponse, 'manageUrl'>) => new URL(booking.manageUrl).searchParams.get('token')!;
