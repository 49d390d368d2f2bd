/**
 * Times as a recipient reads them: in their own zone, with the zone's abbreviation (`CET`,
 * `GMT+1`) so nobody has to guess, in their locale's date order and words.
 */

export interface Reader {
  /** BCP 47 tag of the recipient (the booking's locale, or the member's). */
  locale: string;
  timeZone: string;
}

/** `Tue, Dec 1, 2026, 9:00 AM CET`: short enough for a subject line. */
export function formatStart(start: string, reader: Reader): string {
  return new Intl.DateTimeFormat(intlLocale(reader.locale), {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: reader.timeZone,
    timeZoneName: 'short',
  }).format(new Date(start));
}

/** `Tuesday, December 1, 2026, 9:00 – 9:30 AM CET`. */
export function formatRange(start: string, end: string, reader: Reader): string {
  return new Intl.DateTimeFormat(intlLocale(reader.locale), {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: reader.timeZone,
    timeZoneName: 'short',
  }).formatRange(new Date(start), new Date(end));
}

/** `Ana and Bo`, `Ana, Bo et Chloé`. */
export function formatList(items: string[], locale: string): string {
  return new Intl.ListFormat(intlLocale(locale), { type: 'conjunction' }).format(items);
}

function intlLocale(tag: string): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf(tag)[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}
