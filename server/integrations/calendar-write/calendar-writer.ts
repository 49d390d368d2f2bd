/**
 * Writing bookings into members' own calendars: one small interface per kind of calendar
 * (CalDAV now), called from the outbox (`booking/write-calendars.ts`), never inside a booking's
 * transaction, so a slow or broken calendar server delays an event in a calendar, never a booking.
 */

/** Where an event was written, to change or remove that one event later. */
export interface WrittenEvent {
  href: string;
  /** The version written (HTTP ETag); null when the server did not say. */
  etag: string | null;
}

/**
 * A call that failed. `retryable`: asking again later may work (429, 5xx, a timeout, the network);
 * otherwise the server refused (a wrong password, no such calendar). `retryAfterMs` is the
 * server's own `Retry-After`.
 */
export class CalendarWriteError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'CalendarWriteError';
  }
}
