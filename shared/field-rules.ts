/**
 * The rules a booking's fields must meet, read by the widget as the visitor types and by the
 * server's schemas on arrival: one source, so the form never refuses what the server takes (a
 * restated phone pattern drifted once). Plain data and tiny functions: the widget's bundle must
 * not pull in zod.
 */

/** Longest accepted text, in UTF-16 code units (what `maxlength` and zod's `max` both count). */
export const maxLength = {
  name: 200,
  /** RFC 5321's limit on a forward path. */
  email: 254,
  phone: 40,
  /** An answer to a one-line text field. */
  text: 500,
  /** Any answer, a multi-line one included. */
  answer: 5000,
  /** Why a booking is cancelled or declined. */
  reason: 2000,
  /** Guests' addresses on one booking, whatever an event type allows. */
  guests: 20,
} as const;

/** Digits with the usual separators, an optional leading `+`, and a slash as some countries write. */
const phonePattern = /^\+?[0-9 ().\-/]{3,40}$/;

/** zod's own "practical" email pattern (zod 4's `regexes.email`), so the schema can be given this copy. */
export const emailPattern = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;

export function isPhoneNumber(text: string): boolean {
  return text.length <= maxLength.phone && phonePattern.test(text);
}

export function isEmailAddress(text: string): boolean {
  return text.length <= maxLength.email && emailPattern.test(text);
}

/** No control character at all: what a one-line text may hold. */
export const ONE_LINE = /^[^\u0000-\u001f]*$/;
/** Tab, LF and CR (a textarea's line breaks may come as CR LF), but no other control character. */
export const LINES = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f]*$/;

export function isOneLine(value: string): boolean {
  return ONE_LINE.test(value);
}
