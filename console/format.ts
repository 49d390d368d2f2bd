/**
 * Dates and times as the console shows them: in the viewer's language and time zone (the
 * browser's), through `Intl`. Formatters are cached: a stream page formats hundreds of times.
 */
import { getLocale } from './localize.js';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(options: Intl.DateTimeFormatOptions, zone?: string): Intl.DateTimeFormat {
  const locale = getLocale();
  const key = `${locale}|${zone ?? ''}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, { ...options, ...(zone ? { timeZone: zone } : {}) })));
  return f;
}

/** "Tue, 1 Dec 2026, 09:00". */
export function dateTime(instant: string, zone?: string): string {
  return formatter({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' }, zone).format(new Date(instant));
}

/** "Tue, 1 Dec 2026, 09:00 – 09:30" (the end's day left out when it is the same). */
export function range(start: string, end: string, zone?: string): string {
  return formatter({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' }, zone).formatRange(
    new Date(start),
    new Date(end),
  );
}

/** "09:00", or "1 Dec, 09:00" when not today: when an entry happened. */
export function when(instant: string, now = Date.now()): string {
  const date = new Date(instant);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  return sameDay
    ? formatter({ hour: 'numeric', minute: '2-digit' }).format(date)
    : formatter({ day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' }).format(date);
}

/** The viewer's time zone. */
export const viewerZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** A day key (`YYYY-MM-DD`) for an instant in the viewer's zone. */
export function dayKey(instant: number): string {
  const d = new Date(instant);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
