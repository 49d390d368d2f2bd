/**
 * Several sessions booked together, all or none (config `sessions`): a course whose visitor picks
 * several times, or a weekly series repeating the first time at the same wall-clock time.
 *
 * A weekly series keeps the host's clock, not UTC's: across a DST change inside the series the
 * occurrences stay at 10:00 local, so their UTC instants move by the change. An occurrence whose
 * wall-clock time does not exist that day (the spring-forward gap) makes the start unofferable.
 *
 * Sessions are checked one after another over the same state, each earlier one added to it as a
 * held booking: two picks that overlap (buffers included) or together pass a cap are refused as
 * one booking and a later one would be.
 */
import type { Host } from '../config/schema.js';
import { distributionOrder } from './distribution.js';
import { assign } from './host.js';
import { panelSlotList, type PanelPlace } from './panel.js';
import { Scope } from './scope.js';
import type { EngineState, EventRules, Place, Slot, SlotQuery } from './types.js';
import { DAY, MINUTE, utcToWall, wallToUtc } from './zoned-time.js';

export const WEEK = 7 * DAY;

/**
 * `count` weekly starts at the wall-clock time `first` shows in `zone`, the first included;
 * `undefined` when one of them falls in a DST gap (that local time does not exist that week).
 */
export function weeklyStarts(zone: string, first: number, count: number): number[] | undefined {
  const wall = utcToWall(zone, first);
  const starts: number[] = [];
  for (let k = 0; k < count; k++) {
    const w = wall + k * WEEK;
    // In a fall-back overlap the first of the two times, as the first session had (or not: it is the same rule every week).
    const utc = k === 0 ? first : wallToUtc(zone, w, 'earliest');
    if (utcToWall(zone, utc) !== w) return undefined;
    starts.push(utc);
  }
  return starts;
}

/** The zone a weekly series keeps its clock in for `member`: the event type's own schedule's, else the member's. */
function seriesZone(state: EngineState, event: EventRules, member: string): string {
  return event.schedule?.timezone ?? state.members[member]?.timezone ?? 'UTC';
}

/** The zone of a panel's series: its first named member's, else its first pool's first member's. */
function panelZone(state: EngineState, event: EventRules, panel: PanelPlace[]): string {
  const named = panel.find((p): p is { member: string } => 'member' in p);
  const pool = panel.find((p): p is { pool: string } => 'pool' in p);
  const first = named?.member ?? (pool ? state.pools[pool.pool]?.members[0]?.member : undefined);
  return seriesZone(state, event, first ?? '');
}

/** The state with one more held booking of `event`: a session already taken by this request. */
function withSession(state: EngineState, event: EventRules, start: number, places: Place[], n: number): EngineState {
  const held = {
    id: `\u0000session-${n}`,
    eventType: event.id,
    start,
    end: start + event.durationMinutes * MINUTE,
    bufferBeforeMinutes: event.bufferBeforeMinutes,
    bufferAfterMinutes: event.bufferAfterMinutes,
    members: places.map((p) => p.member),
  };
  return { ...state, bookings: [...state.bookings, held] };
}

export type SessionsAssignment =
  | { ok: true; starts: number[]; places: Place[][] }
  | { ok: false; reason: 'slot_unavailable' | 'no_member_free'; message: string; index: number };

/** Each start assigned in turn, later ones seeing earlier ones as taken. */
function assignInTurn(host: Host, event: EventRules, starts: readonly number[], state: EngineState, now: number): SessionsAssignment {
  const places: Place[][] = [];
  let current = state;
  for (let i = 0; i < starts.length; i++) {
    const made = assign(host, event, starts[i], current, now);
    if (!made.ok) return { ok: false, reason: made.reason, message: `session ${i + 1}: ${made.message}`, index: i };
    places.push(made.places);
    current = withSession(current, event, starts[i], made.places, i);
  }
  return { ok: true, starts: [...starts], places };
}

/**
 * Who takes each of the picked `starts` (sorted, distinct), all or none: every one must be a slot
 * of the host once the picks before it are taken.
 */
export function assignPicks(host: Host, event: EventRules, starts: readonly number[], state: EngineState, now: number): SessionsAssignment {
  for (let i = 1; i < starts.length; i++) {
    if (starts[i] < starts[i - 1] + event.durationMinutes * MINUTE) {
      return { ok: false, reason: 'slot_unavailable', message: `session ${i + 1} starts before session ${i} ends`, index: i };
    }
  }
  return assignInTurn(host, event, starts, state, now);
}

