/**
 * Days away (out of office, config `away`): inclusive local days in the member's zone, busy from
 * the first one's midnight to the midnight after the last. A plain busy rule — a member away
 * offers no slot, so a pool skips them and a panel or a series cannot use them — plus a
 * hand-over: the member's own page offers `handOverTo`'s times on those days instead.
 */
import type { Instant, Interval, MemberSchedule } from './types.js';
import { dayNumberOf, startOfLocalDay } from './zoned-time.js';

export interface AwaySpan extends Interval {
  handOverTo?: string;
}

type Away = Pick<MemberSchedule, 'id' | 'timezone' | 'away'>;

const spans = new WeakMap<Away, AwaySpan[]>();

/** The member's days away as UTC intervals, sorted by start. */
export function awaySpans(member: Away): AwaySpan[] {
  if (!member.away?.length) return [];
  let list = spans.get(member);
  if (!list) {
    const zone = member.timezone;
    list = member.away
      .map((a) => ({
        start: startOfLocalDay(zone, dayNumberOf(a.from)),
        end: startOfLocalDay(zone, dayNumberOf(a.to) + 1),
        ...(a.handOverTo !== undefined && a.handOverTo !== member.id ? { handOverTo: a.handOverTo } : {}),
      }))
      .sort((a, b) => a.start - b.start);
    spans.set(member, list);
  }
  return list;
}

/** The span away holding `at`, if the member is away then. */
export function awayAt(member: Away, at: Instant): AwaySpan | undefined {
  return awaySpans(member).find((s) => s.start <= at && at < s.end);
}
