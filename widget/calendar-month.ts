/** Calendar arithmetic on day keys (`YYYY-MM-DD`) and month keys (`YYYY-MM`), zone-free by design. */

const utc = (day: string) => new Date(`${day}T00:00:00Z`);
const key = (d: Date) => d.toISOString().slice(0, 10);

export function addDays(day: string, n: number): string {
  const d = utc(day);
  d.setUTCDate(d.getUTCDate() + n);
  return key(d);
}

export function addMonths(month: string, n: number): string {
  const d = utc(`${month}-01`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return key(d).slice(0, 7);
}

export function lastDayOf(month: string): string {
  return addDays(`${addMonths(month, 1)}-01`, -1);
}

/** Day of week of a day key, 0 = Sunday. */
export function weekdayOf(day: string): number {
  return utc(day).getUTCDay();
}

/** The weeks shown for a month, starting on `firstDay`; days outside the month are `null`. */
export function monthWeeks(month: string, firstDay: number): (string | null)[][] {
  const first = `${month}-01`;
  const lead = (weekdayOf(first) - firstDay + 7) % 7;
  const last = Number(lastDayOf(month).slice(8));
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let d = 1; d <= last; d++) cells.push(`${month}-${String(d).padStart(2, '0')}`);
  while (cells.length % 7) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
}

/**
 * The first day of the week in a locale (0 = Sunday). Chromium exposes CLDR's week data through
 * `Intl.Locale#getWeekInfo` (older: `weekInfo`); the fallback covers the shipped locales.
 */
export function firstDayOfWeek(locale: string): number {
  const l = new Intl.Locale(locale) as Intl.Locale & { getWeekInfo?(): { firstDay: number }; weekInfo?: { firstDay: number } };
  const info = l.getWeekInfo?.() ?? l.weekInfo;
  if (info) return info.firstDay % 7;
  return /^(en-US|pt-BR|en-CA|ja|he)/.test(locale) || locale === 'en' ? 0 : 1;
}
