/** Distribution figures as the dashboards answer them (`MemberFigures`, `NextInLine`): instants as ISO strings. */
import type { LineFigures, NextReason, PoolMemberStats } from '../engine/index.js';
import { isoInstant } from './booking-response.js';

const iso = (at: number | null) => (at === null ? null : isoInstant(at));

export function figuresOf(s: PoolMemberStats, name: string) {
  return {
    id: s.member,
    name,
    assigned: s.assigned,
    credited: s.credited,
    cancelled: s.cancelled,
    reassignedAway: s.reassignedAway,
    noShows: s.noShows,
    lastAssignedAt: iso(s.lastAssignedAt),
  };
}

function lineFigures(f: LineFigures) {
  return {
    ...(f.credited === undefined ? {} : { credited: f.credited }),
    ...(f.lastAssignedAt === undefined ? {} : { lastAssignedAt: iso(f.lastAssignedAt) }),
    ...(f.priority === undefined ? {} : { priority: f.priority }),
  };
}

export function reasonOf(reason: NextReason) {
  if (reason.kind === 'only_member') return { kind: reason.kind };
  return { kind: reason.kind, ...lineFigures(reason), runnerUp: { member: reason.runnerUp.member, ...lineFigures(reason.runnerUp) } };
}
