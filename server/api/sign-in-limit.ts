/**
 * How often sign-in links may be asked for: per email address (so nobody floods one inbox) and
 * per client IP (so nobody sprays addresses). Counted whether or not the address is known, so
 * the limit tells nothing about which addresses are. In memory, per process, like `rate-limit.ts`.
 */
import { RateLimited } from '../booking/refusal.js';

const WINDOW = 15 * 60_000;
export const LINKS_PER_ADDRESS = 5;
export const LINKS_PER_IP = 30;

export function signInLimit(now: () => number) {
  const windows = new Map<string, { start: number; count: number }>();
  const count = (key: string, limit: number, at: number) => {
    let window = windows.get(key);
    if (!window || at - window.start >= WINDOW) {
      if (windows.size > 10_000) for (const [k, w] of windows) if (at - w.start >= WINDOW) windows.delete(k);
      window = { start: at, count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    if (window.count > limit) throw new RateLimited('too many sign-in links asked for; try again later', Math.ceil((window.start + WINDOW - at) / 1000));
  };
  /** Counts one request for a link; throws `429 rate_limited` over either limit. */
  return (ip: string, email: string) => {
    const at = now();
    count(`ip:${ip}`, LINKS_PER_IP, at);
    count(`email:${email.trim().toLowerCase()}`, LINKS_PER_ADDRESS, at);
  };
}
