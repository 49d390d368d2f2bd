/**
 * Logs bookings in their event type's CRM: the handler the outbox worker calls for each `crm` row
 * (`crm-syncs.ts` queues them), outside any booking transaction. Each run brings the CRM in line
 * with the booking as it is now: the customer found by email or added, one meeting logged on them
 * once the booking is confirmed, and that same meeting moved, given to its new host, marked
 * cancelled or missed after. What the CRM answered is kept (`booking_crm_records`) as soon as it
 * answers, so a retried run changes the meeting it logged instead of logging another. (Neither
 * CRM takes an idempotency key on create: a process killed between the CRM's answer and that
 * write leaves a meeting Kairos does not know of, and the next run logs another.)
 *
 * A booking waiting for approval is not a meeting yet; one cancelled before it was ever logged is
 * never logged; a customer erased since is not sent anywhere. A CRM that keeps failing (the
 * outbox's last try), or refuses outright (a revoked token, a missing permission, not set up
 * here), never touches the booking: the activity says so (`crm_sync_failed`).
 */
import { pickText } from '../config/localized-text.js';
import type { EventType } from '../config/schema.js';
import { ConferencingError } from '../integrations/conferencing/provider.js';
import type { CrmMeeting, CrmProvider } from '../integrations/crm/provider.js';
import type { CrmProviderName } from '../../shared/crm-providers.js';
import { mailBooking, memberEventText, translator, type CrmHandler, type Outcome } from '../notify/index.js';
import { recordActivity } from '../store/activity.js';
import type { Booking } from '../store/booking.js';
import { claimCrmRecord, readCrmRecord, saveCrmRecord, type BookingCrmRecord } from '../store/booking-crm-records.js';
import { readBooking } from '../store/booking-rows.js';
import { configSnapshot, type ConfigSnapshot } from '../store/config-repository.js';
import type { Store } from '../store/connect.js';
import { eventOf } from './notify-change.js';

export interface CrmDeps {
  store: Store;
  /** The CRMs set up in this process, by name (`integrations/crm/providers.ts`). */
  providers: ReadonlyMap<string, CrmProvider>;
}

type Call = Parameters<CrmHandler>[0];

/** Longer than a run's calls can take (three calls at a few seconds each, a token among them). */
const CLAIM_MS = 2 * 60_000;

/** The statuses a booking is logged in: it took, or will take, place. */
const logged = new Set<Booking['status']>(['confirmed', 'completed', 'no_show']);

export function crmHandler(deps: CrmDeps): CrmHandler {
  return (call) => logToCrm(deps, call);
}

export async function logToCrm(deps: CrmDeps, call: Call): Promise<Outcome> {
  const db = deps.store.db;
  const [booking, record, config] = await Promise.all([readBooking(db, call.bookingId), readCrmRecord(db, call.bookingId), configSnapshot(db)]);
  // Erased since (its record went with it), or its customer's data was: nothing to send.
  if (!booking || booking.email === '') return { ok: true };
  const provider = record?.provider ?? config.eventTypes.get(booking.eventType)?.crm?.provider;
  if (!provider) return { ok: true };
  // Never logged, and nothing to log: a request, or a booking cancelled before it was logged.
  if (!record?.meetingId && !logged.has(booking.status)) return { ok: true };

  const crm = deps.providers.get(provider);
  if (!crm) return giveUp(deps, booking, provider, `${provider} is not set up on this server (its KAIROS_ variables are missing)`, call.now);
  const claimed = await claimCrmRecord(db, booking.id, provider, call.now, CLAIM_MS);
  // Another run is at it: this one comes back after it, and finds its meeting logged.
  if (!claimed) return call.lastAttempt ? { ok: false, error: 'another run held the record to the end', final: true } : { ok: false, error: 'another run is logging this booking', retryAfterMs: 30_000 };

  let current: BookingCrmRecord = claimed;
  try {
    const meeting = meetingOf(booking, config, call.change, current, provider);
    if (!current.contactId) {
      const answers = booking.answers as Record<string, unknown>;
      const contactId = await crm.findOrCreateContact({
        email: booking.email,
        name: booking.name,
        ...(booking.phone ? { phone: booking.phone } : {}),
        ...(typeof answers.company === 'string' ? { company: answers.company } : {}),
      });
      current = { ...current, contactId };
    }
    if (!current.meetingId) {
      const meetingId = await crm.createMeeting(current.contactId!, meeting);
      current = { ...current, meetingId, outcome: meeting.outcome };
      await saveCrmRecord(db, current, call.now);
      await recordActivity(db, { bookingId: booking.id, type: 'crm_logged', actor: 'system', now: call.now, data: { provider, contact: current.contactId, meeting: meetingId } });
      return { ok: true };
    }
    await crm.updateMeeting(current.meetingId, meeting);
    await saveCrmRecord(db, { ...current, outcome: meeting.outcome }, call.now);
    return { ok: true };
  } catch (error) {
    // What the CRM did answer is kept (a contact found), and the claim let go, for the next run.
    await saveCrmRecord(db, current, call.now);
    if (retryable(error) && !call.lastAttempt) {
      const after = error instanceof ConferencingError ? error.retryAfterMs : undefined;
      return { ok: false, error: message(error), ...(after !== undefined ? { retryAfterMs: after } : {}) };
    }
    return giveUp(deps, booking, provider, message(error), call.now);
  }
}

/**
 * The meeting as the booking is now, in its host's words (the summary and the answers their own
 * calendar's copy shows). A moved booking stays `rescheduled` until it is cancelled or missed.
 */
function meetingOf(booking: Booking, config: ConfigSnapshot, change: string, record: BookingCrmRecord, provider: string): CrmMeeting {
  const event: Pick<EventType, 'title' | 'fields'> = eventOf(config, booking);
  const mail = mailBooking(booking, event, config.pages.get(booking.page) ?? null);
  const locale = booking.members[0]?.locale ?? booking.locale;
  const text = memberEventText(mail, locale);
  const hosts = booking.members.map((m) => m.name).join(', ');
  // The first host's, as the CRM's meeting has one owner; a reassignment hands it on.
  const host = booking.members[0];
  const owner = host && config.members.get(host.id)?.crm?.[provider as CrmProviderName];
  const outcome: CrmMeeting['outcome'] =
    booking.status === 'cancelled' || booking.status === 'declined'
      ? 'cancelled'
      : booking.status === 'no_show'
        ? 'no_show'
        : change === 'rescheduled' || record.outcome === 'rescheduled'
          ? 'rescheduled'
          : 'scheduled';
  return {
    title: text.summary || pickText(event.title, locale),
    start: new Date(booking.start).toISOString(),
    end: new Date(booking.end).toISOString(),
    location: text.location,
    description: [hosts, text.description, `Kairos ${booking.id}`].filter(Boolean).join('\n'),
    outcome,
    ...(outcome === 'cancelled' || outcome === 'no_show' ? { outcomeLabel: translator(locale)(outcome === 'cancelled' ? 'email.memberEvent.cancelledMark' : 'email.memberEvent.noShowMark') } : {}),
    ...(owner ? { owner } : {}),
  };
}

/** Said once, in the booking's activity: the booking itself stands as it is. */
async function giveUp(deps: CrmDeps, booking: Booking, provider: string, error: string, now: number): Promise<Outcome> {
  await recordActivity(deps.store.db, { bookingId: booking.id, type: 'crm_sync_failed', actor: 'system', now, data: { provider, error } });
  return { ok: false, error, final: true };
}

const retryable = (error: unknown) => !(error instanceof ConferencingError) || error.retryable;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
