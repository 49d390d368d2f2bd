/**
 * A member's schedule — time zone, weekly hours, date overrides, calendars, days away — read and replaced
 * from the console (docs/http-api.md, "Schedules"), by the member or an admin. A replace writes
 * the member's config document, so the next slot search sees it (the config snapshot follows
 * the database's `config_version`), and records `schedule_changed` naming the parts that changed.
 */
import { keepCalendarPasswords, redactCalendars, storedSecretsOf, type MarkerProblems } from '../config/kept-secrets.js';
import { scheduleParts, type Member, type Schedule } from '../config/schema.js';
import { recordActivity, type Actor } from '../store/activity.js';
import { readStoredMember, saveMember } from '../store/config-repository.js';
import { writeTransaction } from '../store/transaction.js';
import type { BookingDeps } from '../booking/booking-deps.js';
import { Refusal } from '../booking/refusal.js';
import { mayActOn, visibleMember } from './member-access.js';

/** The parts a replace may change; `away` may be left out of one, which keeps the stored days. */
const parts = [...scheduleParts, 'away'] as const;

/** The schedule as it leaves the server: calendar passwords as `"********"` (`config/kept-secrets.ts`). */
const scheduleOf = (member: Member): Schedule => ({
  ...(Object.fromEntries(scheduleParts.map((part) => [part, member[part]])) as Schedule),
  calendars: redactCalendars(member.calendars),
  away: member.away ?? [],
});

export async function showSchedule(deps: Pick<BookingDeps, 'store'>, req: { member: string; actor: Actor }): Promise<Schedule> {
  return scheduleOf(await visibleMember(deps, req.actor, req.member));
}

/** JSON with object keys sorted: `{"tue":…,"mon":…}` is the same week as `{"mon":…,"tue":…}`. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

export async function changeSchedule(deps: Pick<BookingDeps, 'store'>, req: { member: string; schedule: Schedule; actor: Actor; now: number }): Promise<Schedule> {
  if (!mayActOn(req.actor, req.member)) throw new Refusal('not_found', 'no such member');
  // The member's lock (PostgreSQL) orders this with the bookings being checked against their
  // hours: each sees the schedule before or after, never half of it.
  return writeTransaction(deps.store, [req.member], async (trx) => {
    const before = await readStoredMember(trx, req.member);
    if (!before) throw new Refusal('not_found', 'no such member');
    // A password sent as "********" keeps the one stored for that calendar (same URL).
    const problems: MarkerProblems = {};
    const calendars = keepCalendarPasswords(req.member, req.schedule.calendars, storedSecretsOf(new Map([[req.member, before]])), 'calendars', problems);
    if (Object.keys(problems).length > 0) throw new Refusal('validation_failed', 'the schedule keeps a password the server does not have', problems);
    const after: Member = { ...before, ...req.schedule, calendars };
    for (const [i, away] of (req.schedule.away ?? []).entries()) {
      // A hand-over to oneself, or to nobody the config knows, would hand nothing over.
      if (away.handOverTo !== undefined && (away.handOverTo === req.member || !(await readStoredMember(trx, away.handOverTo)))) {
        throw new Refusal('validation_failed', 'days away hand over to an unknown member', { [`away.${i}.handOverTo`]: `unknown member "${away.handOverTo}"` });
      }
    }
    const changed = parts.filter((part) => canonical(before[part] ?? (part === 'away' ? [] : undefined)) !== canonical(after[part] ?? (part === 'away' ? [] : undefined)));
    if (changed.length > 0) {
      await saveMember(trx, after, req.now);
      // Which parts, never their values: hours and calendar addresses are the member's own business.
      await recordActivity(trx, { bookingId: null, type: 'schedule_changed', actor: req.actor, now: req.now, data: { member: req.member, changed } });
    }
    return scheduleOf(after);
  });
}
