/**
 * Whether a booking's customer takes texts by SMS, and at which number: only when the event type
 * sends texts (`sms`), the customer ticked its consent field, and gave a phone number that can be
 * made E.164 (`integrations/sms/e164.ts`). Without the consent, never, whatever else holds.
 */
import type { EventType } from '../config/schema.js';
import { toE164 } from '../integrations/sms/e164.js';
import type { Booking } from '../store/booking.js';

export type TextRecipient =
  | { to: string }
  /** `no_consent`: the box was not ticked (or the field is not a consent); `no_phone`: no number given; `not_e164`: one that cannot be placed. */
  | { skipped: 'no_consent' | 'no_phone' | 'not_e164' };

/** `undefined` when the event type sends no texts at all. */
export function textRecipient(event: Pick<EventType, 'fields' | 'sms'> | undefined, booking: Pick<Booking, 'phone' | 'answers'>): TextRecipient | undefined {
  const sms = event?.sms;
  if (!sms) return undefined;
  const fields = event.fields ?? [];
  const consent = fields.find((f) => f.id === sms.consentField && f.type === 'consent');
  if (!consent || booking.answers[consent.id] !== true) return { skipped: 'no_consent' };
  const phone = booking.phone || fields.filter((f) => f.type === 'phone').map((f) => booking.answers[f.id]).find((a): a is string => typeof a === 'string' && a !== '');
  if (!phone) return { skipped: 'no_phone' };
  const to = toE164(phone, sms.defaultCountryCode);
  return to ? { to } : { skipped: 'not_e164' };
}
