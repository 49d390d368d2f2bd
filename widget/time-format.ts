/**
 * Every date and time the widget shows, through `Intl` in the visitor's locale and zone. Formatters
 * are cached because the month grid and slot list create hundreds of labels per render.
 */
export type HourCycle = 'h12' | 'h23' | undefined;

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(options);
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

/** The calendar day (`YYYY-MM-DD`) an instant falls on in a zone. */
export function dayOf(instant: string | number | Date, zone: string): string {
  const parts = formatter('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    new Date(instant),
  );
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** What and when, as the visitor chose it: "Consultation · Tuesday, 1 December 2026, 09:00 – 09:30". */
export function formatChoice(title: string, slot: { start: string; end: string }, locale: string, zone: string, hourCycle: HourCycle): string {
  return `${title} · ${formatWhen(slot.start, slot.end, locale, zone, hourCycle)}`;
}

/**
 * A time as `formatWhen`'s range writes it: Intl pads the hour of a range where the locale does
 * ("09:00–09:30" in German) but not of a lone time ("9:00"), so the list follows the range.
 */
export function formatTime(instant: string, locale: string, zone: string, hourCycle: HourCycle): string {
  const options: Intl.DateTimeFormatOptions = { timeZone: zone, hour: 'numeric', minute: '2-digit', hourCycle };
  const hour = formatter(locale, options).formatRangeToParts(0, 1800e3).find((p) => p.type === 'hour')!.value;
  return formatter(locale, { ...options, hour: hour.length > 1 ? '2-digit' : 'numeric' }).format(new Date(instant));
}

/** A day key as a long date ("Tuesday, 1 December 2026"), zone-free because the key already is local. */
export function formatDay(day: string, locale: string, style: 'long' | 'full' = 'full'): string {
  return formatter(locale, { timeZone: 'UTC', dateStyle: style }).format(new Date(`${day}T12:00:00Z`));
}

export function formatMonth(month: string, locale: string): string {
  return formatter(locale, { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(new Date(`${month}-15T12:00:00Z`));
}

/** Short weekday names starting at `firstDay` (0 = Sunday). */
export function weekdayNames(locale: string, firstDay: number, width: 'short' | 'long'): string[] {
  const f = formatter(locale, { timeZone: 'UTC', weekday: width });
  // 2023-01-01 was a Sunday.
  return Array.from({ length: 7 }, (_, i) => f.format(new Date(Date.UTC(2023, 0, 1 + ((firstDay + i) % 7)))));
}

/** A meeting's full "when": date and time range with the zone's name. */
export function formatWhen(start: string, end: string, locale: string, zone: string, hourCycle: HourCycle): string {
  const day = formatter(locale, { timeZone: zone, dateStyle: 'full' }).format(new Date(start));
  const range = formatter(locale, { timeZone: zone, hour: 'numeric', minute: '2-digit', hourCycle, timeZoneName: 'short' })
    .formatRange(new Date(start), new Date(end));
  return `${day}, ${range}`;
}

/** The zone's current UTC offset as the locale writes it, e.g. "GMT+9" in en-US, "UTC+9" in fr. */
export function zoneOffset(zone: string, at: number, locale = 'en-US'): string {
  const parts = formatter(locale, { timeZone: zone, timeZoneName: 'shortOffset' }).formatToParts(at);
  return parts.find((p) => p.type === 'timeZoneName')!.value;
}
