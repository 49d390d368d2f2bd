/**
 * A member's own figures (docs/http-api.md, "Dashboards"): every place they were given in a
 * range of days — drawn by any pool or none (a member host, a panel) — what became of them, and
 * how many each week. The member sees their own, an admin anyone's.
 */
import { memberFigures, weeklyAssigned, type PoolMemberStats, type WeekCounts } from '../engine/index.js';
import type { Member } from '../config/schema.js';
import type { Actor } from '../store/activity.js';
import { loadMemberHistory } from '../store/engine-state.js';
import type { BookingDeps } from '../booking/booking-deps.js';
import { statsDays, type StatsDays } from '../booking/pool-stats.js';
import { visibleMember } from './member-access.js';

export interface MemberStats {
  member: Member;
  days: StatsDays;
  figures: PoolMemberStats;
  weeks: WeekCounts[];
}

export async function memberStats(
  deps: Pick<BookingDeps, 'store'>,
  req: { member: string; from?: string; to?: string; timezone: string; actor: Actor; now: number },
): Promise<MemberStats> {
  const member = await visibleMember(deps, req.actor, req.member);
  const days = statsDays(req, req.now);
  const places = await loadMemberHistory(deps.store.db, member.id, days.range.start, days.range.end);
  return { member, days, figures: memberFigures(member.id, places), weeks: weeklyAssigned(places, [member.id], days.timezone, days.from, days.to) };
}
