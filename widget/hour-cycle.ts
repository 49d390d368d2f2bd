/**
 * The visitor's 12- or 24-hour clock: what they chose with the switch beside the zone, kept for
 * the browser session (every Kairos widget of the site follows it), else the `hour-cycle`
 * attribute, else the locale's habit.
 */
import type { HourCycle } from './time-format.js';

const key = 'kairos-hour-cycle';

/** The clock chosen earlier in this session, if any (storage may be off: then none). */
export function rememberedHourCycle(): HourCycle {
  try {
    const value = sessionStorage.getItem(key);
    return value === 'h12' || value === 'h23' ? value : undefined;
  } catch {
    return undefined;
  }
}

export function rememberHourCycle(cycle: 'h12' | 'h23'): void {
  try {
    sessionStorage.setItem(key, cycle);
  } catch {
    // Private modes may refuse storage: the choice then lasts as long as the page.
  }
}

/** Whether `locale` writes times on a 12-hour clock (en-US, es-US, …) or a 24-hour one. */
export function localeHourCycle(locale: string): 'h12' | 'h23' {
  const cycle = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle;
  return cycle === 'h11' || cycle === 'h12' ? 'h12' : 'h23';
}
