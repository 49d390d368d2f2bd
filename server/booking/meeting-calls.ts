/**
 * Which call to a conferencing provider a booking change needs, queued in the change's own
 * transaction (`notify-change.ts`) and made after it commits (`set-up-meeting.ts`): a booking
 * that stands gets its meeting made, a move moves it (to the new host's account after a
 * reassignment), a cancel or decline removes it.
 */
import type { Kysely } from 'kysely';
import type { EventType, WebhookEvent } from '../config/schema.js';
import { enqueueMeetingCall, type MeetingAction } from '../notify/index.js';
import type { Booking } from '../store/booking.js';
import { readMeeting, saveMeeting } from '../store/booking-meetings.js';
import type { Database } from '../store/database.js';
import { meetingProvider } from './location.js';

function actionFor(type: WebhookEvent, booking: Booking): MeetingAction | undefined {
  switch (type) {
    case 'booking.created':
      // A request's meeting is made once it is approved: a declined one never had one.
      return booking.status === 'confirmed' ? 'create' : undefined;
    case 'booking.confirmed':
      return 'create';
    case 'booking.rescheduled':
    case 'booking.reassigned':
      return 'update';
    case 'booking.cancelled':
    case 'booking.declined':
      return 'remove';
    case 'booking.no_show':
      return undefined;
  }
}

/**
 * Queues the call `type` needs, if the booking has (or is to have) a meeting at a provider;
 * answers whether its meeting's link is being made, for its emails to wait for it.
 */
export async function queueMeetingCall(trx: Kysely<Database>, type: WebhookEvent, booking: Booking, event: Pick<EventType, 'conferencing'> | undefined, now: number): Promise<boolean> {
  const action = actionFor(type, booking);
  if (!action) return false;
  if (action === 'create') {
    const provider = meetingProvider(event);
    if (!provider) return false;
    // The row says a meeting is coming: a move or cancel queued before it is made waits for it.
    await saveMeeting(trx, { bookingId: booking.id, provider, status: 'pending', memberId: null, host: null, meetingId: null, joinUrl: null, detail: null, lastError: null }, now);
  } else {
    // Moves and cancels concern meetings made (or being made), whatever the config says now.
    const meeting = await readMeeting(trx, booking.id);
    if (!meeting || meeting.status === 'fallback' || meeting.status === 'removed') return false;
  }
  await enqueueMeetingCall(trx, booking.id, action, now);
  // A reassignment moves the meeting to another account, with a new link: its emails wait for it too.
  return action === 'create' || type === 'booking.reassigned';
}
