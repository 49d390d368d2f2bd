/**
 * Members' calendars as busy time for the engine: ICS feeds, CalDAV calendars, and Google
 * Calendar and Microsoft 365 free/busy (`provider-busy.ts`), all read the same way. Each calendar
 * is read for a wide window around "now" and cached, so a slot page costs no calendar round trip
 * most of the time.
 *
 * The failure rule (docs/config.md, "calendars"): a read that fails — refused, not found, a 5xx or
 * 429, an answer that is not what the calendar's API documents, or no answer within `timeoutMs` —
 * neither fails nor delays the slot page past `timeoutMs`. The calendar's last good busy time
 * stays in use (none, when it was never read), and it is asked again once `ttlMs` has passed
 * (or, after a 429, once its `Retry-After` has, if that is later). A failure is logged, never shown to visitors.
 */
import pino from 'pino';
import type { Calendar, Member } from '../config/schema.js';
import { DAY, type Interval } from '../engine/index.js';
import { fetchCaldavBusy } from './caldav.js';
import type { CalendarFailure } from '../../shared/calendar-failures.js';
import { calendarFailure } from './calendar-response.js';
import { fetchIcsFeed } from './ics-feed.js';
import { busySettings, ProviderBusyError, type BusyProviderName, type ProviderBusyReader } from './provider-busy.js';

/**
 * How far around "now" a calendar is read: back past the margins callers add for daily and
 * weekly caps (a week, plus a day of time zones), ahead past the horizon of most pages.
 */
const READ_BEHIND = 14 * DAY;
const READ_AHEAD = 400 * DAY;
/** A request beyond that is read with room to spare, so the next minutes' requests (with a later "now") still fit. */
const READ_SLACK = 30 * DAY;

interface CacheEntry {
  /** Busy time from the last successful read. */
  busy?: Interval[];
  /** When the calendar was last asked (successfully or not) and for which window. */
  checkedAt?: number;
  checkedWindow?: Interval;
  /** The read under way, which concurrent callers share. */
  reading?: { window: Interval; busy: Promise<Interval[]> };
  /** A 429's `Retry-After`: not asked again before then. */
  retryAt?: number;
}

export interface CalendarBusyOptions {
  /** How long a read (or a failed attempt) is trusted; 5 minutes by default. */
  ttlMs?: number;
  log?: pino.Logger;
  fetch?: typeof fetch;
  /** How long one read may take before it counts as a failure; 10 seconds by default. */
  timeoutMs?: number;
  /** Which events are Kairos's own bookings written back (by UID): the store counts those already. */
  ownEvent?: (uid: string) => boolean;
  /** Google Calendar and Microsoft 365 free/busy, as this environment sets them up (`providerBusyReaders`). */
  providers?: ReadonlyMap<BusyProviderName, ProviderBusyReader>;
}

export class CalendarBusy {
  private readonly ttlMs: number;
  private readonly timeoutMs: number;
  private readonly log: pino.Logger;
  private readonly fetchFn: typeof fetch;
  private readonly ownEvent: ((uid: string) => boolean) | undefined;
  private readonly entries = new Map<string, CacheEntry>();
  private readonly providers: ReadonlyMap<BusyProviderName, ProviderBusyReader>;
  /** Providers named in a member's calendars but not set up here, said once each. */
  private readonly reportedMissing = new Set<string>();

  constructor(opts: CalendarBusyOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 5 * 60 * 1000;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.log = opts.log ?? pino({ name: 'calendar-busy' });
    this.fetchFn = opts.fetch ?? fetch;
    this.ownEvent = opts.ownEvent;
    this.providers = opts.providers ?? new Map();
  }

  /** Busy intervals of all the member's calendars overlapping [from, to), sorted and merged. */
  async busyFor(member: Member, from: number, to: number, now: number): Promise<Interval[]> {
    const perCalendar = await Promise.all(
      member.calendars.map((calendar) => this.calendarBusy(member, calendar, from, to, now)),
    );
    return mergeIntervals(perCalendar.flat().filter((busy) => busy.start < to && busy.end > from));
  }

