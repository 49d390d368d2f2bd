/**
 * Makes, moves and removes bookings' video meetings at their providers: the handler the outbox
 * worker calls for each `meeting` row (`meeting-calls.ts` queues them), outside any booking
 * transaction. What a provider answers is written back through the store in a short transaction
 * of its own: the meeting's row, the booking's location and sequence, an activity entry, and the
 * news to whoever was already told where to meet.
 *
 * A provider that keeps failing (the outbox's last try), or refuses outright (wrong user, missing
 * scope, not set up here), leaves the booking at its event type's fallback location, and the
 * activity says why. A move or removal that fails for good is said in the activity too: the
 * meeting's link still works, only the provider's own calendar is off.
 */
import type { Kysely } from 'kysely';
import { holdingStatuses } from '../../shared/booking-status.js';
import { pickText } from '../config/localized-text.js';
import type { EventType } from '../config/schema.js';
import { ConferencingError, type ConferencingProvider, type Meeting, type MeetingRequest } from '../integrations/conferencing/provider.js';
import { tellLocation, type MeetingHandler, type Outcome } from '../notify/index.js';
import { recordActivity } from '../store/activity.js';
import type { Booking, BookingLocation } from '../store/booking.js';
import { readMeeting, saveMeeting, type BookingMeeting } from '../store/booking-meetings.js';
import { readBooking, updateBooking } from '../store/booking-rows.js';
import { configSnapshot, type ConfigSnapshot } from '../store/config-repository.js';
import type { Database } from '../store/database.js';
import type { Store } from '../store/connect.js';
import { writeTransaction } from '../store/transaction.js';
import { eventOf } from './notify-change.js';
import { fallbackLocation } from './location.js';

export interface MeetingDeps {
  store: Store;
  publicUrl: string;
  /** The providers set up in this process, by name (`integrations/conferencing/providers.ts`). */
  providers: ReadonlyMap<string, ConferencingProvider>;
}

type Call = Parameters<MeetingHandler>[0];

interface Context {
  deps: MeetingDeps;
  call: Call;
  booking: Booking;
  meeting: BookingMeeting;
  config: ConfigSnapshot;
}

export function meetingHandler(deps: MeetingDeps): MeetingHandler {
  return (call) => setUpMeeting(deps, call);
}

export async function setUpMeeting(deps: MeetingDeps, call: Call): Promise<Outcome> {
  const [booking, meeting] = await Promise.all([readBooking(deps.store.db, call.bookingId), readMeeting(deps.store.db, call.bookingId)]);
  // Erased since, or its meeting's row with it: nothing left to do at the provider from here.
  if (!booking || !meeting) return { ok: true };
  const context: Context = { deps, call, booking, meeting, config: await configSnapshot(deps.store.db) };
  if (call.action === 'create') return make(context);
  if (call.action === 'update') return move(context);
  return remove(context);
}

async function make(c: Context): Promise<Outcome> {
  const { booking, meeting } = c;
  if (meeting.status !== 'pending') return { ok: true };
  if (!holdingStatuses.includes(booking.status)) {
    // Cancelled before its meeting was made: there is none to make, nor to remove.
    await saveMeeting(c.deps.store.db, { ...meeting, status: 'removed' }, c.call.now);
    return { ok: true };
  }
  const provider = c.deps.providers.get(meeting.provider);
  if (!provider) return fallBack(c, `${meeting.provider} is not set up on this server (its KAIROS_ variables are missing)`);
  const host = hostOf(c);
  try {
    const made = await provider.create(requestOf(c, host.reference));
    await write(c, async (trx, current) => {
      await saveMeeting(trx, { ...meeting, status: 'ready', memberId: host.member, host: host.reference, meetingId: made.id, joinUrl: made.joinUrl, detail: made.detail ?? null, lastError: null }, c.call.now);
      await recordActivity(trx, { bookingId: booking.id, type: 'meeting_created', actor: 'system', now: c.call.now, data: { provider: provider.name, joinUrl: made.joinUrl } });
      return current && { type: 'video', provider: provider.name, joinUrl: made.joinUrl };
    });
    return { ok: true };
  } catch (error) {
    if (retryable(error) && !c.call.lastAttempt) return retry(error);
    return fallBack(c, message(error));
  }
}

async function move(c: Context): Promise<Outcome> {
  const { booking, meeting } = c;
  if (meeting.status === 'pending') return giveUpOrWait(c, 'the meeting is not made yet');
  if (meeting.status !== 'ready' || !holdingStatuses.includes(booking.status)) return { ok: true };
  const provider = c.deps.providers.get(meeting.provider);
  if (!provider) return failed(c, 'meeting_update_failed', `${meeting.provider} is not set up on this server`);
  const host = hostOf(c);
  try {
    let moved: Meeting;
    if (host.member !== meeting.memberId) {
      // Reassigned: the meeting moves to the new host's account, and leaves the old one's.
      moved = await provider.create(requestOf(c, host.reference));
      await provider.remove(stored(meeting), meeting.host ?? host.reference).catch(() => undefined);
    } else {
      moved = await provider.update(stored(meeting), requestOf(c, host.reference));
    }
    await write(c, async (trx, current) => {
      await saveMeeting(trx, { ...meeting, memberId: host.member, host: host.reference, meetingId: moved.id, joinUrl: moved.joinUrl, detail: moved.detail ?? meeting.detail, lastError: null }, c.call.now);
      await recordActivity(trx, { bookingId: booking.id, type: 'meeting_updated', actor: 'system', now: c.call.now, data: { provider: provider.name, joinUrl: moved.joinUrl } });
      // The link most often stays: then the booking's emails already say where to meet.
      return current && moved.joinUrl !== meeting.joinUrl ? { type: 'video', provider: provider.name, joinUrl: moved.joinUrl } : undefined;
    });
    return { ok: true };
  } catch (error) {
    if (retryable(error) && !c.call.lastAttempt) return retry(error);
    return failed(c, 'meeting_update_failed', message(error));
  }
}

