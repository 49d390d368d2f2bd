/** Which members and pools a host draws on, looked up in the team's config. */
import type { Host, Member, Pool } from '../config/schema.js';

/** The team as the config holds it, by id. */
export interface Team {
  members: ReadonlyMap<string, Member>;
  pools: ReadonlyMap<string, Pool>;
}

export interface ResolvedHost {
  /** In id order. */
  members: Member[];
  /** In id order. */
  pools: Pool[];
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every member and pool the hosts may draw on; `undefined` if a host names something unknown. */
export function resolveHost(team: Team, hosts: readonly Host[]): ResolvedHost | undefined {
  const parts = hosts.flatMap((host) => ('panel' in host ? host.panel : [host]));
  const poolIds = [...new Set(parts.flatMap((p) => ('pool' in p ? [p.pool] : [])))].sort(byCodeUnit);
  const pools = poolIds.flatMap((id) => team.pools.get(id) ?? []);
  if (pools.length !== poolIds.length) return undefined;
  // A member's own page offers, on their days away, the colleague they hand over to.
  const standIns = hosts.flatMap((h) => ('member' in h ? (team.members.get(h.member)?.away ?? []).flatMap((a) => (a.handOverTo && team.members.has(a.handOverTo) ? [a.handOverTo] : [])) : []));
  const memberIds = [...new Set([...parts.flatMap((p) => ('member' in p ? [p.member] : [])), ...pools.flatMap((p) => p.members.map((m) => m.member)), ...standIns])];
  const members = memberIds.sort(byCodeUnit).flatMap((id) => team.members.get(id) ?? []);
  if (members.length !== memberIds.length) return undefined;
  return { members, pools };
}