  private async calendarBusy(member: Member, named: Calendar, from: number, to: number, now: number): Promise<Interval[]> {
    const calendar = withOwner(named, member.email);
    // Floating and all-day times are read in the member's zone, so the zone is part of the key.
    const key = JSON.stringify([calendar, member.timezone]);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {};
      this.entries.set(key, entry);
    }
    const fresh =
      entry.checkedAt !== undefined && now - entry.checkedAt < this.ttlMs && covers(entry.checkedWindow, from, to);
    if (fresh) return entry.busy ?? [];
    if (entry.retryAt !== undefined && now < entry.retryAt) return entry.busy ?? [];
    if (!entry.reading || !covers(entry.reading.window, from, to)) {
      const window = readWindow(from, to, now);
      entry.reading = { window, busy: this.read(entry, member, calendar, window, now) };
    }
    return entry.reading.busy;
  }

  /**
   * Reads `calendar` once, now, past the cache and without touching it, with the same timeout and
   * size limit as every read: whether it can be read (a calendar not yet saved, say), and its
   * busy time in `window`, merged. Never throws; a failure says which kind it was.
   */
  async check(calendar: Calendar, timezone: string, window: Interval): Promise<CalendarCheck> {
    try {
      const busy = await this.fetchCalendar(calendar, window, timezone);
      return { ok: true, busy: mergeIntervals(busy.filter((b) => b.start < window.end && b.end > window.start)) };
    } catch (err) {
      return { ok: false, failure: calendarFailure(err) };
    }
  }

  private fetchCalendar(calendar: Calendar, window: Interval, timezone: string): Promise<Interval[]> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    switch (calendar.type) {
      case 'ics':
        return fetchIcsFeed(calendar.url, window, timezone, this.fetchFn, signal, this.ownEvent);
      case 'caldav':
        return fetchCaldavBusy(calendar, window, timezone, this.fetchFn, signal, this.ownEvent);
      default: {
        const reader = this.providers.get(calendar.type);
        if (!reader) return Promise.reject(notSetUp(calendar.type));
        if (!calendar.id) return Promise.reject(new ProviderBusyError(`no ${calendar.type} calendar id, and no member email to read by`, 'not_found'));
        // The provider's own per-call timeout ends its requests; this one ends the read as a whole.
        return withinSignal(reader.busy(calendar.id, window), signal);
      }
    }
  }

  /** Reads the calendar into the cache entry; resolves to what to serve: the new busy time, or the last good one. */
  private async read(entry: CacheEntry, member: Member, calendar: Calendar, window: Interval, now: number): Promise<Interval[]> {
    let busy: Interval[] | undefined;
    let retryAt: number | undefined;
    try {
      busy = await this.fetchCalendar(calendar, window, member.timezone);
    } catch (err) {
      if (err instanceof ProviderBusyError && err.failure === 'not_set_up') {
        // Said once per provider, loudly: it stays so until the server's environment changes.
        if (!this.reportedMissing.has(calendar.type)) {
          this.reportedMissing.add(calendar.type);
          this.log.error({ member: member.id, calendar: calendar.type }, err.message);
        }
      } else {
        this.log.warn(
          { err, member: member.id, calendar: calendarLabel(calendar) },
          'calendar could not be read; its last good busy time stays in use',
        );
      }
      const after = (err as { retryAfterMs?: unknown } | null)?.retryAfterMs;
      if (typeof after === 'number' && after > this.ttlMs) retryAt = now + after;
    }
    // A read overtaken by a newer one (for a wider window) leaves the cache to that one.
    if (entry.reading?.window === window) {
      entry.reading = undefined;
      entry.checkedAt = now;
      entry.checkedWindow = window;
      entry.retryAt = retryAt;
      if (busy) entry.busy = busy;
    }
    return busy ?? entry.busy ?? [];
  }
}

/** The URL is not logged whole: private feed addresses carry their secret in the path. */
function calendarLabel(calendar: Calendar): string {
  if (calendar.type === 'google' || calendar.type === 'microsoft') return `${calendar.type} ${calendar.id ?? ''}`.trim();
  return `${calendar.type} ${URL.canParse(calendar.url) ? new URL(calendar.url).host : 'with an invalid URL'}`;
}

/** A Google or Microsoft 365 calendar with its id, the member's email when the config leaves it out. */
export function withOwner(calendar: Calendar, email: string): Calendar {
  return (calendar.type === 'google' || calendar.type === 'microsoft') && !calendar.id ? { ...calendar, id: email } : calendar;
}

function notSetUp(provider: BusyProviderName): ProviderBusyError {
  const name = provider === 'google' ? 'Google Calendar' : 'Microsoft 365';
  return new ProviderBusyError(`${name} busy time is not read: this server is not set up for it (${busySettings[provider].join(', ')} must all be set)`, 'not_set_up');
}

/** `promise`, or a `TimeoutError` once `signal` aborts, whichever comes first. */
function withinSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason ?? new DOMException('timed out', 'TimeoutError'));
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

function readWindow(from: number, to: number, now: number): Interval {
  return {
    start: from < now - READ_BEHIND ? from - READ_SLACK : now - READ_BEHIND,
    end: to > now + READ_AHEAD ? to + READ_SLACK : now + READ_AHEAD,
  };
}

function covers(window: Interval | undefined, from: number, to: number): boolean {
  return window !== undefined && window.start <= from && window.end >= to;
}

/** Sorted by start; overlapping or touching intervals become one. */
function mergeIntervals(intervals: Interval[]): Interval[] {
  const merged: Interval[] = [];
  for (const next of [...intervals].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && next.start <= last.end) last.end = Math.max(last.end, next.end);
    else merged.push({ ...next });
  }
  return merged;
}

/** What one read of a calendar found: its busy time, or why it could not be read. */
export type CalendarCheck = { ok: true; busy: Interval[] } | { ok: false; failure: CalendarFailure };

/** Anything that knows a member's external busy time: `CalendarBusy`, or a test's stand-in. */
export interface BusySource {
  busyFor(member: Member, from: number, to: number, now: number): Promise<Interval[]>;
  check(calendar: Calendar, timezone: string, window: Interval): Promise<CalendarCheck>;
}

/** The busy time of every member who has calendars, over `[from, to)`, by member id. */
export async function fetchCalendarBusy(
  source: BusySource | undefined,
  members: readonly Member[],
  from: number,
  to: number,
  now: number,
): Promise<Record<string, Interval[]>> {
  if (!source) return {};
  const entries = await Promise.all(members.filter((m) => m.calendars.length > 0).map(async (m) => [m.id, await source.busyFor(m, from, to, now)] as const));
  return Object.fromEntries(entries);
}
