/**
 * When to try again after a failed delivery, deterministically (no jitter: one worker loop per
 * process polls the outbox, so there is no herd to spread, and tests can name the exact times).
 * `null` means give up.
 */
import type { OutboxKind } from '../store/database.js';

/** Standard Webhooks: immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after each failure. */
export const webhookDelaysMs = [5e3, 5 * 60e3, 30 * 60e3, 2 * 3600e3, 5 * 3600e3, 10 * 3600e3, 10 * 3600e3];

/** Emails double from a minute up to two hours, and are retried for three days: a mail server is rarely down longer. */
export const emailFirstDelayMs = 60e3;
export const emailMaxDelayMs = 2 * 3600e3;
export const emailGiveUpAfterMs = 3 * 24 * 3600e3;

/**
 * A meeting's provider is asked again after 30 s, 1, 2, 5 and 10 minutes; after that the booking
 * keeps its fallback location (`booking/set-up-meeting.ts`): its people need somewhere to meet
 * more than they need that provider.
 */
export const meetingDelaysMs = [30e3, 60e3, 2 * 60e3, 5 * 60e3, 10 * 60e3];

/**
 * A member's calendar server is asked again after 1, 5 and 30 minutes, then 2 and 6 hours:
 * an event in a calendar can come late, and a server down for a while is likelier than one
 * down for a day. After that the activity says the calendar could not be written.
 */
export const calendarDelaysMs = [60e3, 5 * 60e3, 30 * 60e3, 2 * 3600e3, 6 * 3600e3];

/**
 * A CRM is asked again after 1, 5 and 30 minutes, then 2 and 6 hours, as a calendar is: a
 * meeting logged late is still worth having. After that the activity says it could not be logged.
 */
export const crmDelaysMs = calendarDelaysMs;

/**
 * A text is tried again after 30 s, 2, 10 and 30 minutes, then 2 hours: a gateway that is down
 * for longer has made the text late enough to be pointless (a reminder past its meeting is not
 * sent at all, `booking/send-text.ts`).
 */
export const smsDelaysMs = [30e3, 2 * 60e3, 10 * 60e3, 30 * 60e3, 2 * 3600e3];

/**
 * @param failures attempts made so far, all failed (≥ 1)
 * @param sinceFirstMs time from the row's creation to now
 */
export function retryDelay(kind: OutboxKind, failures: number, sinceFirstMs: number): number | null {
  if (kind === 'webhook') return webhookDelaysMs[failures - 1] ?? null;
  if (kind === 'meeting') return meetingDelaysMs[failures - 1] ?? null;
  if (kind === 'calendar') return calendarDelaysMs[failures - 1] ?? null;
  if (kind === 'crm') return crmDelaysMs[failures - 1] ?? null;
  if (kind === 'sms') return smsDelaysMs[failures - 1] ?? null;
  const delay = Math.min(emailFirstDelayMs * 2 ** (failures - 1), emailMaxDelayMs);
  return sinceFirstMs + delay > emailGiveUpAfterMs ? null : delay;
}
