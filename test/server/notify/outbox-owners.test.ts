/**
 * Claims in a worker's name: the claims of a worker whose heartbeat stopped are taken back once
 * the grace has passed, long before their lease runs out; a worker that keeps beating keeps its
 * claims, on SQLite and on PostgreSQL. The clock is pinned: "now" is passed in.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueue } from '../../../server/notify/index.js';
import { claimDue, settle } from '../../../server/notify/outbox.js';
import { beat, GRACE_MS, HEARTBEAT_MS, registerWorker, retireWorker } from '../../../server/notify/outbox-workers.js';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { bookingChange } from '../support/booking-change.js';
import { member, minutes, seedBooking, seedConfig, T0 } from '../support/notify-fixtures.js';

afterAll(disposeStores);

const LEASE = minutes(5);

describe.each(backends.map((b) => [b.name, b] as const))('outbox claims on %s', (_name, backend) => {
  let store: Store;
  beforeEach(async () => {
    store = await backend.open({ poolSize: 2 });
    await seedConfig(store.db, { members: [member({ id: 'ana' })] });
    await seedBooking(store.db, { members: ['ana'] });
    // Two emails: the customer's and Ana's.
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl: 'https://book.example.com' }));
  });

  const claim = (owner: string, at: number) => claimDue(store, at, { limit: 10, leaseMs: LEASE, owner });
  const rows = () => store.db.selectFrom('outbox').select(['id', 'status', 'claimed_by', 'locked_until']).orderBy('id').execute();

  it('names the worker that claimed each row', async () => {
    await registerWorker(store.db, 'a', T0);
    const claimed = await claim('a', T0);
    expect(claimed).toHaveLength(2);
    expect((await rows()).map((r) => r.claimed_by)).toEqual(['a', 'a']);
  });

  it('takes back the rows of a worker whose heartbeat stopped, once the grace has passed', async () => {
    await registerWorker(store.db, 'a', T0);
    const first = await claim('a', T0);
    expect(first).toHaveLength(2);
    await registerWorker(store.db, 'b', T0 + HEARTBEAT_MS);
    expect(await claim('b', T0 + GRACE_MS - 1)).toEqual([]);
    // Worker a was killed right after its claim: it never beat again.
    const taken = await claim('b', T0 + GRACE_MS);
    expect(taken.map((r) => r.id).sort()).toEqual(first.map((r) => r.id).sort());
    expect((await rows()).map((r) => r.claimed_by)).toEqual(['b', 'b']);
    expect(GRACE_MS).toBeLessThan(LEASE / 10);
  });

  it('leaves a worker that keeps beating its rows until their lease runs out', async () => {
    await registerWorker(store.db, 'a', T0);
    await claim('a', T0);
    for (let at = T0 + HEARTBEAT_MS; at < T0 + LEASE; at += HEARTBEAT_MS * 10) {
      await beat(store.db, 'a', at);
      await registerWorker(store.db, 'b', at);
      expect(await claim('b', at + HEARTBEAT_MS), `at +${at - T0} ms`).toEqual([]);
    }
    // A live worker stuck past its lease loses the rows, as before.
    await beat(store.db, 'a', T0 + LEASE);
    expect(await claim('b', T0 + LEASE)).toHaveLength(2);
  });

  it('frees the rows of a worker that stopped cleanly at once', async () => {
    await registerWorker(store.db, 'a', T0);
    await claim('a', T0);
    await retireWorker(store.db, 'a');
    expect(await claim('b', T0 + 1)).toHaveLength(2);
  });

  it('keeps a claim made without a worker for its whole lease', async () => {
    expect(await claimDue(store, T0, { limit: 10, leaseMs: LEASE })).toHaveLength(2);
    expect(await claim('b', T0 + LEASE - 1)).toEqual([]);
    expect(await claim('b', T0 + LEASE)).toHaveLength(2);
  });

  it('lets only the worker holding a row settle it, not the one taken for gone', async () => {
    await registerWorker(store.db, 'a', T0);
    const [late] = await claim('a', T0);
    await registerWorker(store.db, 'b', T0 + GRACE_MS + 1);
    const taken = await claim('b', T0 + GRACE_MS + 1);
    const same = taken.find((r) => r.id === late!.id)!;
    // Worker a was only slow: its answer arrives after b took the row.
    await settle(store.db, late!, T0 + GRACE_MS + 2, { ok: true });
    expect((await rows()).find((r) => r.id === late!.id)).toMatchObject({ status: 'pending', claimed_by: 'b' });
    await settle(store.db, same, T0 + GRACE_MS + 3, { ok: true });
    expect((await rows()).find((r) => r.id === late!.id)).toMatchObject({ status: 'sent', claimed_by: null, locked_until: null });
  });
});
