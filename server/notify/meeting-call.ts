/** A booking's meeting as an outbox row sees it (`meeting-rows.ts`), apart so the email rows can name it too. */

/** How long a booking's emails wait for its meeting's link: a provider that answers at all answers well within it. */
export const MEETING_WAIT_MS = 15_000;

export type MeetingAction = 'create' | 'update' | 'remove';

/** An outbox row's payload: what to do with the booking's meeting; the handler reads the booking as it is then. */
export interface MeetingCall {
  kind: 'meeting';
  action: MeetingAction;
}

