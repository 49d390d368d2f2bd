/**
 * Requests counted per key in fixed windows, in memory, per process: what the rate limits share.
 * A key over its limit gets a `429 rate_limited` whose `Retry-After` is the rest of its window.
 */
import { RateLimited } from '../booking/refusal.js';

/** Past this many keys, windows that have ended are swept before a new one opens. */
const SWEEP_AT = 10_000;

export function requestWindows(windowMs: number) {
  const windows = new Map<string, { start: number; count: number }>();
  /** Counts one request of `key` at `at`; throws once the window holds more than `limit`. */
  return (key: string, limit: number, at: number, message: string): void => {
    let window = windows.get(key);
    if (!window || at - window.start >= windowMs) {
      if (windows.size > SWEEP_AT) for (const [k, w] of windows) if (at - w.start >= windowMs) windows.delete(k);
      window = { start: at, count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    if (window.count > limit) throw new RateLimited(message, Math.ceil((window.start + windowMs - at) / 1000));
  };
}
