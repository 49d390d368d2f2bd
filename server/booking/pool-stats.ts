/** How a pool has spread its bookings over its members in a range of days. */
import { DAY, poolStats, type PoolMemberStats } from '../engine/index.js';
import type { Pool } from '../config/schema.js';
import { getPool } from '../store/config-repository.js';
import { loadPoolHistory } from '../store/engine-state.js';
import type { BookingDeps } from './booking-deps.js';
import { Refusal } from './refusal.js';

/** `from` and `to` are inclusive UTC days (`YYYY-MM-DD`); either may be left open. */
export async function poolDistribution(deps: BookingDeps, query: { pool: string; from?: string; to?: string }): Promise<{ pool: Pool; members: PoolMemberStats[] }> {
  const pool = await getPool(deps.store.db, query.pool);
  if (!pool) throw new Refusal('not_found', 'no such pool');
  const history = await loadPoolHistory(deps.store.db, pool.id, query.from ? Date.parse(query.from) : undefined, query.to ? Date.parse(query.to) + DAY : undefined);
  return { pool, members: poolStats(pool, history) };
}
