/**
 * A notify `BookingChange` for a booking already in the database, as a use case would hand it
 * over: the notify suites write booking rows by hand, then enqueue their changes through this.
 */
import type { Kysely } from 'kysely';
import { manageUrl } from '../../../server/booking/links.js';
import type { BookingChange } from '../../../server/notify/index.js';
import { assignee, type Booking } from '../../../server/store/booking.js';
import { readBooking } from '../../../server/store/booking-rows.js';
import { configSnapshot } from '../../../server/store/config-repository.js';
import type { Database } from '../../../server/store/database.js';

export interface ChangeOf {
  type: BookingChange['type'];
  bookingId: string;
  now: number;
  publicUrl: string;
  manageToken?: string;
  /** The booking before the change, as ISO instants and member ids. */
  previous?: { start: string; end: string; members: string[] };
}

export async function bookingChange(db: Kysely<Database>, change: ChangeOf): Promise<BookingChange> {
  const booking = await readBooking(db, change.bookingId);
  if (!booking) throw new Error(`no booking ${change.bookingId}`);
  const config = await configSnapshot(db);
  const previous: Booking | undefined = change.previous && {
    ...booking,
    start: Date.parse(change.previous.start),
    end: Date.parse(change.previous.end),
    members: change.previous.members.map((id) => assignee(id, config.members.get(id), null)),
  };
  return {
    type: change.type,
    booking,
    event: config.eventTypes.get(booking.eventType)!,
    page: config.pages.get(booking.page) ?? null,
    now: change.now,
    publicUrl: change.publicUrl,
    ...(change.manageToken ? { manageUrl: manageUrl(change.publicUrl, booking.id, change.manageToken) } : {}),
    ...(previous ? { previous } : {}),
    webhooks: [...config.webhooks.values()].filter((w) => !w.disabled).map((w) => w.webhook),
  };
}