/**
 * Who takes a weekly series of `count` sessions starting at `first`. A member host takes every
 * one; a pool gives the whole series to one member, the first in its order free every week (on
 * their own clock); a panel must be free every week, each pool of it choosing per session.
 */
export function assignWeekly(host: Host, event: EventRules, first: number, count: number, state: EngineState, now: number): SessionsAssignment {
  const gap = { ok: false as const, reason: 'slot_unavailable' as const, message: 'a session of the series falls in a daylight-saving gap', index: 0 };
  if ('member' in host) {
    const starts = weeklyStarts(seriesZone(state, event, host.member), first, count);
    return starts ? assignInTurn(host, event, starts, state, now) : gap;
  }
  if ('panel' in host) {
    const starts = weeklyStarts(panelZone(state, event, host.panel), first, count);
    return starts ? assignInTurn(host, event, starts, state, now) : gap;
  }
  const pool = state.pools[host.pool];
  if (!pool) return { ok: false, reason: 'slot_unavailable', message: `unknown pool ${host.pool}`, index: 0 };
  let refusal: SessionsAssignment = { ok: false, reason: 'no_member_free', message: `no member of pool ${pool.id} is free every week of the series`, index: 0 };
  for (const member of seriesCandidates(host.pool, event, first, state, now)) {
    const starts = weeklyStarts(seriesZone(state, event, member), first, count);
    if (!starts) continue;
    const made = assignInTurn({ member }, event, starts, state, now);
    if (made.ok) return { ...made, places: made.places.map(() => [{ member, pool: pool.id }]) };
    refusal = { ...made, reason: 'no_member_free' };
  }
  return refusal;
}

/** The pool's members who can take `first`, in the pool's order. */
function seriesCandidates(poolId: string, event: EventRules, first: number, state: EngineState, now: number): string[] {
  const pool = state.pools[poolId]!;
  const scope = new Scope(event, state, first, first + 1, now);
  return distributionOrder(pool, state.history).filter((m) => state.members[m] && scope.seatsInSlot(m, first) > 0);
}

/** A slot that begins a weekly series, with the start of every session of it. */
export type SeriesSlot = Slot & { sessions: number[] };

/**
 * Of the host's `slots` (from `hostSlots`), those that can start a weekly series of `count`: every
 * occurrence is a slot of the same member (a pool: of one of its members, in the pool's order; a
 * panel: of the panel). The state must cover `count - 1` weeks and a day past the last slot. Each
 * occurrence is judged alone here; caps that only the series' own sessions together would pass
 * are caught when booking (`assignWeekly`).
 */
export function weeklySlots(q: SlotQuery, slots: readonly Slot[], count: number): SeriesSlot[] {
  if (slots.length === 0) return [];
  const { host, event, state, now } = q;
  // A day past the last week: a DST change inside the series moves its later instants by up to that.
  const scope = new Scope(event, state, slots[0].start, slots[slots.length - 1].start + (count - 1) * WEEK + DAY, now);
  const seriesOf = (member: string, first: number): { sessions: number[]; seats: number } | undefined => {
    const sessions = weeklyStarts(seriesZone(state, event, member), first, count);
    if (!sessions) return undefined;
    let seats = Infinity;
    for (const s of sessions) seats = Math.min(seats, scope.seatsInSlot(member, s));
    return seats > 0 ? { sessions, seats } : undefined;
  };
  const kept: SeriesSlot[] = [];
  if ('member' in host) {
    for (const slot of slots) {
      const series = seriesOf(host.member, slot.start);
      if (series) kept.push({ ...slot, seatsLeft: Math.min(series.seats, slot.seatsLeft), sessions: series.sessions });
    }
    return kept;
  }
  if ('pool' in host) {
    const pool = state.pools[host.pool];
    if (!pool) return [];
    const members = distributionOrder(pool, state.history).filter((m) => state.members[m]);
    for (const slot of slots) {
      for (const m of members) {
        const series = seriesOf(m, slot.start);
        if (series) {
          kept.push({ ...slot, sessions: series.sessions });
          break;
        }
      }
    }
    return kept;
  }
  const offered = new Set(panelSlotList(scope, host.panel).starts);
  const zone = panelZone(state, event, host.panel);
  for (const slot of slots) {
    const sessions = weeklyStarts(zone, slot.start, count);
    if (sessions && sessions.every((s) => offered.has(s))) kept.push({ ...slot, sessions });
  }
  return kept;
}
