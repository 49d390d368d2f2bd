/**
 * A panel: every listed member and one member of each listed pool, all present at once. A start
 * is a panel slot when each place has a free member and no member fills two places; each pool
 * picks among its free members by its own method.
 */
import type { Host, Pool } from '../config/schema.js';
import { absencesIn } from './calibration.js';
import { distributionOrder } from './distribution.js';
import type { Scope } from './scope.js';
import { intersectSlots, unionSlots } from './slot-sets.js';
import type { SlotList } from './slots.js';
import type { Assignment, Place } from './types.js';

export type PanelPlace = Extract<Host, { panel: unknown }>['panel'][number];

interface ResolvedPanel {
  members: string[];
  /** Each pool with its candidates (members known to the state and not already on the panel) in its own order. */
  pools: { pool: Pool; candidates: string[] }[];
}

function resolve(scope: Scope, places: PanelPlace[]): ResolvedPanel | undefined {
  const members: string[] = [];
  const pools: Pool[] = [];
  for (const place of places) {
    if ('member' in place) members.push(place.member);
    else {
      const pool = scope.state.pools[place.pool];
      if (!pool) return undefined;
      pools.push(pool);
    }
  }
  const fixed = new Set(members);
  if (fixed.size !== members.length || members.some((m) => !scope.state.members[m])) return undefined;
  return {
    members,
    pools: pools.map((pool) => ({
      pool,
      candidates: distributionOrder(pool, scope.state.history, absencesIn(scope.state, pool)).filter((m) => scope.state.members[m] && !fixed.has(m)),
    })),
  };
}

/**
 * One member per pool, all distinct, each pool taking the earliest possible of its own choices
 * (in order) — backtracking, since a greedy pick can starve a later pool.
 */
function matchPools(choices: string[][]): string[] | undefined {
  const taken = new Set<string>();
  const picked: string[] = [];
  const fill = (i: number): boolean => {
    if (i === choices.length) return true;
    for (const m of choices[i]) {
      if (taken.has(m)) continue;
      taken.add(m);
      picked.push(m);
      if (fill(i + 1)) return true;
      taken.delete(m);
      picked.pop();
    }
    return false;
  };
  return fill(0) ? picked : undefined;
}

function poolsShareMembers(panel: ResolvedPanel): boolean {
  const seen = new Set<string>();
  for (const p of panel.pools) {
    for (const m of p.candidates) {
      if (seen.has(m)) return true;
    }
    for (const m of p.candidates) seen.add(m);
  }
  return false;
}

export function panelSlotList(scope: Scope, places: PanelPlace[]): SlotList {
  const panel = resolve(scope, places);
  if (!panel) return { starts: [], seats: [] };
  const { start: from, end: to } = scope.range;
  const placeLists = [
    ...panel.members.map((m) => scope.slots(m)),
    ...panel.pools.map((p) => unionSlots(p.candidates.map((m) => scope.slots(m)), from, to)),
  ];
  const slots = placeLists.reduce(intersectSlots);
  if (!poolsShareMembers(panel)) return slots;
  // Pools sharing members: keep only starts where they can be filled by different people.
  const kept: SlotList = { starts: [], seats: [] };
  for (let i = 0; i < slots.starts.length; i++) {
    const start = slots.starts[i];
    const free = panel.pools.map((p) => p.candidates.filter((m) => scope.seatsInSlot(m, start) > 0));
    if (matchPools(free)) {
      kept.starts.push(start);
      kept.seats.push(slots.seats[i]);
    }
  }
  return kept;
}

export function assignPanel(scope: Scope, places: PanelPlace[], start: number): Assignment {
  const panel = resolve(scope, places);
  if (!panel) return { ok: false, reason: 'slot_unavailable', message: 'the panel names an unknown member or pool, or a member twice' };
  const busy = panel.members.find((m) => scope.seatsInSlot(m, start) === 0);
  if (busy) return { ok: false, reason: 'slot_unavailable', message: `member ${busy} cannot take this time` };
  const free = panel.pools.map((p) => {
    const candidates = p.candidates.filter((m) => scope.seatsInSlot(m, start) > 0);
    // Joining a group session: its hosts come first.
    return [...candidates.filter((m) => scope.hostsSession(m, start)), ...candidates.filter((m) => !scope.hostsSession(m, start))];
  });
  const picked = matchPools(free);
  if (!picked) return { ok: false, reason: 'no_member_free', message: 'no free member for every pool of the panel at this time' };
  const assigned: Place[] = [
    ...panel.members.map((member) => ({ member })),
    ...panel.pools.map((p, i) => ({ member: picked[i], pool: p.pool.id })),
  ];
  return { ok: true, places: assigned };
}
