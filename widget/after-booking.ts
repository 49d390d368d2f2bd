/**
 * What the host page asked for once a booking is made (`redirect-url`): its own thank-you page,
 * told which booking it thanks for, as Calendly's and Cal.com's redirects do.
 */
import type { BookingResponse } from '../shared/api-schemas.js';

/**
 * `redirect-url` with the booking's `booking_id`, `event`, `start` (UTC) and `status` as query
 * parameters; `undefined` when it is not an http(s) URL (a `javascript:` URL must not run).
 */
export function thankYouUrl(redirect: string, booking: Pick<BookingResponse, 'id' | 'event' | 'start' | 'status'>): string | undefined {
  const url = new URL(redirect, location.href);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  for (const [key, value] of [['booking_id', booking.id], ['event', booking.event], ['start', booking.start], ['status', booking.status]]) {
    url.searchParams.set(key!, value!);
  }
  return url.href;
}

/** Leaves the page; tests replace `go`, as they cannot follow the browser elsewhere. */
export const navigation = { go: (url: string) => location.assign(url) };
