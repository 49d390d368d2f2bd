/**
 * One question to the engine — an event type, the state, the range of starts and `now` — with
 * the per-member work (calendar, slots) done at most once however many places ask for it.
 */
import { teamCappedTime } from './caps.js';
import { bookingsByMember, memberCalendar, type MemberCalendar } from './member-calendar.js';
import { bookableRange, memberSlotList, type SlotList } from './slots.js';
import type { EngineState, EventRules, HeldBooking, Interval } from './types.js';

const none: SlotList = { starts: [], seats: [] };

export class Scope {
  /** Starts that may be offered: the asked range within notice and horizon. */
  readonly range: Interval;
  private bookings?: Map<string, HeldBooking[]>;
  /** The time the event type's team-wide limit closes, counted once for every member. */
  private teamCapped?: Interval[];
  private readonly calendars = new Map<string, MemberCalendar | null>();
  private readonly lists = new Map<string, SlotList>();

  constructor(
    readonly event: EventRules,
    readonly state: EngineState,
    from: number,
    to: number,
    readonly now: number,
  ) {
    this.range = bookableRange(event, from, to, now);
  }

  get empty(): boolean {
    return this.range.end <= this.range.start;
  }

  /** The member's calendar, or undefined for a member the state does not know. */
  calendar(memberId: string): MemberCalendar | undefined {
    let cal = this.calendars.get(memberId);
    if (cal === undefined) {
      const member = this.state.members[memberId];
      cal = null;
      if (member && !this.empty) {
        this.bookings ??= bookingsByMember(this.state.bookings);
        this.teamCapped ??= teamCappedTime(this.event, this.state.bookings);
        cal = memberCalendar(member, this.event, this.bookings.get(memberId) ?? [], this.range, this.teamCapped);
      }
      this.calendars.set(memberId, cal);
    }
    return cal ?? undefined;
  }

  /** The member's slots in the range (none for an unknown member). */
  slots(memberId: string): SlotList {
    let list = this.lists.get(memberId);
    if (!list) {
      const cal = this.calendar(memberId);
      list = cal ? memberSlotList(cal, this.event, this.range) : none;
      this.lists.set(memberId, list);
    }
    return list;
  }

  /** Seats the member offers at `start` as one of their slots, 0 when it is not one. */
  seatsInSlot(memberId: string, start: number): number {
    const { starts, seats } = this.slots(memberId);
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] < start) lo = mid + 1;
      else hi = mid;
    }
    return starts[lo] === start ? seats[lo] : 0;
  }

  /** Whether the member already hosts a group session of the event type at `start`. */
  hostsSession(memberId: string, start: number): boolean {
    return this.calendar(memberId)?.sessions.has(start) ?? false;
  }
}
