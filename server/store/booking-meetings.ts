/** Bookings' meetings at conferencing providers (migration 0019): one row per booking, read and written whole. */
import type { Kysely, Selectable } from 'kysely';
import type { BookingMeetingTable, Database } from './database.js';
import { toStored } from './identifiers.js';

export interface BookingMeeting {
  bookingId: string;
  provider: string;
  status: BookingMeetingTable['status'];
  memberId: string | null;
  host: string | null;
  meetingId: string | null;
  joinUrl: string | null;
  detail: Record<string, string> | null;
  lastError: string | null;
}

export async function readMeeting(db: Kysely<Database>, bookingId: string): Promise<BookingMeeting | undefined> {
  const row = await db.selectFrom('booking_meetings').selectAll().where('booking_id', '=', bookingId).executeTakeFirst();
  return row && meetingFromRow(row);
}

/** Writes the booking's meeting as `meeting` says, whether or not it had a row. */
export async function saveMeeting(db: Kysely<Database>, meeting: BookingMeeting, now: number): Promise<void> {
  const values = {
    provider: meeting.provider,
    status: meeting.status,
    member_id: meeting.memberId,
    host: meeting.host,
    meeting_id: meeting.meetingId,
    join_url: meeting.joinUrl,
    detail: meeting.detail ? JSON.stringify(meeting.detail) : null,
    last_error: meeting.lastError,
    updated_at: toStored(now),
  };
  await db
    .insertInto('booking_meetings')
    .values({ booking_id: meeting.bookingId, ...values })
    .onConflict((oc) => oc.column('booking_id').doUpdateSet(values))
    .execute();
}

function meetingFromRow(row: Selectable<BookingMeetingTable>): BookingMeeting {
  return {
    bookingId: row.booking_id,
    provider: row.provider,
    status: row.status,
    memberId: row.member_id,
    host: row.host,
    meetingId: row.meeting_id,
    joinUrl: row.join_url,
    detail: row.detail ? (JSON.parse(row.detail) as Record<string, string>) : null,
    lastError: row.last_error,
  };
}
