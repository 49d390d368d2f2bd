/**
 * Times as a recipient reads them: in their own zone, with the zone's abbreviation (`CET`,
 * `GMT+1`) so nobody has to guess, in their locale's date order and words.
 */

export interface Reader {
  /** BCP 47 tag of the recipient (the booking's locale, or the member's). */
  locale: string;
  timeZone: string;
}

/**
 * Building an `Intl` formatter costs a fraction of a millisecond and an email needs several, so
 * they are kept per locale and zone. A booking's locale is free text, hence the bound on memory.
 */
const MAX_CACHED = 2_000;
const formatters = new Map<string, Intl.DateTimeFormat | Intl.ListFormat>();
const supportedLocales = new Map<string, string>();

function cached<T>(cache: Map<string, unknown>, key: string, make: () => T): T {
  if (cache.has(key)) return cache.get(key) as T;
  if (cache.size >= MAX_CACHED) cache.clear();
  const value = make();
  cache.set(key, value);
  return value;
}

/** `Tue, Dec 1, 2026, 9:00 AM CET`: short enough for a subject line. */
export function formatStart(start: string, reader: Reader): string {
  const locale = intlLocale(reader.locale);
  return cached(
    formatters,
    `start ${locale} ${reader.timeZone}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        weekday: 'short',
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZone: reader.timeZone,
        timeZoneName: 'short',
      }),
  ).format(new Date(start));
}

/** `Tuesday, December 1, 2026, 9:00 – 9:30 AM CET`. */
export function formatRange(start: string, end: string, reader: Reader): string {
  const locale = intlLocale(reader.locale);
  return cached(
    formatters,
    `range ${locale} ${reader.timeZone}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        weekday: 'long',
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZone: reader.timeZone,
        timeZoneName: 'short',
      }),
  ).formatRange(new Date(start), new Date(end));
}

/** `Ana and Bo`, `Ana, Bo et Chloé`. */
export function formatList(items: string[], locale: string): string {
  const supported = intlLocale(locale);
  return cached(formatters, `list ${supported}`, () => new Intl.ListFormat(supported, { type: 'conjunction' })).format(items);
}

function intlLocale(tag: string): string {
  return cached(supportedLocales, tag, () => {
    try {
      return Intl.DateTimeFormat.supportedLocalesOf(tag)[0] ?? 'en-US';
    } catch {
      return 'en-US';
    }
  });
}