async function remove(c: Context): Promise<Outcome> {
  const { meeting } = c;
  // Being made: the create sees the booking cancelled and makes none.
  if (meeting.status === 'pending') return giveUpOrWait(c, 'the meeting is not made yet');
  if (meeting.status !== 'ready') return { ok: true };
  const provider = c.deps.providers.get(meeting.provider);
  if (!provider) return failed(c, 'meeting_remove_failed', `${meeting.provider} is not set up on this server`);
  try {
    await provider.remove(stored(meeting), meeting.host ?? '');
    await write(c, async (trx) => {
      await saveMeeting(trx, { ...meeting, status: 'removed', lastError: null }, c.call.now);
      await recordActivity(trx, { bookingId: meeting.bookingId, type: 'meeting_removed', actor: 'system', now: c.call.now, data: { provider: provider.name } });
      return undefined;
    });
    return { ok: true };
  } catch (error) {
    if (retryable(error) && !c.call.lastAttempt) return retry(error);
    return failed(c, 'meeting_remove_failed', message(error));
  }
}

/** The provider is given up on: the booking meets at its fallback location, and the activity says why. */
async function fallBack(c: Context, error: string): Promise<Outcome> {
  const event = c.config.eventTypes.get(c.booking.eventType);
  const location = fallbackLocation(event);
  await write(c, async (trx, current) => {
    await saveMeeting(trx, { ...c.meeting, status: 'fallback', lastError: error }, c.call.now);
    await recordActivity(trx, { bookingId: c.booking.id, type: 'meeting_fallback', actor: 'system', now: c.call.now, data: { provider: c.meeting.provider, error, location: location.type } });
    return current && location;
  });
  return { ok: false, error, final: true };
}

async function failed(c: Context, type: string, error: string): Promise<Outcome> {
  await write(c, async (trx) => {
    await saveMeeting(trx, { ...c.meeting, lastError: error }, c.call.now);
    await recordActivity(trx, { bookingId: c.booking.id, type, actor: 'system', now: c.call.now, data: { provider: c.meeting.provider, error } });
    return undefined;
  });
  return { ok: false, error, final: true };
}

function giveUpOrWait(c: Context, error: string): Promise<Outcome> | Outcome {
  return c.call.lastAttempt ? { ok: false, error, final: true } : { ok: false, error };
}

/**
 * One short transaction: `work` writes the meeting's side and answers the booking's new location
 * (given the booking as it is now, `undefined` when it no longer holds its time); a new location
 * raises the booking's sequence and is told to everyone already told the old one.
 */
async function write(c: Context, work: (trx: Kysely<Database>, current: Booking | undefined) => Promise<BookingLocation | undefined>) {
  // The booking's members locked, as every change to the booking does: a reschedule committing
  // meanwhile must not raise the same sequence as this.
  await writeTransaction(c.deps.store, c.booking.members.map((m) => m.id), async (trx) => {
    const read = await readBooking(trx, c.booking.id);
    const current = read && holdingStatuses.includes(read.status) ? read : undefined;
    const location = await work(trx, current);
    if (!current || !location) return;
    await updateBooking(trx, current.id, { location, sequence: current.sequence + 1 }, c.call.now);
    const after = (await readBooking(trx, current.id))!;
    const webhooks = [...c.config.webhooks.values()].filter((w) => !w.disabled).map((w) => w.webhook);
    await tellLocation(trx, { booking: after, event: eventOf(c.config, after), page: c.config.pages.get(after.page) ?? null, now: c.call.now, publicUrl: c.deps.publicUrl, webhooks });
  });
}

/** The first assigned member hosts, as the invite's organiser does; who they are at the provider is theirs to say, else their email. */
function hostOf(c: Context): { member: string | null; reference: string } {
  const member = c.booking.members[0];
  if (!member) return { member: null, reference: c.meeting.host ?? '' };
  const references = c.config.members.get(member.id)?.conferencing as Record<string, string> | undefined;
  return { member: member.id, reference: references?.[c.meeting.provider] ?? member.email };
}

function requestOf(c: Context, host: string): MeetingRequest {
  const { booking } = c;
  const event: Pick<EventType, 'title'> | undefined = c.config.eventTypes.get(booking.eventType);
  return {
    bookingId: booking.id,
    // The event type's title only: the customer's name would stay in the provider's records
    // after Kairos erased it.
    title: pickText(event?.title ?? booking.eventType, booking.members[0]?.locale ?? booking.locale) || booking.eventType,
    start: new Date(booking.start).toISOString(),
    end: new Date(booking.end).toISOString(),
    timezone: booking.members[0]?.timezone ?? booking.timezone,
    host,
    attendees: [booking.email, ...booking.guests].filter((email) => email !== ''),
  };
}

const stored = (meeting: BookingMeeting): Meeting => ({ id: meeting.meetingId!, joinUrl: meeting.joinUrl!, ...(meeting.detail ? { detail: meeting.detail } : {}) });

const retryable = (error: unknown) => !(error instanceof ConferencingError) || error.retryable;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function retry(error: unknown): Outcome {
  const after = error instanceof ConferencingError ? error.retryAfterMs : undefined;
  return { ok: false, error: message(error), ...(after !== undefined ? { retryAfterMs: after } : {}) };
}
