/**
 * Find slots, the twin of taking a booking: the same entry, the same routing, the same host, and
 * the engine asked over the same kind of state the booking is checked against.
 */
import { bookableRange, DAY, filterLocalWorkingHours, hostSlots, REACH, resolveHost, WEEK, weeklySlots, zonedDayRange, type Slot } from '../engine/index.js';
import { fetchCalendarBusy } from '../integrations/calendar-busy.js';
import { configSnapshot } from '../store/config-repository.js';
import { loadEngineState } from '../store/engine-state.js';
import type { BookingDeps } from './booking-deps.js';
import { memberTeam, pageEntry, routedHost } from './page-entry.js';
import { Refusal } from './refusal.js';

/** Days one call may ask for: two months, enough for any month view with its overflow. */
export const MAX_DAYS = 62;

export interface SlotsQuery {
  page: string;
  /** The page's first entry when left out. */
  event?: string;
  /** Inclusive local days (`YYYY-MM-DD`) in `timezone`. */
  from: string;
  to: string;
  timezone: string;
  /** Answers known before the form, which the page's routing rules read. */
  answers?: Record<string, string | boolean>;
  /** The language of a routing refusal. */
  locale?: string;
  /** Only this member's times: the host narrowed to them as a booking they take is (`memberTeam`). */
  hostedBy?: string;
  now: number;
}

/** A slot; of a weekly series, with the starts of all its sessions. */
export type FoundSlot = Slot & { sessions?: number[] };

export interface FoundSlots {
  event: string;
  timezone: string;
  /** Sorted by start, one per start. */
  slots: FoundSlot[];
  /** The names of the colleagues some slots are handed over to (`Slot.host`), by member id. */
  standIns?: Record<string, string>;
}

function sortedUnique(slots: Slot[]): Slot[] {
  const byStart = new Map<number, Slot>();
  for (const slot of slots) if (!byStart.has(slot.start)) byStart.set(slot.start, slot);
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

export async function findSlots(deps: BookingDeps, query: SlotsQuery): Promise<FoundSlots> {
  const days = (Date.parse(query.to) - Date.parse(query.from)) / DAY + 1;
  if (!(days >= 1)) throw new Refusal('validation_failed', 'the range is empty', { to: 'must not be before from' });
  if (days > MAX_DAYS) throw new Refusal('validation_failed', `at most ${MAX_DAYS} days per call`, { to: `at most ${MAX_DAYS} days after from` });
  const config = await configSnapshot(deps.store.db);
  const { page, entry, event } = pageEntry(config, query.page, query.event);
  const host = routedHost(page, entry, query.answers ?? {}, query.locale);
  const resolved = resolveHost(query.hostedBy === undefined ? config : memberTeam(config, host, query.hostedBy), [host]);
  if (!resolved) throw new Refusal('not_found', 'no such event on this page');
  const range = zonedDayRange(query.from, query.to, query.timezone);
  // Round robin falls through to the next member only when next-in-line has no slot anywhere in
  // the horizon, before the asked days as after them: the state must cover all of it.
  const roundRobin = resolved.pools.some((p) => p.method === 'round_robin');
  const horizon = bookableRange(event, -Infinity, Infinity, query.now);
  const from = roundRobin ? Math.min(range.start, horizon.start) : range.start;
  const to = roundRobin ? Math.max(range.end, horizon.end) : range.end;
  // A weekly series looks as many weeks ahead as it lasts (and a day more, for a DST change inside it).
  const weekly = event.sessions?.mode === 'weekly' ? event.sessions.count : 0;
  const reach = weekly ? (weekly - 1) * WEEK + DAY : 0;
  const calendarBusy = await fetchCalendarBusy(deps.calendar, resolved.members, from - REACH, to + reach + REACH, query.now);
  // Visitors' live holds are taken time, as the booking will find them.
  const state = await loadEngineState(deps.store.db, { ...resolved, from, to: to + reach, calendarBusy, counting: event, holdsAt: query.now, now: query.now });
  const q = { host, event, state, from: range.start, to: range.end, now: query.now };
  let slots = hostSlots(q);
  if (page.localWorkingHours) slots = filterLocalWorkingHours(slots, page.localWorkingHours, query.timezone);
  const standIns = Object.fromEntries([...new Set(slots.flatMap((s) => s.host ?? []))].map((id) => [id, config.members.get(id)?.name ?? id]));
  slots = sortedUnique(slots);
  return { event: event.id, timezone: query.timezone, slots: weekly ? weeklySlots(q, slots, weekly) : slots, ...(Object.keys(standIns).length ? { standIns } : {}) };
}
