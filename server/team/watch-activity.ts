/**
 * The activity stream, live (docs/http-api.md): word of each entry as it is recorded, for the
 * console to refetch. A member hears only of bookings they are assigned to (as `listActivity`
 * shows them), so an entry about no booking reaches the admin alone.
 */
import { actingMember, type Actor } from '../store/activity.js';
import type { ActivitySignal } from '../store/activity-feed.js';
import { readBooking } from '../store/booking-rows.js';
import type { BookingDeps } from '../booking/booking-deps.js';

export interface ActivityWatcher {
  entry(signal: ActivitySignal): void;
  /** No more entries come (the store is closing, or lost its feed). */
  end(): void;
}

/** Resolves once entries are being watched; the function it gives stops watching. */
export async function watchActivity(deps: Pick<BookingDeps, 'store'>, req: { actor: Actor; watcher: ActivityWatcher }): Promise<() => void> {
  const member = actingMember(req.actor);
  const { watcher } = req;
  let watching = true;
  const unsubscribe = await deps.store.activity.subscribe({
    signal(signal) {
      if (member === undefined) return watcher.entry(signal);
      if (signal.bookingId === null) return;
      // The signal comes after the commit, so the booking's members are the ones it was recorded with or later.
      readBooking(deps.store.db, signal.bookingId).then(
        (booking) => {
          if (watching && booking?.members.some((m) => m.id === member)) watcher.entry(signal);
        },
        // Only while the store closes under the read, and then the watch is ending anyway.
        () => undefined,
      );
    },
    end: () => watcher.end(),
  });
  return () => {
    watching = false;
    unsubscribe();
  };
}
