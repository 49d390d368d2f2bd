/**
 * A host as one member takes a booking with it themselves (a member booking a customer for
 * themselves): the team narrowed so the host's place they fill can only be theirs. A pool of the
 * host is narrowed to them alone, keeping its id, so the booking is still the pool's assignment
 * (round robin counts it, idle time moves). Everything else about the host is left as it is: a
 * panel's other places are chosen as usual.
 */
import type { Host } from '../config/schema.js';
import type { Team } from './resolve-host.js';

/** The team to resolve and assign `host` with so that `member` takes a place; `undefined` when they cannot host it. */
export function narrowHost(team: Team, host: Host, member: string): Team | undefined {
  const places = 'panel' in host ? host.panel : [host];
  // A member host that is them, or a panel that lists them: their place is theirs already.
  if (places.some((p) => 'member' in p && p.member === member)) return team;
  const pool = places.flatMap((p) => ('pool' in p ? (team.pools.get(p.pool) ?? []) : [])).find((p) => p.members.some((m) => m.member === member));
  if (!pool) return undefined;
  const pools = new Map(team.pools);
  pools.set(pool.id, { ...pool, members: pool.members.filter((m) => m.member === member) });
  return { members: team.members, pools };
}
