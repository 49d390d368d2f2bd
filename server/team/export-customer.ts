/**
 * GDPR export (docs/http-api.md): everything the server keeps about one customer, found by the
 * email their bookings were made with — the bookings as admins see them, what happened to each,
 * the emails and webhooks about them, and the consents they gave. Manage links are never part of
 * it: a sent email's row no longer holds one, a queued one's is left out here.
 * An address with no bookings exports empty lists rather than `not_found`: "nothing is stored"
 * is the true answer, and it reads the same after an erase as for an address never seen.
 */
import type { BookingDeps } from '../booking/booking-deps.js';
import { consentsAnswered } from '../booking/booking-form.js';
import type { OutboxPayload } from '../notify/index.js';
import { recordActivity, type Actor } from '../store/activity.js';
import type { Booking } from '../store/booking.js';
import { configSnapshot } from '../store/config-repository.js';
import { customerBookingIds, readCustomerRecords } from '../store/customer-data.js';
import { fromStored } from '../store/identifiers.js';
import { writeTransaction } from '../store/transaction.js';

export interface CustomerActivity {
  at: number;
  type: string;
  actor: Actor;
  data: Record<string, unknown>;
}

/** An outbox row about one of the bookings, without its payload. */
export interface CustomerNotification {
  id: string;
  booking: string;
  /** `sms`: a text to the customer's phone (the number itself is in the booking's `sms_sent` activity). */
  kind: 'email' | 'webhook' | 'sms';
  topic: string;
  /** The email's or text's template (`confirmed`, `reminder`, …); null for a webhook. */
  template: string | null;
  /** Whom the email was for (a text is always the customer's); null for a webhook, or an email row older than recipients were kept. */
  recipient: 'customer' | 'guest' | 'member' | null;
  status: string;
  createdAt: number;
  dueAt: number;
  sentAt: number | null;
}

export interface CustomerConsent {
  booking: string;
  field: string;
  /**
   * The field's label in the booking's language, as the customer read it: recorded with the
   * booking, or for a booking made before that, as the config words it now.
   */
  label: string;
  given: boolean;
  at: number;
}

export interface CustomerExport {
  email: string;
  exportedAt: number;
  bookings: { booking: Booking; activity: CustomerActivity[] }[];
  notifications: CustomerNotification[];
  consents: CustomerConsent[];
}

export async function exportCustomer(deps: BookingDeps, req: { email: string; actor: Actor; now: number }): Promise<CustomerExport> {
  const config = await configSnapshot(deps.store.db);
  // The read and its audit entry commit together: no export goes unrecorded.
  const records = await writeTransaction(deps.store, [], async (trx) => {
    const ids = await customerBookingIds(trx, req.email);
    // Booking ids only: the entry must not itself hold personal data the erase would miss.
    await recordActivity(trx, { bookingId: null, type: 'customer_exported', actor: req.actor, now: req.now, data: { bookings: ids } });
    return readCustomerRecords(trx, ids);
  });

  const consents = records.bookings.flatMap((booking): CustomerConsent[] => {
    const recorded = records.consents.filter((c) => c.booking === booking.id);
    if (recorded.length > 0) return recorded.map(({ booking, field, label, given, at }) => ({ booking, field, label, given, at }));
    // Made before consents were recorded with their words (migration 0015): the best left to
    // tell is what the config says now, picked as it would have been.
    const event = config.eventTypes.get(booking.eventType);
    if (!event) return [];
    return consentsAnswered(event, config.pages.get(booking.page), booking.locale, booking.answers).map((c) => ({ ...c, booking: booking.id, at: booking.createdAt }));
  });
  return {
    email: req.email.toLowerCase(),
    exportedAt: req.now,
    bookings: records.bookings.map((booking) => ({
      booking,
      activity: records.activity
        .filter((a) => a.booking_id === booking.id)
        .map((a) => ({ at: fromStored(a.at), type: a.type, actor: a.actor, data: JSON.parse(a.data) as Record<string, unknown> })),
    })),
    // A meeting row is a call to a conferencing provider, a calendar row a write into a member's
    // calendar, a CRM row a record in the team's CRM (its activity entries say so): none is a
    // message to anyone.
    notifications: records.outbox.flatMap((row) => {
      if (row.kind === 'meeting' || row.kind === 'calendar' || row.kind === 'crm') return [];
      const payload = JSON.parse(row.payload) as OutboxPayload;
      return {
        id: row.id,
        booking: row.booking_id!,
        kind: row.kind,
        topic: row.topic,
        template: payload.kind === 'email' || payload.kind === 'sms' ? payload.template : null,
        recipient: payload.kind === 'sms' ? 'customer' : payload.kind === 'email' && 'to' in payload && 'role' in payload.to ? payload.to.role : null,
        status: row.status,
        createdAt: fromStored(row.created_at),
        dueAt: fromStored(row.due_at),
        sentAt: row.sent_at === null ? null : fromStored(row.sent_at),
      };
    }),
    consents,
  };
}
