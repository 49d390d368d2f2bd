/**
 * Who takes a new booking, decided inside its write transaction so that no two writers can take
 * the same member's time.
 *
 * SQLite: the transaction holds the database's write lock, so read, assign, done.
 *
 * PostgreSQL: locking every member a pool could draw on would queue all of the pool's bookings
 * behind one another. Instead the pool's candidates for the start are ranked on a read without
 * locks, and one statement locks the best-placed candidate that no other booking is locking at
 * that moment (`SKIP LOCKED`), so simultaneous bookings spread over the pool instead of queueing
 * for its first choice. Once locked, the member is checked again on a fresh read, which sees every
 * booking committed by an earlier holder of the lock (READ COMMITTED); one booked meanwhile is
 * dropped and the next candidate tried. When every candidate is being booked by someone else, or
 * the host is a member or a panel, the writer waits for its choice's locks (in id order) and
 * checks again; after a few lost rounds, for every member's lock, as a panel of all of them
 * would. Each attempt runs after a savepoint, and one given up rolls back to it, which releases
 * the locks it took, so a writer never waits while holding a lock it no longer needs.
 *
 * The guarantee is unchanged: every booking is checked under the lock of each member it takes.
 * What bends is fairness between simultaneous bookings: the later one may take a member that the
 * earlier one has just made less idle.
 */
import { sql, type Kysely } from 'kysely';
import type { Host } from '../config/schema.js';
import { assign, placesFree, poolChoices } from '../engine/index.js';
import type { Assignment, EngineState, EventRules, Place } from '../engine/types.js';
import { Refusal } from './refusal.js';
import type { Store } from '../store/connect.js';
import type { Database } from '../store/database.js';
import { loadEngineState, type StateScope } from '../store/engine-state.js';
import { lockFirstFree, lockMembers, lockTeamLimit } from '../store/transaction.js';

export interface Wanted {
  host: Host;
  event: EventRules;
  start: number;
  now: number;
}

/** Rounds of waiting for a choice's locks before waiting for every member's. */
const ROUNDS = 3;

function placesOf(choice: Assignment): Place[] {
  if (!choice.ok) throw new Refusal('slot_unavailable', choice.message);
  return choice.places;
}

/** The places of the new booking, every one of their members locked and checked under the lock; `slot_unavailable` when nobody can take it. */
export async function assignUnderLock(store: Store, trx: Kysely<Database>, want: Wanted, scope: StateScope): Promise<Place[]> {
  const pick = (state: EngineState) => assign(want.host, want.event, want.start, state, want.now);
  // Before any member's lock: the fixed order of `lockTeamLimit`.
  if (want.event.teamLimit) await lockTeamLimit(store, trx, want.event.id);
  if (store.dialect === 'sqlite') return placesOf(pick(await loadEngineState(trx, scope)));
  if ('member' in want.host) {
    await lockMembers(store, trx, [want.host.member]);
    return placesOf(pick(await loadEngineState(trx, scope)));
  }

  /** Whether `places` can still be taken, read after their locks were granted. */
  const stillFree = async (places: Place[]) => {
    const ids = new Set(places.map((p) => p.member));
    const fresh = await loadEngineState(trx, { ...scope, members: scope.members.filter((m) => ids.has(m.id)), pools: [] });
    return placesFree(places, want.event, want.start, fresh, want.now);
  };
  let state = await loadEngineState(trx, scope);
  await sql`savepoint kairos_choice`.execute(trx);

  // None at all: the first round below finds the start untakeable and says so.
  let candidates = poolChoices(want.host, want.event, want.start, state, want.now);
  while (candidates && candidates.length > 0) {
    const member = await lockFirstFree(store, trx, candidates.map((p) => p.member));
    if (member === undefined) break;
    const place = candidates.find((p) => p.member === member)!;
    if (await stillFree([place])) return [place];
    // Booked since the first read: release it and try the next.
    await sql`rollback to savepoint kairos_choice`.execute(trx);
    candidates = candidates.filter((p) => p !== place);
  }

  for (let round = 0; round < ROUNDS; round++) {
    const chosen = placesOf(pick(state));
    await lockMembers(store, trx, chosen.map((p) => p.member));
    if (await stillFree(chosen)) return chosen;
    // Booked while waiting: choose again on what is committed now.
    state = await loadEngineState(trx, scope);
    await sql`rollback to savepoint kairos_choice`.execute(trx);
  }
  await lockMembers(store, trx, scope.members.map((m) => m.id));
  return placesOf(pick(await loadEngineState(trx, scope)));
}
