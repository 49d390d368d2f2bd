/**
 * Who takes a new booking, decided inside its write transaction so that no two writers can take
 * the same member's time.
 *
 * SQLite: the transaction holds the database's write lock, so read, assign, done.
 *
 * PostgreSQL: locking every member a pool could draw on would queue all of the pool's bookings
 * behind one another. Instead the choice is made on a read without locks, and only the chosen
 * members are locked, without waiting (`SKIP LOCKED`): a member that another booking is locking
 * at that moment is passed over for the next in the pool's order, so simultaneous bookings spread
 * over the pool. Once locked, the chosen members are checked again on a fresh read, which sees
 * every booking committed by an earlier holder of their locks (READ COMMITTED). A start that only
 * the members passed over could take waits for the first choice's locks; after a few lost races,
 * for every member's lock in id order. Each round runs after a savepoint, and a round given up
 * rolls back to it, which releases the locks it took.
 *
 * The guarantee is unchanged: every booking is checked under the lock of each member it takes.
 * What bends is fairness between simultaneous bookings: the later one may take a member that the
 * earlier one has just made less idle.
 */
import { sql, type Kysely } from 'kysely';
import { assign, placesFree } from '../engine/index.js';
import type { Assignment, EngineState, EventRules, Place } from '../engine/types.js';
import type { Host } from '../config/schema.js';
import { BookingError } from './booking-error.js';
import type { Store } from './connect.js';
import type { Database } from './database.js';
import { loadEngineState, type StateScope } from './engine-state.js';
import { lockMembers } from './transaction.js';

export interface Wanted {
  host: Host;
  event: EventRules;
  start: number;
  now: number;
}

/** Rounds of choosing and locking without waiting before locking every member. */
const ROUNDS = 4;

function placesOf(choice: Assignment): Place[] {
  if (!choice.ok) throw new BookingError('slot_unavailable', choice.message);
  return choice.places;
}

function without(state: EngineState, members: ReadonlySet<string>): EngineState {
  if (members.size === 0) return state;
  return { ...state, members: Object.fromEntries(Object.entries(state.members).filter(([id]) => !members.has(id))) };
}

/** The places of the new booking, every one of their members locked and re-checked; `slot_unavailable` when none can take it. */
export async function assignUnderLock(store: Store, trx: Kysely<Database>, want: Wanted, scope: StateScope): Promise<Place[]> {
  const pick = (state: EngineState) => assign(want.host, want.event, want.start, state, want.now);
  let state = await loadEngineState(trx, scope);
  if (store.dialect === 'sqlite') return placesOf(pick(state));

  const passedOver = new Set<string>();
  await sql`savepoint kairos_choice`.execute(trx);
  for (let round = 0; round < ROUNDS; round++) {
    let choice = pick(without(state, passedOver));
    let mode: 'skip' | 'wait' = 'skip';
    if (!choice.ok) {
      if (passedOver.size === 0) throw new BookingError('slot_unavailable', choice.message);
      // Only members other bookings are locking could take it: wait for the first choice's locks.
      choice = pick(state);
      mode = 'wait';
    }
    const chosen = placesOf(choice);
    const ids = [...new Set(chosen.map((p) => p.member))];
    const locked = await lockMembers(store, trx, ids, mode);
    if (locked.length === ids.length) {
      // What the chosen members hold now, history aside: enough to tell whether they still can.
      const fresh = await loadEngineState(trx, { ...scope, members: scope.members.filter((m) => locked.includes(m.id)), pools: [] });
      if (placesFree(chosen, want.event, want.start, fresh, want.now)) return chosen;
      // Booked between the first read and the lock: read again and choose again.
      state = await loadEngineState(trx, scope);
      passedOver.clear();
    } else {
      for (const id of ids) if (!locked.includes(id)) passedOver.add(id);
    }
    await sql`rollback to savepoint kairos_choice`.execute(trx);
  }
  await lockMembers(store, trx, scope.members.map((m) => m.id), 'wait');
  return placesOf(pick(await loadEngineState(trx, scope)));
}
