/**
 * Every event the widget dispatches, by name, with the type of its `detail`, and the one helper
 * that dispatches them. The `kairos-*` events are the public contract (docs/embed.md): they bubble
 * and leave the shadow root (composed). The others pass from a step to the flow holding it and stay
 * on the step's element, as a property change would.
 */
import type { BookingResponse, PageEntry } from '../shared/api-schemas.js';
import type { Values } from './controllers/prefill.js';
import type { Slot } from './controllers/slots.js';

export interface PublicEvents {
  'kairos-ready': { page: string };
  'kairos-event-selected': { event: string };
  /** `YYYY-MM-DD` in the visitor's zone. */
  'kairos-date-selected': { date: string };
  /** `start` is UTC. */
  'kairos-slot-selected': { event: string; start: string };
  'kairos-booked': Pick<BookingResponse, 'id' | 'status' | 'event' | 'start' | 'end' | 'timezone' | 'hosts'>;
  'kairos-error': { code: string; message: string };
  /** The widget shows another step (`entries`, `date`, `form`, `done`, …): a funnel's steps. */
  'kairos-view-changed': { view: string };
}

/** Of a multi-session booking, what the visitor cancels: one session, or all. */
export interface Cancelling {
  id?: string;
  all?: boolean;
}

interface StepEvents {
  /** An entry of the page was chosen. */
  entry: PageEntry;
  /** A day with slots was chosen (`YYYY-MM-DD`). */
  day: string;
  /** Another month is wanted (`YYYY-MM`). */
  month: string;
  slot: Slot;
  /** An IANA zone was chosen. */
  zone: string;
  /** The visitor switched the clock. */
  'hour-cycle': 'h12' | 'h23';
  /** The form is valid: its values by field id. */
  book: Values;
  /** A submit was refused; the first faulty field has focus. */
  invalid: undefined;
  /** Back to the date step. */
  back: undefined;
  /** The reason given for cancelling (may be empty); of a multi-session booking, which session (`id`) or all. */
  'cancel-booking': Cancelling & { reason: string };
  reschedule: undefined;
  /** The new time is confirmed. */
  move: undefined;
}

export type WidgetEvents = PublicEvents & StepEvents;

/** What a listener of `name` receives. */
export type WidgetEvent<K extends keyof WidgetEvents> = CustomEvent<WidgetEvents[K]>;

export function emit<K extends keyof WidgetEvents>(
  target: EventTarget,
  name: K,
  ...detail: WidgetEvents[K] extends undefined ? [] : [WidgetEvents[K]]
): void {
  const open = name.startsWith('kairos-');
  target.dispatchEvent(new CustomEvent(name, { detail: detail[0], bubbles: open, composed: open }));
}

/** `kairos-booked`'s detail: the documented fields of the booking, not everything the API answered. */
export function bookedDetail({ id, status, event, start, end, timezone, hosts }: BookingResponse): PublicEvents['kairos-booked'] {
  return { id, status, event, start, end, timezone, hosts };
}
