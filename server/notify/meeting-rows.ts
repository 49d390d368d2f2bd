/**
 * The outbox's part in a booking's video meeting (`booking/set-up-meeting.ts` makes it): the
 * rows that call the provider, and, once the meeting's link is known (or the booking fell back to
 * another location), the news of it to everyone the booking's emails already told where to meet.
 *
 * The emails of a booking whose meeting is being made wait `MEETING_WAIT_MS`; a link that comes
 * in that time is written into them before they go (`tellLocation`), so the usual case is one
 * confirmation with the link in it. A link that comes later is sent as its own email, with the
 * invite again as a REQUEST of a higher SEQUENCE (RFC 5546 §2.1.4), so calendars update the event.
 */
import type { Insertable, Kysely } from 'kysely';
import type { EventType, Page, Webhook } from '../config/schema.js';
import type { Booking } from '../store/booking.js';
import type { Database, OutboxTable } from '../store/database.js';
import type { EmailKind, Recipient } from './email.js';
import { addressed, customerOf, guestsOf, memberRecipient, outboxRow, type OutboxPayload } from './enqueue.js';
import { isoText, mailBooking } from './mail-booking.js';
import { MEETING_WAIT_MS, type MeetingAction, type MeetingCall } from './meeting-call.js';
import type { Outcome } from './outbox.js';
import { webhookBody } from './webhook.js';

/**
 * What the worker asks of whoever makes meetings (the process wires it: notify knows no provider).
 * `lastAttempt`: the outbox will not try this row again after a failure now.
 */
export type MeetingHandler = (call: { bookingId: string; action: MeetingAction; lastAttempt: boolean; now: number }) => Promise<Outcome>;

export async function enqueueMeetingCall(trx: Kysely<Database>, bookingId: string, action: MeetingAction, now: number): Promise<void> {
  const call: MeetingCall = { kind: 'meeting', action };
  await trx.insertInto('outbox').values(outboxRow(bookingId, call, `meeting.${action}`, isoText(now), isoText(now))).execute();
}

/** The emails that told their reader where to meet: after one of them went, a new place is news. */
const toldWhere = new Set<EmailKind>(['confirmed', 'booked', 'approved', 'rescheduled', 'reassigned', 'assigned', 'reminder']);

export interface LocationNews {
  /** The booking with its new location and a raised sequence. */
  booking: Booking;
  event: Pick<EventType, 'title' | 'fields'>;
  page: Pick<Page, 'title'> | null;
  now: number;
  publicUrl: string;
  /** The webhooks of the config, each with its id: those subscribed to `booking.meeting_ready` are told. */
  webhooks: readonly Webhook[];
}

/**
 * The booking's location changed after its emails were queued: the ones not sent yet (nor being
 * sent) are rewritten to carry it, whoever was already told the old place gets a
 * `meetingUpdated` email with the updated invite, and the webhooks subscribed to
 * `booking.meeting_ready` get the booking with its new location.
 */
export async function tellLocation(trx: Kysely<Database>, news: LocationNews): Promise<void> {
  const { booking } = news;
  const now = isoText(news.now);
  const mail = mailBooking(booking, news.event, news.page);
  const rows = await trx
    .selectFrom('outbox')
    .select(['id', 'payload', 'status', 'due_at'])
    .where('booking_id', '=', booking.id)
    .where('kind', '=', 'email')
    .where('status', 'in', ['pending', 'sent'])
    .execute();
  const told = new Map<string, Recipient>();
  // Those about to get an email that now says the new place (a reminder weeks ahead does not count).
  const telling = new Set<string>();
  const soon = isoText(news.now + MEETING_WAIT_MS);
  const key = (to: Recipient) => `${to.role}:${to.email.toLowerCase()}`;
  for (const row of rows) {
    const payload = JSON.parse(row.payload) as OutboxPayload;
    if (payload.kind !== 'email' || !('booking' in payload)) continue;
    if (row.status === 'pending') {
      const rewritten = { ...payload, booking: { ...payload.booking, location: mail.location, sequence: mail.sequence } };
      // Only a row no worker holds: one being sent now goes with the old place, and counts as told.
      const { numUpdatedRows } = await trx
        .updateTable('outbox')
        .set({ payload: JSON.stringify(rewritten) })
        .where('id', '=', row.id)
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
        .executeTakeFirst();
      if (numUpdatedRows > 0n) {
        if (toldWhere.has(payload.template) && row.due_at <= soon) telling.add(key(payload.to));
        continue;
      }
    }
    if (toldWhere.has(payload.template)) told.set(key(payload.to), payload.to);
  }
  // Told, and still the booking's: a member who left it since is not told where it now is.
  const current = [customerOf(booking), ...guestsOf(booking), ...booking.members.map(memberRecipient)].filter(addressed);
  const context = { publicUrl: news.publicUrl.replace(/\/+$/, ''), now };
  const letters: Insertable<OutboxTable>[] = current
    .filter((to) => told.has(key(to)) && !telling.has(key(to)))
    .map((to) => outboxRow(booking.id, { kind: 'email', template: 'meetingUpdated', to, booking: mail, context }, 'meeting.updated', now, now));
  for (const webhook of news.webhooks) {
    if (!webhook.events.includes('booking.meeting_ready')) continue;
    letters.push(outboxRow(booking.id, { kind: 'webhook', webhookId: webhook.id!, body: webhookBody('booking.meeting_ready', now, booking) }, 'booking.meeting_ready', now, now));
  }
  if (letters.length > 0) await trx.insertInto('outbox').values(letters).execute();
}
