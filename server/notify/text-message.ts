/**
 * Texts by SMS to a booking's customer: what an outbox row of kind `sms` holds, and the text it
 * sends, rendered when it is sent (as emails are, `email.ts`) in the customer's language and time
 * zone. Which customer takes texts (a phone number made E.164, and their consent) is decided by
 * the use case (`booking/notify-change.ts`); sending, by the handler the process wires
 * (`booking/send-text.ts`): notify knows no SMS gateway.
 *
 * A text is plain text: nothing is escaped, but control characters are dropped, and the spaces
 * `Intl` puts in times (U+202F, U+00A0) become plain ones, which keeps the text in the GSM 7-bit
 * alphabet where its words allow, so one SMS carries 160 characters instead of 70.
 */
import { pickText } from '../config/localized-text.js';
import type { LocalizedText } from '../config/schema.js';
import { translator } from './catalogue.js';
import type { Outcome } from './outbox.js';
import { formatStart } from './recipient-time.js';

export type TextKind = 'confirmed' | 'rescheduled' | 'cancelled' | 'reminder';

/** An `sms` outbox row's payload. */
export interface TextRow {
  kind: 'sms';
  template: TextKind;
  /** The customer's number, E.164. */
  to: string;
  /** `starts`: every session's, of a series (its first is `start`). */
  booking: { id: string; start: string; starts?: string[]; timezone: string; locale: string; title: LocalizedText };
  /** The customer's manage link, when its token was known; taken out once the row is done with (`sentPayload`). */
  manageUrl?: string;
}

/**
 * What the worker asks of whoever sends texts (the process wires it). `lastAttempt`: the outbox
 * will not try this row again after a failure now.
 */
export type TextHandler = (call: { bookingId: string; text: TextRow; body: string; lastAttempt: boolean; now: number }) => Promise<Outcome>;

/** The text a row sends. */
export function renderText(row: TextRow): string {
  const { booking } = row;
  const t = translator(booking.locale);
  const event = pickText(booking.title, booking.locale);
  const when = (start: string) => formatStart(start, { locale: booking.locale, timeZone: booking.timezone });
  // A series' sessions as the language lists them ("…, … and …"), in the one sentence.
  const date = booking.starts ? new Intl.ListFormat(booking.locale, { type: 'conjunction' }).format(booking.starts.map(when)) : when(booking.start);
  const lines = [t(`sms.${row.template}`, event, date)];
  // A canceled booking has nothing left to manage.
  if (row.manageUrl && row.template !== 'cancelled') lines.push(t('sms.manage', row.manageUrl));
  return plain(lines.join('\n'));
}

/** Plain text for a phone: no control characters but the line break, no exotic spaces. */
export function plain(text: string): string {
  return text
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, '')
    .trim();
}
